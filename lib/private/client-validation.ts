import { IConstruct } from 'constructs';
import type { ClientAppKind, IClientApp } from '../client-app';
import { entraError, isUnresolved, utf8Length } from './validation';
import { showText } from './free-text';
import { refuseUnlessAdopted } from './adoption';
import { entraWarning } from './diagnostics';

/** The platforms a redirect URI can belong to; each has its own rules in Entra. */
export type RedirectPlatform = 'spa' | 'web' | 'publicClient';

/** Entra's limit on redirect URIs per application, across all platforms. */
export const MAX_REDIRECT_URIS = 256;
/** The limit on redirect URIs per platform for apps that sign in personal Microsoft accounts. */
export const MAX_PERSONAL_REDIRECT_URIS = 100;
/** The limit on the length of one redirect URI, in UTF-8 bytes (the azuread provider counts bytes). */
export const MAX_REDIRECT_URI_LENGTH = 256;
/** The limit on the length of a logout URL, in UTF-8 bytes (azuread's IsLogoutUrl). */
export const MAX_LOGOUT_URL_LENGTH = 255;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const PLATFORM_NAMES: Record<RedirectPlatform, string> = {
  spa: 'SPA',
  web: 'web',
  publicClient: 'public client',
};

/**
 * The host of `scheme://host[:port]/...` and what follows the authority, or undefined when the
 * URI has no `//` authority (`myapp:/cb`, `localhost:3000`, `urn:...`).
 */
function splitAuthority(uri: string): { host: string; rest: string } | undefined {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)(.*)$/.exec(uri);
  if (!m) return undefined;
  const hostPort = m[1].slice(m[1].lastIndexOf('@') + 1);
  const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.replace(/:[0-9]*$/, '');
  return { host, rest: m[2] };
}

/** What a kind of URI may be. */
interface UriRules {
  /** How messages name the value, e.g. `SPA redirect URI`. */
  readonly what: string;
  readonly fix: string;
  readonly maxBytes: number;
  /** Custom schemes and URNs allowed (public clients). */
  readonly anyScheme: boolean;
  /** `urn:a:b` values allowed without further checks (the provider's rule for web and public client redirect URIs). */
  readonly urn: boolean;
  /** A wildcard is allowed (web redirect URIs, with a warning). */
  readonly wildcard: boolean;
  /** `https://host` must be written `https://host/` (the provider's rule for SPA and web redirect URIs). */
  readonly pathRequired: boolean;
}

/** Problems with one URI under `r`, or undefined when it is fine. Never judges a token. */
function uriProblem(uri: string, r: UriRules): string | undefined {
  if (isUnresolved(uri)) return undefined;
  if (uri.length === 0) return `${r.what} is empty. ${r.fix}`;
  const bytes = utf8Length(uri);
  if (bytes > r.maxBytes) {
    return `${r.what} '${uri.slice(0, 40)}...' is ${bytes} bytes long (UTF-8); the azuread provider and Entra allow at most ${r.maxBytes}`;
  }
  if (/\s/.test(uri)) return `${r.what} '${uri}' contains white space. ${r.fix}`;
  if (uri.includes('#')) {
    return `${r.what} '${uri}' has a fragment ('#...'); Entra does not allow fragments in redirect URIs. Remove everything from '#' on`;
  }
  if (uri.includes('*') && !r.wildcard) {
    return `${r.what} '${uri}' contains a wildcard ('*'); Entra does not allow wildcards here. List each URI explicitly`;
  }
  // The azuread provider takes any urn:a:b for web and public client redirect URIs
  // (urn:ietf:wg:oauth:2.0:oob) without further checks (ad: uri.go:71-76, application_resource.go:474, :614).
  if (r.urn && /^urn:[^:]*:/.test(uri)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(uri.replace(/\*/g, 'wildcard'));
  } catch {
    return `${r.what} '${uri}' is not a valid absolute URL. ${r.fix}`;
  }
  const authority = splitAuthority(uri);
  if (!authority || authority.host.length === 0) {
    return `${r.what} '${uri}' names no host; the azuread provider needs scheme://host (e.g. https://orders.contoso.com/ or myapp://auth). ${r.fix}`;
  }
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
  if (scheme === 'http' && !LOOPBACK_HOSTS.has(parsed.hostname.toLowerCase())) {
    return `${r.what} '${uri}' uses http on host '${parsed.hostname}'; Entra allows http only for http://localhost and http://127.0.0.1. ${r.fix}`;
  }
  if (scheme !== 'http' && scheme !== 'https') {
    if (!r.anyScheme) return `${r.what} '${uri}' uses the scheme '${scheme}:'; it must be https. ${r.fix}`;
    if (scheme === 'javascript' || scheme === 'data' || scheme === 'file') {
      return `${r.what} '${uri}' uses the scheme '${scheme}:', which cannot receive a sign-in response. ${r.fix}`;
    }
    return undefined;
  }
  if (r.pathRequired && (authority.rest === '' || authority.rest.startsWith('?'))) {
    const slashed = `${uri.slice(0, uri.length - authority.rest.length)}/${authority.rest}`;
    return `${r.what} '${uri}' has no path; the azuread provider rejects it at plan ("URI must have a trailing slash when there is no path segment"). `
      + `Write '${slashed}', and give your sign-in code (MSAL's redirectUri) that same string, so what it sends matches what is registered`;
  }
  return undefined;
}

