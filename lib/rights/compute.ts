// Computes what the identity that applies a stack needs, from the stack's cdk.tf.json alone. Loads no
// cdktf and no provider package: the command line (review, required-rights) uses it on files.
import type {
  AzureRoleRequirement, DirectoryRoleRequirement, GraphRightRequirement, RequiredRightsModel, RightReason, UncoveredResource,
} from './model';
import { REQUIRED_RIGHTS_SCHEMA_VERSION } from './model';
import {
  AZURE_RESOURCES, AZURE_ROLES, DIRECTORY_ROLES, GRAPH_DATA_SOURCES, GRAPH_OPERATIONS, GRAPH_PERMISSIONS, GRAPH_RESOURCES,
  GraphOperation, MICROSOFT_GRAPH_APP_ID, NEEDS_NOTHING, Scope,
} from './table';

/** Options of {@link computeRequiredRights}. */
export interface ComputeRightsOptions {
  /**
   * The object id of the identity that applies the stack, when known: an owner equal to it
   * counts as the deploying identity, as `data.azuread_client_config.*.object_id` always does.
   */
  readonly deployerObjectId?: string;
}

const ALL = 'Application.ReadWrite.All';
const OWNED_BY = 'Application.ReadWrite.OwnedBy';
/** `${data.azuread_client_config.<name>.object_id}`: the identity that runs Terraform. */
const CALLER = /^\$\{data\.azuread_client_config\.[A-Za-z0-9_-]+\.object_id\}$/;
/** `${<type>.<name>.<attribute>}`, a plain reference to one resource. */
const REFERENCE = /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.([a-z0-9_]+)\}$/;

class Collector {
  public readonly graph = new Map<string, Map<string, RightReason>>();
  public readonly azure = new Map<string, { role: string; scope: string; reasons: Map<string, RightReason> }>();
  public readonly uncovered = new Map<string, Set<string>>();
  public readonly roles = new Map<string, Map<string, RightReason>>();

  public needRole(role: string, reason: RightReason): void {
    let reasons = this.roles.get(role);
    if (!reasons) this.roles.set(role, reasons = new Map());
    reasons.set(`${reason.address}\u0000${reason.action}`, reason);
  }

  public needGraph(permission: string, reason: RightReason): void {
    if (!GRAPH_PERMISSIONS[permission]) throw new Error(`internal: no published id for Graph permission '${permission}'`);
    let reasons = this.graph.get(permission);
    if (!reasons) this.graph.set(permission, reasons = new Map());
    reasons.set(`${reason.address}\u0000${reason.action}`, reason);
  }

  public needOperation(operation: GraphOperation, address: string, note: string, replace?: string): void {
    for (const permission of operation.permissions) {
      const p = replace !== undefined && permission === OWNED_BY ? replace : permission;
      this.needGraph(p, { address, action: `${operation.operation}${note}`, source: operation.source });
    }
  }

  public needAzure(role: string, scope: string, reason: RightReason): void {
    const key = `${role}\u0000${scope}`;
    let entry = this.azure.get(key);
    if (!entry) this.azure.set(key, entry = { role, scope, reasons: new Map() });
    entry.reasons.set(`${reason.address}\u0000${reason.action}`, reason);
  }

