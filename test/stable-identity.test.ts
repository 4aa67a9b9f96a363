import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, TerraformResource, TerraformStack, Testing } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { Construct } from 'constructs';
import { AppRoleAssignment, EntraGroup, MemberType, PrincipalKind, ProtectedApi, ReplacementGuard, SpaApp, WorkloadIdentity } from '../lib';
import { makeUniqueId } from '../lib/private/stable-identity';
import { makeStack, resources, synth, throwsWith } from './util';

/** Where the program's registrations live, and how they are pinned or moved. */
interface Layout {
  /** A construct the API, the SPA and the identity are moved under. */
  parent?: string;
  /** The API's construct id. */
  apiId?: string;
  /** Pin every registration with a key: its path in the original layout. */
  pin?: boolean;
  /** Declare movedFrom(original path) on every registration. */
  moved?: boolean;
  stackContext?: Record<string, unknown>;
  preventDestroy?: boolean;
}

/**
 * An Orders program: an API with roles, a group grant, a table row, a SPA that requests its
 * scope (a pre-authorization owned by the SPA) and a workload identity that holds a role.
 */
function program(l: Layout = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'orders');
  // A stack's context is set in its constructor, before anything is added to it.
  for (const [k, v] of Object.entries(l.stackContext ?? {})) stack.node.setContext(k, v);
  new AzureadProvider(stack, 'azuread', {});
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const scope = l.parent ? new Construct(stack, l.parent) : stack;
  const api = new ProtectedApi(scope, l.apiId ?? 'OrdersApi', {
    displayName: 'Orders API',
    stableKey: l.pin ? 'OrdersApi' : undefined,
    // a move keeps the role and scope ids only with them seeded from the old path
    idSeed: l.moved ? 'OrdersApi' : undefined,
    preventDestroy: l.preventDestroy,
    appRoles: [
      { value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] },
      { value: 'Orders.Write', description: 'Write', allowedMemberTypes: [MemberType.APPLICATION] },
    ],
    scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Call the API' }],
  });
  api.grantAppRole(EntraGroup.fromObjectId(stack, 'OrderAdmins', '11111111-2222-3333-4444-555555555555', { displayName: 'Order admins' }), api.appRole('Orders.Read'));
  api.grantAppRoles([{ principalName: 'Order readers', principalObjectId: 'aaaaaaaa-0000-0000-0000-000000000001', principalKind: PrincipalKind.GROUP, role: api.appRole('Orders.Read') }]);
  const web = new SpaApp(scope, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'], stableKey: l.pin ? 'Web' : undefined, preventDestroy: l.preventDestroy });
  web.requestScope(api, api.scope('Orders.Access'));
  const worker = new WorkloadIdentity(scope, 'WorkerIdentity', { name: 'id-orders', resourceGroupName: 'rg', location: 'westeurope', stableKey: l.pin ? 'WorkerIdentity' : undefined });
  api.grantAppRole(worker, api.appRole('Orders.Write'));
  if (l.moved) {
    api.movedFrom('OrdersApi');
    web.movedFrom('Web');
    worker.movedFrom('WorkerIdentity');
  }
  return stack;
}

const text = (stack: TerraformStack) => Testing.synth(stack, true);

/** Every resource address of a synthesized stack, `type.name`. */
function addresses(json: any): string[] {
  return Object.entries<any>(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)).sort();
}

