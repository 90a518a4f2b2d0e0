import type { LambdaOutcome } from '../../../sim/replay/reenactment/ReenactmentPlan.js';
import type { LambdaFunction } from '../../../sim/service/ServiceState.js';

/**
 * The simulated Lambda functions: each name gives its recorded outcomes back in the order the
 * recording started them (the re-enactment starts them in that order).
 * @internal
 */
export function lambdaFunctions(outcomes: readonly LambdaOutcome[]): Record<string, LambdaFunction> {
  const queues = new Map<string, LambdaOutcome[]>();
  const startOrder = (o: LambdaOutcome) =>
    o.startedEventId === 0 ? Number.MAX_SAFE_INTEGER : o.startedEventId;
  const byStart = [...outcomes].sort((x, y) => startOrder(x) - startOrder(y));
  for (const outcome of byStart) {
    const queue = queues.get(outcome.name) ?? [];
    queue.push(outcome);
    queues.set(outcome.name, queue);
  }
  const functions: Record<string, LambdaFunction> = {};
  for (const [name, queue] of queues) {
    functions[name] = () => {
      const next = queue.shift();
      switch (next?.outcome.kind) {
        case 'completed':
          return { result: next.outcome.result, durationMs: next.durationMs };
        case 'failed': {
          let message = next.outcome.details ?? '';
          try {
            const parsed = JSON.parse(message) as { errorMessage?: unknown };
            if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
          } catch {
            // details that are not the simulator's JSON are passed on as the message
          }
          const error = new Error(message);
          error.name = next.outcome.reason;
          throw error;
        }
        case 'timedOut':
        case 'open':
        case undefined:
          return { result: '', durationMs: Number.MAX_SAFE_INTEGER };
        default:
          return { result: '', durationMs: Number.MAX_SAFE_INTEGER };
      }
    };
  }
  return functions;
}
