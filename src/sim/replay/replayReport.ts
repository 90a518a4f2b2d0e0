import type { Decision, DecisionType, TaskList } from '@aws-sdk/client-swf';
import { attributesOf } from '../history/appendEvent.js';
import { compareDecisions, render, sameValue, type DecisionMismatch } from './compareDecisions.js';
import { DECISION_EVENTS, decisionAttributes, decisionFromEvent } from '../history/decisionEvents.js';
import type { DecisionPoint } from './decisionPoints.js';

/** What a decider answered to one decision task. @public */
export interface DecisionResponse {
  readonly decisions: readonly Decision[];
  readonly executionContext?: string;
  /** RespondDecisionTaskCompleted's task-list override. */
  readonly taskList?: TaskList;
  readonly taskListScheduleToStartTimeout?: string;
}

/** How one decision point went. @public */
export type DecisionPointStatus =
  /** The decider made the decisions the recording shows. */
  | 'match'
  /** It made other decisions, none, or failed. */
  | 'diverged'
  /** The recording has no answer for this task (it ends mid-task, or the run closed first). */
  | 'notRecorded'
  /** The recorded task timed out: no decisions to compare with. */
  | 'timedOut'
  /** Replay stopped at an earlier divergence. */
  | 'notReached';

/** One decision point's replay. @public */
export interface DecisionPointResult {
  readonly startedEventId: number;
  readonly previousStartedEventId: number;
  readonly status: DecisionPointStatus;
  /** The recorded decisions, rebuilt from the batch's events (undefined when not recorded). */
  readonly expected?: readonly Decision[];
  /** What the decider answered (undefined when it did not answer). */
  readonly actual?: DecisionResponse;
  readonly mismatches: readonly DecisionMismatch[];
  /** Why it is `notRecorded` / `timedOut` / `diverged` without mismatches, in a sentence. */
  readonly note?: string;
}

/** The first place a replay went wrong. @public */
export interface ReplayDivergence {
  /**
   * - `decisions`: other decisions than recorded (see `mismatches`);
   * - `executionContext` / `taskList`: same decisions, other RespondDecisionTaskCompleted members;
   * - `noResponse`: the decider polled again or returned without answering the task;
   * - `deciderError`: the decider threw;
   * - `taskListMismatch`: the decider polled another task list than the task's;
   * - `nondeterministic`: two runs of the decider answered this decision point differently.
   */
  readonly kind:
    | 'decisions'
    | 'executionContext'
    | 'taskList'
    | 'noResponse'
    | 'deciderError'
    | 'taskListMismatch'
    | 'nondeterministic';
  readonly startedEventId: number;
  readonly previousStartedEventId: number;
  /** The recorded `DecisionTaskCompleted`, when there is one. */
  readonly completedEventId?: number;
  /** Recorded decisions (for `nondeterministic`: the first run's). */
  readonly expected?: readonly Decision[];
  /** The decider's decisions (for `nondeterministic`: the second run's). */
  readonly actual?: readonly Decision[];
  readonly mismatches: readonly DecisionMismatch[];
  /** One line. */
  readonly message: string;
  /** The readable report: what was expected, what came, and each difference. */
  readonly diff: string;
}

/** The replay of one history. @public */
export interface HistoryReplayResult {
  /** The history's name (its file, or `history #n`). */
  readonly name: string;
  /**
   * - `identical`: every recorded decision point got the recorded decisions;
   * - `diverged`: see `divergence`;
   * - `nondeterministic`: the decider matched (or not) but answered one point differently on a
   *   second run (only with `checkDeterminism`);
   * - `error`: the history could not be replayed (see `error`).
   */
  readonly status: 'identical' | 'diverged' | 'nondeterministic' | 'error';
  /** `status === 'identical'`. */
  readonly ok: boolean;
  readonly decisionPoints: readonly DecisionPointResult[];
  readonly divergence?: ReplayDivergence;
  /** A history that could not be replayed, or a harness problem, in a sentence. */
  readonly error?: string;
  /** How many decision points were compared with a recorded answer. */
  readonly compared: number;
}

/**
 * Judges one decision point: the decider's answer against the recorded batch. Pure; the runner
 * calls it as each answer comes in.
 * @internal
 */
