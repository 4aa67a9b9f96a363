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
   * `az ad app show`). An import block is written only for a URI listed here: an API with
   * none gets `api://{clientId}` added by the first apply rather than a failed import.
   *
   * @default - the identifier URI the construct declares exists
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
