// `cdktf-entra-identity adopt`: maps a tenant export to a typed plan (adopt-plan.ts: the
// constructs of a program, their props and the calls on them), each existing object marked so
// that Terraform imports it instead of creating it. The plan is rendered as the program's
// TypeScript source, and built, the same, in memory (adopt-check.ts), where every resource is
// compared attribute by attribute with what the azuread provider holds in state after importing
// its object (provider-state.ts). Every difference is computed, listed at the top of the program
// and returned; what the program leaves out of the export is listed too. Nothing is dropped silently.
// No cdktf or provider imports here: the in-memory build loads them on use.
import { P, PlanField, PlanStatement, PlanValue, planImports, quote, renderStatements } from './adopt-plan';
import { GRAPH_APP_ROLES, GRAPH_SCOPES, MICROSOFT_GRAPH_APP_ID } from './graph-permissions';
import { FEATURE_TAG_VALUES } from './provider-state';
import {
  DEFAULT_ACCESS_ROLE_ID, ExportedApp, GraphObject, PrincipalFacts, TenantExport, appByAppId, appBySpObjectId, graphServicePrincipalId, principalFacts,
} from './tenant-export';
import { PLATFORM, PLATFORMS, PlatformName, coreImportLine, providerImportLine } from '../platform';

/** Options of {@link adoptProgram}. */
export interface AdoptOptions {
  /** The module the program imports the library from. Default the platform's package, `cdktf-entra-identity` or `cdktn-entra-identity`. */
  readonly library?: string;
  /** The platform the program is written for: its imports name `cdktf` or `cdktn` and their providers. Default the one this package is built for. */
  readonly platform?: PlatformName;
  /** The stack's name. Default `adopted`. */
  readonly stackName?: string;
  /** How the export is named in the program's header comment. Default the export's folder. */
  readonly source?: string;
  /**
   * From how many assignments on one API the program grants them as one `for_each` table
   * (`api.grantAppRoles`) instead of one construct each. Default 50. Default access and a
   * daemon's own roles are always single grants.
   */
  readonly tableFrom?: number;
  /**
   * Whether to build the plan in memory and compare every resource with the provider's state
   * after import (the computed part of the header). Default true; false only writes the program.
   */
  readonly check?: boolean;
}

/** What {@link adoptProgram} wrote. */
export interface AdoptResult {
  /** The program's TypeScript source. */
  readonly program: string;
  /** Every line of the program's header list: {@link notes}, then {@link differences}. */
  readonly unexpressible: string[];
  /** What the export holds and the program leaves as it is (not declared, not imported), one line each. */
  readonly notes: string[];
  /**
   * What the first plan does besides importing, computed by comparing the program built in
   * memory with the provider's state after import: each attribute it changes, each object it
   * adds. Empty when `check` is false.
   */
  readonly differences: string[];
  /** How many existing objects the program adopts: one Terraform `import` block each. */
  readonly imports: number;
  /** The APIs, clients and grants the program declares, counted. */
  readonly counts: { apis: number; clients: number; grants: number; preAuthorizations: number; consents: number; federatedCredentials: number };
  /** The typed plan the program is rendered from. */
  readonly plan: PlanStatement[];
  /** The Terraform JSON of the plan built in memory, when checked. */
  readonly synthesized?: any;
}

const MEMBER: Record<string, [string, string]> = { User: ['USER', 'User'], Application: ['APPLICATION', 'Application'] };
const AUDIENCE: Record<string, string> = {
  AzureADMyOrg: 'AZURE_AD_MY_ORG',
  AzureADMultipleOrgs: 'AZURE_AD_MULTIPLE_ORGS',
  AzureADandPersonalMicrosoftAccount: 'AZURE_AD_AND_PERSONAL_MICROSOFT_ACCOUNT',
  PersonalMicrosoftAccount: 'PERSONAL_MICROSOFT_ACCOUNT',
};
const KIND: Record<string, string> = { Group: 'GROUP', User: 'USER', ServicePrincipal: 'SERVICE_PRINCIPAL', ManagedIdentity: 'MANAGED_IDENTITY' };
const SSO_MODES: Record<string, string> = { notSupported: 'NOT_SUPPORTED', oidc: 'OIDC', password: 'PASSWORD', saml: 'SAML' };
const GROUP_CLAIMS: Record<string, string> = {
  None: 'NONE', SecurityGroup: 'SECURITY_GROUP', DirectoryRole: 'DIRECTORY_ROLE', ApplicationGroup: 'APPLICATION_GROUP', All: 'ALL',
};

