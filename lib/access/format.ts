// The access-map file format: its schema version and the one parser of `access-map.json`.
// A leaf (it imports only types): the access map writes this format on synth, and the
// command-line tools (lib/cli/: access-diff, audit, review) read it through parseAccessMap,
// so the version and the checks exist once.
import type { AccessMapModel } from './model';
import { PLATFORM } from '../platform';

/** The version of the access-map JSON layout. Bump it when a field changes meaning or is removed. */
export const ACCESS_MAP_SCHEMA_VERSION = 1;

/** The file the access map writes next to `cdk.tf.json` (with the default base name). */
export const ACCESS_MAP_FILE = 'access-map.json';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function objects(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

const ENTRY_FIELDS = ['principal', 'principalName', 'principalKind', 'accessType', 'value', 'grantedVia'] as const;

/**
 * Parses and checks `access-map.json` text. Throws an error whose message starts with `what` (e.g.
 * the file name) and says what is wrong: not JSON, not an access map, a schema version newer than
 * this library reads, or an API or access entry without the fields every reader relies on. Lists
 * an older writer left out are read as empty.
 */
export function parseAccessMap(json: string, what: string): AccessMapModel {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(data)) {
    throw new Error(`${what} is not an access map (expected a JSON object); give the access-map.json that AccessMap.enable(stack) writes.`);
  }
  const version = data.version;
  if (typeof version !== 'number') throw new Error(`${what} has no numeric 'version'; is it an access-map.json?`);
  if (version > ACCESS_MAP_SCHEMA_VERSION || version < 1) {
    throw new Error(`${what} has schema version ${version}; this version of ${PLATFORM.library.npm} reads version ${ACCESS_MAP_SCHEMA_VERSION}. Upgrade the package.`);
  }
  if (!Array.isArray(data.apis)) throw new Error(`${what} has no 'apis' list; is it an access-map.json?`);
  for (const [i, api] of data.apis.entries()) {
    if (!isObject(api) || typeof api.path !== 'string' || typeof api.name !== 'string' || !Array.isArray(api.access)) {
      throw new Error(`${what}: apis[${i}] needs 'path', 'name' and 'access'`);
    }
    for (const [j, e] of api.access.entries()) {
      for (const field of ENTRY_FIELDS) {
        if (!isObject(e) || typeof e[field] !== 'string') throw new Error(`${what}: apis[${i}].access[${j}] needs a string '${field}'`);
      }
    }
  }
  for (const [i, p] of objects(data.principals).entries()) {
    if (typeof p.path !== 'string' || typeof p.kind !== 'string') throw new Error(`${what}: principals[${i}] needs a string 'path' and 'kind'`);
  }
  // Checked above: every API and entry has the fields the readers use; the rest is as written.
  const apis = (data.apis as Record<string, unknown>[]).map((a) => ({ ...a, appRoles: objects(a.appRoles), scopes: objects(a.scopes) }));
  return {
    version,
    stack: typeof data.stack === 'string' ? data.stack : '(unknown)',
    apis,
    principals: objects(data.principals),
    clients: objects(data.clients),
    workloadIdentities: objects(data.workloadIdentities),
    findings: objects(data.findings),
  } as unknown as AccessMapModel;
}
