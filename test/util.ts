import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import type { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import type { LinuxFunctionApp, LinuxFunctionAppConfig } from '@cdktf/provider-azurerm/lib/linux-function-app';
import { ConsentType, MemberType, ProtectedApi, ProtectedApiProps, WorkloadIdentity, WorkloadWiring } from '../lib';
import { asCdktf } from './platform-json';

/** A fresh app and stack with both providers configured, as a user's program has them. */
export function makeStack(id = 'test'): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, id);
  new AzureadProvider(stack, 'azuread', {});
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  return stack;
}

/**
 * A stack with an Orders API and three roles: `Orders.Read` (users and apps), `Orders.Write`
 * (apps only) and `Orders.Admin` (users only), the member-type combinations grants are checked against.
 */
export function ordersApi() {
  const stack = makeStack();
  const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
  const read = api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] });
  const write = api.addAppRole('Orders.Write', { description: 'Write', allowedMemberTypes: [MemberType.APPLICATION] });
  const admin = api.addAppRole('Orders.Admin', { description: 'Admin', allowedMemberTypes: [MemberType.USER] });
  return { stack, api, read, write, admin };
}

/**
 * An `OrdersApi` in `stack` with a role for each member-type combination (`Orders.Read` users and
 * apps, `Orders.Write` apps, `Orders.Admin` users) and the scope `Orders.Access`: what daemons and
 * credentials are tested against.
 */
export function ordersApiWithRoles(stack: TerraformStack): ProtectedApi {
  return new ProtectedApi(stack, 'OrdersApi', {
    displayName: 'Orders API',
    appRoles: [
      { value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] },
      { value: 'Orders.Write', description: 'Write', allowedMemberTypes: [MemberType.APPLICATION] },
      { value: 'Orders.Admin', description: 'Admin', allowedMemberTypes: [MemberType.USER] },
    ],
    scopes: [{ value: 'Orders.Access', adminConsentDescription: 'a' }],
  });
}

/**
 * An `OrdersApi` in `stack` with two scopes, `Orders.Access` (admin consent) and `Orders.Export`
 * (user consent), and the role `Orders.Read`; `props` override. What SPAs are tested against.
 */
export function ordersApiWithScopes(stack: TerraformStack, props: Partial<ProtectedApiProps> = {}): ProtectedApi {
  return new ProtectedApi(stack, 'OrdersApi', {
    displayName: 'Orders API',
    appRoles: [{ value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] }],
    scopes: [
      { value: 'Orders.Access', adminConsentDescription: 'Call the API as the user' },
      { value: 'Orders.Export', adminConsentDescription: 'Export orders', consentType: ConsentType.USER },
    ],
    ...props,
  });
}