function redirectRules(platform: RedirectPlatform): UriRules {
  return {
    what: `${PLATFORM_NAMES[platform]} redirect URI`,
    fix: platform === 'publicClient'
      ? 'Use https://..., http://localhost[:port][/path] or a custom scheme such as myapp://auth'
      : 'Use https://host/ or https://host/path (http only for http://localhost or http://127.0.0.1 while developing)',
    maxBytes: MAX_REDIRECT_URI_LENGTH,
    anyScheme: platform === 'publicClient',
    urn: platform !== 'spa',
    wildcard: platform === 'web',
    pathRequired: platform !== 'publicClient',
  };
}

/**
 * Problems with one redirect URI for a platform, or undefined when it is fine. An
 * unresolved token is never judged.
 *
 * - https, except http on a loopback host (`http://localhost`, `http://127.0.0.1`);
 * - public clients may also use a custom scheme (`myapp://auth`, `msal{clientId}://auth`); web and
 *   public clients a URN (`urn:ietf:wg:oauth:2.0:oob`), as the provider allows;
 * - a host (`scheme://host`); for SPA and web also a path, at least `/` (`https://orders.contoso.com/`);
 * - no fragment (`#...`), no white space, at most 256 bytes;
 * - no wildcard for SPA and public clients.
 */
export function checkRedirectUri(platform: RedirectPlatform, uri: string): string | undefined {
  return uriProblem(uri, redirectRules(platform));
}

/**
 * What Entra rejects at apply in the redirect URIs of an app that signs in personal Microsoft
 * accounts: more than 100 on a platform, a wildcard host, a query string. Tokens are not judged.
 */
export function personalAccountRedirectProblems(platform: RedirectPlatform, uris: string[]): string[] {
  const name = PLATFORM_NAMES[platform];
  const problems: string[] = [];
  if (uris.length > MAX_PERSONAL_REDIRECT_URIS) {
    problems.push(`has ${uris.length} ${name} redirect URIs; an app that signs in personal Microsoft accounts may have at most ${MAX_PERSONAL_REDIRECT_URIS} per platform. `
      + 'Remove some, or split the client into several app registrations');
  }
  for (const uri of uris) {
    if (isUnresolved(uri)) continue;
    if ((splitAuthority(uri)?.host ?? '').includes('*')) {
      problems.push(`${name} redirect URI '${uri}' has a wildcard host, which an app that signs in personal Microsoft accounts may not use; list each host`);
    }
    if (uri.includes('?')) {
      problems.push(`${name} redirect URI '${uri}' has a query string, which Entra rejects for apps that sign in personal Microsoft accounts; `
        + 'remove it (carry state in the sign-in request\'s state parameter instead)');
    }
  }
  return problems;
}

/** Whether a literal web redirect URI has a wildcard (legal for web apps, but risky). */
export function hasWildcard(uri: string): boolean {
  return !isUnresolved(uri) && uri.includes('*');
}

/**
 * Checks a list of redirect URIs of one platform: each URI, no duplicates, at most 256 in
 * all. Throws an error that names `scope`.
 */
