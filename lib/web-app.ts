
import { Construct } from 'constructs';
import type { IApi } from './api';
import { ClientAppKind, ClientAppProps, IDelegatedClientApp, RequestScopeOptions, ScopeRequest } from './client-app';
import { ConfidentialClientAppBase } from './confidential-client-app';
import type { IPermissionScope } from './permission-scope';
import { refuseUnlessAdopted } from './private/adoption';

/**
 * Properties of a {@link WebApp}.
 */
export interface WebAppProps extends ClientAppProps {
  /**
   * Where Entra may send the sign-in response: https URLs of the app's callback (http only
   * for `http://localhost` and `http://127.0.0.1`), without fragments, with a path (at least
   * `/`: the azuread provider rejects a bare origin such as `https://portal.contoso.com`).
   */
  readonly redirectUris: string[];
  /**
   * The front-channel logout URL Entra calls when a user signs out.
   *
   * @default - none
   */
  readonly logoutUrl?: string;
  /**
   * The app's home page.
   *
   * @default - none
   */
  readonly homepageUrl?: string;
  /**
   * Whether the app may get ID tokens from the authorization endpoint (implicit and hybrid
   * flows), as some server frameworks' `id_token` or `code id_token` sign-in needs. Access
   * tokens are never issued that way.
   *
   * @default false
   */
  readonly idTokenIssuanceEnabled?: boolean;
  /**
   * Whether the app may get access tokens from the authorization endpoint (the implicit flow,
   * `web.implicit_grant.access_token_issuance_enabled`). Only for a registration that still
   * uses the implicit flow: the token travels in the URL, where browser history and logs
   * keep it. A warning says so.
   *
   * @default false
   */
  readonly accessTokenIssuanceEnabled?: boolean;
}

/**
 * A server-side web app registration: it signs users in on its server and calls APIs with
 * their delegated scopes. A confidential client: it may have a rotating client secret or,
 * better, a federated credential.
 *
 * @example
 * const portal = new WebApp(this, 'Portal', { displayName: 'Orders Portal', redirectUris: ['https://portal.contoso.com/signin-oidc'] });
 * portal.requestScope(api, api.scope('Orders.Access'));
 */
export class WebApp extends ConfidentialClientAppBase implements IDelegatedClientApp {
  public constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id, ClientAppKind.WEB, props);
    if (props.redirectUris.length === 0) {
      refuseUnlessAdopted(this, props.existing !== undefined, 'redirectUris is empty; a web app needs at least one, e.g. [\'https://portal.contoso.com/signin-oidc\'].',
        'no user can sign in to it until it has a redirect URI (add one with addRedirectUri).');
    }
    this._application.putWeb(this._client.webPlatform({
      redirectUris: props.redirectUris,
      logoutUrl: props.logoutUrl,
      homepageUrl: props.homepageUrl,
      idTokenIssuanceEnabled: props.idTokenIssuanceEnabled,
      accessTokenIssuanceEnabled: props.accessTokenIssuanceEnabled,
    }));
  }

  /** The web redirect URIs. */
  public get webRedirectUris(): string[] {
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

  /** Adds a web redirect URI. Throws if it is not valid, is listed already, or is the 257th. */
  public addRedirectUri(uri: string): void {
    this._addRedirectUri(uri);
  }
}
