// The `cdktf-entra-identity` command line. bin/cdktf-entra-identity.js calls accessDiffMain;
// tests call it directly. Loads no cdktf or provider module. `adopt` and `audit` live in
// lib/tenant/ (they read a tenant export), `replacement-guard` in lib/replacement-guard-cli.ts
// (it reads synthesized stacks); this file only dispatches to them.
import * as fs from 'fs';
import * as path from 'path';
import { adoptMain } from './adopt-command';
import { auditMain } from './audit-command';
import { AccessDiff } from './access-diff';
import { replacementGuardMain } from './replacement-guard-command';

/** Exit code: nothing widens access (there may be removals or neutral changes). */
export const EXIT_OK = 0;
/** Exit code: an unexpected failure. */
export const EXIT_ERROR = 1;
/** Exit code: wrong arguments, or a file that cannot be read or is not an access map. */
export const EXIT_USAGE = 2;
/** Exit code: access is added or widened. */
export const EXIT_WIDENS = 3;

/** Where the command line writes and reads; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(file: string): string;
  /** Writes a file (`adopt --out`), making its folder. Default: the file system. */
  writeFile?(file: string, text: string): void;
  /** Whether a file exists. Default: the file system. */
  exists?(file: string): boolean;
}

const PROCESS_IO: CliIo = {
  stdout: (t) => { process.stdout.write(t); },
  stderr: (t) => { process.stderr.write(t); },
  readFile: (f) => fs.readFileSync(f, 'utf8'),
};

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

export const USAGE = `Usage: cdktf-entra-identity access-diff <old.json> <new.json> [--format text|markdown|json]

Compares two access maps (access-map.json, written by AccessMap.enable(stack) next to
cdk.tf.json) and prints what access is added, removed or changed.

Exit codes:
  0  nothing widens access
  3  access is added or widened
  2  usage error, or a file that cannot be read or is not an access map

Other commands (--help for each):
  cdktf-entra-identity adopt <export-dir> [--out main.ts]     write a program that adopts a tenant export
  cdktf-entra-identity audit <export-dir> <access-map.json>...  report access in the tenant that no code declares
  cdktf-entra-identity replacement-guard <base> <change>        list identity resources a change destroys or replaces
`;

/** Runs the command line with `argv` (the arguments after the program name) and returns the exit code. */
export function accessDiffMain(argv: string[], io: CliIo = PROCESS_IO): number {
  try {
    return run(argv, io);
  } catch (e) {
    io.stderr(`cdktf-entra-identity: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_ERROR;
  }
}

function run(argv: string[], io: CliIo): number {
  const args = [...argv];
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    (args.length === 0 ? io.stderr : io.stdout)(USAGE);
    return args.length === 0 ? EXIT_USAGE : EXIT_OK;
  }
  const command = args.shift();
  if (command === 'audit') return auditMain(args, io);
  if (command === 'adopt') {
    return adoptMain(args, { ...io, writeFile: io.writeFile ?? writeFile, exists: io.exists ?? ((f) => fs.existsSync(f)) });
  }
  if (command === 'replacement-guard') return replacementGuardMain(argv, io);
  if (command !== 'access-diff') {
    io.stderr(`cdktf-entra-identity: unknown command '${command}'.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  let format = 'text';
  const files: string[] = [];
  while (args.length > 0) {
    const a = args.shift()!;
    if (a === '--help' || a === '-h') {
      io.stdout(USAGE);
      return EXIT_OK;
    } else if (a === '--format' || a.startsWith('--format=')) {
      const v = a === '--format' ? args.shift() : a.slice('--format='.length);
      if (v !== 'text' && v !== 'markdown' && v !== 'json') {
        io.stderr(`cdktf-entra-identity: --format must be text, markdown or json (got '${v ?? ''}').\n\n${USAGE}`);
        return EXIT_USAGE;
      }
      format = v;
    } else if (a.startsWith('-') && a !== '-') {
      io.stderr(`cdktf-entra-identity: unknown option '${a}'.\n\n${USAGE}`);
      return EXIT_USAGE;
    } else {
      files.push(a);
    }
  }
  if (files.length !== 2) {
    io.stderr(`cdktf-entra-identity: access-diff needs two files (old and new access-map.json), got ${files.length}.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const texts: string[] = [];
  for (const f of files) {
    try {
      texts.push(io.readFile(f));
    } catch (e) {
      io.stderr(`cdktf-entra-identity: cannot read '${f}': ${(e as Error).message}\n`);
      return EXIT_USAGE;
    }
  }
  let diff: AccessDiff;
  try {
    diff = AccessDiff.compare(texts[0], texts[1]);
  } catch (e) {
    io.stderr(`cdktf-entra-identity: ${(e as Error).message.replace(/^old map/, `'${files[0]}'`).replace(/^new map/, `'${files[1]}'`)}\n`);
    return EXIT_USAGE;
  }
  io.stdout(format === 'json' ? diff.toJson() : format === 'markdown' ? diff.toMarkdown() : diff.toText());
  return diff.widensAccess ? EXIT_WIDENS : EXIT_OK;
}
