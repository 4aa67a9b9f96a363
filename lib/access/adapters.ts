// Recognises the constructs the access map knows about by their brands (ApiBase.isApi,
// PrincipalBase.isPrincipal, ClientAppBase.isClientApp, WorkloadIdentityBase.isWorkloadIdentity)
// and reads them through their typed interfaces: renaming a field the map reads is a compile
// error here, never a silently shorter report. A construct without a brand does not appear
// in the map unless a grant names it.
import { TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';
import type { IApi } from '../api';
import { ApiBase } from '../api';
import { AppIdentityBinding } from '../app-identity-binding';
import type { IAppRole } from '../app-role';
import { ClientAppBase, ClientAppKind } from '../client-app';
import { ManagedIdentityType } from '../managed-identity';
import type { ProtectedApi } from '../protected-api';
import { PROTECTED_API, hasBrand } from '../private/brands';
import type { IPermissionScope } from '../permission-scope';
import { IPrincipal, PrincipalBase } from '../principal';
import { isUnresolved } from '../private/validation';
import { IWorkloadIdentity, WorkloadIdentityBase } from '../workload-identity';
import { DefaultCredentialIdentity } from '../workload-wiring';

/** A client application's delegated and app-only requests, as the map needs them. */
export interface ClientFacts {
  readonly construct: IConstruct;
  readonly name?: string;
  readonly clientType: ClientAppKind;
  readonly scopes: { readonly api: IApi; readonly scope: IPermissionScope; readonly preAuthorized: boolean; readonly adminConsent: boolean }[];
  readonly appRoles: { readonly api: IApi; readonly role: IAppRole }[];
}

/** A workload identity and the apps that carry it. */
export interface WorkloadIdentityFacts {
  readonly construct: IConstruct;
  readonly name?: string;
  /** `UserAssigned` (a WorkloadIdentity) or `SystemAssigned` (an app's own identity). */
  readonly identityType: ManagedIdentityType;
  readonly principal?: IPrincipal;
  readonly hosts: { readonly construct: IConstruct; readonly name?: string; readonly defaultCredential: boolean }[];
}

/** A string known at synth, or undefined for a token or a non-string. */
export function literal(value: unknown): string | undefined {
  if (typeof value !== 'string' || isUnresolved(value)) return undefined;
  return value;
}

/** Whether `c` is an API of this library. */
export function isApi(c: unknown): c is ApiBase {
  return ApiBase.isApi(c);
}

/** Whether `c` is a principal of this library. */
export function isPrincipal(c: unknown): c is IPrincipal {
  return PrincipalBase.isPrincipal(c);
}

/**
 * The client facts of `c`, or undefined when it is not a client application of this
 * library (SpaApp, WebApp, PublicClientApp, DaemonApp, or a ProtectedApi that acts as a
 * client, which the map then lists as an API and as a client): its `IClientApp` attributes.
 */
export function readClient(c: IConstruct): ClientFacts | undefined {
  const apiAsClient = hasBrand(c, PROTECTED_API) && (c as ProtectedApi).actsAsClient;
  if (!ClientAppBase.isClientApp(c) && !apiAsClient) return undefined;
  const client = c as ClientAppBase | ProtectedApi;
  return {
    construct: c,
    name: literal(client.clientName),
    clientType: client.clientKind,
    scopes: client.requestedScopes.map((r) => ({ api: r.api, scope: r.scope, preAuthorized: r.preAuthorized, adminConsent: r.adminConsent })),
    appRoles: client.requestedAppRoles.map((r) => ({ api: r.api, role: r.role })),
  };
}

/**
 * The workload identities among `all`, and the apps that carry them (`AppIdentityBinding`).
 * An app's system-assigned identity is a workload identity of its own, carried by that app.
 */
export function readWorkloadIdentities(all: IConstruct[]): WorkloadIdentityFacts[] {
  const bindings = all.filter((c): c is AppIdentityBinding => c instanceof AppIdentityBinding);
  const identities: IWorkloadIdentity[] = all.filter((c): c is WorkloadIdentityBase => WorkloadIdentityBase.isWorkloadIdentity(c));
  for (const b of bindings) if (!identities.includes(b.workloadIdentity)) identities.push(b.workloadIdentity);
  const out: WorkloadIdentityFacts[] = identities.map((wi) => ({
    construct: wi,
    name: literal(wi.principalName),
    identityType: ManagedIdentityType.USER_ASSIGNED,
    principal: wi,
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
      identityType: ManagedIdentityType.SYSTEM_ASSIGNED,
      principal: sys,
      hosts: [{ construct: b.app, name: appName(b.app), defaultCredential: b.defaultCredential === DefaultCredentialIdentity.SYSTEM_ASSIGNED }],
    });
  }
  return out;
}

/** An azurerm app's `name` as configured, when known at synth: every app class a binding takes has `nameInput`. */
function appName(app: TerraformResource): string | undefined {
  return literal((app as TerraformResource & { readonly nameInput?: string }).nameInput);
}
