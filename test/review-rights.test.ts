import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { App, TerraformStack } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { EntraGroup, MemberType, ProtectedApi, WorkloadIdentity } from '../lib';
import { EXIT_FINDINGS, EXIT_OK } from '../lib/cli/io';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'cdktf-entra-identity.js');

/** What varies between the base branch and the change. */
interface Version {
  /** Whether the Orders API grants a role to a group. */
  grant?: boolean;
  /** Whether a second stack, `billing`, makes another API. */
  billing?: boolean;
  /** Whether the stack adds a workload identity (azurerm). */
  workload?: boolean;
  /** Whether the API is adopted, owned by someone else. */
  adopted?: boolean;
}

/** Synthesizes the program into a new cdktf.out folder, as `cdktf synth` does. */
function synth(v: Version = {}): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-review-rights-'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'orders');
  new AzureadProvider(stack, 'azuread', {});
  const api = new ProtectedApi(stack, 'OrdersApi', {
    displayName: 'Orders API',
    idSeed: 'OrdersApi',
    appRoles: [{ value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION], id: 'ea260b73-a185-4cc1-905e-0ae81f609251' }],
    ...(v.adopted ? {
      owners: ['8319049c-b8e8-4075-98e7-a503a0327374'],
      existing: { applicationObjectId: 'c85d75ae-767c-4a42-9f3f-f7bcd220c4d9', clientId: '9277da26-bd02-4993-a64d-74e5fdae3743', servicePrincipalObjectId: '537e152b-a899-4b19-a0c0-54f61b1c53ba' },
    } : {}),
  });
  if (v.grant) api.grantAppRole(EntraGroup.fromObjectId(stack, 'OrderReaders', 'aaaaaaaa-0000-4000-8000-000000000001', { displayName: 'Order readers' }), api.appRole('Orders.Read'));
  if (v.workload) {
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    new WorkloadIdentity(stack, 'Worker', { name: 'id-orders-worker', resourceGroupName: 'rg-orders', location: 'westeurope' });
  }
  if (v.billing) {
    const billing = new TerraformStack(app, 'billing');
    new AzureadProvider(billing, 'azuread', {});
    new ProtectedApi(billing, 'BillingApi', { displayName: 'Billing API' });
  }
  app.synth();
  return outdir;
}

