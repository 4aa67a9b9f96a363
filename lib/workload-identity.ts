import { TerraformDataSource, TerraformElement, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import type { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { IApi } from './app-role';
import { ManagedIdentity } from './managed-identity';
import { IPrincipal, PrincipalBase, PrincipalKind } from './principal';
import { keyVaultAccessPolicy, roleAssignment, userAssignedIdentity } from './private/providers';
import { pathInStack } from './private/singleton';
import { entraError, isUnresolved, requireGuid } from './private/validation';
import {
  APP_SERVICE_TYPES, CLIENT_ID_SETTING, CONTAINER_APP_SYSTEM, CONTAINER_APP_TYPE, configuredBody, isExpression,
  resolvedValue,
} from './private/workload-config';
import { KnownIdentity, appProblems } from './private/workload-validation';

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

/** How a Key Vault authorizes data access. */
export enum KeyVaultAccessModel {
  /** Azure RBAC (`rbac_authorization_enabled = true`): an `azurerm_role_assignment` of "Key Vault Secrets User" on the vault. */
  RBAC = 'RBAC',
  /** Vault access policies: an `azurerm_key_vault_access_policy` allowing Get and List on secrets. */
  ACCESS_POLICY = 'AccessPolicy',
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

/**
 * Options for granting read access to a Key Vault's secrets.
 */
export interface KeyVaultSecretsReadOptions {
  /**
   * How the vault authorizes access.
   *
   * @default - read from the vault resource: RBAC when `rbac_authorization_enabled` (or the
   * older `enable_rbac_authorization`) is true, else ACCESS_POLICY (the azurerm 4.x default).
   * Required for a vault that is a data source or whose setting is only known at apply.
   */
  readonly accessModel?: KeyVaultAccessModel;
}

/**
 * A user-assigned managed identity that workloads (Functions, App Service, Container Apps)
 * share: a principal that can be granted API roles, and the wiring that puts it on an app.
 */
export interface IWorkloadIdentity extends IPrincipal {
  /** The identity's client id: what `AZURE_CLIENT_ID` / `ManagedIdentityClientId` holds (ENTRA-RULES 2). */
  readonly clientId: string;
  /** The identity's principal id, which receives roles (ENTRA-RULES 2). Same as `principalObjectId`. */
  readonly principalId: string;
  /** The identity's Azure resource id, for `identity_ids` and `key_vault_reference_identity_id`. */
  readonly resourceId: string;

  /** What an app needs to carry and use this identity. Has no side effects; call it once per app. */
  wiringFor(options?: WorkloadWiringOptions): WorkloadWiring;

  /**
   * Binds an app declared with the azurerm provider's own class (LinuxFunctionApp,
   * WindowsFunctionApp, LinuxWebApp, WindowsWebApp or ContainerApp) to this identity and
   * its wiring: gives access to the app's system-assigned identity as a principal, and
   * checks at synth that the app carries what the wiring says.
   */
  bindApp(app: TerraformResource, wiring: WorkloadWiring): AppIdentityBinding;

  /** Lets this identity read the secrets of a Key Vault. */
  grantKeyVaultSecretsRead(keyVault: TerraformElement, options?: KeyVaultSecretsReadOptions): KeyVaultSecretsGrant;
}

/**
 * Properties of a {@link WorkloadIdentity}.
 */
export interface WorkloadIdentityProps {
  /** The identity's Azure resource name, e.g. `id-orders`: 3 to 128 letters, digits, hyphens and underscores. */
  readonly name: string;
  /** The resource group it lives in. */
  readonly resourceGroupName: string;
  /** The Azure region, e.g. `westeurope`. */
  readonly location: string;
  /**
   * Tags on the identity.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/**
 * Ids of a user-assigned identity that exists already, to adopt with
 * {@link WorkloadIdentity.fromIdentityAttributes}.
 */
export interface WorkloadIdentityAttributes {
  /**
   * The identity's resource id,
   * `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}`.
   */
  readonly resourceId: string;
  /** The identity's client id (a GUID). */
  readonly clientId: string;
  /** The identity's principal (object) id (a GUID). */
  readonly principalId: string;
  /**
   * A human name for messages and reports.
   *
   * @default - the construct path
   */
  readonly displayName?: string;
}

const WORKLOAD_IDENTITY = Symbol.for('cdktf-entra-identity.WorkloadIdentity');
const RESOURCE_ID_RE = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;
const SETTING_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEY_VAULT_SECRETS_USER = 'Key Vault Secrets User';

/**
 * What every workload identity does, created here or adopted.
 */
export abstract class WorkloadIdentityBase extends PrincipalBase implements IWorkloadIdentity {
  /** Whether `obj` is a workload identity of this library. */
  public static isWorkloadIdentity(obj: unknown): obj is WorkloadIdentityBase {
    return typeof obj === 'object' && obj !== null && WORKLOAD_IDENTITY in obj;
  }

  /** The identity's client id. */
  public abstract readonly clientId: string;
  /** The identity's principal id. */
  public abstract readonly principalId: string;
  /** The identity's Azure resource id. */
  public abstract readonly resourceId: string;
  /** Always {@link PrincipalKind.MANAGED_IDENTITY}. */
  public readonly principalKind = PrincipalKind.MANAGED_IDENTITY;

  protected constructor(scope: Construct, id: string, displayName?: string) {
    super(scope, id, displayName);
    Object.defineProperty(this, WORKLOAD_IDENTITY, { value: true });
  }

  /** The identity's principal id, which receives roles. */
  public get principalObjectId(): string {
    return this.principalId;
  }

  /**
   * What an app needs to carry and use this identity: its `identity` block,
   * `key_vault_reference_identity_id`, and the settings `AZURE_CLIENT_ID` and API scopes.
   *
   * A plain struct rather than a construct: it has no side effects, it is what the
   * provider's app classes take, and it reads the same in C# and Python. Bind the app with
   * {@link bindApp} afterwards to get its system-assigned identity and the synth-time checks.
   */
  public wiringFor(options: WorkloadWiringOptions = {}): WorkloadWiring {
    const systemAssigned = options.systemAssigned ?? false;
    const keyVaultReferences = options.keyVaultReferences
      ?? (systemAssigned ? KeyVaultReferenceIdentity.SYSTEM_ASSIGNED : KeyVaultReferenceIdentity.USER_ASSIGNED);
    const defaultCredential = options.defaultCredential ?? DefaultCredentialIdentity.USER_ASSIGNED;
    checkEnum(this, 'keyVaultReferences', keyVaultReferences, KeyVaultReferenceIdentity);
    checkEnum(this, 'defaultCredential', defaultCredential, DefaultCredentialIdentity);
    if (keyVaultReferences === KeyVaultReferenceIdentity.SYSTEM_ASSIGNED && !systemAssigned) {
      throw entraError(this, 'keyVaultReferences is SYSTEM_ASSIGNED, but the wiring has no system-assigned identity, so Key Vault '
        + 'references could not resolve (ENTRA-RULES 21). Set systemAssigned: true, or use KeyVaultReferenceIdentity.USER_ASSIGNED.');
    }
    if (defaultCredential === DefaultCredentialIdentity.SYSTEM_ASSIGNED && !systemAssigned) {
      throw entraError(this, 'defaultCredential is SYSTEM_ASSIGNED, but the wiring has no system-assigned identity, so '
        + 'DefaultAzureCredential could not get a token. Set systemAssigned: true, or use DefaultCredentialIdentity.USER_ASSIGNED.');
    }

    const settings: { [name: string]: string } = {};
    if (defaultCredential === DefaultCredentialIdentity.USER_ASSIGNED) settings[CLIENT_ID_SETTING] = this.clientId;
    for (const s of options.apiScopes ?? []) {
      const name = s.settingName;
      if (isUnresolved(name)) {
        throw entraError(this, 'an apiScopes settingName is a token; give the setting name as a literal, e.g. \'ORDERS_API_SCOPE\'.');
      }
      if (!SETTING_RE.test(name)) {
        throw entraError(this, `apiScopes settingName '${name}' is not a valid setting name; use letters, digits and underscores, `
          + `starting with a letter or underscore, e.g. '${name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([0-9])/, '_$1')}'.`);
      }
      if (name.toUpperCase() === CLIENT_ID_SETTING) {
        throw entraError(this, `apiScopes settingName '${name}' is the setting DefaultAzureCredential reads for the client id; `
          + 'choose another name, e.g. \'ORDERS_API_SCOPE\'.');
      }
      if (Object.keys(settings).some((k) => k.toUpperCase() === name.toUpperCase())) {
        throw entraError(this, `apiScopes settingName '${name}' is used twice (setting names are case-insensitive in App Service); give each API its own setting.`);
      }
      settings[name] = s.api.defaultScope;
    }
    const names = Object.keys(settings).sort();

    return {
      identity: {
        type: systemAssigned ? 'SystemAssigned, UserAssigned' : 'UserAssigned',
        identityIds: [this.resourceId],
      },
      keyVaultReferenceIdentityId: keyVaultReferences === KeyVaultReferenceIdentity.USER_ASSIGNED ? this.resourceId : undefined,
      containerAppSecretIdentity: keyVaultReferences === KeyVaultReferenceIdentity.USER_ASSIGNED ? this.resourceId : CONTAINER_APP_SYSTEM,
      appSettings: Object.fromEntries(names.map((n) => [n, settings[n]])),
      environmentVariables: names.map((n) => ({ name: n, value: settings[n] })),
      systemAssigned,
      keyVaultReferences,
      defaultCredential,
      workloadIdentityResourceId: this.resourceId,
    };
  }

  /**
   * Binds an app declared with the provider's own class to this identity and `wiring`.
   *
   * The binding is made next to the app, as `{appId}Identity`, so the app's
   * system-assigned identity gets a construct path (and its grants stable ids) from the
   * app's own id, never from its principal id (ENTRA-RULES 22). Throws if the app is bound
   * twice.
   */
  public bindApp(app: TerraformResource, wiring: WorkloadWiring): AppIdentityBinding {
    const scope = app.node.scope;
    if (!scope) throw entraError(this, 'bindApp was given an app with no scope');
    const id = `${app.node.id}Identity`;
    const existing = scope.node.tryFindChild(id);
    if (existing) {
      throw entraError(this, existing instanceof AppIdentityBinding
        ? `app ${app.node.path} is already bound (${existing.node.path}). An app has one identity block: bind it once, with one wiring.`
        : `bindApp would make ${scope.node.path}/${id} for app ${app.node.path}, but that id is taken by another construct. Rename that construct.`);
    }
    return new AppIdentityBinding(scope as Construct, id, { app, workloadIdentity: this, wiring });
  }

  /**
   * Lets this identity read the secrets of `keyVault`: "Key Vault Secrets User" on the
   * vault for an RBAC vault, or an access policy with Get and List on secrets otherwise.
   *
   * @param keyVault the vault: an azurerm `KeyVault` resource or `DataAzurermKeyVault` data source
   */
  public grantKeyVaultSecretsRead(keyVault: TerraformElement, options: KeyVaultSecretsReadOptions = {}): KeyVaultSecretsGrant {
    return KeyVaultSecretsGrant.grant(this, keyVault, options);
  }
}

/**
 * A user-assigned managed identity for workloads: created here (`azurerm_user_assigned_identity`)
 * or adopted with {@link WorkloadIdentity.fromIdentityAttributes}.
 *
 * It is a principal: grant it API roles with `api.grantAppRole(identity, role)`. For each
 * app that uses it, `wiringFor` gives the `identity` block, `key_vault_reference_identity_id`
 * and app settings to pass to the provider's own app class, and `bindApp` gives the app's
 * system-assigned identity as a principal and checks the app at synth.
 *
 * The library does not wrap Function App, Web App or Container App resources: users keep
 * every option of the provider's classes, and the library adds only the identity wiring.
 *
 * @example
 * const orders = new WorkloadIdentity(this, 'OrdersIdentity', { name: 'id-orders', resourceGroupName: rg.name, location: rg.location });
 * const wiring = orders.wiringFor({ systemAssigned: true, apiScopes: [{ settingName: 'ORDERS_API_SCOPE', api }] });
 * const fn = new LinuxFunctionApp(this, 'OrdersFunction', { ..., identity: wiring.identity, appSettings: { ...wiring.appSettings } });
 * const fnIdentity = orders.bindApp(fn, wiring);
 * fnIdentity.grantKeyVaultSecretsRead(vault);
 * api.grantAppRole(orders, api.appRole('Orders.Write'));
 * api.grantAppRole(fnIdentity.systemAssignedIdentity, api.appRole('Orders.Read'));
 */
export class WorkloadIdentity extends WorkloadIdentityBase {
  /**
   * Adopts a user-assigned identity that exists already (or is managed elsewhere) by its ids.
   */
  public static fromIdentityAttributes(scope: Construct, id: string, attrs: WorkloadIdentityAttributes): IWorkloadIdentity {
    return new ImportedWorkloadIdentity(scope, id, attrs);
  }

  /** The identity's client id. */
  public readonly clientId: string;
  /** The identity's principal id. */
  public readonly principalId: string;
  /** The identity's Azure resource id. */
  public readonly resourceId: string;
  /** The identity's tenant id. */
  public readonly tenantId: string;
  /** The `azurerm_user_assigned_identity` resource. */
  public readonly resource: UserAssignedIdentity;

  public constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id, isUnresolved(props.name) ? undefined : props.name);
    if (!isUnresolved(props.name) && !NAME_RE.test(props.name)) {
      throw entraError(this, `identity name '${props.name}' is not valid; Azure allows 3 to 128 letters, digits, hyphens and underscores, `
        + 'starting with a letter or digit, e.g. \'id-orders\'.');
    }
    this.resource = new (userAssignedIdentity())(this, 'Resource', {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: props.tags,
    });
    this.clientId = this.resource.clientId;
    this.principalId = this.resource.principalId;
    this.resourceId = this.resource.id;
    this.tenantId = this.resource.tenantId;
  }
}

class ImportedWorkloadIdentity extends WorkloadIdentityBase {
  public readonly clientId: string;
  public readonly principalId: string;
  public readonly resourceId: string;

  public constructor(scope: Construct, id: string, attrs: WorkloadIdentityAttributes) {
    super(scope, id, attrs.displayName);
    this.clientId = attrs.clientId;
    this.principalId = attrs.principalId;
    this.resourceId = attrs.resourceId;
    if (!isUnresolved(attrs.resourceId) && !RESOURCE_ID_RE.test(attrs.resourceId)) {
      throw entraError(this, `resourceId '${attrs.resourceId}' is not a user-assigned identity's resource id. Give the identity's `
        + '"Resource ID" (Properties page): /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}.');
    }
    for (const [what, value] of [['clientId', attrs.clientId], ['principalId', attrs.principalId]] as const) {
      requireGuid(this, what, value,
        `Give the identity's ${what === 'clientId' ? 'Client ID' : 'Object (principal) ID'} from its Overview page (ENTRA-RULES 2).`);
    }
    if (!isUnresolved(attrs.clientId) && !isUnresolved(attrs.principalId) && attrs.clientId.toLowerCase() === attrs.principalId.toLowerCase()) {
      throw entraError(this, `clientId and principalId are both '${attrs.clientId}'; they are different ids of the identity. `
        + 'The client id goes into AZURE_CLIENT_ID; the principal (object) id receives roles (ENTRA-RULES 2).');
    }
  }
}

/**
 * Properties of an {@link AppIdentityBinding}.
 */
export interface AppIdentityBindingProps {
  /** The app: an azurerm LinuxFunctionApp, WindowsFunctionApp, LinuxWebApp, WindowsWebApp or ContainerApp. */
  readonly app: TerraformResource;
  /** The workload identity the app carries. */
  readonly workloadIdentity: IWorkloadIdentity;
  /** The wiring the app was given, from `workloadIdentity.wiringFor(...)`. */
  readonly wiring: WorkloadWiring;
}

/**
 * An app bound to a workload identity: which of its identities resolves Key Vault
 * references and which one the code's DefaultAzureCredential uses, each as a principal.
 * Usually made by `workloadIdentity.bindApp(app, wiring)`.
 *
 * At synth it reads what the app actually configured and fails, naming the app, the value
 * and the fix, when a Key Vault reference identity is not in the app's identity block,
 * when `AZURE_CLIENT_ID` names an identity the app does not carry, or when the app does not
 * carry what the wiring says. Values known only at apply are never judged.
 */
export class AppIdentityBinding extends Construct {
  /** The app. */
  public readonly app: TerraformResource;
  /** The workload identity the app carries. */
  public readonly workloadIdentity: IWorkloadIdentity;
  /** Whether the app has a system-assigned identity. */
  public readonly hasSystemAssigned: boolean;
  /** Which identity resolves Key Vault references. */
  public readonly keyVaultReferences: KeyVaultReferenceIdentity;
  /** Which identity DefaultAzureCredential uses. */
  public readonly defaultCredential: DefaultCredentialIdentity;

  private readonly systemIdentity?: ManagedIdentity;

  public constructor(scope: Construct, id: string, props: AppIdentityBindingProps) {
    super(scope, id);
    const { app, workloadIdentity: identity, wiring } = props;
    this.app = app;
    this.workloadIdentity = identity;
    this.hasSystemAssigned = wiring.systemAssigned;
    this.keyVaultReferences = wiring.keyVaultReferences;
    this.defaultCredential = wiring.defaultCredential;

    const type = app.terraformResourceType;
    if (!APP_SERVICE_TYPES.includes(type) && type !== CONTAINER_APP_TYPE) {
      throw entraError(this, `${app.node.path} is a ${type}; a workload identity can be bound to ${[...APP_SERVICE_TYPES, CONTAINER_APP_TYPE].join(', ')}.`);
    }
    if (wiring.workloadIdentityResourceId !== identity.resourceId) {
      throw entraError(this, `the wiring for ${app.node.path} was made by another workload identity; `
        + `use ${identity.node.id}.wiringFor(...) for an app bound to ${identity.node.id}.`);
    }
    if (!wiring.systemAssigned && (wiring.keyVaultReferences === KeyVaultReferenceIdentity.SYSTEM_ASSIGNED
      || wiring.defaultCredential === DefaultCredentialIdentity.SYSTEM_ASSIGNED)) {
      throw entraError(this, 'the wiring uses a system-assigned identity it does not have; make it with wiringFor({ systemAssigned: true, ... }).');
    }

    if (wiring.systemAssigned) {
      this.systemIdentity = ManagedIdentity.fromSystemAssigned(this, 'SystemAssigned', {
        // Unknown until apply, and so never part of an id (ENTRA-RULES 22).
        principalId: Token.asString(app.interpolationForAttribute('identity[0].principal_id')),
        displayName: `${pathInStack(app)} (system-assigned)`,
      });
    }

    this.node.addValidation({ validate: () => this.problems(wiring) });
  }

  /**
   * The app's system-assigned identity as a principal, to grant API roles or vault access.
   * Throws if the wiring has none.
   */
  public get systemAssignedIdentity(): ManagedIdentity {
    if (!this.systemIdentity) {
      throw entraError(this, `${this.app.node.path} has no system-assigned identity; wire it with wiringFor({ systemAssigned: true, ... }).`);
    }
    return this.systemIdentity;
  }

  /** The identity that resolves the app's Key Vault references. */
  public get keyVaultReferencePrincipal(): IPrincipal {
    return this.keyVaultReferences === KeyVaultReferenceIdentity.SYSTEM_ASSIGNED ? this.systemAssignedIdentity : this.workloadIdentity;
  }

  /** The identity the app's DefaultAzureCredential uses: the one that needs the API roles the code uses. */
  public get defaultCredentialPrincipal(): IPrincipal {
    return this.defaultCredential === DefaultCredentialIdentity.SYSTEM_ASSIGNED ? this.systemAssignedIdentity : this.workloadIdentity;
  }

  /**
   * Lets whichever identity resolves the app's Key Vault references read the secrets of
   * `keyVault`.
   *
   * @param keyVault the vault: an azurerm `KeyVault` resource or `DataAzurermKeyVault` data source
   */
  public grantKeyVaultSecretsRead(keyVault: TerraformElement, options: KeyVaultSecretsReadOptions = {}): KeyVaultSecretsGrant {
    return KeyVaultSecretsGrant.grant(this.keyVaultReferencePrincipal, keyVault, options);
  }

  private problems(wiring: WorkloadWiring): string[] {
    const stack = TerraformStack.of(this);
    const resolve = (v: unknown) => resolvedValue(this, v);
    const known: KnownIdentity[] = stack.node.findAll()
      .filter((c): c is WorkloadIdentityBase => WorkloadIdentityBase.isWorkloadIdentity(c))
      .map((w) => ({ name: w.principalName, clientId: resolve(w.clientId), resourceId: resolve(w.resourceId) }));
    const identity = this.workloadIdentity;
    const body = configuredBody(this.app);
    const own = wiring.defaultCredential === DefaultCredentialIdentity.USER_ASSIGNED ? [CLIENT_ID_SETTING] : [];
    const problems = appProblems(this.app.terraformResourceType, body, {
      identity: { name: identity.principalName, clientId: resolve(identity.clientId), resourceId: resolve(identity.resourceId) },
      systemAssigned: wiring.systemAssigned,
      keyVaultByUser: wiring.keyVaultReferences === KeyVaultReferenceIdentity.USER_ASSIGNED,
      credentialByUser: wiring.defaultCredential === DefaultCredentialIdentity.USER_ASSIGNED,
      settings: Object.entries(wiring.appSettings).filter(([k]) => !own.includes(k)).map(([k, v]) => [k, resolve(v)] as const),
      known,
    });
    return problems.map((p) => `app ${this.app.node.path} ${p}`);
  }
}

/**
 * Properties of a {@link KeyVaultSecretsGrant}.
 */
export interface KeyVaultSecretsGrantProps {
  /** The vault: an azurerm `KeyVault` resource or `DataAzurermKeyVault` data source. */
  readonly keyVault: TerraformElement;
  /** Who may read the secrets. */
  readonly principal: IPrincipal;
  /**
   * How the vault authorizes access.
   *
   * @default - read from the vault resource; required for a data source
   */
  readonly accessModel?: KeyVaultAccessModel;
}

/**
 * Read access to a Key Vault's secrets for one principal: the access an identity needs to
 * resolve Key Vault references. An `azurerm_role_assignment` of "Key Vault Secrets User"
 * scoped to the vault (RBAC vaults), or an `azurerm_key_vault_access_policy` with Get and
 * List on secrets (vaults without RBAC). Least privilege: no keys, certificates or writes.
 */
export class KeyVaultSecretsGrant extends Construct {
  /**
   * Grants `principal` read access to `keyVault`'s secrets, as a child of the principal
   * with an id built from the vault's construct path. Throws if granted twice.
   */
  public static grant(principal: IPrincipal, keyVault: TerraformElement, options: KeyVaultSecretsReadOptions = {}): KeyVaultSecretsGrant {
    const id = `KeyVaultSecretsRead:${pathInStack(keyVault).replace(/\//g, '.')}`;
    const existing = principal.node.tryFindChild(id);
    if (existing) {
      throw entraError(principal, `already reads the secrets of ${keyVault.node.path} (${existing.node.path}); remove the second grant.`);
    }
    return new KeyVaultSecretsGrant(principal, id, { keyVault, principal, accessModel: options.accessModel });
  }

  /** Who may read the secrets. */
  public readonly principal: IPrincipal;
  /** How the vault authorizes the access. */
  public readonly accessModel: KeyVaultAccessModel;
  /** The vault's resource id. */
  public readonly keyVaultId: string;

  public constructor(scope: Construct, id: string, props: KeyVaultSecretsGrantProps) {
    super(scope, id);
    const { keyVault, principal } = props;
    this.principal = principal;
    const vault = asKeyVault(this, keyVault);
    this.accessModel = accessModelOf(this, vault, props.accessModel);
    this.keyVaultId = Token.asString(vault.interpolationForAttribute('id'));

    if (this.accessModel === KeyVaultAccessModel.RBAC) {
      new (roleAssignment())(this, 'Resource', {
        scope: this.keyVaultId,
        roleDefinitionName: KEY_VAULT_SECRETS_USER,
        principalId: principal.principalObjectId,
        // Tells Azure RBAC not to look the principal up first, so a just-created identity
        // does not fail with PrincipalNotFound while it replicates.
        principalType: principalTypeOf(principal),
        description: `Read secrets: ${principal.principalName}`,
      });
    } else {
      new (keyVaultAccessPolicy())(this, 'Resource', {
        keyVaultId: this.keyVaultId,
        tenantId: Token.asString(vault.interpolationForAttribute('tenant_id')),
        objectId: principal.principalObjectId,
        secretPermissions: ['Get', 'List'],
      });
    }
  }
}

function asKeyVault(scope: IConstruct, keyVault: TerraformElement): TerraformResource | TerraformDataSource {
  const isResource = TerraformResource.isTerraformResource(keyVault);
  const isData = TerraformDataSource.isTerraformDataSource(keyVault);
  const type = isResource || isData ? (keyVault as TerraformResource).terraformResourceType : undefined;
  if (type !== 'azurerm_key_vault') {
    throw entraError(scope, `${keyVault.node.path} is ${type ? `a ${isData ? 'data source ' : ''}${type}` : 'not a Terraform resource'}; `
      + 'pass an azurerm KeyVault resource or DataAzurermKeyVault data source.');
  }
  return keyVault as TerraformResource | TerraformDataSource;
}

function accessModelOf(scope: IConstruct, vault: TerraformResource | TerraformDataSource, given: KeyVaultAccessModel | undefined): KeyVaultAccessModel {
  if (given !== undefined) checkEnum(scope, 'accessModel', given, KeyVaultAccessModel);
  if (TerraformDataSource.isTerraformDataSource(vault)) {
    if (given === undefined) {
      throw entraError(scope, `${vault.node.path} is a data source, so whether it uses Azure RBAC is only known at apply. `
        + 'Pass accessModel: KeyVaultAccessModel.RBAC or KeyVaultAccessModel.ACCESS_POLICY.');
    }
    return given;
  }
  const body = configuredBody(vault);
  const setting = body.rbac_authorization_enabled ?? body.enable_rbac_authorization;
  if (setting !== undefined && (isExpression(setting) || typeof setting !== 'boolean')) {
    if (given === undefined) {
      throw entraError(scope, `${vault.node.path} sets rbac_authorization_enabled to ${JSON.stringify(setting)}, known only at apply. `
        + 'Pass accessModel: KeyVaultAccessModel.RBAC or KeyVaultAccessModel.ACCESS_POLICY.');
    }
    return given;
  }
  const configured = setting === true ? KeyVaultAccessModel.RBAC : KeyVaultAccessModel.ACCESS_POLICY;
  if (given !== undefined && given !== configured) {
    throw entraError(scope, `accessModel is ${given}, but ${vault.node.path} has rbac_authorization_enabled = ${setting === true}, `
      + `so it uses ${configured}; ${given === KeyVaultAccessModel.RBAC ? 'a role assignment' : 'an access policy'} would be ignored. `
      + 'Leave accessModel out to follow the vault.');
  }
  return configured;
}

function principalTypeOf(principal: IPrincipal): string {
  switch (principal.principalKind) {
    case PrincipalKind.GROUP: return 'Group';
    case PrincipalKind.USER: return 'User';
    default: return 'ServicePrincipal';
  }
}

function checkEnum(scope: IConstruct, what: string, value: string, e: Record<string, string>): void {
  if (!Object.values(e).includes(value)) {
    throw entraError(scope, `${what} '${value}' is not one of ${Object.values(e).join(', ')}.`);
  }
}
