import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TerraformStack, Testing } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { DeploymentIdentity, EntraGroup, MemberType, ProtectedApi, RequiredRights } from '../lib';
import { buildApp } from '../examples/pipeline-identity/main';
import { providerRuleErrors } from './provider-rules-check';
import { schemaErrors } from './schema-check';
import { at, dataRef, makeStack, ordersApi, synth, throwsWith, warnings } from './util';

const APP_ROLE_ASSIGNMENT = '06b708a9-e830-4db3-a914-8e69da51d44f';
const OWNED_BY = '18a4783c-866b-4cc7-a460-3d5e5662c884';

function bootstrap(stacks: TerraformStack[], app = stacks[0].node.scope!) {
  const stack = new TerraformStack(app, 'bootstrap');
  new AzureadProvider(stack, 'azuread', {});
  const deployer = new DeploymentIdentity(stack, 'Deployer', {
    displayName: 'pipeline', stacks, githubActions: { organization: 'contoso', repository: 'infra', environment: 'production' },
  });
  return { stack, deployer };
}

function grantsOf(json: any): { forEach: Record<string, string>; body: any } {
  const all = json.resource.azuread_app_role_assignment;
  const [name] = Object.keys(all).filter((k) => k.startsWith('Deployer_GraphPermissions'));
  return { forEach: all[name].for_each, body: all[name] };
}

/** The registration's `required_resource_access`, or undefined when it writes none. */
function declaredOf(json: any): any[] | undefined {
  return at(json, 'azuread_application', 'Deployer').required_resource_access;
}

/** Microsoft Graph's one block: its entries as `type id`. */
function graphDeclared(json: any): string[] {
  const blocks = declaredOf(json) ?? [];
  const graph = dataRef(json, 'azuread_service_principal', 'MicrosoftGraph/Lookup', 'client_id');
  assert.ok(blocks.every((b) => b.resource_app_id === graph), 'every block is Microsoft Graph\'s');
  assert.ok(blocks.length <= 1, `one block per resource app, found ${blocks.length}`);
  return blocks.flatMap((b) => b.resource_access.map((e: any) => `${e.type} ${e.id}`));
}

function checked(json: any): any {
  assert.deepEqual(schemaErrors(json), []);
  assert.deepEqual(providerRuleErrors(json), []);
  return json;
}

