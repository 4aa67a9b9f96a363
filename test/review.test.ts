import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PLATFORM } from '../lib/platform';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AccessMap, EntraGroup, MemberType, ProtectedApi } from '../lib';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../lib/cli/io';
import { principalId, roleIdOf } from './fixtures/tenant-export/generate';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'cdktf-entra-identity.js');
const CONTOSO = path.join(__dirname, 'fixtures', 'tenant-export', 'contoso');
const ADMINS = principalId({ key: 'group order-admins', displayName: 'Order admins', type: 'Group' });

/** What varies between the base branch and the change. */
interface Version {
  /** A construct the API moves under. */
  parent?: string;
  /** Whether the moved API declares where it lived. */
  movedFrom?: boolean;
  /** Whether the change grants Orders.Read to a readers group too. */
  readers?: boolean;
  /** The id of the admins group's construct. */
  adminsId?: string;
  /** A second stack, `billing`. */
  billing?: boolean;
  /** Whether the stacks write their access map. */
  accessMap?: boolean;
}

/** Synthesizes the Orders program, as `cdktf synth` does, into a new cdktf.out folder; returns it. */
function synth(v: Version = {}): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-review-'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'orders');
  new AzureadProvider(stack, 'azuread', {});
  if (v.accessMap !== false) AccessMap.enable(stack);
  const scope = v.parent ? new Construct(stack, v.parent) : stack;
  const api = new ProtectedApi(scope, 'OrdersApi', {
    displayName: 'Orders API',
    idSeed: 'OrdersApi',
    appRoles: [
      // the ids the contoso tenant export has, so the audit matches the code's grants to its assignments
      { value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.USER], id: roleIdOf('orders-api', 'Orders.Read') },
      { value: 'Orders.Admin', description: 'Administer', allowedMemberTypes: [MemberType.USER], id: roleIdOf('orders-api', 'Orders.Admin') },
    ],
  });
  if (v.movedFrom) api.movedFrom('OrdersApi');
  api.grantAppRole(EntraGroup.fromObjectId(stack, v.adminsId ?? 'OrderAdmins', ADMINS, { displayName: 'Order admins' }), api.appRole('Orders.Admin'));
  if (v.readers) {
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'OrderReaders', 'aaaaaaaa-0000-4000-8000-000000000001', { displayName: 'Order readers' }), api.appRole('Orders.Read'));
  }
  if (v.billing) {
    const billing = new TerraformStack(app, 'billing');
    new AzureadProvider(billing, 'azuread', {});
    if (v.accessMap !== false) AccessMap.enable(billing);
    new ProtectedApi(billing, 'BillingApi', { displayName: 'Billing API' });
  }
  app.synth();
  return outdir;
}

