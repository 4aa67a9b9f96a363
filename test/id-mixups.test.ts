// Id mix-ups seen through references (ENTRA-RULES 1-3). Where an id is a token, the library reads
// what it refers to (the `${...}` expression it resolves to) without judging it as a literal:
// a reference to the wrong attribute is refused at synth, naming the attribute and the fix;
// a reference to the right attribute, or to something only apply can tell (a variable, a
// remote output), is written as it is.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Fn, TerraformStack, TerraformVariable } from 'cdktf';
import { Application } from '@cdktf/provider-azuread/lib/application';
import { DataAzureadGroup } from '@cdktf/provider-azuread/lib/data-azuread-group';
import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import { LinuxFunctionApp } from '@cdktf/provider-azurerm/lib/linux-function-app';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Construct } from 'constructs';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import {
  AppRoleAssignment, AppRoleAssignmentTable, EntraGroup, IAppRole, KeyVaultSecretsGrant, EntraServicePrincipal, EntraUser, IPrincipal, ManagedIdentity, MemberType, PrincipalKind,
  ProtectedApi, RegisteredApi, WorkloadIdentity,
} from '../lib';
import { makeStack, messageOf, onlyResource, resources, synth } from './util';

const NIL = '00000000-0000-0000-0000-000000000000';
const GUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const GUID2 = '9a8b7c6d-1111-4222-8333-444455556666';
const BOTH = [MemberType.USER, MemberType.APPLICATION];

/** The things whose ids get mixed up, declared with the providers' own classes. */
function world(stack: TerraformStack = makeStack()) {
  const app = new Application(stack, 'App', { displayName: 'Other app' });
  const sp = new ServicePrincipal(stack, 'AppSp', { clientId: app.clientId });
  const uai = new UserAssignedIdentity(stack, 'Uai', { name: 'id-worker', location: 'westeurope', resourceGroupName: 'rg' });
  const group = new DataAzureadGroup(stack, 'Readers', { displayName: 'Order readers', securityEnabled: true });
  const user = new DataAzureadUser(stack, 'Jane', { userPrincipalName: 'jane@contoso.com' });
  const variable = new TerraformVariable(stack, 'some_id', { type: 'string' });
  return { stack, app, sp, uai, group, user, variable };
}

function api(stack: TerraformStack): ProtectedApi {
  return new ProtectedApi(stack, 'Api', {
    displayName: 'Orders API',
    appRoles: [{ value: 'Orders.Read', description: 'Read', allowedMemberTypes: BOTH }],
  });
}

/**
 * Asserts that `fn` throws a message that matches every pattern and never prints a raw token
 * (`${TfToken[...]}`): a reference is shown as the Terraform expression it resolves to.
 */
function throwsMixUp(fn: () => unknown, ...patterns: RegExp[]): void {
  const message = messageOf(fn);
  assert.doesNotMatch(message, /TfToken/, `the message prints a raw token: ${message}`);
  for (const p of patterns) assert.match(message, p);
}

