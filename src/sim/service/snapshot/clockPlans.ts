import type { ActivityTaskTimeoutType } from '@aws-sdk/client-swf';
import type { TimerHandle } from '../../clock/VirtualClock.js';
import { timeOutActivityTask } from '../activityTasks.js';
import { timeOutDecisionTask, timeOutUnstartedDecisionTask } from '../decisionTasks.js';
import { durationMs } from '../durations.js';
import { closeExecution } from '../executions.js';
import {
  openWork,
  runKey,
  type ActivityTask,
  type DecisionTask,
  type Execution,
  type TimerRecord,
} from '../model.js';
import { retentionLabel, retentionMs } from '../retention.js';
import type { ServiceState } from '../ServiceState.js';
import { fireTimer } from '../timers.js';

/*
 * Import: the clocks of the imported runs, planned as each run comes in and armed once all are in,
 * in the original order. An import holds a plan per clock until then (100,000s of them), so each
 * plan is small and made by a function of its own: the closure a timer keeps then holds only what
 * it fires, not the plan nor the run's other records.
 */

/** A clock to arm, sorted by when it was armed so equal deadlines fire in the original order. @internal */
export interface PendingClock {
  readonly armedAtMs: number;
  readonly dueAtMs: number;
  readonly label: string;
  /** See `TimerOptions.idle`. */
  readonly idle?: boolean;
  /** What the timer runs (it keeps only this, not the plan). */
  readonly fire: () => void;
  readonly assign: (handle: TimerHandle) => void;
  /** Its place in the exporter's arming order, when the snapshot records it (`clockSeqs`). */
  readonly seq?: number | undefined;
}

/**
 * A closed run's retention clock while it waits to be armed. An import holds one per closed run
 * from the run's arrival to its end, so it keeps no more than its run and what the timer needs.
 * @internal
 */
export class RetentionClock implements PendingClock {
  readonly label: string;
  readonly seq: number | undefined;
  readonly fire: () => void;

  constructor(
    private readonly execution: Execution,
    clockSeqs: ClockSeqs,
  ) {
    this.label = retentionLabel(execution.workflowId, execution.runId);
    this.seq = clockSeqs?.[this.label];
    this.fire = forgetImportedRun(execution);
  }

  get idle(): boolean {
    return true;
  }

  get armedAtMs(): number {
    return this.execution.closeMs as number;
  }

  /** Read when the clock is armed: a streamed domain's members may come after its runs. */
  get dueAtMs(): number {
    return this.armedAtMs + retentionMs(this.execution.domain.retentionPeriodInDays);
  }

  assign(handle: TimerHandle): void {
    this.execution.retentionSeq = handle.seq;
  }
}

/** What the end of an imported closed run's retention does (its own function: the timer keeps only the run). */
function forgetImportedRun(execution: Execution): () => void {
  return () => {
    const { runs } = execution.domain;
    const key = runKey(execution.workflowId, execution.runId);
    if (runs.get(key) === execution) runs.delete(key);
  };
}

/**
 * The plan of a clock of an open run. `fire` is what the timer keeps: it ends by enforcing the
 * history cap, as every call does (written into each, not wrapped: one closure per clock, not two).
 */
function serviceClock(
  clockSeqs: ClockSeqs,
  label: string,
  times: { armedAtMs: number; dueAtMs: number },
  fire: () => void,
  assign: (handle: TimerHandle) => void,
): PendingClock {
  return {
    armedAtMs: times.armedAtMs,
    dueAtMs: times.dueAtMs,
    label,
    seq: clockSeqs?.[label],
    fire,
    assign,
  };
}

/** The exporter's places of a run's clocks in the arming order, by label (`clockSeqs`). @internal */
export type ClockSeqs = Readonly<Record<string, number>> | undefined;

/**
 * An open run's execution START_TO_CLOSE clock while it waits to be armed: like a
 * {@link RetentionClock}, one per run, so it keeps no more than its run and what the timer needs.
 * @internal
 */
