// `cdktf-entra-identity review`: one document for a pull request, made of sections. Each section
// producer reads the two synths (and the tenant export, when given) and says what a reviewer must
// see; the review orders them, renders them as text, Markdown or JSON, and turns them into one
// exit code. A new check (required rights, a replication gate) is one more producer in
// REVIEW_SECTIONS; nothing else changes. Loads no cdktf or provider module.
import { ACCESS_MAP_SCHEMA_VERSION } from '../access/format';
import type { AccessMapModel } from '../access/model';
import { AuditFindingType, auditTenant } from '../tenant/audit';
import type { TenantExport } from '../tenant/tenant-export';
import { AccessChangeType, AccessDiff } from './access-diff';
import { GuardFindingType, ReplacementGuard } from './replacement-guard';
import { SynthStack, guardStack } from './replacement-guard-command';
import { REPLICATION_SECTION } from './replication-section';
import { RIGHTS_SECTION } from './rights-section';

/** One stack of the review: its synth in the base and in the change, and their access maps. */
export interface ReviewStack {
  /** The stack's name (from manifest.json, or the access map's stack id for a lone cdk.tf.json). */
  readonly name: string;
  /** The base's synth; undefined for a stack the change adds. */
  readonly base?: SynthStack;
  /** The change's synth; undefined for a stack the change removes. */
  readonly change?: SynthStack;
  /** The base's access-map.json, when it has one. */
  readonly baseMap?: AccessMapModel;
  /** The change's access-map.json, when it has one. */
  readonly changeMap?: AccessMapModel;
}

/** What every section producer reads. */
export interface ReviewInput {
  /** The base and change arguments as given, for messages. */
  readonly baseArg: string;
  readonly changeArg: string;
  /** Every stack of either side, sorted by name. */
  readonly stacks: readonly ReviewStack[];
  /** The tenant export (`--tenant-export`), when given. */
  readonly tenant?: { readonly dir: string; readonly export: TenantExport };
}

/** One line of a section. */
export interface ReviewItem {
  /** What happened, in a word or two: `destroyed`, `replaced`, `added`, `outside code`, ... */
  readonly kind: string;
  /** Whether this line is why the section needs review. */
  readonly attention: boolean;
  /** The human line. */
  readonly text: string;
}

/** What one producer found about one stack, or about the whole change. */
export interface ReviewSection {
  /** The producer's id, e.g. `destroyed`, `access`, `tenant`. */
  readonly id: string;
  /** The section's title, e.g. `Destroyed or replaced`. */
  readonly title: string;
  /** The stack it is about; undefined for a section about the whole change (the tenant). */
  readonly stack?: string;
  /** Whether a reviewer must look; any such section makes the exit code 3. */
  readonly attention: boolean;
  /** Why, in a few words for the verdict line, e.g. `access widened`; set when `attention`. */
  readonly reason?: string;
  /** One line: what the section found. */
  readonly summary: string;
  /** The lines, most important first. */
  readonly items: readonly ReviewItem[];
  /** What the producer followed or could not check, which changes nothing. */
  readonly notes: readonly string[];
  /** Whether nothing happened: the Markdown comment then shows the section in one line at most. */
  readonly quiet: boolean;
  /** What `--format json` shows of the section (the tool's own JSON). */
  readonly data?: unknown;
}

/** Makes sections from the review's input. */
export interface ReviewSectionProducer {
  /** The id its sections carry. */
  readonly id: string;
  /** The sections, in the order they are shown. */
  produce(input: ReviewInput): ReviewSection[];
}

const REGISTRATIONS = ['azuread_application', 'azuread_service_principal', 'azurerm_user_assigned_identity'];

function rank(resourceType: string): number {
  const i = REGISTRATIONS.indexOf(resourceType);
  return i < 0 ? REGISTRATIONS.length : i;
}

/** An access map with nothing in it: what a side without a stack, or without a map, compares as. */
function emptyMap(stack: string): AccessMapModel {
  return { version: ACCESS_MAP_SCHEMA_VERSION, stack, apis: [], principals: [], clients: [], workloadIdentities: [], findings: [] };
}

