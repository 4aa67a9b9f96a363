import type { IAppRole } from '../app-role';
import { IGrantable, IPrincipal, PrincipalKind, memberTypeFor } from '../principal';
import { PROTECTED_API, hasBrand } from './brands';
import { entraError } from './validation';

/**
 * How long an assignment to a principal made in the same apply may wait for it to replicate
 * to Microsoft Graph: the provider retries while Graph answers 404 or "Not a valid reference
 * update", for as long as the create timeout allows (ENTRA-RULES 20).
 */
export const REPLICATION_TIMEOUT = '20m';

/**
 * Why `role` cannot be held by a principal of this kind (ENTRA-RULES 6), or undefined when it
 * can or the role's member types are unknown at synth.
 */
export function memberTypeProblem(role: IAppRole, principalKind: PrincipalKind, principalName: string): string | undefined {
  const needed = memberTypeFor(principalKind);
  if (role.allowedMemberTypes === undefined || role.allowedMemberTypes.includes(needed)) return undefined;
  const problem = `app role '${role.value}' allows only [${role.allowedMemberTypes.join(', ')}] members, `
    + `but ${principalName} is a ${principalKind}, which needs a role that allows ${needed} (ENTRA-RULES 6). `;
  if (!hasBrand(role.api, PROTECTED_API)) {
    // Not this program's API: its roles are its owners' to change, not the caller's.
    return `${problem}${role.api.node.path} is registered elsewhere, so grant one of its roles that allows ${needed}, `
      + `grant '${role.value}' to ${needed === 'User' ? 'an application or managed identity instead' : 'users or groups instead'}, `
      + `or ask the API's owners to allow ${needed} members on '${role.value}'.`;
  }
  return `${problem}Add MemberType.${needed === 'User' ? 'USER' : 'APPLICATION'} to the role's allowedMemberTypes, or grant a role that allows ${needed}.`;
}

/** The warning for a grant of a disabled role; `remedy` says what to remove. */
export function disabledRoleWarning(role: IAppRole, remedy: string): string {
  return `app role '${role.value}' is disabled: Entra rejects new assignments of a disabled role. ${remedy}`;
}

/**
 * The principal a grant to `grantee` goes to: its `grantPrincipal`, or the grantee itself
 * when it is a principal that does not name one. Throws, naming the grantee, when it is
 * neither.
 */
export function granteePrincipal(grantee: IGrantable): IPrincipal {
  if (grantee.grantPrincipal !== undefined) return grantee.grantPrincipal;
  const p = grantee as Partial<IPrincipal>;
  if (typeof p.principalKind !== 'string' || typeof p.principalName !== 'string' || p.principalObjectId === undefined) {
    throw entraError(grantee, 'can be granted nothing: it is not a principal (principalObjectId, principalKind, principalName) and names no grantPrincipal. '
      + 'Pass a group, user, service principal, managed identity or workload identity, or an app binding.');
  }
  return grantee as IPrincipal;
}
