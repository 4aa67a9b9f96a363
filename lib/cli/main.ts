// The `cdktf-entra-identity` command line: bin/cdktf-entra-identity.js calls `main`; tests call it
// directly. This file only dispatches: each command lives in its own file of lib/cli/, and all of
// them share lib/cli/io.ts (one CliIo, one set of exit codes). Nothing here or in what it loads
// requires cdktf, constructs or a provider package (test/cli-layer.test.ts proves it), so the
// command line starts fast and runs where only the synthesized files are.
import { accessDiffCommand } from './access-diff-command';
import { adoptMain } from './adopt-command';
import { auditMain } from './audit-command';
import { CLI, CliIo, EXIT_OK, EXIT_USAGE, PROCESS_IO } from './io';
import { replacementGuardMain } from './replacement-guard-command';
import { requiredRightsMain } from './required-rights-command';
import { reviewMain } from './review-command';

export type { CliIo } from './io';
export { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './io';

/** The commands, each with its one-line summary (the usage's list) and what runs it. */
const COMMANDS: { name: string; args: string; summary: string; run: (argv: string[], io: CliIo) => number }[] = [
  { name: 'review', args: '<base> <change> [--tenant-export DIR]', summary: 'the pull-request check: destroyed, access, rights, tenant', run: reviewMain },
  { name: 'access-diff', args: '<old.json> <new.json>', summary: 'what access a change adds, removes or changes', run: accessDiffCommand },
  { name: 'replacement-guard', args: '<base> <change>', summary: 'identity resources a change destroys or replaces', run: (argv, io) => replacementGuardMain(argv, io) },
  { name: 'adopt', args: '<export-dir> [--out main.ts]', summary: 'write a program that adopts a tenant export', run: adoptMain },
  { name: 'audit', args: '<export-dir> <access-map.json>...', summary: 'access in the tenant that no code declares', run: auditMain },
  { name: 'required-rights', args: '<synth> [--deployer OBJECT_ID]', summary: 'Graph permissions and Azure roles each stack needs', run: requiredRightsMain },
];

export const USAGE = `Usage: ${CLI} <command> [arguments] [--format text|markdown|json]

Commands (--help after a command for its own):
${COMMANDS.map((c) => `  ${`${c.name} ${c.args}`.padEnd(52)}${c.summary}`).join('\n')}

Exit codes (every command):
  0  nothing to review
  3  something to review: access widened, an identity destroyed or replaced, a new right needed, access outside code
  2  usage error, or an input that cannot be read
`;

/** Runs the command line with `argv` (the arguments after the program name) and returns the exit code. */
export function main(argv: string[], io: CliIo = PROCESS_IO): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const found = COMMANDS.find((c) => c.name === command);
  if (!found) {
    io.stderr(`${CLI}: unknown command '${command}'.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  return found.run(rest, io);
}

/**
 * Runs the command line.
 *
 * @deprecated use {@link main}; this is the same function under its first name (when the access
 * diff was the only command)
 */
export function accessDiffMain(argv: string[], io: CliIo = PROCESS_IO): number {
  return main(argv, io);
}
