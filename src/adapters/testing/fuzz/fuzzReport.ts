/**
 * Failure reports of the fuzzer: what failed, the (shrunk) fault plan, a history excerpt around the
 * offending events, what was pending, and the lines that reproduce it.
 */
import type { HistoryEvent } from '@aws-sdk/client-swf';
import { formatHistoryTable } from '../../formats/historyTable.js';
import type { FuzzCase } from './arbitraries.js';
import { formatFaultPlan, type FuzzCaseResult, type FuzzExecution, type FuzzFailure } from './fuzzCase.js';

/**
 * What `checkFuzz` found: the seed always; on failure the path, the shrunk case and why it
 * fails (fast-check's `check` report, as data).
 * @public
 */
export type FuzzReport =
  | {
      readonly failed: false;
      readonly seed: number;
      readonly numRuns: number;
      readonly shrinkRuns: 0;
      readonly elapsedMs: number;
    }
  | {
      readonly failed: true;
      readonly seed: number;
      /** fast-check path of the shrunk counterexample: `{ seed, path }` replays it. */
      readonly path: string;
      /** Cases generated up to and including the first failing one. */
      readonly runsToFailure: number;
      readonly numRuns: number;
      readonly numShrinks: number;
      readonly shrinkRuns: number;
      readonly elapsedMs: number;
      readonly case: FuzzCase;
      readonly failure: FuzzFailure;
      /** The shrunk case's run; undefined when the harness itself threw. */
      readonly result: FuzzCaseResult | undefined;
    };

/** Where the reproduce lines point. @public */
export interface ReproduceOptions {
  /** The compiled scenario module, for `swf-sim run` / `swf-sim fuzz` lines. */
  readonly scenarioPath?: string;
  /** The test file, for an `FC_SEED=… FC_PATH=… npx vitest run <file>` line. */
  readonly testFile?: string;
  /** Where the shrunk plan was written; default the placeholder `plan.json`. */
  readonly planPath?: string;
  /** Extra `swf-sim fuzz` arguments that shape the cases (`--reorder`, `--max-faults 2`). */
  readonly fuzzArgs?: readonly string[];
}

const EXCERPT_CONTEXT = 3;
const EXCERPT_TAIL = 12;
const LOG_TAIL = 8;

/**
 * Rows of `formatHistoryTable` around the focus events (`context` either side), or the last rows when
 * there is no focus; times stay relative to the run's first event.
 * @public
 */
export function historyExcerpt(
  events: readonly HistoryEvent[],
  focusEventIds: readonly number[] = [],
  context = EXCERPT_CONTEXT,
): string {
  if (events.length === 0) return '  (no events)';
  const table = formatHistoryTable(events).split('\n');
  const [header] = table;
  const rows = table.length === events.length + 1 ? table.slice(1) : undefined;
  const index = (id: number): number => events.findIndex((e) => e.eventId === id);
  const focus = focusEventIds.map(index).filter((i) => i >= 0);
  const from =
    focus.length > 0 ? Math.max(0, Math.min(...focus) - context) : Math.max(0, events.length - EXCERPT_TAIL);
  const to = focus.length > 0 ? Math.min(events.length - 1, Math.max(...focus) + context) : events.length - 1;
  const body =
    rows === undefined
      ? formatHistoryTable(events.slice(from, to + 1))
          .split('\n')
          .slice(1)
      : rows.slice(from, to + 1);
  const lines = [`  ${header ?? ''}`];
  if (from > 0) lines.push(`  … ${from} earlier event(s)`);
  for (const row of body) lines.push(`  ${row}`);
  if (to < events.length - 1) lines.push(`  … ${events.length - 1 - to} later event(s)`);
  return lines.join('\n');
}

function executionLabel(e: FuzzExecution): string {
  const ending = e.status === 'OPEN' ? 'still OPEN' : `closed ${e.closeStatus ?? ''}`;
  return `${e.domain}/${e.workflowId} (${e.runId}), ${ending}, ${e.events} events`;
}

function failureHeadline(failure: FuzzFailure): string {
  switch (failure.kind) {
    case 'invariant':
      return `safety failure: invariant ${failure.invariant} — ${failure.message}`;
    case 'property':
      return `safety failure: property "${failure.property}" — ${failure.message}`;
    case 'actorError':
    case 'watchdog':
    case 'harness':
      return `safety failure (${failure.kind}): ${failure.message}`;
    case 'liveness':
      return `liveness failure (${failure.reason}): ${failure.message}`;
    default: {
      const unreachable: never = failure;
      return String(unreachable);
    }
  }
}

/** The execution a failure is about, and the events to centre its excerpt on. */
function focusOf(result: FuzzCaseResult, failure: FuzzFailure): [FuzzExecution | undefined, number[]] {
  const executions = result.run.executions;
  const named = (name: string | undefined): FuzzExecution | undefined =>
    executions.find((e) => `${e.domain}/${e.workflowId} (${e.runId})` === name);
  switch (failure.kind) {
    case 'invariant':
      return [named(failure.execution), failure.violations.flatMap((v) => v.eventIds).slice(0, 6)];
    case 'liveness':
      return [named(failure.execution) ?? executions.find((e) => e.status === 'OPEN'), []];
    case 'property':
    case 'actorError':
    case 'watchdog':
    case 'harness':
      return [executions[0], []];
    default: {
      const unreachable: never = failure;
      return [undefined, unreachable];
    }
  }
}

