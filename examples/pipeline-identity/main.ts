import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { DeploymentIdentity, EntraGroup, MemberType, ProtectedApi, RegisteredApi, RequiredRights, SpaApp } from '../../lib';

/**
 * The registrations: an API and the single-page app that calls it, pre-authorized. It only
 * creates registrations, which the pipeline then owns: Application.ReadWrite.OwnedBy and
 * nothing for assignments.
 */
export class ApisStack extends TerraformStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzureadProvider(this, 'azuread', {});
    const api = new ProtectedApi(this, 'OrdersApi', {
      displayName: 'Orders API',
      appRoles: [{ value: 'Orders.Read', description: 'Read orders', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] }],
      scopes: [{ value: 'Orders.Access', adminConsentDescription: 'Call the Orders API as the signed-in user' }],
    });
    const web = new SpaApp(this, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'] });
    web.requestScope(api, api.scope('Orders.Access'));
    new TerraformOutput(this, 'ordersApiClientId', { value: api.clientId });
    RequiredRights.enable(this);
  }
}

/**
 * Who may call the API: a group granted a role, in another stack (another state, maybe another
 * team). Assigning roles is what brings AppRoleAssignment.ReadWrite.All.
 */
export class AccessStack extends TerraformStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzureadProvider(this, 'azuread', {});
    const orders = RegisteredApi.fromClientId(this, 'OrdersApi', '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', {
      displayName: 'Orders API',
      appRoles: [{ value: 'Orders.Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] }],
    });
    orders.grantAppRole(EntraGroup.fromObjectId(this, 'OrderReaders', '11111111-2222-4333-8444-555555555555', { displayName: 'Order readers' }),
      orders.appRole('Orders.Read'));
    RequiredRights.enable(this);
  }
}

/**
 * The bootstrap: the pipeline's own registration, signed in to from GitHub Actions without a
 * secret, and granted exactly the Graph permissions the two stacks above need, by published id.
 * Applied once by a person (README, "Setting up the pipeline identity"); the pipeline applies
 * the others.
 */
export class PipelineIdentityStack extends TerraformStack {
  /** The pipeline's identity. */
  public readonly deployer: DeploymentIdentity;

  public constructor(scope: Construct, id: string, stacks: TerraformStack[]) {
    super(scope, id);
    new AzureadProvider(this, 'azuread', {});
    this.deployer = new DeploymentIdentity(this, 'Deployer', {
      displayName: 'Orders infrastructure pipeline',
      stableKey: 'Deployer',
      stacks,
      githubActions: { organization: 'contoso', repository: 'orders-infra', environment: 'production' },
    });
    // ARM_CLIENT_ID and ARM_TENANT_ID of the workflow (azure/login or the providers' OIDC settings).
    this.deployer.addOutputs({ prefix: 'deployer' });
    RequiredRights.enable(this);
  }
}

/** Adds the example's stacks to `app`. */
export function buildApp(app: App): void {
  const apis = new ApisStack(app, 'apis');
  const access = new AccessStack(app, 'access');
  new PipelineIdentityStack(app, 'pipeline-identity', [apis, access]);
}

if (require.main === module) {
  const app = new App();
  buildApp(app);
  app.synth();
}
