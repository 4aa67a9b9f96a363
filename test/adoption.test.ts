import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Token } from 'cdktf';
import {
  AppRoleAssignmentTable, ConsentType, DaemonApp, EntraGroup, ExistingRegistration, ManagedIdentity, MemberType, PrincipalKind, ProtectedApi,
  RegisteredApi, SpaApp, WebApp,
} from '../lib';
import { at, makeStack, resources, synth, throwsWith, warnings } from './util';
import { PLATFORM } from '../lib/platform';

const API: ExistingRegistration = {
  applicationObjectId: 'c85d75ae-767c-5a42-9f3f-f7bcd220c4d9',
  clientId: '9277da26-bd02-5993-a64d-74e5fdae3743',
  servicePrincipalObjectId: '537e152b-a899-5b19-a0c0-54f61b1c53ba',
};
const CLIENT: ExistingRegistration = {
  applicationObjectId: '2546c976-62cb-563c-ba93-81305f588a1e',
  clientId: '90fee439-8b7e-5191-a465-9b5e269170b0',
  servicePrincipalObjectId: '557affe7-2cd2-5c18-bd3a-ced54db9f34a',
};
const READ_ID = 'ea260b73-a185-5cc1-905e-0ae81f609251';
const SCOPE_ID = '59838854-d61c-5082-a081-3344c2b9029d';
const GROUP = 'dcba3ae6-e19a-5f5f-8b83-f634188c78b8';
const ASSIGNMENT = 'mYQB-SXY1iPWzMVrhF3QdTUhjncuTvOT7Qe_VWhQAnA';

function adoptedApi(stack = makeStack()) {
  const api = new ProtectedApi(stack, 'OrdersApi', {
    displayName: 'Orders API',
    existing: API,
    appRoles: [{ value: 'Orders.Read', id: READ_ID, description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] }],
    scopes: [{ value: 'Orders.Access', id: SCOPE_ID, adminConsentDescription: 'Call the API' }],
  });
  return { stack, api };
}

/** Import blocks of the synthesized stack, by the Terraform type of their target. */
function importsByType(json: any): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const i of json.import ?? []) (out[i.to.split('.')[0]] ??= []).push(i.id);
  return out;
}

describe('adopting existing registrations', () => {
  it('imports the application, its service principal and its api://{clientId} identifier URI', () => {
    const { stack } = adoptedApi();
    const json = synth(stack);
    assert.deepEqual(importsByType(json), {
      azuread_application: [`/applications/${API.applicationObjectId}`],
      azuread_service_principal: [`/servicePrincipals/${API.servicePrincipalObjectId}`],
      // standard base64 of api://9277da26-..., as the provider's importer parses it
      azuread_application_identifier_uri: [`/applications/${API.applicationObjectId}/identifierUris/YXBpOi8vOTI3N2RhMjYtYmQwMi01OTkzLWE2NGQtNzRlNWZkYWUzNzQz`],
    });
    const app = Object.values(resources(json, 'azuread_application'))[0];
    // The name check is for creating; the adopted registration has its name.
    assert.equal(app.prevent_duplicate_names, false);
    assert.deepEqual(app.app_role.map((r: any) => r.id), [READ_ID]);
  });

  it('imports nothing for a registration that is not adopted', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API' });
    const json = synth(stack);
    assert.equal(json.import, undefined);
    assert.equal(Object.values(resources(json, 'azuread_application'))[0].prevent_duplicate_names, true);
  });

  it('throws if a role or scope of an adopted API has no existing id', () => {
    const { api } = adoptedApi();
    throwsWith(() => api.addAppRole('Orders.Write', { description: 'Write', allowedMemberTypes: [MemberType.APPLICATION] }),
      /\[test\/OrdersApi\] adopts an existing registration, but app role 'Orders\.Write' has no id/, /appRoles\[\]\.id/);
    throwsWith(() => api.addScope('Orders.Export', { adminConsentDescription: 'Export' }), /scope 'Orders\.Export' has no id/, /api\.oauth2PermissionScopes\[\]\.id/);
  });

  it('throws if an existing id has the wrong shape or is the id of another object', () => {
    const make = (existing: ExistingRegistration) => new ProtectedApi(makeStack(), 'Api', { displayName: 'Orders API', existing });
    throwsWith(() => make({ ...API, applicationObjectId: 'orders' }), /existing\.applicationObjectId 'orders' is not a GUID/, /Object ID/);
    throwsWith(() => make({ ...API, servicePrincipalObjectId: `/servicePrincipals/${API.servicePrincipalObjectId}` }),
      /existing\.servicePrincipalObjectId '\/servicePrincipals\/537e.*' is an import id or resource path; give the bare GUID/);
    throwsWith(() => make({ ...API, servicePrincipalObjectId: API.applicationObjectId }),
      /existing\.applicationObjectId and existing\.servicePrincipalObjectId are both 'c85d75ae-.*'; they are ids of different objects/);
    throwsWith(() => make({ ...API, clientId: Token.asString({ resolve: () => 'x' }) }), /existing\.clientId is a token; an import id must be known at synth/);
  });

  it('adopts a client registration the same way, through the one registration core', () => {
    const stack = makeStack();
    new SpaApp(stack, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'], existing: CLIENT });
    assert.deepEqual(importsByType(synth(stack)), {
      azuread_application: [`/applications/${CLIENT.applicationObjectId}`],
      azuread_service_principal: [`/servicePrincipals/${CLIENT.servicePrincipalObjectId}`],
    });
  });
});

