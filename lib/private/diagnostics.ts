// Warnings people see. cdktf writes annotations only into manifest.json; the cdktf CLI prints
// them, but a program run with plain node or tsx (the README's `npm run synth`) prints none.
// Every warning the library raises goes through `entraWarning`, which annotates the construct
// as before and also records it on a per-stack reporter. On synth the reporter prints each
// warning once to stderr with its construct path, unless the cdktf CLI is running the program
// (it prints the manifest's annotations itself). In strict mode the reporter turns the
// library's warnings into synth errors instead, for CI.
import { Annotations, TerraformStack } from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct, IConstruct } from 'constructs';
import { PLATFORM } from '../platform';

/** The context key that turns the library's warnings into synth errors (`true` or `"true"`). */
export const STRICT_CONTEXT_KEY = 'cdktf-entra-identity:strict';
/** The environment variable that does the same (`1` or `true`); handy in CI. */
export const STRICT_ENV = 'CDKTF_ENTRA_IDENTITY_STRICT';
/**
 * Set by the cdktf CLI (`cdktf synth`, `cdktf deploy`) for the program it runs, because the
 * CLI prints the manifest's annotations itself (cdktf-cli `synth-stack.ts`). While it is set,
 * the reporter does not print, so nothing is shown twice.
 */
export const CDKTF_CLI_ENV = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';

const REPORTER_ID = 'EntraIdentityWarnings';

/** Warnings printed by this process, `path\0message`: each is printed once, however often the app synthesizes. */
const PRINTED = new Set<string>();

/** Where printed warnings go; tests replace it. */
let sink: (text: string) => void = (text) => { process.stderr.write(text); };
/**
 * The package warnings are printed under: this copy's (`cdktf-entra-identity` or `cdktn-entra-identity`,
 * from lib/platform.ts), or, while `adopt --platform` builds its program in memory, the one that
 * program is written for.
 */
let warningSource: string = PLATFORM.library.npm;

/** @internal Sets the package warnings name (adopt's in-memory build), and returns the previous one. */
export function setWarningSource(next: string): string {
  const previous = warningSource;
  warningSource = next;
  return previous;
}

/** @internal Replaces where warnings are printed (tests), and returns the previous sink. */
export function setWarningSink(next: (text: string) => void): (text: string) => void {
  const previous = sink;
  sink = next;
  return previous;
}

/** @internal Forgets which warnings were printed (tests). */
export function resetPrintedWarnings(): void {
  PRINTED.clear();
}

interface RecordedWarning {
  readonly path: string;
  readonly message: string;
}

/** Whether strict mode is on for `scope`: the context key, or else the environment variable. */
export function isStrict(scope: IConstruct): boolean {
  const ctx = scope.node.tryGetContext(STRICT_CONTEXT_KEY);
  if (ctx !== undefined) return ctx === true || ctx === 'true' || ctx === '1';
  const env = process.env[STRICT_ENV];
  return env === '1' || env === 'true';
}

/**
 * The per-stack reporter: a construct without resources, made on the first warning of a stack.
 * It renders nothing into cdk.tf.json.
 */
class WarningReporter extends Construct {
  /** The reporter of `scope`'s stack; made when `create` is true and there is none. */
  public static of(scope: IConstruct, create: boolean): WarningReporter | undefined {
    const stack = scope.node.scopes.find((s) => TerraformStack.isStack(s));
    if (!stack) return undefined;
    const existing = stack.node.tryFindChild(REPORTER_ID);
    if (existing instanceof WarningReporter) return existing;
    return create ? new WarningReporter(stack as Construct, REPORTER_ID) : undefined;
  }

  /** Each warning once, in the order they were raised. */
  public readonly warnings: RecordedWarning[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    addCustomSynthesis(this, { onSynthesize: () => this.print() });
  }

  private print(): void {
    if (process.env[CDKTF_CLI_ENV] !== undefined) return;
    for (const w of this.warnings) {
      const k = `${w.path}\u0000${w.message}`;
      if (PRINTED.has(k)) continue;
      PRINTED.add(k);
      sink(`${warningSource} warning: [${w.path}] ${w.message}\n`);
    }
  }
}

/** The warning messages raised on each construct: each is raised once, and checked by its strict-mode validation. */
const RAISED = new WeakMap<IConstruct, Set<string>>();

/**
 * Raises a warning of the library on `scope`: a cdktf warning annotation (what the cdktf CLI
 * and manifest.json show), printed to stderr on synth when the program runs without the cdktf
 * CLI, and a synth error in strict mode.
 */
export function entraWarning(scope: IConstruct, message: string): void {
  let raised = RAISED.get(scope);
  if (raised?.has(message)) return;
  if (raised === undefined) {
    const messages = new Set<string>();
    raised = messages;
    RAISED.set(scope, messages);
    // A validation of the construct itself, so cdktf's error names its path once. Strictness is
    // read at validation time, like every context value.
    scope.node.addValidation({
      validate: () => !isStrict(scope) ? [] : [...messages].map((m) => `${m} (a warning of ${warningSource}; strict mode `
        + `makes it an error: fix it, or leave out the context key ${STRICT_CONTEXT_KEY} and the environment variable ${STRICT_ENV})`),
    });
  }
  raised.add(message);
  Annotations.of(scope).addWarning(message);
  WarningReporter.of(scope, true)?.warnings.push({ path: scope.node.path, message });
}

/** The library's warnings raised in `scope`'s stack so far, each once, as `[path] message`. */
export function libraryWarnings(scope: IConstruct): string[] {
  return (WarningReporter.of(scope, false)?.warnings ?? []).map((w) => `[${w.path}] ${w.message}`);
}
