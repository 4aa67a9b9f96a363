// Stable identity of a registration (an API, a client app, a workload identity): one stable key
// that pins the Terraform addresses of every resource the construct owns, `moved` blocks for code
// that did not pin, and protection from destruction. The registration core and the workload
// identity call into this file; nothing here knows an Entra concept.
//
// How an address is pinned: cdktf names a resource after its construct path (makeUniqueId of the
// path below the stack: the readable part plus a hash of the whole path). A pinned owner's
// resources are named as if the owner lived at its key instead: makeUniqueId(key parts + the
// resource's path below the owner). So a key equal to the construct's current path changes
// nothing (adopting a key is free), and after that the construct can move or be renamed while
// every address stays.
//
// cdktf fixes an element's address the first time anything refers to it (`fqn`), often inside
// the constructor that makes it, so the name cannot be changed later (by an aspect, say). It asks
// the stack for the name through TerraformStack.allocateLogicalId, the method cdktf documents as
// the way to customise naming; the stack's method is wrapped once, for the elements that
// registrations own, and every other element keeps the stack's own naming. Resources added after
// construction (grants, table rows, pre-authorizations) are named the same way. Moved blocks are
// computed at synth, after every aspect has run (so every movedFrom call has been made), by one
// walk of the stack's tree.
import { Aspects, TerraformDataSource, TerraformElement, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import * as crypto from 'crypto';
import { pathInStack } from './singleton';
import { entraError, isUnresolved } from './validation';

/** The context key that switches `prevent_destroy` off for every registration below where it is set (`false`). */
export const PREVENT_DESTROY_CONTEXT_KEY = 'cdktf-entra-identity:preventDestroy';

/**
 * The context key that stops the `moved` blocks from the addresses earlier versions gave grants
 * (by the principal construct's path) when set to `false`: once every environment has applied
 * them, they carry nothing.
 */
export const ADDRESS_MOVES_CONTEXT_KEY = 'cdktf-entra-identity:legacyAddressMoves';

/** A stable key: construct-id-like parts joined with '/'. */
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9][A-Za-z0-9_.:-]*)*$/;

interface OwnerState {
  /** The stable key, when the owner is pinned. */
  readonly key?: string;
  /** The owner's construct path within its stack, split (a construct's path never changes); read on first use. */
  pathParts?: string[];
  /** Where the owner used to live, from movedFrom. */
  movedFrom?: string;
  /** Old address -> new address of the moved blocks emitted, for the checks. */
  readonly moves: Map<string, string>;
}

const OWNERS = new WeakMap<IConstruct, OwnerState>();
const STACK_OWNERS = new WeakMap<TerraformStack, IConstruct[]>();

/** The stable key of `c` when it was given one, else its construct path within its stack. */
export function stableKeyOf(c: IConstruct): string {
  return OWNERS.get(c)?.key ?? pathInStack(c);
}

/** Whether `c` was given a stable key. */
export function isPinned(c: IConstruct): boolean {
  return OWNERS.get(c)?.key !== undefined;
}

/**
 * Makes `owner` a registration whose resources this file names: pinned to `stableKey` when
 * given, else named by cdktf as before (with `movedFrom` available). Throws on a key that is
 * not a path of construct ids, or is a token.
 */
export function declareStableIdentity(owner: IConstruct, stableKey: string | undefined): void {
  if (stableKey !== undefined) {
    if (isUnresolved(stableKey)) {
      throw entraError(owner, 'stableKey is a token; it must be known at synth, because it names Terraform addresses. Give a literal such as \'OrdersApi\'.');
    }
    if (!KEY_PATTERN.test(stableKey)) {
      throw entraError(owner, `stableKey '${stableKey}' is not a path of construct ids; use letters, digits, '_', '.', ':' and '-', with '/' between parts `
        + `(e.g. '${pathInStack(owner)}', the construct's path today, which keeps every address as it is).`);
    }
  }
  OWNERS.set(owner, { key: stableKey, moves: new Map() });
  const stack = TerraformStack.of(owner);
  let owners = STACK_OWNERS.get(stack);
  if (!owners) {
    owners = [];
    STACK_OWNERS.set(stack, owners);
    const list = owners;
    stack.node.addValidation({ validate: () => checkStack(stack, list) });
    nameOwnedElements(stack);
    STACK_MOVES.set(stack, new StackMoves(stack, MOVES_ID));
  }
  owners.push(owner);
}

