/**
 * The benchmark's scenarios, run one per child process by bench/run.ts (transpiled to
 * .bench-out/ and run with plain node, so no TypeScript loader is in the measurement):
 *
 *   node .bench-out/scenarios.js <scenario> <grants> <outdir> <library-entry>
 *
 * Every scenario makes the same Terraform resources for N role grants: one API (app
 * registration with one role, identifier URI, enterprise application, client config, the
 * replication gate `time_sleep` that grants and the identifier URI depend on) and N
 * `azuread_app_role_assignment`s of that role to N groups given by object id.
 *
 * - `library`:  ProtectedApi + N x `api.grantAppRole(EntraGroup.fromObjectId(...), role)`
 * - `provider`: the same resources written by hand with the provider's classes
 * - `shaped`:   the provider's classes again, but in the library's construct tree (a construct per
 *               principal, a wrapper construct per grant, resources named 'Resource'): separates the
 *               cost of that tree shape from the cost of the library's own code
 * - `shapedsame`: the `shaped` tree writing the library's exact JSON (grants addressed by object id,
 *               `moved` blocks from the addresses earlier versions gave them): the library's floor
 * - `table`:    ProtectedApi + one AppRoleAssignmentTable of N rows (one `for_each` resource)
 * - `tablemap`: the `table` scenario with `AccessMap.enable(stack)`: synth also writes access-map.md
 *               (tables and Mermaid diagram) and access-map.json for the N rows
 * - `json`:     the physical limit: the `provider` scenario's Terraform JSON built as plain objects,
 *               `JSON.stringify`-ed and written, without cdktf
 * - `tablejson`: the same for the `table` scenario's cdk.tf.json (one `for_each` resource of N rows)
 * - `tablefloor`: cdktf's own floor for that same document: a cdktf app and stack whose one element
 *               returns the `tablejson` document, its `for_each` map handed over pre-resolved the way
 *               the library does it; what any cdktf program writing this JSON pays for `app.synth()`
 *
 * Prints one JSON line: { buildMs, synthMs, totalMs, maxRssMb, bytes }.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROLE_ID = '0d3b9c48-2f1a-5c6e-8b7d-4e5f6a7b8c9d';
const GROUP_COUNT_DIGITS = 12;

/** A deterministic GUID for group `i`. */
export function groupId(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(GROUP_COUNT_DIGITS, '0')}`;
}

interface Result { buildMs: number; synthMs: number; totalMs: number; maxRssMb: number; bytes: number }

function finish(t0: number, t1: number, file: string): Result {
  const t2 = performance.now();
  return {
    buildMs: t1 - t0,
    synthMs: t2 - t1,
    totalMs: t2 - t0,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    bytes: fs.statSync(file).size,
  };
}

function stackFile(outdir: string, stack: string): string {
  return path.join(outdir, 'stacks', stack, 'cdk.tf.json');
}

function runLibrary(n: number, outdir: string, entry: string): Result {
  const { App, TerraformStack } = require('cdktf');
  const { AzureadProvider } = require('@cdktf/provider-azuread/lib/provider');
  // The names read before the clock starts, as the hand-written scenarios load their classes: the
  // lazy index (build/index.js) loads a module on first use of one of its names.
  const { ProtectedApi, MemberType, EntraGroup } = require(entry);
  const t0 = performance.now();
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  new AzureadProvider(stack, 'azuread', {});
  const api = new ProtectedApi(stack, 'Api', { displayName: 'Bench API' });
  const role = api.addAppRole('Bench.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER], id: ROLE_ID });
  for (let i = 0; i < n; i++) api.grantAppRole(EntraGroup.fromObjectId(stack, `Group${i}`, groupId(i)), role);
  const t1 = performance.now();
  app.synth();
  return finish(t0, t1, stackFile(outdir, 'bench'));
}

function runTable(n: number, outdir: string, entry: string, withMap = false): Result {
  const { App, TerraformStack } = require('cdktf');
  const { AzureadProvider } = require('@cdktf/provider-azuread/lib/provider');
  // The names read before the clock starts, as in the library scenario (the lazy index loads a
  // module on first use of one of its names).
  const { ProtectedApi, MemberType, AppRoleAssignmentTable, PrincipalKind, AccessMap } = require(entry);
  const t0 = performance.now();
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  new AzureadProvider(stack, 'azuread', {});
  const api = new ProtectedApi(stack, 'Api', { displayName: 'Bench API' });
  const role = api.addAppRole('Bench.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER], id: ROLE_ID });
  const table = new AppRoleAssignmentTable(stack, 'Grants', { api });
  for (let i = 0; i < n; i++) {
    table.addRow({ principalName: `Group${i}`, principalObjectId: groupId(i), principalKind: PrincipalKind.GROUP, role });
  }
  if (withMap) AccessMap.enable(stack);
  const t1 = performance.now();
  app.synth();
  return finish(t0, t1, stackFile(outdir, 'bench'));
}

/** The provider modules the two hand-written scenarios use, loaded before their clock starts. */
function handWrittenModules() {
  return {
    ...require('cdktf'),
    Construct: require('constructs').Construct,
    AzureadProvider: require('@cdktf/provider-azuread/lib/provider').AzureadProvider,
    DataAzureadClientConfig: require('@cdktf/provider-azuread/lib/data-azuread-client-config').DataAzureadClientConfig,
    Application: require('@cdktf/provider-azuread/lib/application').Application,
    ApplicationIdentifierUri: require('@cdktf/provider-azuread/lib/application-identifier-uri').ApplicationIdentifierUri,
    ServicePrincipal: require('@cdktf/provider-azuread/lib/service-principal').ServicePrincipal,
    AppRoleAssignment: require('@cdktf/provider-azuread/lib/app-role-assignment').AppRoleAssignment,
    TimeProvider: require('@cdktf/provider-time/lib/provider').TimeProvider,
    Sleep: require('@cdktf/provider-time/lib/sleep').Sleep,
  };
}

/**
 * The API's resources as a careful author writes them with the provider's classes: in `scope`,
 * the application named `applicationId`. Returns the service principal's object id, read once:
 * each read of an attribute makes a new token.
 */
function handWrittenApi(m: ReturnType<typeof handWrittenModules>, stack: any, scope: any, applicationId: string): { objectId: string; gate: any } {
  new m.AzureadProvider(stack, 'azuread', {});
  new m.TimeProvider(stack, 'time', {});
  const client = new m.DataAzureadClientConfig(stack, 'EntraClientConfig', {});
  const application = new m.Application(scope, applicationId, {
    displayName: 'Bench API',
    signInAudience: 'AzureADMyOrg',
    owners: [client.objectId],
    preventDuplicateNames: true,
    api: { requestedAccessTokenVersion: 2 },
    appRole: [{ id: ROLE_ID, value: 'Bench.Read', displayName: 'Bench.Read', description: 'Read', allowedMemberTypes: ['User'], enabled: true }],
    lifecycle: { ignoreChanges: ['identifier_uris'], preventDestroy: true },
  });
  const sp = new m.ServicePrincipal(scope, 'ServicePrincipal', {
    clientId: application.clientId, appRoleAssignmentRequired: true, owners: [client.objectId], featureTags: [{ enterprise: true }],
    lifecycle: { preventDestroy: true },
  });
  const objectId = sp.objectId;
  // The library's replication gate (ENTRA-RULES 20): grants and the identifier URI wait for it.
  const gate = new m.Sleep(scope, 'ReplicationGate', {
    createDuration: '60s',
    triggers: { 'appRole:Bench.Read': ROLE_ID, 'clientId': application.clientId, 'servicePrincipalObjectId': objectId },
  });
  new m.ApplicationIdentifierUri(scope, 'IdentifierUri', { applicationId: application.id, identifierUri: `api://${application.clientId}`, dependsOn: [gate] });
  return { objectId, gate };
}

