import { Construct, IConstruct } from 'constructs';
import { PRINCIPAL, brand, hasBrand } from './private/brands';
import { dataAzureadGroup, dataAzureadServicePrincipal, dataAzureadUser } from './private/providers';
import { CLIENT_ID_SLOT, PRINCIPAL_SLOTS, requireClientId, requireObjectId } from './private/id-references';
import { isUnresolved } from './private/validation';
import { canonicalGuid } from './private/uuid';
import { recordPrincipalKind } from './private/principal-kinds';

/**
 * What kind of Entra object a principal is. It decides which app roles it may hold:
 * groups and users need roles that allow `User` members; service principals and managed
 * identities need roles that allow `Application` members (ENTRA-RULES 6).
 */
export enum PrincipalKind {
  /** An Entra security group. Members get the role in their tokens; nested groups are not expanded. */
  GROUP = 'Group',
  /** An Entra user. */
  USER = 'User',
  /** The service principal of an application (a client, daemon or other API). */
  SERVICE_PRINCIPAL = 'ServicePrincipal',
  /** The service principal of a managed identity, system- or user-assigned. */
  MANAGED_IDENTITY = 'ManagedIdentity',
}

/**
 * Which kind of member an app role allows (`allowed_member_types`).
 */
export enum MemberType {
  /** Users and groups; the role appears in delegated (user) tokens. */
  USER = 'User',
  /** Applications: service principals and managed identities; the role appears in app-only tokens. */
  APPLICATION = 'Application',
}

/**
 * The member type a principal of this kind needs in a role's `allowedMemberTypes`. In other
 * languages: `MemberTypes.forPrincipalKind(kind)`.
 */
export function memberTypeFor(kind: PrincipalKind): MemberType {
  return kind === PrincipalKind.GROUP || kind === PrincipalKind.USER ? MemberType.USER : MemberType.APPLICATION;
}

/**
 * Which member types principals need (ENTRA-RULES 6), for every language: jsii publishes
 * classes, not free functions such as `memberTypeFor`.
 */
export class MemberTypes {
  /** The member type a principal of this kind needs in a role's `allowedMemberTypes`: `User` for groups and users, else `Application`. */
  public static forPrincipalKind(kind: PrincipalKind): MemberType {
    return memberTypeFor(kind);
  }

  private constructor() {}
}

/**
 * Anything that can be given an app role: a principal itself, or a construct that has one,
 * such as an app bound to a workload identity (its code's identity), as aws-iam's
 * `IGrantable`. Grant methods take it and grant to its `grantPrincipal`.
 */
export interface IGrantable extends IConstruct {
  /**
   * The principal that receives what is granted.
   *
   * @default - the grantable itself, which must then be an `IPrincipal`. Every principal of
   * this library says so explicitly; a principal implemented elsewhere need not.
   */
  readonly grantPrincipal?: IPrincipal;
}

/**
 * Anything that can be granted an app role: a group, a user, a service principal or a
 * managed identity.
 *
 * Grants take this interface, never a bare id string, so the wrong id cannot be passed
 * (ENTRA-RULES 1).
 */
export interface IPrincipal extends IGrantable {
  /**
   * The object id that receives app roles: the group's, user's or service principal's
   * object id, or a managed identity's principal id. Often a token.
   */
  readonly principalObjectId: string;

  /** What kind of principal this is; decides which app roles it may hold. */
  readonly principalKind: PrincipalKind;

  /**
   * A human name for reports and messages: the display name when known, else the
   * construct path. Never a token.
   */
  readonly principalName: string;
}

/** Options common to principals imported by id. */
export interface PrincipalOptions {
  /**
   * A human name for the principal, used in error messages and access reports. Not sent to Entra.
   *
   * @default - the construct path
   */
  readonly displayName?: string;
}

/**
 * Shared implementation of the principals in this library.
 */
export abstract class PrincipalBase extends Construct implements IPrincipal {
  /**
   * Whether `obj` is a principal of this library: a group, user, service principal,
   * managed identity, workload identity or daemon app.
   */
  public static isPrincipal(obj: unknown): obj is IPrincipal {
    return hasBrand(obj, PRINCIPAL);
  }

  /** The object id that receives app roles. */
  public abstract readonly principalObjectId: string;
  /** What kind of principal this is. */
  public abstract readonly principalKind: PrincipalKind;
  /** A human name for reports and messages. */
  public readonly principalName: string;

  protected constructor(scope: Construct, id: string, displayName?: string) {
    super(scope, id);
    this.principalName = displayName !== undefined && !isUnresolved(displayName) ? displayName : this.node.path;
    brand(this, PRINCIPAL);
  }

  /** The principal itself (always set; typed optional as `IGrantable.grantPrincipal` is, for jsii). */
  public get grantPrincipal(): IPrincipal | undefined {
    return this;
  }
}


/**
 * An Entra group that exists already, to map to app roles of an API's enterprise application.
 *
 * Group-based assignment needs Entra ID P1 or P2, and nested groups are not expanded
 * (ENTRA-RULES 9).
 */
export class EntraGroup extends PrincipalBase {
  /**
   * A group by its object id.
   *
   * @param objectId the group's object id (a GUID), as shown on the group's overview page
   */
  public static fromObjectId(scope: Construct, id: string, objectId: string, options: PrincipalOptions = {}): EntraGroup {
    const group = new EntraGroup(scope, id, objectId, options.displayName);
    requireObjectId(group, PRINCIPAL_SLOTS.Group, 'group object id', objectId,
      'Pass the group\'s Object Id from Entra (Groups > the group > Overview) or an azuread_group\'s objectId, or use EntraGroup.fromDisplayName().');
    recordPrincipalKind(group, objectId, PrincipalKind.GROUP);
    return group;
  }

