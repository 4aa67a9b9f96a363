import { Construct } from 'constructs';
import type { IClientApp } from './client-app';
import { checkFederatedCredential, checkFederatedCredentialName, federatedCredentialNameWarning, checkGitHubName, requireConfidential } from './private/client-validation';
import { applicationFederatedIdentityCredential } from './private/providers';
import { federatedCredentialImportId, importResource, refuseUnlessAdopted, requireExisting } from './private/adoption';
import { entraError, isUnresolved, requireGuid } from './private/validation';
import { entraWarning } from './private/diagnostics';
import { MAX_FEDERATED_TEXT_CHARS, freeTextProblem, hasControlCharacter, showText } from './private/free-text';
import { waitForReplication } from './private/replication-gate';

/**
 * The audience of federated credentials that Entra ID accepts: `api://AzureADTokenExchange`.
 * In other languages: `FederatedIdentityCredential.TOKEN_EXCHANGE_AUDIENCE`.
 */
export const FEDERATED_CREDENTIAL_AUDIENCE = 'api://AzureADTokenExchange';
/**
 * The issuer of GitHub Actions OIDC tokens. In other languages:
 * `FederatedIdentityCredential.GITHUB_ACTIONS_ISSUER`.
 */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * Options for a federated identity credential.
 */
export interface FederatedCredentialOptions {
  /** The external identity provider's issuer, e.g. `https://token.actions.githubusercontent.com`. */
  readonly issuer: string;
  /** The subject of the external tokens to accept, matched exactly, e.g. `repo:contoso/orders:ref:refs/heads/main`. */
  readonly subject: string;
  /**
   * The audiences of the external tokens; Entra accepts exactly one.
   *
   * @default ['api://AzureADTokenExchange']
   */
  readonly audiences?: string[];
  /**
   * A description of the credential.
   *
   * @default - none
   */
  readonly description?: string;
  /**
   * The id of the credential that exists already on the client, to adopt it with an `import`
   * block (its `id` in `az ad app federated-credential list`). The client must adopt an
   * existing registration (`existing`).
   *
   * @default - the credential is created
   */
  readonly existingCredentialId?: string;
}

/**
 * Properties of a {@link FederatedIdentityCredential}.
 */
export interface FederatedIdentityCredentialProps extends FederatedCredentialOptions {
  /** The confidential client (web app or daemon) that trusts the external tokens. */
  readonly client: IClientApp;
  /**
   * The credential's name, unique in the client: 1 to 120 bytes, "URL friendly" (Graph), e.g.
   * `github-main` or `gitlab.orders.main`.
   */
  readonly name: string;
}

/**
 * Options for a federated credential that lets a GitHub Actions workflow sign in as the
 * client, without a secret. Give at most one of `branch`, `environment`, `tag` and
 * `pullRequest`; with none, the credential trusts the `main` branch.
 */
export interface GithubActionsCredentialOptions {
  /** The GitHub organisation or user that owns the repository. */
  readonly organization: string;
  /** The repository's name. */
  readonly repository: string;
  /**
   * Trust workflow runs on this branch (subject `repo:ORG/REPO:ref:refs/heads/BRANCH`).
   *
   * @default 'main' when no environment, tag or pull request is given
   */
  readonly branch?: string;
  /**
   * Trust jobs that run in this deployment environment (subject `repo:ORG/REPO:environment:NAME`),
   * named as in GitHub, spaces included (`Production EU`).
   *
   * @default - none
   */
  readonly environment?: string;
  /**
   * Trust workflow runs for this tag (subject `repo:ORG/REPO:ref:refs/tags/TAG`).
   *
   * @default - none
   */
  readonly tag?: string;
  /**
   * Trust workflow runs for pull requests (subject `repo:ORG/REPO:pull_request`). Anyone who
   * can open a pull request can then sign in as the client: use with care.
   *
   * @default false
   */
  readonly pullRequest?: boolean;
  /**
   * A description of the credential.
   *
   * @default - names the repository and what it trusts
   */
  readonly description?: string;
}

/**
 * A federated identity credential (`azuread_application_federated_identity_credential`): the
 * client trusts tokens of an external identity provider (GitHub Actions, Kubernetes,
 * another cloud) instead of a secret. The recommended way for a daemon to authenticate
 * where it does not run on Azure.
 */
export class FederatedIdentityCredential extends Construct {
  /**
   * The audience of federated credentials that Entra ID accepts, `api://AzureADTokenExchange`:
   * the default of `audiences`.
   */
  public static readonly TOKEN_EXCHANGE_AUDIENCE: string = FEDERATED_CREDENTIAL_AUDIENCE;

  /** The issuer of GitHub Actions OIDC tokens, `https://token.actions.githubusercontent.com`. */
  public static readonly GITHUB_ACTIONS_ISSUER: string = GITHUB_ACTIONS_ISSUER;

