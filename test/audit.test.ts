import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TerraformStack, Testing } from 'cdktf';
import { AccessMap } from '../lib';
import { adoptProgram } from '../lib/tenant/adopt';
import { parseAccessMap } from '../lib/access/format';
import { AuditFindingType, auditTenant } from '../lib/tenant/audit';
import { auditMain } from '../lib/cli/audit-command';
import { TENANT_SECTION } from '../lib/cli/review';
import { CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../lib/cli/io';
import { readTenantExport } from '../lib/tenant/tenant-export';
import { CONTOSO, appIdOf, principalId, roleIdOf, spObjectIdOf } from './fixtures/tenant-export/generate';

const EXPORT = path.join(__dirname, 'fixtures', 'tenant-export', 'contoso');
const P = CONTOSO.principals;

interface Grant { path: string; name: string; kind: string; identityType?: string; objectId?: string; role: string }

/**
 * An access map (access-map.json, schema version 1) of code that declares the Orders API's and
 * the Reports API's grants: every assignment of the export except the one a script made.
 */
function codeMap(change: (grants: Grant[]) => Grant[] = (g) => g): any {
  const grants = change([
    { path: 'OrderAdmins', name: 'Order admins', kind: 'Group', objectId: principalId(P.orderAdmins), role: 'Orders.Admin' },
    { path: 'Jane', name: 'Jane Doe', kind: 'User', objectId: principalId(P.jane), role: 'Orders.Read' },
    { path: 'Billing', name: 'Billing Connector', kind: 'ServicePrincipal', objectId: principalId(P.billing), role: 'Orders.Read' },
    { path: 'Billing', name: 'Billing Connector', kind: 'ServicePrincipal', objectId: principalId(P.billing), role: 'Orders.Legacy' },
    {
      path: 'OrdersFunctionIdentity/SystemAssigned', name: 'OrdersFunction (system-assigned)', kind: 'ManagedIdentity',
      identityType: 'SystemAssigned', objectId: principalId(P.funcOrders), role: 'Orders.Read',
    },
    { path: 'WorkerIdentity', name: 'id-orders-worker', kind: 'ManagedIdentity', identityType: 'UserAssigned', objectId: principalId(P.worker), role: 'Orders.Write' },
    { path: 'OrdersSync', name: 'Orders Sync', kind: 'Client', objectId: spObjectIdOf('orders-sync'), role: 'Orders.Write' },
  ]);
  const roles = ['Orders.Admin', 'Orders.Legacy', 'Orders.Read', 'Orders.Write'].map((value) => ({
    value, id: roleIdOf('orders-api', value), allowedMemberTypes: ['Application'], enabled: value !== 'Orders.Legacy',
  }));
  const principals = new Map<string, any>();
  for (const g of grants) {
    principals.set(g.path, { path: g.path, name: g.name, kind: g.kind, identityType: g.identityType, objectId: g.objectId, memberOf: [] });
  }
  principals.set('ReportReaders', { path: 'ReportReaders', name: 'Report readers', kind: 'Group', objectId: principalId(P.reportReaders), memberOf: [] });
  const entry = (g: Grant, api: string) => ({
    principal: g.path, principalName: g.name, principalKind: g.kind, accessType: 'AppRole', value: g.role,
    grantedVia: 'AppRoleAssignment', grantPath: `${api}/Grant:${g.path.replace(/\//g, '.')}:${g.role}`,
  });
  return {
    version: 1,
    stack: 'contoso',
    apis: [
      { path: 'OrdersApi', name: 'Orders API', source: 'ThisProgram', appRoleAssignmentRequired: true, appRoles: roles, scopes: [], access: grants.map((g) => entry(g, 'OrdersApi')) },
      {
        path: 'ReportsApi', name: 'Reports API', source: 'ThisProgram', identifierUri: 'https://contoso.onmicrosoft.com/reports', appRoleAssignmentRequired: true,
        appRoles: [], scopes: [], access: [entry({ path: 'ReportReaders', name: 'Report readers', kind: 'Group', role: 'DefaultAccess' }, 'ReportsApi')],
      },
    ],
    principals: [...principals.values()],
    clients: [],
    workloadIdentities: [],
    findings: [],
  };
}

function run(args: string[], files: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = { code: 0, out: '', err: '' };
  const io: CliIo = {
    stdout: (t) => { r.out += t; },
    stderr: (t) => { r.err += t; },
    readFile: (f) => {
      if (f in files) return files[f];
      throw new Error(`ENOENT: no such file '${f}'`);
    },
  };
  r.code = auditMain(args, io);
  return r;
}

describe('audit', () => {
  it('reports exactly the assignment a script made, as a user-assigned managed identity, with exit code 3', () => {
    const r = run([EXPORT, 'map.json'], { 'map.json': JSON.stringify(codeMap()) });
    assert.equal(r.code, EXIT_FINDINGS, r.err);
    const outside = r.out.split('\n').filter((l) => l.startsWith('  !'));
    assert.equal(outside.length, 1, r.out);
    assert.ok(outside[0].includes(`Managed identity (user-assigned) "id-nightly-export" (${principalId(P.scriptIdentity)}) holds app role Orders.Read on Orders API, which no code declares`), outside[0]);
    assert.match(outside[0], /made 2025-11-03T02:14:09Z/);
    assert.match(r.out, /1 assignment\(s\) outside code, 0 grant\(s\) in code not in the tenant yet, 1 grant\(s\) of disabled roles; access EXISTS OUTSIDE CODE/);
    assert.match(r.out, /Reports API \([0-9a-f-]+, in code as contoso\/ReportsApi\): 1 assignment\(s\) in the tenant, 1 grant\(s\) in code; in sync/);
  });

  it('matches every kind of principal by object id: group, user, service principal, both managed identities, a daemon and default access', () => {
    const map = codeMap((g) => [...g, { path: 'NightlyExport', name: 'id-nightly-export', kind: 'ManagedIdentity', identityType: 'UserAssigned', objectId: principalId(P.scriptIdentity), role: 'Orders.Read' }]);
    const result = auditTenant([map], readTenantExport(EXPORT));
    assert.equal(result.accessOutsideCode, false);
    const findings = result.apis.flatMap((a) => a.findings);
    assert.deepEqual(findings.map((f) => f.type), [AuditFindingType.DISABLED_ROLE]);
    assert.equal(run([EXPORT, 'map.json'], { 'map.json': JSON.stringify(map) }).code, EXIT_OK);
  });

  it('reports a grant of a disabled role that the tenant holds, naming the principal as the access map does', () => {
    const result = auditTenant([codeMap((g) => g.map((x) => (x.path === 'Billing' ? { ...x, name: 'Billing (partner)' } : x)))], readTenantExport(EXPORT));
    const disabled = result.apis.flatMap((a) => a.findings).filter((f) => f.type === AuditFindingType.DISABLED_ROLE);
    assert.equal(disabled.length, 1);
    assert.equal(disabled[0].role, 'Orders.Legacy');
    assert.equal(disabled[0].principalName, 'Billing (partner)');
    assert.match(disabled[0].message, /Service principal "Billing \(partner\)" .* holds app role Orders\.Legacy on Orders API, which is disabled/);
  });

  it('lists grants in code that the tenant does not have yet, without counting them as access outside code', () => {
    const newReader = { path: 'Auditors', name: 'Auditors', kind: 'Group', objectId: '0b8f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4', role: 'Orders.Read' };
    const map = codeMap((g) => [...g, newReader, { path: 'NightlyExport', name: 'id-nightly-export', kind: 'ManagedIdentity', objectId: principalId(P.scriptIdentity), role: 'Orders.Read' }]);
    const r = run([EXPORT, 'map.json'], { 'map.json': JSON.stringify(map) });
    assert.equal(r.code, EXIT_OK, r.out);
    assert.match(r.out, /\+ Group "Auditors" \(0b8f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4\) is granted app role Orders\.Read on Orders API in code \(OrdersApi\/Grant:Auditors:Orders\.Read\), but the tenant has no such assignment yet/);
  });

  it('matches a principal whose object id is known only at apply by kind and name', () => {
    // The program makes the function's system-assigned identity, so the map has no object id for it.
    const map = codeMap((g) => g.map((x) => (x.path.startsWith('OrdersFunction') ? { ...x, objectId: undefined, name: 'func-orders (system-assigned)' } : x)));
    map.principals = map.principals.map((p: any) => (p.path.startsWith('OrdersFunction') ? { ...p, objectId: undefined } : p));
    const result = auditTenant([map], readTenantExport(EXPORT));
    const orders = result.apis.find((a) => a.name === 'Orders API')!;
    assert.deepEqual(orders.findings.map((f) => `${f.type} ${f.principalName}`), ['OutsideCode id-nightly-export', 'DisabledRole Billing Connector']);
  });

  it('reports every assignment of an API that no code declares', () => {
    const map = codeMap();
    map.apis = map.apis.filter((a: any) => a.path !== 'ReportsApi');
    const result = auditTenant([map], readTenantExport(EXPORT));
    const reports = result.apis.find((a) => a.appId === appIdOf('reports-api'))!;
    assert.equal(reports.codePath, undefined);
    assert.deepEqual(reports.findings.map((f) => `${f.type} ${f.principalKind} ${f.principalName} ${f.role}`), ['OutsideCode Group Report readers DefaultAccess']);
  });

  it('writes a Markdown table for a pull-request comment or a job summary', () => {
    const r = run([EXPORT, 'map.json', '--format', 'markdown'], { 'map.json': JSON.stringify(codeMap()) });
    assert.equal(r.code, EXIT_FINDINGS);
    assert.match(r.out, /^## Access audit\n/);
    assert.ok(r.out.includes(`| Outside code | id-nightly-export | Managed identity (user-assigned) | ${principalId(P.scriptIdentity)} | \`Orders.Read\` |`), r.out);
    assert.match(r.out, /\| `[A-Za-z0-9_-]{43}` \(2025-11-03T02:14:09Z\) \|/);
    assert.match(r.out, /### Reports API\n\nIn code as `contoso\/ReportsApi`; 1 assignment\(s\) in the tenant, 1 grant\(s\) in code\.\n\nIn sync\./);
  });

  it('writes JSON with every finding for tools', () => {
    const r = run([EXPORT, 'map.json', '--format=json'], { 'map.json': JSON.stringify(codeMap()) });
    const json = JSON.parse(r.out);
    assert.equal(json.accessOutsideCode, true);
    const outside = json.apis.flatMap((a: any) => a.findings).filter((f: any) => f.type === 'OutsideCode');
    assert.deepEqual(outside.map((f: any) => [f.principalObjectId, f.roleId]), [[principalId(P.scriptIdentity), roleIdOf('orders-api', 'Orders.Read')]]);
  });

  it('notes an API of the code that is not in the export instead of calling its grants missing', () => {
    const map = codeMap();
    map.apis.push({ path: 'BillingApi', name: 'Billing API', source: 'ThisProgram', appRoles: [], scopes: [], access: [{ ...map.apis[0].access[0] }] });
    const result = auditTenant([map], readTenantExport(EXPORT));
    const notes = result.notes.filter((n) => n.startsWith('Billing API'));
    assert.equal(notes.length, 1);
    assert.match(notes[0], /^Billing API \(contoso\/BillingApi\) has 1 grant\(s\) in code but is not in the export/);
  });

  it('throws usage errors with exit code 2 for missing arguments, unreadable maps and incomplete exports', () => {
    assert.equal(run([EXPORT]).code, EXIT_USAGE);
    assert.match(run([EXPORT, 'nope.json']).err, /cannot read 'nope\.json'/);
    assert.match(run([EXPORT, 'm.json'], { 'm.json': '{"version": 9, "apis": []}' }).err, /schema version 9/);
    assert.match(run([EXPORT, 'm.json', '--format', 'html'], { 'm.json': '{}' }).err, /--format must be text, markdown or json \(got 'html'\)/);

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    try {
      fs.cpSync(EXPORT, tmp, { recursive: true });
      fs.rmSync(path.join(tmp, 'apps', appIdOf('orders-api'), 'app-role-assigned-to.2.json'));
      const r = run([tmp, 'map.json'], { 'map.json': JSON.stringify(codeMap()) });
      assert.equal(r.code, EXIT_USAGE);
      assert.match(r.err, /app-role-assigned-to\.json has an @odata\.nextLink, but apps\/[0-9a-f-]+\/app-role-assigned-to\.2\.json is missing/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('reads an access map as AccessMap writes it', () => {
    assert.throws(() => parseAccessMap('[]', 'x'), /x is not an access map/);
    assert.equal(parseAccessMap(JSON.stringify(codeMap()), 'x').stack, 'contoso');
  });
});

describe('audit of a program that adopt wrote', () => {
  /** The access map of the program adopt writes for `exportDir`, synthesized. */
  function adoptedMap(exportDir: string): string {
    const dir = fs.mkdtempSync(path.join(__dirname, '.audit-'));
    try {
      const program = adoptProgram(readTenantExport(exportDir), { library: path.join(__dirname, '..', 'lib') }).program;
      fs.writeFileSync(path.join(dir, 'main.ts'), program);
      const { buildApp } = require(path.join(dir, 'main.ts'));
      const app = Testing.app();
      buildApp(app);
      return AccessMap.of(app.node.findChild('adopted') as TerraformStack).toJson();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('finds the tenant in sync with the program adopt wrote for it (a disabled role still held is reported)', () => {
    const r = run([EXPORT, 'map.json'], { 'map.json': adoptedMap(EXPORT) });
    assert.equal(r.code, EXIT_OK, r.out);
    assert.match(r.out, /0 assignment\(s\) outside code, 0 grant\(s\) in code not in the tenant yet, 1 grant\(s\) of disabled roles; no access outside code/);
    assert.match(r.out, /x Service principal "Billing Connector" \(.*\) holds app role Orders\.Legacy on Orders API, which is disabled/);
  });

  it('reports exactly the assignment a script made after the program was adopted, with exit code 3', () => {
    // The tenant as it was when the team adopted it: before the script granted id-nightly-export a role.
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'before-'));
    try {
      fs.cpSync(EXPORT, before, { recursive: true });
      const appDir = path.join(before, 'apps', appIdOf('orders-api'));
      for (const f of ['app-role-assigned-to.json', 'app-role-assigned-to.2.json']) {
        const page = JSON.parse(fs.readFileSync(path.join(appDir, f), 'utf8'));
        page.value = page.value.filter((a: any) => a.principalId !== principalId(P.scriptIdentity));
        fs.writeFileSync(path.join(appDir, f), JSON.stringify(page));
      }
      fs.rmSync(path.join(before, 'principals', `${principalId(P.scriptIdentity)}.json`));
      const r = run([EXPORT, 'map.json', '--format', 'json'], { 'map.json': adoptedMap(before) });
      assert.equal(r.code, EXIT_FINDINGS, r.out);
      const findings = JSON.parse(r.out).apis.flatMap((a: any) => a.findings.map((f: any) => ({ api: a.name, ...f })));
      assert.deepEqual(findings.filter((f: any) => f.type === 'OutsideCode').map((f: any) => [f.api, f.principalKind, f.identityType, f.principalName, f.principalObjectId, f.role]),
        [['Orders API', 'ManagedIdentity', 'UserAssigned', 'id-nightly-export', principalId(P.scriptIdentity), 'Orders.Read']]);
      assert.deepEqual(findings.filter((f: any) => f.type === 'NotInTenant'), []);
    } finally {
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});

describe('audit of Microsoft Graph application permissions (an app\'s own assignments)', () => {
  const HISTORY = path.join(__dirname, 'fixtures', 'tenant-export', 'history');
  const DIRECTORY_SYNC = path.join('apps', '178537f3-38c2-52d4-af01-c2b2ee600e35');
  const GRAPH_SP = '55c1acd0-fb3a-5c1c-9375-c5e5c02d4131';
  const DIRECTORY_SYNC_SP = '3750bf92-0d0d-549e-9036-c0c081c92fda';
  let adopted: string | undefined;
  /** The access map of the program adopt writes for the history export (which leaves Directory Sync's Group.Read.All undeclared, with a note). */
  const historyMap = (): string => (adopted ??= (() => {
    const dir = fs.mkdtempSync(path.join(__dirname, '.audit-'));
    try {
      fs.writeFileSync(path.join(dir, 'main.ts'), adoptProgram(readTenantExport(HISTORY), { library: path.join(__dirname, '..', 'lib') }).program);
      const app = Testing.app();
      require(path.join(dir, 'main.ts')).buildApp(app);
      return AccessMap.of(app.node.findChild('adopted') as TerraformStack).toJson();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  })());
  /** A copy of the history export, changed by `change(dir)`. */
  function withExport(change: (dir: string) => void, body: (dir: string) => void): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-graph-'));
    try {
      fs.cpSync(HISTORY, dir, { recursive: true });
      change(dir);
      body(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const editPage = (dir: string, file: string, edit: (value: any[]) => any[]) => {
    const f = path.join(dir, DIRECTORY_SYNC, file);
    const page = JSON.parse(fs.readFileSync(f, 'utf8'));
    page.value = edit(page.value);
    fs.writeFileSync(f, JSON.stringify(page, null, 2));
  };
  /** Graph's appRoleAssignment of `appRoleId` held by Directory Sync, as GET servicePrincipals/{id}/appRoleAssignments returns it. */
  const held = (id: string, appRoleId: string) => ({
    id, deletedDateTime: null, appRoleId, createdDateTime: '2026-10-01T07:00:00Z', principalDisplayName: 'Directory Sync',
    principalId: DIRECTORY_SYNC_SP, principalType: 'ServicePrincipal', resourceDisplayName: 'Microsoft Graph', resourceId: GRAPH_SP,
  });

  it('reports the Graph permission a daemon holds on the second page that its code does not request, with the declaration that adopts it, exit code 3', () => {
    const r = run([HISTORY, 'map.json'], { 'map.json': historyMap() });
    assert.equal(r.code, EXIT_FINDINGS, r.err);
    assert.match(r.out, /\nMicrosoft Graph \(00000003-0000-0000-c000-000000000000, in code as adopted\/MicrosoftGraph\): 3 assignment\(s\) in the tenant, 2 grant\(s\) in code\n/);
    const outside = r.out.split('\n').filter((l) => l.startsWith('  !'));
    assert.deepEqual(outside, [`  ! Service principal "Directory Sync" (${DIRECTORY_SYNC_SP}) holds Microsoft Graph application permission Group.Read.All, which no code declares `
      + '(assignment 74KDzzcGVhzIvH9mgztLkGkmzHi2Xq8tYgsKPW65Xlc, made 2025-06-02T08:41:13Z). Declare it on adopted/DirectorySync with '
      + `requestGraphAppRole('Group.Read.All', { existingAssignmentId: '74KDzzcGVhzIvH9mgztLkGkmzHi2Xq8tYgsKPW65Xlc', graphServicePrincipalObjectId: '${GRAPH_SP}' }), `
      + 'or remove it in the portal (Enterprise applications > Directory Sync > Permissions).']);
    // Apps in code without app-role-assignments.json: named once, in one note; not an error.
    const notes = r.out.split('\n').filter((l) => l.startsWith('Note: Microsoft Graph application permissions were not audited'));
    assert.equal(notes.length, 1, r.out);
    assert.ok(notes[0].includes('Ledger API (812a9618-20ee-5657-a884-40a3357ec65e)'), notes[0]);
    assert.ok(!notes[0].includes('Directory Sync') && !notes[0].includes('Profile API'), notes[0]);
    assert.doesNotMatch(r.out, /Microsoft Graph \(adopted\/MicrosoftGraph\) has \d+ grant\(s\) in code but is not in the export/);
  });

  it('is in sync once the code declares what the daemon holds', () => {
    const map = JSON.parse(historyMap());
    const graph = map.apis.find((a: any) => a.name === 'Microsoft Graph');
    const userRead = graph.access.find((e: any) => e.principal === 'DirectorySync' && e.value === 'User.Read.All');
    graph.access.push({ ...userRead, value: 'Group.Read.All', grantPath: 'MicrosoftGraph/Grant:DirectorySync:Group.Read.All' });
    const r = run([HISTORY, 'map.json', '--format', 'json'], { 'map.json': JSON.stringify(map) });
    assert.equal(r.code, EXIT_OK, r.out);
    const api = JSON.parse(r.out).apis.find((a: any) => a.name === 'Microsoft Graph');
    assert.deepEqual([api.tenantAssignments, api.codeGrants, api.findings], [3, 3, []]);
  });

  it('flags a high-privilege permission granted outside code, and names an unknown permission by its id', () => {
    const unknownId = '9e640839-a198-48fb-8b9a-013fd6f6cbcd';
    withExport((dir) => editPage(dir, 'app-role-assignments.2.json', (v) => [...v,
      held('kX2v6gA8qk2y1H0m1bCk4Tqv7yXcM2F0rYp1wQe9LZk', '19dbc75e-c2e2-444c-a770-ec69d8559fc7'), held('pQ7s2nB4tL9xR1kV6mH3cY8dW0fZ5jN2aE4uG7iO1Ts', unknownId)]), (dir) => {
      const json = run([dir, 'map.json', '--format', 'json'], { 'map.json': historyMap() });
      assert.equal(json.code, EXIT_FINDINGS);
      const findings = JSON.parse(json.out).apis.find((a: any) => a.name === 'Microsoft Graph').findings;
      assert.deepEqual(findings.map((f: any) => [f.type, f.principalName, f.role, f.roleId, f.highPrivilege ?? false]), [
        ['OutsideCode', 'Directory Sync', 'Directory.ReadWrite.All', '19dbc75e-c2e2-444c-a770-ec69d8559fc7', true],
        ['OutsideCode', 'Directory Sync', unknownId, unknownId, false],
        ['OutsideCode', 'Directory Sync', 'Group.Read.All', '5b567255-7703-4780-807c-7be8301ae99b', false],
      ]);
      assert.match(findings[0].message, /^HIGH PRIVILEGE: Service principal "Directory Sync" .* holds Microsoft Graph application permission Directory\.ReadWrite\.All, which no code declares/);
      assert.match(findings[1].message, new RegExp(`permission with id ${unknownId} \\(not in this library's table`));

      const text = run([dir, 'map.json'], { 'map.json': historyMap() });
      assert.match(text.out, /^Access audit \(adopted\): 3 assignment\(s\) outside code \(1 of them HIGH-PRIVILEGE Microsoft Graph permission\(s\)\)/);
      const md = run([dir, 'map.json', '--format', 'markdown'], { 'map.json': historyMap() });
      assert.ok(md.out.includes(`| Outside code | Directory Sync | Service principal | ${DIRECTORY_SYNC_SP} | \`Directory.ReadWrite.All\` **(high privilege)** | \`kX2v6gA8qk2y1H0m1bCk4Tqv7yXcM2F0rYp1wQe9LZk\` (2026-10-01T07:00:00Z) |`), md.out);
    });
  });

  it('matches a daemon the program makes (no object id at synth) by its display name', () => {
    const map = JSON.parse(historyMap());
    for (const p of map.principals) if (p.path === 'DirectorySync') delete p.objectId;
    for (const a of map.apis) for (const e of a.access) if (e.principal === 'DirectorySync') delete e.principalObjectId;
    const graph = auditTenant([map], readTenantExport(HISTORY)).apis.find((a) => a.name === 'Microsoft Graph')!;
    assert.deepEqual(graph.findings.map((f) => [f.type, f.principalName, f.role]), [['OutsideCode', 'Directory Sync', 'Group.Read.All']]);
    assert.equal(graph.codeGrants, 2);
    assert.match(graph.findings[0].message, /Declare it on adopted\/DirectorySync with requestGraphAppRole/);
  });

  it('review --tenant-export counts high-privilege Graph permissions in its tenant summary', () => {
    withExport((dir) => editPage(dir, 'app-role-assignments.2.json', (v) => [...v, held('kX2v6gA8qk2y1H0m1bCk4Tqv7yXcM2F0rYp1wQe9LZk', '06b708a9-e830-4db3-a914-8e69da51d44f')]), (dir) => {
      const [section] = TENANT_SECTION.produce({ stacks: [{ changeMap: parseAccessMap(historyMap(), 'map') }], tenant: { dir, export: readTenantExport(dir) } } as any);
      assert.equal(section.attention, true);
      assert.match(section.summary, /^2 assignment\(s\) outside code \(1 of them HIGH-PRIVILEGE Microsoft Graph permission\(s\)\)/);
      assert.ok(section.items.some((i) => i.attention && i.text.startsWith('HIGH PRIVILEGE: Service principal "Directory Sync"') && i.text.includes('AppRoleAssignment.ReadWrite.All')));
    });
  });

  it('lists a permission the code requests that the tenant does not grant, without counting it as access outside code', () => {
    const map = JSON.parse(historyMap());
    const graph = map.apis.find((a: any) => a.name === 'Microsoft Graph');
    const userRead = graph.access.find((e: any) => e.principal === 'DirectorySync' && e.value === 'User.Read.All');
    graph.access.push({ ...userRead, value: 'Group.Read.All', grantPath: 'MicrosoftGraph/Grant:DirectorySync:Group.Read.All' });
    // The tenant lost User.Read.All (first page, which keeps its nextLink).
    withExport((dir) => editPage(dir, 'app-role-assignments.json', () => []), (dir) => {
      const r = run([dir, 'map.json'], { 'map.json': JSON.stringify(map) });
      assert.equal(r.code, EXIT_OK, r.out);
      assert.match(r.out, /0 assignment\(s\) outside code, 1 grant\(s\) in code not in the tenant yet/);
      assert.ok(r.out.includes(`  + Service principal "Directory Sync" (${DIRECTORY_SYNC_SP}) requests Microsoft Graph application permission User.Read.All in code `
        + '(MicrosoftGraph/Grant:DirectorySync:User.Read.All), but the tenant does not grant it: the next apply grants it'), r.out);
    });
  });

  it('reports what an app not declared in code holds, and notes an app without its own assignments once instead of comparing it', () => {
    const map = JSON.parse(historyMap());
    // A program that has only the Profile API: Directory Sync is not in code.
    map.principals = map.principals.filter((p: any) => p.path !== 'DirectorySync');
    map.clients = map.clients.filter((c: any) => c.path !== 'DirectorySync');
    for (const a of map.apis) a.access = a.access.filter((e: any) => e.principal !== 'DirectorySync');
    const r = run([HISTORY, 'map.json', '--format', 'json'], { 'map.json': JSON.stringify(map) });
    assert.equal(r.code, EXIT_FINDINGS);
    const findings = JSON.parse(r.out).apis.find((a: any) => a.name === 'Microsoft Graph').findings;
    assert.deepEqual(findings.map((f: any) => [f.principalName, f.role, f.assignmentId]),
      [['Directory Sync', 'Group.Read.All', '74KDzzcGVhzIvH9mgztLkGkmzHi2Xq8tYgsKPW65Xlc'], ['Directory Sync', 'User.Read.All', 'dtHmJwkb06_UEdAnQNLkwZsu1BRqm3gRjBs0oqicmUg']]);
    assert.match(findings[0].message, /Directory Sync is not declared in code: adopt it and declare it with requestGraphAppRole\('Group\.Read\.All'/);

    withExport((dir) => {
      for (const f of ['app-role-assignments.json', 'app-role-assignments.2.json']) fs.rmSync(path.join(dir, DIRECTORY_SYNC, f));
    }, (dir) => {
      const result = auditTenant([parseAccessMap(historyMap(), 'map')], readTenantExport(dir));
      const graph = result.apis.find((a) => a.name === 'Microsoft Graph')!;
      assert.deepEqual(graph.findings, []);
      assert.equal(graph.codeGrants, 1);
      const notes = result.notes.filter((n) => n.includes('Directory Sync'));
      assert.equal(notes.length, 1);
      assert.match(notes[0], /^Microsoft Graph application permissions were not audited for .*Directory Sync \(178537f3-38c2-52d4-af01-c2b2ee600e35\)/);
      assert.equal(result.accessOutsideCode, false);
    });
  });
});
