// `cdktf-entra-identity adopt`: writes a TypeScript program that declares, with this library,
// the APIs, roles, scopes, clients and grants of a tenant export, each marked as existing so
// that Terraform imports it instead of creating it. What the library cannot express is listed
// in a comment at the top of the program and returned, never silently dropped.
// No cdktf or provider imports: the command line loads this file.
import {
  DEFAULT_ACCESS_ROLE_ID, ExportedApp, GraphObject, PrincipalFacts, TenantExport, appBySpObjectId, principalFacts,
} from './tenant-export';
import { PLATFORM, PlatformName, PLATFORMS, coreImportLine, providerImportLine } from '../platform';

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
}

/** What {@link adoptProgram} wrote. */
export interface AdoptResult {
  /** The program's TypeScript source. */
  readonly program: string;
  /** Everything in the export the program does not express, one line each. */
  readonly unexpressible: string[];
  /** How many existing objects the program adopts: one Terraform `import` block each. */
  readonly imports: number;
  /** The APIs, clients and grants the program declares, counted. */
  readonly counts: { apis: number; clients: number; grants: number; preAuthorizations: number; consents: number; federatedCredentials: number };
}

const MEMBER: Record<string, string> = { User: 'MemberType.USER', Application: 'MemberType.APPLICATION' };
const AUDIENCE: Record<string, string> = {
  AzureADMyOrg: 'SignInAudience.AZURE_AD_MY_ORG',
  AzureADMultipleOrgs: 'SignInAudience.AZURE_AD_MULTIPLE_ORGS',
  AzureADandPersonalMicrosoftAccount: 'SignInAudience.AZURE_AD_AND_PERSONAL_MICROSOFT_ACCOUNT',
  PersonalMicrosoftAccount: 'SignInAudience.PERSONAL_MICROSOFT_ACCOUNT',
};
const KIND: Record<string, string> = {
  Group: 'PrincipalKind.GROUP',
  User: 'PrincipalKind.USER',
  ServicePrincipal: 'PrincipalKind.SERVICE_PRINCIPAL',
  ManagedIdentity: 'PrincipalKind.MANAGED_IDENTITY',
};
const GROUP_CLAIMS: Record<string, string> = {
  None: 'GroupMembershipClaim.NONE',
  SecurityGroup: 'GroupMembershipClaim.SECURITY_GROUP',
  DirectoryRole: 'GroupMembershipClaim.DIRECTORY_ROLE',
  ApplicationGroup: 'GroupMembershipClaim.APPLICATION_GROUP',
  All: 'GroupMembershipClaim.ALL',
};
/** The tag the provider's `feature_tags { enterprise = true }` sets, which the library always sets. */
const ENTERPRISE_TAG = 'WindowsAzureActiveDirectoryIntegratedApp';

/** A TypeScript string literal. */
function q(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, '\\\'').replace(/\r/g, '\\r').replace(/\n/g, '\\n')}'`;
}

