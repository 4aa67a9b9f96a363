import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { PrincipalBase, PrincipalKind } from './principal';
import { requireIdentityIds } from './private/id-references';
import { entraError, isUnresolved } from './private/validation';
import { canonicalGuid } from './private/uuid';
import { recordPrincipalKind } from './private/principal-kinds';

const USER_ASSIGNED_IDENTITY = 'azurerm_user_assigned_identity';

/** Which kind of managed identity. */
export enum ManagedIdentityType {
  /** Tied to one Azure resource (e.g. a Function App); created and deleted with it. */
  SYSTEM_ASSIGNED = 'SystemAssigned',
  /** A standalone Azure resource that several services can share. */
  USER_ASSIGNED = 'UserAssigned',
}

/**
 * Attributes of a user-assigned managed identity that exists already or is declared elsewhere.
 */
export interface UserAssignedIdentityAttributes {
  /** The identity's principal (object) id: what receives app roles (ENTRA-RULES 2). */
  readonly principalId: string;
  /** The identity's client id: what code puts in `AZURE_CLIENT_ID` / `ManagedIdentityClientId` (ENTRA-RULES 2). */
  readonly clientId: string;
  /**
   * The identity's Azure resource id, for `identity_ids` of the apps that carry it.
   *
   * @default - unknown
   */
  readonly resourceId?: string;
  /**
   * A human name for messages and reports.
   *
   * @default - the construct path
   */
  readonly displayName?: string;
}

/**
 * Attributes of a system-assigned managed identity.
 */
export interface SystemAssignedIdentityAttributes {
  /**
   * The identity's principal id, e.g. a Function App's `identity.principalId`. It is unknown
   * until apply, so it never becomes part of a construct id or `for_each` key (ENTRA-RULES 22).
   */
  readonly principalId: string;
  /**
   * A human name for messages and reports, e.g. the app's name.
   *
   * @default - the construct path
   */
  readonly displayName?: string;
}

/**
 * Options for a user-assigned identity used as a principal.
 */
export interface UserAssignedPrincipalOptions {
  /**
   * A human name for messages and reports.
   *
   * @default - the identity's name when known at synth, else the construct path
   */
  readonly displayName?: string;
}

/**
 * A managed identity as a principal, and nothing more: it can be granted app roles that allow
 * `Application` members, replacing the `az rest POST .../appRoleAssignments` script.
 *
 * Use it for an identity whose Azure resource and app wiring are declared by your own code:
 * the system-assigned identity of an app you declare with the provider's class
 * (`fromSystemAssigned`), or a user-assigned identity you declare with azurerm's
 * `UserAssignedIdentity` (`fromUserAssignedIdentity`). To create a user-assigned identity that
 * several apps share, or to adopt one that exists already, use {@link WorkloadIdentity}
 * (`new WorkloadIdentity(...)`, `WorkloadIdentity.fromIdentityAttributes(...)`): it is the
 * same kind of principal, and also gives each app its identity block, `AZURE_CLIENT_ID` and
 * Key Vault reference identity, checked at synth.
 */
export class ManagedIdentity extends PrincipalBase {
  /**
   * A user-assigned identity declared in this program with the azurerm provider's
   * `UserAssignedIdentity` (`azurerm_user_assigned_identity`).
   *
   * Typed as cdktf's `TerraformResource`, so that the library's API names no azurerm type and a
   * program that uses only the Entra constructs installs no azurerm package; any other resource
   * type is an error. Throws also when the identity is not a resource at all.
   *
   * @param identity an azurerm `UserAssignedIdentity`
   */
  public static fromUserAssignedIdentity(scope: Construct, id: string, identity: TerraformResource,
    options: UserAssignedPrincipalOptions = {}): ManagedIdentity {
    const type = TerraformResource.isTerraformResource(identity) ? identity.terraformResourceType : undefined;
    if (type !== USER_ASSIGNED_IDENTITY) {
      throw entraError(scope, `ManagedIdentity.fromUserAssignedIdentity('${id}') was given ${identity.node.path}, `
        + `${type ? `a ${type}` : 'which is not a Terraform resource'}; pass an azurerm UserAssignedIdentity (${USER_ASSIGNED_IDENTITY}), `
        + 'or an identity\'s ids to ManagedIdentity.fromUserAssignedAttributes.');
    }
    // The generated class's own getters are these attribute reads; `nameInput` is what the program set.
    const name = (identity as unknown as { readonly nameInput?: string }).nameInput;
    return new ManagedIdentity(scope, id, ManagedIdentityType.USER_ASSIGNED, identity.getStringAttribute('principal_id'),
      identity.getStringAttribute('client_id'), identity.getStringAttribute('id'),
      options.displayName ?? (name === undefined || isUnresolved(name) ? undefined : name));
  }

  /**
   * A user-assigned identity by its ids, e.g. one declared in another program, as a principal
   * only.
   *
   * @deprecated adopt an existing user-assigned identity with `WorkloadIdentity.fromIdentityAttributes`:
   * the same principal (the same grants, the same checks of its ids), and it can wire apps too
   */
  public static fromUserAssignedAttributes(scope: Construct, id: string, attrs: UserAssignedIdentityAttributes): ManagedIdentity {
    return new ManagedIdentity(scope, id, ManagedIdentityType.USER_ASSIGNED, attrs.principalId, attrs.clientId,
      attrs.resourceId, attrs.displayName);
  }

  /**
   * A system-assigned identity, from its principal id (e.g. `functionApp.identity.principalId`).
   */
  public static fromSystemAssigned(scope: Construct, id: string, attrs: SystemAssignedIdentityAttributes): ManagedIdentity {
    return new ManagedIdentity(scope, id, ManagedIdentityType.SYSTEM_ASSIGNED, attrs.principalId, undefined, undefined,
      attrs.displayName);
  }

  /** The identity's principal id, which receives app roles (ENTRA-RULES 2). */
  public readonly principalObjectId: string;
  /** Always {@link PrincipalKind.MANAGED_IDENTITY}. */
  public readonly principalKind = PrincipalKind.MANAGED_IDENTITY;
  /** System- or user-assigned. */
  public readonly identityType: ManagedIdentityType;
  /**
   * The client id, for `AZURE_CLIENT_ID` / `ManagedIdentityClientId`.
   * Only user-assigned identities have one the code needs.
   *
   * @default - none (system-assigned)
   */
  public readonly clientId?: string;
  /**
   * The Azure resource id of a user-assigned identity.
   *
   * @default - unknown
   */
  public readonly resourceId?: string;

  private constructor(scope: Construct, id: string, type: ManagedIdentityType, principalId: string,
    clientId: string | undefined, resourceId: string | undefined, displayName: string | undefined) {
    super(scope, id, displayName);
    this.identityType = type;
    this.principalObjectId = canonicalGuid(principalId);
    this.clientId = canonicalGuid(clientId);
    this.resourceId = resourceId;
    requireIdentityIds(this, { principalId, clientId, resourceId },
      { principalId: 'principal id', clientId: 'client id', resourceId: 'resource id', subject: 'managed identity ' });
    recordPrincipalKind(this, principalId, PrincipalKind.MANAGED_IDENTITY, 'principal id');
  }
}
