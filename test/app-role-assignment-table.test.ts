import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { App, TerraformStack, Testing } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import {
  AppRoleAssignmentRow, AppRoleAssignmentTable, EntraGroup, ManagedIdentity, MemberType, PrincipalKind, ProtectedApi,
} from '../lib';
import { matchSnapshot, onlyResource, ordersApi, resources, synth, throwsWith, warnings } from './util';

/** A deterministic GUID for row `i`. */
function guid(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}


function group(name: string, i: number, role: AppRoleAssignmentRow['role']): AppRoleAssignmentRow {
  return { principalName: name, principalObjectId: guid(i), principalKind: PrincipalKind.GROUP, role };
}

describe('AppRoleAssignmentTable object ids', () => {
  it('throws if two rows give one GUID in different letter case under two names', () => {
    const { stack, api, read } = ordersApi();
    const id = 'abcdef00-0000-4000-8000-000000000001';
    const table = new AppRoleAssignmentTable(stack, 'T', { api });
    table.addRow({ principalName: 'Sales', principalObjectId: id, principalKind: PrincipalKind.GROUP, role: read });
    throwsWith(() => table.addRow({ principalName: 'Sales EU', principalObjectId: id.toUpperCase(), principalKind: PrincipalKind.GROUP, role: read }),
      /grants app role 'Orders\.Read' to object id abcdef00-0000-4000-8000-000000000001 again; row 0 \('Sales'\) already does/);
  });

  it('throws at synth if a row repeats a single grant with the GUID in other case', () => {
    const { stack, api, read } = ordersApi();
    const id = 'abcdef00-0000-4000-8000-000000000002';
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'Sales', id), read);
    new AppRoleAssignmentTable(stack, 'T', { api, rows: [{ principalName: 'Sales', principalObjectId: id.toUpperCase(), principalKind: PrincipalKind.GROUP, role: read }] });
    throwsWith(() => synth(stack), /grants what test\/Api\/Grant:Sales:Orders.Read \(grantAppRole\) already grants/);
  });
});

