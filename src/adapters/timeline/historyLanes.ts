/**
 * One history as lanes: the workflow run, the decision-task slot, one lane per activityId,
 * timerId, child workflowId, Lambda id, signal or cancel-request target, and lanes for received
 * signals, cancel requests and markers. A single pass over the events, riding the shared fold
 * (`evolveOpenWork`): the item the fold says an event is about is the bar it starts or closes.
 */
import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf } from '../../sim/history/appendEvent.js';
import { isEventType } from '../../sim/history/eventRoles.js';
import { evolveOpenWork } from '../../sim/history/evolveOpenWork.js';
import { createOpenWork, type OpenWork, type OpenWorkItem } from '../../sim/history/OpenWork.js';
import { addExtra, closeItem, LaneSet } from './LaneSet.js';
import type { LaneKind, Outcome, TimelineItem } from './timelineModel.js';

/**
 * The lanes of one history (unfinished: points are renumbered before lanes are packed), the items
 * each event belongs to (to highlight violations) and the activity bars by activityId (for
 * heartbeats from a trace).
 * @internal
 */
export interface HistoryLanes {
  readonly lanes: LaneSet;
  readonly itemsOfEvent: Map<number, TimelineItem[]>;
  readonly activities: Map<string, TimelineItem[]>;
}

/**
 * Builds the lanes of `events` (oldest first). `pointOf(i)` is the timeline point of `events[i]`.
 * @internal
 */
export function historyLanes(
  events: readonly HistoryEvent[],
  pointOf: (index: number) => number,
): HistoryLanes {
  const builder = new Builder(createOpenWork(events));
  events.forEach((event, index) => builder.add(event, pointOf(index)));
  return { lanes: builder.lanes, itemsOfEvent: builder.itemsOfEvent, activities: builder.activities };
}

/** How a bar ended: its colour and the detail its label gets (reason, cause, timeout type). */
interface Ending {
  readonly outcome: Outcome;
  readonly detail?: string | undefined;
}

/** A lane: its key and, on first use, its label and kind. */
type Lane = readonly [key: string, label: string, kind: LaneKind];

class Builder {
  readonly lanes = new LaneSet();
  readonly itemsOfEvent = new Map<number, TimelineItem[]>();
  /** Bars by the id of the event that opened them, as the fold names its items. */
  private readonly bars = new Map<number, TimelineItem>();
  /** Activity bars by activityId, the latest last (for heartbeats from a trace). */
  readonly activities = new Map<string, TimelineItem[]>();
  private workflow: TimelineItem | undefined;
  private event = {} as HistoryEvent;
  private subject: OpenWorkItem | undefined;
  private at = 0;

  constructor(private readonly work: OpenWork) {}

  add(event: HistoryEvent, at: number): void {
    this.event = event;
    this.at = at;
    this.subject = evolveOpenWork(this.work, event).subject;
    const type = event.eventType;
    if (isEventType(type)) HANDLERS[type](this, event);
    else this.mark(OTHER, 'info', `${String(type)} (event ${this.id})`);
  }

  get id(): number {
    return this.event.eventId ?? 0;
  }

  /** Opens a bar on `lane` at this event. */
  bar([key, label, kind]: Lane, itemLabel: string): TimelineItem {
    const item = this.lanes.bar(key, label, kind, this.at, itemLabel);
    this.bars.set(this.id, item);
    this.belongs(item);
    return item;
  }

  /** A mark on `lane` at this event. */
  mark([key, label, kind]: Lane, outcome: Outcome, itemLabel: string): void {
    this.belongs(this.lanes.mark(key, label, kind, this.at, outcome, itemLabel));
  }

  /** A mark for a decision that failed (`…Failed` with its cause). */
  failed(lane: Lane): void {
    const cause = attributesOf(this.event).cause;
    this.mark(lane, 'failed', `${String(this.event.eventType)}: ${typeof cause === 'string' ? cause : ''}`);
  }

  /** The bar of what this event is about started working now. */
  started(): void {
    const item = this.current();
    if (item === undefined || item[2] !== -1) return this.unmatched('info');
    item[1] = this.at;
    this.belongs(item);
  }

  /** The bar of what this event is about ended now. */
  close(ending: Ending): void {
    const item = this.current();
    if (item === undefined || item[2] !== -1) return this.unmatched(ending.outcome);
    this.end(item, ending);
  }