  /**
   * A security group looked up by its display name through the `azuread_group` data source.
   * The name must be unique in the tenant, or the plan fails.
   */
  public static fromDisplayName(scope: Construct, id: string, displayName: string): EntraGroup {
    if (!isUnresolved(displayName) && displayName.trim().length === 0) {
      throw new Error(`[${scope.node.path}/${id}] group display name is empty; give the group's display name as shown in Entra`);
    }
    if (!isUnresolved(displayName) && displayName.includes("'")) {
      throw new Error(`[${scope.node.path}/${id}] group display name '${displayName}' contains an apostrophe; the azuread provider looks groups up with an `
        + 'OData filter it does not escape, so the plan fails. Use EntraGroup.fromObjectId() with the group\'s object id instead.');
    }
    return new EntraGroup(scope, id, undefined, displayName);
  }

  /** The group's object id. */
  public readonly principalObjectId: string;
  /** Always {@link PrincipalKind.GROUP}. */
  public readonly principalKind = PrincipalKind.GROUP;

  private constructor(scope: Construct, id: string, objectId: string | undefined, displayName?: string) {
    super(scope, id, displayName);
    if (objectId !== undefined) {
      this.principalObjectId = canonicalGuid(objectId);
    } else {
      const lookup = new (dataAzureadGroup())(this, 'Lookup', { displayName: displayName!, securityEnabled: true });
      this.principalObjectId = lookup.objectId;
    }
  }
}

/**
 * An Entra user that exists already.
 */
export class EntraUser extends PrincipalBase {
  /**
   * A user by object id.
   *
   * @param objectId the user's object id (a GUID)
   */
  public static fromObjectId(scope: Construct, id: string, objectId: string, options: PrincipalOptions = {}): EntraUser {
    const user = new EntraUser(scope, id, objectId, options.displayName);
    requireObjectId(user, PRINCIPAL_SLOTS.User, 'user object id', objectId,
      'Pass the user\'s Object Id or an azuread_user\'s objectId, or use EntraUser.fromUserPrincipalName().');
    recordPrincipalKind(user, objectId, PrincipalKind.USER);
    return user;
  }

  /**
   * A user looked up by user principal name (e.g. `jane@contoso.com`) through the `azuread_user` data source.
   */
  public static fromUserPrincipalName(scope: Construct, id: string, userPrincipalName: string): EntraUser {
    if (!isUnresolved(userPrincipalName) && !/^[^@\s]+@[^@\s]+$/.test(userPrincipalName)) {
      throw new Error(`[${scope.node.path}/${id}] user principal name '${userPrincipalName}' is not of the form name@domain; give the user's sign-in name, e.g. 'jane@contoso.com'`);
    }
    return new EntraUser(scope, id, undefined, userPrincipalName);
  }

  /** The user's object id. */
  public readonly principalObjectId: string;
  /** Always {@link PrincipalKind.USER}. */
  public readonly principalKind = PrincipalKind.USER;

  private constructor(scope: Construct, id: string, objectId: string | undefined, name?: string) {
    super(scope, id, name);
    if (objectId !== undefined) {
      this.principalObjectId = canonicalGuid(objectId);
    } else {
      const lookup = new (dataAzureadUser())(this, 'Lookup', { userPrincipalName: name! });
      this.principalObjectId = lookup.objectId;
    }
  }
}

/**
 * The service principal (enterprise application) of a client, daemon or other application
 * that calls an API with app-only tokens.
 */
export class EntraServicePrincipal extends PrincipalBase {
  /**
   * A service principal by its **object id** (Enterprise applications > the app > Object ID),
   * not the application's object id and not its client id.
   */
  public static fromObjectId(scope: Construct, id: string, objectId: string, options: PrincipalOptions = {}): EntraServicePrincipal {
    const sp = new EntraServicePrincipal(scope, id, objectId, undefined, options.displayName);
    requireObjectId(sp, PRINCIPAL_SLOTS.ServicePrincipal, 'service principal object id', objectId,
      'Pass the Object ID from Enterprise applications (not the app registration\'s object id), or use EntraServicePrincipal.fromClientId().');
    recordPrincipalKind(sp, objectId, PrincipalKind.SERVICE_PRINCIPAL);
    return sp;
  }

  /**
   * A service principal looked up by its application's client id through the
   * `azuread_service_principal` data source.
   */
  public static fromClientId(scope: Construct, id: string, clientId: string, options: PrincipalOptions = {}): EntraServicePrincipal {
    const sp = new EntraServicePrincipal(scope, id, undefined, clientId, options.displayName);
    requireClientId(sp, CLIENT_ID_SLOT.what, clientId,
      'Pass the Application (client) ID of the app registration (an application\'s clientId), or use EntraServicePrincipal.fromObjectId() with the service principal\'s object id.');
    return sp;
  }

  /** The service principal's object id. */
  public readonly principalObjectId: string;
  /** Always {@link PrincipalKind.SERVICE_PRINCIPAL}. */
  public readonly principalKind = PrincipalKind.SERVICE_PRINCIPAL;

  private constructor(scope: Construct, id: string, objectId: string | undefined, clientId: string | undefined, name?: string) {
    super(scope, id, name);
    if (objectId !== undefined) {
      this.principalObjectId = canonicalGuid(objectId);
    } else {
      const lookup = new (dataAzureadServicePrincipal())(this, 'Lookup', { clientId: canonicalGuid(clientId!) });
      this.principalObjectId = lookup.objectId;
    }
  }
}
