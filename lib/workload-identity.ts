import { TerraformElement, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import type { AppIdentityBinding } from './app-identity-binding';
import type { KeyVaultSecretsGrant, KeyVaultSecretsReadOptions } from './key-vault-secrets-grant';
import { IPrincipal, PrincipalBase, PrincipalKind } from './principal';
import { WORKLOAD_IDENTITY, brand, hasBrand } from './private/brands';
import { userAssignedIdentity } from './private/providers';
import { requireIdentityIds } from './private/id-references';
import { declareMovedFrom, declareStableIdentity } from './private/stable-identity';
import { checkEnum, entraError, isUnresolved } from './private/validation';
import { canonicalGuid } from './private/uuid';
import { recordPrincipalKind } from './private/principal-kinds';
import { CLIENT_ID_SETTING, CONTAINER_APP_SYSTEM } from './private/workload-names';
import {
  DefaultCredentialIdentity, KeyVaultReferenceIdentity, WorkloadWiring, WorkloadWiringOptions,
} from './workload-wiring';

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
  /**
   * The identity's stable key: it pins the Terraform address of the identity and of every
   * resource it owns, and names the grants of API roles to it, so moving or renaming the
   * construct changes nothing in cdk.tf.json but metadata. Set it to the construct's path
   * within its stack today (e.g. `WorkerIdentity`), and nothing changes now either.
   *
   * @default - the construct's path within its stack: moving or renaming the construct destroys
   * and re-creates the identity (a new client id and principal id), unless `movedFrom` declares the old path
   */
  readonly stableKey?: string;
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

const RESOURCE_ID_RE = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;
/** azurerm's resource group name rule (resourcegroups.ValidateName), without the trailing-dot check. */
const RESOURCE_GROUP_RE = /^[-\w._()]{1,90}$/;
const SETTING_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * What every workload identity does, created here or adopted.
 */
export abstract class WorkloadIdentityBase extends PrincipalBase implements IWorkloadIdentity {
  /** Whether `obj` is a workload identity of this library. */
  public static isWorkloadIdentity(obj: unknown): obj is WorkloadIdentityBase {
    return hasBrand(obj, WORKLOAD_IDENTITY);
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
    brand(this, WORKLOAD_IDENTITY);
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
    checkEnum(this, 'keyVaultReferences', keyVaultReferences, KeyVaultReferenceIdentity, 'it decides the identity block and settings the wiring gives');
    checkEnum(this, 'defaultCredential', defaultCredential, DefaultCredentialIdentity, 'it decides whether the wiring sets AZURE_CLIENT_ID');
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
    // Loaded here, on first use: a program that never binds an app does not compile the binding on import.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AppIdentityBinding: Binding } = require('./app-identity-binding') as typeof import('./app-identity-binding');
    const existing = scope.node.tryFindChild(id);
    if (existing) {
      throw entraError(this, existing instanceof Binding
        ? `app ${app.node.path} is already bound (${existing.node.path}). An app has one identity block: bind it once, with one wiring.`
        : `bindApp would make ${scope.node.path}/${id} for app ${app.node.path}, but that id is taken by another construct. Rename that construct.`);
    }
    return new Binding(scope as Construct, id, { app, workloadIdentity: this, wiring });
  }

  /**
   * Lets this identity read the secrets of `keyVault`: "Key Vault Secrets User" on the
   * vault for an RBAC vault, or an access policy with Get and List on secrets otherwise.
   *
   * @param keyVault the vault: an azurerm `KeyVault` resource or `DataAzurermKeyVault` data source
   */
  public grantKeyVaultSecretsRead(keyVault: TerraformElement, options: KeyVaultSecretsReadOptions = {}): KeyVaultSecretsGrant {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KeyVaultSecretsGrant: Grant } = require('./key-vault-secrets-grant') as typeof import('./key-vault-secrets-grant');
    return Grant.grant(this, keyVault, options);
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
 * Use it for every user-assigned identity apps carry, new or existing:
 * `fromIdentityAttributes` is the one way to adopt an existing one. Use
 * {@link ManagedIdentity} only for an identity you declare and wire yourself (an app's
 * system-assigned identity, or azurerm's `UserAssignedIdentity`) and just grant roles to.
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
   * Adopts a user-assigned identity that exists already (or is managed elsewhere) by its ids:
   * the one way to adopt one, whether apps of this program carry it or it only receives roles.
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
  /**
   * The `azurerm_user_assigned_identity` resource.
   *
   * Typed as cdktf's `TerraformResource` so that the library's API names no azurerm type (a program
   * that uses only the Entra constructs installs no azurerm package). It is the azurerm provider's
   * `UserAssignedIdentity`: in TypeScript, cast it (`worker.resource as UserAssignedIdentity`) to
   * read its other attributes.
   */
  public readonly resource: TerraformResource;

  public constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id, isUnresolved(props.name) ? undefined : props.name);
    if (!isUnresolved(props.name) && !NAME_RE.test(props.name)) {
      throw entraError(this, `identity name '${props.name}' is not valid; Azure allows 3 to 128 letters, digits, hyphens and underscores, `
        + 'starting with a letter or digit, e.g. \'id-orders\'.');
    }
    if (!isUnresolved(props.resourceGroupName) && (!RESOURCE_GROUP_RE.test(props.resourceGroupName) || props.resourceGroupName.endsWith('.'))) {
      throw entraError(this, `resourceGroupName '${props.resourceGroupName}' is not a resource group name; the azurerm provider allows 1 to 90 `
        + 'letters, digits, \'_\', \'-\', \'.\', \'(\' and \')\', not ending with \'.\', e.g. \'rg-orders\' (or pass the resource group\'s name attribute).');
    }
    if (!isUnresolved(props.location) && props.location.trim().length === 0) {
      throw entraError(this, 'location is empty; give the Azure region, e.g. \'westeurope\' (or the resource group\'s location attribute).');
    }
    declareStableIdentity(this, props.stableKey);
    const resource = new (userAssignedIdentity(this))(this, 'Resource', {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: props.tags,
    });
    this.resource = resource;
    this.clientId = resource.clientId;
    this.principalId = resource.principalId;
    this.resourceId = resource.id;
    this.tenantId = resource.tenantId;
  }

  /**
   * Declares where this construct used to live, as its path within the stack before a
   * refactor (e.g. `'WorkerIdentity'` after moving it under a `Shared` construct): every resource it
   * owns gets a Terraform `moved` block from its old address, so the next plan destroys
   * nothing. Keep the call until every environment has applied it. Simpler still: give the
   * construct `stableKey` set to its old path, which keeps every address where it was and
   * needs no moved block, now or after later moves.
   *
   * Throws if the path is not a construct path, is where the construct lives now, or a move was
   * declared already; synth fails if a resource of the stack still has one of the old addresses.
   */
  public movedFrom(oldPath: string): void {
    declareMovedFrom(this, oldPath);
  }
}

class ImportedWorkloadIdentity extends WorkloadIdentityBase {
  public readonly clientId: string;
  public readonly principalId: string;
  public readonly resourceId: string;

  public constructor(scope: Construct, id: string, attrs: WorkloadIdentityAttributes) {
    super(scope, id, attrs.displayName);
    this.clientId = canonicalGuid(attrs.clientId);
    this.principalId = canonicalGuid(attrs.principalId);
    this.resourceId = attrs.resourceId;
    if (!isUnresolved(attrs.resourceId) && !RESOURCE_ID_RE.test(attrs.resourceId)) {
      throw entraError(this, `resourceId '${attrs.resourceId}' is not a user-assigned identity's resource id. Give the identity's `
        + '"Resource ID" (Properties page): /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}.');
    }
    requireIdentityIds(this, attrs, { principalId: 'principalId', clientId: 'clientId', resourceId: 'resourceId' });
    recordPrincipalKind(this, attrs.principalId, 'ManagedIdentity', 'principalId');
  }
}