function list<T>(v: T[] | undefined | null): T[] {
  return Array.isArray(v) ? v : [];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const lower = (v: unknown) => String(v).toLowerCase();

/** Writes the program for `exp`. Deterministic: the same export always gives the same program. */
export function adoptProgram(exp: TenantExport, options: AdoptOptions = {}): AdoptResult {
  const planned = new Planner(exp, options).plan();
  let differences: string[] = [];
  let synthesized: any;
  if (options.check ?? true) {
    // Loaded on use: it loads cdktf, the provider and the library.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkAdoptPlan } = require('./adopt-check') as typeof import('./adopt-check');
    const platform = options.platform !== undefined ? PLATFORMS[options.platform] : PLATFORM;
    const checked = checkAdoptPlan(exp, planned.statements, options.stackName ?? 'adopted', platform.library.npm);
    differences = checked.differences;
    synthesized = checked.synthesized;
  }
  const unexpressible = [...planned.notes, ...differences];
  return {
    program: render(exp, planned.statements, planned.notes, differences, planned.adopted, options),
    unexpressible,
    notes: [...planned.notes],
    differences,
    imports: planned.adopted,
    counts: { ...planned.counts },
    plan: planned.statements,
    synthesized,
  };
}

type ClientClass = 'SpaApp' | 'WebApp' | 'PublicClientApp' | 'DaemonApp';

interface ApiDecl { app: ExportedApp; variable: string }
interface ClientDecl { app: ExportedApp; variable: string; cls: ClientClass }

interface Planned {
  statements: PlanStatement[];
  notes: string[];
  adopted: number;
  counts: AdoptResult['counts'];
}

class Planner {
  private readonly statements: PlanStatement[] = [];
  private readonly notes: string[] = [];
  private readonly ids = new Set<string>();
  private readonly variables = new Set<string>(['app', 'scope', 'id']);
  private readonly apis = new Map<string, ApiDecl>();
  private readonly clients = new Map<string, ClientDecl>();
  private readonly principals = new Map<string, string>();
  /** The apps (by client id) whose permissions are declared in Graph's order (`permissionsInRequestOrder`). */
  private readonly inRequestOrder = new Set<string>();
  private adopted = 0;
  private readonly counts = { apis: 0, clients: 0, grants: 0, preAuthorizations: 0, consents: 0, federatedCredentials: 0 };

  constructor(private readonly exp: TenantExport, private readonly options: AdoptOptions) {}

  public plan(): Planned {
    const apiApps = this.exp.apps.filter((a) => isApi(a.application));
    const clientApps = this.exp.apps.filter((a) => !isApi(a.application));
    for (const a of apiApps) this.declareApi(a);
    for (const a of clientApps) this.declareClient(a);
    for (const a of apiApps) this.declareGrants(a);
    for (const a of this.exp.apps) this.declarePermissionGrants(a);
    for (const a of this.exp.apps) this.ownAssignmentNotes(a);
    // The rights the pipeline's identity needs to apply the program (required-rights.json next to cdk.tf.json):
    // registrations it adopts and does not own need Application.ReadWrite.All, which a reviewer should see.
    this.push({
      blank: true,
      before: ['What the identity that applies this stack needs: required-rights.json next to cdk.tf.json.'],
      call: P.staticCall('RequiredRights', 'enable', [P.scope]),
    });
    return { statements: this.statements, notes: this.notes, adopted: this.adopted, counts: this.counts };
  }

  private note(app: ExportedApp | string, what: string): void {
    const name = typeof app === 'string' ? app : `${app.application.displayName} (${app.application.appId})`;
    this.notes.push(`${name}: ${what}`);
  }

  private push(s: PlanStatement): void {
    this.statements.push(s);
  }

  /** A construct id and a variable name made from a display name, unique in the program. */
  private names(displayName: string, fallback: string): { id: string; variable: string } {
    const words = displayName.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(/\s+/).filter(Boolean);
    let base = words.map((w) => w.charAt(0).toUpperCase() + (w === w.toUpperCase() ? w.slice(1).toLowerCase() : w.slice(1))).join('') || fallback;
    if (/^[0-9]/.test(base)) base = `${fallback}${base}`;
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base}${n}`;
    this.ids.add(id);
    let variable = id.charAt(0).toLowerCase() + id.slice(1);
    for (let n = 2; this.variables.has(variable); n++) variable = `${id.charAt(0).toLowerCase() + id.slice(1)}${n}`;
    this.variables.add(variable);
    return { id, variable };
  }

  /** The `existing` prop: the ids of what the export holds, and nothing it does not. */
  private existing(app: ExportedApp, identifierUris?: string[]): PlanField {
    const a = app.application;
    const sp = app.servicePrincipal;
    this.adopted += sp ? 2 : 1;
    return P.field('existing', P.obj([
      P.field('applicationObjectId', lower(a.id)),
      P.field('clientId', lower(a.appId)),
      sp && P.field('servicePrincipalObjectId', lower(sp.id)),
      identifierUris && P.field('identifierUris', identifierUris),
    ]), sp ? undefined : 'no enterprise application in the tenant: the first apply adds it');
  }

  /**
   * `permissionsInRequestOrder: true` when Graph holds one API's permissions in another order than
   * the library's (by type, then value): the provider compares each list in order. The app's
   * requests are then declared in Graph's order.
   */
  private requestOrder(app: ExportedApp): PlanField | undefined {
    const valueOf = (resourceAppId: string, access: GraphObject): string | undefined => {
      const id = lower(access.id);
      if (lower(resourceAppId) === MICROSOFT_GRAPH_APP_ID) return access.type === 'Scope' ? GRAPH_SCOPES[id] : GRAPH_APP_ROLES[id];
      const api = appByAppId(this.exp, resourceAppId)?.application;
      const found = access.type === 'Scope' ? list<GraphObject>(api?.api?.oauth2PermissionScopes).find((s) => lower(s.id) === id)
        : list<GraphObject>(api?.appRoles).find((r) => lower(r.id) === id);
      return found?.value;
    };
    const differs = list<GraphObject>(app.application.requiredResourceAccess).some((rra) => {
      const keys = list<GraphObject>(rra.resourceAccess).map((x) => `${x.type}/${valueOf(String(rra.resourceAppId), x)}`);
      return keys.join('\n') !== keys.slice().sort(cmp).join('\n');
    });
    if (!differs) return undefined;
    this.inRequestOrder.add(lower(app.application.appId));
    return P.field('permissionsInRequestOrder', true, 'Graph holds the permissions in this order, and the provider compares them in order');
  }

  /** The permissions of one required resource access, in the order they are declared. */
  private accessOrder(app: ExportedApp, rra: GraphObject): GraphObject[] {
    const all = list<GraphObject>(rra.resourceAccess).slice();
    return this.inRequestOrder.has(lower(app.application.appId)) ? all : all.sort((x, y) => cmp(`${x.type} ${x.id}`, `${y.type} ${y.id}`));
  }

  /** The registration's stable key: its path today, so that moving the construct later keeps its addresses. */
  private stableKey(id: string): PlanField {
    return P.field('stableKey', id, 'keeps the Terraform addresses if this construct is moved or renamed');
  }

  /**
   * What every registration states, exactly as the tenant holds it: texts, owners, tags,
   * branding, token version, claims, flags, and the enterprise application's own settings.
   * The library's defaults (the deployer as owner, the enterprise tag, token version 2) are for
   * what a program creates; an adopted registration says what it has.
   */
  private commonProps(app: ExportedApp, kind: 'api' | ClientClass): PlanField[] {
    const a = app.application;
    const fields: PlanField[] = [P.field('displayName', String(a.displayName))];
    if (a.description) fields.push(P.field('description', String(a.description)));
    if (a.notes) fields.push(P.field('notes', String(a.notes)));
    if (a.serviceManagementReference) fields.push(P.field('serviceManagementReference', String(a.serviceManagementReference)));
    const owners = list<GraphObject>(app.applicationOwners).map((o) => lower(o.id)).sort(cmp);
    if (owners.length > 0) fields.push(P.field('owners', owners));
    if (list(a.tags).length > 0) fields.push(P.field('tags', list<string>(a.tags)));
    const version = a.api?.requestedAccessTokenVersion ?? null;
    fields.push(P.field('accessTokenVersion', Number(version ?? 1), version === null ? 'null in Graph means version 1' : undefined));
    if (a.api?.acceptMappedClaims === true) fields.push(P.field('mappedClaimsEnabled', true));
    const groups = this.groupClaims(app);
    if (groups) fields.push(groups);
    const claims = this.optionalClaims(app);
    if (claims) fields.push(claims);
    const info = (a.info ?? {}) as GraphObject;
    for (const [graph, prop] of [['marketingUrl', 'marketingUrl'], ['privacyStatementUrl', 'privacyStatementUrl'],
      ['supportUrl', 'supportUrl'], ['termsOfServiceUrl', 'termsOfServiceUrl']] as const) {
      if (info[graph]) fields.push(P.field(prop, String(info[graph])));
    }
    if (a.isFallbackPublicClient === true && kind !== 'PublicClientApp') fields.push(P.field('fallbackPublicClientEnabled', true));
    if (a.isDeviceOnlyAuthSupported === true) fields.push(P.field('deviceOnlyAuthEnabled', true));
    if (a.oauth2RequirePostResponse === true) fields.push(P.field('oauth2PostResponseRequired', true));
    const ea = this.enterpriseApplication(app, owners);
    if (ea) fields.push(ea);
    this.credentialNotes(app);
    return fields;
  }

  /** The enterprise application's own settings, where they are not the library's defaults. */
  private enterpriseApplication(app: ExportedApp, appOwners: string[]): PlanField | undefined {
    const sp = app.servicePrincipal;
    if (!sp) return undefined;
    const fields: (PlanField | false)[] = [];
    const tags = list<string>(sp.tags);
    const features = Object.entries(FEATURE_TAG_VALUES);
    const isFeature = (t: string) => features.some(([, tag]) => tag.toLowerCase() === t.toLowerCase());
    const has = (tag: string) => tags.some((t) => t.toLowerCase() === tag.toLowerCase());
    if (tags.some((t) => !isFeature(t))) {
      // Tags beyond the provider's four features: written as Graph holds them.
      fields.push(P.field('tags', tags));
    } else {
      const f: PlanField[] = [];
      if (!has(FEATURE_TAG_VALUES.enterprise)) f.push(P.field('enterprise', false));
      if (has(FEATURE_TAG_VALUES.hide)) f.push(P.field('hide', true));
      if (has(FEATURE_TAG_VALUES.gallery)) f.push(P.field('gallery', true));
      if (has(FEATURE_TAG_VALUES.custom_single_sign_on)) f.push(P.field('customSingleSignOn', true));
      if (f.length > 0) fields.push(P.field('featureTags', P.obj(f)));
    }
    if (sp.description) fields.push(P.field('description', String(sp.description)));
    if (sp.notes) fields.push(P.field('notes', String(sp.notes)));
    const spOwners = list<GraphObject>(app.servicePrincipalOwners).map((o) => lower(o.id)).sort(cmp);
    if (spOwners.join(' ') !== appOwners.join(' ')) fields.push(P.field('owners', spOwners));
    if (sp.accountEnabled === false) fields.push(P.field('accountEnabled', false));
    if (sp.loginUrl) fields.push(P.field('loginUrl', String(sp.loginUrl)));
    if (list(sp.notificationEmailAddresses).length > 0) fields.push(P.field('notificationEmailAddresses', list<string>(sp.notificationEmailAddresses)));
    if (sp.preferredSingleSignOnMode && SSO_MODES[sp.preferredSingleSignOnMode]) {
      fields.push(P.field('preferredSingleSignOnMode', P.enumOf('SingleSignOnMode', SSO_MODES[sp.preferredSingleSignOnMode], sp.preferredSingleSignOnMode)));
    }
    if (sp.samlSingleSignOnSettings?.relayState) fields.push(P.field('samlRelayState', String(sp.samlSingleSignOnSettings.relayState)));
    if (list(sp.alternativeNames).length > 0) fields.push(P.field('alternativeNames', list<string>(sp.alternativeNames)));
    const obj = P.obj(fields);
    return obj.fields.length > 0 ? P.field('enterpriseApplication', obj) : undefined;
  }

  /** Credentials the provider cannot import or the library does not hold: left as they are. */
  private credentialNotes(app: ExportedApp): void {
    const a = app.application;
    for (const p of list<GraphObject>(a.passwordCredentials)) {
      this.note(app, `client secret '${p.displayName ?? p.keyId}' (key id ${p.keyId}) is not adopted: the provider cannot import secrets. `
        + 'It stays in Entra untouched by Terraform; replace it with addClientSecret() or a federated credential, then delete it.');
    }
    for (const k of list<GraphObject>(a.keyCredentials)) {
      this.note(app, `certificate '${k.displayName ?? k.keyId}' (key id ${k.keyId}) is not adopted: Graph never returns a certificate's data, which `
        + `the program would need. It stays in Entra untouched by Terraform; to manage it, add addCertificate(name, { source, existingKeyId: '${k.keyId}' }).`);
    }
  }

  private signInAudience(a: GraphObject): PlanField | undefined {
    if (!a.signInAudience || a.signInAudience === 'AzureADMyOrg' || !AUDIENCE[a.signInAudience]) return undefined;
    return P.field('signInAudience', P.enumOf('SignInAudience', AUDIENCE[a.signInAudience], a.signInAudience));
  }

  private declareApi(app: ExportedApp): void {
    const a = app.application;
    const { id, variable } = this.names(a.displayName, 'Api');
    const fields = this.commonProps(app, 'api');
    const uris = list<string>(a.identifierUris);
    const defaultUri = `api://${a.appId}`;
    const hasDefault = uris.some((u) => u.toLowerCase() === defaultUri.toLowerCase());
    const others = uris.filter((u) => u.toLowerCase() !== defaultUri.toLowerCase());
    // Every identifier URI the API has, each imported: api://{clientId} and the added ones as their
    // own resources; without api://{clientId}, the first custom URI and the rest in identifier_uris.
    // An API with none says so (existing.identifierUris: []) and keeps none: the library's default
    // api://{clientId} is for an API a program creates.
    fields.push(this.existing(app, uris.length === 0 ? [] : undefined), this.stableKey(id));
    const order = this.requestOrder(app);
    if (order) fields.push(order);
    if (hasDefault) {
      this.adopted += 1 + others.length;
      if (others.length > 0) fields.push(P.field('additionalIdentifierUris', others));
    } else if (others.length > 0) {
      fields.push(P.field('identifierUri', others[0]));
      if (others.length > 1) fields.push(P.field('additionalIdentifierUris', others.slice(1)));
    }
    if (list(a.api?.knownClientApplications).length > 0) {
      fields.push(P.field('knownClientApplications', list<string>(a.api.knownClientApplications).map(lower)));
    }
    const audience = this.signInAudience(a);
    if (audience) fields.push(audience);
    if (app.servicePrincipal && app.servicePrincipal.appRoleAssignmentRequired !== true) fields.push(P.field('appRoleAssignmentRequired', false));
    // An API that is also a client: it signs users in (web, SPA, public client) as the tenant has it.
    const web = a.web as GraphObject | undefined;
    if (list(web?.redirectUris).length > 0 || web?.logoutUrl || web?.homePageUrl) {
      fields.push(P.field('web', P.obj([
        list(web!.redirectUris).length > 0 && P.field('redirectUris', list<string>(web!.redirectUris).map((u) => this.redirectUri(app, u))),
        !!web!.logoutUrl && P.field('logoutUrl', String(web!.logoutUrl)),
        !!web!.homePageUrl && P.field('homepageUrl', String(web!.homePageUrl)),
        !!web!.implicitGrantSettings?.enableIdTokenIssuance && P.field('idTokenIssuanceEnabled', true),
        !!web!.implicitGrantSettings?.enableAccessTokenIssuance && P.field('accessTokenIssuanceEnabled', true),
      ])));
    }
    if (list(a.spa?.redirectUris).length > 0) {
      fields.push(P.field('spa', P.obj([P.field('redirectUris', list<string>(a.spa.redirectUris).map((u) => this.redirectUri(app, u)))])));
    }
    if (list(a.publicClient?.redirectUris).length > 0) {
      fields.push(P.field('publicClient', P.obj([P.field('redirectUris', list<string>(a.publicClient.redirectUris).map((u) => this.redirectUri(app, u)))])));
    }

    const roles = list<GraphObject>(a.appRoles).slice().sort((x, y) => cmp(String(x.value), String(y.value)));
    const roleValues: PlanValue[] = [];
    for (const r of roles) {
      if (!r.value) {
        this.note(app, `app role ${r.id} ('${r.displayName}') has no value; the library needs one, so it is not declared.`);
        continue;
      }
      const members = list<string>(r.allowedMemberTypes).filter((m) => MEMBER[m]);
      if (members.length === 0) {
        this.note(app, `app role '${r.value}' allows no member types the library knows [${list<string>(r.allowedMemberTypes).join(', ')}]; it is not declared.`);
        continue;
      }
      roleValues.push(P.obj([
        P.field('value', String(r.value)),
        P.field('id', lower(r.id)),
        r.displayName !== r.value && P.field('displayName', String(r.displayName ?? r.value)),
        P.field('description', String(r.description ?? '')),
        P.field('allowedMemberTypes', members.sort(cmp).map((m) => P.enumOf('MemberType', MEMBER[m][0], MEMBER[m][1]))),
        r.isEnabled !== true && P.field('enabled', false),
      ]));
    }
    if (roleValues.length > 0) fields.push(P.field('appRoles', roleValues));

    const scopes = list<GraphObject>(a.api?.oauth2PermissionScopes).slice().sort((x, y) => cmp(String(x.value), String(y.value)));
    const scopeValues: PlanValue[] = [];
    for (const s of scopes) {
      if (!s.value) {
        this.note(app, `scope ${s.id} has no value; it is not declared.`);
        continue;
      }
      scopeValues.push(P.obj([
        P.field('value', String(s.value)),
        P.field('id', lower(s.id)),
        s.type === 'User' && P.field('consentType', P.enumOf('ConsentType', 'USER', 'User')),
        P.field('adminConsentDisplayName', String(s.adminConsentDisplayName ?? s.value)),
        P.field('adminConsentDescription', String(s.adminConsentDescription ?? '')),
        !!s.userConsentDisplayName && P.field('userConsentDisplayName', String(s.userConsentDisplayName)),
        !!s.userConsentDescription && P.field('userConsentDescription', String(s.userConsentDescription)),
        s.isEnabled !== true && P.field('enabled', false),
      ]));
    }
    if (scopeValues.length > 0) fields.push(P.field('scopes', scopeValues));

    this.push({ blank: this.statements.length > 0, assign: variable, call: P.make('ProtectedApi', [P.scope, id, P.obj(fields)]) });
    this.apis.set(lower(a.appId), { app, variable });
    this.counts.apis++;
    // What the API requests of Microsoft Graph, on behalf of its signed-in users.
    for (const rra of list<GraphObject>(a.requiredResourceAccess)) {
      if (lower(rra.resourceAppId) === MICROSOFT_GRAPH_APP_ID) this.declareGraphAccess(app, variable, 'ProtectedApi', rra);
      else {
        this.note(app, `is an API that requests permissions [${list<GraphObject>(rra.resourceAccess).map((x) => `${x.type} ${x.id}`).join(', ')}] of app `
          + `${rra.resourceAppId}; only its Microsoft Graph permissions are declared, the rest is left to add with requestScope.`);
      }
    }
  }

  private groupClaims(app: ExportedApp): PlanField | undefined {
    const raw = app.application.groupMembershipClaims;
    if (!raw) return undefined;
    const values = String(raw).split(',').map((s) => s.trim()).filter(Boolean);
    const known = values.filter((v) => GROUP_CLAIMS[v]);
    if (known.length !== values.length) this.note(app, `group membership claims '${raw}' include values the library does not know.`);
    if (known.length === 0) return undefined;
    return P.field('groupMembershipClaims', known.map((v) => P.enumOf('GroupMembershipClaim', GROUP_CLAIMS[v], v)));
  }

  private optionalClaims(app: ExportedApp): PlanField | undefined {
    const oc = app.application.optionalClaims;
    if (!oc) return undefined;
    const claims = (cs: GraphObject[]) => cs.map((c) => P.obj([
      P.field('name', String(c.name)),
      !!c.source && P.field('source', String(c.source)),
      !!c.essential && P.field('essential', true),
      list(c.additionalProperties).length > 0 && P.field('additionalProperties', list<string>(c.additionalProperties)),
    ]));
    const parts = P.obj([
      list(oc.accessToken).length > 0 && P.field('accessToken', claims(oc.accessToken)),
      list(oc.idToken).length > 0 && P.field('idToken', claims(oc.idToken)),
      list(oc.saml2Token).length > 0 && P.field('saml2Token', claims(oc.saml2Token)),
    ]);
    return parts.fields.length > 0 ? P.field('optionalClaims', parts) : undefined;
  }

  private declareClient(app: ExportedApp): void {
    const a = app.application;
    const platforms = ([['spa', 'SpaApp'], ['web', 'WebApp'], ['publicClient', 'PublicClientApp']] as const)
      .filter(([p]) => list(a[p]?.redirectUris).length > 0);
    const cls: ClientClass = platforms.length > 0 ? platforms[0][1] : a.isFallbackPublicClient ? 'PublicClientApp' : 'DaemonApp';
    const { id, variable } = this.names(a.displayName, 'Client');
    const fields = this.commonProps(app, cls);
    // A client's identifier URIs (a SAML app's entity id) are stated, so the first plan keeps them.
    const clientUris = list<string>(a.identifierUris);
    fields.push(this.existing(app, clientUris.length > 0 ? clientUris : undefined), this.stableKey(id));
    const order = this.requestOrder(app);
    if (order) fields.push(order);
    const audience = this.signInAudience(a);
    if (audience) fields.push(audience);
    if (app.servicePrincipal?.appRoleAssignmentRequired === true) fields.push(P.field('appRoleAssignmentRequired', true));
    const uris = (platform: string) => P.field('redirectUris', list<string>(a[platform]?.redirectUris).map((u) => this.redirectUri(app, u)));
    if (cls === 'SpaApp') fields.push(uris('spa'));
    if (cls === 'WebApp') {
      fields.push(uris('web'));
      if (a.web.logoutUrl) fields.push(P.field('logoutUrl', String(a.web.logoutUrl)));
      if (a.web.homePageUrl) fields.push(P.field('homepageUrl', String(a.web.homePageUrl)));
      if (a.web.implicitGrantSettings?.enableIdTokenIssuance) fields.push(P.field('idTokenIssuanceEnabled', true));
      if (a.web.implicitGrantSettings?.enableAccessTokenIssuance) fields.push(P.field('accessTokenIssuanceEnabled', true));
    }
    if (cls === 'PublicClientApp') {
      fields.push(uris('publicClient'));
      if (a.isFallbackPublicClient !== true) fields.push(P.field('allowPublicClientFlows', false));
    }
    this.push({ blank: true, assign: variable, call: P.make(cls, [P.scope, id, P.obj(fields)]) });
    this.clients.set(lower(a.appId), { app, variable, cls });
    this.counts.clients++;

    for (const c of list<GraphObject>(app.federatedCredentials)) {
      if (cls !== 'WebApp' && cls !== 'DaemonApp') {
        this.note(app, `federated credential '${c.name}' is on a ${cls}, which cannot hold credentials in the library; it is left as it is.`);
        continue;
      }
      const audiences = list<string>(c.audiences);
      this.push({
        call: P.call(variable, 'addFederatedCredential', [String(c.name), P.obj([
          P.field('issuer', String(c.issuer)),
          P.field('subject', String(c.subject)),
          (audiences.length !== 1 || audiences[0] !== 'api://AzureADTokenExchange') && P.field('audiences', audiences),
          !!c.description && P.field('description', String(c.description)),
          P.field('existingCredentialId', lower(c.id)),
        ])]),
      });
      this.adopted++;
      this.counts.federatedCredentials++;
    }
    this.declareRequestedAccess(app, variable, cls);
  }

  /**
   * A redirect URI as the provider accepts it: an http(s) URI without a path needs a trailing
   * slash (`https://host/`), which Graph does not insist on. The difference shows in the header.
   */
  private redirectUri(app: ExportedApp, uri: string): string {
    if (!/^https?:\/\/[^/?#]+$/i.test(uri)) return uri;
    void app;
    return `${uri}/`;
  }

  /** The client's required resource access: delegated scopes (with pre-authorization) and, for a daemon, app roles. */
  private declareRequestedAccess(app: ExportedApp, variable: string, cls: ClientClass): void {
    for (const rra of list<GraphObject>(app.application.requiredResourceAccess)) {
      if (lower(rra.resourceAppId) === MICROSOFT_GRAPH_APP_ID) {
        this.declareGraphAccess(app, variable, cls, rra);
        continue;
      }
      const api = this.apis.get(lower(rra.resourceAppId));
      if (!api) {
        this.note(app, `requests permissions [${list<GraphObject>(rra.resourceAccess).map((x) => `${x.type} ${x.id}`).join(', ')}] of app ${rra.resourceAppId}, `
          + 'which is not in the export; add them with RegisteredApi, then check the plan.');
        continue;
      }
      const apiApp = api.app.application;
      const consent = this.consentFor(app, api.app);
      for (const access of this.accessOrder(app, rra)) {
        const id = lower(access.id);
        if (access.type === 'Scope') {
          const scope = list<GraphObject>(apiApp.api?.oauth2PermissionScopes).find((s) => lower(s.id) === id);
          if (!scope) {
            this.note(app, `requests scope ${id} of ${apiApp.displayName}, which the API does not define; the request is not declared.`);
            continue;
          }
          if (cls === 'DaemonApp') {
            this.note(app, `is a daemon (no redirect URIs) that requests delegated scope '${scope.value}' of ${apiApp.displayName}; a daemon cannot use scopes, so it is not declared.`);
            continue;
          }
          const pre = list<GraphObject>(apiApp.api?.preAuthorizedApplications).find((p) => lower(p.appId) === lower(app.application.appId));
          const preAuthorized = pre !== undefined && list<string>(pre.delegatedPermissionIds).map(lower).includes(id);
          const consented = consent?.scopes.includes(String(scope.value));
          this.push({
            call: P.call(variable, 'requestScope', [P.v(api.variable), P.call(api.variable, 'scope', [String(scope.value)]), P.obj([
              preAuthorized ? P.field('preAuthorizationExists', true) : P.field('preAuthorize', false),
              !!consented && P.field('adminConsent', true),
              !!consented && P.field('existingGrantId', String(consent!.grant.id)),
            ])]),
          });
        } else if (access.type === 'Role') {
          const role = list<GraphObject>(apiApp.appRoles).find((r) => lower(r.id) === id);
          if (!role) {
            this.note(app, `requests app role ${id} of ${apiApp.displayName}, which the API does not define; the request is not declared.`);
            continue;
          }
          if (cls !== 'DaemonApp') {
            this.note(app, `is a ${cls} that requests app role '${role.value}' of ${apiApp.displayName}; only a DaemonApp requests app roles in the library, so it is not declared.`);
            continue;
          }
          // Listed in the API (app-role-assigned-to.json), or by the daemon itself (app-role-assignments.json).
          const assignment = api.app.appRoleAssignedTo.find((x) => lower(x.principalId) === lower(app.servicePrincipal?.id)
            && lower(x.appRoleId) === id)
            ?? app.appRoleAssignments.find((x) => lower(x.resourceId) === lower(api.app.servicePrincipal?.id) && lower(x.appRoleId) === id);
          const args: PlanValue[] = [P.call(api.variable, 'appRole', [String(role.value)])];
          if (assignment) {
            args.push(P.obj([P.field('existingAssignmentId', String(assignment.id))]));
            this.adopted++;
          }
          this.push({ call: P.call(variable, 'requestAppRole', args) });
          this.counts.grants++;
        }
      }
      const pre = list<GraphObject>(apiApp.api?.preAuthorizedApplications).find((p) => lower(p.appId) === lower(app.application.appId));
      if (pre) {
        this.adopted++;
        this.counts.preAuthorizations++;
      }
      if (consent) {
        this.adopted++;
        this.counts.consents++;
      }
    }
  }

  /** Microsoft Graph permissions by name, from the table of its published ids. */
  private declareGraphAccess(app: ExportedApp, variable: string, cls: ClientClass | 'ProtectedApi', rra: GraphObject): void {
    for (const access of this.accessOrder(app, rra)) {
      const id = lower(access.id);
      if (access.type === 'Scope') {
        const value = GRAPH_SCOPES[id];
        if (!value) {
          this.note(app, `requests Microsoft Graph delegated permission ${id}, which is not in the library's table of Graph permission ids; it is not declared.`);
        } else if (cls === 'DaemonApp') {
          this.note(app, `is a daemon that requests Microsoft Graph delegated permission '${value}'; a daemon cannot use delegated permissions, so it is not declared.`);
        } else {
          this.push({ call: P.call(variable, 'requestGraphScope', [value]) });
        }
      } else if (access.type === 'Role') {
        const value = GRAPH_APP_ROLES[id];
        if (!value) {
          this.note(app, `requests Microsoft Graph application permission ${id}, which is not in the library's table of Graph permission ids; it is not declared.`);
        } else if (cls !== 'DaemonApp' && cls !== 'ProtectedApi') {
          this.note(app, `is a ${cls} that requests Microsoft Graph application permission '${value}'; only a DaemonApp or a ProtectedApi (calling as itself) `
            + 'requests application permissions in the library, so it is not declared.');
        } else if (!app.ownAssignmentsExported) {
          this.note(app, `requests Microsoft Graph application permission '${value}': the program requests it with requestGraphAppRole, which also grants it; `
            + 'the export does not hold the app\'s own assignments (app-role-assignments.json), so if it is granted already, the first apply fails on the '
            + 'existing assignment: export them and adopt again, add its existingAssignmentId and graphServicePrincipalObjectId, or leave the request out.');
          this.push({ call: P.call(variable, 'requestGraphAppRole', [value]) });
          this.counts.grants++;
        } else {
          // Granted (admin consent to an application permission is an assignment in Graph's service principal): adopted.
          const held = this.graphAssignment(app, id);
          const args: PlanValue[] = [value];
          if (held) {
            args.push(P.obj([P.field('existingAssignmentId', String(held.id)), P.field('graphServicePrincipalObjectId', lower(held.resourceId))]));
            this.adopted++;
          } else {
            this.note(app, `requests Microsoft Graph application permission '${value}', which is not granted (no admin consent): the program requests it with `
              + 'requestGraphAppRole, which also grants it, so the first apply grants it. Leave the request out to keep it ungranted.');
          }
          this.push({ call: P.call(variable, 'requestGraphAppRole', args) });
          this.counts.grants++;
        }
      }
    }
  }

  /** The assignment of Microsoft Graph application permission `roleId` that the app holds itself, from app-role-assignments.json. */
  private graphAssignment(app: ExportedApp, roleId: string): GraphObject | undefined {
    const graphSp = graphServicePrincipalId(this.exp);
    return app.appRoleAssignments.find((x) => lower(x.appRoleId) === roleId && lower(x.resourceId) === graphSp);
  }

  /**
   * The roles the app holds itself (app-role-assignments.json) that the program does not declare:
   * Graph application permissions it does not request, roles in APIs outside the export.
   */
  private ownAssignmentNotes(app: ExportedApp): void {
    const graphSp = graphServicePrincipalId(this.exp);
    const requested = (resourceAppId: string, roleId: string) => list<GraphObject>(app.application.requiredResourceAccess).some((r) =>
      lower(r.resourceAppId) === resourceAppId && list<GraphObject>(r.resourceAccess).some((x) => x.type === 'Role' && lower(x.id) === roleId));
    // A daemon, or an API that calls Graph as itself, declares the Graph permissions it requests.
    const declares = this.clients.get(lower(app.application.appId))?.cls === 'DaemonApp' || this.apis.has(lower(app.application.appId));
    for (const a of app.appRoleAssignments) {
      const roleId = lower(a.appRoleId);
      if (lower(a.resourceId) === graphSp) {
        const value = GRAPH_APP_ROLES[roleId] ?? roleId;
        if (declares && requested(MICROSOFT_GRAPH_APP_ID, roleId) && GRAPH_APP_ROLES[roleId]) continue;
        this.note(app, `holds Microsoft Graph application permission '${value}' (assignment ${a.id}, made ${a.createdDateTime ?? 'at an unknown time'}) `
          + `${requested(MICROSOFT_GRAPH_APP_ID, roleId) ? 'that the program does not declare' : 'without requesting it'}; it is left as it is. `
          + `Declare it with requestGraphAppRole('${value}', { existingAssignmentId: '${a.id}', graphServicePrincipalObjectId: '${lower(a.resourceId)}' }), or remove the assignment.`);
      } else if (!appBySpObjectId(this.exp, String(a.resourceId))) {
        this.note(app, `holds app role ${roleId} of ${a.resourceDisplayName ?? 'an API'} (service principal ${a.resourceId}, assignment ${a.id}), `
          + 'an API the export does not hold; it is left as it is.');
      }
      // A role in an API of the export is listed (and declared) from that API's app-role-assigned-to.json.
    }
  }

  private consentFor(client: ExportedApp, api: ExportedApp): { grant: GraphObject; scopes: string[] } | undefined {
    const grant = client.permissionGrants.find((g) => g.consentType === 'AllPrincipals' && lower(g.resourceId) === lower(api.servicePrincipal?.id));
    return grant ? { grant, scopes: String(grant.scope ?? '').split(/\s+/).filter(Boolean).sort(cmp) } : undefined;
  }

  private declarePermissionGrants(app: ExportedApp): void {
    for (const g of app.permissionGrants) {
      const resource = appBySpObjectId(this.exp, String(g.resourceId));
      if (g.consentType === 'Principal') {
        this.note(app, `user ${g.principalId} consented to [${g.scope}] on ${resource?.application.displayName ?? g.resourceId} `
          + `(oauth2PermissionGrant ${g.id}); the library expresses tenant-wide admin consent only. The consent stays as it is.`);
      } else if (!resource || !this.apis.has(lower(resource.application.appId))) {
        this.note(app, `has admin consent to [${g.scope}] on service principal ${g.resourceId}, which is not an API of the export (oauth2PermissionGrant ${g.id}); it is left as it is.`);
      } else if (!this.clients.has(lower(app.application.appId))) {
        this.note(app, `has admin consent (oauth2PermissionGrant ${g.id}) but is not declared as a client; it is left as it is.`);
      } else {
        const requested = list<GraphObject>(app.application.requiredResourceAccess).some((r) => lower(r.resourceAppId) === lower(resource.application.appId));
        if (!requested) {
          this.note(app, `has admin consent to [${g.scope}] on ${resource.application.displayName} (oauth2PermissionGrant ${g.id}) without requesting it; it is left as it is.`);
        }
      }
    }
  }

  private declareGrants(app: ExportedApp): void {
    const api = this.apis.get(lower(app.application.appId));
    if (!api) return;
    const roles = new Map(list<GraphObject>(app.application.appRoles).map((r) => [lower(r.id), r]));
    const assignments = app.appRoleAssignedTo.slice().sort((x, y) => cmp(String(x.principalDisplayName), String(y.principalDisplayName))
      || cmp(String(x.principalId), String(y.principalId)) || cmp(String(x.appRoleId), String(y.appRoleId)));
    const tableFrom = this.options.tableFrom ?? 50;
    const rows: PlanValue[] = [];
    // Display names are not unique in a tenant; a table row's name must be (it is half the for_each key).
    const nameCount = new Map<string, Set<string>>();
    for (const a of assignments) {
      const n = String(a.principalDisplayName ?? a.principalId);
      nameCount.set(n, (nameCount.get(n) ?? new Set()).add(lower(a.principalId)));
    }
    const inTable = (roleId: string, clientDecl: ClientDecl | undefined) => roleId !== DEFAULT_ACCESS_ROLE_ID && clientDecl === undefined
      && assignments.length >= tableFrom;
    const out: PlanStatement[] = [];
    for (const a of assignments) {
      const roleId = lower(a.appRoleId);
      const facts = principalFacts(this.exp, a);
      // A daemon's grant is declared by its requestAppRole.
      const client = appBySpObjectId(this.exp, facts.objectId);
      const clientDecl = client ? this.clients.get(lower(client.application.appId)) : undefined;
      if (clientDecl?.cls === 'DaemonApp' && list<GraphObject>(client!.application.requiredResourceAccess).some((r) =>
        lower(r.resourceAppId) === lower(app.application.appId)
        && list<GraphObject>(r.resourceAccess).some((x) => x.type === 'Role' && lower(x.id) === roleId))) continue;
      const role = roles.get(roleId);
      if (roleId !== DEFAULT_ACCESS_ROLE_ID && (!role || !role.value)) {
        this.note(app, `assignment ${a.id} gives ${a.principalDisplayName} (${a.principalType} ${a.principalId}) role id ${roleId}, which the API does not define `
          + '(a deleted role?); it cannot be declared and is left as it is. Remove it in the portal or with az rest --method DELETE.');
        continue;
      }
      if (inTable(roleId, clientDecl)) {
        const display = facts.displayName;
        const rowName = (nameCount.get(String(a.principalDisplayName ?? a.principalId))?.size ?? 1) > 1 ? `${display} (${facts.objectId})` : display;
        rows.push(P.obj([
          P.field('principalName', rowName),
          P.field('principalObjectId', facts.objectId),
          P.field('principalKind', P.enumOf('PrincipalKind', KIND[facts.kind] ?? 'SERVICE_PRINCIPAL', facts.kind)),
          P.field('role', P.call(api.variable, 'appRole', [String(role!.value)])),
          P.field('existingAssignmentId', String(a.id)),
        ]));
      } else {
        const principal = this.principal(facts, clientDecl, out);
        const existing = P.obj([P.field('existingAssignmentId', String(a.id))]);
        out.push({
          call: roleId === DEFAULT_ACCESS_ROLE_ID
            ? P.call(api.variable, 'grantDefaultAccess', [principal, existing])
            : P.call(api.variable, 'grantAppRole', [principal, P.call(api.variable, 'appRole', [String(role!.value)]), existing]),
        });
      }
      if (facts.kind === 'ServicePrincipal' && !facts.known) {
        this.note(app, `assignment ${a.id}: ${a.principalDisplayName} (${a.principalId}) is a service principal the export does not describe; `
          + `it is declared as EntraServicePrincipal. If it is a managed identity, add principals/${a.principalId}.json (az ad sp show --id ${a.principalId}) and adopt again.`);
      }
      this.adopted++;
      this.counts.grants++;
    }
    if (rows.length > 0) {
      out.push({
        before: [`${rows.length} assignments as one for_each table (adopt --table-from ${tableFrom}); each row is imported.`],
        call: P.call(api.variable, 'grantAppRoles', [rows]),
      });
    }
    if (out.length === 0) return;
    out[0] = { ...out[0], blank: true, before: [`Who holds which role on ${app.application.displayName}: each assignment exists and is imported.`, ...(out[0].before ?? [])] };
    this.statements.push(...out);
  }

  /** The principal construct for an assignment's principal, declared on first use. */
  private principal(facts: PrincipalFacts, client: ClientDecl | undefined, out: PlanStatement[]): PlanValue {
    if (client?.cls === 'DaemonApp') return P.v(client.variable);
    const existing = this.principals.get(facts.objectId);
    if (existing) return P.v(existing);
    const { id, variable } = this.names(facts.displayName, 'Principal');
    const name = P.obj([P.field('displayName', facts.displayName)]);
    let decl;
    switch (facts.kind) {
      case 'Group':
        decl = P.staticCall('EntraGroup', 'fromObjectId', [P.scope, id, facts.objectId, name]);
        break;
      case 'User':
        decl = P.staticCall('EntraUser', 'fromObjectId', [P.scope, id, facts.objectId, name]);
        break;
      case 'ManagedIdentity':
        decl = facts.identityType === 'UserAssigned'
          ? P.staticCall('ManagedIdentity', 'fromUserAssignedAttributes', [P.scope, id, P.obj([
            P.field('principalId', facts.objectId), P.field('clientId', facts.clientId!),
            !!facts.resourceId && P.field('resourceId', facts.resourceId!), P.field('displayName', facts.displayName),
          ])])
          : P.staticCall('ManagedIdentity', 'fromSystemAssigned', [P.scope, id, P.obj([P.field('principalId', facts.objectId), P.field('displayName', facts.displayName)])]);
        break;
      default:
        decl = P.staticCall('EntraServicePrincipal', 'fromObjectId', [P.scope, id, facts.objectId, name]);
    }
    const comment = facts.kind === 'ManagedIdentity' && facts.identityType === 'SystemAssigned' && facts.resourceId ? `carried by ${facts.resourceId}` : undefined;
    out.push({ assign: variable, call: decl, trailing: comment });
    this.principals.set(facts.objectId, variable);
    return P.v(variable);
  }
}

function render(exp: TenantExport, statements: PlanStatement[], notes: string[], differences: string[], adopted: number, options: AdoptOptions): string {
  const platform = options.platform !== undefined ? PLATFORMS[options.platform] : PLATFORM;
  const library = options.library ?? platform.library.npm;
  const stackName = options.stackName ?? 'adopted';
  const source = options.source ?? exp.dir;
  const header = [
    `// Generated by \`${platform.library.npm} adopt\` from the tenant export in '${source}'.`,
    '//',
    `// It declares what exists in the tenant and adopts it: ${adopted} existing objects, each with a Terraform`,
    '// `import` block. Role and scope ids are the existing ones; never change them. Review it, run the plan, then apply.',
  ];
  if (differences.length > 0) {
    header.push('//', '// THE FIRST PLAN DOES MORE THAN IMPORT (computed: the program built in memory, compared with what the azuread',
      '// provider holds in state after importing each object):');
    for (const d of differences) header.push(...wrapComment(`- ${d}`));
  } else if (options.check ?? true) {
    header.push('//', '// The first plan shows imports and no changes (computed: the program built in memory, compared with what the',
      '// azuread provider holds in state after importing each object).');
  }
  if (notes.length > 0) {
    header.push('//', '// LEFT AS THEY ARE (in the export, not declared by the program):');
    for (const u of notes) header.push(...wrapComment(`- ${u}`));
  }
  const out = [
    ...header,
    coreImportLine(['App', 'TerraformStack'], platform),
    'import { Construct } from \'constructs\';',
    providerImportLine('azuread', 'provider', ['AzureadProvider'], platform),
    `import {\n${wrapImports(planImports(statements))}\n} from ${quote(library)};`,
    '',
    '/** The app registrations, enterprise applications and grants of the export, adopted. */',
    'export class AdoptedStack extends TerraformStack {',
    '  public constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    '    new AzureadProvider(this, \'azuread\', {});',
    '',
    ...renderStatements(statements).map((l) => (l === '' ? '' : `    ${l}`)),
    '  }',
    '}',
    '',
    '/** Adds the adopted stack to `app`. */',
    'export function buildApp(app: App): void {',
    `  new AdoptedStack(app, ${quote(stackName)});`,
    '}',
    '',
    'if (require.main === module) {',
    '  const app = new App();',
    '  buildApp(app);',
    '  app.synth();',
    '}',
    '',
  ];
  return out.join('\n');
}

/**
 * Whether a registration is an API: it exposes roles or scopes, or it has an identifier URI
 * and no redirect URIs.
 */
export function isApi(a: GraphObject): boolean {
  return list(a.appRoles).length > 0 || list(a.api?.oauth2PermissionScopes).length > 0
    || (list(a.identifierUris).length > 0 && list(a.spa?.redirectUris).length === 0 && list(a.publicClient?.redirectUris).length === 0
      && list(a.web?.redirectUris).length === 0);
}

function wrapComment(text: string): string[] {
  const out: string[] = [];
  let line = '//';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > 118 && line !== '//' && line !== '//  ') {
      out.push(line);
      line = '//   ';
      line += word;
    } else {
      line += line.endsWith(' ') ? word : ` ${word}`;
    }
  }
  out.push(line);
  return out;
}

function wrapImports(names: string[]): string {
  const lines: string[] = [];
  let line = ' ';
  for (const n of names) {
    if (line.length + n.length + 2 > 110) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${n},`;
  }
  lines.push(line);
  return lines.join('\n');
}
