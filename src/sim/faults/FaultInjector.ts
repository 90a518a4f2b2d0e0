import type { SeededRandom } from '../random/SeededRandom.js';
import type { FaultKind, FaultPlan, FaultRates, ScriptedFault } from './FaultPlan.js';
import { faultNote } from './faultNotes.js';

/** What the injector knows about a call when it decides its faults. @internal */
export interface CallFacts {
  readonly actor: string;
  /** The actor's call number (1-based, across restarts). */
  readonly callNo: number;
  /** The actor's call number among its calls of this operation. */
  readonly opCallNo: number;
  readonly operation: string;
  /** Exempt actors (setup) draw no rate faults; scripts still apply. */
  readonly exempt: boolean;
}

/** Faults decided for one call. Delays are virtual milliseconds. @internal */
export interface CallFaults {
  /** Die as the call leaves (request) or instead of receiving the reply (reply). */
  crash?: { readonly point: 'request' | 'reply'; readonly restartDelayMs: number };
  lostRequest?: { readonly delayMs: number };
  throttle?: boolean;
  lostReply?: { readonly delayMs: number };
  requestLatencyMs: number;
  replyLatencyMs: number;
  /** `delayMs` undefined: just past the task's timeout. */
  slowWork?: { readonly delayMs: number | undefined };
  /** Short labels for the trace, e.g. `lostReply`, `latency+250`. */
  readonly notes: string[];
}

/** An activity task as the runner saw it started. @internal */
export interface ActivityAttempt {
  readonly activityType: string;
  readonly activityId: string;
  /** n-th task of this activity type started in its workflow run (1-based). */
  readonly attempt: number;
}

const DEFAULT_RESTART_DELAY_MS = 1_000;
const DEFAULT_LATENCY_MS_MAX = 1_000;
const DEFAULT_FAILURE_REASON = 'swf-sim: injected activity failure';

/** Operations that report on (or keep alive) work: what slow work delays. */
const WORK_REPORTS: ReadonlySet<string> = new Set([
  'RespondDecisionTaskCompleted',
  'RespondActivityTaskCompleted',
  'RespondActivityTaskFailed',
  'RespondActivityTaskCanceled',
  'RecordActivityTaskHeartbeat',
]);

/** Whether an operation reports on a task (slow work applies to it). @internal */
export function isWorkReport(operation: string): boolean {
  return WORK_REPORTS.has(operation);
}

/**
 * Turns a {@link FaultPlan} into decisions per call: scripted faults by call selector, rate faults
 * drawn from one sub-stream per fault kind (`faults/<kind>`), so raising one ratio never shifts
 * what another kind draws. Knows nothing about the service or the scheduler.
 * @internal
 */
export class FaultInjector {
  private readonly byCall = new Map<string, ScriptedFault[]>();
  private readonly activityFailures: Extract<ScriptedFault, { kind: 'activityFailure' }>[] = [];
  private readonly rates: FaultRates;
  private readonly streams = new Map<FaultKind, SeededRandom>();

  constructor(
    plan: FaultPlan,
    private readonly random: SeededRandom,
  ) {
    this.rates = plan.rates ?? {};
    for (const fault of plan.faults ?? []) {
      if (fault.kind === 'activityFailure') {
        this.activityFailures.push(fault);
        continue;
      }
      const key = selectorKey(fault.at.actor, fault.at.operation, fault.at.call);
      const list = this.byCall.get(key);
      if (list === undefined) this.byCall.set(key, [fault]);
      else list.push(fault);
    }
  }

  /** Decides everything about a call that can be decided as it leaves the actor. */
  onRequest(facts: CallFacts): CallFaults {
    const faults: CallFaults = { requestLatencyMs: 0, replyLatencyMs: 0, notes: [] };
    this.applyScripted(faults, this.byCall.get(selectorKey(facts.actor, undefined, facts.callNo)));
    this.applyScripted(faults, this.byCall.get(selectorKey(facts.actor, facts.operation, facts.opCallNo)));
    if (!facts.exempt) this.drawRequest(faults, facts);
    if (faults.crash?.point === 'request') {
      // A dead actor sends nothing: the other request faults are moot.
      faults.notes.length = 0;
      faults.notes.push(faultNote('crash'));
    }
    return faults;
  }

  /** Decides the reply-side rate faults once the service has answered. */
  onReply(faults: CallFaults, facts: CallFacts, carriesTask: boolean): void {
    if (!facts.exempt) {
      const r = this.rates;
      if (carriesTask && faults.crash === undefined && this.draw('crash', r.crashRatio)) {
        faults.crash = { point: 'reply', restartDelayMs: r.restartDelayMs ?? DEFAULT_RESTART_DELAY_MS };
        faults.notes.push(faultNote('crash@reply'));
      }
      if (faults.lostReply === undefined && this.draw('lostReply', r.lostReplyRatio)) {
        faults.lostReply = { delayMs: r.networkErrorDelayMs ?? 0 };
        faults.notes.push(faultNote('lostReply'));
      }
      if (this.draw('latency', r.latencyRatio)) {
        const ms = this.amount('latency', r.latencyMsMax ?? DEFAULT_LATENCY_MS_MAX);
        faults.replyLatencyMs += ms;
        faults.notes.push(faultNote('replyLatency', ms));
      }
    }
  }

