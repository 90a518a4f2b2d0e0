import { runKey, type Execution } from './model.js';
import type { ServiceState } from './ServiceState.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * How long a domain keeps its closed runs, in milliseconds: `workflowExecutionRetentionPeriodInDays`
 * days; `"NONE"` and `"0"` mean not at all (swf-semantics §1.4.1 rule 5, §18.5).
 * @internal
 */
export function retentionMs(retentionPeriodInDays: string): number {
  return retentionPeriodInDays === 'NONE' ? 0 : Number(retentionPeriodInDays) * DAY_MS;
}

/**
 * Drops a closed run from its domain — Describe, GetHistory, List and Count no longer find it — and
 * its task tokens from the service's index, so a long-lived service does not grow without bound.
 */
function forgetRun(s: ServiceState, execution: Execution): void {
  const runs = execution.domain.runs;
  const key = runKey(execution.workflowId, execution.runId);
  if (runs.get(key) !== execution) return;
  runs.delete(key);
  for (const token of execution.tokens) s.tokens.delete(token);
}

/**
 * Arms the end of a closed run's retention (swf-semantics §18.5): the run stays visible for its
 * domain's `workflowExecutionRetentionPeriodInDays` days of virtual time after its close, then
 * disappears. With a retention of `"0"` or `"NONE"` it disappears at once, within the closing call.
 * Call it once per run, from `closeExecution` after the run is marked CLOSED; the deadline counts
 * from `closeMs`, so it also serves a closed run restored later (one already past its retention is
 * dropped at once).
 * @internal
 */
export function scheduleRetention(s: ServiceState, execution: Execution): void {
  const dueAtMs = (execution.closeMs ?? s.now()) + retentionMs(execution.domain.retentionPeriodInDays);
  if (dueAtMs <= s.now()) {
    forgetRun(s, execution);
    return;
  }
  execution.retentionSeq = s.clock.schedule(
    dueAtMs,
    retentionLabel(execution.workflowId, execution.runId),
    () => forgetRun(s, execution),
    { idle: true },
  ).seq;
}

/** The label of a closed run's retention clock. @internal */
export function retentionLabel(workflowId: string, runId: string): string {
  return `retention ${workflowId} ${runId}`;
}
