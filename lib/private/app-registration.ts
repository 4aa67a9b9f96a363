// The one place where the library makes an app registration (`azuread_application`) and its
// enterprise application (`azuread_service_principal`). ProtectedApi and every client kind
// call registerApplication; nothing else creates either resource. A rule that holds for every
// registration of the tenant (owners, display names, protection from destruction, stable
// addresses, adoption of existing registrations) is written here, once.
import { Construct } from 'constructs';
import { Application } from '@cdktf/provider-azuread/lib/application';
import type { ApplicationApi, ApplicationConfig } from '@cdktf/provider-azuread/lib/application';
import { ApplicationIdentifierUri } from '@cdktf/provider-azuread/lib/application-identifier-uri';
import { ServicePrincipal as ServicePrincipalResource } from '@cdktf/provider-azuread/lib/service-principal';
import {
  AppRegistrationProps, EnterpriseApplicationFeatureTags, EnterpriseApplicationOptions, GroupMembershipClaim, OptionalClaims,
  SignInAudience, SingleSignOnMode,
} from '../app-registration';
import { adoptRegistration, checkExistingRegistration, refuseUnlessAdopted } from './adoption';
import { clientConfigOf } from './singleton';
import { canonicalGuid, isGuid } from './uuid';
import { OWNER_SLOT, requireObjectId } from './id-references';
import { checkEnum, entraError, isUnresolved, utf8Length } from './validation';
import { MAX_DISPLAY_NAME_CHARS, freeTextProblem } from './free-text';
import { describeValue, expressionOf } from './id-references';
import { entraWarning } from './diagnostics';
import { declareStableIdentity, preventsDestroy } from './stable-identity';
import { checkUniqueDisplayName } from './duplicate-names';
import { ReplicatedPermission, checkReplicationWait, trackRegistration, waitForReplication } from './replication-gate';

/** azuread_application.description: StringLenBetween(0, 1024), counted in bytes. */
const MAX_DESCRIPTION_BYTES = 1024;
/** azuread_application.owners: at most 100. */
const MAX_OWNERS = 100;

const PERSONAL_AUDIENCES: readonly string[] = [SignInAudience.AZURE_AD_AND_PERSONAL_MICROSOFT_ACCOUNT, SignInAudience.PERSONAL_MICROSOFT_ACCOUNT];

/** Whether a sign-in audience lets personal Microsoft accounts sign in (and brings their stricter limits). */
export function isPersonalAudience(audience: string): boolean {
  return PERSONAL_AUDIENCES.includes(audience);
}

/** azuread_service_principal.description and notes: StringLenBetween(0, 1024), counted in bytes. */
const MAX_SERVICE_PRINCIPAL_TEXT_BYTES = 1024;

/** The application attributes the core sets from {@link AppRegistrationProps}; a kind may not set them. */
type CoreAttribute = 'displayName' | 'description' | 'notes' | 'owners' | 'preventDuplicateNames'
  | 'serviceManagementReference' | 'signInAudience' | 'lifecycle' | 'tags' | 'featureTags' | 'api' | 'groupMembershipClaims'
  | 'optionalClaims' | 'marketingUrl' | 'privacyStatementUrl' | 'supportUrl' | 'termsOfServiceUrl' | 'logoImage'
  | 'fallbackPublicClientEnabled' | 'deviceOnlyAuthEnabled' | 'oauth2PostResponseRequired';

/** The `api` attributes the core sets (the token version, mapped claims); a kind sets the rest. */
type CoreApiAttribute = 'requestedAccessTokenVersion' | 'mappedClaimsEnabled';

