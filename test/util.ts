import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { MemberType, ProtectedApi } from '../lib';

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
  const text = `${JSON.stringify(value, null, 2)}\n`;
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
