import type { ActivityTaskTimeoutType, HistoryEvent } from '@aws-sdk/client-swf';
import type { TimerHandle } from '../../clock/VirtualClock.js';
import { timeOutActivityTask } from '../activityTasks.js';
import { timeOutDecisionTask } from '../decisionTasks.js';
import { durationMs, priorityOf } from '../durations.js';
import { closeExecution } from '../executions.js';
import {
  lastEvent,
  newExecution,
  runKey,
  settleExecution,
  typeKey,
  type ActivityTask,
  type ChildRecord,
  type DecisionTask,
  type DomainRecord,
  type Execution,
  type LambdaTask,
  type ParentLink,
  type TimerRecord,
  type TypeRecord,
} from '../model.js';
import { retentionMs } from '../retention.js';
import type { ServiceState } from '../ServiceState.js';
import { fireTimer } from '../timers.js';
import { VersionedMap } from '../VersionedMap.js';
import { checkSnapshot, type CheckedDomain, type CheckedRun } from './checkSnapshot.js';
import type { OpenActivity, OpenLambda, RunWork } from './foldRunWork.js';
import {
  SnapshotError,
  type DomainSnapshot,
  type ServiceSnapshot,
  type TaskHint,
  type TypeSnapshot,
} from './ServiceSnapshot.js';

/**
 * Rebuilds the records of `snapshot` into `state`, which must hold no domain yet (a fresh service).
 * Everything is checked before anything changes: a snapshot that does not fit throws a
 * {@link SnapshotError} and leaves `state` as it was. The clock moves forward to the snapshot's
 * time if it is behind; clocks already due (the state's clock is later) fire on its next advance.
 *
 * Import into a service whose random stream differs from the exporter's (another seed), or new runs
 * may draw runIds the snapshot already holds.
 * @throws SnapshotError
 * @public
 */
export function importState(state: ServiceState, snapshot: ServiceSnapshot): void {
  runSteps(importStateSteps(state, snapshot));
}

/**
 * {@link importState} in steps: it yields after each run (and every so many clocks), so a server can
 * import a large snapshot without holding up its other clients. Until the steps are done `state`
 * is half built: import into a service nobody else uses yet. On a {@link SnapshotError} (thrown
 * before anything changes) drop the steps.
 * @internal
 */
export function* importStateSteps(
  state: ServiceState,
  snapshot: ServiceSnapshot,
): Generator<void, void, void> {
  const domains = yield* checkSnapshot(snapshot);
  if (state.domains.size > 0) {
    throw new SnapshotError('importState: the service already has domains; import into a fresh one');
  }
  yield* commit(state, snapshot, domains);
}

/** Runs steps to their end at once; returns what the last one returns. @internal */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** Clocks armed between two yields of a commit. */
const CLOCKS_PER_STEP = 1000;

/** A clock to arm, sorted by when it was armed so equal deadlines fire in the original order. */
interface PendingClock {
  readonly armedAtMs: number;
  readonly dueAtMs: number;
  readonly label: string;
  /** See `TimerOptions.idle`. */
  readonly idle?: boolean;
  readonly fire: () => void;
  readonly assign: (handle: TimerHandle) => void;
  /** Its place in the exporter's arming order, when the snapshot records it (`clockSeqs`). */
  readonly seq?: number | undefined;
}

/** A task to give its place in a queue, in scheduling order. */
interface PendingTask {
  readonly scheduledMs: number;
  readonly hintSeq: number | undefined;
  readonly create: (seq: number) => void;
}

interface Built {
  readonly execution: Execution;
  readonly run: CheckedRun;
}

