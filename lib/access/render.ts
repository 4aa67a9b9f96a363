// Markdown and Mermaid renderings of an access map. Pure functions of the model.
import type { AccessMapApi, AccessMapEntry, AccessMapModel } from './model';
import { accessLabel, compareStrings, kindLabel } from './schema';

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
  if (e.grantedVia === 'AppRoleAssignment') return `app role assignment ${code(e.grantPath)}`;
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
  out.push(`- Registered: ${api.source === 'ThisProgram' ? 'in this program' : 'elsewhere (only what this program uses is shown)'}`);
  out.push(`- Identifier URI: ${api.identifierUri !== undefined ? code(api.identifierUri) : '`api://{client id}` (known at apply)'}`);
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

/** The Markdown report. */
export function renderMarkdown(model: AccessMapModel): string {
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
        out.push(`| ${principalCell(c.name, c.path)} | ${kindLabel('Client', c.clientType)} | ${what} | ${pre} | ${consent} |`);
      }
    }
    out.push('');
  }

  if (model.workloadIdentities.length > 0) {
    out.push('## Workload identities', '');
    out.push('| Identity | Type | Carried by | Holds |', '| --- | --- | --- | --- |');
    for (const w of model.workloadIdentities) {
      const hosts = w.carriedBy.length === 0 ? 'no app in this program'
        : w.carriedBy.map((h) => `${principalCell(h.name, h.path)}${h.defaultCredential ? ' (its code signs in with it)' : ''}`).join('<br>');
      const holds = model.apis.flatMap((a) => a.access.filter((e) => e.principal === w.principal).map((e) => `${accessLabel(e.accessType)} ${code(e.value)} on ${cell(a.name)}`));
      out.push(`| ${principalCell(w.name, w.path)} | ${w.identityType === 'SystemAssigned' ? 'system-assigned' : 'user-assigned'} | ${hosts} | ${holds.length > 0 ? holds.join('<br>') : 'no API role'} |`);
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

  out.push('## Diagram', '', '```mermaid', renderMermaid(model).trimEnd(), '```', '');
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
  ['disabled', 'stroke-dasharray:5 5,color:#80868b'],
];

/** Text safe inside a quoted Mermaid label. */
function label(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[\r\n]+/g, ' ');
}

function principalClass(kind: string, clientType: string | undefined): string {
  if (clientType !== undefined || kind === 'Client') return 'client';
  switch (kind) {
    case 'Group': return 'group';
    case 'User': return 'user';
    case 'ManagedIdentity': return 'mi';
    default: return 'sp';
  }
}

class MermaidGraph {
  private readonly ids = new Map<string, string>();
  private readonly used = new Set<string>();
  private readonly nodes: string[] = [];
  private readonly edges: string[] = [];
  private readonly classes = new Map<string, string[]>();

  /** Declares a node once (by key) and returns its id. */
  public node(key: string, cls: string, text: string): string {
    const existing = this.ids.get(key);
    if (existing) return existing;
    const base = `${cls}_${key.slice(key.indexOf(':') + 1).replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'x'}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    this.ids.set(key, id);
    const [open, close] = SHAPES[cls];
    this.nodes.push(`  ${id}${open}"${label(text)}"${close}`);
    this.addClass(cls, id);
    return id;
  }

  public addClass(cls: string, id: string): void {
    this.classes.set(cls, [...(this.classes.get(cls) ?? []), id]);
  }

  public edge(from: string, to: string, text?: string, dotted = false): void {
    const arrow = dotted ? '-.->' : '-->';
    this.edges.push(`  ${from} ${arrow}${text !== undefined ? `|"${label(text)}"|` : ''} ${to}`);
  }

  public render(title: string): string {
    const lines = ['flowchart LR', `  %% ${label(title)}`];
    for (const [cls, style] of CLASS_DEFS) lines.push(`  classDef ${cls} ${style}`);
    lines.push(...this.nodes, ...[...new Set(this.edges)]);
    for (const [cls] of CLASS_DEFS) {
      const ids = this.classes.get(cls);
      if (ids && ids.length > 0) lines.push(`  class ${ids.join(',')} ${cls}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

/** The Mermaid flowchart: principals and clients -> roles and scopes -> APIs. */
export function renderMermaid(model: AccessMapModel): string {
  const g = new MermaidGraph();
  const principalByPath = new Map(model.principals.map((p) => [p.path, p]));
  // Hosts carry identities: host -> identity.
  for (const w of model.workloadIdentities) {
    if (w.principal === undefined) continue;
    const p = principalByPath.get(w.principal);
    const pid = g.node(`principal:${w.principal}`, principalClass(p?.kind ?? 'ManagedIdentity', p?.clientType), p?.name ?? w.name);
    for (const h of w.carriedBy) g.edge(g.node(`host:${h.path}`, 'host', h.name), pid, h.defaultCredential ? 'carries, signs in with' : 'carries');
  }
  for (const api of model.apis) {
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
    for (const e of api.access) {
      const cls = principalClass(e.principalKind, e.clientType);
      const from = g.node(`principal:${e.principal}`, cls, e.principalName);
      if (e.accessType === 'Scope') {
        const flags = [e.preAuthorized ? 'pre-authorized' : undefined, e.adminConsent ? 'admin consent' : undefined].filter(Boolean);
        g.edge(from, g.node(`scope:${api.path}:${e.value}`, 'scope', e.value), flags.length > 0 ? `delegated, ${flags.join(', ')}` : 'delegated', true);
      } else {
        g.edge(from, g.node(`role:${api.path}:${e.value}`, 'role', e.value), 'assigned');
      }
    }
  }
  // Memberships last, so the groups are already declared with their roles.
  for (const p of [...model.principals].sort((a, b) => compareStrings(a.path, b.path))) {
    if (p.memberOf.length === 0) continue;
    const from = g.node(`principal:${p.path}`, principalClass(p.kind, p.clientType), p.name);
    for (const group of p.memberOf) {
      const gp = principalByPath.get(group);
      const to = g.node(`principal:${group}`, 'group', gp?.name ?? group);
      g.edge(from, to, p.kind === 'ManagedIdentity' || p.kind === 'ServicePrincipal' ? 'member of (no roles claim)' : 'member of', true);
    }
  }
  return g.render(`Access map of stack ${model.stack}`);
}