/** What one kind of registration (the API, a client kind) adds to the core. */
export interface RegistrationSpec {
  /** How messages name the registration, e.g. `API` or `client`. */
  readonly noun: string;
  /** An example display name for messages, e.g. `Orders API`. */
  readonly exampleName: string;
  /** `sign_in_audience`; may be a lazy token (a client follows the APIs it calls). */
  readonly signInAudience: string;
  /** `app_role_assignment_required` of the enterprise application. */
  readonly appRoleAssignmentRequired: boolean;
  /** The application's attributes only this kind sets: `app_role`, `required_resource_access`, ... */
  readonly application: Omit<ApplicationConfig, CoreAttribute>;
  /** The `api` attributes only this kind sets: scopes, known client applications. */
  readonly api?: Omit<ApplicationApi, CoreApiAttribute>;
  /**
   * Attributes the application's `lifecycle` must ignore, e.g. `identifier_uris` when a
   * separate `azuread_application_identifier_uri` manages them.
   */
  readonly ignoreChanges?: string[];
  /**
   * Whether to give the registration `api://{clientId}` through a separate
   * `azuread_application_identifier_uri`, which avoids a reference cycle (ENTRA-RULES 10).
   */
  readonly defaultIdentifierUri?: boolean;
  /** The registration's app roles and scopes, read at synth: its replication gate watches their ids. */
  readonly permissions?: () => ReplicatedPermission[];
}

/** The resources of one registration, and the values every registration exposes. */
export interface Registration {
  /** The display name, or the owner's construct path when it is a token. Never a token. */
  readonly name: string;
  readonly application: Application;
  readonly servicePrincipal: ServicePrincipalResource;
  /** The owners both resources get: as given, or the deploying principal; none (kept as the tenant holds them) for an adopted registration without owners. */
  readonly owners: string[];
  /** `api://{clientId}` from the identifier-URI resource, when `defaultIdentifierUri` was asked for. */
  readonly defaultIdentifierUri?: string;
  /** The identifier-URI resource, when `defaultIdentifierUri` was asked for. */
  readonly identifierUriResource?: ApplicationIdentifierUri;
}

/**
 * Checks the shared props of a registration: a display name, and owners that are object ids
 * (and not an empty list). Throws an error naming `owner`.
 */
export function checkRegistrationProps(owner: Construct, props: AppRegistrationProps, spec: Pick<RegistrationSpec, 'noun' | 'exampleName'>): void {
  if (!isUnresolved(props.displayName) && props.displayName.trim().length === 0) {
    throw entraError(owner, `displayName is empty; give the ${spec.noun} a display name such as '${spec.exampleName}'`);
  }
  if (props.existing !== undefined) checkExistingRegistration(owner, props.existing);
  const adopted = props.existing !== undefined;
  for (const [what, text, max, multiline] of [
    ['displayName', props.displayName, MAX_DISPLAY_NAME_CHARS, false],
    ['description', props.description, undefined, true],
    ['notes', props.notes, undefined, true],
  ] as const) {
    const problem = text === undefined ? undefined : freeTextProblem(what, text, max, 'Graph (application.displayName)', multiline);
    if (problem) refuseUnlessAdopted(owner, adopted, `${problem}.`, 'Graph holds the value; the program keeps it as it is.');
  }
  if (!isUnresolved(props.displayName) && props.displayName.includes("'") && (props.preventDuplicateNames ?? true)) {
    throw entraError(owner, `displayName '${props.displayName}' contains an apostrophe, and with preventDuplicateNames (the default) the azuread provider `
      + 'looks the name up at plan with an OData filter it does not escape, so the plan fails. Remove the apostrophe, or set preventDuplicateNames: false.');
  }
  if (props.description !== undefined && !isUnresolved(props.description) && utf8Length(props.description) > MAX_DESCRIPTION_BYTES) {
    throw entraError(owner, `description is ${utf8Length(props.description)} bytes long (UTF-8, '${props.description.slice(0, 40)}...'); `
      + `the azuread provider allows at most ${MAX_DESCRIPTION_BYTES}. Shorten it.`);
  }
  if (props.notes !== undefined && !isUnresolved(props.notes) && props.notes.length === 0) {
    throw entraError(owner, 'notes is empty, which the azuread provider rejects; leave notes out instead.');
  }
  checkTokenVersion(owner, props.accessTokenVersion);
  checkGroupClaims(owner, props.groupMembershipClaims);
  checkOptionalClaims(owner, props.optionalClaims);
  checkLogoImage(owner, props.logoImage);
  if (props.enterpriseApplication !== undefined) checkEnterpriseApplication(owner, props.enterpriseApplication);
  checkReplicationWait(owner, 'replicationWaitSeconds', props.replicationWaitSeconds);
  if (props.owners === undefined) return;
  if (props.owners.length > MAX_OWNERS) {
    throw entraError(owner, `has ${props.owners.length} owners; the azuread provider allows at most ${MAX_OWNERS} on an application. List at most ${MAX_OWNERS}.`);
  }
  if (props.owners.length === 0) {
    // Graph takes a registration without owners; the library only advises against it.
    entraWarning(owner, 'owners is empty; an app registration without owners can only be managed by tenant administrators, and a deploying '
      + 'principal with only Application.ReadWrite.OwnedBy cannot change it after the first apply. Leave owners out to use the deploying principal (ENTRA-RULES 16).');
  }
  checkOwnerIds(owner, 'owner', props.owners);
}

