import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { ProtectedApi, SignInAudience, WebApp } from '../lib';
import { at, idAt, ref } from './client-test-util';
import { makeStack, resources, synth, throwsWith, warnings } from './util';

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

  describe('client secret', () => {
    it('rotates on a schedule with time_rotating, stays valid for a grace period, and is replaced before it is destroyed', () => {
      const stack = makeStack();
      const portal = new WebApp(stack, 'Portal', PORTAL);
      const secret = portal.addClientSecret();
      const json = synth(stack);
      const rotation = at(json, 'time_rotating', 'Portal/ClientSecret:terraform/Rotation');
      assert.equal(rotation.rotation_days, 180);
      const password = at(json, 'azuread_application_password', 'Portal/ClientSecret:terraform');
      assert.equal(password.application_id, ref(json, 'azuread_application', 'Portal', 'id'));
      assert.equal(password.display_name, 'terraform');
      assert.deepEqual(password.rotate_when_changed, { rotation: ref(json, 'time_rotating', 'Portal/ClientSecret:terraform/Rotation', 'id') });
      assert.equal(password.end_date, `\${timeadd(time_rotating.${idAt(json, 'time_rotating', 'Portal/ClientSecret:terraform/Rotation')}.rotation_rfc3339, "720h")}`);
      assert.deepEqual(password.lifecycle, { create_before_destroy: true });
      assert.deepEqual(portal.clientSecrets, [secret]);
      assert.ok(json.provider.time, 'the time provider is configured for the stack');
    });

    it('takes the rotation period, grace period and name', () => {
      const stack = makeStack();
      new WebApp(stack, 'Portal', PORTAL).addClientSecret({ displayName: 'ci', rotationDays: 30, graceDays: 7 });
      const json = synth(stack);
      assert.equal(at(json, 'time_rotating', 'Portal/ClientSecret:ci/Rotation').rotation_days, 30);
      const password = at(json, 'azuread_application_password', 'Portal/ClientSecret:ci');
      assert.equal(password.display_name, 'ci');
      assert.match(password.end_date, /, "168h"\)\}$/);
    });

    it('adds the time provider once per stack, and not when the stack declares one', () => {
      const stack = makeStack();
      const portal = new WebApp(stack, 'Portal', PORTAL);
      portal.addClientSecret({ displayName: 'a' });
      portal.addClientSecret({ displayName: 'b' });
      assert.equal(synth(stack).provider.time.length, 1);
    });

    it('uses a time provider the stack declared first', () => {
      const stack = makeStack();
      new TimeProvider(stack, 'time', {});
      new WebApp(stack, 'Portal', PORTAL).addClientSecret();
      assert.equal(synth(stack).provider.time.length, 1);
    });

    it('throws at synth if a time provider is declared after the first secret', () => {
      const stack = makeStack();
      new WebApp(stack, 'Portal', PORTAL).addClientSecret();
      new TimeProvider(stack, 'time', {});
      throwsWith(() => synth(stack), /hashicorp\/time provider is configured twice/, /test\/time/, /before the first addClientSecret/);
    });

    it('throws if two secrets would get the same output name, naming both', () => {
      const portal = new WebApp(makeStack(), 'Portal', PORTAL);
      portal.addClientSecret({ displayName: 'a-b' });
      portal.addClientSecret({ displayName: 'aB' });
      throwsWith(() => portal.addOutputs({ includeClientSecrets: true }), /'a-b' and 'aB' would both be output as 'portalClientSecretAB'/);
    });

    it('throws at synth if a secret is added after its outputs were made', () => {
      const stack = makeStack();
      const portal = new WebApp(stack, 'Portal', PORTAL);
      portal.addClientSecret({ displayName: 'first' });
      portal.addOutputs({ includeClientSecrets: true });
      portal.addClientSecret({ displayName: 'late' });
      throwsWith(() => synth(stack), /client secret 'late' was added after addOutputs/);
    });

    it('never outputs a secret unless asked, and then only as sensitive', () => {
      const stack = makeStack();
      const portal = new WebApp(stack, 'Portal', PORTAL);
      portal.addClientSecret();
      portal.addOutputs();
      let json = synth(stack);
      assert.ok(!JSON.stringify(json.output).includes('azuread_application_password'), 'no secret in outputs by default');
      const stack2 = makeStack();
      const portal2 = new WebApp(stack2, 'Portal', PORTAL);
      portal2.addClientSecret();
      portal2.addOutputs({ includeClientSecrets: true });
      json = synth(stack2);
      const out = json.output.portalClientSecretTerraform;
      assert.equal(out.sensitive, true);
      assert.equal(out.value, ref(json, 'azuread_application_password', 'Portal/ClientSecret:terraform', 'value'));
      for (const [name, o] of Object.entries<any>(json.output)) {
        if (String(o.value).includes('azuread_application_password')) assert.equal(o.sensitive, true, `${name} must be sensitive`);
      }
    });

    it('warns that a secret is a long-lived credential', () => {
      const stack = makeStack();
      new WebApp(stack, 'Portal', PORTAL).addClientSecret();
      assert.ok(warnings(stack).some((w) => /long-lived credential/.test(w) && /federated credential/.test(w)));
    });

    it('throws if two secrets have the same name', () => {
      const portal = new WebApp(makeStack(), 'Portal', PORTAL);
      portal.addClientSecret();
      throwsWith(() => portal.addClientSecret(), /test\/Portal/, /already has a client secret named 'terraform'/);
    });

    it('throws if the rotation period is not a whole number of days, or secret lifetime passes two years', () => {
      const portal = new WebApp(makeStack(), 'Portal', PORTAL);
      throwsWith(() => portal.addClientSecret({ rotationDays: 0 }), /rotationDays 0 is not a whole number of days of at least 1/);
      throwsWith(() => portal.addClientSecret({ displayName: 'x', rotationDays: 1.5 }), /rotationDays 1\.5/);
      throwsWith(() => portal.addClientSecret({ displayName: 'y', graceDays: -1 }), /graceDays -1/);
      throwsWith(() => portal.addClientSecret({ displayName: 'z', rotationDays: 720, graceDays: 30 }), /750 days/, /at most two years/);
    });

    it('throws if the secret name is not valid', () => {
      throwsWith(() => new WebApp(makeStack(), 'Portal', PORTAL).addClientSecret({ displayName: 'my secret' }), /client secret name 'my secret' is not valid/);
    });
  });

  describe('federated credentials', () => {
    it('adds a federated credential with the token exchange audience by default', () => {
      const stack = makeStack();
      const portal = new WebApp(stack, 'Portal', PORTAL);
      const cred = portal.addFederatedCredential('aks', { issuer: 'https://oidc.prod-aks.azure.com/abc/', subject: 'system:serviceaccount:orders:portal' });
      const json = synth(stack);
      const fic = at(json, 'azuread_application_federated_identity_credential', 'Portal/FederatedCredential:aks');
      assert.deepEqual(fic, {
        application_id: ref(json, 'azuread_application', 'Portal', 'id'),
        display_name: 'aks',
        issuer: 'https://oidc.prod-aks.azure.com/abc/',
        subject: 'system:serviceaccount:orders:portal',
        audiences: ['api://AzureADTokenExchange'],
      });
      assert.deepEqual(portal.federatedCredentials, [cred]);
    });
  });
});
