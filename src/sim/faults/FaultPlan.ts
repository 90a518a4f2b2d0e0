import { isOperationName, type OperationName } from '../service/operations.js';

/**
 * Names one call of one actor: its `call`-th call (1-based, counted across restarts; every SDK
 * retry is a call of its own), or its `call`-th call of `operation` when that is given. The trace
 * prints these numbers, so a call seen in a trace can be scripted.
 * @public
 */
export interface CallSelector {
  readonly actor: string;
  readonly call: number;
  readonly operation?: OperationName;
}

/**
 * The actor dies at the selected call and is restarted from its factory `restartDelayMs` (virtual)
 * later. `point: 'request'` (default): it dies as the call leaves, so the call never reaches the
 * service (dying before `RespondActivityTaskCompleted` means dying while holding the task).
 * `point: 'reply'`: the service applies the call and the actor dies instead of receiving the reply
 * (a poll's task is started, then held by a dead worker until it times out).
 * @public
 */
export interface CrashFault {
  readonly kind: 'crash';
  readonly at: CallSelector;
  readonly point?: 'request' | 'reply';
  /** Virtual delay before the restart; default 1 000. */
  readonly restartDelayMs?: number;
}

/** The request never reaches the service; the client sees a network error (`ETIMEDOUT`) `delayMs` later. @public */
export interface LostRequestFault {
  readonly kind: 'lostRequest';
  readonly at: CallSelector;
  /** Virtual time until the client notices; default 0. */
  readonly delayMs?: number;
}

/** The service applies the call but the reply is lost: the client sees `ECONNRESET` `delayMs` later. @public */
export interface LostReplyFault {
  readonly kind: 'lostReply';
  readonly at: CallSelector;
  /** Virtual time until the client notices; default 0. */
  readonly delayMs?: number;
}

/** The service refuses the call with `ThrottlingException` before applying it. @public */
export interface ThrottleFault {
  readonly kind: 'throttle';
  readonly at: CallSelector;
}

/** The request (default) or the reply travels `delayMs` of virtual time. @public */
export interface LatencyFault {
  readonly kind: 'latency';
  readonly at: CallSelector;
  readonly point?: 'request' | 'reply';
  readonly delayMs: number;
}

/**
 * The actor works slowly: the selected call (typically a `Respond*` or a heartbeat) reaches the
 * service `delayMs` late. Without `delayMs`, just past the task's START_TO_CLOSE/HEARTBEAT timeout
 * (found from its task token), so the task times out and the late answer meets
 * `UnknownResourceFault`.
 * @public
 */
export interface SlowWorkFault {
  readonly kind: 'slowWork';
  readonly at: CallSelector;
  readonly delayMs?: number;
}

/**
 * The worker's `RespondActivityTaskCompleted` for the chosen attempts is turned into
 * `RespondActivityTaskFailed` with `reason`/`details`. Attempt n is the n-th activity task of
 * `activityType` (or of any type) started in the same workflow run, counting from 1.
 * @public
 */
export interface ActivityFailureFault {
  readonly kind: 'activityFailure';
  readonly activityType?: string;
  readonly activityId?: string;
  readonly attempts: readonly number[];
  /** Default `swf-sim: injected activity failure`. */
  readonly reason?: string;
  readonly details?: string;
}

/** One scripted fault. @public */
export type ScriptedFault =
  | CrashFault
  | LostRequestFault
  | LostReplyFault
  | ThrottleFault
  | LatencyFault
  | SlowWorkFault
  | ActivityFailureFault;

/** The kinds of fault, as written in plans and traces. @public */
export type FaultKind = ScriptedFault['kind'];

/**
 * Faults drawn from the seed, each kind from its own sub-stream, for every actor not exempt from
 * faults (the setup actor is). Ratios are probabilities in [0, 1] per eligible call.
 * @public
 */
