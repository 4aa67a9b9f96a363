import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import { ConsentType, GroupMembershipClaim, MemberType, PrincipalKind, ProtectedApi, SignInAudience } from '../lib';
import { dataSources, makeStack, onlyResource, resources, synth, throwsWith, warnings } from './util';

const BOTH = [MemberType.USER, MemberType.APPLICATION];

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

    it('throws if owners is empty', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'A', owners: [] }), /owners is empty/);
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
    });

    it('throws if None is combined with other group claims', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', {
        displayName: 'A', groupMembershipClaims: [GroupMembershipClaim.NONE, GroupMembershipClaim.ALL],
      }), /combines None with other values/);
    });

    it('throws if an optional claim is listed twice', () => {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', {
        displayName: 'A', optionalClaims: { accessToken: [{ name: 'upn' }, { name: 'upn' }] },
      }), /claim 'upn' is listed twice/);
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
      ['api://contoso.com/orders/', /ends with '\/'/],
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

  describe('app roles', () => {
    it('renders roles added by props and by addAppRole, after construction, in one resource', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', {
        displayName: 'A', appRoles: [{ value: 'Orders.Read', description: 'Read', allowedMemberTypes: BOTH }],
      });
      const admin = api.addAppRole('Orders.Admin', { description: 'Administer', displayName: 'Orders administrator', allowedMemberTypes: [MemberType.USER] });
      const roles = onlyResource(synth(stack), 'azuread_application').app_role;
      assert.deepEqual(roles.map((r: any) => r.value), ['Orders.Admin', 'Orders.Read']);
      assert.deepEqual(roles[0], {
        allowed_member_types: ['User'], description: 'Administer', display_name: 'Orders administrator',
        enabled: true, id: admin.roleId, value: 'Orders.Admin',
      });
      assert.deepEqual(roles[1].allowed_member_types, ['Application', 'User']);
      assert.equal(roles[1].display_name, 'Orders.Read');
    });

    it('renders a disabled role, so it can be retired in two applies', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'A' });
      api.addAppRole('Orders.Legacy', { description: 'Old', allowedMemberTypes: [MemberType.USER], enabled: false });
      assert.equal(onlyResource(synth(stack), 'azuread_application').app_role[0].enabled, false);
    });

    it('adopts an existing role with an explicit id', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'A' });
      const role = api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: BOTH, id: 'D1C2B3A4-0000-4000-8000-00000000abcd' });
      assert.equal(role.roleId, 'd1c2b3a4-0000-4000-8000-00000000abcd');
      assert.equal(onlyResource(synth(stack), 'azuread_application').app_role[0].id, role.roleId);
    });

    it('omits the app_role block when there are no roles', () => {
      const stack = makeStack();
      new ProtectedApi(stack, 'Api', { displayName: 'A' });
      const app = onlyResource(synth(stack), 'azuread_application');
      assert.equal(app.app_role, undefined);
      assert.equal(app.api.oauth2_permission_scope, undefined);
    });

    it('looks a role up by value', () => {
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
      const read = api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: BOTH });
      assert.equal(api.appRole('Orders.Read'), read);
      assert.deepEqual(api.appRoles.map((r) => r.value), ['Orders.Read']);
    });

    it('throws if a looked-up role was never declared, listing the declared ones', () => {
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
      api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: BOTH });
      throwsWith(() => api.appRole('Orders.Write'), /has no app role 'Orders.Write'/, /Declared roles: \[Orders.Read\]/, /addAppRole\('Orders.Write'/);
    });

    const badValues: [string, RegExp][] = [
      ['Orders Read', /contains white space/],
      ['.Orders', /starts with '.'/],
      ['', /is empty/],
      ['x'.repeat(121), /121 characters long; Entra allows at most 120/],
      ['Orders\u00e9', /characters Entra does not allow/],
      ['openid', /reserved by OpenID Connect/],
    ];
    for (const [value, why] of badValues) {
      it(`throws if a role value is ${JSON.stringify(value.length > 20 ? `${value.slice(0, 10)}...` : value)}`, () => {
        const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
        throwsWith(() => api.addAppRole(value, { description: 'd', allowedMemberTypes: BOTH }), /\[test\/Api\]/, why, /ENTRA-RULES 5/);
      });
    }

    it('throws if a role value is used twice', () => {
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
      api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: BOTH });
      throwsWith(() => api.addAppRole('Orders.Read', { description: 'Again', allowedMemberTypes: BOTH }), /already used by an app role/);
    });

    it('throws if a role and a scope share a value', () => {
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
      api.addScope('Orders.Access', { adminConsentDescription: 'Access' });
      throwsWith(() => api.addAppRole('Orders.Access', { description: 'd', allowedMemberTypes: BOTH }),
        /already used by a scope/, /share one namespace/);
    });

    it('throws if a role has no member types, an unknown one, or one twice', () => {
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
      throwsWith(() => api.addAppRole('A.B', { description: 'd', allowedMemberTypes: [] }), /has no allowedMemberTypes/);
      throwsWith(() => api.addAppRole('A.C', { description: 'd', allowedMemberTypes: ['Group' as MemberType] }), /allowed member type 'Group'/);
      throwsWith(() => api.addAppRole('A.D', { description: 'd', allowedMemberTypes: [MemberType.USER, MemberType.USER] }), /lists a member type twice/);
    });

    it('throws if a role has an empty description', () => {
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
      throwsWith(() => api.addAppRole('A.B', { description: ' ', allowedMemberTypes: BOTH }), /empty description/);
    });

    it('throws if an explicit id is not a GUID, is the nil GUID, or is taken', () => {
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
      throwsWith(() => api.addAppRole('A.B', { description: 'd', allowedMemberTypes: BOTH, id: 'role-1' }), /id 'role-1', which is not a GUID/);
      throwsWith(() => api.addAppRole('A.C', { description: 'd', allowedMemberTypes: BOTH, id: '00000000-0000-0000-0000-000000000000' }), /nil GUID/);
      const r = api.addAppRole('A.D', { description: 'd', allowedMemberTypes: BOTH });
      throwsWith(() => api.addAppRole('A.E', { description: 'd', allowedMemberTypes: BOTH, id: r.roleId }), /already used by app role 'A.D'/);
    });

    it('throws if allowed member types are a token, and does not judge group claims that are', () => {
      const stack = makeStack();
      const v = new TerraformVariable(stack, 'types', { type: 'list(string)' });
      const api = new ProtectedApi(stack, 'Api', { displayName: 'A', groupMembershipClaims: v.listValue as GroupMembershipClaim[] });
      throwsWith(() => api.addAppRole('A.B', { description: 'd', allowedMemberTypes: v.listValue as MemberType[] }),
        /allowedMemberTypes that are only known at apply/, /ENTRA-RULES 6/);
      assert.equal(onlyResource(synth(stack), 'azuread_application').group_membership_claims, '${var.types}');
    });

    it('throws if a role value is a token', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'A' });
      const v = new TerraformVariable(stack, 'v', { type: 'string' });
      throwsWith(() => api.addAppRole(v.stringValue, { description: 'd', allowedMemberTypes: BOTH }), /must be known at synth/);
    });
  });

  describe('scopes', () => {
    it('renders admin-consent scopes by default with user texts defaulting to admin texts', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'A' });
      const s = api.addScope('Orders.Access', { adminConsentDescription: 'Call the API as the user' });
      const scopes = onlyResource(synth(stack), 'azuread_application').api.oauth2_permission_scope;
      assert.deepEqual(scopes, [{
        admin_consent_description: 'Call the API as the user', admin_consent_display_name: 'Orders.Access', enabled: true,
        id: s.scopeId, type: 'Admin', user_consent_description: 'Call the API as the user',
        user_consent_display_name: 'Orders.Access', value: 'Orders.Access',
      }]);
      assert.match(s.fullScope, /\/Orders\.Access$/);
    });

    it('renders user-consent scopes with their own texts', () => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', {
        displayName: 'A',
        scopes: [{ value: 'Orders.Access', adminConsentDescription: 'a', consentType: ConsentType.USER, userConsentDescription: 'u', userConsentDisplayName: 'U' }],
      });
      const s = onlyResource(synth(stack), 'azuread_application').api.oauth2_permission_scope[0];
      assert.equal(s.type, 'User');
      assert.equal(s.user_consent_description, 'u');
      assert.equal(api.permissionScopes[0].userConsentDisplayName, 'U');
    });

    it('throws if a scope has an empty admin consent description', () => {
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
      throwsWith(() => api.addScope('Orders.Access', { adminConsentDescription: '' }), /empty adminConsentDescription/);
    });

    it('throws if a scope value is invalid or clashes with a role', () => {
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
      throwsWith(() => api.addScope('Orders Access', { adminConsentDescription: 'a' }), /scope value 'Orders Access' contains white space/);
      api.addAppRole('Orders.Read', { description: 'd', allowedMemberTypes: BOTH });
      throwsWith(() => api.addScope('Orders.Read', { adminConsentDescription: 'a' }), /already used by an app role/);
    });

    it('throws if a looked-up scope was never declared', () => {
      const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
      throwsWith(() => api.scope('Orders.Access'), /has no scope 'Orders.Access'/);
    });
  });
});

