import {
  configuredIdentity, configuredSettings, isExpression, keyVaultReferenceSettings, keyVaultSecrets, listHolds, sameValue, show,
} from './workload-config';
import { APP_SERVICE_SYSTEM, CLIENT_ID_SETTING, CONTAINER_APP_SYSTEM, CONTAINER_APP_TYPE } from './workload-names';
import { CLIENT_ID_SLOT, readExpression, referenceProblem } from './id-references';
import { isGuid } from './uuid';

/** A user-assigned identity known in the stack, with its ids resolved. */
export interface KnownIdentity {
  /** For messages. */
  readonly name: string;
  /** Resolved client id. */
  readonly clientId: unknown;
  /** Resolved resource id. */
  readonly resourceId: unknown;
  /** Resolved principal id, to tell a principal id put where a client id belongs. */
  readonly principalId?: unknown;
}

/**
 * Whether an app setting holds a client id for an Azure SDK: `AZURE_CLIENT_ID`
 * (DefaultAzureCredential), `ManagedIdentityClientId`, or a Functions identity-based
 * connection's `<CONNECTION>__clientId`.
 */
export function isClientIdSetting(name: string): boolean {
  return /^(AZURE_CLIENT_ID|ManagedIdentityClientId)$/i.test(name) || /__clientId$/i.test(name);
}

/**
 * What is wrong with a client-id setting's value (ENTRA-RULES 2, 3), or undefined: a reference
 * to an attribute that is not a `client_id`, or the literal principal id of a known identity.
 */
function clientIdSettingProblem(where: string, name: string, value: unknown, known: readonly KnownIdentity[], fix: string): string | undefined {
  const ref = readExpression(value);
  const problem = referenceProblem(CLIENT_ID_SLOT, `${where} ${name}`, ref, `${fix}.`);
  if (problem) return problem;
  if (typeof value === 'string' && !isExpression(value)) {
    const owner = known.find((k) => sameValue(k.principalId, value) === true);
    if (owner) {
      return `${where} ${name} is '${value}', the principal id of ${owner.name}: the principal id receives app roles, `
        + `the client id is what ${name} holds (ENTRA-RULES 2). ${fix}.`;
    }
  }
  return undefined;
}

/** What a wiring promised the app would have, resolved. */
export interface WiringExpectation {
  /** The workload identity the wiring is for. */
  readonly identity: KnownIdentity;
  /** Whether the wiring asked for a system-assigned identity too. */
  readonly systemAssigned: boolean;
  /** Whether Key Vault references resolve with the user-assigned identity (else the system-assigned one). */
  readonly keyVaultByUser: boolean;
  /** Whether DefaultAzureCredential uses the user-assigned identity (else the system-assigned one). */
  readonly credentialByUser: boolean;
  /** Settings the wiring added besides AZURE_CLIENT_ID, resolved. */
  readonly settings: ReadonlyArray<readonly [string, unknown]>;
  /** Every workload identity of the stack, to tell whose client id AZURE_CLIENT_ID holds. */
  readonly known: readonly KnownIdentity[];
}

const FIX_IDENTITY = 'Pass identity: wiring.identity (from wiringFor) to the app';

/**
 * Everything wrong with an app's identity configuration, as messages that say what is
 * wrong, the value found and the fix. Values known only at apply are never judged.
 */