export interface FaultRates {
  /** Per call: die as it leaves; per poll reply carrying a task: die instead of receiving it. */
  readonly crashRatio?: number;
  /** Virtual delay before a crashed actor restarts; default 1 000. */
  readonly restartDelayMs?: number;
  readonly lostRequestRatio?: number;
  readonly lostReplyRatio?: number;
  readonly throttleRatio?: number;
  /** Per call, independently for the request and the reply: a delay uniform in [1, latencyMsMax]. */
  readonly latencyRatio?: number;
  /** Default 1 000. */
  readonly latencyMsMax?: number;
  /** Per `Respond*`/heartbeat call: it arrives late (see {@link SlowWorkFault}). */
  readonly slowWorkRatio?: number;
  /** Fixed slow-work delay; default just past the task's timeout. */
  readonly slowWorkMs?: number;
  /** Per `RespondActivityTaskCompleted`: turned into `RespondActivityTaskFailed`. */
  readonly activityFailureRatio?: number;
  /** Virtual time until a client notices a lost request or reply; default 0. */
  readonly networkErrorDelayMs?: number;
}

/**
 * What can go wrong in a run: plain, JSON-serialisable data. `faults` are scripted at chosen calls;
 * `rates` draw more from the seed. Both may be given.
 * @public
 */
export interface FaultPlan {
  readonly faults?: readonly ScriptedFault[];
  readonly rates?: FaultRates;
}

/** The fault plan with nothing in it. @public */
export const NO_FAULTS: FaultPlan = {};

/** A fault plan that is not valid; `problems` lists every issue with its JSON path. @public */
export class FaultPlanError extends Error {
  override readonly name = 'FaultPlanError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid fault plan:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * The members each kind of fault may have besides `kind`. Keyed by every {@link FaultKind} (the
 * compiler checks it is complete), it is the one list of kinds everything else derives from.
 */
const MEMBERS: Record<FaultKind, readonly string[]> = {
  crash: ['at', 'point', 'restartDelayMs'],
  lostRequest: ['at', 'delayMs'],
  lostReply: ['at', 'delayMs'],
  throttle: ['at'],
  latency: ['at', 'point', 'delayMs'],
  slowWork: ['at', 'delayMs'],
  activityFailure: ['activityType', 'activityId', 'attempts', 'reason', 'details'],
};

/** Every kind of scripted fault, in the order the fault plan documentation lists them. @public */
export const FAULT_KINDS: readonly FaultKind[] = Object.keys(MEMBERS) as FaultKind[];

