import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { buildApp as buildEntraOnly } from '../examples/entra-only/main';
import {
  AccessMap, DaemonApp, EntraGroup, EntraServicePrincipal, FindingCode, ManagedIdentity, MemberType, PrincipalKind, ProtectedApi,
  RegisteredApi, ReplacementGuard, SpaApp, WebApp,
} from '../lib';
import { REPLICATION_SECTION } from '../lib/cli/replication-section';
import { Review, ReviewInput } from '../lib/cli/review';
import { synthesizeAll } from './all-stacks';
import { makeStack, synth, throwsWith, warnings } from './util';

const GROUP = '11111111-2222-4333-8444-555555555555';
const GATE_KEY = 'cdktf-entra-identity:replicationWaitSeconds';

type Json = Record<string, any>;

/** `type.name` of every resource in a stack, with its body. */
function allResources(json: Json): [string, Json][] {
  return Object.entries<Json>(json.resource ?? {}).flatMap(([type, byName]) => Object.entries<Json>(byName).map(([name, body]) => [`${type}.${name}`, body] as [string, Json]));
}

/** The addresses a resource refers to: `${type.name...}` in its values, and its depends_on. */
function referencesOf(body: Json): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown, key?: string) => {
    if (typeof v === 'string') {
      if (key === 'depends_on') out.add(v);
      for (const m of v.matchAll(/\$\{(?:data\.)?([a-z0-9_]+\.[A-Za-z0-9_-]+)/g)) out.add(m[1]);
    } else if (Array.isArray(v)) {
      for (const e of v) walk(e, key);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, e] of Object.entries(v)) walk(e, k === 'depends_on' ? k : key);
    }
  };
  walk(body);
  return out;
}

/** The gate (time_sleep) whose clientId trigger reads `applicationAddress`, as [address, body]. */
function gateOf(json: Json, applicationAddress: string): [string, Json] | undefined {
  return Object.entries<Json>(json.resource?.time_sleep ?? {}).map(([n, b]) => [`time_sleep.${n}`, b] as [string, Json])
    .find(([, b]) => b.triggers?.clientId === `\${${applicationAddress}.client_id}`);
}

function entraOnly(change?: (stack: TerraformStack) => void): Json {
  const app = Testing.app();
  buildEntraOnly(app);
  const stack = app.node.findChild('entra') as TerraformStack;
  change?.(stack);
  return JSON.parse(Testing.synth(stack, true));
}

