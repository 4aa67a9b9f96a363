// Markdown and Mermaid renderings of an access map. Pure functions of the model.
import type { PrincipalKind } from '../principal';
import { renderRequiredRightsMarkdown } from '../rights/compute';
import type { RequiredRightsModel } from '../rights/model';
import { AccessMapApi, AccessMapEntry, AccessMapModel, AccessMapPrincipal, AccessType, ApiSource, GrantedVia } from './model';
import { CLIENT_PRINCIPAL_KIND, SYSTEM_ASSIGNED, accessLabel, compareStrings, isAppPrincipalKind, kindLabel } from './schema';

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const t = text.replace(/\r?\n/g, ' ');
  return t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}

function yesNo(b: boolean | undefined): string {
  return b === undefined ? 'unknown' : b ? 'yes' : 'no';
}

/** "How granted" for one entry. */
function howGranted(e: AccessMapEntry): string {
  if (e.grantedVia === GrantedVia.APP_ROLE_ASSIGNMENT) return `app role assignment ${code(e.grantPath)}`;
  const parts = ['delegated (requested by the client)'];
  if (e.preAuthorized) parts.push('pre-authorized');
  if (e.adminConsent) parts.push('admin consent');
  return parts.join(', ');
}

function principalCell(name: string, path: string): string {
  return name === path ? code(path) : `${cell(name)} (${code(path)})`;
}

