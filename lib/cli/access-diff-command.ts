// `cdktf-entra-identity access-diff <old.json> <new.json> [--format text|markdown|json]`.
// Loads no cdktf or provider module.
import { AccessDiff } from './access-diff';
import { CLI, CliIo, EXIT_FINDINGS, EXIT_OK, parseArgs, readInput, runCommand, UsageError } from './io';

export const ACCESS_DIFF_USAGE = `Usage: ${CLI} access-diff <old.json> <new.json> [--format text|markdown|json]

Compares two access maps (access-map.json, written by AccessMap.enable(stack) next to
cdk.tf.json) and prints what access is added, removed or changed. An API, client or principal
that a declared refactor carries over (a stable key, or a movedFrom) is the same one.

Exit codes:
  0  nothing widens access
  3  access is added or widened
  2  usage error, or a file that cannot be read or is not an access map
`;

/** Runs `access-diff` with the arguments after the command name and returns the exit code. */
export function accessDiffCommand(argv: string[], io: CliIo): number {
  return runCommand(io, CLI, ACCESS_DIFF_USAGE, () => {
    const args = parseArgs(argv, { values: ['format'] });
    if (args.help) {
      io.stdout(ACCESS_DIFF_USAGE);
      return EXIT_OK;
    }
    const files = args.positional;
    if (files.length !== 2) throw new UsageError(`access-diff needs two files (old and new access-map.json), got ${files.length}.`, true);
    const [oldText, newText] = files.map((f) => readInput(io, f));
    let diff: AccessDiff;
    try {
      diff = AccessDiff.compare(oldText, newText);
    } catch (e) {
      throw new UsageError((e as Error).message.replace(/^old map/, `'${files[0]}'`).replace(/^new map/, `'${files[1]}'`));
    }
    io.stdout(args.format === 'json' ? diff.toJson() : args.format === 'markdown' ? diff.toMarkdown() : diff.toText());
    return diff.widensAccess ? EXIT_FINDINGS : EXIT_OK;
  });
}
