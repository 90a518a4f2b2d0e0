import type {
  Decision,
  GetWorkflowExecutionHistoryInput,
  HistoryEvent,
  PollForDecisionTaskInput,
  RespondDecisionTaskCompletedInput,
  WorkflowExecution,
  WorkflowType,
} from '@aws-sdk/client-swf';
import { SwfFault } from '../faults/SwfFault.js';
import { isCloseDecision } from '../history/decisionEvents.js';
import { isOperationName } from '../service/operations.js';
import type { CallContext, SwfEndpoint } from '../service/SwfEndpoint.js';
import { validateInput } from '../validation/validateInput.js';
import { decisionTaskPage, pageSize } from './decisionTaskPages.js';
import type { DecisionPoint } from './decisionPoints.js';
import { judgeDecisionPoint, type DecisionPointResult, type DecisionResponse } from './replayReport.js';

/** Polls answered empty once the replay is over, before further polls are refused outright. */
const EMPTY_POLLS_AFTER_END = 3;

/** A problem with how the decider treated a decision point (other than its decisions). @internal */
export interface PointProblem {
  readonly kind: 'noResponse' | 'deciderError' | 'taskListMismatch';
  readonly message: string;
}

/** Options of {@link ReplayEndpoint}. @internal */
export interface ReplayEndpointOptions {
  readonly workflowExecution: WorkflowExecution;
  readonly workflowType: WorkflowType;
  /** Stop handing out decision tasks after the first divergence (default true). */
  readonly stopAtFirstDivergence: boolean;
}

interface Outstanding {
  readonly point: DecisionPoint;
  readonly token: string;
}

/**
 * The in-process "service" a decider talks to during replay, through a real SDK client: it
 * answers PollForDecisionTask with the recorded decision points one after another, exactly as
 * SWF would have (history up to the `DecisionTaskStarted`, `startedEventId`,
 * `previousStartedEventId`, pages of 100 events with `nextPageToken`, a new `taskToken` string per
 * page that completes the same task), captures RespondDecisionTaskCompleted, and judges each
 * answer against the recording as it arrives. Inputs are validated against the service model as
 * the simulated service validates them. It also answers GetWorkflowExecutionHistory (the history
 * as of the current decision point) and CountPendingDecisionTasks; other operations are refused.
 * @internal
 */
export class ReplayEndpoint implements SwfEndpoint {
  /** Results of the points judged so far, by point index. */
  readonly results = new Map<number, DecisionPointResult>();
  /** Answers captured, by point index. */
  readonly responses = new Map<number, DecisionResponse>();
  readonly problems = new Map<number, PointProblem>();
  /** Number of PollForDecisionTask calls (page requests included). */
  polls = 0;
  private served = 0;
  private outstanding: Outstanding | undefined;
  private stopped = false;
  private emptyPolls = 0;
  private readonly tokens = new Map<string, number>();
  private tokenCount = 0;

  constructor(
    private readonly events: readonly HistoryEvent[],
    private readonly points: readonly DecisionPoint[],
    private readonly options: ReplayEndpointOptions,
  ) {}

  /** Every decision point has been handed out and answered, or replay stopped at a divergence. */
  get finished(): boolean {
    return this.stopped || (this.served >= this.points.length && this.outstanding === undefined);
  }

  /** A decision task is in the decider's hands, unanswered. */
  get hasOutstanding(): boolean {
    return this.outstanding !== undefined;
  }

  /** The decision point the next poll gets, if any. */
  get nextPoint(): DecisionPoint | undefined {
    return this.finished ? undefined : this.points[this.served];
  }

