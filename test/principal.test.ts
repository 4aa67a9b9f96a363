import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformVariable } from 'cdktf';
import {
  DaemonApp, EntraGroup, EntraServicePrincipal, EntraUser, ManagedIdentity, MemberType, MemberTypes, PrincipalBase, PrincipalKind,
  SpaApp, WorkloadIdentity, memberTypeFor,
} from '../lib';
import { dataSources, makeStack, resolved, synth, throwsWith } from './util';

const GUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('principals', () => {
  it('maps each kind to the member type its roles must allow', () => {
    assert.equal(memberTypeFor(PrincipalKind.GROUP), MemberType.USER);
    assert.equal(memberTypeFor(PrincipalKind.USER), MemberType.USER);
    assert.equal(memberTypeFor(PrincipalKind.SERVICE_PRINCIPAL), MemberType.APPLICATION);
    assert.equal(memberTypeFor(PrincipalKind.MANAGED_IDENTITY), MemberType.APPLICATION);
  });

  it('gives the same member types through MemberTypes, which every jsii language sees', () => {
    for (const kind of Object.values(PrincipalKind)) assert.equal(MemberTypes.forPrincipalKind(kind), memberTypeFor(kind));
    assert.equal(MemberTypes.forPrincipalKind(PrincipalKind.MANAGED_IDENTITY), MemberType.APPLICATION);
  });

  it('recognises every principal of the library by its brand, and is its own grant principal', () => {
    const stack = makeStack();
    const principals = [
      EntraGroup.fromObjectId(stack, 'G', GUID),
      EntraUser.fromUserPrincipalName(stack, 'U', 'jane@contoso.com'),
      EntraServicePrincipal.fromClientId(stack, 'S', GUID),
      ManagedIdentity.fromSystemAssigned(stack, 'M', { principalId: '3f2504e0-4f89-41d3-9a0c-0305e82c3399' }),
      new WorkloadIdentity(stack, 'W', { name: 'id-w', resourceGroupName: 'rg', location: 'westeurope' }),
      new DaemonApp(stack, 'D', { displayName: 'D' }),
    ];
    for (const p of principals) {
      assert.equal(PrincipalBase.isPrincipal(p), true, p.node.path);
      assert.equal(p.grantPrincipal, p);
    }
    const lookalike = { principalKind: 'Group', principalName: 'x', principalObjectId: GUID, node: stack.node };
    for (const other of [lookalike, new SpaApp(stack, 'Spa', { displayName: 'S', redirectUris: ['https://s.contoso.com/'] }), undefined]) {
      assert.equal(PrincipalBase.isPrincipal(other), false);
    }
  });

  describe('EntraGroup', () => {
    it('takes a group by object id, named by display name or path', () => {
      const stack = makeStack();
      const named = EntraGroup.fromObjectId(stack, 'Admins', GUID, { displayName: 'Order admins' });
      const unnamed = EntraGroup.fromObjectId(stack, 'Readers', GUID);
      assert.equal(named.principalObjectId, GUID);
      assert.equal(named.principalKind, PrincipalKind.GROUP);
      assert.equal(named.principalName, 'Order admins');
      assert.equal(unnamed.principalName, 'test/Readers');
    });

    it('looks a security group up by display name', () => {
      const stack = makeStack();
      const g = EntraGroup.fromDisplayName(stack, 'Ops', 'Ops team');
      const lookups = Object.values(dataSources(synth(stack), 'azuread_group'));
      assert.deepEqual(lookups.map((l: any) => [l.display_name, l.security_enabled]), [['Ops team', true]]);
      assert.match(g.principalObjectId, /TOKEN/);
      assert.equal(g.principalName, 'Ops team');
    });

    it('throws if the object id is not a GUID', () => {
      throwsWith(() => EntraGroup.fromObjectId(makeStack(), 'Admins', 'Order admins'),
        /\[test\/Admins\]/, /group object id 'Order admins' is not a GUID/, /fromDisplayName/);
    });

    it('throws if the display name is empty', () => {
      throwsWith(() => EntraGroup.fromDisplayName(makeStack(), 'Ops', ''), /group display name is empty/);
    });

    it('does not judge an object id that is a token', () => {
      const stack = makeStack();
      const v = new TerraformVariable(stack, 'gid', { type: 'string' });
      assert.equal(resolved(stack, EntraGroup.fromObjectId(stack, 'G', v.stringValue).principalObjectId), '${var.gid}');
    });
  });

  describe('EntraUser', () => {
    it('takes a user by object id', () => {
      const u = EntraUser.fromObjectId(makeStack(), 'Jane', GUID, { displayName: 'Jane' });
      assert.equal(u.principalKind, PrincipalKind.USER);
      assert.equal(u.principalObjectId, GUID);
    });

    it('looks a user up by user principal name', () => {
      const stack = makeStack();
      EntraUser.fromUserPrincipalName(stack, 'Jane', 'jane@contoso.com');
      const lookups = Object.values(dataSources(synth(stack), 'azuread_user'));
      assert.deepEqual(lookups.map((l: any) => l.user_principal_name), ['jane@contoso.com']);
    });

    it('throws if the UPN is not name@domain or the object id is not a GUID', () => {
      throwsWith(() => EntraUser.fromUserPrincipalName(makeStack(), 'Jane', 'jane'), /'jane' is not of the form name@domain/);
      throwsWith(() => EntraUser.fromObjectId(makeStack(), 'Jane', 'jane@contoso.com'), /user object id 'jane@contoso.com' is not a GUID/);
    });
  });

  describe('EntraServicePrincipal', () => {
    it('takes a service principal by object id', () => {
      const sp = EntraServicePrincipal.fromObjectId(makeStack(), 'Daemon', GUID);
      assert.equal(sp.principalKind, PrincipalKind.SERVICE_PRINCIPAL);
      assert.equal(sp.principalObjectId, GUID);
    });

    it('looks a service principal up by client id', () => {
      const stack = makeStack();
      const sp = EntraServicePrincipal.fromClientId(stack, 'Daemon', GUID);
      const lookups = Object.values(dataSources(synth(stack), 'azuread_service_principal'));
      assert.deepEqual(lookups.map((l: any) => l.client_id), [GUID]);
      assert.match(sp.principalObjectId, /TOKEN/);
    });

    it('throws if ids are not GUIDs, and says which id is meant', () => {
      throwsWith(() => EntraServicePrincipal.fromObjectId(makeStack(), 'D', 'daemon'), /not the app registration's object id/);
      throwsWith(() => EntraServicePrincipal.fromClientId(makeStack(), 'D', 'daemon'), /client id 'daemon' is not a GUID/);
    });
  });
});
