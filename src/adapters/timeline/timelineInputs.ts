/** Timelines of what the runner and the fuzzer produce. */
import type { CheckHistoryOptions } from '../../sim/check/checkHistory.js';
import type { FuzzCaseResult } from '../testing/fuzz/fuzzCase.js';
import { describeOutcome, type ScenarioResult } from '../testing/harness/runScenario.js';
import type { TimelineExecution, TimelineInput } from './buildTimeline.js';

type RunExecution = ScenarioResult['executions'][number];

function execution(e: RunExecution): TimelineExecution {
  return { history: e.history, domain: e.domain, workflowId: e.workflowId, runId: e.runId };
}

/**
 * The timeline of a scenario run (`runScenario`, `swf-sim run --timeline`): every execution and
 * the run's trace, with its outcome as the note.
 * @public
 */
export function scenarioTimelineInput(result: ScenarioResult, title?: string): TimelineInput {
  return {
    ...(title !== undefined && { title }),
    notes: [`outcome: ${describeOutcome(result.outcome)}`, `seed: ${result.trace.seed}`],
    executions: result.executions.map(execution),
    trace: result.trace,
  };
}

/**
 * The timeline of one fuzz case (a shrunk failure, say): every execution, the run's trace with
 * its injected faults, the verdict and the fault plan as notes, and `extraNotes` (the lines that
 * reproduce it). `check` should be the fuzzer's `invariants` options, so that the violations
 * highlighted are the ones it judged.
 * @public
 */
export function fuzzTimelineInput(
  result: FuzzCaseResult,
  options: {
    readonly title?: string;
    readonly extraNotes?: readonly string[];
    readonly check?: CheckHistoryOptions;
  } = {},
): TimelineInput {
  const { run, failure } = result;
  return {
    ...(options.title !== undefined && { title: options.title }),
    notes: [
      failure === undefined ? 'the case passes' : `${failure.failureClass} failure: ${failure.message}`,
      `seed ${JSON.stringify(result.case.seed)}, reorder ${result.case.reorder ? 'on' : 'off'}, fault plan ${JSON.stringify(result.case.faults)}`,
      ...(options.extraNotes ?? []),
    ],
    executions: run.executions.map(execution),
    trace: run.traceFile(),
    ...(options.check !== undefined && { check: options.check }),
  };
}