describe('DeploymentIdentity', () => {
  it('grants exactly the Graph permissions its stacks need, by published id, to its own service principal on Microsoft Graph', () => {
    const { stack: apis } = ordersApi();
    const { stack, deployer } = bootstrap([apis]);
    const json = synth(stack);
    const { forEach, body } = grantsOf(json);
    assert.deepEqual(forEach, { 'Application.ReadWrite.OwnedBy': OWNED_BY });
    assert.equal(body.app_role_id, '${each.value}');
    assert.match(body.principal_object_id, /^\$\{azuread_service_principal\.Deployer_ServicePrincipal_[0-9A-F]{8}\.object_id\}$/);
    assert.match(body.resource_object_id, /^\$\{data\.azuread_service_principal\.MicrosoftGraph_Lookup_[0-9A-F]{8}\.object_id\}$/);
    assert.deepEqual(body.timeouts, { create: '20m' });
    assert.deepEqual(deployer.grantedGraphPermissions, ['Application.ReadWrite.OwnedBy']);
    const fic = Object.values(json.resource.azuread_application_federated_identity_credential) as any[];
    assert.equal(fic.length, 1);
    assert.equal(fic[0].subject, 'repo:contoso/infra:environment:production');
  });

  it('follows the stacks as they are at synth: a grant added after the identity brings AppRoleAssignment.ReadWrite.All', () => {
    const { stack: apis, api, read } = ordersApi();
    const { stack } = bootstrap([apis]);
    assert.deepEqual(Object.keys(grantsOf(synth(stack)).forEach), ['Application.ReadWrite.OwnedBy']);
    api.grantAppRole(EntraGroup.fromObjectId(apis, 'Readers', '11111111-2222-4333-8444-555555555555'), read);
    assert.deepEqual(grantsOf(synth(stack)).forEach, {
      'AppRoleAssignment.ReadWrite.All': APP_ROLE_ASSIGNMENT,
      'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
      'Application.ReadWrite.OwnedBy': OWNED_BY,
    });
  });

  it('grants the union of several stacks, and reports what they need together', () => {
    const { stack: apis } = ordersApi();
    const access = new TerraformStack(apis.node.scope!, 'access');
    new AzureadProvider(access, 'azuread', {});
    const api = new ProtectedApi(access, 'Api', { displayName: 'Other API' });
    const read = api.addAppRole('Other.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] });
    api.grantAppRole(EntraGroup.fromDisplayName(access, 'Readers', 'Readers'), read);
    const { deployer } = bootstrap([apis, access]);
    assert.deepEqual(deployer.grantedGraphPermissions, ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All', 'Application.ReadWrite.OwnedBy', 'Group.Read.All']);
    const reasons = deployer.requiredRights().graph.find((g) => g.permission === 'Group.Read.All')!.reasons;
    assert.match(reasons[0].address, /^access: data\.azuread_group\.Readers_Lookup_/);
  });

  it('declares in required_resource_access exactly the Graph permissions it grants, in the grants\' order, as Roles by published id', () => {
    const { stack: apis, api, read } = ordersApi();
    api.grantAppRole(EntraGroup.fromObjectId(apis, 'Readers', '11111111-2222-4333-8444-555555555555'), read);
    const { stack, deployer } = bootstrap([apis]);
    const json = checked(synth(stack));
    const granted = grantsOf(json).forEach;
    assert.deepEqual(graphDeclared(json), Object.values(granted).map((id) => `Role ${id}`));
    assert.deepEqual(Object.keys(granted), deployer.grantedGraphPermissions);
    assert.equal(Object.keys(granted).length, 3);
  });

  it('declaration and grants follow the stacks: a need added adds both, removing the last need removes both', () => {
    const apps = makeStack('apps');
    const { stack } = bootstrap([apps]);
    let json = checked(synth(stack));
    assert.equal(declaredOf(json), undefined, 'no need, no required_resource_access');
    assert.deepEqual(grantsOf(json).forEach, {});
    new ProtectedApi(apps, 'Api', { displayName: 'Orders API' });
    json = checked(synth(stack));
    assert.deepEqual(graphDeclared(json), [`Role ${OWNED_BY}`]);
    assert.deepEqual(grantsOf(json).forEach, { 'Application.ReadWrite.OwnedBy': OWNED_BY });
    assert.ok(apps.node.tryRemoveChild('Api'));
    json = checked(synth(stack));
    assert.equal(declaredOf(json), undefined, 'the declaration goes with the last need');
    assert.deepEqual(grantsOf(json).forEach, {});
  });

  it('a permission requested by hand and also needed is declared once and granted once, by the request', () => {
    const { stack: apis } = ordersApi();
    const { stack, deployer } = bootstrap([apis]);
    deployer.requestGraphAppRole('Application.ReadWrite.OwnedBy');
    deployer.requestGraphAppRole('User.Read.All');
    const json = checked(synth(stack));
    const byHand = (v: string) => `Role \${${dataRef(json, 'azuread_service_principal', 'MicrosoftGraph/Lookup', 'app_role_ids').slice(2, -1)}["${v}"]}`;
    // sorted by value: the request's own id reference for the one both ask for, no published duplicate
    assert.deepEqual(graphDeclared(json), [byHand('Application.ReadWrite.OwnedBy'), byHand('User.Read.All')]);
    // Graph refuses a second assignment of one role to one principal: the for_each leaves it to the request
    assert.deepEqual(grantsOf(json).forEach, {});
    const assignments = Object.values<any>(json.resource.azuread_app_role_assignment).filter((a) => !('for_each' in a));
    assert.deepEqual(assignments.map((a) => a.app_role_id).sort(), [byHand('Application.ReadWrite.OwnedBy'), byHand('User.Read.All')].map((e) => e.slice(5)).sort());
    assert.deepEqual(deployer.grantedGraphPermissions, ['Application.ReadWrite.OwnedBy']);
  });

  it('with permissionsInRequestOrder: the requests first as requested, then the computed ones sorted, in the same Graph block', () => {
    const { stack: apis, api, read } = ordersApi();
    api.grantAppRole(EntraGroup.fromObjectId(apis, 'Readers', '11111111-2222-4333-8444-555555555555'), read);
    const stack = new TerraformStack(apis.node.scope!, 'bootstrap');
    new AzureadProvider(stack, 'azuread', {});
    const deployer = new DeploymentIdentity(stack, 'Deployer', { displayName: 'pipeline', stacks: [apis], permissionsInRequestOrder: true });
    deployer.requestGraphAppRole('User.Read.All');
    deployer.requestGraphAppRole('Application.Read.All');
    const json = checked(synth(stack));
    const lookup = dataRef(json, 'azuread_service_principal', 'MicrosoftGraph/Lookup', 'app_role_ids').slice(2, -1);
    assert.deepEqual(graphDeclared(json), [
      `Role \${${lookup}["User.Read.All"]}`, `Role \${${lookup}["Application.Read.All"]}`, `Role ${APP_ROLE_ASSIGNMENT}`, `Role ${OWNED_BY}`,
    ]);
    assert.deepEqual(Object.keys(grantsOf(json).forEach), ['AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.OwnedBy']);
  });

  it('never grants Directory.ReadWrite.All, and warns when a stack needs Application.ReadWrite.All', () => {
    const apps = makeStack('adopting');
    new ProtectedApi(apps, 'Api', {
      displayName: 'Orders API', owners: ['8319049c-b8e8-4075-98e7-a503a0327374'],
      existing: { applicationObjectId: 'c85d75ae-767c-4a42-9f3f-f7bcd220c4d9', clientId: '9277da26-bd02-4993-a64d-74e5fdae3743', servicePrincipalObjectId: '537e152b-a899-4b19-a0c0-54f61b1c53ba' },
    });
    const { stack } = bootstrap([apps]);
    const json = synth(stack);
    assert.deepEqual(Object.keys(grantsOf(json).forEach), ['Application.ReadWrite.All']);
    assert.ok(!JSON.stringify(json).includes('19dbc75e-c2e2-444c-a770-ec69d8559fc7'));
    assert.match(warnings(stack).join('\n'), /\[bootstrap\/Deployer\] is granted Application\.ReadWrite\.All, which can change every app registration in the tenant, because adopting: azuread_application\./);
  });

  it('refuses its own stack and a stack given twice; warns when given none', () => {
    const { stack: apis } = ordersApi();
    const { stack, deployer } = bootstrap([apis]);
    throwsWith(() => deployer.addStack(stack), /Deployer\] cannot apply its own stack bootstrap/);
    throwsWith(() => deployer.addStack(apis), /is given stack test twice/);
    const lonely = makeStack('lonely');
    new DeploymentIdentity(lonely, 'Deployer', { displayName: 'pipeline' });
    const json = synth(lonely);
    assert.deepEqual(grantsOf(json).forEach, {});
    assert.match(warnings(lonely).join('\n'), /is given no stack, so it is granted no Graph permission/);
  });
});

describe('pipeline-identity example', () => {
  const app = Testing.app();
  buildApp(app);
  app.synth();
  const dir = (s: string) => path.join(app.outdir, 'stacks', s);
  const read = (s: string, f: string) => JSON.parse(fs.readFileSync(path.join(dir(s), f), 'utf8'));

  it('holds a federated credential and a grant of AppRoleAssignment.ReadWrite.All, by its published id, to the pipeline identity', () => {
    const json = read('pipeline-identity', 'cdk.tf.json');
    const { forEach, body } = grantsOf(json);
    assert.equal(forEach['AppRoleAssignment.ReadWrite.All'], APP_ROLE_ASSIGNMENT);
    assert.equal(body.principal_object_id, `\${azuread_service_principal.${Object.keys(json.resource.azuread_service_principal)[0]}.object_id}`);
    const fic = Object.values(json.resource.azuread_application_federated_identity_credential) as any[];
    assert.deepEqual(fic.map((f) => [f.issuer, f.subject]), [['https://token.actions.githubusercontent.com', 'repo:contoso/orders-infra:environment:production']]);
    assert.deepEqual(Object.keys(json.output).sort(), ['deployerClientId', 'deployerScopes', 'deployerTenantId', 'deployerAuthority'].sort());
  });

  it('grants what the other two stacks need together, as their required-rights.json say', () => {
    const apis = read('apis', 'required-rights.json');
    const access = read('access', 'required-rights.json');
    assert.deepEqual(apis.graph.map((g: any) => g.permission), ['Application.ReadWrite.OwnedBy'], 'only creates registrations');
    assert.deepEqual(access.graph.map((g: any) => g.permission), ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All']);
    const json = checked(read('pipeline-identity', 'cdk.tf.json'));
    const granted = grantsOf(json).forEach;
    const needed = Object.fromEntries([...apis.graph, ...access.graph].map((g: any) => [g.permission, g.id]));
    assert.deepEqual(granted, needed);
    assert.deepEqual(graphDeclared(json), Object.values(granted).map((id) => `Role ${id}`), 'declared as granted');
  });

  it('the bootstrap stack says what the person who applies it needs', () => {
    const rights = RequiredRights.fromStackJson(fs.readFileSync(path.join(dir('pipeline-identity'), 'cdk.tf.json'), 'utf8'));
    assert.deepEqual(rights.graphPermissions, ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All', 'Application.ReadWrite.OwnedBy']);
    // as a person, granting Microsoft Graph's app roles takes Privileged Role Administrator: no other way
    assert.deepEqual(rights.toModel().directoryRoles!.map((d) => [d.role, d.id]), [['Privileged Role Administrator', 'e8611ab8-c189-46e8-94e1-60213ab1f814']]);
    assert.match(rights.toModel().directoryRoles![0].reasons[0].address, /^azuread_app_role_assignment\.Deployer_GraphPermissions_/);
  });
});
