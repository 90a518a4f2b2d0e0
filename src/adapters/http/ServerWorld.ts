import { VirtualClock } from '../../sim/clock/VirtualClock.js';
import { isRandomPosition, type RandomPosition } from '../../sim/random/SeededRandom.js';
import {
  cutState,
  exportState,
  issuedTokenCount,
  type StateCut,
} from '../../sim/service/snapshot/exportState.js';
import { runSteps } from '../../sim/service/snapshot/importState.js';
import { SnapshotError, type ServiceSnapshot } from '../../sim/service/snapshot/ServiceSnapshot.js';
import { SwfService } from '../../sim/service/SwfService.js';
import { WorldImport } from './WorldImport.js';

/** The `format` tag of a {@link ServerSnapshot}. @public */
export const SERVER_SNAPSHOT_FORMAT = 'swf-sim/server-snapshot';

/** Everything a server holds: its virtual time and one service snapshot per region it has served. @public */
export interface ServerSnapshot {
  readonly format: typeof SERVER_SNAPSHOT_FORMAT;
  readonly version: 1;
  /** Virtual time, epoch ms. */
  readonly clockMs: number;
  readonly regions: Readonly<Record<string, ServiceSnapshot>>;
}

/**
 * What a snapshot in a server's state directory adds, so that a restored world goes on exactly as
 * the one that wrote it: random streams where they stood, the clock's arming order, and what earlier
 * resets and imports left behind.
 * @internal
 */
export interface DurableWorld {
  /** Timers the clock had armed (`VirtualClock.armedCount`). */
  readonly armedCount: number;
  readonly seedSuffix: string;
  readonly imports: number;
  readonly tokenFloors: Readonly<Record<string, number>>;
  /** Each region's random stream (run ids). */
  readonly randoms: Readonly<Record<string, RandomPosition>>;
  /**
   * Each region's count of numbered tasks (`ServiceState.tasksNumbered`), so that a restore keeps
   * the queue order numbers of the open tasks as they were. Absent in older state directories:
   * their tasks are numbered afresh, in the same order.
   */
  readonly tasksNumbered?: Readonly<Record<string, number>>;
}

/** A consistent cut of the world: see `cutState`. @internal */
export interface WorldCut {
  readonly clockMs: number;
  readonly regions: readonly (readonly [string, StateCut])[];
  readonly durable?: DurableWorld;
  /** Stops keeping runs as they were at the cut (see `StateCut.release`). */
  release(): void;
}

/** What a region name may look like (the SigV4 credential scope's region). @internal */
export const REGION_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** A request for a region beyond the server's limit. @internal */
export class RegionLimitError extends Error {
  override readonly name = 'RegionLimitError';
}

/** Told of every change a journal must record that no request carries. @internal */
export interface WorldObserver {
  /** The clock is about to move to `targetMs` and fire at least one timer. */
  clockFiring(targetMs: number): void;
}

/** Settings every regional service is created with. @internal */
export interface ServerWorldOptions {
  readonly seed: string;
  readonly accountId: string;
  readonly startMs: number;
  readonly maxRegions: number;
  readonly longPollMs?: number;
  /** Secret of the task tokens (each region's is `<secret>/<region>`); default: from each service's seed. */
  readonly tokenSecret?: string | undefined;
  readonly observer?: WorldObserver;
  /** Imports begun before this world (a successor built in another isolate: see {@link WorldCarry}). */
  readonly importsBegun?: number;
}

/**
 * What a world hands on to a successor built in another isolate from an import (see
 * `isolated/isolatedServer.ts`), so that the successor goes on exactly as an import into this
 * world would have: no token ever issued is issued again, and imports keep counting.
 * @internal
 */
export interface WorldCarry {
  /** Tokens issued per region, floors included. */
  readonly tokenCounts: Readonly<Record<string, number>>;
  readonly imports: number;
  readonly importsBegun: number;
}

/**
 * A clock that reports to the observer before it fires anything. An imported world's clock gets its
 * observer only when the world is swapped in: what it does while being built is no change of the
 * live world, and must not reach its journal.
 */
class ObservedClock extends VirtualClock {
  constructor(
    startMs: number,
    public observer: WorldObserver | undefined,
  ) {
    super(startMs);
  }

