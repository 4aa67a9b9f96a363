import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TerraformStack, Testing } from 'cdktf';
import { DataAzureadClientConfig } from '@cdktf/provider-azuread/lib/data-azuread-client-config';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import {
  AccessMap, AppRoleAssignmentTable, DaemonApp, EntraGroup, EntraServicePrincipal, EntraUser, KeyVaultAccessModel, KeyVaultSecretsGrant, ManagedIdentity,
  MemberType, PrincipalKind, ProtectedApi, RegisteredApi, RequiredRights, RequiredRightsModel, RequiredRightsReport, WebApp,
} from '../lib';
import { computeRequiredRights, diffRequiredRights, mergeRequiredRights, renderRequiredRightsMarkdown } from '../lib/rights/compute';
import {
  AZURE_RESOURCES, AZURE_ROLES, GRAPH_DATA_SOURCES, GRAPH_OPERATIONS, GRAPH_PERMISSIONS, GRAPH_RESOURCES, Scope,
} from '../lib/rights/table';
import { synthesizeAll } from './all-stacks';
import { providerSchema } from './schema-check';
import { makeStack, ordersApi, rbacVault, synth, throwsWith, workloadSetup } from './util';

/**
 * The published ids, copied by hand from Microsoft's Graph permissions reference
 * (https://learn.microsoft.com/en-us/graph/permissions-reference, "Application" column), to check
 * the table against a second, independent transcription.
 */
const REFERENCE_IDS: Record<string, string> = {
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
  'Application.ReadWrite.OwnedBy': '18a4783c-866b-4cc7-a460-3d5e5662c884',
  'AppRoleAssignment.ReadWrite.All': '06b708a9-e830-4db3-a914-8e69da51d44f',
  'DelegatedPermissionGrant.ReadWrite.All': '8e8e4742-1d95-4f68-9d56-6ee75648c72a',
  'Group.Read.All': '5b567255-7703-4780-807c-7be8301ae99b',
  'GroupMember.ReadWrite.All': 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
};
/** Built-in role ids from https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles. */
const REFERENCE_ROLES: Record<string, string> = {
  'Managed Identity Contributor': 'e40ec5ca-96e0-45a2-b4ff-59039f2c2b59',
  'Role Based Access Control Administrator': 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  'Key Vault Contributor': 'f25e0fa2-a7c8-4377-a976-54943a77a395',
  'Key Vault Secrets Officer': 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
};
/** What never appears: the permission that lets its holder take over the tenant. */
const FORBIDDEN = ['Directory.ReadWrite.All', '19dbc75e-c2e2-444c-a770-ec69d8559fc7'];

function rightsOf(stack: TerraformStack): RequiredRightsModel {
  return computeRequiredRights(synth(stack));
}
function graphOf(stack: TerraformStack): string[] {
  return rightsOf(stack).graph.map((g) => g.permission);
}
function reasonsFor(model: RequiredRightsModel, permission: string): string[] {
  return (model.graph.find((g) => g.permission === permission)?.reasons ?? []).map((r) => `${r.address}: ${r.action}`);
}

