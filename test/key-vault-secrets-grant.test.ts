import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformVariable } from 'cdktf';
import { DataAzurermKeyVault } from '@cdktf/provider-azurerm/lib/data-azurerm-key-vault';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { KeyVaultAccessModel, KeyVaultReferenceIdentity } from '../lib';
import { onlyResource, resources, synth, throwsWith, UAI_REF, workloadSetup, wiredFunctionApp, rbacVault } from './util';

describe('KeyVaultSecretsGrant', () => {
  it('gives the identity that resolves Key Vault references "Key Vault Secrets User" on an RBAC vault', () => {
    const { stack, identity } = workloadSetup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    const bound = identity.bindApp(wiredFunctionApp(stack, wiring), wiring);
    const grant = bound.grantKeyVaultSecretsRead(rbacVault(stack));
    assert.equal(grant.accessModel, KeyVaultAccessModel.RBAC);
    const ra = onlyResource(synth(stack), 'azurerm_role_assignment');
    assert.equal(ra.scope, '${azurerm_key_vault.Vault.id}');
    assert.equal(ra.role_definition_name, 'Key Vault Secrets User');
    assert.equal(ra.principal_id, '${azurerm_linux_function_app.Fn.identity[0].principal_id}');
    assert.equal(ra.principal_type, 'ServicePrincipal');
  });

  it('gives the user-assigned identity the vault access when Key Vault references resolve with it', () => {
    const { stack, identity } = workloadSetup();
    const wiring = identity.wiringFor({ systemAssigned: true, keyVaultReferences: KeyVaultReferenceIdentity.USER_ASSIGNED });
    const bound = identity.bindApp(wiredFunctionApp(stack, wiring), wiring);
    assert.equal(bound.keyVaultReferencePrincipal, identity);
    assert.equal(bound.defaultCredentialPrincipal, identity);
    bound.grantKeyVaultSecretsRead(rbacVault(stack));
    const json = synth(stack);
    assert.equal(onlyResource(json, 'azurerm_role_assignment').principal_id, `${UAI_REF}.principal_id}`);
    assert.equal(onlyResource(json, 'azurerm_linux_function_app').key_vault_reference_identity_id, `${UAI_REF}.id}`);
  });

  it('uses an access policy with Get and List on secrets only for a vault without RBAC', () => {
    const { stack, identity } = workloadSetup();
    const vault = new KeyVault(stack, 'Vault', { name: 'kv', resourceGroupName: 'rg', location: 'westeurope', tenantId: 't', skuName: 'standard' });
    const grant = identity.grantKeyVaultSecretsRead(vault);
    assert.equal(grant.accessModel, KeyVaultAccessModel.ACCESS_POLICY);
    const json = synth(stack);
    const policy = onlyResource(json, 'azurerm_key_vault_access_policy');
    assert.deepEqual(policy.secret_permissions, ['Get', 'List']);
    assert.equal(policy.key_permissions, undefined);
    assert.equal(policy.object_id, `${UAI_REF}.principal_id}`);
    assert.equal(policy.tenant_id, '${azurerm_key_vault.Vault.tenant_id}');
    assert.deepEqual(resources(json, 'azurerm_role_assignment'), {});
  });

  it('takes a vault managed elsewhere as a data source, with the access model given', () => {
    const { stack, identity } = workloadSetup();
    const vault = new DataAzurermKeyVault(stack, 'Platform', { name: 'kv-platform', resourceGroupName: 'rg-platform' });
    identity.grantKeyVaultSecretsRead(vault, { accessModel: KeyVaultAccessModel.RBAC });
    assert.equal(onlyResource(synth(stack), 'azurerm_role_assignment').scope, '${data.azurerm_key_vault.Platform.id}');
  });

  it('throws if vault access is granted twice, to something not a vault, or against the vault\'s access model', () => {
    const { stack, identity } = workloadSetup();
    const vault = rbacVault(stack);
    identity.grantKeyVaultSecretsRead(vault);
    throwsWith(() => identity.grantKeyVaultSecretsRead(vault), /\[test\/Orders\]/, /already reads the secrets of test\/Vault/);
    const rg = new ResourceGroup(stack, 'Rg', { name: 'rg', location: 'westeurope' });
    throwsWith(() => identity.grantKeyVaultSecretsRead(rg), /test\/Rg is a azurerm_resource_group/, /KeyVault resource or DataAzurermKeyVault/);
    throwsWith(() => identity.grantKeyVaultSecretsRead(rbacVault(stack, 'Second'), { accessModel: KeyVaultAccessModel.ACCESS_POLICY }),
      /accessModel is AccessPolicy, but test\/Second has rbac_authorization_enabled = true/, /would be ignored/);
  });

  it('throws if a data-source vault or a vault with a token RBAC setting is given no access model', () => {
    const { stack, identity } = workloadSetup();
    const data = new DataAzurermKeyVault(stack, 'Platform', { name: 'kv', resourceGroupName: 'rg' });
    throwsWith(() => identity.grantKeyVaultSecretsRead(data), /test\/Platform is a data source/, /KeyVaultAccessModel.RBAC/);
    const rbac = new TerraformVariable(stack, 'rbac', { type: 'bool' });
    const vault = new KeyVault(stack, 'Vault', { name: 'kv', resourceGroupName: 'rg', location: 'x', tenantId: 't', skuName: 'standard', rbacAuthorizationEnabled: rbac.booleanValue });
    throwsWith(() => identity.grantKeyVaultSecretsRead(vault), /known only at apply/, /Pass accessModel/);
  });
});
