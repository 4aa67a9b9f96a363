import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtectedApi, PublicClientApp, SpaApp } from '../lib';
import { ClientSecret } from '../lib/client-secret';
import { at, makeStack, resources, synth, throwsWith } from './util';

const CLI = { displayName: 'Orders CLI' };

describe('PublicClientApp', () => {
  it('listens on http://localhost by default and allows public client flows (device code)', () => {
    const stack = makeStack();
    new PublicClientApp(stack, 'Cli', CLI);
    const app = at(synth(stack), 'azuread_application', 'Cli');
    assert.deepEqual(app.public_client.redirect_uris, ['http://localhost']);
    assert.equal(app.fallback_public_client_enabled, true);
    assert.equal(app.web, undefined);
    assert.equal(app.single_page_application, undefined);
  });

  it('takes custom-scheme, https and loopback redirect URIs, and can turn public client flows off', () => {
    const stack = makeStack();
    const cli = new PublicClientApp(stack, 'Cli', {
      ...CLI,
      redirectUris: ['msal0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9://auth', 'http://127.0.0.1:8400'],
      allowPublicClientFlows: false,
    });
    cli.addRedirectUri('https://login.microsoftonline.com/common/oauth2/nativeclient');
    const app = at(synth(stack), 'azuread_application', 'Cli');
    assert.deepEqual(app.public_client.redirect_uris, [
      'msal0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9://auth', 'http://127.0.0.1:8400', 'https://login.microsoftonline.com/common/oauth2/nativeclient',
    ]);
    assert.equal(app.fallback_public_client_enabled, false);
    assert.equal(cli.publicClientRedirectUris.length, 3);
  });

  it('requests delegated scopes with pre-authorization', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', scopes: [{ value: 'Orders.Access', adminConsentDescription: 'a' }] });
    const cli = new PublicClientApp(stack, 'Cli', CLI);
    cli.requestScope(api, api.scope('Orders.Access'));
    const json = synth(stack);
    assert.deepEqual(at(json, 'azuread_application_pre_authorized', 'Cli/PreAuthorized:Api').permission_ids, [api.scope('Orders.Access').scopeId]);
    assert.equal(cli.clientKind, 'PublicClient');
  });

  it('throws if a redirect URI is plain http on a public host', () => {
    throwsWith(() => new PublicClientApp(makeStack(), 'Cli', { ...CLI, redirectUris: ['http://cli.contoso.com'] }),
      /test\/Cli/, /public client redirect URI 'http:\/\/cli\.contoso\.com'/, /custom scheme/);
  });

  it('throws if a redirect URI has a wildcard or fragment', () => {
    throwsWith(() => new PublicClientApp(makeStack(), 'Cli', { ...CLI, redirectUris: ['myapp://*'] }), /wildcard/);
    throwsWith(() => new PublicClientApp(makeStack(), 'Cli', { ...CLI, redirectUris: ['myapp://auth#x'] }), /fragment/);
  });

  it('throws if a redirect URI uses a scheme that cannot receive a response', () => {
    throwsWith(() => new PublicClientApp(makeStack(), 'Cli', { ...CLI, redirectUris: ['javascript://alert(1)'] }), /scheme 'javascript:'/);
  });

  it('throws if given a client secret: a public client cannot keep one', () => {
    const stack = makeStack();
    const cli = new PublicClientApp(stack, 'Cli', CLI);
    throwsWith(() => new ClientSecret(cli, 'Secret', { client: cli }), /test\/Cli\/Secret/, /PublicClient client/, /cannot have a client secret/, /WebApp or DaemonApp/);
    const spa = new SpaApp(stack, 'Web', { displayName: 'Web', redirectUris: ['https://a.contoso.com/'] });
    throwsWith(() => new ClientSecret(spa, 'Secret', { client: spa }), /SinglePageApplication client/);
    assert.deepEqual(resources(synth(makeStack()), 'azuread_application_password'), {});
  });
});