/** Import, phase 2: rebuilds the checked domains into `state`. Cannot fail: every check happened in phase 1. */
function* commit(
  state: ServiceState,
  snapshot: ServiceSnapshot,
  domains: CheckedDomain[],
): Generator<void, void, void> {
  if (state.now() < snapshot.clockMs) state.clock.advanceTo(snapshot.clockMs);
  // New tokens must never equal one the exporter issued: a stale one would name a new task.
  state.tokenIssuer.skipTo(snapshot.tokensIssued);
  const clocks: PendingClock[] = [];
  const tasks: PendingTask[] = [];
  for (const checked of domains) {
    const domain = buildDomain(checked.source);
    state.domains.set(domain.name, domain);
    const built: Built[] = [];
    for (const run of checked.runs) {
      const execution = buildExecution(domain, run);
      domain.runs.set(runKey(execution.workflowId, execution.runId), execution);
      if (execution.status === 'OPEN') domain.openRuns.set(execution.workflowId, execution);
      built.push({ execution, run });
      yield;
    }
    for (const { execution, run } of built) {
      if (execution.status === 'OPEN') restoreOpenWork(state, execution, run, clocks, tasks);
      else restoreClosedRun(execution, run, clocks);
      restoreChildren(domain, execution, run.work);
      yield;
    }
    for (const { execution, run } of built) {
      restoreParentLink(domain, execution, run.work);
      if (execution.status === 'CLOSED') settleExecution(execution);
      yield;
    }
  }
  // Queue places in the original scheduling order (a task's seq grows with virtual time).
  const queued = tasks
    .map((task, index) => ({ task, index }))
    .sort(
      (x, y) =>
        x.task.scheduledMs - y.task.scheduledMs ||
        (x.task.hintSeq ?? Infinity) - (y.task.hintSeq ?? Infinity) ||
        x.index - y.index,
    );
  for (const { task } of queued) {
    task.create(state.nextTaskSeq());
    yield;
  }
  // Clocks in arming order: ties at one deadline then fire as they would have (up to ties between
  // different runs armed in the same virtual millisecond, whose original order is not recorded
  // unless the snapshot carries `clockSeqs`).
  const ordered = clocks
    .map((clock, index) => ({ clock, index }))
    .sort((x, y) => x.clock.armedAtMs - y.clock.armedAtMs || x.index - y.index);
  for (const [i, { clock }] of ordered.entries()) {
    clock.assign(
      state.clock.schedule(
        clock.dueAtMs,
        clock.label,
        () => {
          clock.fire();
          state.enforceHistoryCap();
        },
        { idle: clock.idle === true, ...(clock.seq !== undefined && { seq: clock.seq }) },
      ),
    );
    if (i % CLOCKS_PER_STEP === CLOCKS_PER_STEP - 1) yield;
  }
}

function buildDomain(source: DomainSnapshot): DomainRecord {
  const types = <C>(list: TypeSnapshot<C>[]): Map<string, TypeRecord<C>> =>
    new Map(list.map((t) => [typeKey(t.name, t.version), structuredClone(t) as TypeRecord<C>]));
  return {
    name: source.name,
    status: source.status,
    ...(source.description !== undefined && { description: source.description }),
    retentionPeriodInDays: source.retentionPeriodInDays,
    arn: source.arn,
    tags: structuredClone(source.tags),
    workflowTypes: types(source.workflowTypes),
    activityTypes: types(source.activityTypes),
    runs: new VersionedMap(),
    openRuns: new VersionedMap(),
    decisionQueues: new Map(),
    activityQueues: new Map(),
  };
}

function buildExecution(domain: DomainRecord, run: CheckedRun): Execution {
  const r = run.source;
  return newExecution({
    domain,
    workflowId: r.workflowId,
    runId: r.runId,
    workflowType: r.workflowType,
    config: structuredClone(r.config),
    events: run.events,
    startMs: r.startMs,
    status: r.status,
    closeStatus: r.closeStatus,
    closeMs: r.closeMs,
    cancelRequested: r.cancelRequested,
    latestExecutionContext: r.latestExecutionContext,
    latestActivityTaskMs: r.latestActivityTaskMs,
    lastCompletedStartedEventId: r.lastCompletedStartedEventId,
    overriddenTaskList:
      r.overriddenTaskList === undefined ? undefined : structuredClone(r.overriddenTaskList),
    overrideScheduleToStartTimeout: r.overrideScheduleToStartTimeout,
  });
}

/** A clock that already ran out or was canceled when its run closed: only its record remains. */
function spentHandle(dueAtMs: number, label: string): TimerHandle {
  return { dueAtMs, label, seq: -1, cancel: () => undefined };
}