describe('stable keys', () => {
  it('names resources exactly as cdktf does for a key equal to their path', () => {
    const stack = program();
    const all = stack.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource);
    assert.ok(all.length >= 8);
    for (const r of all) {
      const scopes = r.node.scopes;
      // a grant the library names is addressed by its principal's object id when that is known
      const path = scopes.slice(scopes.indexOf(stack) + 1)
        .map((s) => (s instanceof AppRoleAssignment && s.node.id === AppRoleAssignment.idFor(s.principal, s.role) ? AppRoleAssignment.addressIdFor(s.principal, s.role) : s.node.id));
      assert.equal(makeUniqueId(path), stack.getLogicalId(r), r.node.path);
    }
  });

  it('changes nothing when a key equal to the construct\'s path is adopted', () => {
    assert.equal(text(program({ pin: true })), text(program()));
  });

  it('keeps cdk.tf.json identical but for metadata when pinned registrations move under a new parent', () => {
    const before = text(program({ pin: true }));
    const after = text(program({ pin: true, parent: 'Team' }));
    assert.equal(after, before);
  });

  it('keeps cdk.tf.json identical when a pinned API is renamed, role and scope ids included', () => {
    const before = synth(program({ pin: true }));
    const after = synth(program({ pin: true, apiId: 'Orders' }));
    assert.deepEqual(after, before);
    const app = Object.values<any>(resources(after, 'azuread_application')).find((a) => a.display_name === 'Orders API');
    assert.ok(app.app_role.length === 2 && app.api.oauth2_permission_scope.length === 1);
  });

  it('moves addresses when nothing is pinned, as cdktf always did', () => {
    const before = addresses(synth(program()));
    const after = addresses(synth(program({ parent: 'Team' })));
    assert.ok(before.includes(after.find((a) => a.startsWith('azuread_application.Team_OrdersApi_')) ?? '') === false);
    assert.ok(after.some((a) => /^azuread_application\.Team_OrdersApi_[0-9A-F]{8}$/.test(a)));
  });

  it('throws if a key is not a path of construct ids, or is a token', () => {
    const stack = makeStack();
    throwsWith(() => new ProtectedApi(stack, 'A', { displayName: 'A', stableKey: 'orders api' }), /\[test\/A\] stableKey 'orders api' is not a path of construct ids.*e\.g\. 'A'/);
    throwsWith(() => new ProtectedApi(stack, 'B', { displayName: 'B', stableKey: '/B' }), /stableKey '\/B' is not a path/);
    throwsWith(() => new ProtectedApi(stack, 'C', { displayName: 'C', stableKey: new WorkloadIdentity(stack, 'Tok', { name: 'id-x', resourceGroupName: 'rg', location: 'x' }).clientId }), /stableKey is a token/);
  });

  it('fails synth if two registrations of a stack share a key, naming both', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'A', { displayName: 'A', stableKey: 'Orders' });
    new ProtectedApi(stack, 'B', { displayName: 'B', stableKey: 'Orders' });
    throwsWith(() => synth(stack), /test\/B and test\/A both have the stable key 'Orders'/);
  });

  it('fails synth if a new construct takes the path a pinned one keeps', () => {
    const stack = makeStack();
    const team = new Construct(stack, 'Team');
    new ProtectedApi(team, 'OrdersApi', { displayName: 'Orders API', stableKey: 'OrdersApi' });
    new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API v2' });
    throwsWith(() => synth(stack), /both have the stable key 'OrdersApi'/);
  });
});

