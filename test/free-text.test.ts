import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { App, TerraformStack } from 'cdktf';
import {
  AppRoleAssignmentTable, DaemonApp, EntraGroup, EntraServicePrincipal, EntraUser, ManagedIdentity, MemberType, PrincipalKind, ProtectedApi,
  SignInAudience, SpaApp, WebApp,
} from '../lib';
import { at, makeStack, messageOf, onlyResource, synth, throwsWith, warnings } from './util';

// Issue 18, items 1-4: free text, URIs, values Entra compares loosely, audiences that never meet.
// Each rule: the bad value refused (or warned) with its message, the nearest valid value accepted,
// an adopted object warned about instead of refused.

const EXISTING = { applicationObjectId: 'a0000000-0000-4000-8000-000000000001', clientId: 'a0000000-0000-4000-8000-000000000002', servicePrincipalObjectId: 'a0000000-0000-4000-8000-000000000003' };
const TENANT = 'c0ffee00-0000-4000-8000-000000000001';

describe('free text', () => {
  it('refuses a display name with a line break or white space at an end, showing the bad character', () => {
    throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'Orders\nAPI' }), /\[test\/Api\] displayName 'Orders\\nAPI' has a control character/);
    throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'Orders API ' }), /displayName 'Orders API·' has white space at its start or end/);
    throwsWith(() => new SpaApp(makeStack(), 'Web', { displayName: '\tWeb', redirectUris: ['https://a.contoso.com/'] }), /displayName '\\tWeb'/);
  });

  it('takes the nearest valid names: inner spaces, non-ASCII, exactly 256 characters', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'Api', { displayName: 'Orders – Bestellungen API' });
    new ProtectedApi(stack, 'Long', { displayName: 'ü'.repeat(256), preventDuplicateNames: false });
    const json = synth(stack);
    assert.equal(at(json, 'azuread_application', 'Api').display_name, 'Orders – Bestellungen API');
    assert.equal(at(json, 'azuread_application', 'Long').display_name, 'ü'.repeat(256));
    throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'x'.repeat(257) }), /257 characters long/, /application\.displayName/, /at most 256/);
  });

  it('warns, and writes the name as Graph holds it, for an adopted registration', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'Api', { displayName: 'Orders API ', existing: EXISTING });
    assert.equal(at(synth(stack), 'azuread_application', 'Api').display_name, 'Orders API ');
    assert.ok(warnings(stack).some((w) => /displayName 'Orders API·' has white space/.test(w) && /exists already/.test(w)));
  });

  it('takes line breaks inside descriptions and notes, and refuses other control characters there', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'A', notes: 'owned by\nthe platform team' });
    api.addAppRole('Orders.Read', { description: 'Read orders.\nAll of them.', allowedMemberTypes: [MemberType.USER] });
    synth(stack);
    throwsWith(() => api.addAppRole('Orders.Write', { description: 'Write\u0007', allowedMemberTypes: [MemberType.USER] }),
      /app role 'Orders\.Write' description 'Write\\u0007' has a control character/, /line breaks and tabs are fine/);
    throwsWith(() => api.addScope('Orders.Access', { adminConsentDescription: 'Access', adminConsentDisplayName: ' Access' }),
      /scope 'Orders\.Access' adminConsentDisplayName '·Access' has white space/);
  });

  it('refuses a table principal name with a line break or trailing space', () => {
    const { api, role } = tableApi();
    throwsWith(() => AppRoleAssignmentTable.forApi(api).addRow({ principalName: 'Ops ', principalObjectId: 'b0000000-0000-4000-8000-000000000001', principalKind: PrincipalKind.GROUP, role }),
      /row 0 .* principalName 'Ops·' has white space/, /for_each key/);
    throwsWith(() => AppRoleAssignmentTable.forApi(api).addRow({ principalName: 'Ops\nTeam', principalObjectId: 'b0000000-0000-4000-8000-000000000001', principalKind: PrincipalKind.GROUP, role }),
      /'Ops\\nTeam' has a control character/);
  });

  it('refuses a federated credential issuer with a trailing space, and a subject over 600 characters; warns for an adopted credential', () => {
    const sync = new DaemonApp(makeStack(), 'Sync', { displayName: 'Sync' });
    throwsWith(() => sync.addFederatedCredential('a', { issuer: 'https://token.actions.githubusercontent.com ', subject: 's' }),
      /federated credential issuer 'https:\/\/token\.actions\.githubusercontent\.com·' has white space/);
    throwsWith(() => sync.addFederatedCredential('b', { issuer: 'https://i.example.com', subject: 's'.repeat(601) }), /601 characters long/, /at most 600/);
    sync.addFederatedCredential('c', { issuer: 'https://i.example.com', subject: 's'.repeat(600) });
    const stack = makeStack();
    const adopted = new DaemonApp(stack, 'Sync', { displayName: 'Sync', existing: EXISTING });
    adopted.addFederatedCredential('d', { issuer: 'https://i.example.com ', subject: 's', existingCredentialId: 'd0000000-0000-4000-8000-000000000001' });
    assert.equal(onlyResource(synth(stack), 'azuread_application_federated_identity_credential').issuer, 'https://i.example.com ');
    assert.ok(warnings(stack).some((w) => /issuer 'https:\/\/i\.example\.com·'/.test(w)));
  });

  it('never judges a token, and never prints one', () => {
    const stack = makeStack();
    const other = new ProtectedApi(stack, 'Other', { displayName: 'Other' });
    new ProtectedApi(stack, 'Api', { displayName: other.clientId, preventDuplicateNames: false });
    synth(stack);
  });
});