/** What the change destroys or replaces, per stack (the replacement guard). */
export const DESTROYED_SECTION: ReviewSectionProducer = {
  id: 'destroyed',
  produce(input) {
    return input.stacks.map((s) => {
      const title = 'Destroyed or replaced';
      if (!s.base) {
        return { id: this.id, title, stack: s.name, attention: false, summary: 'A new stack: nothing to destroy.', items: [], notes: [], quiet: true };
      }
      const guard = s.change
        ? guardStack([input.baseArg, input.changeArg], s.base.json, s.change.json, s.name || undefined)
        : ReplacementGuard.stackRemoved(s.name, s.base.json);
      const n = (t: GuardFindingType) => guard.findings.filter((f) => f.findingType === t).length;
      const counts = ([[n(GuardFindingType.DESTROYED), 'destroyed'], [n(GuardFindingType.REPLACED), 'replaced'], [n(GuardFindingType.BROKEN_MOVE), 'broken move(s)']] as const)
        .filter(([c]) => c > 0).map(([c, w]) => `${c} ${w}`).join(', ');
      return {
        id: this.id,
        title,
        stack: s.name,
        attention: guard.destroysOrReplaces,
        reason: guard.destroysOrReplaces ? 'identity destroyed or replaced' : undefined,
        summary: guard.destroysOrReplaces ? `${counts}.${s.change ? '' : ' The change removes the stack.'}` : 'Nothing is destroyed or replaced.',
        // Registrations first: a new client id is what breaks every caller.
        items: [...guard.findings].sort((x, y) => rank(x.resourceType) - rank(y.resourceType)).map((f) => ({
          kind: f.findingType === GuardFindingType.BROKEN_MOVE ? 'broken move' : f.findingType.toLowerCase(),
          attention: true,
          text: f.displayName !== undefined ? `"${f.displayName}": ${f.message}` : f.message,
        })),
        notes: guard.notes,
        quiet: !guard.destroysOrReplaces,
        data: JSON.parse(guard.toJson()),
      };
    });
  },
};

const CHANGE_KIND: Record<AccessChangeType, string> = {
  [AccessChangeType.ADDED]: 'added',
  [AccessChangeType.CHANGED]: 'changed',
  [AccessChangeType.RENAMED]: 'renamed',
  [AccessChangeType.REMOVED]: 'removed',
};

/** How access changes, per stack (the access diff of the two access-map.json). */
export const ACCESS_SECTION: ReviewSectionProducer = {
  id: 'access',
  produce(input) {
    return input.stacks.map((s) => {
      const title = 'Access';
      if (!s.changeMap && !s.baseMap) {
        return {
          id: this.id, title, stack: s.name, attention: false, items: [], quiet: false,
          summary: 'Not reviewed: neither side has an access-map.json next to cdk.tf.json.',
          notes: ['AccessMap.enable(stack) writes access-map.json on synth; enable it in the stack to review access.'],
        };
      }
      const notes: string[] = [];
      if (s.change && !s.changeMap) notes.push('the change has no access-map.json for this stack: its access is compared as empty');
      if (s.base && !s.baseMap) notes.push('the base has no access-map.json for this stack (AccessMap was not enabled yet): every access of the change is listed as added');
      const diff = AccessDiff.compareModels({ oldModel: s.baseMap ?? emptyMap(s.name), newModel: s.changeMap ?? emptyMap(s.name) });
      const count = (t: AccessChangeType) => diff.changes.filter((c) => c.changeType === t).length;
      const parts = ([AccessChangeType.ADDED, AccessChangeType.CHANGED, AccessChangeType.RENAMED, AccessChangeType.REMOVED] as const)
        .filter((t) => count(t) > 0).map((t) => `${count(t)} ${CHANGE_KIND[t]}`);
      return {
        id: this.id,
        title,
        stack: s.name,
        attention: diff.widensAccess,
        reason: diff.widensAccess ? 'access widened' : undefined,
        summary: diff.changes.length === 0 ? 'No access changes.' : `${parts.join(', ')}; ${diff.widensAccess ? 'access WIDENS' : 'nothing widens access'}.`,
        items: diff.changes.map((c) => ({ kind: `${CHANGE_KIND[c.changeType]}${c.widens ? ', widens access' : ''}`, attention: c.widens, text: c.message })),
        notes,
        quiet: diff.changes.length === 0 && notes.length === 0,
        data: JSON.parse(diff.toJson()),
      };
    });
  },
};

