import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PLATFORM } from '../lib/platform';
import { TerraformStack } from 'cdktf';
import { AccessChangeType, AccessDiff, AccessMap, ConsentType, EntraGroup, MemberType, ProtectedApi, SpaApp } from '../lib';
import { EXIT_OK, EXIT_USAGE, EXIT_FINDINGS, main } from '../lib/cli/main';
import { makeStack, memoryIo } from './util';

const ROOT = path.resolve(__dirname, '..');

/** What varies between the "main" and the "pull request" version of the program. */
interface Variant {
  readersGroup?: boolean;
  adminsGroup?: boolean;
  adminConsent?: boolean;
  assignmentRequired?: boolean;
  adminEnabled?: boolean;
  userConsent?: boolean;
}

/** The access-map JSON of a small Orders program, varied by `v`. */
function mapJson(v: Variant = {}): string {
  const stack: TerraformStack = makeStack('orders');
  const api = new ProtectedApi(stack, 'OrdersApi', {
    displayName: 'Orders API',
    appRoleAssignmentRequired: v.assignmentRequired ?? true,
    appRoles: [
      { value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] },
      { value: 'Orders.Admin', description: 'Administer', allowedMemberTypes: [MemberType.USER], enabled: v.adminEnabled ?? true },
    ],
    scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Call the API', consentType: v.userConsent ? ConsentType.USER : ConsentType.ADMIN }],
  });
  if (v.adminsGroup ?? true) {
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'OrderAdmins', '11111111-2222-3333-4444-555555555555', { displayName: 'Order admins' }), api.appRole('Orders.Admin'));
  }
  if (v.readersGroup) {
    api.grantAppRole(EntraGroup.fromDisplayName(stack, 'OrderReaders', 'Order readers'), api.appRole('Orders.Read'));
  }
  const web = new SpaApp(stack, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'] });
  web.requestScope(api, api.scope('Orders.Access'), { adminConsent: v.adminConsent ?? false });
  return AccessMap.of(stack).toJson();
}

function run(oldJson: string, newJson: string, ...extra: string[]) {
  const cli = memoryIo({ 'old.json': oldJson, 'new.json': newJson });
  const code = main(['access-diff', 'old.json', 'new.json', ...extra], cli);
  return { code, out: cli.out, err: cli.err };
}

