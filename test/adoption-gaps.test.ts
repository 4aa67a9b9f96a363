import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AccessMap, DaemonApp, ExistingRegistration, MemberType, ProtectedApi, WebApp, WorkloadIdentity,
} from '../lib';
import { makeStack, resolved, resources, synth, throwsWith, warnings } from './util';

// Adoption of what Terraform and the CLI make and the library's defaults would change: an API
// whose identifier URIs are not api://{clientId} (none at all, or others only), and a daemon's
// Microsoft Graph application permissions granted already.

const API: ExistingRegistration = {
  applicationObjectId: 'c85d75ae-767c-5a42-9f3f-f7bcd220c4d9',
  clientId: '9277da26-bd02-5993-a64d-74e5fdae3743',
  servicePrincipalObjectId: '537e152b-a899-5b19-a0c0-54f61b1c53ba',
};
const DAEMON: ExistingRegistration = {
  applicationObjectId: '2546c976-62cb-563c-ba93-81305f588a1e',
  clientId: '90fee439-8b7e-5191-a465-9b5e269170b0',
  servicePrincipalObjectId: '557affe7-2cd2-5c18-bd3a-ced54db9f34a',
};
const READ_ID = 'ea260b73-a185-5cc1-905e-0ae81f609251';
const SCOPE_ID = '59838854-d61c-5082-a081-3344c2b9029d';
const GRAPH_SP = '55c1acd0-fb3a-5c1c-9375-c5e5c02d4131';
const GRAPH_ASSIGNMENT = 'dtHmJwkb06_UEdAnQNLkwZsu1BRqm3gRjBs0oqicmUg';

function api(identifierUris: string[] | undefined, extra: Partial<ConstructorParameters<typeof ProtectedApi>[2]> = {}, stack = makeStack()) {
  const a = new ProtectedApi(stack, 'InventoryApi', {
    displayName: 'Inventory API',
    existing: { ...API, identifierUris },
    appRoles: [{ value: 'Inventory.Read', id: READ_ID, description: 'Read', allowedMemberTypes: [MemberType.APPLICATION] }],
    scopes: [{ value: 'Inventory.Access', id: SCOPE_ID, adminConsentDescription: 'Call the API' }],
    ...extra,
  });
  return { stack, api: a };
}

/** The identifier URIs imported, decoded from their import ids. */
function importedUris(json: any): string[] {
  return (json.import ?? []).filter((i: any) => i.to.startsWith('azuread_application_identifier_uri.'))
    .map((i: any) => Buffer.from(i.id.split('/').pop(), 'base64').toString('utf8')).sort();
}

