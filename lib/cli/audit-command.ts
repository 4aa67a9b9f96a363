// `cdktf-entra-identity audit <export-dir> <access-map.json>... [--format text|markdown|json]`.
// Loads no cdktf or provider module.
import { parseAccessMap } from '../access/format';
import type { AccessMapModel } from '../access/model';
import { AuditResult, auditTenant, renderAuditJson, renderAuditMarkdown, renderAuditText } from '../tenant/audit';
import { TenantExport, TenantExportError, readTenantExport } from '../tenant/tenant-export';
import { CLI, CliIo, EXIT_FINDINGS, EXIT_OK, OutputFormat, parseArgs, readInput, runCommand, UsageError } from './io';

export const AUDIT_USAGE_TEXT = `Usage: ${CLI} audit <export-dir> <access-map.json>... [--format text|markdown|json]

Compares the app-role assignments of a tenant export (the folder the az commands in README
"Adopting an existing tenant" write) with the access maps of the code (access-map.json,
written by AccessMap.enable(stack)), and prints per API: assignments no code declares,
grants in code not in the tenant yet, and grants of disabled roles. For each app whose own
assignments were exported (apps/<appId>/app-role-assignments.json), the Microsoft Graph
application permissions it holds against the ones its code requests (high-privilege ones marked).

Exit codes:
  0  no access outside code (grants not applied yet may be listed)
  3  the tenant has access that no code declares (including a Graph permission)
  2  usage error, or an export or access map that cannot be read
`;

/** Runs `audit` with the arguments after the command name and returns the exit code. */
export function auditMain(argv: string[], io: CliIo): number {
  return runCommand(io, `${CLI} audit`, AUDIT_USAGE_TEXT, () => {
    const args = parseArgs(argv, { values: ['format'] });
    if (args.help) {
      io.stdout(AUDIT_USAGE_TEXT);
      return EXIT_OK;
    }
    if (args.positional.length < 2) {
      throw new UsageError(`needs an export folder and at least one access-map.json, got ${args.positional.length} argument(s).`, true);
    }
    const [dir, ...mapFiles] = args.positional;
    const exp = readExport(dir, io);
    const maps = mapFiles.map((f) => readAccessMap(io, f));
    const result = auditTenant(maps, exp);
    io.stdout(renderAudit(result, args.format));
    return result.accessOutsideCode ? EXIT_FINDINGS : EXIT_OK;
  });
}

/** Reads the tenant export in `dir` through `io.fs`; an export that is not as the az CLI writes it is a usage error. */
export function readExport(dir: string, io: CliIo): TenantExport {
  try {
    return readTenantExport(dir, io.fs);
  } catch (e) {
    if (e instanceof TenantExportError) throw new UsageError(e.message);
    throw e;
  }
}

/** Reads and parses one access-map.json; a file that cannot be read or is not an access map is a usage error naming it. */
export function readAccessMap(io: CliIo, file: string): AccessMapModel {
  const text = readInput(io, file);
  try {
    return parseAccessMap(text, `'${file}'`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The audit in one of the output formats. */
export function renderAudit(result: AuditResult, format: OutputFormat): string {
  return format === 'json' ? renderAuditJson(result) : format === 'markdown' ? renderAuditMarkdown(result) : renderAuditText(result);
}