function activityRecord(
  execution: Execution,
  open: OpenActivity,
  seq: number,
  hint?: TaskHint,
): ActivityTask {
  return {
    kind: 'activity',
    execution,
    activityId: open.activityId,
    activityType: { name: open.activityType.name, version: open.activityType.version },
    ...(open.input !== undefined && { input: open.input }),
    scheduledEventId: open.scheduledEventId,
    taskList: open.taskList,
    priority: priorityOf(open.taskPriority),
    seq,
    timeouts: open.timeouts,
    state: open.startedEventId !== 0 ? 'STARTED' : 'SCHEDULED',
    queued: false,
    startedEventId: open.startedEventId,
    ...(open.cancelRequestedEventId !== undefined && { cancelRequestedEventId: open.cancelRequestedEventId }),
    ...(hint?.heartbeatDetails !== undefined && { heartbeatDetails: hint.heartbeatDetails }),
    timers: {},
  };
}

function lambdaRecord(open: OpenLambda): LambdaTask {
  return {
    id: open.id,
    name: open.name,
    ...(open.input !== undefined && { input: open.input }),
    scheduledEventId: open.scheduledEventId,
    startToCloseTimeoutMs: open.startToCloseTimeoutMs,
    startedEventId: open.startedEventId,
  };
}

/**
 * A closed run keeps what was open when it closed, as the service does (Describe still counts its
 * activity tasks, timers and Lambda tasks), with every clock spent; its retention clock runs on.
 */
function restoreClosedRun(execution: Execution, run: CheckedRun, clocks: PendingClock[]): void {
  const { work } = run;
  for (const open of work.activities.values()) {
    const task = activityRecord(execution, open, -1);
    task.state = 'CLOSED';
    execution.openActivities.set(task.activityId, task);
  }
  for (const [timerId, open] of work.timers) {
    const dueAtMs = open.startedMs + Number(open.startToFireTimeout) * 1000;
    execution.openTimers.set(timerId, {
      timerId,
      startedEventId: open.startedEventId,
      handle: spentHandle(dueAtMs, `timer ${timerId}`),
    });
  }
  for (const open of work.lambdas.values()) execution.openLambdas.set(open.id, lambdaRecord(open));
  const closeMs = execution.closeMs as number;
  const { domain, workflowId, runId } = execution;
  clocks.push({
    armedAtMs: closeMs,
    dueAtMs: closeMs + retentionMs(domain.retentionPeriodInDays),
    label: `retention ${workflowId} ${runId}`,
    idle: true,
    fire: () => {
      const key = runKey(workflowId, runId);
      if (domain.runs.get(key) === execution) domain.runs.delete(key);
    },
    assign: () => undefined,
  });
}