/** N grants written flat with the provider's classes, one resource each. */
function runProvider(n: number, outdir: string): Result {
  const m = handWrittenModules();
  const t0 = performance.now();
  const app = new m.App({ outdir });
  const stack = new m.TerraformStack(app, 'bench');
  const { objectId: resourceObjectId, gate } = handWrittenApi(m, stack, stack, 'Api');
  const dependsOn = [gate];
  for (let i = 0; i < n; i++) {
    new m.AppRoleAssignment(stack, `Grant${i}`, { appRoleId: ROLE_ID, principalObjectId: groupId(i), resourceObjectId, dependsOn });
  }
  const t1 = performance.now();
  app.synth();
  return finish(t0, t1, stackFile(outdir, 'bench'));
}

/** The same resources placed in the library's construct tree: a construct per principal and a wrapper per grant. */
function runShaped(n: number, outdir: string): Result {
  const m = handWrittenModules();
  const t0 = performance.now();
  const app = new m.App({ outdir });
  const stack = new m.TerraformStack(app, 'bench');
  const api = new m.Construct(stack, 'Api');
  const { objectId: resourceObjectId, gate } = handWrittenApi(m, stack, api, 'Resource');
  const dependsOn = [gate];
  for (let i = 0; i < n; i++) {
    new m.Construct(stack, `Group${i}`);
    const grant = new m.Construct(api, `Grant:Group${i}:Bench.Read`);
    new m.AppRoleAssignment(grant, 'Resource', { appRoleId: ROLE_ID, principalObjectId: groupId(i), resourceObjectId, dependsOn });
  }
  const t1 = performance.now();
  app.synth();
  return finish(t0, t1, stackFile(outdir, 'bench'));
}

