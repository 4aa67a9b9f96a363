import * as fs from 'fs';
import * as path from 'path';
import { ISynthesisSession, TerraformStack } from 'cdktf';
// cdktf's hook for constructs that write files next to cdk.tf.json; not re-exported from the package root.
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct, IConstruct } from 'constructs';
import { stackJsonOf } from '../private/stack-json';
import { entraError, isUnresolved } from '../private/validation';
import type * as RequiredRightsModule from '../required-rights';
import type * as RightsCompute from '../rights/compute';
import type * as AccessCollect from './collect';
import type { AccessFinding, AccessMapModel } from './model';
import type * as AccessRender from './render';
import { ACCESS_MAP_SCHEMA_VERSION } from './format';
import type * as AccessSchema from './schema';

// The model, its renderers, the rights computation and the required-rights report load when a map
// is first asked for or enabled: a program that never does so does not compile them on import.
/* eslint-disable @typescript-eslint/no-require-imports */
const collect = (): typeof AccessCollect => require('./collect');
const render = (): typeof AccessRender => require('./render');
const rights = (): typeof RightsCompute => require('../rights/compute');
const schema = (): typeof AccessSchema => require('./schema');
const requiredRights = (): typeof RequiredRightsModule => require('../required-rights');
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Who can call which API, with which role or scope: computed from the construct tree of a
 * stack, on request only.
 *
 * @example
 * const map = AccessMap.of(stack);
 * console.log(map.toMarkdown());
 * AccessMap.enable(stack); // writes access-map.md and access-map.json next to cdk.tf.json
 */
export class AccessMap {
  /** The version of the access-map JSON layout this library writes (`version` in the model). */
  public static readonly SCHEMA_VERSION: number = ACCESS_MAP_SCHEMA_VERSION;

  /**
   * The access map of the stack that contains `scope`. It is computed each time a rendering
   * is asked for, so call it after the stack is complete.
   */
  public static of(scope: IConstruct): AccessMap {
    let stack: TerraformStack;
    try {
      stack = TerraformStack.of(scope);
    } catch {
      throw entraError(scope, 'is not inside a TerraformStack; AccessMap.of() needs a stack or a construct in one.');
    }
    return new AccessMap(stack);
  }

  /**
   * Writes the access map (`access-map.md`, `access-map.json`) next to the stack's
   * `cdk.tf.json` on every synth, and the rights the deploying identity needs
   * (`required-rights.json`, `RequiredRights.enable`). Returns the report construct; calling it
   * again returns the same one.
   */
  public static enable(stack: TerraformStack, props: AccessMapReportProps = {}): AccessMapReport {
    const existing = stack.node.tryFindChild(AccessMapReport.DEFAULT_ID);
    if (existing instanceof AccessMapReport) return existing;
    const report = new AccessMapReport(stack, AccessMapReport.DEFAULT_ID, props);
    requiredRights().RequiredRights.enable(stack);
    return report;
  }

  /** The stack the map describes. */
  public readonly stack: TerraformStack;

  private constructor(stack: TerraformStack) {
    this.stack = stack;
  }

  /** The model: APIs, their roles and scopes, grants, clients, workload identities and findings. */
  public toModel(): AccessMapModel {
    return collect().buildAccessMap(this.stack);
  }

  /** The findings alone. */
  public get findings(): AccessFinding[] {
    return this.toModel().findings;
  }

  /** The model as pretty-printed JSON (keys in a fixed order, trailing newline): the `access-map.json` format. */
  public toJson(): string {
    return schema().stableJson(this.toModel());
  }

  /**
   * A Markdown report: one table per API, clients, workload identities, findings, the rights the
   * deploying identity needs (`RequiredRights`), and the Mermaid diagram. The tables list
   * everything; the diagram is summarized when drawn in full it would pass Mermaid's limits, and
   * the report says so.
   */
  public toMarkdown(limits: MermaidLimits = {}): string {
    const { RequiredRights, RequiredRightsReport } = requiredRights();
    const report = this.stack.node.tryFindChild(RequiredRightsReport.DEFAULT_ID);
    const deployerObjectId = report instanceof RequiredRightsReport ? report.deployerObjectId : undefined;
    return render().renderMarkdown(this.toModel(), diagramLimits(this.stack, limits), RequiredRights.of(this.stack, { deployerObjectId }).toModel());
  }