function checkOwnerIds(owner: Construct, what: string, owners: string[]): void {
  for (const o of owners) {
    if (!isUnresolved(o) && !isGuid(o)) {
      throw entraError(owner, `${what} '${o}' is not an object id (GUID). Give the object id of a user or service principal.`);
    }
    requireObjectId(owner, OWNER_SLOT, what, o, 'Give the object id of a user or service principal (ENTRA-RULES 16), '
      + 'e.g. an azuread_user\'s objectId, or leave owners out to use the deploying principal.');
  }
}

/**
 * Why an access token version is not allowed with a sign-in audience, or undefined: only 1
 * and 2 exist, and personal-account audiences need 2 (the azuread provider's plan-time check).
 */
export function tokenVersionProblem(version: number, audience: string): string | undefined {
  if (isUnresolved(version) || isUnresolved(audience)) return undefined;
  if (version === 1 && isPersonalAudience(audience)) {
    return `accessTokenVersion 1 is not allowed with signInAudience ${audience}; personal accounts need version 2. Remove accessTokenVersion.`;
  }
  return undefined;
}

function checkTokenVersion(owner: Construct, version: number | undefined): void {
  if (version === undefined || isUnresolved(version)) return;
  if (version !== 1 && version !== 2) {
    throw entraError(owner, `accessTokenVersion ${version} is not valid; use 2 (recommended) or 1.`);
  }
}

function checkGroupClaims(owner: Construct, claims: GroupMembershipClaim[] | undefined): void {
  if (!claims || isUnresolved(claims)) return;
  const known = new Set<string>(Object.values(GroupMembershipClaim));
  for (const c of claims) {
    if (!known.has(c)) throw entraError(owner, `group membership claim '${c}' is not one of ${[...known].join(', ')}`);
  }
  if (claims.includes(GroupMembershipClaim.NONE) && claims.length > 1) {
    // Graph takes the combination; it is contradictory, not invalid.
    entraWarning(owner, `groupMembershipClaims [${claims.join(', ')}] combines None with other values; use [None] alone or leave it out.`);
  }
}

/** The additional properties of an optional claim that the azuread provider accepts. */
const CLAIM_PROPERTIES = ['cloud_displayname', 'dns_domain_and_sam_account_name', 'emit_as_roles',
  'include_externally_authenticated_upn_without_hash', 'include_externally_authenticated_upn', 'max_size_limit',
  'netbios_domain_and_sam_account_name', 'on_premise_security_identifier', 'sam_account_name', 'use_guid'];

