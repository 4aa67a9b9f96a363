
import { Construct } from 'constructs';
import type { IApi } from './api';
import { ClientAppBase, ClientAppKind, ClientAppProps, IDelegatedClientApp, RequestScopeOptions, ScopeRequest } from './client-app';
import type { IPermissionScope } from './permission-scope';
import { entraError } from './private/validation';

/**
 * Properties of a {@link PublicClientApp}.
 */
export interface PublicClientAppProps extends ClientAppProps {
  /**
   * Where Entra may send the sign-in response: `http://localhost` (MSAL's interactive sign-in
   * through the system browser listens there), https URLs, or a custom scheme such as
   * `msal{clientId}://auth`.
   *
   * @default ['http://localhost']
   */
  readonly redirectUris?: string[];
  /**
   * Whether public client flows are allowed (`fallback_public_client_enabled`): the device
   * code flow and integrated Windows authentication, which command-line tools use.
   *
   * @default true
   */
  readonly allowPublicClientFlows?: boolean;
}

/**
 * A public (native) client registration: a command-line tool, desktop or mobile app that
 * signs users in and calls APIs with their delegated scopes. It cannot keep a secret, so it
 * has none.
 *
 * @example
 * const cli = new PublicClientApp(this, 'Cli', { displayName: 'Orders CLI' });
 * cli.requestScope(api, api.scope('Orders.Access'));
 */
export class PublicClientApp extends ClientAppBase implements IDelegatedClientApp {
  public constructor(scope: Construct, id: string, props: PublicClientAppProps) {
    super(scope, id, ClientAppKind.PUBLIC_CLIENT, props);
    const uris = props.redirectUris ?? ['http://localhost'];
    this._application.putPublicClient({ redirectUris: this._setRedirectUris('publicClient', uris, { omitEmpty: true }) });
    if (props.allowPublicClientFlows !== undefined && props.fallbackPublicClientEnabled !== undefined
      && props.allowPublicClientFlows !== props.fallbackPublicClientEnabled) {
      throw entraError(this, `allowPublicClientFlows (${props.allowPublicClientFlows}) and fallbackPublicClientEnabled (${props.fallbackPublicClientEnabled}) `
        + 'set the same attribute (fallback_public_client_enabled) to different values; give allowPublicClientFlows alone.');
    }
    this._application.fallbackPublicClientEnabled = props.allowPublicClientFlows ?? props.fallbackPublicClientEnabled ?? true;
  }

  /** The public client redirect URIs. */
  public get publicClientRedirectUris(): string[] {
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

  /** Adds a public client redirect URI. Throws if it is not valid, is listed already, or is the 257th. */
  public addRedirectUri(uri: string): void {
    this._addRedirectUri(uri);
  }
}
