import type {
  ActivityTypeConfiguration,
  ChildPolicy,
  Decision,
  HistoryEvent,
  TaskList,
  WorkflowType,
  WorkflowTypeConfiguration,
} from '@aws-sdk/client-swf';
import { attributesOf } from '../history/appendEvent.js';
import { decisionFromEvent } from '../history/decisionEvents.js';
import { batchDecisionEvents } from './decisionPoints.js';
import { inferExecution } from './inferExecution.js';

/** Task lists and types the re-enactment invents; never in a recorded history. @internal */
export const REENACT_PREFIX = 'swf-sim-reenact';

/** The workflow type of executions the re-enactment starts for its own needs. @internal */
export const STAND_IN_TYPE = { name: `${REENACT_PREFIX}-stand-in`, version: '1' } as const;

/**
 * One thing the re-enactment does, at the recorded instant `atMs` (ms after the run's start;
 * undefined when the recording has no timestamps). Every recorded event gives one step: the
 * client call that caused it, or `await` for what the service writes by itself (the step then
 * only moves virtual time to the recorded instant).
 * @internal
 */
export type ReenactStep = { readonly eventId: number; readonly atMs: number | undefined } & (
  | { readonly kind: 'await' }
  | { readonly kind: 'pollDecision'; readonly taskList: string; readonly identity?: string }
  | {
      readonly kind: 'respondDecision';
      readonly decisions: readonly Decision[];
      readonly executionContext?: string;
      readonly taskList?: TaskList;
      readonly taskListScheduleToStartTimeout?: string;
    }
  | {
      readonly kind: 'pollActivity';
      readonly taskList: string;
      readonly identity?: string;
      readonly activityId: string;
    }
  | { readonly kind: 'completeActivity'; readonly activityId: string; readonly result?: string }
  | {
      readonly kind: 'failActivity';
      readonly activityId: string;
      readonly reason?: string;
      readonly details?: string;
    }
  | { readonly kind: 'cancelActivity'; readonly activityId: string; readonly details?: string }
  | { readonly kind: 'heartbeat'; readonly activityId: string; readonly details?: string }
  | { readonly kind: 'signal'; readonly signalName: string; readonly input?: string }
  | { readonly kind: 'requestCancel' }
  | {
      /** A signal or cancel request another execution sent: that execution sends it again. */
      readonly kind: 'external';
      readonly request: 'signal' | 'cancel';
      readonly sender: { readonly workflowId: string; readonly runId?: string };
      /** The sender's `…Initiated` event id, which the recording names. */
      readonly initiatedEventId: number;
      readonly signalName?: string;
      readonly input?: string;
    }
  | {
      /** The parent closes and its child policy reaches the run (TERMINATE or REQUEST_CANCEL). */
      readonly kind: 'parentPolicy';
      readonly childPolicy: ChildPolicy;
    }
  | {
      readonly kind: 'terminate';
      readonly reason?: string;
      readonly details?: string;
      readonly childPolicy?: ChildPolicy;
    }
  | {
      readonly kind: 'closeChild';
      readonly workflowId: string;
      readonly how: 'complete' | 'fail' | 'cancel' | 'terminate';
      readonly result?: string;
      readonly reason?: string;
      readonly details?: string;
    }
  | {
      readonly kind: 'typeChange';
      readonly typeKind: 'workflow' | 'activity';
      readonly type: WorkflowType;
      readonly change: 'register' | 'deprecate' | 'undeprecate' | 'delete';
    }
);

/** A type to register before the run starts, with the defaults some recorded failure needs. @internal */
export interface TypeRegistration {
  readonly kind: 'workflow' | 'activity';
  readonly type: { readonly name: string; readonly version: string };
  readonly defaults: Partial<WorkflowTypeConfiguration & ActivityTypeConfiguration>;
  /** Deprecated right after registration (its first recorded use needs it deprecated). */
  readonly deprecated: boolean;
}

/** What a recorded Lambda task did, for the simulated function to do again. @internal */
export interface LambdaOutcome {
  readonly name: string;
  /** Virtual time from the task's start (its batch) to its outcome. */
  readonly durationMs: number;
  readonly outcome:
    | { readonly kind: 'completed'; readonly result: string }
    | { readonly kind: 'failed'; readonly reason: string; readonly details?: string }
    | { readonly kind: 'timedOut' }
    | { readonly kind: 'open' };
}

