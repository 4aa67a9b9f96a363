import { TerraformElement, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { KeyVaultSecretsGrant, KeyVaultSecretsReadOptions } from './key-vault-secrets-grant';
import { ManagedIdentity } from './managed-identity';
import type { IGrantable, IPrincipal } from './principal';
import { WORKLOAD_IDENTITY, hasBrand } from './private/brands';
import { pathInStack } from './private/singleton';
import { entraError } from './private/validation';
import type * as WorkloadConfig from './private/workload-config';
import { APP_SERVICE_TYPES, CLIENT_ID_SETTING, CONTAINER_APP_TYPE } from './private/workload-names';
import type * as WorkloadValidation from './private/workload-validation';
import type { KnownIdentity } from './private/workload-validation';
import type { IWorkloadIdentity } from './workload-identity';
import { DefaultCredentialIdentity, KeyVaultReferenceIdentity, WorkloadWiring } from './workload-wiring';

// Reading and judging the app's configuration loads when an app is first checked (at synth), not on import.
/* eslint-disable @typescript-eslint/no-require-imports */
const workloadConfig = (): typeof WorkloadConfig => require('./private/workload-config');
const workloadValidation = (): typeof WorkloadValidation => require('./private/workload-validation');
/* eslint-enable @typescript-eslint/no-require-imports */

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
export class AppIdentityBinding extends Construct implements IGrantable {
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
   * The identity the app's code signs in with ({@link defaultCredentialPrincipal}): what
   * `api.grantAppRole(binding, role)` grants to.
   */
  public get grantPrincipal(): IPrincipal | undefined {
    return this.defaultCredentialPrincipal;
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
    const { configuredBody, resolvedValue } = workloadConfig();
    const resolve = (v: unknown) => resolvedValue(this, v);
    const known: KnownIdentity[] = stack.node.findAll()
      .filter((c): c is IWorkloadIdentity & IConstruct => hasBrand(c, WORKLOAD_IDENTITY))
      .map((w) => ({ name: w.principalName, clientId: resolve(w.clientId), resourceId: resolve(w.resourceId), principalId: resolve(w.principalId) }));
    const identity = this.workloadIdentity;
    const body = configuredBody(this.app);
    const own = wiring.defaultCredential === DefaultCredentialIdentity.USER_ASSIGNED ? [CLIENT_ID_SETTING] : [];
    const problems = workloadValidation().appProblems(this.app.terraformResourceType, body, {
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
