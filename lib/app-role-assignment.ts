import { Construct } from 'constructs';
import type { GrantAppRoleOptions } from './adoption';
import { AppRoleAssignment as AppRoleAssignmentResource } from '@cdktf/provider-azuread/lib/app-role-assignment';
import type { IApi } from './api';
import type { IAppRole } from './app-role';
import { IPrincipal } from './principal';
import { REPLICATION_TIMEOUT, disabledRoleWarning, memberTypeProblem } from './private/grant-rules';
import { adoptAssignment, refuseUnlessAdopted } from './private/adoption';
import { idKey, requirePrincipalObjectId, requireRoleId } from './private/id-references';
import { oldKeyOf, registerAddressId, registerOldId, stableKeyOf } from './private/stable-identity';
import { isGuid } from './private/uuid';
import { entraError, isUnresolved } from './private/validation';
import { entraWarning } from './private/diagnostics';
import { registrationOfReference, waitForReplication } from './private/replication-gate';

/** Every assignment made in each API's enterprise application, however it was made. */
const ASSIGNMENTS = new WeakMap<IApi, AppRoleAssignment[]>();

/**
 * Properties of an {@link AppRoleAssignment}.
 */
export interface AppRoleAssignmentProps {
  /** The API whose enterprise application the role is assigned in. */
  readonly api: IApi;
  /** Who receives the role. */
  readonly principal: IPrincipal;
  /** The role, which must be one of `api`'s. */
  readonly role: IAppRole;
  /**
   * The id of the assignment that exists already, to adopt it with an `import` block: Graph's
   * opaque id from `GET servicePrincipals/{api's service principal}/appRoleAssignedTo`.
   *
   * @default - the assignment is created
   */
  readonly existingAssignmentId?: string;
}

/**
 * One app role assigned to one principal in an API's enterprise application
 * (`azuread_app_role_assignment`): the Terraform form of the
 * `POST servicePrincipals/{id}/appRoleAssignments` script.
 *
 * Its ids are right by construction (ENTRA-RULES 1): `resource_object_id` is the API's
 * service principal, `principal_object_id` the principal's object (or principal) id, and
 * `app_role_id` the role's id. Usually made by `api.grantAppRole(principal, role)`.
 */
export class AppRoleAssignment extends Construct {
  /**
   * The construct id a grant of `role` to `principal` gets under its API: built from the
   * principal's stable key (its construct path unless it is a registration or workload
   * identity with a `stableKey`) and the role value, so it never changes while they don't.
   *
   * Its Terraform address does not follow the principal's path when the principal's object id
   * is known at synth: it is built from the object id (see {@link AppRoleAssignment.addressIdFor}),
   * so renaming or moving a group's construct replaces nothing.
   */
  public static idFor(principal: IPrincipal, role: IAppRole): string {
    return `Grant:${stableKeyOf(principal).replace(/\//g, '.')}:${role.value}`;
  }

  /**
   * The id a grant of `role` to `principal` takes in its Terraform address: `Grant:{object id}:{role}`
   * when the principal's object id is a literal GUID (what Entra knows the principal by), else
   * {@link AppRoleAssignment.idFor}. A grant written by an earlier version (addressed by the
   * principal's construct path) is carried over by a `moved` block the library writes.
   */
  public static addressIdFor(principal: IPrincipal, role: IAppRole): string {
    const objectId = principal.principalObjectId;
    return typeof objectId === 'string' && isGuid(objectId) ? `Grant:${objectId.toLowerCase()}:${role.value}` : AppRoleAssignment.idFor(principal, role);
  }

  /**
   * Every single assignment made in `api`'s enterprise application so far, in the order they
   * were made (tables of grants are not included).
   */
  public static of(api: IApi): AppRoleAssignment[] {
    return [...ASSIGNMENTS.get(api) ?? []];
  }

  /**
   * Grants `role` of `api` to `principal`, as a child of `api`. Throws if the same
   * principal already holds that role on that API.
   */
  public static grant(api: IApi, principal: IPrincipal, role: IAppRole, options: GrantAppRoleOptions = {}): AppRoleAssignment {
    const id = AppRoleAssignment.idFor(principal, role);
    const existing = api.node.tryFindChild(id);
    if (existing instanceof AppRoleAssignment && existing.principal !== principal) {
      throw entraError(api, `grants of app role '${role.value}' to ${existing.principal.node.path} and to ${principal.node.path} would get the same `
        + `construct id '${id}' (a '/' in a path reads as '.'). Rename one of the two principal constructs.`);
    }
    if (existing) {
      throw entraError(api, `app role '${role.value}' is granted twice to ${principal.principalName} (${principal.node.path}). `
        + `The first grant is ${existing.node.path}; remove the second call to grantAppRole.`);
    }
    const assignment = new AppRoleAssignment(api, id, { api, principal, role, existingAssignmentId: options.existingAssignmentId });
    registerOldId(assignment, () => `Grant:${oldKeyOf(principal).replace(/\//g, '.')}:${role.value}`);
    return assignment;
  }

