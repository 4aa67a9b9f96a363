import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { ContainerApp } from '@cdktf/provider-azurerm/lib/container-app';
import { DataAzurermKeyVault } from '@cdktf/provider-azurerm/lib/data-azurerm-key-vault';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { LinuxFunctionApp, LinuxFunctionAppConfig } from '@cdktf/provider-azurerm/lib/linux-function-app';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import {
  AppIdentityBinding, DefaultCredentialIdentity, KeyVaultAccessModel, KeyVaultReferenceIdentity, MemberType, PrincipalKind, ProtectedApi,
  WorkloadIdentity, WorkloadWiring,
} from '../lib';
import { makeStack, onlyResource, resolved, resources, synth, throwsWith } from './util';

/** The one app role assignment whose logical id starts with `prefix`. */
function assignment(json: any, prefix: string): any {
  const found = Object.entries<any>(resources(json, 'azuread_app_role_assignment')).filter(([k]) => k.startsWith(prefix));
  assert.equal(found.length, 1, `expected one assignment named ${prefix}*, found ${found.map(([k]) => k).join(', ')}`);
  return found[0][1];
}

const RESOURCE_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-old';
const CLIENT = 'aaaaaaaa-0000-4000-8000-000000000001';
const PRINCIPAL = 'aaaaaaaa-0000-4000-8000-000000000002';
const UAI = '${azurerm_user_assigned_identity.Orders_A9B65338';