/** Everything the re-enactment needs, derived from the recorded history alone. @internal */
export interface ReenactmentPlan {
  /** The instant of the first recorded event (epoch ms), or undefined without timestamps. */
  readonly startMs: number | undefined;
  /** The run's workflowId, as inferred (or given). */
  readonly workflowId: string;
  /** The run's recorded runId, when the history tells it. */
  readonly recordedRunId?: string;
  /** StartWorkflowExecution's members (domain and workflowId aside). */
  readonly start: {
    readonly workflowType: WorkflowType;
    readonly taskList: TaskList;
    readonly executionStartToCloseTimeout: string;
    readonly taskStartToCloseTimeout: string;
    readonly childPolicy: ChildPolicy;
    readonly input?: string;
    readonly tagList?: string[];
    readonly lambdaRole?: string;
    readonly taskPriority?: string;
  };
  /** The first recorded event is not WorkflowExecutionStarted: event 1 is made up. */
  readonly synthesizedStart: boolean;
  /**
   * The run is a child: a stand-in parent (this workflowId) starts it with a decision whose
   * `StartChildWorkflowExecutionInitiated` lands at `initiatedEventId`.
   */
  readonly parent?: {
    readonly workflowId: string;
    readonly runId?: string;
    readonly initiatedEventId: number;
  };
  /** The run continues an earlier run (its recorded runId): a stand-in run continues as new into it. */
  readonly continuedFrom?: string;
  /** Other executions whose recorded signals or cancel requests reach the run: stand-ins send them. */
  readonly senders: readonly { readonly workflowId: string; readonly runId?: string }[];
  readonly registrations: readonly TypeRegistration[];
  readonly steps: readonly ReenactStep[];
  readonly lambdas: readonly LambdaOutcome[];
  /** workflowIds that must have an open run (on a private task list) for recorded outcomes. */
  readonly standIns: readonly string[];
  /** Recorded runIds of other executions, by workflowId, in order of appearance. */
  readonly recordedRunIds: ReadonlyMap<string, readonly string[]>;
  readonly serviceOptions: {
    readonly decisionScheduleToStartAttribute: boolean;
    readonly lambdaAvailable: boolean;
    readonly maxHistoryEvents?: number;
  };
  /** What the re-enactment cannot reproduce exactly, found before running (one sentence each). */
  readonly limitations: readonly string[];
}

/** Options of {@link planReenactment}. @internal */
export interface PlanOptions {
  readonly workflowId?: string;
  readonly source?: string;
}

const ACTIVITY_DEFAULT_ORDER = [
  ['TASK_LIST', 'defaultTaskList'],
  ['SCHEDULE_TO_START_TIMEOUT', 'defaultTaskScheduleToStartTimeout'],
  ['SCHEDULE_TO_CLOSE_TIMEOUT', 'defaultTaskScheduleToCloseTimeout'],
  ['START_TO_CLOSE_TIMEOUT', 'defaultTaskStartToCloseTimeout'],
  ['HEARTBEAT_TIMEOUT', 'defaultTaskHeartbeatTimeout'],
] as const;

const WORKFLOW_DEFAULT_ORDER = [
  ['TASK_LIST', 'defaultTaskList'],
  ['EXECUTION_START_TO_CLOSE_TIMEOUT', 'defaultExecutionStartToCloseTimeout'],
  ['TASK_START_TO_CLOSE_TIMEOUT', 'defaultTaskStartToCloseTimeout'],
  ['CHILD_POLICY', 'defaultChildPolicy'],
] as const;

const PLACEHOLDER_DEFAULTS: Record<string, unknown> = {
  defaultTaskList: { name: `${REENACT_PREFIX}-default` },
  defaultTaskScheduleToStartTimeout: 'NONE',
  defaultTaskScheduleToCloseTimeout: 'NONE',
  defaultTaskStartToCloseTimeout: 'NONE',
  defaultTaskHeartbeatTimeout: 'NONE',
  defaultExecutionStartToCloseTimeout: '3600',
  defaultChildPolicy: 'TERMINATE',
};

/** Heartbeats planned for one activity at most; beyond, the plan gives up on that activity. */
const MAX_HEARTBEATS = 10_000;

type TypeState = 'registered' | 'deprecated' | 'absent';

/**
 * Plans the re-enactment of an ascending, usable history (see `requireUsableHistory`, which may
 * let it start at event 2): registrations with no defaults (the events carry the resolved values,
 * which the re-enacted decisions then pass explicitly — so whatever defaults the real types had,
 * the events come out the same), only the defaults a recorded `DEFAULT_…_UNDEFINED` failure
 * needs; the start with its recorded configuration; and one step per recorded event.
 * @internal
 */
