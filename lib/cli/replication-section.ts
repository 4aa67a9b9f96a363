// The review's "Replication wait" section: which replication gates (the `time_sleep` each new
// registration gets, lib/private/replication-gate.ts) the apply of the change creates or replaces,
// how long that waits, why (which triggers are new), and what new or changed resources wait on
// them. Informational: a wait is never a reason for review. Read from the two synths' cdk.tf.json
// only, so it loads no cdktf.
import type { ReviewItem, ReviewSectionProducer } from './review';

type Json = Record<string, any>;

/** One gate of the change, compared with the base. */
export interface GateReview {
  /** `time_sleep.<name>`. */
  readonly address: string;
  /** Its `create_duration`, e.g. `60s`. */
  readonly createDuration: string;
  /** `new` (the base has no such gate), `replaced` (a trigger changed) or `unchanged`. */
  readonly status: 'new' | 'replaced' | 'unchanged';
  /** Trigger keys the change adds, removes and changes (e.g. `appRole:Orders.Export`). */
  readonly triggersAdded: string[];
  readonly triggersRemoved: string[];
  readonly triggersChanged: string[];
  /** New or changed resources that depend on it, sorted. */
  readonly waiting: string[];
}

/** The library's gates in a stack: `time_sleep` resources whose triggers name a registration's ids. */
function gatesOf(json: Json | undefined): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [name, body] of Object.entries<Json>(json?.resource?.time_sleep ?? {})) {
    const t = body?.triggers;
    if (t && typeof t === 'object' && 'clientId' in t && 'servicePrincipalObjectId' in t) out.set(`time_sleep.${name}`, body);
  }
  return out;
}

/**
 * A resource's body without what does not change the resource itself (`depends_on`, metadata);
 * with `moved`, a base body's references to moved addresses are rewritten to the new ones.
 */
function comparable(body: Json | undefined, moved?: Map<string, string>): string | undefined {
  if (body === undefined) return undefined;
  const { depends_on: _d, '//': _m, ...rest } = body;
  return renamed(JSON.stringify(rest), moved);
}

/** `text` with each `${old.address` of a moved resource written as its new address. */
function renamed(text: string, moved?: Map<string, string>): string {
  if (!moved || moved.size === 0) return text;
  let out = text;
  for (const [to, from] of moved) out = out.split(`\${${from}.`).join(`\${${to}.`);
  return out;
}

/** Whether a base trigger value and a change trigger value are the same id, reading moved references as moved. */
function sameValue(then: unknown, now: unknown, moved: Map<string, string>): boolean {
  return typeof then === 'string' && typeof now === 'string' ? renamed(then, moved) === now : then === now;
}

/** Every gate of the change, compared with the base, with what waits on it. */
export function reviewGates(baseJson: Json | undefined, changeJson: Json): GateReview[] {
  const base = gatesOf(baseJson);
  const resources = (json: Json | undefined) => new Map(Object.entries<Json>(json?.resource ?? {})
    .flatMap(([type, byName]) => Object.entries<Json>(byName ?? {}).map(([name, body]) => [`${type}.${name}`, body] as [string, Json])));
  const before = resources(baseJson);
  const after = resources(changeJson);
  // A moved block carries a resource (a gate, what waits on it) to a new address: compare it with its old one.
  // Only a move from an address the base has carries anything (Terraform ignores the others, e.g. a
  // grant's moved block from the address an earlier version gave it, kept after it was applied).
  const movedFrom = new Map<string, string>();
  for (const m of Array.isArray(changeJson.moved) ? changeJson.moved : []) {
    if (typeof m?.from === 'string' && typeof m?.to === 'string' && before.has(m.from)) movedFrom.set(m.to, m.from);
  }
  const was = (address: string) => movedFrom.get(address) ?? address;
  const out: GateReview[] = [];
  for (const [address, gate] of gatesOf(changeJson)) {
    const old = base.get(was(address));
    const now: Json = gate.triggers;
    const then: Json = old?.triggers ?? {};
    const triggersAdded = old ? Object.keys(now).filter((k) => !(k in then)).sort() : [];
    const triggersRemoved = old ? Object.keys(then).filter((k) => !(k in now)).sort() : [];
    const triggersChanged = old ? Object.keys(now).filter((k) => k in then && !sameValue(then[k], now[k], movedFrom)).sort() : [];
    const status = !old ? 'new' : triggersAdded.length + triggersRemoved.length + triggersChanged.length > 0 ? 'replaced' : 'unchanged';
    const waiting = [...after].filter(([a, body]) => Array.isArray(body?.depends_on) && body.depends_on.includes(address)
      && comparable(before.get(was(a)), movedFrom) !== comparable(body)).map(([a]) => a).sort();
    out.push({ address, createDuration: String(gate.create_duration ?? '0s'), status, triggersAdded, triggersRemoved, triggersChanged, waiting });
  }
  return out.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

function list(xs: readonly string[], max = 5): string {
  return xs.length > max ? `${xs.slice(0, max).join(', ')} and ${xs.length - max} more` : xs.join(', ');
}

/** Per stack: what the apply of the change waits for Entra to replicate, and why. */
export const REPLICATION_SECTION: ReviewSectionProducer = {
  id: 'replication',
  produce(input) {
    return input.stacks.filter((s) => s.change).map((s) => {
      const title = 'Replication wait';
      const gates = reviewGates(s.base ? JSON.parse(s.base.json) : undefined, JSON.parse(s.change!.json));
      const waits = gates.filter((g) => g.status !== 'unchanged');
      const items: ReviewItem[] = waits.map((g) => {
        const why = g.status === 'new'
          ? 'new: its registration is new, or this is the first apply since the library added gates'
          : `replaced: ${[
            g.triggersAdded.length ? `${list(g.triggersAdded)} added` : '',
            g.triggersRemoved.length ? `${list(g.triggersRemoved)} removed` : '',
            g.triggersChanged.length ? `${list(g.triggersChanged)} changed` : '',
          ].filter(Boolean).join('; ')}`;
        const what = g.waiting.length > 0 ? `then ${list(g.waiting)} ${g.waiting.length === 1 ? 'is' : 'are'} made` : 'nothing that changes waits on it';
        return { kind: 'waits', attention: false, text: `${g.address} waits ${g.createDuration} (${why}); ${what}.` };
      });
      const waiting = new Set(waits.flatMap((g) => g.waiting));
      const longest = waits.map((g) => g.createDuration).sort((a, b) => parseFloat(b) - parseFloat(a))[0];
      return {
        id: this.id,
        title,
        stack: s.name,
        attention: false,
        summary: waits.length === 0
          ? 'No wait: nothing references a registration, app role or scope that is new in this change.'
          : `The apply waits up to ${longest} on ${waits.length} replication gate(s) for Entra to replicate what is new, `
            + `before ${waiting.size} new or changed resource(s) that reference it.`,
        items,
        notes: [],
        quiet: waits.length === 0,
        data: { version: 1, gates },
      };
    });
  },
};
