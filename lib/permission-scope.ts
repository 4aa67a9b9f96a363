import { applicationApiOauth2PermissionScopeToTerraform } from '@cdktf/provider-azuread/lib/application';
import type { IApi } from './api';

/**
 * Who may consent to a delegated scope.
 */
export enum ConsentType {
  /** Only an administrator may consent (the secure default). */
  ADMIN = 'Admin',
  /** Users may consent for themselves. */
  USER = 'User',
}

/**
 * A delegated permission (OAuth2 permission scope) exposed by an API.
 */
export interface IPermissionScope {
  /** The API the scope belongs to. */
  readonly api: IApi;
  /** The scope's value, e.g. `Orders.Access`. */
  readonly value: string;
  /** The scope's id (a GUID), or a token when it is only known at apply. */
  readonly scopeId: string;
  /**
   * The full scope string a client requests: `{identifierUri}/{value}` (`{clientId}/{value}`
   * for an adopted API without an identifier URI).
   */
  readonly fullScope: string;
  /**
   * Who may consent, when known at synth.
   *
   * @default - unknown (the API is registered elsewhere)
   */
  readonly consentType?: ConsentType;
  /**
   * Whether the scope is enabled, when known at synth.
   *
   * @default - unknown (the API is registered elsewhere)
   */
  readonly enabled?: boolean;
}

/**
 * Options for a delegated scope.
 */
export interface ScopeOptions {
  /** Description shown to an administrator who consents. */
  readonly adminConsentDescription: string;
  /**
   * Title shown to an administrator who consents.
   *
   * @default - the value
   */
  readonly adminConsentDisplayName?: string;
  /**
   * Who may consent.
   *
   * @default ConsentType.ADMIN
   */
  readonly consentType?: ConsentType;
  /**
   * Description shown to a user who consents.
   *
   * @default - for a scope of a created API, the admin consent description; for a scope of an
   * adopted API (`existing`), none: state the text the scope has (a scope without one stays without)
   */
  readonly userConsentDescription?: string;
  /**
   * Title shown to a user who consents.
   *
   * @default - for a scope of a created API, the admin consent display name; for a scope of an
   * adopted API (`existing`), none: state the title the scope has
   */
  readonly userConsentDisplayName?: string;
  /**
   * Whether the scope is enabled. To retire a scope safely, set `false` and apply, then
   * remove it in a later change (ENTRA-RULES 7).
   *
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * An explicit scope id, to adopt a scope that already exists in Entra: the GUID from the app
   * manifest, or a token (a variable, another registration's `oauth2_permission_scope_ids` entry) that is
   * written as it is. A token that refers to a client, object or tenant id is refused.
   *
   * @default - a UUIDv5 derived from the API's id seed and the scope value
   */
  readonly id?: string;
}

/**
 * A delegated scope declared in a {@link ProtectedApi}'s props.
 */
export interface ScopeDefinition extends ScopeOptions {
  /** The scope's value, e.g. `Orders.Access`. */
  readonly value: string;
}

/** A delegated scope declared on a {@link ProtectedApi}. */
export class PermissionScope implements IPermissionScope {
  /** The API the scope belongs to. */
  public readonly api: IApi;
  /** The scope's value. */
  public readonly value: string;
  /** The scope's id. */
  public readonly scopeId: string;
  /**
   * Who may consent. Always set for a declared scope.
   *
   * @default ConsentType.ADMIN
   */
  public readonly consentType?: ConsentType;
  /**
   * Whether the scope is enabled. Always set for a declared scope.
   *
   * @default true
   */
  public readonly enabled?: boolean;
  /** Title shown to an administrator who consents. */
  public readonly adminConsentDisplayName: string;
  /** Description shown to an administrator who consents. */
  public readonly adminConsentDescription: string;
  /** Title shown to a user who consents. */
  public readonly userConsentDisplayName: string;
  /** Description shown to a user who consents. */
  public readonly userConsentDescription: string;

  /** The user-consent texts written: as given, or for a created scope the admin texts; for an adopted scope only what is given. */
  private readonly writtenUserConsent: { readonly displayName?: string; readonly description?: string };

  /** @internal */
  constructor(api: IApi, value: string, scopeId: string, options: ScopeOptions, adopted: boolean = false) {
    this.api = api;
    this.value = value;
    this.scopeId = scopeId;
    this.consentType = options.consentType ?? ConsentType.ADMIN;
    this.enabled = options.enabled ?? true;
    this.adminConsentDisplayName = options.adminConsentDisplayName ?? value;
    this.adminConsentDescription = options.adminConsentDescription;
    this.userConsentDisplayName = options.userConsentDisplayName ?? this.adminConsentDisplayName;
    this.userConsentDescription = options.userConsentDescription ?? this.adminConsentDescription;
    // The admin texts are a default for what the program creates; an adopted scope keeps the
    // user-consent texts it has (none stays none), so the first plan does not change it.
    this.writtenUserConsent = adopted
      ? { displayName: options.userConsentDisplayName, description: options.userConsentDescription }
      : { displayName: this.userConsentDisplayName, description: this.userConsentDescription };
  }

  /**
   * The full scope string a client requests: `{identifierUri}/{value}`, or `{clientId}/{value}`
   * for an adopted API that has no identifier URI.
   */
  public get fullScope(): string {
    const api = this.api as IApi & { _scopeResource?: () => string };
    return `${typeof api._scopeResource === 'function' ? api._scopeResource() : api.identifierUri}/${this.value}`;
  }

  /**
   * The scope as an `oauth2_permission_scope` block of its API's application (snake_case, as Terraform reads it).
   *
   * @internal
   */
  public _toTerraform(): Record<string, unknown> {
    return applicationApiOauth2PermissionScopeToTerraform({
      id: this.scopeId,
      value: this.value,
      type: this.consentType ?? ConsentType.ADMIN,
      enabled: this.enabled ?? true,
      adminConsentDisplayName: this.adminConsentDisplayName,
      adminConsentDescription: this.adminConsentDescription,
      userConsentDisplayName: this.writtenUserConsent.displayName,
      userConsentDescription: this.writtenUserConsent.description,
    });
  }
}
