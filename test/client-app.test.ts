import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ClientAppBase, DaemonApp, EntraGroup, IDelegatedClientApp, ProtectedApi, PublicClientApp, SpaApp, WebApp,
} from '../lib';
import { makeStack, ordersApiWithScopes } from './util';

describe('ClientAppBase', () => {
  it('recognises every client kind by its brand, and nothing else', () => {
    const stack = makeStack();
    const clients = [
      new SpaApp(stack, 'Spa', { displayName: 'S', redirectUris: ['https://s.contoso.com/'] }),
      new WebApp(stack, 'Web', { displayName: 'W', redirectUris: ['https://w.contoso.com/'] }),
      new PublicClientApp(stack, 'Cli', { displayName: 'C' }),
      new DaemonApp(stack, 'Daemon', { displayName: 'D' }),
    ];
    for (const c of clients) assert.equal(ClientAppBase.isClientApp(c), true, c.node.path);
    const api = new ProtectedApi(stack, 'Api', { displayName: 'A' });
    const group = EntraGroup.fromObjectId(stack, 'G', 'aaaaaaaa-0000-4000-8000-000000000001');
    const lookalike = { clientKind: 'Web', clientName: 'x', requestedScopes: [], requestedAppRoles: [], node: api.node };
    for (const other of [api, group, lookalike, undefined, null]) assert.equal(ClientAppBase.isClientApp(other), false);
    // A brand is a global symbol: another copy of the library recognises the same clients.
    assert.equal(ClientAppBase.isClientApp(Object.defineProperty({}, Symbol.for('cdktf-entra-identity.ClientApp'), { value: true })), true);
  });

  it('lets code that takes any delegated client request scopes of it', () => {
    const stack = makeStack();
    const api = ordersApiWithScopes(stack);
    const requestAccess = (client: IDelegatedClientApp) => client.requestScope(api, api.scope('Orders.Access'));
    const clients: IDelegatedClientApp[] = [
      new SpaApp(stack, 'Spa', { displayName: 'S', redirectUris: ['https://s.contoso.com/'] }),
      new WebApp(stack, 'Web', { displayName: 'W', redirectUris: ['https://w.contoso.com/'] }),
      new PublicClientApp(stack, 'Cli', { displayName: 'C' }),
    ];
    for (const c of clients) {
      const request = requestAccess(c);
      assert.equal(request.preAuthorized, true);
      assert.deepEqual(c.requestedScopes, [request]);
    }
  });

  it('gives secrets and federated credentials only to confidential clients', () => {
    const stack = makeStack();
    const spa = new SpaApp(stack, 'Spa', { displayName: 'S', redirectUris: ['https://s.contoso.com/'] });
    const cli = new PublicClientApp(stack, 'Cli', { displayName: 'C' });
    const web = new WebApp(stack, 'Web', { displayName: 'W', redirectUris: ['https://w.contoso.com/'] });
    for (const c of [spa, cli]) {
      assert.equal('addClientSecret' in c, false);
      assert.equal('clientSecrets' in c, false);
    }
    assert.deepEqual(web.clientSecrets, []);
    assert.equal(typeof web.addFederatedCredential, 'function');
  });
});
