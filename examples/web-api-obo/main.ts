import { App, TerraformStack } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { EntraGroup, MemberType, ProtectedApi, RequiredRights, SpaApp } from '../../lib';

/**
 * A web app that hosts its own API, as one app registration: users sign in to the web app
 * (web redirect URIs, front-channel logout), its API exposes a scope and app roles, and its
 * server calls Microsoft Graph on behalf of the signed-in user (the on-behalf-of flow:
 * `User.Read`, delegated, consented by an administrator once). It signs in to Entra with a
 * federated credential of its GitHub Actions deployment instead of a secret. A partner SPA
 * calls the same API with the user's token, pre-authorized. Everyone signs in with one client
 * id: the registration is an API and a client at once, which is what most hosted web apps are.
 */
export function buildApp(app: App): void {
  const stack = new TerraformStack(app, 'web-api-obo');
  new AzureadProvider(stack, 'azuread', {});

  const portal = new ProtectedApi(stack, 'Portal', {
    displayName: 'Contoso Portal',
    web: {
      redirectUris: ['https://portal.contoso.com/signin-oidc', 'https://localhost:5001/signin-oidc'],
      logoutUrl: 'https://portal.contoso.com/signout-oidc',
      homepageUrl: 'https://portal.contoso.com/',
    },
    scopes: [{
      value: 'Portal.Access',
      adminConsentDescription: 'Call the Contoso Portal API as the signed-in user',
      userConsentDescription: 'Use Contoso Portal as you',
    }],
    appRoles: [
      { value: 'Portal.Read', description: 'Read portal data', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] },
      { value: 'Portal.Admin', description: 'Administer the portal', allowedMemberTypes: [MemberType.USER] },
    ],
  });

  // On behalf of the signed-in user: Graph's User.Read, consented for the whole tenant.
  portal.requestGraphScope('User.Read', { adminConsent: true });
  // The portal's server runs in a GitHub Actions-deployed container: a federated credential, no secret.
  portal.addGithubActionsCredential('github-main', { organization: 'contoso', repository: 'portal', environment: 'production' });

  // Who may use it: users through groups, each with a role.
  portal.grantAppRole(EntraGroup.fromObjectId(stack, 'PortalUsers', '21f1b7f0-6c3a-4a8e-9d4e-0b7c2a1d3e4f'), portal.appRole('Portal.Read'));
  portal.grantAppRole(EntraGroup.fromObjectId(stack, 'PortalAdmins', '7c0e9d2a-5b1f-4e3c-8a6d-2f4b1c9e8d7a'), portal.appRole('Portal.Admin'));

  // A partner SPA calls the portal's API with the user's token, pre-authorized (no consent prompt).
  const partner = new SpaApp(stack, 'PartnerSpa', { displayName: 'Contoso Partner App', redirectUris: ['https://partner.contoso.com/'] });
  partner.requestScope(portal, portal.scope('Portal.Access'));

  portal.addOutputs({ prefix: 'portal' });

  // What the identity that applies this stack needs: required-rights.json next to cdk.tf.json.
  RequiredRights.enable(stack);
}

if (require.main === module) {
  const app = new App();
  buildApp(app);
  app.synth();
}
