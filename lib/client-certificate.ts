import { Construct, IConstruct } from 'constructs';
import type { IClientApp } from './client-app';
import { certificateImportId, importResource, requireExisting } from './private/adoption';
import { checkCredentialName, requireConfidential } from './private/client-validation';
import { applicationCertificate } from './private/providers';
import { entraError, isUnresolved, requireGuid } from './private/validation';

/**
 * How the data of a {@link CertificateSource} is encoded (`encoding` of
 * `azuread_application_certificate`).
 */
export enum CertificateEncoding {
  /** PEM text (`-----BEGIN CERTIFICATE-----` ...). */
  PEM = 'pem',
  /** The DER bytes, base64-encoded. */
  BASE64 = 'base64',
  /** The DER bytes, hex-encoded: what `azurerm_key_vault_certificate.certificate_data` holds. */
  HEX = 'hex',
}

/**
 * The attributes of a Key Vault certificate a client certificate credential is made from, as
 * tokens: from an `azurerm_key_vault_certificate` resource (`certificateData`,
 * `certificateAttribute.get(0).notBefore`, `certificateAttribute.get(0).expires`) or its data
 * source (`certificateData`, `notBefore`, `expires`).
 */
export interface KeyVaultCertificateAttributes {
  /**
   * The certificate's public part as hex-encoded DER: the certificate's `certificateData`
   * (`certificate_data`).
   */
  readonly certificateData: string;
  /**
   * When the certificate becomes valid (RFC 3339): the resource's
   * `certificateAttribute.get(0).notBefore`, the data source's `notBefore`.
   *
   * @default - Entra takes it from the certificate
   */
  readonly notBefore?: string;
  /**
   * When the certificate expires (RFC 3339): the resource's `certificateAttribute.get(0).expires`,
   * the data source's `expires`.
   *
   * @default - Entra takes it from the certificate
   */
  readonly expires?: string;
}

/**
 * The public part of a certificate that a client proves its identity with: a PEM, base64 or
 * hex value, or a Key Vault certificate's attributes. Never a private key.
 */
export class CertificateSource {
  /** A PEM certificate (`-----BEGIN CERTIFICATE-----` ...), e.g. `fs.readFileSync('cert.pem', 'utf8')`. */
  public static fromPem(pem: string): CertificateSource {
    return new CertificateSource(pem, CertificateEncoding.PEM);
  }

  /** A certificate's DER bytes, base64-encoded, e.g. `Fn.filebase64('cert.der')`. */
  public static fromBase64Der(der: string): CertificateSource {
    return new CertificateSource(der, CertificateEncoding.BASE64);
  }

  /** A certificate's DER bytes, hex-encoded. */
  public static fromHexDer(der: string): CertificateSource {
    return new CertificateSource(der, CertificateEncoding.HEX);
  }

  /**
   * A Key Vault certificate, by its attributes: when Key Vault renews it, its data changes and
   * the next apply adds the new certificate before removing the old one.
   *
   * @example
   * CertificateSource.fromKeyVaultCertificate({
   *   certificateData: cert.certificateData,
   *   notBefore: cert.certificateAttribute.get(0).notBefore,
   *   expires: cert.certificateAttribute.get(0).expires,
   * })
   */
  public static fromKeyVaultCertificate(attributes: KeyVaultCertificateAttributes): CertificateSource {
    return new CertificateSource(attributes.certificateData, CertificateEncoding.HEX, attributes.notBefore, attributes.expires);
  }

  /**
   * @param value the certificate data
   * @param encoding how `value` is encoded
   * @param startDate when the credential becomes valid, if the source says
   * @param endDate when the credential expires, if the source says
   */
  private constructor(
    /** The certificate data. */
    public readonly value: string,
    /** How `value` is encoded. */
    public readonly encoding: CertificateEncoding,
    /** When the credential becomes valid (RFC 3339), if the source says. */
    public readonly startDate?: string,
    /** When the credential expires (RFC 3339), if the source says. */
    public readonly endDate?: string,
  ) {}
}

/**
 * Options for a client certificate credential.
 */
export interface ClientCertificateOptions {
  /** The certificate: `CertificateSource.fromPem(...)`, `fromBase64Der`, `fromHexDer` or `fromKeyVaultCertificate`. */
  readonly source: CertificateSource;
  /**
   * When the credential becomes valid (RFC 3339, e.g. `2026-01-01T00:00:00Z`).
   *
   * @default - the source's (a Key Vault certificate's notBefore), else Entra takes it from the certificate
   */
  readonly startDate?: string;
  /**
   * When the credential expires (RFC 3339).
   *
   * @default - the source's (a Key Vault certificate's expires), else Entra takes it from the certificate
   */
  readonly endDate?: string;
  /**
   * The key id of the certificate credential that exists already on the client, to adopt it
   * with an `import` block: its `keyId` in `az ad app credential list --cert --id <appId>`
   * (keyCredentials[].keyId in the app manifest). The client must adopt an existing
   * registration (`existing`). Graph never returns a certificate's data, so Terraform cannot
   * compare the program's `source` with what Entra holds: an adopted certificate keeps
   * its data and dates (`ignore_changes`); to rotate it, add a new certificate and remove this one.
   *
   * @default - the certificate is added
   */
  readonly existingKeyId?: string;
}

/**
 * Properties of a {@link ClientCertificate}.
 */