/**
 * The `shaped` tree writing exactly what the library writes (the bench checks the two files are
 * equal): each grant addressed by the group's object id, with a `moved` block from the address
 * earlier versions gave it (by the group's construct path; issue 17). The addresses are literals
 * a careful author would write, computed before the clock starts. The floor for the library's
 * single grants under its JSON contract: anything above it is the library's own code.
 */
function runShapedSame(n: number, outdir: string): Result {
  const m = handWrittenModules();
  const md5 = (s: string) => require('node:crypto').createHash('md5').update(s).digest('hex').slice(0, 8).toUpperCase();
  const type = 'azuread_app_role_assignment';
  const now: string[] = [];
  const moved: { from: string; to: string }[] = [];
  for (let i = 0; i < n; i++) {
    now.push(`Api_Grant${groupId(i)}BenchRead_${md5(`Api/Grant:${groupId(i)}:Bench.Read/Resource`)}`);
    moved.push({ from: `${type}.Api_GrantGroup${i}BenchRead_${md5(`Api/Grant:Group${i}:Bench.Read/Resource`)}`, to: `${type}.${now[i]}` });
  }
  const t0 = performance.now();
  const app = new m.App({ outdir });
  const stack = new m.TerraformStack(app, 'bench');
  const api = new m.Construct(stack, 'Api');
  const { objectId: resourceObjectId, gate } = handWrittenApi(m, stack, api, 'Resource');
  const dependsOn = [gate];
  for (let i = 0; i < n; i++) {
    new m.Construct(stack, `Group${i}`);
    const grant = new m.Construct(api, `Grant:Group${i}:Bench.Read`);
    new m.AppRoleAssignment(grant, 'Resource', { appRoleId: ROLE_ID, principalObjectId: groupId(i), resourceObjectId, dependsOn }).overrideLogicalId(now[i]);
  }
  const Element: new (scope: unknown, id: string) => object = m.TerraformElement;
  class Moves extends Element {
    public toTerraform(): any { return { moved }; }
  }
  new Moves(stack, 'EntraMoves');
  const t1 = performance.now();
  app.synth();
  return finish(t0, t1, stackFile(outdir, 'bench'));
}

/** The logical ids (and construct paths) of the API's resources in one scenario's document. */
interface ApiIds {
  readonly application: string; readonly applicationPath: string;
  readonly identifierUri: string; readonly identifierUriPath: string;
  readonly servicePrincipal: string; readonly servicePrincipalPath: string;
  readonly gate: string; readonly gatePath: string;
}