/** The owner's construct path within its stack, as construct ids, computed once. */
function ownerPathParts(owner: IConstruct, state: OwnerState): string[] {
  return state.pathParts ??= pathInStack(owner).split('/');
}

/**
 * Declares where `owner` used to live (its construct path within the stack before a refactor):
 * every resource it owns gets a `moved` block from its old address. Throws if the path is not
 * a construct path, is where the owner lives now, or was declared before.
 */
export function declareMovedFrom(owner: IConstruct, oldPath: string): void {
  const state = OWNERS.get(owner);
  if (!state) throw entraError(owner, 'movedFrom is only available on registrations (APIs, client apps, workload identities).');
  if (typeof oldPath !== 'string' || isUnresolved(oldPath) || !KEY_PATTERN.test(oldPath)) {
    throw entraError(owner, `movedFrom('${oldPath}'): give the construct's old path within its stack, e.g. 'OrdersApi' or 'Team/OrdersApi' `
      + '(the `path` in the old cdk.tf.json metadata, without the stack name).');
  }
  const now = stableKeyOf(owner);
  if (oldPath === now) {
    throw entraError(owner, `movedFrom('${oldPath}'): that is where its resources live now${state.key !== undefined ? ' (its stableKey)' : ''}, so nothing moves. Remove the movedFrom call.`);
  }
  if (state.movedFrom !== undefined) {
    throw entraError(owner, `movedFrom('${oldPath}'): a move from '${state.movedFrom}' is already declared. A construct moves from one old path; `
      + 'after an apply with the first move, replace it with the newer one.');
  }
  state.movedFrom = oldPath;
  movesDeclared = true;
}

/** Whether any movedFrom was declared in this process: until then the move aspect has nothing to do. */
let movesDeclared = false;

/**
 * Whether a registration's application and service principal get `lifecycle.prevent_destroy`:
 * the construct's own choice, else the context key (set for the app in cdktf.json, or for one
 * stack with `stack.node.setContext`), else true.
 */
export function preventsDestroy(owner: IConstruct, own: boolean | undefined): boolean {
  if (own !== undefined) return own;
  const ctx = owner.node.tryGetContext(PREVENT_DESTROY_CONTEXT_KEY);
  return !(ctx === false || ctx === 'false');
}

/**
 * Construct ids that are built from another construct's stable key (a grant is named after its
 * principal, a pre-authorization after its API), and what the id was before that construct
 * moved: so a move helper finds the old address of a grant whose principal moved too.
 */
const OLD_IDS = new WeakMap<IConstruct, () => string>();

/** Records how `c`'s id read before the constructs it is named after moved (see {@link oldKeyOf}). */
export function registerOldId(c: IConstruct, oldId: () => string): void {
  OLD_IDS.set(c, oldId);
}

/**
 * Ids that constructs take in Terraform addresses instead of their construct ids: a grant is
 * addressed by its principal's object id, not by the principal construct's path (see
 * {@link registerAddressId}).
 */
const ADDRESS_IDS = new WeakMap<IConstruct, string>();

/** Whether any address id was registered in this process: until then naming and moves skip the lookups. */
let addressIdsDeclared = false;

/**
 * Addresses the resources below `c` as if `c`'s construct id were `id`. Call it before they are
 * made (cdktf fixes an address the first time it is read). Effective below a registration (an
 * API, a client): the move aspect then writes a `moved` block from the address the construct id
 * gave (what earlier versions wrote), so nothing applied is destroyed.
 */
export function registerAddressId(c: IConstruct, id: string): void {
  if (id === c.node.id) return;
  ADDRESS_IDS.set(c, id);
  addressIdsDeclared = true;
}

