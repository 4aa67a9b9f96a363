import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { GroupMember } from '@cdktf/provider-azuread/lib/group-member';
import {
  AccessMap, AccessMapAppRole, AccessMapModel, AccessMapReport, AppRoleAssignmentTable, EntraGroup, EntraServicePrincipal, ManagedIdentity, MemberType,
  PrincipalKind, ProtectedApi,
} from '../lib';
import { buildFixture as buildEverything } from './fixtures/access-map-everything';
import { assertMermaidWellFormed } from './mermaid-check';
import { makeStack, matchSnapshot, synth, throwsWith } from './util';

const ROOT = path.resolve(__dirname, '..');

function stacksOf(app: App): TerraformStack[] {
  return app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
}

function everything(): TerraformStack {
  const app = Testing.app();
  buildEverything(app);
  return stacksOf(app)[0];
}

function ordersExample(): TerraformStack {
  const app = Testing.app();
  require(path.join(ROOT, 'examples', 'orders', 'main.ts')).buildApp(app);
  const stack = stacksOf(app).find((s) => s.node.id === 'orders');
  assert.ok(stack, 'the orders example has a stack named orders');
  return stack;
}

/** Every example's stacks, built fresh. */
function exampleStacks(): { name: string; stack: TerraformStack }[] {
  const out: { name: string; stack: TerraformStack }[] = [];
  for (const dir of fs.readdirSync(path.join(ROOT, 'examples')).sort()) {
    const main = path.join(ROOT, 'examples', dir, 'main.ts');
    if (!fs.existsSync(main)) continue;
    const app = Testing.app();
    require(main).buildApp(app);
    for (const stack of stacksOf(app)) out.push({ name: `examples/${dir}:${stack.node.id}`, stack });
  }
  return out;
}

function entry(model: AccessMapModel, api: string, principal: string, value: string) {
  const a = model.apis.find((x) => x.path === api);
  assert.ok(a, `API ${api} is in the map`);
  return a.access.find((e) => e.principal === principal && e.value === value);
}

// ---------------------------------------------------------------- tests