  /** The bar of the fold's subject: keyed by the event that opened it. */
  private current(): TimelineItem | undefined {
    const subject = this.subject;
    if (subject === undefined) return undefined;
    switch (subject.kind) {
      case 'decisionTask':
      case 'activity':
      case 'lambda':
        return this.bars.get(subject.scheduledEventId);
      case 'timer':
        return this.bars.get(subject.startedEventId);
      case 'child':
      case 'external':
        return this.bars.get(subject.initiatedEventId);
      default: {
        const unreachable: never = subject;
        return unreachable;
      }
    }
  }

  openWorkflow(type: TypeRef | undefined): void {
    this.workflow = this.bar(WORKFLOW, typeName(type));
  }

  closeWorkflow(ending: Ending): void {
    // An excerpt may lack the start: the close is then a mark on the run's lane.
    if (this.workflow === undefined || this.workflow[2] !== -1) {
      return this.mark(
        WORKFLOW,
        ending.outcome,
        `${String(this.event.eventType)}: ${describeEnding(ending)}`,
      );
    }
    this.end(this.workflow, ending);
  }

  openActivity(activityId: string, type: TypeRef | undefined): void {
    const item = this.bar(activityLane(activityId), typeName(type));
    const list = this.activities.get(activityId);
    if (list === undefined) this.activities.set(activityId, [item]);
    else list.push(item);
  }

  cancelRequested(): void {
    const item = this.current();
    if (item === undefined || item[2] !== -1) return this.unmatched('request');
    addExtra(item, this.at);
    this.belongs(item);
  }

  private end(item: TimelineItem, ending: Ending): void {
    closeItem(
      item,
      this.at,
      ending.outcome,
      `${item[4] === '' ? '' : `${item[4]}: `}${describeEnding(ending)}`,
    );
    this.belongs(item);
  }

  private unmatched(outcome: Outcome): void {
    const why =
      this.subject !== undefined && 'phase' in this.subject && this.subject.phase === 'unknown'
        ? 'what it closes began before this excerpt'
        : 'refers to nothing open';
    this.mark(UNMATCHED, outcome, `${String(this.event.eventType)} (event ${this.id}): ${why}`);
  }

  private belongs(item: TimelineItem): void {
    const list = this.itemsOfEvent.get(this.id);
    if (list === undefined) this.itemsOfEvent.set(this.id, [item]);
    else if (!list.includes(item)) list.push(item);
  }
}

const WORKFLOW: Lane = ['workflow', 'workflow', 'workflow'];
/** Close decisions SWF refused: marks beside the run's bar, not on it (lanes never overlap). */
const CLOSE_FAILED: Lane = ['close failed', 'close decisions', 'workflow'];
const DECISION: Lane = ['decision', 'decision tasks', 'decision'];
const SIGNALS_IN: Lane = ['signals in', 'signals received', 'signal'];
const CANCEL_IN: Lane = ['cancel in', 'cancel requested', 'cancel'];
const MARKERS: Lane = ['markers', 'markers', 'marker'];
const OTHER: Lane = ['other', 'other events', 'other'];
const UNMATCHED: Lane = ['unmatched', 'unmatched events', 'other'];
const activityLane = (id: string | undefined): Lane => [`activity ${id}`, `activity ${id ?? ''}`, 'activity'];
const timerLane = (id: string | undefined): Lane => [`timer ${id}`, `timer ${id ?? ''}`, 'timer'];
const childLane = (id: string | undefined): Lane => [`child ${id}`, `child ${id ?? ''}`, 'child'];
const lambdaLane = (id: string | undefined): Lane => [`lambda ${id}`, `Lambda ${id ?? ''}`, 'lambda'];
const signalLane = (id: string | undefined): Lane => [`signal ${id}`, `signal → ${id ?? ''}`, 'signal'];
const cancelLane = (id: string | undefined): Lane => [`cancel ${id}`, `cancel → ${id ?? ''}`, 'cancel'];

/** A workflow or activity type as the SDK declares it. */
type TypeRef = { readonly name?: string | undefined; readonly version?: string | undefined };

type Handler = (b: Builder, e: HistoryEvent) => void;

