import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { EntraGroup, ManagedIdentity, MemberType, ProtectedApi } from '../../lib';

/**
 * The field note's set-up: an Orders API protected by Entra ID, its roles mapped to groups,
 * and a role granted to a shared user-assigned managed identity.
 */
export class OrdersStack extends TerraformStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzureadProvider(this, 'azuread', {});
    new AzurermProvider(this, 'azurerm', { features: [{}] });

    const api = new ProtectedApi(this, 'OrdersApi', {
      displayName: 'Orders API',
      appRoles: [
        { value: 'Orders.Read', description: 'Read orders', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] },
        { value: 'Orders.Write', description: 'Create and change orders', allowedMemberTypes: [MemberType.APPLICATION] },
      ],
    });
    const admin = api.addAppRole('Orders.Admin', { description: 'Administer orders', allowedMemberTypes: [MemberType.USER] });
    api.addScope('Orders.Access', { adminConsentDescription: 'Call the Orders API as the signed-in user' });

    api.grantAppRole(EntraGroup.fromObjectId(this, 'OrderAdmins', '11111111-2222-3333-4444-555555555555', { displayName: 'Order admins' }), admin);
    api.grantAppRole(EntraGroup.fromDisplayName(this, 'OrderReaders', 'Order readers'), api.appRole('Orders.Read'));

    const rg = new ResourceGroup(this, 'Rg', { name: 'rg-orders', location: 'westeurope' });
    const uai = new UserAssignedIdentity(this, 'WorkerIdentity', { name: 'id-orders-worker', location: rg.location, resourceGroupName: rg.name });
    api.grantAppRole(ManagedIdentity.fromUserAssignedIdentity(this, 'Worker', uai), api.appRole('Orders.Write'));

    new TerraformOutput(this, 'ordersApiClientId', { value: api.clientId });
    new TerraformOutput(this, 'ordersApiDefaultScope', { value: api.defaultScope });
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
