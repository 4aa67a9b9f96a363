// `cdktf-entra-identity adopt <export-dir> [--out main.ts] [--stack adopted] [--library cdktf-entra-identity] [--platform cdktf|cdktn] [--table-from 50] [--force]`.
// Loads cdktf, the provider and the library only to build the program in memory (tenant/adopt-check.ts).
import * as path from 'path';
import { adoptProgram } from '../tenant/adopt';
import { TenantExport, TenantExportError, readTenantExport } from '../tenant/tenant-export';
import { CLI, CliIo, exists, EXIT_ERROR as ADOPT_ERROR, EXIT_OK as ADOPT_OK, EXIT_USAGE as ADOPT_USAGE, writeFile } from './io';

export const ADOPT_USAGE_TEXT = `Usage: ${CLI} adopt <export-dir> [--out main.ts] [--stack adopted] [--library ${CLI}]
                                 [--platform cdktf|cdktn] [--table-from 50] [--force]

Reads a tenant export (the folder the az commands in README "Adopting an existing tenant"
write) and writes a TypeScript program that declares its APIs, roles, scopes, clients and
grants with ${CLI}, each adopted with a Terraform import block. Without --out
the program goes to standard output. The program is also built in memory and compared,
attribute by attribute, with what the azuread provider holds in state after importing each
object: what the first plan changes or adds besides imports, and what the export holds that
the program leaves as it is, are listed in the program's header comment and on standard error. An API with at least --table-from
assignments gets them as one for_each table (AppRoleAssignmentTable) instead of one construct each.
--platform cdktn writes a program for CDK Terrain (imports from cdktn, @cdktn/provider-azuread and
cdktn-entra-identity); the default is the platform this package is built for.

Exit codes:
  0  the program was written (read what the first plan does besides imports)
  2  usage error, or an export that cannot be read
`;

/** Runs `adopt` with the arguments after the command name and returns the exit code. */
export function adoptMain(argv: string[], io: CliIo): number {
  try {
    return run(argv, io);
  } catch (e) {
    io.stderr(`${CLI} adopt: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return ADOPT_ERROR;
  }
}

function run(argv: string[], io: CliIo): number {
  const args = [...argv];
  const positional: string[] = [];
  const values: Record<string, string> = {};
  let force = false;
  while (args.length > 0) {
    const a = args.shift()!;
    const m = /^--(out|stack|library|platform|table-from)(?:=(.*))?$/.exec(a);
    if (a === '--help' || a === '-h') {
      io.stdout(ADOPT_USAGE_TEXT);
      return ADOPT_OK;
    } else if (a === '--force') {
      force = true;
    } else if (m) {
      const v = m[2] ?? args.shift();
      if (v === undefined || v === '' || v.startsWith('--')) {
        io.stderr(`${CLI} adopt: --${m[1]} needs a value.\n\n${ADOPT_USAGE_TEXT}`);
        return ADOPT_USAGE;
      }
      values[m[1]] = v;
    } else if (a.startsWith('-')) {
      io.stderr(`${CLI} adopt: unknown option '${a}'.\n\n${ADOPT_USAGE_TEXT}`);
      return ADOPT_USAGE;
    } else {
      positional.push(a);
    }
  }
  if (positional.length !== 1) {
    io.stderr(`${CLI} adopt: needs one export folder, got ${positional.length}.\n\n${ADOPT_USAGE_TEXT}`);
    return ADOPT_USAGE;
  }
  if (values.stack !== undefined && !/^[A-Za-z][A-Za-z0-9_-]*$/.test(values.stack)) {
    io.stderr(`${CLI} adopt: --stack '${values.stack}' is not a stack name; use letters, digits, '-' and '_', starting with a letter.\n`);
    return ADOPT_USAGE;
  }
  if (values.platform !== undefined && values.platform !== 'cdktf' && values.platform !== 'cdktn') {
    io.stderr(`${CLI} adopt: --platform must be cdktf (CDK for Terraform) or cdktn (CDK Terrain), got '${values.platform}'.\n`);
    return ADOPT_USAGE;
  }
  if (values['table-from'] !== undefined && !/^[1-9][0-9]*$/.test(values['table-from'])) {
    io.stderr(`${CLI} adopt: --table-from '${values['table-from']}' is not a whole number of at least 1.\n`);
    return ADOPT_USAGE;
  }
  if (values.out !== undefined && exists(io, values.out) && !force) {
    io.stderr(`${CLI} adopt: '${values.out}' exists; pass --force to overwrite it, or choose another --out.\n`);
    return ADOPT_USAGE;
  }
  let exp: TenantExport;
  try {
    exp = readTenantExport(positional[0], io.fs);
  } catch (e) {
    if (!(e instanceof TenantExportError)) throw e;
    io.stderr(`${CLI} adopt: ${e.message}\n`);
    return ADOPT_USAGE;
  }
  const result = adoptProgram(exp, {
    library: values.library,
    platform: values.platform as 'cdktf' | 'cdktn' | undefined,
    stackName: values.stack,
    source: path.basename(path.resolve(positional[0])),
    tableFrom: values['table-from'] !== undefined ? Number(values['table-from']) : undefined,
  });
  if (values.out !== undefined) writeFile(io, values.out, result.program); else io.stdout(result.program);
  const c = result.counts;
  const report = [
    `Adopted ${c.apis} API(s), ${c.clients} client(s), ${c.grants} app-role grant(s), ${c.preAuthorizations} pre-authorization(s), `
    + `${c.consents} admin consent(s) and ${c.federatedCredentials} federated credential(s): ${result.imports} import block(s)`
    + `${values.out !== undefined ? `, written to ${values.out}` : ''}.`,
  ];
  if (result.differences.length > 0) {
    report.push('', `First plan, besides imports (${result.differences.length}, computed; also listed at the top of the program):`,
      ...result.differences.map((u) => `  - ${u}`));
  } else {
    report.push('', 'First plan: imports and no changes (computed: the program built in memory against the provider\'s state after import).');
  }
  if (result.notes.length > 0) {
    report.push('', `Left as they are (${result.notes.length}; also listed at the top of the program):`, ...result.notes.map((u) => `  - ${u}`));
  }
  report.push('', 'Next: review the program, run `terraform plan`, then apply.');
  io.stderr(`${report.join('\n')}\n`);
  return ADOPT_OK;
}