/** How the change's access maps compare with the tenant (the audit), once for the whole change. */
export const TENANT_SECTION: ReviewSectionProducer = {
  id: 'tenant',
  produce(input) {
    if (!input.tenant) return [];
    const maps = input.stacks.flatMap((s) => (s.changeMap ? [s.changeMap] : []));
    const result = auditTenant(maps, input.tenant.export);
    const findings = result.apis.flatMap((a) => a.findings);
    const n = (t: AuditFindingType) => findings.filter((f) => f.type === t).length;
    const high = findings.filter((f) => f.type === AuditFindingType.OUTSIDE_CODE && f.highPrivilege === true).length;
    const KIND: Record<AuditFindingType, string> = {
      [AuditFindingType.OUTSIDE_CODE]: 'outside code',
      [AuditFindingType.DISABLED_ROLE]: 'disabled role',
      [AuditFindingType.NOT_IN_TENANT]: 'not in tenant yet',
    };
    const notes = [...result.notes];
    if (maps.length === 0) notes.unshift('the change has no access-map.json: every assignment of the export counts as outside code');
    return [{
      id: this.id,
      title: `Tenant (${input.tenant.dir})`,
      attention: result.accessOutsideCode,
      reason: result.accessOutsideCode ? 'access outside code' : undefined,
      summary: findings.length === 0
        ? `In sync: ${result.apis.length} API(s) compared, every assignment is declared in code.`
        : `${n(AuditFindingType.OUTSIDE_CODE)} assignment(s) outside code${high > 0 ? ` (${high} of them HIGH-PRIVILEGE Microsoft Graph permission(s))` : ''}, `
          + `${n(AuditFindingType.DISABLED_ROLE)} of disabled roles, `
          + `${n(AuditFindingType.NOT_IN_TENANT)} grant(s) the next apply makes.`,
      items: findings.map((f) => ({ kind: KIND[f.type], attention: f.type === AuditFindingType.OUTSIDE_CODE, text: f.message })),
      notes,
      quiet: findings.length === 0 && notes.length === 0,
      data: { version: 1, ...result },
    }];
  },
};

/**
 * The sections of a review, in the order they are shown. A new check adds its producer here
 * (and nothing else): its sections join the document, the verdict and the exit code.
 */
export const REVIEW_SECTIONS: ReviewSectionProducer[] = [DESTROYED_SECTION, ACCESS_SECTION, RIGHTS_SECTION, REPLICATION_SECTION, TENANT_SECTION];

/** A review: every section, the verdict, and the renderings. */
export class Review {
  /** Runs every producer of `producers` on `input`. */
  public static of(input: ReviewInput, producers: readonly ReviewSectionProducer[] = REVIEW_SECTIONS): Review {
    return new Review(input, producers.flatMap((p) => p.produce(input)));
  }

  private constructor(private readonly input: ReviewInput, public readonly sections: readonly ReviewSection[]) {}

  /** Whether any section needs a reviewer: the exit code is then 3. */
  public get attention(): boolean {
    return this.sections.some((s) => s.attention);
  }