describe('the rights table', () => {
  for (const [name, row] of Object.entries(GRAPH_PERMISSIONS)) {
    it(`${name}: the published id and the reference's anchor`, () => {
      assert.equal(row.permission, name);
      assert.equal(row.id, REFERENCE_IDS[name], `${name} has id ${row.id}; the permissions reference says ${REFERENCE_IDS[name]}`);
      assert.match(row.source, /^https:\/\/learn\.microsoft\.com\/en-us\/graph\/permissions-reference#[a-z]+$/);
      assert.equal(row.source.split('#')[1], name.toLowerCase().replace(/\./g, ''));
    });
  }

  it('has no row for Directory.ReadWrite.All, and no operation needs it', () => {
    assert.equal(GRAPH_PERMISSIONS['Directory.ReadWrite.All'], undefined);
    for (const op of Object.values(GRAPH_OPERATIONS)) assert.ok(!op.permissions.includes('Directory.ReadWrite.All'), op.operation);
  });

  for (const [name, op] of Object.entries(GRAPH_OPERATIONS)) {
    it(`operation ${name}: its permissions are in the table and its source is a Graph v1.0 API page`, () => {
      assert.ok(op.permissions.length > 0);
      for (const p of op.permissions) assert.ok(GRAPH_PERMISSIONS[p], `${name} needs '${p}', which has no published id in the table`);
      assert.match(op.source, /^https:\/\/learn\.microsoft\.com\/en-us\/graph\/api\/[a-z0-9-]+\?view=graph-rest-1\.0$/);
    });
  }

  for (const [type, rule] of Object.entries(GRAPH_RESOURCES)) {
    it(`resource ${type}: is an azuread 3.7 resource, with the argument that names its parent`, () => {
      const schema = providerSchema('azuread').resource_schemas[type];
      assert.ok(schema, `${type} is not a resource of azuread 3.7.0`);
      const parent = rule.scope === Scope.APPLICATION_PART ? 'application_id' : rule.scope === Scope.SERVICE_PRINCIPAL_PART ? 'service_principal_id' : undefined;
      if (parent) assert.ok(schema.block.attributes?.[parent], `${type} has no '${parent}' argument`);
      // azuread_application_registration has no owners: the provider leaves its creator the owner.
      if (rule.scope === Scope.APPLICATION || rule.scope === Scope.SERVICE_PRINCIPAL) {
        assert.equal(!!schema.block.attributes?.owners, type !== 'azuread_application_registration', `${type}: owners`);
      }
    });
  }

  for (const type of Object.keys(GRAPH_DATA_SOURCES)) {
    it(`data source ${type}: is an azuread 3.7 data source`, () => {
      assert.ok(providerSchema('azuread').data_source_schemas[type], `${type} is not a data source of azuread 3.7.0`);
    });
  }

  for (const [type, rule] of Object.entries(AZURE_RESOURCES)) {
    it(`resource ${type}: ${rule.role}, scoped by its '${rule.scopeArgument}'`, () => {
      const schema = providerSchema('azurerm').resource_schemas[type];
      assert.ok(schema, `${type} is not in the azurerm schema`);
      assert.ok(schema.block.attributes?.[rule.scopeArgument], `${type} has no '${rule.scopeArgument}' argument`);
      const role = AZURE_ROLES[rule.role];
      assert.equal(role.id, REFERENCE_ROLES[rule.role]);
      assert.match(role.source, /^https:\/\/learn\.microsoft\.com\/en-us\/azure\/role-based-access-control\/built-in-roles\/[a-z]+#[a-z-]+$/);
    });
  }
});

describe('required rights per resource kind', () => {
  it('an API alone: Application.ReadWrite.OwnedBy, nothing for assignments', () => {
    const { stack } = ordersApi();
    assert.deepEqual(graphOf(stack), ['Application.ReadWrite.OwnedBy']);
    const m = rightsOf(stack);
    assert.deepEqual(reasonsFor(m, 'Application.ReadWrite.OwnedBy').map((r) => r.split('.')[0]), [
      'azuread_application', 'azuread_application_identifier_uri', 'azuread_service_principal',
    ]);
    assert.match(reasonsFor(m, 'Application.ReadWrite.OwnedBy')[0], /^azuread_application\.Api_[0-9A-F]{8}: create an app registration$/);
    assert.deepEqual(m.azure, []);
    assert.deepEqual(m.uncovered, []);
  });

  it('a grant to a group by object id adds AppRoleAssignment.ReadWrite.All and Application.Read.All (Graph lists them together)', () => {
    const { stack, api, read } = ordersApi();
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'Readers', '11111111-2222-4333-8444-555555555555'), read);
    assert.deepEqual(graphOf(stack), ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All', 'Application.ReadWrite.OwnedBy']);
    const m = rightsOf(stack);
    assert.equal(m.graph[0].id, '06b708a9-e830-4db3-a914-8e69da51d44f');
    assert.match(reasonsFor(m, 'AppRoleAssignment.ReadWrite.All')[0], /^azuread_app_role_assignment\.Api_Grant11111111-2222-4333-8444-555555555555OrdersRead_.*: assign an app role/);
    assert.match(m.graph[0].reasons[0].source, /serviceprincipal-post-approleassignedto/);
  });

  it('lookups by name: Group.Read.All for a group, User.Read.All for a user, Application.Read.All for a service principal', () => {
    const { stack, api, read, admin } = ordersApi();
    api.grantAppRole(EntraGroup.fromDisplayName(stack, 'Readers', 'Order readers'), read);
    api.grantAppRole(EntraUser.fromUserPrincipalName(stack, 'Jane', 'jane@contoso.com'), admin);
    api.grantAppRole(EntraServicePrincipal.fromClientId(stack, 'Billing', '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9'), read);
    const m = rightsOf(stack);
    assert.match(reasonsFor(m, 'Group.Read.All').join('\n'), /^data\.azuread_group\.Readers_Lookup_[0-9A-F]{8}: look up a group/);
    assert.match(reasonsFor(m, 'User.Read.All').join('\n'), /^data\.azuread_user\.Jane_Lookup_[0-9A-F]{8}: look up a user/);
    assert.match(reasonsFor(m, 'Application.Read.All').join('\n'), /data\.azuread_service_principal\.Billing_Lookup_[0-9A-F]{8}: look up a service principal/);
  });

  it('admin consent: DelegatedPermissionGrant.ReadWrite.All, for the grant only', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Access' }] });
    const web = new WebApp(stack, 'Portal', { displayName: 'Portal', redirectUris: ['https://portal.contoso.com/signin-oidc'] });
    web.requestScope(api, api.scope('Orders.Access'), { preAuthorize: false, adminConsent: true });
    const m = rightsOf(stack);
    assert.deepEqual(m.graph.map((g) => g.permission), ['Application.ReadWrite.OwnedBy', 'DelegatedPermissionGrant.ReadWrite.All']);
    assert.equal(m.graph[1].id, '8e8e4742-1d95-4f68-9d56-6ee75648c72a');
    assert.match(reasonsFor(m, 'DelegatedPermissionGrant.ReadWrite.All')[0], /^azuread_service_principal_delegated_permission_grant\.Portal_AdminConsentApi_[0-9A-F]{8}: grant admin consent/);
  });

  it('credentials of a registration the deploying identity creates: .OwnedBy', () => {
    const stack = makeStack();
    const sync = new DaemonApp(stack, 'Sync', { displayName: 'Sync' });
    sync.addGithubActionsCredential('main', { organization: 'contoso', repository: 'sync', branch: 'main' });
    sync.addClientSecret();
    const m = rightsOf(stack);
    assert.deepEqual(m.graph.map((g) => g.permission), ['Application.ReadWrite.OwnedBy']);
    const why = reasonsFor(m, 'Application.ReadWrite.OwnedBy').join('\n');
    assert.match(why, /azuread_application_federated_identity_credential\.[^:]+: add a federated identity credential/);
    assert.match(why, /azuread_application_password\.[^:]+: add a client secret/);
    assert.deepEqual(m.uncovered, [], 'time_rotating needs no right');
  });

  it('adopted registrations owned by others: Application.ReadWrite.All for each part, and no .OwnedBy', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'Api', {
      displayName: 'Orders API',
      owners: ['8319049c-b8e8-4075-98e7-a503a0327374'],
      existing: { applicationObjectId: 'c85d75ae-767c-4a42-9f3f-f7bcd220c4d9', clientId: '9277da26-bd02-4993-a64d-74e5fdae3743', servicePrincipalObjectId: '537e152b-a899-4b19-a0c0-54f61b1c53ba' },
    });
    const m = rightsOf(stack);
    assert.deepEqual(m.graph.map((g) => g.permission), ['Application.ReadWrite.All']);
    const why = reasonsFor(m, 'Application.ReadWrite.All');
    assert.equal(why.length, 3, why.join('\n'));
    assert.match(why.join('\n'), /azuread_application\.[^:]+: update an app registration \(adopted, and the deploying identity is not among its owners\)/);
    assert.match(why.join('\n'), /azuread_service_principal\.[^:]+: update an enterprise application/);
    assert.match(why.join('\n'), /azuread_application_identifier_uri\.[^:]+: update an app registration \(of azuread_application\.[^,]+, which the deploying identity does not own; adopted\)/);
  });

  it('an adopted registration the pipeline already owns (deployerObjectId): .OwnedBy would do after the first apply, .All on it', () => {
    const stack = makeStack();
    const pipeline = '0a0b0c0d-1111-4222-8333-444455556666';
    new ProtectedApi(stack, 'Api', {
      displayName: 'Orders API',
      owners: [pipeline, '8319049c-b8e8-4075-98e7-a503a0327374'],
      existing: { applicationObjectId: 'c85d75ae-767c-4a42-9f3f-f7bcd220c4d9', clientId: '9277da26-bd02-4993-a64d-74e5fdae3743', servicePrincipalObjectId: '537e152b-a899-4b19-a0c0-54f61b1c53ba' },
    });
    const without = computeRequiredRights(synth(stack));
    const withDeployer = computeRequiredRights(synth(stack), { deployerObjectId: pipeline.toUpperCase() });
    assert.match(reasonsFor(without, 'Application.ReadWrite.All').join('\n'), /not among its owners/);
    assert.match(reasonsFor(withDeployer, 'Application.ReadWrite.All').join('\n'), /added as an owner on this apply/);
  });

  it('a created registration whose owners leave the deploying identity out: Application.ReadWrite.All (the provider drops the caller as owner)', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'Api', { displayName: 'Orders API', owners: ['8319049c-b8e8-4075-98e7-a503a0327374'] });
    const m = rightsOf(stack);
    assert.deepEqual(m.graph.map((g) => g.permission), ['Application.ReadWrite.All']);
    assert.match(reasonsFor(m, 'Application.ReadWrite.All').join('\n'), /azuread_application\.[^:]+: create an app registration \(its owners do not include the deploying identity/);
  });

  it('owners that name the deploying identity through azuread_client_config keep .OwnedBy', () => {
    const stack = makeStack();
    const me = new DataAzureadClientConfig(stack, 'Me', {});
    new ProtectedApi(stack, 'Api', { displayName: 'Orders API', owners: [me.objectId, '8319049c-b8e8-4075-98e7-a503a0327374'] });
    assert.deepEqual(graphOf(stack), ['Application.ReadWrite.OwnedBy']);
  });

  it('adopted grants need what created ones do, and say they are adopted', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', {
      displayName: 'Orders API',
      owners: ['8319049c-b8e8-4075-98e7-a503a0327374'],
      existing: { applicationObjectId: 'c85d75ae-767c-4a42-9f3f-f7bcd220c4d9', clientId: '9277da26-bd02-4993-a64d-74e5fdae3743', servicePrincipalObjectId: '537e152b-a899-4b19-a0c0-54f61b1c53ba' },
    });
    const read = api.addAppRole('Orders.Read', { description: 'Read', id: 'ea260b73-a185-4cc1-905e-0ae81f609251', allowedMemberTypes: [MemberType.USER] });
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'Readers', '11111111-2222-4333-8444-555555555555'), read, { existingAssignmentId: 'mYQB-SXY1iPWzMVrhF3QdTUhjncuTvOT7Qe_VWhQAnA' });
    const m = rightsOf(stack);
    assert.match(reasonsFor(m, 'AppRoleAssignment.ReadWrite.All')[0], /assign an app role.*\(adopted\)$/);
  });

  it('a grants table (one for_each resource) is one reason', () => {
    const { stack, api, read } = ordersApi();
    const table = new AppRoleAssignmentTable(stack, 'Grants', { api });
    for (let i = 0; i < 5; i++) {
      table.addRow({ principalName: `g${i}`, principalObjectId: `11111111-2222-4333-8444-55555555555${i}`, principalKind: PrincipalKind.GROUP, role: read });
    }
    assert.equal(reasonsFor(rightsOf(stack), 'AppRoleAssignment.ReadWrite.All').length, 1);
  });

  it('an API registered elsewhere: a lookup (Application.Read.All) and the grant', () => {
    const stack = makeStack();
    const orders = RegisteredApi.fromClientId(stack, 'Orders', '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9');
    orders.grantAppRole(ManagedIdentity.fromUserAssignedAttributes(stack, 'Worker', {
      principalId: '9a8b7c6d-1111-4222-8333-444455556666', clientId: '0f1e2d3c-4b5a-4697-8877-665544332211',
    }), orders.appRole('Orders.Read'));
    assert.deepEqual(graphOf(stack), ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All']);
  });

  it('workload identity and Key Vault grants: Azure roles at their scopes', () => {
    const { stack, identity } = workloadSetup();
    const vault = rbacVault(stack);
    KeyVaultSecretsGrant.grant(identity, vault);
    const { KeyVault } = require('@cdktf/provider-azurerm/lib/key-vault') as typeof import('@cdktf/provider-azurerm/lib/key-vault');
    const policyVault = new KeyVault(stack, 'PolicyVault', {
      name: 'kv-policy', resourceGroupName: 'rg', location: 'westeurope', tenantId: 'aaaaaaaa-0000-4000-8000-00000000000f', skuName: 'standard',
    });
    KeyVaultSecretsGrant.grant(identity, policyVault, { accessModel: KeyVaultAccessModel.ACCESS_POLICY });
    const m = rightsOf(stack);
    assert.deepEqual(m.azure.map((a) => `${a.role} @ ${a.scope}`), [
      'Key Vault Contributor @ azurerm_key_vault.PolicyVault',
      'Managed Identity Contributor @ resource group rg',
      'Role Based Access Control Administrator @ azurerm_key_vault.Vault',
    ]);
    assert.match(m.azure[2].reasons[0].action, /'Key Vault Secrets User'/);
    assert.equal(m.azure[1].id, REFERENCE_ROLES['Managed Identity Contributor']);
    assert.deepEqual(m.uncovered.map((u) => u.type), ['azurerm_key_vault']);
  });

  it('resources the table does not know are listed as not computed, never guessed', () => {
    const m = computeRequiredRights({
      resource: { azuread_conditional_access_policy: { P: {} }, azurerm_storage_account: { S: {}, A: {} } },
      data: { azuread_domains: { D: {} } },
    });
    assert.deepEqual(m.graph, []);
    assert.deepEqual(m.uncovered, [
      { type: 'azuread_conditional_access_policy', addresses: ['azuread_conditional_access_policy.P'] },
      { type: 'azurerm_storage_account', addresses: ['azurerm_storage_account.A', 'azurerm_storage_account.S'] },
      { type: 'data.azuread_domains', addresses: ['data.azuread_domains.D'] },
    ]);
  });

  it('a part of a registration given by a literal id (made elsewhere) needs .All', () => {
    const m = computeRequiredRights({
      resource: { azuread_application_password: { P: { application_id: '/applications/c85d75ae-767c-4a42-9f3f-f7bcd220c4d9' } } },
    });
    assert.deepEqual(m.graph.map((g) => g.permission), ['Application.ReadWrite.All']);
    assert.match(m.graph[0].reasons[0].action, /of an app registration this stack does not create/);
  });

  it('is the same for the same configuration whatever the order of its keys', () => {
    const { stack, api, read } = ordersApi();
    api.grantAppRole(EntraGroup.fromDisplayName(stack, 'Readers', 'Order readers'), read);
    const json = synth(stack);
    const reversed = JSON.parse(JSON.stringify(json, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).reverse()) : v)));
    assert.equal(JSON.stringify(computeRequiredRights(reversed)), JSON.stringify(computeRequiredRights(json)));
  });

  it('never lists Directory.ReadWrite.All for any example or fixture stack', () => {
    for (const { name, json } of synthesizeAll()) {
      const text = JSON.stringify(computeRequiredRights(json));
      for (const f of FORBIDDEN) assert.ok(!text.includes(f), `${name} lists ${f}`);
    }
  });
});