/** Recreates the open tasks and timers of an OPEN run and plans their clocks and queue places. */
function restoreOpenWork(
  s: ServiceState,
  execution: Execution,
  run: CheckedRun,
  clocks: PendingClock[],
  tasks: PendingTask[],
): void {
  const { work, hints } = run;
  const { config, workflowId } = execution;
  const seqOf = (label: string): number | undefined => run.source.clockSeqs?.[label];
  const executionTimeoutMs = durationMs(config.executionStartToCloseTimeout);
  if (executionTimeoutMs !== undefined) {
    clocks.push({
      armedAtMs: execution.startMs,
      dueAtMs: execution.startMs + executionTimeoutMs,
      label: `execution START_TO_CLOSE ${workflowId}`,
      seq: seqOf(`execution START_TO_CLOSE ${workflowId}`),
      fire: () =>
        closeExecution(s, execution, 'TIMED_OUT', 'WorkflowExecutionTimedOut', {
          timeoutType: 'START_TO_CLOSE',
          childPolicy: config.childPolicy,
        }),
      assign: (handle) => {
        execution.executionTimeout = handle;
      },
    });
  }

  const started = work.startedDecision;
  if (started !== undefined) {
    const hint = hints.get(started.scheduledEventId);
    tasks.push({
      scheduledMs: started.scheduledMs,
      hintSeq: hint?.seq,
      create: (seq) => {
        const task: DecisionTask = {
          kind: 'decision',
          execution,
          scheduledEventId: started.scheduledEventId,
          taskList: config.taskList.name as string,
          priority: priorityOf(config.taskPriority),
          seq,
          state: 'STARTED',
          queued: false,
          startedEventId: started.startedEventId,
          previousStartedEventId: started.previousStartedEventId,
        };
        if (hint?.taskToken !== undefined) {
          task.token = hint.taskToken;
          s.registerToken(hint.taskToken, task);
        }
        execution.startedDecision = task;
        const timeoutMs = durationMs(config.taskStartToCloseTimeout);
        if (timeoutMs !== undefined) {
          clocks.push({
            armedAtMs: started.startedMs,
            dueAtMs: started.startedMs + timeoutMs,
            label: `decision START_TO_CLOSE ${workflowId}`,
            seq: seqOf(`decision START_TO_CLOSE ${workflowId}`),
            fire: () => timeOutDecisionTask(s, task),
            assign: (handle) => {
              task.timeout = handle;
            },
          });
        }
      },
    });
  }
  const scheduled = work.scheduledDecision;
  if (scheduled !== undefined) {
    tasks.push({
      scheduledMs: scheduled.scheduledMs,
      hintSeq: hints.get(scheduled.scheduledEventId)?.seq,
      create: (seq) => {
        const task: DecisionTask = {
          kind: 'decision',
          execution,
          scheduledEventId: scheduled.scheduledEventId,
          taskList: scheduled.taskList,
          priority: priorityOf(config.taskPriority),
          seq,
          state: 'SCHEDULED',
          queued: false,
          startedEventId: 0,
          previousStartedEventId: 0,
        };
        execution.scheduledDecision = task;
        // A task scheduled behind a started one waits outside the queue until that one is done.
        if (started === undefined) {
          task.queued = true;
          s.queue(execution.domain, 'decision', task.taskList).push(task);
        }
      },
    });
  }

  for (const open of work.activities.values()) {
    const hint = hints.get(open.scheduledEventId);
    tasks.push({
      scheduledMs: open.scheduledMs,
      hintSeq: hint?.seq,
      create: (seq) => restoreActivityTask(s, execution, open, hint, seq, clocks, seqOf),
    });
  }

  for (const [timerId, open] of work.timers) {
    let record: TimerRecord | undefined;
    clocks.push({
      armedAtMs: open.startedMs,
      dueAtMs: open.startedMs + Number(open.startToFireTimeout) * 1000,
      label: `timer ${timerId}`,
      seq: seqOf(`timer ${timerId}`),
      fire: () => {
        if (record !== undefined) fireTimer(s, execution, record);
      },
      assign: (handle) => {
        record = { timerId, startedEventId: open.startedEventId, handle };
        execution.openTimers.set(timerId, record);
      },
    });
  }
}