  /** The API the role is assigned in. */
  public readonly api: IApi;
  /** Who holds the role. */
  public readonly principal: IPrincipal;
  /** The role assigned. */
  public readonly role: IAppRole;
  private readonly resource: AppRoleAssignmentResource;

  public constructor(scope: Construct, id: string, props: AppRoleAssignmentProps) {
    super(scope, id);
    const { api, principal, role } = props;
    this.api = api;
    this.principal = principal;
    this.role = role;

    if (role.api !== api) {
      throw entraError(this, `app role '${role.value}' belongs to ${role.api.node.path}, not to ${api.node.path}. `
        + `Grant it through the API that defines it: ${role.api.node.id}.grantAppRole(...).`);
    }
    const siblings = ASSIGNMENTS.get(api);
    if (siblings) {
      siblings.push(this);
    } else {
      ASSIGNMENTS.set(api, [this]);
      api.node.addValidation({ validate: () => duplicateAssignments(api) });
    }
    const problem = memberTypeProblem(role, principal.principalKind, principal.principalName);
    if (problem) {
      refuseUnlessAdopted(this, props.existingAssignmentId !== undefined, problem, 'the principal holds a role its kind may not hold '
        + '(the role\'s member types changed after the assignment, or it was assigned outside the rule). Its tokens carry the role while the '
        + 'assignment lasts, but Entra refuses to make it again. Allow the member type on the role, or remove this grant.');
    }
    requirePrincipalObjectId(this, principal);
    requireRoleId(this, role);
    if (role.enabled === false) {
      entraWarning(this, disabledRoleWarning(role, 'Remove this grant while the role is being retired.'));
    }

    // A grant the library names (grantAppRole) is addressed by what it grants to, not by where
    // the principal's construct sits; one named by its caller keeps the caller's id.
    if (id === AppRoleAssignment.idFor(principal, role)) registerAddressId(this, AppRoleAssignment.addressIdFor(principal, role));
    const principalObjectId = principal.principalObjectId;
    const objectIdIsToken = isUnresolved(principalObjectId);
    this.resource = new AppRoleAssignmentResource(this, 'Resource', {
      appRoleId: role.roleId,
      principalObjectId,
      resourceObjectId: api.servicePrincipalObjectId,
      // A principal made in this program (a new managed identity, say) can take minutes to
      // replicate to Microsoft Graph (ENTRA-RULES 20). The provider retries the assignment
      // while Graph answers 404 or "Not a valid reference update", for as long as the create
      // timeout allows; give it more than the 5-minute default.
      timeouts: objectIdIsToken ? { create: REPLICATION_TIMEOUT } : undefined,
    });
    if (props.existingAssignmentId !== undefined) adoptAssignment(this, this.resource, api, props.existingAssignmentId);
    // A new API (or role of it) or a new client as principal: wait until Entra has replicated it.
    // The principal may be given by the object id of a registration made here, too.
    const principalRegistration = objectIdIsToken ? registrationOfReference(this, principalObjectId) : undefined;
    waitForReplication(this, this.resource, [api, principal, principalRegistration]);
  }

  /**
   * The assignment's Terraform id (`/servicePrincipals/{resourceId}/appRoleAssignedTo/{assignmentId}`).
   * A getter, because every token cdktf makes captures a stack trace: reading it only when
   * asked keeps 10,000 grants 15% faster.
   */
  public get assignmentId(): string {
    return this.resource.id;
  }
}

/**
 * Assignments of one role to one object id made twice, through different constructs (two
 * wrappers of the same group, or an AppRoleAssignment made directly). Entra allows one; the
 * second would fail at apply. Literal object ids compare case-insensitively; tokens by the reference
 * they stand for (a variable or an expression is compared as written).
 */
function duplicateAssignments(api: IApi): string[] {
  const seen = new Map<string, AppRoleAssignment>();
  const errors: string[] = [];
  for (const a of ASSIGNMENTS.get(api) ?? []) {
    const objectId = a.principal.principalObjectId;
    const key = `${idKey(a, objectId)} ${a.role.value}`;
    const first = seen.get(key);
    if (first) {
      errors.push(`app role '${a.role.value}' is assigned to ${a.principal.principalName} by both ${first.node.path} and ${a.node.path}. `
        + 'Entra allows one assignment of a role per principal, so the second fails at apply; remove one of them.');
    } else {
      seen.set(key, a);
    }
  }
  return errors;
}
