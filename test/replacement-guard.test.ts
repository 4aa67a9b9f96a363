import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { App, TerraformResource, TerraformStack, Testing } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { Construct } from 'constructs';
import { EntraGroup, MemberType, PrincipalKind, ProtectedApi } from '../lib';
import { GuardFindingType, ReplacementGuard } from '../lib';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../lib/cli/io';
import { replacementGuardMain } from '../lib/cli/replacement-guard-command';
import { makeStack, memoryIo } from './util';

const ADMINS = '11111111-2222-3333-4444-555555555555';
const OTHER_ADMINS = '99999999-2222-3333-4444-555555555555';

/** What varies between the base and the change. */
interface Variant {
  /** A construct the API (and nothing else) is moved under. */
  parent?: string;
  /** Add moved blocks from the unmoved addresses, through cdktf's own move API. */
  declareMoves?: boolean;
  adminsObjectId?: string;
  readId?: string;
  withAdminRole?: boolean;
  tableName?: string;
  tableObjectId?: string;
}

/** An Orders stack: an API with two roles, a group grant and a table row; synthesized to cdk.tf.json. */
function stackJson(v: Variant = {}): string {
  const stack: TerraformStack = makeStack('orders');
  const scope = v.parent ? new Construct(stack, v.parent) : stack;
  const api = new ProtectedApi(scope, 'OrdersApi', {
    displayName: 'Orders API',
    idSeed: 'OrdersApi',
    appRoles: [{ value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION], id: v.readId }],
  });
  if (v.withAdminRole ?? true) {
    const admin = api.addAppRole('Orders.Admin', { description: 'Administer', allowedMemberTypes: [MemberType.USER] });
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'OrderAdmins', v.adminsObjectId ?? ADMINS, { displayName: 'Order admins' }), admin);
  }
  api.grantAppRoles([{ principalName: v.tableName ?? 'Order readers', principalObjectId: v.tableObjectId ?? 'aaaaaaaa-0000-0000-0000-000000000001', principalKind: PrincipalKind.GROUP, role: api.appRole('Orders.Read') }]);
  if (v.declareMoves) {
    // What a move helper does by hand: every resource under the API gets a moved block from the address it had at the stack's root.
    const unmoved = JSON.parse(stackJson({ ...v, parent: undefined, declareMoves: false }));
    const oldAddresses = new Map<string, string>();
    for (const [type, byName] of Object.entries<any>(unmoved.resource)) {
      for (const name of Object.keys(byName)) oldAddresses.set(`${type}:${name.replace(/_[0-9A-F]{8}$/, '')}`, `${type}.${name}`);
    }
    for (const r of api.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource)) {
      const human = stack.getLogicalId(r).replace(/_[0-9A-F]{8}$/, '').replace(`${v.parent}_`, '');
      r.moveFromId(oldAddresses.get(`${r.terraformResourceType}:${human}`)!);
    }
  }
  return Testing.synth(stack, true);
}

function compare(base: Variant, change: Variant): ReplacementGuard {
  return ReplacementGuard.compare(stackJson(base), stackJson(change));
}

function kinds(g: ReplacementGuard): string[] {
  return g.findings.map((f) => `${f.findingType} ${f.resourceType}${f.attribute ? ` ${f.attribute}` : ''}`);
}

/** A hand-written cdk.tf.json. */
function doc(resource: Record<string, Record<string, any>>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ terraform: {}, resource, ...extra });
}

const APP = { display_name: 'Orders API', '//': { metadata: { path: 'orders/OrdersApi/Resource' } } };