function restoreActivityTask(
  s: ServiceState,
  execution: Execution,
  open: OpenActivity,
  hint: TaskHint | undefined,
  seq: number,
  clocks: PendingClock[],
  seqOf: (label: string) => number | undefined,
): void {
  const task = activityRecord(execution, open, seq, hint);
  const isStarted = task.state === 'STARTED';
  execution.openActivities.set(task.activityId, task);
  if (isStarted && hint?.taskToken !== undefined) {
    task.token = hint.taskToken;
    s.registerToken(hint.taskToken, task);
  }
  if (!isStarted) {
    task.queued = true;
    s.queue(execution.domain, 'activity', task.taskList).push(task);
  }
  const arm = (
    type: ActivityTaskTimeoutType,
    duration: string,
    armedAtMs: number,
    dueAtMs?: number,
  ): void => {
    const ms = durationMs(duration);
    if (ms === undefined) return;
    const label = `activity ${type} ${task.activityId}`;
    clocks.push({
      armedAtMs,
      dueAtMs: dueAtMs ?? armedAtMs + ms,
      label,
      seq: seqOf(label),
      fire: () => timeOutActivityTask(s, task, type),
      assign: (handle) => {
        task.timers[type] = handle;
      },
    });
  };
  // The service's arming order: SCHEDULE_TO_CLOSE before SCHEDULE_TO_START (swf-semantics §8.4).
  arm('SCHEDULE_TO_CLOSE', open.timeouts.scheduleToCloseTimeout, open.scheduledMs);
  if (!isStarted) {
    arm('SCHEDULE_TO_START', open.timeouts.scheduleToStartTimeout, open.scheduledMs);
    return;
  }
  const startedMs = open.startedMs as number;
  arm('START_TO_CLOSE', open.timeouts.startToCloseTimeout, startedMs);
  const heartbeatMs = durationMs(open.timeouts.heartbeatTimeout);
  const heartbeatDue = hint?.heartbeatTimeoutAtMs;
  if (heartbeatMs !== undefined && heartbeatDue !== undefined) {
    // The live clock was last armed at the last heartbeat.
    const armedAtMs = Math.max(startedMs, heartbeatDue - heartbeatMs);
    arm('HEARTBEAT', open.timeouts.heartbeatTimeout, armedAtMs, heartbeatDue);
  } else {
    arm('HEARTBEAT', open.timeouts.heartbeatTimeout, startedMs);
  }
}

/** The run a child's chain of continue-as-new runs has reached (or undefined if it is gone). */
function currentRunOf(
  domain: DomainRecord,
  workflowId: string,
  runId: string | undefined,
): Execution | undefined {
  let run = runId === undefined ? undefined : domain.runs.get(runKey(workflowId, runId));
  for (let hops = 0; run !== undefined && run.closeStatus === 'CONTINUED_AS_NEW' && hops < 10_000; hops++) {
    const last = lastEvent(run) as HistoryEvent;
    const next = last.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    const successor = next === undefined ? undefined : domain.runs.get(runKey(workflowId, next));
    if (successor === undefined) break;
    run = successor;
  }
  return run;
}

/**
 * The parent's records of its open children. An open parent has one per started, unfinished child;
 * a closed one keeps those whose child is still running (the service forgets a record when the
 * child's outcome is reported) and those initiated in the batch that closed it.
 */
function restoreChildren(domain: DomainRecord, parent: Execution, work: RunWork): void {
  for (const open of work.children.values()) {
    const run = currentRunOf(domain, open.workflowId, open.runId);
    if (parent.status === 'CLOSED' && open.startedEventId !== 0 && run?.status !== 'OPEN') continue;
    const record: ChildRecord = {
      workflowId: open.workflowId,
      workflowType: open.workflowType,
      initiatedEventId: open.initiatedEventId,
      startedEventId: open.startedEventId,
      ...(run !== undefined && { run }),
    };
    parent.openChildren.set(record.initiatedEventId, record);
  }
}

/**
 * A child run's link to its parent: the parent's record of it while it is open, else a record of
 * its own. A parent no longer retained is stood in for by a closed stub, so Describe still names it.
 */
function restoreParentLink(domain: DomainRecord, child: Execution, work: RunWork): void {
  const link = work.parent;
  if (link === undefined) return;
  const parent =
    domain.runs.get(runKey(link.workflowId, link.runId)) ?? stubParent(domain, link.workflowId, link.runId);
  const record =
    parent.openChildren.get(link.initiatedEventId) ??
    ({
      workflowId: child.workflowId,
      workflowType: child.workflowType,
      initiatedEventId: link.initiatedEventId,
      startedEventId: 0,
      run: child,
    } satisfies ChildRecord);
  (child as { parent?: ParentLink }).parent = { execution: parent, child: record };
}

function stubParent(domain: DomainRecord, workflowId: string, runId: string): Execution {
  return newExecution({
    domain,
    workflowId,
    runId,
    // Only the workflowId and runId of a closed parent are ever read.
    workflowType: { name: '', version: '' },
    config: {
      taskList: { name: '' },
      taskStartToCloseTimeout: 'NONE',
      executionStartToCloseTimeout: 'NONE',
      childPolicy: 'ABANDON',
    },
    events: [],
    startMs: 0,
    status: 'CLOSED',
  });
}