function review(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', BIN, 'review', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cdktf-entra-identity review: required rights', () => {
  const apiAlone = synth();

  it('an API alone, then the same API with a group grant: AppRoleAssignment.ReadWrite.All is newly needed, exit 3', () => {
    const r = review(apiAlone, synth({ grant: true }));
    assert.equal(r.code, EXIT_FINDINGS, r.err + r.out);
    assert.match(r.out, /: Needs review: stack orders: new rights needed\.\n/);
    assert.match(r.out, /\n {2}Required rights: The change needs 2 right\(s\) the pipeline's identity did not need: AppRoleAssignment\.ReadWrite\.All, Application\.Read\.All\.\n/);
    assert.match(r.out, /\n {4}! new right: Microsoft Graph AppRoleAssignment\.ReadWrite\.All \(06b708a9-e830-4db3-a914-8e69da51d44f\), which no stack of the base needed: needed by azuread_app_role_assignment\.OrdersApi_Grantaaaaaaaa-0000-4000-8000-000000000001OrdersRead_[0-9A-F]{8} \(assign an app role/);
    const json = JSON.parse(review(apiAlone, synth({ grant: true }), '--format', 'json').out);
    const section = json.stacks[0].sections.find((s: { id: string }) => s.id === 'rights');
    assert.equal(section.attention, true);
    assert.deepEqual(section.data.addedGraph.map((g: { permission: string }) => g.permission), ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All']);
    const md = review(apiAlone, synth({ grant: true }), '--format', 'markdown').out;
    assert.match(md, /\*\*Required rights\*\*: The change needs 2 right\(s\)/);
  });

  it('the same change the other way needs nothing new; the rights no longer needed are listed (the guard fails it for the destroyed grant)', () => {
    const r = review(synth({ grant: true }), apiAlone);
    assert.equal(r.code, EXIT_FINDINGS, r.err + r.out);
    assert.match(r.out, /: Needs review: stack orders: identity destroyed or replaced\.\n/);
    assert.match(r.out, /Required rights: No new rights needed; 2 no longer needed\.\n {4}- no longer needed: Microsoft Graph AppRoleAssignment\.ReadWrite\.All/);
  });

  it('nothing changes: one quiet line', () => {
    const r = review(apiAlone, synth());
    assert.equal(r.code, EXIT_OK, r.err + r.out);
    assert.match(r.out, /\n {2}Required rights: No new rights needed\.\n/);
  });

  it('a right new to one stack that another stack of the base needed is listed without failing', () => {
    const r = review(apiAlone, synth({ billing: true }));
    assert.equal(r.code, EXIT_OK, r.err + r.out);
    assert.match(r.out, /Stack billing\n(?: {2}.*\n)*? {2}Required rights: New to this stack, needed by another stack already: Application\.ReadWrite\.OwnedBy\.\n {4}- new to this stack: Application\.ReadWrite\.OwnedBy \(18a4783c-866b-4cc7-a460-3d5e5662c884\), which the base needed already for stack orders/);
  });

  it('adopting a registration owned by others brings Application.ReadWrite.All', () => {
    const r = review(apiAlone, synth({ adopted: true }));
    assert.equal(r.code, EXIT_FINDINGS, r.err + r.out);
    assert.match(r.out, /! new right: Microsoft Graph Application\.ReadWrite\.All \(1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9\), which no stack of the base needed: needed by azuread_application\.OrdersApi_[0-9A-F]{8} \(update an app registration \(adopted, and the deploying identity is not among its owners\)\)/);
    assert.match(r.out, /- no longer needed: Microsoft Graph Application\.ReadWrite\.OwnedBy/);
  });

  it('a workload identity brings an Azure role at its resource group', () => {
    const r = review(apiAlone, synth({ workload: true }));
    assert.equal(r.code, EXIT_FINDINGS, r.err + r.out);
    assert.match(r.out, /! new Azure role: Azure Managed Identity Contributor \(e40ec5ca-96e0-45a2-b4ff-59039f2c2b59\) at resource group rg-orders: needed by azurerm_user_assigned_identity\.Worker/);
  });
});

describe('cdktf-entra-identity required-rights', () => {
  function run(...args: string[]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', BIN, 'required-rights', ...args], { cwd: ROOT, encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }
  const two = synth({ grant: true, billing: true });

  it('prints each stack\'s rights and what all stacks need together', () => {
    const r = run(two);
    assert.equal(r.code, EXIT_OK, r.err);
    assert.match(r.out, /^Stack billing\n {2}Application\.ReadWrite\.OwnedBy \(18a4783c-866b-4cc7-a460-3d5e5662c884\)\n {4}- azuread_application\.BillingApi_[0-9A-F]{8}: create an app registration\n/);
    assert.match(r.out, /\nStack orders\n {2}AppRoleAssignment\.ReadWrite\.All \(06b708a9-e830-4db3-a914-8e69da51d44f\)\n/);
    assert.match(r.out, /\nAll stacks: AppRoleAssignment\.ReadWrite\.All, Application\.Read\.All, Application\.ReadWrite\.OwnedBy\n$/);
  });

  it('writes JSON in the required-rights.json layout per stack, and reads one cdk.tf.json', () => {
    const json = JSON.parse(run(two, '--format', 'json').out);
    assert.deepEqual(json.stacks.map((s: { stack: string }) => s.stack), ['billing', 'orders']);
    assert.deepEqual(json.all.graph.map((g: { permission: string }) => g.permission), ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All', 'Application.ReadWrite.OwnedBy']);
    const one = run(path.join(two, 'stacks', 'orders', 'cdk.tf.json'), '--format=markdown');
    assert.equal(one.code, EXIT_OK, one.err);
    assert.match(one.out, /^### Rights the deploying identity needs \(stack orders\)\n/);
  });

  it('exits 2 on a bad deployer id and a missing input', () => {
    assert.equal(run(two, '--deployer', 'me').code, 2);
    assert.match(run(two, '--deployer', 'me').err, /--deployer must be an object id/);
    assert.equal(run().code, 2);
    assert.equal(run(path.join(os.tmpdir(), 'no-such-cdktf-out')).code, 2);
  });
});
