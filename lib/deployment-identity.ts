import { Lazy, TerraformIterator, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AppRoleAssignment as AppRoleAssignmentResource } from '@cdktf/provider-azuread/lib/app-role-assignment';
import { DaemonApp, DaemonAppProps } from './daemon-app';
import type { GithubActionsCredentialOptions } from './federated-identity-credential';
import { entraWarning } from './private/diagnostics';
import { REPLICATION_TIMEOUT } from './private/grant-rules';
import { stackJsonOf } from './private/stack-json';
import { entraError } from './private/validation';
import { RegisteredApi } from './registered-api';
import type * as RightsCompute from './rights/compute';
import type { RequiredRightsModel } from './rights/model';

// The rights computation loads when the grants are first computed (at synth), not on import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rights = (): typeof RightsCompute => require('./rights/compute');

/**
 * Properties of a {@link DeploymentIdentity}.
 */
export interface DeploymentIdentityProps extends DaemonAppProps {
  /**
   * The stacks this identity applies. It is granted exactly the Microsoft Graph application
   * permissions they need (`RequiredRights`), computed when this stack is synthesized, so
   * constructs added to them later count too. More can be added with `addStack`.
   *
   * @default - none yet
   */
  readonly stacks?: TerraformStack[];
  /**
   * A federated credential for GitHub Actions, named `github`: the pipeline signs in with the
   * workflow's OIDC token, no secret. Other issuers: `addFederatedCredential`.
   *
   * @default - none; add one with addGithubActionsCredential or addFederatedCredential
   */
  readonly githubActions?: GithubActionsCredentialOptions;
}

/**
 * The pipeline's own identity: an app registration (with its enterprise application) that a CI
 * system signs in as through a federated credential, granted exactly the Microsoft Graph
 * application permissions the stacks it applies need, each by its published id.
 *
 * The permissions are computed from the stacks' own configuration when this stack is
 * synthesized (`RequiredRights`): adding a group grant to an app stack adds
 * `AppRoleAssignment.ReadWrite.All` here on the next synth; removing the last one removes it.
 * They are one `azuread_app_role_assignment` with `for_each` over the permissions, keyed by
 * permission name, on Microsoft Graph's service principal, and the registration declares each
 * of them in its `required_resource_access` (Microsoft Graph's block, type `Role`, by published
 * id, sorted), so the portal lists them as configured permissions and an access review or
 * `az ad app permission list` sees them; a permission also requested with `requestGraphAppRole`
 * is declared and granted once, by that request. `Directory.ReadWrite.All` is never
 * among them. Registrations the pipeline creates name it as owner (the library's default), so
 * `Application.ReadWrite.OwnedBy` suffices for them.
 *
 * Apply this stack once, as a person who may grant Microsoft Graph application permissions
 * (Privileged Role Administrator; see the README, "Setting up the pipeline identity"). The Azure
 * roles the stacks need (`RequiredRights.of(stack).toModel().azure`) are not granted here: their
 * scopes are subscriptions and resource groups this program does not own.
 *
 * @example
 * const deployer = new DeploymentIdentity(bootstrap, 'Deployer', {
 *   displayName: 'orders-deployer',
 *   stacks: [apis, access],
 *   githubActions: { organization: 'contoso', repository: 'orders-infra', environment: 'production' },
 * });
 */
export class DeploymentIdentity extends DaemonApp {
  /** The Graph permission grants: one `azuread_app_role_assignment`, `for_each` permission name -> published id. */
  public readonly graphPermissionGrants: AppRoleAssignmentResource;

  private readonly applied: TerraformStack[] = [];

  public constructor(scope: Construct, id: string, props: DeploymentIdentityProps) {
    super(scope, id, props);
    for (const s of props.stacks ?? []) this.addStack(s);
    if (props.githubActions !== undefined) this.addGithubActionsCredential('github', props.githubActions);

    const graph = RegisteredApi.microsoftGraph(this);
    const permissions = TerraformIterator.fromMap(Token.asAnyMap(Lazy.anyValue({ produce: () => this.permissionMap() })));
    this.graphPermissionGrants = new AppRoleAssignmentResource(this, 'GraphPermissions', {
      forEach: permissions,
      appRoleId: permissions.value,
      principalObjectId: this.servicePrincipalObjectId,
      resourceObjectId: graph.servicePrincipalObjectId,
      // The service principal is made here: Graph may not know it yet when the grants are made (ENTRA-RULES 20).
      timeouts: { create: REPLICATION_TIMEOUT },
    });
    // What it is granted, it declares: the registration's "API permissions" list the same Graph
    // permissions (type Role, by published id), computed from the same stacks at the same synth.
    this._client.declareComputedAccess(graph, () => this.requiredRights().graph
      .map((g) => ({ id: g.id, type: 'Role' as const, value: g.permission })));
    this.node.addValidation({ validate: () => this.validateRights() });
  }