describe('principal object ids seen through references', () => {
  it('throws if a managed identity\'s principal id refers to its client_id', () => {
    const { stack, uai } = world();
    throwsMixUp(() => ManagedIdentity.fromUserAssignedAttributes(stack, 'Worker', { principalId: uai.clientId, clientId: GUID }),
      /\[test\/Worker\]/, /principal id/, /\$\{azurerm_user_assigned_identity\.Uai\.client_id\}/, /client id/, /ENTRA-RULES 2/, /principalId/);
  });

  it('throws if a managed identity\'s client id refers to its principal_id', () => {
    const { stack, uai } = world();
    throwsMixUp(() => ManagedIdentity.fromUserAssignedAttributes(stack, 'Worker', { principalId: GUID, clientId: uai.principalId }),
      /\[test\/Worker\]/, /client id/, /\$\{azurerm_user_assigned_identity\.Uai\.principal_id\}/, /ENTRA-RULES 2/);
  });

  it('throws if a system-assigned identity\'s principal id refers to the app\'s tenant_id', () => {
    const { stack } = world();
    const fn = new LinuxFunctionApp(stack, 'Fn', {
      name: 'func-orders', resourceGroupName: 'rg', location: 'westeurope', servicePlanId: 'plan', siteConfig: {}, identity: { type: 'SystemAssigned' },
    });
    throwsMixUp(() => ManagedIdentity.fromSystemAssigned(stack, 'FnIdentity', { principalId: fn.identity.tenantId }),
      /\[test\/FnIdentity\]/, /tenant_id/, /tenant id/, /principal_id/);
  });

  it('throws if a group object id refers to an application\'s client_id', () => {
    const { stack, app } = world();
    throwsMixUp(() => EntraGroup.fromObjectId(stack, 'Group', app.clientId),
      /\[test\/Group\]/, /group object id/, /\$\{azuread_application\.App\.client_id\}/, /client id/, /ENTRA-RULES 1/);
  });

  it('throws if a group object id refers to a user\'s object_id', () => {
    const { stack, user } = world();
    throwsMixUp(() => EntraGroup.fromObjectId(stack, 'Group', user.objectId),
      /\[test\/Group\]/, /\$\{data\.azuread_user\.Jane\.object_id\}/, /user/, /EntraUser/);
  });

  it('throws if a user object id refers to a group\'s object_id', () => {
    const { stack, group } = world();
    throwsMixUp(() => EntraUser.fromObjectId(stack, 'User', group.objectId),
      /\[test\/User\]/, /\$\{data\.azuread_group\.Readers\.object_id\}/, /group/, /EntraGroup/);
  });

  it('throws if a service principal object id refers to the application\'s object_id, not its service principal\'s', () => {
    const { stack, app } = world();
    throwsMixUp(() => EntraServicePrincipal.fromObjectId(stack, 'Sp', app.objectId),
      /\[test\/Sp\]/, /\$\{azuread_application\.App\.object_id\}/, /application object id/, /service principal/, /ENTRA-RULES 1/);
  });

  it('throws if a service principal object id refers to the application\'s id (/applications/{objectId})', () => {
    const { stack, app } = world();
    throwsMixUp(() => EntraServicePrincipal.fromObjectId(stack, 'Sp', app.id),
      /\[test\/Sp\]/, /\$\{azuread_application\.App\.id\}/, /\/applications\/\{objectId\}/, /ENTRA-RULES 3/);
  });

  it('throws if a workload identity\'s principalId refers to a client_id', () => {
    const { stack, uai } = world();
    throwsMixUp(() => WorkloadIdentity.fromIdentityAttributes(stack, 'Shared', { resourceId: uai.id, clientId: uai.clientId, principalId: uai.clientId }),
      /\[test\/Shared\]/, /principalId/, /\$\{azurerm_user_assigned_identity\.Uai\.client_id\}/, /ENTRA-RULES 2/);
  });

  it('throws if a workload identity\'s resourceId refers to its client_id', () => {
    const { stack, uai } = world();
    throwsMixUp(() => WorkloadIdentity.fromIdentityAttributes(stack, 'Shared', { resourceId: uai.clientId, clientId: uai.clientId, principalId: uai.principalId }),
      /\[test\/Shared\]/, /resourceId/, /\$\{azurerm_user_assigned_identity\.Uai\.client_id\}/, /\.id/);
  });

  it('throws if a table row\'s principal object id refers to a client_id', () => {
    const { stack, uai } = world();
    const orders = api(stack);
    const table = new AppRoleAssignmentTable(stack, 'Grants', { api: orders });
    throwsMixUp(() => table.addRow({ principalName: 'worker', principalObjectId: uai.clientId, principalKind: PrincipalKind.MANAGED_IDENTITY, role: orders.appRole('Orders.Read') }),
      /\[test\/Grants\]/, /row 0/, /\$\{azurerm_user_assigned_identity\.Uai\.client_id\}/, /principal_id/, /ENTRA-RULES 2/);
  });

  it('throws if a table row of kind Group refers to a managed identity\'s principal_id', () => {
    const { stack, uai } = world();
    const orders = api(stack);
    const table = new AppRoleAssignmentTable(stack, 'Grants', { api: orders });
    throwsMixUp(() => table.addRow({ principalName: 'readers', principalObjectId: uai.principalId, principalKind: PrincipalKind.GROUP, role: orders.appRole('Orders.Read') }),
      /\[test\/Grants\]/, /\$\{azurerm_user_assigned_identity\.Uai\.principal_id\}/, /managed identity/, /ManagedIdentity/);
  });

  it('throws if a principal implemented outside the library has an object id that refers to a client_id', () => {
    const { stack, app } = world();
    const orders = api(stack);
    class Handmade extends Construct implements IPrincipal {
      public readonly principalObjectId = app.clientId;
      public readonly principalKind = PrincipalKind.SERVICE_PRINCIPAL;
      public readonly principalName = 'handmade';
    }
    throwsMixUp(() => orders.grantAppRole(new Handmade(stack, 'Handmade'), orders.appRole('Orders.Read')),
      /handmade/, /\$\{azuread_application\.App\.client_id\}/, /ENTRA-RULES 1/);
  });

  it('throws if a principal implemented outside the library is given Key Vault access with a client_id as its object id', () => {
    const { stack, app } = world();
    class Handmade extends Construct implements IPrincipal {
      public readonly principalObjectId = app.clientId;
      public readonly principalKind = PrincipalKind.SERVICE_PRINCIPAL;
      public readonly principalName = 'handmade';
    }
    const vault = new KeyVault(stack, 'Vault', { name: 'kv-orders', resourceGroupName: 'rg', location: 'westeurope', tenantId: GUID, skuName: 'standard' });
    throwsMixUp(() => KeyVaultSecretsGrant.grant(new Handmade(stack, 'Handmade'), vault),
      /handmade/, /\$\{azuread_application\.App\.client_id\}/, /ENTRA-RULES 1/);
  });

  it('throws if a role implemented outside the library has a role id that refers to a client_id', () => {
    const { stack, app } = world();
    const orders = api(stack);
    const role: IAppRole = { api: orders, value: 'Orders.Read', roleId: app.clientId, allowedMemberTypes: BOTH, enabled: true };
    throwsMixUp(() => AppRoleAssignment.grant(orders, EntraGroup.fromObjectId(stack, 'G', GUID), role),
      /the role id of app role 'Orders\.Read'/, /\$\{azuread_application\.App\.client_id\}/);
    const table = new AppRoleAssignmentTable(stack, 'Grants', { api: orders });
    throwsMixUp(() => table.addRow({ principalName: 'g', principalObjectId: GUID2, principalKind: PrincipalKind.GROUP, role }),
      /\[test\/Grants\]/, /\$\{azuread_application\.App\.client_id\}/);
  });

  it('throws if an owner refers to a group\'s object_id or to a client_id', () => {
    const { stack, group, app } = world();
    throwsMixUp(() => new ProtectedApi(stack, 'Api', { displayName: 'Orders API', owners: [group.objectId] }),
      /\[test\/Api\]/, /owner/, /\$\{data\.azuread_group\.Readers\.object_id\}/, /group/);
    throwsMixUp(() => new ProtectedApi(stack, 'Api2', { displayName: 'Orders API', owners: [app.clientId] }),
      /\[test\/Api2\]/, /owner/, /\$\{azuread_application\.App\.client_id\}/, /ENTRA-RULES 16/);
  });
});