describe('replacement guard', () => {
  it('finds nothing when the stack does not change', () => {
    const g = compare({}, {});
    assert.deepEqual(g.findings, []);
    assert.equal(g.destroysOrReplaces, false);
    assert.equal(g.toText(), 'No identity resource is destroyed or replaced.\n');
  });

  it('flags every resource of an API moved under a new parent without a moved block as destroyed', () => {
    const g = compare({}, { parent: 'Team' });
    assert.deepEqual([...new Set(kinds(g))].sort(), [
      'Destroyed azuread_app_role_assignment',
      'Destroyed azuread_application',
      'Destroyed azuread_application_identifier_uri',
      'Destroyed azuread_service_principal',
    ]);
    // the single grant and the table's one row
    assert.equal(g.findings.filter((f) => f.resourceType === 'azuread_app_role_assignment').length, 2);
    const app = g.findings.find((f) => f.resourceType === 'azuread_application')!;
    assert.match(app.message, /^azuread_application\.OrdersApi_[0-9A-F]{8} is destroyed: no moved block carries it on\. .*stable key.*movedFrom/);
    assert.match(g.toText(), /^Identity resources destroyed or replaced: 5 destroyed, 0 replaced, 0 broken moves\.\n/);
  });

  it('passes the same move when a moved block carries every resource, following references through the moves', () => {
    const g = compare({}, { parent: 'Team', declareMoves: true });
    assert.deepEqual(g.findings, []);
    assert.ok(g.notes.some((n) => /^azuread_application\.OrdersApi_[0-9A-F]{8} moves to azuread_application\.Team_OrdersApi_[0-9A-F]{8}$/.test(n)), g.notes.join('\n'));
    assert.ok(g.notes.some((n) => /^azuread_app_role_assignment\.OrdersApi_AppRoleAssignments_[0-9A-F]{8} moves to /.test(n)), 'the for_each table moves as a whole');
  });

  it('flags a grant whose principal changes (another object id) as replaced by principal_object_id, though its address changes with the id', () => {
    const g = compare({}, { adminsObjectId: OTHER_ADMINS });
    assert.deepEqual(kinds(g), ['Replaced azuread_app_role_assignment principal_object_id']);
    assert.equal(g.findings[0].findingType, GuardFindingType.REPLACED);
    assert.match(g.findings[0].address, /^azuread_app_role_assignment\.OrdersApi_Grant11111111-2222-3333-4444-555555555555OrdersAdmin_[0-9A-F]{8}$/);
    assert.deepEqual([g.findings[0].before, g.findings[0].after], [`"${ADMINS}"`, `"${OTHER_ADMINS}"`]);
    // Without construct paths in the document (Testing.synth), the grant is known by the moved block from its construct-id address.
    assert.match(g.findings[0].message, new RegExp(`is replaced: its principal changes from object id ${ADMINS} to ${OTHER_ADMINS} .*; the new assignment is `
      + `azuread_app_role_assignment\\.OrdersApi_Grant${OTHER_ADMINS}OrdersAdmin_[0-9A-F]{8}\\)\\. At apply, ${ADMINS} loses app role 'Orders\\.Admin' on "Orders API"`));
  });

  it('keeps a grant destroyed when its construct is gone and another grant of the role to another principal is new', () => {
    // Not the same grant: no construct path and no moved block ties the two together.
    const base = doc({ azuread_app_role_assignment: { A: { app_role_id: 'r', principal_object_id: ADMINS, resource_object_id: 's' } } });
    const change = doc({ azuread_app_role_assignment: { B: { app_role_id: 'r', principal_object_id: OTHER_ADMINS, resource_object_id: 's' } } });
    const g = ReplacementGuard.compare(base, change);
    assert.deepEqual(kinds(g), ['Destroyed azuread_app_role_assignment']);
    assert.match(g.findings[0].message, /^azuread_app_role_assignment\.A is destroyed: no moved block carries it on\./);
  });

  it('flags an app role that gets a new id, and every row and grant of it, as replaced', () => {
    const g = compare({}, { readId: 'cccccccc-0000-4000-8000-000000000001' });
    assert.deepEqual(kinds(g), [
      'Replaced azuread_app_role_assignment app_role_id',
      'Replaced azuread_application app_role["Orders.Read"].id',
    ]);
    const role = g.findings.find((f) => f.resourceType === 'azuread_application')!;
    assert.match(role.message, /app role 'Orders\.Read' gets a new id \(.* -> cccccccc-0000-4000-8000-000000000001\)\. .*every assignment of it/);
    assert.match(g.findings[0].address, /^azuread_app_role_assignment\.OrdersApi_AppRoleAssignments_[0-9A-F]{8}\["Orders\.Read aaaaaaaa-0000-0000-0000-000000000001"\]$/);
  });

  it('flags a removed app role and its grant as destroyed, saying how to retire a role', () => {
    const g = compare({}, { withAdminRole: false });
    assert.deepEqual(kinds(g), ['Destroyed azuread_app_role_assignment', 'Destroyed azuread_application app_role["Orders.Admin"]']);
    assert.match(g.findings[1].message, /app role 'Orders\.Admin' is removed, and with it every assignment of it\. If it is being retired, disable it first/);
  });

  it('flags each for_each row on its own: a row renamed keeps its instance, a row given another principal is one instance replaced', () => {
    assert.deepEqual(compare({}, { tableName: 'Order readers (EU)' }).findings, [], 'rows are keyed by object id');
    const g = compare({}, { tableObjectId: 'aaaaaaaa-0000-0000-0000-000000000009' });
    assert.deepEqual(kinds(g), ['Replaced azuread_app_role_assignment principal_object_id']);
    assert.match(g.findings[0].address, /\["Orders\.Read aaaaaaaa-0000-0000-0000-000000000001"\]$/);
    assert.match(g.findings[0].message, /the new assignment is azuread_app_role_assignment\.OrdersApi_AppRoleAssignments_[0-9A-F]{8}\["Orders\.Read aaaaaaaa-0000-0000-0000-000000000009"\]/);
  });

  it('says what a grant whose principal_object_id changes in place does at apply', () => {
    const app = { ...APP, app_role: [{ id: 'cccccccc-0000-4000-8000-000000000001', value: 'Orders.Admin' }] };
    const sp = { client_id: '${azuread_application.App.client_id}' };
    const grant = (principal: string) => ({ app_role_id: 'cccccccc-0000-4000-8000-000000000001', principal_object_id: principal, resource_object_id: '${azuread_service_principal.Sp.object_id}' });
    const g = ReplacementGuard.compare(
      doc({ azuread_application: { App: app }, azuread_service_principal: { Sp: sp }, azuread_app_role_assignment: { Grant: grant(ADMINS) } }),
      doc({ azuread_application: { App: app }, azuread_service_principal: { Sp: sp }, azuread_app_role_assignment: { Grant: grant(OTHER_ADMINS) } }));
    assert.deepEqual(kinds(g), ['Replaced azuread_app_role_assignment principal_object_id']);
    assert.equal(g.findings[0].message, `azuread_app_role_assignment.Grant is replaced: its principal changes from object id ${ADMINS} to ${OTHER_ADMINS} `
      + `(principal_object_id, which the provider cannot update in place). At apply, ${ADMINS} loses app role 'Orders.Admin' on "Orders API" (its assignment is deleted) `
      + `and ${OTHER_ADMINS} gains it (a new assignment). That is expected when the principal was re-created: a group or identity deleted and made again gets a new `
      + 'object id. If it is not intended (a typo in the object id given for the principal or a row\'s principalObjectId, the wrong group), correct the object id of azuread_app_role_assignment.Grant: '
      + 'with a wrong id the role goes to whatever object has it, or the apply fails if none does.');
  });

  it('says a grant\'s principal is re-created when the identity it refers to is replaced', () => {
    const grant = { app_role_id: '${data.azuread_service_principal.Orders.app_role_ids["Orders.Read"]}', principal_object_id: '${azurerm_user_assigned_identity.Worker.principal_id}',
      resource_object_id: '${data.azuread_service_principal.Orders.object_id}' };
    const uai = (name: string) => ({ name, location: 'westeurope', resource_group_name: 'rg' });
    const g = ReplacementGuard.compare(
      doc({ azurerm_user_assigned_identity: { Worker: uai('worker') }, azuread_app_role_assignment: { Grant: grant } }),
      doc({ azurerm_user_assigned_identity: { Worker: uai('orders-worker') }, azuread_app_role_assignment: { Grant: grant } }));
    assert.deepEqual(kinds(g), ['Replaced azuread_app_role_assignment principal_object_id', 'Replaced azurerm_user_assigned_identity name']);
    assert.equal(g.findings[0].message, 'azuread_app_role_assignment.Grant is replaced: its principal azurerm_user_assigned_identity.Worker is replaced, so it gets a new '
      + 'object id: at apply the old object loses app role \'Orders.Read\' (its assignment is deleted with it) and the new object gains it (a new assignment). '
      + 'If azurerm_user_assigned_identity.Worker is not meant to be re-created, see its own finding for why it is replaced.');
  });

  it('replaces what refers to a replaced resource through an attribute that forces a new one', () => {
    const base = doc({
      azuread_application: { App: { ...APP, template_id: '00000000-0000-4000-8000-00000000000a' } },
      azuread_service_principal: { Sp: { client_id: '${azuread_application.App.client_id}' } },
      azuread_app_role_assignment: { G: { app_role_id: 'r', principal_object_id: 'p', resource_object_id: '${azuread_service_principal.Sp.object_id}' } },
    });
    const change = base.replace('00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b');
    const g = ReplacementGuard.compare(base, change);
    assert.deepEqual(g.findings.map((f) => `${f.address} ${f.attribute}`), [
      'azuread_app_role_assignment.G resource_object_id',
      'azuread_application.App template_id',
      'azuread_service_principal.Sp client_id',
    ]);
    assert.match(g.findings[2].message, /its client_id refers to azuread_application\.App, which is replaced/);
    assert.match(g.findings[1].message, /^azuread_application\.App \(orders\/OrdersApi\/Resource\) is replaced/);
  });

  it('says when a destroyed resource is protected, and notes protection lifted', () => {
    const gone = ReplacementGuard.compare(doc({ azuread_application: { App: { ...APP, lifecycle: { prevent_destroy: true } } } }), doc({}));
    assert.equal(gone.findings[0].preventDestroy, true);
    assert.match(gone.findings[0].message, /It has prevent_destroy, so terraform plan fails until that is lifted\.$/);
    const lifted = ReplacementGuard.compare(doc({ azuread_application: { App: { ...APP, lifecycle: { prevent_destroy: true } } } }), doc({ azuread_application: { App: APP } }));
    assert.deepEqual(lifted.findings, []);
    assert.deepEqual(lifted.notes, ['azuread_application.App (orders/OrdersApi/Resource) is no longer protected by prevent_destroy']);
  });

  it('does not count a resource forgotten by a removed block with destroy = false', () => {
    const g = ReplacementGuard.compare(doc({ azuread_application: { App: APP } }), doc({}, { removed: [{ from: 'azuread_application.App', lifecycle: { destroy: false } }] }));
    assert.deepEqual(g.findings, []);
    assert.match(g.notes[0], /forgotten by a removed block/);
  });

  it('flags moved blocks Terraform rejects: onto nothing, or away from an address that still exists', () => {
    const base = doc({ azuread_application: { Old: APP, Kept: APP } });
    const change = doc({ azuread_application: { Kept: APP, New: APP } }, {
      moved: [{ from: 'azuread_application.Old', to: 'azuread_application.Nowhere' }, { from: 'azuread_application.Kept', to: 'azuread_application.New' }],
    });
    const g = ReplacementGuard.compare(base, change);
    assert.deepEqual(g.findings.map((f) => `${f.findingType} ${f.address}`), [
      'BrokenMove azuread_application.Kept',
      'BrokenMove azuread_application.Old',
      'Destroyed azuread_application.Old',
    ]);
    assert.match(g.findings[0].message, /still exists in the change/);
    assert.match(g.findings[1].message, /nothing in the change has the address azuread_application\.Nowhere/);
    assert.match(g.findings[2].message, /a moved block carries it to azuread_application\.Nowhere, which is not in the change/);
  });

  it('follows a move of one for_each instance to a new key', () => {
    const row = { app_role_id: 'r', principal_object_id: 'p' };
    const body = (key: string) => ({ for_each: { [key]: row }, app_role_id: '${each.value.app_role_id}', principal_object_id: '${each.value.principal_object_id}', resource_object_id: 'sp' });
    const g = ReplacementGuard.compare(doc({ azuread_app_role_assignment: { T: body('Orders.Read Old') } }),
      doc({ azuread_app_role_assignment: { T: body('Orders.Read p') } }, { moved: [{ from: 'azuread_app_role_assignment.T["Orders.Read Old"]', to: 'azuread_app_role_assignment.T["Orders.Read p"]' }] }));
    assert.deepEqual(g.findings, []);
    assert.deepEqual(g.notes, ['azuread_app_role_assignment.T["Orders.Read Old"] moves to azuread_app_role_assignment.T["Orders.Read p"]']);
  });

  it('flags a certificate credential whose data changes as replaced (it has no update), and not one whose dates come from the same reference', () => {
    const cert = (value: string) => doc({ azuread_application_certificate: { Cert: { application_id: '${azuread_application.Daemon.id}', type: 'AsymmetricX509Cert', value,
      end_date: '${data.azurerm_key_vault_certificate.Kv.expires}' } } });
    assert.deepEqual(kinds(ReplacementGuard.compare(cert('-----BEGIN CERTIFICATE-----\nA\n'), cert('-----BEGIN CERTIFICATE-----\nB\n'))), ['Replaced azuread_application_certificate value']);
    assert.deepEqual(ReplacementGuard.compare(cert('${data.azurerm_key_vault_certificate.Kv.certificate_data}'), cert('${data.azurerm_key_vault_certificate.Kv.certificate_data}')).findings, []);
  });

  it('ignores resources that hold no identity', () => {
    const g = ReplacementGuard.compare(doc({ azurerm_resource_group: { Rg: { name: 'a', location: 'x' } } }), doc({}));
    assert.deepEqual(g.findings, []);
  });

  it('throws naming the document when it is not a synthesized stack', () => {
    assert.throws(() => ReplacementGuard.compare('{', doc({})), /^Error: base is not valid JSON/);
    assert.throws(() => ReplacementGuard.compare(doc({}), '{"apis": []}'), /change has neither 'resource' nor 'terraform'; is it a cdk\.tf\.json\?/);
  });
});