export function planReenactment(events: readonly HistoryEvent[], options: PlanOptions = {}): ReenactmentPlan {
  const byId = new Map<number, HistoryEvent>();
  for (const event of events) byId.set(event.eventId as number, event);
  const startMs = events[0]?.eventTimestamp?.getTime();
  const at = (event: HistoryEvent | undefined): number | undefined => {
    const t = event?.eventTimestamp?.getTime();
    return t === undefined || startMs === undefined ? undefined : t - startMs;
  };
  const limitations: string[] = [];
  const inferred = inferExecution(events, options.source);
  const workflowId = options.workflowId ?? inferred.workflowId ?? REENACT_PREFIX;
  const first = events[0] as HistoryEvent;
  const synthesizedStart = first.eventType !== 'WorkflowExecutionStarted';
  const start = synthesizedStart ? synthesizeStart(events) : startOf(first);
  const startAttributes = synthesizedStart ? {} : attributesOf(first);
  const parentExecution = startAttributes.parentWorkflowExecution as
    { workflowId?: string; runId?: string } | undefined;
  const parentInitiatedEventId = startAttributes.parentInitiatedEventId;
  const parent =
    parentExecution?.workflowId !== undefined && typeof parentInitiatedEventId === 'number'
      ? {
          workflowId: parentExecution.workflowId,
          ...(parentExecution.runId !== undefined && { runId: parentExecution.runId }),
          initiatedEventId: parentInitiatedEventId,
        }
      : undefined;
  const continuedFrom =
    typeof startAttributes.continuedExecutionRunId === 'string'
      ? startAttributes.continuedExecutionRunId
      : undefined;
  const senders = new Map<string, { workflowId: string; runId?: string }>();

  // Type registrations and their changes over the run.
  const timelines = new Map<
    string,
    {
      kind: 'workflow' | 'activity';
      type: { name: string; version: string };
      states: { eventId: number; state: TypeState }[];
      defaults: Record<string, unknown>;
    }
  >();
  const need = (kind: 'workflow' | 'activity', type: unknown, eventId: number, state: TypeState): void => {
    const t = type as { name?: string; version?: string } | undefined;
    if (t?.name === undefined || t.version === undefined) return;
    const key = `${kind}\u0000${t.name}\u0000${t.version}`;
    let timeline = timelines.get(key);
    if (timeline === undefined) {
      timeline = { kind, type: { name: t.name, version: t.version }, states: [], defaults: {} };
      timelines.set(key, timeline);
    }
    timeline.states.push({ eventId, state });
  };
  const needDefaults = (
    kind: 'workflow' | 'activity',
    type: unknown,
    cause: string,
    eventId: number,
  ): void => {
    const t = type as { name?: string; version?: string } | undefined;
    const order = kind === 'activity' ? ACTIVITY_DEFAULT_ORDER : WORKFLOW_DEFAULT_ORDER;
    const position = order.findIndex(([name]) => cause === `DEFAULT_${name}_UNDEFINED`);
    const timeline = timelines.get(`${kind}\u0000${String(t?.name)}\u0000${String(t?.version)}`);
    if (position < 0 || timeline === undefined) return;
    for (let i = 0; i < position; i++) {
      const member = (order[i] as readonly [string, string])[1];
      timeline.defaults[member] = PLACEHOLDER_DEFAULTS[member];
    }
    const missing = (order[position] as readonly [string, string])[1];
    if (timeline.defaults[missing] !== undefined) {
      limitations.push(
        `event ${String(eventId)}: ${cause} for a type another failure needs ${missing} defined for; only the first is reproduced`,
      );
    }
  };
  need('workflow', start.workflowType, 0, 'registered');

  const steps: ReenactStep[] = [];
  const lambdas: LambdaOutcome[] = [];
  const standIns = new Set<string>();
  const recordedRunIds = new Map<string, string[]>();
  const noteRunId = (id: string | undefined, runId: unknown): void => {
    if (id === undefined || typeof runId !== 'string') return;
    const list = recordedRunIds.get(id) ?? [];
    if (!list.includes(runId)) list.push(runId);
    recordedRunIds.set(id, list);
  };
  const noteSender = (sender: { workflowId?: string; runId?: string }): void => {
    const id = sender.workflowId as string;
    if (id === parent?.workflowId || id === workflowId || childIds.has(id) || senders.has(id)) return;
    senders.set(id, { workflowId: id, ...(sender.runId !== undefined && { runId: sender.runId }) });
  };
  const heartbeatPlans: { afterEventId: number; times: number[]; activityId: string; details?: string }[] =
    [];
  let decisionScheduleToStart: boolean | undefined;
  let lambdaAvailable = true;
  let maxHistoryEvents: number | undefined;
  const childIds = new Set<string>();

  const attrs = (event: HistoryEvent | undefined): Record<string, unknown> =>
    event === undefined ? {} : attributesOf(event);
  const scheduledActivity = (event: HistoryEvent): Record<string, unknown> =>
    attrs(byId.get(attrs(event).scheduledEventId as number));
  const optional = <K extends string>(key: K, value: unknown): { [P in K]?: string } =>
    (typeof value === 'string' ? { [key]: value } : {}) as { [P in K]?: string };

  for (const [position, event] of events.entries()) {
    const eventId = event.eventId as number;
    const a = attrs(event);
    const base = { eventId, atMs: at(event) };
    switch (event.eventType) {
      case 'DecisionTaskScheduled':
        decisionScheduleToStart ||= a.scheduleToStartTimeout !== undefined;
        steps.push({ ...base, kind: 'await' });
        break;
      case 'DecisionTaskStarted': {
        const scheduled = attrs(byId.get(a.scheduledEventId as number));
        const taskList =
          (scheduled.taskList as TaskList | undefined)?.name ?? start.taskList.name ?? REENACT_PREFIX;
        steps.push({ ...base, kind: 'pollDecision', taskList, ...optional('identity', a.identity) });
        break;
      }
      case 'DecisionTaskCompleted': {
        const batch = batchDecisionEvents(events, position);
        const decisions: Decision[] = [];
        for (const decisionEvent of batch) {
          const decision = reenactmentDecision(decisionEvent, start.workflowType, limitations);
          decisions.push(decision);
          const d = attrs(decisionEvent);
          const type = decisionEvent.eventType;
          if (type === 'ActivityTaskScheduled') {
            need('activity', d.activityType, eventId, 'registered');
          } else if (type === 'ScheduleActivityTaskFailed') {
            if (d.cause === 'ACTIVITY_TYPE_DOES_NOT_EXIST')
              need('activity', d.activityType, eventId, 'absent');
            else if (d.cause === 'ACTIVITY_TYPE_DEPRECATED')
              need('activity', d.activityType, eventId, 'deprecated');
            else {
              need('activity', d.activityType, eventId, 'registered');
              needDefaults('activity', d.activityType, String(d.cause), eventId);
            }
            if (String(d.cause).endsWith('_RATE_EXCEEDED') || String(d.cause).endsWith('_LIMIT_EXCEEDED')) {
              limitations.push(
                `event ${String(decisionEvent.eventId)}: ${String(d.cause)} is not reproduced (the simulator has no rate limits, and limits need 1 000 open tasks)`,
              );
            }
          } else if (type === 'StartChildWorkflowExecutionInitiated') {
            need('workflow', d.workflowType, eventId, 'registered');
            childIds.add(d.workflowId as string);
          } else if (type === 'StartChildWorkflowExecutionFailed') {
            if (d.cause === 'WORKFLOW_TYPE_DOES_NOT_EXIST')
              need('workflow', d.workflowType, eventId, 'absent');
            else if (d.cause === 'WORKFLOW_TYPE_DEPRECATED')
              need('workflow', d.workflowType, eventId, 'deprecated');
            else {
              need('workflow', d.workflowType, eventId, 'registered');
              needDefaults('workflow', d.workflowType, String(d.cause), eventId);
            }
          } else if (type === 'WorkflowExecutionContinuedAsNew') {
            need('workflow', d.workflowType, eventId, 'registered');
          } else if (type === 'ContinueAsNewWorkflowExecutionFailed') {
            if (d.cause === 'WORKFLOW_TYPE_DEPRECATED')
              need('workflow', start.workflowType, eventId, 'deprecated');
            else if (d.cause !== 'WORKFLOW_TYPE_DOES_NOT_EXIST' && d.cause !== 'UNHANDLED_DECISION') {
              limitations.push(
                `event ${String(decisionEvent.eventId)}: ContinueAsNewWorkflowExecutionFailed ${String(d.cause)} is not reproduced`,
              );
            }
          } else if (type === 'ScheduleLambdaFunctionFailed') {
            if (d.cause === 'LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION') lambdaAvailable = false;
          } else if (type === 'RecordMarkerFailed') {
            limitations.push(
              `event ${String(decisionEvent.eventId)}: RecordMarkerFailed (an IAM denial) is not reproduced: the simulator has no IAM`,
            );
          } else if (
            type === 'SignalExternalWorkflowExecutionInitiated' ||
            type === 'RequestCancelExternalWorkflowExecutionInitiated'
          ) {
            const target = d.workflowId as string;
            noteRunId(target, d.runId);
            if (target !== workflowId && !childIds.has(target) && outcomeSucceeded(events, decisionEvent)) {
              standIns.add(target);
            }
          }
        }
        steps.push({
          ...base,
          kind: 'respondDecision',
          decisions,
          ...optional('executionContext', a.executionContext),
          ...(a.taskList !== undefined && { taskList: a.taskList as TaskList }),
          ...optional('taskListScheduleToStartTimeout', a.taskListScheduleToStartTimeout),
        });
        break;
      }
      case 'ActivityTaskStarted': {
        const scheduled = scheduledActivity(event);
        const activityId = scheduled.activityId as string;
        steps.push({
          ...base,
          kind: 'pollActivity',
          taskList: (scheduled.taskList as TaskList | undefined)?.name ?? '',
          activityId,
          ...optional('identity', a.identity),
        });
        const plan = planHeartbeats(events, event, scheduled, at);
        if (plan === 'tooMany') {
          limitations.push(
            `event ${String(eventId)}: the activity ran too long for its heartbeat timeout to plan heartbeats`,
          );
        } else if (plan !== undefined) {
          heartbeatPlans.push({ afterEventId: eventId, activityId, ...plan });
        }
        break;
      }
      case 'ActivityTaskCompleted':
        steps.push({
          ...base,
          kind: 'completeActivity',
          activityId: scheduledActivity(event).activityId as string,
          ...optional('result', a.result),
        });
        break;
      case 'ActivityTaskFailed':
        steps.push({
          ...base,
          kind: 'failActivity',
          activityId: scheduledActivity(event).activityId as string,
          ...optional('reason', a.reason),
          ...optional('details', a.details),
        });
        break;
      case 'ActivityTaskCanceled':
        if (typeof a.startedEventId === 'number' && a.startedEventId !== 0) {
          steps.push({
            ...base,
            kind: 'cancelActivity',
            activityId: scheduledActivity(event).activityId as string,
            ...optional('details', a.details),
          });
        } else {
          steps.push({ ...base, kind: 'await' });
        }
        break;
      case 'WorkflowExecutionSignaled': {
        const external = a.externalInitiatedEventId;
        const initiated = typeof external === 'number' && external !== 0 ? byId.get(external) : undefined;
        const sender = a.externalWorkflowExecution as { workflowId?: string; runId?: string } | undefined;
        const selfSignal =
          initiated?.eventType === 'SignalExternalWorkflowExecutionInitiated' &&
          attrs(initiated).workflowId === workflowId &&
          sender?.workflowId === workflowId;
        if (selfSignal) {
          steps.push({ ...base, kind: 'await' });
        } else if (typeof external === 'number' && external !== 0 && sender?.workflowId !== undefined) {
          noteSender(sender);
          steps.push({
            ...base,
            kind: 'external',
            request: 'signal',
            sender: {
              workflowId: sender.workflowId,
              ...(sender.runId !== undefined && { runId: sender.runId }),
            },
            initiatedEventId: external,
            signalName: a.signalName as string,
            ...optional('input', a.input),
          });
        } else {
          steps.push({
            ...base,
            kind: 'signal',
            signalName: a.signalName as string,
            ...optional('input', a.input),
          });
        }
        break;
      }
      case 'WorkflowExecutionCancelRequested': {
        const external = a.externalInitiatedEventId;
        const sender = a.externalWorkflowExecution as { workflowId?: string; runId?: string } | undefined;
        if (a.cause === 'CHILD_POLICY_APPLIED' && parent !== undefined) {
          steps.push({ ...base, kind: 'parentPolicy', childPolicy: 'REQUEST_CANCEL' });
        } else if (typeof external === 'number' && external !== 0 && sender?.workflowId !== undefined) {
          noteSender(sender);
          steps.push({
            ...base,
            kind: 'external',
            request: 'cancel',
            sender: {
              workflowId: sender.workflowId,
              ...(sender.runId !== undefined && { runId: sender.runId }),
            },
            initiatedEventId: external,
          });
        } else {
          if (a.cause !== undefined) {
            limitations.push(
              `event ${String(eventId)}: a cancel request by a parent's child policy, with no parent in the history, is re-enacted as a RequestCancelWorkflowExecution call, so its attributes differ`,
            );
          }
          steps.push({ ...base, kind: 'requestCancel' });
        }
        break;
      }
      case 'WorkflowExecutionTerminated':
        if (a.cause === 'EVENT_LIMIT_EXCEEDED') {
          maxHistoryEvents = eventId;
          steps.push({ ...base, kind: 'await' });
        } else if (a.cause === 'CHILD_POLICY_APPLIED' && parent !== undefined) {
          steps.push({ ...base, kind: 'parentPolicy', childPolicy: 'TERMINATE' });
        } else {
          if (a.cause === 'CHILD_POLICY_APPLIED') {
            limitations.push(
              `event ${String(eventId)}: a termination by a parent's child policy, with no parent in the history, is re-enacted as a TerminateWorkflowExecution call, so its cause differs`,
            );
          }
          steps.push({
            ...base,
            kind: 'terminate',
            ...optional('reason', a.reason),
            ...optional('details', a.details),
            ...(typeof a.childPolicy === 'string' && { childPolicy: a.childPolicy as ChildPolicy }),
          });
        }
        break;
      case 'ChildWorkflowExecutionStarted': {
        const execution = a.workflowExecution as { workflowId?: string; runId?: string } | undefined;
        noteRunId(execution?.workflowId, execution?.runId);
        steps.push({ ...base, kind: 'await' });
        break;
      }
      case 'ChildWorkflowExecutionCompleted':
      case 'ChildWorkflowExecutionFailed':
      case 'ChildWorkflowExecutionCanceled':
      case 'ChildWorkflowExecutionTerminated': {
        const how = (
          {
            ChildWorkflowExecutionCompleted: 'complete',
            ChildWorkflowExecutionFailed: 'fail',
            ChildWorkflowExecutionCanceled: 'cancel',
            ChildWorkflowExecutionTerminated: 'terminate',
          } as const
        )[event.eventType];
        steps.push({
          ...base,
          kind: 'closeChild',
          workflowId: (a.workflowExecution as { workflowId: string }).workflowId,
          how,
          ...optional('result', a.result),
          ...optional('reason', a.reason),
          ...optional('details', a.details),
        });
        break;
      }
      case 'LambdaFunctionScheduled': {
        const outcome = lambdaOutcome(events, event, byId, a);
        if (outcome !== undefined) lambdas.push(outcome);
        steps.push({ ...base, kind: 'await' });
        break;
      }
      case 'LambdaFunctionFailed':
        if (!isLambdaErrorDetails(a.details, a.reason)) {
          limitations.push(
            `event ${String(eventId)}: the simulator writes a failed Lambda's details as {"errorMessage", "errorType"} JSON; these recorded details are not of that form`,
          );
        }
        steps.push({ ...base, kind: 'await' });
        break;
      // Written by the service itself, by a decision batch, or as a decision task's bookkeeping:
      // the step only moves time to the recorded instant.
      case 'WorkflowExecutionStarted':
      case 'WorkflowExecutionCompleted':
      case 'WorkflowExecutionFailed':
      case 'WorkflowExecutionCanceled':
      case 'WorkflowExecutionContinuedAsNew':
      case 'WorkflowExecutionTimedOut':
      case 'CompleteWorkflowExecutionFailed':
      case 'FailWorkflowExecutionFailed':
      case 'CancelWorkflowExecutionFailed':
      case 'ContinueAsNewWorkflowExecutionFailed':
      case 'DecisionTaskTimedOut':
      case 'ActivityTaskScheduled':
      case 'ScheduleActivityTaskFailed':
      case 'ActivityTaskTimedOut':
      case 'ActivityTaskCancelRequested':
      case 'RequestCancelActivityTaskFailed':
      case 'TimerStarted':
      case 'StartTimerFailed':
      case 'TimerFired':
      case 'TimerCanceled':
      case 'CancelTimerFailed':
      case 'MarkerRecorded':
      case 'RecordMarkerFailed':
      case 'StartChildWorkflowExecutionInitiated':
      case 'StartChildWorkflowExecutionFailed':
      case 'ChildWorkflowExecutionTimedOut':
      case 'SignalExternalWorkflowExecutionInitiated':
      case 'ExternalWorkflowExecutionSignaled':
      case 'SignalExternalWorkflowExecutionFailed':
      case 'RequestCancelExternalWorkflowExecutionInitiated':
      case 'ExternalWorkflowExecutionCancelRequested':
      case 'RequestCancelExternalWorkflowExecutionFailed':
      case 'ScheduleLambdaFunctionFailed':
      case 'LambdaFunctionStarted':
      case 'StartLambdaFunctionFailed':
      case 'LambdaFunctionCompleted':
      case 'LambdaFunctionTimedOut':
      case undefined:
        steps.push({ ...base, kind: 'await' });
        break;
      default: {
        const unknown: never = event.eventType;
        throw new Error(`unknown event type ${String(unknown)}`);
      }
    }
  }

  const registrations: TypeRegistration[] = [];
  const typeSteps: ReenactStep[] = [];
  for (const timeline of timelines.values()) {
    const initial = timeline.states[0]?.state ?? 'registered';
    if (initial !== 'absent') {
      registrations.push({
        kind: timeline.kind,
        type: timeline.type,
        defaults: timeline.defaults,
        deprecated: initial === 'deprecated',
      });
    }
    let state = initial;
    for (const { eventId, state: wanted } of timeline.states) {
      if (wanted === state) continue;
      const change = (c: 'register' | 'deprecate' | 'undeprecate' | 'delete'): void => {
        typeSteps.push({
          eventId,
          atMs: undefined,
          kind: 'typeChange',
          typeKind: timeline.kind,
          type: timeline.type,
          change: c,
        });
      };
      if (state === 'absent') change('register');
      if (state === 'registered' && wanted !== 'registered') change('deprecate');
      if (state === 'deprecated' && wanted === 'registered') change('undeprecate');
      if (wanted === 'absent') change('delete');
      if (state === 'absent' && wanted === 'deprecated') change('deprecate');
      state = wanted;
    }
  }

  return {
    startMs,
    workflowId,
    ...(inferred.runId !== undefined && { recordedRunId: inferred.runId }),
    start,
    synthesizedStart,
    ...(parent !== undefined && { parent }),
    ...(continuedFrom !== undefined && { continuedFrom }),
    senders: [...senders.values()],
    registrations,
    steps: mergeSteps(steps, typeSteps, heartbeatPlans),
    lambdas,
    standIns: [...standIns],
    recordedRunIds,
    serviceOptions: {
      decisionScheduleToStartAttribute: decisionScheduleToStart ?? true,
      lambdaAvailable,
      ...(maxHistoryEvents !== undefined && { maxHistoryEvents }),
    },
    limitations,
  };
}

