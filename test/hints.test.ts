import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EntraGroup, MemberType, PrincipalKind, ProtectedApi, RegisteredApi, SpaApp } from '../lib';
import { makeStack, messageOf } from './util';

const ORDERS = '0a1b2c3d-0000-0000-0000-000000000001';
const GROUP = '11111111-2222-3333-4444-555555555555';

describe('hints that point the right way', () => {
  it('never tells the user to change a role of an API registered elsewhere', () => {
    const stack = makeStack();
    const orders = RegisteredApi.fromClientId(stack, 'Orders', ORDERS, { appRoles: [{ value: 'Orders.Write', allowedMemberTypes: [MemberType.APPLICATION] }] });
    const group = EntraGroup.fromObjectId(stack, 'Writers', GROUP, { displayName: 'Order writers' });
    for (const grant of [
      () => orders.grantAppRole(group, orders.appRole('Orders.Write')),
      () => orders.grantAppRoles([{ principalName: 'Order writers', principalObjectId: GROUP, principalKind: PrincipalKind.GROUP, role: orders.appRole('Orders.Write') }]),
    ]) {
      const m = messageOf(grant);
      assert.doesNotMatch(m, /Add MemberType/);
      assert.match(m, /test\/Orders is registered elsewhere, so grant one of its roles that allows User, grant 'Orders\.Write' to an application or managed identity instead, or ask the API's owners/);
    }
  });

  it('still says how to fix the role of an API this program registers', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    const write = api.addAppRole('Orders.Write', { description: 'Write', allowedMemberTypes: [MemberType.APPLICATION] });
    const m = messageOf(() => api.grantAppRole(EntraGroup.fromObjectId(stack, 'Writers', GROUP), write));
    assert.match(m, /Add MemberType\.USER to the role's allowedMemberTypes, or grant a role that allows User/);
  });

  it('says to remove a grant or request left behind by a removed role or scope, before saying how to declare one', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] });
    const role = messageOf(() => api.grantAppRole(EntraGroup.fromObjectId(stack, 'Admins', GROUP), api.appRole('Orders.Admin')));
    assert.match(role, /has no app role 'Orders\.Admin'\. Declared roles: \[Orders\.Read\]\. If 'Orders\.Admin' was removed \(retired\), remove this grant of it too/);
    assert.ok(role.indexOf('remove this grant') < role.indexOf('addAppRole'));
    const web = new SpaApp(stack, 'Web', { displayName: 'Web', redirectUris: ['https://orders.contoso.com/'] });
    const scope = messageOf(() => web.requestScope(api, api.scope('Orders.Access')));
    assert.match(scope, /has no scope 'Orders\.Access'\. Declared scopes: \[\]\. If 'Orders\.Access' was removed \(retired\), remove this request of it too/);
  });
});
