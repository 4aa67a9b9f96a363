import { Construct } from 'constructs';
import type { GrantAppRoleOptions, GraphAppRoleOptions } from './adoption';
import type { IApi } from './api';
import type { IAppRole } from './app-role';
import { AppRoleRequest, ClientAppKind, ClientAppProps, RequestScopeOptions, ScopeRequest } from './client-app';
import { ConfidentialClientAppBase } from './confidential-client-app';
import type { IPermissionScope } from './permission-scope';
import { IPrincipal, PrincipalKind } from './principal';
import { PRINCIPAL, brand } from './private/brands';
import { RegisteredApi } from './registered-api';
import { entraError } from './private/validation';

/**
 * Properties of a {@link DaemonApp}.
 */
export interface DaemonAppProps extends ClientAppProps {}

/**
 * A daemon or service client registration: it calls APIs as itself with app-only tokens
 * (client credentials flow), so it has no redirect URIs and no delegated scopes, and holds
 * app roles through its service principal.
 *
 * It is a principal: `requestAppRole(role)` writes the role into its required resource
 * access and assigns it, through the API's own grant path, with the same member-type checks
 * (the role must allow `Application`, ENTRA-RULES 6). Where it runs outside Azure, give it a
 * federated credential (e.g. `addGithubActionsCredential`) rather than a secret; on Azure,
 * prefer a managed identity to a daemon app.
 *
 * @example
 * const sync = new DaemonApp(this, 'Sync', { displayName: 'Orders Sync' });
 * sync.requestAppRole(api.appRole('Orders.Read'));
 * sync.addGithubActionsCredential('github-main', { organization: 'contoso', repository: 'orders-sync' });
 */
export class DaemonApp extends ConfidentialClientAppBase implements IPrincipal {
  /** The object id of the daemon's service principal, which receives app roles. */
  public readonly principalObjectId: string;
  /** Always {@link PrincipalKind.SERVICE_PRINCIPAL}. */
  public readonly principalKind = PrincipalKind.SERVICE_PRINCIPAL;
  /** The daemon's display name, or its construct path when unknown at synth. */
  public readonly principalName: string;

  public constructor(scope: Construct, id: string, props: DaemonAppProps) {
    super(scope, id, ClientAppKind.DAEMON, props);
    this.principalObjectId = this.servicePrincipalObjectId;
    this.principalName = this.clientName;
    brand(this, PRINCIPAL);
  }

  /** The daemon itself: its service principal receives what is granted. */
  public get grantPrincipal(): IPrincipal | undefined {
    return this;
  }

  /**
   * The scopes the daemon's code asks for: the `.default` scope of each API it holds roles
   * on (ENTRA-RULES 13).
   */
  public get scopesToRequest(): string[] {
    return this._client.appOnlyScopesToRequest;
  }

  /**
   * Requests an app role of an API and returns the request: the role goes into the daemon's
   * required resource access (type `Role`), and is assigned to the daemon's service
   * principal with `role.api.grantAppRole(daemon, role)` (admin consent for an app role is
   * an assignment).
   *
   * Throws if the API does not expose the role, if the role does not allow `Application`
   * members, or if the daemon requested it before.
   */
  public requestAppRole(role: IAppRole, options: GrantAppRoleOptions = {}): AppRoleRequest {
    return this._client.requestAppRole(role, options, this, 'a daemon');
  }

  /**
   * Requests an application permission (app role) of Microsoft Graph by name, e.g.
   * `User.Read.All`, and assigns it. Its id is read from Graph's service principal
   * (`app_role_ids`); no GUIDs are pasted. Graph application permissions are broad: request
   * the narrowest that does the job. A permission granted already is adopted with
   * `{ existingAssignmentId, graphServicePrincipalObjectId }`, from
   * `GET servicePrincipals/{daemon's service principal}/appRoleAssignments`.
   */
  public requestGraphAppRole(value: string, options: GraphAppRoleOptions = {}): AppRoleRequest {
    return this._client.requestGraphAppRole(value, options, this, 'a daemon');
  }

  /**
   * Always throws: a daemon has no signed-in user, so it cannot use delegated scopes. It
   * asks for `{api}/.default` and gets the app roles it holds; request a role with
   * `requestAppRole` instead. Kept so that a call from untyped code gets this explanation;
   * a daemon is not an `IDelegatedClientApp`.
   *
   * @deprecated a daemon calls app-only; use `requestAppRole`
   */
  public requestScope(api: IApi, scope: IPermissionScope, options: RequestScopeOptions = {}): ScopeRequest {
    void options; // the signature of IDelegatedClientApp.requestScope; a daemon cannot use it
    throw entraError(this, `requests scope '${scope.value}' of ${api.apiName}, but a daemon calls with app-only tokens, which carry no delegated scopes `
      + '(asking for a named scope app-only fails with AADSTS500011, ENTRA-RULES 13). Request an app role that allows Application with '
      + 'requestAppRole(api.appRole(...)), and ask for the API\'s .default scope; or use a SpaApp, WebApp or PublicClientApp for a signed-in user.');
  }

  /**
   * Always throws, as `requestScope` does: Graph's delegated permissions need a signed-in
   * user. Request an application permission with `requestGraphAppRole`.
   *
   * @deprecated a daemon calls app-only; use `requestGraphAppRole`
   */
  public requestGraphScope(value: string, options: RequestScopeOptions = {}): ScopeRequest {
    const graph = RegisteredApi.microsoftGraph(this);
    return this.requestScope(graph, graph.scope(value), options);
  }
}