/** Each kind's ratio in {@link FaultRates}: a kind without one does not compile. */
const RATIO_KEYS: readonly (keyof FaultRates)[] = FAULT_KINDS.map(
  (kind): `${FaultKind}Ratio` => `${kind}Ratio`,
);
const MS_KEYS = ['restartDelayMs', 'latencyMsMax', 'slowWorkMs', 'networkErrorDelayMs'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

class Checker {
  readonly problems: string[] = [];

  fail(path: string, expected: string, value: unknown): void {
    this.problems.push(`${path}: expected ${expected}, got ${show(value)}`);
  }

  unknownMembers(path: string, value: Record<string, unknown>, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.problems.push(`${path}.${key}: unknown member (allowed: ${allowed.join(', ')})`);
      }
    }
  }

  /** A non-negative integer number of milliseconds, optional unless `required`. */
  ms(path: string, value: unknown, required = false): void {
    if (value === undefined && !required) return;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      this.fail(path, 'a whole number of milliseconds >= 0', value);
    }
  }

  positiveInteger(path: string, value: unknown): void {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      this.fail(path, 'an integer >= 1', value);
    }
  }

  ratio(path: string, value: unknown): void {
    if (value === undefined) return;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) this.fail(path, 'a ratio in [0, 1]', value);
  }

  optionalString(path: string, value: unknown, nonEmpty = false): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || (nonEmpty && value.length === 0)) {
      this.fail(path, nonEmpty ? 'a non-empty string' : 'a string', value);
    }
  }

  oneOf(path: string, value: unknown, options: readonly string[]): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || !options.includes(value)) {
      this.fail(path, `one of ${options.map((o) => `"${o}"`).join(', ')}`, value);
    }
  }

  selector(path: string, value: unknown): void {
    if (!isObject(value)) {
      this.fail(path, 'a call selector {"actor", "call", "operation"?}', value);
      return;
    }
    this.unknownMembers(path, value, ['actor', 'call', 'operation']);
    if (typeof value.actor !== 'string' || value.actor.length === 0) {
      this.fail(`${path}.actor`, 'an actor name', value.actor);
    }
    this.positiveInteger(`${path}.call`, value.call);
    if (
      value.operation !== undefined &&
      (typeof value.operation !== 'string' || !isOperationName(value.operation))
    ) {
      this.fail(`${path}.operation`, 'an SWF operation name such as "PollForActivityTask"', value.operation);
    }
  }

  fault(path: string, value: unknown): void {
    if (!isObject(value)) {
      this.fail(path, 'a fault object with a "kind"', value);
      return;
    }
    const kind = value.kind;
    if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
      this.fail(`${path}.kind`, `one of ${FAULT_KINDS.map((k) => `"${k}"`).join(', ')}`, kind);
      return;
    }
    const k = kind as FaultKind;
    this.unknownMembers(path, value, ['kind', ...MEMBERS[k]]);
    switch (k) {
      case 'crash':
        this.selector(`${path}.at`, value.at);
        this.oneOf(`${path}.point`, value.point, ['request', 'reply']);
        this.ms(`${path}.restartDelayMs`, value.restartDelayMs);
        break;
      case 'lostRequest':
      case 'lostReply':
        this.selector(`${path}.at`, value.at);
        this.ms(`${path}.delayMs`, value.delayMs);
        break;
      case 'throttle':
        this.selector(`${path}.at`, value.at);
        break;
      case 'latency':
        this.selector(`${path}.at`, value.at);
        this.oneOf(`${path}.point`, value.point, ['request', 'reply']);
        this.ms(`${path}.delayMs`, value.delayMs, true);
        break;
      case 'slowWork':
        this.selector(`${path}.at`, value.at);
        this.ms(`${path}.delayMs`, value.delayMs);
        break;
      case 'activityFailure': {
        this.optionalString(`${path}.activityType`, value.activityType, true);
        this.optionalString(`${path}.activityId`, value.activityId, true);
        this.optionalString(`${path}.reason`, value.reason);
        this.optionalString(`${path}.details`, value.details);
        const attempts = value.attempts;
        if (!Array.isArray(attempts) || attempts.length === 0) {
          this.fail(`${path}.attempts`, 'a non-empty array of attempt numbers (1 = first attempt)', attempts);
        } else {
          attempts.forEach((a, i) => this.positiveInteger(`${path}.attempts[${i}]`, a));
        }
        break;
      }
      default: {
        const unreachable: never = k;
        throw new Error(`unhandled fault kind ${String(unreachable)}`);
      }
    }
  }

  rates(path: string, value: unknown): void {
    if (!isObject(value)) {
      this.fail(path, 'an object of ratios', value);
      return;
    }
    this.unknownMembers(path, value, [...RATIO_KEYS, ...MS_KEYS]);
    for (const key of RATIO_KEYS) this.ratio(`${path}.${key}`, value[key]);
    for (const key of MS_KEYS) this.ms(`${path}.${key}`, value[key]);
    if (value.latencyMsMax === 0) this.fail(`${path}.latencyMsMax`, 'at least 1', 0);
  }
}

/**
 * Every problem of a would-be fault plan (unknown kinds or members, bad selectors, ratios outside
 * [0, 1], negative delays), each with its JSON path; empty when the plan is valid.
 * @public
 */
export function checkFaultPlan(value: unknown): string[] {
  const checker = new Checker();
  if (!isObject(value)) {
    checker.fail('plan', 'an object {"faults"?: [...], "rates"?: {...}}', value);
    return checker.problems;
  }
  checker.unknownMembers('plan', value, ['faults', 'rates']);
  if (value.faults !== undefined) {
    if (!Array.isArray(value.faults)) checker.fail('plan.faults', 'an array of faults', value.faults);
    else value.faults.forEach((fault, i) => checker.fault(`plan.faults[${i}]`, fault));
  }
  if (value.rates !== undefined) checker.rates('plan.rates', value.rates);
  return checker.problems;
}

/**
 * The value as a {@link FaultPlan}, e.g. parsed from a `--faults plan.json` file.
 * @throws FaultPlanError listing every problem.
 * @public
 */
export function parseFaultPlan(value: unknown): FaultPlan {
  const problems = checkFaultPlan(value);
  if (problems.length > 0) throw new FaultPlanError(problems);
  return value as FaultPlan;
}
