import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ClientAppBase, ClientAppKind, ClientAppProps, ClientOutputsOptions } from './client-app';
import { ClientSecret, ClientSecretOptions } from './client-secret';
import {
  FEDERATED_CREDENTIAL_AUDIENCE, FederatedCredentialOptions, FederatedIdentityCredential, GITHUB_ACTIONS_ISSUER,
  GithubActionsCredentialOptions,
} from './federated-identity-credential';
import { checkCredentialName } from './private/client-validation';
import { entraError, isUnresolved } from './private/validation';
import { entraWarning } from './private/diagnostics';

/** Entra's limit on federated identity credentials per application. */
const MAX_FEDERATED_CREDENTIALS = 20;

/**
 * A client that can hold credentials of its own: a {@link WebApp} or a {@link DaemonApp}.
 * A SPA or public client cannot, because code on a user's device cannot keep a secret.
 */
export abstract class ConfidentialClientAppBase extends ClientAppBase {
  protected constructor(scope: Construct, id: string, kind: ClientAppKind, props: ClientAppProps) {
    super(scope, id, kind, props);
  }

  /** The client's secrets, in the order added. */
  public get clientSecrets(): ClientSecret[] {
    return this.node.children.filter((c): c is ClientSecret => c instanceof ClientSecret);
  }

  /** The client's federated identity credentials, in the order added. */
  public get federatedCredentials(): FederatedIdentityCredential[] {
    return this.node.children.filter((c): c is FederatedIdentityCredential => c instanceof FederatedIdentityCredential);
  }

  /**
   * Adds a client secret that rotates every `rotationDays` (`time_rotating`), and returns it.
   * Prefer a managed identity or a federated credential; a secret's value is sensitive: store
   * it in Key Vault, or output it only as sensitive.
   */
  public addClientSecret(options: ClientSecretOptions = {}): ClientSecret {
    const name = options.displayName ?? 'terraform';
    const problem = checkCredentialName('client secret', name);
    if (problem) throw entraError(this, `${problem}.`);
    const id = `ClientSecret:${name}`;
    if (this.node.tryFindChild(id)) {
      throw entraError(this, `already has a client secret named '${name}'; give the second one another displayName.`);
    }
    const secret = new ClientSecret(this, id, { ...options, client: this });
    entraWarning(secret, `client secret '${name}' is a long-lived credential that must be stored and rotated. `
      + 'Where the client runs on Azure prefer a managed identity, and elsewhere a federated credential (addFederatedCredential).');
    return secret;
  }

  /** Adds a federated identity credential: the client signs in with an external token instead of a secret. */
  public addFederatedCredential(name: string, options: FederatedCredentialOptions): FederatedIdentityCredential {
    const problem = checkCredentialName('federated credential', name);
    if (problem) throw entraError(this, `${problem}.`);
    const id = `FederatedCredential:${name}`;
    if (this.node.tryFindChild(id)) {
      throw entraError(this, `already has a federated credential named '${name}'; names must be unique within an app registration.`);
    }
    const existing = this.federatedCredentials;
    const same = existing.find((c) => !isUnresolved(c.issuer) && !isUnresolved(c.subject)
      && c.issuer === options.issuer && c.subject === options.subject);
    if (same) {
      throw entraError(this, `federated credential '${name}' trusts issuer '${options.issuer}' and subject '${options.subject}', `
        + `like '${same.name}' does; Entra allows one credential per issuer and subject. Remove one of them.`);
    }
    if (existing.length >= MAX_FEDERATED_CREDENTIALS) {
      throw entraError(this, `federated credential '${name}' would be the ${existing.length + 1}th; Entra allows at most ${MAX_FEDERATED_CREDENTIALS} per app registration. `
        + 'Use environments to share one subject across workflows, or split the client.');
    }
    return new FederatedIdentityCredential(this, id, { ...options, client: this, name });
  }

  /** Adds a federated credential for a GitHub Actions workflow (issuer `https://token.actions.githubusercontent.com`). */
  public addGithubActionsCredential(name: string, options: GithubActionsCredentialOptions): FederatedIdentityCredential {
    let subject: string;
    try {
      subject = FederatedIdentityCredential.githubActionsSubject(options);
    } catch (e) {
      throw entraError(this, `federated credential '${name}': ${(e as Error).message}`);
    }
    if (options.pullRequest) {
      entraWarning(this, `federated credential '${name}' trusts pull requests of ${options.organization}/${options.repository}: `
        + 'anyone who can open one can sign in as this client. Prefer a protected branch or environment.');
    }
    return this.addFederatedCredential(name, {
      issuer: GITHUB_ACTIONS_ISSUER,
      subject,
      audiences: [FEDERATED_CREDENTIAL_AUDIENCE],
      description: options.description ?? `GitHub Actions: ${subject}`,
    });
  }

  /**
   * With `includeClientSecrets`, each secret's value as a sensitive output
   * `{prefix}ClientSecret{Name}`.
   *
   * @internal
   */
  protected _credentialOutputs(prefix: string, options: ClientOutputsOptions): TerraformOutput[] {
    if (!options.includeClientSecrets) return [];
    const outputs: TerraformOutput[] = [];
    const secrets = this.clientSecrets;
    const bySuffix = new Map<string, ClientSecret>();
    for (const secret of secrets) {
      const camel = secret.displayName.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase());
      const suffix = `ClientSecret${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
      const clash = bySuffix.get(suffix);
      if (clash) {
        throw entraError(this, `client secrets '${clash.displayName}' and '${secret.displayName}' would both be output as '${prefix}${suffix}'; `
          + 'give one of them a display name that differs in more than punctuation or case.');
      }
      bySuffix.set(suffix, secret);
      outputs.push(this._addOutput(prefix, suffix, secret.value, `Client secret '${secret.displayName}' of ${this.clientName}`, true));
    }
    // A secret added after this call would silently have no output.
    this.node.addValidation({
      validate: () => this.clientSecrets.filter((x) => !secrets.includes(x)).map((x) =>
        `client secret '${x.displayName}' was added after addOutputs({ includeClientSecrets: true }), so it has no output; `
        + 'call addOutputs after the last addClientSecret.'),
    });
    return outputs;
  }
}
