import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Construct } from 'constructs';
import { AccessChangeType, AccessDiff, AccessMap, EntraGroup, MemberType, PrincipalKind, ProtectedApi, SpaApp } from '../lib';
import { CliIo, EXIT_OK, main } from '../lib/cli/main';
import { makeStack } from './util';

const ADMINS = '11111111-2222-3333-4444-555555555555';
const READERS = 'aaaaaaaa-0000-0000-0000-000000000001';

interface Variant {
  parent?: string;
  groupId?: string;
  adminsName?: string;
  adminsObjectId?: string;
  readersName?: string;
  apiName?: string;
}

/** The access map of an Orders program with pinned registrations, varied by `v`. */
function mapJson(v: Variant = {}): string {
  const stack = makeStack('orders');
  const scope = v.parent ? new Construct(stack, v.parent) : stack;
  const api = new ProtectedApi(scope, 'OrdersApi', {
    displayName: v.apiName ?? 'Orders API',
    stableKey: 'OrdersApi',
    appRoles: [{ value: 'Orders.Admin', description: 'Administer', allowedMemberTypes: [MemberType.USER] }],
    scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Call the API' }],
  });
  api.grantAppRole(EntraGroup.fromObjectId(scope, v.groupId ?? 'OrderAdmins', v.adminsObjectId ?? ADMINS, { displayName: v.adminsName ?? 'Order admins' }), api.appRole('Orders.Admin'));
  api.grantAppRoles([{ principalName: v.readersName ?? 'Order readers', principalObjectId: READERS, principalKind: PrincipalKind.GROUP, role: api.appRole('Orders.Admin') }]);
  const web = new SpaApp(scope, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'], stableKey: 'Web' });
  web.requestScope(api, api.scope('Orders.Access'), { preAuthorize: true });
  return AccessMap.of(stack).toJson();
}

function run(oldJson: string, newJson: string) {
  const files: Record<string, string> = { 'old.json': oldJson, 'new.json': newJson };
  const out = { text: '' };
  const io: CliIo = { stdout: (t) => { out.text += t; }, stderr: (t) => { out.text += t; }, readFile: (f) => files[f] };
  return { code: main(['access-diff', 'old.json', 'new.json'], io), out: out.text };
}

describe('access diff identifies access by what it is', () => {
  it('reports no access changes for a pure move of pinned registrations and a renamed principal construct', () => {
    const { code, out } = run(mapJson(), mapJson({ parent: 'Team', groupId: 'Admins' }));
    assert.equal(out, 'No access changes.\n');
    assert.equal(code, EXIT_OK);
  });

  it('reports a group renamed in Entra (same object id) as one rename, not a removal and an addition', () => {
    const diff = AccessDiff.compare(mapJson(), mapJson({ adminsName: 'Order administrators' }));
    assert.deepEqual(diff.changes.map((c) => [c.changeType, c.message]), [
      [AccessChangeType.RENAMED, `Group "Order admins" is now named "Order administrators" (same object id ${ADMINS}); its access is unchanged`],
    ]);
    assert.equal(diff.widensAccess, false);
    assert.match(diff.toText(), /^Access changes: 0 added, 0 changed, 1 renamed, 0 removed; nothing widens access\./);
  });

  it('reports a table row renamed with the same object id as a rename', () => {
    const diff = AccessDiff.compare(mapJson(), mapJson({ readersName: 'Order readers (EU)' }));
    assert.deepEqual(diff.changes.map((c) => c.changeType), [AccessChangeType.RENAMED]);
    assert.match(diff.changes[0].message, /^Group "Order readers" is now named "Order readers \(EU\)" \(same object id aaaaaaaa-/);
  });

  it('reports an API renamed under the same stable key as a rename', () => {
    const diff = AccessDiff.compare(mapJson(), mapJson({ apiName: 'Orders Service' }));
    assert.deepEqual(diff.changes.map((c) => [c.changeType, c.message]), [[AccessChangeType.RENAMED, 'Orders API is now named "Orders Service"; its access is unchanged']]);
  });

  it('reports the same name with another object id as another principal: one loses access, one gains it', () => {
    const diff = AccessDiff.compare(mapJson(), mapJson({ adminsObjectId: '99999999-2222-3333-4444-555555555555' }));
    assert.deepEqual(diff.changes.map((c) => c.changeType), [AccessChangeType.ADDED, AccessChangeType.REMOVED]);
    assert.equal(diff.widensAccess, true);
  });
});

describe('access diff follows declared moves (movedFrom) like stable keys', () => {
  /** An Orders program with no stable keys; `parent` moves the API and the client, `declare` declares it. */
  function unpinned(parent?: string, declare = false): string {
    const stack = makeStack('orders');
    const scope = parent ? new Construct(stack, parent) : stack;
    const api = new ProtectedApi(scope, 'OrdersApi', {
      displayName: 'Orders API',
      idSeed: 'OrdersApi',
      appRoles: [{ value: 'Orders.Admin', description: 'Administer', allowedMemberTypes: [MemberType.USER] }],
      scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Call the API' }],
    });
    const web = new SpaApp(scope, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'] });
    if (declare) {
      api.movedFrom('OrdersApi');
      web.movedFrom('Web');
    }
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'OrderAdmins', ADMINS, { displayName: 'Order admins' }), api.appRole('Orders.Admin'));
    web.requestScope(api, api.scope('Orders.Access'), { preAuthorize: true });
    return AccessMap.of(stack).toJson();
  }

  it('writes where a moved API and client lived into the map', () => {
    const model = JSON.parse(unpinned('Team', true));
    assert.equal(model.apis[0].path, 'Team/OrdersApi');
    assert.equal(model.apis[0].movedFrom, 'OrdersApi');
    assert.equal(model.clients[0].movedFrom, 'Web');
    assert.equal(JSON.parse(unpinned()).apis[0].movedFrom, undefined);
  });

  it('reports no access change for an API and a client moved with movedFrom', () => {
    const { code, out } = run(unpinned(), unpinned('Team', true));
    assert.equal(out, 'No access changes.\n');
    assert.equal(code, EXIT_OK);
  });

  it('still sees another API when the move is not declared: its access is new, and widens', () => {
    const diff = AccessDiff.compare(unpinned(), unpinned('Team'));
    assert.equal(diff.widensAccess, true);
    assert.ok(diff.changes.some((c) => c.changeType === AccessChangeType.REMOVED && c.message === 'Orders API is no longer in the map'));
  });

  it('keeps the identity while the movedFrom call stays after the move was applied', () => {
    assert.deepEqual(AccessDiff.compare(unpinned('Team', true), unpinned('Team', true)).changes, []);
  });
});
