import type { EventType, HistoryEvent, WorkflowType } from '@aws-sdk/client-swf';
import { eventAttributesKey } from '../../history/appendEvent.js';
import { eventIdIn } from '../../history/eventFields.js';
import { EVENT_ROLES } from '../../history/eventRoles.js';
import { evolveOpenWork } from '../../history/evolveOpenWork.js';
import {
  createOpenWork,
  type OpenWork,
  type OpenWorkAnomaly,
  type OpenWorkTask,
} from '../../history/OpenWork.js';
import type { ActivityTimeouts } from '../model.js';
import { expectInteger, expectObject, expectString, fail, optionalString } from './expect.js';

/** ScheduleLambdaFunction's default START_TO_CLOSE, as lambdas.ts resolves it. */
const DEFAULT_LAMBDA_TIMEOUT_S = 900;

/** What a run's history says is open (for a CLOSED run: what was open when it closed). @internal */
export interface RunWork {
  scheduledDecision?: { scheduledEventId: number; scheduledMs: number; taskList: string } | undefined;
  startedDecision?:
    | {
        scheduledEventId: number;
        scheduledMs: number;
        startedEventId: number;
        startedMs: number;
        previousStartedEventId: number;
      }
    | undefined;
  readonly activities: Map<string, OpenActivity>;
  readonly timers: Map<string, { startedEventId: number; startedMs: number; startToFireTimeout: string }>;
  readonly lambdas: Map<string, OpenLambda>;
  /** By the parent's initiated event id. */
  readonly children: Map<number, OpenChild>;
  /** `newExecutionRunId` of a WorkflowExecutionContinuedAsNew close. */
  continuedAsRunId?: string;
  /** From WorkflowExecutionStarted: the parent, when this run is a child. */
  parent?: { workflowId: string; runId: string; initiatedEventId: number };
}

/** Events folded (or checked, or packed) between two yields of an import. @internal */
export const EVENTS_PER_STEP = 1000;

/** An activity task scheduled and not closed. @internal */
export interface OpenActivity {
  readonly activityId: string;
  readonly activityType: WorkflowType;
  readonly input?: string;
  readonly taskList: string;
  readonly taskPriority?: string;
  readonly scheduledEventId: number;
  readonly scheduledMs: number;
  readonly timeouts: ActivityTimeouts;
  startedEventId: number;
  startedMs?: number;
  cancelRequestedEventId?: number;
}

/** A Lambda task scheduled and not closed. @internal */
export interface OpenLambda {
  readonly id: string;
  readonly name: string;
  readonly input?: string;
  readonly scheduledEventId: number;
  readonly startToCloseTimeoutMs: number;
  startedEventId: number;
}

/** A child initiated and not closed, from the parent's history. @internal */
export interface OpenChild {
  readonly workflowId: string;
  readonly workflowType: { name: string; version: string };
  readonly initiatedEventId: number;
  startedEventId: number;
  runId?: string;
}

/** An event's attributes member, whatever its type. @internal */
export function attributesOf(event: HistoryEvent): Record<string, unknown> {
  return (event as unknown as Record<string, Record<string, unknown>>)[
    eventAttributesKey(event.eventType as EventType)
  ] as Record<string, unknown>;
}

/** An event's timestamp, epoch milliseconds. @internal */
export function eventMs(event: HistoryEvent): number {
  return (event.eventTimestamp as Date).getTime();
}

/** Why the import refuses an event that contradicts what its history left open. */
const CONTRADICTION: Record<OpenWorkAnomaly['kind'], string> = {
  afterClose: 'an event after the run closed',
  secondDecisionTaskScheduled: 'a second decision task scheduled',
  secondDecisionTaskStarted: 'starts a decision task while another is started',
  decisionTaskNotWaiting: 'names a decision task that is not waiting to start',
  decisionTaskNotStarted: 'names a decision task that is not started',
  idInUse: 'reuses the id of a task or timer that is still open',
  causeNotOpen: 'fails as if its id were open, but it is not',
  causeOpen: 'fails as if its id were unknown, but it is open',
  taskNotScheduled: 'starts a task that is not scheduled',
  taskNotStarted: 'closes a task that is not started (by that startedEventId)',
  cancelNotRequested: 'cancels a task that neither started nor was asked to cancel',
  cancelNotWaiting: 'cancels with startedEventId 0 a task that started or closed',
  cancelRequestUnknown: 'requests the cancellation of an activity that is not open',
  timeoutTypeUnknown: 'has an unknown timeoutType',
  timeoutNotPending: 'times out a task whose state rules that timeout out',
  alreadyClosed: 'ends a timer or external request that already ended',
  childNotInitiated: 'starts a child that is not waiting to start',
  childNotStarted: 'closes a child that is not started',
};

/** What opens the items an outcome must find (external requests are delivered in the call, never restored). */
const OPENERS: ReadonlySet<EventType> = new Set<EventType>([
  'ActivityTaskScheduled',
  'LambdaFunctionScheduled',
  'TimerStarted',
  'StartChildWorkflowExecutionInitiated',
]);