describe('client ids seen through references', () => {
  it('throws if a service principal looked up by client id is given its object_id', () => {
    const { stack, sp } = world();
    throwsMixUp(() => EntraServicePrincipal.fromClientId(stack, 'Sp', sp.objectId),
      /\[test\/Sp\]/, /client id/, /\$\{azuread_service_principal\.AppSp\.object_id\}/, /fromObjectId/);
  });

  it('throws if a client id refers to an application\'s id, which azuread 3.x made the resource id (ENTRA-RULES 3)', () => {
    const { stack, app } = world();
    throwsMixUp(() => EntraServicePrincipal.fromClientId(stack, 'Sp', app.id),
      /\[test\/Sp\]/, /\$\{azuread_application\.App\.id\}/, /\/applications\/\{objectId\}/, /client_id/, /ENTRA-RULES 3/);
    throwsMixUp(() => RegisteredApi.fromClientId(stack, 'Other', app.id),
      /\[test\/Other\]/, /\$\{azuread_application\.App\.id\}/, /ENTRA-RULES 3/);
  });

  it('throws if a registered API\'s client id refers to the application\'s object_id', () => {
    const { stack, app } = world();
    throwsMixUp(() => RegisteredApi.fromClientId(stack, 'Other', app.objectId),
      /\[test\/Other\]/, /\$\{azuread_application\.App\.object_id\}/, /client_id/);
  });

  it('throws if a workload identity\'s clientId refers to a principal_id', () => {
    const { stack, uai } = world();
    throwsMixUp(() => WorkloadIdentity.fromIdentityAttributes(stack, 'Shared', { resourceId: uai.id, clientId: uai.principalId, principalId: uai.principalId }),
      /\[test\/Shared\]/, /clientId/, /\$\{azurerm_user_assigned_identity\.Uai\.principal_id\}/, /AZURE_CLIENT_ID/);
  });
});