/** Type changes go right before the step of the batch that needs them; heartbeats at their instant. */
function mergeSteps(
  steps: readonly ReenactStep[],
  typeSteps: readonly ReenactStep[],
  heartbeats: readonly { afterEventId: number; times: number[]; activityId: string; details?: string }[],
): ReenactStep[] {
  const out: ReenactStep[] = [];
  const pending = heartbeats.flatMap((plan) =>
    plan.times.map((atMs) => ({
      afterEventId: plan.afterEventId,
      step: {
        eventId: plan.afterEventId,
        atMs,
        kind: 'heartbeat' as const,
        activityId: plan.activityId,
        ...(plan.details !== undefined && { details: plan.details }),
      },
    })),
  );
  pending.sort((x, y) => x.step.atMs - y.step.atMs);
  const started = new Set<number>();
  for (const step of steps) {
    while (pending.length > 0) {
      const next = pending[0] as (typeof pending)[number];
      if (!started.has(next.afterEventId) || step.atMs === undefined || step.atMs <= next.step.atMs) break;
      out.push(next.step);
      pending.shift();
    }
    for (const change of typeSteps)
      if (change.eventId === step.eventId) out.push({ ...change, atMs: step.atMs });
    out.push(step);
    started.add(step.eventId);
  }
  return out;
}