function tableApi() {
  const stack = makeStack();
  const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
  const role = api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] });
  return { stack, api, role };
}

describe('URIs', () => {
  const WEB = { displayName: 'Portal' };
  it('refuses a redirect URI with user:password@, without printing the password', () => {
    const message = messageOf(() => new WebApp(makeStack(), 'Portal', { ...WEB, redirectUris: ['https://admin:hunter2@portal.contoso.com/signin-oidc'] }));
    assert.match(message, /\[test\/Portal\] web redirect URI 'https:\/\/\*\*\*@portal\.contoso\.com\/signin-oidc' has a user name or password/);
    assert.doesNotMatch(message, /hunter2/);
  });

  it('refuses characters outside RFC 3986 and the specials Entra does not support, and takes them percent-encoded', () => {
    throwsWith(() => new WebApp(makeStack(), 'Portal', { ...WEB, redirectUris: ['https://portal.contoso.com/sign in'] }), /white space/);
    throwsWith(() => new WebApp(makeStack(), 'Portal', { ...WEB, redirectUris: ['https://portal.contoso.com/a<b'] }), /'<'/, /RFC 3986/, /%3C/);
    throwsWith(() => new WebApp(makeStack(), 'Portal', { ...WEB, redirectUris: ['https://portal.contoso.com/cb(1)'] }), /'\('/, /do not support/);
    throwsWith(() => new SpaApp(makeStack(), 'Web', { displayName: 'W', redirectUris: ['https://orders.contoso.com/caf\u00e9'] }), /'é'/, /%C3%A9/);
    const stack = makeStack();
    new WebApp(stack, 'Portal', { ...WEB, redirectUris: ['https://portal.contoso.com/a%3Cb', 'https://portal.contoso.com/signin-oidc?x=1&y=2'] });
    assert.deepEqual(at(synth(stack), 'azuread_application', 'Portal').web.redirect_uris.length, 2);
  });

  it('warns, not refuses, for an adopted registration that holds such a URI', () => {
    const stack = makeStack();
    new WebApp(stack, 'Portal', { ...WEB, redirectUris: ['https://portal.contoso.com/cb(1)'], existing: EXISTING });
    assert.deepEqual(at(synth(stack), 'azuread_application', 'Portal').web.redirect_uris, ['https://portal.contoso.com/cb(1)']);
    assert.ok(warnings(stack).some((w) => /do not support/.test(w) && /exists already/.test(w)));
  });

  it('checks api://{guid} against the tenant id and the app\'s own client id', () => {
    throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'A', tenantId: TENANT, identifierUri: 'api://e0000000-0000-4000-8000-000000000009/orders' }),
      /names the GUID e0000000-0000-4000-8000-000000000009, which is neither the tenant id/);
    const stack = makeStack();
    new ProtectedApi(stack, 'Api', { displayName: 'A', tenantId: TENANT, identifierUri: `api://${TENANT.toUpperCase()}/orders` });
    new ProtectedApi(stack, 'Adopted', { displayName: 'B', tenantId: TENANT, identifierUri: `api://${EXISTING.clientId}`, existing: EXISTING });
    synth(stack);
    assert.ok(!warnings(stack).some((w) => /fixed GUID/.test(w)));
    throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'A', tenantId: 'contoso.onmicrosoft.com' }), /tenantId 'contoso\.onmicrosoft\.com' is not a GUID/);
  });
});