describe('client id settings seen through references', () => {
  function boundApp(settings: (identity: WorkloadIdentity, uai: UserAssignedIdentity, app: Application) => Record<string, string>) {
    const { stack, uai, app } = world();
    const identity = new WorkloadIdentity(stack, 'Orders', { name: 'id-orders', resourceGroupName: 'rg', location: 'westeurope' });
    const wiring = identity.wiringFor();
    const fn = new LinuxFunctionApp(stack, 'Fn', {
      name: 'func-orders', resourceGroupName: 'rg', location: 'westeurope', servicePlanId: 'plan', siteConfig: {},
      identity: wiring.identity, keyVaultReferenceIdentityId: wiring.keyVaultReferenceIdentityId,
      appSettings: { ...wiring.appSettings, ...settings(identity, uai, app) },
    });
    identity.bindApp(fn, wiring);
    return stack;
  }

  it('throws if AZURE_CLIENT_ID refers to the identity\'s principal_id', () => {
    const stack = boundApp((identity) => ({ AZURE_CLIENT_ID: identity.principalId }));
    throwsMixUp(() => synth(stack), /test\/Fn/, /AZURE_CLIENT_ID/, /\$\{azurerm_user_assigned_identity\.Orders_[A-F0-9]+\.principal_id\}/,
      /client_id/, /ENTRA-RULES 2/);
  });

  it('throws if AZURE_CLIENT_ID refers to an application\'s id', () => {
    const stack = boundApp((_i, _u, app) => ({ AZURE_CLIENT_ID: app.id }));
    throwsMixUp(() => synth(stack), /AZURE_CLIENT_ID/, /\$\{azuread_application\.App\.id\}/, /ENTRA-RULES 3/);
  });

  it('throws if a ManagedIdentityClientId-style setting refers to a principal_id', () => {
    const stack = boundApp((_i, uai) => ({ AzureWebJobsStorage__clientId: uai.principalId, ManagedIdentityClientId: uai.principalId }));
    const message = messageOf(() => synth(stack));
    assert.doesNotMatch(message, /TfToken/);
    assert.match(message, /AzureWebJobsStorage__clientId/);
    assert.match(message, /ManagedIdentityClientId/);
    assert.match(message, /\$\{azurerm_user_assigned_identity\.Uai\.principal_id\}/);
  });

  it('throws if AZURE_CLIENT_ID is the literal principal id of a workload identity', () => {
    const stack = makeStack();
    const identity = WorkloadIdentity.fromIdentityAttributes(stack, 'Shared', {
      resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shared',
      clientId: GUID, principalId: GUID2, displayName: 'id-shared',
    });
    const wiring = identity.wiringFor();
    const fn = new LinuxFunctionApp(stack, 'Fn', {
      name: 'func-orders', resourceGroupName: 'rg', location: 'westeurope', servicePlanId: 'plan', siteConfig: {},
      identity: wiring.identity, keyVaultReferenceIdentityId: wiring.keyVaultReferenceIdentityId,
      appSettings: { ...wiring.appSettings, AZURE_CLIENT_ID: GUID2 },
    });
    identity.bindApp(fn, wiring);
    throwsMixUp(() => synth(stack), /AZURE_CLIENT_ID/, new RegExp(GUID2), /principal id of id-shared/, /ENTRA-RULES 2/);
  });

  it('accepts AZURE_CLIENT_ID and ManagedIdentityClientId that refer to the identity\'s client_id, and a variable', () => {
    const stack = boundApp((identity, _u) => ({ ManagedIdentityClientId: identity.clientId, OTHER__clientId: '${var.some_id}' }));
    const fn = onlyResource(synth(stack), 'azurerm_linux_function_app');
    assert.match(fn.app_settings.AZURE_CLIENT_ID, /^\$\{azurerm_user_assigned_identity\.Orders_[A-F0-9]+\.client_id\}$/);
    assert.equal(fn.app_settings.ManagedIdentityClientId, fn.app_settings.AZURE_CLIENT_ID);
  });
});

