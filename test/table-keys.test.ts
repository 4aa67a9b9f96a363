import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Testing } from 'cdktf';
import { AppRoleAssignmentTable, PrincipalKind, ReplacementGuard } from '../lib';
import { onlyResource, ordersApi, synth } from './util';

const SALES = 'abcdef00-0000-4000-8000-000000000001';

/** A table with one row for the Sales group, under the name given. */
function table(name: string, migrateNameKeys?: boolean) {
  const { stack, api, read } = ordersApi();
  new AppRoleAssignmentTable(stack, 'Grants', { api, migrateNameKeys, rows: [{ principalName: name, principalObjectId: SALES, principalKind: PrincipalKind.GROUP, role: read }] });
  return stack;
}

describe('table keys that survive renames', () => {
  it('keeps the for_each key, and so the assignment, when a principal is renamed', () => {
    const before = onlyResource(synth(table('Sales')), 'azuread_app_role_assignment');
    const after = onlyResource(synth(table('Sales and Marketing')), 'azuread_app_role_assignment');
    assert.deepEqual(Object.keys(before.for_each), [`Orders.Read ${SALES}`]);
    assert.deepEqual(after, before, 'nothing in the resource changes');
    assert.deepEqual(ReplacementGuard.compare(Testing.synth(table('Sales')), Testing.synth(table('Sales and Marketing'))).findings, []);
  });

  it('moves rows applied with keys by principal name to their keys by object id when asked', () => {
    const json = synth(table('Sales', true));
    const name = Object.keys(json.resource.azuread_app_role_assignment)[0];
    assert.deepEqual(json.moved, [{
      from: `azuread_app_role_assignment.${name}["Orders.Read Sales"]`,
      to: `azuread_app_role_assignment.${name}["Orders.Read ${SALES}"]`,
    }]);
    // the document an earlier version wrote: the same resource, keyed by name
    const old = Testing.synth(table('Sales')).split(`Orders.Read ${SALES}`).join('Orders.Read Sales');
    assert.ok(ReplacementGuard.compare(old, Testing.synth(table('Sales'))).destroysOrReplaces, 'without the migration the row is destroyed');
    assert.deepEqual(ReplacementGuard.compare(old, Testing.synth(table('Sales', true))).findings, [], 'with it, nothing is');
  });

  it('writes no moved block without migrateNameKeys', () => {
    assert.equal(synth(table('Sales')).moved, undefined);
  });
});