  override advanceTo(targetMs: number, fired?: (label: string) => void): void {
    const due = this.nextDueAtMs();
    if (due !== undefined && due <= targetMs) this.observer?.clockFiring(targetMs);
    super.advanceTo(targetMs, fired);
  }
}

/**
 * One virtual clock and one simulated service per region, created on first use, all on that clock.
 * Reset and import replace the clock and the services wholesale; a service's random stream is
 * seeded `<seed>/<region>` (after an import, `<seed>/<region>/import-<n>`, so new runIds never
 * repeat imported ones).
 * @internal
 */
export class ServerWorld {
  clock: VirtualClock;
  private services = new Map<string, SwfService>();
  /** Regions whose service exists only for the calls in flight (see {@link withService}). */
  private provisional = new Set<string>();
  private seedSuffix = '';
  private imports = 0;
  /** Imports begun, the one being built included (see {@link ServerWorld.beginImport}). */
  private importsBegun = 0;
  /** Tokens issued per region before a reset or import: new services issue only later ones. */
  private tokenFloors = new Map<string, number>();

  constructor(private readonly options: ServerWorldOptions) {
    this.clock = this.newClock(options.startMs);
    this.importsBegun = options.importsBegun ?? 0;
  }

  /** The service of `region`, created on first use and kept. @throws RegionLimitError */
  service(region: string): SwfService {
    this.provisional.delete(region);
    return this.services.get(region) ?? this.create(region);
  }

  /**
   * Runs one SWF call on the service of `region`. A region first seen in this call gets a service
   * that is forgotten again afterwards unless the call left something in it (a domain): refused
   * calls, and reads of a region that holds nothing, create no state and use up no region.
   * @throws RegionLimitError
   */
  async withService<T>(region: string, call: (service: SwfService) => Promise<T>): Promise<T> {
    const existing = this.services.get(region);
    if (existing !== undefined) return call(existing);
    const service = this.create(region);
    this.provisional.add(region);
    try {
      return await call(service);
    } finally {
      // Another call may have filled it meanwhile, or a reset or import replaced it: keep it then.
      if (
        this.provisional.has(region) &&
        this.services.get(region) === service &&
        service.state.domains.size === 0
      ) {
        this.services.delete(region);
        this.provisional.delete(region);
      }
    }
  }

  /**
   * {@link ServerWorld.withService} for a call that completes at once (a journal's replay): a region
   * created for it is dropped again if the call left no domain in it.
   */
  withServiceNow<T>(region: string, call: (service: SwfService) => T): T {
    const existing = this.services.get(region);
    if (existing !== undefined) return call(existing);
    const service = this.create(region);
    try {
      return call(service);
    } finally {
      if (service.state.domains.size === 0) this.services.delete(region);
    }
  }

  /** Every regional service created so far. */
  allServices(): Iterable<SwfService> {
    return this.services.values();
  }

  regions(): string[] {
    return [...this.services.keys()];
  }

  /** Back to an empty world at the start time, with the seeds of a fresh server. */
  reset(): void {
    this.tokenFloors = this.currentTokenCounts();
    this.clock = this.newClock(this.options.startMs);
    this.services = new Map();
    this.provisional = new Set();
    this.seedSuffix = '';
  }

  exportState(): ServerSnapshot {
    const regions: Record<string, ServiceSnapshot> = {};
    for (const [region, service] of this.services) regions[region] = exportState(service.state);
    return { format: SERVER_SNAPSHOT_FORMAT, version: 1, clockMs: this.clock.now(), regions };
  }

  /** A consistent cut of the world, to be written out piece by piece; `durable` for the state directory. */
  cut(durable = false): WorldCut {
    const regions = [...this.services].map(
      ([region, service]) => [region, cutState(service.state, { clockOrder: durable })] as const,
    );
    const randoms: Record<string, RandomPosition> = {};
    const tasksNumbered: Record<string, number> = {};
    for (const [region, service] of this.services) {
      randoms[region] = service.state.random.position();
      tasksNumbered[region] = service.state.tasksNumbered;
    }
    return {
      clockMs: this.clock.now(),
      regions,
      release: () => {
        for (const [, cut] of regions) cut.release();
      },
      ...(durable && {
        durable: {
          armedCount: this.clock.armedCount,
          seedSuffix: this.seedSuffix,
          imports: this.imports,
          tokenFloors: Object.fromEntries(this.tokenFloors),
          randoms,
          tasksNumbered,
        },
      }),
    };
  }