describe('explicit role and scope ids that are tokens', () => {
  it('accepts an app role id from a variable, writes it as is, and grants with it', () => {
    const { stack, variable } = world();
    const orders = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    const role = orders.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: BOTH, id: variable.stringValue });
    orders.grantAppRole(EntraGroup.fromObjectId(stack, 'ReaderGroup', GUID), role);
    AppRoleAssignmentTable.forApi(orders).addRow({ principalName: 'other', principalObjectId: GUID2, principalKind: PrincipalKind.GROUP, role });
    const json = synth(stack);
    assert.equal(Object.values<any>(resources(json, 'azuread_application')).find((a) => a.display_name === 'Orders API').app_role[0].id, '${var.some_id}');
    const assignments = Object.values<any>(resources(json, 'azuread_app_role_assignment'));
    const single = assignments.find((a) => a.for_each === undefined);
    const table = assignments.find((a) => a.for_each !== undefined);
    assert.equal(single.app_role_id, '${var.some_id}');
    assert.equal(table.for_each[`Orders.Read ${GUID2}`].app_role_id, '${var.some_id}');
  });

  it('accepts a scope id from another application\'s oauth2_permission_scope_ids', () => {
    const { stack, app } = world();
    const orders = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    orders.addScope('Orders.Access', { adminConsentDescription: 'Call the API', id: app.oauth2PermissionScopeIds.lookup('Orders.Access') });
    const scopes = Object.values<any>(resources(synth(stack), 'azuread_application')).find((a) => a.display_name === 'Orders API').api.oauth2_permission_scope;
    assert.match(scopes[0].id, /^\$\{azuread_application\.App\.oauth2_permission_scope_ids\["Orders\.Access"\]\}$/);
  });

  it('throws if an explicit app role id refers to a client_id', () => {
    const { stack, app } = world();
    const orders = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    throwsMixUp(() => orders.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: BOTH, id: app.clientId }),
      /\[test\/Api\]/, /app role 'Orders\.Read'/, /\$\{azuread_application\.App\.client_id\}/, /role id/);
  });

  it('throws if an explicit scope id refers to an object_id', () => {
    const { stack, group } = world();
    const orders = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    throwsMixUp(() => orders.addScope('Orders.Access', { adminConsentDescription: 'Call', id: group.objectId }),
      /\[test\/Api\]/, /scope 'Orders\.Access'/, /\$\{data\.azuread_group\.Readers\.object_id\}/);
  });

  it('throws if an explicit role id refers to the API\'s own app_role_ids, a reference cycle', () => {
    const stack = makeStack();
    const orders = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    const own = orders.node.findChild('Resource') as Application;
    throwsMixUp(() => orders.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: BOTH, id: own.appRoleIds.lookup('Orders.Read') }),
      /\[test\/Api\]/, /cycle/);
  });

  it('throws if two roles get the same token as id, naming the reference rather than the token', () => {
    const { stack, variable } = world();
    const orders = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    orders.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: BOTH, id: variable.stringValue });
    throwsMixUp(() => orders.addAppRole('Orders.Write', { description: 'Write', allowedMemberTypes: BOTH, id: variable.stringValue }),
      /Orders\.Write/, /Orders\.Read/, /\$\{var\.some_id\}/);
  });
});

