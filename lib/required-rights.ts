import * as fs from 'fs';
import * as path from 'path';
import { ISynthesisSession, TerraformStack } from 'cdktf';
// cdktf's hook for constructs that write files next to cdk.tf.json; not re-exported from the package root.
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct, IConstruct } from 'constructs';
import { stackJsonOf } from './private/stack-json';
import { entraError, isUnresolved } from './private/validation';
import type * as RightsCompute from './rights/compute';
import type { GraphRightRequirement, RequiredRightsModel } from './rights/model';
import { REQUIRED_RIGHTS_SCHEMA_VERSION } from './rights/model';

// The computation and its table (rights/compute.ts, rights/table.ts) load when rights are first
// asked for: a program that never asks does not compile them when it imports the library.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rights = (): typeof RightsCompute => require('./rights/compute');

/**
 * Options for computing the rights of a stack.
 */
export interface RequiredRightsOptions {
  /**
   * The object id of the service principal (or user) that applies the stack. An owner equal
   * to it counts as the deploying identity, as `azuread_client_config.object_id` always does:
   * set it when a registration lists the pipeline's object id literally (e.g. an adopted one).
   *
   * @default - only the `azuread_client_config` reference counts as the deploying identity
   */
  readonly deployerObjectId?: string;
}

/**
 * The Microsoft Graph application permissions and Azure built-in roles that the identity that
 * runs `terraform apply` on a stack needs: the least set, each by its published id, with the
 * resources that need it. Computed from what the stack synthesizes (resource and data source
 * types; objects created, adopted by `import` blocks, or only looked up; owners), never
 * `Directory.ReadWrite.All`.
 *
 * @example
 * RequiredRights.enable(stack); // writes required-rights.json next to cdk.tf.json
 * console.log(RequiredRights.of(stack).graphPermissions); // ['Application.ReadWrite.OwnedBy', ...]
 */
export class RequiredRights {
  /** The version of the `required-rights.json` layout this library writes. */
  public static readonly SCHEMA_VERSION: number = REQUIRED_RIGHTS_SCHEMA_VERSION;

  /**
   * The rights of the stack that contains `scope`, computed from its configuration now: call
   * it after the stack is complete.
   */
  public static of(scope: IConstruct, options: RequiredRightsOptions = {}): RequiredRights {
    let stack: TerraformStack;
    try {
      stack = TerraformStack.of(scope);
    } catch {
      throw entraError(scope, 'is not inside a TerraformStack; RequiredRights.of() needs a stack or a construct in one.');
    }
    checkOptions(scope, options);
    return new RequiredRights(rights().computeRequiredRights(stackJsonOf(stack), options));
  }

