import {
  PollForDecisionTaskCommand,
  RespondDecisionTaskCompletedCommand,
  type Decision,
  type HistoryEvent,
  type SWFClient,
  type WorkflowExecution,
  type WorkflowType,
} from '@aws-sdk/client-swf';
import { attributesOf } from '../../../sim/history/appendEvent.js';
import { decisionPoints, type DecisionPoint } from '../../../sim/replay/decisionPoints.js';
import { inferExecution } from '../../../sim/replay/inferExecution.js';
import { ReplayDivergenceError, UnusableHistoryError } from '../../../sim/replay/ReplayDivergenceError.js';
import {
  divergenceOf,
  nondeterminismOf,
  type DecisionPointResult,
  type DecisionResponse,
  type ReplayDivergence,
  type HistoryReplayResult,
} from '../../../sim/replay/replayReport.js';
import { requireUsableHistory } from '../../../sim/replay/requireUsableHistory.js';
import { createSdkClient } from '../../sdk/createSdkClient.js';
import { ReplayEndpoint } from '../../../sim/replay/ReplayEndpoint.js';

/**
 * A decision task as a plain decide function receives it: the poll response with every page of
 * the history already fetched (oldest event first).
 * @public
 */
export interface DecisionTask {
  readonly taskToken: string;
  readonly startedEventId: number;
  readonly previousStartedEventId: number;
  readonly workflowExecution: WorkflowExecution;
  readonly workflowType: WorkflowType;
  readonly events: HistoryEvent[];
}

/** What a decide function returns: the decisions, or a whole RespondDecisionTaskCompleted answer. @public */
export type DecideResult = readonly Decision[] | DecisionResponse;

/** A decider as a plain function of one decision task. @public */
export type DecideFunction = (task: DecisionTask) => DecideResult | Promise<DecideResult>;

/**
 * A decider as the user's own polling code: an async function that takes an `SWFClient`, polls
 * PollForDecisionTask (following `nextPageToken`) and answers with RespondDecisionTaskCompleted
 * — one task per call (like the tutorial's `helloDeciderRun`) or a loop that returns when a poll
 * comes back without a `taskToken`.
 * @public
 */
export type ClientDecider = (client: SWFClient) => Promise<unknown>;

/** A plain decide function, with what its polls should say. @public */
export interface DecideFunctionDecider {
  readonly decide: DecideFunction;
  /** Domain the polls name (replay ignores it). Default `swf-sim-replay`. */
  readonly domain?: string;
  /** Identity the polls send. */
  readonly identity?: string;
}

/** Either kind of decider replay runs. @public */
export type Decider = ClientDecider | DecideFunctionDecider;

/** A history to replay: its events, a loaded file, or named events. @public */
export type ReplayInput =
  | readonly HistoryEvent[]
  | {
      readonly events: readonly HistoryEvent[];
      /** Shown in reports; a loaded file's `path` serves too. */
      readonly name?: string;
      readonly path?: string;
      /** A recording's source note, where the execution's workflowId/runId may be read. */
      readonly source?: string;
    };

/** Options of {@link replayHistory} and {@link replayHistories}. @public */
export interface ReplayOptions {
  /** Name in reports (for one history); default the file's path or `history`. */
  readonly name?: string;
  /**
   * The `workflowExecution` poll responses carry. Default: what the history tells
   * (`inferExecution`), else workflowId `swf-sim-replay` and runId `swf-sim-replay-run`.
   */
  readonly workflowExecution?: WorkflowExecution;
  /**
   * Run the decider twice over the history and flag a decision point it answers differently the
   * second time (a nondeterministic decider). Default false.
   */
  readonly checkDeterminism?: boolean;
  /**
   * Keep handing out decision points after the first divergence, so every point gets a status.
   * Default false: replay stops at the first divergence, as a real run would have gone elsewhere.
   */
  readonly continueAfterDivergence?: boolean;
}

/**
 * Replays a recorded history through a decider: every decision point is handed to the decider
 * through a real `SWFClient` exactly as PollForDecisionTask returned it, and its answer is
 * compared with the events recorded after the matching `DecisionTaskCompleted`.
 * Resolves with the result when every recorded decision point got the recorded decisions.
 * @throws ReplayDivergenceError at the first divergence (its message is the readable report).
 * @throws UnusableHistoryError when the history cannot be replayed (not from event 1, ids with gaps, …).
 * @public
 */
export async function replayHistory(
  history: ReplayInput,
  decider: Decider,
  options: ReplayOptions = {},
): Promise<HistoryReplayResult> {
  const result = await replayOne(history, decider, options, 'history');
  if (result.status === 'error') throw new UnusableHistoryError(`${result.name}: ${result.error ?? ''}`);
  if (!result.ok) throw new ReplayDivergenceError(result);
  return result;
}

/**
 * Replays many histories through one decider and returns one result per history, as data (no
 * throwing for divergences or unusable histories).
 * @public
 */
export async function replayHistories(
  histories: Iterable<ReplayInput>,
  decider: Decider,
  options: Omit<ReplayOptions, 'name'> = {},
): Promise<HistoryReplayResult[]> {
  const results: HistoryReplayResult[] = [];
  let index = 0;
  for (const history of histories) {
    index++;
    results.push(await replayOne(history, decider, options, `history #${String(index)}`));
  }
  return results;
}

