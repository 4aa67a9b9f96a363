import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TerraformStack } from 'cdktf';
import { AppRegistrationProps, DaemonApp, GroupMembershipClaim, ProtectedApi, PublicClientApp, SignInAudience, SingleSignOnMode, SpaApp, WebApp } from '../lib';
import { at, makeStack, synth, throwsWith, warnings } from './util';
import { providerRuleErrors } from './provider-rules-check';

const LIB = path.resolve(__dirname, '..', 'lib');
const CORE = path.join(LIB, 'private', 'app-registration.ts');

/** Every kind of registration the library makes, each with the given shared props. */
const KINDS: [string, (stack: TerraformStack, props: AppRegistrationProps) => unknown][] = [
  ['ProtectedApi', (s, p) => new ProtectedApi(s, 'Reg', p)],
  ['SpaApp', (s, p) => new SpaApp(s, 'Reg', { ...p, redirectUris: ['https://app.contoso.com/'] })],
  ['WebApp', (s, p) => new WebApp(s, 'Reg', { ...p, redirectUris: ['https://app.contoso.com/signin-oidc'] })],
  ['PublicClientApp', (s, p) => new PublicClientApp(s, 'Reg', p)],
  ['DaemonApp', (s, p) => new DaemonApp(s, 'Reg', p)],
];