  /** Why the review needs a reviewer, one phrase per stack and reason, e.g. `stack orders: access widened`. */
  public get reasons(): string[] {
    const byWhere = new Map<string, string[]>();
    for (const s of this.sections) {
      if (!s.attention || !s.reason) continue;
      const where = s.stack === undefined ? s.title.toLowerCase().replace(/ \(.*$/, '') : `stack ${this.stackLabel(s.stack)}`;
      const list = byWhere.get(where) ?? [];
      if (!list.includes(s.reason)) list.push(s.reason);
      byWhere.set(where, list);
    }
    return [...byWhere].map(([where, why]) => `${where}: ${why.join(', ')}`);
  }

  /** The verdict line. */
  public verdict(): string {
    if (this.attention) return `Needs review: ${this.reasons.join('; ')}.`;
    const tenant = this.input.tenant ? ', no access outside code' : '';
    return `Nothing destroyed or replaced, no access widened, no new rights needed${tenant}.`;
  }

  /** Plain text: the verdict, then each stack's sections and the sections about the whole change. */
  public toText(): string {
    const lines = [`Identity review of ${this.input.baseArg} -> ${this.input.changeArg}: ${this.verdict()}`];
    for (const [stack, sections] of this.groups()) {
      lines.push('', stack === undefined ? sections[0].title : `Stack ${this.stackLabel(stack)}`);
      for (const s of sections) {
        const indent = stack === undefined ? '' : '  ';
        lines.push(`${indent}${stack === undefined ? '' : `${s.title}: `}${s.summary}`);
        for (const i of s.items) lines.push(`${indent}  ${i.attention ? '!' : '-'} ${i.kind}: ${i.text}`);
        for (const n of s.notes) lines.push(`${indent}  (${n})`);
      }
    }
    return `${lines.join('\n')}\n`;
  }

  /**
   * Markdown for one pull-request comment: a heading with the verdict, then what happened per
   * stack. When nothing happens it is three lines.
   */
  public toMarkdown(): string {
    const lines = [`### Entra identity review: ${this.attention ? 'needs review' : 'nothing to review'}`, '', esc(this.verdict())];
    const loud = this.sections.filter((s) => !s.quiet);
    if (loud.length === 0) {
      const stacks = this.input.stacks.map((s) => `\`${this.stackLabel(s.name)}\``).join(', ');
      if (stacks) lines.push('', `Stacks: ${stacks}.`);
      return `${lines.join('\n')}\n`;
    }
    for (const [stack, sections] of this.groups()) {
      const shown = sections.filter((s) => !s.quiet);
      if (shown.length === 0) continue;
      lines.push('', stack === undefined ? `#### ${esc(sections[0].title)}` : `#### Stack \`${this.stackLabel(stack)}\``);
      for (const s of shown) {
        lines.push('', `${stack === undefined ? '' : `**${esc(s.title)}**: `}${esc(s.summary)}`);
        if (s.items.length > 0) lines.push('');
        for (const i of s.items) lines.push(`- **${esc(i.kind)}**: ${esc(i.text)}`);
        if (s.notes.length > 0) {
          lines.push('', '<details><summary>Notes</summary>', '');
          for (const n of s.notes) lines.push(`- ${esc(n)}`);
          lines.push('', '</details>');
        }
      }
      const calm = sections.filter((s) => s.quiet);
      if (stack !== undefined && calm.length > 0) lines.push('', calm.map((s) => `${esc(s.title)}: ${esc(s.summary)}`).join(' '));
    }
    return `${lines.join('\n')}\n`;
  }

  /** JSON for tools: `{ version, attention, reasons, verdict, stacks: [{ name, sections }], sections }`. */
  public toJson(): string {
    const strip = (s: ReviewSection) => ({
      id: s.id, title: s.title, attention: s.attention, reason: s.reason, summary: s.summary, items: s.items, notes: s.notes, data: s.data,
    });
    return `${JSON.stringify({
      version: 1,
      base: this.input.baseArg,
      change: this.input.changeArg,
      attention: this.attention,
      reasons: this.reasons,
      verdict: this.verdict(),
      stacks: this.input.stacks.map((st) => ({ name: st.name, sections: this.sections.filter((s) => s.stack === st.name).map(strip) })),
      sections: this.sections.filter((s) => s.stack === undefined).map(strip),
    }, null, 2)}\n`;
  }

  /** Sections grouped by stack (in the input's order), then the sections about the whole change (each on its own). */
  private groups(): [string | undefined, ReviewSection[]][] {
    const out: [string | undefined, ReviewSection[]][] = this.input.stacks
      .map((st) => [st.name, this.sections.filter((s) => s.stack === st.name)] as [string, ReviewSection[]])
      .filter(([, list]) => list.length > 0);
    for (const s of this.sections) if (s.stack === undefined) out.push([undefined, [s]]);
    return out;
  }

  private stackLabel(name: string): string {
    return name === '' ? '(stack)' : name;
  }
}

function esc(s: string): string {
  return s.replace(/([*_`|<>\\[\]])/g, '\\$1');
}