async function replayOne(
  input: ReplayInput,
  decider: Decider,
  options: ReplayOptions,
  fallbackName: string,
): Promise<HistoryReplayResult> {
  const events: readonly HistoryEvent[] = isEventArray(input) ? input : input.events;
  const name = options.name ?? (isEventArray(input) ? undefined : (input.name ?? input.path)) ?? fallbackName;
  try {
    requireUsableHistory(events);
  } catch (error) {
    if (!(error instanceof UnusableHistoryError)) throw error;
    return { name, status: 'error', ok: false, decisionPoints: [], compared: 0, error: error.message };
  }
  const source = isEventArray(input) ? undefined : input.source;
  const inferred = inferExecution(events, source);
  const workflowExecution = options.workflowExecution ?? {
    workflowId: inferred.workflowId ?? 'swf-sim-replay',
    runId: inferred.runId ?? 'swf-sim-replay-run',
  };
  const workflowType = attributesOf(events[0] as HistoryEvent).workflowType as WorkflowType;
  const points = decisionPoints(events);
  const session = {
    events,
    points,
    decider,
    workflowExecution,
    workflowType,
    stopAtFirstDivergence: options.continueAfterDivergence !== true,
  };

  const first = await runSession(session);
  const results = points.map(
    (point): DecisionPointResult =>
      first.results.get(point.index) ?? {
        startedEventId: point.startedEventId,
        previousStartedEventId: point.previousStartedEventId,
        status: 'notReached',
        mismatches: [],
      },
  );
  const divergedIndex = results.findIndex((r) => r.status === 'diverged');
  let divergence: ReplayDivergence | undefined =
    divergedIndex < 0
      ? undefined
      : divergenceOf(
          points[divergedIndex] as DecisionPoint,
          results[divergedIndex] as DecisionPointResult,
          first.problems.get(divergedIndex),
        );
  let status: HistoryReplayResult['status'] = divergence === undefined ? 'identical' : 'diverged';

  if (options.checkDeterminism === true) {
    const second = await runSession(session);
    for (const point of points) {
      if (divergence !== undefined && point.index > divergedIndex) break;
      const a = first.responses.get(point.index);
      const b = second.responses.get(point.index);
      if (a === undefined && b === undefined) continue;
      const nondeterminism = nondeterminismOf(point, a, b);
      if (nondeterminism !== undefined) {
        divergence = nondeterminism;
        status = 'nondeterministic';
        break;
      }
    }
  }
  const compared = results.filter(
    (r, i) => (r.status === 'match' || r.status === 'diverged') && points[i]?.outcome.kind === 'completed',
  ).length;
  return {
    name,
    status,
    ok: status === 'identical',
    decisionPoints: results,
    ...(divergence !== undefined && { divergence }),
    compared,
  };
}

interface Session {
  readonly events: readonly HistoryEvent[];
  readonly points: readonly DecisionPoint[];
  readonly decider: Decider;
  readonly workflowExecution: WorkflowExecution;
  readonly workflowType: WorkflowType;
  readonly stopAtFirstDivergence: boolean;
}

/** One pass of the decider over the decision points, through a fresh endpoint and SDK client. */
async function runSession(session: Session): Promise<ReplayEndpoint> {
  const endpoint = new ReplayEndpoint(session.events, session.points, {
    workflowExecution: session.workflowExecution,
    workflowType: session.workflowType,
    stopAtFirstDivergence: session.stopAtFirstDivergence,
  });
  const client = createSdkClient(endpoint);
  const run: ClientDecider =
    typeof session.decider === 'function' ? session.decider : decideFunctionLoop(session.decider, endpoint);
  try {
    while (!endpoint.finished) {
      const polls = endpoint.polls;
      try {
        await run(client);
      } catch (error) {
        endpoint.deciderFailed(error);
        continue;
      }
      if (endpoint.hasOutstanding || endpoint.polls === polls) endpoint.deciderReturned();
    }
  } finally {
    client.destroy();
  }
  return endpoint;
}

/** A decide function as a polling loop over the SDK client, ending at the first empty poll. */
function decideFunctionLoop(decider: DecideFunctionDecider, endpoint: ReplayEndpoint): ClientDecider {
  const domain = decider.domain ?? 'swf-sim-replay';
  return async (client) => {
    for (;;) {
      const taskList = endpoint.nextPoint?.taskList ?? { name: 'swf-sim-replay' };
      const poll = {
        domain,
        taskList,
        ...(decider.identity !== undefined && { identity: decider.identity }),
      };
      const first = await client.send(new PollForDecisionTaskCommand(poll));
      if (first.taskToken === undefined || first.taskToken === '') return;
      const events = [...(first.events ?? [])];
      let nextPageToken = first.nextPageToken;
      while (nextPageToken !== undefined && nextPageToken !== '') {
        const page = await client.send(new PollForDecisionTaskCommand({ ...poll, nextPageToken }));
        events.push(...(page.events ?? []));
        nextPageToken = page.nextPageToken;
      }
      const answer = await decider.decide({
        taskToken: first.taskToken,
        startedEventId: first.startedEventId ?? 0,
        previousStartedEventId: first.previousStartedEventId ?? 0,
        workflowExecution: first.workflowExecution ?? { workflowId: undefined, runId: undefined },
        workflowType: first.workflowType ?? { name: undefined, version: undefined },
        events,
      });
      const response: DecisionResponse = isDecisionArray(answer) ? { decisions: answer } : answer;
      await client.send(
        new RespondDecisionTaskCompletedCommand({
          taskToken: first.taskToken,
          decisions: [...response.decisions],
          ...(response.executionContext !== undefined && { executionContext: response.executionContext }),
          ...(response.taskList !== undefined && { taskList: response.taskList }),
          ...(response.taskListScheduleToStartTimeout !== undefined && {
            taskListScheduleToStartTimeout: response.taskListScheduleToStartTimeout,
          }),
        }),
      );
    }
  };
}

function isDecisionArray(answer: DecideResult): answer is readonly Decision[] {
  return Array.isArray(answer);
}

function isEventArray(input: ReplayInput): input is readonly HistoryEvent[] {
  return Array.isArray(input);
}
