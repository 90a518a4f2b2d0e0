import type { ServiceState } from './ServiceState.js';

/** A decision or activity task a poller was handed and has not answered yet. @internal */
export interface StartedTaskInfo {
  readonly kind: 'decision' | 'activity';
  readonly workflowId: string;
  /** Set for activity tasks. */
  readonly activityId?: string;
}

/**
 * The task `token` was handed out for, while it still waits for its answer: undefined once it was
 * answered, timed out, or its run closed (or for a token this service never issued). Read-only.
 * @internal
 */
export function startedTaskOf(s: ServiceState, token: string): StartedTaskInfo | undefined {
  const task = s.taskOf(token);
  if (task === undefined || task.state !== 'STARTED' || task.execution.status !== 'OPEN') return undefined;
  const { workflowId } = task.execution;
  return task.kind === 'activity'
    ? { kind: 'activity', workflowId, activityId: task.activityId }
    : { kind: 'decision', workflowId };
}

/**
 * Every task list holding tasks that wait for a poller, as `decision <domain>/<list>` or
 * `activity <domain>/<list>` → how many. Costs one look per task list. Read-only.
 * @internal
 */
export function queuedTaskCounts(s: ServiceState): Map<string, number> {
  const counts = new Map<string, number>();
  for (const domain of s.domains.values()) {
    for (const [kind, queues] of [
      ['decision', domain.decisionQueues],
      ['activity', domain.activityQueues],
    ] as const) {
      for (const [name, queue] of queues) {
        if (queue.pending > 0) counts.set(`${kind} ${domain.name}/${name}`, queue.pending);
      }
    }
  }
  return counts;
}