describe('movedFrom', () => {
  it('emits one moved block per owned resource, from its old address to its address in the new document', () => {
    const oldJson = synth(program());
    const newJson = synth(program({ parent: 'Team', moved: true }));
    const oldAddresses = new Set(addresses(oldJson));
    const newAddresses = new Set(addresses(newJson));
    const moved: { from: string; to: string }[] = newJson.moved;
    // every resource the API, the SPA and the identity own: application, identifier URI, SP, two grants, table,
    // replication gate (API); application, SP, pre-authorization, replication gate (SPA); the user-assigned identity
    assert.equal(moved.length, 12, JSON.stringify(moved, null, 1));
    assert.equal(moved.filter((m) => m.from.startsWith('time_sleep.')).length, 2, 'each replication gate moves with its registration');
    for (const m of moved) {
      assert.ok(oldAddresses.has(m.from), `${m.from} is an address of the old document`);
      assert.ok(newAddresses.has(m.to), `${m.to} is an address of the new document`);
      assert.ok(!newAddresses.has(m.from), `${m.from} is not in use in the new document`);
    }
    assert.ok(moved.some((m) => /^azuread_app_role_assignment\.OrdersApi_AppRoleAssignments_/.test(m.from)), 'the table moves as a whole, every instance with it');
  });

  it('makes a pure move that the replacement guard passes', () => {
    const guard = ReplacementGuard.compare(text(program()), text(program({ parent: 'Team', moved: true })));
    assert.deepEqual(guard.findings, []);
    const unmoved = ReplacementGuard.compare(text(program()), text(program({ parent: 'Team' })));
    assert.ok(unmoved.destroysOrReplaces);
  });

  it('throws if the old path is where the construct lives, is not a path, or a move was declared', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API' });
    throwsWith(() => api.movedFrom('OrdersApi'), /movedFrom\('OrdersApi'\): that is where its resources live now, so nothing moves/);
    throwsWith(() => api.movedFrom('orders/'), /movedFrom\('orders\/'\): give the construct's old path within its stack/);
    api.movedFrom('Old/OrdersApi');
    throwsWith(() => api.movedFrom('Older/OrdersApi'), /a move from 'Old\/OrdersApi' is already declared/);
  });

  it('throws on an API whose role and scope ids derive from its path, which the move changes too', () => {
    const stack = makeStack();
    const api = new ProtectedApi(new Construct(stack, 'Team'), 'OrdersApi', { displayName: 'Orders API' });
    api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] });
    throwsWith(() => api.movedFrom('OrdersApi'), /the ids of its app role 'Orders\.Read' derive from its construct path.*idSeed: 'OrdersApi'.*stableKey: 'OrdersApi'/);
  });

  it('fails synth if a construct of the stack still has an old address', () => {
    const stack = makeStack();
    const team = new Construct(stack, 'Team');
    new ProtectedApi(team, 'OrdersApi', { displayName: 'Orders API' }).movedFrom('OrdersApi');
    new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API v2' });
    throwsWith(() => synth(stack), /test\/Team\/OrdersApi\.movedFrom\('OrdersApi'\) moves azuread_application\.OrdersApi_[0-9A-F]{8} to .*, but test\/OrdersApi\/Resource still has the address/);
  });
});

describe('protection from destruction', () => {
  const lifecycles = (json: any) => Object.fromEntries(Object.entries<any>(json.resource).flatMap(([type, byName]) =>
    Object.entries<any>(byName).map(([name, body]) => [`${type}.${name}`, body.lifecycle?.prevent_destroy === true])));

  it('protects the app registrations and enterprise applications of APIs and clients, and nothing else', () => {
    const protectedOnes = Object.entries(lifecycles(synth(program()))).filter(([, p]) => p).map(([a]) => a.replace(/_[0-9A-F]{8}$/, '')).sort();
    assert.deepEqual(protectedOnes, [
      'azuread_application.OrdersApi',
      'azuread_application.Web',
      'azuread_service_principal.OrdersApi_ServicePrincipal',
      'azuread_service_principal.Web_ServicePrincipal',
    ]);
  });

  it('keeps the API\'s ignore_changes beside prevent_destroy', () => {
    const api = Object.values<any>(resources(synth(program()), 'azuread_application')).find((a) => a.display_name === 'Orders API');
    assert.deepEqual(api.lifecycle, { ignore_changes: ['identifier_uris'], prevent_destroy: true });
  });

  it('protects nothing for a construct that opts out', () => {
    assert.deepEqual(Object.values(lifecycles(synth(program({ preventDestroy: false })))).filter(Boolean), []);
  });

  it('protects nothing in a stack that opts out by context, and a construct may still opt in', () => {
    const stack = program({ stackContext: { 'cdktf-entra-identity:preventDestroy': false } });
    assert.deepEqual(Object.values(lifecycles(synth(stack))).filter(Boolean), []);
    const optIn = new TerraformStack(Testing.app(), 'scratch');
    optIn.node.setContext('cdktf-entra-identity:preventDestroy', false);
    new AzureadProvider(optIn, 'azuread', {});
    new ProtectedApi(optIn, 'Api', { displayName: 'Kept', preventDestroy: true });
    assert.equal(Object.values(lifecycles(synth(optIn))).filter(Boolean).length, 2);
  });

  it('protects nothing in an app that opts out in its context (cdktf.json)', () => {
    const app = new App({ outdir: Testing.app().outdir, context: { 'cdktf-entra-identity:preventDestroy': 'false' } });
    const stack = new TerraformStack(app, 'throwaway');
    new AzureadProvider(stack, 'azuread', {});
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    new ProtectedApi(stack, 'Api', { displayName: 'Scratch API' });
    assert.deepEqual(Object.values(lifecycles(synth(stack))).filter(Boolean), []);
  });
});
