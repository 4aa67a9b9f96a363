// Reads the constructs the access map knows about through their public attributes. Each
// reader returns undefined for constructs it does not recognise, so a construct type that is
// not (yet) in the library simply does not appear in the map.
import { IConstruct } from 'constructs';
import type { IApi } from '../api';
import type { IAppRole } from '../app-role';
import type { IPermissionScope } from '../permission-scope';
import type { IPrincipal } from '../principal';
import { isUnresolved } from '../private/validation';
import { AppIdentityBinding } from '../app-identity-binding';
import { WorkloadIdentityBase } from '../workload-identity';
import { DefaultCredentialIdentity } from '../workload-wiring';

/** A client application's delegated and app-only requests, as the map needs them. */
export interface ClientFacts {
  readonly construct: IConstruct;
  readonly name?: string;
  /** The client's kind (`ClientAppKind`): `SinglePageApplication`, `Web`, `PublicClient` or `Daemon`. */
  readonly clientType: string;
  readonly scopes: { readonly api: IApi; readonly scope: IPermissionScope; readonly preAuthorized: boolean; readonly adminConsent: boolean }[];
  readonly appRoles: { readonly api: IApi; readonly role: IAppRole }[];
}

/** A workload identity and the apps that carry it. */
export interface WorkloadIdentityFacts {
  readonly construct: IConstruct;
  readonly name?: string;
  /** `UserAssigned` (a WorkloadIdentity) or `SystemAssigned` (an app's own identity). */
  readonly identityType: string;
  readonly principal?: IPrincipal;
  readonly hosts: { readonly construct: IConstruct; readonly name?: string; readonly defaultCredential: boolean }[];
}

/** A string known at synth, or undefined for a token or a non-string. */
export function literal(value: unknown): string | undefined {
  if (typeof value !== 'string' || isUnresolved(value)) return undefined;
  return value;
}

/** Whether `c` has the shape of an {@link IApi}. */
export function isApi(c: unknown): c is IApi {
  const a = c as any;
  return a !== null && typeof a === 'object' && typeof a.grantAppRole === 'function' && typeof a.appRole === 'function'
    && typeof a.scope === 'function' && typeof a.apiName === 'string' && a.node !== undefined;
}

/** Whether `c` has the shape of an {@link IPrincipal}. */
export function isPrincipal(c: unknown): c is IPrincipal {
  const a = c as any;
  return a !== null && typeof a === 'object' && typeof a.principalKind === 'string' && typeof a.principalName === 'string'
    && 'principalObjectId' in a && a.node !== undefined;
}

/**
 * The client facts of `c`, or undefined when it is not a client application. Reads the
 * public attributes of `IClientApp` (SpaApp, WebApp, PublicClientApp, DaemonApp):
 * `clientName`, `clientKind`, `requestedScopes` and `requestedAppRoles`.
 */
export function readClient(c: IConstruct): ClientFacts | undefined {
  const a = c as any;
  if (typeof a.clientKind !== 'string' || typeof a.clientName !== 'string') return undefined;
  if (!Array.isArray(a.requestedScopes) || !Array.isArray(a.requestedAppRoles)) return undefined;
  return {
    construct: c,
    name: literal(a.clientName),
    clientType: a.clientKind,
    scopes: a.requestedScopes
      .filter((r: any) => isApi(r?.api) && typeof r?.scope?.value === 'string')
      .map((r: any) => ({ api: r.api, scope: r.scope, preAuthorized: r.preAuthorized === true, adminConsent: r.adminConsent === true })),
    appRoles: a.requestedAppRoles
      .filter((r: any) => isApi(r?.api) && typeof r?.role?.value === 'string')
      .map((r: any) => ({ api: r.api, role: r.role })),
  };
}

/**
 * The workload identities among `all`, and the apps that carry them, read from the public
 * attributes of `WorkloadIdentity` / `IWorkloadIdentity` and `AppIdentityBinding` (`app`,
 * `workloadIdentity`, `hasSystemAssigned`, `systemAssigned`, `defaultCredential`). An app's
 * system-assigned identity is a workload identity of its own, carried by that app.
 */
export function readWorkloadIdentities(all: IConstruct[]): WorkloadIdentityFacts[] {
  const bindings = all.filter((c): c is AppIdentityBinding => c instanceof AppIdentityBinding);
  const identities: IConstruct[] = all.filter((c) => WorkloadIdentityBase.isWorkloadIdentity(c));
  for (const b of bindings) if (!identities.includes(b.workloadIdentity)) identities.push(b.workloadIdentity);
  const out: WorkloadIdentityFacts[] = identities.map((wi) => ({
    construct: wi,
    name: literal((wi as any).principalName),
    identityType: 'UserAssigned',
    principal: wi as unknown as IPrincipal,
    hosts: bindings.filter((b) => b.workloadIdentity === wi).map((b) => ({
      construct: b.app,
      name: appName(b.app),
      defaultCredential: b.defaultCredential !== DefaultCredentialIdentity.SYSTEM_ASSIGNED,
    })),
  }));
  for (const b of bindings) {
    if (!b.hasSystemAssigned) continue;
    const sys = b.systemAssignedIdentity;
    out.push({
      construct: sys,
      name: literal(sys.principalName),
      identityType: 'SystemAssigned',
      principal: sys,
      hosts: [{ construct: b.app, name: appName(b.app), defaultCredential: b.defaultCredential === DefaultCredentialIdentity.SYSTEM_ASSIGNED }],
    });
  }
  return out;
}

/** An azurerm app's `name` as configured, when known at synth. */
function appName(app: IConstruct): string | undefined {
  return literal((app as any).nameInput);
}
