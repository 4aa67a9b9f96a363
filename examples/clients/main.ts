import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { DaemonApp, ManagedIdentity, MemberType, ProtectedApi, RegisteredApi, RequiredRights, SpaApp } from '../../lib';

/**
 * The field note's front end and services: users sign in to a single-page app with its own
 * client id and get an access token for the Orders API that carries their roles; a daemon
 * calls the same API with an app-only token.
 */
export class ClientsStack extends TerraformStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzureadProvider(this, 'azuread', {});

    const api = new ProtectedApi(this, 'OrdersApi', {
      displayName: 'Orders API',
      appRoles: [
        { value: 'Orders.Read', description: 'Read orders', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] },
        { value: 'Orders.Write', description: 'Create and change orders', allowedMemberTypes: [MemberType.APPLICATION] },
      ],
      scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Call the Orders API as the signed-in user' }],
    });

    // The SPA: pre-authorized on the API (no consent prompt), and Graph's User.Read by name.
    const web = new SpaApp(this, 'Web', {
      displayName: 'Orders Web',
      redirectUris: ['https://orders.contoso.com/', 'http://localhost:5173/'],
    });
    web.requestScope(api, api.scope('Orders.Access'));
    web.requestGraphScope('User.Read');
    web.addOutputs();

    // The daemon: app-only, holds Orders.Write, signs in from GitHub Actions without a secret.
    const sync = new DaemonApp(this, 'Sync', { displayName: 'Orders Sync' });
    sync.requestAppRole(api.appRole('Orders.Write'));
    sync.addGithubActionsCredential('github-main', { organization: 'contoso', repository: 'orders-sync' });
    sync.addOutputs();

    new TerraformOutput(this, 'ordersApiClientId', { value: api.clientId });
    new TerraformOutput(this, 'ordersApiDefaultScope', { value: api.defaultScope });
    RequiredRights.enable(this); // required-rights.json: what the pipeline's identity needs
  }
}

/**
 * The field note's script as code: the Orders API is registered elsewhere (another team,
 * another state); a worker's user-assigned managed identity gets its `Orders.Read` role.
 */
export class RegisteredApiStack extends TerraformStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzureadProvider(this, 'azuread', {});
    new AzurermProvider(this, 'azurerm', { features: [{}] });

    const orders = RegisteredApi.fromClientId(this, 'OrdersApi', '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', {
      displayName: 'Orders API',
      appRoles: [{ value: 'Orders.Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] }],
    });

    const rg = new ResourceGroup(this, 'Rg', { name: 'rg-orders-worker', location: 'westeurope' });
    const uai = new UserAssignedIdentity(this, 'WorkerIdentity', { name: 'id-orders-worker', location: rg.location, resourceGroupName: rg.name });
    orders.grantAppRole(ManagedIdentity.fromUserAssignedIdentity(this, 'Worker', uai), orders.appRole('Orders.Read'));

    // What the worker's DefaultAzureCredential needs: its client id and the API's .default scope.
    new TerraformOutput(this, 'workerClientId', { value: uai.clientId });
    new TerraformOutput(this, 'ordersApiDefaultScope', { value: orders.defaultScope });
    RequiredRights.enable(this);
  }
}

/** Adds the example's stacks to `app`. */
export function buildApp(app: App): void {
  new ClientsStack(app, 'clients');
  new RegisteredApiStack(app, 'registered-api');
}

if (require.main === module) {
  const app = new App();
  buildApp(app);
  app.synth();
}