export function requireRedirectUris(scope: IConstruct, platform: RedirectPlatform, uris: string[], adopted = false): void {
  const seen = new Set<string>();
  for (const uri of uris) {
    const problem = checkRedirectUri(platform, uri);
    if (problem) throw entraError(scope, `${problem}.`);
    const text = uriTextProblem(`${PLATFORM_NAMES[platform]} redirect URI`, uri);
    if (text) refuseUnlessAdopted(scope, adopted, `${text}.`, 'Graph holds the value; the program keeps it as it is.');
    if (isUnresolved(uri)) continue;
    // redirect_uris is a set in the provider: the repeat is written once, nothing is refused.
    if (seen.has(uri)) entraWarning(scope, `redirect URI '${uri}' is listed twice; list each redirect URI once.`);
    seen.add(uri);
  }
  if (uris.length > MAX_REDIRECT_URIS) {
    throw entraError(scope, `has ${uris.length} redirect URIs; Entra allows at most ${MAX_REDIRECT_URIS} per application. `
      + 'Remove some, or split the client into several app registrations.');
  }
}

/** What RFC 3986 lets a URI hold unencoded: unreserved, reserved, and '%' for percent-encoding. */
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
/** entra: reply-url: "Redirect URIs do not support special characters - ! $ ' ( ) , ;". */
const UNSUPPORTED_SPECIALS = /[!$'(),;]/;

/**
 * What Entra's redirect-URI restrictions and RFC 3986 refuse beyond what the provider checks, or
 * undefined: a character outside RFC 3986 (encode it), one of Entra's unsupported specials, and
 * a `user:password@` part. Tokens and URNs are not judged.
 */
export function uriTextProblem(what: string, uri: string): string | undefined {
  if (isUnresolved(uri) || /^urn:/i.test(uri)) return undefined;
  if (!URI_CHARACTERS.test(uri.replace(/\*/g, ''))) {
    const bad = [...uri].find((c) => !URI_CHARACTERS.test(c) && c !== '*') ?? '';
    return `${what} '${showText(uri)}' has the character '${showText(bad)}', which a URI cannot hold unencoded (RFC 3986); `
      + `percent-encode it (${[...Buffer.from(bad, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')})`;
  }
  const special = UNSUPPORTED_SPECIALS.exec(uri);
  if (special) {
    return `${what} '${uri}' has the character '${special[0]}'; Entra's redirect URIs do not support ! $ ' ( ) , ; (Microsoft identity platform, `
      + '"Redirect URI restrictions"). Remove it';
  }
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(uri)?.[1] ?? '';
  if (authority.includes('@')) {
    return `${what} '${uri.replace(/\/\/[^@/]*@/, '//***@')}' has a user name or password before '@'; RFC 3986 deprecates credentials in a `
      + 'URI, Graph would store them in the clear, and browsers refuse to follow such a redirect. Remove everything from \'//\' to \'@\'';
  }
  return undefined;
}

/**
 * Problems with a logout URL (`web.logout_url`), or undefined when it is fine: https, or http
 * on a loopback host; a host; no fragment or wildcard; at most 255 bytes. No path is needed.
 */
export function checkLogoutUrl(url: string): string | undefined {
  return uriProblem(url, { ...redirectRules('web'), what: 'logout URL', urn: false, wildcard: false, pathRequired: false, maxBytes: MAX_LOGOUT_URL_LENGTH });
}

/**
 * The provider's limit on a federated identity credential's name, in UTF-8 bytes
 * (`display_name`: StringLenBetween(1, 120)); Graph documents 120 characters.
 */
export const MAX_CREDENTIAL_NAME_BYTES = 120;
/** What RFC 3986 calls unreserved: the characters a URL carries without escaping. */
const URL_UNRESERVED = /^[A-Za-z0-9._~-]+$/;

/**
 * Problems with a federated identity credential's name, or undefined: the provider's 1 to 120
 * bytes. A token is refused because the construct id is built from the name. Graph documents
 * the name only as unique, at most 120 characters and "URL friendly": see
 * {@link federatedCredentialNameWarning} for what is outside that.
 */
export function checkFederatedCredentialName(name: string): string | undefined {
  if (isUnresolved(name)) return 'federated credential name must be known at synth (got a token): the construct id is built from it';
  const bytes = utf8Length(name);
  if (bytes === 0 || bytes > MAX_CREDENTIAL_NAME_BYTES) {
    return `federated credential name '${name}' is ${bytes} bytes long (UTF-8); the azuread provider allows 1 to ${MAX_CREDENTIAL_NAME_BYTES}. `
      + 'Give a short name such as \'github-main\' or \'gitlab.orders.main\'';
  }
  return undefined;
}

/**
 * A warning for a federated credential name with characters a URL must escape (Graph: the name
 * "must be URL friendly"), or undefined. Not an error: Graph does not say which characters it
 * refuses, and the provider checks only the length.
 */
export function federatedCredentialNameWarning(name: string): string | undefined {
  if (isUnresolved(name) || URL_UNRESERVED.test(name)) return undefined;
  return `federated credential name '${name}' has characters a URL must escape; Microsoft Graph documents the name as "URL friendly" `
    + 'and may refuse it at apply. Letters, digits, \'.\', \'-\', \'_\' and \'~\' are always safe';
}

/**
 * Problems with a client secret's display name, or undefined. Graph documents
 * `passwordCredential.displayName` as a free friendly name and the provider does not check it,
 * so only a token (the construct id is built from the name) and the empty string (the provider
 * sends no display name then) are refused.
 */
export function checkSecretDisplayName(name: string): string | undefined {
  if (isUnresolved(name)) return 'client secret display name must be known at synth (got a token): the construct id is built from it';
  if (name.length === 0) return 'client secret display name is empty; the azuread provider sends no name then. Leave it out to use \'terraform\'';
  return undefined;
}

/**
 * Problems with a credential's name that only names its construct (a certificate: Graph gets no
 * name from it), or undefined: it must be a literal, and not empty.
 */
export function checkCredentialName(kind: string, name: string): string | undefined {
  if (isUnresolved(name)) return `${kind} name must be known at synth (got a token): the construct id is built from it`;
  if (name.length === 0) return `${kind} name is empty; give a name such as 'signing-2027'`;
  return undefined;
}

/** Problems with a federated credential's issuer, subject and audiences, or undefined. */
export function checkFederatedCredential(issuer: string, subject: string, audiences: string[]): string | undefined {
  if (!isUnresolved(issuer)) {
    let ok = false;
    try { ok = new URL(issuer).protocol === 'https:'; } catch { ok = false; }
    if (!ok) return `federated credential issuer '${issuer}' is not an https URL; give the identity provider's issuer, e.g. https://token.actions.githubusercontent.com`;
  }
  if (!isUnresolved(subject)) {
    if (subject.trim().length === 0) return 'federated credential subject is empty; give the subject the external identity provider puts in its tokens';
    if (subject.length > 600) return `federated credential subject is ${subject.length} characters long; Entra allows at most 600`;
    if (subject.includes('*')) return `federated credential subject '${subject}' contains a wildcard; Entra matches subjects exactly. List one credential per subject`;
  }
  if (audiences.length !== 1) {
    const shown = audiences.map((a) => (isUnresolved(a) ? '(a value known only at apply)' : `'${a}'`));
    return `federated credential has ${audiences.length} audiences [${shown.join(', ')}]; Entra accepts exactly one. Use api://AzureADTokenExchange (the default)`;
  }
  const [aud] = audiences;
  if (!isUnresolved(aud) && (aud.trim().length === 0 || aud.length > 600)) {
    return `federated credential audience '${aud}' is empty or longer than 600 characters; use api://AzureADTokenExchange (the default)`;
  }
  return undefined;
}

/** A GitHub owner (organisation or user) or repository name, as GitHub allows it. */
const GITHUB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})$/;

