// The computed part of `adopt`'s header: builds the typed plan in memory (the same constructs
// the written program makes), synthesizes it, and compares every resource with what the azuread
// provider holds in state after importing its object (provider-state.ts): each attribute the
// first plan changes, each object it adds. Loads cdktf, the provider and the library, so
// adopt.ts requires it on use only.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PlanStatement, buildStatements } from './adopt-plan';
import { GRAPH_APP_ROLES, GRAPH_SCOPES, MICROSOFT_GRAPH_APP_ID } from './graph-permissions';
import { AttributeDifference, ProviderState, RESOURCE_SPECS, UNKNOWN, planDifferences, stateForImport } from './provider-state';
import { TenantExport, graphServicePrincipalId } from './tenant-export';
import { PLATFORM, providerModule } from '../platform';
import type { Construct } from 'constructs';
import type { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';

/** What {@link checkAdoptPlan} found. */
export interface AdoptCheck {
  /** One line per change the first plan makes besides importing: attribute changes, then additions. */
  readonly differences: string[];
  /** The synthesized Terraform JSON (cdk.tf.json) of the plan. */
  readonly synthesized: any;
}

/**
 * Synthesizes `statements` into a stack named `stackName`, as the written program does, and returns its
 * Terraform JSON. Library warnings are printed under `warningSource`, the package the program imports.
 */
export function synthesizePlan(statements: readonly PlanStatement[], stackName: string, warningSource: string = PLATFORM.library.npm): any {
  /* eslint-disable @typescript-eslint/no-require-imports */
  // The platform this package is built for (cdktf or cdktn), as the written program imports it.
  const core = require(PLATFORM.core) as {
    App: new (props: { outdir: string }) => Construct & { synth(): void };
    TerraformStack: new (scope: Construct, id: string) => Construct;
  };
  const provider = require(providerModule('azuread', 'provider')) as { AzureadProvider: typeof AzureadProvider };
  const library = require('../index') as Record<string, any>;
  const { setWarningSource } = require('../private/diagnostics') as typeof import('../private/diagnostics');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-entra-adopt-'));
  try {
    const app = new core.App({ outdir });
    const stack = new core.TerraformStack(app, stackName);
    new provider.AzureadProvider(stack, 'azuread', {});
    buildStatements(statements, { library, scope: stack });
    // The program's warnings, printed as its own run would print them: under the package it imports.
    const previous = setWarningSource(warningSource);
    try {
      app.synth();
    } finally {
      setWarningSource(previous);
    }
    return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stackName, 'cdk.tf.json'), 'utf8'));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Builds and synthesizes the plan, then compares it with the provider's state after import. */
export function checkAdoptPlan(exp: TenantExport, statements: readonly PlanStatement[], stackName: string, warningSource?: string): AdoptCheck {
  const synthesized = synthesizePlan(statements, stackName, warningSource);
  return { differences: compareWithState(exp, synthesized), synthesized };
}

const NAMES: Record<string, string> = {
  azuread_application: 'app registration',
  azuread_service_principal: 'enterprise application',
  azuread_application_identifier_uri: 'identifier URI',
  azuread_app_role_assignment: 'app-role assignment',
  azuread_application_pre_authorized: 'pre-authorization',
  azuread_application_federated_identity_credential: 'federated credential',
  azuread_service_principal_delegated_permission_grant: 'admin consent',
  azuread_application_password: 'client secret',
  azuread_application_certificate: 'certificate',
};

function show(v: unknown, raw: unknown): string {
  if (v === UNKNOWN) return JSON.stringify(raw ?? null).includes('azuread_client_config') ? '(the deploying principal, known at apply)' : '(known at apply)';
  if (v === undefined) return 'none';
  return JSON.stringify(v, (_k, x) => (x === UNKNOWN ? '(known at apply)' : x));
}

/**
 * Every difference between the synthesized program `json` and the provider's state after
 * importing each object it imports, as header lines; and every resource it does not import,
 * as an addition. Deterministic: resources in the JSON's order.
 */
