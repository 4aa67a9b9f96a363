import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { Aspects, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import {
  AppRoleAssignment, EntraGroup, EntraServicePrincipal, EntraUser, ManagedIdentity, MemberType, ProtectedApi, ReplacementGuard,
} from '../lib';
import { makeUniqueId } from '../lib/private/stable-identity';
import { makeStack, ordersApi, resources, synth, throwsWith, warnings } from './util';

const G = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const G2 = '3f2504e0-4f89-41d3-9a0c-0305e82c3302';
const G3 = '3f2504e0-4f89-41d3-9a0c-0305e82c3303';


describe('AppRoleAssignment', () => {
  it('puts the API service principal, the principal object id and the role id where they belong', () => {
    const { stack, api, admin } = ordersApi();
    const grant = api.grantAppRole(EntraGroup.fromObjectId(stack, 'Admins', G), admin);
    const json = synth(stack);
    const all = Object.values(resources(json, 'azuread_app_role_assignment')) as any[];
    assert.equal(all.length, 1);
    assert.equal(all[0].app_role_id, admin.roleId);
    assert.equal(all[0].principal_object_id, G);
    assert.match(all[0].resource_object_id, /^\$\{azuread_service_principal\.Api_ServicePrincipal_[0-9A-F]+\.object_id\}$/);
    assert.equal(all[0].timeouts, undefined, 'an existing group needs no replication wait');
    assert.equal(grant.node.path, 'test/Api/Grant:Admins:Orders.Admin');
    assert.equal(grant.role, admin);
  });

  it('grants a role to a user-assigned identity by its principal id, waiting out replication', () => {
    const { stack, api, write } = ordersApi();
    const uai = new UserAssignedIdentity(stack, 'Uai', { name: 'id', location: 'westeurope', resourceGroupName: 'rg' });
    api.grantAppRole(ManagedIdentity.fromUserAssignedIdentity(stack, 'Worker', uai), write);
    const a = Object.values(resources(synth(stack), 'azuread_app_role_assignment'))[0] as any;
    assert.match(a.principal_object_id, /^\$\{azurerm_user_assigned_identity\.Uai\.principal_id\}$/);
    assert.deepEqual(a.timeouts, { create: '20m' });
  });

  it('grants to users, service principals and system-assigned identities', () => {
    const { stack, api, read, write } = ordersApi();
    api.grantAppRole(EntraUser.fromObjectId(stack, 'Jane', G), read);
    api.grantAppRole(EntraServicePrincipal.fromObjectId(stack, 'Daemon', G2), write);
    api.grantAppRole(ManagedIdentity.fromSystemAssigned(stack, 'Fn', { principalId: G3 }), read);
    assert.equal(Object.keys(resources(synth(stack), 'azuread_app_role_assignment')).length, 3);
  });

  it('lets one principal hold several roles and one role be held by several principals', () => {
    const { stack, api, read, admin } = ordersApi();
    const g = EntraGroup.fromObjectId(stack, 'G', G);
    api.grantAppRole(g, read);
    api.grantAppRole(g, admin);
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'H', G2), read);
    assert.equal(Object.keys(resources(synth(stack), 'azuread_app_role_assignment')).length, 3);
  });

  it('throws if a User-only role is granted to a managed identity', () => {
    const { stack, api, admin } = ordersApi();
    const mi = ManagedIdentity.fromSystemAssigned(stack, 'Fn', { principalId: G, displayName: 'func-orders' });
    throwsWith(() => api.grantAppRole(mi, admin), /\[test\/Api\/Grant:Fn:Orders.Admin\]/,
      /'Orders.Admin' allows only \[User\] members/, /func-orders is a ManagedIdentity/, /MemberType.APPLICATION/, /ENTRA-RULES 6/);
  });

  it('throws if an Application-only role is granted to a group', () => {
    const { stack, api, write } = ordersApi();
    throwsWith(() => api.grantAppRole(EntraGroup.fromObjectId(stack, 'G', G, { displayName: 'Writers' }), write),
      /'Orders.Write' allows only \[Application\] members/, /Writers is a Group/, /MemberType.USER/);
  });

  it('throws if an Application-only role is granted to a user', () => {
    const { stack, api, write } = ordersApi();
    throwsWith(() => api.grantAppRole(EntraUser.fromObjectId(stack, 'U', G), write), /needs a role that allows User/);
  });

  it('throws if a User-only role is granted to a service principal', () => {
    const { stack, api, admin } = ordersApi();
    throwsWith(() => api.grantAppRole(EntraServicePrincipal.fromObjectId(stack, 'S', G), admin), /needs a role that allows Application/);
  });

  it('throws if the role belongs to another API', () => {
    const { stack, api } = ordersApi();
    const other = new ProtectedApi(stack, 'Billing', { displayName: 'Billing API' });
    const pay = other.addAppRole('Billing.Pay', { description: 'Pay', allowedMemberTypes: [MemberType.USER] });
    throwsWith(() => api.grantAppRole(EntraGroup.fromObjectId(stack, 'G', G), pay),
      /'Billing.Pay' belongs to test\/Billing, not to test\/Api/, /Billing.grantAppRole/);
  });

  it('throws if the same grant is made twice', () => {
    const { stack, api, read } = ordersApi();
    const g = EntraGroup.fromObjectId(stack, 'G', G, { displayName: 'Readers' });
    api.grantAppRole(g, read);
    throwsWith(() => api.grantAppRole(g, api.appRole('Orders.Read')), /\[test\/Api\]/,
      /'Orders.Read' is granted twice to Readers/, /first grant is test\/Api\/Grant:G:Orders.Read/);
  });

  it('throws if two principals would get the same grant id, naming both instead of calling it a duplicate', () => {
    const { stack, api, read } = ordersApi();
    api.grantAppRole(EntraGroup.fromObjectId(new Construct(stack, 'Team'), 'Admins', G), read);
    throwsWith(() => api.grantAppRole(EntraGroup.fromObjectId(stack, 'Team.Admins', G), read),
      /test\/Team\/Admins and to test\/Team\.Admins would get the same construct id/, /Rename one/);
  });

  it('throws at synth if two wrappers of the same group get the same role', () => {
    const { stack, api, read } = ordersApi();
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'G1', G, { displayName: 'Readers' }), read);
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'G2', G.toUpperCase()), read);
    throwsWith(() => synth(stack), /\[test\/Api\] app role 'Orders.Read' is assigned to test\/G2 by both test\/Api\/Grant:G1:Orders.Read and test\/Api\/Grant:G2:Orders.Read/,
      /one assignment of a role per principal/);
  });

  it('throws at synth if an assignment made directly repeats a grant', () => {
    const { stack, api, read } = ordersApi();
    const g = EntraGroup.fromObjectId(stack, 'G', G);
    api.grantAppRole(g, read);
    const direct = new AppRoleAssignment(stack, 'Mine', { api, principal: g, role: read });
    assert.deepEqual(AppRoleAssignment.of(api).map((a) => a.node.path), ['test/Api/Grant:G:Orders.Read', 'test/Mine']);
    assert.equal(direct.role, read);
    throwsWith(() => synth(stack), /assigned to test\/G by both test\/Api\/Grant:G:Orders.Read and test\/Mine/);
  });

  it('warns about a grant of a disabled role', () => {
    const { stack, api } = ordersApi();
    const old = api.addAppRole('Orders.Old', { description: 'Old', allowedMemberTypes: [MemberType.USER], enabled: false });
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'G', G), old);
    assert.ok(warnings(stack).some((w) => /'Orders.Old' is disabled/.test(w)));
  });

  it('builds its construct id from the principal path and role value only', () => {
    const { stack, read } = ordersApi();
    const g = EntraGroup.fromObjectId(stack, 'Team', G);
    assert.equal(AppRoleAssignment.idFor(g, read), 'Grant:Team:Orders.Read');
  });
});

