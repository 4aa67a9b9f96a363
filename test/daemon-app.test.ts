import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DaemonApp, MemberType, PrincipalKind, RegisteredApi } from '../lib';
import { at, dataRef, makeStack, ref, resources, synth, throwsWith, ordersApiWithRoles } from './util';

const SYNC = { displayName: 'Orders Sync' };

describe('DaemonApp', () => {
  it('has no redirect URIs, no secret and a service principal', () => {
    const stack = makeStack();
    new DaemonApp(stack, 'Sync', SYNC);
    const json = synth(stack);
    const app = at(json, 'azuread_application', 'Sync');
    assert.equal(app.web, undefined);
    assert.equal(app.single_page_application, undefined);
    assert.equal(app.public_client, undefined);
    assert.equal(app.fallback_public_client_enabled, undefined);
    assert.equal(app.sign_in_audience, 'AzureADMyOrg');
    assert.deepEqual(resources(json, 'azuread_application_password'), {});
    assert.equal(at(json, 'azuread_service_principal', 'Sync/ServicePrincipal').client_id, ref(json, 'azuread_application', 'Sync', 'client_id'));
  });

  it('is a principal of kind ServicePrincipal whose object id is its enterprise application\'s', () => {
    const stack = makeStack();
    const sync = new DaemonApp(stack, 'Sync', SYNC);
    assert.equal(sync.principalKind, PrincipalKind.SERVICE_PRINCIPAL);
    assert.equal(sync.principalName, 'Orders Sync');
    assert.equal(sync.principalObjectId, sync.servicePrincipalObjectId);
  });

  describe('requestAppRole', () => {
    it('writes required resource access of type Role and assigns the role through the API\'s grant path', () => {
      const stack = makeStack();
      const api = ordersApiWithRoles(stack);
      const sync = new DaemonApp(stack, 'Sync', SYNC);
      const request = sync.requestAppRole(api.appRole('Orders.Write'));
      const json = synth(stack);
      const access = at(json, 'azuread_application', 'Sync').required_resource_access;
      assert.deepEqual(access, [{
        resource_app_id: ref(json, 'azuread_application', 'OrdersApi', 'client_id'),
        resource_access: [{ id: api.appRole('Orders.Write').roleId, type: 'Role' }],
      }]);
      const grant = at(json, 'azuread_app_role_assignment', 'OrdersApi/Grant:Sync:Orders.Write');
      assert.equal(grant.app_role_id, api.appRole('Orders.Write').roleId);
      assert.equal(grant.principal_object_id, ref(json, 'azuread_service_principal', 'Sync/ServicePrincipal', 'object_id'));
      assert.equal(grant.resource_object_id, ref(json, 'azuread_service_principal', 'OrdersApi/ServicePrincipal', 'object_id'));
      assert.equal(request.assignment.node.path, 'test/OrdersApi/Grant:Sync:Orders.Write');
      assert.deepEqual(sync.requestedAppRoles.map((r) => [r.api, r.role.value]), [[api, 'Orders.Write']]);
      assert.deepEqual(resources(json, 'azuread_application_pre_authorized'), {}, 'app roles need no pre-authorization');
    });

    it('lists one block per API and asks for each API\'s .default scope', () => {
      const stack = makeStack();
      const api = ordersApiWithRoles(stack);
      const other = RegisteredApi.fromClientId(stack, 'Billing', 'aaaaaaaa-0000-0000-0000-000000000001', { identifierUri: 'api://billing.contoso.com' });
      const sync = new DaemonApp(stack, 'Sync', SYNC);
      sync.requestAppRole(api.appRole('Orders.Write'));
      sync.requestAppRole(api.appRole('Orders.Read'));
      sync.requestAppRole(other.appRole('Billing.Read'));
      const access = at(synth(stack), 'azuread_application', 'Sync').required_resource_access;
      assert.equal(access.length, 2);
      assert.deepEqual(access[0].resource_access.map((a: any) => a.id), [api.appRole('Orders.Read').roleId, api.appRole('Orders.Write').roleId]);
      assert.equal(access[1].resource_app_id, 'aaaaaaaa-0000-0000-0000-000000000001');
      assert.deepEqual(sync.scopesToRequest, [api.defaultScope, 'api://billing.contoso.com/.default']);
    });

    it('requests Microsoft Graph application permissions by name and assigns them', () => {
      const stack = makeStack();
      const sync = new DaemonApp(stack, 'Sync', SYNC);
      sync.requestGraphAppRole('User.Read.All');
      const json = synth(stack);
      const grant = at(json, 'azuread_app_role_assignment', 'MicrosoftGraph/Grant:Sync:User.Read.All');
      assert.equal(grant.app_role_id, `${dataRef(json, 'azuread_service_principal', 'MicrosoftGraph/Lookup', 'app_role_ids').slice(0, -1)}["User.Read.All"]}`);
      assert.equal(grant.resource_object_id, dataRef(json, 'azuread_service_principal', 'MicrosoftGraph/Lookup', 'object_id'));
      assert.equal(at(json, 'azuread_application', 'Sync').required_resource_access[0].resource_access[0].type, 'Role');
    });

    it('throws if the role does not allow Application members', () => {
      const stack = makeStack();
      const api = ordersApiWithRoles(stack);
      throwsWith(() => new DaemonApp(stack, 'Sync', SYNC).requestAppRole(api.appRole('Orders.Admin')),
        /test\/Sync/, /'Orders\.Admin' of Orders API, which allows only \[User\] members/, /ENTRA-RULES 6/, /MemberType\.APPLICATION/);
      assert.equal(api.node.tryFindChild('Grant:Sync:Orders.Admin'), undefined, 'nothing half made');
    });

    it('throws if the declared role of an API registered elsewhere does not allow Application members', () => {
      const stack = makeStack();
      const api = RegisteredApi.fromClientId(stack, 'Billing', 'aaaaaaaa-0000-0000-0000-000000000001', { appRoles: [{ value: 'Billing.Approve', allowedMemberTypes: [MemberType.USER] }] });
      throwsWith(() => new DaemonApp(stack, 'Sync', SYNC).requestAppRole(api.appRole('Billing.Approve')), /allows only \[User\] members/);
    });

    it('throws if the API does not expose the role', () => {
      const stack = makeStack();
      const api = ordersApiWithRoles(stack);
      const fake = { api, value: 'Orders.Delete', roleId: '00000000-0000-4000-8000-000000000002', allowedMemberTypes: [MemberType.APPLICATION] };
      throwsWith(() => new DaemonApp(stack, 'Sync', SYNC).requestAppRole(fake), /test\/Sync/, /app role 'Orders\.Delete' of Orders API, which it does not expose/);
    });

    it('throws if the same role is requested twice', () => {
      const stack = makeStack();
      const api = ordersApiWithRoles(stack);
      const sync = new DaemonApp(stack, 'Sync', SYNC);
      sync.requestAppRole(api.appRole('Orders.Read'));
      throwsWith(() => sync.requestAppRole(api.appRole('Orders.Read')), /test\/Sync/, /'Orders\.Read' of Orders API twice/);
    });

    it('throws if the role was already granted to the daemon directly', () => {
      const stack = makeStack();
      const api = ordersApiWithRoles(stack);
      const sync = new DaemonApp(stack, 'Sync', SYNC);
      api.grantAppRole(sync, api.appRole('Orders.Read'));
      throwsWith(() => sync.requestAppRole(api.appRole('Orders.Read')), /granted twice/);
    });

    it('can be granted roles directly like any principal, with the core\'s member-type check', () => {
      const stack = makeStack();
      const api = ordersApiWithRoles(stack);
      const sync = new DaemonApp(stack, 'Sync', SYNC);
      api.grantAppRole(sync, api.appRole('Orders.Read'));
      throwsWith(() => api.grantAppRole(sync, api.appRole('Orders.Admin')), /allows only \[User\]/);
      assert.ok(at(synth(stack), 'azuread_app_role_assignment', 'OrdersApi/Grant:Sync:Orders.Read'));
    });
  });

  describe('requestScope', () => {
    it('throws if a scope is requested app-only', () => {
      const stack = makeStack();
      const api = ordersApiWithRoles(stack);
      throwsWith(() => new DaemonApp(stack, 'Sync', SYNC).requestScope(api, api.scope('Orders.Access')),
        /test\/Sync/, /scope 'Orders\.Access'/, /app-only tokens/, /AADSTS500011/, /requestAppRole/);
    });

    it('throws if a Graph scope is requested app-only', () => {
      throwsWith(() => new DaemonApp(makeStack(), 'Sync', SYNC).requestGraphScope('User.Read'), /app-only tokens/);
    });
  });

  describe('outputs', () => {
    it('emits client id, tenant id, authority and the .default scopes', () => {
      const stack = makeStack();
      const api = ordersApiWithRoles(stack);
      const sync = new DaemonApp(stack, 'Sync', SYNC);
      sync.requestAppRole(api.appRole('Orders.Write'));
      const outputs = sync.addOutputs();
      const json = synth(stack);
      assert.deepEqual(Object.keys(json.output).sort(), ['syncAuthority', 'syncClientId', 'syncScopes', 'syncTenantId']);
      assert.equal(outputs.length, 4);
      assert.equal(json.output.syncClientId.value, ref(json, 'azuread_application', 'Sync', 'client_id'));
      assert.equal(json.output.syncTenantId.value, '${data.azuread_client_config.EntraClientConfig.tenant_id}');
      assert.equal(json.output.syncAuthority.value, 'https://login.microsoftonline.com/${data.azuread_client_config.EntraClientConfig.tenant_id}/v2.0');
      assert.deepEqual(json.output.syncScopes.value, [`${ref(json, 'azuread_application_identifier_uri', 'OrdersApi/IdentifierUri', 'identifier_uri')}/.default`]);
    });

    it('throws if the output prefix is not a valid output name, or the outputs exist already', () => {
      const sync = new DaemonApp(makeStack(), 'Sync', SYNC);
      throwsWith(() => sync.addOutputs({ prefix: 'my-sync' }), /test\/Sync/, /output prefix 'my-sync'/);
      sync.addOutputs();
      throwsWith(() => sync.addOutputs(), /output 'syncClientId' already exists/, /another prefix/);
    });
  });
});