export function judgeDecisionPoint(
  point: DecisionPoint,
  response: DecisionResponse | undefined,
  problem?: { kind: 'noResponse' | 'deciderError' | 'taskListMismatch'; message: string },
): DecisionPointResult {
  const base = { startedEventId: point.startedEventId, previousStartedEventId: point.previousStartedEventId };
  const actual = response === undefined ? {} : { actual: response };
  const { outcome } = point;
  if (outcome.kind === 'timedOut') {
    return {
      ...base,
      ...actual,
      status: 'timedOut',
      mismatches: [],
      note: `the recorded task timed out (event ${String(outcome.timedOut.eventId)}): nothing to compare`,
    };
  }
  if (outcome.kind === 'notRecorded') {
    return {
      ...base,
      ...actual,
      status: 'notRecorded',
      mismatches: [],
      note: `not recorded: ${outcome.reason}`,
    };
  }
  const expected = outcome.decisionEvents.map((event) => decisionFromEvent(event) as Decision);
  if (problem !== undefined) {
    return { ...base, ...actual, expected, status: 'diverged', mismatches: [], note: problem.message };
  }
  if (response === undefined) {
    return {
      ...base,
      expected,
      status: 'diverged',
      mismatches: [],
      note: 'the decider did not answer this decision task',
    };
  }
  const mismatches = compareDecisions(outcome.decisionEvents, response.decisions);
  const completed = attributesOf(outcome.completed);
  const notes: string[] = [];
  if (mismatches.length === 0) {
    if (!sameValue(completed.executionContext, response.executionContext)) {
      notes.push(
        `executionContext: expected ${render(completed.executionContext)}, the decider gave ${render(response.executionContext)}`,
      );
    }
    if (!sameValue(completed.taskList, response.taskList)) {
      notes.push(
        `taskList override: expected ${render(completed.taskList)}, the decider gave ${render(response.taskList)}`,
      );
    }
  }
  const diverged = mismatches.length > 0 || notes.length > 0;
  return {
    ...base,
    expected,
    actual: response,
    status: diverged ? 'diverged' : 'match',
    mismatches,
    ...(notes.length > 0 && { note: notes.join('; ') }),
  };
}

/**
 * The {@link ReplayDivergence} of a point judged `diverged`.
 * @internal
 */
export function divergenceOf(
  point: DecisionPoint,
  result: DecisionPointResult,
  problem?: { kind: 'noResponse' | 'deciderError' | 'taskListMismatch'; message: string },
): ReplayDivergence {
  const completedEventId = point.outcome.kind === 'completed' ? point.outcome.completed.eventId : undefined;
  const kind: ReplayDivergence['kind'] =
    problem?.kind ??
    (result.actual === undefined
      ? 'noResponse'
      : result.mismatches.length > 0
        ? 'decisions'
        : result.note?.startsWith('taskList') === true
          ? 'taskList'
          : 'executionContext');
  const where = `the decision task started at event ${String(point.startedEventId)} (previousStartedEventId ${String(point.previousStartedEventId)}${completedEventId === undefined ? '' : `, recorded answer: DecisionTaskCompleted event ${String(completedEventId)}`})`;
  const first = result.mismatches[0]?.message ?? result.note ?? 'the decisions differ';
  const message = `diverged at ${where}: ${first}`;
  const lines = [`Diverged at ${where}.`];
  for (const mismatch of result.mismatches) lines.push(`  ${mismatch.message}`);
  if (result.mismatches.length === 0 && result.note !== undefined) lines.push(`  ${result.note}`);
  lines.push(...decisionListDiff(result.expected, result.actual?.decisions));
  return {
    kind,
    startedEventId: point.startedEventId,
    previousStartedEventId: point.previousStartedEventId,
    ...(completedEventId !== undefined && { completedEventId }),
    ...(result.expected !== undefined && { expected: result.expected }),
    ...(result.actual !== undefined && { actual: result.actual.decisions }),
    mismatches: result.mismatches,
    message,
    diff: lines.join('\n'),
  };
}

/**
 * The divergence of two runs of one decider at the same decision point.
 * @internal
 */
