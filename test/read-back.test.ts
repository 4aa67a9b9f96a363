import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeAll } from './all-stacks';
import { graphAfterApply, planChanges, stateAfterRead } from './read-back';

// The second plan is empty: for every example and fixture, each azuread attribute the library
// writes equals what the provider reads back after Graph stored it (lower-case ids, Graph's
// defaults). test/read-back.ts holds the two steps; the last tests here show that they catch
// what they must.

describe('the second plan is empty', () => {
  for (const { name, json } of synthesizeAll()) {
    it(`${name}: every configured attribute is read back unchanged`, () => {
      assert.deepEqual(planChanges(json), []);
    });
  }
});

describe('read-back model', () => {
  it('stores ids in lower case, as Graph does, and reads them back so', () => {
    const config = { app_role_id: 'B1C1D1E1-0000-4000-8000-000000000001', principal_object_id: '0D9B8A76-1A2B-4C3D-8E9F-A0B1C2D3E4F5', resource_object_id: '${azuread_service_principal.api.object_id}' };
    const graph = graphAfterApply('azuread_app_role_assignment', config);
    assert.equal(graph.principalId, '0d9b8a76-1a2b-4c3d-8e9f-a0b1c2d3e4f5');
    assert.equal(stateAfterRead('azuread_app_role_assignment', graph, config).principal_object_id, '0d9b8a76-1a2b-4c3d-8e9f-a0b1c2d3e4f5');
  });

  it('reports a grant written with an upper-case principal id: the plan that would replace it on every apply', () => {
    const json = { resource: { azuread_app_role_assignment: { g: {
      app_role_id: 'b1c1d1e1-0000-4000-8000-000000000001', principal_object_id: '0D9B8A76-1A2B-4C3D-8E9F-A0B1C2D3E4F5', resource_object_id: '${x.y.object_id}',
    } } } };
    assert.deepEqual(planChanges(json), ['azuread_app_role_assignment.g.principal_object_id: "0D9B8A76-1A2B-4C3D-8E9F-A0B1C2D3E4F5" -> "0d9b8a76-1a2b-4c3d-8e9f-a0b1c2d3e4f5"']);
  });

  it('reports upper-case ids in a table row, owners, roles and required access, and none written in lower case', () => {
    const make = (upper: string) => ({ resource: {
      azuread_app_role_assignment: { t: { for_each: { k: { app_role_id: upper, principal_object_id: upper } }, app_role_id: '${each.value.app_role_id}', principal_object_id: '${each.value.principal_object_id}', resource_object_id: '${x.y.z}' } },
      azuread_application: { a: {
        display_name: 'A', owners: [upper], app_role: [{ id: upper, value: 'R', display_name: 'R', description: 'R', allowed_member_types: ['User'], enabled: true }],
        required_resource_access: [{ resource_app_id: upper, resource_access: [{ id: upper, type: 'Role' }] }],
      } },
    } });
    const changes = planChanges(make('AAAAAAAA-0000-4000-8000-00000000000A'));
    assert.equal(changes.filter((c) => c.startsWith('azuread_app_role_assignment.t[')).length, 2);
    assert.ok(changes.some((c) => c.startsWith('azuread_application.a.owners')));
    assert.ok(changes.some((c) => c.startsWith('azuread_application.a.app_role')));
    assert.ok(changes.some((c) => c.startsWith('azuread_application.a.required_resource_access')));
    assert.deepEqual(planChanges(make('aaaaaaaa-0000-4000-8000-00000000000a')), []);
  });

  it('names Graph\'s properties as Graph does: every key of its application and service principal is in a real export', () => {
    // The contoso export is what `az rest GET applications/{id}` and `servicePrincipals/{id}` return.
    const dir = path.join(__dirname, 'fixtures', 'tenant-export', 'contoso', 'apps');
    const apps = fs.readdirSync(dir).map((d) => path.join(dir, d));
    const keysOf = (file: string) => new Set(apps.flatMap((a) => Object.keys(JSON.parse(fs.readFileSync(path.join(a, file), 'utf8')))));
    // Owners come from GET .../owners, the logo from .../logo, oauth2RequirePostResponse from the beta endpoint.
    const elsewhere = new Set(['owners', 'logo', 'oauth2RequirePostResponse']);
    const config = { display_name: 'A', api: {}, web: {}, single_page_application: {}, public_client: {}, optional_claims: {} };
    const appKeys = keysOf('application.json');
    assert.deepEqual(Object.keys(graphAfterApply('azuread_application', config)).filter((k) => !elsewhere.has(k) && !appKeys.has(k)), []);
    const spKeys = keysOf('service-principal.json');
    assert.deepEqual(Object.keys(graphAfterApply('azuread_service_principal', { client_id: 'x', saml_single_sign_on: {} }))
      .filter((k) => !elsewhere.has(k) && !spKeys.has(k)), []);
  });

  it('reports an attribute the provider does not read back, so the model cannot pass what it does not know', () => {
    const json = { resource: { azuread_application_identifier_uri: { u: { application_id: '${a.b.id}', identifier_uri: 'api://x', made_up: 1 } } } };
    assert.deepEqual(planChanges(json), ['azuread_application_identifier_uri.u.made_up: configured, but the provider\'s read does not set it (read-back model)']);
  });
});