  /**
   * The subject GitHub Actions puts in its OIDC tokens for the given repository and branch,
   * environment, tag or pull request.
   */
  public static githubActionsSubject(options: GithubActionsCredentialOptions): string {
    const chosen = [
      options.branch !== undefined ? 'branch' : undefined,
      options.environment !== undefined ? 'environment' : undefined,
      options.tag !== undefined ? 'tag' : undefined,
      options.pullRequest ? 'pullRequest' : undefined,
    ].filter((x): x is string => x !== undefined);
    if (chosen.length > 1) {
      throw new Error(`GitHub Actions credential for ${options.organization}/${options.repository} gives ${chosen.join(' and ')}; `
        + 'a credential trusts one of branch, environment, tag or pullRequest. Add one credential for each.');
    }
    for (const [what, value] of [['organization', options.organization], ['repository', options.repository]] as const) {
      const problem = checkGitHubName(what, value);
      if (problem) throw new Error(`${problem}.`);
    }
    for (const [what, value] of [['branch', options.branch], ['tag', options.tag]] as const) {
      if (value === undefined || isUnresolved(value)) continue;
      // git check-ref-format: a ref has no space, control character, ~ ^ : ? * [ or \\.
      if (value.length === 0 || hasControlCharacter(value) || /[\s~^:?*[\\]/.test(value)) {
        throw new Error(`GitHub Actions ${what} '${showText(value)}' is empty or has a character git does not allow in a ${what} name `
          + '(white space, a control character, ~ ^ : ? * [ or \\; git check-ref-format). Give the exact name.');
      }
    }
    const env = options.environment;
    if (env !== undefined && !isUnresolved(env)) {
      // GitHub: an environment name has at most 255 characters; spaces inside are allowed and kept in the subject.
      if (env.trim().length === 0 || env.trim() !== env || hasControlCharacter(env) || env.length > 255) {
        throw new Error(`GitHub Actions environment '${showText(env)}' is empty, longer than 255 characters, or has a control character or `
          + 'white space at its start or end; GitHub puts the name in the subject as it is. Give the exact environment name.');
      }
    }
    const repo = `repo:${options.organization}/${options.repository}`;
    if (options.environment !== undefined) return `${repo}:environment:${options.environment}`;
    if (options.tag !== undefined) return `${repo}:ref:refs/tags/${options.tag}`;
    if (options.pullRequest) return `${repo}:pull_request`;
    return `${repo}:ref:refs/heads/${options.branch ?? 'main'}`;
  }

  /** The client that trusts the external tokens. */
  public readonly client: IClientApp;
  /** The credential's name. */
  public readonly name: string;
  /** The issuer trusted. */
  public readonly issuer: string;
  /** The subject trusted. */
  public readonly subject: string;
  /** The audiences trusted. */
  public readonly audiences: string[];
  /** The credential's id, known at apply. */
  public readonly credentialId: string;

  public constructor(scope: Construct, id: string, props: FederatedIdentityCredentialProps) {
    super(scope, id);
    this.client = props.client;
    this.name = props.name;
    this.issuer = props.issuer;
    this.subject = props.subject;
    this.audiences = [...(props.audiences ?? [FEDERATED_CREDENTIAL_AUDIENCE])];
    requireConfidential(this, props.client, 'a federated identity credential');
    // Free text as Graph documents it (federatedIdentityCredential: 600 characters each); an adopted credential is only warned about.
    const adopted = props.existingCredentialId !== undefined;
    for (const [what, text, multiline] of [
      ['federated credential name', props.name, false], ['federated credential issuer', props.issuer, false],
      ['federated credential subject', props.subject, false], ['federated credential description', props.description, true],
      ...this.audiences.map((a) => ['federated credential audience', a, false] as const),
    ] as const) {
      const problem = text === undefined ? undefined
        : freeTextProblem(what, text, what.endsWith('name') ? undefined : MAX_FEDERATED_TEXT_CHARS, 'Graph (federatedIdentityCredential)', multiline);
      if (problem) refuseUnlessAdopted(this, adopted, `${problem}.`, 'Graph holds the value; the program keeps it as it is.');
    }
    const nameProblem = checkFederatedCredentialName(props.name);
    if (nameProblem) throw entraError(this, `${nameProblem}.`);
    const nameWarning = federatedCredentialNameWarning(props.name);
    if (nameWarning) entraWarning(this, `${nameWarning}.`);
    const problem = checkFederatedCredential(this.issuer, this.subject, this.audiences);
    if (problem) throw entraError(this, `${problem}.`);
    const resource = new (applicationFederatedIdentityCredential())(this, 'Resource', {
      applicationId: props.client.applicationId,
      displayName: props.name,
      description: props.description,
      issuer: this.issuer,
      subject: this.subject,
      audiences: this.audiences,
    });
    this.credentialId = resource.credentialId;
    // Graph answers 404 to a credential POSTed to an application it has not replicated yet.
    waitForReplication(this, resource, [props.client]);
    if (props.existingCredentialId !== undefined) {
      requireGuid(this, 'existingCredentialId', props.existingCredentialId, 'Give the credential\'s id from `az ad app federated-credential list`.');
      if (isUnresolved(props.existingCredentialId)) throw entraError(this, 'existingCredentialId is a token; an import id must be known at synth.');
      const app = requireExisting(this, props.client, props.client.clientName, `federated credential '${props.name}'`);
      importResource(resource, federatedCredentialImportId(app.applicationObjectId, props.existingCredentialId.toLowerCase()));
    }
  }
}