describe('access map model', () => {
  it('finds APIs, principals and clients by their brands, not by the shape of their fields', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    EntraGroup.fromObjectId(stack, 'Readers', '11111111-0000-4000-8000-000000000001', { displayName: 'Readers' });
    // Constructs that merely look like an API, a principal and a client: a report that went by
    // shape would list them, and silently drop the real ones when a field is renamed.
    const fake = new Construct(stack, 'Lookalike');
    Object.assign(fake, {
      apiName: 'Fake API', clientId: 'x', appRole: () => undefined, scope: () => undefined, grantAppRole: () => undefined,
      principalKind: 'Group', principalName: 'Fake group', principalObjectId: '11111111-0000-4000-8000-000000000002',
      clientKind: 'Web', clientName: 'Fake client', requestedScopes: [], requestedAppRoles: [],
    });
    const model = AccessMap.of(stack).toModel();
    assert.deepEqual(model.apis.map((a) => a.path), [api.node.id]);
    assert.deepEqual(model.principals.map((p) => p.path), ['Readers']);
    assert.deepEqual(model.clients, []);
  });

  it('lists the orders example\'s API with every role and scope, by value and id', () => {
    const model = AccessMap.of(ordersExample()).toModel();
    assert.equal(model.version, 1);
    assert.equal(model.stack, 'orders');
    const api = model.apis.find((a) => a.path === 'OrdersApi');
    assert.ok(api);
    assert.equal(api.name, 'Orders API');
    assert.equal(api.source, 'ThisProgram');
    assert.equal(api.appRoleAssignmentRequired, true);
    for (const value of ['Orders.Admin', 'Orders.Read', 'Orders.Write']) {
      const role: AccessMapAppRole | undefined = api.appRoles.find((r) => r.value === value);
      assert.ok(role, `role ${value}`);
      assert.match(role.id!, /^[0-9a-f-]{36}$/);
      assert.equal(role.enabled, true);
    }
    assert.deepEqual(api.appRoles.find((r) => r.value === 'Orders.Read')?.allowedMemberTypes, ['Application', 'User']);
    assert.equal(api.scopes.find((s) => s.value === 'Orders.Access')?.consentType, 'Admin');
  });

  it('lists who holds which role in the orders example, by construct path and display name', () => {
    const model = AccessMap.of(ordersExample()).toModel();
    const admins = entry(model, 'OrdersApi', 'OrderAdmins', 'Orders.Admin');
    assert.deepEqual({ ...admins }, {
      principal: 'OrderAdmins',
      principalName: 'Order admins',
      principalKind: 'Group',
      accessType: 'AppRole',
      value: 'Orders.Admin',
      grantedVia: 'AppRoleAssignment',
      grantPath: 'OrdersApi/Grant:OrderAdmins:Orders.Admin',
      // The group's object id is a literal in the example: what `audit` matches the tenant's assignments by.
      principalObjectId: '11111111-2222-3333-4444-555555555555',
    });
    assert.equal(entry(model, 'OrdersApi', 'OrderReaders', 'Orders.Read')?.principalName, 'Order readers');
    const writers = model.apis.find((a) => a.path === 'OrdersApi')!.access.filter((e) => e.value === 'Orders.Write');
    assert.deepEqual(writers.map((e) => [e.principalName, e.principalKind]), [['id-orders-worker', 'ManagedIdentity']]);
  });

  it('lists the orders example\'s SPA with its delegated scope, pre-authorized', () => {
    const model = AccessMap.of(ordersExample()).toModel();
    const spa = model.clients.find((c) => c.clientType === 'SinglePageApplication');
    assert.ok(spa, 'the example has a SPA');
    assert.deepEqual(spa.scopes, [{ api: 'OrdersApi', value: 'Orders.Access', preAuthorized: true, adminConsent: false }]);
    const e = entry(model, 'OrdersApi', spa.path, 'Orders.Access');
    assert.equal(e?.accessType, 'Scope');
    assert.equal(e?.grantedVia, 'DelegatedPermission');
    assert.equal(e?.principalKind, 'Client');
  });

  it('lists the orders example\'s workload identities with the function app that carries them', () => {
    const model = AccessMap.of(ordersExample()).toModel();
    const shared = model.workloadIdentities.find((w) => w.identityType === 'UserAssigned');
    assert.ok(shared);
    assert.equal(shared.name, 'id-orders-worker');
    assert.deepEqual(shared.carriedBy.map((h) => [h.name, h.defaultCredential]), [['func-orders', true]]);
    const own = model.workloadIdentities.find((w) => w.identityType === 'SystemAssigned');
    assert.ok(own);
    assert.deepEqual(own.carriedBy.map((h) => [h.name, h.defaultCredential]), [['func-orders', false]]);
    // Both identities hold a role, each by its own path.
    const orders = model.apis.find((a) => a.path === 'OrdersApi')!;
    assert.ok(orders.access.some((e) => e.principal === shared.principal && e.value === 'Orders.Write'));
    assert.ok(orders.access.some((e) => e.principal === own.principal && e.value === 'Orders.Read'));
  });

  it('shows values unknown until apply by path and name, never as token strings', () => {
    const model = AccessMap.of(ordersExample()).toModel();
    const api = model.apis.find((a) => a.path === 'OrdersApi')!;
    assert.equal(api.identifierUri, undefined, 'the default api://{clientId} is known only at apply');
    const json = AccessMap.of(ordersExample()).toJson();
    assert.doesNotMatch(json, /TfToken|\$\{|TOKEN\.\d/);
  });

  for (const { name, stack } of exampleStacks()) {
    it(`builds a token-free, deterministic map for ${name}`, () => {
      const map = AccessMap.of(stack);
      const json = map.toJson();
      const parsed = JSON.parse(json);
      assert.equal(parsed.version, AccessMap.SCHEMA_VERSION);
      assert.equal(parsed.stack, stack.node.id);
      for (const text of [json, map.toMarkdown(), map.toMermaid()]) assert.doesNotMatch(text, /TfToken|\$\{|TOKEN\.\d/);
      assert.equal(map.toJson(), json, 'a second rendering is identical');
      assertMermaidWellFormed(map.toMermaid());
      synth(stack); // the map leaves the stack synthesizable
    });
  }

  it('gives the same JSON for the same program built twice', () => {
    assert.equal(AccessMap.of(everything()).toJson(), AccessMap.of(everything()).toJson());
  });

  it('sorts APIs, access entries and principals', () => {
    const model = AccessMap.of(everything()).toModel();
    assert.deepEqual(model.apis.map((a) => a.path), ['MicrosoftGraph', 'OrdersApi', 'ReportsApi']);
    const orders = model.apis[1];
    assert.deepEqual(orders.appRoles.map((r) => r.value), ['Orders.Admin', 'Orders.Export', 'Orders.Legacy', 'Orders.Read', 'Orders.Write']);
    assert.deepEqual(orders.access.map((e) => `${e.principalName}:${e.value}`), [
      'Admin portal:Orders.Access', 'Billing service:Orders.Read', 'Order admins:Orders.Admin', 'Order readers:Orders.Read', 'Orders CLI:Orders.Access',
      'Orders Web:Orders.Access', 'Orders sync:Orders.Read', 'id-orders-worker:Orders.Write', 'jane@contoso.com:Orders.Legacy',
    ]);
    assert.deepEqual(model.principals.map((p) => p.path), ['Billing', 'Jane', 'OrderAdmins', 'OrderReaders', 'Sync', 'Worker']);
    assert.deepEqual(model.clients.map((c) => c.path), ['Cli', 'Portal', 'Sync', 'Web']);
  });

  it('shows each client kind with its requests, pre-authorization and admin consent', () => {
    const model = AccessMap.of(everything()).toModel();
    const client = (p: string) => model.clients.find((c) => c.path === p)!;
    assert.equal(client('Web').clientType, 'SinglePageApplication');
    assert.equal(client('Cli').clientType, 'PublicClient');
    assert.deepEqual(client('Cli').scopes, [{ api: 'OrdersApi', value: 'Orders.Access', preAuthorized: false, adminConsent: false }]);
    assert.deepEqual(client('Portal').scopes, [
      { api: 'MicrosoftGraph', value: 'Directory.Read.All', preAuthorized: false, adminConsent: true },
      { api: 'OrdersApi', value: 'Orders.Access', preAuthorized: true, adminConsent: true },
    ]);
    assert.deepEqual(client('Sync').appRoles, [{ api: 'OrdersApi', value: 'Orders.Read' }]);
    const sync = entry(model, 'OrdersApi', 'Sync', 'Orders.Read');
    assert.equal(sync?.principalKind, 'ServicePrincipal');
    assert.equal(sync?.clientType, 'Daemon');
    assert.equal(sync?.grantedVia, 'AppRoleAssignment');
  });

  it('shows an API registered elsewhere with only the roles and scopes this program uses', () => {
    const graph = AccessMap.of(everything()).toModel().apis.find((a) => a.path === 'MicrosoftGraph')!;
    assert.equal(graph.source, 'RegisteredElsewhere');
    assert.equal(graph.appRoleAssignmentRequired, undefined);
    assert.deepEqual(graph.scopes, [{ value: 'Directory.Read.All' }]);
  });

  it('records a group membership declared with azuread_group_member', () => {
    const model = AccessMap.of(everything()).toModel();
    assert.deepEqual(model.principals.find((p) => p.path === 'Worker')?.memberOf, ['OrderReaders']);
    assert.deepEqual(model.principals.find((p) => p.path === 'Billing')?.memberOf, []);
  });

  it('shows a table row as the principal construct with its object id, else by row name under the table\'s path', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Api' });
    const read = api.addAppRole('Things.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] });
    const ops = EntraGroup.fromObjectId(stack, 'Ops', '11111111-0000-0000-0000-000000000001', { displayName: 'Ops' });
    const table = new AppRoleAssignmentTable(stack, 'Grants', { api });
    table.addGrant(ops, read);
    table.addRow({ principalName: 'Sales', principalObjectId: '11111111-0000-0000-0000-000000000002', principalKind: PrincipalKind.GROUP, role: read });
    const access = AccessMap.of(stack).toModel().apis[0].access;
    assert.deepEqual(access.map((e) => [e.principal, e.principalName, e.value, e.grantedVia, e.grantPath]), [
      ['Ops', 'Ops', 'Things.Read', 'AppRoleAssignment', 'Grants["Things.Read 11111111-0000-0000-0000-000000000001"]'],
      ['Grants[Sales]', 'Sales', 'Things.Read', 'AppRoleAssignment', 'Grants["Things.Read 11111111-0000-0000-0000-000000000002"]'],
    ]);
    assert.deepEqual(access.map((e) => e.principalKind), access.map(() => 'Group'), 'each row keeps the kind it was given');
    assert.equal(AccessMap.of(stack).findings.filter((f) => f.code === 'RoleNotHeld').length, 0, 'a role held through a table counts as held');
  });

  it('is computed from the tree as it is when asked, so grants made after AccessMap.of() appear', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Api' });
    const map = AccessMap.of(stack);
    assert.equal(map.toModel().apis[0].access.length, 0);
    api.grantAppRole(EntraServicePrincipal.fromObjectId(stack, 'Sp', '11111111-0000-0000-0000-000000000003'),
      api.addAppRole('Things.Write', { description: 'Write', allowedMemberTypes: [MemberType.APPLICATION] }));
    assert.equal(map.toModel().apis[0].access.length, 1);
  });

  it('throws if asked for a construct outside any stack', () => {
    const app = Testing.app();
    throwsWith(() => AccessMap.of(new Construct(app, 'Loose')), /Loose/, /not inside a TerraformStack/);
  });
});