const meta = (p: string, id: string) => ({ metadata: { path: `bench/${p}`, uniqueId: id } });

/**
 * A scenario's cdk.tf.json built directly, around its grants: the API (application, identifier
 * URI, enterprise application, replication gate), the client config, the providers and the
 * backend, which every scenario writes alike but for their logical ids.
 */
function physicalDocument(ids: ApiIds, assignments: Record<string, unknown>, stackMeta: Record<string, unknown> = {}): any {
  const app = `azuread_application.${ids.application}`;
  const sp = `azuread_service_principal.${ids.servicePrincipal}`;
  const gate = [`time_sleep.${ids.gate}`];
  const owners = ['${data.azuread_client_config.EntraClientConfig.object_id}'];
  return {
    '//': { metadata: { backend: 'local', ...stackMeta, stackName: 'bench', version: '0.21.0' }, outputs: {} },
    data: { azuread_client_config: { EntraClientConfig: { '//': meta('EntraClientConfig', 'EntraClientConfig') } } },
    provider: { azuread: [{}], time: [{}] },
    resource: {
      azuread_app_role_assignment: assignments,
      azuread_application: {
        [ids.application]: {
          '//': meta(ids.applicationPath, ids.application),
          api: { requested_access_token_version: 2 },
          app_role: [{ allowed_member_types: ['User'], description: 'Read', display_name: 'Bench.Read', enabled: true, id: ROLE_ID, value: 'Bench.Read' }],
          display_name: 'Bench API',
          lifecycle: { ignore_changes: ['identifier_uris'], prevent_destroy: true },
          owners,
          prevent_duplicate_names: true,
          sign_in_audience: 'AzureADMyOrg',
        },
      },
      azuread_application_identifier_uri: {
        [ids.identifierUri]: {
          '//': meta(ids.identifierUriPath, ids.identifierUri),
          application_id: `\${${app}.id}`,
          depends_on: gate,
          identifier_uri: `api://\${${app}.client_id}`,
        },
      },
      azuread_service_principal: {
        [ids.servicePrincipal]: {
          '//': meta(ids.servicePrincipalPath, ids.servicePrincipal),
          app_role_assignment_required: true,
          client_id: `\${${app}.client_id}`,
          feature_tags: [{ enterprise: true }],
          lifecycle: { prevent_destroy: true },
          owners,
        },
      },
      time_sleep: {
        [ids.gate]: {
          '//': meta(ids.gatePath, ids.gate),
          create_duration: '60s',
          triggers: {
            'appRole:Bench.Read': ROLE_ID,
            'clientId': `\${${app}.client_id}`,
            'servicePrincipalObjectId': `\${${sp}.object_id}`,
          },
        },
      },
    },
    terraform: {
      backend: { local: { path: path.join(process.cwd(), 'terraform.bench.tfstate') } },
      required_providers: { azuread: { source: 'hashicorp/azuread', version: '3.7.0' }, time: { source: 'hashicorp/time', version: '0.13.1' } },
    },
  };
}

/** The `provider` scenario's cdk.tf.json, built directly: what any tool must at least do. */
export function physicalJson(n: number): any {
  const assignments: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    assignments[`Grant${i}`] = {
      '//': meta(`Grant${i}`, `Grant${i}`),
      app_role_id: ROLE_ID,
      depends_on: ['time_sleep.ReplicationGate'],
      principal_object_id: groupId(i),
      resource_object_id: '${azuread_service_principal.ServicePrincipal.object_id}',
    };
  }
  return physicalDocument({
    application: 'Api', applicationPath: 'Api',
    identifierUri: 'IdentifierUri', identifierUriPath: 'IdentifierUri',
    servicePrincipal: 'ServicePrincipal', servicePrincipalPath: 'ServicePrincipal',
    gate: 'ReplicationGate', gatePath: 'ReplicationGate',
  }, assignments);
}