describe('AppRoleAssignmentTable', () => {
  it('synthesizes all rows as one azuread_app_role_assignment with for_each keyed by role value and object id', () => {
    const { stack, api, read, admin } = ordersApi();
    new AppRoleAssignmentTable(stack, 'GroupGrants', {
      api,
      rows: [group('Order readers', 1, read), group('Order admins', 2, admin), group('Order admins', 2, read)],
    });
    const json = synth(stack);
    const r = onlyResource(json, 'azuread_app_role_assignment');
    assert.deepEqual(Object.keys(r.for_each), ['Orders.Admin 00000000-0000-4000-8000-000000000002', 'Orders.Read 00000000-0000-4000-8000-000000000001', 'Orders.Read 00000000-0000-4000-8000-000000000002']);
    assert.deepEqual(r.for_each[`Orders.Admin ${guid(2)}`], { app_role_id: admin.roleId, principal_object_id: guid(2) });
    assert.deepEqual(r.for_each[`Orders.Read ${guid(1)}`], { app_role_id: read.roleId, principal_object_id: guid(1) });
    assert.equal(r.app_role_id, '${each.value.app_role_id}');
    assert.equal(r.principal_object_id, '${each.value.principal_object_id}');
    assert.match(r.resource_object_id, /^\$\{azuread_service_principal\.Api_ServicePrincipal_[0-9A-F]+\.object_id\}$/);
    assert.equal(r.timeouts, undefined, 'existing groups need no replication wait');
    assert.match(Object.keys(resources(json, 'azuread_app_role_assignment'))[0], /^GroupGrants_[0-9A-F]+$/);
    matchSnapshot('app-role-assignment-table', r);
  });

  it('gives the same output whatever the order of the rows', () => {
    const build = (reverse: boolean) => {
      const { stack, api, read, admin } = ordersApi();
      const rows = [group('B', 1, read), group('A', 2, admin), group('C', 3, read)];
      new AppRoleAssignmentTable(stack, 'T', { api, rows: reverse ? rows.reverse() : rows });
      return Testing.synth(stack);
    };
    assert.equal(build(false), build(true));
  });

  it('puts rows added after construction into the same resource, and reports size and sorted keys', () => {
    const { stack, api, read, admin } = ordersApi();
    const table = new AppRoleAssignmentTable(stack, 'T', { api, rows: [group('Zed', 1, read)] });
    assert.equal(table.addRow(group('Amy', 2, admin)), `Orders.Admin ${guid(2)}`);
    table.addRows([group('Bob', 3, read), group('Cy', 4, read)]);
    assert.equal(table.size, 4);
    assert.deepEqual(table.forEachKeys, [`Orders.Admin ${guid(2)}`, `Orders.Read ${guid(1)}`, `Orders.Read ${guid(3)}`, `Orders.Read ${guid(4)}`]);
    const r = onlyResource(synth(stack), 'azuread_app_role_assignment');
    assert.deepEqual(Object.keys(r.for_each), table.forEachKeys);
  });

  it('renders each synth from the rows it has then: a row added after a synth is in the next one', () => {
    const { stack, api, read } = ordersApi();
    const table = new AppRoleAssignmentTable(stack, 'T', { api, rows: [group('Zed', 1, read)] });
    const first = onlyResource(synth(stack), 'azuread_app_role_assignment');
    assert.deepEqual(Object.keys(first.for_each), [`Orders.Read ${guid(1)}`]);
    table.addRow(group('Amy', 2, read));
    const second = onlyResource(synth(stack), 'azuread_app_role_assignment');
    assert.deepEqual(Object.keys(second.for_each), [`Orders.Read ${guid(1)}`, `Orders.Read ${guid(2)}`]);
    // A row whose id is known only at apply is resolved again at every synth, never taken from the last one.
    const uai = new UserAssignedIdentity(stack, 'Uai', { name: 'worker', location: 'westeurope', resourceGroupName: 'rg' });
    table.addGrant(ManagedIdentity.fromUserAssignedIdentity(stack, 'Worker', uai), read);
    const third = onlyResource(synth(stack), 'azuread_app_role_assignment');
    assert.equal(Object.keys(third.for_each).length, 3);
    assert.match(JSON.stringify(third.for_each), /\$\{azurerm_user_assigned_identity\.Uai\.principal_id\}/);
    assert.doesNotMatch(JSON.stringify(third.for_each), /TfToken/);
  });

  it('takes principal constructs: name, object id and kind come from the principal', () => {
    const { stack, api, read, write } = ordersApi();
    const table = new AppRoleAssignmentTable(stack, 'T', { api });
    const k1 = table.addGrant(EntraGroup.fromObjectId(stack, 'Readers', guid(7), { displayName: 'Order readers' }), read);
    const k2 = table.addGrant(ManagedIdentity.fromSystemAssigned(stack, 'Fn', { principalId: guid(8) }), write);
    assert.equal(k1, `Orders.Read ${guid(7)}`);
    assert.equal(k2, `Orders.Write ${guid(8)}`);
    assert.deepEqual(table.rows.map((row) => row.principalName), ['Order readers', 'test/Fn'], 'without a display name the construct path is the name');
    const r = onlyResource(synth(stack), 'azuread_app_role_assignment');
    assert.deepEqual(r.for_each[k2], { app_role_id: write.roleId, principal_object_id: guid(8) });
  });

  it('waits out Graph replication when a principal is made in the same program, and keeps its id a value, not a key', () => {
    const { stack, api, write } = ordersApi();
    const uai = new UserAssignedIdentity(stack, 'Uai', { name: 'id-worker', location: 'westeurope', resourceGroupName: 'rg' });
    const table = new AppRoleAssignmentTable(stack, 'T', { api });
    const key = table.addGrant(ManagedIdentity.fromUserAssignedIdentity(stack, 'Worker', uai), write);
    assert.equal(key, 'Orders.Write id-worker');
    const r = onlyResource(synth(stack), 'azuread_app_role_assignment');
    assert.deepEqual(r.timeouts, { create: '20m' });
    assert.equal(r.for_each[key].principal_object_id, '${azurerm_user_assigned_identity.Uai.principal_id}');
  });

  it('writes the map through app.synth, resolving a principal id from another stack to a cross-stack reference', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'table-synth-'));
    try {
      const app = new App({ outdir });
      const identities = new TerraformStack(app, 'identities');
      new AzurermProvider(identities, 'azurerm', { features: [{}] });
      const uai = new UserAssignedIdentity(identities, 'Uai', { name: 'id-worker', location: 'westeurope', resourceGroupName: 'rg' });
      const apis = new TerraformStack(app, 'apis');
      new AzureadProvider(apis, 'azuread', {});
      const api = new ProtectedApi(apis, 'Api', { displayName: 'Orders API' });
      const read = api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] });
      const table = new AppRoleAssignmentTable(apis, 'T', { api, rows: [group('Ops', 1, read)] });
      table.addGrant(ManagedIdentity.fromUserAssignedIdentity(apis, 'Worker', uai), read);
      app.synth();
      const text = fs.readFileSync(path.join(outdir, 'stacks', 'apis', 'cdk.tf.json'), 'utf8');
      const r = onlyResource(JSON.parse(text), 'azuread_app_role_assignment');
      assert.deepEqual(r.for_each[`Orders.Read ${guid(1)}`], { app_role_id: read.roleId, principal_object_id: guid(1) });
      assert.match(r.for_each['Orders.Read id-worker'].principal_object_id,
        /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-identities\.outputs\.cross-stack-output-[^}]+\}$/);
      assert.doesNotMatch(text, /creationStack|TfToken/, 'no token object or unresolved token leaks into the output');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("forApi gives the API's own table, made once as a child of the API", () => {
    const { stack, api, read, admin } = ordersApi();
    const table = AppRoleAssignmentTable.forApi(api);
    assert.equal(table.node.path, 'test/Api/AppRoleAssignments');
    assert.equal(AppRoleAssignmentTable.forApi(api), table);
    table.addRow(group('Ops', 1, read));
    AppRoleAssignmentTable.forApi(api).addRow(group('Ops', 1, admin));
    const r = onlyResource(synth(stack), 'azuread_app_role_assignment');
    assert.deepEqual(Object.keys(r.for_each), [`Orders.Admin ${guid(1)}`, `Orders.Read ${guid(1)}`]);
  });

  it('keyFor builds the for_each key from the role value and the object id (lower-case), or the name when the id is a token', () => {
    assert.equal(AppRoleAssignmentTable.keyFor('Orders.Read', 'ABCDEF00-0000-4000-8000-000000000001'), 'Orders.Read abcdef00-0000-4000-8000-000000000001');
    assert.equal(AppRoleAssignmentTable.keyFor('Orders.Read', 'Order readers'), 'Orders.Read Order readers');
  });

  it('synthesizes 10,000 rows as one resource', () => {
    const { stack, api, read } = ordersApi();
    const table = new AppRoleAssignmentTable(stack, 'T', { api });
    for (let i = 0; i < 10_000; i++) table.addRow(group(`Group ${i}`, i, read));
    // stack.toTerraform() is what app.synth() writes; Testing.synth's clean-up is quadratic in
    // the size of a resource (an object spread per key), which would make this test take 18 s.
    stack.runAllValidations();
    const r = onlyResource(stack.toTerraform(), 'azuread_app_role_assignment');
    assert.equal(Object.keys(r.for_each).length, 10_000);
    assert.equal(r.for_each[`Orders.Read ${guid(9999)}`].principal_object_id, guid(9999));
  });

  it('warns once per disabled role', () => {
    const { stack, api } = ordersApi();
    const old = api.addAppRole('Orders.Old', { description: 'Old', allowedMemberTypes: [MemberType.USER], enabled: false });
    new AppRoleAssignmentTable(stack, 'T', { api, rows: [group('A', 1, old), group('B', 2, old)] });
    const w = warnings(stack).filter((m) => m.includes("'Orders.Old' is disabled"));
    assert.equal(w.length, 1);
    assert.match(w[0], /^\[test\/T\]/);
  });

  it('throws if a group gets a role that allows only Application members', () => {
    const { stack, api, write } = ordersApi();
    const table = new AppRoleAssignmentTable(stack, 'T', { api });
    throwsWith(() => table.addRow(group('Ops', 1, write)),
      /^\[test\/T\] row 0 \('Ops' -> 'Orders.Write'\)/, /allows only \[Application\]/, /needs a role that allows User/, /MemberType\.USER/);
  });

  it('throws if a managed identity gets a role that allows only User members', () => {
    const { stack, api, admin } = ordersApi();
    const table = new AppRoleAssignmentTable(stack, 'T', { api });
    throwsWith(() => table.addRow({ principalName: 'worker', principalObjectId: guid(1), principalKind: PrincipalKind.MANAGED_IDENTITY, role: admin }),
      /allows only \[User\]/, /ManagedIdentity/, /MemberType\.APPLICATION/);
  });

  it('throws if the same role is granted to the same object id twice, naming the object id', () => {
    const { stack, api, read } = ordersApi();
    const table = new AppRoleAssignmentTable(stack, 'T', { api, rows: [group('Ops', 1, read)] });
    throwsWith(() => table.addRow(group('Ops', 1, read)), /row 1 .* grants app role 'Orders\.Read' to object id 00000000-0000-4000-8000-000000000001 again; row 0 \('Ops'\) already does/);
  });

  it('grants two principals that share a display name but not an object id as two grants', () => {
    const { stack, api, read } = ordersApi();
    const table = new AppRoleAssignmentTable(stack, 'T', { api, rows: [group('Ops', 1, read), group('Ops', 2, read)] });
    assert.deepEqual(table.forEachKeys, [`Orders.Read ${guid(1)}`, `Orders.Read ${guid(2)}`]);
    assert.equal(Object.keys(onlyResource(synth(stack), 'azuread_app_role_assignment').for_each).length, 2);
  });

  it('throws if one object id gets the same role under two names, naming the object id and the first name', () => {
    const { stack, api, read } = ordersApi();
    const table = new AppRoleAssignmentTable(stack, 'T', { api, rows: [group('Ops', 1, read)] });
    throwsWith(() => table.addRow(group('Operations', 1, read)), /to object id 00000000-0000-4000-8000-000000000001 again; row 0 \('Ops'\) already does/);
  });

  it('throws if two rows with object ids known only at apply share a name, since the name is then their key', () => {
    const { stack, api, read } = ordersApi();
    const a = new UserAssignedIdentity(stack, 'A', { name: 'id-a', location: 'westeurope', resourceGroupName: 'rg' });
    const b = new UserAssignedIdentity(stack, 'B', { name: 'id-b', location: 'westeurope', resourceGroupName: 'rg' });
    const table = new AppRoleAssignmentTable(stack, 'T', { api });
    table.addRow({ principalName: 'worker', principalObjectId: a.principalId, principalKind: PrincipalKind.MANAGED_IDENTITY, role: read });
    throwsWith(() => table.addRow({ principalName: 'worker', principalObjectId: b.principalId, principalKind: PrincipalKind.MANAGED_IDENTITY, role: read }),
      /and row 0 both name 'worker' for app role 'Orders\.Read', with different object ids known only at apply; .*own name/);
  });

  it('throws if the principal name is empty or a token', () => {
    const { stack, api, read } = ordersApi();
    const uai = new UserAssignedIdentity(stack, 'Uai', { name: 'id', location: 'westeurope', resourceGroupName: 'rg' });
    const table = new AppRoleAssignmentTable(stack, 'T', { api });
    throwsWith(() => table.addRow(group('  ', 1, read)), /empty principalName/, /for_each key/);
    throwsWith(() => table.addRow({ principalName: uai.name, principalObjectId: guid(1), principalKind: PrincipalKind.GROUP, role: read }),
      /token as principalName/, /ENTRA-RULES 22/);
  });

  it('throws if the principal name holds a Terraform template sequence', () => {
    const { stack, api, read } = ordersApi();
    const table = new AppRoleAssignmentTable(stack, 'T', { api });
    throwsWith(() => table.addRow(group('Ops ${var.x}', 1, read)), /contains '\$\{' or '%\{'/);
    throwsWith(() => table.addRow(group('Ops %{if}', 1, read)), /template in the for_each key/);
  });

  it('throws if the object id is not a GUID', () => {
    const { stack, api, read } = ordersApi();
    const table = new AppRoleAssignmentTable(stack, 'T', { api });
    throwsWith(() => table.addRow({ principalName: 'Ops', principalObjectId: 'ops-group', principalKind: PrincipalKind.GROUP, role: read }),
      /principalObjectId 'ops-group', which is not a GUID/);
    throwsWith(() => table.addRow({ principalName: 'w', principalObjectId: '/subscriptions/x', principalKind: PrincipalKind.MANAGED_IDENTITY, role: read }),
      /principal \(object\) id/);
  });

  it('throws if the principal kind is not one of PrincipalKind', () => {
    const { stack, api, read } = ordersApi();
    const table = new AppRoleAssignmentTable(stack, 'T', { api });
    throwsWith(() => table.addRow({ principalName: 'Ops', principalObjectId: guid(1), principalKind: 'SecurityGroup' as PrincipalKind, role: read }),
      /principalKind 'SecurityGroup'; allowed are Group, User, ServicePrincipal, ManagedIdentity/);
  });

  it('throws if the role belongs to another API', () => {
    const { stack, api } = ordersApi();
    const other = new ProtectedApi(stack, 'Other', { displayName: 'Other API' });
    const role = other.addAppRole('Other.Read', { description: 'r', allowedMemberTypes: [MemberType.USER] });
    const table = new AppRoleAssignmentTable(stack, 'T', { api });
    throwsWith(() => table.addRow(group('Ops', 1, role)), /belongs to test\/Other, not to test\/Api/);
  });

  it('throws at synth if a row grants what grantAppRole already granted', () => {
    const { stack, api, read } = ordersApi();
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'Ops', guid(1)), read);
    new AppRoleAssignmentTable(stack, 'T', { api, rows: [group('Ops team', 1, read)] });
    throwsWith(() => synth(stack), /\[test\/T\] 'Orders\.Read 00000000-0000-4000-8000-000000000001' grants what test\/Api\/Grant:Ops:Orders\.Read \(grantAppRole\) already grants/);
  });

  it('throws at synth if two tables of one API grant the same role to the same principal', () => {
    const { stack, api, read } = ordersApi();
    new AppRoleAssignmentTable(stack, 'First', { api, rows: [group('Ops', 1, read)] });
    new AppRoleAssignmentTable(stack, 'Second', { api, rows: [group('Operations', 1, read)] });
    throwsWith(() => synth(stack), /\[test\/Second\] 'Orders\.Read 00000000-0000-4000-8000-000000000001' grants what test\/First already grants as 'Orders\.Read 00000000-0000-4000-8000-000000000001'/);
  });

  it('lets two APIs each have a table for the same principals', () => {
    const { stack, api, read } = ordersApi();
    const other = new ProtectedApi(stack, 'Other', { displayName: 'Other API' });
    const oread = other.addAppRole('Orders.Read', { description: 'r', allowedMemberTypes: [MemberType.USER] });
    new AppRoleAssignmentTable(stack, 'A', { api, rows: [group('Ops', 1, read)] });
    new AppRoleAssignmentTable(stack, 'B', { api: other, rows: [group('Ops', 1, oread)] });
    assert.equal(Object.keys(resources(synth(stack), 'azuread_app_role_assignment')).length, 2);
  });
});
