import type { ExistingRegistration } from './adoption';

/**
 * Who may sign in to an application (`sign_in_audience`).
 */
export enum SignInAudience {
  /** Accounts in this tenant only (single tenant). */
  AZURE_AD_MY_ORG = 'AzureADMyOrg',
  /** Accounts in any Entra tenant (multi-tenant). */
  AZURE_AD_MULTIPLE_ORGS = 'AzureADMultipleOrgs',
  /** Accounts in any Entra tenant and personal Microsoft accounts. Needs access token version 2. */
  AZURE_AD_AND_PERSONAL_MICROSOFT_ACCOUNT = 'AzureADandPersonalMicrosoftAccount',
  /** Personal Microsoft accounts only. Needs access token version 2. */
  PERSONAL_MICROSOFT_ACCOUNT = 'PersonalMicrosoftAccount',
}

/**
 * Properties every app registration has, an API's ({@link ProtectedApiProps}) and every
 * client's ({@link ClientAppProps}): the app registration (`azuread_application`) and its
 * enterprise application (`azuread_service_principal`) are made from them in one place, with
 * one set of checks.
 */
export interface AppRegistrationProps {
  /** Display name of the app registration and of its enterprise application. */
  readonly displayName: string;
  /**
   * Description of the app registration.
   *
   * @default - none
   */
  readonly description?: string;
  /**
   * Notes on the app registration.
   *
   * @default - none
   */
  readonly notes?: string;
  /**
   * Object ids of the owners of the app registration and enterprise application. An
   * identity that deploys with `Application.ReadWrite.OwnedBy` must be one of them
   * (ENTRA-RULES 16).
   *
   * @default - the deploying principal (`azuread_client_config.object_id`)
   */
  readonly owners?: string[];
  /**
   * Whether to fail rather than create a second app registration with the same display name
   * (ENTRA-RULES 17).
   *
   * @default - true; false when `existing` is given (the name check is for creating, and the
   * adopted registration has its name already)
   */
  readonly preventDuplicateNames?: boolean;
  /**
   * The ids of an app registration and enterprise application that exist already: the
   * construct adopts them with Terraform `import` blocks (and, for an API with the default
   * identifier URI, imports `api://{clientId}` too) instead of creating a new registration
   * with a new client id. Every app role and scope of an adopted API must give its existing
   * `id`. `cdktf-entra-identity adopt` writes these from a tenant export.
   *
   * @default - a new registration is created
   */
  readonly existing?: ExistingRegistration;
  /**
   * The service management reference some tenants require on every app registration.
   *
   * @default - none
   */
  readonly serviceManagementReference?: string;
  /**
   * The registration's stable key: it pins the Terraform address of every resource the
   * construct owns (the app registration, its enterprise application, identifier URI, grants
   * and table rows made through it, pre-authorizations, secrets, ...) and, for an API, the
   * derived role and scope ids. With a key, moving the construct under another parent or
   * renaming its id changes nothing in cdk.tf.json but metadata.
   *
   * Set it to the construct's path within its stack today (e.g. `OrdersApi`, or
   * `Team/OrdersApi`), and nothing changes now either. Parts are construct-id-like (letters,
   * digits, `_`, `.`, `:`, `-`) joined with `/`. Two registrations of a stack may not share a key.
   *
   * @default - the construct's path within its stack: moving or renaming the construct destroys
   * and re-creates the registration (a new client id), unless `movedFrom` declares the old path
   */
  readonly stableKey?: string;
  /**
   * Whether the app registration and its enterprise application carry
   * `lifecycle.prevent_destroy`, so that `terraform plan` fails rather than destroy them.
   * To retire a registration on purpose: set this to false, apply, then remove the construct
   * and apply again.
   *
   * @default - true, unless the context key `cdktf-entra-identity:preventDestroy` is false (in
   * cdktf.json for the whole app, or `stack.node.setContext(...)` for one stack)
   */
  readonly preventDestroy?: boolean;
}
