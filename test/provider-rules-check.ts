/**
 * Checks the values of synthesized Terraform JSON against what the real providers (azuread 3.7.0,
 * azurerm 4.55.0) validate at plan time and what Graph rejects at apply: a stand-in for
 * `terraform validate` and a first apply, which no machine here can run. The rules are those of
 * PROVIDER-RULES.md (the project's shared design notes, read from provider source at those tags); each one below
 * cites its section. The schema test (test/schema-check.ts) checks names and shapes; this checks values.
 *
 * Like the providers, a rule judges only literal values: a string holding a reference or an
 * expression (`${...}`) is skipped, since Terraform checks it only at apply. A resource with a
 * literal `for_each` map is checked once per row, with `${each.value.x}` and `${each.key}` filled in.
 */

/** One rule: the resource or data types it applies to, and how it finds the values it rejects. */
export interface ProviderRule {
  /** Stable name, used in every problem it reports: `application.spa-redirect-uri`. */
  readonly id: string;
  /** `resource:TYPE` or `data:TYPE` this rule looks at. */
  readonly on: readonly string[];
  /** What the provider or Graph does, with the PROVIDER-RULES.md section. */
  readonly rule: string;
  /** Calls `report` once per bad value of one resource body. */
  readonly check: (body: Body, report: Report) => void;
}

/** A rule that needs every instance of its types in the stack at once (uniqueness across resources). */
export interface StackRule {
  readonly id: string;
  readonly on: readonly string[];
  readonly rule: string;
  readonly check: (instances: Instance[], report: (address: string, where: string, message: string) => void) => void;
}

type Body = Record<string, any>;
type Report = (where: string, message: string) => void;
/** One resource or data source instance: its address and its body (a for_each row filled in). */
export interface Instance { readonly address: string; readonly body: Body }

// ---------------------------------------------------------------------------------------------
// Value helpers

/** Whether a value is known at plan time: not a string with a `${...}` reference or expression in it. */
export function isLiteral(v: unknown): boolean {
  if (typeof v === 'string') return !v.includes('${');
  return v !== undefined && v !== null;
}

/** The blocks of a body at `key`: cdktf writes a block as an object or as a list of objects. */
function blocks(body: Body | undefined, key: string): Body[] {
  const v = body?.[key];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((b) => typeof b === 'object' && b !== null);
}

/**
 * Every value at a dotted path, with where it sits: `api.oauth2_permission_scope.value` walks every
 * `api` block, every scope in it, and yields each scope's `value`. A list attribute at the end
 * yields each element (`owners` gives `owners[0]`, `owners[1]`, ...).
 */
function at(body: Body, dotted: string, spread = true): { where: string; value: any }[] {
  const parts = dotted.split('.');
  let level: { where: string; body: Body }[] = [{ where: '', body }];
  for (const key of parts.slice(0, -1)) {
    level = level.flatMap(({ where, body: b }) => blocks(b, key).map((child, i, all) => ({
      where: `${where}${key}${all.length > 1 || Array.isArray(b[key]) ? `[${i}]` : ''}.`,
      body: child,
    })));
  }
  const last = parts[parts.length - 1];
  return level.flatMap(({ where, body: b }) => {
    const v = b[last];
    if (v === undefined || v === null) return [];
    if (spread && Array.isArray(v)) return v.map((e, i) => ({ where: `${where}${last}[${i}]`, value: e }));
    return [{ where: `${where}${last}`, value: v }];
  });
}

/** Bytes of a string in UTF-8: Go's len(), which the providers' length limits count. */
function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const show = (v: unknown): string => JSON.stringify(v);

// The checks most rules are built from. Each yields a problem for a literal value, or nothing.

function uuid(path: string) {
  return (body: Body, report: Report) => {
    for (const { where, value } of at(body, path)) {
      if (isLiteral(value) && !(typeof value === 'string' && UUID.test(value))) report(where, `${show(value)} is not a UUID (8-4-4-4-12 hex digits)`);
    }
  };
}

function notEmpty(path: string) {
  return (body: Body, report: Report) => {
    for (const { where, value } of at(body, path)) if (value === '') report(where, 'is "", which the provider rejects (leave it out instead)');
  };
}

function maxBytes(path: string, max: number, min = 0) {
  return (body: Body, report: Report) => {
    for (const { where, value } of at(body, path)) {
      if (typeof value !== 'string' || !isLiteral(value)) continue;
      const n = bytes(value);
      if (n > max || n < min) report(where, `is ${n} bytes long (${show(value.length > 60 ? `${value.slice(0, 57)}...` : value)}); the provider allows ${min} to ${max} bytes`);
    }
  };
}

function oneOf(path: string, allowed: readonly (string | number)[]) {
  return (body: Body, report: Report) => {
    for (const { where, value } of at(body, path)) {
      if (isLiteral(value) && !allowed.includes(value)) report(where, `${show(value)} is not one of ${allowed.map((a) => show(a)).join(', ')} (case-sensitive)`);
    }
  };
}

function matches(path: string, re: RegExp, what: string) {
  return (body: Body, report: Report) => {
    for (const { where, value } of at(body, path)) {
      if (isLiteral(value) && !(typeof value === 'string' && re.test(value))) report(where, `${show(value)} is not ${what} (${re})`);
    }
  };
}

function maxItems(path: string, max: number, what = 'values') {
  return (body: Body, report: Report) => {
    for (const { where, value } of at(body, path, false)) {
      if (Array.isArray(value) && value.length > max) report(where, `has ${value.length} ${what}; the provider allows at most ${max}`);
    }
  };
}

function exactlyOneOf(keys: readonly string[]) {
  return (body: Body, report: Report) => {
    const set = keys.filter((k) => body[k] !== undefined && body[k] !== null);
    if (set.length !== 1) report('', `sets ${set.length === 0 ? 'none' : set.join(' and ')} of ${keys.join(', ')}; exactly one is needed`);
  };
}

function conflicts(a: string, b: string) {
  return (body: Body, report: Report) => {
    if (body[a] !== undefined && body[b] !== undefined) report('', `sets both ${a} and ${b}, which conflict`);
  };
}

function all(...checks: ((body: Body, report: Report) => void)[]) {
  return (body: Body, report: Report) => { for (const c of checks) c(body, report); };
}

