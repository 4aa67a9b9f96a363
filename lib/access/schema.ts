// Shared by the access map and the access diff. No cdktf or provider imports: the
// command-line diff loads this file and must start fast.
import type { ClientAppKind } from '../client-app';
import type { ManagedIdentityType } from '../managed-identity';
import type { PrincipalKind } from '../principal';
import { compareStrings } from '../private/order';
import { AccessType } from './model';

// The schema version lives with the parser, in the format leaf the tools read.
export { ACCESS_MAP_SCHEMA_VERSION } from './format';

/** Pretty JSON with a trailing newline; keys keep the order in which the model builds them. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export { compareStrings };

/** Compares tuples of strings element by element. */
export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = compareStrings(a[i] ?? '', b[i] ?? '');
    if (c !== 0) return c;
  }
  return 0;
}

/** The `principalKind` of an access entry made by a client's delegated request: not a principal kind of Entra. */
export const CLIENT_PRINCIPAL_KIND = 'Client';

// Typed against the enums' values (type-only imports: this file loads no cdktf), so a kind
// added without a label is a compile error.
const CLIENT_LABELS: Record<`${ClientAppKind}`, string> = {
  SinglePageApplication: 'SPA client',
  Web: 'Web client',
  PublicClient: 'Public client',
  Daemon: 'Daemon client',
  WebApi: 'API and client',
};

const KIND_LABELS: Record<`${PrincipalKind}` | typeof CLIENT_PRINCIPAL_KIND, string> = {
  Group: 'Group',
  User: 'User',
  ServicePrincipal: 'Service principal',
  ManagedIdentity: 'Managed identity',
  Client: 'Client',
};

/** A human label for a principal kind (and client type, when the principal is a client app). */
export function kindLabel(kind: string, clientType?: string): string {
  if (clientType !== undefined) return (CLIENT_LABELS as Record<string, string | undefined>)[clientType] ?? `${clientType} client`;
  return (KIND_LABELS as Record<string, string | undefined>)[kind] ?? kind;
}

/** The `identityType` of an app's own (system-assigned) identity. */
export const SYSTEM_ASSIGNED: `${ManagedIdentityType}` = 'SystemAssigned';

const APP_KINDS = new Set<string>(['ServicePrincipal', 'ManagedIdentity'] satisfies `${PrincipalKind}`[]);

/**
 * Whether a principal of this kind is an application (a service principal or managed
 * identity): it holds roles through app-only tokens, and gets no roles claim through a group
 * (ENTRA-RULES 8).
 */
export function isAppPrincipalKind(kind: string): boolean {
  return APP_KINDS.has(kind);
}

/** A human label for an access type. */
export function accessLabel(accessType: string): string {
  return accessType === AccessType.SCOPE ? 'scope' : 'app role';
}

/**
 * Whether a permission value is "broad": it reaches far beyond one API's own data, so
 * tenant-wide consent to it deserves a reviewer's eye.
 *
 * - `user_impersonation`: the full rights of the signed-in user on the API (e.g. Azure
 *   Resource Manager, Azure SQL, Key Vault);
 * - Microsoft Graph directory-wide permissions: `Directory.*`, `RoleManagement.*`,
 *   `AppRoleAssignment.*`, `Application.ReadWrite.*`;
 * - any `*.ReadWrite.All` and `*.FullControl.All` (write access to every object of a kind), and
 *   `full_access_as_user` / `full_access_as_app` (Exchange).
 */
export function isBroadPermission(value: string): boolean {
  if (value === 'user_impersonation' || value === 'full_access_as_user' || value === 'full_access_as_app') return true;
  if (/^(Directory|RoleManagement|AppRoleAssignment)\./.test(value)) return true;
  if (/^Application\.ReadWrite\./.test(value)) return true;
  return /\.(ReadWrite|FullControl)\.All$/.test(value);
}
