import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Token } from 'cdktf';
import {
  AppRoleAssignmentTable, DaemonApp, EntraGroup, ExistingRegistration, ManagedIdentity, MemberType, PrincipalKind, ProtectedApi,
  RegisteredApi, SpaApp, WebApp,
} from '../lib';
import { makeStack, resources, synth, throwsWith } from './util';

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
      assert.match(fs.readFileSync(out, 'utf8'), /^\/\/ Generated by `cdktf-entra-identity adopt` from the tenant export in 'contoso'\./);
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
