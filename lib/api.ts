import { Construct, IConstruct } from 'constructs';
import type { GrantAppRoleOptions } from './adoption';
import type { IAppRole } from './app-role';
import { AppRoleAssignment } from './app-role-assignment';
import type { AppRoleAssignmentRow, AppRoleAssignmentTable } from './app-role-assignment-table';
import type { IPermissionScope } from './permission-scope';
import type { IGrantable } from './principal';
import { API, ApiAccessFacts, brand, hasBrand } from './private/brands';
import { granteePrincipal } from './private/grant-rules';

/**
 * An API that exposes app roles and scopes and can grant its roles: a {@link ProtectedApi}
 * in this program, or an API registered elsewhere.
 */
export interface IApi extends IConstruct {
  /** The API's display name, or its construct path when unknown at synth. Never a token. */
  readonly apiName: string;
  /** The API's Application (client) id. */
  readonly clientId: string;
  /**
   * The object id of the API's service principal (enterprise application): the
   * `resource_object_id` of every role assignment (ENTRA-RULES 1).
   */
  readonly servicePrincipalObjectId: string;
  /**
   * The API's identifier URI, e.g. `api://{clientId}`. An adopted {@link ProtectedApi} that has
   * none (`existing.identifierUris: []`) throws here rather than name a URI it lacks.
   */
  readonly identifierUri: string;
  /**
   * The scope an app-only caller (a managed identity, a daemon using
   * DefaultAzureCredential) requests: `{identifierUri}/.default` (ENTRA-RULES 13), or
   * `{clientId}/.default` for an API without an identifier URI.
   */
  readonly defaultScope: string;
  /**
   * The API's app role with this value. Throws when the API is known to have no such role.
   */
  appRole(value: string): IAppRole;
  /**
   * The API's delegated scope with this value. Throws when the API is known to have no such scope.
   */
  scope(value: string): IPermissionScope;
  /**
   * Assigns one of this API's app roles to a principal in the API's enterprise
   * application: to `principal.grantPrincipal`, so an app bound to a workload identity can
   * be passed as it is. Throws if the role is not this API's, if its member types do not fit
   * the principal (ENTRA-RULES 6), or if the same grant was made before.
   */
  grantAppRole(principal: IGrantable, role: IAppRole, options?: GrantAppRoleOptions): AppRoleAssignment;
  /**
   * Grants many app roles at once, e.g. a group-to-role table of thousands of rows, as one
   * `azuread_app_role_assignment` with `for_each` keyed by role value and principal name.
   * Same checks as `grantAppRole`. Returns the API's table (made on first use).
   */
  grantAppRoles(rows: AppRoleAssignmentRow[]): AppRoleAssignmentTable;
}


/**
 * What every API shares, whether it is registered in this program ({@link ProtectedApi}) or
 * elsewhere ({@link RegisteredApi}): one grant path, with the same checks for both.
 */
export abstract class ApiBase extends Construct implements IApi {
  /** Whether `obj` is an API of this library (a {@link ProtectedApi} or {@link RegisteredApi}). */
  public static isApi(obj: unknown): obj is ApiBase {
    return hasBrand(obj, API);
  }

  /** The API's display name, or its construct path when unknown at synth. */
  public abstract readonly apiName: string;
  /** The API's Application (client) id. */
  public abstract readonly clientId: string;
  /** The object id of the API's service principal (enterprise application). */
  public abstract readonly servicePrincipalObjectId: string;
  /** The API's identifier URI. */
  public abstract readonly identifierUri: string;
  /** `{identifierUri}/.default`: the scope app-only callers request (ENTRA-RULES 13). */
  public abstract readonly defaultScope: string;

  protected constructor(scope: Construct, id: string) {
    super(scope, id);
    brand(this, API);
  }

  /** The API's app role with this value. */
  public abstract appRole(value: string): IAppRole;

  /** The API's delegated scope with this value. */
  public abstract scope(value: string): IPermissionScope;

  /**
   * Assigns one of this API's app roles to a group, user, service principal or managed
   * identity in the API's enterprise application (`azuread_app_role_assignment`), and
   * returns the assignment. Anything that has a principal can be passed: a principal, a
   * daemon app, a workload identity, or an app binding (whose code's identity gets the role).
   *
   * Throws if the role is not this API's, if the role's member types do not fit the
   * principal (ENTRA-RULES 6), or if the same grant was made before. With
   * `existingAssignmentId`, the assignment exists already and is adopted (an `import` block).
   */
  public grantAppRole(principal: IGrantable, role: IAppRole, options: GrantAppRoleOptions = {}): AppRoleAssignment {
    return AppRoleAssignment.grant(this, granteePrincipal(principal), role, options);
  }

  /**
   * Grants many app roles at once, e.g. a group-to-role table of thousands of rows, as one
   * `azuread_app_role_assignment` with `for_each` keyed by role value and principal name, so
   * `terraform plan` still shows one line per grant. Same checks as `grantAppRole`.
   * Returns the API's table (made on first use; more rows can be added to it).
   */
  public grantAppRoles(rows: AppRoleAssignmentRow[]): AppRoleAssignmentTable {
    // The table loads on first use: a program of single grants does not compile it on import.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AppRoleAssignmentTable: Table } = require('./app-role-assignment-table') as typeof import('./app-role-assignment-table');
    const table = Table.forApi(this);
    table.addRows(rows);
    return table;
  }

  /**
   * What the access map reads of the API beyond {@link IApi}.
   *
   * @internal
   */
  public _accessFacts(): ApiAccessFacts {
    return { registeredHere: false, appRoles: [], scopes: [] };
  }
}
