import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformStack, Testing } from 'cdktf';
import {
  AccessMap, ClientAppKind, DaemonApp, MemberType, ProtectedApi, ProtectedApiProps, SignInAudience, SpaApp, WebApp,
} from '../lib';
import { buildApp } from '../examples/web-api-obo/main';
import { at, dataRef, makeStack, messageOf, ordersApiWithScopes, ref, resources, synth, warnings } from './util';

/** A ProtectedApi that also signs users in on its server, and a WebApp with the same web settings. */
function apiAndWebApp(stack: TerraformStack, web: { redirectUris: string[]; logoutUrl?: string; homepageUrl?: string }, api: Partial<ProtectedApiProps> = {}) {
  return {
    api: () => new ProtectedApi(stack, 'PortalApi', { displayName: 'Portal API', web, ...api }),
    webApp: () => new WebApp(stack, 'PortalWeb', { displayName: 'Portal Web', ...web, signInAudience: api.signInAudience }),
  };
}

/** The message without the construct path that starts it, so two owners' messages compare. */
function bare(message: string): string {
  return message.replace(/^\[[^\]]*\]\s*/, '');
}

describe('ClientPart: one client machinery for the client kinds and a ProtectedApi', () => {
  describe('the same checks as a WebApp', () => {
    for (const [what, uri] of [
      ['http on a public host', 'http://portal.contoso.com/signin-oidc'],
      ['no path', 'https://portal.contoso.com'],
      ['a fragment', 'https://portal.contoso.com/signin#x'],
      ['white space', 'https://portal.contoso.com/sign in'],
    ] as const) {
      it(`refuses a web redirect URI with ${what}, with the WebApp's message`, () => {
        const stack = makeStack();
        const both = apiAndWebApp(stack, { redirectUris: [uri] });
        const apiMessage = messageOf(both.api);
        assert.match(apiMessage, /^\[test\/PortalApi\]/);
        assert.equal(bare(apiMessage), bare(messageOf(both.webApp)));
      });
    }

    it('refuses a bad logout URL and home page, with the WebApp\'s messages', () => {
      for (const web of [
        { redirectUris: ['https://portal.contoso.com/'], logoutUrl: 'http://portal.contoso.com/out' },
        { redirectUris: ['https://portal.contoso.com/'], homepageUrl: 'ftp://portal.contoso.com/' },
      ]) {
        const both = apiAndWebApp(makeStack(), web);
        assert.equal(bare(messageOf(both.api)), bare(messageOf(both.webApp)));
      }
    });

    it('warns about a web wildcard once, as a WebApp does', () => {
      const stack = makeStack();
      apiAndWebApp(stack, { redirectUris: ['https://*.contoso.com/signin'] }).api();
      const w = warnings(stack).filter((m) => m.includes('has a wildcard'));
      assert.equal(w.length, 1);
      assert.match(w[0], /^\[test\/PortalApi\] web redirect URI 'https:\/\/\*\.contoso\.com\/signin' has a wildcard/);
    });

    it('applies the personal-account redirect rules at synth, as to a WebApp', () => {
      const stack = makeStack();
      const both = apiAndWebApp(stack, { redirectUris: ['https://portal.contoso.com/cb?x=1'] }, { signInAudience: SignInAudience.AZURE_AD_AND_PERSONAL_MICROSOFT_ACCOUNT });
      both.api();
      both.webApp();
      const message = messageOf(() => synth(stack));
      assert.match(message, /test\/PortalApi\] web redirect URI 'https:\/\/portal\.contoso\.com\/cb\?x=1' has a query string/);
      assert.match(message, /test\/PortalWeb\] web redirect URI 'https:\/\/portal\.contoso\.com\/cb\?x=1' has a query string/);
    });

    it('checks SPA and public-client redirect URIs by their platforms\' rules', () => {
      assert.match(messageOf(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'Api', spa: { redirectUris: ['https://*.contoso.com/'] } })),
        /SPA redirect URI 'https:\/\/\*\.contoso\.com\/' contains a wildcard/);
      assert.equal(
        bare(messageOf(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'Api', spa: { redirectUris: ['https://app.contoso.com'] } }))),
        bare(messageOf(() => new SpaApp(makeStack(), 'Spa', { displayName: 'Spa', redirectUris: ['https://app.contoso.com'] }))));
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Api', publicClient: { redirectUris: ['myapp://auth'] } });
      api.addPublicClientRedirectUri('http://localhost');
      assert.deepEqual(at(synth(stack), 'azuread_application', 'Api').public_client.redirect_uris, ['myapp://auth', 'http://localhost']);
    });

    it('counts Entra\'s 256 redirect URIs across the platforms of one registration', () => {
      const uris = (host: string, n: number) => Array.from({ length: n }, (_, i) => `https://${host}.contoso.com/${i}`);
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Api', web: { redirectUris: uris('web', 200) }, spa: { redirectUris: uris('spa', 56) } });
      assert.match(messageOf(() => api.addSpaRedirectUri('https://spa.contoso.com/last')), /has 257 redirect URIs across its platforms; Entra allows at most 256/);
    });

    it('refuses requesting a scope twice, a scope the API does not expose, and a scope of the wrong API, as a WebApp does', () => {
      const stack = makeStack();
      const orders = ordersApiWithScopes(stack);
      const api = new ProtectedApi(stack, 'PortalApi', { displayName: 'Portal API' });
      const web = new WebApp(stack, 'PortalWeb', { displayName: 'Portal Web', redirectUris: ['https://portal.contoso.com/'] });
      api.requestScope(orders, orders.scope('Orders.Access'));
      web.requestScope(orders, orders.scope('Orders.Access'));
      assert.equal(bare(messageOf(() => api.requestScope(orders, orders.scope('Orders.Access')))),
        bare(messageOf(() => web.requestScope(orders, orders.scope('Orders.Access')))));
      assert.match(messageOf(() => api.requestGraphScope('User.Read', { preAuthorize: true })), /cannot pre-authorize itself for scope 'User.Read' on Microsoft Graph/);
    });

    it('refuses requesting its own scope or role: its required access would name its own client id', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Api', scopes: [{ value: 'Api.Access', adminConsentDescription: 'Use it' }] });
      assert.match(messageOf(() => api.requestScope(api, api.scope('Api.Access'))), /requests its own scope 'Api.Access'.*cannot name its own client id/);
    });

    it('may hold credentials as a confidential client; a SPA still may not', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Api' });
      api.addClientSecret();
      api.addFederatedCredential('k8s', { issuer: 'https://oidc.example.com/', subject: 'system:serviceaccount:portal:api' });
      assert.match(messageOf(() => api.addFederatedCredential('k8s-2', { issuer: 'https://oidc.example.com/', subject: 'system:serviceaccount:portal:api' })),
        /like 'k8s' does; Entra allows one credential per issuer and subject/);
      const json = synth(stack);
      assert.equal(at(json, 'azuread_application_password', 'Api/ClientSecret:terraform/Resource').application_id, ref(json, 'azuread_application', 'Api', 'id'));
      assert.equal(at(json, 'azuread_application_federated_identity_credential', 'Api/FederatedCredential:k8s/Resource').application_id,
        ref(json, 'azuread_application', 'Api', 'id'));
      assert.equal(api.clientSecrets.length, 1);
      assert.equal(api.federatedCredentials.length, 1);
      assert.equal(api.clientKind, ClientAppKind.WEB_API);
      assert.ok(warnings(stack).some((w) => w.includes("client secret 'terraform' is a long-lived credential")));
    });

    it('holds an application permission through its own enterprise application, with the daemon\'s member-type rule', () => {
      const stack = makeStack();
      const orders = new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API' });
      const read = orders.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.APPLICATION] });
      const userOnly = orders.addAppRole('Orders.Approve', { description: 'Approve', allowedMemberTypes: [MemberType.USER] });
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Api' });
      const request = api.requestAppRole(read);
      const daemon = new DaemonApp(stack, 'Daemon', { displayName: 'Daemon' });
      assert.equal(bare(messageOf(() => api.requestAppRole(userOnly))).replace('an API that calls as itself', 'X'),
        bare(messageOf(() => daemon.requestAppRole(userOnly))).replace('a daemon', 'X'));
      const json = synth(stack);
      const grant = at(json, 'azuread_app_role_assignment', 'OrdersApi/Grant:Api:Orders.Read');
      assert.equal(grant.principal_object_id, ref(json, 'azuread_service_principal', 'Api/ServicePrincipal', 'object_id'));
      assert.equal(request.assignment.node.path, 'test/OrdersApi/Grant:Api:Orders.Read');
      assert.deepEqual(at(json, 'azuread_application', 'Api').required_resource_access,
        [{ resource_app_id: ref(json, 'azuread_application', 'OrdersApi', 'client_id'), resource_access: [{ id: read.roleId, type: 'Role' }] }]);
      assert.deepEqual(api.appOnlyScopesToRequest, [orders.defaultScope]);
    });

    it('writes nothing new for an API that is no client: no required access, no platform block', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Api' });
      const app = at(synth(stack), 'azuread_application', 'Api');
      for (const key of ['required_resource_access', 'web', 'single_page_application', 'public_client']) assert.equal(app[key], undefined, key);
      assert.equal(api.actsAsClient, false);
    });
  });

  describe('examples/web-api-obo', () => {
    const app = Testing.app();
    buildApp(app);
    const stack = app.node.children.find((c): c is TerraformStack => TerraformStack.isStack(c))!;
    const json = JSON.parse(Testing.synth(stack, true));
    const portal = at(json, 'azuread_application', 'Portal');

    it('is one registration that signs users in, exposes a scope and roles, and requests Graph User.Read', () => {
      assert.deepEqual(portal.web.redirect_uris, ['https://portal.contoso.com/signin-oidc', 'https://localhost:5001/signin-oidc']);
      assert.equal(portal.web.logout_url, 'https://portal.contoso.com/signout-oidc');
      assert.deepEqual(portal.web.implicit_grant, { access_token_issuance_enabled: false, id_token_issuance_enabled: false });
      assert.deepEqual(portal.api.oauth2_permission_scope.map((s: any) => s.value), ['Portal.Access']);
      assert.deepEqual(portal.app_role.map((r: any) => r.value), ['Portal.Admin', 'Portal.Read']);
      const graph = (attr: string) => dataRef(json, 'azuread_service_principal', 'MicrosoftGraph/Lookup', attr);
      assert.deepEqual(portal.required_resource_access, [{
        resource_app_id: graph('client_id'),
        resource_access: [{ id: `${graph('oauth2_permission_scope_ids').slice(0, -1)}["User.Read"]}`, type: 'Scope' }],
      }]);
      assert.equal(resources(json, 'azuread_application').Portal_DF61C365 !== undefined, true);
      assert.equal(Object.keys(resources(json, 'azuread_application')).length, 2, 'the portal and the partner SPA, nothing split off');
    });

    it('consents to User.Read for the tenant, signs in with a federated credential, and keeps no secret', () => {
      const consent = at(json, 'azuread_service_principal_delegated_permission_grant', 'Portal/AdminConsent:MicrosoftGraph');
      assert.deepEqual(consent.claim_values, ['User.Read']);
      assert.equal(consent.service_principal_object_id, ref(json, 'azuread_service_principal', 'Portal/ServicePrincipal', 'object_id'));
      assert.equal(at(json, 'azuread_application_federated_identity_credential', 'Portal/FederatedCredential:github-main/Resource').subject,
        'repo:contoso/portal:environment:production');
      assert.deepEqual(resources(json, 'azuread_application_password'), {});
      assert.deepEqual(json.output.portalScopes.value, ['https://graph.microsoft.com/User.Read']);
    });

    it('pre-authorizes the partner SPA on the portal\'s scope', () => {
      const pre = at(json, 'azuread_application_pre_authorized', 'PartnerSpa/PreAuthorized:Portal');
      assert.equal(pre.application_id, ref(json, 'azuread_application', 'Portal', 'id'));
      assert.equal(pre.authorized_client_id, ref(json, 'azuread_application', 'PartnerSpa', 'client_id'));
    });

    it('appears in the access map as an API and as a client', () => {
      const model = AccessMap.of(stack).toModel();
      const api = model.apis.find((a) => a.path === 'Portal');
      assert.ok(api, 'the portal is an API');
      assert.deepEqual(api.appRoles.map((r) => r.value).sort(), ['Portal.Admin', 'Portal.Read']);
      const client = model.clients.find((c) => c.path === 'Portal');
      assert.ok(client, 'the portal is a client');
      assert.equal(client.clientType, 'WebApi');
      assert.deepEqual(client.scopes.map((s) => [s.value, s.adminConsent]), [['User.Read', true]]);
      assert.ok(model.clients.some((c) => c.path === 'PartnerSpa' && c.scopes.some((s) => s.api === 'Portal' && s.preAuthorized)));
      assert.match(AccessMap.of(stack).toMarkdown(), /API and client/);
    });
  });
});