  /**
   * The rights of a synthesized stack: the text of its `cdk.tf.json`. Loads no construct; for
   * tools that read `cdktf.out`.
   */
  public static fromStackJson(cdkTfJson: string, options: RequiredRightsOptions = {}): RequiredRights {
    let json: unknown;
    try {
      json = JSON.parse(cdkTfJson);
    } catch (e) {
      throw new Error(`not a cdk.tf.json (not JSON: ${(e as Error).message})`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not a cdk.tf.json (not a JSON object)');
    return new RequiredRights(rights().computeRequiredRights(json, options));
  }

  /**
   * Writes `required-rights.json` next to the stack's `cdk.tf.json` on every synth. Returns the
   * report construct; calling it again returns the same one. `AccessMap.enable` calls it too.
   */
  public static enable(stack: TerraformStack, props: RequiredRightsReportProps = {}): RequiredRightsReport {
    const existing = stack.node.tryFindChild(RequiredRightsReport.DEFAULT_ID);
    if (existing instanceof RequiredRightsReport) return existing;
    if (existing) {
      throw entraError(existing, `the id '${RequiredRightsReport.DEFAULT_ID}' at the root of stack ${stack.node.id} is kept for the required-rights report; give this construct another id.`);
    }
    return new RequiredRightsReport(stack, RequiredRightsReport.DEFAULT_ID, props);
  }

  private readonly model: RequiredRightsModel;

  private constructor(model: RequiredRightsModel) {
    this.model = model;
  }

  /** The model: Graph permissions, Azure roles and the types not covered (the `required-rights.json` layout). */
  public toModel(): RequiredRightsModel {
    return this.model;
  }

  /** The Graph permissions needed, by value, sorted. */
  public get graphPermissions(): string[] {
    return this.model.graph.map((g) => g.permission);
  }

  /** The published ids of the Graph permissions needed, in the order of `graphPermissions`. */
  public get graphPermissionIds(): string[] {
    return this.model.graph.map((g) => g.id);
  }

  /** The model as pretty-printed JSON with a trailing newline: the `required-rights.json` format. */
  public toJson(): string {
    return rights().requiredRightsJson(this.model);
  }

  /** A Markdown report: a table of Graph permissions and one of Azure roles, each with the resources that need it. */
  public toMarkdown(): string {
    return rights().renderRequiredRightsMarkdown(this.model);
  }

  /**
   * The Graph permissions this stack needs and `base` did not: what the pipeline's identity must
   * be granted before this version applies.
   */
  public newGraphPermissionsSince(base: RequiredRights): GraphRightRequirement[] {
    return rights().diffRequiredRights(base.model, this.model).addedGraph;
  }
}

function checkOptions(scope: IConstruct, options: RequiredRightsOptions): void {
  const d = options.deployerObjectId;
  if (d === undefined) return;
  if (isUnresolved(d)) throw entraError(scope, 'deployerObjectId must be known at synth (got a token): it is compared with the owners of each registration.');
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(d)) {
    throw entraError(scope, `deployerObjectId '${d}' is not an object id (GUID); give the object id of the pipeline's service principal.`);
  }
}

/**
 * Properties of a {@link RequiredRightsReport}.
 */
export interface RequiredRightsReportProps extends RequiredRightsOptions {
  /**
   * The name of the file written next to `cdk.tf.json`.
   *
   * @default 'required-rights.json'
   */
  readonly fileName?: string;
}

/**
 * Opts a stack in to writing `required-rights.json` in `cdktf.out/stacks/<stack>/` on synth.
 * Nothing is computed unless this construct exists. Adds nothing to `cdk.tf.json`.
 */
export class RequiredRightsReport extends Construct {
  /** The construct id {@link RequiredRights.enable} uses. */
  public static readonly DEFAULT_ID = 'RequiredRights';

  /** The name of the file written. */
  public readonly fileName: string;
  /**
   * The object id of the identity that applies the stack, when given.
   *
   * @default - only the `azuread_client_config` reference counts as the deploying identity
   */
  public readonly deployerObjectId?: string;

  public constructor(scope: Construct, id: string, props: RequiredRightsReportProps = {}) {
    super(scope, id);
    const fileName = props.fileName ?? 'required-rights.json';
    if (isUnresolved(fileName)) {
      throw entraError(this, 'fileName must be known at synth (got a token): it names the file written next to cdk.tf.json. Give a literal, e.g. \'required-rights.json\'.');
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(fileName) || fileName.length > 100 || fileName === 'cdk.tf.json') {
      throw entraError(this, `fileName '${fileName}' is not a plain file name; use letters, digits, '.', '_' and '-' (e.g. 'required-rights.json'), without a directory.`);
    }
    if (!TerraformStack.isStack(scope)) {
      throw entraError(this, 'must be a direct child of a TerraformStack; use RequiredRights.enable(stack).');
    }
    checkOptions(this, props);
    this.fileName = fileName;
    this.deployerObjectId = props.deployerObjectId;
    const stack = scope;
    const options: RequiredRightsOptions = { deployerObjectId: props.deployerObjectId };
    addCustomSynthesis(this, {
      onSynthesize: (session: ISynthesisSession) => {
        const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        fs.mkdirSync(dir, { recursive: true });
        const r = rights();
        fs.writeFileSync(path.join(dir, fileName), r.requiredRightsJson(r.computeRequiredRights(stackJsonOf(stack, session), options)));
      },
    });
  }
}
