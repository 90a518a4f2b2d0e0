import type { SeededRandom } from '../random/SeededRandom.js';
import type { CallReply } from '../scheduler/Actor.js';
import { FaultInjector, type ActivityAttempt, type CallFacts, type CallFaults } from './FaultInjector.js';
import { activityFailureNote, faultNote } from './faultNotes.js';
import type { FaultPlan } from './FaultPlan.js';
import { SwfFault } from './SwfFault.js';

/** Slow work with no stated delay and no timeout to overrun takes this long. */
const DEFAULT_SLOW_WORK_MS = 3600 * 1000;
/** Slow work overruns the task's timeout by this much. */
const SLOW_WORK_MARGIN_MS = 1_000;

/** What the fault world asks of the simulated service: the earliest timeout of the task a token names. */
export type TaskTimeoutLookup = (taskToken: string) => number | undefined;

/** A call as it leaves its actor: its faults, and how long its request travels. @internal */
export interface DepartingCall {
  readonly faults: CallFaults;
  /** Set when the actor dies as the call leaves: the call never reaches the service. */
  readonly crash: { readonly restartDelayMs: number } | undefined;
  /** Virtual time until the request reaches the service (latency, slow work); 0 on a crash. */
  readonly delayMs: number;
  /** Trace notes of the faults. */
  readonly notes: string[];
}

/** What happens when a request reaches the service. @internal */
export type Arrival =
  /** The service never applies it: the client sees `reply` `delayMs` later. */
  | { readonly kind: 'refused'; readonly lost: boolean; readonly reply: CallReply; readonly delayMs: number }
  /** The service applies this call, possibly not the one the actor sent (an injected activity failure). */
  | {
      readonly kind: 'applied';
      readonly operation: string;
      readonly input: unknown;
      readonly notes: string[] | undefined;
    };

/** The service's answer on its way back. @internal */
export interface ReturningReply {
  /** What the client will receive: the answer, or a network error when the reply is lost. */
  readonly reply: CallReply;
  readonly delayMs: number;
  /** Trace notes of the faults decided on the way back. */
  readonly notes: string[] | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The fault world on the call path between actors and the service (VOPR's packet simulator, in
 * SWF's terms): requests and replies that are lost, delayed, throttled or never sent because their
 * actor died, work reports that come late, completions turned into failures. The
 * {@link FaultInjector} decides which faults a call gets; this carries them out, so the scheduler
 * only steps actors and the trace records what happened.
 * @internal
 */
export class CallPathFaults {
  private readonly injector: FaultInjector;
  /** Activity tasks handed out, by task token: what `activityFailure` faults match. */
  private readonly activityTasks = new Map<string, ActivityAttempt>();
  /** Activity tasks started per run and activity type. */
  private readonly attemptCounts = new Map<string, number>();

  constructor(
    plan: FaultPlan,
    random: SeededRandom,
    private readonly taskTimeoutMs: TaskTimeoutLookup,
  ) {
    this.injector = new FaultInjector(plan, random);
  }

  /** Decides a call's faults as it leaves its actor. */
  depart(facts: CallFacts, input: unknown): DepartingCall {
    const faults = this.injector.onRequest(facts);
    const notes = faults.notes.slice();
    const crash = faults.crash?.point === 'request' ? faults.crash : undefined;
    if (crash !== undefined) return { faults, crash, delayMs: 0, notes };
    let delayMs = faults.requestLatencyMs;
    if (faults.slowWork !== undefined) {
      const slowMs = faults.slowWork.delayMs ?? this.pastTimeoutMs(input);
      delayMs += slowMs;
      if (faults.slowWork.delayMs === undefined)
        notes[notes.indexOf(faultNote('slowWork'))] = faultNote('slowWork', slowMs);
    }
    return { faults, crash, delayMs, notes };
  }

  /** What becomes of a request as it reaches the service. */
  arrive(faults: CallFaults, operation: string, input: unknown, exempt: boolean): Arrival {
    if (faults.lostRequest !== undefined) {
      return {
        kind: 'refused',
        lost: true,
        reply: { type: 'network', code: 'ETIMEDOUT', message: 'Connection timed out: the request was lost' },
        delayMs: faults.lostRequest.delayMs + faults.replyLatencyMs,
      };
    }
    if (faults.throttle === true) {
      return {
        kind: 'refused',
        lost: false,
        reply: { type: 'error', error: new SwfFault('ThrottlingException', 'Rate exceeded') },
        delayMs: faults.replyLatencyMs,
      };
    }
    if (operation === 'RespondActivityTaskCompleted' && isRecord(input)) {
      const task = this.activityTasks.get(String(input.taskToken));
      const failure = task === undefined ? undefined : this.injector.activityFailure(task, exempt);
      if (failure !== undefined && task !== undefined) {
        return {
          kind: 'applied',
          operation: 'RespondActivityTaskFailed',
          input: { taskToken: input.taskToken, ...failure },
          notes: [activityFailureNote(task.activityType, task.attempt)],
        };
      }
    }
    return { kind: 'applied', operation, input, notes: undefined };
  }

  /** Decides the faults of the service's answer to `operation` on its way back. */
  reply(faults: CallFaults, facts: CallFacts, operation: string, reply: CallReply): ReturningReply {
    const output = reply.type === 'output' && isRecord(reply.output) ? reply.output : undefined;
    const carriesTask = typeof output?.taskToken === 'string' && output.taskToken !== '';
    if (carriesTask && operation === 'PollForActivityTask' && output !== undefined) {
      this.noteActivityTask(output);
    }
    const before = faults.notes.length;
    this.injector.onReply(faults, facts, carriesTask);
    const notes = faults.notes.length > before ? faults.notes.slice(before) : undefined;
    if (faults.lostReply !== undefined && faults.crash?.point !== 'reply') {
      return {
        reply: { type: 'network', code: 'ECONNRESET', message: 'socket hang up: the reply was lost' },
        delayMs: faults.replyLatencyMs + faults.lostReply.delayMs,
        notes,
      };
    }
    return { reply, delayMs: faults.replyLatencyMs, notes };
  }

  /** Set when the actor dies instead of receiving its reply. */
  crashOnDelivery(faults: CallFaults): { readonly restartDelayMs: number } | undefined {
    return faults.crash?.point === 'reply' ? faults.crash : undefined;
  }

  /** Just past the earliest timeout of the task a token names (slow work with no stated delay). */
  private pastTimeoutMs(input: unknown): number {
    const token = isRecord(input) && typeof input.taskToken === 'string' ? input.taskToken : undefined;
    const limitMs = token === undefined ? undefined : this.taskTimeoutMs(token);
    return limitMs === undefined ? DEFAULT_SLOW_WORK_MS : limitMs + SLOW_WORK_MARGIN_MS;
  }

  private noteActivityTask(output: Record<string, unknown>): void {
    const type = isRecord(output.activityType) ? String(output.activityType.name) : '';
    const execution = isRecord(output.workflowExecution) ? output.workflowExecution : {};
    const key = `${String(execution.workflowId)}\u0000${String(execution.runId)}\u0000${type}`;
    const attempt = (this.attemptCounts.get(key) ?? 0) + 1;
    this.attemptCounts.set(key, attempt);
    this.activityTasks.set(String(output.taskToken), {
      activityType: type,
      activityId: String(output.activityId),
      attempt,
    });
  }
}