describe('an adopted API states the identifier URIs it has', () => {
  it('with none, writes and imports none, and names the API by its client id in scope strings', () => {
    const { stack, api: a } = api([]);
    const json = synth(stack);
    assert.deepEqual(resources(json, 'azuread_application_identifier_uri'), {});
    assert.deepEqual(importedUris(json), []);
    // The application's identifier_uris are not written, and changes to them are ignored (the tenant's none stays none).
    const app = Object.values(resources(json, 'azuread_application'))[0];
    assert.equal(app.identifier_uris, undefined);
    assert.ok(app.lifecycle.ignore_changes.includes('identifier_uris'));
    assert.deepEqual(a.identifierUris, []);
    assert.match(String(resolved(stack, a.defaultScope)), /^\$\{azuread_application\.[A-Za-z0-9_]+\.client_id\}\/\.default$/);
    assert.match(String(resolved(stack, a.scope('Inventory.Access').fullScope)), /^\$\{azuread_application\.[A-Za-z0-9_]+\.client_id\}\/Inventory\.Access$/);
    throwsWith(() => a.identifierUri, /test\/InventoryApi/, /Inventory API has no identifier URI/, /existing\.identifierUris: \[\]/, /defaultScope/);
  });

  it('with none, the scope strings its clients get and the access map name no URI', () => {
    const { stack, api: a } = api([]);
    const web = new WebApp(stack, 'Web', { displayName: 'Inventory Web', redirectUris: ['https://inventory.contoso.com/signin-oidc'] });
    web.requestScope(a, a.scope('Inventory.Access'));
    const sync = new DaemonApp(stack, 'Sync', { displayName: 'Inventory Sync' });
    sync.requestAppRole(a.appRole('Inventory.Read'));
    assert.deepEqual(web.requestedScopes.map((r) => r.scope.fullScope).map((s) => String(resolved(stack, s))).map((s) => s.replace(/^\$\{[^}]+\}/, '{clientId}')), ['{clientId}/Inventory.Access']);
    assert.deepEqual(sync.scopesToRequest.map((s) => String(resolved(stack, s))).map((s) => s.replace(/^\$\{[^}]+\}/, '{clientId}')), ['{clientId}/.default']);
    const entry = AccessMap.of(stack).toModel().apis.find((x) => x.name === 'Inventory API')!;
    assert.equal(entry.identifierUri, undefined);
    assert.equal(entry.noIdentifierUri, true);
    assert.match(AccessMap.of(stack).toMarkdown(), /- Identifier URI: none \(clients name the API by its client id/);
  });

  it('a workload identity wired to it gets {clientId}/.default, never a URI the API lacks', () => {
    const { stack, api: a } = api([]);
    const id = WorkloadIdentity.fromIdentityAttributes(stack, 'Id', {
      principalId: '6f1d2a3b-4c5d-5e6f-8a7b-9c0d1e2f3a4b', clientId: '1a2b3c4d-5e6f-5a7b-8c9d-0e1f2a3b4c5d',
      resourceId: '/subscriptions/0b1c2d3e-4f5a-5b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-inv',
    });
    const wiring = id.wiringFor({ apiScopes: [{ api: a, settingName: 'INVENTORY_API_SCOPE' }] });
    const setting = String(resolved(stack, wiring.appSettings.INVENTORY_API_SCOPE));
    assert.match(setting, /^\$\{azuread_application\.[A-Za-z0-9_]+\.client_id\}\/\.default$/);
    assert.doesNotMatch(setting, /api:\/\//);
  });

  it('with others only, writes and imports exactly those, and not api://{clientId}', () => {
    const { stack, api: a } = api(['https://contoso.onmicrosoft.com/inventory', 'api://inventory']);
    const json = synth(stack);
    const written = Object.values<any>(resources(json, 'azuread_application_identifier_uri')).map((r) => r.identifier_uri).sort();
    assert.deepEqual(written, ['api://inventory', 'https://contoso.onmicrosoft.com/inventory']);
    assert.deepEqual(importedUris(json), written);
    assert.equal(a.identifierUri, 'https://contoso.onmicrosoft.com/inventory');
    assert.equal(a.defaultScope, 'https://contoso.onmicrosoft.com/inventory/.default');
  });

  it('with api://{clientId} among them, keeps it at its address, imported, and the rest beside it', () => {
    const { stack } = api([`api://${API.clientId}`, 'https://contoso.onmicrosoft.com/inventory']);
    const json = synth(stack);
    assert.deepEqual(importedUris(json), [`api://${API.clientId}`, 'https://contoso.onmicrosoft.com/inventory']);
    // The same address as an API adopted without the list: no move for programs that add it.
    const { stack: before } = api(undefined, { additionalIdentifierUris: ['https://contoso.onmicrosoft.com/inventory'] });
    assert.deepEqual(Object.keys(resources(synth(before), 'azuread_application_identifier_uri')).sort(),
      Object.keys(resources(json, 'azuread_application_identifier_uri')).sort());
  });

  it('a URI added beside the listed ones is created, not imported', () => {
    const { stack } = api([], { additionalIdentifierUris: ['https://contoso.onmicrosoft.com/inventory'] });
    const json = synth(stack);
    assert.equal(Object.keys(resources(json, 'azuread_application_identifier_uri')).length, 1);
    assert.deepEqual(importedUris(json), []);
  });

  it('refuses a URI marked existing that existing.identifierUris does not list', () => {
    const { api: a } = api(['api://inventory']);
    throwsWith(() => a.addIdentifierUri('api://stock', { exists: true }), /test\/InventoryApi/, /'api:\/\/stock' is marked as existing/,
      /existing\.identifierUris \[api:\/\/inventory\] does not list it/);
    a.addIdentifierUri('api://stock');
  });

  it('with a custom identifierUri, warns when the list it states differs from the one the API declares', () => {
    const { stack } = api(['api://inventory', 'api://stock'], { identifierUri: 'api://inventory' });
    assert.ok(warnings(stack).some((w) => /existing\.identifierUris is \[api:\/\/inventory, api:\/\/stock\], but the API declares \[api:\/\/inventory\]: the first apply sets/.test(w)));
    const { stack: same } = api(['api://inventory'], { identifierUri: 'api://inventory' });
    assert.ok(!warnings(same).some((w) => /existing\.identifierUris/.test(w)));
  });

  it('an API the program creates still gets api://{clientId}', () => {
    const stack = makeStack();
    const a = new ProtectedApi(stack, 'Api', { displayName: 'Inventory API' });
    const uri = Object.values<any>(resources(synth(stack), 'azuread_application_identifier_uri'));
    assert.equal(uri.length, 1);
    assert.match(uri[0].identifier_uri, /^api:\/\/\$\{azuread_application\.[A-Za-z0-9_]+\.client_id\}$/);
    assert.match(String(resolved(stack, a.identifierUri)), /^\$\{azuread_application_identifier_uri\./);
  });
});

describe('an adopted client states the identifier URIs it has', () => {
  it('writes them as the registration\'s identifier_uris, and none when it has none', () => {
    const stack = makeStack();
    new WebApp(stack, 'Expenses', {
      displayName: 'Expenses', redirectUris: ['https://expenses.contoso.com/saml/acs'],
      existing: { ...DAEMON, identifierUris: ['https://expenses.contoso.com/saml'] },
    });
    new WebApp(stack, 'Portal', { displayName: 'Portal', redirectUris: ['https://portal.contoso.com/signin-oidc'], existing: { ...API, identifierUris: [] } });
    const apps = Object.values<any>(resources(synth(stack), 'azuread_application'));
    assert.deepEqual(apps.find((a) => a.display_name === 'Expenses').identifier_uris, ['https://expenses.contoso.com/saml']);
    assert.equal(apps.find((a) => a.display_name === 'Portal').identifier_uris, undefined);
  });
});

describe('permissionsInRequestOrder keeps the order Graph holds an API\'s permissions in', () => {
  it('writes each API\'s permissions in the order requested when set, sorted by type and value otherwise', () => {
    const stack = makeStack();
    const web = new WebApp(stack, 'Profile', { displayName: 'Profile', redirectUris: ['https://profile.contoso.com/signin-oidc'], permissionsInRequestOrder: true });
    web.requestGraphScope('offline_access');
    web.requestGraphScope('Mail.Read');
    const ordered = Object.values<any>(resources(synth(stack), 'azuread_application'))[0].required_resource_access[0].resource_access;
    assert.equal(ordered.length, 2);
    assert.match(ordered[0].id, /offline_access/);
    assert.match(ordered[1].id, /Mail\.Read/);
    const sortedStack = makeStack();
    const sortedWeb = new WebApp(sortedStack, 'Profile', { displayName: 'Profile', redirectUris: ['https://profile.contoso.com/signin-oidc'] });
    sortedWeb.requestGraphScope('offline_access');
    sortedWeb.requestGraphScope('Mail.Read');
    const sorted = Object.values<any>(resources(synth(sortedStack), 'azuread_application'))[0].required_resource_access[0].resource_access;
    assert.match(sorted[0].id, /Mail\.Read/);
    assert.match(sorted[1].id, /offline_access/);
  });
});

describe('a daemon adopts the Microsoft Graph application permissions granted to it', () => {
  function daemon(stack = makeStack()) {
    return { stack, sync: new DaemonApp(stack, 'Sync', { displayName: 'Directory Sync', existing: DAEMON }) };
  }

  it('imports the assignment in Graph\'s service principal instead of creating it', () => {
    const { stack, sync } = daemon();
    sync.requestGraphAppRole('User.Read.All', { existingAssignmentId: GRAPH_ASSIGNMENT, graphServicePrincipalObjectId: GRAPH_SP.toUpperCase() });
    const json = synth(stack);
    const [name, grant] = Object.entries<any>(resources(json, 'azuread_app_role_assignment'))[0];
    const imported = json.import.filter((i: any) => i.to === `azuread_app_role_assignment.${name}`);
    assert.deepEqual(imported.map((i: any) => i.id), [`/servicePrincipals/${GRAPH_SP}/appRoleAssignedTo/${GRAPH_ASSIGNMENT}`]);
    // The resource still reads Graph's service principal: the configuration is the one a new grant has.
    assert.match(grant.resource_object_id, /^\$\{data\.azuread_service_principal\.[A-Za-z0-9_]+\.object_id\}$/);
    assert.match(grant.app_role_id, /app_role_ids\["User\.Read\.All"\]/);
  });

  it('without the flag, creates the grant as before', () => {
    const { stack, sync } = daemon();
    sync.requestGraphAppRole('User.Read.All');
    const json = synth(stack);
    assert.ok(!(json.import ?? []).some((i: any) => i.to.startsWith('azuread_app_role_assignment.')));
  });

  it('needs Graph\'s service principal object id with the assignment id, and the assignment id with it', () => {
    throwsWith(() => daemon().sync.requestGraphAppRole('User.Read.All', { existingAssignmentId: GRAPH_ASSIGNMENT }),
      /test\/MicrosoftGraph\/Grant:Sync:User\.Read\.All/, /known only at apply/, /give graphServicePrincipalObjectId/);
    throwsWith(() => daemon().sync.requestGraphAppRole('User.Read.All', { graphServicePrincipalObjectId: GRAPH_SP }),
      /test\/Sync/, /'User\.Read\.All' with graphServicePrincipalObjectId but no existingAssignmentId/);
  });

  it('refuses an object id that is not a GUID, and two different ones for Graph in one stack', () => {
    throwsWith(() => daemon().sync.requestGraphAppRole('User.Read.All', { existingAssignmentId: GRAPH_ASSIGNMENT, graphServicePrincipalObjectId: 'graph' }),
      /graphServicePrincipalObjectId 'graph' is not a GUID/);
    const { stack, sync } = daemon();
    sync.requestGraphAppRole('User.Read.All', { existingAssignmentId: GRAPH_ASSIGNMENT, graphServicePrincipalObjectId: GRAPH_SP });
    const other = new DaemonApp(stack, 'Other', { displayName: 'Other Sync', existing: { ...API } });
    throwsWith(() => other.requestGraphAppRole('Group.Read.All', { existingAssignmentId: '74KDzzcGVhzIvH9mgztLkGkmzHi2Xq8tYgsKPW65Xlc',
      graphServicePrincipalObjectId: '11111111-2222-5333-8444-555555555555' }), /Microsoft Graph has one service principal in a tenant/);
  });
});