function apiSection(api: AccessMapApi): string[] {
  const out: string[] = [];
  out.push(`### ${cell(api.name)}`, '');
  out.push(`- Construct: ${code(api.path)}`);
  out.push(`- Registered: ${api.source === ApiSource.THIS_PROGRAM ? 'in this program' : 'elsewhere (only what this program uses is shown)'}`);
  out.push(`- Identifier URI: ${api.identifierUri !== undefined ? code(api.identifierUri)
    : api.noIdentifierUri ? 'none (clients name the API by its client id: `{client id}/.default`)' : '`api://{client id}` (known at apply)'}`);
  out.push(`- Assignment required: ${yesNo(api.appRoleAssignmentRequired)}`, '');
  if (api.access.length === 0) {
    out.push('Nobody in this program is granted a role or scope of this API.', '');
  } else {
    out.push('| Principal | Kind | Role or scope | How granted |', '| --- | --- | --- | --- |');
    for (const e of api.access) {
      out.push(`| ${principalCell(e.principalName, e.principal)} | ${kindLabel(e.principalKind, e.clientType)} | ${accessLabel(e.accessType)} ${code(e.value)} | ${howGranted(e)} |`);
    }
    out.push('');
  }
  if (api.appRoles.length + api.scopes.length > 0) {
    out.push('| Role or scope | Type | Id | Member types / consent | Enabled |', '| --- | --- | --- | --- | --- |');
    for (const r of api.appRoles) {
      out.push(`| ${code(r.value)} | app role | ${r.id !== undefined ? code(r.id) : 'known at apply'} | ${r.allowedMemberTypes ? r.allowedMemberTypes.join(', ') : 'unknown'} | ${yesNo(r.enabled)} |`);
    }
    for (const s of api.scopes) {
      out.push(`| ${code(s.value)} | scope | ${s.id !== undefined ? code(s.id) : 'known at apply'} | ${s.consentType !== undefined ? `${s.consentType} consent` : 'unknown'} | ${yesNo(s.enabled)} |`);
    }
    out.push('');
  }
  return out;
}

/** The Markdown report, with a diagram that stays within `limits`. */
export function renderMarkdown(model: AccessMapModel, limits: DiagramLimits = MERMAID_DEFAULT_LIMITS, rights?: RequiredRightsModel): string {
  const out: string[] = [];
  out.push(`# Access map of stack ${code(model.stack)}`, '');
  out.push('Who can call which API, with which role or scope, as declared in this program (cdktf-entra-identity, access map schema '
    + `version ${model.version}). Values known only after apply (object ids, client ids) are shown by construct path and display name.`, '');
  out.push('## APIs', '');
  if (model.apis.length === 0) out.push('No API is declared or used in this stack.', '');
  for (const api of model.apis) out.push(...apiSection(api));

  if (model.clients.length > 0) {
    out.push('## Clients', '');
    out.push('| Client | Type | Requests | Pre-authorized | Admin consent |', '| --- | --- | --- | --- | --- |');
    const apiName = new Map(model.apis.map((a) => [a.path, a.name]));
    for (const c of model.clients) {
      const rows = [
        ...c.scopes.map((s) => [`scope ${code(s.value)} on ${cell(apiName.get(s.api) ?? s.api)}`, yesNo(s.preAuthorized), yesNo(s.adminConsent)]),
        ...c.appRoles.map((r) => [`app role ${code(r.value)} on ${cell(apiName.get(r.api) ?? r.api)}`, 'n/a', 'yes (assignment)']),
      ];
      if (rows.length === 0) rows.push(['nothing', '', '']);
      for (const [what, pre, consent] of rows) {
        out.push(`| ${principalCell(c.name, c.path)} | ${kindLabel(CLIENT_PRINCIPAL_KIND, c.clientType)} | ${what} | ${pre} | ${consent} |`);
      }
    }
    out.push('');
  }

  if (model.workloadIdentities.length > 0) {
    out.push('## Workload identities', '');
    out.push('| Identity | Type | Carried by | Holds |', '| --- | --- | --- | --- |');
    // What each principal holds, indexed once: a stack may have many identities and many grants.
    const held = new Map<string, string[]>();
    for (const a of model.apis) {
      for (const e of a.access) {
        const text = `${accessLabel(e.accessType)} ${code(e.value)} on ${cell(a.name)}`;
        const list = held.get(e.principal);
        if (list) list.push(text);
        else held.set(e.principal, [text]);
      }
    }
    for (const w of model.workloadIdentities) {
      const hosts = w.carriedBy.length === 0 ? 'no app in this program'
        : w.carriedBy.map((h) => `${principalCell(h.name, h.path)}${h.defaultCredential ? ' (its code signs in with it)' : ''}`).join('<br>');
      const holds = (w.principal !== undefined ? held.get(w.principal) : undefined) ?? [];
      out.push(`| ${principalCell(w.name, w.path)} | ${w.identityType === SYSTEM_ASSIGNED ? 'system-assigned' : 'user-assigned'} | ${hosts} | ${holds.length > 0 ? holds.join('<br>') : 'no API role'} |`);
    }
    out.push('');
  }

  const members = model.principals.filter((p) => p.memberOf.length > 0);
  if (members.length > 0) {
    out.push('## Group memberships declared here', '');
    out.push('| Member | Kind | Groups |', '| --- | --- | --- |');
    for (const p of members) {
      out.push(`| ${principalCell(p.name, p.path)} | ${kindLabel(p.kind, p.clientType)} | ${p.memberOf.map(code).join(', ')} |`);
    }
    out.push('');
  }

  out.push('## Findings', '');
  if (model.findings.length === 0) {
    out.push('None.', '');
  } else {
    out.push('| Severity | Finding | Subject | Detail |', '| --- | --- | --- | --- |');
    for (const f of model.findings) out.push(`| ${f.severity} | ${f.code} | ${code(f.subject)} | ${cell(f.message)} |`);
    out.push('');
  }

  if (rights !== undefined) out.push(renderRequiredRightsMarkdown(rights, '##', false));

  const diagram = renderDiagram(model, limits);
  out.push('## Diagram', '');
  if (diagram.summary !== undefined) out.push(`${diagram.summary} The tables above list every grant.`, '');
  out.push('```mermaid', diagram.text.trimEnd(), '```', '');
  return out.join('\n');
}

/** Mermaid node shapes per class: [open, close]. */
const SHAPES: Record<string, [string, string]> = {
  api: ['[[', ']]'],
  role: ['(', ')'],
  scope: ['([', '])'],
  group: ['{{', '}}'],
  user: ['[/', '\\]'],
  sp: ['[\\', '/]'],
  mi: ['[/', '/]'],
  client: ['>', ']'],
  host: ['[(', ')]'],
  table: ['[', ']'],
};

const CLASS_DEFS: [string, string][] = [
  ['api', 'fill:#e8f0fe,stroke:#1a73e8,stroke-width:2px'],
  ['role', 'fill:#fef7e0,stroke:#b06000'],
  ['scope', 'fill:#e6f4ea,stroke:#137333'],
  ['group', 'fill:#f3e8fd,stroke:#8430ce'],
  ['user', 'fill:#fce8e6,stroke:#c5221f'],
  ['sp', 'fill:#e0f7fa,stroke:#007b83'],
  ['mi', 'fill:#fff3e0,stroke:#e65100'],
  ['client', 'fill:#e8eaed,stroke:#3c4043'],
  ['host', 'fill:#ffffff,stroke:#5f6368,stroke-dasharray:3 3'],
  ['table', 'fill:#f1f3f4,stroke:#5f6368,stroke-width:2px'],
  ['disabled', 'stroke-dasharray:5 5,color:#80868b'],
];

/** What Mermaid draws at most; past either limit it shows an error instead of the diagram. */
export interface DiagramLimits {
  readonly maxEdges: number;
  readonly maxTextSize: number;
}

/** Mermaid's own defaults (`maxEdges`, `maxTextSize`), which GitHub and most viewers keep. */
export const MERMAID_DEFAULT_LIMITS: DiagramLimits = { maxEdges: 500, maxTextSize: 50_000 };

/** Text safe inside a quoted Mermaid label. */
function label(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[\r\n]+/g, ' ');
}

