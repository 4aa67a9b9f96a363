// What access a change adds, removes or changes: two access maps compared. A tool of the command
// line (lib/cli/): no cdktf or provider imports, so `access-diff` and `review` start fast. The
// comparison (access-compare.ts) and the map's format and schema load on first use: every program
// imports this class through the library's index, and only `access-diff` and `review` call it.
import type * as AccessFormat from '../access/format';
import type { AccessMapModel } from '../access/model';
import type * as AccessSchema from '../access/schema';
import type * as AccessCompare from './access-compare';

/* eslint-disable @typescript-eslint/no-require-imports */
const format = (): typeof AccessFormat => require('../access/format');
const schema = (): typeof AccessSchema => require('../access/schema');
const compare = (): typeof AccessCompare => require('./access-compare');
/* eslint-enable @typescript-eslint/no-require-imports */

/** What happened to a piece of access between two maps. */
export enum AccessChangeType {
  /** Access that the new map has and the old one has not. */
  ADDED = 'Added',
  /** Access that the old map has and the new one has not. */
  REMOVED = 'Removed',
  /** The same access, granted differently (e.g. admin consent added), or an API-level setting that changed. */
  CHANGED = 'Changed',
  /** The same principal (same object id) or API (same key or client id) under a new display name. */
  RENAMED = 'Renamed',
}

/** One line of an access diff. */
export interface AccessChange {
  /** Added, removed or changed. */
  readonly changeType: AccessChangeType;
  /** Whether the change gives someone more access than before. */
  readonly widens: boolean;
  /** The API's path (as in the map). */
  readonly api: string;
  /**
   * The principal's or client's path, for a change of one principal's access.
   *
   * @default - an API-level change
   */
  readonly principal?: string;
  /**
   * `AppRole` or `Scope`, when the change is about one role or scope.
   *
   * @default - an API-level change
   */
  readonly accessType?: string;
  /**
   * The role's or scope's value, when the change is about one.
   *
   * @default - an API-level change
   */
  readonly value?: string;
  /** One human line, e.g. `Group "Order admins" gains app role Orders.Admin on Orders API`. */
  readonly message: string;
}

/**
 * Two access-map models to compare.
 */
export interface AccessMapModels {
  /** The map before the change, e.g. of the main branch. */
  readonly oldModel: AccessMapModel;
  /** The map after the change, e.g. of a pull request. */
  readonly newModel: AccessMapModel;
}

/**
 * What access is added, removed or changed between two access maps (`access-map.json` of
 * the main branch and of a pull request). Used by `cdktf-entra-identity access-diff`.
 */
export class AccessDiff {
  /**
   * Compares two access maps given as JSON text. Throws if either is not an access map of a
   * schema version this library reads.
   */
  public static compare(oldJson: string, newJson: string): AccessDiff {
    const { parseAccessMap } = format();
    return AccessDiff.compareModels({ oldModel: parseAccessMap(oldJson, 'old map'), newModel: parseAccessMap(newJson, 'new map') });
  }

  /** Compares two access-map models (one struct, so it reads well in every language). */
  public static compareModels(models: AccessMapModels): AccessDiff {
    const { oldModel, newModel } = models;
    return new AccessDiff(oldModel, newModel, compare().diffModels(oldModel, newModel));
  }

  /** Every change, added first, then changed, then removed; each group in a fixed order. */
  public readonly changes: AccessChange[];
  /** The old map's stack id. */
  public readonly oldStack: string;
  /** The new map's stack id. */
  public readonly newStack: string;

  private constructor(oldModel: AccessMapModel, newModel: AccessMapModel, changes: AccessChange[]) {
    this.oldStack = oldModel.stack;
    this.newStack = newModel.stack;
    this.changes = changes;
  }

  /** Whether any change gives someone more access than before. */
  public get widensAccess(): boolean {
    return this.changes.some((c) => c.widens);
  }

  /** Plain text: a summary line, then one line per change (`+` added, `~` changed, `-` removed). */
  public toText(): string {
    const lines = [this.summary()];
    for (const c of this.changes) {
      const mark = c.changeType === AccessChangeType.ADDED ? '+' : c.changeType === AccessChangeType.REMOVED ? '-' : '~';
      lines.push(`${mark} ${c.message}${c.widens && c.changeType === AccessChangeType.CHANGED ? ' [widens access]' : ''}`);
    }
    return `${lines.join('\n')}\n`;
  }

  /** Markdown for a pull-request comment. */
  public toMarkdown(): string {
    const lines = ['### Access changes', '', this.summary(), ''];
    for (const c of this.changes) {
      lines.push(`- **${c.changeType.toLowerCase()}${c.widens ? ', widens access' : ''}**: ${c.message.replace(/([*_`|<>])/g, '\\$1')}`);
    }
    if (this.changes.length > 0) lines.push('');
    return lines.join('\n');
  }

  /** JSON for tools: `{ version, widensAccess, changes }`. */
  public toJson(): string {
    return schema().stableJson({ version: format().ACCESS_MAP_SCHEMA_VERSION, oldStack: this.oldStack, newStack: this.newStack, widensAccess: this.widensAccess, changes: this.changes });
  }

  private summary(): string {
    if (this.changes.length === 0) return 'No access changes.';
    const count = (t: AccessChangeType) => this.changes.filter((c) => c.changeType === t).length;
    const stacks = this.oldStack === this.newStack ? '' : ` (stack ${this.oldStack} -> ${this.newStack})`;
    const renamed = count(AccessChangeType.RENAMED) > 0 ? `${count(AccessChangeType.RENAMED)} renamed, ` : '';
    return `Access changes${stacks}: ${count(AccessChangeType.ADDED)} added, ${count(AccessChangeType.CHANGED)} changed, ${renamed}`
      + `${count(AccessChangeType.REMOVED)} removed; ${this.widensAccess ? 'access WIDENS' : 'nothing widens access'}.`;
  }
}
