import { Fn } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import type { IClientApp } from './client-app';
import { checkSecretDisplayName, requireConfidential } from './private/client-validation';
import { freeTextProblem } from './private/free-text';
import { ensureTimeProvider } from './private/client-time';
import { applicationPassword, timeRotating } from './private/providers';
import { entraError, isUnresolved } from './private/validation';
import { entraWarning } from './private/diagnostics';

/** The longest secret lifetime the Entra portal offers (two years); Graph itself sets none. */
const PORTAL_MAX_SECRET_DAYS = 730;

/**
 * Options for a client secret.
 */
export interface ClientSecretOptions {
  /**
   * The secret's display name in Entra, any text (`CI/CD – Schlüssel`); also names the
   * construct, so keep it stable.
   *
   * @default 'terraform'
   */
  readonly displayName?: string;
  /**
   * Days between rotations. When they have passed, the next apply replaces the secret
   * (the `time_rotating` resource changes, and with it the secret's `rotate_when_changed`).
   *
   * @default 180
   */
  readonly rotationDays?: number;
  /**
   * Days a secret stays valid after its rotation is due, so that a late apply does not lock
   * the app out. The secret's end date is the rotation date plus these days.
   *
   * @default 30
   */
  readonly graceDays?: number;
}

/**
 * Properties of a {@link ClientSecret}.
 */
export interface ClientSecretProps extends ClientSecretOptions {
  /** The confidential client (web app or daemon) the secret belongs to. */
  readonly client: IClientApp;
}

/**
 * A client secret (`azuread_application_password`) that rotates on a schedule
 * (`time_rotating`). Only confidential clients (web apps and daemons) may have one; prefer
 * federated credentials or a managed identity where the platform allows.
 *
 * Its value is sensitive: write it to Key Vault, or emit it only as a sensitive output.
 */
export class ClientSecret extends Construct {
  /** The client the secret belongs to. */
  public readonly client: IClientApp;
  /** The secret's display name. */
  public readonly displayName: string;
  /** Days between rotations. */
  public readonly rotationDays: number;
  /** Days the secret stays valid after its rotation is due. */
  public readonly graceDays: number;
  /** The secret's value. Sensitive: never put it in a plain output or a log. */
  public readonly value: string;
  /** The secret's key id. */
  public readonly keyId: string;
  /** The secret's end date (RFC 3339), known at apply. */
  public readonly endDate: string;

  public constructor(scope: Construct, id: string, props: ClientSecretProps) {
    super(scope, id);
    this.client = props.client;
    this.displayName = props.displayName ?? 'terraform';
    this.rotationDays = props.rotationDays ?? 180;
    this.graceDays = props.graceDays ?? 30;
    requireConfidential(this, props.client, 'a client secret');
    const nameProblem = isUnresolved(this.displayName) ? undefined
      : checkSecretDisplayName(this.displayName) ?? freeTextProblem('client secret display name', this.displayName);
    if (nameProblem) throw entraError(this, `${nameProblem}.`);
    requireWholeDays(this, 'rotationDays', this.rotationDays, 1);
    requireWholeDays(this, 'graceDays', this.graceDays, 0);
    if (this.rotationDays + this.graceDays > PORTAL_MAX_SECRET_DAYS) {
      // Graph sets no maximum on passwordCredential.endDateTime; the two years are the portal's
      // choice, and a tenant's app management policy may set its own limit.
      entraWarning(this, `rotationDays (${this.rotationDays}) plus graceDays (${this.graceDays}) is ${this.rotationDays + this.graceDays} days: `
        + 'a secret that lives longer than the two years (730 days) the Entra portal offers. Graph allows it, but a tenant\'s app management '
        + 'policy (passwordCredentials maxLifetime) may refuse it at apply, and a long-lived secret is a risk: rotate more often if you can.');
    }
    ensureTimeProvider(this);
    const rotation = new (timeRotating())(this, 'Rotation', { rotationDays: this.rotationDays });
    const password = new (applicationPassword())(this, 'Resource', {
      applicationId: props.client.applicationId,
      displayName: this.displayName,
      endDate: Fn.timeadd(rotation.rotationRfc3339, `${this.graceDays * 24}h`),
      rotateWhenChanged: { rotation: rotation.id },
      // The replacement exists before the old secret goes, so a reader can switch over.
      lifecycle: { createBeforeDestroy: true },
    });
    this.value = password.value;
    this.keyId = password.keyId;
    this.endDate = password.endDate;
  }
}

function requireWholeDays(scope: IConstruct, what: string, value: number, min: number): void {
  if (isUnresolved(value)) {
    throw entraError(scope, `${what} must be known at synth (got a token).`);
  }
  if (!Number.isInteger(value) || value < min) {
    throw entraError(scope, `${what} ${value} is not a whole number of days of at least ${min}.`);
  }
}