/** A whole number with thousands separators, the same on every machine. */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The node class of each principal kind; typed against the enum, so a new kind needs one. */
const PRINCIPAL_CLASSES: Record<`${PrincipalKind}`, string> = {
  Group: 'group',
  User: 'user',
  ServicePrincipal: 'sp',
  ManagedIdentity: 'mi',
};

function principalClass(kind: string, clientType: string | undefined): string {
  if (clientType !== undefined || kind === CLIENT_PRINCIPAL_KIND) return 'client';
  return (PRINCIPAL_CLASSES as Record<string, string | undefined>)[kind] ?? 'sp';
}

/** How many principals of a class: "1 group", "480 groups". */
function principals(cls: string, n: number): string {
  const [one, many] = ({
    group: ['group', 'groups'], user: ['user', 'users'], sp: ['service principal', 'service principals'],
    mi: ['managed identity', 'managed identities'], client: ['client', 'clients'],
  } as Record<string, [string, string]>)[cls] ?? [cls, cls];
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** Classes in a fixed order, for labels that list counts per class. */
const CLASS_ORDER = ['group', 'user', 'sp', 'mi', 'client'];

/**
 * A Mermaid flowchart under construction. Every operation is O(1) (amortized), so a graph of
 * N nodes and edges costs O(N) to build and render.
 */
class MermaidGraph {
  private readonly ids = new Map<string, string>();
  private readonly used = new Set<string>();
  /** The next numeric suffix to try per base id, so colliding bases do not rescan from 2. */
  private readonly nextSuffix = new Map<string, number>();
  private readonly nodes: string[] = [];
  private readonly edges = new Set<string>();
  private readonly classes = new Map<string, string[]>();

  /** How many distinct edges the graph has: what Mermaid's maxEdges counts. */
  public get edgeCount(): number {
    return this.edges.size;
  }

  /** Declares a node once (by key) and returns its id. */
  public node(key: string, cls: string, text: string): string {
    const existing = this.ids.get(key);
    if (existing) return existing;
    const base = `${cls}_${key.slice(key.indexOf(':') + 1).replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'x'}`;
    let id = base;
    if (this.used.has(id)) {
      let n = this.nextSuffix.get(base) ?? 2;
      while (this.used.has(`${base}_${n}`)) n++;
      id = `${base}_${n}`;
      this.nextSuffix.set(base, n + 1);
    }
    this.used.add(id);
    this.ids.set(key, id);
    const [open, close] = SHAPES[cls];
    this.nodes.push(`  ${id}${open}"${label(text)}"${close}`);
    this.addClass(cls, id);
    return id;
  }

  public addClass(cls: string, id: string): void {
    const ids = this.classes.get(cls);
    if (ids) ids.push(id);
    else this.classes.set(cls, [id]);
  }

  public edge(from: string, to: string, text?: string, dotted = false): void {
    const arrow = dotted ? '-.->' : '-->';
    this.edges.add(`  ${from} ${arrow}${text !== undefined ? `|"${label(text)}"|` : ''} ${to}`);
  }

  /** The flowchart; `notes` become `%%` comments after the title. Only the classes in use are defined. */
  public render(title: string, notes: string[] = []): string {
    const lines = ['flowchart LR', `  %% ${label(title)}`, ...notes.map((n) => `  %% ${label(n)}`)];
    for (const [cls, style] of CLASS_DEFS) if (this.classes.has(cls)) lines.push(`  classDef ${cls} ${style}`);
    lines.push(...this.nodes, ...this.edges);
    for (const [cls] of CLASS_DEFS) {
      const ids = this.classes.get(cls);
      if (ids && ids.length > 0) lines.push(`  class ${ids.join(',')} ${cls}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

/** Draws the API's roles and scopes, each joined to the API; returns the API's node id. */
function drawApi(g: MermaidGraph, api: AccessMapApi): string {
  const apiId = g.node(`api:${api.path}`, 'api', api.name);
  for (const r of api.appRoles) {
    const id = g.node(`role:${api.path}:${r.value}`, 'role', r.enabled === false ? `${r.value} (disabled)` : r.value);
    if (r.enabled === false) g.addClass('disabled', id);
    g.edge(id, apiId);
  }
  for (const s of api.scopes) {
    const id = g.node(`scope:${api.path}:${s.value}`, 'scope', s.enabled === false ? `${s.value} (disabled)` : s.value);
    if (s.enabled === false) g.addClass('disabled', id);
    g.edge(id, apiId);
  }
  return apiId;
}

/** The node of the role or scope an entry is about (declared by drawApi, or now). */
function accessNode(g: MermaidGraph, api: AccessMapApi, e: AccessMapEntry): string {
  return e.accessType === AccessType.SCOPE
    ? g.node(`scope:${api.path}:${e.value}`, 'scope', e.value)
    : g.node(`role:${api.path}:${e.value}`, 'role', e.value);
}

/** One principal's edge to a role or scope, labelled as the full diagram labels it. */
function drawEntry(g: MermaidGraph, api: AccessMapApi, e: AccessMapEntry): void {
  const from = g.node(`principal:${e.principal}`, principalClass(e.principalKind, e.clientType), e.principalName);
  if (e.accessType === AccessType.SCOPE) {
    const flags = [e.preAuthorized ? 'pre-authorized' : undefined, e.adminConsent ? 'admin consent' : undefined].filter(Boolean);
    g.edge(from, accessNode(g, api, e), flags.length > 0 ? `delegated, ${flags.join(', ')}` : 'delegated', true);
  } else {
    g.edge(from, accessNode(g, api, e), 'assigned');
  }
}

/** Apps that carry workload identities: host -> identity. */
function drawHosts(g: MermaidGraph, model: AccessMapModel, principalByPath: Map<string, AccessMapPrincipal>): void {
  for (const w of model.workloadIdentities) {
    if (w.principal === undefined) continue;
    const p = principalByPath.get(w.principal);
    const pid = g.node(`principal:${w.principal}`, principalClass(p?.kind ?? ('ManagedIdentity' satisfies `${PrincipalKind}`), p?.clientType), p?.name ?? w.name);
    for (const h of w.carriedBy) g.edge(g.node(`host:${h.path}`, 'host', h.name), pid, h.defaultCredential ? 'carries, signs in with' : 'carries');
  }
}

/** Group memberships declared in the stack: member -> group. Drawn last, so the groups are already declared with their roles. */
function drawMemberships(g: MermaidGraph, model: AccessMapModel, principalByPath: Map<string, AccessMapPrincipal>): void {
  for (const p of [...model.principals].sort((a, b) => compareStrings(a.path, b.path))) {
    if (p.memberOf.length === 0) continue;
    const from = g.node(`principal:${p.path}`, principalClass(p.kind, p.clientType), p.name);
    for (const group of p.memberOf) {
      const gp = principalByPath.get(group);
      const to = g.node(`principal:${group}`, 'group', gp?.name ?? group);
      g.edge(from, to, isAppPrincipalKind(p.kind) ? 'member of (no roles claim)' : 'member of', true);
    }
  }
}

/** Items grouped by a key, in first-seen order: how many, and the first of them. */
function tally<T>(items: Iterable<T>, keyOf: (t: T) => string): Map<string, { n: number; first: T }> {
  const out = new Map<string, { n: number; first: T }>();
  for (const t of items) {
    const k = keyOf(t);
    const seen = out.get(k);
    if (seen) seen.n++;
    else out.set(k, { n: 1, first: t });
  }
  return out;
}

/** The distinct principals of `entries` by class. */
function holdersByClass(entries: readonly AccessMapEntry[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of entries) {
    const cls = principalClass(e.principalKind, e.clientType);
    const set = out.get(cls);
    if (set) set.add(e.principal);
    else out.set(cls, new Set([e.principal]));
  }
  return out;
}

/** "300 groups, 150 users", in a fixed order of classes. */
function holdersText(holders: Map<string, Set<string>>): string {
  return CLASS_ORDER.filter((c) => holders.has(c)).map((c) => principals(c, holders.get(c)!.size)).join(', ');
}

/** The full diagram: every principal, grant, identity and membership. */
function fullGraph(model: AccessMapModel): MermaidGraph {
  const g = new MermaidGraph();
  const principalByPath = new Map(model.principals.map((p) => [p.path, p]));
  drawHosts(g, model, principalByPath);
  for (const api of model.apis) {
    drawApi(g, api);
    for (const e of api.access) drawEntry(g, api, e);
  }
  drawMemberships(g, model, principalByPath);
  return g;
}

/** Each grants table as one node with its row counts per role; everything else as in full. */
function tableGraph(model: AccessMapModel): MermaidGraph {
  const g = new MermaidGraph();
  const principalByPath = new Map(model.principals.map((p) => [p.path, p]));
  drawHosts(g, model, principalByPath);
  for (const api of model.apis) {
    drawApi(g, api);
    const rows = new Map<string, AccessMapEntry[]>();
    for (const e of api.access) {
      if (e.table === undefined) {
        drawEntry(g, api, e);
        continue;
      }
      const list = rows.get(e.table);
      if (list) list.push(e);
      else rows.set(e.table, [e]);
    }
    for (const [table, entries] of rows) {
      const id = g.node(`table:${table}`, 'table', `${table} (grants table): ${count(entries.length)} rows, ${holdersText(holdersByClass(entries))}`);
      for (const { n, first } of tally(entries, (e) => e.value).values()) g.edge(id, accessNode(g, api, first), `assigned to ${count(n)}`);
    }
  }
  drawMemberships(g, model, principalByPath);
  return g;
}

/** Per API, principals counted by kind, with how many of each hold each role or scope. */
function kindGraph(model: AccessMapModel): MermaidGraph {
  const g = new MermaidGraph();
  for (const api of model.apis) {
    drawApi(g, api);
    const byClass = new Map<string, AccessMapEntry[]>();
    for (const e of api.access) {
      const cls = principalClass(e.principalKind, e.clientType);
      const list = byClass.get(cls);
      if (list) list.push(e);
      else byClass.set(cls, [e]);
    }
    for (const cls of CLASS_ORDER) {
      const entries = byClass.get(cls);
      if (!entries) continue;
      const id = g.node(`kind:${api.path}:${cls}`, cls, principals(cls, new Set(entries.map((e) => e.principal)).size));
      for (const { n, first } of tally(entries, (e) => `${e.accessType}:${e.value}`).values()) {
        const scope = first.accessType === AccessType.SCOPE;
        g.edge(id, accessNode(g, api, first), `${scope ? 'delegated to' : 'assigned to'} ${count(n)}`, scope);
      }
    }
  }
  return g;
}

/** One node per API with its numbers, and per kind of principal one edge with the number of grants. */
function apiGraph(model: AccessMapModel): MermaidGraph {
  const g = new MermaidGraph();
  for (const api of model.apis) {
    const apiId = g.node(`api:${api.path}`, 'api', `${api.name}: ${count(api.appRoles.length)} app roles, ${count(api.scopes.length)} scopes`);
    const holders = holdersByClass(api.access);
    const grants = tally(api.access, (e) => principalClass(e.principalKind, e.clientType));
    for (const cls of CLASS_ORDER) {
      const n = grants.get(cls)?.n;
      if (n === undefined) continue;
      g.edge(g.node(`kind:${api.path}:${cls}`, cls, principals(cls, holders.get(cls)!.size)), apiId, `${count(n)} ${n === 1 ? 'grant' : 'grants'}`);
    }
  }
  return g;
}

/** The ways to draw a map, from the full diagram to the coarsest summary, with what each summary leaves out. */
const LEVELS: { readonly build: (m: AccessMapModel) => MermaidGraph; readonly how?: string }[] = [
  { build: fullGraph },
  { build: tableGraph, how: 'each grants table (AppRoleAssignmentTable) is one node, with the number of its rows that hold each role' },
  { build: kindGraph, how: 'principals are counted by kind for each API, with the number that hold each role or scope; the apps that carry identities and group memberships are left out' },
  { build: apiGraph, how: 'each API is one node with its numbers of roles and scopes, and each kind of principal one node with its number of grants' },
];

/** A diagram that fits the limits, and, when it is a summary, why and how. */
export interface Diagram {
  readonly text: string;
  /** Undefined for the full diagram. */
  readonly summary?: string;
}

/**
 * A lower bound of the full diagram's edges, counted without building it: one per role and
 * scope (to its API), and one per principal and role or scope it holds.
 */
function fullEdgesAtLeast(model: AccessMapModel): number {
  let n = 0;
  for (const api of model.apis) {
    const held = new Set<string>();
    for (const e of api.access) held.add(`${e.principal}\u0000${e.accessType}\u0000${e.value}`);
    n += api.appRoles.length + api.scopes.length + held.size;
  }
  return n;
}

/** The Mermaid flowchart: principals and clients -> roles and scopes -> APIs, summarized as far as needed to stay within `limits`. */
export function renderMermaid(model: AccessMapModel, limits: DiagramLimits = MERMAID_DEFAULT_LIMITS): string {
  return renderDiagram(model, limits).text;
}

/** The Mermaid flowchart of the map, summarized as far as needed to stay within `limits`. */
export function renderDiagram(model: AccessMapModel, limits: DiagramLimits = MERMAID_DEFAULT_LIMITS): Diagram {
  const title = `Access map of stack ${model.stack}`;
  const over = (edges: number, chars?: number): string => {
    const parts = [edges > limits.maxEdges ? `${count(edges)} edges` : undefined, chars !== undefined ? `${count(chars)} characters` : undefined];
    return `The full diagram would have ${parts.filter(Boolean).join(' and ')}; Mermaid draws at most `
      + `${count(limits.maxEdges)} edges and ${count(limits.maxTextSize)} characters, so it is summarized`;
  };
  let why = '';
  // Far past the limit (a table of thousands of rows), the full diagram is not built just to count its edges.
  const atLeast = fullEdgesAtLeast(model);
  for (const [i, level] of LEVELS.entries()) {
    if (i === 0 && atLeast > limits.maxEdges) {
      why = over(atLeast).replace('would have', 'would have at least');
      continue;
    }
    const g = level.build(model);
    if (g.edgeCount > limits.maxEdges) {
      if (i === 0) why = over(g.edgeCount);
      continue;
    }
    const summary = level.how === undefined ? undefined : `${why}: ${level.how}.`;
    const text = g.render(title, summary === undefined ? [] : [`summarized: ${summary}`]);
    if (text.length <= limits.maxTextSize) return { text, summary };
    if (i === 0) why = over(g.edgeCount, text.length);
  }
  const summary = `${why}: even one node per API is too much, so the diagram is left out.`;
  return { text: new MermaidGraph().render(title, [`summarized: ${summary}`]), summary };
}
