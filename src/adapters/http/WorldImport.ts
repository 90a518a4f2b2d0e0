import type { VirtualClock } from '../../sim/clock/VirtualClock.js';
import { importStateSteps } from '../../sim/service/snapshot/importState.js';
import { ServiceImport } from '../../sim/service/snapshot/ServiceImport.js';
import { SnapshotError, type ServiceSnapshot } from '../../sim/service/snapshot/ServiceSnapshot.js';
import type { SwfService } from '../../sim/service/SwfService.js';

/**
 * A world being built aside from a server snapshot while the current one goes on serving: one
 * service per region on a clock of its own, fed a parsed snapshot whole ({@link WorldImport.whole})
 * or piece by piece as a document streams in (runs, then each domain's and each region's own
 * members). The server swaps it in once complete; on a {@link SnapshotError} it is simply dropped.
 * Errors inside a region name it: `regions.<region>: …`.
 * @internal
 */
export class WorldImport {
  readonly services = new Map<string, SwfService>();
  private readonly importers = new Map<string, ServiceImport>();
  private readonly ended = new Set<string>();

  /**
   * @param newService - the service of a region (refusing a bad region name with a SnapshotError)
   * @param tasksNumbered - a restore's count of numbered tasks per region (see `ServiceImport`)
   */
  constructor(
    readonly clock: VirtualClock,
    readonly seedSuffix: string,
    private readonly newService: (region: string) => SwfService,
    private readonly maxRegions: number,
    private readonly tasksNumbered: Readonly<Record<string, number>> = {},
  ) {}

  /** Builds every region of a parsed server snapshot. @throws SnapshotError */
  *whole(snapshot: unknown): Generator<void, void, void> {
    const regions = (snapshot as { regions?: unknown }).regions;
    if (typeof regions !== 'object' || regions === null || Array.isArray(regions)) {
      throw new SnapshotError('snapshot.regions: expected an object of region → service snapshot');
    }
    const entries = Object.entries(regions as Record<string, unknown>);
    if (entries.length > this.maxRegions) {
      throw new SnapshotError(`snapshot.regions: at most ${this.maxRegions} regions`);
    }
    for (const [region, regional] of entries) {
      const service = this.service(region);
      try {
        yield* importStateSteps(service.state, regional as ServiceSnapshot, this.numbered(region));
      } catch (error) {
        throw inRegion(region, error);
      }
    }
  }

  /**
   * The services in the order `Object.entries` gives a parsed document's regions — names that are
   * array indices, like `"7"`, first and ascending, then the rest as they came — whichever way the
   * document was read, so that a streamed import and a whole one give the same world.
   */
  servicesInDocumentObjectOrder(): Map<string, SwfService> {
    return new Map(Object.entries(Object.fromEntries(this.services)));
  }

  /** A run of a streamed snapshot (see `ServiceImport.addRun`). @throws SnapshotError */
  addRun(region: string, domainIndex: number, runIndex: number, value: unknown): Generator<void, void, void> {
    return this.inRegion(region, (importer) => importer.addRun(domainIndex, runIndex, value));
  }

  /** A domain's own members, once its runs were handed over. @throws SnapshotError */
  endDomain(region: string, index: number, value: unknown): Generator<void, void, void> {
    return this.inRegion(region, (importer) => importer.endDomain(index, value));
  }

  /** A region's own members, once its domains were handed over: the region is complete. @throws SnapshotError */
  endRegion(region: string, value: unknown): Generator<void, void, void> {
    return this.inRegion(region, (importer) => {
      this.ended.add(region);
      return importer.finish(value);
    });
  }

  /** `steps` of the region's importer, its errors naming the region. */
  private *inRegion(
    region: string,
    steps: (importer: ServiceImport) => Generator<void, void, void>,
  ): Generator<void, void, void> {
    const importer = this.importer(region);
    try {
      yield* steps(importer);
    } catch (error) {
      throw inRegion(region, error);
    }
  }

  private importer(region: string): ServiceImport {
    if (this.ended.has(region)) throw new SnapshotError(`snapshot.regions: ${region} appears more than once`);
    let importer = this.importers.get(region);
    if (importer === undefined) {
      importer = new ServiceImport(this.service(region).state, this.numbered(region));
      this.importers.set(region, importer);
    }
    return importer;
  }

  private numbered(region: string): number | undefined {
    return Object.hasOwn(this.tasksNumbered, region) ? this.tasksNumbered[region] : undefined;
  }

  private service(region: string): SwfService {
    if (this.services.has(region))
      throw new SnapshotError(`snapshot.regions: ${region} appears more than once`);
    if (this.services.size >= this.maxRegions) {
      throw new SnapshotError(`snapshot.regions: at most ${this.maxRegions} regions`);
    }
    const service = this.newService(region);
    this.services.set(region, service);
    return service;
  }
}

function inRegion(region: string, error: unknown): unknown {
  return error instanceof SnapshotError ? new SnapshotError(`regions.${region}: ${error.message}`) : error;
}
