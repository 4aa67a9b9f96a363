import { IConstruct } from 'constructs';
import { ClientAppKind, IClientApp } from '../client-app';
import { entraError, isUnresolved } from './validation';

/** The platforms a redirect URI can belong to; each has its own rules in Entra. */
export type RedirectPlatform = 'spa' | 'web' | 'publicClient';

/** Entra's limit on redirect URIs per application, across all platforms. */
export const MAX_REDIRECT_URIS = 256;
/** Entra's limit on the length of one redirect URI. */
export const MAX_REDIRECT_URI_LENGTH = 256;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const PLATFORM_NAMES: Record<RedirectPlatform, string> = {
  spa: 'SPA',
  web: 'web',
  publicClient: 'public client',
};

/**
 * Problems with one redirect URI for a platform, or undefined when it is fine. An
 * unresolved token is never judged.
 *
 * - https, except http on a loopback host (`http://localhost`, `http://127.0.0.1`);
 * - public clients may also use a custom scheme (`myapp://auth`, `msal{clientId}://auth`);
 * - no fragment (`#...`), no white space, at most 256 characters;
 * - no wildcard for SPA and public clients.
 */
export function checkRedirectUri(platform: RedirectPlatform, uri: string): string | undefined {
  if (isUnresolved(uri)) return undefined;
  const name = PLATFORM_NAMES[platform];
  const fix = platform === 'publicClient'
    ? 'Use https://..., http://localhost[:port][/path] or a custom scheme such as myapp://auth'
    : 'Use https://... (http only for http://localhost or http://127.0.0.1 while developing)';
  if (uri.length === 0) return `${name} redirect URI is empty. ${fix}`;
  if (uri.length > MAX_REDIRECT_URI_LENGTH) {
    return `${name} redirect URI '${uri.slice(0, 40)}...' is ${uri.length} characters long; Entra allows at most ${MAX_REDIRECT_URI_LENGTH}`;
  }
  if (/\s/.test(uri)) return `${name} redirect URI '${uri}' contains white space. ${fix}`;
  if (uri.includes('#')) {
    return `${name} redirect URI '${uri}' has a fragment ('#...'); Entra does not allow fragments in redirect URIs. Remove everything from '#' on`;
  }
  if (uri.includes('*') && platform !== 'web') {
    return `${name} redirect URI '${uri}' contains a wildcard ('*'); Entra does not allow wildcards for ${name} redirect URIs. List each URI explicitly`;
  }
  let parsed: URL;
  try {
    parsed = new URL(uri.replace(/\*/g, 'wildcard'));
  } catch {
    return `${name} redirect URI '${uri}' is not a valid absolute URL. ${fix}`;
  }
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
  if (scheme === 'https') {
    if (parsed.hostname.length === 0) return `${name} redirect URI '${uri}' names no host. ${fix}`;
    return undefined;
  }
  if (scheme === 'http') {
    if (LOOPBACK_HOSTS.has(parsed.hostname.toLowerCase())) return undefined;
    return `${name} redirect URI '${uri}' uses http on host '${parsed.hostname}'; Entra allows http only for http://localhost and http://127.0.0.1. ${fix}`;
  }
  if (platform === 'publicClient') {
    if (scheme === 'javascript' || scheme === 'data' || scheme === 'file') {
      return `${name} redirect URI '${uri}' uses the scheme '${scheme}:', which cannot receive a sign-in response. ${fix}`;
    }
    return undefined;
  }
  return `${name} redirect URI '${uri}' uses the scheme '${scheme}:'; ${name} redirect URIs must be https. ${fix}`;
}

/** Whether a literal web redirect URI has a wildcard (legal for web apps, but risky). */
export function hasWildcard(uri: string): boolean {
  return !isUnresolved(uri) && uri.includes('*');
}

/**
 * Checks a list of redirect URIs of one platform: each URI, no duplicates, at most 256 in
 * all. Throws an error that names `scope`.
 */
export function requireRedirectUris(scope: IConstruct, platform: RedirectPlatform, uris: string[]): void {
  const seen = new Set<string>();
  for (const uri of uris) {
    const problem = checkRedirectUri(platform, uri);
    if (problem) throw entraError(scope, `${problem}.`);
    if (isUnresolved(uri)) continue;
    if (seen.has(uri)) throw entraError(scope, `redirect URI '${uri}' is listed twice; list each redirect URI once.`);
    seen.add(uri);
  }
  if (uris.length > MAX_REDIRECT_URIS) {
    throw entraError(scope, `has ${uris.length} redirect URIs; Entra allows at most ${MAX_REDIRECT_URIS} per application. `
      + 'Remove some, or split the client into several app registrations.');
  }
}

/**
 * Problems with a logout URL (`web.logout_url`), or undefined when it is fine: https, or http
 * on a loopback host; no fragment.
 */
export function checkLogoutUrl(url: string): string | undefined {
  if (isUnresolved(url)) return undefined;
  const problem = checkRedirectUri('web', url);
  if (problem) return problem.replace('web redirect URI', 'logout URL');
  if (url.includes('*')) return `logout URL '${url}' contains a wildcard; give the one front-channel logout URL of the app`;
  return undefined;
}

/** Entra's rule for a federated identity credential's name. */
const CREDENTIAL_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,119}$/;

/** Problems with a federated identity credential's or client secret's name, or undefined. */
export function checkCredentialName(kind: string, name: string): string | undefined {
  if (isUnresolved(name)) return `${kind} name must be known at synth (got a token): the construct id is built from it`;
  if (!CREDENTIAL_NAME.test(name)) {
    return `${kind} name '${name}' is not valid; use 1 to 120 letters, digits, '-' or '_', starting with a letter or digit, e.g. 'github-main'`;
  }
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

/** Throws, naming `scope`, unless `client` is a confidential client (a web app or daemon), which alone may hold `what`. */
export function requireConfidential(scope: IConstruct, client: IClientApp, what: string): void {
  if (client.clientKind !== ClientAppKind.WEB && client.clientKind !== ClientAppKind.DAEMON) {
    throw entraError(scope, `${client.clientName} is a ${client.clientKind} client, which runs where a credential cannot be kept secret; `
      + `it cannot have ${what}. Use a WebApp or DaemonApp for a confidential client.`);
  }
}