export function appProblems(type: string, body: Record<string, any>, exp: WiringExpectation): string[] {
  const problems: string[] = [];
  const isContainerApp = type === CONTAINER_APP_TYPE;
  const identity = configuredIdentity(body);
  const uaiName = exp.identity.name;

  if (!identity.present) {
    problems.push(`has no identity block, but it is bound to workload identity ${uaiName}. ${FIX_IDENTITY}.`);
    return problems;
  }
  const hasSystem = identity.types?.has('SystemAssigned');
  const hasUser = identity.types?.has('UserAssigned');
  if (identity.types) {
    const unknownTypes = [...identity.types].filter((t) => t !== 'SystemAssigned' && t !== 'UserAssigned');
    if (unknownTypes.length > 0) {
      problems.push(`identity type '${identity.typeText}' is not valid; use 'SystemAssigned', 'UserAssigned' or 'SystemAssigned, UserAssigned'. ${FIX_IDENTITY}.`);
    }
    if (exp.systemAssigned && !hasSystem) {
      problems.push(`identity type '${identity.typeText}' has no SystemAssigned, but the wiring asked for a system-assigned identity. ${FIX_IDENTITY}.`);
    }
    if (!hasUser) {
      problems.push(`identity type '${identity.typeText}' has no UserAssigned, so workload identity ${uaiName} is not on the app. ${FIX_IDENTITY}.`);
    }
  }
  const holdsOwn = listHolds(identity.identityIds, exp.identity.resourceId);
  if (hasUser !== false && holdsOwn === false) {
    problems.push(`identity_ids [${(identity.identityIds ?? []).map(show).join(', ')}] does not hold workload identity ${uaiName} `
      + `(${show(exp.identity.resourceId)}). ${FIX_IDENTITY}.`);
  }

  /** Whether the app carries the user-assigned identity with this resource id: true, false or unknown. */
  const carries = (resourceId: unknown): boolean | undefined => {
    if (hasUser === false) return false;
    return listHolds(identity.identityIds, resourceId);
  };

  // Key Vault references (ENTRA-RULES 21).
  if (isContainerApp) {
    for (const secret of keyVaultSecrets(body)) {
      const id = secret.identity;
      if (id === undefined) {
        problems.push(`secret '${secret.name}' reads Key Vault but names no identity. Set identity: wiring.containerAppSecretIdentity.`);
        continue;
      }
      if (typeof id === 'string' && !isExpression(id) && id.toLowerCase() === CONTAINER_APP_SYSTEM.toLowerCase()) {
        if (hasSystem === false) {
          problems.push(`secret '${secret.name}' reads Key Vault with the system-assigned identity, but identity type '${identity.typeText}' has none. `
            + 'Add SystemAssigned with wiringFor({ systemAssigned: true }), or set identity: wiring.containerAppSecretIdentity.');
        } else if (exp.keyVaultByUser) {
          problems.push(`secret '${secret.name}' reads Key Vault with the system-assigned identity, but the wiring resolves Key Vault `
            + `with ${uaiName}, which holds the vault access. Set identity: wiring.containerAppSecretIdentity.`);
        }
        continue;
      }
      if (carries(id) === false) {
        problems.push(`secret '${secret.name}' reads Key Vault with identity ${show(id)}, which is not in the app's identity block `
          + `(type '${identity.typeText}', identity_ids [${(identity.identityIds ?? []).map(show).join(', ')}]). `
          + 'Key Vault access would fail at run time. Set identity: wiring.containerAppSecretIdentity, or add that identity to the identity block.');
      } else if (!exp.keyVaultByUser && sameValue(id, exp.identity.resourceId) === true) {
        problems.push(`secret '${secret.name}' reads Key Vault with ${uaiName}, but the wiring resolves Key Vault with the system-assigned identity, `
          + 'which holds the vault access. Set identity: wiring.containerAppSecretIdentity.');
      }
    }
  } else {
    const kvId = body.key_vault_reference_identity_id;
    const bySystem = kvId === undefined || (typeof kvId === 'string' && !isExpression(kvId) && kvId === APP_SERVICE_SYSTEM);
    const settings = configuredSettings(type, body);
    const references = settings ? keyVaultReferenceSettings(settings) : [];
    if (bySystem) {
      if (hasSystem === false && (references.length > 0 || exp.keyVaultByUser)) {
        problems.push(`Key Vault references${references.length ? ` (${references.join(', ')})` : ''} resolve with the system-assigned identity `
          + `because key_vault_reference_identity_id is not set, but identity type '${identity.typeText}' has no SystemAssigned (ENTRA-RULES 21). `
          + 'Pass keyVaultReferenceIdentityId: wiring.keyVaultReferenceIdentityId, or add the system-assigned identity.');
      } else if (exp.keyVaultByUser) {
        problems.push(`the wiring resolves Key Vault references with ${uaiName}, but key_vault_reference_identity_id is not set, `
          + 'so App Service uses the system-assigned identity, which holds no vault access (ENTRA-RULES 21). '
          + 'Pass keyVaultReferenceIdentityId: wiring.keyVaultReferenceIdentityId to the app.');
      }
    } else {
      const inBlock = carries(kvId);
      if (inBlock === false) {
        problems.push(`key_vault_reference_identity_id ${show(kvId)} is not in the app's identity block (type '${identity.typeText}', `
          + `identity_ids [${(identity.identityIds ?? []).map(show).join(', ')}]), so Key Vault references cannot resolve (ENTRA-RULES 21). `
          + 'Add that identity to identity_ids, or pass keyVaultReferenceIdentityId: wiring.keyVaultReferenceIdentityId.');
      } else if (exp.keyVaultByUser && sameValue(kvId, exp.identity.resourceId) === false) {
        problems.push(`key_vault_reference_identity_id is ${show(kvId)}, but the wiring resolves Key Vault references with ${uaiName} `
          + `(${show(exp.identity.resourceId)}), which holds the vault access. Pass keyVaultReferenceIdentityId: wiring.keyVaultReferenceIdentityId.`);
      } else if (!exp.keyVaultByUser && sameValue(kvId, exp.identity.resourceId) === true) {
        problems.push(`key_vault_reference_identity_id names ${uaiName}, but the wiring resolves Key Vault references with the `
          + 'system-assigned identity, which holds the vault access. Pass keyVaultReferenceIdentityId: wiring.keyVaultReferenceIdentityId.');
      }
    }
  }

  // AZURE_CLIENT_ID and the wiring's settings (ENTRA-RULES 2, 21).
  const settings = configuredSettings(type, body);
  if (settings) {
    const where = isContainerApp ? 'environment variable' : 'app setting';
    const fixSettings = isContainerApp ? 'Add wiring.environmentVariables to the container\'s env' : 'Spread wiring.appSettings into appSettings';
    const fixClientId = `Set it to the identity's client id (its .clientId), e.g. with ${isContainerApp ? 'wiring.environmentVariables' : 'wiring.appSettings'}`;
    const mixedUp = new Set<string>();
    for (const [name, value] of settings) {
      if (!isClientIdSetting(name)) continue;
      const problem = clientIdSettingProblem(where, name, value, exp.known, fixClientId);
      if (problem) {
        problems.push(problem);
        mixedUp.add(name);
      }
    }
    const clientId = settings.get(CLIENT_ID_SETTING);
    if (clientId !== undefined && !mixedUp.has(CLIENT_ID_SETTING)) {
      const owner = exp.known.find((k) => sameValue(k.clientId, clientId) === true);
      if (typeof clientId === 'string' && !isExpression(clientId) && !isGuid(clientId)) {
        problems.push(`${where} ${CLIENT_ID_SETTING} is '${clientId}', which is not a client id (GUID). It must be the client id of a `
          + `user-assigned identity on the app (ENTRA-RULES 2). ${fixSettings}.`);
      } else if (hasUser === false) {
        problems.push(`${where} ${CLIENT_ID_SETTING} is ${show(clientId)}, but identity type '${identity.typeText}' has no user-assigned identity, `
          + `so DefaultAzureCredential cannot get a token. ${FIX_IDENTITY}, or remove ${CLIENT_ID_SETTING}.`);
      } else if (owner && carries(owner.resourceId) === false) {
        problems.push(`${where} ${CLIENT_ID_SETTING} is the client id of ${owner.name}, which is not in the app's identity block `
          + `(identity_ids [${(identity.identityIds ?? []).map(show).join(', ')}]), so DefaultAzureCredential cannot get a token. `
          + `Add ${owner.name} to identity_ids, or set ${CLIENT_ID_SETTING} from wiring.${isContainerApp ? 'environmentVariables' : 'appSettings'}.`);
      } else if (exp.credentialByUser && sameValue(clientId, exp.identity.clientId) === false) {
        problems.push(`${where} ${CLIENT_ID_SETTING} is ${show(clientId)}, not the client id of ${uaiName} (${show(exp.identity.clientId)}), `
          + `which the wiring says DefaultAzureCredential uses and which holds the API roles. ${fixSettings}.`);
      } else if (!exp.credentialByUser) {
        problems.push(`${where} ${CLIENT_ID_SETTING} is set, so DefaultAzureCredential uses a user-assigned identity, but the wiring says it uses `
          + `the system-assigned one (DefaultCredentialIdentity.SYSTEM_ASSIGNED). Remove ${CLIENT_ID_SETTING}, or wire with DefaultCredentialIdentity.USER_ASSIGNED.`);
      }
    } else if (clientId === undefined && exp.credentialByUser) {
      problems.push(`${where} ${CLIENT_ID_SETTING} is missing, so DefaultAzureCredential ${hasSystem === false ? 'cannot pick' : 'uses the system-assigned identity instead of'} `
        + `${uaiName} (ENTRA-RULES 21). ${fixSettings}.`);
    }
    for (const [name, value] of exp.settings) {
      const found = settings.get(name);
      if (found === undefined) {
        problems.push(`${where} ${name} from the wiring is missing. ${fixSettings}.`);
      } else if (sameValue(found, value) === false) {
        problems.push(`${where} ${name} is ${show(found)}, but the wiring sets it to ${show(value)}. ${fixSettings}, after your own settings.`);
      }
    }
  }
  return problems;
}
