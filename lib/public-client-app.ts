import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import type { IApi } from './api';
import { ClientAppBase, ClientAppKind, ClientAppProps, IDelegatedClientApp, RequestScopeOptions, ScopeRequest } from './client-app';
import type { IPermissionScope } from './permission-scope';
import { RedirectPlatform, requireRedirectUris } from './private/client-validation';

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
  private readonly redirectUris: string[] = [];

  public constructor(scope: Construct, id: string, props: PublicClientAppProps) {
    super(scope, id, ClientAppKind.PUBLIC_CLIENT, props);
    const uris = props.redirectUris ?? ['http://localhost'];
    requireRedirectUris(this, 'publicClient', uris);
    this.redirectUris.push(...uris);
    this._application.putPublicClient({
      redirectUris: Lazy.listValue({ produce: () => [...this.redirectUris] }, { omitEmpty: true }),
    });
    this._application.fallbackPublicClientEnabled = props.allowPublicClientFlows ?? true;
  }

  /** The public client redirect URIs. */
  public get publicClientRedirectUris(): string[] {
    return [...this.redirectUris];
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
    requireRedirectUris(this, 'publicClient', [...this.redirectUris, uri]);
    this.redirectUris.push(uri);
  }

  /** @internal */
  protected _redirectUrisOfPlatform(): { platform: RedirectPlatform; uris: string[] } {
    return { platform: 'publicClient', uris: [...this.redirectUris] };
  }
}