  public notCovered(type: string, address: string): void {
    let set = this.uncovered.get(type);
    if (!set) this.uncovered.set(type, set = new Set());
    set.add(address);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedReasons(reasons: Map<string, RightReason>): RightReason[] {
  return [...reasons.values()].sort((a, b) => cmp(a.address, b.address) || cmp(a.action, b.action));
}

/** The addresses that `import` blocks adopt, without a `for_each` key. */
function importedAddresses(json: any): Set<string> {
  const out = new Set<string>();
  const blocks = Array.isArray(json?.import) ? json.import : [];
  for (const b of blocks) {
    if (typeof b?.to === 'string') out.add(b.to.replace(/\[.*$/, ''));
  }
  return out;
}

/** The resource a `${type.name.attr}` reference points at (`type.name`), else undefined. */
function referenced(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = REFERENCE.exec(value);
  return m ? m[1] : undefined;
}

/** How an owners list relates to the deploying identity. */
function ownersIncludeDeployer(owners: unknown, deployer: string | undefined): boolean {
  if (!Array.isArray(owners)) return false;
  return owners.some((o) => typeof o === 'string' && (CALLER.test(o) || (deployer !== undefined && o.toLowerCase() === deployer.toLowerCase())));
}

/** Whether a service principal object id is Microsoft Graph's: a lookup by its client id, literal or from the published app ids. */
function isGraphServicePrincipal(value: unknown, data: Record<string, Record<string, any>>): boolean {
  const target = referenced(value);
  if (!target || !target.startsWith('data.azuread_service_principal.')) return false;
  const clientId = data.azuread_service_principal?.[target.slice('data.azuread_service_principal.'.length)]?.client_id;
  return typeof clientId === 'string'
    && (clientId.toLowerCase() === MICROSOFT_GRAPH_APP_ID || /^\$\{data\.azuread_application_published_app_ids\.[^.]+\.result(?:\.MicrosoftGraph|\["MicrosoftGraph"\])\}$/.test(clientId));
}

function describeScope(value: unknown, prefix: string): string {
  if (typeof value !== 'string') return `${prefix}(unknown at synth)`.trim();
  const target = referenced(value);
  if (target) return `${prefix}${prefix ? 'of ' : ''}${target}`;
  return `${prefix}${value}`;
}

/**
 * The Microsoft Graph application permissions and Azure built-in roles the identity that applies
 * the stack needs, computed from its synthesized `cdk.tf.json` (parsed): each resource and data
 * source type by the table in `table.ts`, adopted objects (`import` blocks) and owners included.
 */
export function computeRequiredRights(json: any, options: ComputeRightsOptions = {}): RequiredRightsModel {
  const out = new Collector();
  const adopted = importedAddresses(json);
  const deployer = options.deployerObjectId;
  const resources: Record<string, Record<string, any>> = json?.resource ?? {};
  const data: Record<string, Record<string, any>> = json?.data ?? {};

  // Which registrations and service principals the deploying identity owns during the apply.
  const owned = new Map<string, boolean>();
  const ownership = new Map<string, string>();
  for (const type of Object.keys(resources).sort()) {
    const rule = GRAPH_RESOURCES[type];
    if (!rule || (rule.scope !== Scope.APPLICATION && rule.scope !== Scope.SERVICE_PRINCIPAL)) continue;
    for (const name of Object.keys(resources[type]).sort()) {
      const address = `${type}.${name}`;
      const body = resources[type][name] ?? {};
      const isAdopted = adopted.has(address) || body.use_existing === true;
      // azuread_application_registration has no owners argument: the provider leaves its creator the owner.
      const deployerOwns = type === 'azuread_application_registration' || ownersIncludeDeployer(body.owners, deployer);
      owned.set(address, !isAdopted && deployerOwns);
      ownership.set(address, isAdopted
        ? (deployerOwns
          ? ' (adopted: the deploying identity is added as an owner on this apply, which needs .All; afterwards .OwnedBy suffices)'
          : ' (adopted, and the deploying identity is not among its owners)')
        : (deployerOwns
          ? ''
          : ' (its owners do not include the deploying identity, which the provider then removes as owner after creating it)'));
    }
  }

  for (const type of Object.keys(resources).sort()) {
    for (const name of Object.keys(resources[type]).sort()) {
      const address = `${type}.${name}`;
      const body = resources[type][name] ?? {};
      const isAdopted = adopted.has(address);
      const graphRule = GRAPH_RESOURCES[type];
      const azureRule = AZURE_RESOURCES[type];
      if (graphRule) {
        for (const opName of graphRule.operations) {
          const operation = GRAPH_OPERATIONS[opName];
          switch (graphRule.scope) {
            case Scope.APPLICATION:
            case Scope.SERVICE_PRINCIPAL: {
              const mine = owned.get(address) === true;
              // An adopted registration is never created here: applying it updates it.
              const done = isAdopted || body.use_existing === true
                ? GRAPH_OPERATIONS[graphRule.scope === Scope.APPLICATION ? 'updateApplication' : 'updateServicePrincipal'] : operation;
              out.needOperation(done, address, ownership.get(address) ?? '', mine ? undefined : ALL);
              break;
            }
            case Scope.APPLICATION_PART:
            case Scope.SERVICE_PRINCIPAL_PART: {
              const parentArg = graphRule.scope === Scope.APPLICATION_PART ? body.application_id : body.service_principal_id;
              const parent = referenced(parentArg);
              const mine = parent !== undefined && owned.get(parent) === true;
              const what = graphRule.scope === Scope.APPLICATION_PART ? 'app registration' : 'service principal';
              const note = mine
                ? (isAdopted ? ' (adopted)' : '')
                : parent !== undefined && owned.has(parent)
                  ? ` (of ${parent}, which the deploying identity does not own${isAdopted ? '; adopted' : ''})`
                  : ` (of an ${what} this stack does not create${isAdopted ? '; adopted' : ''})`;
              out.needOperation(operation, address, note, mine ? undefined : ALL);
              break;
            }
            default:
              out.needOperation(operation, address, isAdopted ? ' (adopted)' : '');
          }
        }
        // An adopted assignment is imported, never made: every argument of azuread_app_role_assignment forces a
        // replacement, so applying it as it is assigns nothing.
        if (!(isAdopted && type === 'azuread_app_role_assignment')) roleForPerson(out, type, address, body, data);
      } else if (azureRule) {
        const role = AZURE_ROLES[azureRule.role];
        const detail = type === 'azurerm_role_assignment' && typeof body.role_definition_name === 'string'
          ? `: '${body.role_definition_name}'` : '';
        out.needAzure(role.role, describeScope(body[azureRule.scopeArgument], azureRule.scopePrefix), {
          address, action: `${azureRule.operation}${detail}${isAdopted ? ' (adopted)' : ''}`, source: role.source,
        });
      } else if (!NEEDS_NOTHING.has(type)) {
        out.notCovered(type, address);
      }
    }
  }

  for (const type of Object.keys(data).sort()) {
    for (const name of Object.keys(data[type]).sort()) {
      const address = `data.${type}.${name}`;
      const opName = GRAPH_DATA_SOURCES[type];
      if (opName) out.needOperation(GRAPH_OPERATIONS[opName], address, '');
      else if (!NEEDS_NOTHING.has(`data.${type}`)) out.notCovered(`data.${type}`, address);
    }
  }

  // A person changes registrations they do not own only as Cloud Application Administrator.
  for (const r of out.graph.get(ALL)?.values() ?? []) {
    out.needRole('Cloud Application Administrator', { ...r, source: DIRECTORY_ROLES['Cloud Application Administrator'].source });
  }
  const directoryRoles: DirectoryRoleRequirement[] = [...out.roles.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([role, reasons]) => ({ role, id: DIRECTORY_ROLES[role].id, reasons: sortedReasons(reasons) }));

  const graph: GraphRightRequirement[] = [...out.graph.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([permission, reasons]) => ({ permission, id: GRAPH_PERMISSIONS[permission].id, reasons: sortedReasons(reasons) }));
  const azure: AzureRoleRequirement[] = [...out.azure.values()]
    .sort((a, b) => cmp(a.role, b.role) || cmp(a.scope, b.scope))
    .map((e) => ({ role: e.role, id: AZURE_ROLES[e.role].id, scope: e.scope, reasons: sortedReasons(e.reasons) }));
  const uncovered: UncoveredResource[] = [...out.uncovered.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([type, addresses]) => ({ type, addresses: [...addresses].sort(cmp) }));
  const stack = typeof json?.['//']?.metadata?.stackName === 'string' ? json['//'].metadata.stackName : '';
  return { version: REQUIRED_RIGHTS_SCHEMA_VERSION, stack, graph, azure, uncovered, directoryRoles };
}

/**
 * The directory role a person needs for what only a role allows a user: granting Microsoft Graph's
 * own app roles, or admin consent to its delegated permissions (Privileged Role Administrator), and
 * admin consent to another API's (Cloud Application Administrator).
 */
function roleForPerson(out: Collector, type: string, address: string, body: any, data: Record<string, Record<string, any>>): void {
  const role = (name: string, action: string) => out.needRole(name, { address, action, source: DIRECTORY_ROLES[name].source });
  if (type === 'azuread_app_role_assignment' && isGraphServicePrincipal(body.resource_object_id, data)) {
    role('Privileged Role Administrator', 'assign an app role of Microsoft Graph (an application permission)');
  } else if (type === 'azuread_service_principal_delegated_permission_grant') {
    if (isGraphServicePrincipal(body.resource_service_principal_object_id, data)) {
      role('Privileged Role Administrator', 'grant admin consent to Microsoft Graph\'s delegated permissions');
    } else {
      role('Cloud Application Administrator', 'grant admin consent to delegated permissions');
    }
  }
}

/** The model as `required-rights.json`: pretty-printed, keys in a fixed order, trailing newline. */
export function requiredRightsJson(model: RequiredRightsModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The model as Markdown: one table of Graph permissions, one of Azure roles, and the types not
 * covered. `heading` is the Markdown heading prefix of the section (`##` inside the access map);
 * `withStack` names the stack in the heading.
 */
export function renderRequiredRightsMarkdown(model: RequiredRightsModel, heading = '#', withStack = true): string {
  const lines: string[] = [];
  lines.push(`${heading} Rights the deploying identity needs${withStack && model.stack ? ` (stack ${model.stack})` : ''}`, '');
  lines.push('What the identity that runs `terraform apply` on this stack needs, computed from `cdk.tf.json` '
    + '(also written as `required-rights.json`). Grant exactly these; never `Directory.ReadWrite.All`.', '');
  if (model.graph.length === 0) {
    lines.push('Microsoft Graph: no application permission.', '');
  } else {
    lines.push('| Microsoft Graph application permission | id | needed by |', '| --- | --- | --- |');
    for (const g of model.graph) {
      lines.push(`| \`${g.permission}\` | \`${g.id}\` | ${g.reasons.map((r) => `\`${cell(r.address)}\`: ${cell(r.action)}`).join('<br>')} |`);
    }
    lines.push('');
  }
  if (model.azure.length > 0) {
    lines.push('| Azure role | id | scope | needed by |', '| --- | --- | --- | --- |');
    for (const a of model.azure) {
      lines.push(`| ${cell(a.role)} | \`${a.id}\` | \`${cell(a.scope)}\` | ${a.reasons.map((r) => `\`${cell(r.address)}\`: ${cell(r.action)}`).join('<br>')} |`);
    }
    lines.push('');
  }
  const roles = model.directoryRoles ?? [];
  if (roles.length > 0) {
    lines.push('Applied by a person signed in as a user (e.g. to bootstrap), these need a directory role; a user has no other way:', '');
    lines.push('| Directory role | id | needed by |', '| --- | --- | --- |');
    for (const d of roles) {
      lines.push(`| ${cell(d.role)} | \`${d.id}\` | ${d.reasons.map((r) => `\`${cell(r.address)}\`: ${cell(r.action)}`).join('<br>')} |`);
    }
    lines.push('');
  }
  if (model.uncovered.length > 0) {
    lines.push('Not computed (the table does not know these types; check their provider\'s documentation):', '');
    for (const u of model.uncovered) lines.push(`- \`${u.type}\`: ${u.addresses.map((a) => `\`${a}\``).join(', ')}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** What a change needs that its base did not. */