// ---------------------------------------------------------------------------------------------
// URIs, as azuread's IsUriFunc parses and judges them (PROVIDER-RULES "URI validators")

interface GoUrl { scheme: string; host: string; path: string; opaque: string; query: string }

const HOST_OK = /^[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"%]*$/;

/**
 * Go's `net/url.Parse`, as far as the URI validators depend on it: the scheme (lower-cased), the
 * authority after `//`, the path, an opaque part after `scheme:` without `/`, and the query. Returns
 * a message instead when Go would fail to parse.
 */
export function parseGoUrl(raw: string): GoUrl | string {
  if ([...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return 'contains a control character';
  let rest = raw;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  let scheme = '';
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (m) { scheme = m[1].toLowerCase(); rest = rest.slice(m[0].length); } else if (rest.startsWith(':')) return 'missing protocol scheme';
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) { query = rest.slice(q + 1); rest = rest.slice(0, q); }
  if (!rest.startsWith('/')) {
    if (scheme) return { scheme, host: '', path: '', opaque: rest, query };
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) return 'first path segment in URL cannot contain colon';
  }
  let host = '';
  if (rest.startsWith('//') && (scheme !== '' || !rest.startsWith('///'))) {
    const end = rest.indexOf('/', 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? '' : rest.slice(end);
    host = authority.slice(authority.lastIndexOf('@') + 1);
    if (!HOST_OK.test(host)) return `invalid character in host name ${show(host)}`;
    const port = host.startsWith('[') ? host.slice(host.indexOf(']') + 1) : host.slice(Math.max(host.lastIndexOf(':'), 0));
    if (port.startsWith(':') && !/^:[0-9]*$/.test(port)) return `invalid port ${show(port)}`;
  }
  if (/%(?![0-9A-Fa-f]{2})/.test(rest) || /%(?![0-9A-Fa-f]{2})/.test(host)) return 'invalid URL escape';
  return { scheme, host, path: rest, opaque: '', query };
}

/** azuread's IsUriFunc: the first failing check, or undefined when the value passes. */
export function uriProblem(v: string, schemes: readonly string[], urnAllowed: boolean, allowTrailingSlash: boolean, forceTrailingSlash: boolean): string | undefined {
  if (v === '') return 'is empty';
  if (urnAllowed && v.split(':').length >= 3 && v.split(':')[0] === 'urn') return undefined;
  const u = parseGoUrl(v);
  if (typeof u === 'string') return `does not parse as a URI (${u})`;
  if (!allowTrailingSlash && u.path === '/') return 'must not end with a slash when it has no path';
  if (u.host === '') return 'has no host (the provider needs scheme://host...)';
  if (schemes.length === 0) return undefined;
  if (forceTrailingSlash && u.path === '') return `has no path: write ${show(`${v.replace(/[?#].*$/, '')}/${v.slice(v.replace(/[?#].*$/, '').length)}`)} (the provider requires a trailing slash when there is no path segment)`;
  if (!schemes.includes(u.scheme)) return `uses the scheme ${show(u.scheme)}; allowed: ${schemes.join(', ')}`;
  return undefined;
}

const REDIRECT_SCHEMES = ['http', 'https', 'ms-appx-web', 'brk-multihub'];

/** IsRedirectUriFunc(urnAllowed, allSchemes): the URI checks, then at most 256 bytes. */
function redirectUriProblem(v: string, urnAllowed: boolean, allSchemes: boolean): string | undefined {
  const problem = uriProblem(v, allSchemes ? [] : REDIRECT_SCHEMES, urnAllowed, true, !allSchemes);
  if (problem) return problem;
  if (bytes(v) > 256) return `is ${bytes(v)} bytes long; at most 256`;
  return undefined;
}

function redirectUris(block: string, urnAllowed: boolean, allSchemes: boolean) {
  return (body: Body, report: Report) => {
    for (const { where, value } of at(body, `${block}.redirect_uris`)) {
      if (typeof value !== 'string' || !isLiteral(value)) continue;
      const problem = redirectUriProblem(value, urnAllowed, allSchemes);
      if (problem) report(where, `${show(value)} ${problem}`);
    }
  };
}

function uri(path: string, schemes: readonly string[], maxLength?: number) {
  return (body: Body, report: Report) => {
    for (const { where, value } of at(body, path)) {
      if (typeof value !== 'string' || !isLiteral(value)) continue;
      const problem = uriProblem(value, schemes, false, true, false)
        ?? (maxLength !== undefined && bytes(value) > maxLength ? `is ${bytes(value)} bytes long; at most ${maxLength}` : undefined);
      if (problem) report(where, `${show(value)} ${problem}`);
    }
  };
}

/** Go's http.DetectContentType, as far as it answers image/*: the provider's logo check at apply. */
function sniffsAsImage(b: Buffer): boolean {
  const starts = (...sig: number[]) => sig.every((x, i) => b[i] === x);
  return starts(0, 0, 1, 0) || starts(0, 0, 2, 0) || starts(0x42, 0x4d) || b.subarray(0, 6).toString('latin1') === 'GIF87a'
    || b.subarray(0, 6).toString('latin1') === 'GIF89a' || starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a) || starts(0xff, 0xd8, 0xff)
    || (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 14).toString('latin1') === 'WEBPVP');
}

// ---------------------------------------------------------------------------------------------
// Roles, scopes and the application's plan-time CustomizeDiff

const CLAIM_CHARS = /^[A-Za-z0-9!#$%&'()*+,\-./:;<=>?@[\]^_`{|}~]*$/;

/** RoleScopeClaimValue (PROVIDER-RULES "Role and scope value validator"). */
function claimValue(path: string) {
  return (body: Body, report: Report) => {
    for (const { where, value } of at(body, path)) {
      if (typeof value !== 'string' || !isLiteral(value)) continue;
      const problems: string[] = [];
      if (bytes(value) > 249) problems.push(`is ${bytes(value)} bytes long (at most 249)`);
      if (value.startsWith('.')) problems.push("starts with '.'");
      if (!CLAIM_CHARS.test(value)) problems.push('has a character other than ASCII letters, digits and !#$%&\'()*+,-./:;<=>?@[]^_`{|}~ (no spaces, quotes or backslashes)');
      if (problems.length) report(where, `${show(value)} ${problems.join('; ')}`);
    }
  };
}

const PERSONAL = ['AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount'];
const REDIRECT_BLOCKS = ['single_page_application', 'web', 'public_client'];

/** Pooled roles and scopes: ids and values unique across both (CustomizeDiff 2). */
function rolesAndScopesUnique(body: Body, report: Report): void {
  const entries = [
    ...at(body, 'app_role', false).flatMap(({ where, value }) => (Array.isArray(value) ? value : [value]).map((r: Body, i: number) => ({ where: Array.isArray(value) ? `${where}[${i}]` : where, kind: 'role', e: r }))),
    ...at(body, 'api.oauth2_permission_scope', false).flatMap(({ where, value }) => (Array.isArray(value) ? value : [value]).map((s: Body, i: number) => ({ where: Array.isArray(value) ? `${where}[${i}]` : where, kind: 'scope', e: s }))),
  ].filter(({ e }) => typeof e.id === 'string' && e.id !== '' && isLiteral(e.id) && typeof e.value === 'string' && e.value !== '' && isLiteral(e.value));
  const same = (a: Body, b: Body, aKind: string, bKind: string): boolean => {
    if (aKind === bKind) return false;
    const [role, scope] = aKind === 'role' ? [a, b] : [b, a];
    return role.display_name === scope.admin_consent_display_name && role.description === scope.admin_consent_description && (role.enabled ?? true) === (scope.enabled ?? true);
  };
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[i], b = entries[j];
      if (a.e.id === b.e.id && a.e.value !== b.e.value) report(b.where, `id ${a.e.id} is also the id of ${a.where} (value ${show(a.e.value)}); app role and scope ids must be unique`);
      else if (a.e.value === b.e.value && a.e.id !== b.e.id) report(b.where, `value ${show(b.e.value)} is also the value of ${a.where}; app role and scope values share one namespace`);
      else if (a.e.id === b.e.id && a.e.value === b.e.value && !same(a.e, b.e, a.kind, b.kind)) report(b.where, `repeats ${a.where} (id and value) with different details`);
    }
  }
}

/** The personal-account package (CustomizeDiff 3, Rules that span 2) and Graph's redirect URI rules for it. */
function personalAccounts(body: Body, report: Report): void {
  if (!PERSONAL.includes(body.sign_in_audience)) return;
  const version = at(body, 'api.requested_access_token_version')[0]?.value;
  if (version === undefined || version === 1) report('api.requested_access_token_version', `is ${version ?? 'unset (1)'}; personal-account audiences need 2`);
  const scopes = at(body, 'api.oauth2_permission_scope', false).flatMap(({ value }) => (Array.isArray(value) ? value : [value]));
  if (scopes.length > 100) report('api.oauth2_permission_scope', `has ${scopes.length} scopes; personal-account audiences allow at most 100`);
  for (const { where, value } of at(body, 'api.oauth2_permission_scope.value')) {
    if (typeof value === 'string' && isLiteral(value) && value.length > 40) report(where, `${show(value)} is ${value.length} characters; personal-account audiences allow scope values of at most 40`);
  }
  const uris = at(body, 'identifier_uris');
  if (uris.length > 50) report('identifier_uris', `has ${uris.length} URIs; personal-account audiences allow at most 50`);
  for (const { where, value } of uris) {
    if (typeof value !== 'string' || !isLiteral(value)) continue;
    const problem = uriProblem(value, ['http', 'https', 'api', 'ms-appx'], false, false, false);
    if (problem) report(where, `${show(value)} ${problem} (personal-account audiences)`);
  }
  for (const kind of REDIRECT_BLOCKS) {
    const list = at(body, `${kind}.redirect_uris`);
    if (list.length > 100) report(`${kind}.redirect_uris`, `has ${list.length} URIs; personal-account audiences allow at most 100 per kind`);
    for (const { where, value } of list) {
      if (typeof value !== 'string' || !isLiteral(value)) continue;
      const u = parseGoUrl(value);
      if (typeof u !== 'string' && u.host.includes('*')) report(where, `${show(value)} has a wildcard host, which personal-account audiences do not allow`);
      if (typeof u !== 'string' && (u.query !== '' || value.includes('?'))) report(where, `${show(value)} has a query string; Graph rejects query parameters in redirect URIs of apps that sign in personal accounts`);
    }
  }
  const rra = blocks(body, 'required_resource_access');
  const accesses = rra.map((b) => blocks(b, 'resource_access').length);
  if (rra.length > 50) report('required_resource_access', `has ${rra.length} blocks; personal-account audiences allow at most 50`);
  accesses.forEach((n, i) => { if (n > 30) report(`required_resource_access[${i}].resource_access`, `has ${n} entries; at most 30 per API for personal-account audiences`); });
  const total = accesses.reduce((a, b) => a + b, 0);
  if (total > 200) report('required_resource_access', `has ${total} resource_access entries in all; at most 200 for personal-account audiences`);
}

/** `prevent_duplicate_names` with an apostrophe in the name: the plan-time OData filter breaks (Rules that span 10). */
function duplicateNameFilter(body: Body, report: Report): void {
  if (body.prevent_duplicate_names === true && typeof body.display_name === 'string' && isLiteral(body.display_name) && body.display_name.includes("'")) {
    report('display_name', `${show(body.display_name)} contains ' and prevent_duplicate_names is true: the provider's unescaped OData filter fails the plan`);
  }
}

const APPLICATION_ID = /^\/applications\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const applicationId = matches('application_id', APPLICATION_ID, 'an application resource id /applications/{objectId} (the application\'s id, not its client_id)');
const UAI_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;
const RESOURCE_GROUP = /^[-\w._()]{1,90}$/;

function resourceGroupName(path: string) {
  return (body: Body, report: Report) => {
    matches(path, RESOURCE_GROUP, 'a resource group name (1-90 letters, digits, _ - . ( ))')(body, report);
    for (const { where, value } of at(body, path)) if (typeof value === 'string' && isLiteral(value) && value.endsWith('.')) report(where, `${show(value)} ends with '.'`);
  };
}

const WEB_APP_RESERVED = ['DOCKER_REGISTRY_SERVER_URL', 'DOCKER_REGISTRY_SERVER_USERNAME', 'DOCKER_REGISTRY_SERVER_PASSWORD',
  'DIAGNOSTICS_AZUREBLOBCONTAINERSASURL', 'DIAGNOSTICS_AZUREBLOBRETENTIONINDAYS', 'WEBSITE_HTTPLOGGING_CONTAINER_URL',
  'WEBSITE_HTTPLOGGING_RETENTION_DAYS', 'WEBSITE_VNET_ROUTE_ALL', 'SPRING.DATASOURCE.PASSWORD', 'SPRING.DATASOURCE.URL',
  'SPRING.DATASOURCE.USERNAME', 'WEBSITE_HEALTHCHECK_MAXPINGFAILURES'];
const APPS = ['resource:azurerm_linux_function_app', 'resource:azurerm_windows_function_app', 'resource:azurerm_linux_web_app', 'resource:azurerm_windows_web_app'];
const FUNCTION_APPS = APPS.slice(0, 2);
const APP = 'resource:azuread_application';
/** Go's time.ParseDuration: a sequence of decimal numbers with units, or 0. */
const GO_DURATION = /^([-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+|0)$/;

/** Every per-resource rule. */
export const PROVIDER_RULES: readonly ProviderRule[] = [
  // azuread_application (PROVIDER-RULES "azuread_application")
  { id: 'application.display-name', on: [APP], rule: 'display_name: StringIsNotEmpty', check: notEmpty('display_name') },
  { id: 'application.description', on: [APP], rule: 'description: StringLenBetween(0,1024), in bytes', check: maxBytes('description', 1024) },
  { id: 'application.notes', on: [APP], rule: 'notes: StringIsNotEmpty (an explicit "" is rejected)', check: notEmpty('notes') },
  { id: 'application.sign-in-audience', on: [APP], rule: 'sign_in_audience: one of four values', check: oneOf('sign_in_audience', ['AzureADMyOrg', 'AzureADMultipleOrgs', ...PERSONAL]) },
  { id: 'application.owners', on: [APP], rule: 'owners: each IsUUID, at most 100', check: all(uuid('owners'), maxItems('owners', 100, 'owners')) },
  { id: 'application.group-membership-claims', on: [APP], rule: 'group_membership_claims: each one of five values', check: oneOf('group_membership_claims', ['None', 'SecurityGroup', 'DirectoryRole', 'ApplicationGroup', 'All']) },
  { id: 'application.identifier-uris', on: [APP], rule: 'identifier_uris: each StringIsNotEmpty', check: notEmpty('identifier_uris') },
  { id: 'application.template-id', on: [APP], rule: 'template_id: IsUUID', check: uuid('template_id') },
  { id: 'application.feature-tags', on: [APP], rule: 'feature_tags ConflictsWith tags', check: conflicts('feature_tags', 'tags') },
  { id: 'application.token-version', on: [APP], rule: 'api.requested_access_token_version: 1 or 2', check: oneOf('api.requested_access_token_version', [1, 2]) },
  { id: 'application.known-clients', on: [APP], rule: 'api.known_client_applications: each IsUUID', check: uuid('api.known_client_applications') },
  { id: 'application.scope-id', on: [APP], rule: 'api.oauth2_permission_scope.id: IsUUID', check: uuid('api.oauth2_permission_scope.id') },
  { id: 'application.scope-value', on: [APP], rule: 'api.oauth2_permission_scope.value: RoleScopeClaimValue', check: claimValue('api.oauth2_permission_scope.value') },
  { id: 'application.scope-type', on: [APP], rule: 'api.oauth2_permission_scope.type: User or Admin', check: oneOf('api.oauth2_permission_scope.type', ['User', 'Admin']) },
  {
    id: 'application.scope-consent-texts', on: [APP], rule: 'admin/user consent display names and descriptions: StringIsNotEmpty',
    check: all(...['admin_consent_description', 'admin_consent_display_name', 'user_consent_description', 'user_consent_display_name'].map((k) => notEmpty(`api.oauth2_permission_scope.${k}`))),
  },
  { id: 'application.role-id', on: [APP], rule: 'app_role.id: IsUUID', check: uuid('app_role.id') },
  {
    id: 'application.role-member-types', on: [APP], rule: 'app_role.allowed_member_types: MinItems 1, each User or Application',
    check: (body, report) => {
      oneOf('app_role.allowed_member_types', ['User', 'Application'])(body, report);
      for (const { where, value } of at(body, 'app_role.allowed_member_types', false)) if (Array.isArray(value) && value.length === 0) report(where, 'is empty; at least one member type is required');
    },
  },
  { id: 'application.role-texts', on: [APP], rule: 'app_role.description and display_name: StringIsNotEmpty', check: all(notEmpty('app_role.description'), notEmpty('app_role.display_name')) },
  { id: 'application.role-value', on: [APP], rule: 'app_role.value: RoleScopeClaimValue', check: claimValue('app_role.value') },
  {
    id: 'application.optional-claims', on: [APP], rule: 'optional_claims.*.source: only user; additional_properties from a fixed list',
    check: all(...['access_token', 'id_token', 'saml2_token'].flatMap((t) => [
      oneOf(`optional_claims.${t}.source`, ['user']),
      oneOf(`optional_claims.${t}.additional_properties`, ['cloud_displayname', 'dns_domain_and_sam_account_name', 'emit_as_roles',
        'include_externally_authenticated_upn_without_hash', 'include_externally_authenticated_upn', 'max_size_limit',
        'netbios_domain_and_sam_account_name', 'on_premise_security_identifier', 'sam_account_name', 'use_guid']),
    ])),
  },
  {
    id: 'application.spa-redirect-uri', on: [APP], rule: 'single_page_application.redirect_uris: IsRedirectUriFunc(false,false): http/https/ms-appx-web/brk-multihub with a host, a trailing slash when there is no path, no URN, at most 256 bytes; at most 256 URIs',
    check: all(redirectUris('single_page_application', false, false), maxItems('single_page_application.redirect_uris', 256, 'redirect URIs')),
  },
  {
    id: 'application.web-redirect-uri', on: [APP], rule: 'web.redirect_uris: IsRedirectUriFunc(true,false): as for SPA, and urn:a:b is accepted; at most 256 URIs',
    check: all(redirectUris('web', true, false), maxItems('web.redirect_uris', 256, 'redirect URIs')),
  },
  {
    id: 'application.public-client-redirect-uri', on: [APP], rule: 'public_client.redirect_uris: IsRedirectUriFunc(true,true): any scheme with a host, or a URN; at most 256 bytes; at most 256 URIs',
    check: all(redirectUris('public_client', true, true), maxItems('public_client.redirect_uris', 256, 'redirect URIs')),
  },
  {
    id: 'application.logo-image', on: [APP], rule: 'logo_image: StringIsBase64 at plan; at apply the decoded bytes must sniff as image/* (http.DetectContentType)',
    check: (body, report) => {
      for (const { where, value } of at(body, 'logo_image')) {
        if (typeof value !== 'string' || !isLiteral(value) || value === '') continue;
        const text = value.replace(/[\r\n]/g, '');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) report(where, 'is not standard base64');
        else if (!sniffsAsImage(Buffer.from(text, 'base64'))) report(where, 'does not decode to an image (gif, png, jpeg, bmp, webp, ico); the provider refuses it at apply');
      }
    },
  },
  { id: 'application.homepage-url', on: [APP], rule: 'web.homepage_url: IsHttpOrHttpsUrl', check: uri('web.homepage_url', ['http', 'https']) },
  { id: 'application.logout-url', on: [APP], rule: 'web.logout_url: IsLogoutUrl (http/https with a host, at most 255 bytes)', check: uri('web.logout_url', ['http', 'https'], 255) },
  {
    id: 'application.required-resource-access', on: [APP], rule: 'required_resource_access.resource_access: id IsUUID; type Role or Scope',
    check: all(uuid('required_resource_access.resource_access.id'), oneOf('required_resource_access.resource_access.type', ['Role', 'Scope'])),
  },
  { id: 'application.roles-and-scopes-unique', on: [APP], rule: 'CustomizeDiff: role and scope ids and values unique across both', check: rolesAndScopesUnique },
  { id: 'application.personal-accounts', on: [APP], rule: 'CustomizeDiff and Graph: the personal-account audience package (token v2, limits, no wildcard hosts, no query strings in redirect URIs)', check: personalAccounts },
  { id: 'application.duplicate-name-filter', on: [APP], rule: "prevent_duplicate_names with ' in display_name fails the plan-time lookup", check: duplicateNameFilter },

  // split application resources
  { id: 'identifier-uri.application-id', on: ['resource:azuread_application_identifier_uri'], rule: 'application_id: /applications/{uuid}', check: applicationId },
  { id: 'identifier-uri.uri', on: ['resource:azuread_application_identifier_uri'], rule: 'identifier_uri: StringIsNotEmpty', check: notEmpty('identifier_uri') },
  { id: 'pre-authorized.application-id', on: ['resource:azuread_application_pre_authorized'], rule: 'application_id: /applications/{uuid}', check: applicationId },
  { id: 'pre-authorized.ids', on: ['resource:azuread_application_pre_authorized'], rule: 'authorized_client_id and permission_ids: IsUUID', check: all(uuid('authorized_client_id'), uuid('permission_ids')) },
  { id: 'federated-credential.application-id', on: ['resource:azuread_application_federated_identity_credential'], rule: 'application_id: /applications/{uuid}', check: applicationId },
  { id: 'federated-credential.display-name', on: ['resource:azuread_application_federated_identity_credential'], rule: 'display_name: StringLenBetween(1,120)', check: maxBytes('display_name', 120, 1) },
  {
    id: 'federated-credential.audiences', on: ['resource:azuread_application_federated_identity_credential'], rule: 'audiences: MaxItems 1, each StringIsNotEmpty',
    check: all(maxItems('audiences', 1, 'audiences'), notEmpty('audiences')),
  },
  { id: 'certificate.application-id', on: ['resource:azuread_application_certificate'], rule: 'application_id: /applications/{uuid}', check: applicationId },
  {
    id: 'certificate.values', on: ['resource:azuread_application_certificate'],
    rule: 'encoding pem/base64/hex; type AsymmetricX509Cert/Symmetric (Graph needs one: the provider sends it as given); key_id IsUUID; start_date, end_date RFC 3339; end_date ConflictsWith end_date_relative; value decodes in its encoding (at apply)',
    check: all(oneOf('encoding', ['pem', 'base64', 'hex']), oneOf('type', ['AsymmetricX509Cert', 'Symmetric']), uuid('key_id'),
      matches('start_date', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'an RFC 3339 time'),
      matches('end_date', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'an RFC 3339 time'), conflicts('end_date', 'end_date_relative'),
      (body, report) => {
        if (body.type === undefined) report('type', 'is not set; the provider sends an empty key type, which Graph refuses');
        const v = body.value;
        if (typeof v !== 'string' || !isLiteral(v)) return;
        const enc = body.encoding ?? 'pem';
        if (enc === 'hex' && !/^([0-9A-Fa-f]{2})+$/.test(v.trim())) report('value', 'is not hex, which encoding "hex" needs');
        if (enc === 'base64' && !/^[A-Za-z0-9+/]+={0,2}$/.test(v.trim().replace(/[\r\n]/g, ''))) report('value', 'is not base64, which encoding "base64" needs');
      }),
  },
  { id: 'password.application-id', on: ['resource:azuread_application_password'], rule: 'application_id: /applications/{uuid}', check: applicationId },
  {
    id: 'password.dates', on: ['resource:azuread_application_password'], rule: 'start_date, end_date: RFC 3339; end_date ConflictsWith end_date_relative',
    check: all(matches('start_date', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'an RFC 3339 time'),
      matches('end_date', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'an RFC 3339 time'), conflicts('end_date', 'end_date_relative')),
  },

  // azuread_service_principal, assignments and grants
  { id: 'service-principal.client-id', on: ['resource:azuread_service_principal'], rule: 'client_id: IsUUID', check: uuid('client_id') },
  { id: 'service-principal.owners', on: ['resource:azuread_service_principal'], rule: 'owners: each IsUUID', check: uuid('owners') },
  { id: 'service-principal.texts', on: ['resource:azuread_service_principal'], rule: 'notes, description: StringLenBetween(0,1024)', check: all(maxBytes('notes', 1024), maxBytes('description', 1024)) },
  { id: 'service-principal.login-url', on: ['resource:azuread_service_principal'], rule: 'login_url: IsHttpOrHttpsUrl', check: uri('login_url', ['http', 'https']) },
  {
    id: 'service-principal.names-and-emails', on: ['resource:azuread_service_principal'], rule: 'alternative_names, notification_email_addresses: each StringIsNotEmpty',
    check: all(notEmpty('alternative_names'), notEmpty('notification_email_addresses')),
  },
  {
    id: 'service-principal.single-sign-on', on: ['resource:azuread_service_principal'], rule: 'preferred_single_sign_on_mode: "", notSupported, oidc, password or saml; saml_single_sign_on: MaxItems 1, relay_state StringIsNotEmpty',
    check: all(oneOf('preferred_single_sign_on_mode', ['', 'notSupported', 'oidc', 'password', 'saml']), notEmpty('saml_single_sign_on.relay_state'),
      (body, report) => { if (blocks(body, 'saml_single_sign_on').length > 1) report('saml_single_sign_on', 'has more than one block; at most 1'); }),
  },
  {
    id: 'service-principal.feature-tags', on: ['resource:azuread_service_principal'], rule: 'feature_tags, features and tags conflict',
    check: all(conflicts('feature_tags', 'features'), conflicts('feature_tags', 'tags'), conflicts('features', 'tags')),
  },
  {
    id: 'app-role-assignment.ids', on: ['resource:azuread_app_role_assignment'], rule: 'app_role_id, principal_object_id, resource_object_id: IsUUID',
    check: all(uuid('app_role_id'), uuid('principal_object_id'), uuid('resource_object_id')),
  },
  {
    id: 'app-role-assignment.timeouts', on: ['resource:azuread_app_role_assignment'], rule: 'timeouts: create, read and delete only',
    check: (body, report) => { for (const k of Object.keys(body.timeouts ?? {})) if (!['create', 'read', 'delete'].includes(k)) report(`timeouts.${k}`, 'is not a timeout of this resource (create, read, delete)'); },
  },
  {
    id: 'delegated-grant.values', on: ['resource:azuread_service_principal_delegated_permission_grant'], rule: 'claim_values: MinItems 1, each StringIsNotEmpty; the object ids IsUUID',
    check: all(notEmpty('claim_values'), uuid('resource_service_principal_object_id'), uuid('service_principal_object_id'), uuid('user_object_id'),
      (body, report) => { if (Array.isArray(body.claim_values) && body.claim_values.length === 0) report('claim_values', 'is empty; at least one scope value is required'); }),
  },

  // azuread data sources
  {
    id: 'data.group', on: ['data:azuread_group'], rule: 'ExactlyOneOf display_name/object_id/mail_nickname; display_name not empty and without \' (the filter is not escaped); object_id IsUUID',
    check: all(exactlyOneOf(['display_name', 'object_id', 'mail_nickname']), notEmpty('display_name'), uuid('object_id'),
      (body, report) => { if (typeof body.display_name === 'string' && isLiteral(body.display_name) && body.display_name.includes("'")) report('display_name', `${show(body.display_name)} contains ', which breaks the provider's unescaped OData filter`); }),
  },
  {
    id: 'data.user', on: ['data:azuread_user'], rule: 'ExactlyOneOf employee_id/mail/mail_nickname/object_id/user_principal_name; object_id IsUUID; others not empty',
    check: all(exactlyOneOf(['employee_id', 'mail', 'mail_nickname', 'object_id', 'user_principal_name']), uuid('object_id'),
      ...['employee_id', 'mail', 'mail_nickname', 'user_principal_name'].map((k) => notEmpty(k))),
  },
  {
    id: 'data.service-principal', on: ['data:azuread_service_principal'], rule: 'ExactlyOneOf client_id/display_name/object_id; ids IsUUID',
    check: all(exactlyOneOf(['client_id', 'display_name', 'object_id']), uuid('client_id'), uuid('object_id'), notEmpty('display_name')),
  },
  {
    id: 'data.application', on: ['data:azuread_application'], rule: 'ExactlyOneOf client_id/display_name/object_id/identifier_uri; object_id IsUUID',
    check: all(exactlyOneOf(['client_id', 'display_name', 'object_id', 'identifier_uri']), uuid('object_id')),
  },

  // hashicorp/time 0.13.1 (its schema's descriptions: durations are Go time.ParseDuration strings)
  {
    id: 'time-sleep.durations', on: ['resource:time_sleep'], rule: 'create_duration, destroy_duration: a Go duration such as 60s or 5m (time.ParseDuration); triggers: a map of strings',
    check: all(matches('create_duration', GO_DURATION, 'a Go duration'), matches('destroy_duration', GO_DURATION, 'a Go duration'),
      (body, report) => {
        const t = body.triggers;
        if (t === undefined || (typeof t === 'string' && !isLiteral(t))) return;
        if (typeof t !== 'object' || t === null || Array.isArray(t)) { report('triggers', `${show(t)} is not a map`); return; }
        for (const [k, v] of Object.entries(t)) if (typeof v !== 'string') report(`triggers.${k}`, `${show(v)} is not a string`);
      }),
  },

  // azurerm (PROVIDER-RULES "azurerm_*")
  {
    id: 'user-assigned-identity', on: ['resource:azurerm_user_assigned_identity'], rule: 'location not empty; resource_group_name 1-90 of [-\\w._()], not ending with .',
    check: all(notEmpty('location'), resourceGroupName('resource_group_name')),
  },
  { id: 'resource-group.name', on: ['resource:azurerm_resource_group'], rule: 'name: resourcegroups.ValidateName; location not empty', check: all(resourceGroupName('name'), notEmpty('location')) },
  {
    id: 'role-assignment', on: ['resource:azurerm_role_assignment'], rule: 'name IsUUID; scope contains /; ExactlyOneOf role_definition_id/name; principal_type User/Group/ServicePrincipal; description, condition not empty; condition_version 1.0/2.0 with condition',
    check: all(uuid('name'), exactlyOneOf(['role_definition_id', 'role_definition_name']), notEmpty('role_definition_name'),
      oneOf('principal_type', ['User', 'Group', 'ServicePrincipal']), notEmpty('description'), notEmpty('condition'), oneOf('condition_version', ['1.0', '2.0']),
      (body, report) => {
        if (typeof body.scope === 'string' && isLiteral(body.scope) && !body.scope.includes('/')) report('scope', `${show(body.scope)} is not a scope (a resource id such as /subscriptions/...)`);
        if (body.condition_version !== undefined && body.condition === undefined) report('condition_version', 'is set without condition, which fails at apply');
      }),
  },
  {
    id: 'key-vault-access-policy', on: ['resource:azurerm_key_vault_access_policy'], rule: 'tenant_id, object_id, application_id IsUUID; secret_permissions from a fixed, case-sensitive list',
    check: all(uuid('tenant_id'), uuid('object_id'), uuid('application_id'), oneOf('secret_permissions', ['Get', 'List', 'Set', 'Delete', 'Recover', 'Backup', 'Restore', 'Purge'])),
  },
  {
    id: 'key-vault', on: ['resource:azurerm_key_vault'], rule: 'name ^[a-zA-Z0-9-]{3,24}$; sku_name standard/premium; tenant_id IsUUID; soft_delete_retention_days 7-90',
    check: all(matches('name', /^[a-zA-Z0-9-]{3,24}$/, 'a Key Vault name'), oneOf('sku_name', ['standard', 'premium']), uuid('tenant_id'), resourceGroupName('resource_group_name'),
      (body, report) => { const d = body.soft_delete_retention_days; if (typeof d === 'number' && (d < 7 || d > 90)) report('soft_delete_retention_days', `${d} is not between 7 and 90`); }),
  },
  {
    id: 'key-vault-secret', on: ['resource:azurerm_key_vault_secret'], rule: 'name ^[0-9a-zA-Z-]+$; ExactlyOneOf value/value_wo',
    check: all(matches('name', /^[0-9a-zA-Z-]+$/, 'a Key Vault secret name'), exactlyOneOf(['value', 'value_wo'])),
  },
  {
    id: 'service-plan', on: ['resource:azurerm_service_plan'], rule: 'name ^[0-9a-zA-Z-_]{1,60}$; os_type Linux/Windows/WindowsContainer; sku_name from a fixed list',
    check: all(matches('name', /^[0-9a-zA-Z\-_]{1,60}$/, 'a service plan name'), oneOf('os_type', ['Linux', 'Windows', 'WindowsContainer']),
      // The list, as a pattern: B1-3, S1-3, Y1, EP1-3, FC1, F1, D1, SHARED, WS1-3, I*, P*v2/v3/v4/mv3/mv4.
      matches('sku_name', /^(B[1-3]|S[1-3]|Y1|EP[1-3]|FC1|F1|D1|SHARED|WS[1-3]|I[1-6](m?v2)?|P[0-5]m?v[234])$/, 'an App Service plan SKU'), resourceGroupName('resource_group_name')),
  },
  {
    id: 'storage-account', on: ['resource:azurerm_storage_account'], rule: 'name ^[a-z0-9]{3,24}$; account_tier Standard/Premium; replication LRS/ZRS/GRS/RAGRS/GZRS/RAGZRS; min_tls_version TLS1_2',
    check: all(matches('name', /^[a-z0-9]{3,24}$/, 'a storage account name'), oneOf('account_tier', ['Standard', 'Premium']),
      oneOf('account_replication_type', ['LRS', 'ZRS', 'GRS', 'RAGRS', 'GZRS', 'RAGZRS']), oneOf('min_tls_version', ['TLS1_2']), resourceGroupName('resource_group_name')),
  },
  {
    id: 'app.name', on: APPS, rule: 'name ^[0-9a-zA-Z-]{1,60}$; resource_group_name',
    check: all(matches('name', /^[0-9a-zA-Z-]{1,60}$/, 'an app name'), resourceGroupName('resource_group_name')),
  },
  {
    id: 'app.identity', on: APPS, rule: 'identity.type one of three values; identity_ids user-assigned identity ids, none with SystemAssigned; key_vault_reference_identity_id a user-assigned identity id',
    check: all(oneOf('identity.type', ['SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned']),
      matches('identity.identity_ids', UAI_ID, 'a user-assigned identity id'), matches('key_vault_reference_identity_id', UAI_ID, 'a user-assigned identity id'),
      (body, report) => {
        for (const [i, b] of blocks(body, 'identity').entries()) {
          if (b.type === 'SystemAssigned' && Array.isArray(b.identity_ids) && b.identity_ids.length > 0) report(`identity[${i}].identity_ids`, 'is set with type SystemAssigned, which fails at apply');
        }
      }),
  },
  {
    id: 'app.site-config', on: APPS, rule: 'site_config.minimum_tls_version 1.0-1.3; application_stack.dotnet_version from a fixed list',
    check: all(oneOf('site_config.minimum_tls_version', ['1.0', '1.1', '1.2', '1.3']), oneOf('site_config.application_stack.dotnet_version', ['3.1', '6.0', '7.0', '8.0', '9.0', '10.0', 'v3.0', 'v4.0', 'v6.0', 'v7.0', 'v8.0', 'v9.0', 'v10.0'])),
  },
  {
    id: 'function-app.storage', on: FUNCTION_APPS, rule: 'storage_account_name ^[a-z0-9]{3,24}$, ExactlyOneOf with storage_key_vault_secret_id',
    check: all(matches('storage_account_name', /^[a-z0-9]{3,24}$/, 'a storage account name'), exactlyOneOf(['storage_account_name', 'storage_key_vault_secret_id'])),
  },
  {
    id: 'web-app.app-settings', on: APPS.slice(2), rule: 'app_settings: validate.AppSettings rejects reserved keys, case-insensitively',
    check: (body, report) => {
      for (const key of Object.keys(typeof body.app_settings === 'object' && body.app_settings ? body.app_settings : {})) {
        if (WEB_APP_RESERVED.includes(key.toUpperCase())) report(`app_settings.${key}`, 'is a setting the provider reserves for itself; use the matching argument instead');
      }
    },
  },
  {
    id: 'container-app.secrets', on: ['resource:azurerm_container_app'], rule: 'secret.name ^[a-z0-9][a-z0-9-]{0,251}[a-z0-9]?$ not ending with -; secret.identity a UAI id or System; identity and key_vault_secret_id together; env name not empty',
    check: (body, report) => {
      for (const { where, value } of at(body, 'secret', false)) {
        (Array.isArray(value) ? value : [value]).forEach((s: Body, i: number) => {
          const w = Array.isArray(value) ? `${where}[${i}]` : where;
          if (isLiteral(s.name) && !(typeof s.name === 'string' && /^[a-z0-9][a-z0-9-]{0,251}[a-z0-9]?$/.test(s.name) && !s.name.endsWith('-'))) report(`${w}.name`, `${show(s.name)} is not a container app secret name (lower-case letters, digits and -)`);
          if (s.identity !== undefined && isLiteral(s.identity) && s.identity !== 'System' && !UAI_ID.test(s.identity)) report(`${w}.identity`, `${show(s.identity)} is neither System nor a user-assigned identity id`);
          if ((s.identity === undefined) !== (s.key_vault_secret_id === undefined)) report(w, 'sets only one of identity and key_vault_secret_id; the plan fails unless both or neither are set');
        });
      }
      notEmpty('template.container.env.name')(body, report);
    },
  },
];

/** Problems of an element that several resources share: the first instance wins, each repeat is reported. */
function unique(keyOf: (b: Body) => string | undefined, what: string) {
  return (instances: Instance[], report: (address: string, where: string, message: string) => void) => {
    const seen = new Map<string, string>();
    for (const { address, body } of instances) {
      const key = keyOf(body);
      if (key === undefined) continue;
      const first = seen.get(key);
      if (first) report(address, '', `${what} as ${first}; the second create fails`);
      else seen.set(key, address);
    }
  };
}

/** Rules across resources: what the provider refuses to create twice, and Graph's uniqueness rules. */
export const STACK_RULES: readonly StackRule[] = [
  {
    id: 'identifier-uri.unique', on: ['resource:azuread_application_identifier_uri'], rule: 'an identifier URI already on the app fails create with "requires import"',
    check: unique((b) => `${b.application_id} ${b.identifier_uri}`, 'adds the same identifier URI to the same application'),
  },
  {
    id: 'pre-authorized.unique', on: ['resource:azuread_application_pre_authorized'], rule: 'a second pre-authorization of one client on one app fails create with "already exists"',
    check: unique((b) => (isLiteral(b.authorized_client_id) ? `${b.application_id} ${String(b.authorized_client_id).toLowerCase()}` : `${b.application_id} ${b.authorized_client_id}`), 'pre-authorizes the same client on the same application'),
  },
  {
    id: 'federated-credential.unique', on: ['resource:azuread_application_federated_identity_credential'], rule: 'Graph: issuer+subject unique per application',
    check: unique((b) => `${b.application_id} ${b.issuer} ${b.subject}`, 'has the same issuer and subject on the same application'),
  },
  {
    id: 'role-assignment.unique', on: ['resource:azurerm_role_assignment'], rule: 'an explicit assignment name already in use fails create with "import it"',
    check: unique((b) => (b.name !== undefined ? `${b.scope} ${b.name}` : undefined), 'uses the same assignment name at the same scope'),
  },
  {
    id: 'key-vault-access-policy.unique', on: ['resource:azurerm_key_vault_access_policy'], rule: 'a policy for the same tenant, object and application on one vault fails create with "import it"',
    check: unique((b) => `${b.key_vault_id} ${b.tenant_id} ${b.object_id} ${b.application_id ?? ''}`, 'is a second policy for the same principal on the same vault'),
  },
];

/** The instances of a resource: one, or one per row of a literal `for_each` map with the row filled in. */
function instancesOf(address: string, body: Body): Instance[] {
  const rows = body.for_each;
  if (rows === undefined || typeof rows !== 'object' || rows === null) return [{ address, body }];
  const entries: [string, unknown][] = Array.isArray(rows) ? rows.map((r) => [String(r), r]) : Object.entries(rows);
  return entries.map(([key, row]) => {
    const fill = (v: unknown): unknown => {
      if (typeof v === 'string') {
        const whole = /^\$\{each\.(key|value)(?:\.([A-Za-z0-9_]+))?\}$/.exec(v);
        if (whole) return whole[1] === 'key' ? key : whole[2] ? (row as Body)?.[whole[2]] : row;
        return v;
      }
      if (Array.isArray(v)) return v.map(fill);
      if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, fill(e)]));
      return v;
    };
    const { for_each: _, ...rest } = body;
    return { address: `${address}[${show(key)}]`, body: fill(rest) as Body };
  });
}

