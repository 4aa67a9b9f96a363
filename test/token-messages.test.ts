// Tokens are never judged as literals, and no message ever prints a raw token. Every misuse
// below involves a token (a reference, a variable, a lazy value); each must be reported (thrown
// where the value arrives, or as a synth-time error or warning) with a message that names the
// reference by its Terraform expression, or says that a literal is needed and why, but never
// shows `${TfToken[...]}`, a list token `#{TfToken[...]}` or a number token (a huge negative double).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Application } from '@cdktf/provider-azuread/lib/application';
import { DataAzureadGroup } from '@cdktf/provider-azuread/lib/data-azuread-group';
import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { LinuxFunctionApp } from '@cdktf/provider-azurerm/lib/linux-function-app';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import * as lib from '../lib';
import { makeStack, synth, warnings } from './util';

const GUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const BOTH = [lib.MemberType.USER, lib.MemberType.APPLICATION];

/** A raw token in text: a string token, a list token, or a number token (a double near -1e+289). */
const RAW_TOKEN = /TfToken|Token\[|-\d\.\d+e\+(2[89]\d|3\d\d)/;

interface Refs {
  readonly stack: TerraformStack;
  /** A string variable: `${var.some}`. */
  readonly text: string;
  /** A number variable. */
  readonly num: number;
  readonly app: Application;
  readonly uai: UserAssignedIdentity;
  readonly group: DataAzureadGroup;
  readonly user: DataAzureadUser;
  readonly api: lib.ProtectedApi;
}

function refs(): Refs {
  const stack = makeStack();
  const text = new TerraformVariable(stack, 'some', { type: 'string' }).stringValue;
  const num = new TerraformVariable(stack, 'count', { type: 'number' }).numberValue;
  return {
    stack,
    text,
    num,
    app: new Application(stack, 'App', { displayName: 'Other app' }),
    uai: new UserAssignedIdentity(stack, 'Uai', { name: 'id-worker', location: 'westeurope', resourceGroupName: 'rg' }),
    group: new DataAzureadGroup(stack, 'Readers', { displayName: 'Order readers', securityEnabled: true }),
    user: new DataAzureadUser(stack, 'Jane', { userPrincipalName: 'jane@contoso.com' }),
    api: new lib.ProtectedApi(stack, 'Api', { displayName: 'Orders API', appRoles: [{ value: 'Orders.Read', description: 'Read', allowedMemberTypes: BOTH }] }),
  };
}

function boundFunction(r: Refs, settings: (identity: lib.WorkloadIdentity) => Record<string, string>): void {
  const identity = new lib.WorkloadIdentity(r.stack, 'Orders', { name: 'id-orders', resourceGroupName: 'rg', location: 'westeurope' });
  const wiring = identity.wiringFor();
  const fn = new LinuxFunctionApp(r.stack, 'Fn', {
    name: 'func-orders', resourceGroupName: 'rg', location: 'westeurope', servicePlanId: 'plan', siteConfig: {},
    identity: wiring.identity, keyVaultReferenceIdentityId: wiring.keyVaultReferenceIdentityId,
    appSettings: { ...wiring.appSettings, ...settings(identity) },
  });
  identity.bindApp(fn, wiring);
}

/** Misuses that involve a token. Each must be reported. */
const MISUSES: Record<string, (r: Refs) => void> = {
  'an app role id that refers to a client_id': (r) => { r.api.addAppRole('Orders.Write', { description: 'w', allowedMemberTypes: BOTH, id: r.app.clientId }); },
  'a scope id that refers to a group object_id': (r) => { r.api.addScope('Orders.Access', { adminConsentDescription: 'c', id: r.group.objectId }); },
  'two roles with the same token as id': (r) => {
    r.api.addAppRole('Orders.Write', { description: 'w', allowedMemberTypes: BOTH, id: r.text });
    r.api.addAppRole('Orders.Admin', { description: 'a', allowedMemberTypes: BOTH, id: r.text });
  },
  'a scope consent type that is a token': (r) => {
    r.api.addScope('Orders.Access', { adminConsentDescription: 'c', consentType: r.text as lib.ConsentType });
  },
  'an optional claim named by the same token twice': (r) => {
    new lib.ProtectedApi(r.stack, 'Claims', { displayName: 'Claims API', optionalClaims: { accessToken: [{ name: r.text }, { name: r.text }] } });
  },
  'a sign-in audience that is a token (API)': (r) => {
    new lib.ProtectedApi(r.stack, 'Audience', { displayName: 'Audience API', signInAudience: r.text as lib.SignInAudience });
  },
  'a sign-in audience that is a token (client)': (r) => {
    new lib.SpaApp(r.stack, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'], signInAudience: r.text as lib.SignInAudience });
  },
  'a group object id that refers to a user object_id': (r) => { lib.EntraGroup.fromObjectId(r.stack, 'G', r.user.objectId); },
  'a user object id that refers to a group object_id': (r) => { lib.EntraUser.fromObjectId(r.stack, 'U', r.group.objectId); },
  'a service principal object id that refers to an application object_id': (r) => { lib.EntraServicePrincipal.fromObjectId(r.stack, 'S', r.app.objectId); },
  'a client id that refers to an application id': (r) => { lib.EntraServicePrincipal.fromClientId(r.stack, 'S', r.app.id); },
  'a managed identity principal id that refers to a client_id': (r) => {
    lib.ManagedIdentity.fromUserAssignedAttributes(r.stack, 'M', { principalId: r.uai.clientId, clientId: r.uai.clientId });
  },
  'a table row whose object id refers to a client_id': (r) => {
    new lib.AppRoleAssignmentTable(r.stack, 'Grants', { api: r.api }).addRow({
      principalName: 'worker', principalObjectId: r.uai.clientId, principalKind: lib.PrincipalKind.MANAGED_IDENTITY, role: r.api.appRole('Orders.Read'),
    });
  },
  'a table row whose principal name is a token': (r) => {
    new lib.AppRoleAssignmentTable(r.stack, 'Grants', { api: r.api }).addRow({
      principalName: r.text, principalObjectId: GUID, principalKind: lib.PrincipalKind.GROUP, role: r.api.appRole('Orders.Read'),
    });
  },
  'a table row whose principal kind is a token': (r) => {
    new lib.AppRoleAssignmentTable(r.stack, 'Grants', { api: r.api }).addRow({
      principalName: 'readers', principalObjectId: GUID, principalKind: r.text as lib.PrincipalKind, role: r.api.appRole('Orders.Read'),
    });
  },
  'an owner that refers to a client_id': (r) => { new lib.ProtectedApi(r.stack, 'Owned', { displayName: 'Owned API', owners: [r.app.clientId] }); },
  'AZURE_CLIENT_ID that refers to a principal_id': (r) => boundFunction(r, (identity) => ({ AZURE_CLIENT_ID: identity.principalId })),
  'a wiring whose Key Vault identity choice is a token': (r) => {
    new lib.WorkloadIdentity(r.stack, 'Orders', { name: 'id-orders', resourceGroupName: 'rg', location: 'westeurope' })
      .wiringFor({ systemAssigned: true, keyVaultReferences: r.text as lib.KeyVaultReferenceIdentity });
  },
  'a wiring whose credential choice is a token': (r) => {
    new lib.WorkloadIdentity(r.stack, 'Orders', { name: 'id-orders', resourceGroupName: 'rg', location: 'westeurope' })
      .wiringFor({ defaultCredential: r.text as lib.DefaultCredentialIdentity });
  },
  'a Key Vault access model that is a token': (r) => {
    const vault = new KeyVault(r.stack, 'Vault', { name: 'kv-orders', resourceGroupName: 'rg', location: 'westeurope', tenantId: GUID, skuName: 'standard' });
    new lib.WorkloadIdentity(r.stack, 'Orders', { name: 'id-orders', resourceGroupName: 'rg', location: 'westeurope' })
      .grantKeyVaultSecretsRead(vault, { accessModel: r.text as lib.KeyVaultAccessModel });
  },
  'an API scope setting name that is a token': (r) => {
    new lib.WorkloadIdentity(r.stack, 'Orders', { name: 'id-orders', resourceGroupName: 'rg', location: 'westeurope' })
      .wiringFor({ apiScopes: [{ settingName: r.text, api: r.api }] });
  },
  'client outputs with a prefix that is a token': (r) => {
    new lib.SpaApp(r.stack, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'] }).addOutputs({ prefix: r.text });
  },
  'a client secret whose rotation is a token': (r) => {
    new lib.WebApp(r.stack, 'Site', { displayName: 'Orders Site', redirectUris: ['https://orders.contoso.com/signin-oidc'] })
      .addClientSecret({ rotationDays: r.num });
  },
  'a federated credential name that is a token': (r) => {
    new lib.DaemonApp(r.stack, 'Job', { displayName: 'Orders Job' })
      .addFederatedCredential(r.text, { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/orders:ref:refs/heads/main' });
  },
  'a federated credential with two audiences that are tokens': (r) => {
    new lib.DaemonApp(r.stack, 'Job', { displayName: 'Orders Job' }).addFederatedCredential('github-main', {
      issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/orders:ref:refs/heads/main', audiences: [r.text, r.app.clientId],
    });
  },
  'a registered API role value that is a token': (r) => { lib.RegisteredApi.fromClientId(r.stack, 'Other', GUID).appRole(r.text); },
  'an app role value that is a token': (r) => { r.api.addAppRole(r.text, { description: 'd', allowedMemberTypes: BOTH }); },
  'role member types given as a token': (r) => {
    r.api.addAppRole('Orders.Write', { description: 'd', allowedMemberTypes: Token.asList(r.text) as lib.MemberType[] });
  },
  'an app role looked up by a token': (r) => { r.api.appRole(r.text); },
  'a scope looked up by a token': (r) => { r.api.scope(r.text); },
  'a registered API role whose member type is a token': (r) => {
    lib.RegisteredApi.fromClientId(r.stack, 'Other', GUID, { appRoles: [{ value: 'Orders.Read', allowedMemberTypes: [r.text as lib.MemberType] }] });
  },
  'an access map base name that is a token': (r) => { lib.AccessMap.enable(r.stack, { baseName: r.text }); },
};

/** Every message a misuse gives: what it throws, or what synth throws, plus the warnings. */
function messagesOf(misuse: (r: Refs) => void): string[] {
  const r = refs();
  const out: string[] = [];
  try {
    misuse(r);
    synth(r.stack);
  } catch (e) {
    out.push((e as Error).message);
  }
  out.push(...warnings(r.stack));
  return out;
}

describe('tokens in messages', () => {
  for (const [name, misuse] of Object.entries(MISUSES)) {
    it(`reports ${name} without printing a raw token`, () => {
      const messages = messagesOf(misuse);
      assert.ok(messages.length > 0, 'the misuse is reported');
      for (const m of messages) assert.doesNotMatch(m, RAW_TOKEN, `a message prints a raw token: ${m}`);
      // What the token refers to is named, or the message says a literal is needed.
      assert.ok(messages.some((m) => /\$\{[a-z]|known (only )?at (synth|apply)|literal/.test(m)),
        `no message names the reference or asks for a literal: ${messages.join('\n')}`);
    });
  }

  it('the scan covers every kind of reference the misuses use', () => {
    assert.ok(Object.keys(MISUSES).length >= 25);
    // Guard against a harness that reports nothing: a literal misuse is reported too.
    const m = messagesOf((r) => { lib.EntraGroup.fromObjectId(r.stack, 'G', 'not-a-guid'); });
    assert.match(m[0], /not a GUID/);
  });
});