  /**
   * A Mermaid flowchart: principals and clients -> roles and scopes -> APIs. Past Mermaid's
   * limits it is summarized (grants tables as one node each, then principals counted by kind,
   * then one node per API), with a `%% summarized: ...` comment that says how.
   */
  public toMermaid(limits: MermaidLimits = {}): string {
    return render().renderMermaid(this.toModel(), diagramLimits(this.stack, limits));
  }
}

/**
 * How much a Mermaid diagram may hold before the viewer refuses to draw it. Mermaid's own
 * defaults are what GitHub, GitLab and most Markdown viewers use; raise them only for a viewer
 * configured with higher `maxEdges` and `maxTextSize`.
 */
export interface MermaidLimits {
  /**
   * The most edges (links) the diagram may have.
   *
   * @default 500 (Mermaid's `maxEdges`)
   */
  readonly maxEdges?: number;
  /**
   * The most characters the diagram's text may have.
   *
   * @default 50000 (Mermaid's `maxTextSize`)
   */
  readonly maxTextSize?: number;
}

/** The limits to draw with: the given ones, else Mermaid's defaults. Throws, naming `scope`, unless each is a positive whole number. */
function diagramLimits(scope: IConstruct, limits: MermaidLimits): { maxEdges: number; maxTextSize: number } {
  const maxEdges = limits.maxEdges ?? 500;
  const maxTextSize = limits.maxTextSize ?? 50_000;
  for (const [what, value] of [['maxEdges', maxEdges], ['maxTextSize', maxTextSize]] as const) {
    if (isUnresolved(value)) throw entraError(scope, `Mermaid ${what} must be known at synth (got a token): it decides how the diagram is drawn.`);
    if (!Number.isInteger(value) || value < 1) throw entraError(scope, `Mermaid ${what} ${value} is not a positive whole number.`);
  }
  return { maxEdges, maxTextSize };
}

/**
 * Properties of an {@link AccessMapReport}.
 */
export interface AccessMapReportProps {
  /**
   * The base name of the files written next to `cdk.tf.json` (`<baseName>.md`, `<baseName>.json`).
   *
   * @default 'access-map'
   */
  readonly baseName?: string;
  /**
   * How much the report's Mermaid diagram may hold; past it the diagram is summarized.
   *
   * @default - Mermaid's defaults: 500 edges, 50,000 characters
   */
  readonly mermaidLimits?: MermaidLimits;
}

/**
 * Opts a stack in to writing its access map on synth: `access-map.md` and `access-map.json`
 * in `cdktf.out/stacks/<stack>/`. Nothing is computed unless this construct exists.
 */
export class AccessMapReport extends Construct {
  /** The construct id {@link AccessMap.enable} uses. */
  public static readonly DEFAULT_ID = 'AccessMap';

  /** The base name of the files written. */
  public readonly baseName: string;

  public constructor(scope: Construct, id: string, props: AccessMapReportProps = {}) {
    super(scope, id);
    const baseName = props.baseName ?? 'access-map';
    if (isUnresolved(baseName)) {
      throw entraError(this, 'baseName must be known at synth (got a token): it names the files written next to cdk.tf.json. Give a literal, e.g. \'access-map\'.');
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(baseName) || baseName.length > 100) {
      throw entraError(this, `baseName '${baseName}' is not a plain file name; use letters, digits, '.', '_' and '-' (e.g. 'access-map'), without a directory or extension.`);
    }
    if (!TerraformStack.isStack(scope)) {
      throw entraError(this, 'must be a direct child of a TerraformStack; use AccessMap.enable(stack).');
    }
    this.baseName = baseName;
    const stack = scope;
    const limits = diagramLimits(this, props.mermaidLimits ?? {});
    addCustomSynthesis(this, {
      onSynthesize: (session: ISynthesisSession) => {
        const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        fs.mkdirSync(dir, { recursive: true });
        const map = AccessMap.of(stack);
        const model = map.toModel();
        fs.writeFileSync(path.join(dir, `${baseName}.json`), schema().stableJson(model));
        // The same rights as required-rights.json: with the report's deployer, when it has one.
        const { RequiredRightsReport } = requiredRights();
        const report = stack.node.tryFindChild(RequiredRightsReport.DEFAULT_ID);
        const deployerObjectId = report instanceof RequiredRightsReport ? report.deployerObjectId : undefined;
        const required = rights().computeRequiredRights(stackJsonOf(stack, session), { deployerObjectId });
        fs.writeFileSync(path.join(dir, `${baseName}.md`), render().renderMarkdown(model, limits, required));
      },
    });
  }
}