export class ExecutionClock implements PendingClock {
  readonly label: string;
  readonly seq: number | undefined;
  readonly fire: () => void;

  constructor(
    s: ServiceState,
    private readonly execution: Execution,
    private readonly timeoutMs: number,
    clockSeqs: ClockSeqs,
  ) {
    this.label = `execution START_TO_CLOSE ${execution.workflowId}`;
    this.seq = clockSeqs?.[this.label];
    this.fire = timeOutExecution(s, execution);
  }

  get armedAtMs(): number {
    return this.execution.startMs;
  }

  get dueAtMs(): number {
    return this.execution.startMs + this.timeoutMs;
  }

  assign(handle: TimerHandle): void {
    this.execution.executionTimeout = handle;
  }
}

/** What an execution timeout does (its own function: the timer keeps only the run and the service). */
function timeOutExecution(s: ServiceState, execution: Execution): () => void {
  return () => {
    closeExecution(s, execution, 'TIMED_OUT', 'WorkflowExecutionTimedOut', {
      timeoutType: 'START_TO_CLOSE',
      childPolicy: execution.config.childPolicy,
    });
    s.enforceHistoryCap();
  };
}

/** One of a decision task's clocks. @internal */
export function decisionClock(
  s: ServiceState,
  task: DecisionTask,
  clockSeqs: ClockSeqs,
  type: 'START_TO_CLOSE' | 'SCHEDULE_TO_START',
  armedAtMs: number,
  timeoutMs: number,
): PendingClock {
  const label = `decision ${type} ${task.execution.workflowId}`;
  const times = { armedAtMs, dueAtMs: armedAtMs + timeoutMs };
  return type === 'START_TO_CLOSE'
    ? serviceClock(
        clockSeqs,
        label,
        times,
        () => {
          timeOutDecisionTask(s, task);
          s.enforceHistoryCap();
        },
        (handle) => {
          task.timeout = handle;
        },
      )
    : serviceClock(
        clockSeqs,
        label,
        times,
        () => {
          timeOutUnstartedDecisionTask(s, task);
          s.enforceHistoryCap();
        },
        (handle) => {
          task.scheduleToStartTimeout = handle;
        },
      );
}

/** A timer of an open run, which makes its record once armed. @internal */
export function timerClock(
  s: ServiceState,
  execution: Execution,
  timerId: string,
  open: { startedEventId: number; startedMs: number; startToFireTimeout: string },
  clockSeqs: ClockSeqs,
): PendingClock {
  let record: TimerRecord | undefined;
  return serviceClock(
    clockSeqs,
    `timer ${timerId}`,
    { armedAtMs: open.startedMs, dueAtMs: open.startedMs + Number(open.startToFireTimeout) * 1000 },
    () => {
      if (record !== undefined) fireTimer(s, execution, record);
      s.enforceHistoryCap();
    },
    (handle) => {
      record = { timerId, startedEventId: open.startedEventId, handle };
      openWork(execution, 'openTimers').set(timerId, record);
    },
  );
}

/** Plans one of an activity task's clocks (none for a timeout of NONE). @internal */
export function planActivityClock(
  clocks: PendingClock[],
  s: ServiceState,
  task: ActivityTask,
  clockSeqs: ClockSeqs,
  clock: { type: ActivityTaskTimeoutType; duration: string; armedAtMs: number; dueAtMs?: number | undefined },
): void {
  const ms = durationMs(clock.duration);
  if (ms === undefined) return;
  const { type, armedAtMs } = clock;
  clocks.push(
    serviceClock(
      clockSeqs,
      `activity ${type} ${task.activityId}`,
      { armedAtMs, dueAtMs: clock.dueAtMs ?? armedAtMs + ms },
      () => {
        timeOutActivityTask(s, task, type);
        s.enforceHistoryCap();
      },
      (handle) => {
        task.timers[type] = handle;
      },
    ),
  );
}