function review(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', BIN, 'review', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cdktf-entra-identity review', () => {
  const base = synth();

  it('exits 0 and says nothing is destroyed and no access changes when the API moves with movedFrom', () => {
    const r = review(base, synth({ parent: 'Team', movedFrom: true }));
    assert.equal(r.code, EXIT_OK, r.err + r.out);
    assert.match(r.out, /^Identity review of .* -> .*: Nothing destroyed or replaced, no access widened, no new rights needed\.\n/);
    assert.match(r.out, /\nStack orders\n {2}Destroyed or replaced: Nothing is destroyed or replaced\.\n/);
    assert.match(r.out, /\n {2}Access: No access changes\.\n/);
    // the moves the guard followed are there for whoever looks
    assert.match(r.out, /\(azuread_application\.OrdersApi_\w+ moves to azuread_application\.Team_OrdersApi_\w+\)/);
  });

  it('exits 3 naming the application that would be destroyed when the same move declares nothing', () => {
    const r = review(base, synth({ parent: 'Team' }));
    assert.equal(r.code, EXIT_FINDINGS, r.err + r.out);
    assert.match(r.out, /^Identity review of .*: Needs review: stack orders: identity destroyed or replaced, access widened\.\n/);
    assert.match(r.out, /! destroyed: "Orders API": azuread_application\.OrdersApi_\w+ \(orders\/OrdersApi\/Resource\) is destroyed: no moved block carries it on\. .*movedFrom/);
    // a moved API with no key and no movedFrom is also another API to the access diff: its grant is new
    assert.match(r.out, /Access: .*access WIDENS\./);
  });

  it('exits 0 when the admins group construct is renamed (same object id): its grant keeps its address', () => {
    const r = review(base, synth({ adminsId: 'Admins' }));
    assert.equal(r.code, EXIT_OK, r.err + r.out);
    assert.match(r.out, /Destroyed or replaced: Nothing is destroyed or replaced\.\n {2}Access: No access changes\.\n/);
  });

  it('exits 3 naming the grant as widened access when the change adds one', () => {
    const r = review(base, synth({ readers: true }));
    assert.equal(r.code, EXIT_FINDINGS, r.err + r.out);
    assert.match(r.out, /Needs review: stack orders: access widened\.\n/);
    assert.match(r.out, /Destroyed or replaced: Nothing is destroyed or replaced\./);
    assert.match(r.out, /Access: 1 added; access WIDENS\.\n {4}! added, widens access: Group "Order readers" gains app role Orders\.Read on Orders API \(app role assignment\)\n/);
  });

  it('adds the audit of the change against a tenant export with --tenant-export', () => {
    const r = review(base, base, '--tenant-export', CONTOSO);
    assert.equal(r.code, EXIT_FINDINGS, r.err + r.out);
    assert.match(r.out, /Needs review: tenant: access outside code\.\n/);
    assert.match(r.out, new RegExp(`\\nTenant \\(${CONTOSO.replace(/[/\\.]/g, '\\$&')}\\)\\n\\d+ assignment\\(s\\) outside code`));
    // the code's grant is in the tenant; what a script or the portal made is not in code
    assert.match(r.out, /! outside code: User "Jane Doe" \([0-9a-f-]+\) holds app role Orders\.Read on Orders API/);
    assert.doesNotMatch(r.out, /outside code: Group "Order admins"/);
    const json = JSON.parse(review(base, base, '--tenant-export', CONTOSO, '--format', 'json').out);
    assert.equal(json.sections[0].id, 'tenant');
    assert.ok(json.sections[0].data.apis.length >= 1);
  });

  it('prints one short pull-request comment when nothing happens, and what happened otherwise', () => {
    const quiet = review(base, synth({ parent: 'Team', movedFrom: true }), '--format', 'markdown');
    assert.equal(quiet.code, EXIT_OK);
    assert.equal(quiet.out, '### Entra identity review: nothing to review\n\nNothing destroyed or replaced, no access widened, no new rights needed.\n\nStacks: `orders`.\n');
    const loud = review(base, synth({ parent: 'Team', readers: true }), '--format=markdown');
    assert.equal(loud.code, EXIT_FINDINGS);
    assert.match(loud.out, /^### Entra identity review: needs review\n\nNeeds review: stack orders: identity destroyed or replaced, access widened\.\n\n#### Stack `orders`\n\n\*\*Destroyed or replaced\*\*: \d+ destroyed\.\n\n- \*\*destroyed\*\*: "Orders API": azuread\\_application\.OrdersApi\\_/);
    assert.match(loud.out, /\n- \*\*added, widens access\*\*: Group "Order readers" gains app role Orders\.Read on Orders API \(app role assignment\)\n/);
  });

  it('reviews every stack of two cdktf.out folders, a stack the change adds and one it removes', () => {
    const two = synth({ billing: true });
    const added = review(base, two, '--format', 'json');
    assert.equal(added.code, EXIT_OK, added.err);
    const json = JSON.parse(added.out);
    assert.deepEqual(json.stacks.map((s: { name: string }) => s.name), ['billing', 'orders']);
    assert.equal(json.stacks[0].sections[0].summary, 'A new stack: nothing to destroy.');
    const removed = review(two, base);
    assert.equal(removed.code, EXIT_FINDINGS);
    assert.match(removed.out, /Needs review: stack billing: identity destroyed or replaced\./);
    assert.match(removed.out, /The change removes the stack\./);
  });

  it('takes two stack folders or two cdk.tf.json files, and says when there is no access map to compare', () => {
    const change = synth({ readers: true });
    const byFolder = review(path.join(base, 'stacks', 'orders'), path.join(change, 'stacks', 'orders'));
    assert.equal(byFolder.code, EXIT_FINDINGS);
    assert.match(byFolder.out, /\nStack orders\n/);
    assert.match(byFolder.out, /gains app role Orders\.Read/);
    const byFile = review(path.join(base, 'stacks', 'orders', 'cdk.tf.json'), path.join(change, 'stacks', 'orders', 'cdk.tf.json'));
    assert.equal(byFile.code, EXIT_FINDINGS);
    assert.match(byFile.out, /gains app role Orders\.Read/);
    const noMaps = review(synth({ accessMap: false }), synth({ accessMap: false, readers: true }));
    assert.equal(noMaps.code, EXIT_OK);
    assert.match(noMaps.out, /Access: Not reviewed: neither side has an access-map\.json next to cdk\.tf\.json\.\n {4}\(AccessMap\.enable\(stack\) writes access-map\.json/);
  });

  it('exits 2 on wrong arguments and inputs it cannot read', () => {
    assert.equal(review(base).code, EXIT_USAGE);
    assert.equal(review(base, base, '--format', 'html').code, EXIT_USAGE);
    assert.equal(review(base, base, '--tenant-export').code, EXIT_USAGE);
    const missing = review(base, path.join(base, 'nope'));
    assert.equal(missing.code, EXIT_USAGE);
    assert.match(missing.err, /cannot read '.*nope\/manifest\.json'/);
    const badExport = review(base, base, '--tenant-export', base);
    assert.equal(badExport.code, EXIT_USAGE);
    assert.match(badExport.err, /has no apps\/ folder; it is not a tenant export/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-review-bad-'));
    fs.cpSync(base, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', 'orders', 'access-map.json'), '{"version": 7, "apis": []}');
    const newer = review(base, dir);
    assert.equal(newer.code, EXIT_USAGE);
    assert.match(newer.err, /access-map\.json' has schema version 7/);
    const help = review('--help');
    assert.equal(help.code, EXIT_OK);
    assert.match(help.out, new RegExp(`^Usage: ${PLATFORM.library.npm} review <base> <change>`));
  });
});