export function compareWithState(exp: TenantExport, json: any): string[] {
  const imports = new Map<string, string>();
  for (const i of (json.import ?? []) as { to: string; id: string }[]) imports.set(i.to, i.id);
  const states = new Map<string, ProviderState>();
  const changes: string[] = [];
  const adds: string[] = [];

  const stateOf = (address: string, type: string): ProviderState | undefined => {
    if (states.has(address)) return states.get(address);
    const id = imports.get(address);
    const state = id === undefined ? undefined : stateForImport(exp, type, id);
    if (state) states.set(address, state);
    return state;
  };
  const resources = (json.resource ?? {}) as Record<string, Record<string, any>>;
  // A reference `${type.name.attribute}` of the configuration: the imported object's value, else known at apply.
  const resolver = (each?: Record<string, unknown>) => (v: unknown): unknown => {
    if (typeof v !== 'string' || !v.includes('${')) return v;
    const e = /^\$\{each\.value\.([a-z_]+)\}$/.exec(v);
    if (e && each) return each[e[1]];
    let unknown = false;
    const replaced = v.replace(/\$\{([^}]*)\}/g, (all, expr: string) => {
      const value = expression(expr);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
      unknown = true;
      return all;
    });
    return unknown ? UNKNOWN : replaced;
  };

  const data = (json.data ?? {}) as Record<string, Record<string, any>>;
  const graphIds = (attribute: string): Record<string, string> => Object.fromEntries(
    Object.entries(attribute === 'app_role_ids' ? GRAPH_APP_ROLES : GRAPH_SCOPES).map(([id, value]) => [value, id]));
  // What a plan knows of one `${...}` expression: an imported resource's attribute; Microsoft
  // Graph's client id and its published permission ids by name (data sources read at plan);
  // else undefined (known only at apply).
  function expression(expr: string): unknown {
    let m = /^([a-z_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)$/.exec(expr);
    if (m && resources[m[1]]?.[m[2]]) return stateOf(`${m[1]}.${m[2]}`, m[1])?.[m[3]];
    m = /^data\.azuread_application_published_app_ids\.[A-Za-z0-9_-]+\.result\["MicrosoftGraph"\]$/.exec(expr);
    if (m) return MICROSOFT_GRAPH_APP_ID;
    m = /^data\.azuread_service_principal\.([A-Za-z0-9_-]+)\.(client_id|object_id|app_role_ids|oauth2_permission_scope_ids)(?:\["([^"]+)"\])?$/.exec(expr);
    if (m) {
      const lookup = data.azuread_service_principal?.[m[1]];
      const clientId = lookup ? resolver()(lookup.client_id) : undefined;
      if (clientId !== MICROSOFT_GRAPH_APP_ID) return undefined;
      if (m[2] === 'client_id') return clientId;
      // Graph's service principal in this tenant: known from the roles the export's apps hold in it.
      if (m[2] === 'object_id') return graphServicePrincipalId(exp);
      return m[3] !== undefined ? graphIds(m[2])[m[3]] : undefined;
    }
    return undefined;
  }

  for (const [type, byName] of Object.entries(resources)) {
    for (const [name, config] of Object.entries(byName)) {
      const where = String(config['//']?.metadata?.path ?? `${type}.${name}`);
      const what = NAMES[type] ?? type;
      const instances: [string, Record<string, unknown> | undefined][] = config.for_each && typeof config.for_each === 'object'
        ? Object.entries(config.for_each as Record<string, Record<string, unknown>>).map(([key, row]) => [`${type}.${name}[${JSON.stringify(key)}]`, row])
        : [[`${type}.${name}`, undefined]];
      for (const [address, row] of instances) {
        const label = row ? `${where}[${JSON.stringify(address.slice(address.indexOf('[') + 2, -2))}]` : where;
        if (!imports.has(address)) {
          adds.push(`${label}: the first apply adds this ${what} (${type}); the export holds none to import.`);
          continue;
        }
        const state = stateOf(address, type);
        if (!state) {
          changes.push(`${label}: imports ${imports.get(address)}, which the export does not hold; the import would fail.`);
          continue;
        }
        if (!RESOURCE_SPECS[type]) continue;
        const ignore = (config.lifecycle?.ignore_changes ?? []) as string[];
        const diffs: AttributeDifference[] = planDifferences(type, config, state, resolver(row), Array.isArray(ignore) ? ignore : []);
        for (const d of diffs) {
          const raw = config[d.attribute];
          changes.push(`${label}: the first plan changes ${what} ${d.attribute} from ${show(d.state, undefined)} to ${show(d.planned, raw)}.`);
        }
      }
    }
  }
  return [...changes, ...adds];
}
