// The replication gate. Entra is eventually consistent: for seconds to minutes after an
// application, service principal or app role is created, other Graph replicas may not know it,
// and the azuread provider retries only some of the errors that follow (a 404 or "Not a valid
// reference update" on an assignment's POST; never "Permission being assigned was not found on
// application", the 404 of a federated credential, or the GET of the resource service principal).
// So what references a registration made in the same apply waits on a `time_sleep` of that
// registration, whose `triggers` are the registration's ids (client id, service principal object
// id, app role and scope ids): Terraform re-creates it, and waits, only when one of them is new.
// A second apply with nothing new waits 0 s; adding a role waits once.
//
// One gate per registration, not per stack: a gate depends only on its own registration's
// application and service principal, which everything that waits on it references already, so
// a gate adds no path between resources that did not exist and can never make a dependency
// cycle (a stack-wide gate would make every gated reference depend on every new registration:
// a web app's redirect URI that names an App Service whose settings carry an API's identifier
// URI would then be a cycle). And a change waits only for what it references.
//
// What waits orders itself after the gate with `depends_on` and never reads the gate's
// attributes, so replacing the gate replaces nothing else. The gate is the registration's child
// `ReplicationGate`, so it is named through the registration's stable key and moves with it.
import { Lazy, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ensureTimeProvider } from './client-time';
import { entraWarning } from './diagnostics';
import { expressionOf, readExpression } from './id-references';
import { compareStrings } from './order';
import { timeSleep } from './providers';
import { entraError, isUnresolved } from './validation';

/**
 * The context key that sets how long references to new registrations wait, in seconds, for the
 * whole app (cdktf.json `context`) or one stack (`stack.node.setContext`); `0` turns the gate off.
 */
export const REPLICATION_WAIT_CONTEXT_KEY = 'cdktf-entra-identity:replicationWaitSeconds';

/**
 * The default wait, in seconds. Microsoft documents no bound on Entra's replication (it says a
 * new object may answer "Not Found" for a while, and to retry); reports put the window at
 * 15 to 60 seconds, and the provider's users gate on 60 s (see README, "Replication delay").
 */
export const DEFAULT_REPLICATION_WAIT_SECONDS = 60;

/** Above an hour, a wait is most likely milliseconds given as seconds: a warning, not a refusal. */
const LONG_REPLICATION_WAIT_SECONDS = 3600;

/** The construct id of a registration's gate (a `time_sleep`). */
export const REPLICATION_GATE_ID = 'ReplicationGate';

/** A role or scope id the gate watches. */
export interface ReplicatedPermission {
  readonly kind: 'appRole' | 'scope';
  readonly value: string;
  readonly id: string;
}

/** What a registration tells the gate about itself. */
export interface ReplicatedRegistration {
  /** How messages name it (never a token). */
  readonly name: string;
  /** The application's client id (a token for a new registration). */
  readonly clientId: string;
  /** The service principal's object id (a token for a new registration). */
  readonly servicePrincipalObjectId: string;
  /** The service principal resource, to recognise a reference to its object id. */
  readonly servicePrincipal: TerraformResource;
  /** Whether the registration is adopted (`existing`): it exists, nothing about it is new. */
  readonly adopted: boolean;
  /** The registration's own `replicationWaitSeconds`, if given. */
  readonly replicationWaitSeconds?: number;
  /** Its app roles and scopes, read at synth. */
  readonly permissions?: () => ReplicatedPermission[];
}

/** How the wait of a registration was chosen. */
export type WaitSource = 'prop' | 'context' | 'default';

/** What the access map reads of one registration's gate. */
export interface ReplicationFacts {
  /** The wait in seconds; 0 when the gate is off. */
  readonly seconds: number;
  /** Where the wait comes from. */
  readonly source: WaitSource;
  /** The gate's Terraform address, when a gate was made. */
  readonly gateAddress?: string;
  /** The trigger keys the gate watches (`clientId`, `servicePrincipalObjectId`, `appRole:<value>`, ...). */
  readonly triggers: string[];
  /** What references the registration in the same apply (and waits, unless the gate is off). */
  readonly dependents: IConstruct[];
}