export interface ClientCertificateProps extends ClientCertificateOptions {
  /** The confidential client (web app or daemon) the certificate belongs to. */
  readonly client: IClientApp;
  /**
   * The certificate's name in this program, e.g. `signing-2027`: any non-empty text known at synth, unique in the
   * client. It names the construct (`Certificate:{name}`) and never reaches Graph, which stores no name for a key.
   */
  readonly name: string;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A certificate credential of a confidential client (`azuread_application_certificate`): the
 * client signs its token requests with the certificate's private key, which never leaves
 * where it is kept (Key Vault, the host). Stronger than a secret; a managed identity or a
 * federated credential needs no credential at all.
 */
export class ClientCertificate extends Construct {
  /** The client the certificate belongs to. */
  public readonly client: IClientApp;
  /** The certificate's name in this program. */
  public readonly name: string;
  /** The credential's key id (known at apply, unless adopted). */
  public readonly keyId: string;
  /** The key id of the existing certificate this one adopts, if it adopts one. */
  public readonly existingKeyId?: string;

  public constructor(scope: Construct, id: string, props: ClientCertificateProps) {
    super(scope, id);
    this.client = props.client;
    this.name = props.name;
    this.existingKeyId = props.existingKeyId;
    requireConfidential(this, props.client, 'a certificate credential');
    const nameProblem = checkCredentialName('certificate', props.name);
    if (nameProblem) throw entraError(this, `${nameProblem}.`);
    const source = props.source;
    checkCertificateValue(this, source);
    const startDate = props.startDate ?? source.startDate;
    const endDate = props.endDate ?? source.endDate;
    for (const [what, date] of [['startDate', startDate], ['endDate', endDate]] as const) {
      if (date !== undefined && !isUnresolved(date) && !RFC3339.test(date)) {
        throw entraError(this, `${what} '${date}' is not an RFC 3339 time, which the azuread provider requires; write e.g. '2027-01-01T00:00:00Z'.`);
      }
    }
    if (startDate !== undefined && endDate !== undefined && !isUnresolved(startDate) && !isUnresolved(endDate)
      && Date.parse(endDate) <= Date.parse(startDate)) {
      throw entraError(this, `endDate '${endDate}' is not after startDate '${startDate}'; Entra refuses a credential that is never valid.`);
    }

    let existing: { applicationObjectId: string } | undefined;
    if (props.existingKeyId !== undefined) {
      if (isUnresolved(props.existingKeyId)) throw entraError(this, 'existingKeyId is a token; an import id must be known at synth.');
      requireGuid(this, 'existingKeyId', props.existingKeyId, 'Give the certificate\'s keyId from `az ad app credential list --cert --id <appId>`.');
      existing = requireExisting(this, props.client, props.client.clientName, `certificate '${props.name}'`);
    }
    const keyId = props.existingKeyId?.toLowerCase();
    const certificate = new (applicationCertificate())(this, 'Resource', {
      applicationId: props.client.applicationId,
      type: 'AsymmetricX509Cert',
      encoding: source.encoding === CertificateEncoding.PEM ? undefined : source.encoding,
      value: source.value,
      startDate,
      endDate,
      keyId,
      // An adopted certificate: Graph returns neither its data nor how it was encoded, so they
      // cannot be compared, and a difference would replace the credential. A new one is added
      // before the old one goes when its data changes (a renewed Key Vault certificate).
      lifecycle: keyId !== undefined
        ? { ignoreChanges: ['value', 'encoding', 'start_date', 'end_date'] }
        : { createBeforeDestroy: true },
    });
    if (existing && keyId) importResource(certificate, certificateImportId(existing.applicationObjectId, keyId));
    this.keyId = certificate.keyId;
  }
}

/** The certificate data: the form its encoding needs, and never a private key. Tokens are not judged. */
function checkCertificateValue(scope: IConstruct, source: CertificateSource): void {
  const value = source.value;
  if (isUnresolved(value)) return;
  if (/PRIVATE KEY-----/.test(value)) {
    throw entraError(scope, 'the certificate data contains a private key. A certificate credential is only the public certificate: '
      + 'give the -----BEGIN CERTIFICATE----- block alone, and keep the private key where the client runs (or in Key Vault).');
  }
  const text = value.trim();
  switch (source.encoding) {
    case CertificateEncoding.PEM:
      if (!text.includes('-----BEGIN CERTIFICATE-----')) {
        throw entraError(scope, `the certificate data is not a PEM certificate ('${text.slice(0, 30)}...'); it needs a -----BEGIN CERTIFICATE----- block. `
          + 'For base64 DER use CertificateSource.fromBase64Der, for hex DER fromHexDer.');
      }
      return;
    case CertificateEncoding.BASE64: {
      const b64 = text.replace(/[\r\n]/g, '');
      if (text.startsWith('-----BEGIN')) throw entraError(scope, 'the certificate data is PEM text; use CertificateSource.fromPem for it.');
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) {
        throw entraError(scope, `the certificate data is not standard base64 ('${text.slice(0, 30)}...'), which the azuread provider needs to decode it.`);
      }
      return;
    }
    case CertificateEncoding.HEX:
      if (!/^([0-9A-Fa-f]{2})+$/.test(text)) {
        throw entraError(scope, `the certificate data is not hex-encoded DER ('${text.slice(0, 30)}...'); give an even number of hex digits, `
          + 'such as azurerm_key_vault_certificate\'s certificate_data.');
      }
      return;
  }
}
