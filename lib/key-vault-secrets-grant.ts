import { TerraformDataSource, TerraformElement, TerraformResource, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { IPrincipal, PrincipalKind } from './principal';
import { keyVaultAccessPolicy, roleAssignment } from './private/providers';
import { requirePrincipalObjectId } from './private/id-references';
import { pathInStack } from './private/singleton';
import { checkEnum, entraError } from './private/validation';
import type * as WorkloadConfig from './private/workload-config';

// Reading a vault's configuration loads when a vault is first checked, not on import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workloadConfig = (): typeof WorkloadConfig => require('./private/workload-config');

const KEY_VAULT_SECRETS_USER = 'Key Vault Secrets User';

/** How a Key Vault authorizes data access. */
export enum KeyVaultAccessModel {
  /** Azure RBAC (`rbac_authorization_enabled = true`): an `azurerm_role_assignment` of "Key Vault Secrets User" on the vault. */
  RBAC = 'RBAC',
  /** Vault access policies: an `azurerm_key_vault_access_policy` allowing Get and List on secrets. */
  ACCESS_POLICY = 'AccessPolicy',
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
    requirePrincipalObjectId(this, principal);
    const vault = asKeyVault(this, keyVault);
    this.accessModel = accessModelOf(this, vault, props.accessModel);
    this.keyVaultId = Token.asString(vault.interpolationForAttribute('id'));

    if (this.accessModel === KeyVaultAccessModel.RBAC) {
      new (roleAssignment(this))(this, 'Resource', {
        scope: this.keyVaultId,
        roleDefinitionName: KEY_VAULT_SECRETS_USER,
        principalId: principal.principalObjectId,
        // Tells Azure RBAC not to look the principal up first, so a just-created identity
        // does not fail with PrincipalNotFound while it replicates.
        principalType: principalTypeOf(principal),
        description: `Read secrets: ${principal.principalName}`,
      });
    } else {
      new (keyVaultAccessPolicy(this))(this, 'Resource', {
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
  const { configuredBody, isExpression } = workloadConfig();
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