function list<T>(v: T[] | undefined | null): T[] {
  return Array.isArray(v) ? v : [];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Writes the program for `exp`. Deterministic: the same export always gives the same program. */
export function adoptProgram(exp: TenantExport, options: AdoptOptions = {}): AdoptResult {
  return new Writer(exp, options).write();
}

type ClientClass = 'SpaApp' | 'WebApp' | 'PublicClientApp' | 'DaemonApp';

interface ApiDecl { app: ExportedApp; variable: string }
interface ClientDecl { app: ExportedApp; variable: string; cls: ClientClass }

class Writer {
  private readonly lines: string[] = [];
  private readonly unexpressible: string[] = [];
  private readonly imports = new Set<string>();
  private readonly ids = new Set<string>();
  private readonly variables = new Set<string>(['app', 'scope', 'id']);
  private readonly apis = new Map<string, ApiDecl>();
  private readonly clients = new Map<string, ClientDecl>();
  private readonly principals = new Map<string, string>();
  private adopted = 0;
  private readonly counts = { apis: 0, clients: 0, grants: 0, preAuthorizations: 0, consents: 0, federatedCredentials: 0 };

  constructor(private readonly exp: TenantExport, private readonly options: AdoptOptions) {}

  public write(): AdoptResult {
    const apiApps = this.exp.apps.filter((a) => isApi(a.application));
    const clientApps = this.exp.apps.filter((a) => !isApi(a.application));
    for (const a of apiApps) this.declareApi(a);
    for (const a of clientApps) this.declareClient(a);
    for (const a of apiApps) this.declareGrants(a);
    for (const a of this.exp.apps) this.declarePermissionGrants(a);
    return {
      program: this.render(),
      unexpressible: [...this.unexpressible],
      imports: this.adopted,
      counts: { ...this.counts },
    };
  }

  private note(app: ExportedApp | string, what: string): void {
    const name = typeof app === 'string' ? app : `${app.application.displayName} (${app.application.appId})`;
    this.unexpressible.push(`${name}: ${what}`);
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

  private existing(app: ExportedApp): string {
    const sp = app.servicePrincipal!;
    this.adopted += 2;
    return `existing: { applicationObjectId: ${q(app.application.id)}, clientId: ${q(app.application.appId)}, servicePrincipalObjectId: ${q(sp.id)} },`;
  }

  /** The registration's stable key: its path today, so that moving the construct later keeps its addresses. */
  private stableKey(id: string): string {
    return `stableKey: ${q(id)}, // keeps the Terraform addresses if this construct is moved or renamed`;
  }

  private commonProps(app: ExportedApp, body: string[]): void {
    const a = app.application;
    body.push(`displayName: ${q(a.displayName)},`);
    if (a.description) body.push(`description: ${q(a.description)},`);
    if (a.notes) body.push(`notes: ${q(a.notes)},`);
    if (a.serviceManagementReference) body.push(`serviceManagementReference: ${q(a.serviceManagementReference)},`);
    const owners = list<GraphObject>(app.applicationOwners).map((o) => String(o.id)).sort(cmp);
    const spOwners = list<GraphObject>(app.servicePrincipalOwners).map((o) => String(o.id)).sort(cmp);
    if (owners.length > 0) {
      body.push(`owners: [${owners.map(q).join(', ')}],`);
    } else {
      this.note(app, 'the app registration has no owners; the library makes the deploying principal its owner, so the first apply adds it.');
    }
    if (spOwners.join(' ') !== owners.join(' ')) {
      this.note(app, `the enterprise application's owners [${spOwners.join(', ')}] differ from the app registration's [${owners.join(', ')}]; `
        + 'the library gives both the same owners, so the first apply makes them equal.');
    }
    this.commonUnexpressible(app);
  }

  private commonUnexpressible(app: ExportedApp): void {
    const a = app.application;
    const sp = app.servicePrincipal!;
    for (const p of list<GraphObject>(a.passwordCredentials)) {
      this.note(app, `client secret '${p.displayName ?? p.keyId}' (key id ${p.keyId}) is not adopted: the provider cannot import secrets. `
        + 'It stays in Entra untouched by Terraform; replace it with addClientSecret() or a federated credential, then delete it.');
    }
    for (const k of list<GraphObject>(a.keyCredentials)) {
      this.note(app, `certificate '${k.displayName ?? k.keyId}' (key id ${k.keyId}) is not expressed: the library has no certificate credentials. It stays as it is.`);
    }
    if (list(a.tags).length > 0) this.note(app, `tags [${list<string>(a.tags).join(', ')}] of the app registration are not expressed.`);
    const extraTags = list<string>(sp.tags).filter((t) => t !== ENTERPRISE_TAG);
    if (extraTags.length > 0) this.note(app, `tags [${extraTags.join(', ')}] of the enterprise application are not expressed; the first apply removes them.`);
    if (!list<string>(sp.tags).includes(ENTERPRISE_TAG)) {
      this.note(app, `the enterprise application lacks tag ${ENTERPRISE_TAG}; the library marks every enterprise application with it, so the first apply adds it.`);
    }
    const info = (a.info ?? {}) as GraphObject;
    const urls = ['logoUrl', 'marketingUrl', 'privacyStatementUrl', 'supportUrl', 'termsOfServiceUrl'].filter((k) => info[k]);
    if (urls.length > 0) this.note(app, `branding URLs (${urls.map((k) => `${k} ${info[k]}`).join(', ')}) are not expressed.`);
    if (a.api?.acceptMappedClaims) this.note(app, 'api.acceptMappedClaims is true; the library does not express it.');
    if (list(a.api?.knownClientApplications).length > 0) {
      this.note(app, `api.knownClientApplications [${list<string>(a.api.knownClientApplications).join(', ')}] (combined consent) is not expressed.`);
    }
    if (list(a.optionalClaims?.saml2Token).length > 0) {
      this.note(app, `SAML optional claims [${list<GraphObject>(a.optionalClaims.saml2Token).map((c) => c.name).join(', ')}] are not expressed; the library covers access and ID token claims.`);
    }
  }

  private declareApi(app: ExportedApp): void {
    const a = app.application;
    if (!app.servicePrincipal) {
      this.note(app, 'has no service-principal.json, so it is not adopted: export `az ad sp show --id <appId>` (every API needs its enterprise application).');
      return;
    }
    this.imports.add('ProtectedApi');
    const { id, variable } = this.names(a.displayName, 'Api');
    const body: string[] = [];
    this.commonProps(app, body);
    body.push(this.existing(app), this.stableKey(id));
    const uris = list<string>(a.identifierUris);
    const defaultUri = `api://${a.appId}`;
    if (uris.length === 1 && uris[0].toLowerCase() === defaultUri.toLowerCase()) {
      this.adopted += 1; // the identifier URI resource
    } else if (uris.length >= 1) {
      const custom = uris.find((u) => u.toLowerCase() !== defaultUri.toLowerCase()) ?? uris[0];
      body.push(`identifierUri: ${q(custom)},`);
      const rest = uris.filter((u) => u !== custom);
      if (rest.length > 0) {
        this.note(app, `has ${uris.length} identifier URIs; the library keeps one (${custom}), so the first apply removes [${rest.join(', ')}]. `
          + 'Check that no client asks for tokens with them first.');
      }
    } else {
      this.note(app, 'has no identifier URI; the library gives it api://{clientId}, so the first apply adds that one.');
      this.adopted += 0;
    }
    if (a.signInAudience && a.signInAudience !== 'AzureADMyOrg') {
      if (AUDIENCE[a.signInAudience]) {
        this.imports.add('SignInAudience');
        body.push(`signInAudience: ${AUDIENCE[a.signInAudience]},`);
      } else {
        this.note(app, `sign-in audience '${a.signInAudience}' is not one the library knows.`);
      }
    }
    const version = a.api?.requestedAccessTokenVersion ?? null;
    if (version === null || version === 1) body.push('accessTokenVersion: 1, // null in Graph means version 1');
    if (app.servicePrincipal.appRoleAssignmentRequired === false) body.push('appRoleAssignmentRequired: false,');
    this.groupClaims(app, body);
    this.optionalClaims(app, body);

    const roles = list<GraphObject>(a.appRoles).slice().sort((x, y) => cmp(String(x.value), String(y.value)));
    const roleLines: string[] = [];
    for (const r of roles) {
      if (!r.value) {
        this.note(app, `app role ${r.id} ('${r.displayName}') has no value; the library needs one, so it is not declared (and the first apply removes it).`);
        continue;
      }
      const members = list<string>(r.allowedMemberTypes).filter((m) => MEMBER[m]);
      if (members.length === 0) {
        this.note(app, `app role '${r.value}' allows no member types the library knows [${list<string>(r.allowedMemberTypes).join(', ')}]; it is not declared.`);
        continue;
      }
      this.imports.add('MemberType');
      const fields = [`value: ${q(r.value)}`, `id: ${q(r.id)}`];
      if (r.displayName !== r.value) fields.push(`displayName: ${q(r.displayName ?? r.value)}`);
      fields.push(`description: ${q(r.description ?? '')}`, `allowedMemberTypes: [${members.sort(cmp).map((m) => MEMBER[m]).join(', ')}]`);
      if (r.isEnabled === false) fields.push('enabled: false');
      roleLines.push(`{ ${fields.join(', ')} },`);
      if (!r.description) this.note(app, `app role '${r.value}' has no description; the library needs one, so the program gives it an empty one to fill in.`);
    }
    if (roleLines.length > 0) body.push('appRoles: [', ...roleLines.map((l) => `  ${l}`), '],');

    const scopes = list<GraphObject>(a.api?.oauth2PermissionScopes).slice().sort((x, y) => cmp(String(x.value), String(y.value)));
    const scopeLines: string[] = [];
    for (const s of scopes) {
      if (!s.value) {
        this.note(app, `scope ${s.id} has no value; it is not declared.`);
        continue;
      }
      const fields = [`value: ${q(s.value)}`, `id: ${q(s.id)}`];
      if (s.type === 'User') {
        this.imports.add('ConsentType');
        fields.push('consentType: ConsentType.USER');
      }
      fields.push(`adminConsentDisplayName: ${q(s.adminConsentDisplayName ?? s.value)}`, `adminConsentDescription: ${q(s.adminConsentDescription ?? '')}`);
      if (s.userConsentDisplayName) fields.push(`userConsentDisplayName: ${q(s.userConsentDisplayName)}`);
      if (s.userConsentDescription) fields.push(`userConsentDescription: ${q(s.userConsentDescription)}`);
      if (!s.userConsentDisplayName || !s.userConsentDescription) {
        this.note(app, `scope '${s.value}' has no user consent ${!s.userConsentDisplayName ? 'display name' : 'description'}; the library uses the admin consent text, so the first apply sets it.`);
      }
      if (s.isEnabled === false) fields.push('enabled: false');
      scopeLines.push(`{ ${fields.join(', ')} },`);
    }
    if (scopeLines.length > 0) body.push('scopes: [', ...scopeLines.map((l) => `  ${l}`), '],');

    for (const [platform, uris2] of [['web', a.web?.redirectUris], ['spa', a.spa?.redirectUris], ['publicClient', a.publicClient?.redirectUris]] as const) {
      if (list(uris2).length > 0) {
        this.note(app, `is an API and also signs users in (${platform} redirect URIs [${list<string>(uris2).join(', ')}]); ProtectedApi has no redirect URIs, so the first apply removes them. `
          + 'Split the sign-in part into its own client registration.');
      }
    }
    if (list(a.requiredResourceAccess).length > 0) {
      this.note(app, `is an API that also requests permissions of [${list<GraphObject>(a.requiredResourceAccess).map((r) => r.resourceAppId).join(', ')}]; `
        + 'ProtectedApi does not request permissions, so the first apply removes them. Use a client registration for calls to other APIs.');
    }
    if (a.isFallbackPublicClient) this.note(app, 'isFallbackPublicClient is true on an API; the library does not express it.');

    this.lines.push(`const ${variable} = new ProtectedApi(this, ${q(id)}, {`, ...body.map((l) => `  ${l}`), '});');
    this.apis.set(String(a.appId).toLowerCase(), { app, variable });
    this.counts.apis++;
  }

  private groupClaims(app: ExportedApp, body: string[]): void {
    const raw = app.application.groupMembershipClaims;
    if (!raw) return;
    const values = String(raw).split(',').map((s) => s.trim()).filter(Boolean);
    const known = values.filter((v) => GROUP_CLAIMS[v]);
    if (known.length !== values.length) this.note(app, `group membership claims '${raw}' include values the library does not know.`);
    if (known.length > 0) {
      this.imports.add('GroupMembershipClaim');
      body.push(`groupMembershipClaims: [${known.map((v) => GROUP_CLAIMS[v]).join(', ')}],`);
    }
  }

  private optionalClaims(app: ExportedApp, body: string[]): void {
    const oc = app.application.optionalClaims;
    if (!oc) return;
    const render = (claims: GraphObject[]) => claims.map((c) => {
      const f = [`name: ${q(c.name)}`];
      if (c.source) f.push(`source: ${q(c.source)}`);
      if (c.essential) f.push('essential: true');
      if (list(c.additionalProperties).length > 0) f.push(`additionalProperties: [${list<string>(c.additionalProperties).map(q).join(', ')}]`);
      return `{ ${f.join(', ')} }`;
    }).join(', ');
    const parts: string[] = [];
    if (list(oc.accessToken).length > 0) parts.push(`accessToken: [${render(oc.accessToken)}]`);
    if (list(oc.idToken).length > 0) parts.push(`idToken: [${render(oc.idToken)}]`);
    if (parts.length > 0) body.push(`optionalClaims: { ${parts.join(', ')} },`);
  }

  private declareClient(app: ExportedApp): void {
    const a = app.application;
    if (!app.servicePrincipal) {
      this.note(app, 'has no service-principal.json, so it is not adopted: export `az ad sp show --id <appId>`.');
      return;
    }
    const platforms = ([['spa', 'SpaApp'], ['web', 'WebApp'], ['publicClient', 'PublicClientApp']] as const)
      .filter(([p]) => list(a[p]?.redirectUris).length > 0);
    const cls: ClientClass = platforms.length > 0 ? platforms[0][1] : a.isFallbackPublicClient ? 'PublicClientApp' : 'DaemonApp';
    for (const [p] of platforms.slice(1)) {
      this.note(app, `also has ${p} redirect URIs [${list<string>(a[p].redirectUris).join(', ')}]; a ${cls} has one platform, so the first apply removes them. Split it into two registrations.`);
    }
    this.imports.add(cls);
    const { id, variable } = this.names(a.displayName, 'Client');
    const body: string[] = [];
    this.commonProps(app, body);
    body.push(this.existing(app), this.stableKey(id));
    if (a.signInAudience && a.signInAudience !== 'AzureADMyOrg' && AUDIENCE[a.signInAudience]) {
      this.imports.add('SignInAudience');
      body.push(`signInAudience: ${AUDIENCE[a.signInAudience]},`);
    }
    if (app.servicePrincipal.appRoleAssignmentRequired === true) body.push('appRoleAssignmentRequired: true,');
    const uris = (platform: string) => `redirectUris: [${list<string>(a[platform]?.redirectUris).map((u) => q(this.redirectUri(app, u))).join(', ')}],`;
    if (cls === 'SpaApp') body.push(uris('spa'));
    if (cls === 'WebApp') {
      body.push(uris('web'));
      if (a.web.logoutUrl) body.push(`logoutUrl: ${q(a.web.logoutUrl)},`);
      if (a.web.homePageUrl) body.push(`homepageUrl: ${q(a.web.homePageUrl)},`);
      if (a.web.implicitGrantSettings?.enableIdTokenIssuance) body.push('idTokenIssuanceEnabled: true,');
    }
    if (cls === 'PublicClientApp') {
      body.push(uris('publicClient'));
      if (a.isFallbackPublicClient !== true) body.push('allowPublicClientFlows: false,');
    } else if (a.isFallbackPublicClient) {
      this.note(app, 'isFallbackPublicClient is true; only a PublicClientApp expresses it, so the first apply turns it off.');
    }
    if (a.web?.implicitGrantSettings?.enableAccessTokenIssuance) {
      this.note(app, 'issues access tokens through the implicit flow; the library never enables that, so the first apply turns it off.');
    }
    if (cls !== 'WebApp' && a.web?.implicitGrantSettings?.enableIdTokenIssuance) {
      this.note(app, 'issues ID tokens through the implicit flow; only a WebApp expresses it, so the first apply turns it off.');
    }
    const version = a.api?.requestedAccessTokenVersion ?? null;
    if (version !== 2) {
      this.note(app, `requests access tokens of version ${version ?? 'null (1)'}; the library gives every client version 2, so the first apply changes it.`);
    }
    if (list(a.appRoles).length > 0 || list(a.api?.oauth2PermissionScopes).length > 0) {
      this.note(app, 'is a client that also exposes roles or scopes; the library expresses them only on a ProtectedApi.');
    }
    this.lines.push('', `const ${variable} = new ${cls}(this, ${q(id)}, {`, ...body.map((l) => `  ${l}`), '});');
    this.clients.set(String(a.appId).toLowerCase(), { app, variable, cls });
    this.counts.clients++;

    for (const c of list<GraphObject>(app.federatedCredentials)) {
      if (cls !== 'WebApp' && cls !== 'DaemonApp') {
        this.note(app, `federated credential '${c.name}' is on a ${cls}, which cannot hold credentials in the library.`);
        continue;
      }
      const audiences = list<string>(c.audiences);
      const f = [`issuer: ${q(c.issuer)}`, `subject: ${q(c.subject)}`];
      if (audiences.length !== 1 || audiences[0] !== 'api://AzureADTokenExchange') f.push(`audiences: [${audiences.map(q).join(', ')}]`);
      if (c.description) f.push(`description: ${q(c.description)}`);
      f.push(`existingCredentialId: ${q(c.id)}`);
      this.lines.push(`${variable}.addFederatedCredential(${q(c.name)}, { ${f.join(', ')} });`);
      this.adopted++;
      this.counts.federatedCredentials++;
    }
    this.declareRequestedAccess(app, variable, cls);
  }

  /**
   * A redirect URI as the provider accepts it: an http(s) URI without a path needs a trailing
   * slash (`https://host/`), which Graph does not insist on.
   */
  private redirectUri(app: ExportedApp, uri: string): string {
    if (!/^https?:\/\/[^/?#]+$/i.test(uri)) return uri;
    this.note(app, `redirect URI '${uri}' has no path; the provider only accepts '${uri}/', so the program writes that and the first apply changes it.`);
    return `${uri}/`;
  }

  /** The client's required resource access: delegated scopes (with pre-authorization) and, for a daemon, app roles. */
  private declareRequestedAccess(app: ExportedApp, variable: string, cls: ClientClass): void {
    for (const rra of list<GraphObject>(app.application.requiredResourceAccess)) {
      const api = this.apis.get(String(rra.resourceAppId).toLowerCase());
      if (!api) {
        this.note(app, `requests permissions [${list<GraphObject>(rra.resourceAccess).map((x) => `${x.type} ${x.id}`).join(', ')}] of app ${rra.resourceAppId}, `
          + 'which is not in the export; add them with RegisteredApi (or requestGraphScope / requestGraphAppRole for Microsoft Graph), then check the plan.');
        continue;
      }
      const apiApp = api.app.application;
      const consent = this.consentFor(app, api.app);
      for (const access of list<GraphObject>(rra.resourceAccess).slice().sort((x, y) => cmp(`${x.type} ${x.id}`, `${y.type} ${y.id}`))) {
        const id = String(access.id).toLowerCase();
        if (access.type === 'Scope') {
          const scope = list<GraphObject>(apiApp.api?.oauth2PermissionScopes).find((s) => String(s.id).toLowerCase() === id);
          if (!scope) {
            this.note(app, `requests scope ${id} of ${apiApp.displayName}, which the API does not define; the request is not declared.`);
            continue;
          }
          if (cls === 'DaemonApp') {
            this.note(app, `is a daemon (no redirect URIs) that requests delegated scope '${scope.value}' of ${apiApp.displayName}; a daemon cannot use scopes, so it is not declared.`);
            continue;
          }
          const pre = list<GraphObject>(apiApp.api?.preAuthorizedApplications)
            .find((p) => String(p.appId).toLowerCase() === String(app.application.appId).toLowerCase());
          const preAuthorized = pre !== undefined && list<string>(pre.delegatedPermissionIds).map((x) => x.toLowerCase()).includes(id);
          const opts: string[] = [];
          if (preAuthorized) opts.push('preAuthorizationExists: true'); else opts.push('preAuthorize: false');
          const consented = consent?.scopes.includes(String(scope.value));
          if (consented) {
            opts.push('adminConsent: true', `existingGrantId: ${q(consent!.grant.id)}`);
          }
          this.lines.push(`${variable}.requestScope(${api.variable}, ${api.variable}.scope(${q(scope.value)}), { ${opts.join(', ')} });`);
        } else if (access.type === 'Role') {
          const role = list<GraphObject>(apiApp.appRoles).find((r) => String(r.id).toLowerCase() === id);
          if (!role) {
            this.note(app, `requests app role ${id} of ${apiApp.displayName}, which the API does not define; the request is not declared.`);
            continue;
          }
          if (cls !== 'DaemonApp') {
            this.note(app, `is a ${cls} that requests app role '${role.value}' of ${apiApp.displayName}; only a DaemonApp requests app roles in the library, so it is not declared.`);
            continue;
          }
          const assignment = api.app.appRoleAssignedTo.find((x) => String(x.principalId).toLowerCase() === String(app.servicePrincipal!.id).toLowerCase()
            && String(x.appRoleId).toLowerCase() === id);
          if (!assignment) {
            this.note(app, `requests app role '${role.value}' of ${apiApp.displayName} without admin consent (no assignment); the program requests it, so the first apply grants it.`);
            this.lines.push(`${variable}.requestAppRole(${api.variable}.appRole(${q(role.value)}));`);
            this.counts.grants++;
          } else {
            this.lines.push(`${variable}.requestAppRole(${api.variable}.appRole(${q(role.value)}), { existingAssignmentId: ${q(assignment.id)} });`);
            this.adopted++;
            this.counts.grants++;
          }
        }
      }
      const pre = list<GraphObject>(apiApp.api?.preAuthorizedApplications)
        .find((p) => String(p.appId).toLowerCase() === String(app.application.appId).toLowerCase());
      if (pre) {
        this.adopted++;
        this.counts.preAuthorizations++;
        const requested = new Set(list<GraphObject>(rra.resourceAccess).map((x) => String(x.id).toLowerCase()));
        const extra = list<string>(pre.delegatedPermissionIds).filter((x) => !requested.has(x.toLowerCase()));
        if (extra.length > 0) {
          this.note(app, `is pre-authorized on ${apiApp.displayName} for scopes it does not request [${extra.join(', ')}]; the library pre-authorizes what a client requests, so the first apply removes them.`);
        }
      }
      if (consent) {
        this.adopted++;
        this.counts.consents++;
        const requestedValues = list<GraphObject>(rra.resourceAccess).filter((x) => x.type === 'Scope')
          .map((x) => list<GraphObject>(apiApp.api?.oauth2PermissionScopes).find((s) => String(s.id).toLowerCase() === String(x.id).toLowerCase())?.value);
        const extra = consent.scopes.filter((s) => !requestedValues.includes(s));
        if (extra.length > 0) {
          this.note(app, `has admin consent on ${apiApp.displayName} for scopes it does not request [${extra.join(', ')}]; the first apply removes them from the grant.`);
        }
      }
    }
  }

  private consentFor(client: ExportedApp, api: ExportedApp): { grant: GraphObject; scopes: string[] } | undefined {
    const grant = client.permissionGrants.find((g) => g.consentType === 'AllPrincipals'
      && String(g.resourceId).toLowerCase() === String(api.servicePrincipal?.id).toLowerCase());
    return grant ? { grant, scopes: String(grant.scope ?? '').split(/\s+/).filter(Boolean).sort(cmp) } : undefined;
  }

  private declarePermissionGrants(app: ExportedApp): void {
    for (const g of app.permissionGrants) {
      if (g.consentType === 'Principal') {
        this.note(app, `user ${g.principalId} consented to [${g.scope}] on ${appBySpObjectId(this.exp, String(g.resourceId))?.application.displayName ?? g.resourceId} `
          + `(oauth2PermissionGrant ${g.id}); the library expresses tenant-wide admin consent only. The consent stays as it is.`);
      } else if (!appBySpObjectId(this.exp, String(g.resourceId)) || !this.apis.has(String(appBySpObjectId(this.exp, String(g.resourceId))!.application.appId).toLowerCase())) {
        this.note(app, `has admin consent to [${g.scope}] on service principal ${g.resourceId}, which is not an API of the export (oauth2PermissionGrant ${g.id}); it is not declared.`);
      } else if (!this.clients.has(String(app.application.appId).toLowerCase())) {
        this.note(app, `has admin consent (oauth2PermissionGrant ${g.id}) but is not declared as a client; it is not adopted.`);
      } else {
        const resource = appBySpObjectId(this.exp, String(g.resourceId))!;
        const requested = list<GraphObject>(app.application.requiredResourceAccess)
          .some((r) => String(r.resourceAppId).toLowerCase() === String(resource.application.appId).toLowerCase());
        if (!requested) {
          this.note(app, `has admin consent to [${g.scope}] on ${resource.application.displayName} (oauth2PermissionGrant ${g.id}) without requesting it; it is not declared.`);
        }
      }
    }
  }

  private declareGrants(app: ExportedApp): void {
    const api = this.apis.get(String(app.application.appId).toLowerCase());
    if (!api) return;
    const roles = new Map(list<GraphObject>(app.application.appRoles).map((r) => [String(r.id).toLowerCase(), r]));
    const assignments = app.appRoleAssignedTo.slice().sort((x, y) => cmp(String(x.principalDisplayName), String(y.principalDisplayName))
      || cmp(String(x.principalId), String(y.principalId)) || cmp(String(x.appRoleId), String(y.appRoleId)));
    const tableFrom = this.options.tableFrom ?? 50;
    const rows: string[] = [];
    // Display names are not unique in a tenant; a table row's name must be (it is half the for_each key).
    const nameCount = new Map<string, Set<string>>();
    for (const a of assignments) {
      const n = String(a.principalDisplayName ?? a.principalId);
      nameCount.set(n, (nameCount.get(n) ?? new Set()).add(String(a.principalId).toLowerCase()));
    }
    const inTable = (roleId: string, clientDecl: ClientDecl | undefined) => roleId !== DEFAULT_ACCESS_ROLE_ID && clientDecl === undefined
      && assignments.length >= tableFrom;
    let header = false;
    for (const a of assignments) {
      const roleId = String(a.appRoleId).toLowerCase();
      const facts = principalFacts(this.exp, a);
      // A daemon's grant is declared by its requestAppRole.
      const client = appBySpObjectId(this.exp, facts.objectId);
      const clientDecl = client ? this.clients.get(String(client.application.appId).toLowerCase()) : undefined;
      if (clientDecl?.cls === 'DaemonApp' && list<GraphObject>(client!.application.requiredResourceAccess).some((r) =>
        String(r.resourceAppId).toLowerCase() === String(app.application.appId).toLowerCase()
        && list<GraphObject>(r.resourceAccess).some((x) => x.type === 'Role' && String(x.id).toLowerCase() === roleId))) continue;
      if (!header) {
        this.lines.push('', `// Who holds which role on ${app.application.displayName}: each assignment exists and is imported.`);
        header = true;
      }
      const role = roles.get(roleId);
      if (roleId !== DEFAULT_ACCESS_ROLE_ID && (!role || !role.value)) {
        this.note(app, `assignment ${a.id} gives ${a.principalDisplayName} (${a.principalType} ${a.principalId}) role id ${roleId}, which the API does not define `
          + '(a deleted role?); it cannot be declared. Remove it in the portal or with az rest --method DELETE.');
        continue;
      }
      if (inTable(roleId, clientDecl)) {
        const display = facts.displayName;
        const rowName = (nameCount.get(String(a.principalDisplayName ?? a.principalId))?.size ?? 1) > 1 ? `${display} (${facts.objectId})` : display;
        this.imports.add('PrincipalKind');
        rows.push(`{ principalName: ${q(rowName)}, principalObjectId: ${q(facts.objectId)}, principalKind: ${KIND[facts.kind] ?? 'PrincipalKind.SERVICE_PRINCIPAL'}, `
          + `role: ${api.variable}.appRole(${q(role!.value)}), existingAssignmentId: ${q(a.id)} },`);
      } else {
        const principal = this.principal(facts, clientDecl);
        const existing = `{ existingAssignmentId: ${q(a.id)} }`;
        if (roleId === DEFAULT_ACCESS_ROLE_ID) {
          this.lines.push(`${api.variable}.grantDefaultAccess(${principal}, ${existing});`);
        } else {
          this.lines.push(`${api.variable}.grantAppRole(${principal}, ${api.variable}.appRole(${q(role!.value)}), ${existing});`);
        }
      }
      if (facts.kind === 'ServicePrincipal' && !facts.known) {
        this.note(app, `assignment ${a.id}: ${a.principalDisplayName} (${a.principalId}) is a service principal the export does not describe; `
          + `it is declared as EntraServicePrincipal. If it is a managed identity, add principals/${a.principalId}.json (az ad sp show --id ${a.principalId}) and adopt again.`);
      }
      this.adopted++;
      this.counts.grants++;
    }
    if (rows.length > 0) {
      this.lines.push(`// ${rows.length} assignments as one for_each table (adopt --table-from ${tableFrom}); each row is imported.`,
        `${api.variable}.grantAppRoles([`, ...rows.map((r) => `  ${r}`), ']);');
    }
  }

  /** The variable of the principal construct for an assignment's principal, declared on first use. */
  private principal(facts: PrincipalFacts, client: ClientDecl | undefined): string {
    if (client?.cls === 'DaemonApp') return client.variable;
    const existing = this.principals.get(facts.objectId);
    if (existing) return existing;
    const { id, variable } = this.names(facts.displayName, 'Principal');
    const name = `{ displayName: ${q(facts.displayName)} }`;
    let decl: string;
    switch (facts.kind) {
      case 'Group':
        this.imports.add('EntraGroup');
        decl = `EntraGroup.fromObjectId(this, ${q(id)}, ${q(facts.objectId)}, ${name})`;
        break;
      case 'User':
        this.imports.add('EntraUser');
        decl = `EntraUser.fromObjectId(this, ${q(id)}, ${q(facts.objectId)}, ${name})`;
        break;
      case 'ManagedIdentity':
        this.imports.add('ManagedIdentity');
        decl = facts.identityType === 'UserAssigned'
          ? `ManagedIdentity.fromUserAssignedAttributes(this, ${q(id)}, { principalId: ${q(facts.objectId)}, clientId: ${q(facts.clientId!)}, `
            + `${facts.resourceId ? `resourceId: ${q(facts.resourceId)}, ` : ''}displayName: ${q(facts.displayName)} })`
          : `ManagedIdentity.fromSystemAssigned(this, ${q(id)}, { principalId: ${q(facts.objectId)}, displayName: ${q(facts.displayName)} })`;
        break;
      default:
        this.imports.add('EntraServicePrincipal');
        decl = `EntraServicePrincipal.fromObjectId(this, ${q(id)}, ${q(facts.objectId)}, ${name})`;
    }
    const comment = facts.kind === 'ManagedIdentity' && facts.identityType === 'SystemAssigned' && facts.resourceId ? ` // carried by ${facts.resourceId}` : '';
    this.lines.push(`const ${variable} = ${decl};${comment}`);
    this.principals.set(facts.objectId, variable);
    return variable;
  }

  private render(): string {
    const platform = this.options.platform !== undefined ? PLATFORMS[this.options.platform] : PLATFORM;
    const library = this.options.library ?? platform.library.npm;
    const stackName = this.options.stackName ?? 'adopted';
    const source = this.options.source ?? this.exp.dir;
    const header = [
      `// Generated by \`cdktf-entra-identity adopt\` from the tenant export in '${source}'.`,
      '//',
      `// It declares what exists in the tenant and adopts it: ${this.adopted} existing objects, each with a Terraform`,
      '// `import` block, so the first `terraform plan` shows imports and no changes. Review it, run the plan, then apply.',
      '// Role and scope ids are the existing ones; never change them.',
    ];
    if (this.unexpressible.length > 0) {
      header.push('//', '// NOT EXPRESSED by cdktf-entra-identity (left as they are, or changed by the first apply where said):');
      for (const u of this.unexpressible) header.push(...wrapComment(`- ${u}`));
    }
    // The rights the pipeline's identity needs to apply the program (required-rights.json next to cdk.tf.json):
    // registrations it adopts and does not own need Application.ReadWrite.All, which a reviewer should see.
    const names = [...this.imports, 'RequiredRights'].sort(cmp);
    const out = [
      ...header,
      coreImportLine(['App', 'TerraformStack'], platform),
      'import { Construct } from \'constructs\';',
      providerImportLine('azuread', 'provider', ['AzureadProvider'], platform),
      `import {\n${wrapImports(names)}\n} from ${q(library)};`,
      '',
      '/** The app registrations, enterprise applications and grants of the export, adopted. */',
      'export class AdoptedStack extends TerraformStack {',
      '  public constructor(scope: Construct, id: string) {',
      '    super(scope, id);',
      '    new AzureadProvider(this, \'azuread\', {});',
      '',
      ...this.lines.map((l) => (l === '' ? '' : `    ${l}`)),
      '',
      '    // What the identity that applies this stack needs: required-rights.json next to cdk.tf.json.',
      '    RequiredRights.enable(this);',
      '  }',
      '}',
      '',
      '/** Adds the adopted stack to `app`. */',
      'export function buildApp(app: App): void {',
      `  new AdoptedStack(app, ${q(stackName)});`,
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
}

function isApi(a: GraphObject): boolean {
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