describe('adopting existing grants', () => {
  it('imports a single grant by its assignment id in the API\'s service principal', () => {
    const { stack, api } = adoptedApi();
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'Readers', GROUP), api.appRole('Orders.Read'), { existingAssignmentId: ASSIGNMENT });
    const json = synth(stack);
    assert.deepEqual(importsByType(json).azuread_app_role_assignment, [`/servicePrincipals/${API.servicePrincipalObjectId}/appRoleAssignedTo/${ASSIGNMENT}`]);
  });

  it('imports default access and a daemon\'s app role the same way', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'ReportsApi', { displayName: 'Reports API', existing: API });
    api.grantDefaultAccess(EntraGroup.fromObjectId(stack, 'Readers', GROUP), { existingAssignmentId: ASSIGNMENT });
    const { api: orders } = adoptedApi(stack);
    const daemon = new DaemonApp(stack, 'Sync', { displayName: 'Orders Sync', existing: CLIENT });
    daemon.requestAppRole(orders.appRole('Orders.Read'), { existingAssignmentId: 'XIjvhYldpZ6vCX6lnfqHmxCq--0gf0DFFFXJrpnlmlo' });
    assert.equal(importsByType(synth(stack)).azuread_app_role_assignment.length, 2);
  });

  it('imports table rows into their for_each instances', () => {
    const { stack, api } = adoptedApi();
    const table = new AppRoleAssignmentTable(stack, 'Grants', { api });
    table.addRow({ principalName: 'Order readers', principalObjectId: GROUP, principalKind: PrincipalKind.GROUP, role: api.appRole('Orders.Read'), existingAssignmentId: ASSIGNMENT });
    table.addRow({ principalName: 'New readers', principalObjectId: '0b8f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4', principalKind: PrincipalKind.GROUP, role: api.appRole('Orders.Read') });
    const json = synth(stack);
    const name = Object.keys(resources(json, 'azuread_app_role_assignment'))[0];
    const rows = (json.import as any[]).filter((i) => i.to.startsWith('azuread_app_role_assignment.'));
    assert.deepEqual(rows, [{ to: `azuread_app_role_assignment.${name}["Orders.Read ${GROUP}"]`, id: `/servicePrincipals/${API.servicePrincipalObjectId}/appRoleAssignedTo/${ASSIGNMENT}` }]);
  });

  it('throws if an assignment id is a GUID, a path or not an id Graph gives', () => {
    const { stack, api } = adoptedApi();
    const group = EntraGroup.fromObjectId(stack, 'Readers', GROUP);
    const read = api.appRole('Orders.Read');
    throwsWith(() => api.grantAppRole(group, read, { existingAssignmentId: READ_ID }),
      /existingAssignmentId 'ea260b73-.*' is a GUID, which is the id of a role, scope or object, not of an assignment/, /appRoleAssignedTo/);
    throwsWith(() => api.grantAppRole(EntraGroup.fromObjectId(stack, 'R2', GROUP), read, { existingAssignmentId: `/servicePrincipals/x/appRoleAssignedTo/${ASSIGNMENT}` }),
      /is a path; give only the id/);
    throwsWith(() => api.grantAppRole(EntraGroup.fromObjectId(stack, 'R3', GROUP), read, { existingAssignmentId: 'not an id!' }), /is not an id Graph gives/);
  });

  it('throws if the assignment is adopted on an API whose service principal is known only at apply', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API' });
    const read = api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.APPLICATION] });
    const mi = ManagedIdentity.fromSystemAssigned(stack, 'Fn', { principalId: '9c6f6b9b-f1ce-57b3-95a6-60e133fc9139' });
    throwsWith(() => api.grantAppRole(mi, read, { existingAssignmentId: ASSIGNMENT }),
      /adopts an existing assignment in Orders API, whose service principal object id is known only at apply/, /existing: \{ \.\.\. \}/);
    const graph = RegisteredApi.microsoftGraph(stack);
    throwsWith(() => graph.grantAppRole(mi, graph.appRole('User.Read.All'), { existingAssignmentId: ASSIGNMENT }), /known only at apply/);
  });
});