  /** The failure to report instead of a completion of `task`, if the plan asks for one. */
  activityFailure(
    task: ActivityAttempt,
    exempt: boolean,
  ): { readonly reason: string; readonly details?: string } | undefined {
    for (const fault of this.activityFailures) {
      if (fault.activityType !== undefined && fault.activityType !== task.activityType) continue;
      if (fault.activityId !== undefined && fault.activityId !== task.activityId) continue;
      if (!fault.attempts.includes(task.attempt)) continue;
      return {
        reason: fault.reason ?? DEFAULT_FAILURE_REASON,
        ...(fault.details !== undefined && { details: fault.details }),
      };
    }
    if (!exempt && this.draw('activityFailure', this.rates.activityFailureRatio)) {
      return { reason: DEFAULT_FAILURE_REASON };
    }
    return undefined;
  }

  private applyScripted(faults: CallFaults, list: readonly ScriptedFault[] | undefined): void {
    if (list === undefined) return;
    for (const fault of list) {
      switch (fault.kind) {
        case 'crash':
          faults.crash ??= {
            point: fault.point ?? 'request',
            restartDelayMs: fault.restartDelayMs ?? DEFAULT_RESTART_DELAY_MS,
          };
          faults.notes.push(faultNote(fault.point === 'reply' ? 'crash@reply' : 'crash'));
          break;
        case 'lostRequest':
          faults.lostRequest ??= { delayMs: fault.delayMs ?? 0 };
          faults.notes.push(faultNote('lostRequest'));
          break;
        case 'lostReply':
          faults.lostReply ??= { delayMs: fault.delayMs ?? 0 };
          faults.notes.push(faultNote('lostReply'));
          break;
        case 'throttle':
          faults.throttle = true;
          faults.notes.push(faultNote('throttle'));
          break;
        case 'latency':
          if (fault.point === 'reply') {
            faults.replyLatencyMs += fault.delayMs;
            faults.notes.push(faultNote('replyLatency', fault.delayMs));
          } else {
            faults.requestLatencyMs += fault.delayMs;
            faults.notes.push(faultNote('latency', fault.delayMs));
          }
          break;
        case 'slowWork':
          faults.slowWork ??= { delayMs: fault.delayMs };
          faults.notes.push(faultNote('slowWork', fault.delayMs));
          break;
        case 'activityFailure':
          // Indexed separately: it matches tasks, not calls.
          break;
        default: {
          const unreachable: never = fault;
          throw new Error(`unhandled fault ${JSON.stringify(unreachable)}`);
        }
      }
    }
  }

  private drawRequest(faults: CallFaults, facts: CallFacts): void {
    const r = this.rates;
    if (faults.crash === undefined && this.draw('crash', r.crashRatio)) {
      faults.crash = { point: 'request', restartDelayMs: r.restartDelayMs ?? DEFAULT_RESTART_DELAY_MS };
      faults.notes.push(faultNote('crash'));
    }
    if (faults.lostRequest === undefined && this.draw('lostRequest', r.lostRequestRatio)) {
      faults.lostRequest = { delayMs: r.networkErrorDelayMs ?? 0 };
      faults.notes.push(faultNote('lostRequest'));
    }
    if (faults.throttle !== true && this.draw('throttle', r.throttleRatio)) {
      faults.throttle = true;
      faults.notes.push(faultNote('throttle'));
    }
    if (this.draw('latency', r.latencyRatio)) {
      const ms = this.amount('latency', r.latencyMsMax ?? DEFAULT_LATENCY_MS_MAX);
      faults.requestLatencyMs += ms;
      faults.notes.push(faultNote('latency', ms));
    }
    if (
      faults.slowWork === undefined &&
      isWorkReport(facts.operation) &&
      this.draw('slowWork', r.slowWorkRatio)
    ) {
      faults.slowWork = { delayMs: r.slowWorkMs };
      faults.notes.push(faultNote('slowWork', r.slowWorkMs));
    }
  }

  /** One draw from the kind's own stream; no draw at all when the ratio is 0 or absent. */
  private draw(kind: FaultKind, ratio: number | undefined): boolean {
    if (ratio === undefined || ratio <= 0) return false;
    return this.stream(kind).chance(ratio);
  }

  /** A delay uniform in [1, max]. */
  private amount(kind: FaultKind, max: number): number {
    return 1 + this.stream(kind).int(max);
  }

  private stream(kind: FaultKind): SeededRandom {
    let stream = this.streams.get(kind);
    if (stream === undefined) {
      stream = this.random.fork(`faults/${kind}`);
      this.streams.set(kind, stream);
    }
    return stream;
  }
}

function selectorKey(actor: string, operation: string | undefined, call: number): string {
  return `${actor}\u0000${operation ?? ''}\u0000${call}`;
}