function startOf(event: HistoryEvent): ReenactmentPlan['start'] {
  const a = attributesOf(event);
  return {
    workflowType: a.workflowType as WorkflowType,
    taskList: a.taskList as TaskList,
    executionStartToCloseTimeout: a.executionStartToCloseTimeout as string,
    taskStartToCloseTimeout: a.taskStartToCloseTimeout as string,
    childPolicy: a.childPolicy as ChildPolicy,
    ...(typeof a.input === 'string' && { input: a.input }),
    ...(Array.isArray(a.tagList) && { tagList: a.tagList as string[] }),
    ...(typeof a.lambdaRole === 'string' && { lambdaRole: a.lambdaRole }),
    ...(typeof a.taskPriority === 'string' && { taskPriority: a.taskPriority }),
  };
}

/**
 * A start for an excerpt that begins at event 2 (the `DecisionTaskScheduled` written with the
 * start): the task list and decision timeout from that event, the child policy from the close
 * event, the execution timeout from a recorded `WorkflowExecutionTimedOut` (whole seconds after
 * the start), else a year.
 */
function synthesizeStart(events: readonly HistoryEvent[]): ReenactmentPlan['start'] {
  const scheduled = events.find((e) => e.eventType === 'DecisionTaskScheduled');
  const s = scheduled === undefined ? {} : attributesOf(scheduled);
  const close = events.find((e) =>
    ['WorkflowExecutionTimedOut', 'WorkflowExecutionTerminated', 'WorkflowExecutionContinuedAsNew'].includes(
      e.eventType ?? '',
    ),
  );
  const timedOut = events.find((e) => e.eventType === 'WorkflowExecutionTimedOut');
  const startMs = events[0]?.eventTimestamp?.getTime();
  const timedOutMs = timedOut?.eventTimestamp?.getTime();
  const executionStartToCloseTimeout =
    startMs !== undefined && timedOutMs !== undefined
      ? String(Math.max(1, Math.floor((timedOutMs - startMs) / 1000)))
      : '31536000';
  return {
    workflowType: { name: REENACT_PREFIX, version: '1' },
    taskList: (s.taskList as TaskList | undefined) ?? { name: REENACT_PREFIX },
    executionStartToCloseTimeout,
    taskStartToCloseTimeout: (s.startToCloseTimeout as string | undefined) ?? 'NONE',
    childPolicy:
      ((close === undefined ? undefined : attributesOf(close).childPolicy) as ChildPolicy | undefined) ??
      'TERMINATE',
  };
}