/**
 * A failed case, readably: the failure, the fault plan (JSON, one fault per line), the schedule, the
 * violations or what was pending, a history excerpt around the offending events and the last log
 * lines. Reproduce lines are added when `options` say where the scenario or test lives.
 * @public
 */
export function formatFuzzFailure(result: FuzzCaseResult, options: ReproduceOptions = {}): string {
  const failure = result.failure;
  if (failure === undefined) return 'the case passed';
  const { run } = result;
  const faults = result.case.faults.faults ?? [];
  const out: string[] = [failureHeadline(failure)];
  out.push(`fault plan (${faults.length} fault${faults.length === 1 ? '' : 's'}):`);
  out.push(formatFaultPlan(result.case.faults).trimEnd());
  out.push(
    `schedule: seed ${JSON.stringify(result.case.seed)}, reorder ${result.case.reorder ? 'on' : 'off'}; ` +
      `last fault took effect at ${run.lastFaultAtMs === undefined ? 'none fired' : `+${(run.lastFaultAtMs / 1000).toFixed(3)}s`}, ` +
      `run stopped at +${(run.endAtMs / 1000).toFixed(3)}s after ${run.steps} steps`,
  );
  if (failure.kind === 'invariant' || (failure.kind === 'liveness' && failure.violations.length > 0)) {
    out.push('violations:');
    for (const v of failure.violations.slice(0, 8)) {
      out.push(`  ${v.invariant} [events ${v.eventIds.join(', ')}]: ${v.message}`);
    }
  }
  if (failure.kind === 'liveness') {
    out.push('pending:');
    for (const line of failure.pending.openExecutions) out.push(`  open execution ${line}`);
    for (const line of failure.pending.actors) {
      if (!line.startsWith('setup#')) out.push(`  actor ${line}`);
    }
    for (const line of failure.pending.timers.slice(0, 10)) out.push(`  timer ${line}`);
    if (failure.pending.timers.length > 10)
      out.push(`  … and ${failure.pending.timers.length - 10} more timers`);
  }
  const [execution, focus] = focusOf(result, failure);
  if (execution !== undefined) {
    out.push(`history of ${executionLabel(execution)}:`);
    out.push(historyExcerpt(execution.history, focus));
  }
  if (run.logs.length > 0) {
    out.push('log (last lines):');
    for (const { atMs, actor, line } of run.logs.slice(-LOG_TAIL)) {
      out.push(`  +${(atMs / 1000).toFixed(3)}s ${actor}: ${line}`);
    }
  }
  if (options.scenarioPath !== undefined) {
    out.push('the same run under swf-sim run (full histories and trace; no fuzz checks):');
    out.push(`  ${runCommand(result, options)}`);
  }
  return out.join('\n');
}

function runCommand(result: FuzzCaseResult, options: ReproduceOptions): string {
  const parts = [
    'npx swf-sim run',
    options.scenarioPath ?? '<scenario.js>',
    '--seed',
    JSON.stringify(result.case.seed),
  ];
  if (result.case.reorder) parts.push('--reorder');
  parts.push('--faults', options.planPath ?? 'plan.json');
  return `${parts.join(' ')}${options.planPath === undefined ? '   # plan.json: the fault plan above' : ''}`;
}

/** The lines that reproduce a failed report: the fast-check seed and path, then the commands. @public */
export function reproduceLines(report: FuzzReport, options: ReproduceOptions = {}): string[] {
  if (!report.failed) return [];
  const lines: string[] = [];
  if (options.testFile !== undefined) {
    lines.push(`FC_SEED=${report.seed} FC_PATH=${report.path} npx vitest run ${options.testFile}`);
  }
  if (options.scenarioPath !== undefined) {
    lines.push(
      [
        'npx swf-sim fuzz',
        options.scenarioPath,
        '--seed',
        String(report.seed),
        '--path',
        report.path,
        ...(options.fuzzArgs ?? []),
      ].join(' '),
    );
  }
  if (lines.length === 0) {
    lines.push(`fc.check / checkFuzz with { seed: ${report.seed}, path: ${JSON.stringify(report.path)} }`);
  }
  return lines;
}

/**
 * A fuzz report as text: the seed first, then on failure the fast-check path, the runs it took to
 * find, the shrunk case (see {@link formatFuzzFailure}) and the lines that reproduce it.
 * @public
 */
export function formatFuzzReport(report: FuzzReport, options: ReproduceOptions = {}): string {
  if (!report.failed) {
    return `fast-check seed ${report.seed}: ${report.numRuns} runs passed (${(report.elapsedMs / 1000).toFixed(1)} s)`;
  }
  const out = [
    `fast-check seed ${report.seed}, path ${JSON.stringify(report.path)}: FAILED after ${report.runsToFailure} run(s); shrunk ${report.numShrinks} time(s) in ${report.shrinkRuns} more run(s)`,
  ];
  out.push(
    report.result === undefined
      ? `harness error: ${report.failure.message}`
      : formatFuzzFailure(report.result, options),
  );
  out.push('reproduce:');
  for (const line of reproduceLines(report, options)) out.push(`  ${line}`);
  return out.join('\n');
}
