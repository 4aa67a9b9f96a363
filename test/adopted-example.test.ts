import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TerraformStack, Testing } from 'cdktf';
import { buildApp } from '../examples/adopted/main';
import { adoptProgram } from '../lib/tenant/adopt';
import { ExportedApp, GraphObject, TenantExport, readTenantExport } from '../lib/tenant/tenant-export';

// examples/adopted/main.ts is what `cdktf-entra-identity adopt` writes for the contoso fixture
// export. `npm test` type-checks it (tsconfig.dev.json includes examples/); these tests check
// that it is current, that it synthesizes one import block per existing object, and that what
// it synthesizes equals the export field by field, so the first plan after import changes nothing.

const EXPORT_DIR = path.join(__dirname, 'fixtures', 'tenant-export', 'contoso');
const EXAMPLE = path.join(__dirname, '..', 'examples', 'adopted', 'main.ts');
const exp: TenantExport = readTenantExport(EXPORT_DIR);

function synthesized(): any {
  const app = Testing.app();
  buildApp(app);
  return JSON.parse(Testing.synth(app.node.findChild('adopted') as TerraformStack, true));
}

const json = synthesized();
const imports: { to: string; id: string }[] = json.import ?? [];

/** The resource an import id is imported into, as [type, name, attributes]. */
function imported(id: string): [string, string, any] {
  const found = imports.filter((i) => i.id === id);
  assert.equal(found.length, 1, `expected one import block with id ${id}, found ${found.length}`);
  const [type, name] = found[0].to.split('.');
  const attrs = json.resource?.[type]?.[name];
  assert.ok(attrs, `import block to ${found[0].to}, which is not a resource of the stack`);
  return [type, name, attrs];
}