/** Whether the event is the outcome of a task, timer or child it names (0 only where SWF writes 0). */
function namesOpenedItem(type: EventType, a: Record<string, unknown>): boolean {
  return EVENT_ROLES[type].references.some(
    (reference) =>
      reference.target.some((target) => OPENERS.has(target)) &&
      (eventIdIn(a, reference.field) !== 0 || !reference.zero),
  );
}

type MemberCheck = (a: Record<string, unknown>, path: string, id: number) => void;

function typeName(value: unknown, path: string): void {
  const type = expectObject(value, path);
  expectString(type.name, `${path}.name`);
  expectString(type.version, `${path}.version`);
}

/** What the import reads of each event, checked where it is written. */
const MEMBERS: { readonly [T in EventType]?: MemberCheck } = {
  WorkflowExecutionStarted: (a, path, id) => {
    if (id !== 1) fail(path, 'WorkflowExecutionStarted must be the first event');
    if (a.parentWorkflowExecution === undefined) return;
    const parent = expectObject(a.parentWorkflowExecution, `${path}.parentWorkflowExecution`);
    expectString(parent.workflowId, `${path}.parentWorkflowExecution.workflowId`);
    expectString(parent.runId, `${path}.parentWorkflowExecution.runId`);
    expectInteger(a.parentInitiatedEventId, `${path}.parentInitiatedEventId`);
  },
  DecisionTaskScheduled: (a, path) => {
    expectString(expectObject(a.taskList, `${path}.taskList`).name, `${path}.taskList.name`);
  },
  ActivityTaskScheduled: (a, path) => {
    expectString(a.activityId, `${path}.activityId`);
    typeName(a.activityType, `${path}.activityType`);
    optionalString(a.input, `${path}.input`);
    expectString(expectObject(a.taskList, `${path}.taskList`).name, `${path}.taskList.name`);
    optionalString(a.taskPriority, `${path}.taskPriority`);
    for (const member of [
      'scheduleToStartTimeout',
      'scheduleToCloseTimeout',
      'startToCloseTimeout',
      'heartbeatTimeout',
    ]) {
      expectString(a[member], `${path}.${member}`);
    }
  },
  ActivityTaskCancelRequested: (a, path) => {
    expectString(a.activityId, `${path}.activityId`);
  },
  TimerFired: (a, path) => {
    expectString(a.timerId, `${path}.timerId`);
  },
  TimerCanceled: (a, path) => {
    expectString(a.timerId, `${path}.timerId`);
  },
  TimerStarted: (a, path) => {
    expectString(a.timerId, `${path}.timerId`);
    if (!/^\d+$/.test(expectString(a.startToFireTimeout, `${path}.startToFireTimeout`))) {
      fail(`${path}.startToFireTimeout`, 'expected seconds');
    }
  },
  LambdaFunctionScheduled: (a, path) => {
    expectString(a.id, `${path}.id`);
    expectString(a.name, `${path}.name`);
    optionalString(a.input, `${path}.input`);
    optionalString(a.startToCloseTimeout, `${path}.startToCloseTimeout`);
  },
  StartChildWorkflowExecutionInitiated: (a, path) => {
    expectString(a.workflowId, `${path}.workflowId`);
    typeName(a.workflowType, `${path}.workflowType`);
  },
  ChildWorkflowExecutionStarted: (a, path) => {
    expectString(
      expectObject(a.workflowExecution, `${path}.workflowExecution`).runId,
      `${path}.workflowExecution.runId`,
    );
  },
  WorkflowExecutionContinuedAsNew: (a, path) => {
    expectString(a.newExecutionRunId, `${path}.newExecutionRunId`);
  },
};

/**
 * Folds a run's history into what is open (the one fold over a history, `evolveOpenWork`): the
 * decision task slots, activity tasks, timers, Lambda tasks and children (for a CLOSED run: what
 * was open when it closed). Refuses histories that contradict themselves, so a restored run never
 * starts from an impossible state, and events that lack what the import reads of them.
 * Yields every thousand events, so a long history does not hold its caller in one piece.
 * @internal
 */
export function* foldRunWork(
  events: readonly HistoryEvent[],
  status: 'OPEN' | 'CLOSED',
  runPath: string,
): Generator<void, RunWork, void> {
  const state = createOpenWork(events, false);
  for (const event of events) {
    if ((event.eventId as number) % EVENTS_PER_STEP === 0) yield;
    const id = event.eventId as number;
    const type = event.eventType as EventType;
    const path = `${runPath}.events[${id - 1}]`;
    const a = attributesOf(event);
    if (state.closeEventId !== 0) fail(path, 'an event after the run closed');
    // A missing id reads as 0 (the simulator leaves out latestCancelRequestedEventId when there is none).
    for (const { field } of EVENT_ROLES[type].references) {
      if (a[field] !== undefined) expectInteger(a[field], `${path}.${field}`);
    }
    MEMBERS[type]?.(a, path, id);
    if (EVENT_ROLES[type].close && status === 'OPEN')
      fail(path, `${type} in the history of a run marked OPEN`);
    const { anomalies, subject } = evolveOpenWork(state, event);
    const anomaly = anomalies[0];
    if (anomaly !== undefined) fail(path, CONTRADICTION[anomaly.kind]);
    if (subject?.kind === 'timer' && subject.timerId !== a.timerId) {
      fail(path, `names timer ${String(a.timerId)}, but its startedEventId started timer ${subject.timerId}`);
    }
    if (subject === undefined && namesOpenedItem(type, a))
      fail(path, 'ends a task, timer or child that is not open');
  }
  if (status === 'CLOSED' && state.closeEventId === 0)
    fail(`${runPath}.events`, 'a CLOSED run whose history has no close event');
  return runWorkOf(state, events);
}