describe('replacement-guard command line', () => {
  const same = stackJson();
  const moved = stackJson({ parent: 'Team' });

  it('exits 0 and says so when nothing is destroyed or replaced', () => {
    const cli = memoryIo({ 'base.json': same, 'change.json': same });
    assert.equal(replacementGuardMain(['replacement-guard', 'base.json', 'change.json'], cli), EXIT_OK);
    assert.equal(cli.out, 'No identity resource is destroyed or replaced.\n');
  });

  it('exits 3 and lists the findings when something is destroyed', () => {
    const cli = memoryIo({ 'base.json': same, 'change.json': moved });
    assert.equal(replacementGuardMain(['replacement-guard', 'base.json', 'change.json'], cli), EXIT_FINDINGS);
    assert.match(cli.out, /^Identity resources destroyed or replaced: 5 destroyed/);
    assert.equal(cli.out.split('\n').filter((l) => l.startsWith("- ")).length, 5);
  });

  it('prints Markdown and JSON', () => {
    const md = memoryIo({ 'b.json': same, 'c.json': moved });
    replacementGuardMain(['replacement-guard', 'b.json', 'c.json', '--format', 'markdown'], md);
    assert.match(md.out, /^### Destroyed or replaced identity resources\n\n.*\n\n- \*\*destroyed\*\*: azuread\\_app\\_role\\_assignment/);
    const js = memoryIo({ 'b.json': same, 'c.json': moved });
    replacementGuardMain(['replacement-guard', 'b.json', 'c.json', '--format=json'], js);
    const parsed = JSON.parse(js.out);
    assert.equal(parsed.destroysOrReplaces, true);
    assert.equal(parsed.findings.length, 5);
  });

  it('compares every stack of two cdktf.out directories by name, and a stack gone from the change destroys its resources', () => {
    const manifest = (names: string[]) => JSON.stringify({ stacks: Object.fromEntries(names.map((n) => [n, { synthesizedStackPath: `stacks/${n}/cdk.tf.json` }])) });
    const cli = memoryIo({
      'base/manifest.json': manifest(['orders', 'legacy']),
      'base/stacks/orders/cdk.tf.json': same,
      'base/stacks/legacy/cdk.tf.json': same,
      'change/manifest.json': manifest(['orders']),
      'change/stacks/orders/cdk.tf.json': same,
    });
    assert.equal(replacementGuardMain(['replacement-guard', 'base', 'change'], cli), EXIT_FINDINGS);
    assert.match(cli.out, /^Identity resources destroyed or replaced in stack legacy: 5 destroyed/);
    assert.match(cli.out, /\nNo identity resource is destroyed or replaced in stack orders\.\n/);
  });

  it('exits 2 on wrong arguments, unreadable files and documents that are not stacks', () => {
    const cli = memoryIo({ 'a.json': same, 'bad.json': '{"x":1}' });
    assert.equal(replacementGuardMain(['replacement-guard', 'a.json'], cli), EXIT_USAGE);
    assert.equal(replacementGuardMain(['replacement-guard', 'a.json', 'a.json', '--format', 'html'], cli), EXIT_USAGE);
    assert.equal(replacementGuardMain(['replacement-guard', 'a.json', 'a.json', '--strict'], cli), EXIT_USAGE);
    assert.equal(replacementGuardMain(['replacement-guard', 'a.json', 'missing.json'], cli), EXIT_USAGE);
    assert.match(cli.err, /cannot read 'missing\.json'/);
    assert.equal(replacementGuardMain(['replacement-guard', 'a.json', 'bad.json'], cli), EXIT_USAGE);
    assert.match(cli.err, /'bad\.json' has neither 'resource' nor 'terraform'/);
    assert.equal(replacementGuardMain(['replacement-guard', 'out', 'a.json'], cli), EXIT_USAGE);
    assert.match(cli.err, /cannot read 'out\/manifest\.json'/);
  });

  it('runs as bin/cdktf-entra-identity.js replacement-guard, with the exit code of the guard', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-guard-'));
    const base = path.join(dir, 'base.json');
    const change = path.join(dir, 'change.json');
    fs.writeFileSync(base, same);
    fs.writeFileSync(change, moved);
    const bin = path.resolve(__dirname, '..', 'bin', 'cdktf-entra-identity.js');
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', bin, 'replacement-guard', ...args], { encoding: 'utf8' });
    const destroyed = run(base, change);
    assert.equal(destroyed.status, EXIT_FINDINGS, destroyed.stderr);
    assert.match(destroyed.stdout, /5 destroyed/);
    assert.equal(run(base, base).status, EXIT_OK);
    assert.equal(run(base).status, EXIT_USAGE);
  });
});