interface GateState {
  readonly owner: Construct;
  /** The owner's stack, read once: every reference to the registration compares its own stack with it. */
  readonly stack: TerraformStack;
  readonly registration: ReplicatedRegistration;
  readonly seconds: number;
  readonly source: WaitSource;
  readonly dependents: Set<IConstruct>;
  gate?: TerraformResource;
  /**
   * The gate's `depends_on` entry, its address (`time_sleep.X`) as cdktf writes a config's
   * `dependsOn`: a plain string, not a token, which thousands of grants would each pay for at
   * construction (a token captures a stack trace) and at synth (it is resolved).
   */
  dependency?: string;
  warned: boolean;
}

const STATES = new WeakMap<IConstruct, GateState>();
const STACK_STATES = new WeakMap<TerraformStack, GateState[]>();
/** The gates each waiting resource depends on already. */
const WAITS = new WeakMap<TerraformResource, Set<TerraformResource>>();

/**
 * Checks a `replicationWaitSeconds` where it arrives: a number of seconds, 0 or more, known at
 * synth (a number, or a numeric string from cdktf.json). Throws naming `scope`; warns above an hour.
 */
export function checkReplicationWait(scope: IConstruct, what: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (isUnresolved(value)) {
    throw entraError(scope, `${what} is a token; it must be known at synth, because it decides whether a time_sleep is written. Give a number of seconds, e.g. 60.`);
  }
  const n = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw entraError(scope, `${what} is ${JSON.stringify(value)}, which is not a number of seconds to wait; give 0 (no replication gate) or more, `
      + `e.g. ${DEFAULT_REPLICATION_WAIT_SECONDS} (the default).`);
  }
  if (n > LONG_REPLICATION_WAIT_SECONDS) {
    entraWarning(scope, `${what} is ${n} seconds (${Math.round(n / 60)} minutes): every apply that creates a registration or adds a role waits that long. `
      + 'Was it meant in milliseconds? Give seconds, e.g. 60.');
  }
  return n;
}

/** The wait for a registration under `owner`: its own setting, else the context key, else the default. */
function waitOf(owner: IConstruct, own: number | undefined): { seconds: number; source: WaitSource } {
  if (own !== undefined) return { seconds: own, source: 'prop' };
  const ctx = checkReplicationWait(owner, `the context key ${REPLICATION_WAIT_CONTEXT_KEY}`, owner.node.tryGetContext(REPLICATION_WAIT_CONTEXT_KEY));
  if (ctx !== undefined) return { seconds: ctx, source: 'context' };
  return { seconds: DEFAULT_REPLICATION_WAIT_SECONDS, source: 'default' };
}

/**
 * Records a registration the registration core made. A new one is watched; an adopted one only
 * when it sets `replicationWaitSeconds` itself (e.g. while roles are added to an adopted API).
 */
export function trackRegistration(owner: Construct, registration: ReplicatedRegistration): void {
  if (registration.adopted && !(registration.replicationWaitSeconds !== undefined && registration.replicationWaitSeconds > 0)) return;
  const { seconds, source } = waitOf(owner, registration.replicationWaitSeconds);
  const stack = TerraformStack.of(owner);
  const state: GateState = { owner, stack, registration, seconds, source, dependents: new Set(), warned: false };
  STATES.set(owner, state);
  const all = STACK_STATES.get(stack) ?? [];
  all.push(state);
  STACK_STATES.set(stack, all);
}

/**
 * Makes `resource` (owned by `dependent`) wait for each registration in `on` that is new in this
 * program and in the same stack (another stack is another apply): one `depends_on` on that
 * registration's gate, made on first use. With the gate off, warns once on the registration.
 */
