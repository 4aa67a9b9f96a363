// The review's "Required rights" section: every right the change needs that the base did not, so a
// reviewer sees the pipeline will need it before the apply fails with Authorization_RequestDenied.
// Computed from the two synths' cdk.tf.json (lib/rights), so it needs no required-rights.json and
// loads no cdktf.
import { computeRequiredRights, diffRequiredRights } from '../rights/compute';
import type { AzureRoleRequirement, GraphRightRequirement, RequiredRightsModel, RightReason } from '../rights/model';
import { REQUIRED_RIGHTS_SCHEMA_VERSION } from '../rights/model';
import type { ReviewItem, ReviewSectionProducer } from './review';

const EMPTY = (stack: string): RequiredRightsModel => ({ version: REQUIRED_RIGHTS_SCHEMA_VERSION, stack, graph: [], azure: [], uncovered: [] });

function why(reasons: readonly RightReason[]): string {
  const shown = reasons.slice(0, 3).map((r) => `${r.address} (${r.action})`).join('; ');
  return reasons.length > 3 ? `${shown}; and ${reasons.length - 3} more` : shown;
}

const azureKey = (a: AzureRoleRequirement) => `${a.role} at ${a.scope}`;

/**
 * Per stack: the Microsoft Graph permissions and Azure roles the change needs and the base did
 * not. One identity usually applies every stack of a change (a `DeploymentIdentity`), so a right
 * needs review (exit 3) when no stack of the base needed it; a right new to one stack that another
 * stack of the base needed already is listed without failing.
 */
export const RIGHTS_SECTION: ReviewSectionProducer = {
  id: 'rights',
  produce(input) {
    const models = input.stacks.map((s) => ({
      name: s.name,
      base: s.base ? computeRequiredRights(JSON.parse(s.base.json)) : undefined,
      change: s.change ? computeRequiredRights(JSON.parse(s.change.json)) : undefined,
    }));
    const heldBy = new Map<string, string[]>();
    const hold = (key: string, stack: string) => heldBy.set(key, [...(heldBy.get(key) ?? []), stack]);
    for (const m of models) {
      for (const g of m.base?.graph ?? []) hold(g.permission, m.name);
      for (const a of m.base?.azure ?? []) hold(azureKey(a), m.name);
    }
    return models.map((m) => {
      const title = 'Required rights';
      const diff = diffRequiredRights(m.base ?? EMPTY(m.name), m.change ?? EMPTY(m.name));
      const items: ReviewItem[] = [];
      const graphItem = (g: GraphRightRequirement): ReviewItem => {
        const others = heldBy.get(g.permission);
        return others
          ? { kind: 'new to this stack', attention: false, text: `${g.permission} (${g.id}), which the base needed already for stack ${others.join(', ')}: needed by ${why(g.reasons)}` }
          : { kind: 'new right', attention: true, text: `Microsoft Graph ${g.permission} (${g.id}), which no stack of the base needed: needed by ${why(g.reasons)}` };
      };
      const azureItem = (a: AzureRoleRequirement): ReviewItem => {
        const others = heldBy.get(azureKey(a));
        return others
          ? { kind: 'new to this stack', attention: false, text: `Azure ${a.role} (${a.id}) at ${a.scope}, which the base needed already for stack ${others.join(', ')}: needed by ${why(a.reasons)}` }
          : { kind: 'new Azure role', attention: true, text: `Azure ${a.role} (${a.id}) at ${a.scope}: needed by ${why(a.reasons)}` };
      };
      items.push(...diff.addedGraph.map(graphItem), ...diff.addedAzure.map(azureItem));
      const fresh = items.filter((i) => i.attention);
      items.sort((x, y) => Number(y.attention) - Number(x.attention));
      for (const p of diff.removedGraph) items.push({ kind: 'no longer needed', attention: false, text: `Microsoft Graph ${p}: no resource of this stack needs it now` });
      for (const a of diff.removedAzure) items.push({ kind: 'no longer needed', attention: false, text: `Azure ${a}: no resource of this stack needs it now` });

      const notes: string[] = [];
      const baseTypes = new Set((m.base?.uncovered ?? []).map((u) => u.type));
      const newTypes = (m.change?.uncovered ?? []).map((u) => u.type).filter((t) => !baseTypes.has(t));
      if (newTypes.length > 0) notes.push(`rights not computed for ${newTypes.join(', ')} (not in the rights table): check them by hand`);
      const added = diff.addedGraph.map((g) => g.permission).concat(diff.addedAzure.map((a) => `${a.role} at ${a.scope}`));
      const summary = fresh.length > 0
        ? `The change needs ${fresh.length} right(s) the pipeline's identity did not need: ${fresh.map((i) => i.text.split(' (')[0].replace(/^(Microsoft Graph|Azure) /, '')).join(', ')}.`
        : added.length > 0
          ? `New to this stack, needed by another stack already: ${added.join(', ')}.`
          : diff.removedGraph.length + diff.removedAzure.length > 0
            ? `No new rights needed; ${diff.removedGraph.length + diff.removedAzure.length} no longer needed.`
            : 'No new rights needed.';
      return {
        id: 'rights',
        title,
        stack: m.name,
        attention: fresh.length > 0,
        reason: fresh.length > 0 ? 'new rights needed' : undefined,
        summary,
        items,
        notes,
        quiet: items.length === 0 && notes.length === 0,
        data: { version: REQUIRED_RIGHTS_SCHEMA_VERSION, ...diff, rights: m.change ?? null },
      };
    });
  },
};