export interface RequiredRightsChange {
  /** Graph permissions the change needs and the base did not, with the change's reasons. */
  readonly addedGraph: GraphRightRequirement[];
  /** Graph permissions the base needed and the change does not. */
  readonly removedGraph: string[];
  /** Azure roles (at a scope) the change needs and the base did not. */
  readonly addedAzure: AzureRoleRequirement[];
  /** Azure roles (role at scope) the base needed and the change does not. */
  readonly removedAzure: string[];
}

/** Compares the rights of a base and a change: what the pipeline's identity must be granted before the change applies. */
export function diffRequiredRights(base: RequiredRightsModel, change: RequiredRightsModel): RequiredRightsChange {
  const baseGraph = new Set(base.graph.map((g) => g.permission));
  const changeGraph = new Set(change.graph.map((g) => g.permission));
  const key = (a: AzureRoleRequirement) => `${a.role} at ${a.scope}`;
  const baseAzure = new Set(base.azure.map(key));
  const changeAzure = new Set(change.azure.map(key));
  return {
    addedGraph: change.graph.filter((g) => !baseGraph.has(g.permission)),
    removedGraph: [...baseGraph].filter((p) => !changeGraph.has(p)).sort(cmp),
    addedAzure: change.azure.filter((a) => !baseAzure.has(key(a))),
    removedAzure: [...baseAzure].filter((k) => !changeAzure.has(k)).sort(cmp),
  };
}

