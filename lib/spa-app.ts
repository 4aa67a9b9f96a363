
import { Construct } from 'constructs';
import type { IApi } from './api';
import { ClientAppBase, ClientAppKind, ClientAppProps, IDelegatedClientApp, RequestScopeOptions, ScopeRequest } from './client-app';
import type { IPermissionScope } from './permission-scope';
import { refuseUnlessAdopted } from './private/adoption';

/**
 * Properties of a {@link SpaApp}.
 */
export interface SpaAppProps extends ClientAppProps {
  /**
   * Where Entra may send the sign-in response: https URLs of the app (http only for
   * `http://localhost` and `http://127.0.0.1`), without wildcards or fragments, with a path:
   * at least `/` (`https://orders.contoso.com/`; the azuread provider rejects a bare origin).
   * Give MSAL's `redirectUri` the same string. More can be added with `addRedirectUri`.
   */
  readonly redirectUris: string[];
}

/**
 * A single-page app registration: browser code that signs users in with the auth code flow
 * and PKCE, and calls APIs with the users' delegated scopes.
 *
 * Implicit grant stays off (no tokens in URLs); no secret can be added (code in a browser
 * cannot keep one); its sign-in audience follows the API it calls unless given.
 *
 * @example
 * const web = new SpaApp(this, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'] });
 * web.requestScope(api, api.scope('Orders.Access'));   // required access + pre-authorization
 * web.requestGraphScope('User.Read');
 */
export class SpaApp extends ClientAppBase implements IDelegatedClientApp {
  public constructor(scope: Construct, id: string, props: SpaAppProps) {
    super(scope, id, ClientAppKind.SINGLE_PAGE_APPLICATION, props);
    if (props.redirectUris.length === 0) {
      refuseUnlessAdopted(this, props.existing !== undefined, 'redirectUris is empty; a SPA needs at least one, e.g. [\'https://orders.contoso.com/\'] or [\'http://localhost:3000/\'] for development.',
        'no user can sign in to it until it has a redirect URI (add one with addRedirectUri).');
    }
    this._application.putSinglePageApplication({ redirectUris: this._setRedirectUris('spa', props.redirectUris) });
  }

  /** The SPA redirect URIs. */
  public get spaRedirectUris(): string[] {
    return this._redirectUriList();
  }

  /** Requests a delegated scope of an API (see {@link IDelegatedClientApp.requestScope}). */
  public requestScope(api: IApi, scope: IPermissionScope, options: RequestScopeOptions = {}): ScopeRequest {
    return this._requestScope(api, scope, options);
  }

  /** Requests a delegated permission of Microsoft Graph by name, e.g. `User.Read`. */
  public requestGraphScope(value: string, options: RequestScopeOptions = {}): ScopeRequest {
    return this._requestGraphScope(value, options);
  }

  /** Adds a SPA redirect URI. Throws if it is not valid, is listed already, or is the 257th. */
  public addRedirectUri(uri: string): void {
    this._addRedirectUri(uri);
  }
}
