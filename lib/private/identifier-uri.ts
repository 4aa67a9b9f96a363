import { IConstruct } from 'constructs';
import { isGuid } from './uuid';
import { entraError, isUnresolved } from './validation';
import { entraWarning } from './diagnostics';

/** An App ID URI's parts, when its form is one Entra accepts. */
interface ParsedUri {
  readonly scheme: string;
  readonly host: string;
  readonly path?: string;
}

/**
 * Why `uri` is not of a form Entra documents for an identifier URI (App ID URI), or the URI's
 * parts when it is: `api://` or `https://`, a host (a port is allowed and is not part of the
 * host), an optional path; no wildcard, query, fragment or white space (Microsoft's
 * "Restrictions on identifier URIs": the supported formats). The one structural check of
 * identifier URIs, for the APIs of this program and those registered elsewhere alike. Never
 * given a token.
 */
function parseIdentifierUri(uri: string): { problem: string } | ParsedUri {
  if (/[*]/.test(uri)) return { problem: 'contains a wildcard; Entra does not allow wildcards' };
  if (/[?#]/.test(uri)) return { problem: 'has a query or fragment; Entra does not allow them' };
  if (/\s/.test(uri)) return { problem: 'contains white space' };
  const m = /^(api|https):\/\/([^/?#@]+)(\/[^?#]*)?$/.exec(uri);
  if (!m) return { problem: 'must start with api:// or https:// and name a host' };
  const hostPort = m[2];
  const host = hostPort.replace(/:[0-9]*$/, '');
  if (host.length === 0) return { problem: 'must start with api:// or https:// and name a host' };
  return { scheme: m[1], host, path: m[3] };
}

/** The warning for an identifier URI that ends with '/': legal, but its `.default` scope gets '//'. */
function trailingSlashWarning(scope: IConstruct, uri: string): void {
  if (!uri.endsWith('/')) return;
  entraWarning(scope, `identifier URI '${uri}' ends with '/': its app-only scope is '${uri}/.default', with '//', and tokens carry the URI `
    + 'with the slash as their audience. Remove the trailing slash unless the registration already has it.');
}

/**
 * Checks the identifier URI of an API registered elsewhere. Whatever Graph holds is legal, so
 * a form outside Microsoft's documented formats is a warning, not an error; only the empty
 * string (which the provider refuses) throws. A token is not judged.
 */
export function requireIdentifierUriForm(scope: IConstruct, uri: string): void {
  if (isUnresolved(uri)) return;
  if (uri.length === 0) {
    throw entraError(scope, 'identifier URI is empty; give it as shown on the API\'s "Expose an API" page, e.g. api://{clientId}.');
  }
  const parsed = parseIdentifierUri(uri);
  if ('problem' in parsed) {
    entraWarning(scope, `identifier URI '${uri}' ${parsed.problem}, unlike the App ID URI formats Microsoft documents; check it against the `
      + 'API\'s "Expose an API" page (e.g. api://{clientId} or https://api.contoso.com/orders).');
  }
  trailingSlashWarning(scope, uri);
}

/**
 * Checks the identifier URI an API of this program declares (ENTRA-RULES 11): its form, and
 * its host against the tenant's verified domains when they are given (a warning when they
 * are not). Throws an error naming `scope`; a token is not judged. For an adopted
 * registration (`adopted`), whatever Graph already holds is legal: every problem is a warning.
 */
export function requireApiIdentifierUri(scope: IConstruct, uri: string, verifiedDomains: string[] | undefined, adopted = false,
  ids: { tenantId?: string; clientId?: string } = {}): void {
  if (isUnresolved(uri)) return;
  const fix = 'Leave identifierUri out to use api://{clientId}, or use api://{tenantId}/name or https://{verified domain}/name (ENTRA-RULES 11).';
  const refuse = (message: string): void => {
    if (adopted) entraWarning(scope, `${message} (The registration is adopted, so this is a warning: Graph holds the value already.)`);
    else throw entraError(scope, message);
  };
  const parsed = parseIdentifierUri(uri);
  if ('problem' in parsed) return refuse(`identifier URI '${uri}' ${parsed.problem}. ${fix}`);
  trailingSlashWarning(scope, uri);
  const { scheme, host } = parsed;
  if (scheme === 'api' && isGuid(host)) {
    // entra: identifier-uri-restrictions: "If you add a GUID value, it must match either the app ID or the tenant ID."
    const tenantId = ids.tenantId !== undefined && !isUnresolved(ids.tenantId) ? ids.tenantId.toLowerCase() : undefined;
    const clientId = ids.clientId !== undefined && !isUnresolved(ids.clientId) ? ids.clientId.toLowerCase() : undefined;
    const guid = host.toLowerCase();
    if (tenantId !== undefined && guid !== tenantId && guid !== clientId) {
      return refuse(`identifier URI '${uri}' names the GUID ${guid}, which is neither the tenant id (${tenantId}) nor `
        + `${clientId !== undefined ? `this app's client id (${clientId})` : 'this app\'s client id, which a new app only gets at apply'}; `
        + `Entra allows a GUID there only if it is one of the two. ${fix}`);
    }
    if (tenantId !== undefined) return;
    if (!parsed.path) {
      entraWarning(scope, `identifier URI '${uri}' names a fixed GUID: single-tenant apps may only use api://{their own client id} or api://{tenantId}/name. `
        + 'If this is not the tenant id, leave identifierUri out to get api://{clientId}.');
    }
    return;
  }
  const lower = host.toLowerCase();
  if (verifiedDomains !== undefined && !isUnresolved(verifiedDomains)) {
    const ok = verifiedDomains.some((d) => lower === d.toLowerCase() || lower.endsWith(`.${d.toLowerCase()}`));
    if (!ok) {
      return refuse(`identifier URI '${uri}' uses host '${host}', which is not one of the verified domains [${verifiedDomains.join(', ')}]; `
        + `Entra rejects it (HostNameNotOnVerifiedDomain). ${fix}`);
    }
    return;
  }
  // Only the tenant's own {name}.onmicrosoft.com is verified; without verifiedDomains, trust it.
  if (lower.endsWith('.onmicrosoft.com')) return;
  entraWarning(scope, `identifier URI '${uri}' uses host '${host}': Entra accepts it only if '${host}' is a verified domain of the tenant `
    + '(HostNameNotOnVerifiedDomain otherwise). Pass verifiedDomains to check it at synth.');
}