export function waitForReplication(dependent: IConstruct, resource: TerraformResource, on: readonly (IConstruct | undefined)[]): void {
  let stack: TerraformStack | undefined;
  for (const o of on) {
    const state = o === undefined ? undefined : STATES.get(o);
    if (!state) continue;
    stack ??= TerraformStack.of(dependent);
    if (state.stack !== stack) continue;
    state.dependents.add(dependent);
    if (state.seconds === 0) {
      warnOff(state);
      continue;
    }
    const gate = gateOf(state);
    let waits = WAITS.get(resource);
    if (!waits) {
      waits = new Set();
      WAITS.set(resource, waits);
    }
    if (waits.has(gate)) continue;
    waits.add(gate);
    state.dependency ??= `${gate.terraformResourceType}.${gate.friendlyUniqueId}`;
    resource.dependsOn = [...resource.dependsOn ?? [], state.dependency];
  }
}

/**
 * The registration whose service principal `value` reads (a token, or the `${...}` reference it
 * resolves to, as `idKey` gives it), if it is one this program makes in `scope`'s stack: for a
 * grant given by object id only (a table row, a service principal wrapped by its object id).
 */
export function registrationOfReference(scope: IConstruct, value: string): IConstruct | undefined {
  const states = STACK_STATES.get(TerraformStack.of(scope));
  if (!states) return undefined;
  const ref = readExpression(isUnresolved(value) ? expressionOf(scope, value) : value);
  if (!ref || !ref.address.startsWith('azuread_service_principal.')) return undefined;
  const sp = states.find((s) => `${s.registration.servicePrincipal.terraformResourceType}.${s.registration.servicePrincipal.friendlyUniqueId}` === ref.address);
  return sp?.owner;
}

/** What the access map shows of the gate of the registration `owner`, if the program makes it. */
export function replicationFactsOf(owner: IConstruct): ReplicationFacts | undefined {
  const state = STATES.get(owner);
  if (!state) return undefined;
  return {
    seconds: state.seconds,
    source: state.source,
    gateAddress: state.gate ? `${state.gate.terraformResourceType}.${state.gate.friendlyUniqueId}` : undefined,
    triggers: Object.keys(triggersOf(state)),
    dependents: [...state.dependents],
  };
}

function gateOf(state: GateState): TerraformResource {
  if (state.gate) return state.gate;
  ensureTimeProvider(state.owner);
  state.gate = new (timeSleep())(state.owner, REPLICATION_GATE_ID, {
    createDuration: `${state.seconds}s`,
    triggers: Token.asStringMap(Lazy.anyValue({ produce: () => triggersOf(state) })),
  });
  return state.gate;
}

/** The gate's triggers, sorted: the registration's ids, and each role and scope id by value. */
function triggersOf(state: GateState): Record<string, string> {
  const r = state.registration;
  const entries: [string, string][] = [['clientId', r.clientId], ['servicePrincipalObjectId', r.servicePrincipalObjectId]];
  for (const p of r.permissions?.() ?? []) entries.push([`${p.kind}:${p.value}`, p.id]);
  entries.sort((a, b) => compareStrings(a[0], b[0]));
  return Object.fromEntries(entries);
}

function warnOff(state: GateState): void {
  if (state.warned) return;
  state.warned = true;
  const how = state.source === 'prop' ? 'replicationWaitSeconds: 0' : `the context key ${REPLICATION_WAIT_CONTEXT_KEY} is 0`;
  entraWarning(state.owner, `the replication gate is off (${how}), but this program also makes what references ${state.registration.name} in the same apply `
    + '(grants of its roles or to it, its federated credentials, identifier URI, pre-authorizations or admin consent). Entra replicates a new '
    + 'registration or app role asynchronously, so the first apply may fail on them (400 "Permission being assigned was not found on application", '
    + '404 Not Found); apply again to finish. Leave replicationWaitSeconds out to wait '
    + `${DEFAULT_REPLICATION_WAIT_SECONDS} s whenever one of its ids is new.`);
}
