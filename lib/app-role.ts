import { applicationAppRoleToTerraform } from '@cdktf/provider-azuread/lib/application';
import type { IApi } from './api';
import type { MemberType } from './principal';

/**
 * An app role defined on an API.
 */
export interface IAppRole {
  /** The API the role belongs to. */
  readonly api: IApi;
  /** The role's value, as it appears in the `roles` claim, e.g. `Orders.Read`. */
  readonly value: string;
  /** The role's id (a GUID), or a token when it is only known at apply. */
  readonly roleId: string;
  /**
   * Which members the role allows, when known at synth.
   *
   * @default - unknown (the API is registered elsewhere)
   */
  readonly allowedMemberTypes?: MemberType[];
  /**
   * Whether the role is enabled, when known at synth.
   *
   * @default - unknown (the API is registered elsewhere)
   */
  readonly enabled?: boolean;
}

/**
 * Options for an app role.
 */
export interface AppRoleOptions {
  /** What the role lets its holder do; shown on consent and assignment pages. */
  readonly description: string;
  /**
   * Who may hold the role: users and groups (`User`), applications and managed identities
   * (`Application`), or both. A managed identity can only hold a role that allows
   * `Application`; a group only one that allows `User` (ENTRA-RULES 6).
   */
  readonly allowedMemberTypes: MemberType[];
  /**
   * The role's display name.
   *
   * @default - the value
   */
  readonly displayName?: string;
  /**
   * Whether the role is enabled. To retire a role safely, set `false` and apply, then
   * remove it in a later change (ENTRA-RULES 7).
   *
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * An explicit role id, to adopt a role that already exists in Entra: the GUID from the app
   * manifest, or a token (a variable, another registration's `app_role_ids` entry) that is
   * written as it is. A token that refers to a client, object or tenant id is refused.
   *
   * @default - a UUIDv5 derived from the API's id seed and the role value; stable across runs,
   * machines and reorderings
   */
  readonly id?: string;
}

/**
 * An app role declared in a {@link ProtectedApi}'s props.
 */
export interface AppRoleDefinition extends AppRoleOptions {
  /** The role's value, as it appears in the `roles` claim, e.g. `Orders.Read`. */
  readonly value: string;
}

/** An app role declared on a {@link ProtectedApi}. */
export class AppRole implements IAppRole {
  /** The API the role belongs to. */
  public readonly api: IApi;
  /** The role's value. */
  public readonly value: string;
  /** The role's id. */
  public readonly roleId: string;
  /**
   * Which members the role allows. Always set for a declared role.
   *
   * @default - (always set)
   */
  public readonly allowedMemberTypes?: MemberType[];
  /**
   * Whether the role is enabled. Always set for a declared role.
   *
   * @default true
   */
  public readonly enabled?: boolean;
  /** The role's display name. */
  public readonly displayName: string;
  /** The role's description. */
  public readonly description: string;

  /** @internal */
  constructor(api: IApi, value: string, roleId: string, options: AppRoleOptions) {
    this.api = api;
    this.value = value;
    this.roleId = roleId;
    this.allowedMemberTypes = [...options.allowedMemberTypes];
    this.enabled = options.enabled ?? true;
    this.displayName = options.displayName ?? value;
    this.description = options.description;
  }

  /**
   * The role as an `app_role` block of its API's application, member types sorted.
   *
   * @internal
   */
  public _toTerraform(): Record<string, unknown> {
    return applicationAppRoleToTerraform({
      id: this.roleId,
      value: this.value,
      displayName: this.displayName,
      description: this.description,
      allowedMemberTypes: [...this.allowedMemberTypes ?? []].sort(),
      enabled: this.enabled ?? true,
    });
  }
}
