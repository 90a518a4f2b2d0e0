/**
 * `PUT /_swf-sim/state` builds the new world run by run as the document streams in
 * (`StreamedImport`); a parsed document is imported whole (`ServerWorld.importState`). Random
 * workloads leave a service in every kind of state. Its server snapshot — as an export writes it,
 * or with its keys sorted (which a streamed import must take whole), with one member broken or not —
 * goes to both, the stream in random pieces. Both must end in the same world, byte for byte (armed
 * clocks, random streams and token counts included), or refuse it with the same message (any
 * message, when the document was refused before it was broken) and change nothing. An unbroken
 * document is refused only for a Lambda task in flight.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeSnapshot } from '../../src/adapters/http/durability/snapshotText.js';
import { SERVER_SNAPSHOT_FORMAT, ServerWorld } from '../../src/adapters/http/ServerWorld.js';
import { StreamedImport } from '../../src/adapters/http/StreamedImport.js';
import { exportState } from '../../src/sim/service/snapshot/exportState.js';
import { SnapshotError } from '../../src/sim/service/snapshot/ServiceSnapshot.js';
import { DEFAULT_START_MS } from '../../src/sim/service/SwfService.js';
import { PRELUDE, serviceCommand, Workload } from '../support/workload.js';

/** FC_NUM_RUNS / FC_SEED widen or pin the search; by default 150 workloads, a few seconds. */
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 150);
const FC_SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

const MUTATIONS = [undefined, null, 'x', -1, [], {}] as const;

const scenario = fc.record({
  commands: fc.array(serviceCommand, { minLength: 5, maxLength: 40 }),
  sortKeys: fc.boolean(),
  /** Which member to break (an index into all of them) and how, or none. */
  broken: fc.option(fc.record({ member: fc.nat(), value: fc.constantFrom(...MUTATIONS) }), { freq: 2 }),
  cuts: fc.array(fc.nat(), { maxLength: 30 }),
});

function newWorld(): ServerWorld {
  return new ServerWorld({
    seed: 'import',
    accountId: '123456789012',
    startMs: DEFAULT_START_MS,
    maxRegions: 4,
  });
}

/** Everything a world holds, as its state directory would write it. */
async function durableText(world: ServerWorld): Promise<string> {
  const cut = world.cut(true);
  let text = '';
  await writeSnapshot(cut, cut.durable, (piece) => {
    text += piece;
  });
  return text;
}

/** Every object member and array element of `value`, as the container and the key that holds it. */
function members(value: unknown, into: [Record<string, unknown> | unknown[], string | number][] = []) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      into.push([value, i]);
      members(item, into);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      into.push([value as Record<string, unknown>, key]);
      members(item, into);
    }
  }
  return into;
}

function sortedKeys(text: string): string {
  return JSON.stringify(JSON.parse(text), (_key, value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

/** The outcome of an import: the world it left, and the refusal if any. */
interface Outcome {
  readonly refused: string | undefined;
  readonly world: string;
}

async function importWhole(text: string): Promise<Outcome> {
  const world = newWorld();
  const before = await durableText(world);
  try {
    world.importState(JSON.parse(text));
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    expect(await durableText(world)).toBe(before);
    return { refused: error.message, world: before };
  }
  return { refused: undefined, world: await durableText(world) };
}

/** `text` imported (or, `restoring`, restored as a state directory's snapshot) in pieces cut at `cuts`. */
async function importStreamed(text: string, cuts: readonly number[], restoring = false): Promise<Outcome> {
  const world = newWorld();
  const before = await durableText(world);
  const bytes = Buffer.from(text);
  const at = [...new Set(cuts.map((cut) => cut % bytes.length)), bytes.length].sort((a, b) => a - b);
  const streamed = new StreamedImport(world, restoring);
  try {
    let from = 0;
    for (const to of at) {
      await streamed.feed(bytes.subarray(from, to));
      from = to;
    }
    await streamed.end();
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    expect(await durableText(world)).toBe(before);
    return { refused: error.message, world: before };
  }
  return { refused: undefined, world: await durableText(world) };
}

describe('a streamed import', () => {
  it('builds the very world a whole import builds, or refuses with the same message', async () => {
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ commands, sortKeys, broken, cuts }) => {
        const workload = new Workload();
        await workload.setUp();
        for (const step of [...PRELUDE, ...commands]) await workload.run(step);
        await workload.drain();
        const document = {
          format: SERVER_SNAPSHOT_FORMAT,
          version: 1,
          clockMs: workload.clock.now(),
          regions: { 'us-east-1': exportState(workload.service.state) },
        };
        // A document refused before anything is broken (state the importer cannot restore) has two
        // faults once one member is broken, and the two paths may meet either first.
        const refusedUnbroken = broken !== null && (await importWhole(JSON.stringify(document))).refused;
        if (broken !== null) {
          const all = members(document);
          const [container, key] = all[broken.member % all.length] as (typeof all)[number];
          (container as Record<string | number, unknown>)[key] = broken.value;
        }
        const text = sortKeys ? sortedKeys(JSON.stringify(document)) : JSON.stringify(document);
        const whole = await importWhole(text);
        const streamed = await importStreamed(text, cuts);
        if (typeof refusedUnbroken === 'string' && whole.refused !== undefined) {
          expect(streamed.refused).toBeDefined();
          expect(streamed.world).toBe(whole.world);
        } else expect(streamed).toEqual(whole);
        if (whole.refused !== undefined) refusals++;
        else {
          // The world imported, as its state directory writes it, restores to itself both ways.
          expect(await importStreamed(whole.world, cuts, true)).toEqual(whole);
          const restored = newWorld();
          const written = JSON.parse(whole.world) as { durable: unknown };
          restored.restore(written, written.durable);
          expect(await durableText(restored)).toBe(whole.world);
        }
        // Whatever state the service reaches can be exported and brought back (a server restarts
        // from it), but for a Lambda task in flight, whose outcome lives in its function.
        if (broken === null && whole.refused !== undefined)
          expect(whole.refused).toMatch(/Lambda task \S+ is in flight/);
      }),
      { numRuns: NUM_RUNS, ...(FC_SEED !== undefined && { seed: FC_SEED }), endOnFailure: true },
    );
    // Both sides of the comparison were exercised.
    expect(refusals).toBeGreaterThan(0);
    expect(refusals).toBeLessThan(NUM_RUNS);
  });
});