/**
 * The decision that wrote a batch event, ready to send again: every recorded member, plus what a
 * failure event does not record but the request needs (a timer duration, a signal name) and what
 * makes it fail the recorded way (a continue-as-new to a version that does not exist).
 */
function reenactmentDecision(
  event: HistoryEvent,
  workflowType: WorkflowType,
  limitations: string[],
): Decision {
  const decision = decisionFromEvent(event) as Decision;
  const a = attributesOf(event);
  if (event.eventType === 'StartTimerFailed') {
    return {
      ...decision,
      startTimerDecisionAttributes: {
        timerId: decision.startTimerDecisionAttributes?.timerId,
        startToFireTimeout: '0',
      },
    };
  }
  if (event.eventType === 'SignalExternalWorkflowExecutionFailed') {
    limitations.push(
      `event ${String(event.eventId)}: the signal's name and input are not recorded in its failure event`,
    );
    return {
      ...decision,
      signalExternalWorkflowExecutionDecisionAttributes: {
        workflowId: decision.signalExternalWorkflowExecutionDecisionAttributes?.workflowId,
        ...decision.signalExternalWorkflowExecutionDecisionAttributes,
        signalName: REENACT_PREFIX,
      },
    };
  }
  if (
    event.eventType === 'ContinueAsNewWorkflowExecutionFailed' &&
    a.cause === 'WORKFLOW_TYPE_DOES_NOT_EXIST'
  ) {
    return {
      ...decision,
      continueAsNewWorkflowExecutionDecisionAttributes: {
        workflowTypeVersion: `${String(workflowType.version)}-${REENACT_PREFIX}-missing`,
      },
    };
  }
  return decision;
}

