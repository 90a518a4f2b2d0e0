import { SnapshotError } from '../../sim/service/snapshot/ServiceSnapshot.js';
import { JsonStreamParser, type JsonPath } from './durability/jsonStream.js';
import { Pacer, runInSlices } from './durability/pacing.js';
import { checkedClockMs, type ServerWorld } from './ServerWorld.js';
import type { WorldImport } from './WorldImport.js';

/** The document's own members a streamed import needs before its regions. */
const IMPORT_HEADER = ['format', 'version', 'clockMs'];
/** A restore needs `durable` too. */
const HEADER = [...IMPORT_HEADER, 'durable'];

/** One piece of work on the new world that the parsed text asked for: done at once, or in steps. */
type Work = () => Generator<void, void, void> | void;

/**
 * Imports a server snapshot (`PUT /_swf-sim/state`, or a state directory's at start) as its text
 * streams in. Each run is built into
 * the new world, aside, as soon as its text is parsed, so neither the document nor its parsed form
 * is ever held whole: what outlives each garbage collection is the new world alone, which keeps the
 * collector's pauses short for the clients served meanwhile. The work after each chunk is done in
 * slices (see `Pacer`).
 *
 * That needs `format`, `version` and `clockMs` (and for a restore, `durable`) before `regions`, as
 * every export and state-directory snapshot writes them. A document in another order (keys sorted
 * by a tool, say) is parsed whole and then imported: the same result for more memory.
 *
 * Feed it the chunks, then `end` swaps the new world in. After a `SyntaxError` (malformed JSON) or a
 * `SnapshotError` from either, drop it: nothing changed.
 * @internal
 */
export class StreamedImport {
  private readonly parser = new JsonStreamParser({
    enter: (path, isObject) => this.enter(path, isObject),
    take: (path, value) => this.take(path, value),
  });
  private fed = false;
  /** The document's own members seen so far, of those needed before its regions. */
  private readonly header: Record<string, unknown> = {};
  /** The new world, once the regions start (and the document's order allows streaming). */
  private built: { world: WorldImport; clockMs: number } | undefined;
  private regionsSeen = false;
  /**
   * A member of the document's own seen twice before its regions: JSON.parse keeps the last, so the
   * document is read whole.
   */
  private headerRepeated = false;
  /** The `domains` of each region and the `runs` of each domain seen so far, once streaming. */
  private readonly lists = new Set<string>();
  private queue: Work[] = [];

  /**
   * @param restoring - a state directory's snapshot (`ServerWorld.restore`), which carries `durable`
   *   before its regions; otherwise an import (`ServerWorld.importState`).
   */
  constructor(
    private readonly world: ServerWorld,
    private readonly restoring = false,
    private readonly pacer = new Pacer(),
  ) {}

  /** Parses a chunk and builds what it completes. @throws SyntaxError, SnapshotError */
  async feed(chunk: Buffer): Promise<void> {
    this.fed = true;
    this.parser.feed(chunk);
    await this.drain();
  }

  /**
   * Once the whole document was fed: checks its own members and swaps the new world in. Returns the
   * document's own members (its regions left out, unless it was read whole).
   * @throws SyntaxError, SnapshotError
   */
  async end(): Promise<Record<string, unknown>> {
    // An empty body is an empty document, refused for what it lacks.
    const root = (this.fed ? this.parser.end() : {}) as Record<string, unknown>;
    await this.drain();
    if (this.built === undefined) {
      if (this.restoring) this.world.restore(root, root.durable);
      else await runInSlices(this.world.importSteps(root), this.pacer);
      return root;
    }
    if (checkedClockMs(root) !== this.built.clockMs) {
      throw new SnapshotError('snapshot.clockMs: appears more than once, with different values');
    }
    if (this.restoring) this.world.adoptRestored(this.built.world, root.durable);
    else this.world.adopt(this.built.world);
    return root;
  }

  /** Enters the containers that lead to runs, so that each run reaches {@link take} on its own. */
  private enter(path: JsonPath, isObject: boolean): boolean {
    if (path.length === 0) return isObject;
    if (path[0] !== 'regions') return false;
    if (path.length === 1) {
      if (this.regionsSeen) {
        if (this.built !== undefined) throw new SnapshotError('snapshot.regions: appears more than once');
        return false;
      }
      this.regionsSeen = true;
      const needed = this.restoring ? HEADER : IMPORT_HEADER;
      if (!isObject || this.headerRepeated || !needed.every((key) => key in this.header)) return false;
      const clockMs = checkedClockMs(this.header);
      const world = this.restoring
        ? this.world.beginRestore(clockMs, this.header.durable)
        : this.world.beginImport(clockMs);
      this.built = { world, clockMs };
      return true;
    }
    if (this.built === undefined) return false;
    switch (path.length) {
      case 2: // a region
        return isObject;
      case 3: // its domains
        return path[2] === 'domains' && !isObject;
      case 4: // a domain
        return typeof path[3] === 'number' && isObject;
      case 5: // its runs
        return path[4] === 'runs' && !isObject;
      default:
        return false;
    }
  }

  /** Takes runs, domains and regions as they complete, to be built into the new world. */
  private take(path: JsonPath, value: unknown): boolean {
    const built = this.built?.world;
    const key = path[0];
    if (path.length === 1 && typeof key === 'string' && (HEADER.includes(key) || key === 'regions')) {
      if (built === undefined) {
        if (key in this.header) this.headerRepeated = true;
        if (key !== 'regions') this.header[key] = value;
        return false;
      }
      // Streaming went by the first; a whole parse would keep the last.
      if (key in this.header) throw new SnapshotError(`snapshot.${key}: appears more than once`);
      this.header[key] = key === 'regions' ? true : value;
      // `regions` is left out, emptied (its regions were handed over); the others stay.
      return key === 'regions';
    }
    if (built === undefined || key !== 'regions') return false;
    const region = path[1];
    switch (path.length) {
      case 2:
        if (typeof region !== 'string') return false;
        this.queue.push(() => built.endRegion(region, value));
        return true;
      case 3:
        if (path[2] === 'domains') this.once(`regions.${String(region)}: snapshot.domains`);
        return false;
      case 5:
        if (path[4] === 'runs')
          this.once(`regions.${String(region)}: snapshot.domains[${String(path[3])}].runs`);
        return false;
      case 4: {
        const domain = path[3];
        if (typeof region !== 'string' || path[2] !== 'domains' || typeof domain !== 'number') return false;
        this.queue.push(() => built.endDomain(region, domain, value));
        return true;
      }
      case 6: {
        const [, , domains, domain, runs, run] = path;
        if (typeof region !== 'string' || domains !== 'domains' || typeof domain !== 'number') return false;
        if (runs !== 'runs' || typeof run !== 'number') return false;
        this.queue.push(() => built.addRun(region, domain, run, value));
        return true;
      }
      default:
        return false;
    }
  }

  /** Refuses a second `domains` in a region or `runs` in a domain: streaming used the first. */
  private once(member: string): void {
    if (this.lists.has(member)) throw new SnapshotError(`${member}: appears more than once`);
    this.lists.add(member);
  }

  /** Does the work the last chunk asked for, in slices. */
  private async drain(): Promise<void> {
    const queue = this.queue;
    this.queue = [];
    for (const work of queue) {
      const steps = work();
      if (steps !== undefined) await runInSlices(steps, this.pacer);
      await this.pacer.breathe();
    }
  }
}