function libFiles(dir = LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? libFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

describe('app registration core', () => {
  it('is the only place that makes an application or a service principal', () => {
    const makes = /new (Application|ServicePrincipalResource|ServicePrincipal)\(/;
    const makers = libFiles().filter((f) => makes.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(makers.map((f) => path.relative(LIB, f)), [path.relative(LIB, CORE)]);
  });

  for (const [kind, make] of KINDS) {
    it(`gives a ${kind} an application and an enterprise application with the same owners`, () => {
      const stack = makeStack();
      make(stack, { displayName: 'Orders', owners: ['aaaaaaaa-0000-4000-8000-000000000001'] });
      const json = synth(stack);
      const app = at(json, 'azuread_application', 'Reg');
      const sp = at(json, 'azuread_service_principal', 'Reg/ServicePrincipal');
      assert.equal(app.display_name, 'Orders');
      assert.equal(app.prevent_duplicate_names, true);
      assert.deepEqual(app.owners, ['aaaaaaaa-0000-4000-8000-000000000001']);
      assert.deepEqual(sp.owners, app.owners);
      assert.deepEqual(sp.feature_tags, [{ enterprise: true }]);
      assert.match(sp.client_id, /^\$\{azuread_application\.Reg_[0-9A-F]{8}\.client_id\}$/);
    });

    it(`throws the same errors for a ${kind}: empty display name, an owner that is not an object id; warns of empty owners`, () => {
      throwsWith(() => make(makeStack(), { displayName: ' ' }), /\[test\/Reg\]/, /displayName is empty/);
      const stack = makeStack();
      make(stack, { displayName: 'A', owners: [] });
      assert.ok(warnings(stack).some((w) => /\[test\/Reg\] owners is empty/.test(w) && /ENTRA-RULES 16/.test(w)));
      throwsWith(() => make(makeStack(), { displayName: 'A', owners: ['me@contoso.com'] }), /owner 'me@contoso\.com' is not an object id/);
    });
  }

  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
  const OWNER = 'aaaaaaaa-0000-4000-8000-000000000001';
  const SP_OWNER = 'aaaaaaaa-0000-4000-8000-000000000002';

  for (const [kind, make] of KINDS) {
    it(`writes every shared registration and enterprise-application prop of a ${kind}, and nothing the provider rejects`, () => {
      const stack = makeStack();
      make(stack, {
        displayName: 'Orders', owners: [OWNER], tags: ['team:orders'], accessTokenVersion: 1, mappedClaimsEnabled: true,
        groupMembershipClaims: [GroupMembershipClaim.APPLICATION_GROUP], optionalClaims: { saml2Token: [{ name: 'upn' }], idToken: [{ name: 'email' }] },
        marketingUrl: 'https://contoso.com/m', privacyStatementUrl: 'https://contoso.com/p', supportUrl: 'https://contoso.com/s',
        termsOfServiceUrl: 'https://contoso.com/t', logoImage: PNG, deviceOnlyAuthEnabled: true, oauth2PostResponseRequired: true,
        ...(kind === 'PublicClientApp' ? {} : { fallbackPublicClientEnabled: true }),
        enterpriseApplication: {
          featureTags: { hide: true }, description: 'SP text', notes: 'SP notes', owners: [SP_OWNER], accountEnabled: false,
          loginUrl: 'https://orders.contoso.com/sso', notificationEmailAddresses: ['ops@contoso.com'], preferredSingleSignOnMode: SingleSignOnMode.SAML,
          samlRelayState: '/home', alternativeNames: ['orders'],
        },
      });
      const json = synth(stack);
      const app = at(json, 'azuread_application', 'Reg');
      const sp = at(json, 'azuread_service_principal', 'Reg/ServicePrincipal');
      assert.deepEqual(app.tags, ['team:orders']);
      assert.equal(app.api.requested_access_token_version, 1);
      assert.equal(app.api.mapped_claims_enabled, true);
      assert.deepEqual(app.group_membership_claims, ['ApplicationGroup']);
      assert.deepEqual(app.optional_claims.saml2_token, [{ name: 'upn' }]);
      assert.deepEqual(app.optional_claims.id_token, [{ name: 'email' }]);
      assert.deepEqual([app.marketing_url, app.privacy_statement_url, app.support_url, app.terms_of_service_url],
        ['https://contoso.com/m', 'https://contoso.com/p', 'https://contoso.com/s', 'https://contoso.com/t']);
      assert.equal(app.logo_image, PNG);
      assert.equal(app.fallback_public_client_enabled, true);
      assert.equal(app.device_only_auth_enabled, true);
      assert.equal(app.oauth2_post_response_required, true);
      assert.deepEqual(sp.owners, [SP_OWNER]);
      assert.deepEqual(app.owners, [OWNER]);
      assert.deepEqual(sp.feature_tags, [{ enterprise: true, hide: true }]);
      assert.equal(sp.tags, undefined);
      assert.deepEqual([sp.description, sp.notes, sp.account_enabled, sp.login_url, sp.preferred_single_sign_on_mode],
        ['SP text', 'SP notes', false, 'https://orders.contoso.com/sso', 'saml']);
      assert.deepEqual(sp.notification_email_addresses, ['ops@contoso.com']);
      assert.deepEqual(sp.alternative_names, ['orders']);
      assert.deepEqual(sp.saml_single_sign_on, { relay_state: '/home' });
      assert.deepEqual(providerRuleErrors(json), []);
    });

    it(`writes none of the new attributes for a ${kind} that sets none of them`, () => {
      const stack = makeStack();
      make(stack, { displayName: 'Orders' });
      const json = synth(stack);
      const app = at(json, 'azuread_application', 'Reg');
      const sp = at(json, 'azuread_service_principal', 'Reg/ServicePrincipal');
      for (const key of ['tags', 'marketing_url', 'privacy_statement_url', 'support_url', 'terms_of_service_url', 'logo_image', 'device_only_auth_enabled',
        'oauth2_post_response_required', 'group_membership_claims', 'optional_claims']) assert.equal(app[key], undefined, key);
      assert.deepEqual(Object.keys(app.api).filter((k) => k !== 'oauth2_permission_scope'), ['requested_access_token_version']);
      assert.equal(app.api.requested_access_token_version, 2);
      assert.deepEqual(Object.keys(sp).filter((k) => !['//', 'client_id', 'app_role_assignment_required', 'owners', 'feature_tags', 'lifecycle'].includes(k)), []);
    });
  }

  it('writes literal enterprise-application tags instead of feature tags, and refuses both together', () => {
    const stack = makeStack();
    new DaemonApp(stack, 'Reg', { displayName: 'Legacy', enterpriseApplication: { tags: ['WindowsAzureActiveDirectoryIntegratedApp', 'HideApp', 'custom'] } });
    const sp = at(synth(stack), 'azuread_service_principal', 'Reg/ServicePrincipal');
    assert.deepEqual(sp.tags, ['WindowsAzureActiveDirectoryIntegratedApp', 'HideApp', 'custom']);
    assert.equal(sp.feature_tags, undefined);
    throwsWith(() => new DaemonApp(makeStack(), 'Reg', { displayName: 'A', enterpriseApplication: { tags: ['HideApp'], featureTags: { hide: true } } }),
      /\[test\/Reg\]/, /both featureTags and tags/, /Give tags alone/);
  });

  it('keeps enterprise true unless the feature tags say otherwise', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'Reg', { displayName: 'Hidden', enterpriseApplication: { featureTags: { enterprise: false, gallery: true } } });
    assert.deepEqual(at(synth(stack), 'azuread_service_principal', 'Reg/ServicePrincipal').feature_tags, [{ enterprise: false, gallery: true }]);
  });

  it('throws on values the azuread provider rejects, naming the construct and the fix', () => {
    const api = (props: Partial<AppRegistrationProps>) => () => new ProtectedApi(makeStack(), 'Reg', { displayName: 'A', ...props });
    throwsWith(api({ logoImage: 'not base64!' }), /\[test\/Reg\]/, /logoImage is not standard base64/, /readFileSync/);
    throwsWith(api({ logoImage: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64') }), /does not decode to a GIF, PNG or JPEG/);
    throwsWith(api({ accessTokenVersion: 3 }), /accessTokenVersion 3 is not valid/);
    throwsWith(api({ optionalClaims: { saml2Token: [{ name: 'upn', source: 'directory' }] } }), /saml2Token claim 'upn' has source 'directory'/);
    throwsWith(api({ optionalClaims: { accessToken: [{ name: 'groups', additionalProperties: ['emit_as_group'] }] } }), /additional property 'emit_as_group'/);
    throwsWith(api({ enterpriseApplication: { description: 'é'.repeat(513) } }), /enterpriseApplication\.description is 1026 bytes/);
    throwsWith(api({ enterpriseApplication: { notes: 'x'.repeat(1025) } }), /enterpriseApplication\.notes is 1025 bytes/);
    throwsWith(api({ enterpriseApplication: { loginUrl: 'orders.contoso.com/sso' } }), /loginUrl 'orders\.contoso\.com\/sso' is not an http or https URL/);
    throwsWith(api({ enterpriseApplication: { preferredSingleSignOnMode: 'SAML' as SingleSignOnMode } }), /preferredSingleSignOnMode 'SAML' is not one of notSupported, oidc, password, saml/);
    throwsWith(api({ enterpriseApplication: { samlRelayState: '' } }), /samlRelayState is empty/);
    throwsWith(api({ enterpriseApplication: { notificationEmailAddresses: [''] } }), /notificationEmailAddresses has an empty value/);
    throwsWith(api({ enterpriseApplication: { alternativeNames: [''] } }), /alternativeNames has an empty value/);
    throwsWith(api({ enterpriseApplication: { owners: ['jane@contoso.com'] } }), /enterpriseApplication owner 'jane@contoso\.com' is not an object id/);
  });

  it('warns when the enterprise application is given no owners', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'Reg', { displayName: 'A', enterpriseApplication: { owners: [] } });
    assert.ok(warnings(stack).some((w) => /enterpriseApplication\.owners is empty/.test(w)), warnings(stack).join('\n'));
    assert.deepEqual(at(synth(stack), 'azuread_service_principal', 'Reg/ServicePrincipal').owners, []);
  });

  it('lets a client ask for access token version 1, which personal-account audiences refuse at synth', () => {
    const stack = makeStack();
    new SpaApp(stack, 'Reg', { displayName: 'Legacy SPA', redirectUris: ['https://app.contoso.com/'], accessTokenVersion: 1 });
    assert.equal(at(synth(stack), 'azuread_application', 'Reg').api.requested_access_token_version, 1);
    const personal = makeStack();
    new PublicClientApp(personal, 'Reg', { displayName: 'Cli', accessTokenVersion: 1, signInAudience: SignInAudience.PERSONAL_MICROSOFT_ACCOUNT });
    throwsWith(() => synth(personal), /\[test\/Reg\] accessTokenVersion 1 is not allowed with signInAudience PersonalMicrosoftAccount/);
  });

  it('refuses a public client whose allowPublicClientFlows and fallbackPublicClientEnabled disagree', () => {
    throwsWith(() => new PublicClientApp(makeStack(), 'Reg', { displayName: 'Cli', allowPublicClientFlows: true, fallbackPublicClientEnabled: false }),
      /allowPublicClientFlows \(true\) and fallbackPublicClientEnabled \(false\)/);
    const stack = makeStack();
    new PublicClientApp(stack, 'Reg', { displayName: 'Cli', fallbackPublicClientEnabled: false });
    assert.equal(at(synth(stack), 'azuread_application', 'Reg').fallback_public_client_enabled, false);
  });
});