  /**
   * Replaces the world with `snapshot` (parsed JSON). Checked completely first: on a
   * {@link SnapshotError} nothing changes.
   */
  importState(snapshot: unknown): void {
    runSteps(this.importSteps(snapshot));
  }

  /**
   * {@link ServerWorld.importState} in steps: the new world is built aside, yielding after every
   * run, and swapped in by the last step. Dropping the steps, or a {@link SnapshotError}, changes
   * nothing.
   */
  *importSteps(snapshot: unknown): Generator<void, void, void> {
    const built = this.beginImport(checkedClockMs(snapshot));
    yield* built.whole(snapshot);
    this.adopt(built);
  }

  /** A new world to build aside from a snapshot taken at `clockMs`; {@link ServerWorld.adopt} swaps it in. */
  beginImport(clockMs: number): WorldImport {
    // Counted when begun: imports that overlap must not share a seed.
    this.importsBegun = Math.max(this.importsBegun, this.imports) + 1;
    const clock = this.newClock(clockMs);
    if (clock instanceof ObservedClock) clock.observer = undefined;
    return this.worldImport(clock, `/import-${this.importsBegun}`);
  }

  /** Swaps in a world built from a snapshot (see {@link ServerWorld.beginImport}). */
  adopt(built: WorldImport): void {
    // Counted at the swap: the old world may have issued tokens while this one was being built.
    const counts = this.currentTokenCounts();
    for (const [region, service] of built.services) service.state.tokenIssuer.skipTo(counts.get(region) ?? 0);
    this.imports++;
    this.tokenFloors = counts;
    if (built.clock instanceof ObservedClock) built.clock.observer = this.options.observer;
    this.swapIn(built, 'object');
  }

  /**
   * Counts an import that a successor builds elsewhere as begun here, so that no import of this
   * world shares its number (its run-id seed); returns what the successor starts counting from.
   */
  reserveImport(): number {
    this.importsBegun = Math.max(this.importsBegun, this.imports) + 1;
    return this.importsBegun - 1;
  }

  /** What a successor needs of this world (see {@link WorldCarry}). */
  carry(): WorldCarry {
    return {
      tokenCounts: Object.fromEntries(this.currentTokenCounts()),
      imports: this.imports,
      importsBegun: Math.max(this.importsBegun, this.imports),
    };
  }

  /**
   * Goes on as the successor of the world that handed on `carry`, having just adopted an import
   * ({@link ServerWorld.adopt}) that it built in place of that world: as if that world had adopted it.
   */
  succeed(carry: WorldCarry): void {
    for (const [region, count] of Object.entries(carry.tokenCounts)) {
      this.tokenFloors.set(region, Math.max(this.tokenFloors.get(region) ?? 0, count));
      this.services.get(region)?.state.tokenIssuer.skipTo(count);
    }
    this.imports += carry.imports;
    this.importsBegun = Math.max(this.importsBegun, carry.importsBegun);
  }

  /**
   * Becomes the world a state directory's snapshot describes: the same seeds, random streams, arming
   * order and token counts, so that replaying what followed it gives the very same results.
   * @throws SnapshotError
   */
  restore(snapshot: unknown, durable: unknown): void {
    const built = this.beginRestore(checkedClockMs(snapshot), durable);
    runSteps(built.whole(snapshot));
    this.adoptRestored(built, durable);
  }

  /** {@link ServerWorld.restore} as {@link ServerWorld.beginImport}: a world to build from a state directory's snapshot. */
  beginRestore(clockMs: number, durable: unknown): WorldImport {
    const world = checkDurable(durable);
    const clock = this.newClock(clockMs);
    clock.skipArmedTo(world.armedCount);
    return this.worldImport(clock, world.seedSuffix, world.tasksNumbered);
  }

