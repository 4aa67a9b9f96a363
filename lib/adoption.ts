/**
 * The ids of an app registration and its enterprise application that exist already in the
 * tenant, so that a construct adopts them (Terraform `import` blocks) instead of creating a
 * new registration, which would get a new client id.
 *
 * All three are on the registration's pages: App registrations > the app > Overview
 * (Object ID, Application (client) ID) and Enterprise applications > the app > Overview
 * (Object ID), or `az ad app show --id <appId> --query id` and `az ad sp show --id <appId> --query id`.
 */
export interface ExistingRegistration {
  /** The object id of the app registration (App registrations > Overview > Object ID). */
  readonly applicationObjectId: string;
  /** The Application (client) id. */
  readonly clientId: string;
  /**
   * The object id of the enterprise application (Enterprise applications > Overview > Object
   * ID), not the app registration's. Leave it out for a registration that has no enterprise
   * application (what `az ad app create` and a bare `azuread_application` make): the first
   * apply adds one, and nothing is imported for it.
   *
   * @default - the registration has no enterprise application; the first apply adds it
   */
  readonly servicePrincipalObjectId?: string;
  /**
   * The identifier URIs the registration has in the tenant (`identifierUris` of
   * `az ad app show`), to state them exactly; `[]` for one that has none (what Terraform and
   * `az ad app create` make). For an API that sets no custom `identifierUri`, the library then
   * writes exactly these, each adopted with an `import` block, and never its default
   * `api://{clientId}` unless it is listed: an API without one keeps none, and its scope strings
   * name it by its client id (`{clientId}/.default`, which Entra accepts for v1 and v2 tokens).
   * URIs added with `additionalIdentifierUris` or `addIdentifierUri` that are not listed here are
   * created. Left out, the URIs the construct declares are taken to exist. For a client (a SAML
   * application's entity id, say), the listed URIs are written as the registration's
   * `identifier_uris`, so the first plan keeps them.
   *
   * @default - the identifier URIs the construct declares exist (`api://{clientId}` unless a custom `identifierUri` is given)
   */
  readonly identifierUris?: string[];
}

/**
 * Options for a grant of an app role.
 */
export interface GrantAppRoleOptions {
  /**
   * The id of the app-role assignment that exists already, to adopt it (a Terraform `import`
   * block) instead of creating it: the `id` of its entry in
   * `GET servicePrincipals/{api's service principal}/appRoleAssignedTo`. It is Graph's opaque
   * id (e.g. `FaaQlYzCQeEdpUGEko3kAMx1Lm85_ePtWgF7kkmEnCw`), not the app role id. The API's
   * service principal object id must be known at synth (an adopted ProtectedApi).
   *
   * @default - the assignment is created
   */
  readonly existingAssignmentId?: string;
}

/**
 * Options for a Microsoft Graph application permission a client requests and is granted
 * (`requestGraphAppRole`).
 */
export interface GraphAppRoleOptions extends GrantAppRoleOptions {
  /**
   * The object id of Microsoft Graph's service principal in this tenant (it differs in every
   * tenant): the `resourceId` of the assignment in `GET servicePrincipals/{client's service principal}/appRoleAssignments`,
   * or `az ad sp show --id 00000003-0000-0000-c000-000000000000 --query id`. Needed with
   * `existingAssignmentId`, because the assignment's import id names it
   * (`/servicePrincipals/{Graph's object id}/appRoleAssignedTo/{assignment id}`); the resource
   * itself still reads Graph's service principal by its client id.
   *
   * @default - none; required when `existingAssignmentId` is given
   */
  readonly graphServicePrincipalObjectId?: string;
}
