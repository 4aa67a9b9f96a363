// The one place where the library makes an app registration (`azuread_application`) and its
// enterprise application (`azuread_service_principal`). ProtectedApi and every client kind
// call registerApplication; nothing else creates either resource. A rule that holds for every
// registration of the tenant (owners, display names, protection from destruction, stable
// addresses, adoption of existing registrations) is written here, once.
import { Construct } from 'constructs';
import { Application } from '@cdktf/provider-azuread/lib/application';
import type { ApplicationConfig } from '@cdktf/provider-azuread/lib/application';
import { ApplicationIdentifierUri } from '@cdktf/provider-azuread/lib/application-identifier-uri';
import { ServicePrincipal as ServicePrincipalResource } from '@cdktf/provider-azuread/lib/service-principal';
import { AppRegistrationProps, SignInAudience } from '../app-registration';
import { adoptRegistration, checkExistingRegistration } from './adoption';
import { clientConfigOf } from './singleton';
import { isGuid } from './uuid';
import { OWNER_SLOT, requireObjectId } from './id-references';
import { entraError, isUnresolved, utf8Length } from './validation';
import { declareStableIdentity, preventsDestroy } from './stable-identity';
import { checkUniqueDisplayName } from './duplicate-names';

/** azuread_application.description: StringLenBetween(0, 1024), counted in bytes. */
const MAX_DESCRIPTION_BYTES = 1024;
/** azuread_application.owners: at most 100. */
const MAX_OWNERS = 100;

const PERSONAL_AUDIENCES: readonly string[] = [SignInAudience.AZURE_AD_AND_PERSONAL_MICROSOFT_ACCOUNT, SignInAudience.PERSONAL_MICROSOFT_ACCOUNT];

/** Whether a sign-in audience lets personal Microsoft accounts sign in (and brings their stricter limits). */
export function isPersonalAudience(audience: string): boolean {
  return PERSONAL_AUDIENCES.includes(audience);
}

/** The application attributes the core sets from {@link AppRegistrationProps}; a kind may not set them. */
type CoreAttribute = 'displayName' | 'description' | 'notes' | 'owners' | 'preventDuplicateNames'
  | 'serviceManagementReference' | 'signInAudience' | 'lifecycle';

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
  /** The application's attributes only this kind sets: `api`, `app_role`, `required_resource_access`, ... */
  readonly application: Omit<ApplicationConfig, CoreAttribute>;
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
}

/** The resources of one registration, and the values every registration exposes. */
export interface Registration {
  /** The display name, or the owner's construct path when it is a token. Never a token. */
  readonly name: string;
  readonly application: Application;
  readonly servicePrincipal: ServicePrincipalResource;
  /** The owners both resources get: as given, or the deploying principal. */
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
  if (props.owners === undefined) return;
  if (props.owners.length > MAX_OWNERS) {
    throw entraError(owner, `has ${props.owners.length} owners; the azuread provider allows at most ${MAX_OWNERS} on an application. List at most ${MAX_OWNERS}.`);
  }
  if (props.owners.length === 0) {
    throw entraError(owner, 'owners is empty; an app registration without owners can only be managed by tenant administrators. '
      + 'Leave owners out to use the deploying principal (ENTRA-RULES 16).');
  }
  for (const o of props.owners) {
    if (!isUnresolved(o) && !isGuid(o)) {
      throw entraError(owner, `owner '${o}' is not an object id (GUID). Give the object id of a user or service principal.`);
    }
    requireObjectId(owner, OWNER_SLOT, 'owner', o, 'Give the object id of a user or service principal (ENTRA-RULES 16), '
      + 'e.g. an azuread_user\'s objectId, or leave owners out to use the deploying principal.');
  }
}

/**
 * Makes the application (`Resource`, so its address is the owner's own) and its service
 * principal (`ServicePrincipal`) as children of `owner`, with the owner default. Call
 * {@link checkRegistrationProps} first, where the props arrive.
 */
export function registerApplication(owner: Construct, props: AppRegistrationProps, spec: RegistrationSpec): Registration {
  const owners = props.owners ?? [clientConfigOf(owner).objectId];

  // Per-registration lifecycle. Everything that keeps a registration's identity (protection
  // from destruction, stable addresses and `moved` blocks, adoption by `import`) belongs here,
  // applied to the application and the service principal alike, so that it holds for the API
  // and every client kind at once.
  checkUniqueDisplayName(owner, props.displayName, props.preventDuplicateNames ?? true);
  const preventDestroy = preventsDestroy(owner, props.preventDestroy) ? true : undefined;
  declareStableIdentity(owner, props.stableKey);
  const lifecycle: ApplicationConfig['lifecycle'] = spec.ignoreChanges || preventDestroy
    ? { ignoreChanges: spec.ignoreChanges, preventDestroy } : undefined;

  const application = new Application(owner, 'Resource', {
    displayName: props.displayName,
    description: props.description,
    notes: props.notes,
    signInAudience: spec.signInAudience,
    owners,
    preventDuplicateNames: props.preventDuplicateNames ?? props.existing === undefined,
    serviceManagementReference: props.serviceManagementReference,
    ...spec.application,
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

  const servicePrincipal = new ServicePrincipalResource(owner, 'ServicePrincipal', {
    clientId: application.clientId,
    appRoleAssignmentRequired: spec.appRoleAssignmentRequired,
    owners,
    featureTags: [{ enterprise: true }],
    lifecycle: preventDestroy ? { preventDestroy } : undefined,
  });

  const registration: Registration = {
    name: isUnresolved(props.displayName) ? owner.node.path : props.displayName,
    application,
    servicePrincipal,
    owners,
    defaultIdentifierUri,
    identifierUriResource,
  };
  // Adoption of an existing registration: import blocks, kept apart from the rest of the lifecycle.
  if (props.existing !== undefined) adoptRegistration(owner, registration, props.existing);
  return registration;
}