describe('directory roles a person needs', () => {
  const rolesOf = (m: RequiredRightsModel) => (m.directoryRoles ?? []).map((d) => `${d.role} ${d.id}: ${d.reasons.map((r) => r.action).join('; ')}`);

  it('none for registrations, grants on its own APIs and lookups', () => {
    const { stack, api, read } = ordersApi();
    api.grantAppRole(EntraGroup.fromDisplayName(stack, 'Readers', 'Order readers'), read);
    assert.deepEqual(rightsOf(stack).directoryRoles, []);
  });

  it('Cloud Application Administrator for admin consent to an API, Privileged Role Administrator for Microsoft Graph\'s', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Access' }] });
    const web = new WebApp(stack, 'Portal', { displayName: 'Portal', redirectUris: ['https://portal.contoso.com/signin-oidc'] });
    web.requestScope(api, api.scope('Orders.Access'), { preAuthorize: false, adminConsent: true });
    web.requestGraphScope('User.Read', { adminConsent: true });
    assert.deepEqual(rolesOf(rightsOf(stack)), [
      'Cloud Application Administrator 158c047a-c907-4556-b7ef-446551a6b5f7: grant admin consent to delegated permissions',
      'Privileged Role Administrator e8611ab8-c189-46e8-94e1-60213ab1f814: grant admin consent to Microsoft Graph\'s delegated permissions',
    ]);
  });

  it('Privileged Role Administrator to grant a Microsoft Graph application permission, none to adopt one granted already', () => {
    const existing = { applicationObjectId: '2546c976-62cb-563c-ba93-81305f588a1e', clientId: '90fee439-8b7e-5191-a465-9b5e269170b0',
      servicePrincipalObjectId: '557affe7-2cd2-5c18-bd3a-ced54db9f34a' };
    const granted = makeStack();
    new DaemonApp(granted, 'Sync', { displayName: 'Directory Sync', existing }).requestGraphAppRole('User.Read.All');
    const pra = (m: RequiredRightsModel) => rolesOf(m).filter((r) => r.startsWith('Privileged Role Administrator'));
    assert.deepEqual(pra(rightsOf(granted)), ['Privileged Role Administrator e8611ab8-c189-46e8-94e1-60213ab1f814: assign an app role of Microsoft Graph (an application permission)']);
    const adopted = makeStack();
    new DaemonApp(adopted, 'Sync', { displayName: 'Directory Sync', existing }).requestGraphAppRole('User.Read.All', {
      existingAssignmentId: 'dtHmJwkb06_UEdAnQNLkwZsu1BRqm3gRjBs0oqicmUg', graphServicePrincipalObjectId: '55c1acd0-fb3a-5c1c-9375-c5e5c02d4131',
    });
    // The registration is adopted and not owned by the deployer (Cloud Application Administrator stays); the grant needs no role.
    assert.deepEqual(pra(rightsOf(adopted)), []);
  });

  it('Cloud Application Administrator where Application.ReadWrite.All is needed (registrations owned by others)', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'Api', { displayName: 'Orders API', owners: ['8319049c-b8e8-4075-98e7-a503a0327374'] });
    const m = rightsOf(stack);
    assert.equal(m.directoryRoles![0].role, 'Cloud Application Administrator');
    assert.equal(m.directoryRoles![0].reasons.length, reasonsFor(m, 'Application.ReadWrite.All').length);
    assert.match(RequiredRights.of(stack).toMarkdown(), /\| Cloud Application Administrator \| `158c047a-c907-4556-b7ef-446551a6b5f7` \|/);
  });
});