function checkOptionalClaims(owner: Construct, claims: OptionalClaims | undefined): void {
  if (!claims) return;
  for (const [kind, list] of [['accessToken', claims.accessToken], ['idToken', claims.idToken], ['saml2Token', claims.saml2Token]] as const) {
    const seen = new Set<string>();
    for (const c of list ?? []) {
      if (!isUnresolved(c.name) && c.name.trim().length === 0) throw entraError(owner, `optional ${kind} claim has an empty name`);
      const name = isUnresolved(c.name) ? expressionOf(owner, c.name) ?? c.name : c.name;
      // Graph keeps a repeated claim; the token carries it once.
      if (seen.has(name)) entraWarning(owner, `optional ${kind} claim ${describeValue(owner, c.name)} is listed twice; list each claim once`);
      seen.add(name);
      if (c.source !== undefined && !isUnresolved(c.source) && c.source !== 'user') {
        throw entraError(owner, `optional ${kind} claim '${c.name}' has source '${c.source}'; the azuread provider accepts only 'user' `
          + '(a user property extension). Leave source out for a predefined claim.');
      }
      for (const p of c.additionalProperties ?? []) {
        if (!isUnresolved(p) && !CLAIM_PROPERTIES.includes(p)) {
          throw entraError(owner, `optional ${kind} claim '${c.name}' has additional property '${p}', which the azuread provider does not accept; `
            + `allowed are ${CLAIM_PROPERTIES.join(', ')} (case-sensitive).`);
        }
      }
    }
  }
}

/** Go's http.DetectContentType signatures of the image types (the provider refuses any other MIME type at apply). */
const IMAGE_SIGNATURES: readonly [string, number[]][] = [
  ['image/x-icon', [0x00, 0x00, 0x01, 0x00]], ['image/x-icon', [0x00, 0x00, 0x02, 0x00]], ['image/bmp', [0x42, 0x4d]],
  ['image/gif', [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]], ['image/gif', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]], ['image/jpeg', [0xff, 0xd8, 0xff]],
];

/** The image type of decoded logo bytes, as Go's content sniffing names it, or undefined. */
export function imageTypeOf(data: Buffer): string | undefined {
  for (const [type, sig] of IMAGE_SIGNATURES) if (sig.every((b, i) => data[i] === b)) return type;
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 14).toString('latin1') === 'WEBPVP') return 'image/webp';
  return undefined;
}

/**
 * `logo_image`: StringIsBase64 at plan (standard alphabet with padding; Go's decoder skips line
 * breaks), and at apply the decoded bytes must sniff as an image.
 */
