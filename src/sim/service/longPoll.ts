import { SwfFault } from '../faults/SwfFault.js';
import type { Poller, QueuedTask, TaskQueue } from '../tasks/TaskQueue.js';
import type { ServiceState } from './ServiceState.js';
import type { CallContext } from './SwfEndpoint.js';

/** The error a parked poll settles with when its caller aborts it. @internal */
export function abortError(): Error {
  const error = new Error('The poll was aborted by its caller');
  error.name = 'AbortError';
  return error;
}

/**
 * Parks a poll on `queue` until a task is matched to it (the service starts the task, then calls
 * `deliver`), the long-poll time passes on the virtual clock (answered by `empty`), or the context's
 * signal aborts it (rejected, and never matched afterwards: a vanished poller gets no task).
 * @internal
 */
export function parkPoll<T extends QueuedTask, R>(
  s: ServiceState,
  queue: TaskQueue<T>,
  identity: string | undefined,
  context: CallContext | undefined,
  label: string,
  respond: (task: T) => R,
  empty: () => R,
): Promise<R> {
  const signal = context?.signal;
  if (signal?.aborted === true) return Promise.reject(abortError());
  if (queue.waitingPollers() >= s.options.quotas.pollersPerTaskList) {
    return Promise.reject(
      new SwfFault(
        'LimitExceededFault',
        `Too many pollers on this task list: at most ${s.options.quotas.pollersPerTaskList}`,
      ),
    );
  }
  return new Promise<R>((resolve, reject) => {
    const finish = (): void => {
      queue.withdraw(poller);
      poller.live = false;
      poller.expiry?.cancel();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (!poller.live) return;
      finish();
      reject(abortError());
    };
    const poller: Poller<T> = {
      identity,
      live: true,
      deliver: (task) => {
        finish();
        resolve(respond(task));
      },
    };
    const expire = (): void => {
      if (!poller.live) return;
      finish();
      resolve(empty());
    };
    // Idle: an expiring poll is no progress, so a world of parked polls has nothing left to do.
    const parked = context?.parkedUntil;
    poller.expiry =
      parked === undefined
        ? s.clock.after(s.options.longPollMs, label, expire, { idle: true })
        : s.clock.schedule(parked.atMs, label, expire, { idle: true, seq: parked.seq });
    signal?.addEventListener('abort', onAbort, { once: true });
    queue.park(poller);
  });
}