  /** Swaps in a world built by {@link ServerWorld.beginRestore}, with the random streams and counts `durable` records. */
  adoptRestored(built: WorldImport, durable: unknown): void {
    const world = checkDurable(durable);
    for (const [region, service] of built.services) {
      const position = world.randoms[region];
      if (position === undefined) throw new SnapshotError(`durable.randoms: no stream for ${region}`);
      service.state.random.moveTo(position);
    }
    this.imports = world.imports;
    this.tokenFloors = new Map(Object.entries(world.tokenFloors));
    this.swapIn(built, 'document');
  }

  /**
   * `regionOrder`: an import takes the regions in `Object.entries` order, as a whole import of the
   * parsed document does; a restore keeps them as the snapshot (the live world) had them.
   */
  private swapIn(built: WorldImport, regionOrder: 'object' | 'document'): void {
    this.clock = built.clock;
    this.services = regionOrder === 'object' ? built.servicesInDocumentObjectOrder() : built.services;
    this.provisional = new Set();
    this.seedSuffix = built.seedSuffix;
  }

  private worldImport(
    clock: VirtualClock,
    suffix: string,
    tasksNumbered?: Readonly<Record<string, number>>,
  ): WorldImport {
    const service = (region: string): SwfService => {
      if (!REGION_PATTERN.test(region))
        throw new SnapshotError(`snapshot.regions: bad region name ${region}`);
      return this.newService(region, clock, suffix);
    };
    return new WorldImport(clock, suffix, service, this.options.maxRegions, tasksNumbered);
  }

  private create(region: string): SwfService {
    if (this.services.size >= this.options.maxRegions) {
      throw new RegionLimitError(`swf-sim serves at most ${this.options.maxRegions} regions`);
    }
    const service = this.newService(region, this.clock);
    const floor = this.tokenFloors.get(region) ?? 0;
    if (floor > 0) service.state.tokenIssuer.skipTo(floor);
    this.services.set(region, service);
    return service;
  }

  private newClock(startMs: number): VirtualClock {
    const { observer } = this.options;
    return observer === undefined ? new VirtualClock(startMs) : new ObservedClock(startMs, observer);
  }

  private newService(region: string, clock: VirtualClock, suffix = this.seedSuffix): SwfService {
    const { seed, accountId, longPollMs, tokenSecret } = this.options;
    return new SwfService({
      clock,
      seed: `${seed}/${region}${suffix}`,
      region,
      accountId,
      ...(longPollMs !== undefined && { longPollMs }),
      ...(tokenSecret !== undefined && { tokenSecret: `${tokenSecret}/${region}` }),
    });
  }

  private currentTokenCounts(): Map<string, number> {
    const counts = new Map(this.tokenFloors);
    for (const [region, service] of this.services) {
      counts.set(region, Math.max(counts.get(region) ?? 0, issuedTokenCount(service.state)));
    }
    return counts;
  }
}

/** The header of a server snapshot, checked; its virtual time. @internal */
export function checkedClockMs(snapshot: unknown): number {
  if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) {
    throw new SnapshotError('snapshot: expected an object');
  }
  const root = snapshot as Record<string, unknown>;
  if (root.format !== SERVER_SNAPSHOT_FORMAT) {
    throw new SnapshotError(`snapshot.format: expected "${SERVER_SNAPSHOT_FORMAT}"`);
  }
  if (root.version !== 1) throw new SnapshotError('snapshot.version: expected 1');
  const clockMs = root.clockMs;
  if (typeof clockMs !== 'number' || !Number.isSafeInteger(clockMs) || clockMs < 0) {
    throw new SnapshotError('snapshot.clockMs: expected epoch milliseconds');
  }
  return clockMs;
}

function checkDurable(value: unknown): DurableWorld {
  const world = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const count = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 0;
  const record = (x: unknown, check: (v: unknown) => boolean): boolean =>
    typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every(check);
  if (
    !count(world.armedCount) ||
    typeof world.seedSuffix !== 'string' ||
    !count(world.imports) ||
    !record(world.tokenFloors, count) ||
    !record(world.randoms, isRandomPosition) ||
    (world.tasksNumbered !== undefined && !record(world.tasksNumbered, count))
  ) {
    throw new SnapshotError(
      'durable: expected armedCount, seedSuffix, imports, tokenFloors and randoms (and tasksNumbered, counts)',
    );
  }
  return world as unknown as DurableWorld;
}
