import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { EntraGroup, ManagedIdentity, MemberType, ProtectedApi, RequiredRights, SpaApp } from '../../lib';

/**
 * The Entra side alone, for a team whose Azure resources live in another program: an API with roles
 * and a scope, a group mapped to a role, managed identities granted roles by principal id, and the
 * SPA that calls the API. It needs no azurerm package. main.py, main.go and Main.java beside this file
 * are the same program in Python, Go and Java; test/bindings/run.ts checks that each writes the same
 * cdk.tf.json as this one.
 */
export function buildApp(app: App): void {
  const stack = new TerraformStack(app, 'entra');
  new AzureadProvider(stack, 'azuread', {});

  const api = new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API' });
  const read = api.addAppRole('Orders.Read', { description: 'Read orders', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] });
  const write = api.addAppRole('Orders.Write', { description: 'Change orders', allowedMemberTypes: [MemberType.APPLICATION] });
  const access = api.addScope('Orders.Access', { adminConsentDescription: 'Call the Orders API as the signed-in user' });

  api.grantAppRole(EntraGroup.fromObjectId(stack, 'OrderReaders', '11111111-2222-3333-4444-555555555555'), read);
  api.grantAppRole(ManagedIdentity.fromSystemAssigned(stack, 'OrdersFunction', {
    principalId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', displayName: 'func-orders',
  }), read);
  api.grantAppRole(ManagedIdentity.fromUserAssignedAttributes(stack, 'Worker', {
    principalId: '9a8b7c6d-1111-4222-8333-444455556666', clientId: '0f1e2d3c-4b5a-4697-8877-665544332211', displayName: 'id-orders-worker',
  }), write);

  const web = new SpaApp(stack, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'] });
  web.requestScope(api, access);

  new TerraformOutput(stack, 'ordersApiDefaultScope', { value: api.defaultScope });

  // What the pipeline's identity needs to apply this stack: required-rights.json next to cdk.tf.json.
  RequiredRights.enable(stack);
}

if (require.main === module) {
  const app = new App();
  buildApp(app);
  app.synth();
}