export function nondeterminismOf(
  point: DecisionPoint,
  first: DecisionResponse | undefined,
  second: DecisionResponse | undefined,
): ReplayDivergence | undefined {
  if (sameValue(first, second)) return undefined;
  const where = `the decision task started at event ${String(point.startedEventId)}`;
  const lines = [
    `Nondeterministic decider: two runs answered ${where} differently.`,
    ...decisionListDiff(first?.decisions, second?.decisions, ['first run', 'second run']),
  ];
  if (!sameValue(first?.executionContext, second?.executionContext)) {
    lines.push(
      `  executionContext: first run ${render(first?.executionContext)}, second run ${render(second?.executionContext)}`,
    );
  }
  return {
    kind: 'nondeterministic',
    startedEventId: point.startedEventId,
    previousStartedEventId: point.previousStartedEventId,
    ...(first !== undefined && { expected: first.decisions }),
    ...(second !== undefined && { actual: second.decisions }),
    mismatches: [],
    message: `nondeterministic: two runs of the decider answered ${where} differently`,
    diff: lines.join('\n'),
  };
}

/** A decision in one line: its type and its members as JSON. @internal */
export function formatDecision(decision: Decision): string {
  return `${String(decision.decisionType)} ${render(decisionAttributes(decision))}`;
}

/**
 * The two decision lists as a readable diff: decisions of the same type side by side member by
 * member (`-` recorded, `+` decider, unmarked when equal), other decisions whole.
 */
function decisionListDiff(
  expected: readonly Decision[] | undefined,
  actual: readonly Decision[] | undefined,
  labels: readonly [string, string] = ['expected (recorded)', 'actual (decider)'],
): string[] {
  const lines = [
    `  ${labels[0]}: ${expected === undefined ? 'nothing recorded' : `${String(expected.length)} decision(s)`}; ${labels[1]}: ${actual === undefined ? 'no answer' : `${String(actual.length)} decision(s)`}`,
  ];
  const count = Math.max(expected?.length ?? 0, actual?.length ?? 0);
  for (let i = 0; i < count; i++) {
    const e = expected?.[i];
    const a = actual?.[i];
    const n = `[${String(i + 1)}]`;
    if (e !== undefined && a !== undefined && e.decisionType === a.decisionType) {
      const same = sameValue(decisionAttributes(e), decisionAttributes(a));
      lines.push(`  ${same ? ' ' : '~'} ${n} ${String(e.decisionType)}`);
      lines.push(...memberDiff(e, a));
      continue;
    }
    if (e !== undefined) lines.push(`  - ${n} ${formatDecision(e)}`);
    if (a !== undefined) lines.push(`  + ${n} ${formatDecision(a)}`);
  }
  return lines;
}

function memberDiff(expected: Decision, actual: Decision): string[] {
  const e = decisionAttributes(expected);
  const a = decisionAttributes(actual);
  const type = expected.decisionType as DecisionType;
  const defaulted = new Set(
    DECISION_EVENTS[type].successMembers.filter((m) => m.kind === 'defaulted').map((m) => m.decision),
  );
  const lines: string[] = [];
  for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
    if (sameValue(e[key], a[key])) {
      if (e[key] !== undefined) lines.push(`        ${key}: ${render(e[key])}`);
    } else if (a[key] === undefined && defaulted.has(key)) {
      lines.push(`        ${key}: ${render(e[key])} (recorded; the decider leaves it to the type's default)`);
    } else {
      lines.push(`      - ${key}: ${render(e[key])}`, `      + ${key}: ${render(a[key])}`);
    }
  }
  return lines;
}

/** A replay result in a few lines: one headline, then the divergence's diff. @public */
export function formatReplayResult(result: HistoryReplayResult): string {
  const notRecorded = result.decisionPoints.filter((p) => p.status === 'notRecorded');
  const tail =
    notRecorded.length > 0
      ? `; last decision point not recorded (started at event ${String(notRecorded.map((p) => p.startedEventId).join(', '))})`
      : '';
  switch (result.status) {
    case 'identical':
      return `OK    ${result.name}: ${String(result.compared)} decision point(s) identical${tail}`;
    case 'error':
      return `ERROR ${result.name}: ${result.error ?? 'cannot replay'}`;
    case 'diverged':
    case 'nondeterministic':
      return `FAIL  ${result.name}: ${result.divergence?.message ?? result.status}\n${indent(result.divergence?.diff ?? '')}`;
    default: {
      const unknown: never = result.status;
      return String(unknown);
    }
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `      ${line}`))
    .join('\n');
}