/** Whether the signal or cancel request initiated by `initiated` reached its target in the recording. */
function outcomeSucceeded(events: readonly HistoryEvent[], initiated: HistoryEvent): boolean {
  const success =
    initiated.eventType === 'SignalExternalWorkflowExecutionInitiated'
      ? 'ExternalWorkflowExecutionSignaled'
      : 'ExternalWorkflowExecutionCancelRequested';
  return events.some(
    (e) => e.eventType === success && attributesOf(e).initiatedEventId === initiated.eventId,
  );
}

/**
 * When the worker must have heartbeated: a task that ran longer than its heartbeat timeout without
 * timing out (every half timeout from its start), one that timed out by HEARTBEAT (last heartbeat
 * one timeout before), and one whose timeout recorded heartbeat details.
 */
function planHeartbeats(
  events: readonly HistoryEvent[],
  started: HistoryEvent,
  scheduled: Record<string, unknown>,
  at: (event: HistoryEvent | undefined) => number | undefined,
): { times: number[]; details?: string } | 'tooMany' | undefined {
  const startedMs = at(started);
  if (startedMs === undefined) return undefined;
  const scheduledEventId = attributesOf(started).scheduledEventId;
  const outcome = events.find(
    (e) =>
      e.eventId !== undefined &&
      e.eventId > (started.eventId as number) &&
      [
        'ActivityTaskCompleted',
        'ActivityTaskFailed',
        'ActivityTaskCanceled',
        'ActivityTaskTimedOut',
      ].includes(e.eventType ?? '') &&
      attributesOf(e).scheduledEventId === scheduledEventId,
  );
  const endMs = at(outcome ?? events.at(-1));
  if (endMs === undefined) return undefined;
  const o = outcome === undefined ? {} : attributesOf(outcome);
  const details =
    outcome?.eventType === 'ActivityTaskTimedOut' && typeof o.details === 'string' ? o.details : undefined;
  const heartbeatS = scheduled.heartbeatTimeout;
  const heartbeatMs =
    typeof heartbeatS === 'string' && heartbeatS !== 'NONE' ? Number(heartbeatS) * 1000 : undefined;
  const last =
    outcome?.eventType === 'ActivityTaskTimedOut' &&
    o.timeoutType === 'HEARTBEAT' &&
    heartbeatMs !== undefined
      ? endMs - heartbeatMs
      : undefined;
  const times: number[] = [];
  if (heartbeatMs !== undefined && heartbeatMs > 0) {
    const until = last ?? endMs;
    if ((until - startedMs) / (heartbeatMs / 2) > MAX_HEARTBEATS) return 'tooMany';
    for (let t = startedMs + heartbeatMs / 2; t < until; t += heartbeatMs / 2) times.push(t);
  }
  if (last !== undefined && last > startedMs) times.push(last);
  if (details !== undefined && times.length === 0) times.push(startedMs);
  if (times.length === 0) return undefined;
  return { times, ...(details !== undefined && { details }) };
}