describe('adopting pre-authorizations, consents and federated credentials', () => {
  it('imports the pre-authorization and the admin consent of adopted registrations', () => {
    const { stack, api } = adoptedApi();
    const web = new WebApp(stack, 'Portal', { displayName: 'Portal', redirectUris: ['https://portal.contoso.com/signin-oidc'], existing: CLIENT });
    web.requestScope(api, api.scope('Orders.Access'), { preAuthorizationExists: true, adminConsent: true, existingGrantId: 'X-JWNJK_CIsJa1DixQwCFJ9fkbcpLdWH1ufQ8p0GMJQ' });
    web.addFederatedCredential('github-main', {
      issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/portal:ref:refs/heads/main', existingCredentialId: 'de39115f-2e0a-5192-923e-13cf839154e8',
    });
    const byType = importsByType(synth(stack));
    assert.deepEqual(byType.azuread_application_pre_authorized, [`${API.applicationObjectId}/preAuthorizedApplication/${CLIENT.clientId}`]);
    assert.deepEqual(byType.azuread_service_principal_delegated_permission_grant, ['/oauth2PermissionGrants/X-JWNJK_CIsJa1DixQwCFJ9fkbcpLdWH1ufQ8p0GMJQ']);
    assert.deepEqual(byType.azuread_application_federated_identity_credential, [`${CLIENT.applicationObjectId}/federatedIdentityCredential/de39115f-2e0a-5192-923e-13cf839154e8`]);
  });

  it('throws if a pre-authorization, consent or credential is adopted for a registration that is not', () => {
    const { stack, api } = adoptedApi();
    const spa = new SpaApp(stack, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'] });
    throwsWith(() => spa.requestScope(api, api.scope('Orders.Access'), { preAuthorizationExists: true }),
      /\[test\/Web\] adopts its pre-authorization on Orders API, but Orders Web \(test\/Web\) is not an existing registration/);
    const web = new WebApp(stack, 'Portal', { displayName: 'Portal', redirectUris: ['https://portal.contoso.com/signin-oidc'] });
    throwsWith(() => web.addFederatedCredential('gh', { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:a/b:ref:refs/heads/main', existingCredentialId: CLIENT.clientId }),
      /adopts federated credential 'gh', but Portal \(test\/Portal\) is not an existing registration/);
  });

  it('throws if existingGrantId comes without admin consent, or two requests give two grant ids', () => {
    const { stack, api } = adoptedApi();
    api.addScope('Orders.Export', { id: '05789597-255e-5e91-9052-2619f5906735', adminConsentDescription: 'Export' });
    const web = new WebApp(stack, 'Portal', { displayName: 'Portal', redirectUris: ['https://portal.contoso.com/signin-oidc'], existing: CLIENT });
    throwsWith(() => web.requestScope(api, api.scope('Orders.Access'), { existingGrantId: 'X-JWNJK_CIsJa1DixQwCFJ9fkbcpLdWH1ufQ8p0GMJQ' }),
      /with existingGrantId but without adminConsent: true/);
    const web2 = new WebApp(stack, 'Portal2', { displayName: 'Portal 2', redirectUris: ['https://portal.contoso.com/signin-oidc'], existing: { ...CLIENT, applicationObjectId: 'da4cddf2-c80e-5eec-b4e9-2998e9418944', clientId: '983d6f74-17e2-5342-899b-87eb1e168453', servicePrincipalObjectId: '6301a9fe-063f-5f4a-85ad-27ae71e37f01' } });
    web2.requestScope(api, api.scope('Orders.Access'), { adminConsent: true, existingGrantId: 'X-JWNJK_CIsJa1DixQwCFJ9fkbcpLdWH1ufQ8p0GMJQ' });
    throwsWith(() => web2.requestScope(api, api.scope('Orders.Export'), { adminConsent: true, existingGrantId: 'FIQoIuInU2C2fWRv4F3W93vhGq4UVNcBxssXwOltgls' }),
      /gives two existingGrantIds for its admin consent on Orders API/);
    throwsWith(() => web2.requestScope(api, api.scope('Orders.Export'), { preAuthorize: false, preAuthorizationExists: true }), /with preAuthorizationExists but without pre-authorization/);
  });

  it('throws if a federated credential id is not a GUID', () => {
    const stack = makeStack();
    const daemon = new DaemonApp(stack, 'Sync', { displayName: 'Orders Sync', existing: CLIENT });
    throwsWith(() => daemon.addFederatedCredential('gh', { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:a/b:ref:refs/heads/main', existingCredentialId: 'github-main' }),
      /existingCredentialId 'github-main' is not a GUID/);
  });
});

describe('cdktf-entra-identity adopt and audit', () => {
  it('run from bin/ with their exit codes', () => {
    const root = path.resolve(__dirname, '..');
    const bin = path.join(root, 'bin', 'cdktf-entra-identity.js');
    const exportDir = path.join(__dirname, 'fixtures', 'tenant-export', 'contoso');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'adopt-bin-'));
    try {
      const out = path.join(tmp, 'adopted', 'main.ts');
      const adopt = spawnSync(process.execPath, ['--import', 'tsx', bin, 'adopt', exportDir, '--out', out], { cwd: root, encoding: 'utf8' });
      assert.equal(adopt.status, 0, adopt.stderr);
      assert.ok(fs.readFileSync(out, 'utf8').startsWith(`// Generated by \`${PLATFORM.library.npm} adopt\` from the tenant export in 'contoso'.`));
      const map = path.join(tmp, 'map.json');
      fs.writeFileSync(map, JSON.stringify({ version: 1, stack: 'empty', apis: [], principals: [] }));
      const audit = spawnSync(process.execPath, ['--import', 'tsx', bin, 'audit', exportDir, map], { cwd: root, encoding: 'utf8' });
      assert.equal(audit.status, 3, audit.stderr);
      assert.match(audit.stdout, /Orders API \([0-9a-f-]+, NOT declared in code\)/);
      const usage = spawnSync(process.execPath, ['--import', 'tsx', bin, 'audit', exportDir], { cwd: root, encoding: 'utf8' });
      assert.equal(usage.status, 2);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('import blocks', () => {
  it('an adopted program synthesizes where no terraform is on PATH, one import block per adopted object', () => {
    // cdktf's importFrom spawns `terraform version` per imported resource at synth, and fails
    // without it; the library writes the import blocks itself and checks nothing at synth.
    const root = path.resolve(__dirname, '..');
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'adopt-noterraform-'));
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'adopt-path-'));
    try {
      fs.symlinkSync(process.execPath, path.join(bin, 'node'));
      const env = { ...process.env, PATH: bin, CDKTF_OUTDIR: outdir };
      const which = spawnSync('sh', ['-c', 'command -v terraform'], { env, encoding: 'utf8' });
      assert.notEqual(which.status, 0, 'terraform is still on PATH');
      const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'examples', 'adopted', 'main.ts')], { cwd: root, env, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'adopted', 'cdk.tf.json'), 'utf8'));
      const imports: { to: string; id: string }[] = json.import;
      assert.ok(imports.length >= 20, `expected the example's import blocks, got ${imports.length}`);
      for (const i of imports) {
        const [type, name] = i.to.replace(/\[.*\]$/, '').split('.');
        assert.ok(json.resource[type]?.[name], `import block to ${i.to}, which is not a resource`);
      }
      assert.equal(new Set(imports.map((i) => i.to)).size, imports.length, 'two import blocks to one address');
      assert.deepEqual(Object.keys(json['//'].metadata.imports).sort(), [...new Set(imports.map((i) => i.to.split('.')[0]))].sort());
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe('refuse on create, warn on adopt: existing state that breaks a library rule is stated as it is', () => {
  const ROLES = [
    { value: 'Orders.Read', id: READ_ID, description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] },
    { value: 'Orders.Approve', id: 'f1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8', description: 'Approve', allowedMemberTypes: [MemberType.USER] },
  ];

  it('default access on an API with roles: an adopted assignment warns that its holder gets no role claim; a new one is still refused', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API', existing: API, appRoles: ROLES });
    const grant = api.grantDefaultAccess(EntraGroup.fromObjectId(stack, 'Everyone', GROUP), { existingAssignmentId: ASSIGNMENT });
    const json = synth(stack);
    assert.equal(resources(json, 'azuread_app_role_assignment')[Object.keys(resources(json, 'azuread_app_role_assignment'))[0]].app_role_id,
      '00000000-0000-0000-0000-000000000000');
    const w = warnings(stack).filter((m) => m.startsWith(`[${grant.node.path}]`));
    assert.equal(w.length, 1);
    assert.match(w[0], /adopts a default-access assignment .* declares app roles \[Orders\.Read, Orders\.Approve\]: its holder gets a token with no role claim.*a new one would be refused \(ENTRA-RULES 1\)/);

    const fresh = makeStack();
    const created = new ProtectedApi(fresh, 'OrdersApi', { displayName: 'Orders API', appRoles: ROLES.map(({ id: _id, ...r }) => r) });
    created.grantDefaultAccess(EntraGroup.fromObjectId(fresh, 'Everyone', GROUP));
    throwsWith(() => synth(fresh), /default access is granted, but the API declares app roles.*ENTRA-RULES 1/);
  });

  it('warns when roles are declared after an adopted default-access assignment, too', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API', existing: API });
    api.grantDefaultAccess(EntraGroup.fromObjectId(stack, 'Everyone', GROUP), { existingAssignmentId: ASSIGNMENT });
    assert.equal(warnings(stack).filter((m) => m.includes('default-access')).length, 0);
    api.addAppRole('Orders.Read', ROLES[0]);
    synth(stack);
    assert.equal(warnings(stack).filter((m) => m.includes('adopts a default-access assignment')).length, 1);
  });

  it('a daemon holding a user-only role: adopted, a warning on the assignment; requested new, still refused (ENTRA-RULES 6)', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API', existing: API, appRoles: ROLES });
    const daemon = new DaemonApp(stack, 'Sync', { displayName: 'Orders Sync', existing: CLIENT });
    const request = daemon.requestAppRole(api.appRole('Orders.Approve'), { existingAssignmentId: ASSIGNMENT });
    const json = synth(stack);
    assert.equal(at(json, 'azuread_app_role_assignment', 'OrdersApi/Grant:Sync:Orders.Approve').app_role_id, ROLES[1].id);
    assert.deepEqual(at(json, 'azuread_application', 'Sync').required_resource_access[0].resource_access, [{ id: ROLES[1].id, type: 'Role' }]);
    const w = warnings(stack).filter((m) => m.startsWith(`[${request.assignment.node.path}]`));
    assert.equal(w.length, 1);
    assert.match(w[0], /allows only \[User\] members.*It exists already and is adopted as it is: the principal holds a role its kind may not hold/);

    const other = new DaemonApp(stack, 'Other', { displayName: 'Other' });
    throwsWith(() => other.requestAppRole(api.appRole('Orders.Approve')), /a daemon calls with app-only tokens and can only hold a role that allows Application \(ENTRA-RULES 6\)/);
    throwsWith(() => api.grantAppRole(other, api.appRole('Orders.Approve')), /allows only \[User\] members/);
  });

  it('a table row: adopted warns, new refused', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API', existing: API, appRoles: ROLES });
    const table = new AppRoleAssignmentTable(stack, 'Grants', { api });
    const sp = '0b8f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4';
    table.addRow({ principalName: 'Old job', principalObjectId: sp, principalKind: PrincipalKind.SERVICE_PRINCIPAL, role: api.appRole('Orders.Approve'), existingAssignmentId: ASSIGNMENT });
    synth(stack);
    assert.ok(warnings(stack).some((m) => m.includes('It exists already and is adopted as it is')));
    throwsWith(() => table.addRow({ principalName: 'New job', principalObjectId: 'aa8f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4', principalKind: PrincipalKind.SERVICE_PRINCIPAL, role: api.appRole('Orders.Approve') }),
      /allows only \[User\] members/);
  });

  it('a web app or SPA without redirect URIs: adopted, kept without and warned; created, refused', () => {
    const stack = makeStack();
    const web = new WebApp(stack, 'Portal', { displayName: 'Portal', redirectUris: [], existing: CLIENT });
    const json = synth(stack);
    assert.deepEqual(at(json, 'azuread_application', 'Portal').web.redirect_uris, []);
    assert.ok(warnings(stack).some((m) => m.startsWith(`[${web.node.path}] redirectUris is empty`) && m.includes('It exists already and is adopted as it is: no user can sign in')));
    throwsWith(() => new WebApp(makeStack(), 'Portal', { displayName: 'Portal', redirectUris: [] }), /redirectUris is empty; a web app needs at least one/);
    throwsWith(() => new SpaApp(makeStack(), 'Web', { displayName: 'Web', redirectUris: [] }), /redirectUris is empty; a SPA needs at least one/);
    const spaStack = makeStack();
    new SpaApp(spaStack, 'Web', { displayName: 'Web', redirectUris: [], existing: CLIENT });
    assert.deepEqual(at(synth(spaStack), 'azuread_application', 'Web').single_page_application.redirect_uris, []);
  });

  it('a scope users may consent to without user-consent text: adopted, kept without it and warned; created, the admin text is the default', () => {
    const stack = makeStack();
    const adopted = new ProtectedApi(stack, 'Reports', {
      displayName: 'Reports API', existing: API,
      scopes: [{ value: 'user_impersonation', id: SCOPE_ID, consentType: ConsentType.USER, adminConsentDescription: 'Access Reports API as the user' }],
    });
    const created = new ProtectedApi(stack, 'Billing', {
      displayName: 'Billing API',
      scopes: [{ value: 'Billing.Access', consentType: ConsentType.USER, adminConsentDescription: 'Access Billing as the user' }],
    });
    const json = synth(stack);
    const scopeOf = (path: string) => at(json, 'azuread_application', path).api.oauth2_permission_scope[0];
    assert.equal(scopeOf('Reports').user_consent_description, undefined);
    assert.equal(scopeOf('Reports').user_consent_display_name, undefined);
    assert.equal(scopeOf('Billing').user_consent_description, 'Access Billing as the user');
    assert.ok(warnings(stack).some((m) => m.startsWith(`[${adopted.node.path}] adopts scope 'user_impersonation', which users may consent to but which has no user-consent display name`)));
    assert.ok(!warnings(stack).some((m) => m.startsWith(`[${created.node.path}]`) && m.includes('user-consent')));
  });
});

