/**
 * A cut of the state (what `GET /_swf-sim/state` and a state directory's snapshots write out, slice
 * by slice) must read exactly as the state stood at the cut, however the service changed the runs
 * meanwhile. Random workloads over every kind of work — decisions of all kinds, activities with
 * heartbeats, timers, children, signals, cancels, Lambdas, task-list overrides, timeouts — run while
 * several cuts are read a few runs at a time; each cut, once read, must equal a copy read whole at
 * the instant it was taken. A change the service makes without telling the cuts first
 * (`ServiceState.willChange`) shows up here as a difference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Execution } from '../../src/sim/service/model.js';
import { cutState, type StateCut } from '../../src/sim/service/snapshot/exportState.js';
import type { SwfService } from '../../src/sim/service/SwfService.js';
import { PRELUDE, serviceCommands, Workload } from '../support/workload.js';

/** FC_NUM_RUNS / FC_SEED widen or pin the search; by default 500 workloads, about a second. */
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 500);
const FC_SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

const command = fc.oneof(
  ...serviceCommands,
  // Cuts often, so that several are being read at once, over runs that have work going on.
  { arbitrary: fc.record({ kind: fc.constant('cut' as const) }), weight: 3 },
  fc.record({ kind: fc.constant('read' as const), runs: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('finish' as const) }),
);
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

/** Every run of a cut, each as the text its reading gave. */
type CutText = string[];

/** A cut being read a few runs at a time, and what it must read as. */
interface OpenCut {
  readonly cut: StateCut;
  readonly runs: readonly Execution[];
  readonly read: CutText;
  readonly expected: CutText;
}

function runsOf(cut: StateCut): Execution[] {
  return cut.domains.flatMap((domain) => domain.runs);
}

/** A cut read whole at once: the state as it stands. */
function readWhole(service: SwfService): CutText {
  const cut = cutState(service.state, { clockOrder: true });
  const text = [JSON.stringify(cut.header), ...runsOf(cut).map((run) => JSON.stringify(cut.runAt(run)))];
  cut.release();
  return text;
}

/** A workload that also cuts the state and reads its cuts a few runs at a time. */
class CutWorkload extends Workload {
  readonly cuts: OpenCut[] = [];

  async step(step: Command): Promise<void> {
    if (step.kind === 'cut') {
      const expected = readWhole(this.service);
      const cut = cutState(this.service.state, { clockOrder: true });
      this.cuts.push({ cut, runs: runsOf(cut), read: [JSON.stringify(cut.header)], expected });
    } else if (step.kind === 'read') {
      const open = this.cuts[0];
      if (open === undefined) return;
      for (let i = 0; i < step.runs && open.read.length <= open.runs.length; i++) {
        open.read.push(JSON.stringify(open.cut.runAt(open.runs[open.read.length - 1] as Execution)));
      }
    } else if (step.kind === 'finish') this.finishOldest();
    else await this.run(step);
  }

  /** Reads the rest of the oldest cut and checks it against the copy read whole at its instant. */
  finishOldest(): void {
    const open = this.cuts.shift();
    if (open === undefined) return;
    for (const run of open.runs.slice(open.read.length - 1))
      open.read.push(JSON.stringify(open.cut.runAt(run)));
    open.cut.release();
    expect(open.read).toEqual(open.expected);
  }
}

describe('a cut read while the service goes on', () => {
  it('reads every run as it stood at the cut, whatever changed meanwhile', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 60 }), async (commands) => {
        const workload = new CutWorkload();
        await workload.setUp();
        for (const step of [...PRELUDE, ...commands]) await workload.step(step);
        while (workload.cuts.length > 0) workload.finishOldest();
        await workload.drain();
      }),
      { numRuns: NUM_RUNS, ...(FC_SEED !== undefined && { seed: FC_SEED }), endOnFailure: true },
    );
  });
});
