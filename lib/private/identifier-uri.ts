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
 * Why `uri` is not of a form Entra accepts for an identifier URI (App ID URI), or the URI's
 * parts when it is: `api://` or `https://`, a host, an optional path; no wildcard, query,
 * fragment, white space or trailing slash. The one structural check of identifier URIs, for
 * the APIs of this program and those registered elsewhere alike. Never given a token.
 */
function parseIdentifierUri(uri: string): { problem: string } | ParsedUri {
  if (/[*]/.test(uri)) return { problem: 'contains a wildcard; Entra does not allow wildcards' };
  if (/[?#]/.test(uri)) return { problem: 'has a query or fragment; Entra does not allow them' };
  if (/\s/.test(uri)) return { problem: 'contains white space' };
  const m = /^(api|https):\/\/([^/?#]+)(\/[^?#]*)?$/.exec(uri);
  if (!m) return { problem: 'must start with api:// or https:// and name a host' };
  if (uri.endsWith('/')) return { problem: 'ends with \'/\'; remove the trailing slash (the .default scope would get \'//\')' };
  return { scheme: m[1], host: m[2], path: m[3] };
}

/**
 * Checks the identifier URI of an API registered elsewhere: only its form can be judged.
 * Throws an error naming `scope`; a token is not judged.
 */
export function requireIdentifierUriForm(scope: IConstruct, uri: string): void {
  if (isUnresolved(uri)) return;
  if ('problem' in parseIdentifierUri(uri)) {
    throw entraError(scope, `identifier URI '${uri}' is not an App ID URI; give it as shown on the API's "Expose an API" page, `
      + 'e.g. api://{clientId} or https://api.contoso.com/orders, without a trailing slash, query or fragment.');
  }
}

/**
 * Checks the identifier URI an API of this program declares (ENTRA-RULES 11): its form, and
 * its host against the tenant's verified domains when they are given (a warning when they
 * are not). Throws an error naming `scope`; a token is not judged.
 */
export function requireApiIdentifierUri(scope: IConstruct, uri: string, verifiedDomains: string[] | undefined): void {
  if (isUnresolved(uri)) return;
  const fix = 'Leave identifierUri out to use api://{clientId}, or use api://{tenantId}/name or https://{verified domain}/name (ENTRA-RULES 11).';
  const parsed = parseIdentifierUri(uri);
  if ('problem' in parsed) throw entraError(scope, `identifier URI '${uri}' ${parsed.problem}. ${fix}`);
  const { scheme, host } = parsed;
  if (scheme === 'api' && isGuid(host)) {
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
      throw entraError(scope, `identifier URI '${uri}' uses host '${host}', which is not one of the verified domains [${verifiedDomains.join(', ')}]; `
        + `Entra rejects it (HostNameNotOnVerifiedDomain). ${fix}`);
    }
    return;
  }
  // Only the tenant's own {name}.onmicrosoft.com is verified; without verifiedDomains, trust it.
  if (lower.endsWith('.onmicrosoft.com')) return;
  entraWarning(scope, `identifier URI '${uri}' uses host '${host}': Entra accepts it only if '${host}' is a verified domain of the tenant `
    + '(HostNameNotOnVerifiedDomain otherwise). Pass verifiedDomains to check it at synth.');
}
