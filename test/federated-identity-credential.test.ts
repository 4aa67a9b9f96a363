import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DaemonApp, FEDERATED_CREDENTIAL_AUDIENCE, FederatedIdentityCredential, GITHUB_ACTIONS_ISSUER, WebApp,
} from '../lib';
import { at, idAt, makeStack, ref, synth, throwsWith, warnings } from './util';

const PORTAL = { displayName: 'Orders Portal', redirectUris: ['https://portal.contoso.com/signin-oidc'] };

const SYNC = { displayName: 'Orders Sync' };

describe('FederatedIdentityCredential', () => {
  it('adds a federated credential with the token exchange audience by default', () => {
    const stack = makeStack();
    const portal = new WebApp(stack, 'Portal', PORTAL);
    const cred = portal.addFederatedCredential('aks', { issuer: 'https://oidc.prod-aks.azure.com/abc/', subject: 'system:serviceaccount:orders:portal' });
    const json = synth(stack);
    const fic = at(json, 'azuread_application_federated_identity_credential', 'Portal/FederatedCredential:aks');
    assert.deepEqual(fic, {
      application_id: ref(json, 'azuread_application', 'Portal', 'id'),
      display_name: 'aks',
      issuer: 'https://oidc.prod-aks.azure.com/abc/',
      subject: 'system:serviceaccount:orders:portal',
      audiences: ['api://AzureADTokenExchange'],
      // The client is new in this apply: Graph answers 404 to a credential of an application it has not replicated yet.
      depends_on: [`time_sleep.${idAt(json, 'time_sleep', 'Portal/ReplicationGate')}`],
    });
    assert.deepEqual(portal.federatedCredentials, [cred]);
  });

  it('adds a GitHub Actions credential for the main branch by default', () => {
    const stack = makeStack();
    const sync = new DaemonApp(stack, 'Sync', SYNC);
    sync.addGithubActionsCredential('github-main', { organization: 'contoso', repository: 'orders-sync' });
    const json = synth(stack);
    const fic = at(json, 'azuread_application_federated_identity_credential', 'Sync/FederatedCredential:github-main');
    assert.equal(fic.issuer, 'https://token.actions.githubusercontent.com');
    assert.equal(fic.subject, 'repo:contoso/orders-sync:ref:refs/heads/main');
    assert.deepEqual(fic.audiences, ['api://AzureADTokenExchange']);
    assert.equal(fic.display_name, 'github-main');
    assert.equal(fic.application_id, ref(json, 'azuread_application', 'Sync', 'id'));
    assert.equal(fic.description, 'GitHub Actions: repo:contoso/orders-sync:ref:refs/heads/main');
  });

  it('builds GitHub subjects for a branch, environment, tag and pull requests', () => {
    const o = { organization: 'contoso', repository: 'orders' };
    assert.equal(FederatedIdentityCredential.githubActionsSubject({ ...o, branch: 'release/1' }), 'repo:contoso/orders:ref:refs/heads/release/1');
    assert.equal(FederatedIdentityCredential.githubActionsSubject({ ...o, environment: 'prod' }), 'repo:contoso/orders:environment:prod');
    assert.equal(FederatedIdentityCredential.githubActionsSubject({ ...o, tag: 'v1.2' }), 'repo:contoso/orders:ref:refs/tags/v1.2');
    assert.equal(FederatedIdentityCredential.githubActionsSubject({ ...o, pullRequest: true }), 'repo:contoso/orders:pull_request');
  });

  it('warns when pull requests are trusted', () => {
    const stack = makeStack();
    new DaemonApp(stack, 'Sync', SYNC).addGithubActionsCredential('pr', { organization: 'contoso', repository: 'orders', pullRequest: true });
    assert.ok(warnings(stack).some((w) => /trusts pull requests/.test(w)));
  });

  it('throws if a GitHub credential names more than one of branch, environment, tag and pull request', () => {
    throwsWith(() => new DaemonApp(makeStack(), 'Sync', SYNC).addGithubActionsCredential('gh', { organization: 'contoso', repository: 'o', branch: 'main', environment: 'prod' }),
      /test\/Sync/, /federated credential 'gh'/, /branch and environment/, /one credential for each/);
  });

  it('throws if a GitHub organization or repository is not a valid name', () => {
    throwsWith(() => new DaemonApp(makeStack(), 'Sync', SYNC).addGithubActionsCredential('gh', { organization: 'contoso/orders', repository: 'o' }), /contains '\/'/);
    throwsWith(() => new DaemonApp(makeStack(), 'Sync', SYNC).addGithubActionsCredential('gh', { organization: 'contoso', repository: 'my repo' }), /not a valid name/);
    throwsWith(() => new DaemonApp(makeStack(), 'Sync', SYNC).addGithubActionsCredential('gh', { organization: 'contoso', repository: 'o', branch: 'feature/*' }), /branch 'feature\/\*'/, /git check-ref-format/);
  });

  it('throws if a federated credential\'s issuer is not https, its subject is empty, or it has more than one audience', () => {
    const sync = new DaemonApp(makeStack(), 'Sync', SYNC);
    throwsWith(() => sync.addFederatedCredential('a', { issuer: 'http://issuer.example.com', subject: 's' }), /issuer 'http:\/\/issuer\.example\.com' is not an https URL/);
    throwsWith(() => sync.addFederatedCredential('b', { issuer: 'https://issuer.example.com', subject: ' ' }), /subject is empty/);
    throwsWith(() => sync.addFederatedCredential('c', { issuer: 'https://issuer.example.com', subject: 's', audiences: ['a', 'b'] }), /2 audiences/, /exactly one/);
  });

  it('throws if a federated credential\'s name is not valid or used twice', () => {
    const sync = new DaemonApp(makeStack(), 'Sync', SYNC);
    throwsWith(() => sync.addFederatedCredential('', { issuer: 'https://i.example.com', subject: 's' }), /name '' is 0 bytes long/, /1 to 120/);
    throwsWith(() => sync.addFederatedCredential('n'.repeat(121), { issuer: 'https://i.example.com', subject: 's' }), /121 bytes long/);
    sync.addFederatedCredential('one', { issuer: 'https://i.example.com', subject: 's' });
    throwsWith(() => sync.addFederatedCredential('one', { issuer: 'https://i.example.com', subject: 't' }), /already has a federated credential named 'one'/);
  });

  it('throws if two federated credentials trust the same issuer and subject', () => {
    const sync = new DaemonApp(makeStack(), 'Sync', SYNC);
    sync.addGithubActionsCredential('main', { organization: 'contoso', repository: 'o' });
    throwsWith(() => sync.addGithubActionsCredential('main2', { organization: 'contoso', repository: 'o', branch: 'main' }),
      /test\/Sync/, /like 'main' does/, /one credential per issuer and subject/);
  });

  it('throws if a client gets more than 20 federated credentials', () => {
    const sync = new DaemonApp(makeStack(), 'Sync', SYNC);
    for (let i = 0; i < 20; i++) sync.addGithubActionsCredential(`env-${i}`, { organization: 'contoso', repository: 'o', environment: `e${i}` });
    throwsWith(() => sync.addGithubActionsCredential('env-20', { organization: 'contoso', repository: 'o', environment: 'e20' }), /at most 20/);
  });

  it('publishes the token exchange audience and the GitHub issuer as class constants, which every jsii language sees', () => {
    assert.equal(FederatedIdentityCredential.TOKEN_EXCHANGE_AUDIENCE, FEDERATED_CREDENTIAL_AUDIENCE);
    assert.equal(FederatedIdentityCredential.GITHUB_ACTIONS_ISSUER, GITHUB_ACTIONS_ISSUER);
    const stack = makeStack();
    new DaemonApp(stack, 'Sync', SYNC).addGithubActionsCredential('gh', { organization: 'contoso', repository: 'o' });
    const fic = at(synth(stack), 'azuread_application_federated_identity_credential', 'Sync/FederatedCredential:gh');
    assert.equal(fic.issuer, FederatedIdentityCredential.GITHUB_ACTIONS_ISSUER);
    assert.deepEqual(fic.audiences, [FederatedIdentityCredential.TOKEN_EXCHANGE_AUDIENCE]);
  });
});
