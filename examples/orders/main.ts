import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret';
import { LinuxFunctionApp } from '@cdktf/provider-azurerm/lib/linux-function-app';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { ServicePlan } from '@cdktf/provider-azurerm/lib/service-plan';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { AccessMap, EntraGroup, MemberType, ProtectedApi, SpaApp, WorkloadIdentity } from '../../lib';

/**
 * The field note end to end: an Orders API protected by Entra ID with roles and a scope,
 * groups mapped to roles, a single-page app that signs users in, and an Azure Functions
 * app that calls the API with DefaultAzureCredential. The function carries both kinds of
 * managed identity: the system-assigned one resolves its Key Vault reference, the shared
 * user-assigned one is what its code signs in with (`AZURE_CLIENT_ID`). Both get API roles.
 */
export class OrdersStack extends TerraformStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzureadProvider(this, 'azuread', {});
    new AzurermProvider(this, 'azurerm', { features: [{}] });

    // --- The API: roles for users and apps, a delegated scope for the SPA. ---
    // stableKey pins every address and id of a registration: the construct can move or be renamed later
    // and cdk.tf.json stays the same (README, "Changing code safely"). Equal to the path, it changes nothing now.
    const api = new ProtectedApi(this, 'OrdersApi', {
      displayName: 'Orders API',
      stableKey: 'OrdersApi',
      appRoles: [
        { value: 'Orders.Read', description: 'Read orders', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] },
        { value: 'Orders.Write', description: 'Create and change orders', allowedMemberTypes: [MemberType.APPLICATION] },
      ],
    });
    const admin = api.addAppRole('Orders.Admin', { description: 'Administer orders', allowedMemberTypes: [MemberType.USER] });
    api.addScope('Orders.Access', { adminConsentDescription: 'Call the Orders API as the signed-in user' });

    // --- Groups mapped to roles in the API's enterprise application. ---
    api.grantAppRole(EntraGroup.fromObjectId(this, 'OrderAdmins', '11111111-2222-3333-4444-555555555555', { displayName: 'Order admins' }), admin);
    api.grantAppRole(EntraGroup.fromDisplayName(this, 'OrderReaders', 'Order readers'), api.appRole('Orders.Read'));

    // --- The SPA: signs users in and calls the API with the Orders.Access scope. ---
    const web = new SpaApp(this, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'], stableKey: 'Web' });
    web.requestScope(api, api.scope('Orders.Access'));

    // --- Azure: resource group, storage and plan for the Functions app. ---
    const rg = new ResourceGroup(this, 'Rg', { name: 'rg-orders', location: 'westeurope' });
    const current = new DataAzurermClientConfig(this, 'Current', {});
    const storage = new StorageAccount(this, 'Storage', {
      name: 'stordersfunc',
      resourceGroupName: rg.name,
      location: rg.location,
      accountTier: 'Standard',
      accountReplicationType: 'LRS',
      minTlsVersion: 'TLS1_2',
      allowNestedItemsToBePublic: false,
    });
    const plan = new ServicePlan(this, 'Plan', {
      name: 'asp-orders', resourceGroupName: rg.name, location: rg.location, osType: 'Linux', skuName: 'Y1',
    });

    // --- Key Vault (Azure RBAC) with the secret the function reads through a Key Vault reference. ---
    const vault = new KeyVault(this, 'Vault', {
      name: 'kv-orders-example',
      resourceGroupName: rg.name,
      location: rg.location,
      tenantId: current.tenantId,
      skuName: 'standard',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
    });
    // The deployer writes the secret, so it needs to be a secrets officer on this vault.
    const deployerWrites = new RoleAssignment(this, 'DeployerWritesSecrets', {
      scope: vault.id, roleDefinitionName: 'Key Vault Secrets Officer', principalId: current.objectId,
    });
    const dbConnection = new TerraformVariable(this, 'ordersDbConnection', {
      type: 'string', sensitive: true, description: 'Connection string of the orders database; stored in Key Vault only',
    });
    const secret = new KeyVaultSecret(this, 'DbConnection', {
      name: 'orders-db-connection', keyVaultId: vault.id, value: dbConnection.stringValue, dependsOn: [deployerWrites],
    });

    // --- The workload identity, shared by every service that calls the Orders API. ---
    const worker = new WorkloadIdentity(this, 'WorkerIdentity', {
      name: 'id-orders-worker', resourceGroupName: rg.name, location: rg.location, stableKey: 'WorkerIdentity',
    });
    const wiring = worker.wiringFor({
      systemAssigned: true, // Key Vault references resolve with it (the default when present)
      apiScopes: [{ settingName: 'ORDERS_API_SCOPE', api }],
    });

    // --- The Functions app, declared with the provider's own class. ---
    const fn = new LinuxFunctionApp(this, 'OrdersFunction', {
      name: 'func-orders',
      resourceGroupName: rg.name,
      location: rg.location,
      servicePlanId: plan.id,
      storageAccountName: storage.name,
      storageAccountAccessKey: storage.primaryAccessKey,
      httpsOnly: true,
      siteConfig: { applicationStack: { dotnetVersion: '8.0', useDotnetIsolatedRuntime: true }, minimumTlsVersion: '1.2' },
      identity: wiring.identity,
      keyVaultReferenceIdentityId: wiring.keyVaultReferenceIdentityId,
      appSettings: {
        ...wiring.appSettings, // AZURE_CLIENT_ID and ORDERS_API_SCOPE
        ORDERS_DB: `@Microsoft.KeyVault(SecretUri=${secret.versionlessId})`,
      },
    });
    const fnIdentity = worker.bindApp(fn, wiring);
    fnIdentity.grantKeyVaultSecretsRead(vault);

    // --- API roles for both identities. ---
    api.grantAppRole(worker, api.appRole('Orders.Write')); // what the code signs in with
    api.grantAppRole(fnIdentity.systemAssignedIdentity, api.appRole('Orders.Read'));

    // --- What the code and the SPA need; no secrets. ---
    new TerraformOutput(this, 'ordersApiClientId', { value: api.clientId });
    new TerraformOutput(this, 'ordersApiDefaultScope', { value: api.defaultScope, description: 'The scope managed identities request' });
    new TerraformOutput(this, 'workerIdentityClientId', { value: worker.clientId, description: 'AZURE_CLIENT_ID of the functions' });
    web.addOutputs({ prefix: 'web' });

    // --- Who can call what: access-map.md and access-map.json next to cdk.tf.json. ---
    AccessMap.enable(this);
  }
}

/** Adds the example's stacks to `app`. */
export function buildApp(app: App): void {
  new OrdersStack(app, 'orders');
}

if (require.main === module) {
  const app = new App();
  buildApp(app);
  app.synth();
}