function addressIdOf(c: IConstruct): string {
  return ADDRESS_IDS.get(c) ?? c.node.id;
}

/** The old path a registration declared with movedFrom, if any. */
export function movedFromOf(c: IConstruct): string | undefined {
  return OWNERS.get(c)?.movedFrom;
}

/** The stable key `c` had before its movedFrom: the old path when a move is declared, else its key. */
export function oldKeyOf(c: IConstruct): string {
  return OWNERS.get(c)?.movedFrom ?? stableKeyOf(c);
}

/** Wraps the stack's allocateLogicalId once: elements a pinned registration owns are named after its key. */
function nameOwnedElements(stack: TerraformStack): void {
  const host = stack as unknown as { allocateLogicalId(e: unknown): string };
  const original = host.allocateLogicalId;
  host.allocateLogicalId = function (this: unknown, element: unknown): string {
    if (TerraformElement.isTerraformElement(element)
      && (TerraformResource.isTerraformResource(element) || element instanceof TerraformDataSource)) {
      // The nearest registration scope above the element (ownerOf), and the constructs below it.
      const scopes = element.node.scopes;
      let i = scopes.length - 2;
      while (i >= 0 && !OWNERS.has(scopes[i])) i--;
      if (i >= 0) {
        const owner = scopes[i];
        const state = OWNERS.get(owner)!;
        if (state.key !== undefined) return makeUniqueId([...state.key.split('/'), ...scopes.slice(i + 1).map(addressIdOf)]);
        if (addressIdsDeclared) {
          const below = scopes.slice(i + 1);
          // cdktf's own naming (the ids below the stack), with address ids in place of construct ids
          if (below.some((c) => ADDRESS_IDS.has(c))) return makeUniqueId([...ownerPathParts(owner, state), ...below.map(addressIdOf)]);
        }
      }
    }
    return original.call(this, element);
  };
}

const MOVES_ID = 'EntraMoves';

/**
 * The `moved` blocks of one stack, written by one element at stack level. cdktf's own
 * `moveFromId` makes synthesis check the installed Terraform (`terraform version`, for 1.5) when
 * any resource moved: no synth at all where Terraform is not installed, and every grant written by
 * an earlier version gets a moved block. A `moved` block needs Terraform 1.1 at plan time, and an
 * older Terraform says so there, so nothing is checked at synth. Empty until a move is made, and
 * then writes nothing else.
 *
 * The blocks are computed once per synth, after every aspect has run (a program's aspects may
 * still add constructs or moves): an aspect on this element, a leaf, marks the synth, and the
 * first reader after it (the stack's check, or this element's `toTerraform`) walks the tree.
 * An aspect on each registration instead would make cdktf visit, and build the path of, every
 * construct below it: 10,000 grants cost a third of a second more that way.
 */
class StackMoves extends TerraformElement {
  public readonly blocks: { from: string; to: string }[] = [];
  /** Whether aspects ran since the moves were last computed. */
  private pending = false;
  /** The resources the last settle walked, kept for the stack check of the same synth. */
  private inventory?: OwnedResource[];

  public constructor(private readonly stack: TerraformStack, id: string) {
    super(stack, id);
    Aspects.of(this).add({ visit: () => { this.pending = true; } });
  }

  /** Computes the moves of resources added since the last synth, once the aspects have run. */
  public settle(): void {
    if (!this.pending) return;
    this.pending = false;
    // Only a movedFrom or an address id changes an old address.
    if (!(movesDeclared || addressIdsDeclared)) return;
    this.inventory = ownedResources(this.stack);
    collectMoves(this.inventory, this.blocks);
  }

  /**
   * Every resource of the stack in tree order, with its owner: the walk settle made in this
   * synth (the stack check runs right after it), else a new one.
   */
  public takeResources(): OwnedResource[] {
    const resources = this.inventory ?? ownedResources(this.stack);
    this.inventory = undefined;
    return resources;
  }

