import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Testing } from 'cdktf';
import {
  AppRoleAssignmentTable, DaemonApp, EntraGroup, EntraServicePrincipal, EntraUser, ManagedIdentity, MemberType, PrincipalKind,
  ProtectedApi, RegisteredApi, SpaApp, WorkloadIdentity,
} from '../lib';
import { canonicalGuid } from '../lib/private/uuid';
import { makeStack, synth } from './util';

// Graph stores and returns every GUID in lower case, and the azuread provider compares ids as
// plain strings (principal_object_id forces a new assignment). A program that gives ids in upper
// case (as some portals' copy buttons and scripts do) must still write them in lower case, or
// every plan after the first shows a change or a replacement. This fixture gives every
// GUID-bearing prop of the public API in upper case.

const U = (n: number) => `AAAAAAAA-BBBB-4CCC-8DDD-${n.toString(16).toUpperCase().padStart(12, 'E')}`;
/** The identifier URI is a URI, not an id: Graph keeps it as given (see docs/input-rules.md), so it is not rewritten. */
const IDENTIFIER_URI = 'api://orders.contoso.onmicrosoft.com';
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function everyGuidProp(U: (n: number) => string) {
  const stack = makeStack();
  const existing = { applicationObjectId: U(1), clientId: U(2), servicePrincipalObjectId: U(3) };
  const api = new ProtectedApi(stack, 'Api', {
    displayName: 'Orders API',
    owners: [U(4)],
    existing,
    identifierUri: IDENTIFIER_URI,
    appRoles: [{ value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION], id: U(5) }],
    scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Access', id: U(6) }],
  });
  api.addAppRole('Orders.Write', { description: 'Write', allowedMemberTypes: [MemberType.APPLICATION], id: U(7) });
  const read = api.appRole('Orders.Read');
  api.grantAppRole(EntraGroup.fromObjectId(stack, 'Group', U(8)), read);
  api.grantAppRole(EntraUser.fromObjectId(stack, 'User', U(9)), read);
  api.grantAppRole(EntraServicePrincipal.fromObjectId(stack, 'Sp', U(10)), read);
  api.grantAppRole(EntraServicePrincipal.fromClientId(stack, 'SpByClient', U(11)), read);
  api.grantAppRole(ManagedIdentity.fromSystemAssigned(stack, 'System', { principalId: U(12) }), read);
  api.grantAppRole(ManagedIdentity.fromUserAssignedAttributes(stack, 'Uai', { principalId: U(13), clientId: U(14) }), read);
  api.grantAppRole(WorkloadIdentity.fromIdentityAttributes(stack, 'Workload', {
    principalId: U(15), clientId: U(16),
    resourceId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/w',
  }), read);
  new AppRoleAssignmentTable(stack, 'Table', {
    api,
    rows: [{ principalName: 'Ops', principalObjectId: U(17), principalKind: PrincipalKind.GROUP, role: read }],
  });
  const other = RegisteredApi.fromClientId(stack, 'Other', U(18), { appRoles: [{ value: 'Other.Read' }] });
  const daemon = new DaemonApp(stack, 'Daemon', {
    displayName: 'Daemon', owners: [U(19)],
    existing: { applicationObjectId: U(20), clientId: U(21), servicePrincipalObjectId: U(22) },
  });
  daemon.requestAppRole(api.appRole('Orders.Write'));
  daemon.requestAppRole(other.appRole('Other.Read'));
  daemon.addFederatedCredential('github-main', {
    issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/orders:ref:refs/heads/main', existingCredentialId: U(23),
  });
  const spa = new SpaApp(stack, 'Web', { displayName: 'Web', redirectUris: ['https://orders.contoso.com/'], owners: [U(24)] });
  spa.requestScope(api, api.scope('Orders.Access'));
  return stack;
}

/** Every string in `value` with its JSON path. */
function* strings(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
}

describe('GUIDs are written in lower case, as Graph stores them', () => {
  const stack = everyGuidProp(U);
  const json = synth(stack);
  const raw = Testing.synth(stack, true);

  it('writes no GUID with an upper-case letter anywhere in cdk.tf.json', () => {
    const upper = [...strings(json)].flatMap(([p, s]) => (s.match(GUID) ?? []).filter((g) => g !== g.toLowerCase()).map((g) => `${p}: ${g}`));
    assert.deepEqual(upper, []);
  });

  it('writes each GUID given in upper case, in lower case (the fixture really reaches every prop)', () => {
    // Every input GUID reaches the JSON, but an adopted registration's client id (Graph knows it; nothing writes it)
    // and the client ids of user-assigned identities (what their code puts in AZURE_CLIENT_ID).
    for (let n = 1; n <= 24; n++) {
      if ([2, 14, 16, 21].includes(n)) continue;
      assert.ok(raw.includes(U(n).toLowerCase()), `${U(n)} (input ${n}) is not written in lower case`);
    }
  });

  it('writes the grant to an upper-case group id with the lower-case id, in the place the provider compares', () => {
    const grants = Object.values(json.resource.azuread_app_role_assignment) as any[];
    assert.equal(grants.filter((g) => g.principal_object_id === U(8).toLowerCase()).length, 1);
    assert.equal(grants.filter((g) => String(g.principal_object_id).toLowerCase() === U(8).toLowerCase()).length, 1);
  });

  it('writes byte for byte what the same program with lower-case ids writes: keys, logical ids and import ids unchanged', () => {
    assert.equal(raw, Testing.synth(everyGuidProp((n) => U(n).toLowerCase()), true));
  });

  it('leaves tokens and names alone', () => {
    assert.equal(canonicalGuid('${azuread_group.x.object_id}'), '${azuread_group.x.object_id}');
    assert.equal(canonicalGuid('Orders'), 'Orders');
    assert.equal(canonicalGuid(undefined), undefined);
  });
});
