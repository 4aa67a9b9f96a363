import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  RESOURCE_SPECS, UNKNOWN, applicationState, appRoleAssignmentState, featureTagsOf, planDifferences, servicePrincipalState, stateForImport,
} from '../lib/tenant/provider-state';
import { readTenantExport } from '../lib/tenant/tenant-export';

const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas', 'azuread-3.7.0.schema.json'), 'utf8'));
const RESOURCES = (Object.values(SCHEMA.provider_schemas)[0] as any).resource_schemas;

/** An application as `az ad app show` prints one that Terraform's azuread_application or `az ad app create` made. */
function cliApplication(extra: Record<string, unknown> = {}): Record<string, any> {
  return {
    id: '6a3c8a8e-54b4-4d8c-9b7e-3f1e0c2a9d11',
    appId: '0d6f1b0e-2f6a-4a53-9b1c-7d0e5b7f3c21',
    displayName: 'made by az ad app create',
    description: null,
    groupMembershipClaims: null,
    identifierUris: [],
    isFallbackPublicClient: null,
    isDeviceOnlyAuthSupported: null,
    notes: null,
    oauth2RequirePostResponse: false,
    signInAudience: 'AzureADMyOrg',
    tags: [],
    api: { acceptMappedClaims: null, knownClientApplications: [], oauth2PermissionScopes: [], preAuthorizedApplications: [], requestedAccessTokenVersion: null },
    appRoles: [],
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    optionalClaims: null,
    publicClient: { redirectUris: [] },
    spa: { redirectUris: [] },
    web: { homePageUrl: null, logoutUrl: null, redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    requiredResourceAccess: [],
    ...extra,
  };
}

function cliServicePrincipal(extra: Record<string, unknown> = {}): Record<string, any> {
  return {
    id: '1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
    appId: '0d6f1b0e-2f6a-4a53-9b1c-7d0e5b7f3c21',
    accountEnabled: true,
    alternativeNames: [],
    appRoleAssignmentRequired: false,
    displayName: 'made by az ad app create',
    notificationEmailAddresses: [],
    servicePrincipalNames: ['0d6f1b0e-2f6a-4a53-9b1c-7d0e5b7f3c21'],
    servicePrincipalType: 'Application',
    tags: [],
    ...extra,
  };
}

describe('provider state after import', () => {
  it('names every attribute and block of the schema, with its computed flag and kind', () => {
    for (const [type, spec] of Object.entries(RESOURCE_SPECS)) {
      const check = (block: any, table: Record<string, any>, where: string) => {
        const names = [...Object.keys(block.attributes ?? {}), ...Object.keys(block.block_types ?? {})].sort();
        assert.deepEqual(Object.keys(table).filter((n) => table[n].kind !== 'block' || block.block_types?.[n] || block.attributes?.[n]).sort(), names, where);
        for (const [name, attr] of Object.entries<any>(block.attributes ?? {})) {
          const t = table[name];
          if (t.writeOnly) continue;
          assert.equal(!!t.computed, !!attr.computed && !attr.required && !(attr.optional && !attr.computed), `${where}.${name} computed`);
          const kind = Array.isArray(attr.type) ? attr.type[0] : attr.type;
          assert.equal(t.kind, kind === 'string' || kind === 'bool' || kind === 'number' ? kind : kind, `${where}.${name} kind`);
        }
        for (const [name, b] of Object.entries<any>(block.block_types ?? {})) {
          const t = table[name];
          if (t.writeOnly) continue;
          assert.equal(t.kind, 'block', `${where}.${name}`);
          assert.equal(!!t.setOfBlocks, b.nesting_mode === 'set', `${where}.${name} nesting`);
          check(b.block, t.block, `${where}.${name}`);
        }
      };
      check(RESOURCES[type].block, spec, type);
    }
  });

  it('reads Graph\'s null token version as 1, null strings as empty, and tags as feature_tags', () => {
    const s = applicationState(cliApplication({ tags: ['HideApp', 'windowsazureactivedirectoryintegratedapp', 'custom'] }));
    assert.equal((s.api as any)[0].requested_access_token_version, 1);
    assert.equal(s.description, '');
    assert.deepEqual(s.feature_tags, [{ custom_single_sign_on: false, enterprise: true, gallery: false, hide: true }]);
    assert.deepEqual(s.tags, ['HideApp', 'windowsazureactivedirectoryintegratedapp', 'custom']);
    assert.deepEqual(s.group_membership_claims, []);
    assert.deepEqual(applicationState(cliApplication({ groupMembershipClaims: 'SecurityGroup, DirectoryRole' })).group_membership_claims,
      ['SecurityGroup', 'DirectoryRole']);
    assert.deepEqual(featureTagsOf(undefined), [{ custom_single_sign_on: false, enterprise: false, gallery: false, hide: false }]);
  });

  it('keeps an enterprise application\'s disabled state, SAML relay state and names without its own client id', () => {
    const s = servicePrincipalState(cliServicePrincipal({
      accountEnabled: false, preferredSingleSignOnMode: 'saml', samlSingleSignOnSettings: { relayState: '/start' },
      servicePrincipalNames: ['0d6f1b0e-2f6a-4a53-9b1c-7d0e5b7f3c21', 'https://app.contoso.com'],
    }), [{ id: 'ab' }]);
    assert.equal(s.account_enabled, false);
    assert.deepEqual(s.saml_single_sign_on, [{ relay_state: '/start' }]);
    assert.deepEqual(s.service_principal_names, ['https://app.contoso.com']);
    assert.deepEqual(s.owners, ['ab']);
  });

  it('plans no change for what the configuration leaves out and the state holds as a default or zero', () => {
    const state = applicationState(cliApplication());
    assert.deepEqual(planDifferences('azuread_application', { display_name: 'made by az ad app create', sign_in_audience: 'AzureADMyOrg' }, state), []);
    // An api block that only says version 1 equals no api block (the provider's diff suppression).
    assert.deepEqual(planDifferences('azuread_application', { display_name: 'made by az ad app create', api: { requested_access_token_version: 1 } }, state), []);
  });

  it('plans a change where the configuration differs, attribute by attribute inside a single block', () => {
    const state = applicationState(cliApplication());
    const diffs = planDifferences('azuread_application', {
      display_name: 'made by az ad app create', api: { requested_access_token_version: 2 }, owners: ['${data.azuread_client_config.x.object_id}'],
    }, state, (v) => (typeof v === 'string' && v.startsWith('${') ? UNKNOWN : v));
    assert.deepEqual(diffs.map((d) => d.attribute), ['owners', 'api.requested_access_token_version']);
    assert.equal(diffs[0].planned, UNKNOWN);
    assert.deepEqual(diffs[1], { attribute: 'api.requested_access_token_version', state: 1, planned: 2 });
  });

  it('plans re-enabling a disabled enterprise application the configuration leaves at its default', () => {
    const state = servicePrincipalState(cliServicePrincipal({ accountEnabled: false }));
    const config = { client_id: '0d6f1b0e-2f6a-4a53-9b1c-7d0e5b7f3c21' };
    assert.deepEqual(planDifferences('azuread_service_principal', config, state), [{ attribute: 'account_enabled', state: false, planned: true }]);
    assert.deepEqual(planDifferences('azuread_service_principal', { ...config, account_enabled: false }, state), []);
  });

  it('skips what lifecycle.ignore_changes names, and what is computed and not configured', () => {
    const state = applicationState(cliApplication({ identifierUris: ['api://x', 'api://y'], tags: ['a'] }));
    assert.deepEqual(planDifferences('azuread_application', { display_name: 'made by az ad app create' }, state, undefined, ['identifier_uris']), []);
    assert.deepEqual(planDifferences('azuread_application', { display_name: 'made by az ad app create' }, state).map((d) => d.attribute), ['identifier_uris']);
  });

  it('finds the object an import id names in the export, and nothing for an object it does not hold', () => {
    const exp = readTenantExport(path.join(__dirname, 'fixtures', 'tenant-export', 'contoso'));
    const app = exp.apps.find((a) => a.appRoleAssignedTo.length > 0)!;
    const assignment = app.appRoleAssignedTo[0];
    assert.deepEqual(stateForImport(exp, 'azuread_app_role_assignment', `/servicePrincipals/${app.servicePrincipal!.id}/appRoleAssignedTo/${assignment.id}`),
      appRoleAssignmentState(assignment));
    assert.equal(stateForImport(exp, 'azuread_application', `/applications/${app.application.id}`)!.client_id, app.application.appId);
    assert.equal(stateForImport(exp, 'azuread_application_identifier_uri',
      `/applications/${app.application.id}/identifierUris/${Buffer.from('api://nowhere').toString('base64')}`), undefined);
    assert.equal(stateForImport(exp, 'azuread_application', '/applications/00000000-0000-0000-0000-000000000001'), undefined);
  });
});