/** Merges the models of several stacks: every right any of them needs, reasons prefixed by the stack's name. */
export function mergeRequiredRights(models: readonly RequiredRightsModel[], stack = ''): RequiredRightsModel {
  const out = new Collector();
  for (const m of models) {
    const prefix = m.stack ? `${m.stack}: ` : '';
    for (const g of m.graph) for (const r of g.reasons) out.needGraph(g.permission, { ...r, address: `${prefix}${r.address}` });
    for (const a of m.azure) for (const r of a.reasons) out.needAzure(a.role, `${prefix}${a.scope}`, { ...r, address: `${prefix}${r.address}` });
    for (const u of m.uncovered) for (const addr of u.addresses) out.notCovered(u.type, `${prefix}${addr}`);
    for (const d of m.directoryRoles ?? []) for (const r of d.reasons) out.needRole(d.role, { ...r, address: `${prefix}${r.address}` });
  }
  return {
    version: REQUIRED_RIGHTS_SCHEMA_VERSION,
    stack,
    graph: [...out.graph.entries()].sort(([a], [b]) => cmp(a, b))
      .map(([permission, reasons]) => ({ permission, id: GRAPH_PERMISSIONS[permission].id, reasons: sortedReasons(reasons) })),
    azure: [...out.azure.values()].sort((a, b) => cmp(a.role, b.role) || cmp(a.scope, b.scope))
      .map((e) => ({ role: e.role, id: AZURE_ROLES[e.role].id, scope: e.scope, reasons: sortedReasons(e.reasons) })),
    uncovered: [...out.uncovered.entries()].sort(([a], [b]) => cmp(a, b)).map(([type, addresses]) => ({ type, addresses: [...addresses].sort(cmp) })),
    directoryRoles: [...out.roles.entries()].sort(([a], [b]) => cmp(a, b))
      .map(([role, reasons]) => ({ role, id: DIRECTORY_ROLES[role].id, reasons: sortedReasons(reasons) })),
  };
}