function setup(stack: TerraformStack = makeStack()) {
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
function functionApp(stack: TerraformStack, wiring: WorkloadWiring, change: Partial<LinuxFunctionAppConfig> = {}, id = 'Fn'): LinuxFunctionApp {
  return new LinuxFunctionApp(stack, id, {
    name: `func-${id.toLowerCase()}`, resourceGroupName: 'rg', location: 'westeurope', servicePlanId: 'plan', siteConfig: {},
    identity: wiring.identity,
    keyVaultReferenceIdentityId: wiring.keyVaultReferenceIdentityId,
    appSettings: { ...wiring.appSettings },
    ...change,
  });
}

function rbacVault(stack: TerraformStack, id = 'Vault'): KeyVault {
  return new KeyVault(stack, id, {
    name: `kv-${id.toLowerCase()}`, resourceGroupName: 'rg', location: 'westeurope', tenantId: 'aaaaaaaa-0000-4000-8000-00000000000f',
    skuName: 'standard', rbacAuthorizationEnabled: true,
  });
}

describe('WorkloadIdentity', () => {
  it('creates a user-assigned identity that is a managed-identity principal', () => {
    const { stack, identity } = setup();
    const json = synth(stack);
    const uai = onlyResource(json, 'azurerm_user_assigned_identity');
    assert.deepEqual([uai.name, uai.resource_group_name, uai.location], ['id-orders', 'rg', 'westeurope']);
    assert.equal(identity.principalKind, PrincipalKind.MANAGED_IDENTITY);
    assert.equal(identity.principalName, 'id-orders');
    assert.equal(resolved(stack, identity.principalObjectId), `${UAI}.principal_id}`);
    assert.equal(resolved(stack, identity.clientId), `${UAI}.client_id}`);
    assert.equal(resolved(stack, identity.resourceId), `${UAI}.id}`);
  });

  it('wires the user-assigned identity alone by default: Key Vault references and DefaultAzureCredential use it', () => {
    const { stack, identity } = setup();
    const wiring = identity.wiringFor();
    assert.equal(wiring.identity.type, 'UserAssigned');
    assert.deepEqual(resolved(stack, wiring.identity.identityIds), [`${UAI}.id}`]);
    assert.equal(resolved(stack, wiring.keyVaultReferenceIdentityId), `${UAI}.id}`);
    assert.equal(resolved(stack, wiring.containerAppSecretIdentity), `${UAI}.id}`);
    assert.deepEqual(resolved(stack, wiring.appSettings), { AZURE_CLIENT_ID: `${UAI}.client_id}` });
    assert.equal(wiring.keyVaultReferences, KeyVaultReferenceIdentity.USER_ASSIGNED);
    assert.equal(wiring.defaultCredential, DefaultCredentialIdentity.USER_ASSIGNED);
  });

  it('with a system-assigned identity, resolves Key Vault references with it and still points DefaultAzureCredential at the shared one', () => {
    const { identity } = setup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    assert.equal(wiring.identity.type, 'SystemAssigned, UserAssigned');
    assert.equal(wiring.keyVaultReferenceIdentityId, undefined);
    assert.equal(wiring.containerAppSecretIdentity, 'System');
    assert.deepEqual(Object.keys(wiring.appSettings), ['AZURE_CLIENT_ID']);
  });

  it('puts each API\'s .default scope under the chosen setting name, and the same as container environment variables', () => {
    const { stack, api, identity } = setup();
    const wiring = identity.wiringFor({ apiScopes: [{ settingName: 'ORDERS_API_SCOPE', api }] });
    assert.equal(resolved(stack, wiring.appSettings.ORDERS_API_SCOPE), resolved(stack, api.defaultScope));
    assert.match(String(resolved(stack, wiring.appSettings.ORDERS_API_SCOPE)), /identifier_uri\}\/\.default$/);
    assert.deepEqual(wiring.environmentVariables.map((e) => e.name), ['AZURE_CLIENT_ID', 'ORDERS_API_SCOPE']);
  });

  it('leaves AZURE_CLIENT_ID out when DefaultAzureCredential should use the system-assigned identity', () => {
    const { identity } = setup();
    const wiring = identity.wiringFor({ systemAssigned: true, defaultCredential: DefaultCredentialIdentity.SYSTEM_ASSIGNED });
    assert.deepEqual(wiring.appSettings, {});
  });

  it('writes identity, key_vault_reference_identity_id and app settings into a Functions app the user declares', () => {
    const { stack, api, identity } = setup();
    const wiring = identity.wiringFor({ apiScopes: [{ settingName: 'ORDERS_API_SCOPE', api }] });
    identity.bindApp(functionApp(stack, wiring), wiring);
    const fn = onlyResource(synth(stack), 'azurerm_linux_function_app');
    assert.deepEqual(fn.identity, { type: 'UserAssigned', identity_ids: [`${UAI}.id}`] });
    assert.equal(fn.key_vault_reference_identity_id, `${UAI}.id}`);
    assert.equal(fn.app_settings.AZURE_CLIENT_ID, `${UAI}.client_id}`);
    assert.match(fn.app_settings.ORDERS_API_SCOPE, /\/\.default$/);
  });

  it('grants API roles to the user-assigned and the system-assigned identity, each waiting out replication', () => {
    const { stack, api, identity } = setup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    const bound = identity.bindApp(functionApp(stack, wiring), wiring);
    api.grantAppRole(identity, api.appRole('Orders.Write'));
    api.grantAppRole(bound.systemAssignedIdentity, api.appRole('Orders.Read'));
    const json = synth(stack);
    const user = assignment(json, 'Api_GrantOrdersOrdersWrite_');
    assert.equal(user.principal_object_id, `${UAI}.principal_id}`);
    assert.deepEqual(user.timeouts, { create: '20m' });
    const system = assignment(json, 'Api_GrantFnIdentitySystemAssignedOrdersRead_');
    assert.equal(system.principal_object_id, '${azurerm_linux_function_app.Fn.identity[0].principal_id}');
    assert.deepEqual(system.timeouts, { create: '20m' });
    // no use_existing service principal for the identities (azuread 3.x would try to delete it on destroy)
    assert.deepEqual(Object.keys(resources(json, 'azuread_service_principal')).filter((k) => !k.startsWith('Api')), []);
  });

  it('never puts a system-assigned principal id into a construct id, logical id or for_each key', () => {
    const { stack, api, identity } = setup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    const bound = identity.bindApp(functionApp(stack, wiring), wiring);
    api.grantAppRole(bound.systemAssignedIdentity, api.appRole('Orders.Read'));
    bound.grantKeyVaultSecretsRead(rbacVault(stack));
    assert.equal(bound.systemAssignedIdentity.node.path, 'test/FnIdentity/SystemAssigned');
    assert.ok(stack.node.findAll().every((c) => !/\$\{|TOKEN/.test(c.node.id)), 'a construct id holds a token');
    const json = synth(stack);
    for (const [type, byName] of Object.entries<any>(json.resource)) {
      for (const [name, body] of Object.entries<any>(byName)) {
        assert.doesNotMatch(name, /principal_id|identity\[0\]|TOKEN/i, `${type}.${name}`);
        assert.equal(body.for_each, undefined, `${type}.${name} has a for_each`);
      }
    }
  });

  it('gives the identity that resolves Key Vault references "Key Vault Secrets User" on an RBAC vault', () => {
    const { stack, identity } = setup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    const bound = identity.bindApp(functionApp(stack, wiring), wiring);
    const grant = bound.grantKeyVaultSecretsRead(rbacVault(stack));
    assert.equal(grant.accessModel, KeyVaultAccessModel.RBAC);
    const ra = onlyResource(synth(stack), 'azurerm_role_assignment');
    assert.equal(ra.scope, '${azurerm_key_vault.Vault.id}');
    assert.equal(ra.role_definition_name, 'Key Vault Secrets User');
    assert.equal(ra.principal_id, '${azurerm_linux_function_app.Fn.identity[0].principal_id}');
    assert.equal(ra.principal_type, 'ServicePrincipal');
  });

  it('gives the user-assigned identity the vault access when Key Vault references resolve with it', () => {
    const { stack, identity } = setup();
    const wiring = identity.wiringFor({ systemAssigned: true, keyVaultReferences: KeyVaultReferenceIdentity.USER_ASSIGNED });
    const bound = identity.bindApp(functionApp(stack, wiring), wiring);
    assert.equal(bound.keyVaultReferencePrincipal, identity);
    assert.equal(bound.defaultCredentialPrincipal, identity);
    bound.grantKeyVaultSecretsRead(rbacVault(stack));
    const json = synth(stack);
    assert.equal(onlyResource(json, 'azurerm_role_assignment').principal_id, `${UAI}.principal_id}`);
    assert.equal(onlyResource(json, 'azurerm_linux_function_app').key_vault_reference_identity_id, `${UAI}.id}`);
  });

  it('uses an access policy with Get and List on secrets only for a vault without RBAC', () => {
    const { stack, identity } = setup();
    const vault = new KeyVault(stack, 'Vault', { name: 'kv', resourceGroupName: 'rg', location: 'westeurope', tenantId: 't', skuName: 'standard' });
    const grant = identity.grantKeyVaultSecretsRead(vault);
    assert.equal(grant.accessModel, KeyVaultAccessModel.ACCESS_POLICY);
    const json = synth(stack);
    const policy = onlyResource(json, 'azurerm_key_vault_access_policy');
    assert.deepEqual(policy.secret_permissions, ['Get', 'List']);
    assert.equal(policy.key_permissions, undefined);
    assert.equal(policy.object_id, `${UAI}.principal_id}`);
    assert.equal(policy.tenant_id, '${azurerm_key_vault.Vault.tenant_id}');
    assert.deepEqual(resources(json, 'azurerm_role_assignment'), {});
  });

  it('takes a vault managed elsewhere as a data source, with the access model given', () => {
    const { stack, identity } = setup();
    const vault = new DataAzurermKeyVault(stack, 'Platform', { name: 'kv-platform', resourceGroupName: 'rg-platform' });
    identity.grantKeyVaultSecretsRead(vault, { accessModel: KeyVaultAccessModel.RBAC });
    assert.equal(onlyResource(synth(stack), 'azurerm_role_assignment').scope, '${data.azurerm_key_vault.Platform.id}');
  });

  it('adopts an existing identity by its ids, creating no identity resource', () => {
    const { stack, api } = setup();
    const old = WorkloadIdentity.fromIdentityAttributes(stack, 'Old', { resourceId: RESOURCE_ID, clientId: CLIENT, principalId: PRINCIPAL, displayName: 'id-old' });
    const wiring = old.wiringFor();
    old.bindApp(functionApp(stack, wiring), wiring);
    api.grantAppRole(old, api.appRole('Orders.Write'));
    const json = synth(stack);
    assert.equal(Object.keys(resources(json, 'azurerm_user_assigned_identity')).length, 1); // only setup()'s
    assert.deepEqual(onlyResource(json, 'azurerm_linux_function_app').identity.identity_ids, [RESOURCE_ID]);
    assert.equal(onlyResource(json, 'azurerm_linux_function_app').app_settings.AZURE_CLIENT_ID, CLIENT);
    const grant = assignment(json, 'Api_GrantOldOrdersWrite_');
    assert.equal(grant.principal_object_id, PRINCIPAL);
    assert.equal(grant.timeouts, undefined); // a known principal needs no replication wait
  });

  it('wires a Container App: environment variables and the identity of Key Vault secrets', () => {
    const { stack, api, identity } = setup();
    const wiring = identity.wiringFor({ systemAssigned: true, apiScopes: [{ settingName: 'ORDERS_API_SCOPE', api }] });
    const app = new ContainerApp(stack, 'Worker', {
      name: 'ca', resourceGroupName: 'rg', containerAppEnvironmentId: 'env', revisionMode: 'Single', identity: wiring.identity,
      secret: [{ name: 'db', keyVaultSecretId: 'https://kv.vault.azure.net/secrets/db', identity: wiring.containerAppSecretIdentity }],
      template: { container: [{ name: 'w', image: 'img', cpu: 0.25, memory: '0.5Gi', env: wiring.environmentVariables }] },
    });
    api.grantAppRole(identity.bindApp(app, wiring).systemAssignedIdentity, api.appRole('Orders.Read'));
    const ca = onlyResource(synth(stack), 'azurerm_container_app');
    assert.equal(ca.secret[0].identity, 'System');
    assert.deepEqual(ca.template.container[0].env.map((e: any) => e.name), ['AZURE_CLIENT_ID', 'ORDERS_API_SCOPE']);
  });

  it('does not judge values known only at apply', () => {
    const { stack, identity } = setup();
    const ids = new TerraformVariable(stack, 'ids', { type: 'list(string)' });
    const kvId = new TerraformVariable(stack, 'kvId', { type: 'string' });
    const wiring = identity.wiringFor({ keyVaultReferences: KeyVaultReferenceIdentity.USER_ASSIGNED });
    identity.bindApp(functionApp(stack, wiring, {
      identity: { type: 'UserAssigned', identityIds: ids.listValue }, keyVaultReferenceIdentityId: kvId.stringValue,
    }), wiring);
    assert.doesNotThrow(() => synth(stack));
  });

  it('accepts a wiring a user copied field by field, as C# and Python users do', () => {
    const { stack, identity } = setup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    const fn = functionApp(stack, wiring, {
      identity: { type: wiring.identity.type, identityIds: [identity.resourceId] },
      appSettings: { AZURE_CLIENT_ID: identity.clientId, ORDERS_DB: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db)' },
    });
    identity.bindApp(fn, { ...wiring });
    assert.doesNotThrow(() => synth(stack));
  });
});

describe('WorkloadIdentity validation', () => {
  it('throws if Key Vault references should use a system-assigned identity the wiring does not have', () => {
    const { identity } = setup();
    throwsWith(() => identity.wiringFor({ keyVaultReferences: KeyVaultReferenceIdentity.SYSTEM_ASSIGNED }),
      /\[test\/Orders\]/, /keyVaultReferences is SYSTEM_ASSIGNED/, /ENTRA-RULES 21/, /systemAssigned: true/);
  });

  it('throws if DefaultAzureCredential should use a system-assigned identity the wiring does not have', () => {
    const { identity } = setup();
    throwsWith(() => identity.wiringFor({ defaultCredential: DefaultCredentialIdentity.SYSTEM_ASSIGNED }),
      /\[test\/Orders\]/, /defaultCredential is SYSTEM_ASSIGNED/, /systemAssigned: true/);
  });

  it('throws if an API scope setting name is not valid, is AZURE_CLIENT_ID or is used twice', () => {
    const { api, identity } = setup();
    throwsWith(() => identity.wiringFor({ apiScopes: [{ settingName: 'orders-api.scope', api }] }),
      /settingName 'orders-api\.scope' is not a valid setting name/, /'orders_api_scope'/);
    throwsWith(() => identity.wiringFor({ apiScopes: [{ settingName: 'azure_client_id', api }] }), /DefaultAzureCredential reads/);
    throwsWith(() => identity.wiringFor({ apiScopes: [{ settingName: 'SCOPE', api }, { settingName: 'scope', api }] }), /used twice/);
  });

  it('throws if the identity name is not one Azure allows', () => {
    throwsWith(() => new WorkloadIdentity(makeStack(), 'Bad', { name: 'id orders', resourceGroupName: 'rg', location: 'westeurope' }),
      /\[test\/Bad\]/, /identity name 'id orders' is not valid/, /'id-orders'/);
  });

  it('throws if an adopted identity\'s resource id, client id or principal id is wrong', () => {
    throwsWith(() => WorkloadIdentity.fromIdentityAttributes(makeStack(), 'Old', { resourceId: CLIENT, clientId: CLIENT, principalId: PRINCIPAL }),
      /\[test\/Old\]/, /resourceId '.*' is not a user-assigned identity's resource id/, /userAssignedIdentities/);
    throwsWith(() => WorkloadIdentity.fromIdentityAttributes(makeStack(), 'Old', { resourceId: RESOURCE_ID, clientId: 'id-old', principalId: PRINCIPAL }),
      /clientId 'id-old' is not a GUID/, /ENTRA-RULES 2/);
    throwsWith(() => WorkloadIdentity.fromIdentityAttributes(makeStack(), 'Old', { resourceId: RESOURCE_ID, clientId: CLIENT, principalId: CLIENT }),
      /clientId and principalId are both/);
  });

  it('throws if a User-only role is granted to the user-assigned or the system-assigned identity', () => {
    const { stack, api, identity } = setup();
    throwsWith(() => api.grantAppRole(identity, api.appRole('Orders.Admin')),
      /app role 'Orders.Admin' allows only \[User\] members/, /id-orders is a ManagedIdentity/, /ENTRA-RULES 6/, /MemberType.APPLICATION/);
    const wiring = identity.wiringFor({ systemAssigned: true });
    const bound = identity.bindApp(functionApp(stack, wiring), wiring);
    throwsWith(() => api.grantAppRole(bound.systemAssignedIdentity, api.appRole('Orders.Admin')), /allows only \[User\]/, /Fn \(system-assigned\)/);
  });

  it('throws if the system-assigned identity of an app without one is asked for', () => {
    const { stack, identity } = setup();
    const wiring = identity.wiringFor();
    const bound = identity.bindApp(functionApp(stack, wiring), wiring);
    throwsWith(() => bound.systemAssignedIdentity, /\[test\/FnIdentity\]/, /has no system-assigned identity/, /systemAssigned: true/);
  });

  it('throws if an app is bound twice, or a construct already has the binding\'s id', () => {
    const { stack, identity } = setup();
    const wiring = identity.wiringFor();
    const fn = functionApp(stack, wiring);
    identity.bindApp(fn, wiring);
    throwsWith(() => identity.bindApp(fn, wiring), /already bound \(test\/FnIdentity\)/, /bind it once/);
    const other = functionApp(stack, wiring, {}, 'Other');
    new ResourceGroup(stack, 'OtherIdentity', { name: 'rg', location: 'westeurope' });
    throwsWith(() => identity.bindApp(other, wiring), /test\/OtherIdentity/, /taken by another construct/);
  });

  it('throws if the resource bound is not a Functions, App Service or Container App resource', () => {
    const { stack, identity } = setup();
    const rg = new ResourceGroup(stack, 'Rg', { name: 'rg', location: 'westeurope' });
    throwsWith(() => identity.bindApp(rg, identity.wiringFor()), /test\/Rg is a azurerm_resource_group/, /azurerm_linux_function_app/);
  });

  it('throws if an app is bound with the wiring of another identity', () => {
    const { stack, identity } = setup();
    const other = new WorkloadIdentity(stack, 'Other', { name: 'id-other', resourceGroupName: 'rg', location: 'westeurope' });
    const wiring = other.wiringFor();
    throwsWith(() => identity.bindApp(functionApp(stack, wiring), wiring), /made by another workload identity/, /Orders\.wiringFor/);
  });

  it('throws if vault access is granted twice, to something not a vault, or against the vault\'s access model', () => {
    const { stack, identity } = setup();
    const vault = rbacVault(stack);
    identity.grantKeyVaultSecretsRead(vault);
    throwsWith(() => identity.grantKeyVaultSecretsRead(vault), /\[test\/Orders\]/, /already reads the secrets of test\/Vault/);
    const rg = new ResourceGroup(stack, 'Rg', { name: 'rg', location: 'westeurope' });
    throwsWith(() => identity.grantKeyVaultSecretsRead(rg), /test\/Rg is a azurerm_resource_group/, /KeyVault resource or DataAzurermKeyVault/);
    throwsWith(() => identity.grantKeyVaultSecretsRead(rbacVault(stack, 'Second'), { accessModel: KeyVaultAccessModel.ACCESS_POLICY }),
      /accessModel is AccessPolicy, but test\/Second has rbac_authorization_enabled = true/, /would be ignored/);
  });

  it('throws if a data-source vault or a vault with a token RBAC setting is given no access model', () => {
    const { stack, identity } = setup();
    const data = new DataAzurermKeyVault(stack, 'Platform', { name: 'kv', resourceGroupName: 'rg' });
    throwsWith(() => identity.grantKeyVaultSecretsRead(data), /test\/Platform is a data source/, /KeyVaultAccessModel.RBAC/);
    const rbac = new TerraformVariable(stack, 'rbac', { type: 'bool' });
    const vault = new KeyVault(stack, 'Vault', { name: 'kv', resourceGroupName: 'rg', location: 'x', tenantId: 't', skuName: 'standard', rbacAuthorizationEnabled: rbac.booleanValue });
    throwsWith(() => identity.grantKeyVaultSecretsRead(vault), /known only at apply/, /Pass accessModel/);
  });

  it('fails synth if key_vault_reference_identity_id names an identity that is not in the app\'s identity block', () => {
    const { stack, identity } = setup();
    const other = new WorkloadIdentity(stack, 'Other', { name: 'id-other', resourceGroupName: 'rg', location: 'westeurope' });
    const wiring = identity.wiringFor({ keyVaultReferences: KeyVaultReferenceIdentity.USER_ASSIGNED });
    identity.bindApp(functionApp(stack, wiring, { keyVaultReferenceIdentityId: other.resourceId }), wiring);
    throwsWith(() => synth(stack), /app test\/Fn key_vault_reference_identity_id '\$\{azurerm_user_assigned_identity\.Other_.*\.id\}' is not in the app's identity block/,
      /ENTRA-RULES 21/, /wiring\.keyVaultReferenceIdentityId/);
  });

  it('fails synth if Key Vault references resolve with a system-assigned identity the app does not have', () => {
    const { stack, identity } = setup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    identity.bindApp(functionApp(stack, wiring, {
      identity: { type: 'UserAssigned', identityIds: [identity.resourceId] },
      appSettings: { ...wiring.appSettings, DB: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db)' },
    }), wiring);
    throwsWith(() => synth(stack), /app test\/Fn /, /Key Vault references \(DB\) resolve with the system-assigned identity/,
      /identity type 'UserAssigned' has no SystemAssigned/, /ENTRA-RULES 21/);
  });

  it('fails synth if the wiring resolves Key Vault with the user-assigned identity but the app does not say so', () => {
    const { stack, identity } = setup();
    const wiring = identity.wiringFor({ systemAssigned: true, keyVaultReferences: KeyVaultReferenceIdentity.USER_ASSIGNED });
    identity.bindApp(functionApp(stack, wiring, { keyVaultReferenceIdentityId: undefined }), wiring);
    throwsWith(() => synth(stack), /key_vault_reference_identity_id is not set/, /holds no vault access/, /keyVaultReferenceIdentityId: wiring/);
  });

  it('fails synth if AZURE_CLIENT_ID points at an identity the app does not carry', () => {
    const { stack, identity } = setup();
    const other = new WorkloadIdentity(stack, 'Other', { name: 'id-other', resourceGroupName: 'rg', location: 'westeurope' });
    const wiring = identity.wiringFor();
    identity.bindApp(functionApp(stack, wiring, { appSettings: { AZURE_CLIENT_ID: other.clientId } }), wiring);
    throwsWith(() => synth(stack), /app setting AZURE_CLIENT_ID is the client id of id-other, which is not in the app's identity block/,
      /DefaultAzureCredential cannot get a token/, /Add id-other to identity_ids/);
  });

  it('fails synth if AZURE_CLIENT_ID is set on an app with no user-assigned identity, or is not a GUID', () => {
    const { stack, identity } = setup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    identity.bindApp(functionApp(stack, wiring, { identity: { type: 'SystemAssigned' } }), wiring);
    throwsWith(() => synth(stack), /AZURE_CLIENT_ID is '\$\{azurerm_user_assigned_identity.*client_id\}', but identity type 'SystemAssigned' has no user-assigned identity/);

    const s2 = setup();
    const w2 = s2.identity.wiringFor();
    s2.identity.bindApp(functionApp(s2.stack, w2, { appSettings: { AZURE_CLIENT_ID: 'id-orders' } }), w2);
    throwsWith(() => synth(s2.stack), /AZURE_CLIENT_ID is 'id-orders', which is not a client id/, /ENTRA-RULES 2/);
  });

  it('fails synth if DefaultAzureCredential should use the shared identity but AZURE_CLIENT_ID is missing', () => {
    const { stack, identity } = setup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    identity.bindApp(functionApp(stack, wiring, { appSettings: {} }), wiring);
    throwsWith(() => synth(stack), /app setting AZURE_CLIENT_ID is missing, so DefaultAzureCredential uses the system-assigned identity instead of id-orders/,
      /Spread wiring\.appSettings/);
  });

  it('fails synth if the app has no identity block, or lacks the workload identity', () => {
    const { stack, identity } = setup();
    const wiring = identity.wiringFor();
    identity.bindApp(functionApp(stack, wiring, { identity: undefined }), wiring);
    throwsWith(() => synth(stack), /app test\/Fn has no identity block/, /identity: wiring\.identity/);

    const s2 = setup();
    const other = new WorkloadIdentity(s2.stack, 'Other', { name: 'id-other', resourceGroupName: 'rg', location: 'westeurope' });
    const w2 = s2.identity.wiringFor();
    s2.identity.bindApp(functionApp(s2.stack, w2, { identity: { type: 'UserAssigned', identityIds: [other.resourceId] } }), w2);
    throwsWith(() => synth(s2.stack), /identity_ids \['\$\{azurerm_user_assigned_identity\.Other_.*\.id\}'\] does not hold workload identity id-orders/);
  });

  it('fails synth if an API scope setting from the wiring is missing', () => {
    const { stack, api, identity } = setup();
    const wiring = identity.wiringFor({ apiScopes: [{ settingName: 'ORDERS_API_SCOPE', api }] });
    identity.bindApp(functionApp(stack, wiring, { appSettings: { AZURE_CLIENT_ID: identity.clientId } }), wiring);
    throwsWith(() => synth(stack), /app setting ORDERS_API_SCOPE from the wiring is missing/);
  });

  it('fails synth if a Container App reads a Key Vault secret with an identity it does not carry', () => {
    const { stack, identity } = setup();
    const other = new WorkloadIdentity(stack, 'Other', { name: 'id-other', resourceGroupName: 'rg', location: 'westeurope' });
    const wiring = identity.wiringFor();
    const app = new ContainerApp(stack, 'Worker', {
      name: 'ca', resourceGroupName: 'rg', containerAppEnvironmentId: 'env', revisionMode: 'Single', identity: wiring.identity,
      secret: [{ name: 'db', keyVaultSecretId: 'https://kv.vault.azure.net/secrets/db', identity: other.resourceId }],
      template: { container: [{ name: 'w', image: 'img', cpu: 0.25, memory: '0.5Gi', env: wiring.environmentVariables }] },
    });
    identity.bindApp(app, wiring);
    throwsWith(() => synth(stack), /app test\/Worker secret 'db' reads Key Vault with identity '\$\{azurerm_user_assigned_identity\.Other_.*\}', which is not in the app's identity block/,
      /wiring\.containerAppSecretIdentity/);
  });

  it('is an AppIdentityBinding next to the app, so it can also be made explicitly', () => {
    const { stack, identity } = setup();
    const wiring = identity.wiringFor();
    const bound = new AppIdentityBinding(stack, 'Explicit', { app: functionApp(stack, wiring), workloadIdentity: identity, wiring });
    assert.equal(bound.keyVaultReferencePrincipal, identity);
    assert.doesNotThrow(() => synth(stack));
  });
});
