import { IResolvable, IResolveContext, Lazy, TerraformElement, TerraformIterator, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AppRoleAssignment as AppRoleAssignmentResource } from '@cdktf/provider-azuread/lib/app-role-assignment';
import type { IApi } from './api';
import type { IAppRole } from './app-role';
import { AppRoleAssignment } from './app-role-assignment';
import { IGrantable, PrincipalKind } from './principal';
import { appRoleAssignmentImportId, importRows, checkOpaqueId, refuseUnlessAdopted, resourceServicePrincipalForImport } from './private/adoption';
import { REPLICATION_TIMEOUT, disabledRoleWarning, granteePrincipal, memberTypeProblem } from './private/grant-rules';
import { PRINCIPAL_SLOTS, describeValue, idKey, requireIdReference, requireNotNil, requireRoleId } from './private/id-references';
import { isGuid } from './private/uuid';
import { recordPrincipalKind } from './private/principal-kinds';
import { freeTextProblem } from './private/free-text';
import { entraError, isUnresolved } from './private/validation';
import { compareStrings as compare } from './private/order';
import { entraWarning } from './private/diagnostics';
import { registrationOfReference, waitForReplication } from './private/replication-gate';

const PRINCIPAL_KINDS = new Set<string>(Object.values(PrincipalKind));
/** Template sequences Terraform would interpret inside a for_each key. */
const TEMPLATE_SEQUENCE = /[$%]\{/;

/**
 * One row of an {@link AppRoleAssignmentTable}: an app role granted to a principal given by
 * name, object id and kind, e.g. one line of a group-to-role spreadsheet.
 */
export interface AppRoleAssignmentRow {
  /**
   * A human name for the principal, e.g. the group's display name or an alias: shown in
   * messages and in the access map, and free to change when the object id is known at synth
   * (the grant's `for_each` key is then the object id). When the object id is a token (a
   * principal made in this program), the name is the key instead: then it must be known at
   * synth and should not change, since renaming it replaces the assignment.
   */
  readonly principalName: string;
  /**
   * The object id that receives the role: a group's, user's or service principal's object
   * id, or a managed identity's principal id (ENTRA-RULES 1, 2). May be a token.
   */
  readonly principalObjectId: string;
  /** What kind of principal this is; decides which roles it may hold (ENTRA-RULES 6). */
  readonly principalKind: PrincipalKind;
  /** The role granted; must be one of the table's API's roles. */
  readonly role: IAppRole;
  /**
   * The id of the assignment that exists already, to adopt it: an `import` block to this
   * row's `for_each` instance. Graph's opaque id from
   * `GET servicePrincipals/{api's service principal}/appRoleAssignedTo`.
   *
   * @default - the assignment is created
   */
  readonly existingAssignmentId?: string;
}

/**
 * Properties of an {@link AppRoleAssignmentTable}.
 */
export interface AppRoleAssignmentTableProps {
  /** The API whose enterprise application the roles are assigned in. */
  readonly api: IApi;
  /**
   * Rows to add now; more can be added with `addRow`, `addRows` and `addGrant`.
   *
   * @default - none
   */
  readonly rows?: AppRoleAssignmentRow[];
  /**
   * Moves each row from the key an earlier version of this library gave it (`"{role value}
   * {principal name}"`) to its key by object id, with one `moved` block per row whose key
   * changed. Set it once, when upgrading a table that was applied with the old keys; leave it
   * on until every environment has applied, then remove it.
   *
   * @default false
   */
  readonly migrateNameKeys?: boolean;
}

interface Entry {
  readonly key: string;
  readonly principalName: string;
  readonly principalObjectId: string;
  readonly principalKind: PrincipalKind;
  readonly role: IAppRole;
  readonly index: number;
  /** The row's `for_each` value when both ids are literal GUIDs; undefined when one is a token. */
  readonly literal?: ForEachValue;
  /** The import id of the existing assignment the row adopts. */
  readonly importId?: string;
}

/** What every row of one role shares (see `roleFacts`). */
interface RoleFacts {
  /** The role id as grants compare it: lower case, or the reference a token stands for. */
  readonly idKey: string;
  /** The role id as written, when a literal GUID. */
  readonly literalId?: string;
  /** Whether a principal of `kind` may not hold the role (ENTRA-RULES 6). */
  readonly refusesKind: (kind: PrincipalKind) => boolean;
}

/** One value of the `for_each` map. */
interface ForEachValue {
  readonly app_role_id: string;
  readonly principal_object_id: string;
}

/** The construct id of the table `AppRoleAssignmentTable.forApi(api)` makes under the API. */
const API_TABLE_ID = 'AppRoleAssignments';

/** Every table made for an API, in creation order, for the cross-table duplicate check. */
const TABLES = new WeakMap<IApi, AppRoleAssignmentTable[]>();

/**
 * Many app-role grants of one API (thousands of group-to-role rows) as ONE
 * `azuread_app_role_assignment` with `for_each`, instead of one resource per grant.
 *
 * Each grant's `for_each` key is `"{role value} {object id}"`: what the grant is, so renaming
 * a group in the table keeps its assignment, and two principals that share a display name (Entra
 * allows it) are two grants. `terraform plan` still shows one readable line per grant, e.g.
 * `azuread_app_role_assignment.OrdersApi_Readers_1A2B3C4D["Orders.Read 1b2c3d4e-..."]`. A row
 * whose object id is known only at apply is keyed `"{role value} {principal name}"` instead:
 * keys are never ids that are unknown until apply (ENTRA-RULES 22).
 *
 * Rows get the same checks as `api.grantAppRole`: the role must be the API's, its member
 * types must fit the principal's kind (ENTRA-RULES 6), and a principal may hold a role
 * only once, whether granted by this table, another table or `grantAppRole`.
 *
 * @example
 * const grants = new AppRoleAssignmentTable(this, 'GroupGrants', { api });
 * for (const line of spreadsheet) {
 *   grants.addRow({ principalName: line.group, principalObjectId: line.objectId, principalKind: PrincipalKind.GROUP, role: api.appRole(line.role) });
 * }
 */
export class AppRoleAssignmentTable extends Construct {
  /**
   * The `for_each` key of a grant of the role with value `roleValue` to `principal`: the
   * principal's object id (lower-case) when known at synth, else its name:
   * `"{roleValue} {principal}"`. Role values contain no white space, so the key is
   * unambiguous. Use it for `terraform import` and `terraform state mv`.
   */
  public static keyFor(roleValue: string, principal: string): string {
    return `${roleValue} ${isGuid(principal) ? principal.toLowerCase() : principal}`;
  }

  /** The `for_each` key of a row: by its object id when that is a literal GUID, else by its principal name. */
  public static keyOfRow(row: AppRoleAssignmentRow): string {
    return AppRoleAssignmentTable.keyFor(row.role.value, isGuid(row.principalObjectId) ? row.principalObjectId : row.principalName);
  }

  /**
   * The API's own table: a child of the API with id `AppRoleAssignments`, made on first use.
   * What `api.grantAppRoles(rows)` style helpers build on, so every bulk grant of an API
   * lands in one `for_each` resource.
   */
  public static forApi(api: IApi): AppRoleAssignmentTable {
    const existing = api.node.tryFindChild(API_TABLE_ID);
    if (existing instanceof AppRoleAssignmentTable) return existing;
    if (existing) {
      throw entraError(api, `has a child '${API_TABLE_ID}' (${existing.node.path}) that is not an AppRoleAssignmentTable; `
        + 'rename it so the API\'s table can use that id.');
    }
    return new AppRoleAssignmentTable(api, API_TABLE_ID, { api });
  }

  /** The API the roles are assigned in. */
  public readonly api: IApi;

  private readonly entries = new Map<string, Entry>();
  /** `{object id} {role id}` -> key of the row that grants it. */
  private readonly keyByGrant = new Map<string, string>();
  private readonly idsByName = new Map<string, { key: string; index: number }>();
  private readonly warnedNames = new Set<string>();
  private readonly warnedDisabled = new Set<string>();
  private readonly factsByRole = new Map<IAppRole, RoleFacts>();
  /** Rows whose `for_each` value holds a token, resolved at each synth. */
  private tokenRows = 0;
  /** The last rendered `for_each` map and how many rows it holds: reused while no row is added. */
  private rendered?: { size: number; map: Record<string, ForEachValue> };
  /** Whether the table's adopted rows are registered for import blocks. */
  private importsRows = false;
  private sortedKeys?: string[];
  private readonly resource: AppRoleAssignmentResource;
  private needsReplicationWait = false;

  public constructor(scope: Construct, id: string, props: AppRoleAssignmentTableProps) {
    super(scope, id);
    this.api = props.api;

    // One resource for all rows. TerraformIterator and the forEach meta-argument are cdktf's own
    // way to write `for_each` and `each.value.*`; they are the only cdktf features used beyond
    // tokens. The map is rendered at synth (see ForEachMap), so rows added later land in it too.
    const rows = TerraformIterator.fromMap(Token.asAnyMap(new ForEachMap((context) => this.renderForEach(context))));
    const resource = this.resource = new AppRoleAssignmentResource(this, 'Resource', {
      forEach: rows,
      appRoleId: rows.getString('app_role_id'),
      principalObjectId: rows.getString('principal_object_id'),
      resourceObjectId: this.api.servicePrincipalObjectId,
    });
    // As for single grants: a principal made in this program can take minutes to replicate
    // to Microsoft Graph (ENTRA-RULES 20); the provider retries for as long as this allows.
    // Whether any row needs it is known only once all rows are in, hence the override.
    resource.addOverride('timeouts', Lazy.anyValue({
      produce: () => (this.needsReplicationWait ? { create: REPLICATION_TIMEOUT } : undefined),
    }));

    const tables = TABLES.get(this.api) ?? [];
    tables.push(this);
    TABLES.set(this.api, tables);
    this.node.addValidation({ validate: () => this.validateAgainstOtherGrants() });

    if (props.migrateNameKeys) {
      new NameKeyMoves(this, 'NameKeyMoves', () => {
        const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
        return this.forEachKeys.map((key) => this.entries.get(key)!)
          .filter((e) => `${e.role.value} ${e.principalName}` !== e.key)
          .map((e) => ({ from: `${address}[${JSON.stringify(`${e.role.value} ${e.principalName}`)}]`, to: `${address}[${JSON.stringify(e.key)}]` }));
      });
    }

    // Grants of a new API's roles wait until Entra has replicated the API and its roles.
    waitForReplication(this, resource, [this.api]);

    for (const row of props.rows ?? []) this.addRow(row);
  }

  /** How many grants the table holds. */
  public get size(): number {
    return this.entries.size;
  }

  /** The `for_each` keys of the grants, sorted. */
  public get forEachKeys(): string[] {
    return [...this.entries.keys()].sort(compare);
  }

  /** The grants of the table as rows, sorted by their `for_each` key. */
  public get rows(): AppRoleAssignmentRow[] {
    return this.forEachKeys.map((k) => {
      const e = this.entries.get(k)!;
      return { principalName: e.principalName, principalObjectId: e.principalObjectId, principalKind: e.principalKind, role: e.role };
    });
  }

  /**
   * Adds one grant and returns its `for_each` key. Throws if the row is invalid or grants
   * what another row of this table already grants.
   */
  public addRow(row: AppRoleAssignmentRow): string {
    const { principalName, principalObjectId, principalKind, role } = row;
    const index = this.entries.size;
    // Only built for a message: this runs once per row, thousands of times, so every check
    // below is written to cost little for a valid row (one GUID regexp; isUnresolved looks for
    // cdktf's marker before running cdktf's regexps).
    const where = () => `row ${index} (${describe(principalName)} -> ${describe(role?.value)})`;

    if (role === undefined || role === null) throw entraError(this, `${where()} has no role; give one of ${this.api.node.path}'s app roles.`);
    if (typeof principalName !== 'string' || principalName.trim().length === 0) {
      throw entraError(this, `${where()} has an empty principalName; give the principal's display name or another stable alias. `
        + 'It is part of the grant\'s for_each key.');
    }
    if (isUnresolved(principalName)) {
      throw entraError(this, `${where()} has a token as principalName; the for_each key must be known at synth (ENTRA-RULES 22). `
        + 'Give a literal name, e.g. the group\'s display name.');
    }
    if (TEMPLATE_SEQUENCE.test(principalName)) {
      throw entraError(this, `${where()} has principalName '${principalName}', which contains '\${' or '%{'; Terraform would read `
        + 'it as a template in the for_each key. Use a name without them.');
    }
    const nameProblem = freeTextProblem(() => `${where()} principalName`, principalName);
    if (nameProblem) throw entraError(this, `${nameProblem}; it is part of the grant's for_each key.`);
    if (!PRINCIPAL_KINDS.has(principalKind)) {
      if (isUnresolved(principalKind)) {
        throw entraError(this, `${where()} has a principalKind that is a token; give a PrincipalKind literal: it decides which app roles `
          + 'the row may hold (ENTRA-RULES 6).');
      }
      throw entraError(this, `${where()} has principalKind '${principalKind}'; allowed are ${[...PRINCIPAL_KINDS].join(', ')}.`);
    }
    // A GUID is never a token: for the usual row one regexp decides both.
    const literalObjectId = typeof principalObjectId === 'string' && isGuid(principalObjectId);
    const unresolvedObjectId = !literalObjectId && typeof principalObjectId === 'string' && isUnresolved(principalObjectId);
    if (!literalObjectId && !unresolvedObjectId) {
      throw entraError(this, `${where()} has principalObjectId '${principalObjectId}', which is not a GUID. Give the `
        + `${principalKind === PrincipalKind.MANAGED_IDENTITY ? 'identity\'s principal (object) id' : 'principal\'s Object Id from Entra'}, `
        + 'not a client id or resource id (ENTRA-RULES 1, 2).');
    }
    if (literalObjectId) requireNotNil(this, () => `${where()} principalObjectId`, principalObjectId, 'Give the principal\'s object id.');
    if (unresolvedObjectId) {
      requireIdReference(this, PRINCIPAL_SLOTS[principalKind], `${where()} principalObjectId`, principalObjectId,
        'Give the object id that receives the role, and the principalKind that goes with it.');
    }
    if (role.api !== this.api) {
      throw entraError(this, `${where()}: app role '${role.value}' belongs to ${role.api.node.path}, not to ${this.api.node.path}. `
        + 'Put it in a table of the API that defines it.');
    }
    const facts = this.roleFacts(role);
    if (facts.refusesKind(principalKind)) {
      const problem = memberTypeProblem(role, principalKind, principalName)!;
      refuseUnlessAdopted(this, row.existingAssignmentId !== undefined, `${where()}: ${problem}`, 'the principal holds a role its kind may not hold. '
        + 'Its tokens carry the role while the assignment lasts, but Entra refuses to make it again. Allow the member type on the role, or remove the row.');
    }

    // Written as Graph returns it (lower case), so the next plan compares equal; GUIDs compare
    // case-insensitively, a token by the reference it stands for.
    const objectId = literalObjectId ? principalObjectId.toLowerCase() : principalObjectId;
    const objectKey = literalObjectId ? objectId : idKey(this, principalObjectId);
    const key = literalObjectId ? `${role.value} ${objectId}` : AppRoleAssignmentTable.keyFor(role.value, principalName);
    const first = this.entries.get(key);
    if (first) {
      if (literalObjectId) {
        throw entraError(this, `${where()} grants app role '${role.value}' to object id ${objectId} again; row ${first.index} `
          + `(${describe(first.principalName)}) already does. Entra allows one assignment of a role per principal; remove one of the rows.`);
      }
      const sameId = idKey(this, first.principalObjectId) === objectKey;
      throw entraError(this, sameId
        ? `${where()} grants app role '${role.value}' to ${principalName} again; row ${first.index} already does. Remove the duplicate row.`
        : `${where()} and row ${first.index} both name '${principalName}' for app role '${role.value}', with different object ids known only at apply; `
          + 'such a row is keyed by its name. Give one of the two principals its own name.');
    }
    const grant = `${objectKey} ${facts.idKey}`;
    const sameGrant = this.keyByGrant.get(grant);
    if (sameGrant !== undefined) {
      throw entraError(this, `${where()} grants app role '${role.value}' to object id ${describeValue(this, principalObjectId)}, which row `
        + `${this.entries.get(sameGrant)!.index} ('${sameGrant}') already grants under another name. Entra allows one assignment `
        + 'of a role per principal; remove one of the rows.');
    }
    if (role.enabled === false && !this.warnedDisabled.has(role.value)) {
      this.warnedDisabled.add(role.value);
      entraWarning(this, disabledRoleWarning(role, 'Remove its rows while the role is being retired.'));
    }

    this.keyByGrant.set(grant, key);
    if (literalObjectId) recordPrincipalKind(this, objectId, principalKind, () => `${where()} principalObjectId`);
    this.warnOfNameWithTwoIds(principalName, objectKey, index);
    const literal = literalObjectId && facts.literalId !== undefined
      ? { app_role_id: facts.literalId, principal_object_id: objectId } : undefined;
    const importId = row.existingAssignmentId !== undefined ? this.importIdFor(row.existingAssignmentId) : undefined;
    this.entries.set(key, { key, principalName, principalObjectId: objectId, principalKind, role, index, literal, importId });
    if (!literal) this.tokenRows++;
    if (unresolvedObjectId) {
      this.needsReplicationWait = true;
      // A row whose principal is a registration made here (a daemon's service principal) waits for it too.
      const owner = registrationOfReference(this, objectKey);
      if (owner) waitForReplication(this, this.resource, [owner]);
    }
    return key;
  }

  /**
   * What every row of `role` shares, worked out on the role's first row: its id (checked once
   * when it is a token), and which principal kinds it refuses.
   */
  private roleFacts(role: IAppRole): RoleFacts {
    let facts = this.factsByRole.get(role);
    if (facts === undefined) {
      requireRoleId(this, role);
      const literalRoleId = isGuid(role.roleId);
      const refused = new Map<string, boolean>();
      facts = {
        idKey: idKey(this, role.roleId),
        literalId: literalRoleId ? role.roleId.toLowerCase() : undefined,
        refusesKind: (kind) => {
          let r = refused.get(kind);
          if (r === undefined) {
            r = memberTypeProblem(role, kind, '') !== undefined;
            refused.set(kind, r);
          }
          return r;
        },
      };
      this.factsByRole.set(role, facts);
    }
    return facts;
  }

  /**
   * A warning when one principal name stands for two object ids: legal (two groups may share a
   * display name) but usually a typo in one of the rows. Once per name.
   */
  private warnOfNameWithTwoIds(principalName: string, objectKey: string, index: number): void {
    const seen = this.idsByName.get(principalName);
    if (seen === undefined) {
      this.idsByName.set(principalName, { key: objectKey, index });
      return;
    }
    if (seen.key === objectKey || this.warnedNames.has(principalName)) return;
    this.warnedNames.add(principalName);
    entraWarning(this, `row ${index} and row ${seen.index} both name '${principalName}', with different object ids: legal (two groups may share `
      + 'a display name), but usually a typo in one of the rows. Check both ids, or give each principal its own name.');
  }

  /** The import id of an adopted row; makes the table's import blocks on first use. */
  private importIdFor(assignmentId: string): string {
    checkOpaqueId(this, 'existingAssignmentId', assignmentId, 'GET servicePrincipals/{id}/appRoleAssignedTo (value[].id)');
    const id = appRoleAssignmentImportId(resourceServicePrincipalForImport(this, this.api), assignmentId);
    if (!this.importsRows) {
      this.importsRows = true;
      importRows(this.resource, () => this.forEachKeys
        .map((key) => ({ key, id: this.entries.get(key)!.importId }))
        .filter((r): r is { key: string; id: string } => r.id !== undefined));
    }
    return id;
  }

  /** Adds many grants at once, in order. */
  public addRows(rows: AppRoleAssignmentRow[]): void {
    for (const row of rows) this.addRow(row);
  }

  /**
   * Adds a grant to a principal construct (a group, user, service principal or managed
   * identity; or anything that has a principal, such as an app binding) and returns its
   * `for_each` key. The key uses the principal's `principalName`: its display name when
   * given, else its construct path.
   */
  public addGrant(principal: IGrantable, role: IAppRole): string {
    const p = granteePrincipal(principal);
    return this.addRow({ principalName: p.principalName, principalObjectId: p.principalObjectId, principalKind: p.principalKind, role });
  }

  /**
   * The `for_each` map, keys sorted so the output does not depend on the order of the rows.
   * Token-valued ids are resolved through `context`, so cdktf sees every reference.
   */
  private renderForEach(context: IResolveContext): Record<string, ForEachValue> {
    // cdktf resolves a stack twice (once to prepare, once to render): when every value is a
    // literal, the map of the first pass is the map of the second.
    if (this.rendered !== undefined && this.rendered.size === this.entries.size && this.tokenRows === 0) return this.rendered.map;
    if (this.sortedKeys === undefined || this.sortedKeys.length !== this.entries.size) this.sortedKeys = this.forEachKeys;
    const out: Record<string, ForEachValue> = {};
    for (const key of this.sortedKeys) {
      const e = this.entries.get(key)!;
      out[key] = e.literal ?? {
        app_role_id: isGuid(e.role.roleId) ? e.role.roleId : context.resolve(e.role.roleId),
        principal_object_id: isGuid(e.principalObjectId) ? e.principalObjectId : context.resolve(e.principalObjectId),
      };
    }
    this.rendered = { size: this.entries.size, map: out };
    return out;
  }

  /** A principal may hold a role only once per API, across tables and single grants. */
  private validateAgainstOtherGrants(): string[] {
    const errors: string[] = [];
    const tables = TABLES.get(this.api) ?? [];
    for (const other of tables.slice(0, tables.indexOf(this))) {
      for (const [grant, key] of this.keyByGrant) {
        const otherKey = other.keyByGrant.get(grant);
        if (otherKey !== undefined) {
          errors.push(`'${key}' grants what ${other.node.path} already grants as '${otherKey}'. `
            + 'Entra allows one assignment of a role per principal; remove one of the rows.');
        }
      }
    }
    for (const child of AppRoleAssignment.of(this.api)) {
      const objectId = child.principal.principalObjectId;
      const key = this.keyByGrant.get(`${idKey(this, objectId)} ${idKey(this, child.role.roleId)}`);
      if (key !== undefined) {
        errors.push(`'${key}' grants what ${child.node.path} (grantAppRole) already grants. `
          + 'Entra allows one assignment of a role per principal; remove the row or the grantAppRole call.');
      }
    }
    return errors;
  }
}

/**
 * The `moved` blocks of a table upgraded from keys by principal name to keys by object id:
 * instance addresses, which cdktf's resource-level move API cannot express. Rendered at synth,
 * so rows added later are moved too; the stack concatenates them with its other moved blocks.
 */
class NameKeyMoves extends TerraformElement {
  public constructor(scope: Construct, id: string, private readonly moves: () => { from: string; to: string }[]) {
    super(scope, id);
  }

  public toTerraform(): any {
    const moved = this.moves();
    return moved.length > 0 ? { moved } : {};
  }
}

/**
 * The table's `for_each` map as a token, rendered in one pass over the rows.
 *
 * cdktf resolves every string of a stack's configuration twice (each element, then the
 * whole stack), at about 5 µs per string: for 10,000 rows that walk was 85% of the synth
 * time. It is not needed here: every key and literal value was validated when its row was
 * added (names free of tokens and template sequences, ids that are GUIDs). So the map is
 * handed over through cdktf's post-processor hook (`IResolveContext.registerPostProcessor`,
 * public API), which cdktf does not walk again; token-valued ids are resolved through the
 * context first, so cdktf still sees every reference (dependencies, cross-stack outputs).
 */
class ForEachMap implements IResolvable {
  public readonly creationStack: string[] = [];

  public constructor(private readonly render: (context: IResolveContext) => Record<string, ForEachValue>) {}

  public resolve(context: IResolveContext): any {
    const map = this.render(context);
    // Element pass: hand back a resolved map wrapped once more, so the stack pass skips it too.
    context.registerPostProcessor({ postProcess: () => new ResolvedMap(map) });
    return {};
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/** A map that is already resolved; it resolves (and serializes) to itself without a walk. */
class ResolvedMap implements IResolvable {
  public readonly creationStack: string[] = [];

  public constructor(private readonly map: Record<string, ForEachValue>) {}

  public resolve(context: IResolveContext): any {
    context.registerPostProcessor({ postProcess: () => this.map });
    return {};
  }

  /** Should anything serialize the token itself, it still writes the map. */
  public toJSON(): Record<string, ForEachValue> {
    return this.map;
  }

  public toString(): string {
    return Token.asString(this);
  }
}

function describe(v: unknown): string {
  if (typeof v !== 'string') return String(v);
  return isUnresolved(v) ? '(a token)' : `'${v}'`;
}