describe('the nil GUID is never an object id', () => {
  it('throws if the nil GUID is given as a group, user or service principal object id', () => {
    const stack = makeStack();
    throwsMixUp(() => EntraGroup.fromObjectId(stack, 'G', NIL), /\[test\/G\]/, /nil GUID/, /default access/);
    throwsMixUp(() => EntraUser.fromObjectId(stack, 'U', NIL), /\[test\/U\]/, /nil GUID/);
    throwsMixUp(() => EntraServicePrincipal.fromObjectId(stack, 'S', NIL), /\[test\/S\]/, /nil GUID/);
  });

  it('throws if the nil GUID is given as a managed identity\'s principal or client id', () => {
    const stack = makeStack();
    throwsMixUp(() => ManagedIdentity.fromSystemAssigned(stack, 'Sys', { principalId: NIL }), /\[test\/Sys\]/, /nil GUID/);
    throwsMixUp(() => ManagedIdentity.fromUserAssignedAttributes(stack, 'Uai', { principalId: GUID, clientId: NIL }), /\[test\/Uai\]/, /nil GUID/);
    throwsMixUp(() => EntraServicePrincipal.fromClientId(stack, 'ByClient', NIL), /\[test\/ByClient\]/, /nil GUID/);
  });

  it('throws if the nil GUID is a table row\'s object id or an owner', () => {
    const stack = makeStack();
    const orders = api(stack);
    const table = new AppRoleAssignmentTable(stack, 'Grants', { api: orders });
    throwsMixUp(() => table.addRow({ principalName: 'x', principalObjectId: NIL, principalKind: PrincipalKind.GROUP, role: orders.appRole('Orders.Read') }),
      /\[test\/Grants\]/, /nil GUID/);
    throwsMixUp(() => new ProtectedApi(stack, 'Api2', { displayName: 'Orders API', owners: [NIL] }), /\[test\/Api2\]/, /nil GUID/);
  });

  it('throws if the nil GUID is an id of an existing registration to adopt', () => {
    throwsMixUp(() => new ProtectedApi(makeStack(), 'Api', {
      displayName: 'Orders API', existing: { applicationObjectId: GUID, clientId: NIL, servicePrincipalObjectId: GUID2 },
    }), /\[test\/Api\]/, /existing\.clientId/, /nil GUID/);
  });
});