function lambdaOutcome(
  events: readonly HistoryEvent[],
  scheduled: HistoryEvent,
  byId: ReadonlyMap<number, HistoryEvent>,
  a: Record<string, unknown>,
): LambdaOutcome | undefined {
  const id = scheduled.eventId;
  const outcomes = events.filter(
    (e) => e.eventType?.startsWith('Lambda') === true || e.eventType === 'StartLambdaFunctionFailed',
  );
  const related = outcomes.filter((e) => attributesOf(e).scheduledEventId === id);
  if (related.some((e) => e.eventType === 'StartLambdaFunctionFailed')) return undefined;
  const batchMs = byId.get(a.decisionTaskCompletedEventId as number)?.eventTimestamp?.getTime();
  const end = related.find((e) => e.eventType !== 'LambdaFunctionStarted');
  const endMs = end?.eventTimestamp?.getTime();
  const durationMs = batchMs !== undefined && endMs !== undefined ? Math.max(0, endMs - batchMs) : 0;
  const name = a.name as string;
  const o = end === undefined ? {} : attributesOf(end);
  const text = (value: unknown, otherwise: string): string => (typeof value === 'string' ? value : otherwise);
  if (end?.eventType === 'LambdaFunctionCompleted') {
    return { name, durationMs, outcome: { kind: 'completed', result: text(o.result, '') } };
  }
  if (end?.eventType === 'LambdaFunctionFailed') {
    return {
      name,
      durationMs,
      outcome: {
        kind: 'failed',
        reason: text(o.reason, 'Error'),
        ...(typeof o.details === 'string' && { details: o.details }),
      },
    };
  }
  if (end?.eventType === 'LambdaFunctionTimedOut') return { name, durationMs, outcome: { kind: 'timedOut' } };
  return { name, durationMs: Number.MAX_SAFE_INTEGER, outcome: { kind: 'open' } };
}

/** Whether a failed Lambda's details are what the simulator writes for an error of name `reason`. */
function isLambdaErrorDetails(details: unknown, reason: unknown): boolean {
  if (typeof details !== 'string') return false;
  try {
    const parsed = JSON.parse(details) as { errorMessage?: unknown; errorType?: unknown };
    return (
      JSON.stringify({ errorMessage: parsed.errorMessage, errorType: parsed.errorType }) === details &&
      parsed.errorType === reason
    );
  } catch {
    return false;
  }
}