describe('replacement-guard: a grant whose principal object id changes', () => {
  /** The Orders program as `cdktf synth` writes it (metadata and all) into a new cdktf.out folder. */
  function synthOut(v: { adminsObjectId?: string; readersObjectId?: string; addReaders?: string } = {}): string {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-guard-principal-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'orders');
    new AzureadProvider(stack, 'azuread', {});
    const api = new ProtectedApi(stack, 'OrdersApi', {
      displayName: 'Orders API',
      idSeed: 'OrdersApi',
      appRoles: [
        { value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.USER] },
        { value: 'Orders.Admin', description: 'Administer', allowedMemberTypes: [MemberType.USER] },
      ],
    });
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'OrderAdmins', v.adminsObjectId ?? ADMINS, { displayName: 'Order admins' }), api.appRole('Orders.Admin'));
    api.grantAppRoles([
      { principalName: 'Order readers', principalObjectId: v.readersObjectId ?? READERS, principalKind: PrincipalKind.GROUP, role: api.appRole('Orders.Read') },
      ...(v.addReaders ? [{ principalName: 'More readers', principalObjectId: v.addReaders, principalKind: PrincipalKind.GROUP, role: api.appRole('Orders.Read') }] : []),
    ]);
    app.synth();
    return outdir;
  }
  const bin = path.resolve(__dirname, '..', 'bin', 'cdktf-entra-identity.js');
  const cli = (command: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', bin, command, ...args], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const READERS = 'aaaaaaaa-0000-4000-8000-000000000001';
  const NEW_READERS = 'aaaaaaaa-0000-4000-8000-000000000009';
  const base = synthOut();

  it('says which object loses the role and which gains it when a grant\'s principalObjectId is corrected', () => {
    const r = cli('replacement-guard', base, synthOut({ adminsObjectId: OTHER_ADMINS }));
    assert.equal(r.code, EXIT_FINDINGS, r.err + r.out);
    assert.match(r.out, /^Identity resources destroyed or replaced in stack orders: 0 destroyed, 1 replaced, 0 broken moves\.\n/);
    const lines = r.out.split('\n').filter((l) => l.startsWith('! ') || l.startsWith('- '));
    assert.equal(lines.length, 1, r.out);
    assert.match(lines[0], new RegExp(`^! azuread_app_role_assignment\\.OrdersApi_Grant${ADMINS}OrdersAdmin_[0-9A-F]{8} \\((orders/OrdersApi/[^)]+)/Resource\\) is replaced: `
      + `its principal changes from object id ${ADMINS} to ${OTHER_ADMINS} \\(principal_object_id, which the provider cannot update in place; `
      + `the new assignment is azuread_app_role_assignment\\.OrdersApi_Grant${OTHER_ADMINS}OrdersAdmin_[0-9A-F]{8}\\)\\. `
      + `At apply, ${ADMINS} loses app role 'Orders\\.Admin' on "Orders API" \\(its assignment is deleted\\) and ${OTHER_ADMINS} gains it \\(a new assignment\\)\\. `
      + 'That is expected when the principal was re-created: a group or identity deleted and made again gets a new object id\\. '
      + 'If it is not intended \\(a typo in the object id given for the principal or a row\'s principalObjectId, the wrong group\\), correct the object id at \\1: '
      + 'with a wrong id the role goes to whatever object has it, or the apply fails if none does\\.$'));

    const js = JSON.parse(cli('replacement-guard', base, synthOut({ adminsObjectId: OTHER_ADMINS }), '--format', 'json').out);
    const [f] = js.findings;
    assert.deepEqual([f.findingType, f.resourceType, f.attribute, f.before, f.after], ['Replaced', 'azuread_app_role_assignment', 'principal_object_id', `"${ADMINS}"`, `"${OTHER_ADMINS}"`]);
    assert.match(f.constructPath, /^orders\/OrdersApi\//);
  });

  it('pairs a grants-table row whose object id changes with its new row, naming the row', () => {
    const r = cli('replacement-guard', base, synthOut({ readersObjectId: NEW_READERS }));
    assert.equal(r.code, EXIT_FINDINGS, r.err + r.out);
    assert.match(r.out, /0 destroyed, 1 replaced, 0 broken moves\.\n/);
    assert.match(r.out, new RegExp(`\\n! azuread_app_role_assignment\\.OrdersApi_AppRoleAssignments_[0-9A-F]{8}\\["Orders\\.Read ${READERS}"\\] \\(orders/OrdersApi/AppRoleAssignments[^)]*\\) is replaced: `
      + `its principal changes from object id ${READERS} to ${NEW_READERS} \\(principal_object_id, which the provider cannot update in place; `
      + `the new assignment is azuread_app_role_assignment\\.OrdersApi_AppRoleAssignments_[0-9A-F]{8}\\["Orders\\.Read ${NEW_READERS}"\\]\\)\\. `
      + `At apply, ${READERS} loses app role 'Orders\\.Read' on "Orders API" .* correct the object id at orders/OrdersApi/AppRoleAssignments \\(row "Orders\\.Read ${READERS}"\\): `));
  });

  it('stays a plain destruction when the vanished row cannot be told from a new one (two rows of the role are new)', () => {
    const r = cli('replacement-guard', base, synthOut({ readersObjectId: NEW_READERS, addReaders: 'aaaaaaaa-0000-4000-8000-00000000000a' }));
    assert.equal(r.code, EXIT_FINDINGS, r.err + r.out);
    assert.match(r.out, /1 destroyed, 0 replaced, 0 broken moves\.\n/);
    assert.match(r.out, /\["Orders\.Read aaaaaaaa-0000-4000-8000-000000000001"\] \([^)]*\) is destroyed: no moved block carries it on/);
    assert.doesNotMatch(r.out, /principal changes/);
  });

  it('puts the same words into review\'s report', () => {
    const r = cli('review', base, synthOut({ adminsObjectId: OTHER_ADMINS }));
    assert.equal(r.code, EXIT_FINDINGS, r.err + r.out);
    assert.match(r.out, new RegExp(`its principal changes from object id ${ADMINS} to ${OTHER_ADMINS} .*At apply, ${ADMINS} loses app role 'Orders\\.Admin' on "Orders API"`));
  });
});