describe('values Entra compares loosely', () => {
  it('warns of role and scope values that differ only in case, naming both', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'A' });
    api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] });
    api.addScope('orders.read', { adminConsentDescription: 'Read' });
    assert.ok(warnings(stack).some((w) => /scope value 'orders\.read' differs only in case from app role 'Orders\.Read'/.test(w)));
    const clean = makeStack();
    const ok = new ProtectedApi(clean, 'Api', { displayName: 'A' });
    ok.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] });
    ok.addScope('Orders.Access', { adminConsentDescription: 'Access' });
    assert.ok(!warnings(clean).some((w) => /differs only in case/.test(w)));
  });

  it('refuses one object id used as a group and as a user, naming both constructs', () => {
    const stack = makeStack();
    EntraGroup.fromObjectId(stack, 'Admins', 'e0000000-0000-4000-8000-000000000001');
    throwsWith(() => EntraUser.fromObjectId(stack, 'Jane', 'E0000000-0000-4000-8000-000000000001'),
      /\[test\/Jane\] object id e0000000-0000-4000-8000-000000000001 is used as a User, but test\/Admins uses it as a Group/);
    const { api, role } = tableApi();
    EntraServicePrincipal.fromObjectId(api, 'Sp', 'e0000000-0000-4000-8000-000000000002');
    throwsWith(() => AppRoleAssignmentTable.forApi(api).addRow({ principalName: 'X', principalObjectId: 'e0000000-0000-4000-8000-000000000002', principalKind: PrincipalKind.GROUP, role }),
      /is used as a Group, but test\/Api\/Sp uses it as a ServicePrincipal/);
  });

  it('takes one id as a managed identity and as a service principal: a managed identity\'s principal is a service principal', () => {
    const stack = makeStack();
    ManagedIdentity.fromSystemAssigned(stack, 'Fn', { principalId: 'e0000000-0000-4000-8000-000000000003' });
    EntraServicePrincipal.fromObjectId(stack, 'FnSp', 'e0000000-0000-4000-8000-000000000003');
    EntraGroup.fromObjectId(stack, 'G1', 'e0000000-0000-4000-8000-000000000004');
    EntraGroup.fromObjectId(stack, 'G2', 'e0000000-0000-4000-8000-000000000004');
  });

  it('warns of a table in which one name maps to two object ids, once, and not of one id under one name', () => {
    const { stack, api, role } = tableApi();
    const write = api.addAppRole('Orders.Write', { description: 'Write', allowedMemberTypes: [MemberType.USER] });
    const table = new AppRoleAssignmentTable(stack, 'Table', { api, rows: [
      { principalName: 'Ops', principalObjectId: 'f0000000-0000-4000-8000-000000000001', principalKind: PrincipalKind.GROUP, role },
      { principalName: 'Ops', principalObjectId: 'f0000000-0000-4000-8000-000000000001', principalKind: PrincipalKind.GROUP, role: write },
    ] });
    assert.ok(!warnings(stack).some((w) => /both name 'Ops'/.test(w)));
    table.addRow({ principalName: 'Ops', principalObjectId: 'f0000000-0000-4000-8000-000000000002', principalKind: PrincipalKind.GROUP, role });
    assert.equal(warnings(stack).filter((w) => /row 2 and row 0 both name 'Ops', with different object ids/.test(w)).length, 1);
  });
});

describe('audiences that never meet', () => {
  it('warns when a client for personal accounts requests a scope of an API for its own tenant only, saying who never gets a token', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Access' }] });
    const spa = new SpaApp(stack, 'Web', { displayName: 'Web', redirectUris: ['https://orders.contoso.com/'], signInAudience: SignInAudience.AZURE_AD_AND_PERSONAL_MICROSOFT_ACCOUNT });
    spa.requestScope(api, api.scope('Orders.Access'));
    assert.ok(warnings(stack).some((w) => /\[test\/Web\] requests scope 'Orders\.Access' of Orders API, whose signInAudience is AzureADMyOrg/.test(w)
      && /personal Microsoft accounts that sign in to Web will never get a token/.test(w)));
  });

  it('warns of the reverse, and not when the audiences meet or the client follows the API', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', signInAudience: SignInAudience.PERSONAL_MICROSOFT_ACCOUNT,
      scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Access' }] });
    new SpaApp(stack, 'Work', { displayName: 'Work', redirectUris: ['https://w.contoso.com/'], signInAudience: SignInAudience.AZURE_AD_MY_ORG })
      .requestScope(api, api.scope('Orders.Access'));
    new SpaApp(stack, 'Follows', { displayName: 'Follows', redirectUris: ['https://f.contoso.com/'] }).requestScope(api, api.scope('Orders.Access'));
    const found = warnings(stack).filter((w) => /will never get a token/.test(w));
    assert.equal(found.length, 1);
    assert.match(found[0], /\[test\/Work\].*work and school accounts that sign in to Work will never get a token/);
  });
});

describe('on an error, nothing is written', () => {
  it('writes no cdk.tf.json when a rule refuses a value', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-free-text-'));
    // A program as a user's main.ts runs it: build the stack, then synthesize.
    const program = () => {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'bad');
      new ProtectedApi(stack, 'Api', { displayName: 'Orders API\n' });
      app.synth();
    };
    throwsWith(program, /control character/);
    assert.equal(fs.existsSync(path.join(outdir, 'stacks', 'bad', 'cdk.tf.json')), false);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