/** Synthesizes the stack with validations run and returns the parsed Terraform JSON. */
export function synth(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** The resources of one Terraform type, by logical id. */
export function resources(json: any, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/** The data sources of one Terraform type, by logical id. */
export function dataSources(json: any, type: string): Record<string, any> {
  return json.data?.[type] ?? {};
}

/** The one resource of a type; fails unless there is exactly one. */
export function onlyResource(json: any, type: string): any {
  const all = Object.values(resources(json, type));
  assert.equal(all.length, 1, `expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** Asserts that `fn` throws an error whose message matches every pattern. */
export function throwsWith(fn: () => unknown, ...patterns: RegExp[]): void {
  let error: unknown;
  try { fn(); } catch (e) { error = e; }
  assert.ok(error instanceof Error, 'expected an error to be thrown');
  for (const p of patterns) assert.match((error as Error).message, p);
}

/** The warnings annotated on the stack's constructs. */
export function warnings(stack: TerraformStack): string[] {
  return stack.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === '@cdktf/warn')
    .map((m) => `[${c.node.path}] ${String(m.data)}`));
}

const SNAPSHOT_DIR = path.join(__dirname, '__snapshots__');

/**
 * Compares `value` (JSON-serialisable) with the stored snapshot `name`. A missing snapshot
 * is written, except in CI, where it fails; UPDATE_SNAPSHOTS=1 rewrites it.
 */
export function matchSnapshot(name: string, value: unknown): void {
  const file = path.join(SNAPSHOT_DIR, `${name}.json`);
  // The snapshots are cdktf's JSON; on cdktn only the provider and core versions may differ (test/platform-json.ts).
  const text = `${JSON.stringify(asCdktf(value), null, 2)}\n`;
  if (process.env.UPDATE_SNAPSHOTS === '1' || (!fs.existsSync(file) && !process.env.CI)) {
    fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
    fs.writeFileSync(file, text);
    return;
  }
  assert.ok(fs.existsSync(file), `snapshot ${file} is missing; run the tests once outside CI to write it, and commit it`);
  assert.equal(text, fs.readFileSync(file, 'utf8'), `snapshot '${name}' differs; if the change is intended, run UPDATE_SNAPSHOTS=1 npm test`);
}

let outputCounter = 0;
/** What a token resolves to in Terraform JSON, read through a throw-away output. */
export function resolved(stack: TerraformStack, value: unknown): unknown {
  const id = `resolved${outputCounter++}`;
  new TerraformOutput(stack, id, { value });
  return JSON.parse(Testing.synth(stack)).output[id].value;
}

// Construct paths -> logical ids, for assertions on one resource.
/**
 * The logical-id stem cdktf gives a construct path: segments without `Resource`/`Default`,
 * each stripped of what is not a letter, digit, `_` or `-`, joined with `_`.
 */
function stem(path: string): string {
  return path.split('/').filter((p) => p !== 'Resource' && p !== 'Default')
    .map((p) => p.replace(/[^A-Za-z0-9_-]/g, '')).join('_');
}

/** The logical id of the one resource (or data source, with `kind`) of a type at a construct path in the stack. */
export function idAt(json: any, type: string, path: string, kind: 'resource' | 'data' = 'resource'): string {
  const all = Object.keys(json[kind]?.[type] ?? {});
  const re = new RegExp(`^${stem(path)}_[0-9A-F]{8}$`);
  const found = all.filter((k) => re.test(k));
  assert.equal(found.length, 1, `expected one ${type} at '${path}', found [${found.join(', ')}] among [${all.join(', ')}]`);
  return found[0];
}

/** The one resource of a type at a construct path in the stack (e.g. `Web` for `Web/Resource`). */
export function at(json: any, type: string, path: string): any {
  return resources(json, type)[idAt(json, type, path)];
}

/** The one data source of a type at a construct path in the stack. */
export function dataAt(json: any, type: string, path: string): any {
  return json.data[type][idAt(json, type, path, 'data')];
}

/** `${type.id.attr}` of the resource at `path`. */
export function ref(json: any, type: string, path: string, attr: string): string {
  return `\${${type}.${idAt(json, type, path)}.${attr}}`;
}

/** `${data.type.id.attr}` of the data source at `path`. */
export function dataRef(json: any, type: string, path: string, attr: string): string {
  return `\${data.${type}.${idAt(json, type, path, 'data')}.${attr}}`;
}

// Workload identity: a stack with an API and a WorkloadIdentity, and the azurerm resources the
// tests wire it into. The azurerm classes load on first use, so other test files do not pay for them.

/** The one app role assignment whose logical id starts with `prefix`. */
export function assignmentNamed(json: any, prefix: string): any {
  const found = Object.entries<any>(resources(json, 'azuread_app_role_assignment')).filter(([k]) => k.startsWith(prefix));
  assert.equal(found.length, 1, `expected one assignment named ${prefix}*, found ${found.map(([k]) => k).join(', ')}`);
  return found[0][1];
}

/** The resource id of an existing user-assigned identity, to adopt. */
export const ADOPTED_RESOURCE_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-old';
/** Its client id. */
export const ADOPTED_CLIENT_ID = 'aaaaaaaa-0000-4000-8000-000000000001';
/** Its principal id. */
export const ADOPTED_PRINCIPAL_ID = 'aaaaaaaa-0000-4000-8000-000000000002';
/** The start of a reference to the attributes of the WorkloadIdentity `Orders` that workloadSetup makes. */
export const UAI_REF = '${azurerm_user_assigned_identity.Orders_A9B65338';

/** A stack with an `Api` (Orders.Read users and apps, Orders.Write apps, Orders.Admin users) and a WorkloadIdentity `Orders`. */
export function workloadSetup(stack: TerraformStack = makeStack()) {
  const api = new ProtectedApi(stack, 'Api', {
    displayName: 'Orders API',
    appRoles: [
      { value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] },
      { value: 'Orders.Write', description: 'Write', allowedMemberTypes: [MemberType.APPLICATION] },
      { value: 'Orders.Admin', description: 'Admin', allowedMemberTypes: [MemberType.USER] },
    ],
  });
  const identity = new WorkloadIdentity(stack, 'Orders', { name: 'id-orders', resourceGroupName: 'rg', location: 'westeurope' });
  return { stack, api, identity };
}

/** A Linux Functions app wired with `wiring`; `change` edits the config as a user might. */
export function wiredFunctionApp(stack: TerraformStack, wiring: WorkloadWiring, change: Partial<LinuxFunctionAppConfig> = {}, id = 'Fn'): LinuxFunctionApp {
  const { LinuxFunctionApp: FunctionApp } = require('@cdktf/provider-azurerm/lib/linux-function-app') as typeof import('@cdktf/provider-azurerm/lib/linux-function-app');
  return new FunctionApp(stack, id, {
    name: `func-${id.toLowerCase()}`, resourceGroupName: 'rg', location: 'westeurope', servicePlanId: 'plan', siteConfig: {},
    identity: wiring.identity,
    keyVaultReferenceIdentityId: wiring.keyVaultReferenceIdentityId,
    appSettings: { ...wiring.appSettings },
    ...change,
  });
}

/** A Key Vault with Azure RBAC authorization. */
export function rbacVault(stack: TerraformStack, id = 'Vault'): KeyVault {
  const { KeyVault: Vault } = require('@cdktf/provider-azurerm/lib/key-vault') as typeof import('@cdktf/provider-azurerm/lib/key-vault');
  return new Vault(stack, id, {
    name: `kv-${id.toLowerCase()}`, resourceGroupName: 'rg', location: 'westeurope', tenantId: 'aaaaaaaa-0000-4000-8000-00000000000f',
    skuName: 'standard', rbacAuthorizationEnabled: true,
  });
}

/** The message of the error `fn` throws. Fails the test if nothing is thrown. */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('expected an error');
}

/** An in-memory file system and captured output, for the command lines' `io` argument. */
export function memoryIo(files: Record<string, string>) {
  const state = {
    out: '',
    err: '',
    stdout(t: string) { state.out += t; },
    stderr(t: string) { state.err += t; },
    readFile(f: string) {
      if (!(f in files)) throw new Error(`ENOENT: no such file or directory, open '${f}'`);
      return files[f];
    },
  };
  return state;
}
