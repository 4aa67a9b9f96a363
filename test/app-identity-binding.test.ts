import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformVariable } from 'cdktf';
import { ContainerApp } from '@cdktf/provider-azurerm/lib/container-app';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { AppIdentityBinding, KeyVaultReferenceIdentity, WorkloadIdentity } from '../lib';
import { onlyResource, resources, synth, throwsWith, assignmentNamed, UAI_REF, workloadSetup, wiredFunctionApp, rbacVault } from './util';

describe('AppIdentityBinding', () => {
  it('writes identity, key_vault_reference_identity_id and app settings into a Functions app the user declares', () => {
    const { stack, api, identity } = workloadSetup();
    const wiring = identity.wiringFor({ apiScopes: [{ settingName: 'ORDERS_API_SCOPE', api }] });
    identity.bindApp(wiredFunctionApp(stack, wiring), wiring);
    const fn = onlyResource(synth(stack), 'azurerm_linux_function_app');
    assert.deepEqual(fn.identity, { type: 'UserAssigned', identity_ids: [`${UAI_REF}.id}`] });
    assert.equal(fn.key_vault_reference_identity_id, `${UAI_REF}.id}`);
    assert.equal(fn.app_settings.AZURE_CLIENT_ID, `${UAI_REF}.client_id}`);
    assert.match(fn.app_settings.ORDERS_API_SCOPE, /\/\.default$/);
  });

  it('grants API roles to the user-assigned and the system-assigned identity, each waiting out replication', () => {
    const { stack, api, identity } = workloadSetup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    const bound = identity.bindApp(wiredFunctionApp(stack, wiring), wiring);
    api.grantAppRole(identity, api.appRole('Orders.Write'));
    api.grantAppRole(bound.systemAssignedIdentity, api.appRole('Orders.Read'));
    const json = synth(stack);
    const user = assignmentNamed(json, 'Api_GrantOrdersOrdersWrite_');
    assert.equal(user.principal_object_id, `${UAI_REF}.principal_id}`);
    assert.deepEqual(user.timeouts, { create: '20m' });
    const system = assignmentNamed(json, 'Api_GrantFnIdentitySystemAssignedOrdersRead_');
    assert.equal(system.principal_object_id, '${azurerm_linux_function_app.Fn.identity[0].principal_id}');
    assert.deepEqual(system.timeouts, { create: '20m' });
    // no use_existing service principal for the identities (azuread 3.x would try to delete it on destroy)
    assert.deepEqual(Object.keys(resources(json, 'azuread_service_principal')).filter((k) => !k.startsWith('Api')), []);
  });

  it('never puts a system-assigned principal id into a construct id, logical id or for_each key', () => {
    const { stack, api, identity } = workloadSetup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    const bound = identity.bindApp(wiredFunctionApp(stack, wiring), wiring);
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

  it('wires a Container App: environment variables and the identity of Key Vault secrets', () => {
    const { stack, api, identity } = workloadSetup();
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
    const { stack, identity } = workloadSetup();
    const ids = new TerraformVariable(stack, 'ids', { type: 'list(string)' });
    const kvId = new TerraformVariable(stack, 'kvId', { type: 'string' });
    const wiring = identity.wiringFor({ keyVaultReferences: KeyVaultReferenceIdentity.USER_ASSIGNED });
    identity.bindApp(wiredFunctionApp(stack, wiring, {
      identity: { type: 'UserAssigned', identityIds: ids.listValue }, keyVaultReferenceIdentityId: kvId.stringValue,
    }), wiring);
    assert.doesNotThrow(() => synth(stack));
  });

  it('throws if a User-only role is granted to the user-assigned or the system-assigned identity', () => {
    const { stack, api, identity } = workloadSetup();
    throwsWith(() => api.grantAppRole(identity, api.appRole('Orders.Admin')),
      /app role 'Orders.Admin' allows only \[User\] members/, /id-orders is a ManagedIdentity/, /ENTRA-RULES 6/, /MemberType.APPLICATION/);
    const wiring = identity.wiringFor({ systemAssigned: true });
    const bound = identity.bindApp(wiredFunctionApp(stack, wiring), wiring);
    throwsWith(() => api.grantAppRole(bound.systemAssignedIdentity, api.appRole('Orders.Admin')), /allows only \[User\]/, /Fn \(system-assigned\)/);
  });

  it('throws if the system-assigned identity of an app without one is asked for', () => {
    const { stack, identity } = workloadSetup();
    const wiring = identity.wiringFor();
    const bound = identity.bindApp(wiredFunctionApp(stack, wiring), wiring);
    throwsWith(() => bound.systemAssignedIdentity, /\[test\/FnIdentity\]/, /has no system-assigned identity/, /systemAssigned: true/);
  });

  it('throws if an app is bound twice, or a construct already has the binding\'s id', () => {
    const { stack, identity } = workloadSetup();
    const wiring = identity.wiringFor();
    const fn = wiredFunctionApp(stack, wiring);
    identity.bindApp(fn, wiring);
    throwsWith(() => identity.bindApp(fn, wiring), /already bound \(test\/FnIdentity\)/, /bind it once/);
    const other = wiredFunctionApp(stack, wiring, {}, 'Other');
    new ResourceGroup(stack, 'OtherIdentity', { name: 'rg', location: 'westeurope' });
    throwsWith(() => identity.bindApp(other, wiring), /test\/OtherIdentity/, /taken by another construct/);
  });

  it('throws if the resource bound is not a Functions, App Service or Container App resource', () => {
    const { stack, identity } = workloadSetup();
    const rg = new ResourceGroup(stack, 'Rg', { name: 'rg', location: 'westeurope' });
    throwsWith(() => identity.bindApp(rg, identity.wiringFor()), /test\/Rg is a azurerm_resource_group/, /azurerm_linux_function_app/);
  });

  it('throws if an app is bound with the wiring of another identity', () => {
    const { stack, identity } = workloadSetup();
    const other = new WorkloadIdentity(stack, 'Other', { name: 'id-other', resourceGroupName: 'rg', location: 'westeurope' });
    const wiring = other.wiringFor();
    throwsWith(() => identity.bindApp(wiredFunctionApp(stack, wiring), wiring), /made by another workload identity/, /Orders\.wiringFor/);
  });

  it('fails synth if key_vault_reference_identity_id names an identity that is not in the app\'s identity block', () => {
    const { stack, identity } = workloadSetup();
    const other = new WorkloadIdentity(stack, 'Other', { name: 'id-other', resourceGroupName: 'rg', location: 'westeurope' });
    const wiring = identity.wiringFor({ keyVaultReferences: KeyVaultReferenceIdentity.USER_ASSIGNED });
    identity.bindApp(wiredFunctionApp(stack, wiring, { keyVaultReferenceIdentityId: other.resourceId }), wiring);
    throwsWith(() => synth(stack), /app test\/Fn key_vault_reference_identity_id '\$\{azurerm_user_assigned_identity\.Other_.*\.id\}' is not in the app's identity block/,
      /ENTRA-RULES 21/, /wiring\.keyVaultReferenceIdentityId/);
  });

  it('fails synth if Key Vault references resolve with a system-assigned identity the app does not have', () => {
    const { stack, identity } = workloadSetup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    identity.bindApp(wiredFunctionApp(stack, wiring, {
      identity: { type: 'UserAssigned', identityIds: [identity.resourceId] },
      appSettings: { ...wiring.appSettings, DB: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db)' },
    }), wiring);
    throwsWith(() => synth(stack), /app test\/Fn /, /Key Vault references \(DB\) resolve with the system-assigned identity/,
      /identity type 'UserAssigned' has no SystemAssigned/, /ENTRA-RULES 21/);
  });

  it('fails synth if the wiring resolves Key Vault with the user-assigned identity but the app does not say so', () => {
    const { stack, identity } = workloadSetup();
    const wiring = identity.wiringFor({ systemAssigned: true, keyVaultReferences: KeyVaultReferenceIdentity.USER_ASSIGNED });
    identity.bindApp(wiredFunctionApp(stack, wiring, { keyVaultReferenceIdentityId: undefined }), wiring);
    throwsWith(() => synth(stack), /key_vault_reference_identity_id is not set/, /holds no vault access/, /keyVaultReferenceIdentityId: wiring/);
  });

  it('fails synth if AZURE_CLIENT_ID points at an identity the app does not carry', () => {
    const { stack, identity } = workloadSetup();
    const other = new WorkloadIdentity(stack, 'Other', { name: 'id-other', resourceGroupName: 'rg', location: 'westeurope' });
    const wiring = identity.wiringFor();
    identity.bindApp(wiredFunctionApp(stack, wiring, { appSettings: { AZURE_CLIENT_ID: other.clientId } }), wiring);
    throwsWith(() => synth(stack), /app setting AZURE_CLIENT_ID is the client id of id-other, which is not in the app's identity block/,
      /DefaultAzureCredential cannot get a token/, /Add id-other to identity_ids/);
  });

  it('fails synth if AZURE_CLIENT_ID is set on an app with no user-assigned identity, or is not a GUID', () => {
    const { stack, identity } = workloadSetup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    identity.bindApp(wiredFunctionApp(stack, wiring, { identity: { type: 'SystemAssigned' } }), wiring);
    throwsWith(() => synth(stack), /AZURE_CLIENT_ID is '\$\{azurerm_user_assigned_identity.*client_id\}', but identity type 'SystemAssigned' has no user-assigned identity/);

    const s2 = workloadSetup();
    const w2 = s2.identity.wiringFor();
    s2.identity.bindApp(wiredFunctionApp(s2.stack, w2, { appSettings: { AZURE_CLIENT_ID: 'id-orders' } }), w2);
    throwsWith(() => synth(s2.stack), /AZURE_CLIENT_ID is 'id-orders', which is not a client id/, /ENTRA-RULES 2/);
  });

  it('fails synth if DefaultAzureCredential should use the shared identity but AZURE_CLIENT_ID is missing', () => {
    const { stack, identity } = workloadSetup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    identity.bindApp(wiredFunctionApp(stack, wiring, { appSettings: {} }), wiring);
    throwsWith(() => synth(stack), /app setting AZURE_CLIENT_ID is missing, so DefaultAzureCredential uses the system-assigned identity instead of id-orders/,
      /Spread wiring\.appSettings/);
  });

  it('fails synth if the app has no identity block, or lacks the workload identity', () => {
    const { stack, identity } = workloadSetup();
    const wiring = identity.wiringFor();
    identity.bindApp(wiredFunctionApp(stack, wiring, { identity: undefined }), wiring);
    throwsWith(() => synth(stack), /app test\/Fn has no identity block/, /identity: wiring\.identity/);

    const s2 = workloadSetup();
    const other = new WorkloadIdentity(s2.stack, 'Other', { name: 'id-other', resourceGroupName: 'rg', location: 'westeurope' });
    const w2 = s2.identity.wiringFor();
    s2.identity.bindApp(wiredFunctionApp(s2.stack, w2, { identity: { type: 'UserAssigned', identityIds: [other.resourceId] } }), w2);
    throwsWith(() => synth(s2.stack), /identity_ids \['\$\{azurerm_user_assigned_identity\.Other_.*\.id\}'\] does not hold workload identity id-orders/);
  });

  it('fails synth if an API scope setting from the wiring is missing', () => {
    const { stack, api, identity } = workloadSetup();
    const wiring = identity.wiringFor({ apiScopes: [{ settingName: 'ORDERS_API_SCOPE', api }] });
    identity.bindApp(wiredFunctionApp(stack, wiring, { appSettings: { AZURE_CLIENT_ID: identity.clientId } }), wiring);
    throwsWith(() => synth(stack), /app setting ORDERS_API_SCOPE from the wiring is missing/);
  });

  it('fails synth if a Container App reads a Key Vault secret with an identity it does not carry', () => {
    const { stack, identity } = workloadSetup();
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
    const { stack, identity } = workloadSetup();
    const wiring = identity.wiringFor();
    const bound = new AppIdentityBinding(stack, 'Explicit', { app: wiredFunctionApp(stack, wiring), workloadIdentity: identity, wiring });
    assert.equal(bound.keyVaultReferencePrincipal, identity);
    assert.doesNotThrow(() => synth(stack));
  });
});
