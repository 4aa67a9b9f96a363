// `cdktf-entra-identity replacement-guard`: which identity resources a change destroys or replaces.
// Loads no cdktf or provider module, like the access diff.
import * as path from 'path';
import { CLI, CliIo, EXIT_FINDINGS, EXIT_OK, parseArgs, readInput, runCommand, UsageError } from './io';
import { ReplacementGuard } from './replacement-guard';

export const GUARD_USAGE = `Usage: ${CLI} replacement-guard <base> <change> [--format text|markdown|json]

Compares two synthesized stacks (the base branch's and the change's) and lists every identity
resource the change would destroy or replace: an address that is gone with no moved block, an
attribute the provider cannot update in place (an assignment's role, principal or resource, a
service principal's client id, ...), an app role or scope that gets a new id or is removed, and
moved blocks Terraform would reject. Needs no Terraform, state or credentials.

<base> and <change> are each a cdk.tf.json, a stack folder (cdktf.out/stacks/<name>), or a
cdktf.out directory (every stack in its manifest.json is compared with the stack of the same
name).

Exit codes:
  0  no identity resource is destroyed or replaced
  3  an identity resource is destroyed or replaced, or a moved block is broken
  2  usage error, or a file that cannot be read or is not a synthesized stack
`;

/**
 * Runs the guard with `argv` (the arguments after the program name, starting with
 * `replacement-guard`) and returns the exit code.
 */
export function replacementGuardMain(argv: string[], io: CliIo): number {
  return runCommand(io, CLI, GUARD_USAGE, () => {
    const args = parseArgs(argv[0] === 'replacement-guard' ? argv.slice(1) : argv, { values: ['format'] });
    if (args.help) {
      io.stdout(GUARD_USAGE);
      return EXIT_OK;
    }
    if (args.positional.length !== 2) {
      throw new UsageError(`replacement-guard needs two inputs (base and change: cdk.tf.json files or cdktf.out directories), got ${args.positional.length}.`, true);
    }
    const results = guardAll(args.positional[0], args.positional[1], io);
    if (args.format === 'json') {
      io.stdout(results.length === 1 ? results[0].toJson() : `[\n${results.map((r) => r.toJson().trimEnd()).join(',\n')}\n]\n`);
    } else {
      io.stdout(results.map((r) => (args.format === 'markdown' ? r.toMarkdown() : r.toText())).join(args.format === 'markdown' ? '\n' : ''));
    }
    return results.some((r) => r.destroysOrReplaces) ? EXIT_FINDINGS : EXIT_OK;
  });
}

/** One synthesized stack of an input: its name (`''` for a lone cdk.tf.json), its JSON, and its folder. */
export interface SynthStack {
  readonly name: string;
  readonly json: string;
  /** The folder the stack was synthesized to (where access-map.json is written). */
  readonly dir: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The stacks of an input, by name: a `cdk.tf.json` (or any `.json` file: one stack named `''`), a
 * stack folder that holds a `cdk.tf.json`, or a `cdktf.out` folder (every stack of its
 * manifest.json). Anything else is a {@link UsageError}.
 */
export function readStacks(arg: string, io: CliIo): Map<string, SynthStack> {
  if (arg.endsWith('.json')) return new Map([['', { name: '', json: readInput(io, arg), dir: path.dirname(arg) }]]);
  const manifestFile = path.join(arg, 'manifest.json');
  let manifestText: string;
  try {
    manifestText = io.readFile(manifestFile);
  } catch (e) {
    // A stack folder (cdktf.out/stacks/<name>) has no manifest, but a cdk.tf.json.
    const single = path.join(arg, 'cdk.tf.json');
    let json: string | undefined;
    try {
      json = io.readFile(single);
    } catch {
      throw new UsageError(`cannot read '${manifestFile}': ${(e as Error).message}; give a cdktf.out folder, a stack folder or a cdk.tf.json`);
    }
    return new Map([['', { name: '', json, dir: arg }]]);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestText);
  } catch (e) {
    throw new UsageError(`'${manifestFile}' is not valid JSON: ${(e as Error).message}`);
  }
  const stacks = isObject(manifest) ? manifest.stacks : undefined;
  if (!isObject(stacks)) throw new UsageError(`'${manifestFile}' has no 'stacks'; is '${arg}' a cdktf.out directory?`);
  const out = new Map<string, SynthStack>();
  for (const [name, s] of Object.entries(stacks)) {
    const file = isObject(s) ? s.synthesizedStackPath : undefined;
    if (typeof file !== 'string') throw new UsageError(`'${manifestFile}': stack '${name}' has no synthesizedStackPath`);
    const stackFile = path.join(arg, file);
    out.set(name, { name, json: readInput(io, stackFile), dir: path.dirname(stackFile) });
  }
  return out;
}

/**
 * Pairs the stacks of two inputs by name, sorted: `[name, base, change]`, with `change` undefined
 * for a stack the change removes. A lone stack on either side is compared with the lone stack of
 * the other. A stack only the change has is not listed (it destroys nothing).
 */
export function pairStacks(base: Map<string, SynthStack>, change: Map<string, SynthStack>): [string, SynthStack, SynthStack | undefined][] {
  if (base.size === 1 && change.size === 1 && (base.has('') || change.has(''))) {
    const b = [...base.values()][0];
    const c = [...change.values()][0];
    return [[b.name || c.name, b, c]];
  }
  return [...base].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([name, b]) => [name, b, change.get(name)]);
}

function guardAll(baseArg: string, changeArg: string, io: CliIo): ReplacementGuard[] {
  const pairs = pairStacks(readStacks(baseArg, io), readStacks(changeArg, io));
  return pairs.map(([name, b, c]) => {
    if (c === undefined) return ReplacementGuard.stackRemoved(name, b.json);
    return guardStack([baseArg, changeArg], b.json, c.json, pairs.length === 1 && (b.name === '' || c.name === '') ? undefined : name);
  });
}

/** Compares one stack; a document that is not a synthesized stack is a usage error naming the input. */
export function guardStack(inputs: string[], baseJson: string, changeJson: string, stackName: string | undefined): ReplacementGuard {
  try {
    return ReplacementGuard.compareDocuments({ baseJson, changeJson, stackName });
  } catch (e) {
    const where = stackName === undefined ? '' : ` (stack ${stackName})`;
    throw new UsageError(`${(e as Error).message.replace(/^base/, `'${inputs[0]}'${where}`).replace(/^change/, `'${inputs[1]}'${where}`)}`);
  }
}
