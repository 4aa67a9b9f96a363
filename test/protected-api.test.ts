import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import { GroupMembershipClaim, ProtectedApi, SignInAudience } from '../lib';
import { dataSources, makeStack, onlyResource, resources, synth, throwsWith, warnings } from './util';

describe('ProtectedApi', () => {
  describe('app registration', () => {
    it('is secure by default: token v2, single tenant, no duplicate names, owned by the deployer', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
      const json = synth(stack);
      const app = onlyResource(json, 'azuread_application');
      assert.equal(app.display_name, 'Orders API');
      assert.equal(app.sign_in_audience, 'AzureADMyOrg');
      assert.equal(app.prevent_duplicate_names, true);
      assert.equal(app.api.requested_access_token_version, 2);
      assert.deepEqual(app.owners, ['${data.azuread_client_config.EntraClientConfig.object_id}']);
      assert.equal(app.password, undefined, 'no secret unless asked');
      assert.equal(Object.keys(dataSources(json, 'azuread_client_config')).length, 1);
    });

    it('makes one client config data source per stack, however many APIs', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'A', { displayName: 'A' });
      new ProtectedApi(stack, 'B', { displayName: 'B' });
      assert.equal(Object.keys(dataSources(synth(stack), 'azuread_client_config')).length, 1);
    });

    it('uses the given owners instead of the deployer', () => {
      const stack = makeStack();
      const owner = '0a0a0a0a-1111-2222-3333-444444444444';
      new ProtectedApi(stack, 'Api', { displayName: 'Orders API', owners: [owner] });
      const json = synth(stack);
      assert.deepEqual(onlyResource(json, 'azuread_application').owners, [owner]);
      assert.deepEqual(onlyResource(json, 'azuread_service_principal').owners, [owner]);
      assert.equal(Object.keys(dataSources(json, 'azuread_client_config')).length, 0);
    });

    it('writes group membership claims and optional claims', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', {
        displayName: 'Orders API',
        groupMembershipClaims: [GroupMembershipClaim.SECURITY_GROUP],
        optionalClaims: { accessToken: [{ name: 'idtyp' }], idToken: [{ name: 'email', essential: true }] },
      });
      const app = onlyResource(synth(stack), 'azuread_application');
      assert.deepEqual(app.group_membership_claims, ['SecurityGroup']);
      assert.equal(app.optional_claims.access_token[0].name, 'idtyp');
      assert.equal(app.optional_claims.id_token[0].essential, true);
    });

    it('throws if display name is empty', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: '  ' }), /test\/Api/, /displayName is empty/);
    });

    it('throws if an owner is not an object id', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'A', owners: ['me@contoso.com'] }),
        /owner 'me@contoso.com' is not an object id/);
    });

    it('warns, not throws, if owners is empty: Graph takes a registration without owners', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', { displayName: 'A', owners: [] });
      assert.ok(warnings(stack).some((w) => /owners is empty/.test(w)));
    });

    it('throws if the access token version is neither 1 nor 2', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'A', accessTokenVersion: 3 }), /accessTokenVersion 3 is not valid/);
    });

    it('throws if personal accounts are combined with token version 1', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', {
        displayName: 'A', accessTokenVersion: 1, signInAudience: SignInAudience.AZURE_AD_AND_PERSONAL_MICROSOFT_ACCOUNT,
      }), /personal accounts need version 2/);
    });

    it('warns about token version 1', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', { displayName: 'A', accessTokenVersion: 1 });
      assert.ok(warnings(stack).some((w) => /accessTokenVersion is 1/.test(w)));
      // True of an API with no identifier URI too (an adopted one): its v1 tokens name the client id.
      assert.ok(warnings(stack).some((w) => /as audience, the resource the client named in its request \(an identifier URI, or the client id when the API has none\)/.test(w)));
    });

    it('warns if None is combined with other group claims', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', { displayName: 'A', groupMembershipClaims: [GroupMembershipClaim.NONE, GroupMembershipClaim.ALL] });
      assert.ok(warnings(stack).some((w) => /combines None with other values/.test(w)));
    });

    it('warns if an optional claim is listed twice', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', { displayName: 'A', optionalClaims: { accessToken: [{ name: 'upn' }, { name: 'upn' }] } });
      assert.ok(warnings(stack).some((w) => /claim 'upn' is listed twice/.test(w)));
    });
  });

  describe('enterprise application', () => {
    it('requires assignment and is tagged as an enterprise application', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
      const json = synth(stack);
      const sp = onlyResource(json, 'azuread_service_principal');
      assert.equal(sp.app_role_assignment_required, true);
      assert.match(sp.client_id, /^\$\{azuread_application\.Api_[0-9A-F]+\.client_id\}$/);
      assert.deepEqual(sp.feature_tags, [{ enterprise: true }]);
      assert.match(api.servicePrincipalObjectId, /TOKEN/);
    });

    it('warns when assignment is not required', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', { displayName: 'A', appRoleAssignmentRequired: false });
      assert.equal(onlyResource(synth(stack), 'azuread_service_principal').app_role_assignment_required, false);
      assert.ok(warnings(stack).some((w) => /appRoleAssignmentRequired is false/.test(w)));
    });
  });

  describe('identifier URI', () => {
    it('defaults to api://{clientId} through a separate resource, with no reference cycle', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
      new TerraformOutput(stack, 'scope', { value: api.defaultScope });
      const json = synth(stack);
      const app = onlyResource(json, 'azuread_application');
      assert.equal(app.identifier_uris, undefined, 'the application must not reference its own client id');
      assert.deepEqual(app.lifecycle, { ignore_changes: ['identifier_uris'], prevent_destroy: true });
      const uri = onlyResource(json, 'azuread_application_identifier_uri');
      assert.match(uri.identifier_uri, /^api:\/\/\$\{azuread_application\.Api_[0-9A-F]+\.client_id\}$/);
      assert.match(uri.application_id, /^\$\{azuread_application\.Api_[0-9A-F]+\.id\}$/);
      assert.match(json.output.scope.value, /^\$\{azuread_application_identifier_uri\.Api_IdentifierUri_[0-9A-F]+\.identifier_uri\}\/\.default$/);
    });

    it('sets a custom URI inline and ignores nothing', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'A', identifierUri: 'api://contoso.onmicrosoft.com/orders' });
      const json = synth(stack);
      const app = onlyResource(json, 'azuread_application');
      assert.deepEqual(app.identifier_uris, ['api://contoso.onmicrosoft.com/orders']);
      assert.deepEqual(app.lifecycle, { prevent_destroy: true }, 'protected, and no attribute ignored');
      assert.equal(Object.keys(resources(json, 'azuread_application_identifier_uri')).length, 0);
      assert.equal(api.defaultScope, 'api://contoso.onmicrosoft.com/orders/.default');
    });

    it('accepts api://{tenantId}/name without a warning', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', { displayName: 'A', identifierUri: 'api://72f988bf-86f1-41af-91ab-2d7cd011db47/orders' });
      assert.deepEqual(warnings(stack), []);
    });

    it('warns that an https host must be a verified domain', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', { displayName: 'A', identifierUri: 'https://orders.contoso.com' });
      assert.ok(warnings(stack).some((w) => /'orders\.contoso\.com' is a verified domain/.test(w)));
    });

    it('accepts a host on a declared verified domain', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', { displayName: 'A', identifierUri: 'https://orders.contoso.com/api', verifiedDomains: ['contoso.com'] });
      assert.deepEqual(warnings(stack), []);
    });

    it('throws if the host is not on a declared verified domain', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', {
        displayName: 'A', identifierUri: 'https://orders.fabrikam.com', verifiedDomains: ['contoso.com'],
      }), /host 'orders\.fabrikam\.com'/, /HostNameNotOnVerifiedDomain/);
    });

    for (const [uri, why] of [
      ['http://orders.contoso.com', /must start with api:\/\/ or https:\/\//],
      ['urn:orders', /must start with api:\/\/ or https:\/\//],
      ['api://*.contoso.com', /wildcard/],
      ['https://contoso.com/orders?x=1', /query or fragment/],
    ] as const) {
      it(`throws if the identifier URI is ${uri}`, () => {
        throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'A', identifierUri: uri }), /test\/Api/, why, /ENTRA-RULES 11/);
      });
    }

    it('throws if an onmicrosoft.com host is not among the declared verified domains', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', {
        displayName: 'A', identifierUri: 'https://fabrikam.onmicrosoft.com/orders', verifiedDomains: ['contoso.com'],
      }), /host 'fabrikam\.onmicrosoft\.com'/, /HostNameNotOnVerifiedDomain/);
    });

    it('does not judge verified domains that are only known at apply, and warns instead', () => {
      const stack = makeStack();
      const v = new TerraformVariable(stack, 'domains', { type: 'list(string)' });
      new ProtectedApi(stack, 'Api', { displayName: 'A', identifierUri: 'https://api.contoso.com/orders', verifiedDomains: v.listValue });
      assert.ok(warnings(stack).some((w) => /'api\.contoso\.com' is a verified domain/.test(w)));
    });

    it('does not judge an identifier URI that is a token', () => {
      const stack = makeStack();
      const v = new TerraformVariable(stack, 'uri', { type: 'string' });
      new ProtectedApi(stack, 'Api', { displayName: 'A', identifierUri: v.stringValue });
      assert.deepEqual(onlyResource(synth(stack), 'azuread_application').identifier_uris, ['${var.uri}']);
    });
  });
});