/** `${type.name.attr}` -> the import id of `type.name`, and the attribute. */
function refTo(expr: string): { importId: string; attr: string } {
  const m = /^\$\{([a-z_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(expr);
  assert.ok(m, `expected a reference, got ${expr}`);
  const imp = imports.find((i) => i.to === `${m[1]}.${m[2]}`);
  assert.ok(imp, `${m[1]}.${m[2]} is not imported`);
  return { importId: imp.id, attr: m[3] };
}

const sorted = (xs: string[] | undefined) => [...(xs ?? [])].sort();
const orUndefined = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
const list = (v: any): any[] => (Array.isArray(v) ? v : []);
const appOf = (objectId: string): ExportedApp => exp.apps.find((a) => a.application.id === objectId)!;
const spOf = (objectId: string): ExportedApp => exp.apps.find((a) => a.servicePrincipal?.id === objectId)!;

function claims(list2: any[] | undefined, terraform: boolean): any[] {
  return list(list2).map((c: any) => ({
    name: c.name,
    source: orUndefined(c.source),
    essential: c.essential ?? false,
    additionalProperties: sorted(terraform ? c.additional_properties : c.additionalProperties),
  }));
}

describe('adopted example', () => {
  it('is what adopt writes for the fixture export today', () => {
    const program = adoptProgram(exp, { library: '../../lib', source: 'test/fixtures/tenant-export/contoso', stackName: 'adopted' }).program;
    assert.equal(fs.readFileSync(EXAMPLE, 'utf8'), program,
      'examples/adopted/main.ts is stale: regenerate it with `npx tsx bin/cdktf-entra-identity.js adopt test/fixtures/tenant-export/contoso --library ../../lib --out examples/adopted/main.ts --force`');
  });

  it('has one import block per existing object, each to a resource of the stack', () => {
    const expected = [
      ...exp.apps.flatMap((a) => [`/applications/${a.application.id}`, `/servicePrincipals/${a.servicePrincipal!.id}`]),
      ...exp.apps.filter((a) => list(a.application.identifierUris).length === 1 && a.application.identifierUris[0] === `api://${a.application.appId}`)
        .map((a) => `/applications/${a.application.id}/identifierUris/${Buffer.from(a.application.identifierUris[0]).toString('base64')}`),
      ...exp.apps.flatMap((a) => a.appRoleAssignedTo.map((x) => `/servicePrincipals/${x.resourceId}/appRoleAssignedTo/${x.id}`)),
      ...exp.apps.flatMap((a) => list(a.application.api?.preAuthorizedApplications).map((p: GraphObject) => `${a.application.id}/preAuthorizedApplication/${p.appId}`)),
      ...exp.apps.flatMap((a) => a.permissionGrants.map((g) => `/oauth2PermissionGrants/${g.id}`)),
      ...exp.apps.flatMap((a) => a.federatedCredentials.map((c) => `${a.application.id}/federatedIdentityCredential/${c.id}`)),
    ];
    assert.equal(expected.length, 23);
    assert.deepEqual(imports.map((i) => i.id).sort(), expected.sort());
    assert.equal(new Set(imports.map((i) => i.to)).size, imports.length, 'two import blocks to one resource');
    for (const i of imports) imported(i.id);
    // Every registration, assignment and grant of the stack is adopted: nothing would be created.
    for (const type of ['azuread_application', 'azuread_service_principal', 'azuread_app_role_assignment', 'azuread_application_pre_authorized',
      'azuread_service_principal_delegated_permission_grant', 'azuread_application_federated_identity_credential', 'azuread_application_identifier_uri']) {
      for (const name of Object.keys(json.resource?.[type] ?? {})) {
        assert.ok(imports.some((i) => i.to === `${type}.${name}`), `${type}.${name} would be created, not imported`);
      }
    }
  });

  it('synthesizes every app registration as the export has it', () => {
    for (const a of exp.apps) {
      const app = a.application;
      const [, name, r] = imported(`/applications/${app.id}`);
      const what = `${app.displayName}:`;
      assert.equal(r.display_name, app.displayName, what);
      assert.equal(r.description, orUndefined(app.description), what);
      assert.equal(r.notes, orUndefined(app.notes), what);
      assert.equal(r.sign_in_audience, app.signInAudience, what);
      assert.equal(r.group_membership_claims, orUndefined(app.groupMembershipClaims), what);
      assert.deepEqual(sorted(r.owners), sorted(a.applicationOwners.map((o) => o.id)), `${what} owners`);
      // A version the program states is written; one it leaves out is the registration's own, kept
      // (ignore_changes): the library's default of 2 is for what a program creates.
      if (r.api?.requested_access_token_version === undefined) {
        assert.ok(r.lifecycle.ignore_changes.includes('api[0].requested_access_token_version'), `${what} keeps its token version`);
        assert.equal(app.api.requestedAccessTokenVersion, 2, `${what}: adopt leaves out only the version 2 it used to default to`);
      } else {
        assert.equal(r.api.requested_access_token_version, app.api.requestedAccessTokenVersion ?? 1, `${what} token version (null means 1)`);
      }

      // Identifier URIs: inline, or api://{clientId} through its own resource, imported by its base64 id.
      const uriImport = imports.find((i) => i.id.startsWith(`/applications/${app.id}/identifierUris/`));
      if (r.identifier_uris !== undefined) {
        assert.deepEqual(r.identifier_uris, app.identifierUris, what);
      } else if (uriImport === undefined) {
        assert.deepEqual(app.identifierUris, [], `${what} has identifier URIs the program does not declare`);
      } else {
        assert.deepEqual(app.identifierUris, [`api://${app.appId}`], what);
        const [, , uri] = imported(`/applications/${app.id}/identifierUris/${Buffer.from(`api://${app.appId}`).toString('base64')}`);
        assert.equal(uri.identifier_uri, `api://\${azuread_application.${name}.client_id}`, what);
        assert.equal(refTo(uri.application_id).importId, `/applications/${app.id}`, what);
      }

      const roles = (xs: any[], tf: boolean) => xs.map((x) => ({
        id: x.id, value: x.value, enabled: tf ? x.enabled : x.isEnabled, members: sorted(tf ? x.allowed_member_types : x.allowedMemberTypes),
        displayName: tf ? x.display_name : x.displayName, description: x.description,
      })).sort((x, y) => x.id.localeCompare(y.id));
      assert.deepEqual(roles(list(r.app_role), true), roles(list(app.appRoles), false), `${what} app roles`);

      const scopes = (xs: any[], tf: boolean) => xs.map((x) => ({
        id: x.id, value: x.value, type: x.type, enabled: tf ? x.enabled : x.isEnabled,
        adminConsentDisplayName: tf ? x.admin_consent_display_name : x.adminConsentDisplayName,
        adminConsentDescription: tf ? x.admin_consent_description : x.adminConsentDescription,
        userConsentDisplayName: tf ? x.user_consent_display_name : x.userConsentDisplayName,
        userConsentDescription: tf ? x.user_consent_description : x.userConsentDescription,
      })).sort((x, y) => x.id.localeCompare(y.id));
      assert.deepEqual(scopes(list(r.api?.oauth2_permission_scope), true), scopes(list(app.api.oauth2PermissionScopes), false), `${what} scopes`);

      assert.deepEqual(claims(r.optional_claims?.access_token, true), claims(app.optionalClaims?.accessToken, false), `${what} access token claims`);
      assert.deepEqual(claims(r.optional_claims?.id_token, true), claims(app.optionalClaims?.idToken, false), `${what} ID token claims`);

      assert.deepEqual(r.single_page_application?.redirect_uris ?? [], app.spa.redirectUris, `${what} SPA redirect URIs`);
      assert.deepEqual(r.web?.redirect_uris ?? [], app.web.redirectUris, `${what} web redirect URIs`);
      assert.equal(r.web?.logout_url, orUndefined(app.web.logoutUrl), `${what} logout URL`);
      assert.equal(r.web?.homepage_url, orUndefined(app.web.homePageUrl), `${what} home page URL`);
      assert.equal(r.web?.implicit_grant?.id_token_issuance_enabled ?? false, app.web.implicitGrantSettings.enableIdTokenIssuance, what);
      assert.equal(r.web?.implicit_grant?.access_token_issuance_enabled ?? false, app.web.implicitGrantSettings.enableAccessTokenIssuance, what);
      assert.deepEqual(r.public_client?.redirect_uris ?? [], app.publicClient.redirectUris, `${what} public client redirect URIs`);

      const rra = list(r.required_resource_access).map((x: any) => {
        const target = refTo(x.resource_app_id);
        assert.equal(target.attr, 'client_id');
        return {
          resourceAppId: appOf(target.importId.replace('/applications/', '')).application.appId,
          access: x.resource_access.map((y: any) => `${y.type} ${y.id}`).sort(),
        };
      });
      assert.deepEqual(rra, list(app.requiredResourceAccess).map((x: any) => ({
        resourceAppId: x.resourceAppId, access: x.resourceAccess.map((y: any) => `${y.type} ${y.id}`).sort(),
      })), `${what} required resource access`);
    }
  });

  it('synthesizes every enterprise application as the export has it', () => {
    for (const a of exp.apps) {
      const [, , sp] = imported(`/servicePrincipals/${a.servicePrincipal!.id}`);
      assert.equal(sp.app_role_assignment_required, a.servicePrincipal!.appRoleAssignmentRequired, a.application.displayName);
      assert.deepEqual(sorted(sp.owners), sorted(a.servicePrincipalOwners.map((o) => o.id)), `${a.application.displayName} owners`);
      assert.equal(refTo(sp.client_id).importId, `/applications/${a.application.id}`);
      // Nothing written for an adopted enterprise application's tags: the provider reads them back
      // (computed), so the tag the export shows is kept, and the library's default is not forced.
      assert.equal(sp.feature_tags, undefined);
      assert.equal(sp.tags, undefined);
      assert.deepEqual(a.servicePrincipal!.tags, ['WindowsAzureActiveDirectoryIntegratedApp']);
    }
  });

  it('synthesizes every assignment with the role, principal and resource of the export', () => {
    let n = 0;
    for (const a of exp.apps) {
      for (const x of a.appRoleAssignedTo) {
        const [, , r] = imported(`/servicePrincipals/${x.resourceId}/appRoleAssignedTo/${x.id}`);
        assert.equal(r.app_role_id, x.appRoleId, x.id);
        const principal = r.principal_object_id.startsWith('${') ? refTo(r.principal_object_id) : undefined;
        if (principal) {
          // A daemon of the program: its own (imported) service principal's object id.
          assert.deepEqual(principal, { importId: `/servicePrincipals/${x.principalId}`, attr: 'object_id' });
        } else {
          assert.equal(r.principal_object_id, x.principalId, x.id);
        }
        assert.deepEqual(refTo(r.resource_object_id), { importId: `/servicePrincipals/${x.resourceId}`, attr: 'object_id' });
        n++;
      }
    }
    assert.equal(n, 9);
  });

  it('synthesizes pre-authorizations, admin consents and federated credentials as the export has them', () => {
    for (const a of exp.apps) {
      for (const p of list(a.application.api?.preAuthorizedApplications)) {
        const [, , r] = imported(`${a.application.id}/preAuthorizedApplication/${p.appId}`);
        assert.deepEqual(sorted(r.permission_ids), sorted(p.delegatedPermissionIds));
        assert.deepEqual(refTo(r.application_id), { importId: `/applications/${a.application.id}`, attr: 'id' });
        const client = exp.apps.find((c) => c.application.appId === p.appId)!;
        assert.deepEqual(refTo(r.authorized_client_id), { importId: `/applications/${client.application.id}`, attr: 'client_id' });
      }
      for (const g of a.permissionGrants) {
        const [, , r] = imported(`/oauth2PermissionGrants/${g.id}`);
        assert.equal(g.consentType, 'AllPrincipals');
        assert.deepEqual(sorted(r.claim_values), sorted(g.scope.split(' ')));
        assert.deepEqual(refTo(r.service_principal_object_id), { importId: `/servicePrincipals/${g.clientId}`, attr: 'object_id' });
        assert.deepEqual(refTo(r.resource_service_principal_object_id), { importId: `/servicePrincipals/${g.resourceId}`, attr: 'object_id' });
        assert.ok(spOf(g.resourceId), 'the consent is to an API of the export');
      }
      for (const c of a.federatedCredentials) {
        const [, , r] = imported(`${a.application.id}/federatedIdentityCredential/${c.id}`);
        assert.deepEqual({ name: r.display_name, issuer: r.issuer, subject: r.subject, audiences: r.audiences, description: r.description },
          { name: c.name, issuer: c.issuer, subject: c.subject, audiences: c.audiences, description: c.description });
        assert.deepEqual(refTo(r.application_id), { importId: `/applications/${a.application.id}`, attr: 'id' });
      }
    }
  });
});

describe('adopted example with a grants table', () => {
  it('adopts assignments as for_each table rows too, each row imported into its own instance', () => {
    const dir = fs.mkdtempSync(path.join(__dirname, '.audit-'));
    try {
      const result = adoptProgram(exp, { library: path.join(__dirname, '..', 'lib'), tableFrom: 1 });
      fs.writeFileSync(path.join(dir, 'main.ts'), result.program);
      const { buildApp: build } = require(path.join(dir, 'main.ts'));
      const app = Testing.app();
      build(app);
      const tjson = JSON.parse(Testing.synth(app.node.findChild('adopted') as TerraformStack, true));
      assert.equal(tjson.import.length, 23, 'one import block per existing object, as with single grants');
      const tables = Object.entries<any>(tjson.resource.azuread_app_role_assignment).filter(([, r]) => r.for_each !== undefined);
      // The Orders API's grants; the Reports API's only grant is default access, and a daemon's grant stays its own.
      assert.equal(tables.length, 1);
      const [name, table] = tables[0];
      const orders = exp.apps.find((a) => a.application.displayName === 'Orders API')!;
      const expected = orders.appRoleAssignedTo.filter((x) => x.principalDisplayName !== 'Orders Sync');
      const rows = tjson.import.filter((i: any) => i.to.startsWith(`azuread_app_role_assignment.${name}[`));
      assert.equal(rows.length, expected.length);
      assert.equal(Object.keys(table.for_each).length, expected.length);
      for (const x of expected) {
        const row = rows.find((i: any) => i.id === `/servicePrincipals/${x.resourceId}/appRoleAssignedTo/${x.id}`);
        assert.ok(row, `assignment ${x.id} is imported into a row`);
        const key = JSON.parse(row.to.slice(row.to.indexOf('[') + 1, -1));
        assert.deepEqual(table.for_each[key], { app_role_id: x.appRoleId, principal_object_id: x.principalId }, key);
      }
      assert.equal(table.resource_object_id, `\${azuread_service_principal.${imports.find((i) => i.id === `/servicePrincipals/${orders.servicePrincipal!.id}`)!.to.split('.')[1]}.object_id}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