describe('defaults only for what is created', () => {
  it('an adopted registration without owners, token version or enterprise tags writes none and keeps what it has', () => {
    const stack = makeStack();
    new WebApp(stack, 'Portal', { displayName: 'Portal', redirectUris: ['https://portal.contoso.com/'], existing: CLIENT });
    const json = synth(stack);
    const app = at(json, 'azuread_application', 'Portal');
    const sp = at(json, 'azuread_service_principal', 'Portal/ServicePrincipal');
    assert.equal(app.owners, undefined);
    assert.equal(app.api, undefined, 'no requested_access_token_version: the 2 a created client gets is not forced');
    assert.deepEqual(app.lifecycle.ignore_changes, ['owners', 'api[0].requested_access_token_version']);
    assert.equal(sp.owners, undefined);
    assert.deepEqual(sp.lifecycle.ignore_changes, ['owners']);
    assert.equal(sp.feature_tags, undefined);
    assert.equal(sp.tags, undefined);
    assert.ok(!JSON.stringify(app).includes('azuread_client_config'), 'the deployer is not made an owner');
  });

  it('an adopted registration states exactly what the tenant holds: no owners, service principals as owners, other enterprise owners, v1, tags', () => {
    const stack = makeStack();
    const SP_OWNER = '3c9d2e1f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    new ProtectedApi(stack, 'Legacy', {
      displayName: 'Legacy API', existing: API, owners: [], accessTokenVersion: 1,
      enterpriseApplication: { owners: [SP_OWNER], tags: ['HideApp'] },
    });
    const json = synth(stack);
    const app = at(json, 'azuread_application', 'Legacy');
    const sp = at(json, 'azuread_service_principal', 'Legacy/ServicePrincipal');
    assert.deepEqual(app.owners, []);
    assert.equal(app.api.requested_access_token_version, 1);
    assert.ok(!(app.lifecycle.ignore_changes ?? []).includes('owners'));
    assert.deepEqual(sp.owners, [SP_OWNER]);
    assert.deepEqual(sp.tags, ['HideApp']);
    assert.equal(sp.feature_tags, undefined);
  });

  it('a created registration keeps every library default: the deployer as owner, version 2, the enterprise tag', () => {
    const stack = makeStack();
    new WebApp(stack, 'Portal', { displayName: 'Portal', redirectUris: ['https://portal.contoso.com/'] });
    const json = synth(stack);
    const app = at(json, 'azuread_application', 'Portal');
    assert.deepEqual(app.owners, ['${data.azuread_client_config.EntraClientConfig.object_id}']);
    assert.equal(app.api.requested_access_token_version, 2);
    assert.deepEqual(at(json, 'azuread_service_principal', 'Portal/ServicePrincipal').feature_tags, [{ enterprise: true }]);
  });
});

describe('import blocks are the library\'s own', () => {
  it('no module of lib/ imports through cdktf\'s importFrom, which spawns terraform at synth', () => {
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const offenders = files(path.resolve(__dirname, '..', 'lib')).filter((f) => /\.importFrom\(/.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, [], 'use importResource / importRows of lib/private/adoption.ts');
  });
});
