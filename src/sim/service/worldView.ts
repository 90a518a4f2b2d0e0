import type { OpenExecution, RunFilter } from '../scheduler/SchedulerWorld.js';
import { durationMs } from './durations.js';
import type { ServiceState } from './ServiceState.js';

/**
 * Whether at least one run (of `filter`, when given) has been started and is still retained, and
 * none of them is open.
 * @internal
 */
export function allRunsClosed(s: ServiceState, filter?: RunFilter): boolean {
  let any = false;
  for (const domain of s.domains.values()) {
    if (filter === undefined) {
      if (domain.openRuns.size > 0) return false;
      if (domain.runs.size > 0) any = true;
      continue;
    }
    if (filter.domain !== undefined && domain.name !== filter.domain) continue;
    if (domain.openRuns.has(filter.workflowId)) return false;
    for (const run of domain.runs.values()) if (run.workflowId === filter.workflowId) any = true;
  }
  return any;
}

/** Every open run, domain by domain. @internal */
export function openExecutions(s: ServiceState): OpenExecution[] {
  const open: OpenExecution[] = [];
  for (const domain of s.domains.values()) {
    for (const run of domain.openRuns.values()) {
      open.push({ domain: domain.name, workflowId: run.workflowId, runId: run.runId });
    }
  }
  return open;
}

/**
 * The shortest timeout that runs while the task a token names is being worked on: a decision task's
 * START_TO_CLOSE, or the lesser of an activity task's START_TO_CLOSE and HEARTBEAT. Undefined for an
 * unknown token or a task with no such timeout.
 * @internal
 */
export function earliestTaskTimeoutMs(s: ServiceState, taskToken: string): number | undefined {
  const task = s.taskOf(taskToken);
  if (task === undefined) return undefined;
  if (task.kind === 'decision') return durationMs(task.execution.config.taskStartToCloseTimeout);
  let limitMs: number | undefined;
  for (const value of [task.timeouts.startToCloseTimeout, task.timeouts.heartbeatTimeout]) {
    const ms = durationMs(value);
    if (ms !== undefined && (limitMs === undefined || ms < limitMs)) limitMs = ms;
  }
  return limitMs;
}
