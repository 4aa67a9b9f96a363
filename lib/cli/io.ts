// What every command of the `cdktf-entra-identity` command line shares: where it reads and writes
// (one `CliIo`), what it returns (one set of exit codes) and how it reads its arguments. Loads no
// cdktf or provider module, like everything in lib/cli/.
import * as fs from 'fs';
import * as path from 'path';
import { PLATFORM } from '../platform';
import type { ExportFs } from '../tenant/tenant-export';

/** The command's name: the package's bin, `cdktf-entra-identity` or, in the CDK Terrain package, `cdktn-entra-identity`. */
export const CLI = PLATFORM.library.npm;

/** Exit code: nothing to review (no access widened, nothing destroyed, no access outside code), or the command did its work. */
export const EXIT_OK = 0;
/** Exit code: an unexpected failure (a bug: the message has the stack). */
export const EXIT_ERROR = 1;
/** Exit code: wrong arguments, or an input that cannot be read or is not what the command reads. */
export const EXIT_USAGE = 2;
/**
 * Exit code: the command found what a reviewer must see: access is added or widened
 * (`access-diff`), an identity is destroyed or replaced (`replacement-guard`), the tenant has
 * access no code declares (`audit`), or any of these (`review`).
 */
export const EXIT_FINDINGS = 3;

/** Where a command writes and reads; tests pass their own (test/util.ts `memoryIo`). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(file: string): string;
  /** Writes a file (`adopt --out`), making its folder. Default: the file system. */
  writeFile?(file: string, text: string): void;
  /** Whether a file or folder exists. Default: the file system. */
  exists?(file: string): boolean;
  /** The file system a tenant export is read through. Default: the file system. */
  readonly fs?: ExportFs;
}

/** The process's own streams and the file system. */
export const PROCESS_IO: CliIo = {
  stdout: (t) => { process.stdout.write(t); },
  stderr: (t) => { process.stderr.write(t); },
  readFile: (f) => fs.readFileSync(f, 'utf8'),
  writeFile: (f, t) => {
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, t);
  },
  exists: (f) => fs.existsSync(f),
};

/** Whether `file` exists, through `io` when it can tell. */
export function exists(io: CliIo, file: string): boolean {
  return io.exists ? io.exists(file) : fs.existsSync(file);
}

/** Writes `file` through `io`, or to the file system (making its folder). */
export function writeFile(io: CliIo, file: string, text: string): void {
  (io.writeFile ?? PROCESS_IO.writeFile!)(file, text);
}

/** A problem with the arguments or the input: the command prints it and exits {@link EXIT_USAGE}. */
export class UsageError extends Error {
  /** @param showUsage whether the command's usage text follows the message */
  constructor(message: string, public readonly showUsage = false) {
    super(message);
  }
}

/** The output formats every reporting command takes (`--format`). */
export type OutputFormat = 'text' | 'markdown' | 'json';

/** The arguments of a command, read by {@link parseArgs}. */
export interface ParsedArgs {
  /** The arguments that are not options, in order. */
  readonly positional: string[];
  /** `--name value` and `--name=value` options, by name. */
  readonly values: Map<string, string>;
  /** `--name` switches that were given. */
  readonly flags: Set<string>;
  /** Whether `--help` or `-h` was given. */
  readonly help: boolean;
  /** The `--format`, `text` when not given (only when the command declares `format`). */
  readonly format: OutputFormat;
}

/**
 * Reads `argv`: `values` are the options that take a value (`format` is checked to be text,
 * markdown or json), `flags` the switches. Throws a {@link UsageError} for an unknown option or a
 * missing value. `-` alone is a positional argument.
 */
export function parseArgs(argv: readonly string[], options: { values?: string[]; flags?: string[] } = {}): ParsedArgs {
  const args = [...argv];
  const takes = new Set(options.values ?? []);
  const switches = new Set(options.flags ?? []);
  const positional: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  let help = false;
  while (args.length > 0) {
    const a = args.shift()!;
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(a);
    if (a === '--help' || a === '-h') {
      help = true;
    } else if (m && takes.has(m[1])) {
      const v = m[2] ?? args.shift();
      if (v === undefined || v === '' || (m[2] === undefined && v.startsWith('--'))) throw new UsageError(`--${m[1]} needs a value.`, true);
      values.set(m[1], v);
    } else if (m && m[2] === undefined && switches.has(m[1])) {
      flags.add(m[1]);
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option '${a}'.`, true);
    } else {
      positional.push(a);
    }
  }
  const format = values.get('format') ?? 'text';
  if (format !== 'text' && format !== 'markdown' && format !== 'json') {
    throw new UsageError(`--format must be text, markdown or json (got '${format}').`, true);
  }
  return { positional, values, flags, help, format };
}

/**
 * Runs one command: `--help` prints `usage` and exits 0; a {@link UsageError} is printed (with the
 * usage when it asks) and exits {@link EXIT_USAGE}; anything else is a bug, printed with its stack,
 * {@link EXIT_ERROR}. `prefix` starts every message, e.g. `cdktf-entra-identity audit`.
 */
export function runCommand(io: CliIo, prefix: string, usage: string, body: () => number): number {
  try {
    return body();
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${prefix}: ${e.message}\n${e.showUsage ? `\n${usage}` : ''}`);
      return EXIT_USAGE;
    }
    io.stderr(`${prefix}: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_ERROR;
  }
}

/** Reads `file` through `io`; a file that cannot be read is a {@link UsageError} naming it. */
export function readInput(io: CliIo, file: string): string {
  try {
    return io.readFile(file);
  } catch (e) {
    throw new UsageError(`cannot read '${file}': ${(e as Error).message}`);
  }
}