describe('access map findings', () => {
  const findings = () => AccessMap.of(everything()).findings;

  it('flags an API that does not require assignment', () => {
    const f = findings().filter((x) => x.code === 'AssignmentNotRequired');
    assert.deepEqual(f.map((x) => [x.subject, x.severity]), [['ReportsApi', 'Warning']]);
    assert.match(f[0].message, /every user and app in the tenant/);
  });

  it('flags an enabled role nobody holds, and not a disabled one', () => {
    const f = findings().filter((x) => x.code === 'RoleNotHeld');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /Orders\.Export/);
    assert.equal(f[0].severity, 'Info');
  });

  it('flags a grant of a disabled role', () => {
    const f = findings().filter((x) => x.code === 'DisabledRoleGranted');
    assert.deepEqual(f.map((x) => x.subject), ['OrdersApi/Grant:Jane:Orders.Legacy']);
    assert.match(f[0].message, /jane@contoso\.com.*Orders\.Legacy/);
  });

  it('flags a managed identity that is in a group holding roles (ENTRA-RULES 8)', () => {
    const f = findings().filter((x) => x.code === 'RoleThroughGroup');
    assert.equal(f.length, 2);
    assert.ok(f.every((x) => x.subject === 'Worker'));
    assert.match(f[0].message, /id-orders-worker.*Order readers.*Orders\.Read.*no roles claim.*ENTRA-RULES 8/);
    assert.match(f[1].message, /Reports\.Read on Reports API/);
  });

  it('does not flag a user who is in a group holding roles', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Api' });
    const group = EntraGroup.fromObjectId(stack, 'G', '11111111-0000-0000-0000-000000000001');
    api.grantAppRole(group, api.addAppRole('A.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] }));
    new GroupMember(stack, 'M', { groupObjectId: group.principalObjectId, memberObjectId: '11111111-0000-0000-0000-0000000000aa' });
    assert.deepEqual(AccessMap.of(stack).findings.filter((x) => x.code === 'RoleThroughGroup'), []);
  });

  it('matches a membership by literal object id as well as by reference', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Api' });
    const group = EntraGroup.fromObjectId(stack, 'G', '11111111-0000-0000-0000-000000000001', { displayName: 'G' });
    api.grantAppRole(group, api.addAppRole('A.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] }));
    ManagedIdentity.fromSystemAssigned(stack, 'Fn', { principalId: 'AAAAAAAA-0000-0000-0000-000000000005', displayName: 'func-orders' });
    new GroupMember(stack, 'M', { groupObjectId: '11111111-0000-0000-0000-000000000001', memberObjectId: 'aaaaaaaa-0000-0000-0000-000000000005' });
    const f = AccessMap.of(stack).findings.filter((x) => x.code === 'RoleThroughGroup');
    assert.deepEqual(f.map((x) => x.subject), ['Fn']);
  });

  it('flags admin consent to a broad scope, and not to a narrow one', () => {
    const f = findings().filter((x) => x.code === 'BroadConsent');
    assert.deepEqual(f.map((x) => x.subject), ['Portal']);
    assert.match(f[0].message, /Admin portal.*admin consent to the broad scope Directory\.Read\.All on Microsoft Graph/);
  });

  it('flags an app-only grant of a broad permission', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Directory API' });
    const broad = api.addAppRole('Directory.ReadWrite.All', { description: 'Everything', allowedMemberTypes: [MemberType.APPLICATION] });
    api.grantAppRole(EntraServicePrincipal.fromObjectId(stack, 'Sp', '11111111-0000-0000-0000-000000000003', { displayName: 'Sync' }), broad);
    const f = AccessMap.of(stack).findings.filter((x) => x.code === 'BroadConsent');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /Sync.*Directory\.ReadWrite\.All/);
  });

  it('finds nothing risky in a stack that requires assignment and grants every role', () => {
    const model = AccessMap.of(ordersExample()).toModel();
    assert.deepEqual(model.findings.filter((f) => f.code === 'AssignmentNotRequired' || f.code === 'DisabledRoleGranted'), []);
  });
});