  dispatch(operation: string, input: unknown, _context?: CallContext): Promise<unknown> {
    try {
      if (!isOperationName(operation)) {
        throw new SwfFault(
          'UnknownOperationException',
          `Unknown operation: SimpleWorkflowService.${operation}`,
        );
      }
      validateInput(operation, input);
      if (operation === 'PollForDecisionTask') {
        return Promise.resolve(this.poll(input as PollForDecisionTaskInput));
      }
      if (operation === 'RespondDecisionTaskCompleted') {
        this.respond(input as RespondDecisionTaskCompletedInput);
        return Promise.resolve(undefined);
      }
      if (operation === 'GetWorkflowExecutionHistory') {
        return Promise.resolve(this.history(input as GetWorkflowExecutionHistoryInput));
      }
      if (operation === 'CountPendingDecisionTasks') {
        const count = this.outstanding === undefined && !this.finished ? 1 : 0;
        return Promise.resolve({ count, truncated: false });
      }
      throw new SwfFault(
        'UnknownOperationException',
        `swf-sim replay answers only PollForDecisionTask, RespondDecisionTaskCompleted, GetWorkflowExecutionHistory and CountPendingDecisionTasks; the decider called ${operation}`,
      );
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** The decider threw (or its promise rejected): the point it was on, or the next one, gets the blame. */
  deciderFailed(error: unknown): void {
    if (this.finished) return;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (this.outstanding !== undefined) {
      this.fail(this.outstanding.point, { kind: 'deciderError', message: `the decider threw: ${message}` });
      this.outstanding = undefined;
    } else {
      const point = this.points[this.served] as DecisionPoint;
      this.served++;
      this.fail(point, {
        kind: 'deciderError',
        message: `the decider threw before polling for this decision task: ${message}`,
      });
    }
  }

  /** The decider function returned: a point in its hands, or the next one, was never answered. */
  deciderReturned(): void {
    if (this.finished) return;
    if (this.outstanding !== undefined) {
      this.fail(this.outstanding.point, {
        kind: 'noResponse',
        message: 'the decider returned without answering this decision task',
      });
      this.outstanding = undefined;
    } else {
      const point = this.points[this.served] as DecisionPoint;
      this.served++;
      this.fail(point, {
        kind: 'noResponse',
        message: 'the decider returned without polling for this decision task',
      });
    }
  }

  private fail(point: DecisionPoint, problem: PointProblem): void {
    this.problems.set(point.index, problem);
    const result = judgeDecisionPoint(point, this.responses.get(point.index), problem);
    this.results.set(point.index, result);
    if (result.status === 'diverged' && this.options.stopAtFirstDivergence) this.stopped = true;
  }

  private poll(input: PollForDecisionTaskInput): unknown {
    this.polls++;
    if (input.nextPageToken !== undefined) return this.nextPage(input);
    if (this.outstanding !== undefined) {
      this.fail(this.outstanding.point, {
        kind: 'noResponse',
        message: 'the decider polled for another decision task without answering this one',
      });
      this.outstanding = undefined;
    }
    if (this.finished) return this.empty();
    this.emptyPolls = 0;
    const point = this.points[this.served] as DecisionPoint;
    this.served++;
    const wanted = point.taskList?.name;
    const polled = input.taskList?.name;
    if (wanted !== undefined && polled !== wanted) {
      this.fail(point, {
        kind: 'taskListMismatch',
        message: `the decider polled task list ${JSON.stringify(polled)}, but this decision task was scheduled on ${JSON.stringify(wanted)}`,
      });
      if (this.finished) return this.empty();
    }
    const token = this.newToken(point.index);
    this.outstanding = { point, token };
    return this.output(point, token, 0, input);
  }

  private nextPage(input: PollForDecisionTaskInput): unknown {
    const match = /^swf-sim-replay-page\|(\d+)\|(\d+)\|([01])\|(\d+)$/.exec(input.nextPageToken as string);
    const point = match === null ? undefined : this.points[Number(match[1])];
    if (match === null || point === undefined || point.index >= this.served) {
      throw new SwfFault('ValidationException', 'Invalid token');
    }
    const request = { reverseOrder: match[3] === '1', maximumPageSize: Number(match[4]) };
    return this.output(point, this.newToken(point.index), Number(match[2]), request);
  }

  private output(
    point: DecisionPoint,
    taskToken: string,
    pageIndex: number,
    request: { reverseOrder?: boolean | undefined; maximumPageSize?: number | undefined },
  ): unknown {
    const page = decisionTaskPage(this.events, point.eventCount, pageIndex, request);
    const size = pageSize(request.maximumPageSize);
    return {
      taskToken,
      startedEventId: point.startedEventId,
      previousStartedEventId: point.previousStartedEventId,
      workflowExecution: this.options.workflowExecution,
      workflowType: this.options.workflowType,
      events: page.events,
      ...(page.more && {
        nextPageToken: `swf-sim-replay-page|${String(point.index)}|${String(pageIndex + 1)}|${request.reverseOrder === true ? '1' : '0'}|${String(size)}`,
      }),
    };
  }

  private empty(): unknown {
    this.emptyPolls++;
    if (this.emptyPolls > EMPTY_POLLS_AFTER_END) {
      throw new SwfFault(
        'InternalFailure',
        'swf-sim replay is over: every decision point of the history has been handed out; stop polling when a poll comes back without a taskToken',
      );
    }
    return { taskToken: '', startedEventId: 0, previousStartedEventId: 0 };
  }

  private newToken(pointIndex: number): string {
    this.tokenCount++;
    const token = `AAAAReplay${this.tokenCount.toString(36).padStart(8, '0')}DecisionTaskToken`;
    this.tokens.set(token, pointIndex);
    return token;
  }

  private respond(input: RespondDecisionTaskCompletedInput): void {
    const index = this.tokens.get(input.taskToken as string);
    const outstanding = this.outstanding;
    if (index === undefined || outstanding === undefined || outstanding.point.index !== index) {
      throw new SwfFault('UnknownResourceFault', 'Unknown decision task');
    }
    const decisions: Decision[] = input.decisions ?? [];
    for (let i = 0; i < decisions.length - 1; i++) {
      if (isCloseDecision(decisions[i]?.decisionType)) {
        throw new SwfFault('ValidationException', 'Close must be last decision in list');
      }
    }
    const response: DecisionResponse = {
      decisions,
      ...(input.executionContext !== undefined && { executionContext: input.executionContext }),
      ...(input.taskList !== undefined && { taskList: input.taskList }),
      ...(input.taskListScheduleToStartTimeout !== undefined && {
        taskListScheduleToStartTimeout: input.taskListScheduleToStartTimeout,
      }),
    };
    this.outstanding = undefined;
    this.responses.set(index, response);
    const result = judgeDecisionPoint(outstanding.point, response, this.problems.get(index));
    this.results.set(index, result);
    if (result.status === 'diverged' && this.options.stopAtFirstDivergence) this.stopped = true;
  }

  /** The history as of the decision point in hand (or the last one handed out). */
  private history(input: GetWorkflowExecutionHistoryInput): unknown {
    const point = this.outstanding?.point ?? this.points[Math.max(0, this.served - 1)];
    const total = point?.eventCount ?? this.events.length;
    const offset =
      input.nextPageToken === undefined
        ? 0
        : Number(/^swf-sim-replay-history\|(\d+)$/.exec(input.nextPageToken)?.[1] ?? NaN);
    if (!Number.isInteger(offset) || offset < 0 || offset > total) {
      throw new SwfFault('ValidationException', 'Invalid token');
    }
    const size =
      input.maximumPageSize === undefined || input.maximumPageSize === 0 ? 1000 : input.maximumPageSize;
    const end = Math.min(offset + size, total);
    const events: HistoryEvent[] = [];
    for (let i = offset; i < end; i++) {
      events.push(this.events[input.reverseOrder === true ? total - 1 - i : i] as HistoryEvent);
    }
    return { events, ...(end < total && { nextPageToken: `swf-sim-replay-history|${String(end)}` }) };
  }
}
