import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformStack, Testing } from 'cdktf';
import { buildApp } from '../examples/clients/main';
import { at, dataAt, dataRef, matchSnapshot, ref, resources } from './util';

function synthExample(): Record<string, any> {
  const app = Testing.app();
  buildApp(app);
  const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
  return Object.fromEntries(stacks.map((s) => [s.node.id, JSON.parse(Testing.synth(s, true))]));
}

describe('examples/clients', () => {
  const out = synthExample();

  it('makes the clients stack and the registered-API stack', () => {
    assert.deepEqual(Object.keys(out).sort(), ['clients', 'registered-api']);
  });

  it('lets users of the SPA call the Orders API without a consent prompt, and read their Graph profile', () => {
    const json = out.clients;
    const web = at(json, 'azuread_application', 'Web');
    assert.deepEqual(web.single_page_application.redirect_uris, ['https://orders.contoso.com/', 'http://localhost:5173/']);
    assert.equal(web.required_resource_access.length, 2);
    assert.equal(web.required_resource_access[0].resource_app_id, ref(json, 'azuread_application', 'OrdersApi', 'client_id'));
    assert.equal(web.required_resource_access[1].resource_access[0].id,
      `${dataRef(json, 'azuread_service_principal', 'MicrosoftGraph/Lookup', 'oauth2_permission_scope_ids').slice(0, -1)}["User.Read"]}`);
    const pre = at(json, 'azuread_application_pre_authorized', 'Web/PreAuthorized:OrdersApi');
    assert.equal(pre.application_id, ref(json, 'azuread_application', 'OrdersApi', 'id'));
    assert.equal(pre.permission_ids.length, 1);
    assert.equal(pre.permission_ids[0], web.required_resource_access[0].resource_access[0].id);
  });

  it('gives the daemon Orders.Write app-only, and a GitHub Actions credential instead of a secret', () => {
    const json = out.clients;
    const grant = at(json, 'azuread_app_role_assignment', 'OrdersApi/Grant:Sync:Orders.Write');
    assert.equal(grant.principal_object_id, ref(json, 'azuread_service_principal', 'Sync/ServicePrincipal', 'object_id'));
    assert.equal(at(json, 'azuread_application', 'Sync').required_resource_access[0].resource_access[0].type, 'Role');
    assert.equal(at(json, 'azuread_application_federated_identity_credential', 'Sync/FederatedCredential:github-main').subject,
      'repo:contoso/orders-sync:ref:refs/heads/main');
    assert.deepEqual(resources(json, 'azuread_application_password'), {});
  });

  it('outputs what MSAL and DefaultAzureCredential need, and no secret', () => {
    const json = out.clients;
    for (const name of ['webClientId', 'webTenantId', 'webAuthority', 'webScopes', 'syncClientId', 'syncScopes', 'ordersApiDefaultScope']) {
      assert.ok(json.output[name], `output ${name}`);
    }
    assert.equal(json.output.webScopes.value[1], 'https://graph.microsoft.com/User.Read');
    assert.match(json.output.syncScopes.value[0], /\/\.default$/);
    assert.ok(!Object.values<any>(json.output).some((o) => String(o.value).includes('password')));
  });

  it('grants Orders.Read of the API registered elsewhere to the worker\'s user-assigned identity', () => {
    const json = out['registered-api'];
    assert.deepEqual(dataAt(json, 'azuread_service_principal', 'OrdersApi/Lookup'), { client_id: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9' });
    const grant = at(json, 'azuread_app_role_assignment', 'OrdersApi/Grant:Worker:Orders.Read');
    assert.equal(grant.resource_object_id, dataRef(json, 'azuread_service_principal', 'OrdersApi/Lookup', 'object_id'));
    assert.match(grant.principal_object_id, /azurerm_user_assigned_identity\.WorkerIdentity\.principal_id/);
    assert.equal(json.output.ordersApiDefaultScope.value, '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/.default');
  });

  it('matches the snapshot', () => {
    matchSnapshot('examples-clients', out);
  });
});