  /**
   * Adds a stack this identity applies: its Graph permissions are granted too. Throws for the
   * identity's own stack (it cannot grant itself what it needs to exist), or a stack added twice.
   */
  public addStack(stack: TerraformStack): void {
    if (!TerraformStack.isStack(stack)) throw entraError(this, 'addStack() takes a TerraformStack.');
    if (stack === TerraformStack.of(this)) {
      throw entraError(this, `cannot apply its own stack ${stack.node.id}: it is created before it can sign in. Apply this stack as a person `
        + '(README, "Setting up the pipeline identity"), and give the identity the other stacks.');
    }
    if (this.applied.includes(stack)) throw entraError(this, `is given stack ${stack.node.id} twice; add each stack once.`);
    this.applied.push(stack);
  }

  /** The stacks this identity applies. */
  public get stacks(): TerraformStack[] {
    return [...this.applied];
  }

  /**
   * What the stacks need together, computed from their configuration now: every Graph
   * permission (granted by this construct) and Azure role (to grant yourself), with the
   * resources that need it, prefixed by stack name.
   */
  public requiredRights(): RequiredRightsModel {
    const { computeRequiredRights, mergeRequiredRights } = rights();
    return mergeRequiredRights(this.applied.map((s) => computeRequiredRights(stackJsonOf(s))), TerraformStack.of(this).node.id);
  }

  /**
   * The Graph permissions granted (and declared in `required_resource_access`), by value,
   * sorted: those the stacks need now. Those also requested with `requestGraphAppRole` are
   * granted by that request's assignment, the rest by {@link graphPermissionGrants}.
   */
  public get grantedGraphPermissions(): string[] {
    return this.requiredRights().graph.map((g) => g.permission);
  }

  /**
   * The `for_each` map of the grants: each permission the stacks need, except those the program
   * requests itself (`requestGraphAppRole`), which that request's own assignment grants: Graph
   * refuses a second assignment of the same role to the same principal.
   */
  private permissionMap(): Record<string, string> {
    const graphPath = RegisteredApi.microsoftGraph(this).node.path;
    const requested = new Set(this.requestedAppRoles.filter((r) => r.api.node.path === graphPath).map((r) => r.role.value));
    const out: Record<string, string> = {};
    for (const g of this.requiredRights().graph) {
      if (!requested.has(g.permission)) out[g.permission] = g.id;
    }
    return out;
  }

  private validateRights(): string[] {
    if (this.applied.length === 0) {
      entraWarning(this, 'is given no stack, so it is granted no Graph permission; pass stacks (or addStack) with the stacks it applies.');
      return [];
    }
    const rights = this.requiredRights();
    const all = rights.graph.find((g) => g.permission === 'Application.ReadWrite.All');
    if (all) {
      entraWarning(this, `is granted Application.ReadWrite.All, which can change every app registration in the tenant, because `
        + `${all.reasons.slice(0, 3).map((r) => r.address).join(', ')}${all.reasons.length > 3 ? ` and ${all.reasons.length - 3} more` : ''} `
        + 'change registrations it does not own. Make the pipeline an owner of them (owners, or leave owners out when creating) and '
        + '.OwnedBy suffices.');
    }
    // azurerm types are the Azure roles' concern, which this construct does not grant anyway.
    const graphTypes = rights.uncovered.map((u) => u.type).filter((t) => /^(data\.)?azuread_/.test(t));
    if (graphTypes.length > 0) {
      entraWarning(this, `cannot compute the Graph permissions of ${graphTypes.join(', ')} (not in the rights table); grant what they need yourself.`);
    }
    return [];
  }
}