describe('ProtectedApi.grantAppRoles', () => {
  it('grants a table of rows as one for_each assignment, adding to the same table on each call', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'A' });
    const read = api.addAppRole('Orders.Read', { description: 'd', allowedMemberTypes: BOTH });
    const g = (n: number) => `aaaaaaaa-0000-0000-0000-00000000000${n}`;
    const t1 = api.grantAppRoles([{ principalName: 'Sales', principalObjectId: g(1), principalKind: PrincipalKind.GROUP, role: read }]);
    const t2 = api.grantAppRoles([{ principalName: 'Ops', principalObjectId: g(2), principalKind: PrincipalKind.GROUP, role: read }]);
    assert.equal(t1, t2);
    const all = Object.values(resources(synth(stack), 'azuread_app_role_assignment')) as any[];
    assert.equal(all.length, 1);
    assert.deepEqual(Object.keys(all[0].for_each).sort(), [`Orders.Read ${g(1)}`, `Orders.Read ${g(2)}`]);
  });

  it('throws if a row breaks a grant rule', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'A' });
    const admin = api.addAppRole('Orders.Admin', { description: 'd', allowedMemberTypes: [MemberType.USER] });
    throwsWith(() => api.grantAppRoles([{
      principalName: 'worker', principalObjectId: 'aaaaaaaa-0000-0000-0000-000000000001', principalKind: PrincipalKind.MANAGED_IDENTITY, role: admin,
    }]), /allows only \[User\] members/, /ENTRA-RULES 6/);
  });
});
