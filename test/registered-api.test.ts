import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { EntraGroup, EntraUser, ManagedIdentity, MemberType, RegisteredApi, SpaApp } from '../lib';
import { at, dataAt, dataRef, dataSources, idAt, makeStack, resources, synth, throwsWith, warnings } from './util';

const ORDERS = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const WORKER = { principalId: 'aaaaaaaa-0000-0000-0000-000000000001', clientId: 'aaaaaaaa-0000-0000-0000-000000000002' };

describe('RegisteredApi', () => {
  describe('fromClientId', () => {
    it('looks the API up through its service principal and grants a role by value (the field note\'s script)', () => {
      const stack = makeStack();
      const orders = RegisteredApi.fromClientId(stack, 'Orders', ORDERS);
      const worker = ManagedIdentity.fromUserAssignedAttributes(stack, 'Worker', WORKER);
      const grant = orders.grantAppRole(worker, orders.appRole('Orders.Read'));
      const json = synth(stack);
      assert.deepEqual(dataAt(json, 'azuread_service_principal', 'Orders/Lookup'), { client_id: ORDERS });
      const assignment = at(json, 'azuread_app_role_assignment', 'Orders/Grant:Worker:Orders.Read');
      assert.equal(assignment.resource_object_id, dataRef(json, 'azuread_service_principal', 'Orders/Lookup', 'object_id'), 'the API\'s service principal (ENTRA-RULES 1)');
      assert.equal(assignment.principal_object_id, WORKER.principalId, 'the identity\'s principal id, not its client id');
      assert.equal(assignment.app_role_id, `\${data.azuread_service_principal.${idAt(json, 'azuread_service_principal', 'Orders/Lookup', 'data')}.app_role_ids["Orders.Read"]}`);
      assert.equal(grant.api, orders);
      assert.deepEqual(dataSources(json, 'azuread_application'), {}, 'no app registration lookup: works for APIs of other tenants too');
    });

    it('uses the client id as the resource in scope strings unless an identifier URI is given', () => {
      const stack = makeStack();
      const byId = RegisteredApi.fromClientId(stack, 'Orders', ORDERS);
      const byUri = RegisteredApi.fromClientId(stack, 'Billing', 'aaaaaaaa-0000-0000-0000-0000000000bb', { identifierUri: 'api://billing.contoso.com' });
      assert.equal(byId.clientId, ORDERS);
      assert.equal(byId.defaultScope, `${ORDERS}/.default`);
      assert.equal(byUri.defaultScope, 'api://billing.contoso.com/.default');
      assert.equal(byUri.scope('Billing.Access').fullScope, 'api://billing.contoso.com/Billing.Access');
    });

    it('returns the same role and scope objects for the same value', () => {
      const orders = RegisteredApi.fromClientId(makeStack(), 'Orders', ORDERS);
      assert.equal(orders.appRole('Orders.Read'), orders.appRole('Orders.Read'));
      assert.equal(orders.scope('Orders.Access'), orders.scope('Orders.Access'));
      assert.deepEqual(orders.appRoles.map((r) => r.value), ['Orders.Read']);
      assert.deepEqual(orders.permissionScopes.map((s) => s.value), ['Orders.Access']);
      assert.equal(orders.appRole('Orders.Read').allowedMemberTypes, undefined, 'unknown unless declared');
    });

    it('accepts a client id that is a token', () => {
      const stack = makeStack();
      const id = new TerraformVariable(stack, 'ordersClientId', { type: 'string' }).stringValue;
      RegisteredApi.fromClientId(stack, 'Orders', id);
      assert.equal(dataAt(synth(stack), 'azuread_service_principal', 'Orders/Lookup').client_id, '${var.ordersClientId}');
    });

    it('throws if the client id is not a GUID', () => {
      throwsWith(() => RegisteredApi.fromClientId(makeStack(), 'Orders', 'api://orders'), /test\/Orders/, /client id 'api:\/\/orders' is not a GUID/, /fromIdentifierUri/);
    });

    it('warns if the identifier URI option is not of a documented App ID URI form, and throws only if it is empty', () => {
      const stack = makeStack();
      RegisteredApi.fromClientId(stack, 'Orders', ORDERS, { identifierUri: 'orders' });
      assert.ok(warnings(stack).some((w) => /identifier URI 'orders' must start with api:\/\/ or https:\/\//.test(w)));
      throwsWith(() => RegisteredApi.fromClientId(makeStack(), 'Orders', ORDERS, { identifierUri: '' }), /identifier URI is empty/);
    });
  });

  describe('fromIdentifierUri', () => {
    it('finds the app registration by identifier URI, then its service principal by client id', () => {
      const stack = makeStack();
      const orders = RegisteredApi.fromIdentifierUri(stack, 'Orders', 'api://orders.contoso.com');
      orders.grantAppRole(EntraUser.fromObjectId(stack, 'Jane', 'aaaaaaaa-0000-0000-0000-000000000003'), orders.appRole('Orders.Read'));
      const json = synth(stack);
      assert.deepEqual(dataAt(json, 'azuread_application', 'Orders/Application'), { identifier_uri: 'api://orders.contoso.com' });
      assert.equal(dataAt(json, 'azuread_service_principal', 'Orders/Lookup').client_id, dataRef(json, 'azuread_application', 'Orders/Application', 'client_id'));
      assert.equal(orders.defaultScope, 'api://orders.contoso.com/.default');
      assert.equal(Object.keys(resources(json, 'azuread_app_role_assignment')).length, 1);
    });

    it('warns, not throws, if the identifier URI has a trailing slash, a fragment or no scheme: Graph may hold such a URI', () => {
      for (const [uri, why] of [['api://orders/', /ends with '\/'/], ['https://orders.contoso.com#x', /query or fragment/], ['orders.contoso.com', /must start with api:\/\//]] as const) {
        const stack = makeStack();
        RegisteredApi.fromIdentifierUri(stack, 'Orders', uri);
        assert.ok(warnings(stack).some((w) => w.includes(`'${uri}'`) && why.test(w)), uri);
      }
    });
  });

  describe('expected roles and scopes', () => {
    it('applies the core\'s member-type check to declared roles', () => {
      const stack = makeStack();
      const orders = RegisteredApi.fromClientId(stack, 'Orders', ORDERS, {
        displayName: 'Orders API',
        appRoles: [{ value: 'Orders.Read', allowedMemberTypes: [MemberType.USER] }, { value: 'Orders.Write', allowedMemberTypes: [MemberType.APPLICATION] }],
      });
      const worker = ManagedIdentity.fromUserAssignedAttributes(stack, 'Worker', WORKER);
      const readers = EntraGroup.fromObjectId(stack, 'Readers', 'aaaaaaaa-0000-0000-0000-000000000004');
      orders.grantAppRole(worker, orders.appRole('Orders.Write'));
      orders.grantAppRole(readers, orders.appRole('Orders.Read'));
      throwsWith(() => orders.grantAppRole(worker, orders.appRole('Orders.Read')), /allows only \[User\]/, /ENTRA-RULES 6/);
      throwsWith(() => orders.grantAppRole(readers, orders.appRole('Orders.Write')), /allows only \[Application\]/);
      assert.equal(Object.keys(resources(synth(stack), 'azuread_app_role_assignment')).length, 2);
    });

    it('throws if a role or scope is asked for that the API is not expected to expose', () => {
      const orders = RegisteredApi.fromClientId(makeStack(), 'Orders', ORDERS, { displayName: 'Orders API', appRoles: [{ value: 'Orders.Read' }], scopes: ['Orders.Access'] });
      throwsWith(() => orders.appRole('Orders.Delete'), /test\/Orders/, /has no app role 'Orders\.Delete'/, /Expected roles: \[Orders\.Read\]/);
      throwsWith(() => orders.scope('Orders.Export'), /has no scope 'Orders\.Export'/, /Expected scopes: \[Orders\.Access\]/);
    });

    it('throws if a client requests a scope the API is not expected to expose', () => {
      const stack = makeStack();
      const orders = RegisteredApi.fromClientId(stack, 'Orders', ORDERS, { displayName: 'Orders API', scopes: ['Orders.Access'] });
      const web = new SpaApp(stack, 'Web', { displayName: 'Web', redirectUris: ['https://web.contoso.com/'] });
      const fake = { api: orders, value: 'Orders.Export', scopeId: 'x', fullScope: 'x' };
      throwsWith(() => web.requestScope(orders, fake), /test\/Web/, /requests scope 'Orders\.Export' of Orders API, which it does not expose/);
    });

    it('throws if a value is not valid, is a token, or is listed twice', () => {
      const stack = makeStack();
      throwsWith(() => RegisteredApi.fromClientId(stack, 'A', ORDERS).appRole('Orders Read'), /white space/);
      throwsWith(() => RegisteredApi.fromClientId(stack, 'B', ORDERS).scope(new TerraformVariable(stack, 'v', { type: 'string' }).stringValue), /must be known at synth/);
      throwsWith(() => RegisteredApi.fromClientId(stack, 'C', ORDERS, { appRoles: [{ value: 'X' }, { value: 'X' }] }), /'X' is listed twice/);
      throwsWith(() => RegisteredApi.fromClientId(stack, 'D', ORDERS, { appRoles: [{ value: 'X' }], scopes: ['X'] }), /both as an app role and as a scope/);
      throwsWith(() => RegisteredApi.fromClientId(stack, 'E', ORDERS, { appRoles: [{ value: 'X', allowedMemberTypes: [] }] }), /empty allowedMemberTypes/);
    });

    it('throws if the same role is granted twice to the same principal', () => {
      const stack = makeStack();
      const orders = RegisteredApi.fromClientId(stack, 'Orders', ORDERS);
      const worker = ManagedIdentity.fromUserAssignedAttributes(stack, 'Worker', WORKER);
      orders.grantAppRole(worker, orders.appRole('Orders.Read'));
      throwsWith(() => orders.grantAppRole(worker, orders.appRole('Orders.Read')), /granted twice/);
    });

    it('throws if a role of another API is granted through it', () => {
      const stack = makeStack();
      const a = RegisteredApi.fromClientId(stack, 'A', ORDERS);
      const b = RegisteredApi.fromClientId(stack, 'B', 'aaaaaaaa-0000-0000-0000-0000000000bb');
      throwsWith(() => a.grantAppRole(ManagedIdentity.fromUserAssignedAttributes(stack, 'Worker', WORKER), b.appRole('X.Read')), /belongs to test\/B/);
    });
  });

  describe('microsoftGraph', () => {
    it('is one construct per stack, found through the published app ids', () => {
      const stack = makeStack();
      const graph = RegisteredApi.microsoftGraph(stack);
      assert.equal(RegisteredApi.microsoftGraph(stack), graph);
      assert.equal(graph.apiName, 'Microsoft Graph');
      assert.equal(graph.identifierUri, 'https://graph.microsoft.com');
      assert.equal(graph.defaultScope, 'https://graph.microsoft.com/.default');
      graph.scope('openid');
      const json = synth(stack);
      assert.equal(dataAt(json, 'azuread_service_principal', 'MicrosoftGraph/Lookup').client_id,
        `\${data.azuread_application_published_app_ids.${idAt(json, 'azuread_application_published_app_ids', 'MicrosoftGraph/PublishedAppIds', 'data')}.result["MicrosoftGraph"]}`);
      const other = new TerraformStack(stack.node.scope!, 'other');
      assert.notEqual(RegisteredApi.microsoftGraph(other), graph);
    });

    it('throws if the stack uses the id MicrosoftGraph for something else', () => {
      const stack = makeStack();
      new TerraformVariable(stack, 'MicrosoftGraph', { type: 'string' });
      throwsWith(() => RegisteredApi.microsoftGraph(stack), /kept for Microsoft Graph/);
    });
  });

  it('grants to a user-assigned identity declared with azurerm in the same program', () => {
    const stack = makeStack();
    const orders = RegisteredApi.fromClientId(stack, 'Orders', ORDERS, { appRoles: [{ value: 'Orders.Read', allowedMemberTypes: [MemberType.APPLICATION] }] });
    const uai = new UserAssignedIdentity(stack, 'Uai', { name: 'id-worker', location: 'westeurope', resourceGroupName: 'rg' });
    orders.grantAppRole(ManagedIdentity.fromUserAssignedIdentity(stack, 'Worker', uai), orders.appRole('Orders.Read'));
    const json = synth(stack);
    const assignment = at(json, 'azuread_app_role_assignment', 'Orders/Grant:Worker:Orders.Read');
    assert.match(assignment.principal_object_id, /azurerm_user_assigned_identity\.Uai\.principal_id/);
  });
});