describe('RequiredRights', () => {
  it('of(stack) is the model computed from the stack\'s cdk.tf.json', () => {
    const { stack, api, read } = ordersApi();
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'Readers', '11111111-2222-4333-8444-555555555555'), read);
    const rights = RequiredRights.of(stack);
    assert.deepEqual({ ...rights.toModel(), stack: '' }, computeRequiredRights(synth(stack)));
    assert.deepEqual(rights.graphPermissions, ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All', 'Application.ReadWrite.OwnedBy']);
    assert.deepEqual(rights.graphPermissionIds, rights.graphPermissions.map((p) => REFERENCE_IDS[p]));
    assert.deepEqual(RequiredRights.fromStackJson(JSON.stringify(stack.toTerraform())).toModel(), rights.toModel());
    assert.equal(rights.toModel().stack, 'test');
  });

  it('names the Graph permissions a change needs that its base did not: the first group grant brings AppRoleAssignment.ReadWrite.All', () => {
    const base = ordersApi();
    const change = ordersApi();
    change.api.grantAppRole(EntraGroup.fromObjectId(change.stack, 'Readers', '11111111-2222-4333-8444-555555555555'), change.read);
    const added = RequiredRights.of(change.stack).newGraphPermissionsSince(RequiredRights.of(base.stack));
    assert.deepEqual(added.map((g) => g.permission), ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All']);
    assert.deepEqual(RequiredRights.of(base.stack).newGraphPermissionsSince(RequiredRights.of(change.stack)), []);
    const diff = diffRequiredRights(rightsOf(change.stack), rightsOf(base.stack));
    assert.deepEqual(diff.removedGraph, ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All']);
  });

  it('merges stacks: every right any of them needs, reasons prefixed by stack', () => {
    const a = ordersApi();
    const b = ordersApi();
    b.api.grantAppRole(EntraGroup.fromObjectId(b.stack, 'Readers', '11111111-2222-4333-8444-555555555555'), b.read);
    const merged = mergeRequiredRights([{ ...rightsOf(a.stack), stack: 'a' }, { ...rightsOf(b.stack), stack: 'b' }], 'both');
    assert.deepEqual(merged.graph.map((g) => g.permission), ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All', 'Application.ReadWrite.OwnedBy']);
    assert.ok(merged.graph[2].reasons.some((r) => r.address.startsWith('a: ')) && merged.graph[2].reasons.some((r) => r.address.startsWith('b: ')));
  });

  it('renders Markdown with each permission, its id and who needs it', () => {
    const { stack, api, read } = ordersApi();
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'Readers', '11111111-2222-4333-8444-555555555555'), read);
    const md = RequiredRights.of(stack).toMarkdown();
    assert.match(md, /^# Rights the deploying identity needs \(stack test\)/);
    assert.match(md, /\| `AppRoleAssignment\.ReadWrite\.All` \| `06b708a9-e830-4db3-a914-8e69da51d44f` \| `azuread_app_role_assignment\.Api_Grant11111111-2222-4333-8444-555555555555OrdersRead_/);
    assert.equal(renderRequiredRightsMarkdown(computeRequiredRights({})).includes('no application permission'), true);
  });

  it('enable(stack) writes required-rights.json next to cdk.tf.json, adds nothing to cdk.tf.json, and is idempotent', () => {
    const build = (enable: boolean) => {
      const app = Testing.app();
      const stack = new TerraformStack(app, 'rights');
      new AzureadProvider(stack, 'azuread', {});
      new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
      if (enable) assert.equal(RequiredRights.enable(stack), RequiredRights.enable(stack));
      app.synth();
      const dir = path.join(app.outdir, 'stacks', 'rights');
      return { dir, stack, tf: fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8') };
    };
    const on = build(true);
    const off = build(false);
    assert.equal(on.tf.replace(/"outdir": "[^"]*"/g, ''), off.tf.replace(/"outdir": "[^"]*"/g, ''));
    assert.ok(!fs.existsSync(path.join(off.dir, 'required-rights.json')));
    const written = fs.readFileSync(path.join(on.dir, 'required-rights.json'), 'utf8');
    assert.equal(written, RequiredRights.fromStackJson(on.tf).toJson());
    assert.deepEqual(JSON.parse(written).graph.map((g: any) => g.permission), ['Application.ReadWrite.OwnedBy']);
  });

  it('AccessMap.enable writes required-rights.json too, and puts the same rights in access-map.md', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'mapped');
    new AzureadProvider(stack, 'azuread', {});
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    api.grantAppRole(EntraGroup.fromDisplayName(stack, 'Readers', 'Order readers'), api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] }));
    AccessMap.enable(stack);
    app.synth();
    const dir = path.join(app.outdir, 'stacks', 'mapped');
    const rights = JSON.parse(fs.readFileSync(path.join(dir, 'required-rights.json'), 'utf8'));
    const md = fs.readFileSync(path.join(dir, 'access-map.md'), 'utf8');
    assert.match(md, /## Rights the deploying identity needs\n/);
    for (const g of rights.graph) assert.ok(md.includes(`| \`${g.permission}\` | \`${g.id}\` |`), g.permission);
    assert.ok(md.indexOf('## Rights the deploying identity needs') < md.indexOf('## Diagram'));
  });

  it('the access map\'s section and required-rights.json agree on the deployer given to the report', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'adopting');
    new AzureadProvider(stack, 'azuread', {});
    const pipeline = '0a0b0c0d-1111-4222-8333-444455556666';
    new ProtectedApi(stack, 'Api', {
      displayName: 'Orders API', owners: [pipeline],
      existing: { applicationObjectId: 'c85d75ae-767c-4a42-9f3f-f7bcd220c4d9', clientId: '9277da26-bd02-4993-a64d-74e5fdae3743', servicePrincipalObjectId: '537e152b-a899-4b19-a0c0-54f61b1c53ba' },
    });
    RequiredRights.enable(stack, { deployerObjectId: pipeline });
    AccessMap.enable(stack);
    app.synth();
    const dir = path.join(app.outdir, 'stacks', 'adopting');
    const md = fs.readFileSync(path.join(dir, 'access-map.md'), 'utf8');
    assert.match(fs.readFileSync(path.join(dir, 'required-rights.json'), 'utf8'), /added as an owner on this apply/);
    assert.match(md, /added as an owner on this apply/);
    assert.match(AccessMap.of(stack).toMarkdown(), /added as an owner on this apply/);
  });

  it('refuses a bad file name, a nested report, a token or non-GUID deployer, and a foreign construct at its id', () => {
    const stack = makeStack();
    throwsWith(() => new RequiredRightsReport(stack, 'R', { fileName: '../x.json' }), /fileName '\.\.\/x\.json' is not a plain file name/);
    throwsWith(() => RequiredRights.of(stack, { deployerObjectId: 'pipeline' }), /deployerObjectId 'pipeline' is not an object id/);
    const other = makeStack('other');
    new ProtectedApi(other, 'RequiredRights', { displayName: 'x' });
    throwsWith(() => RequiredRights.enable(other), /the id 'RequiredRights' at the root of stack other is kept/);
    throwsWith(() => RequiredRights.fromStackJson('[1]'), /not a cdk\.tf\.json/);
  });
});