/** What each event type draws. A `Record` over the SDK's `EventType`: a new type fails to compile here. */
const HANDLERS: Readonly<Record<EventType, Handler>> = {
  WorkflowExecutionStarted: (b, e) => b.openWorkflow(e.workflowExecutionStartedEventAttributes?.workflowType),
  WorkflowExecutionCompleted: (b) => b.closeWorkflow({ outcome: 'completed' }),
  WorkflowExecutionFailed: (b, e) =>
    b.closeWorkflow({ outcome: 'failed', detail: e.workflowExecutionFailedEventAttributes?.reason }),
  WorkflowExecutionCanceled: (b) => b.closeWorkflow({ outcome: 'canceled' }),
  WorkflowExecutionContinuedAsNew: (b) => b.closeWorkflow({ outcome: 'continued' }),
  WorkflowExecutionTerminated: (b, e) =>
    b.closeWorkflow({ outcome: 'terminated', detail: e.workflowExecutionTerminatedEventAttributes?.reason }),
  WorkflowExecutionTimedOut: (b, e) =>
    b.closeWorkflow({ outcome: 'timedOut', detail: e.workflowExecutionTimedOutEventAttributes?.timeoutType }),
  CompleteWorkflowExecutionFailed: (b) => b.failed(CLOSE_FAILED),
  FailWorkflowExecutionFailed: (b) => b.failed(CLOSE_FAILED),
  CancelWorkflowExecutionFailed: (b) => b.failed(CLOSE_FAILED),
  ContinueAsNewWorkflowExecutionFailed: (b) => b.failed(CLOSE_FAILED),
  WorkflowExecutionSignaled: (b, e) =>
    b.mark(SIGNALS_IN, 'signal', `signal ${e.workflowExecutionSignaledEventAttributes?.signalName ?? ''}`),
  WorkflowExecutionCancelRequested: (b) => b.mark(CANCEL_IN, 'request', 'cancel requested'),

  DecisionTaskScheduled: (b) => void b.bar(DECISION, 'decision task'),
  DecisionTaskStarted: (b) => b.started(),
  DecisionTaskCompleted: (b) => b.close({ outcome: 'completed' }),
  DecisionTaskTimedOut: (b, e) => {
    const a = e.decisionTaskTimedOutEventAttributes;
    b.close({ outcome: 'timedOut', detail: a?.timeoutType });
  },

  ActivityTaskScheduled: (b, e) => {
    const a = e.activityTaskScheduledEventAttributes;
    b.openActivity(a?.activityId ?? '', a?.activityType);
  },
  ScheduleActivityTaskFailed: (b, e) =>
    b.failed(activityLane(e.scheduleActivityTaskFailedEventAttributes?.activityId)),
  ActivityTaskStarted: (b) => b.started(),
  ActivityTaskCompleted: (b) => b.close({ outcome: 'completed' }),
  ActivityTaskFailed: (b, e) => {
    const a = e.activityTaskFailedEventAttributes;
    b.close({ outcome: 'failed', detail: a?.reason });
  },
  ActivityTaskTimedOut: (b, e) => {
    const a = e.activityTaskTimedOutEventAttributes;
    b.close({ outcome: 'timedOut', detail: a?.timeoutType });
  },
  ActivityTaskCanceled: (b) => b.close({ outcome: 'canceled' }),
  ActivityTaskCancelRequested: (b) => b.cancelRequested(),
  RequestCancelActivityTaskFailed: (b, e) =>
    b.failed(activityLane(e.requestCancelActivityTaskFailedEventAttributes?.activityId)),

  TimerStarted: (b, e) => {
    const a = e.timerStartedEventAttributes;
    b.bar(timerLane(a?.timerId), `timer ${a?.timerId ?? ''} (${a?.startToFireTimeout ?? '?'} s)`);
  },
  StartTimerFailed: (b, e) => b.failed(timerLane(e.startTimerFailedEventAttributes?.timerId)),
  TimerFired: (b) => b.close({ outcome: 'completed', detail: 'fired' }),
  TimerCanceled: (b) => b.close({ outcome: 'canceled' }),
  CancelTimerFailed: (b, e) => b.failed(timerLane(e.cancelTimerFailedEventAttributes?.timerId)),

  MarkerRecorded: (b, e) =>
    b.mark(MARKERS, 'marker', `marker ${e.markerRecordedEventAttributes?.markerName ?? ''}`),
  RecordMarkerFailed: (b) => b.failed(MARKERS),

  StartChildWorkflowExecutionInitiated: (b, e) => {
    const a = e.startChildWorkflowExecutionInitiatedEventAttributes;
    b.bar(childLane(a?.workflowId), typeName(a?.workflowType));
  },
  StartChildWorkflowExecutionFailed: (b, e) => {
    const a = e.startChildWorkflowExecutionFailedEventAttributes;
    // SWF writes initiatedEventId 0 when the decision failed before anything was initiated.
    if ((a?.initiatedEventId ?? 0) === 0) b.failed(childLane(a?.workflowId));
    else b.close({ outcome: 'failed', detail: a?.cause });
  },
  ChildWorkflowExecutionStarted: (b) => b.started(),
  ChildWorkflowExecutionCompleted: (b) => b.close({ outcome: 'completed' }),
  ChildWorkflowExecutionFailed: (b, e) => {
    const a = e.childWorkflowExecutionFailedEventAttributes;
    b.close({ outcome: 'failed', detail: a?.reason });
  },
  ChildWorkflowExecutionCanceled: (b) => b.close({ outcome: 'canceled' }),
  ChildWorkflowExecutionTerminated: (b) => b.close({ outcome: 'terminated' }),
  ChildWorkflowExecutionTimedOut: (b, e) => {
    const a = e.childWorkflowExecutionTimedOutEventAttributes;
    b.close({ outcome: 'timedOut', detail: a?.timeoutType });
  },

  SignalExternalWorkflowExecutionInitiated: (b, e) => {
    const a = e.signalExternalWorkflowExecutionInitiatedEventAttributes;
    b.bar(signalLane(a?.workflowId), `signal ${a?.signalName ?? ''}`);
  },
  ExternalWorkflowExecutionSignaled: (b) => b.close({ outcome: 'completed', detail: 'delivered' }),
  SignalExternalWorkflowExecutionFailed: (b, e) => {
    const a = e.signalExternalWorkflowExecutionFailedEventAttributes;
    b.close({ outcome: 'failed', detail: a?.cause });
  },
  RequestCancelExternalWorkflowExecutionInitiated: (b, e) =>
    void b.bar(
      cancelLane(e.requestCancelExternalWorkflowExecutionInitiatedEventAttributes?.workflowId),
      'cancel request',
    ),
  ExternalWorkflowExecutionCancelRequested: (b) => b.close({ outcome: 'completed', detail: 'delivered' }),
  RequestCancelExternalWorkflowExecutionFailed: (b, e) => {
    const a = e.requestCancelExternalWorkflowExecutionFailedEventAttributes;
    b.close({ outcome: 'failed', detail: a?.cause });
  },

  LambdaFunctionScheduled: (b, e) => {
    const a = e.lambdaFunctionScheduledEventAttributes;
    b.bar(lambdaLane(a?.id), a?.name ?? 'Lambda');
  },
  ScheduleLambdaFunctionFailed: (b, e) =>
    b.failed(lambdaLane(e.scheduleLambdaFunctionFailedEventAttributes?.id)),
  LambdaFunctionStarted: (b) => b.started(),
  StartLambdaFunctionFailed: (b, e) => {
    const a = e.startLambdaFunctionFailedEventAttributes;
    b.close({ outcome: 'failed', detail: a?.cause ?? a?.message });
  },
  LambdaFunctionCompleted: (b) => b.close({ outcome: 'completed' }),
  LambdaFunctionFailed: (b, e) => {
    const a = e.lambdaFunctionFailedEventAttributes;
    b.close({ outcome: 'failed', detail: a?.reason });
  },
  LambdaFunctionTimedOut: (b, e) => {
    const a = e.lambdaFunctionTimedOutEventAttributes;
    b.close({ outcome: 'timedOut', detail: a?.timeoutType });
  },
};

function typeName(type: TypeRef | undefined): string {
  return type === undefined ? '' : `${type.name ?? ''} ${type.version ?? ''}`.trim();
}

const ENDING_WORDS: Partial<Record<Outcome, string>> = {
  timedOut: 'timed out',
  continued: 'continued as new',
};

/** `completed`, `failed (reason)`, `timed out (START_TO_CLOSE)`, `fired`. */
function describeEnding({ outcome, detail }: Ending): string {
  const word = ENDING_WORDS[outcome] ?? outcome;
  if (detail === undefined || detail === '') return word;
  return outcome === 'completed' ? detail : `${word} (${detail})`;
}
