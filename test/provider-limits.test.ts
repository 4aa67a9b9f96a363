import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformVariable } from 'cdktf';
import { EntraGroup, MemberType, ProtectedApi, PublicClientApp, RegisteredApi, SignInAudience, SpaApp, WebApp, WorkloadIdentity } from '../lib';
import { providerRuleErrors } from './provider-rules-check';
import { at, makeStack, synth, throwsWith } from './util';

// Each rule the azuread provider (or Graph, at apply) enforces on a value the library writes is
// refused where the value arrives, naming the construct, the value and the fix; test/provider-rules.test.ts
// checks the synthesized stacks of the examples and fixtures against the same rules.

const WEB = { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'] };
const PORTAL = { displayName: 'Orders Portal', redirectUris: ['https://portal.contoso.com/signin-oidc'] };
const PERSONAL = SignInAudience.AZURE_AD_AND_PERSONAL_MICROSOFT_ACCOUNT;

describe('provider rules, refused at synth', () => {
  describe('redirect URIs', () => {
    it('throws if a SPA redirect URI is a bare origin, and says to add the slash and send the same string from MSAL', () => {
      throwsWith(() => new SpaApp(makeStack(), 'Web', { ...WEB, redirectUris: ['https://orders.contoso.com'] }),
        /\[test\/Web\]/, /'https:\/\/orders\.contoso\.com' has no path/, /trailing slash when there is no path segment/,
        /Write 'https:\/\/orders\.contoso\.com\/'/, /MSAL's redirectUri/);
    });

    it('throws if a SPA redirect URI is a bare loopback origin or a query without a path', () => {
      throwsWith(() => new SpaApp(makeStack(), 'Web', { ...WEB, redirectUris: ['http://localhost:5173'] }), /Write 'http:\/\/localhost:5173\/'/);
      throwsWith(() => new SpaApp(makeStack(), 'Web', { ...WEB, redirectUris: ['https://orders.contoso.com?tenant=a'] }),
        /Write 'https:\/\/orders\.contoso\.com\/\?tenant=a'/);
      const web = new SpaApp(makeStack(), 'Web', WEB);
      throwsWith(() => web.addRedirectUri('https://staging.orders.contoso.com'), /has no path/);
    });

    it('throws if a web redirect URI is a bare origin', () => {
      throwsWith(() => new WebApp(makeStack(), 'Portal', { ...PORTAL, redirectUris: ['https://portal.contoso.com'] }),
        /\[test\/Portal\] web redirect URI 'https:\/\/portal\.contoso\.com' has no path/);
    });

    it('accepts a public client redirect URI without a path, as the provider does', () => {
      const stack = makeStack();
      new PublicClientApp(stack, 'Cli', { displayName: 'CLI', redirectUris: ['http://localhost', 'myapp://auth', 'urn:ietf:wg:oauth:2.0:oob'] });
      const json = synth(stack);
      assert.deepEqual(at(json, 'azuread_application', 'Cli').public_client.redirect_uris, ['http://localhost', 'myapp://auth', 'urn:ietf:wg:oauth:2.0:oob']);
      assert.deepEqual(providerRuleErrors(json), []);
    });

    it('throws if a redirect URI names no host', () => {
      throwsWith(() => new SpaApp(makeStack(), 'Web', { ...WEB, redirectUris: ['https:///callback'] }), /'https:\/\/\/callback' names no host/);
      throwsWith(() => new PublicClientApp(makeStack(), 'Cli', { displayName: 'CLI', redirectUris: ['myapp:/callback'] }), /'myapp:\/callback' names no host/, /myapp:\/\/auth/);
      throwsWith(() => new PublicClientApp(makeStack(), 'Cli', { displayName: 'CLI', redirectUris: ['msal:auth'] }), /names no host/);
    });

    it('throws if a redirect URI is over 256 bytes, counting UTF-8 bytes as the provider does', () => {
      const uri = `https://orders.contoso.com/${'é'.repeat(120)}`; // 147 characters, 267 bytes
      throwsWith(() => new SpaApp(makeStack(), 'Web', { ...WEB, redirectUris: [uri] }), /is 267 bytes long \(UTF-8\)/, /at most 256/);
    });

    it('throws if a logout URL is over 255 bytes or names no host, and accepts one without a path', () => {
      throwsWith(() => new WebApp(makeStack(), 'Portal', { ...PORTAL, logoutUrl: `https://portal.contoso.com/${'a'.repeat(229)}` }), /logout URL/, /256 bytes long/, /at most 255/);
      throwsWith(() => new WebApp(makeStack(), 'Portal', { ...PORTAL, logoutUrl: 'https:///signout' }), /logout URL 'https:\/\/\/signout' names no host/);
      const stack = makeStack();
      new WebApp(stack, 'Portal', { ...PORTAL, logoutUrl: 'https://portal.contoso.com', homepageUrl: 'https://portal.contoso.com' });
      assert.equal(at(synth(stack), 'azuread_application', 'Portal').web.logout_url, 'https://portal.contoso.com');
    });

    it('throws if a homepage URL names no host', () => {
      throwsWith(() => new WebApp(makeStack(), 'Portal', { ...PORTAL, homepageUrl: 'https:///home' }), /homepageUrl 'https:\/\/\/home'/);
    });

    it('never judges a redirect URI that is a token', () => {
      const stack = makeStack();
      const host = new TerraformVariable(stack, 'host', { type: 'string' }).stringValue;
      new SpaApp(stack, 'Web', { ...WEB, redirectUris: [`https://${host}`] });
      assert.deepEqual(at(synth(stack), 'azuread_application', 'Web').single_page_application.redirect_uris, ['https://${var.host}']);
    });
  });

  describe('apps that sign in personal Microsoft accounts', () => {
    it('fails synth if a redirect URI has a query string', () => {
      const stack = makeStack();
      new SpaApp(stack, 'Web', { ...WEB, signInAudience: PERSONAL, redirectUris: ['https://orders.contoso.com/auth?tenant=a'] });
      throwsWith(() => synth(stack), /\[test\/Web\] SPA redirect URI 'https:\/\/orders\.contoso\.com\/auth\?tenant=a' has a query string/, /AzureADandPersonalMicrosoftAccount/);
    });

    it('fails synth if a web redirect URI has a wildcard host', () => {
      const stack = makeStack();
      new WebApp(stack, 'Portal', { ...PORTAL, signInAudience: PERSONAL, redirectUris: ['https://*.contoso.com/signin-oidc'] });
      throwsWith(() => synth(stack), /wildcard host/);
    });

    it('fails synth with more than 100 redirect URIs on a platform, which a work-account app may have', () => {
      const uris = Array.from({ length: 101 }, (_, i) => `https://app${i}.contoso.com/`);
      const ok = makeStack();
      new SpaApp(ok, 'Web', { ...WEB, redirectUris: uris });
      synth(ok);
      const stack = makeStack();
      new SpaApp(stack, 'Web', { ...WEB, redirectUris: uris, signInAudience: SignInAudience.PERSONAL_MICROSOFT_ACCOUNT });
      throwsWith(() => synth(stack), /has 101 SPA redirect URIs/, /at most 100/);
    });

    it('fails synth if a client that follows a personal-account API gets a query-string redirect URI', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'A', signInAudience: PERSONAL });
      api.addScope('Orders.Access', { adminConsentDescription: 'd' });
      const web = new SpaApp(stack, 'Web', { ...WEB, redirectUris: ['https://orders.contoso.com/?x=1'] });
      web.requestScope(api, api.scope('Orders.Access'));
      throwsWith(() => synth(stack), /has a query string/);
    });

    it('fails synth if a client requests more than 30 permissions of one API', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'A', signInAudience: PERSONAL });
      const web = new SpaApp(stack, 'Web', WEB);
      for (let i = 0; i < 31; i++) web.requestScope(api, api.addScope(`Scope${i}`, { adminConsentDescription: 'd' }));
      throwsWith(() => synth(stack), /requests 31 scopes and roles of test\/Api/, /at most 30 per API/);
    });

    it('throws if a scope value is over 40 characters, or the API gets a 101st scope', () => {
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A', signInAudience: PERSONAL });
      throwsWith(() => api.addScope(`Orders.${'a'.repeat(34)}`, { adminConsentDescription: 'd' }), /is 41 characters long/, /at most 40/);
      for (let i = 0; i < 100; i++) api.addScope(`S${i}`, { adminConsentDescription: 'd' });
      throwsWith(() => api.addScope('S100', { adminConsentDescription: 'd' }), /scope number 101/, /at most 100/);
      new ProtectedApi(makeStack(), 'Api', { displayName: 'A' }).addScope(`Orders.${'a'.repeat(34)}`, { adminConsentDescription: 'd' });
    });
  });

  describe('registration texts and owners', () => {
    it('throws if a description is over 1,024 bytes, counting UTF-8 bytes', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'A', description: 'é'.repeat(513) }), /\[test\/Api\] description is 1026 bytes long/, /at most 1024/);
      throwsWith(() => new SpaApp(makeStack(), 'Web', { ...WEB, description: 'x'.repeat(1025) }), /\[test\/Web\] description is 1025 bytes/);
      new ProtectedApi(makeStack(), 'Api', { displayName: 'A', description: 'x'.repeat(1024) });
    });

    it('throws if notes are empty', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'A', notes: '' }), /notes is empty/, /leave notes out/);
    });

    it('throws if there are more than 100 owners', () => {
      const owners = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'A', owners }), /has 101 owners/, /at most 100/);
    });

    it('throws if a display name has an apostrophe while duplicate names are prevented, which breaks the plan-time lookup', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: "Jane's API" }), /displayName 'Jane's API' contains an apostrophe/, /preventDuplicateNames: false/);
      throwsWith(() => new SpaApp(makeStack(), 'Web', { ...WEB, displayName: "Jane's web" }), /apostrophe/);
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', { displayName: "Jane's API", preventDuplicateNames: false });
      assert.equal(at(synth(stack), 'azuread_application', 'Api').display_name, "Jane's API");
    });

    it('throws if a scope has an empty consent display name or user consent description', () => {
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
      throwsWith(() => api.addScope('Orders.Access', { adminConsentDescription: 'd', adminConsentDisplayName: '' }), /scope 'Orders\.Access' has an empty adminConsentDisplayName/, /leave it out/);
      throwsWith(() => api.addScope('Orders.Access', { adminConsentDescription: 'd', userConsentDisplayName: ' ' }), /empty userConsentDisplayName/);
      throwsWith(() => api.addScope('Orders.Access', { adminConsentDescription: 'd', userConsentDescription: '' }), /empty userConsentDescription/);
    });
  });

  describe('workload identities', () => {
    it('throws if the resource group name or the location is one the azurerm provider rejects', () => {
      throwsWith(() => new WorkloadIdentity(makeStack(), 'Id', { name: 'id-orders', resourceGroupName: 'rg orders', location: 'westeurope' }),
        /\[test\/Id\] resourceGroupName 'rg orders' is not a resource group name/);
      throwsWith(() => new WorkloadIdentity(makeStack(), 'Id', { name: 'id-orders', resourceGroupName: 'rg-orders.', location: 'westeurope' }), /not ending with '\.'/);
      throwsWith(() => new WorkloadIdentity(makeStack(), 'Id', { name: 'id-orders', resourceGroupName: 'rg-orders', location: '' }), /location is empty/);
      const stack = makeStack();
      new WorkloadIdentity(stack, 'Id', { name: 'id-orders', resourceGroupName: 'rg_orders-(prod).1', location: 'westeurope' });
      assert.deepEqual(providerRuleErrors(synth(stack)), []);
    });
  });

  describe('lookups', () => {
    it('throws if a group display name has an apostrophe, which the provider\'s lookup filter does not escape', () => {
      throwsWith(() => EntraGroup.fromDisplayName(makeStack(), 'Readers', "Jane's readers"), /\[test\/Readers\]/, /apostrophe/, /fromObjectId/);
    });

    it('throws if an identifier URI to look an API up by has an apostrophe, for the same reason', () => {
      throwsWith(() => RegisteredApi.fromIdentifierUri(makeStack(), 'Billing', "api://billing.contoso.com/jane's"), /\[test\/Billing\]/, /apostrophe/, /fromClientId/);
    });
  });

  it('lets a valid API, SPA and web app through with values the providers accept', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', signInAudience: PERSONAL });
    api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] });
    const web = new SpaApp(stack, 'Web', { ...WEB, redirectUris: ['https://orders.contoso.com/', 'http://localhost:5173/'] });
    web.requestScope(api, api.addScope('Orders.Access', { adminConsentDescription: 'd' }));
    new WebApp(stack, 'Portal', { ...PORTAL, signInAudience: PERSONAL, logoutUrl: 'https://portal.contoso.com/signout' });
    assert.deepEqual(providerRuleErrors(synth(stack)), []);
  });
});
