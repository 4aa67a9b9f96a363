// `cdktf-entra-identity audit <export-dir> <access-map.json>... [--format text|markdown|json]`.
// Loads no cdktf or provider module.
import { AuditResult, auditTenant, parseMapForAudit, renderAuditJson, renderAuditMarkdown, renderAuditText } from '../tenant/audit';
import { ExportFs, TenantExport, TenantExportError, readTenantExport } from '../tenant/tenant-export';

/** Exit code: no access outside code. */
export const AUDIT_IN_SYNC = 0;
/** Exit code: an unexpected failure. */
export const AUDIT_ERROR = 1;
/** Exit code: wrong arguments, or an export or map that cannot be read. */
export const AUDIT_USAGE = 2;
/** Exit code: the tenant has access that no code declares. */
export const AUDIT_OUTSIDE_CODE = 3;

/** Where the command writes and reads; tests pass their own. */
export interface AuditIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(file: string): string;
  /** The file system the export is read through. */
  readonly fs?: ExportFs;
}

export const AUDIT_USAGE_TEXT = `Usage: cdktf-entra-identity audit <export-dir> <access-map.json>... [--format text|markdown|json]

Compares the app-role assignments of a tenant export (the folder the az commands in README
"Adopting an existing tenant" write) with the access maps of the code (access-map.json,
written by AccessMap.enable(stack)), and prints per API: assignments no code declares,
grants in code not in the tenant yet, and grants of disabled roles.

Exit codes:
  0  no access outside code (grants not applied yet may be listed)
  3  the tenant has access that no code declares
  2  usage error, or an export or access map that cannot be read
`;

/** Runs `audit` with the arguments after the command name and returns the exit code. */
export function auditMain(argv: string[], io: AuditIo): number {
  try {
    return run(argv, io);
  } catch (e) {
    io.stderr(`cdktf-entra-identity audit: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return AUDIT_ERROR;
  }
}

function run(argv: string[], io: AuditIo): number {
  const args = [...argv];
  let format = 'text';
  const positional: string[] = [];
  while (args.length > 0) {
    const a = args.shift()!;
    if (a === '--help' || a === '-h') {
      io.stdout(AUDIT_USAGE_TEXT);
      return AUDIT_IN_SYNC;
    } else if (a === '--format' || a.startsWith('--format=')) {
      const v = a === '--format' ? args.shift() : a.slice('--format='.length);
      if (v !== 'text' && v !== 'markdown' && v !== 'json') {
        io.stderr(`cdktf-entra-identity audit: --format must be text, markdown or json (got '${v ?? ''}').\n\n${AUDIT_USAGE_TEXT}`);
        return AUDIT_USAGE;
      }
      format = v;
    } else if (a.startsWith('-')) {
      io.stderr(`cdktf-entra-identity audit: unknown option '${a}'.\n\n${AUDIT_USAGE_TEXT}`);
      return AUDIT_USAGE;
    } else {
      positional.push(a);
    }
  }
  if (positional.length < 2) {
    io.stderr(`cdktf-entra-identity audit: needs an export folder and at least one access-map.json, got ${positional.length} argument(s).\n\n${AUDIT_USAGE_TEXT}`);
    return AUDIT_USAGE;
  }
  const [dir, ...mapFiles] = positional;
  let exp: TenantExport;
  try {
    exp = readTenantExport(dir, io.fs);
  } catch (e) {
    if (!(e instanceof TenantExportError)) throw e;
    io.stderr(`cdktf-entra-identity audit: ${e.message}\n`);
    return AUDIT_USAGE;
  }
  const maps: unknown[] = [];
  for (const f of mapFiles) {
    let text: string;
    try {
      text = io.readFile(f);
    } catch (e) {
      io.stderr(`cdktf-entra-identity audit: cannot read '${f}': ${(e as Error).message}\n`);
      return AUDIT_USAGE;
    }
    try {
      maps.push(parseMapForAudit(text, `'${f}'`));
    } catch (e) {
      io.stderr(`cdktf-entra-identity audit: ${(e as Error).message}\n`);
      return AUDIT_USAGE;
    }
  }
  const result: AuditResult = auditTenant(maps, exp);
  io.stdout(format === 'json' ? renderAuditJson(result) : format === 'markdown' ? renderAuditMarkdown(result) : renderAuditText(result));
  return result.accessOutsideCode ? AUDIT_OUTSIDE_CODE : AUDIT_IN_SYNC;
}