describe('default access', () => {
  it('assigns the nil role id on an API without roles', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Plain API' });
    const grant = api.grantDefaultAccess(EntraGroup.fromObjectId(stack, 'Everyone', G));
    const a = Object.values(resources(synth(stack), 'azuread_app_role_assignment'))[0] as any;
    assert.equal(a.app_role_id, '00000000-0000-0000-0000-000000000000');
    assert.equal(grant.node.id, 'Grant:Everyone:DefaultAccess');
  });

  it('throws at synth if the API also declares roles', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    api.grantDefaultAccess(ManagedIdentity.fromSystemAssigned(stack, 'Fn', { principalId: G }));
    api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.APPLICATION] });
    throwsWith(() => synth(stack), /\[test\/Api\] default access is granted, but the API declares app roles \[Orders.Read\]/, /ENTRA-RULES 1/);
  });
});

describe('a grant is addressed by its principal object id', () => {
  /** The Orders program with the admins group's construct named `groupId`; synthesized. */
  function program(groupId: string, opts: { pinned?: boolean; parent?: string; movedFrom?: string } = {}): any {
    const stack = makeStack('orders');
    const scope = opts.parent ? new Construct(stack, opts.parent) : stack;
    const api = new ProtectedApi(scope, 'OrdersApi', {
      displayName: 'Orders API',
      idSeed: 'OrdersApi',
      stableKey: opts.pinned ? 'OrdersApi' : undefined,
      appRoles: [
        { value: 'Orders.Admin', description: 'Administer', allowedMemberTypes: [MemberType.USER] },
        { value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.USER] },
      ],
    });
    if (opts.movedFrom) api.movedFrom(opts.movedFrom);
    api.grantAppRole(EntraGroup.fromObjectId(stack, groupId, G.toUpperCase(), { displayName: 'Order admins' }), api.appRole('Orders.Admin'));
    api.grantAppRole(EntraGroup.fromDisplayName(stack, 'Readers', 'Order readers'), api.appRole('Orders.Read'));
    return synth(stack);
  }

  const grants = (json: any) => Object.keys(resources(json, 'azuread_app_role_assignment')).sort();
  const withoutMetadata = (json: any) => JSON.stringify(json.resource, (k, v) => (k === '//' ? undefined : v));

  it('renaming the group construct (same object id) changes no address: the resources are the same, only the construct path differs', () => {
    for (const pinned of [false, true]) {
      const before = program('OrderAdmins', { pinned });
      const after = program('Admins', { pinned });
      assert.deepEqual(grants(after), grants(before));
      assert.equal(withoutMetadata(after), withoutMetadata(before));
      const oidGrant = grants(after).find((a) => a.includes(G))!;
      assert.match(oidGrant, /^OrdersApi_Grant3f2504e0-4f89-41d3-9a0c-0305e82c3301OrdersAdmin_[0-9A-F]{8}$/, 'lower-case object id, so its case does not matter');
      const guard = ReplacementGuard.compare(JSON.stringify(before), JSON.stringify(after));
      assert.deepEqual(guard.findings, [], guard.toText());
    }
  });

  it('a grant written by an earlier version (addressed by the construct path) moves to its new address, so the first plan destroys nothing', () => {
    const json = program('OrderAdmins');
    const now = grants(json).find((a) => a.includes(G))!;
    const legacy = makeUniqueId(['OrdersApi', 'Grant:OrderAdmins:Orders.Admin', 'Resource']);
    assert.deepEqual(json.moved, [{ from: `azuread_app_role_assignment.${legacy}`, to: `azuread_app_role_assignment.${now}` }]);
    // what the earlier version wrote: the same grant at the path-based address, no moved block
    const earlier = JSON.parse(JSON.stringify(json));
    delete earlier.moved;
    const byName = earlier.resource.azuread_app_role_assignment;
    byName[legacy] = byName[now];
    delete byName[now];
    assert.deepEqual(ReplacementGuard.compare(JSON.stringify(earlier), JSON.stringify(json)).findings, []);
    // without the moved block, the guard says what would happen and what to do
    const bare = JSON.parse(JSON.stringify(json));
    delete bare.moved;
    const lost = ReplacementGuard.compare(JSON.stringify(earlier), JSON.stringify(bare));
    assert.deepEqual(lost.findings.map((f) => `${f.findingType} ${f.address}`), [`Destroyed azuread_app_role_assignment.${legacy}`]);
  });

  it('drops those moved blocks when the context key says every environment has applied them', () => {
    const stack = new TerraformStack(Testing.app({ context: { 'cdktf-entra-identity:legacyAddressMoves': false } }), 'orders');
    new AzureadProvider(stack, 'azuread', {});
    const api = new ProtectedApi(stack, 'OrdersApi', {
      displayName: 'Orders API', appRoles: [{ value: 'Orders.Admin', description: 'Administer', allowedMemberTypes: [MemberType.USER] }],
    });
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'OrderAdmins', G), api.appRole('Orders.Admin'));
    const json = synth(stack);
    assert.equal(json.moved, undefined);
    assert.match(grants(json)[0], /^OrdersApi_Grant3f2504e0-4f89-41d3-9a0c-0305e82c3301OrdersAdmin_/);
  });

  it('a grant to a principal known only by name keeps the construct-path address, with no moved block', () => {
    const json = program('OrderAdmins');
    assert.ok(grants(json).some((a) => /^OrdersApi_GrantReadersOrdersRead_[0-9A-F]{8}$/.test(a)), grants(json).join(', '));
    assert.ok(!(json.moved ?? []).some((m: any) => m.to.includes('Readers')));
  });

  it('moves with its API under movedFrom: one moved block per grant, from where this version addressed it', () => {
    const before = program('OrderAdmins');
    const after = program('OrderAdmins', { parent: 'Team', movedFrom: 'OrdersApi' });
    const fromGrant = after.moved.filter((m: any) => m.from.startsWith('azuread_app_role_assignment.'));
    assert.equal(fromGrant.length, 2);
    assert.ok(fromGrant.some((m: any) => m.from === `azuread_app_role_assignment.${grants(before).find((a) => a.includes(G))}`));
    assert.deepEqual(ReplacementGuard.compare(JSON.stringify(before), JSON.stringify(after)).findings, []);
  });

  it('writes the moved blocks in tree order, after the program\'s own aspects, once however often it synthesizes', () => {
    const stack = makeStack('orders');
    const roles = [{ value: 'Orders.Admin', description: 'Administer', allowedMemberTypes: [MemberType.USER] }];
    // B is made first but sits in a construct; A's grants are made before and after B's
    const b = new ProtectedApi(new Construct(stack, 'Team'), 'BApi', { displayName: 'B API', appRoles: roles });
    const a = new ProtectedApi(stack, 'AApi', { displayName: 'A API', appRoles: roles });
    a.grantAppRole(EntraGroup.fromObjectId(stack, 'G1', G), a.appRole('Orders.Admin'));
    b.grantAppRole(EntraGroup.fromObjectId(stack, 'G2', G2), b.appRole('Orders.Admin'));
    a.grantAppRole(EntraGroup.fromObjectId(stack, 'G3', G3), a.appRole('Orders.Admin'));
    // a grant the program's own aspect adds at synth is moved too
    const late = EntraGroup.fromObjectId(stack, 'Late', '3f2504e0-4f89-41d3-9a0c-0305e82c3304');
    let added = false;
    Aspects.of(stack).add({ visit: (node) => {
      if (node === a && !added) {
        added = true;
        a.grantAppRole(late, a.appRole('Orders.Admin'));
      }
    } });
    const json = synth(stack);
    const legacy = (api: string, group: string) => `azuread_app_role_assignment.${makeUniqueId([...api.split('/'), `Grant:${group}:Orders.Admin`, 'Resource'])}`;
    assert.deepEqual(json.moved.map((m: any) => m.from), [legacy('Team/BApi', 'G2'), legacy('AApi', 'G1'), legacy('AApi', 'G3'), legacy('AApi', 'Late')]);
    assert.deepEqual(synth(stack).moved, json.moved, 'a second synth writes each block once');
    // the blocks are computed by one walk per synth: no aspect on each registration, which would make cdktf visit every construct below it
    assert.equal(Aspects.of(a).all.length, 0);
  });

  it('keeps the name its caller gives to an AppRoleAssignment made directly', () => {
    const { stack, api, admin } = ordersApi();
    new AppRoleAssignment(api, 'MyGrant', { api, principal: EntraGroup.fromObjectId(stack, 'Admins', G), role: admin });
    const json = synth(stack);
    assert.deepEqual(grants(json).map((a) => a.replace(/_[0-9A-F]{8}$/, '')), ['Api_MyGrant']);
    assert.equal(json.moved, undefined);
  });
});
