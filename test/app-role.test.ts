import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformVariable } from 'cdktf';
import { GroupMembershipClaim, MemberType, ProtectedApi } from '../lib';
import { makeStack, onlyResource, synth, throwsWith, warnings } from './util';

const BOTH = [MemberType.USER, MemberType.APPLICATION];

describe('AppRole', () => {
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
  });

  it('warns, not throws, if a role lists a member type twice (a set: written once) or takes an OpenID Connect scope name', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'A' });
    api.addAppRole('A.D', { description: 'd', allowedMemberTypes: [MemberType.USER, MemberType.USER] });
    api.addAppRole('openid', { description: 'd', allowedMemberTypes: BOTH });
    assert.ok(warnings(stack).some((w) => /lists a member type twice/.test(w)));
    assert.ok(warnings(stack).some((w) => /'openid' is also an OpenID Connect scope name/.test(w)));
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