function checkLogoImage(owner: Construct, logo: string | undefined): void {
  if (logo === undefined || isUnresolved(logo) || logo === '') return;
  const text = logo.replace(/[\r\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw entraError(owner, `logoImage is not standard base64 ('${logo.slice(0, 20)}...'); the azuread provider rejects it at plan. `
      + 'Give the image file base64-encoded, e.g. fs.readFileSync(\'logo.png\').toString(\'base64\').');
  }
  if (imageTypeOf(Buffer.from(text, 'base64')) === undefined) {
    throw entraError(owner, 'logoImage does not decode to a GIF, PNG or JPEG image; the azuread provider refuses it at apply '
      + '("unrecognised MIME type"). Give the bytes of the image file, base64-encoded.');
  }
}

/** `login_url`: IsHttpOrHttpsUrl (http or https, with a host). */
function checkHttpUrl(owner: Construct, what: string, url: string | undefined): void {
  if (url === undefined || isUnresolved(url)) return;
  const m = /^(https?):\/\/([^/?#]*)/i.exec(url);
  const host = m?.[2].slice(m[2].lastIndexOf('@') + 1).replace(/:[0-9]*$/, '') ?? '';
  if (!m || host.length === 0 || /\s/.test(url)) {
    throw entraError(owner, `${what} '${url}' is not an http or https URL with a host, which the azuread provider requires; e.g. https://orders.contoso.com/signin.`);
  }
}

function checkNotEmptyEach(owner: Construct, what: string, values: string[] | undefined): void {
  for (const v of values ?? []) {
    if (!isUnresolved(v) && v.length === 0) throw entraError(owner, `${what} has an empty value, which the azuread provider rejects; remove it.`);
  }
}

function checkEnterpriseApplication(owner: Construct, ea: EnterpriseApplicationOptions): void {
  if (ea.featureTags !== undefined && ea.tags !== undefined) {
    throw entraError(owner, 'enterpriseApplication gives both featureTags and tags, which the azuread provider refuses together (they are two ways of '
      + 'writing the same tags). Give tags alone, listing every tag (e.g. [\'WindowsAzureActiveDirectoryIntegratedApp\', \'HideApp\']), or featureTags alone.');
  }
  for (const [key, text] of [['description', ea.description], ['notes', ea.notes]] as const) {
    if (text !== undefined && !isUnresolved(text) && utf8Length(text) > MAX_SERVICE_PRINCIPAL_TEXT_BYTES) {
      throw entraError(owner, `enterpriseApplication.${key} is ${utf8Length(text)} bytes long (UTF-8, '${text.slice(0, 40)}...'); `
        + `the azuread provider allows at most ${MAX_SERVICE_PRINCIPAL_TEXT_BYTES}. Shorten it.`);
    }
  }
  if (ea.owners !== undefined) {
    checkOwnerIds(owner, 'enterpriseApplication owner', ea.owners);
    if (ea.owners.length === 0) {
      entraWarning(owner, 'enterpriseApplication.owners is empty: the deploying principal is removed as an owner of the enterprise application after '
        + 'it is created, so under Application.ReadWrite.OwnedBy it can no longer change it (ENTRA-RULES 16).');
    }
  }
  checkHttpUrl(owner, 'enterpriseApplication.loginUrl', ea.loginUrl);
  checkNotEmptyEach(owner, 'enterpriseApplication.notificationEmailAddresses', ea.notificationEmailAddresses);
  checkNotEmptyEach(owner, 'enterpriseApplication.alternativeNames', ea.alternativeNames);
  if (ea.preferredSingleSignOnMode !== undefined) {
    checkEnum(owner, 'enterpriseApplication.preferredSingleSignOnMode', ea.preferredSingleSignOnMode, SingleSignOnMode, 'the azuread provider accepts only these values');
  }
  if (ea.samlRelayState !== undefined && !isUnresolved(ea.samlRelayState) && ea.samlRelayState.length === 0) {
    throw entraError(owner, 'enterpriseApplication.samlRelayState is empty, which the azuread provider rejects; leave it out instead.');
  }
}

/** The service principal's `feature_tags` block: the library's default, or the given tags with `enterprise` true unless said. */
function featureTagsBlock(tags: EnterpriseApplicationFeatureTags | undefined) {
  if (tags === undefined) return [{ enterprise: true }];
  return [{ enterprise: tags.enterprise ?? true, hide: tags.hide, gallery: tags.gallery, customSingleSignOn: tags.customSingleSignOn }];
}

/**
 * Makes the application (`Resource`, so its address is the owner's own) and its service
 * principal (`ServicePrincipal`) as children of `owner`, with the owner default. Call
 * {@link checkRegistrationProps} first, where the props arrive.
 */
export function registerApplication(owner: Construct, props: AppRegistrationProps, spec: RegistrationSpec): Registration {
  // Defaults apply to what the program creates. An adopted registration states what the tenant
  // holds: what its props leave out is neither written nor changed (owners and the token version
  // are ignored by the lifecycle, since the provider would otherwise clear or reset them; the
  // enterprise application's tags are computed, so leaving them out keeps them).
  const adopted = props.existing !== undefined;
  // Lower case, as Graph returns them: the next plan compares the owners set equal.
  const owners = props.owners?.map(canonicalGuid) ?? (adopted ? undefined : [clientConfigOf(owner).objectId]);
  const spOwners = props.enterpriseApplication?.owners ?? owners;
  const keep = [
    ...owners === undefined ? ['owners'] : [],
    ...adopted && props.accessTokenVersion === undefined ? ['api[0].requested_access_token_version'] : [],
  ];
  const ignoreChanges = spec.ignoreChanges || keep.length > 0 ? [...spec.ignoreChanges ?? [], ...keep] : undefined;

  // Per-registration lifecycle. Everything that keeps a registration's identity (protection
  // from destruction, stable addresses and `moved` blocks, adoption by `import`) belongs here,
  // applied to the application and the service principal alike, so that it holds for the API
  // and every client kind at once.
  checkUniqueDisplayName(owner, props.displayName, props.preventDuplicateNames ?? true);
  const preventDestroy = preventsDestroy(owner, props.preventDestroy) ? true : undefined;
  declareStableIdentity(owner, props.stableKey);
  const lifecycle: ApplicationConfig['lifecycle'] = ignoreChanges || preventDestroy
    ? { ignoreChanges, preventDestroy } : undefined;

  const application = new Application(owner, 'Resource', {
    displayName: props.displayName,
    description: props.description,
    notes: props.notes,
    signInAudience: spec.signInAudience,
    owners,
    preventDuplicateNames: props.preventDuplicateNames ?? props.existing === undefined,
    serviceManagementReference: props.serviceManagementReference,
    tags: props.tags,
    groupMembershipClaims: props.groupMembershipClaims,
    optionalClaims: props.optionalClaims ? {
      accessToken: props.optionalClaims.accessToken,
      idToken: props.optionalClaims.idToken,
      saml2Token: props.optionalClaims.saml2Token,
    } : undefined,
    marketingUrl: props.marketingUrl,
    privacyStatementUrl: props.privacyStatementUrl,
    supportUrl: props.supportUrl,
    termsOfServiceUrl: props.termsOfServiceUrl,
    logoImage: props.logoImage,
    fallbackPublicClientEnabled: props.fallbackPublicClientEnabled,
    deviceOnlyAuthEnabled: props.deviceOnlyAuthEnabled,
    oauth2PostResponseRequired: props.oauth2PostResponseRequired,
    ...spec.application,
    api: {
      requestedAccessTokenVersion: props.accessTokenVersion ?? (adopted ? undefined : 2),
      mappedClaimsEnabled: props.mappedClaimsEnabled,
      ...spec.api,
    },
    lifecycle,
  });

  let defaultIdentifierUri: string | undefined;
  let identifierUriResource: ApplicationIdentifierUri | undefined;
  if (spec.defaultIdentifierUri) {
    identifierUriResource = new ApplicationIdentifierUri(owner, 'IdentifierUri', {
      applicationId: application.id,
      identifierUri: `api://${application.clientId}`,
    });
    defaultIdentifierUri = identifierUriResource.identifierUri;
  }

  const ea = props.enterpriseApplication ?? {};
  const servicePrincipal = new ServicePrincipalResource(owner, 'ServicePrincipal', {
    clientId: application.clientId,
    appRoleAssignmentRequired: spec.appRoleAssignmentRequired,
    owners: spOwners,
    featureTags: ea.tags === undefined && (ea.featureTags !== undefined || !adopted) ? featureTagsBlock(ea.featureTags) : undefined,
    tags: ea.tags,
    description: ea.description,
    notes: ea.notes,
    accountEnabled: ea.accountEnabled,
    loginUrl: ea.loginUrl,
    notificationEmailAddresses: ea.notificationEmailAddresses,
    preferredSingleSignOnMode: ea.preferredSingleSignOnMode,
    samlSingleSignOn: ea.samlRelayState !== undefined ? { relayState: ea.samlRelayState } : undefined,
    alternativeNames: ea.alternativeNames,
    lifecycle: preventDestroy || spOwners === undefined
      ? { preventDestroy, ignoreChanges: spOwners === undefined ? ['owners'] : undefined } : undefined,
  });

  const registration: Registration = {
    name: isUnresolved(props.displayName) ? owner.node.path : props.displayName,
    application,
    servicePrincipal,
    owners: owners ?? [],
    defaultIdentifierUri,
    identifierUriResource,
  };
  // Adoption of an existing registration: import blocks, kept apart from the rest of the lifecycle.
  if (props.existing !== undefined) adoptRegistration(owner, registration, props.existing);
  // Entra's replication delay: what references a new registration waits on its gate
  // (private/replication-gate.ts), the identifier URI first of all.
  trackRegistration(owner, {
    name: registration.name,
    clientId: application.clientId,
    servicePrincipalObjectId: servicePrincipal.objectId,
    servicePrincipal,
    adopted: props.existing !== undefined,
    replicationWaitSeconds: props.replicationWaitSeconds,
    permissions: spec.permissions,
  });
  if (identifierUriResource) waitForReplication(identifierUriResource, identifierUriResource, [owner]);
  return registration;
}