describe('replication gate', () => {
  const examples = synthesizeAll().filter((s) => s.name.startsWith('examples/'));

  it('every example stack that creates roles and grants them has a gate per API, with triggers on its ids, and its grants wait on it', () => {
    let checked = 0;
    for (const { name, json } of examples) {
      const sps = Object.entries<Json>(json.resource?.azuread_service_principal ?? {});
      for (const [appName, application] of Object.entries<Json>(json.resource?.azuread_application ?? {})) {
        const roles: Json[] = application.app_role ?? [];
        const appAddress = `azuread_application.${appName}`;
        const sp = sps.find(([, b]) => b.client_id === `\${${appAddress}.client_id}`);
        if (!sp || json.import?.some((i: Json) => i.to === appAddress)) continue;
        const spRef = `\${azuread_service_principal.${sp[0]}.object_id}`;
        const grants = Object.entries<Json>(json.resource?.azuread_app_role_assignment ?? {}).filter(([, g]) => g.resource_object_id === spRef);
        if (roles.length === 0 || grants.length === 0) continue;
        const gate = gateOf(json, appAddress);
        assert.ok(gate, `${name}: ${appAddress} is created with roles and granted, but has no gate`);
        const [gateAddress, body] = gate;
        const expected: Json = { clientId: `\${${appAddress}.client_id}`, servicePrincipalObjectId: spRef };
        for (const r of roles) expected[`appRole:${r.value}`] = r.id;
        for (const s of application.api?.oauth2_permission_scope ?? []) expected[`scope:${s.value}`] = s.id;
        assert.deepEqual(body.triggers, expected, `${name}: ${gateAddress}`);
        assert.equal(body.create_duration, '60s');
        for (const [g, grant] of grants) assert.ok(grant.depends_on?.includes(gateAddress), `${name}: grant ${g} does not wait on ${gateAddress}`);
        checked++;
      }
    }
    assert.ok(checked >= 3, `expected the orders, clients and entra-only examples to be checked, checked ${checked}`);
  });

  it('a second synthesis with nothing new writes the same gate (Terraform waits 0 s); adding a role changes its triggers and nothing else that exists', () => {
    const first = entraOnly();
    const again = entraOnly();
    assert.deepEqual(again.resource.time_sleep, first.resource.time_sleep);

    const added = entraOnly((stack) => (stack.node.findChild('OrdersApi') as ProtectedApi)
      .addAppRole('Orders.Export', { description: 'Export orders', allowedMemberTypes: [MemberType.USER] }));
    const [gateAddress, before] = gateOf(first, 'azuread_application.OrdersApi_48294D44')!;
    const after = added.resource.time_sleep[gateAddress.split('.')[1]];
    const newKeys = Object.keys(after.triggers).filter((k) => !(k in before.triggers));
    assert.deepEqual(newKeys, ['appRole:Orders.Export']);
    for (const [k, v] of Object.entries(before.triggers)) assert.equal(after.triggers[k], v, `trigger ${k} changed`);
    // The new role's application changes; every grant, credential and other gate is as it was.
    for (const [address, body] of allResources(first)) {
      if (address === gateAddress || address.startsWith('azuread_application.OrdersApi')) continue;
      const [type, n] = address.split('.');
      assert.deepEqual(added.resource[type][n], body, `${address} changed`);
    }
    // The replacement guard sees nothing destroyed or replaced: the gate is not identity.
    const guard = ReplacementGuard.compare(JSON.stringify(first), JSON.stringify(added));
    assert.equal(guard.destroysOrReplaces, false, guard.toText());
  });

  it('what waits orders itself after the gate and never reads it, and no stack has a dependency cycle', () => {
    for (const { name, json } of synthesizeAll()) {
      const graph = new Map(allResources(json).map(([a, b]) => [a, referencesOf(b)]));
      for (const [address, body] of allResources(json)) {
        const { depends_on: _, ...rest } = body;
        assert.ok(!JSON.stringify(rest).includes('${time_sleep.'), `${name}: ${address} reads a time_sleep attribute`);
      }
      assert.ok(!JSON.stringify(json.output ?? {}).includes('${time_sleep.'), `${name}: an output reads a time_sleep`);
      const state = new Map<string, 'visiting' | 'done'>();
      const visit = (a: string, trail: string[]) => {
        if (state.get(a) === 'done' || !graph.has(a)) return;
        assert.notEqual(state.get(a), 'visiting', `${name}: dependency cycle ${[...trail, a].join(' -> ')}`);
        state.set(a, 'visiting');
        for (const b of graph.get(a)!) visit(b, [...trail, a]);
        state.set(a, 'done');
      };
      for (const a of graph.keys()) visit(a, []);
    }
  });

  it('gates the references the issue names: identifier URI, federated credential, pre-authorization, admin consent, grants to a new client', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API', scopes: [{ value: 'Orders.Access', adminConsentDescription: 'a' }] });
    const read = api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.APPLICATION] });
    const daemon = new DaemonApp(stack, 'Sync', { displayName: 'Orders Sync' });
    daemon.requestAppRole(read);
    daemon.addGithubActionsCredential('main', { organization: 'contoso', repository: 'orders' });
    const web = new WebApp(stack, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/signin-oidc'] });
    web.requestScope(api, api.scope('Orders.Access'), { adminConsent: true });
    api.addIdentifierUri('https://orders.contoso.onmicrosoft.com');
    const json = synth(stack);
    const apiGate = gateOf(json, 'azuread_application.OrdersApi_48294D44')![0];
    const syncGate = gateOf(json, 'azuread_application.Sync_EC3EAE86')![0];
    const webGate = gateOf(json, 'azuread_application.Web_3C8945DB')![0];
    const waits = (type: string) => Object.values<Json>(json.resource[type]).map((b) => [...b.depends_on ?? []].sort());
    assert.deepEqual(waits('azuread_application_identifier_uri'), [[apiGate], [apiGate]]);
    assert.deepEqual(waits('azuread_application_federated_identity_credential'), [[syncGate]]);
    assert.deepEqual(waits('azuread_application_pre_authorized'), [[apiGate, webGate].sort()]);
    assert.deepEqual(waits('azuread_service_principal_delegated_permission_grant'), [[apiGate, webGate].sort()]);
    assert.deepEqual(waits('azuread_app_role_assignment'), [[apiGate, syncGate].sort()]);
    // The applications and service principals themselves never wait.
    for (const type of ['azuread_application', 'azuread_service_principal']) assert.deepEqual(waits(type).flat(), []);
  });

  it('a grant to a service principal given by the object id of a registration made here waits on its gate', () => {
    const stack = makeStack();
    const graph = RegisteredApi.microsoftGraph(stack);
    const daemon = new DaemonApp(stack, 'Sync', { displayName: 'Orders Sync' });
    graph.grantAppRole(EntraServicePrincipal.fromObjectId(stack, 'SyncSp', daemon.servicePrincipalObjectId), graph.appRole('User.Read.All'));
    const json = synth(stack);
    const grant = Object.values<Json>(json.resource.azuread_app_role_assignment)[0];
    assert.deepEqual(grant.depends_on, [gateOf(json, 'azuread_application.Sync_EC3EAE86')![0]]);
  });

  it('a table row whose principal is a registration made here waits on its gate too', () => {
    const stack = makeStack();
    const other = RegisteredApi.fromClientId(stack, 'Billing', '00000000-0000-4000-8000-0000000000b1', { appRoles: [{ value: 'Billing.Read', allowedMemberTypes: [MemberType.APPLICATION] }] });
    const role = other.appRole('Billing.Read');
    const daemon = new DaemonApp(stack, 'Sync', { displayName: 'Orders Sync' });
    other.grantAppRoles([{ principalName: 'sync', principalObjectId: daemon.servicePrincipalObjectId, principalKind: PrincipalKind.SERVICE_PRINCIPAL, role }]);
    const json = synth(stack);
    const table = Object.values<Json>(json.resource.azuread_app_role_assignment)[0];
    assert.deepEqual(table.depends_on, [gateOf(json, 'azuread_application.Sync_EC3EAE86')![0]]);
  });

  it('programs where nothing is created and referenced in one apply get no gate: adopted ones, grants on existing APIs', () => {
    const adopted = examples.find((s) => s.name.startsWith('examples/adopted'))!;
    assert.equal(adopted.json.resource.time_sleep, undefined);
    assert.ok(!JSON.stringify(adopted.json).includes('depends_on'));
    assert.equal(adopted.json.provider.time, undefined);

    const stack = makeStack();
    const graph = RegisteredApi.microsoftGraph(stack);
    const billing = RegisteredApi.fromClientId(stack, 'Billing', '00000000-0000-4000-8000-0000000000b1', { appRoles: [{ value: 'Billing.Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] }] });
    const role = billing.appRole('Billing.Read');
    billing.grantAppRole(EntraGroup.fromObjectId(stack, 'Readers', GROUP), role);
    billing.grantAppRole(EntraServicePrincipal.fromObjectId(stack, 'Legacy', '00000000-0000-4000-8000-0000000000c1'), role);
    billing.grantAppRole(ManagedIdentity.fromSystemAssigned(stack, 'Fn', { principalId: '00000000-0000-4000-8000-0000000000c2' }), role);
    graph.grantAppRole(EntraServicePrincipal.fromObjectId(stack, 'Legacy2', '00000000-0000-4000-8000-0000000000c3'), graph.appRole('User.Read.All'));
    const json = synth(stack);
    assert.equal(json.resource.time_sleep, undefined);
    assert.ok(!JSON.stringify(json).includes('depends_on'));
    assert.equal(json.provider.time, undefined);
  });

  it('an API nobody references in the same apply gets no gate', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API', identifierUri: 'api://orders.contoso.com' })
      .addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] });
    assert.equal(synth(stack).resource.time_sleep, undefined);
  });

  it('replicationWaitSeconds and the context key change the wait; 0 turns the gate off with a warning when something references the registration', () => {
    const longer = ordersApiGranted({ replicationWaitSeconds: 180 });
    assert.equal(Object.values<Json>(synth(longer.stack).resource.time_sleep)[0].create_duration, '180s');

    const ctx = ordersApiGranted({}, (app) => app.node.setContext(GATE_KEY, '90'));
    assert.equal(Object.values<Json>(synth(ctx.stack).resource.time_sleep)[0].create_duration, '90s');

    const off = ordersApiGranted({ replicationWaitSeconds: 0 });
    const json = synth(off.stack);
    assert.equal(json.resource.time_sleep, undefined);
    assert.ok(!JSON.stringify(json).includes('depends_on'));
    const w = warnings(off.stack).filter((m) => m.includes('replication gate is off'));
    assert.equal(w.length, 1, w.join('\n'));
    assert.match(w[0], /^\[test\/Api\] .*replicationWaitSeconds: 0.*Permission being assigned was not found on application.*apply again/);
    const findings = AccessMap.of(off.stack).findings.filter((f) => f.code === FindingCode.REPLICATION_GATE_OFF);
    assert.deepEqual(findings.map((f) => f.subject), ['Api']);

    const offByContext = ordersApiGranted({}, (app) => app.node.setContext(GATE_KEY, 0));
    assert.equal(synth(offByContext.stack).resource.time_sleep, undefined);
    assert.ok(warnings(offByContext.stack).some((m) => m.includes(`the context key ${GATE_KEY} is 0`)));

    // Off, but nothing references the registration: nothing to warn about.
    const quiet = makeStack();
    new ProtectedApi(quiet, 'Api', { displayName: 'Orders API', identifierUri: 'api://orders.contoso.com', replicationWaitSeconds: 0 });
    synth(quiet);
    assert.deepEqual(warnings(quiet).filter((m) => m.includes('replication gate')), []);
  });

  it('refuses a wait that is not a number of seconds, naming the construct and the value; accepts fractions, warns above an hour', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'Orders API', replicationWaitSeconds: bad }),
        /\[test\/Api\]/, /replicationWaitSeconds is/, /not a number of seconds to wait/);
    }
    const app = Testing.app();
    app.node.setContext(GATE_KEY, '60s');
    throwsWith(() => new ProtectedApi(makeStackIn(app, 'test'), 'Api', { displayName: 'Orders API' }), /context key cdktf-entra-identity:replicationWaitSeconds is "60s"/);
    // Go's time.ParseDuration (what time_sleep reads) takes fractions: valid input is not refused.
    const half = ordersApiGranted({ replicationWaitSeconds: 1.5 });
    assert.equal(Object.values<Json>(synth(half.stack).resource.time_sleep)[0].create_duration, '1.5s');
    const long = ordersApiGranted({ replicationWaitSeconds: 60000 });
    assert.ok(warnings(long.stack).some((w) => /replicationWaitSeconds is 60000 seconds \(1000 minutes\).*milliseconds/.test(w)));
    assert.equal(Object.values<Json>(synth(long.stack).resource.time_sleep)[0].create_duration, '60000s');
  });

  it('an adopted registration gets a gate only when it asks for one (roles added to an adopted API)', () => {
    const existing = { applicationObjectId: '00000000-0000-4000-8000-0000000000a1', clientId: '00000000-0000-4000-8000-0000000000a2', servicePrincipalObjectId: '00000000-0000-4000-8000-0000000000a3' };
    const build = (replicationWaitSeconds?: number) => {
      const stack = makeStack();
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', existing, replicationWaitSeconds });
      const role = api.addAppRole('Orders.Read', { id: '00000000-0000-4000-8000-0000000000a4', description: 'Read', allowedMemberTypes: [MemberType.USER] });
      api.grantAppRole(EntraGroup.fromObjectId(stack, 'Readers', GROUP), role);
      return synth(stack);
    };
    assert.equal(build().resource.time_sleep, undefined);
    const asked = build(60);
    const gate = Object.values<Json>(asked.resource.time_sleep)[0];
    assert.equal(gate.triggers['appRole:Orders.Read'], '00000000-0000-4000-8000-0000000000a4');
  });

  it('a reference from another stack (another apply) does not wait on the gate', () => {
    const app = Testing.app();
    const a = makeStackIn(app, 'identity');
    const b = makeStackIn(app, 'web');
    const api = new ProtectedApi(a, 'OrdersApi', { displayName: 'Orders API', scopes: [{ value: 'Orders.Access', adminConsentDescription: 'a' }] });
    const spa = new SpaApp(b, 'Spa', { displayName: 'Orders SPA', redirectUris: ['https://orders.contoso.com/'] });
    spa.requestScope(api, api.scope('Orders.Access'), { preAuthorize: false, adminConsent: true });
    const web = JSON.parse(Testing.synth(b, true));
    const consent = Object.values<Json>(web.resource.azuread_service_principal_delegated_permission_grant)[0];
    // Only its own stack's client is new to this apply.
    assert.deepEqual(consent.depends_on, [gateOf(web, 'azuread_application.Spa_2BD05371')![0]]);
  });

  it('the gate is a child of its registration: pinned by stableKey, it keeps its address when the construct moves', () => {
    const build = (nest: boolean) => {
      const stack = makeStack();
      const parent = nest ? new Construct(stack, 'Team') : stack;
      const api = new ProtectedApi(parent, 'OrdersApi', { displayName: 'Orders API', stableKey: 'OrdersApi' });
      api.grantAppRole(EntraGroup.fromObjectId(stack, 'Readers', GROUP), api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] }));
      return synth(stack);
    };
    assert.deepEqual(Object.keys(build(true).resource.time_sleep), Object.keys(build(false).resource.time_sleep));
    assert.deepEqual(Object.keys(build(false).resource.time_sleep), ['OrdersApi_ReplicationGate_4338B95B']);
  });

  it('review says which gates the apply waits on, why, and what waits: nothing on a second apply, once for a new role, once after upgrading', () => {
    const base = entraOnly();
    const input = (b: Json | undefined, c: Json): ReviewInput => ({
      baseArg: 'base', changeArg: 'change',
      stacks: [{ name: 'entra', base: b && { name: 'entra', json: JSON.stringify(b), dir: '.' }, change: { name: 'entra', json: JSON.stringify(c), dir: '.' } }],
    });
    const section = (b: Json | undefined, c: Json) => Review.of(input(b, c), [REPLICATION_SECTION]).sections[0];

    const same = section(base, entraOnly());
    assert.equal(same.quiet, true);
    assert.match(same.summary, /^No wait/);

    const withRole = entraOnly((stack) => {
      const api = stack.node.findChild('OrdersApi') as ProtectedApi;
      const role = api.addAppRole('Orders.Export', { description: 'Export orders', allowedMemberTypes: [MemberType.USER] });
      api.grantAppRole(EntraGroup.fromObjectId(stack, 'Exporters', '22222222-2222-4333-8444-555555555555'), role);
    });
    const added = section(base, withRole);
    assert.equal(added.attention, false, 'a wait is never a reason for review');
    assert.equal(added.items.length, 1);
    assert.match(added.items[0].text, /^time_sleep\.OrdersApi_ReplicationGate_4338B95B waits 60s \(replaced: appRole:Orders\.Export added\); then azuread_app_role_assignment\.OrdersApi_Grant22222222-2222-4333-8444-555555555555OrdersExport_[0-9A-F]{8} is made\.$/);
    const gates = (added.data as { gates: { address: string; status: string; waiting: string[] }[] }).gates;
    assert.deepEqual(gates.map((g) => [g.address, g.status]), [['time_sleep.OrdersApi_ReplicationGate_4338B95B', 'replaced'], ['time_sleep.Web_ReplicationGate_7FB4E232', 'unchanged']]);

    // A stack applied before the library had gates: the gate is new, and nothing that exists waits.
    const stripped = JSON.parse(JSON.stringify(base));
    delete stripped.resource.time_sleep;
    for (const byName of Object.values<Json>(stripped.resource)) for (const body of Object.values<Json>(byName)) delete body.depends_on;
    const upgraded = section(stripped, base);
    assert.equal(upgraded.items.length, 2);
    for (const item of upgraded.items) assert.match(item.text, /waits 60s \(new: .*first apply since the library added gates\); nothing that changes waits on it\.$/);
  });

  it('the access map says what waits, on which gate, for how long and why', () => {
    const { stack } = ordersApiGranted({});
    const f = AccessMap.of(stack).findings.find((x) => x.code === FindingCode.WAITS_FOR_REPLICATION)!;
    assert.equal(f.subject, 'Api');
    assert.match(f.message, /^Api\/Grant:Readers:Orders\.Read, Api\/IdentifierUri wait 60 s on time_sleep\.Api_ReplicationGate_[0-9A-F]{8} whenever it is new or gets a new app role or scope/);
    assert.match(f.message, /3 app role ids and 0 scope ids/);
  });
});

function makeStackIn(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AzureadProvider(stack, 'azuread', {});
  return stack;
}

/** The Orders API of `ordersApi()`, with `props`, and one grant to a group. */
function ordersApiGranted(props: { replicationWaitSeconds?: number }, before?: (app: App) => void) {
  const app = Testing.app();
  before?.(app);
  const stack = makeStackIn(app, 'test');
  const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', ...props });
  const read = api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] });
  api.addAppRole('Orders.Write', { description: 'Write', allowedMemberTypes: [MemberType.APPLICATION] });
  api.addAppRole('Orders.Admin', { description: 'Admin', allowedMemberTypes: [MemberType.USER] });
  api.grantAppRole(EntraGroup.fromObjectId(stack, 'Readers', GROUP), read);
  return { stack, api };
}

