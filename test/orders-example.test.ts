import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformStack, Testing } from 'cdktf';
import { buildApp } from '../examples/orders/main';
import { PLATFORM } from '../lib/platform';
import { matchSnapshot, onlyResource, resources, synth } from './util';

function ordersJson(): any {
  const app = Testing.app();
  buildApp(app);
  return synth(app.node.findChild('orders') as TerraformStack);
}

/** The one resource of `type` whose logical id starts with `prefix`. */
function named(json: any, type: string, prefix: string): any {
  const found = Object.entries<any>(resources(json, type)).filter(([k]) => k.startsWith(prefix));
  assert.equal(found.length, 1, `expected one ${type} named ${prefix}*, found [${found.map(([k]) => k).join(', ')}]`);
  return found[0][1];
}

describe('orders example', () => {
  const json = ordersJson();
  const uai = '${azurerm_user_assigned_identity.WorkerIdentity_966E3CFE';
  const systemPrincipal = '${azurerm_linux_function_app.OrdersFunction.identity[0].principal_id}';
  const roleId = (value: string) => named(json, 'azuread_application', 'OrdersApi_').app_role.find((r: any) => r.value === value).id;

  it('runs the Functions app with both identities; the system-assigned one resolves Key Vault references', () => {
    const fn = onlyResource(json, 'azurerm_linux_function_app');
    assert.deepEqual(fn.identity, { type: 'SystemAssigned, UserAssigned', identity_ids: [`${uai}.id}`] });
    assert.equal(fn.key_vault_reference_identity_id, undefined);
    assert.equal(fn.app_settings.ORDERS_DB, '@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.DbConnection.versionless_id})');
  });

  it('points DefaultAzureCredential at the shared identity and tells the code the API\'s .default scope', () => {
    const fn = onlyResource(json, 'azurerm_linux_function_app');
    assert.equal(fn.app_settings.AZURE_CLIENT_ID, `${uai}.client_id}`);
    assert.match(fn.app_settings.ORDERS_API_SCOPE, /^\$\{azuread_application_identifier_uri\.OrdersApi_IdentifierUri_[0-9A-F]+\.identifier_uri\}\/\.default$/);
  });

  it('lets only the system-assigned identity read the vault\'s secrets, through Azure RBAC', () => {
    assert.equal(onlyResource(json, 'azurerm_key_vault').rbac_authorization_enabled, true);
    const read = named(json, 'azurerm_role_assignment', 'OrdersFunctionIdentity_SystemAssigned_KeyVaultSecretsReadVault_');
    assert.deepEqual([read.role_definition_name, read.scope, read.principal_id, read.principal_type],
      ['Key Vault Secrets User', '${azurerm_key_vault.Vault.id}', systemPrincipal, 'ServicePrincipal']);
    const deployer = named(json, 'azurerm_role_assignment', 'DeployerWritesSecrets');
    assert.equal(deployer.role_definition_name, 'Key Vault Secrets Officer');
    assert.deepEqual(onlyResource(json, 'azurerm_key_vault_secret').depends_on, ['azurerm_role_assignment.DeployerWritesSecrets']);
    assert.deepEqual(resources(json, 'azurerm_key_vault_access_policy'), {});
  });

  it('grants API roles to both identities, each waiting out Graph replication', () => {
    const write = named(json, 'azuread_app_role_assignment', 'OrdersApi_GrantWorkerIdentityOrdersWrite_');
    assert.equal(write.principal_object_id, `${uai}.principal_id}`);
    assert.equal(write.app_role_id, roleId('Orders.Write'));
    assert.deepEqual(write.timeouts, { create: '20m' });
    const read = named(json, 'azuread_app_role_assignment', 'OrdersApi_GrantOrdersFunctionIdentitySystemAssignedOrdersRead_');
    assert.equal(read.principal_object_id, systemPrincipal);
    assert.equal(read.app_role_id, roleId('Orders.Read'));
    assert.deepEqual(read.timeouts, { create: '20m' });
  });

  it('maps groups to roles and lets the SPA request the Orders.Access scope', () => {
    // addressed by the group's object id, not the construct's name: renaming the construct replaces nothing
    const admins = named(json, 'azuread_app_role_assignment', 'OrdersApi_Grant11111111-2222-3333-4444-555555555555OrdersAdmin_');
    assert.equal(admins.principal_object_id, '11111111-2222-3333-4444-555555555555');
    assert.equal(admins.app_role_id, roleId('Orders.Admin'));
    const readers = named(json, 'azuread_app_role_assignment', 'OrdersApi_GrantOrderReadersOrdersRead_');
    assert.match(readers.principal_object_id, /^\$\{data\.azuread_group\.OrderReaders_Lookup_/);
    const web = named(json, 'azuread_application', 'Web_');
    assert.deepEqual(web.single_page_application.redirect_uris, ['https://orders.contoso.com/']);
    const scopeId = named(json, 'azuread_application', 'OrdersApi_').api.oauth2_permission_scope.find((s: any) => s.value === 'Orders.Access').id;
    assert.ok(JSON.stringify(web.required_resource_access).includes(scopeId), 'the SPA requests Orders.Access');
  });

  it('outputs the .default scope and the client ids, and no secret', () => {
    const out = json.output;
    assert.match(out.ordersApiDefaultScope.value, /\/\.default$/);
    assert.equal(out.ordersApiClientId.value, '${azuread_application.OrdersApi_48294D44.client_id}');
    assert.equal(out.workerIdentityClientId.value, `${uai}.client_id}`);
    assert.match(out.webClientId.value, /^\$\{azuread_application\.Web_[0-9A-F]+\.client_id\}$/);
    for (const [name, o] of Object.entries<any>(out)) {
      assert.doesNotMatch(JSON.stringify(o.value), /access_key|connection_string|client_secret|password|var\.|\.value\}/, `output ${name} carries a secret`);
    }
    assert.equal(json.variable.ordersDbConnection.sensitive, true);
  });

  it('keeps the azurerm and azuread provider imports deep', () => {
    const src = require('node:fs').readFileSync(require.resolve('../examples/orders/main'), 'utf8') as string;
    assert.doesNotMatch(src, new RegExp(`from '${PLATFORM.providerScope}/provider-(azurerm|azuread)'`));
  });

  it('matches the snapshot', () => {
    matchSnapshot('orders-example', json);
  });
});
