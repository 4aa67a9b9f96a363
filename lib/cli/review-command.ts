// `cdktf-entra-identity review <base> <change> [--tenant-export DIR] [--format text|markdown|json]`:
// the one pull-request check. Loads no cdktf or provider module.
import * as path from 'path';
import { ACCESS_MAP_FILE, parseAccessMap } from '../access/format';
import type { AccessMapModel } from '../access/model';
import { readExport } from './audit-command';
import { CLI, CliIo, EXIT_FINDINGS, EXIT_OK, parseArgs, runCommand, UsageError } from './io';
import { SynthStack, readStacks } from './replacement-guard-command';
import { Review, ReviewStack } from './review';

export const REVIEW_USAGE = `Usage: ${CLI} review <base> <change> [--tenant-export DIR] [--format text|markdown|json]

One document for a pull request. For every stack of the base and the change it says what the
change destroys or replaces (as replacement-guard does), how access changes (as access-diff does,
reading the access-map.json that AccessMap.enable(stack) writes next to cdk.tf.json), which Microsoft
Graph permissions and Azure roles the change needs that the base did not (computed from cdk.tf.json,
as required-rights.json is), and, with --tenant-export, how the change's access maps compare with the
tenant (as audit does).

<base> and <change> are two cdktf.out folders (the base branch's synth and the change's), two stack
folders (cdktf.out/stacks/<name>), or two cdk.tf.json files. --format markdown is one pull-request
comment, three lines when nothing happens. Needs no Terraform, state, credentials or network.

Exit codes:
  0  nothing destroyed or replaced, no access widened, no new right needed (and, with --tenant-export, no access outside code)
  3  something is destroyed or replaced, access widens, the pipeline's identity needs a right no stack of the base
     needed (e.g. the first app-role assignment brings AppRoleAssignment.ReadWrite.All), or the tenant has access
     outside code: the document says which
  2  usage error, or an input that cannot be read
`;

/** Runs `review` with the arguments after the command name and returns the exit code. */
export function reviewMain(argv: string[], io: CliIo): number {
  return runCommand(io, `${CLI} review`, REVIEW_USAGE, () => {
    const args = parseArgs(argv, { values: ['format', 'tenant-export'] });
    if (args.help) {
      io.stdout(REVIEW_USAGE);
      return EXIT_OK;
    }
    if (args.positional.length !== 2) {
      throw new UsageError(`needs two inputs (base and change: cdktf.out folders, stack folders or cdk.tf.json files), got ${args.positional.length}.`, true);
    }
    const [baseArg, changeArg] = args.positional;
    const stacks = reviewStacks(readStacks(baseArg, io), readStacks(changeArg, io), io);
    const dir = args.values.get('tenant-export');
    const review = Review.of({ baseArg, changeArg, stacks, tenant: dir === undefined ? undefined : { dir, export: readExport(dir, io) } });
    io.stdout(args.format === 'json' ? review.toJson() : args.format === 'markdown' ? review.toMarkdown() : review.toText());
    return review.attention ? EXIT_FINDINGS : EXIT_OK;
  });
}

/** The access map next to a synthesized stack, or undefined when there is none. */
function accessMapOf(stack: SynthStack | undefined, io: CliIo): AccessMapModel | undefined {
  if (!stack) return undefined;
  const file = path.join(stack.dir, ACCESS_MAP_FILE);
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || /ENOENT/.test((e as Error).message)) return undefined;
    throw new UsageError(`cannot read '${file}': ${(e as Error).message}`);
  }
  try {
    return parseAccessMap(text, `'${file}'`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * The stacks of the review: by name, every stack of either side. A lone stack (a cdk.tf.json or a
 * stack folder) on either side pairs with the lone stack of the other, named after the change's
 * access map when it has one.
 */
function reviewStacks(base: Map<string, SynthStack>, change: Map<string, SynthStack>, io: CliIo): ReviewStack[] {
  const pairs: [string, SynthStack | undefined, SynthStack | undefined][] = [];
  if (base.size === 1 && change.size === 1 && (base.has('') || change.has(''))) {
    const b = [...base.values()][0];
    const c = [...change.values()][0];
    pairs.push([c.name || b.name, b, c]);
  } else {
    const names = [...new Set([...base.keys(), ...change.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    for (const n of names) pairs.push([n, base.get(n), change.get(n)]);
  }
  return pairs.map(([name, b, c]) => {
    const baseMap = accessMapOf(b, io);
    const changeMap = accessMapOf(c, io);
    return { name: name || changeMap?.stack || baseMap?.stack || '', base: b, change: c, baseMap, changeMap };
  });
}
