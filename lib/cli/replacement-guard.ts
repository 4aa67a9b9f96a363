// No cdktf or provider imports here: the command-line guard loads this file and must start fast. The
// comparison itself (guard-compare.ts) loads on first use: every program imports this class through
// the library's index, and only the guard and `review` call it.
import type * as GuardCompare from './guard-compare';

/** What a change does to an identity resource that a reviewer must see. */
export enum GuardFindingType {
  /** The resource (or one `for_each` instance) is gone from the change and no `moved` block carries it on. */
  DESTROYED = 'Destroyed',
  /** The resource stays, but an attribute the provider cannot update in place changes: Terraform destroys and re-creates it. */
  REPLACED = 'Replaced',
  /** A `moved` block that Terraform rejects or that carries nothing: its target is missing, or its source still exists. */
  BROKEN_MOVE = 'BrokenMove',
}

/** One identity resource (or an app role or scope inside one) that a change destroys or replaces. */
export interface GuardFinding {
  /** Destroyed, replaced, or a broken move. */
  readonly findingType: GuardFindingType;
  /** The Terraform address in the base document, e.g. `azuread_application.OrdersApi_48294D44`. */
  readonly address: string;
  /** The Terraform resource type, e.g. `azuread_application`. */
  readonly resourceType: string;
  /**
   * The construct path the base document gives for the resource.
   *
   * @default - the document has no metadata for it
   */
  readonly constructPath?: string;
  /**
   * The attribute whose change forces the replacement, e.g. `app_role_id`, or `app_role["Orders.Read"].id`.
   *
   * @default - not a replacement by attribute
   */
  readonly attribute?: string;
  /**
   * The attribute's value in the base document, as Terraform JSON.
   *
   * @default - not a replacement by attribute
   */
  readonly before?: string;
  /**
   * The attribute's value in the change, as Terraform JSON.
   *
   * @default - not a replacement by attribute, or the value is gone
   */
  readonly after?: string;
  /** Whether the base document protects the resource with `lifecycle.prevent_destroy` (the plan then fails rather than destroy it). */
  readonly preventDestroy: boolean;
  /**
   * The resource's `display_name` in the base document (an application's, a service principal's),
   * when it is a literal.
   *
   * @default - the resource has no literal display name
   */
  readonly displayName?: string;
  /** One human line: what happens, why, and what to do about it. */
  readonly message: string;
}

/** Two synthesized stacks to compare. */
export interface GuardDocuments {
  /** `cdk.tf.json` of the base, e.g. the main branch. */
  readonly baseJson: string;
  /** `cdk.tf.json` of the change, e.g. a pull request. */
  readonly changeJson: string;
  /**
   * The stack's name, for messages.
   *
   * @default - no name in messages
   */
  readonly stackName?: string;
}


// eslint-disable-next-line @typescript-eslint/no-require-imports
const compare = (): typeof GuardCompare => require('./guard-compare');

/**
 * Which identity resources a change of a synthesized stack destroys or replaces: compares the
 * base's `cdk.tf.json` (e.g. the main branch) with the change's (a pull request), as
 * `terraform plan` would, but with no state, credentials or network. Used by
 * `cdktf-entra-identity replacement-guard`.
 *
 * It flags an address that is gone with no `moved` block carrying it on (every `for_each`
 * instance on its own), an attribute the provider cannot update in place (an assignment's
 * role, principal or resource, a service principal's client id, ...), an app role or scope
 * that gets a new id or goes away (Entra then drops its assignments), anything that refers to
 * a replaced resource through such an attribute, and `moved` blocks Terraform would reject.
 * A pure refactor with pinned keys or moves passes.
 */
export class ReplacementGuard {
  /** Compares the base's and the change's `cdk.tf.json`. Throws if either is not a synthesized stack. */
  public static compare(baseJson: string, changeJson: string): ReplacementGuard {
    return ReplacementGuard.compareDocuments({ baseJson, changeJson });
  }

  /** Compares two documents given as one struct (so it reads well in every language). */
  public static compareDocuments(documents: GuardDocuments): ReplacementGuard {
    const { parseDoc, guard } = compare();
    const base = parseDoc(documents.baseJson, 'base');
    const change = parseDoc(documents.changeJson, 'change');
    const { findings, notes } = guard(base, change);
    return new ReplacementGuard(documents.stackName, findings, notes);
  }

  /**
   * A guard result for a stack that is gone from the change: every identity resource of the
   * base is destroyed.
   */
  public static stackRemoved(stackName: string, baseJson: string): ReplacementGuard {
    const { parseDoc, guard, emptyDoc } = compare();
    const { findings } = guard(parseDoc(baseJson, 'base'), emptyDoc());
    return new ReplacementGuard(stackName, findings, [`stack ${stackName} is not in the change`]);
  }

  /** Every finding, sorted by address. */
  public readonly findings: GuardFinding[];
  /** What the guard followed or saw that destroys nothing: moves, protection lifted, resources forgotten. */
  public readonly notes: string[];
  /**
   * The stack's name, when given.
   *
   * @default - none
   */
  public readonly stackName?: string;

  private constructor(stackName: string | undefined, findings: GuardFinding[], notes: string[]) {
    this.stackName = stackName;
    this.findings = findings;
    this.notes = notes;
  }

  /** Whether the change destroys or replaces an identity resource, or has a broken move. */
  public get destroysOrReplaces(): boolean {
    return this.findings.length > 0;
  }

  /** Plain text: a summary line, then one line per finding and one per note. */
  public toText(): string {
    const lines = [this.summary()];
    for (const f of this.findings) lines.push(`${f.findingType === GuardFindingType.REPLACED ? '!' : '-'} ${f.message}`);
    for (const n of this.notes) lines.push(`  (${n})`);
    return `${lines.join('\n')}\n`;
  }

  /** Markdown for a pull-request comment. */
  public toMarkdown(): string {
    const esc = (s: string) => s.replace(/([*_`|<>\\])/g, '\\$1');
    const lines = ['### Destroyed or replaced identity resources', '', esc(this.summary()), ''];
    for (const f of this.findings) lines.push(`- **${f.findingType.toLowerCase()}**: ${esc(f.message)}`);
    if (this.notes.length > 0) {
      lines.push('', '<details><summary>Notes</summary>', '');
      for (const n of this.notes) lines.push(`- ${esc(n)}`);
      lines.push('', '</details>');
    }
    lines.push('');
    return lines.join('\n');
  }

  /** JSON for tools: `{ stack, destroysOrReplaces, findings, notes }`. */
  public toJson(): string {
    return `${JSON.stringify({ stack: this.stackName ?? null, destroysOrReplaces: this.destroysOrReplaces, findings: this.findings, notes: this.notes }, null, 2)}\n`;
  }

  private summary(): string {
    const where = this.stackName ? ` in stack ${this.stackName}` : '';
    if (this.findings.length === 0) return `No identity resource is destroyed or replaced${where}.`;
    const n = (t: GuardFindingType) => this.findings.filter((f) => f.findingType === t).length;
    return `Identity resources destroyed or replaced${where}: ${n(GuardFindingType.DESTROYED)} destroyed, `
      + `${n(GuardFindingType.REPLACED)} replaced, ${n(GuardFindingType.BROKEN_MOVE)} broken moves.`;
  }
}