/** The open items of the folded state, in the records the import restores. */
function runWorkOf(state: OpenWork, events: readonly HistoryEvent[]): RunWork {
  const eventAt = (id: number): HistoryEvent => events[id - 1] as HistoryEvent;
  const first = attributesOf(eventAt(1));
  const parent =
    eventAt(1).eventType === 'WorkflowExecutionStarted'
      ? (first.parentWorkflowExecution as { workflowId: string; runId: string } | undefined)
      : undefined;
  const close = state.closeEventId === 0 ? undefined : eventAt(state.closeEventId);
  const scheduled = state.scheduledDecision;
  const started = state.startedDecision;
  return {
    ...(scheduled !== undefined && {
      scheduledDecision: {
        scheduledEventId: scheduled.scheduledEventId,
        scheduledMs: scheduled.scheduledMs as number,
        taskList: (scheduled.scheduledAttributes.taskList as { name: string }).name,
      },
    }),
    ...(started !== undefined && {
      startedDecision: {
        scheduledEventId: started.scheduledEventId,
        scheduledMs: started.scheduledMs as number,
        startedEventId: started.startedEventId,
        startedMs: started.startedMs as number,
        // No decision task completed while this one was started.
        previousStartedEventId: state.lastCompletedStartedEventId,
      },
    }),
    activities: new Map([...state.openActivities].map(([id, task]) => [id, openActivity(task)])),
    timers: new Map(
      [...state.openTimers].map(([timerId, timer]) => [
        timerId,
        {
          startedEventId: timer.startedEventId,
          startedMs: timer.startedMs as number,
          startToFireTimeout: timer.attributes.startToFireTimeout as string,
        },
      ]),
    ),
    lambdas: new Map([...state.openLambdas].map(([id, task]) => [id, openLambda(task)])),
    children: new Map(
      [...state.children.values()]
        .filter((child) => child.phase !== 'closed')
        .map((child) => {
          const a = child.attributes;
          const type = a.workflowType as { name: string; version: string };
          const runId =
            child.startedEventId === 0
              ? undefined
              : (attributesOf(eventAt(child.startedEventId)).workflowExecution as { runId: string }).runId;
          const openChild: OpenChild = {
            workflowId: a.workflowId as string,
            workflowType: { name: type.name, version: type.version },
            initiatedEventId: child.initiatedEventId,
            startedEventId: child.startedEventId,
            ...(runId !== undefined && { runId }),
          };
          return [child.initiatedEventId, openChild];
        }),
    ),
    ...(close?.eventType === 'WorkflowExecutionContinuedAsNew' && {
      continuedAsRunId: attributesOf(close).newExecutionRunId as string,
    }),
    ...(parent !== undefined && {
      parent: {
        workflowId: parent.workflowId,
        runId: parent.runId,
        initiatedEventId: first.parentInitiatedEventId as number,
      },
    }),
  };
}

function openActivity(task: OpenWorkTask): OpenActivity {
  const a = task.attributes;
  const type = a.activityType as WorkflowType;
  return {
    activityId: task.id,
    activityType: { name: type.name, version: type.version },
    ...(a.input !== undefined && { input: a.input as string }),
    taskList: (a.taskList as { name: string }).name,
    ...(a.taskPriority !== undefined && { taskPriority: a.taskPriority as string }),
    scheduledEventId: task.scheduledEventId,
    scheduledMs: task.scheduledMs as number,
    timeouts: {
      scheduleToStartTimeout: a.scheduleToStartTimeout as string,
      scheduleToCloseTimeout: a.scheduleToCloseTimeout as string,
      startToCloseTimeout: a.startToCloseTimeout as string,
      heartbeatTimeout: a.heartbeatTimeout as string,
    },
    startedEventId: task.startedEventId,
    ...(task.phase === 'started' && { startedMs: task.startedMs as number }),
    ...(task.cancelRequestedEventId !== 0 && { cancelRequestedEventId: task.cancelRequestedEventId }),
  };
}

function openLambda(task: OpenWorkTask): OpenLambda {
  const a = task.attributes;
  return {
    id: task.id,
    name: a.name as string,
    ...(a.input !== undefined && { input: a.input as string }),
    scheduledEventId: task.scheduledEventId,
    startToCloseTimeoutMs: Number(a.startToCloseTimeout ?? DEFAULT_LAMBDA_TIMEOUT_S) * 1000,
    startedEventId: task.startedEventId,
  };
}