describe('every example stack', () => {
  const root = path.resolve(__dirname, '..', 'examples');
  const written = new Map<string, { rights: RequiredRightsModel; tf: string }>();
  for (const dir of fs.readdirSync(root).sort()) {
    const main = path.join(root, dir, 'main.ts');
    if (!fs.existsSync(main)) continue;
    const app = Testing.app();
    require(main).buildApp(app);
    app.synth();
    for (const stack of app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c))) {
      const out = path.join(app.outdir, 'stacks', stack.node.id);
      const file = path.join(out, 'required-rights.json');
      written.set(`${dir}:${stack.node.id}`, {
        rights: fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined,
        tf: fs.readFileSync(path.join(out, 'cdk.tf.json'), 'utf8'),
      });
    }
  }

  it('writes required-rights.json, the rights of its cdk.tf.json, with no Directory.ReadWrite.All', () => {
    assert.ok(written.size >= 5, [...written.keys()].join(', '));
    for (const [name, { rights, tf }] of written) {
      assert.ok(rights, `${name} writes no required-rights.json`);
      assert.deepEqual(rights, RequiredRights.fromStackJson(tf).toModel(), name);
      for (const f of FORBIDDEN) assert.ok(!JSON.stringify(rights).includes(f), `${name} lists ${f}`);
    }
  });

  it('a stack with grants lists AppRoleAssignment.ReadWrite.All; one with admin consent DelegatedPermissionGrant.ReadWrite.All', () => {
    const perms = (name: string) => written.get(name)!.rights.graph.map((g) => g.permission);
    assert.ok(perms('clients:clients').includes('AppRoleAssignment.ReadWrite.All'));
    assert.ok(perms('orders:orders').includes('AppRoleAssignment.ReadWrite.All'));
    assert.ok(perms('adopted:adopted').includes('DelegatedPermissionGrant.ReadWrite.All'));
    assert.ok(perms('adopted:adopted').includes('Application.ReadWrite.All'), 'adopted registrations owned by others');
    assert.ok(!perms('clients:clients').includes('Application.ReadWrite.All'), 'created registrations stay owned by the deployer');
  });
});
