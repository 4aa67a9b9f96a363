import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lazy, TerraformVariable } from 'cdktf';
import { DaemonApp, ExistingRegistration, MemberType, ProtectedApi, RegisteredApi, SignInAudience, SpaApp } from '../lib';
import { makeStack, resources, synth, throwsWith, warnings } from './util';
import { providerRuleErrors } from './provider-rules-check';

const API: ExistingRegistration = {
  applicationObjectId: 'c85d75ae-767c-5a42-9f3f-f7bcd220c4d9',
  clientId: '9277da26-bd02-5993-a64d-74e5fdae3743',
  servicePrincipalObjectId: '537e152b-a899-5b19-a0c0-54f61b1c53ba',
};
const PARTNER_URI = 'https://orders.contoso.com/api';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('ProtectedApi: what real registrations carry', () => {
  describe('several identifier URIs', () => {
    it('gives each added URI its own identifier-URI resource beside api://{clientId}', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', additionalIdentifierUris: [PARTNER_URI], verifiedDomains: ['contoso.com'] });
      api.addIdentifierUri('https://contoso.com/orders-legacy');
      const json = synth(stack);
      const uris = Object.values(resources(json, 'azuread_application_identifier_uri')).map((r: any) => r.identifier_uri).sort();
      assert.equal(uris.length, 3);
      assert.deepEqual(uris.slice(1), ['https://contoso.com/orders-legacy', PARTNER_URI].sort());
      assert.match(uris[0], /^api:\/\/\$\{azuread_application\.Api_[0-9A-F]{8}\.client_id\}$/);
      assert.equal(api.identifierUris.length, 3);
      assert.equal(api.identifierUris[0], api.identifierUri, 'the primary URI stays first, and defaultScope is built from it');
      assert.deepEqual(Object.values(resources(json, 'azuread_application'))[0].lifecycle.ignore_changes, ['identifier_uris']);
      assert.equal(json.import, undefined);
      assert.deepEqual(providerRuleErrors(json), []);
    });

    it('writes added URIs into identifier_uris when the API has a custom identifier URI', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', identifierUri: 'https://api.contoso.com/orders', additionalIdentifierUris: [PARTNER_URI], verifiedDomains: ['contoso.com'] });
      api.addIdentifierUri('https://api.contoso.com/orders-v1');
      const json = synth(stack);
      const app: any = Object.values(resources(json, 'azuread_application'))[0];
      assert.deepEqual(app.identifier_uris, ['https://api.contoso.com/orders', PARTNER_URI, 'https://api.contoso.com/orders-v1']);
      assert.equal(json.resource.azuread_application_identifier_uri, undefined);
      assert.equal(api.defaultScope, 'https://api.contoso.com/orders/.default');
    });

    it('adopts the added URIs of an adopted API with import blocks, unless marked as new', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', existing: API, additionalIdentifierUris: [PARTNER_URI], verifiedDomains: ['contoso.com'] });
      api.addIdentifierUri('https://contoso.com/orders-next', { exists: false });
      const ids = (synth(stack).import as { to: string; id: string }[]).filter((i) => i.to.startsWith('azuread_application_identifier_uri.')).map((i) => i.id).sort();
      assert.deepEqual(ids, [
        `/applications/${API.applicationObjectId}/identifierUris/${b64(`api://${API.clientId}`)}`,
        `/applications/${API.applicationObjectId}/identifierUris/${b64(PARTNER_URI)}`,
      ].sort());
    });

    it('throws on a URI listed twice, a fragment, a token, or an existing URI on an API that adopts nothing', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'A', identifierUri: 'https://api.contoso.com/orders', additionalIdentifierUris: ['https://api.contoso.com/orders'] }),
        /\[test\/Api\] identifier URI 'https:\/\/api\.contoso\.com\/orders' is listed already/);
      const slash = makeStack();
      new ProtectedApi(slash, 'Api', { displayName: 'A', additionalIdentifierUris: ['https://orders.contoso.com/'] });
      assert.ok(warnings(slash).some((w) => /ends with '\/'/.test(w)), 'a trailing slash is legal (a warning)');
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'A', additionalIdentifierUris: ['https://orders.contoso.com/#x'] }), /query or fragment/);
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
      throwsWith(() => api.addIdentifierUri(api.clientId), /must be known at synth/);
      throwsWith(() => api.addIdentifierUri('api://orders', { exists: true }), /marked as existing, but A does not adopt/);
    });

    it('allows at most 50 identifier URIs with a personal-account audience', () => {
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A', signInAudience: SignInAudience.AZURE_AD_AND_PERSONAL_MICROSOFT_ACCOUNT });
      for (let i = 1; i < 50; i++) api.addIdentifierUri(`api://orders-${i}`);
      throwsWith(() => api.addIdentifierUri('api://orders-50'), /would be number 51; with signInAudience AzureADandPersonalMicrosoftAccount/);
    });
  });

  describe('known client applications (combined consent)', () => {
    it('writes literal client ids into api.known_client_applications', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', { displayName: 'Orders API', knownClientApplications: ['90fee439-8b7e-5191-a465-9b5e269170b0'] });
      const app: any = Object.values(resources(synth(stack), 'azuread_application'))[0];
      assert.deepEqual(app.api.known_client_applications, ['90fee439-8b7e-5191-a465-9b5e269170b0']);
    });

    it('throws on what is not a client id, and warns of a client listed twice (in any case: written once, in lower case)', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'A', knownClientApplications: ['orders-web'] }), /known client application 'orders-web' is not a GUID/);
      const stack = makeStack();
      const other = new ProtectedApi(stack, 'Other', { displayName: 'Other' });
      throwsWith(() => new ProtectedApi(stack, 'Api', { displayName: 'A', knownClientApplications: [other.servicePrincipalObjectId] }), /object_id/);
      const twice = makeStack();
      new ProtectedApi(twice, 'Api', { displayName: 'A', knownClientApplications: ['90fee439-8b7e-5191-a465-9b5e269170b0', '90FEE439-8B7E-5191-A465-9B5E269170B0'] });
      assert.ok(warnings(twice).some((w) => /listed twice/.test(w)));
      const app: any = Object.values(resources(synth(twice), 'azuread_application'))[0];
      assert.deepEqual([...new Set(app.api.known_client_applications)], ['90fee439-8b7e-5191-a465-9b5e269170b0']);
    });

    it('refuses at synth a client of this program that requests the API: a reference cycle', () => {
      const stack = makeStack();
      const web = new SpaApp(stack, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'] });
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', knownClientApplications: [web.clientId], scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Call' }] });
      web.requestScope(api, api.scope('Orders.Access'));
      throwsWith(() => synth(stack), /\[test\/Api\] lists Orders Web's clientId as a known client application, while Orders Web requests permissions of this API/);
    });

    describe('a ProtectedApi as the known client (issue 21: an API can be a client)', () => {
      // B is an API that also calls A: its required access names A's client id, so A listing
      // B's client id by reference makes the two applications need each other's ids.
      const twoApis = () => {
        const stack = makeStack();
        const b = new ProtectedApi(stack, 'Billing', { displayName: 'Billing API' });
        const a = new ProtectedApi(stack, 'Orders', {
          displayName: 'Orders API', knownClientApplications: [b.clientId],
          scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Call' }],
          appRoles: [{ value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.APPLICATION] }],
        });
        return { stack, a, b };
      };
      const CYCLE = /\[test\/Orders\] lists Billing API's clientId as a known client application, while Billing API requests permissions of this API \(test\/Billing\): each registration would need the other's id first, a reference cycle Terraform refuses\. Give the client id as a literal GUID once Billing API exists/;

      it('refuses an API listing another API that requests its scope, with the message a web app gets', () => {
        const { stack, a, b } = twoApis();
        b.requestScope(a, a.scope('Orders.Access'));
        throwsWith(() => synth(stack), CYCLE);
        // The same shape of message as for a client app: one check, one message.
        const spa = makeStack();
        const web = new SpaApp(spa, 'Billing', { displayName: 'Billing API', redirectUris: ['https://billing.contoso.com/'] });
        const api = new ProtectedApi(spa, 'Orders', { displayName: 'Orders API', knownClientApplications: [web.clientId], scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Call' }] });
        web.requestScope(api, api.scope('Orders.Access'));
        throwsWith(() => synth(spa), CYCLE);
      });

      it('refuses an API listing another API that requests its app role', () => {
        const { stack, a, b } = twoApis();
        b.requestAppRole(a.appRole('Orders.Read'));
        throwsWith(() => synth(stack), CYCLE);
      });

      it('refuses it when the client requests the API through a RegisteredApi made from its client id', () => {
        const { stack, a, b } = twoApis();
        const viaLookup = RegisteredApi.fromClientId(stack, 'OrdersLookup', a.clientId, { displayName: 'Orders (looked up)' });
        b.requestScope(viaLookup, viaLookup.scope('Orders.Access'));
        throwsWith(() => synth(stack), CYCLE);
      });

      it('refuses a daemon that requests the API\'s role, as every kind with a client part', () => {
        const stack = makeStack();
        const daemon = new DaemonApp(stack, 'Worker', { displayName: 'Orders Worker' });
        const api = new ProtectedApi(stack, 'Orders', {
          displayName: 'Orders API', knownClientApplications: [daemon.clientId],
          appRoles: [{ value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.APPLICATION] }],
        });
        daemon.requestAppRole(api.appRole('Orders.Read'));
        throwsWith(() => synth(stack), /lists Orders Worker's clientId as a known client application, while Orders Worker requests permissions of this API \(test\/Worker\)/);
      });

      it('accepts an API listing another API that requests nothing of it, written as a reference', () => {
        const { stack, b } = twoApis();
        const other = new ProtectedApi(stack, 'Other', { displayName: 'Other API', scopes: [{ value: 'Other.Access', adminConsentDescription: 'Call' }] });
        b.requestScope(other, other.scope('Other.Access'));
        const app: any = Object.values(resources(synth(stack), 'azuread_application')).find((x: any) => x.display_name === 'Orders API');
        assert.match(app.api.known_client_applications[0], /^\$\{azuread_application\.Billing_[0-9A-F]{8}\.client_id\}$/);
      });
    });

    it('refuses an API listing its own client id by reference: Terraform refuses the self-reference', () => {
      const stack = makeStack();
      const api: ProtectedApi = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', knownClientApplications: [Lazy.stringValue({ produce: () => api.clientId })] });
      throwsWith(() => synth(stack),
        /\[test\/Api\] lists its own client id \(\$\{azuread_application\.Api_[0-9A-F]{8}\.client_id\}\) as a known client application: an application cannot reference its own attributes/);
    });

    it('warns, and writes, an adopted API that lists its own client id as a literal: Graph holds it, it bundles nothing', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', { displayName: 'Orders API', existing: API, knownClientApplications: [API.clientId.toUpperCase()] });
      assert.ok(warnings(stack).some((w) => w.startsWith('[test/Api] ') && w.includes(`known client application '${API.clientId}' is this API's own client id (existing.clientId)`)),
        warnings(stack).join('\n'));
      const app: any = Object.values(resources(synth(stack), 'azuread_application'))[0];
      assert.deepEqual(app.api.known_client_applications, [API.clientId]);
    });

    it('accepts a known client given by a token that is not one of this program\'s registrations, without judging it', () => {
      const stack = makeStack();
      const partner = new TerraformVariable(stack, 'partner_client_id', { type: 'string' });
      new ProtectedApi(stack, 'Api', { displayName: 'Orders API', knownClientApplications: [partner.stringValue] });
      const app: any = Object.values(resources(synth(stack), 'azuread_application'))[0];
      assert.deepEqual(app.api.known_client_applications, ['${var.partner_client_id}']);
      assert.deepEqual(warnings(stack), []);
    });

    it('accepts the client id of a client that does not request the API', () => {
      const stack = makeStack();
      const web = new SpaApp(stack, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'] });
      new ProtectedApi(stack, 'Api', { displayName: 'Orders API', knownClientApplications: [web.clientId] });
      const app: any = Object.values(resources(synth(stack), 'azuread_application')).find((a: any) => a.display_name === 'Orders API');
      assert.match(app.api.known_client_applications[0], /^\$\{azuread_application\.Web_[0-9A-F]{8}\.client_id\}$/);
    });
  });
});
