import type { HeartbeatPlan } from './heartbeats.js';
import type { ReenactStep } from './ReenactmentPlan.js';

/**
 * The steps in the order to take them: type changes right before the step of the batch that
 * needs them; heartbeats at their instant, once their task has started.
 * @internal
 */
export function mergeSteps(
  steps: readonly ReenactStep[],
  typeSteps: readonly ReenactStep[],
  heartbeats: readonly HeartbeatPlan[],
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
  const changesAt = new Map<number, ReenactStep[]>();
  for (const change of typeSteps) {
    const list = changesAt.get(change.eventId) ?? [];
    list.push(change);
    changesAt.set(change.eventId, list);
  }
  const started = new Set<number>();
  // An index, not shift(): a long activity may heartbeat thousands of times.
  let nextPending = 0;
  for (const step of steps) {
    while (nextPending < pending.length) {
      const next = pending[nextPending] as (typeof pending)[number];
      if (!started.has(next.afterEventId) || step.atMs === undefined || step.atMs <= next.step.atMs) break;
      out.push(next.step);
      nextPending++;
    }
    for (const change of changesAt.get(step.eventId) ?? []) out.push({ ...change, atMs: step.atMs });
    out.push(step);
    started.add(step.eventId);
  }
  return out;
}
