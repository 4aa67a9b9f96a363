import type { IApi } from './api';

/** Which identity of an app resolves its Key Vault references (ENTRA-RULES 21). */
export enum KeyVaultReferenceIdentity {
  /** The app's system-assigned identity: App Service's own default. The app needs one. */
  SYSTEM_ASSIGNED = 'SystemAssigned',
  /** The workload (user-assigned) identity, named in `key_vault_reference_identity_id`. */
  USER_ASSIGNED = 'UserAssigned',
}

/** Which identity `DefaultAzureCredential` in the app's code uses (ENTRA-RULES 21). */
export enum DefaultCredentialIdentity {
  /** The app's system-assigned identity: no `AZURE_CLIENT_ID` setting. The app needs one. */
  SYSTEM_ASSIGNED = 'SystemAssigned',
  /** The workload (user-assigned) identity: `AZURE_CLIENT_ID` is set to its client id. */
  USER_ASSIGNED = 'UserAssigned',
}

/**
 * An API's `.default` scope to put in an app setting, so the code knows what to ask a
 * token for (ENTRA-RULES 13).
 */
export interface ApiScopeSetting {
  /** The app setting (or environment variable) name, e.g. `ORDERS_API_SCOPE`. Letters, digits and underscores. */
  readonly settingName: string;
  /** The API the code calls; the setting holds its `defaultScope` (`api://.../.default`). */
  readonly api: IApi;
}

/**
 * Options for {@link IWorkloadIdentity.wiringFor}: how one app uses its identities.
 */
export interface WorkloadWiringOptions {
  /**
   * Whether the app also gets a system-assigned identity, e.g. because Key Vault
   * references should resolve with it (as the field note recommends).
   *
   * @default false
   */
  readonly systemAssigned?: boolean;
  /**
   * Which identity resolves the app's Key Vault references. `SYSTEM_ASSIGNED` needs
   * `systemAssigned: true`.
   *
   * @default - SYSTEM_ASSIGNED when `systemAssigned` is true, else USER_ASSIGNED
   */
  readonly keyVaultReferences?: KeyVaultReferenceIdentity;
  /**
   * Which identity `DefaultAzureCredential` uses. `SYSTEM_ASSIGNED` needs `systemAssigned: true`.
   *
   * @default DefaultCredentialIdentity.USER_ASSIGNED
   */
  readonly defaultCredential?: DefaultCredentialIdentity;
  /**
   * APIs whose `.default` scope the code needs, each under a setting name.
   *
   * @default - none
   */
  readonly apiScopes?: ApiScopeSetting[];
}

/**
 * The `identity` block of an app. It has the shape of the azurerm provider's
 * `LinuxFunctionAppIdentity`, `WindowsFunctionAppIdentity`, `LinuxWebAppIdentity`,
 * `WindowsWebAppIdentity` and `ContainerAppIdentity`, so in TypeScript it is passed as it is;
 * in C#, Java and Python copy its two fields into the provider's identity struct.
 */
export interface WorkloadIdentityBlock {
  /** `UserAssigned` or `SystemAssigned, UserAssigned`. */
  readonly type: string;
  /** The resource ids of the user-assigned identities. */
  readonly identityIds: string[];
}

/**
 * A name and value, in the shape of a Container App's `template.container.env` entry.
 */
export interface WorkloadEnvironmentVariable {
  /** The variable's name. */
  readonly name: string;
  /** The variable's value. */
  readonly value: string;
}

/**
 * Everything an app resource needs to use a workload identity, from
 * {@link IWorkloadIdentity.wiringFor}. Pass its parts to the provider's app class:
 * `identity`, `keyVaultReferenceIdentityId` and `appSettings` for Functions and App
 * Service apps; `identity`, `environmentVariables` and `containerAppSecretIdentity` for
 * Container Apps.
 */
export interface WorkloadWiring {
  /** The app's `identity` block. */
  readonly identity: WorkloadIdentityBlock;
  /**
   * The App Service `key_vault_reference_identity_id`: the workload identity's resource id
   * when Key Vault references resolve with it.
   *
   * @default - not set: Key Vault references resolve with the system-assigned identity
   */
  readonly keyVaultReferenceIdentityId?: string;
  /**
   * The identity a Container App's Key Vault `secret` block names: `System`, or the
   * workload identity's resource id.
   */
  readonly containerAppSecretIdentity: string;
  /**
   * App settings to merge into the app's own: `AZURE_CLIENT_ID` when DefaultAzureCredential
   * uses the workload identity, and each API scope setting.
   */
  readonly appSettings: { [name: string]: string };
  /** The same settings as Container App environment variables, sorted by name. */
  readonly environmentVariables: WorkloadEnvironmentVariable[];
  /** Whether the identity block has a system-assigned identity. */
  readonly systemAssigned: boolean;
  /** Which identity resolves Key Vault references. */
  readonly keyVaultReferences: KeyVaultReferenceIdentity;
  /** Which identity DefaultAzureCredential uses. */
  readonly defaultCredential: DefaultCredentialIdentity;
  /** The resource id of the workload identity this wiring is for. */
  readonly workloadIdentityResourceId: string;
}