describe('access map renderings', () => {
  it('renders one Markdown table per API with principal, kind, role or scope and how granted', () => {
    const md = AccessMap.of(everything()).toMarkdown();
    assert.match(md, /^# Access map of stack `access-map-everything`$/m);
    assert.match(md, /^### Orders API$/m);
    assert.match(md, /^### Reports API$/m);
    assert.match(md, /^\| Principal \| Kind \| Role or scope \| How granted \|$/m);
    assert.match(md, /^\| Order admins \(`OrderAdmins`\) \| Group \| app role `Orders\.Admin` \| app role assignment `OrdersApi\/Grant:OrderAdmins:Orders\.Admin` \|$/m);
    assert.match(md, /^\| id-orders-worker \(`Worker`\) \| Managed identity \| app role `Orders\.Write` \|/m);
    assert.match(md, /^\| Billing service \(`Billing`\) \| Service principal \|/m);
    assert.match(md, /^- Assignment required: no$/m);
    assert.match(md, /^- Identifier URI: `api:\/\/\{client id\}` \(known at apply\)$/m);
    assert.match(md, /^\| Warning \| RoleThroughGroup \| `Worker` \|/m);
    assert.match(md, /^```mermaid\nflowchart LR$/m);
  });

  it('renders a Mermaid flowchart whose every edge joins declared nodes', () => {
    const g = assertMermaidWellFormed(AccessMap.of(everything()).toMermaid());
    assert.ok(g.nodes.size >= 10);
    assert.ok(g.edges.length >= 10);
  });

  it('draws principals -> roles -> APIs, with groups, identities and service principals in their own shapes and classes', () => {
    const g = assertMermaidWellFormed(AccessMap.of(everything()).toMermaid());
    const idOf = (label: string) => [...g.nodes].find(([, n]) => n.label === label)?.[0];
    const api = idOf('Orders API')!;
    const role = idOf('Orders.Admin')!;
    const admins = idOf('Order admins')!;
    const worker = idOf('id-orders-worker')!;
    const billing = idOf('Billing service')!;
    assert.ok(g.edges.some((e) => e.from === admins && e.to === role && e.label === 'assigned'));
    assert.ok(g.edges.some((e) => e.from === role && e.to === api));
    assert.equal(g.nodes.get(admins)?.shape, '{{');
    assert.equal(g.nodes.get(worker)?.shape, '[/');
    assert.equal(g.nodes.get(billing)?.shape, '[\\');
    assert.equal(g.nodes.get(api)?.shape, '[[');
    assert.ok(g.classes.get('group')?.includes(admins));
    assert.ok(g.classes.get('mi')?.includes(worker));
    assert.ok(g.classes.get('sp')?.includes(billing));
    assert.ok(g.classes.get('disabled')?.includes(idOf('Orders.Legacy (disabled)')!));
    const readers = idOf('Order readers')!;
    assert.ok(g.edges.some((e) => e.from === worker && e.to === readers && e.dotted && /no roles claim/.test(e.label ?? '')));
  });

  it('escapes quotes in Mermaid labels and pipes in Markdown cells', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'The "quoted" | API' });
    api.grantAppRole(EntraServicePrincipal.fromObjectId(stack, 'Sp', '11111111-0000-0000-0000-000000000003', { displayName: 'A|B "C"' }),
      api.addAppRole('X.Y', { description: 'x', allowedMemberTypes: [MemberType.APPLICATION] }));
    const map = AccessMap.of(stack);
    const g = assertMermaidWellFormed(map.toMermaid());
    assert.ok([...g.nodes.values()].some((n) => n.label === 'The #quot;quoted#quot; | API'));
    assert.match(map.toMarkdown(), /^\| A\\\|B "C" \(`Sp`\) \| Service principal \|/m);
  });

  it('matches the snapshot of the everything fixture (JSON, Markdown, Mermaid)', () => {
    const map = AccessMap.of(everything());
    matchSnapshot('access-map-everything', { json: map.toModel(), markdown: map.toMarkdown().split('\n'), mermaid: map.toMermaid().split('\n') });
  });
});

describe('docs/access-map.md', () => {
  it('shows a Mermaid diagram that parses, with the orders example\'s API, groups and identities', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'access-map.md'), 'utf8');
    const block = /```mermaid\n([\s\S]*?)```/.exec(doc);
    assert.ok(block, 'the doc has a mermaid block');
    const g = assertMermaidWellFormed(block[1]);
    const labels = new Set([...g.nodes.values()].map((n) => n.label));
    for (const l of ['Orders API', 'Order admins', 'Orders.Admin', 'id-orders-worker']) assert.ok(labels.has(l), `the diagram shows ${l}`);
  });
});

describe('AccessMapReport', () => {
  it('writes access-map.md and access-map.json next to the stack\'s cdk.tf.json on synth', () => {
    const app = Testing.app();
    require(path.join(ROOT, 'examples', 'orders', 'main.ts')).buildApp(app);
    for (const stack of stacksOf(app)) AccessMap.enable(stack);
    app.synth();
    for (const stack of stacksOf(app)) {
      const dir = path.join(app.outdir, 'stacks', stack.node.id);
      assert.ok(fs.existsSync(path.join(dir, 'cdk.tf.json')));
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'access-map.json'), 'utf8'));
      assert.equal(json.version, 1);
      assert.equal(json.stack, stack.node.id);
      assert.equal(fs.readFileSync(path.join(dir, 'access-map.json'), 'utf8'), AccessMap.of(stack).toJson());
      assert.match(fs.readFileSync(path.join(dir, 'access-map.md'), 'utf8'), new RegExp(`^# Access map of stack \`${stack.node.id}\``));
    }
  });

  it('writes nothing unless enabled, and adds nothing to cdk.tf.json when enabled', () => {
    const build = (enable: boolean) => {
      const app = Testing.app();
      buildEverything(app);
      const stack = stacksOf(app)[0];
      if (enable) AccessMap.enable(stack);
      app.synth();
      const dir = path.join(app.outdir, 'stacks', stack.node.id);
      return { files: fs.readdirSync(dir).sort(), tf: fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8') };
    };
    const off = build(false);
    const on = build(true);
    assert.ok(!off.files.includes('access-map.json'));
    assert.ok(!off.files.includes('access-map.md'));
    assert.ok(on.files.includes('access-map.json') && on.files.includes('access-map.md'));
    assert.equal(on.tf.replace(/"outdir": "[^"]*"/g, ''), off.tf.replace(/"outdir": "[^"]*"/g, ''));
  });

  it('uses the base name it is given', () => {
    const app = Testing.app();
    buildEverything(app);
    const stack = stacksOf(app)[0];
    new AccessMapReport(stack, 'Report', { baseName: 'who-can-call' });
    app.synth();
    const dir = path.join(app.outdir, 'stacks', stack.node.id);
    assert.ok(fs.existsSync(path.join(dir, 'who-can-call.json')));
    assert.ok(fs.existsSync(path.join(dir, 'who-can-call.md')));
  });

  it('returns the same report when enabled twice', () => {
    const stack = makeStack();
    assert.equal(AccessMap.enable(stack), AccessMap.enable(stack));
  });

  it('throws if the base name is a path', () => {
    const stack = makeStack();
    throwsWith(() => new AccessMapReport(stack, 'R', { baseName: '../x' }), /test\/R/, /'\.\.\/x'/, /plain file name/);
  });

  it('throws if it is not a direct child of a stack', () => {
    const stack = makeStack();
    throwsWith(() => new AccessMapReport(new Construct(stack, 'Nested'), 'R'), /Nested\/R/, /AccessMap\.enable\(stack\)/);
  });
});
