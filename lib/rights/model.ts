// The layout of required-rights.json. A leaf: no imports, so the command line reads it without cdktf.

/** The version of the required-rights JSON layout. Bump it when a field changes meaning or is removed. */
export const REQUIRED_RIGHTS_SCHEMA_VERSION = 1;

/** Why a right is needed: one resource or data source of the stack and what applying it does. */
export interface RightReason {
  /** The Terraform address, e.g. `azuread_app_role_assignment.OrdersApi_Grant_1A2B3C4D` or `data.azuread_group.Readers`. */
  readonly address: string;
  /** What applying it does, e.g. `assign an app role`, with `(adopted)` when it is imported. */
  readonly action: string;
  /** The page that names the least privileged right for the operation. */
  readonly source: string;
}

/** A Microsoft Graph application permission the identity that applies the stack needs. */
export interface GraphRightRequirement {
  /** The permission's value, e.g. `AppRoleAssignment.ReadWrite.All`. */
  readonly permission: string;
  /** Its published id: the app role id on Microsoft Graph's service principal. */
  readonly id: string;
  /** The resources that need it, sorted by address. */
  readonly reasons: RightReason[];
}

/** An Azure built-in role, at a scope, that the identity that applies the stack needs. */
export interface AzureRoleRequirement {
  /** The built-in role's name, e.g. `Managed Identity Contributor`. */
  readonly role: string;
  /** The role definition id. */
  readonly id: string;
  /**
   * Where it must hold: a literal scope, the Terraform resource whose id is the scope (e.g.
   * `azurerm_key_vault.Vault`), or `resource group <name or resource>`.
   */
  readonly scope: string;
  /** The resources that need it, sorted by address. */
  readonly reasons: RightReason[];
}

/**
 * A Microsoft Entra directory role a person needs to apply the stack signed in as a user (`az login`):
 * for these operations a user has no other way.
 */
export interface DirectoryRoleRequirement {
  /** The built-in role's name, e.g. `Privileged Role Administrator`. */
  readonly role: string;
  /** Its role template id. */
  readonly id: string;
  /** The resources that need it, sorted by address. */
  readonly reasons: RightReason[];
}

/** Resources of one type whose rights the table does not know: the report says so instead of guessing. */
export interface UncoveredResource {
  /** The Terraform type, `data.` first for a data source. */
  readonly type: string;
  /** Their addresses, sorted. */
  readonly addresses: string[];
}

/**
 * What the identity that runs `terraform apply` on one stack needs: the `required-rights.json`
 * layout. Computed from the synthesized stack alone (resource and data source types, `import`
 * blocks, owners), so it can be computed for any `cdk.tf.json`.
 */
export interface RequiredRightsModel {
  /** The layout version ({@link REQUIRED_RIGHTS_SCHEMA_VERSION}). */
  readonly version: number;
  /** The stack's name (`//.metadata.stackName`), or empty when unknown. */
  readonly stack: string;
  /** Microsoft Graph application permissions, sorted by permission. Never `Directory.ReadWrite.All`. */
  readonly graph: GraphRightRequirement[];
  /** Azure built-in roles and their scopes, sorted by role, then scope. */
  readonly azure: AzureRoleRequirement[];
  /** Resource types whose rights are not computed, sorted by type. */
  readonly uncovered: UncoveredResource[];
  /**
   * The directory roles a person applying the stack as a user needs, sorted by role: granting
   * Microsoft Graph's own app roles or admin consent to its delegated permissions, and changing
   * registrations the person does not own. An application identity needs `graph` instead.
   *
   * @default - none
   */
  readonly directoryRoles?: DirectoryRoleRequirement[];
}