/** Problems with a GitHub organisation or repository name, or undefined. */
export function checkGitHubName(what: string, name: string): string | undefined {
  if (isUnresolved(name)) return undefined;
  if (name.includes('/')) return `GitHub ${what} '${name}' contains '/'; give organization and repository separately`;
  if (!GITHUB_NAME.test(name)) return `GitHub ${what} '${name}' is not a valid name; use letters, digits, '.', '-' or '_'`;
  return undefined;
}

/**
 * The client kinds that can keep a credential: web apps and daemons. Typed against the enum's
 * values with a type-only import, so this module (which client-app.ts loads) does not load
 * client-app.ts back.
 */
const CONFIDENTIAL_KINDS: ReadonlySet<string> = new Set(['Web', 'Daemon', 'WebApi'] satisfies `${ClientAppKind}`[]);

/** Throws, naming `scope`, unless `client` is a confidential client (a web app or daemon), which alone may hold `what`. */
export function requireConfidential(scope: IConstruct, client: IClientApp, what: string): void {
  if (!CONFIDENTIAL_KINDS.has(client.clientKind)) {
    throw entraError(scope, `${client.clientName} is a ${client.clientKind} client, which runs where a credential cannot be kept secret; `
      + `it cannot have ${what}. Use a WebApp or DaemonApp (or a ProtectedApi that is also a client) for a confidential client.`);
  }
}
