/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Provider classes that only some features need, loaded on first use.
 *
 * Every program needs the application, service principal, identifier URI, assignment and
 * client config submodules, which the constructs import as usual. The rest (lookups, client
 * credentials, pre-authorization, workload identity's azurerm resources) cost about 15 ms of
 * the library's import together; a program that does not use them should not pay for them.
 * Each function `require`s the same deep path a static import would, once, when the feature
 * is first used. The types come from `import type`, which loads nothing at run time.
 *
 * azurerm is not even a dependency of the package (jsii would make every peer a hard dependency
 * of the Python, Java, Go and .NET packages, and azurerm is the heaviest of all): only the workload
 * wiring needs it, and `azurerm()` tells a user who lacks it which package to install.
 *
 * test/schema.test.ts reads the `require` calls below to know which resource types the
 * library can emit, so keep each one in the form `require('<deep path>').<Class>`.
 */
import type { IConstruct } from 'constructs';
import type { ApplicationCertificate } from '@cdktf/provider-azuread/lib/application-certificate';
import type { ApplicationFederatedIdentityCredential } from '@cdktf/provider-azuread/lib/application-federated-identity-credential';
import type { ApplicationPasswordA } from '@cdktf/provider-azuread/lib/application-password';
import type { ApplicationPreAuthorized } from '@cdktf/provider-azuread/lib/application-pre-authorized';
import type { DataAzureadApplication } from '@cdktf/provider-azuread/lib/data-azuread-application';
import type { DataAzureadApplicationPublishedAppIds } from '@cdktf/provider-azuread/lib/data-azuread-application-published-app-ids';
import type { DataAzureadGroup } from '@cdktf/provider-azuread/lib/data-azuread-group';
import type { DataAzureadServicePrincipal } from '@cdktf/provider-azuread/lib/data-azuread-service-principal';
import type { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import type { ServicePrincipalDelegatedPermissionGrant } from '@cdktf/provider-azuread/lib/service-principal-delegated-permission-grant';
import type { KeyVaultAccessPolicyA } from '@cdktf/provider-azurerm/lib/key-vault-access-policy';
import type { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import type { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { PLATFORM } from '../platform';
import { entraError } from './validation';
import type { TimeProvider } from '@cdktf/provider-time/lib/provider';
import type { Rotating } from '@cdktf/provider-time/lib/rotating';
import type { Sleep } from '@cdktf/provider-time/lib/sleep';

/** `data azuread_group`. */
export function dataAzureadGroup(): typeof DataAzureadGroup {
  return require('@cdktf/provider-azuread/lib/data-azuread-group').DataAzureadGroup;
}

/** `data azuread_user`. */
export function dataAzureadUser(): typeof DataAzureadUser {
  return require('@cdktf/provider-azuread/lib/data-azuread-user').DataAzureadUser;
}

/** `data azuread_service_principal`. */
export function dataAzureadServicePrincipal(): typeof DataAzureadServicePrincipal {
  return require('@cdktf/provider-azuread/lib/data-azuread-service-principal').DataAzureadServicePrincipal;
}

/** `data azuread_application` (a 220 KB module). */
export function dataAzureadApplication(): typeof DataAzureadApplication {
  return require('@cdktf/provider-azuread/lib/data-azuread-application').DataAzureadApplication;
}

/** `data azuread_application_published_app_ids`. */
export function dataAzureadApplicationPublishedAppIds(): typeof DataAzureadApplicationPublishedAppIds {
  return require('@cdktf/provider-azuread/lib/data-azuread-application-published-app-ids').DataAzureadApplicationPublishedAppIds;
}

/** `azuread_application_federated_identity_credential`. */
export function applicationFederatedIdentityCredential(): typeof ApplicationFederatedIdentityCredential {
  return require('@cdktf/provider-azuread/lib/application-federated-identity-credential').ApplicationFederatedIdentityCredential;
}

/** `azuread_application_certificate`. */
export function applicationCertificate(): typeof ApplicationCertificate {
  return require('@cdktf/provider-azuread/lib/application-certificate').ApplicationCertificate;
}

/** `azuread_application_password`. */
export function applicationPassword(): typeof ApplicationPasswordA {
  return require('@cdktf/provider-azuread/lib/application-password').ApplicationPasswordA;
}

/** `azuread_application_pre_authorized`. */
export function applicationPreAuthorized(): typeof ApplicationPreAuthorized {
  return require('@cdktf/provider-azuread/lib/application-pre-authorized').ApplicationPreAuthorized;
}

/** `azuread_service_principal_delegated_permission_grant`. */
export function servicePrincipalDelegatedPermissionGrant(): typeof ServicePrincipalDelegatedPermissionGrant {
  return require('@cdktf/provider-azuread/lib/service-principal-delegated-permission-grant').ServicePrincipalDelegatedPermissionGrant;
}

const AZURERM = PLATFORM.providers.azurerm;

/** The azurerm provider package and the version range the workload wiring is written and tested against. */
export const AZURERM_PACKAGE = `${AZURERM.npm}@${AZURERM.range}`;

/**
 * Runs `load` (a `require` of an azurerm submodule); when the package is not installed, throws an
 * error naming `scope` and the package to install, in each language, instead of Node's bare
 * "Cannot find module".
 */
function azurerm<T>(scope: IConstruct, load: () => T): T {
  try {
    return load();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code !== 'MODULE_NOT_FOUND' || !err.message.includes(`${AZURERM.npm}/`)) throw e;
    const minor = AZURERM.pypiVersion.split('.').slice(0, 2).join('.');
    throw entraError(scope, 'the workload wiring makes azurerm resources, so it needs the azurerm provider package, which '
      + `${PLATFORM.library.npm} does not install (its Entra constructs need no azurerm). Install it beside the library: `
      + `npm install ${AZURERM_PACKAGE}; Python: pip install ${AZURERM.pypi}~=${minor} and import it before `
      + `this construct (e.g. from ${AZURERM.pythonModule}.provider import AzurermProvider); Java, Go, .NET: add the `
      + `${PLATFORM.core} azurerm provider package (${AZURERM.version.split('.').slice(0, 2).join('.')} or later ${AZURERM.version.split('.')[0]}.x).`);
  }
}

/** `azurerm_user_assigned_identity`. */
export function userAssignedIdentity(scope: IConstruct): typeof UserAssignedIdentity {
  return azurerm(scope, () => require('@cdktf/provider-azurerm/lib/user-assigned-identity').UserAssignedIdentity);
}

/** `azurerm_role_assignment`. */
export function roleAssignment(scope: IConstruct): typeof RoleAssignment {
  return azurerm(scope, () => require('@cdktf/provider-azurerm/lib/role-assignment').RoleAssignment);
}

/** `azurerm_key_vault_access_policy`. */
export function keyVaultAccessPolicy(scope: IConstruct): typeof KeyVaultAccessPolicyA {
  return azurerm(scope, () => require('@cdktf/provider-azurerm/lib/key-vault-access-policy').KeyVaultAccessPolicyA);
}

/** `time_rotating`. */
export function timeRotating(): typeof Rotating {
  return require('@cdktf/provider-time/lib/rotating').Rotating;
}

/** The hashicorp/time provider block. */
export function timeProvider(): typeof TimeProvider {
  return require('@cdktf/provider-time/lib/provider').TimeProvider;
}

/** `time_sleep`: the replication gate. */
export function timeSleep(): typeof Sleep {
  return require('@cdktf/provider-time/lib/sleep').Sleep;
}