describe('references that are right, or that only apply can tell, are read and written as they are', () => {
  it('writes a group object id read from the azuread_group data source', () => {
    const { stack, group } = world();
    const orders = api(stack);
    orders.grantAppRole(EntraGroup.fromObjectId(stack, 'Group', group.objectId), orders.appRole('Orders.Read'));
    const a = onlyResource(synth(stack), 'azuread_app_role_assignment');
    assert.equal(a.principal_object_id, '${data.azuread_group.Readers.object_id}');
  });

  it('writes object ids from a variable or an expression: only apply can tell what they are', () => {
    const { stack, variable, uai } = world();
    const orders = api(stack);
    orders.grantAppRole(EntraGroup.fromObjectId(stack, 'FromVariable', variable.stringValue), orders.appRole('Orders.Read'));
    orders.grantAppRole(ManagedIdentity.fromSystemAssigned(stack, 'FromExpression', { principalId: Fn.lower(uai.principalId) }), orders.appRole('Orders.Read'));
    const ids = Object.values<any>(resources(synth(stack), 'azuread_app_role_assignment')).map((a) => a.principal_object_id).sort();
    assert.deepEqual(ids, ['${lower(azurerm_user_assigned_identity.Uai.principal_id)}', '${var.some_id}']);
  });

  it('takes a managed identity\'s principal id from its service principal\'s object_id (use_existing)', () => {
    const { stack, uai } = world();
    const misp = new ServicePrincipal(stack, 'UaiSp', { clientId: uai.clientId, useExisting: true });
    const orders = api(stack);
    orders.grantAppRole(ManagedIdentity.fromUserAssignedAttributes(stack, 'Worker', { principalId: misp.objectId, clientId: uai.clientId }),
      orders.appRole('Orders.Read'));
    assert.equal(onlyResource(synth(stack), 'azuread_app_role_assignment').principal_object_id, '${azuread_service_principal.UaiSp.object_id}');
  });

  it('takes a service principal by the client_id of an application, and a registered API by a variable', () => {
    const { stack, app, variable } = world();
    EntraServicePrincipal.fromClientId(stack, 'Sp', app.clientId);
    RegisteredApi.fromClientId(stack, 'Other', variable.stringValue);
    const json = synth(stack);
    const lookups = Object.values<any>(json.data.azuread_service_principal).map((d) => d.client_id).sort();
    assert.deepEqual(lookups, ['${azuread_application.App.client_id}', '${var.some_id}']);
  });

  it('accepts table rows of one principal whose object id is read twice from the same attribute', () => {
    const { stack, uai } = world();
    const orders = new ProtectedApi(stack, 'Api', {
      displayName: 'Orders API',
      appRoles: ['Orders.Read', 'Orders.Write'].map((value) => ({ value, description: value, allowedMemberTypes: BOTH })),
    });
    const table = new AppRoleAssignmentTable(stack, 'Grants', { api: orders });
    // Each read of uai.principalId is a new token string for the same reference.
    table.addRow({ principalName: 'worker', principalObjectId: uai.principalId, principalKind: PrincipalKind.MANAGED_IDENTITY, role: orders.appRole('Orders.Read') });
    table.addRow({ principalName: 'worker', principalObjectId: uai.principalId, principalKind: PrincipalKind.MANAGED_IDENTITY, role: orders.appRole('Orders.Write') });
    const rows = onlyResource(synth(stack), 'azuread_app_role_assignment').for_each;
    assert.deepEqual(Object.keys(rows), ['Orders.Read worker', 'Orders.Write worker']);
  });

  it('throws if two table rows grant one role to the same reference under two names', () => {
    const { stack, uai } = world();
    const orders = api(stack);
    const table = new AppRoleAssignmentTable(stack, 'Grants', { api: orders });
    table.addRow({ principalName: 'worker', principalObjectId: uai.principalId, principalKind: PrincipalKind.MANAGED_IDENTITY, role: orders.appRole('Orders.Read') });
    throwsMixUp(() => table.addRow({ principalName: 'worker2', principalObjectId: uai.principalId, principalKind: PrincipalKind.MANAGED_IDENTITY, role: orders.appRole('Orders.Read') }),
      /row 1/, /\$\{azurerm_user_assigned_identity\.Uai\.principal_id\}/, /already grants under another name/);
  });

  it('throws if two principal constructs for the same reference are granted the same role', () => {
    const { stack, group } = world();
    const orders = api(stack);
    orders.grantAppRole(EntraGroup.fromObjectId(stack, 'First', group.objectId), orders.appRole('Orders.Read'));
    orders.grantAppRole(EntraGroup.fromObjectId(stack, 'Second', group.objectId), orders.appRole('Orders.Read'));
    throwsMixUp(() => synth(stack), /assigned to/, /test\/Api\/Grant:First:Orders\.Read/, /Grant:Second:Orders\.Read/);
  });
});