/**
 * The `table` scenario's cdk.tf.json, built directly (the library's construct ids, the replication
 * gate, the `for_each` map of N rows): the physical limit for a table. The bench checks it equals
 * what the `table` scenario synthesizes before timing either.
 */
export function physicalTableJson(n: number): any {
  const rows: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) rows[`Bench.Read ${groupId(i)}`] = { app_role_id: ROLE_ID, principal_object_id: groupId(i) };
  return physicalDocument({
    application: 'Api_F70053CD', applicationPath: 'Api/Resource',
    identifierUri: 'Api_IdentifierUri_FEB23CC0', identifierUriPath: 'Api/IdentifierUri',
    servicePrincipal: 'Api_ServicePrincipal_1062B858', servicePrincipalPath: 'Api/ServicePrincipal',
    gate: 'Api_ReplicationGate_860AF6B1', gatePath: 'Api/ReplicationGate',
  }, {
    Grants_5D26E11C: {
      '//': meta('Grants/Resource', 'Grants_5D26E11C'),
      app_role_id: '${each.value.app_role_id}',
      depends_on: ['time_sleep.Api_ReplicationGate_860AF6B1'],
      for_each: rows,
      principal_object_id: '${each.value.principal_object_id}',
      resource_object_id: '${azuread_service_principal.Api_ServicePrincipal_1062B858.object_id}',
    },
  }, { overrides: { azuread_app_role_assignment: ['timeouts'] } });
}

/**
 * cdktf's floor for the table's document: `physicalTableJson` built in the timed window as for
 * `tablejson`, then synthesized by a cdktf app whose stack holds one element returning it. The
 * `for_each` map is handed to cdktf pre-resolved (post-processor hook, as the library does), so
 * what is measured is cdktf's per-synth work: the stack's two resolves of everything else, the
 * backend, validations, json-stable-stringify of the whole document and the file write.
 */
function runTableFloor(n: number, outdir: string): Result {
  const { App, TerraformStack, TerraformElement } = require('cdktf');
  const t0 = performance.now();
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  const doc = physicalTableJson(n);
  delete doc['//'];
  delete doc.terraform.backend; // the stack's local backend writes it
  const grants = doc.resource.azuread_app_role_assignment.Grants_5D26E11C;
  const rows = grants.for_each;
  const preResolved = (inner: any) => ({ creationStack: [], resolve: (c: any) => { c.registerPostProcessor({ postProcess: () => inner }); return {}; } });
  // Element pass: a resolved map wrapped once more, so the stack pass does not walk it either.
  grants.for_each = preResolved(preResolved(rows));
  class Document extends TerraformElement {
    public constructor(scope: any, id: string) { super(scope, id); }
    public toMetadata(): any { return { overrides: { azuread_app_role_assignment: ['timeouts'] } }; }
    public toTerraform(): any { return doc; }
  }
  new Document(stack, 'Document');
  const t1 = performance.now();
  app.synth();
  return finish(t0, t1, stackFile(outdir, 'bench'));
}

function runJson(n: number, outdir: string, build: (n: number) => any = physicalJson): Result {
  const t0 = performance.now();
  const json = build(n);
  const t1 = performance.now();
  const file = stackFile(outdir, 'bench');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
  return finish(t0, t1, file);
}

function main(): void {
  const [scenario, nText, outdir, entry] = process.argv.slice(2);
  const n = Number(nText);
  let result: Result;
  switch (scenario) {
    case 'library': result = runLibrary(n, outdir, entry); break;
    case 'table': result = runTable(n, outdir, entry); break;
    case 'tablemap': result = runTable(n, outdir, entry, true); break;
    case 'provider': result = runProvider(n, outdir); break;
    case 'shaped': result = runShaped(n, outdir); break;
    case 'shapedsame': result = runShapedSame(n, outdir); break;
    case 'json': result = runJson(n, outdir); break;
    case 'tablejson': result = runJson(n, outdir, physicalTableJson); break;
    case 'tablefloor': result = runTableFloor(n, outdir); break;
    default: throw new Error(`unknown scenario '${scenario}'`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) main();