describe('access diff', () => {
  it('reports no changes between identical maps', () => {
    const diff = AccessDiff.compare(mapJson(), mapJson());
    assert.deepEqual(diff.changes, []);
    assert.equal(diff.widensAccess, false);
    assert.equal(diff.toText(), 'No access changes.\n');
  });

  it('reports a new grant in one line, as widening', () => {
    const diff = AccessDiff.compare(mapJson(), mapJson({ readersGroup: true }));
    assert.deepEqual(diff.changes, [{
      changeType: AccessChangeType.ADDED,
      widens: true,
      api: 'OrdersApi',
      principal: 'OrderReaders',
      accessType: 'AppRole',
      value: 'Orders.Read',
      message: 'Group "Order readers" gains app role Orders.Read on Orders API (app role assignment)',
    }]);
    assert.equal(diff.widensAccess, true);
  });

  it('reports a removed grant, which does not widen access', () => {
    const diff = AccessDiff.compare(mapJson(), mapJson({ adminsGroup: false }));
    assert.equal(diff.changes.length, 1);
    assert.equal(diff.changes[0].changeType, AccessChangeType.REMOVED);
    assert.equal(diff.changes[0].message, 'Group "Order admins" loses app role Orders.Admin on Orders API');
    assert.equal(diff.widensAccess, false);
  });

  it('reports admin consent added to a delegated scope as a widening change', () => {
    const diff = AccessDiff.compare(mapJson(), mapJson({ adminConsent: true }));
    assert.deepEqual(diff.changes.map((c) => [c.changeType, c.widens, c.message]), [
      [AccessChangeType.CHANGED, true, 'SPA client "Orders Web": scope Orders.Access on Orders API now has admin consent'],
    ]);
  });

  it('reports admin consent withdrawn as a change that does not widen access', () => {
    const diff = AccessDiff.compare(mapJson({ adminConsent: true }), mapJson());
    assert.deepEqual(diff.changes.map((c) => [c.changeType, c.widens, c.message]), [
      [AccessChangeType.CHANGED, false, 'SPA client "Orders Web": scope Orders.Access on Orders API no longer has admin consent'],
    ]);
  });

  it('reports an API that stops requiring assignment as widening', () => {
    const diff = AccessDiff.compare(mapJson(), mapJson({ assignmentRequired: false }));
    assert.deepEqual(diff.changes.map((c) => [c.changeType, c.widens, c.message]), [
      [AccessChangeType.CHANGED, true, 'Orders API no longer requires assignment: every user and app in the tenant can get a token for it'],
    ]);
    const back = AccessDiff.compare(mapJson({ assignmentRequired: false }), mapJson());
    assert.deepEqual(back.changes.map((c) => [c.widens, c.message]), [[false, 'Orders API now requires assignment']]);
  });

  it('reports a role disabled (narrows) and enabled again with holders (widens)', () => {
    const off = AccessDiff.compare(mapJson(), mapJson({ adminEnabled: false }));
    assert.deepEqual(off.changes.map((c) => [c.widens, c.message]), [[false, 'app role Orders.Admin on Orders API is disabled']]);
    const on = AccessDiff.compare(mapJson({ adminEnabled: false }), mapJson());
    assert.deepEqual(on.changes.map((c) => [c.widens, c.message]), [[true, 'app role Orders.Admin on Orders API is enabled again (1 holder)']]);
  });

  it('reports a scope opened to user consent as widening', () => {
    const diff = AccessDiff.compare(mapJson(), mapJson({ userConsent: true }));
    assert.deepEqual(diff.changes.map((c) => [c.widens, c.message]), [[true, 'scope Orders.Access on Orders API can now be consented to by users (was: admins only)']]);
  });

  it('lists added, then changed, then removed, in a fixed order', () => {
    const diff = AccessDiff.compare(mapJson({ readersGroup: false }), mapJson({ readersGroup: true, adminsGroup: false, adminConsent: true }));
    assert.deepEqual(diff.changes.map((c) => c.changeType), [AccessChangeType.ADDED, AccessChangeType.CHANGED, AccessChangeType.REMOVED]);
    assert.equal(diff.toText(), [
      'Access changes: 1 added, 1 changed, 1 removed; access WIDENS.',
      '+ Group "Order readers" gains app role Orders.Read on Orders API (app role assignment)',
      '~ SPA client "Orders Web": scope Orders.Access on Orders API now has admin consent [widens access]',
      '- Group "Order admins" loses app role Orders.Admin on Orders API',
      '',
    ].join('\n'));
  });

  it('reports a whole API added, with its grants', () => {
    const stack = makeStack('orders');
    new ProtectedApi(stack, 'Empty', { displayName: 'Empty API' });
    const before = AccessMap.of(stack).toJson();
    const diff = AccessDiff.compare(before, mapJson());
    assert.ok(diff.changes.some((c) => c.message === 'Orders API is new in the map' && !c.widens));
    assert.ok(diff.changes.some((c) => c.message === 'Empty API is no longer in the map'));
    assert.ok(diff.changes.some((c) => c.changeType === AccessChangeType.ADDED && c.widens && /Order admins" gains app role Orders\.Admin/.test(c.message)));
  });

  it('throws if a map is not an access map or is of a newer schema version', () => {
    assert.throws(() => AccessDiff.compare('{', mapJson()), /old map is not valid JSON/);
    assert.throws(() => AccessDiff.compare(mapJson(), '{"apis": []}'), /new map has no numeric 'version'/);
    assert.throws(() => AccessDiff.compare(mapJson(), '{"version": 2, "apis": []}'),
      (e: Error) => e.message.endsWith(`has schema version 2; this version of ${PLATFORM.library.npm} reads version 1. Upgrade the package.`));
    assert.throws(() => AccessDiff.compare(mapJson(), '{"version": 1, "apis": [{"path": "x"}]}'), /apis\[0\] needs 'path', 'name' and 'access'/);
  });
});

describe('cdktf-entra-identity access-diff', () => {
  it('exits 0 and prints "No access changes." when nothing changes', () => {
    const r = run(mapJson(), mapJson());
    assert.equal(r.code, EXIT_OK);
    assert.equal(r.out, 'No access changes.\n');
    assert.equal(r.err, '');
  });

  it('exits 3 when access is added', () => {
    const r = run(mapJson(), mapJson({ readersGroup: true }));
    assert.equal(r.code, EXIT_FINDINGS);
    assert.equal(EXIT_FINDINGS, 3);
    assert.match(r.out, /^\+ Group "Order readers" gains app role Orders\.Read on Orders API/m);
  });

  it('exits 3 when access is widened without a new grant', () => {
    assert.equal(run(mapJson(), mapJson({ adminConsent: true })).code, EXIT_FINDINGS);
  });

  it('exits 0 when access is only removed or narrowed', () => {
    const r = run(mapJson({ readersGroup: true, adminConsent: true }), mapJson());
    assert.equal(r.code, EXIT_OK);
    assert.match(r.out, /^- Group "Order readers" loses/m);
    assert.match(r.out, /^~ .*no longer has admin consent$/m);
  });

  it('prints Markdown for a pull-request comment with --format markdown', () => {
    const r = run(mapJson(), mapJson({ readersGroup: true }), '--format', 'markdown');
    assert.equal(r.code, EXIT_FINDINGS);
    assert.match(r.out, /^### Access changes$/m);
    assert.match(r.out, /^- \*\*added, widens access\*\*: Group "Order readers" gains app role Orders\.Read on Orders API/m);
  });

  it('prints JSON for tools with --format=json', () => {
    const r = run(mapJson(), mapJson({ readersGroup: true }), '--format=json');
    const parsed = JSON.parse(r.out);
    assert.equal(parsed.version, 1);
    assert.equal(parsed.widensAccess, true);
    assert.equal(parsed.changes[0].principal, 'OrderReaders');
  });

  it('exits 2 without arguments, with one file, with an unknown option or format, or an unknown command', () => {
    const cli = memoryIo({});
    assert.equal(main([], cli), EXIT_USAGE);
    assert.match(cli.err, new RegExp(`^Usage: ${PLATFORM.library.npm} <command>`, 'm'));
    assert.match(cli.err, /^ {2}access-diff <old\.json> <new\.json> /m);
    assert.equal(main(['access-diff', 'old.json'], memoryIo({ 'old.json': mapJson() })), EXIT_USAGE);
    assert.equal(run(mapJson(), mapJson(), '--colour').code, EXIT_USAGE);
    assert.equal(run(mapJson(), mapJson(), '--format', 'html').code, EXIT_USAGE);
    const other = memoryIo({});
    assert.equal(main(['diff', 'a', 'b'], other), EXIT_USAGE);
    assert.match(other.err, /unknown command 'diff'/);
  });

  it('exits 2 naming the file when a file cannot be read or is not an access map', () => {
    const missing = memoryIo({ 'old.json': mapJson() });
    assert.equal(main(['access-diff', 'old.json', 'gone.json'], missing), EXIT_USAGE);
    assert.match(missing.err, /cannot read 'gone\.json'/);
    const bad = run(mapJson(), 'not json');
    assert.equal(bad.code, EXIT_USAGE);
    assert.match(bad.err, /'new\.json' is not valid JSON/);
  });

  it('prints usage and exits 0 with --help', () => {
    const cli = memoryIo({});
    assert.equal(main(['--help'], cli), EXIT_OK);
    assert.match(cli.out, /Exit codes \(every command\):/);
    const own = memoryIo({});
    assert.equal(main(['access-diff', '--help'], own), EXIT_OK);
    assert.match(own.out, new RegExp(`^Usage: ${PLATFORM.library.npm} access-diff <old\\.json> <new\\.json>`));
  });

  it('runs as bin/cdktf-entra-identity.js, with the exit code of the diff', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-diff-'));
    const oldFile = path.join(dir, 'old.json');
    const newFile = path.join(dir, 'new.json');
    fs.writeFileSync(oldFile, mapJson());
    fs.writeFileSync(newFile, mapJson({ readersGroup: true }));
    const bin = path.join(ROOT, 'bin', 'cdktf-entra-identity.js');
    const widened = spawnSync(process.execPath, ['--import', 'tsx', bin, 'access-diff', oldFile, newFile], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(widened.status, 3, widened.stderr);
    assert.match(widened.stdout, /Group "Order readers" gains app role Orders\.Read on Orders API/);
    const same = spawnSync(process.execPath, ['--import', 'tsx', bin, 'access-diff', oldFile, oldFile], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(same.status, 0, same.stderr);
    const usage = spawnSync(process.execPath, ['--import', 'tsx', bin, 'access-diff', oldFile], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.ok(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n'));
  });
});
