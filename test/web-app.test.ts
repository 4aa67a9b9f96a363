import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtectedApi, SignInAudience, WebApp } from '../lib';
import { at, makeStack, ref, resources, synth, throwsWith, warnings } from './util';

const PORTAL = { displayName: 'Orders Portal', redirectUris: ['https://portal.contoso.com/signin-oidc'] };

describe('WebApp', () => {
  describe('app registration', () => {
    it('writes web redirect URIs, with implicit grant of both token kinds off, and no secret', () => {
      const stack = makeStack();
      new WebApp(stack, 'Portal', PORTAL);
      const json = synth(stack);
      const app = at(json, 'azuread_application', 'Portal');
      assert.deepEqual(app.web.redirect_uris, ['https://portal.contoso.com/signin-oidc']);
      assert.deepEqual(app.web.implicit_grant, { access_token_issuance_enabled: false, id_token_issuance_enabled: false });
      assert.equal(app.web.logout_url, undefined);
      assert.equal(app.single_page_application, undefined);
      assert.deepEqual(resources(json, 'azuread_application_password'), {});
      assert.deepEqual(resources(json, 'azuread_application_federated_identity_credential'), {});
    });

    it('writes the logout URL and home page, and ID tokens only when asked', () => {
      const stack = makeStack();
      new WebApp(stack, 'Portal', {
        ...PORTAL,
        logoutUrl: 'https://portal.contoso.com/signout-oidc',
        homepageUrl: 'https://portal.contoso.com',
        idTokenIssuanceEnabled: true,
      });
      const web = at(synth(stack), 'azuread_application', 'Portal').web;
      assert.equal(web.logout_url, 'https://portal.contoso.com/signout-oidc');
      assert.equal(web.homepage_url, 'https://portal.contoso.com');
      assert.deepEqual(web.implicit_grant, { access_token_issuance_enabled: false, id_token_issuance_enabled: true });
    });

    it('keeps the implicit flow\'s access tokens of a registration that uses it, with a warning', () => {
      const stack = makeStack();
      new WebApp(stack, 'Portal', { ...PORTAL, accessTokenIssuanceEnabled: true });
      assert.deepEqual(at(synth(stack), 'azuread_application', 'Portal').web.implicit_grant, { access_token_issuance_enabled: true, id_token_issuance_enabled: false });
      assert.ok(warnings(stack).some((w) => /accessTokenIssuanceEnabled is true/.test(w)), warnings(stack).join('\n'));
    });

    it('adds redirect URIs after construction', () => {
      const stack = makeStack();
      const portal = new WebApp(stack, 'Portal', PORTAL);
      portal.addRedirectUri('http://localhost:5000/signin-oidc');
      assert.deepEqual(at(synth(stack), 'azuread_application', 'Portal').web.redirect_uris,
        ['https://portal.contoso.com/signin-oidc', 'http://localhost:5000/signin-oidc']);
      assert.equal(portal.webRedirectUris.length, 2);
    });

    it('warns about a wildcard redirect URI, which Entra allows for web apps only', () => {
      const stack = makeStack();
      new WebApp(stack, 'Portal', { ...PORTAL, redirectUris: ['https://*.portal.contoso.com/signin-oidc'] });
      assert.ok(warnings(stack).some((w) => /test\/Portal.*wildcard/.test(w)));
    });

    it('requests scopes and is pre-authorized like any client', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', signInAudience: SignInAudience.AZURE_AD_MULTIPLE_ORGS,
        scopes: [{ value: 'Orders.Access', adminConsentDescription: 'a' }] });
      const portal = new WebApp(stack, 'Portal', PORTAL);
      portal.requestScope(api, api.scope('Orders.Access'));
      const json = synth(stack);
      assert.equal(at(json, 'azuread_application', 'Portal').sign_in_audience, 'AzureADMultipleOrgs');
      assert.equal(at(json, 'azuread_application_pre_authorized', 'Portal/PreAuthorized:Api').authorized_client_id,
        ref(json, 'azuread_application', 'Portal', 'client_id'));
    });

    it('throws if a redirect URI is plain http on a public host', () => {
      throwsWith(() => new WebApp(makeStack(), 'Portal', { ...PORTAL, redirectUris: ['http://portal.contoso.com/signin-oidc'] }),
        /test\/Portal/, /'http:\/\/portal\.contoso\.com\/signin-oidc'/, /only for http:\/\/localhost/);
    });

    it('throws if a redirect URI has a fragment', () => {
      throwsWith(() => new WebApp(makeStack(), 'Portal', { ...PORTAL, redirectUris: ['https://portal.contoso.com/#cb'] }), /fragment/);
    });

    it('throws if there are no redirect URIs', () => {
      throwsWith(() => new WebApp(makeStack(), 'Portal', { ...PORTAL, redirectUris: [] }), /redirectUris is empty/);
    });

    it('throws if the logout URL is not https', () => {
      throwsWith(() => new WebApp(makeStack(), 'Portal', { ...PORTAL, logoutUrl: 'http://portal.contoso.com/logout' }),
        /test\/Portal/, /logout URL 'http:\/\/portal\.contoso\.com\/logout'/);
    });

    it('throws if the home page is not a URL', () => {
      throwsWith(() => new WebApp(makeStack(), 'Portal', { ...PORTAL, homepageUrl: 'portal.contoso.com' }), /homepageUrl 'portal\.contoso\.com'/);
    });
  });
});
