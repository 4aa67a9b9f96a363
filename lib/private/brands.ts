// The brands that recognise the library's constructs, as cdktf's own `TerraformStack.isStack`
// does: a property keyed by a global `Symbol.for`, set once in the constructor. A brand holds
// across two copies of the library in one node_modules (where `instanceof` fails), and
// checking one needs no import of the class, so a module can recognise a construct without a
// runtime import cycle. The access map finds APIs, principals and clients by these brands and
// then reads them through their typed interfaces, never by the shape of their fields.
import type { IAppRole } from '../app-role';
import type { IPermissionScope } from '../permission-scope';

/** Every {@link ApiBase}: a ProtectedApi or RegisteredApi. */
export const API = Symbol.for('cdktf-entra-identity.Api');
/** Every principal of the library: a {@link PrincipalBase}, and a {@link DaemonApp}. */
export const PRINCIPAL = Symbol.for('cdktf-entra-identity.Principal');
/** Every {@link ClientAppBase}. */
export const CLIENT_APP = Symbol.for('cdktf-entra-identity.ClientApp');
/**
 * Every registration that owns a client part (`lib/client-part.ts`): each client kind, and a
 * ProtectedApi, which can be a client too. Set by the client part itself, so a new kind that
 * uses it is recognised as a client without more code.
 */
export const CLIENT_PART = Symbol.for('cdktf-entra-identity.ClientPart');
/** Every {@link WorkloadIdentityBase}. */
export const WORKLOAD_IDENTITY = Symbol.for('cdktf-entra-identity.WorkloadIdentity');

/** The brand of {@link ProtectedApi}: an API this program registers, whose roles it may change. */
export const PROTECTED_API = Symbol.for('cdktf-entra-identity.ProtectedApi');

/** Marks `obj` with the brand `b`. */
export function brand(obj: object, b: symbol): void {
  Object.defineProperty(obj, b, { value: true });
}

/** Whether `obj` carries the brand `b`. */
export function hasBrand(obj: unknown, b: symbol): boolean {
  return typeof obj === 'object' && obj !== null && b in obj;
}

/**
 * What an API tells the access map about itself beyond {@link IApi}: what it declares and
 * whether this program registers it. `ApiBase._accessFacts()` returns it.
 */
export interface ApiAccessFacts {
  /** Whether this program makes the API's app registration (a ProtectedApi). */
  readonly registeredHere: boolean;
  /** `app_role_assignment_required`, when known. */
  readonly appRoleAssignmentRequired?: boolean;
  /** The app roles known: all of them for an API of this program, the ones used so far otherwise. */
  readonly appRoles: IAppRole[];
  /** The delegated scopes known, likewise. */
  readonly scopes: IPermissionScope[];
  /** True when the API has no identifier URI (an adopted registration without one): its clients name it by client id. */
  readonly noIdentifierUri?: boolean;
}
