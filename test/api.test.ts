import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ApiBase, AppRoleAssignment, DaemonApp, DefaultCredentialIdentity, EntraGroup, MemberType, PrincipalKind, ProtectedApi, RegisteredApi,
} from '../lib';
import { assignmentNamed, makeStack, resources, synth, throwsWith, wiredFunctionApp, workloadSetup } from './util';

const BOTH = [MemberType.USER, MemberType.APPLICATION];

const ORDERS = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const WORKER = { principalId: 'aaaaaaaa-0000-0000-0000-000000000001', clientId: 'aaaaaaaa-0000-0000-0000-000000000002' };

describe('ApiBase.grantAppRoles', () => {
  describe('through a ProtectedApi', () => {
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

  describe('through a RegisteredApi', () => {
    it('grants rows by role value on an API registered elsewhere, with the role ids looked up', () => {
      const stack = makeStack();
      const orders = RegisteredApi.fromClientId(stack, 'Orders', ORDERS, { appRoles: [{ value: 'Orders.Read', allowedMemberTypes: [MemberType.APPLICATION] }] });
      orders.grantAppRoles([{ principalName: 'worker', principalObjectId: WORKER.principalId, principalKind: PrincipalKind.MANAGED_IDENTITY, role: orders.appRole('Orders.Read') }]);
      const all = Object.values(resources(synth(stack), 'azuread_app_role_assignment')) as any[];
      assert.equal(all.length, 1);
      assert.match(JSON.stringify(all[0].for_each), /app_role_ids\[\\"Orders.Read\\"\]/);
      throwsWith(() => orders.grantAppRoles([{ principalName: 'Sales', principalObjectId: WORKER.principalId, principalKind: PrincipalKind.GROUP, role: orders.appRole('Orders.Read') }]),
        /allows only \[Application\] members/);
    });
  });
});

describe('ApiBase', () => {
  it('recognises the APIs of this program and registered elsewhere by their brand, and nothing else', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'A' });
    assert.equal(ApiBase.isApi(api), true);
    assert.equal(ApiBase.isApi(RegisteredApi.fromClientId(stack, 'Other', ORDERS)), true);
    assert.equal(ApiBase.isApi(RegisteredApi.microsoftGraph(stack)), true);
    const lookalike = { apiName: 'x', appRole: () => undefined, scope: () => undefined, grantAppRole: () => undefined, node: api.node };
    for (const other of [lookalike, EntraGroup.fromObjectId(stack, 'G', 'aaaaaaaa-0000-4000-8000-000000000001'), {}, undefined]) {
      assert.equal(ApiBase.isApi(other), false);
    }
  });

  it('grants to anything that has a principal: the principal itself, a daemon, an app binding', () => {
    const { stack, api, identity } = workloadSetup();
    const wiring = identity.wiringFor({ systemAssigned: true, defaultCredential: DefaultCredentialIdentity.SYSTEM_ASSIGNED });
    const binding = identity.bindApp(wiredFunctionApp(stack, wiring), wiring);
    const daemon = new DaemonApp(stack, 'Sync', { displayName: 'Sync' });
    const viaBinding = api.grantAppRole(binding, api.appRole('Orders.Read'));
    const viaDaemon = api.grantAppRole(daemon, api.appRole('Orders.Write'));
    const viaIdentity = api.grantAppRole(identity, api.appRole('Orders.Write'));
    // The binding grants to the identity its app's code signs in with: here the system-assigned one.
    assert.equal(binding.grantPrincipal, binding.systemAssignedIdentity);
    assert.equal(viaBinding.principal, binding.systemAssignedIdentity);
    assert.equal(viaBinding.node.id, AppRoleAssignment.idFor(binding.systemAssignedIdentity, api.appRole('Orders.Read')));
    assert.equal(viaDaemon.principal, daemon);
    assert.equal(viaIdentity.principal, identity);
    const json = synth(stack);
    assert.equal(assignmentNamed(json, 'Api_GrantFnIdentitySystemAssignedOrdersRead_').principal_object_id,
      '${azurerm_linux_function_app.Fn.identity[0].principal_id}');
  });

  it('throws through an app binding as it would for its principal', () => {
    const { stack, api, identity } = workloadSetup();
    const wiring = identity.wiringFor();
    const binding = identity.bindApp(wiredFunctionApp(stack, wiring), wiring);
    throwsWith(() => api.grantAppRole(binding, api.appRole('Orders.Admin')), /allows only \[User\]/, /ENTRA-RULES 6/);
  });
});
