import type { ServiceState } from '../ServiceState.js';
import { checkDomainHeader, checkServiceHeader } from './checkSnapshot.js';
import type { ServiceSnapshot } from './ServiceSnapshot.js';
import { ServiceImport } from './ServiceImport.js';

/**
 * Rebuilds the records of `snapshot` into `state`, which must hold no domain yet (a fresh service).
 * A snapshot that does not fit throws a {@link SnapshotError} and leaves `state` as it was (what
 * was built of it is let go again; the clock and the token counter move only once all is checked).
 * The clock moves forward to the snapshot's time if it is behind; clocks already due (the state's
 * clock is later) fire on its next advance.
 *
 * Import into a service whose random stream differs from the exporter's (another seed), or new runs
 * may draw runIds the snapshot already holds.
 * @throws SnapshotError
 * @public
 */
export function importState(state: ServiceState, snapshot: ServiceSnapshot): void {
  runSteps(importStateSteps(state, snapshot));
}

/**
 * {@link importState} in steps: it yields after each run (and every so many clocks), so a server can
 * import a large snapshot without holding up its other clients. Until the steps are done `state`
 * is half built: import into a service nobody else uses yet. On a {@link SnapshotError} the state
 * is emptied again. `tasksNumbered`: see `ServiceImport`.
 * @internal
 */
export function* importStateSteps(
  state: ServiceState,
  snapshot: ServiceSnapshot,
  tasksNumbered?: number,
): Generator<void, void, void> {
  const importer = new ServiceImport(state, tasksNumbered);
  try {
    // The snapshot's own members first, so a wrong document is refused before any run is read.
    checkServiceHeader(snapshot);
    for (const [i, value] of snapshot.domains.entries()) {
      // The domain's own members first, as a streamed import (which has them before the runs) does.
      checkDomainHeader(value, `snapshot.domains[${i}]`);
      const { runs } = value as { runs: unknown[] };
      for (const [j, run] of runs.entries()) {
        yield* importer.addRun(i, j, run);
        yield;
      }
      yield* importer.endDomain(i, value);
    }
    yield* importer.finish(snapshot);
  } catch (error) {
    importer.abandon();
    throw error;
  }
}

/** Runs steps to their end at once; returns what the last one returns. @internal */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}
