// `cdktf-entra-identity replacement-guard`: which identity resources a change destroys or replaces.
// Loads no cdktf or provider module, like the access diff.
import * as fs from 'fs';
import * as path from 'path';
import { ReplacementGuard } from './replacement-guard';

/** Exit code: no identity resource is destroyed or replaced. */
export const GUARD_EXIT_OK = 0;
/** Exit code: an unexpected failure. */
export const GUARD_EXIT_ERROR = 1;
/** Exit code: wrong arguments, or a file that cannot be read or is not a synthesized stack. */
export const GUARD_EXIT_USAGE = 2;
/** Exit code: an identity resource is destroyed or replaced, or a moved block is broken. */
export const GUARD_EXIT_DESTROYS = 3;

/** Where the guard writes and reads; tests pass their own. */
export interface GuardIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(file: string): string;
}

const PROCESS_IO: GuardIo = {
  stdout: (t) => { process.stdout.write(t); },
  stderr: (t) => { process.stderr.write(t); },
  readFile: (f) => fs.readFileSync(f, 'utf8'),
};

export const GUARD_USAGE = `Usage: cdktf-entra-identity replacement-guard <base> <change> [--format text|markdown|json]

Compares two synthesized stacks (the base branch's and the change's) and lists every identity
resource the change would destroy or replace: an address that is gone with no moved block, an
attribute the provider cannot update in place (an assignment's role, principal or resource, a
service principal's client id, ...), an app role or scope that gets a new id or is removed, and
moved blocks Terraform would reject. Needs no Terraform, state or credentials.

<base> and <change> are each a cdk.tf.json, or a cdktf.out directory (every stack in its
manifest.json is compared with the stack of the same name).

Exit codes:
  0  no identity resource is destroyed or replaced
  3  an identity resource is destroyed or replaced, or a moved block is broken
  2  usage error, or a file that cannot be read or is not a synthesized stack
`;

/**
 * Runs the guard with `argv` (the arguments after the program name, starting with
 * `replacement-guard`) and returns the exit code.
 */
export function replacementGuardMain(argv: string[], io: GuardIo = PROCESS_IO): number {
  try {
    return run(argv, io);
  } catch (e) {
    io.stderr(`cdktf-entra-identity: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return GUARD_EXIT_ERROR;
  }
}

class UsageError extends Error {}

/** The stacks of a `cdk.tf.json` file or a `cdktf.out` directory, by name. */
function stacksOf(arg: string, io: GuardIo): Map<string, string> {
  const read = (f: string) => {
    try {
      return io.readFile(f);
    } catch (e) {
      throw new UsageError(`cannot read '${f}': ${(e as Error).message}`);
    }
  };
  if (arg.endsWith('.json')) return new Map([['', read(arg)]]);
  const manifestFile = path.join(arg, 'manifest.json');
  let manifest: any;
  try {
    manifest = JSON.parse(read(manifestFile));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`'${manifestFile}' is not valid JSON: ${(e as Error).message}`);
  }
  const stacks = manifest?.stacks;
  if (stacks === null || typeof stacks !== 'object') throw new UsageError(`'${manifestFile}' has no 'stacks'; is '${arg}' a cdktf.out directory?`);
  const out = new Map<string, string>();
  for (const [name, s] of Object.entries<any>(stacks)) {
    if (typeof s?.synthesizedStackPath !== 'string') throw new UsageError(`'${manifestFile}': stack '${name}' has no synthesizedStackPath`);
    out.set(name, read(path.join(arg, s.synthesizedStackPath)));
  }
  return out;
}

function run(argv: string[], io: GuardIo): number {
  const args = [...argv];
  if (args[0] === 'replacement-guard') args.shift();
  let format = 'text';
  const inputs: string[] = [];
  while (args.length > 0) {
    const a = args.shift()!;
    if (a === '--help' || a === '-h') {
      io.stdout(GUARD_USAGE);
      return GUARD_EXIT_OK;
    } else if (a === '--format' || a.startsWith('--format=')) {
      const v = a === '--format' ? args.shift() : a.slice('--format='.length);
      if (v !== 'text' && v !== 'markdown' && v !== 'json') {
        io.stderr(`cdktf-entra-identity: --format must be text, markdown or json (got '${v ?? ''}').\n\n${GUARD_USAGE}`);
        return GUARD_EXIT_USAGE;
      }
      format = v;
    } else if (a.startsWith('-')) {
      io.stderr(`cdktf-entra-identity: unknown option '${a}'.\n\n${GUARD_USAGE}`);
      return GUARD_EXIT_USAGE;
    } else {
      inputs.push(a);
    }
  }
  if (inputs.length !== 2) {
    io.stderr(`cdktf-entra-identity: replacement-guard needs two inputs (base and change: cdk.tf.json files or cdktf.out directories), got ${inputs.length}.\n\n${GUARD_USAGE}`);
    return GUARD_EXIT_USAGE;
  }
  const results: ReplacementGuard[] = [];
  try {
    const base = stacksOf(inputs[0], io);
    const change = stacksOf(inputs[1], io);
    const single = base.size === 1 && change.size === 1 && (base.has('') || change.has(''));
    if (single) {
      results.push(compareOne(inputs, [...base.values()][0], [...change.values()][0], undefined));
    } else {
      for (const [name, json] of [...base].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
        const other = change.get(name);
        if (other === undefined) {
          results.push(ReplacementGuard.stackRemoved(name, json));
        } else {
          results.push(compareOne(inputs, json, other, name));
        }
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`cdktf-entra-identity: ${e.message}\n`);
      return GUARD_EXIT_USAGE;
    }
    throw e;
  }
  if (format === 'json') {
    io.stdout(results.length === 1 ? results[0].toJson() : `[\n${results.map((r) => r.toJson().trimEnd()).join(',\n')}\n]\n`);
  } else {
    io.stdout(results.map((r) => (format === 'markdown' ? r.toMarkdown() : r.toText())).join(format === 'markdown' ? '\n' : ''));
  }
  return results.some((r) => r.destroysOrReplaces) ? GUARD_EXIT_DESTROYS : GUARD_EXIT_OK;
}

function compareOne(inputs: string[], baseJson: string, changeJson: string, stackName: string | undefined): ReplacementGuard {
  try {
    return ReplacementGuard.compareDocuments({ baseJson, changeJson, stackName });
  } catch (e) {
    const where = stackName === undefined ? '' : ` (stack ${stackName})`;
    throw new UsageError(`${(e as Error).message.replace(/^base/, `'${inputs[0]}'${where}`).replace(/^change/, `'${inputs[1]}'${where}`)}`);
  }
}