  public toTerraform(): any {
    this.settle();
    this.inventory = undefined;
    return this.blocks.length === 0 ? {} : { moved: this.blocks.map((b) => ({ from: b.from, to: b.to })) };
  }
}

const STACK_MOVES = new WeakMap<TerraformStack, StackMoves>();

/** The moved blocks already emitted, so a second synth emits none twice. */
const MOVED = new WeakSet<IConstruct>();

/** A resource, the registration it belongs to (its nearest registration scope), and the constructs from there down to it. */
interface OwnedResource {
  readonly resource: TerraformResource;
  readonly owner?: IConstruct;
  readonly below: IConstruct[];
}

/** The stack's resources in tree order (the order cdktf's aspects visit them), each with its owner, found on the way down. */
function ownedResources(stack: TerraformStack): OwnedResource[] {
  const out: OwnedResource[] = [];
  /** The constructs from the stack (exclusive) down to the node being visited (inclusive). */
  const path: IConstruct[] = [];
  /** `ownerAt`: where in `path` the nearest registration above `node` is, or -1. */
  const visit = (node: IConstruct, ownerAt: number): void => {
    if (TerraformResource.isTerraformResource(node)) {
      out.push(ownerAt >= 0 ? { resource: node, owner: path[ownerAt], below: path.slice(ownerAt + 1) } : { resource: node, below: [] });
    }
    const childOwnerAt = OWNERS.has(node) ? path.length - 1 : ownerAt;
    for (const child of node.node.children) {
      path.push(child);
      visit(child, childOwnerAt);
      path.pop();
    }
  };
  visit(stack, -1);
  return out;
}

/**
 * Adds a moved block, in tree order, for each resource of a registration whose address changed:
 * because the owner moved (movedFrom), because a construct a resource is named after moved, or
 * because a construct below the owner is addressed by an address id (a grant by its principal's
 * object id) where earlier versions used its construct id.
 */
function collectMoves(resources: OwnedResource[], blocks: { from: string; to: string }[]): void {
  const legacyOff = new Map<IConstruct, boolean>();
  for (const r of resources) {
    if (r.owner !== undefined && !MOVED.has(r.resource)) moveOne(r.resource, r.owner, r.below, legacyOff, blocks);
  }
}

/** The move of one resource `node` of `owner`, `below` being the constructs from the owner down to it. */
function moveOne(node: TerraformResource, owner: IConstruct, below: IConstruct[], legacyOff: Map<IConstruct, boolean>,
  blocks: { from: string; to: string }[]): void {
  // A move the program declared itself (moveFromId, moveTo) wins: Terraform takes one per resource.
  if (node.hasResourceMove()) return;
  const state = OWNERS.get(owner)!;
  // For each construct below the owner: its id in the address now (its address id, else its
  // construct id), its construct id as it read before a declared move (a construct named after a
  // principal that moved; only a movedFrom changes one), and its id in the address this version
  // gave before that move.
  const now: string[] = [];
  const constructIds: string[] = [];
  const oldBelow: string[] = [];
  let addressed = false;
  let renamedBelow = false;
  for (const c of below) {
    const addressId = ADDRESS_IDS.get(c);
    const constructId = movesDeclared ? OLD_IDS.get(c)?.() ?? c.node.id : c.node.id;
    const id = addressId ?? c.node.id;
    const old = addressId ?? constructId;
    if (addressId !== undefined) addressed = true;
    if (old !== id) renamedBelow = true;
    now.push(id);
    constructIds.push(constructId);
    oldBelow.push(old);
  }
  if (state.movedFrom === undefined && !renamedBelow) {
    if (!addressed) return;
    let off = legacyOff.get(owner);
    if (off === undefined) legacyOff.set(owner, off = legacyMovesOff(owner));
    if (off) return;
  }
  MOVED.add(node);
  const oldKeyParts = state.movedFrom !== undefined ? state.movedFrom.split('/') : state.key !== undefined ? state.key.split('/') : ownerPathParts(owner, state);
  // A declared move comes from where this version addressed it; otherwise the address id is
  // new, and the resource comes from where its construct id put it.
  const fromBelow = state.movedFrom !== undefined || renamedBelow ? oldBelow : constructIds;
  const from = `${node.terraformResourceType}.${makeUniqueId([...oldKeyParts, ...fromBelow])}`;
  const to = `${node.terraformResourceType}.${node.friendlyUniqueId}`;
  if (from === to) return;
  blocks.push({ from, to });
  state.moves.set(from, to);
}

