import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ClientAppBase, ClientAppKind, ClientAppProps, ClientOutputsOptions } from './client-app';
import { ClientCertificate, ClientCertificateOptions } from './client-certificate';
import { ClientSecret, ClientSecretOptions } from './client-secret';
import { FederatedCredentialOptions, FederatedIdentityCredential, GithubActionsCredentialOptions } from './federated-identity-credential';

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
    return this._client.clientSecrets;
  }

  /** The client's federated identity credentials, in the order added. */
  public get federatedCredentials(): FederatedIdentityCredential[] {
    return this._client.federatedCredentials;
  }

  /**
   * Adds a client secret that rotates every `rotationDays` (`time_rotating`), and returns it.
   * Prefer a managed identity or a federated credential; a secret's value is sensitive: store
   * it in Key Vault, or output it only as sensitive.
   */
  public addClientSecret(options: ClientSecretOptions = {}): ClientSecret {
    return this._client.addClientSecret(options);
  }

  /** The client's certificate credentials, in the order added. */
  public get certificates(): ClientCertificate[] {
    return this._client.certificates;
  }

  /**
   * Adds a certificate credential (`azuread_application_certificate`): the client signs its
   * token requests with the certificate's private key, kept where it runs or in Key Vault.
   * Give `existingKeyId` to adopt a certificate the client has already.
   *
   * @param name the certificate's name in this program (it names the construct, so keep it stable)
   */
  public addCertificate(name: string, options: ClientCertificateOptions): ClientCertificate {
    return this._client.addCertificate(name, options);
  }

  /** Adds a federated identity credential: the client signs in with an external token instead of a secret. */
  public addFederatedCredential(name: string, options: FederatedCredentialOptions): FederatedIdentityCredential {
    return this._client.addFederatedCredential(name, options);
  }

  /** Adds a federated credential for a GitHub Actions workflow (issuer `https://token.actions.githubusercontent.com`). */
  public addGithubActionsCredential(name: string, options: GithubActionsCredentialOptions): FederatedIdentityCredential {
    return this._client.addGithubActionsCredential(name, options);
  }

  /**
   * With `includeClientSecrets`, each secret's value as a sensitive output
   * `{prefix}ClientSecret{Name}`.
   *
   * @internal
   */
  protected _credentialOutputs(prefix: string, options: ClientOutputsOptions): TerraformOutput[] {
    return this._client.credentialOutputs(prefix, options);
  }
}
