import { VirtualClock } from '../../sim/clock/VirtualClock.js';
import { exportState, issuedTokenCount } from '../../sim/service/snapshot/exportState.js';
import { importState } from '../../sim/service/snapshot/importState.js';
import { SnapshotError, type ServiceSnapshot } from '../../sim/service/snapshot/ServiceSnapshot.js';
import { SwfService } from '../../sim/service/SwfService.js';

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

/** What a region name may look like (the SigV4 credential scope's region). @internal */
export const REGION_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** A request for a region beyond the server's limit. @internal */
export class RegionLimitError extends Error {
  override readonly name = 'RegionLimitError';
}

/** Settings every regional service is created with. @internal */
export interface ServerWorldOptions {
  readonly seed: string;
  readonly accountId: string;
  readonly startMs: number;
  readonly maxRegions: number;
  readonly longPollMs?: number;
  /** Secret of the task tokens (each region's is `<secret>/<region>`); default: from each service's seed. */
  readonly tokenSecret?: string;
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
  /** Tokens issued per region before a reset or import: new services issue only later ones. */
  private tokenFloors = new Map<string, number>();

  constructor(private readonly options: ServerWorldOptions) {
    this.clock = new VirtualClock(options.startMs);
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
    this.clock = new VirtualClock(this.options.startMs);
    this.services = new Map();
    this.provisional = new Set();
    this.seedSuffix = '';
  }

  exportState(): ServerSnapshot {
    const regions: Record<string, ServiceSnapshot> = {};
    for (const [region, service] of this.services) regions[region] = exportState(service.state);
    return { format: SERVER_SNAPSHOT_FORMAT, version: 1, clockMs: this.clock.now(), regions };
  }

  /**
   * Replaces the world with `snapshot` (parsed JSON). Checked completely first: on a
   * {@link SnapshotError} nothing changes.
   */
  importState(snapshot: unknown): void {
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
    const regions = root.regions;
    if (typeof regions !== 'object' || regions === null || Array.isArray(regions)) {
      throw new SnapshotError('snapshot.regions: expected an object of region → service snapshot');
    }
    const entries = Object.entries(regions as Record<string, unknown>);
    if (entries.length > this.options.maxRegions) {
      throw new SnapshotError(`snapshot.regions: at most ${this.options.maxRegions} regions`);
    }
    const counts = this.currentTokenCounts();
    const suffix = `/import-${this.imports + 1}`;
    const clock = new VirtualClock(clockMs);
    const services = new Map<string, SwfService>();
    for (const [region, regional] of entries) {
      if (!REGION_PATTERN.test(region))
        throw new SnapshotError(`snapshot.regions: bad region name ${region}`);
      const service = this.newService(region, clock, suffix);
      const floor = counts.get(region) ?? 0;
      const issued = tokensOf(regional);
      // A valid count is raised to what this server already issued; a bad one is left for importState to report.
      const adjusted =
        issued === undefined ? regional : { ...(regional as object), tokensIssued: Math.max(floor, issued) };
      try {
        importState(service.state, adjusted as ServiceSnapshot);
      } catch (error) {
        if (error instanceof SnapshotError) throw new SnapshotError(`regions.${region}: ${error.message}`);
        throw error;
      }
      services.set(region, service);
    }
    // Everything checked: swap.
    this.imports++;
    this.tokenFloors = counts;
    this.clock = clock;
    this.services = services;
    this.provisional = new Set();
    this.seedSuffix = suffix;
  }

  private create(region: string): SwfService {
    if (this.services.size >= this.options.maxRegions) {
      throw new RegionLimitError(`swf-sim serves at most ${this.options.maxRegions} regions`);
    }
    const service = this.newService(region, this.clock);
    const floor = this.tokenFloors.get(region) ?? 0;
    if (floor > 0) importState(service.state, emptySnapshot(service, floor));
    this.services.set(region, service);
    return service;
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

function tokensOf(regional: unknown): number | undefined {
  if (typeof regional !== 'object' || regional === null || Array.isArray(regional)) return undefined;
  const value = (regional as { tokensIssued?: unknown }).tokensIssued;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A snapshot of nothing but a token count: importing it skips a fresh service's tokens past it. */
function emptySnapshot(service: SwfService, tokensIssued: number): ServiceSnapshot {
  const { region, accountId } = service.state.options;
  return {
    format: 'swf-sim/service-snapshot',
    version: 1,
    clockMs: service.clock.now(),
    region,
    accountId,
    tokensIssued,
    domains: [],
  };
}