/** Whether the program turned off the moved blocks from addresses earlier versions wrote. */
function legacyMovesOff(c: IConstruct): boolean {
  const v = c.node.tryGetContext(ADDRESS_MOVES_CONTEXT_KEY);
  return v === false || v === 'false';
}

/**
 * Checks a stack once its tree is final: two registrations with one stable key, two resources
 * with one address (the JSON would silently keep one), and moves from an address that a
 * resource of the stack still has.
 */
function checkStack(stack: TerraformStack, owners: IConstruct[]): string[] {
  const moves = STACK_MOVES.get(stack)!;
  moves.settle();
  const errors: string[] = [];
  const byKey = new Map<string, IConstruct>();
  for (const o of owners) {
    const key = stableKeyOf(o);
    const first = byKey.get(key);
    if (first) {
      errors.push(`${o.node.path} and ${first.node.path} both have the stable key '${key}' (a key is the construct's path unless stableKey is given), `
        + 'so their resources would get the same Terraform addresses. Give one of them another stableKey.');
    } else {
      byKey.set(key, o);
    }
  }
  const addresses = new Map<string, OwnedResource>();
  for (const r of moves.takeResources()) {
    const c = r.resource;
    const address = `${c.terraformResourceType}.${c.friendlyUniqueId}`;
    const first = addresses.get(address);
    if (first && (r.owner || first.owner)) {
      errors.push(`${c.node.path} and ${first.resource.node.path} would both have the Terraform address ${address}; one would overwrite the other. `
        + 'Give the registration that owns one of them another stableKey.');
    }
    addresses.set(address, r);
  }
  for (const o of owners) {
    const state = OWNERS.get(o)!;
    for (const [from, to] of state.moves) {
      const holder = addresses.get(from)?.resource;
      if (holder) {
        errors.push(`${o.node.path}.movedFrom('${state.movedFrom}') moves ${from} to ${to}, but ${holder.node.path} still has the address ${from}: `
          + 'Terraform refuses a move away from an address in use. Remove the movedFrom call, or move or rename the construct that now lives there.');
      }
    }
  }
  return errors;
}

// cdktf's logical ids (cdktf/lib/private/unique.ts, not exported): the readable path parts plus
// 8 hex digits of the MD5 of the whole path. Kept identical, so a key equal to a construct's
// path gives the address cdktf gives; test/stable-identity.test.ts compares the two.
const HIDDEN_FROM_HUMAN_ID = 'Resource';
const HIDDEN_ID = 'Default';

/** The logical id cdktf gives a resource whose path below its stack is `components`. */
export function makeUniqueId(components: string[]): string {
  const parts = components.filter((x) => x !== HIDDEN_ID);
  if (parts.length === 1) {
    const candidate = removeDisallowed(parts[0]);
    if (candidate.length <= 255) return candidate;
  }
  const hash = md5Hex(parts.join('/')).slice(0, 8).toUpperCase();
  const human = removeDupes(parts).filter((x) => x !== HIDDEN_FROM_HUMAN_ID).map(removeDisallowed).join('_').slice(0, 240);
  return `${human}_${hash}`;
}

/** crypto.hash (Node 20.12 and later) digests a string in one call, without a Hash object: a third of the cost per id. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

function md5Hex(s: string): string {
  return oneShotHash !== undefined ? oneShotHash('md5', s, 'hex') : crypto.createHash('md5').update(s).digest('hex');
}

function removeDisallowed(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '');
}

function removeDupes(path: string[]): string[] {
  const out: string[] = [];
  for (const c of path) {
    if (out.length === 0 || !out[out.length - 1].endsWith(c)) out.push(c);
  }
  return out;
}