/** Every instance of every resource and data source in a stack, by `resource:TYPE` / `data:TYPE`. */
function instancesIn(stackJson: any): Map<string, Instance[]> {
  const out = new Map<string, Instance[]>();
  for (const [kind, prefix] of [['resource', ''], ['data', 'data.']] as const) {
    for (const [type, byName] of Object.entries<any>(stackJson[kind] ?? {})) {
      const list = Object.entries<any>(byName).flatMap(([name, body]) => instancesOf(`${prefix}${type}.${name}`, body));
      out.set(`${kind}:${type}`, list);
    }
  }
  return out;
}

/** The provider-rule problems of a synthesized stack, as `address.path: [rule] message`; empty when it passes. */
export function providerRuleErrors(stackJson: any): string[] {
  const errors: string[] = [];
  const instances = instancesIn(stackJson);
  for (const rule of PROVIDER_RULES) {
    for (const type of rule.on) {
      for (const { address, body } of instances.get(type) ?? []) {
        rule.check(body, (where, message) => errors.push(`${address}${where ? `.${where}` : ''}: [${rule.id}] ${message}`));
      }
    }
  }
  for (const rule of STACK_RULES) {
    const list = rule.on.flatMap((t) => instances.get(t) ?? []);
    rule.check(list, (address, where, message) => errors.push(`${address}${where ? `.${where}` : ''}: [${rule.id}] ${message}`));
  }
  return errors;
}
