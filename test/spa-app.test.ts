import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { ProtectedApi, RegisteredApi, SignInAudience, SpaApp } from '../lib';
import { at, dataSources, makeStack, ref, resources, synth, throwsWith, warnings, ordersApiWithScopes } from './util';

const WEB = { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'] };

describe('SpaApp', () => {
  describe('app registration', () => {
    it('writes SPA redirect URIs, no web platform, no implicit grant and no secret', () => {
      const stack = makeStack();
      new SpaApp(stack, 'Web', { ...WEB, redirectUris: ['https://orders.contoso.com/', 'http://localhost:5173/'] });
      const json = synth(stack);
      const app = at(json, 'azuread_application', 'Web');
      assert.deepEqual(app.single_page_application.redirect_uris, ['https://orders.contoso.com/', 'http://localhost:5173/']);
      assert.equal(app.web, undefined, 'a SPA has no web platform, so no implicit grant');
      assert.equal(app.public_client, undefined);
      assert.equal(app.password, undefined);
      assert.deepEqual(resources(json, 'azuread_application_password'), {});
      assert.deepEqual(resources(json, 'time_rotating'), {});
      assert.equal(app.prevent_duplicate_names, true);
      assert.equal(app.api.requested_access_token_version, 2);
      assert.deepEqual(app.owners, ['${data.azuread_client_config.EntraClientConfig.object_id}']);
    });

    it('has an enterprise application, not assignment-required by default', () => {
      const stack = makeStack();
      new SpaApp(stack, 'Web', WEB);
      const sp = at(synth(stack), 'azuread_service_principal', 'Web/ServicePrincipal');
      assert.match(sp.client_id, /azuread_application\.Web_[A-Z0-9]+\.client_id/);
      assert.equal(sp.app_role_assignment_required, false);
    });

    it('adds redirect URIs after construction to the same platform block', () => {
      const stack = makeStack();
      const web = new SpaApp(stack, 'Web', WEB);
      web.addRedirectUri('https://staging.orders.contoso.com/');
      const app = at(synth(stack), 'azuread_application', 'Web');
      assert.deepEqual(app.single_page_application.redirect_uris, ['https://orders.contoso.com/', 'https://staging.orders.contoso.com/']);
      assert.deepEqual(web.spaRedirectUris, ['https://orders.contoso.com/', 'https://staging.orders.contoso.com/']);
    });

    it('takes the sign-in audience of the API it requests scopes of, unless told otherwise', () => {
      const stack = makeStack();
      const api = ordersApiWithScopes(stack, { signInAudience: SignInAudience.AZURE_AD_MULTIPLE_ORGS });
      const follows = new SpaApp(stack, 'Web', WEB);
      follows.requestScope(api, api.scope('Orders.Access'));
      const told = new SpaApp(stack, 'Admin', { ...WEB, displayName: 'Admin', signInAudience: SignInAudience.AZURE_AD_MY_ORG });
      told.requestScope(api, api.scope('Orders.Access'));
      const alone = new SpaApp(stack, 'Alone', { ...WEB, displayName: 'Alone' });
      const json = synth(stack);
      assert.equal(at(json, 'azuread_application', 'Web').sign_in_audience, 'AzureADMultipleOrgs');
      assert.equal(at(json, 'azuread_application', 'Admin').sign_in_audience, 'AzureADMyOrg');
      assert.equal(at(json, 'azuread_application', 'Alone').sign_in_audience, 'AzureADMyOrg');
      assert.equal(follows.signInAudience, SignInAudience.AZURE_AD_MULTIPLE_ORGS);
      assert.equal(alone.signInAudience, SignInAudience.AZURE_AD_MY_ORG);
    });

    it('accepts redirect URIs that are tokens without judging them', () => {
      const stack = makeStack();
      const uri = new TerraformVariable(stack, 'uri', { type: 'string' }).stringValue;
      new SpaApp(stack, 'Web', { ...WEB, redirectUris: [uri] });
      const app = at(synth(stack), 'azuread_application', 'Web');
      assert.deepEqual(app.single_page_application.redirect_uris, ['${var.uri}']);
    });
  });

  describe('requestScope', () => {
    it('writes the scope id into required resource access and pre-authorizes the client on the API', () => {
      const stack = makeStack();
      const api = ordersApiWithScopes(stack);
      const web = new SpaApp(stack, 'Web', WEB);
      const request = web.requestScope(api, api.scope('Orders.Access'));
      const json = synth(stack);
      const app = at(json, 'azuread_application', 'Web');
      assert.equal(app.required_resource_access.length, 1);
      assert.match(app.required_resource_access[0].resource_app_id, /azuread_application\.OrdersApi_[A-Z0-9]+\.client_id/);
      assert.deepEqual(app.required_resource_access[0].resource_access, [{ id: api.scope('Orders.Access').scopeId, type: 'Scope' }]);
      const pre = at(json, 'azuread_application_pre_authorized', 'Web/PreAuthorized:OrdersApi');
      assert.match(pre.application_id, /^\$\{azuread_application\.OrdersApi_[A-Z0-9]+\.id\}$/, 'the API\'s /applications/{id}, which orders it after the scopes');
      assert.equal(pre.authorized_client_id, ref(json, 'azuread_application', 'Web', 'client_id'));
      assert.deepEqual(pre.permission_ids, [api.scope('Orders.Access').scopeId]);
      assert.equal(request.preAuthorized, true);
      assert.equal(request.adminConsent, false);
      assert.deepEqual(resources(json, 'azuread_service_principal_delegated_permission_grant'), {});
    });

    it('makes one pre-authorization per client and API listing all its scope ids, sorted by value', () => {
      const stack = makeStack();
      const api = ordersApiWithScopes(stack);
      const web = new SpaApp(stack, 'Web', WEB);
      web.requestScope(api, api.scope('Orders.Export'));
      web.requestScope(api, api.scope('Orders.Access'));
      const other = new SpaApp(stack, 'Other', { ...WEB, displayName: 'Other' });
      other.requestScope(api, api.scope('Orders.Access'));
      const json = synth(stack);
      assert.equal(Object.keys(resources(json, 'azuread_application_pre_authorized')).length, 2);
      assert.deepEqual(at(json, 'azuread_application_pre_authorized', 'Web/PreAuthorized:OrdersApi').permission_ids,
        [api.scope('Orders.Access').scopeId, api.scope('Orders.Export').scopeId]);
      const access = at(json, 'azuread_application', 'Web').required_resource_access;
      assert.equal(access.length, 1, 'one block per API');
      assert.deepEqual(access[0].resource_access.map((a: any) => a.id), [api.scope('Orders.Access').scopeId, api.scope('Orders.Export').scopeId]);
    });

    it('skips pre-authorization when told, and grants tenant-wide admin consent when asked', () => {
      const stack = makeStack();
      const api = ordersApiWithScopes(stack);
      const web = new SpaApp(stack, 'Web', WEB);
      web.requestScope(api, api.scope('Orders.Access'), { preAuthorize: false, adminConsent: true });
      web.requestScope(api, api.scope('Orders.Export'), { preAuthorize: false, adminConsent: true });
      const json = synth(stack);
      assert.deepEqual(resources(json, 'azuread_application_pre_authorized'), {});
      const grant = at(json, 'azuread_service_principal_delegated_permission_grant', 'Web/AdminConsent:OrdersApi');
      assert.deepEqual(grant.claim_values, ['Orders.Access', 'Orders.Export']);
      assert.match(grant.service_principal_object_id, /azuread_service_principal\.Web_ServicePrincipal_[A-Z0-9]+\.object_id/);
      assert.match(grant.resource_service_principal_object_id, /azuread_service_principal\.OrdersApi_ServicePrincipal_[A-Z0-9]+\.object_id/);
      assert.equal(grant.user_object_id, undefined, 'consent for all users');
    });

    it('exposes what it requested for reports', () => {
      const stack = makeStack();
      const api = ordersApiWithScopes(stack);
      const web = new SpaApp(stack, 'Web', WEB);
      web.requestScope(api, api.scope('Orders.Access'));
      web.requestScope(api, api.scope('Orders.Export'), { preAuthorize: false, adminConsent: true });
      assert.deepEqual(web.requestedScopes.map((r) => [r.api, r.scope.value, r.preAuthorized, r.adminConsent]),
        [[api, 'Orders.Access', true, false], [api, 'Orders.Export', false, true]]);
      assert.deepEqual(web.requestedAppRoles, []);
      assert.equal(web.clientKind, 'SinglePageApplication');
      assert.equal(web.clientName, 'Orders Web');
      assert.equal(web.scopesToRequest.length, 2);
      assert.match(web.scopesToRequest[0], /\/Orders\.Access$/);
    });

    it('pre-authorizes on an API in another stack of the same program', () => {
      const stack = makeStack('front');
      const apiStack = new TerraformStack(stack.node.scope!, 'back');
      const api = ordersApiWithScopes(apiStack);
      const web = new SpaApp(stack, 'Web', WEB);
      web.requestScope(api, api.scope('Orders.Access'));
      assert.ok(web.node.tryFindChild('PreAuthorized:back.OrdersApi'), 'the id names the API\'s stack and path');
    });

    it('warns when an admin-consent scope is requested without pre-authorization or admin consent', () => {
      const stack = makeStack();
      const api = ordersApiWithScopes(stack);
      const web = new SpaApp(stack, 'Web', WEB);
      web.requestScope(api, api.scope('Orders.Access'), { preAuthorize: false });
      web.requestScope(api, api.scope('Orders.Export'), { preAuthorize: false });
      const found = warnings(stack).filter((w) => w.includes('needs admin approval'));
      assert.equal(found.length, 1, found.join('\n'));
      assert.match(found[0], /Orders\.Access/);
    });

    it('warns when a disabled scope is requested', () => {
      const stack = makeStack();
      const api = ordersApiWithScopes(stack);
      api.addScope('Orders.Old', { adminConsentDescription: 'old', enabled: false });
      new SpaApp(stack, 'Web', WEB).requestScope(api, api.scope('Orders.Old'));
      assert.ok(warnings(stack).some((w) => /Orders\.Old.*disabled/.test(w)));
    });

    it('throws if the scope belongs to another API', () => {
      const stack = makeStack();
      const api = ordersApiWithScopes(stack);
      const other = new ProtectedApi(stack, 'Billing', { displayName: 'Billing', scopes: [{ value: 'Billing.Access', adminConsentDescription: 'b' }] });
      throwsWith(() => new SpaApp(stack, 'Web', WEB).requestScope(api, other.scope('Billing.Access')),
        /test\/Web/, /'Billing\.Access'/, /belongs to Billing/, /requestScope\(Billing, Billing\.scope\('Billing\.Access'\)\)/);
    });

    it('throws if the API does not expose the scope', () => {
      const stack = makeStack();
      const api = ordersApiWithScopes(stack);
      const fake = { api, value: 'Orders.Nope', scopeId: '00000000-0000-4000-8000-000000000001', fullScope: 'x' };
      throwsWith(() => new SpaApp(stack, 'Web', WEB).requestScope(api, fake),
        /test\/Web/, /requests scope 'Orders\.Nope' of Orders API, which it does not expose/, /addScope\('Orders\.Nope'/);
    });

    it('throws if the same scope is requested twice', () => {
      const stack = makeStack();
      const api = ordersApiWithScopes(stack);
      const web = new SpaApp(stack, 'Web', WEB);
      web.requestScope(api, api.scope('Orders.Access'));
      throwsWith(() => web.requestScope(api, api.scope('Orders.Access')), /test\/Web/, /'Orders\.Access' of Orders API twice/);
    });

    it('throws if pre-authorization is asked for on an API registered elsewhere', () => {
      const stack = makeStack();
      const api = RegisteredApi.fromClientId(stack, 'Billing', 'aaaaaaaa-0000-0000-0000-000000000001');
      throwsWith(() => new SpaApp(stack, 'Web', WEB).requestScope(api, api.scope('Billing.Access'), { preAuthorize: true }),
        /test\/Web/, /cannot pre-authorize/, /adminConsent: true/);
    });

    it('throws at synth if it requests scopes of APIs with different sign-in audiences and sets none', () => {
      const stack = makeStack();
      const a = ordersApiWithScopes(stack);
      const b = new ProtectedApi(stack, 'Wide', { displayName: 'Wide', signInAudience: SignInAudience.AZURE_AD_MULTIPLE_ORGS, scopes: [{ value: 'W.Access', adminConsentDescription: 'w' }] });
      const web = new SpaApp(stack, 'Web', WEB);
      web.requestScope(a, a.scope('Orders.Access'));
      web.requestScope(b, b.scope('W.Access'));
      throwsWith(() => synth(stack), /test\/Web/, /different sign-in audiences/, /set signInAudience/);
    });
  });

  describe('requestGraphScope', () => {
    it('resolves Microsoft Graph permissions by name through the published app ids, once per stack', () => {
      const stack = makeStack();
      const web = new SpaApp(stack, 'Web', WEB);
      web.requestGraphScope('User.Read');
      web.requestGraphScope('offline_access');
      new SpaApp(stack, 'Other', { ...WEB, displayName: 'Other' }).requestGraphScope('User.Read');
      const json = synth(stack);
      const published = dataSources(json, 'azuread_application_published_app_ids');
      assert.equal(Object.keys(published).length, 1);
      const [publishedId] = Object.keys(published);
      const sps = dataSources(json, 'azuread_service_principal');
      assert.equal(Object.keys(sps).length, 1);
      const [spId, sp] = Object.entries<any>(sps)[0];
      assert.equal(sp.client_id, `\${data.azuread_application_published_app_ids.${publishedId}.result["MicrosoftGraph"]}`);
      const access = at(json, 'azuread_application', 'Web').required_resource_access;
      assert.equal(access.length, 1);
      assert.equal(access[0].resource_app_id, `\${data.azuread_service_principal.${spId}.client_id}`);
      assert.deepEqual(access[0].resource_access, [
        { id: `\${data.azuread_service_principal.${spId}.oauth2_permission_scope_ids["User.Read"]}`, type: 'Scope' },
        { id: `\${data.azuread_service_principal.${spId}.oauth2_permission_scope_ids["offline_access"]}`, type: 'Scope' },
      ]);
      assert.ok(!JSON.stringify(json).includes('00000003-0000-0000-c000-000000000000'), 'no pasted Graph GUID');
      assert.deepEqual(resources(json, 'azuread_application_pre_authorized'), {}, 'Graph is not ours to pre-authorize on');
    });

    it('grants admin consent on Graph when asked', () => {
      const stack = makeStack();
      new SpaApp(stack, 'Web', WEB).requestGraphScope('User.Read', { adminConsent: true });
      const json = synth(stack);
      const grant = at(json, 'azuread_service_principal_delegated_permission_grant', 'Web/AdminConsent:MicrosoftGraph');
      assert.deepEqual(grant.claim_values, ['User.Read']);
      assert.match(grant.resource_service_principal_object_id, /data\.azuread_service_principal\.MicrosoftGraph_Lookup_[A-Z0-9]+\.object_id/);
    });

    it('throws if the Graph permission name is not a valid value', () => {
      throwsWith(() => new SpaApp(makeStack(), 'Web', WEB).requestGraphScope('User Read'), /MicrosoftGraph/, /'User Read' contains white space/);
    });
  });

  describe('redirect URI rules', () => {
    const bad: [string, string, RegExp][] = [
      ['is not https', 'http://orders.contoso.com/', /uses http on host 'orders\.contoso\.com'.*only for http:\/\/localhost/],
      ['has a wildcard', 'https://*.contoso.com/', /wildcard/],
      ['has a fragment', 'https://orders.contoso.com/#/home', /fragment/],
      ['is not a valid URL', 'orders.contoso.com', /not a valid absolute URL/],
      ['uses a custom scheme', 'myapp://auth', /scheme 'myapp:'.*must be https/],
      ['contains white space', 'https://orders.contoso.com/a b', /white space/],
      ['is longer than 256 characters', `https://orders.contoso.com/${'a'.repeat(240)}`, /at most 256/],
    ];
    for (const [what, uri, pattern] of bad) {
      it(`throws if a redirect URI ${what}`, () => {
        throwsWith(() => new SpaApp(makeStack(), 'Web', { ...WEB, redirectUris: [uri] }), /test\/Web/, pattern);
      });
    }

    it('accepts http on localhost and 127.0.0.1, with any port and path', () => {
      const stack = makeStack();
      new SpaApp(stack, 'Web', { ...WEB, redirectUris: ['http://localhost/', 'http://localhost:3000/auth', 'http://127.0.0.1:8080/'] });
      assert.equal(at(synth(stack), 'azuread_application', 'Web').single_page_application.redirect_uris.length, 3);
    });

    it('warns if a redirect URI is listed twice (the provider\'s set holds it once)', () => {
      const stack = makeStack();
      new SpaApp(stack, 'Web', { ...WEB, redirectUris: ['https://a.contoso.com/', 'https://a.contoso.com/'] });
      assert.ok(warnings(stack).some((w) => /'https:\/\/a\.contoso\.com\/' is listed twice/.test(w)));
    });

    it('throws if there are no redirect URIs', () => {
      throwsWith(() => new SpaApp(makeStack(), 'Web', { ...WEB, redirectUris: [] }), /test\/Web/, /redirectUris is empty/);
    });

    it('throws if there are more than 256 redirect URIs', () => {
      const uris = Array.from({ length: 257 }, (_, i) => `https://app${i}.contoso.com/`);
      throwsWith(() => new SpaApp(makeStack(), 'Web', { ...WEB, redirectUris: uris }), /257 redirect URIs/, /at most 256/);
      const web = new SpaApp(makeStack(), 'Web', { ...WEB, redirectUris: uris.slice(0, 256) });
      throwsWith(() => web.addRedirectUri('https://one-more.contoso.com/'), /257 redirect URIs/);
    });

    it('throws if an added redirect URI is bad', () => {
      const web = new SpaApp(makeStack(), 'Web', WEB);
      throwsWith(() => web.addRedirectUri('https://a.contoso.com/#x'), /test\/Web/, /fragment/);
    });
  });

  describe('props', () => {
    it('throws if display name is empty', () => {
      throwsWith(() => new SpaApp(makeStack(), 'Web', { ...WEB, displayName: ' ' }), /test\/Web/, /displayName is empty/);
    });

    it('throws if an owner is not an object id', () => {
      throwsWith(() => new SpaApp(makeStack(), 'Web', { ...WEB, owners: ['me@contoso.com'] }), /owner 'me@contoso\.com' is not an object id/);
    });

    it('throws if the sign-in audience is not one Entra knows', () => {
      throwsWith(() => new SpaApp(makeStack(), 'Web', { ...WEB, signInAudience: 'Everyone' as SignInAudience }), /signInAudience 'Everyone'/);
    });
  });
});
