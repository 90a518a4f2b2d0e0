import { createReadStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { CallContext, SwfEndpoint } from '../../../sim/service/SwfEndpoint.js';
import type { ServerWorld, WorldCarry, WorldObserver } from '../ServerWorld.js';
import { StreamedImport } from '../StreamedImport.js';
import { Journal, type JournalGeneration } from './journal.js';
import { nextTurn } from './pacing.js';
import { writeSnapshot } from './snapshotText.js';
import {
  asidePath,
  generationPaths,
  listGenerations,
  lockStateDir,
  readJournal,
  settingsOf,
  StateDirError,
  syncDirectory,
  writeSnapshotFile,
  type GenerationFiles,
  type StateSettings,
} from './stateDir.js';

/** Options of {@link Durability.open}. @internal */
export interface DurabilityOptions {
  readonly dir: string;
  /** fsync every group of journal lines before answering (default); false: written, not fsynced. */
  readonly fsync: boolean;
  /** Journal bytes after which a snapshot starts a new generation. */
  readonly compactAfterBytes: number;
  /** Where problems that do not stop the server are reported (a failed periodic snapshot). */
  readonly warn: (message: string) => void;
}

/** A long poll parked in the service: a snapshot carries it, so replaying what follows finds it. */
interface ParkedPoll {
  readonly n: number;
  readonly region: string;
  readonly op: string;
  readonly input: unknown;
  readonly expiresAtMs: number;
  readonly expirySeq: number;
}

/** What a state directory's snapshot adds to the world's own durable members. */
interface SnapshotMembers {
  /** Unknown for a snapshot written aside: its file's name says it once it is renamed. */
  readonly generation?: number;
  readonly nextEntry: number;
  readonly polls: readonly ParkedPoll[];
}

/** One journal line. */
type Entry =
  | { readonly n: number; readonly clock: number }
  | { readonly n: number; readonly abort: number }
  /** A successor took over: what the server it succeeds handed on (see {@link Durability.attach}). */
  | { readonly n: number; readonly succeeded: WorldCarry }
  | {
      readonly n: number;
      readonly at: number;
      readonly region: string;
      readonly op: string;
      readonly input: unknown;
    };

/** SWF operations that only read: they change nothing, so they are not journaled. */
const READ_ONLY = /^(Count|Describe|Get|List)/;
const POLLS: ReadonlySet<string> = new Set(['PollForDecisionTask', 'PollForActivityTask']);
const JOURNAL_FORMAT = 'swf-sim/journal';

/** What a server restored from its state directory at start (`SwfServer.recovered`). @public */
export interface Recovered {
  /** Generation of the snapshot it started from, if any. */
  readonly snapshot: number | undefined;
  /** Journal entries replayed after it. */
  readonly entries: number;
  /** Long polls that were parked when the server stopped, now released. */
  readonly releasedPolls: number;
  /**
   * Set when the newest snapshot could not be restored and the generation before it stood in: that
   * snapshot's generation, why it failed, and where its file was set aside.
   */
  readonly fellBack?: { readonly snapshot: number; readonly error: string; readonly keptAs: string };
}

/** What a restart rebuilt: journal entries replayed, and the polls still parked after them. */
interface Rebuilt {
  readonly entries: number;
  readonly polls: Map<number, AbortController>;
}

/** A snapshot file that could not be restored (a damaged file, a restore bug): the world it was restored onto is unusable. */
class UnrestorableSnapshot extends Error {
  readonly reason: string;

  constructor(
    readonly generation: number,
    path: string,
    cause: unknown,
  ) {
    const reason = String(cause);
    super(`${path} cannot be restored (${reason})`);
    this.reason = reason;
  }
}

/**
 * A server's state directory at work: every state-changing call, poll hang-up and clock movement
 * is journaled before anything is answered ({@link Durability.sync}), and now and
 * then a snapshot starts a new journal generation. On start, the newest complete snapshot is loaded
 * and the journal replayed: the service is deterministic, so the world is rebuilt exactly, open
 * tasks, armed timers and parked polls included. Polls parked when the process died belong to dead
 * connections: they are released (and that is journaled) before anyone is served.
 * @internal
 */
export class Durability implements WorldObserver {
  private world: ServerWorld | undefined;
  private journal: Journal | undefined;
  private generation = 0;
  private nextEntry = 0;
  private replaying = false;
  private readonly parked = new Map<number, ParkedPoll>();
  /** Snapshots are written one after another. */
  private writing: Promise<void> = Promise.resolve();
  private compactionDue = false;
  private closed = false;
  private closing: Promise<void> | undefined;
  /** A successor's snapshot written aside ({@link Durability.writeAside}), and where the world stood then. */
  private aside:
    { readonly nextEntry: number; readonly clockMs: number; readonly armedCount: number } | undefined;
  /** The world's replacement (the import a successor took over with) already has its snapshot. */
  private baseInPlace = false;

  private constructor(
    private readonly options: DurabilityOptions,
    readonly settings: StateSettings,
    private unlock: () => Promise<void>,
  ) {}

  /**
   * For a world built from an import in another isolate, which takes the directory over from the
   * server it succeeds ({@link Durability.attach}) once that one let go of it; `settings` are the
   * directory's, as that server had them. Nothing is journaled before.
   */
  static deferred(options: DurabilityOptions, settings: StateSettings): Durability {
    return new Durability(options, settings, () => Promise.resolve());
  }

  /**
   * For a successor whose import is built: writes the world's snapshot aside while the server it is
   * to succeed still serves, so that taking over ({@link Durability.attach}) costs a rename instead
   * of a snapshot that every later answer would wait for.
   */
  async writeAside(world: ServerWorld): Promise<void> {
    const cut = world.cut(true);
    const members: SnapshotMembers = { nextEntry: this.nextEntry, polls: [...this.parked.values()] };
    const standing = {
      nextEntry: this.nextEntry,
      clockMs: world.clock.now(),
      armedCount: world.clock.armedCount,
    };
    try {
      await writeSnapshotFile(asidePath(this.options.dir), (sink) =>
        writeSnapshot(cut, { ...cut.durable, ...members }, sink),
      );
    } finally {
      cut.release();
    }
    this.aside = standing;
  }

  /**
   * Takes the directory over for `world`, in a generation after every one there; `succeeded`: what
   * the server it succeeds handed on, already applied to `world`. When the snapshot written aside
   * still stands for the world (nothing happened since but the handover), the generation starts from
   * it: its journal, whose first entry is the handover, is durable first, then the snapshot is renamed
   * into place (a crash in between leaves a journal whose snapshot never came: the state before
   * the import). Otherwise the generation continues the world as is, and its replacement
   * ({@link Durability.replaced}) writes the snapshot. @throws StateDirError
   */
  async attach(world: ServerWorld, succeeded: WorldCarry): Promise<void> {
    this.unlock = await lockStateDir(this.options.dir);
    this.world = world;
    const generations = await listGenerations(this.options.dir);
    for (const files of generations) this.generation = Math.max(this.generation, files.generation);
    const generation = ++this.generation;
    const aside = this.aside;
    this.aside = undefined;
    const stands =
      aside !== undefined &&
      aside.nextEntry === this.nextEntry &&
      aside.clockMs === world.clock.now() &&
      aside.armedCount === world.clock.armedCount;
    if (!stands) {
      await rm(asidePath(this.options.dir), { force: true });
      this.journal = new Journal(this.journalGeneration(generation, undefined), this.options.fsync);
      return;
    }
    this.journal = new Journal(this.journalGeneration(generation, undefined, true), this.options.fsync);
    this.record({ succeeded });
    await this.journal.sync();
    const { snapshot } = generationPaths(this.options.dir, generation);
    await rename(asidePath(this.options.dir), snapshot);
    await syncDirectory(snapshot);
    this.baseInPlace = true;
    this.writing = this.removeGenerationsBehind(generation, [...generations, { generation, snapshot }]).catch(
      () => undefined,
    );
  }

  /**
   * Takes the directory (created if need be) and reads its settings — `wanted` for a new one;
   * `given` names the settings the user chose explicitly, refused when they differ from the
   * directory's. @throws StateDirError
   */
  static async open(
    options: DurabilityOptions,
    wanted: Parameters<typeof settingsOf>[1],
    given: Parameters<typeof settingsOf>[2],
  ): Promise<Durability> {
    const unlock = await lockStateDir(options.dir);
    try {
      return new Durability(options, await settingsOf(options.dir, wanted, given), unlock);
    } catch (error) {
      await unlock();
      throw error;
    }
  }

  /**
   * Rebuilds the world from the directory, on a fresh one from `makeWorld` (made with these settings
   * and this observer). When the newest snapshot cannot be restored, the one before it (none: the
   * start) and every journal after it rebuild the same world on another fresh one: the file is set
   * aside, a warning names it, and the server starts. @throws StateDirError
   */
  async recover(makeWorld: () => ServerWorld): Promise<{ world: ServerWorld; recovered: Recovered }> {
    // A successor's snapshot that never took over (its process died before): nothing of it counts.
    await rm(asidePath(this.options.dir), { force: true });
    const generations = await listGenerations(this.options.dir);
    let base = generations.findLast((g) => g.snapshot !== undefined);
    let rebuilt: Rebuilt;
    let fellBack: Recovered['fellBack'];
    try {
      rebuilt = await this.rebuild(makeWorld(), generations, base);
    } catch (error) {
      if (!(error instanceof UnrestorableSnapshot)) throw error;
      const broken = error.generation;
      base = generations.findLast((g) => g.snapshot !== undefined && g.generation < broken);
      if (base === undefined && !generations.some((g) => g.generation < broken && g.journal !== undefined)) {
        throw new StateDirError(`${error.message}; there is no older generation to start from`);
      }
      rebuilt = await this.rebuild(makeWorld(), generations, base, broken).catch((second: unknown) => {
        const why = second instanceof Error ? second.message : String(second);
        throw new StateDirError(`${error.message}; the generation before it cannot stand in: ${why}`);
      });
      const { snapshot, unrestorable } = generationPaths(this.options.dir, broken);
      await rename(snapshot, unrestorable);
      await syncDirectory(unrestorable);
      fellBack = { snapshot: broken, error: error.reason, keptAs: unrestorable };
      this.options.warn(
        `${error.message}; started from ${base === undefined ? 'no snapshot' : `snapshot ${base.generation}`} ` +
          `and the journals after it instead (the file is kept as ${unrestorable})`,
      );
    }
    await nextTurn();
    for (const files of generations) this.generation = Math.max(this.generation, files.generation);
    this.generation++;
    this.journal = new Journal(this.journalGeneration(this.generation, undefined), this.options.fsync);
    await this.removeGenerationsBehind(this.generation, generations);
    // Polls still parked belong to connections that died with the process.
    const { entries, polls } = rebuilt;
    for (const [n, controller] of polls) {
      this.record({ abort: n });
      controller.abort();
    }
    if (entries > 0 || polls.size > 0 || fellBack !== undefined) this.compactSoon();
    const recovered = { snapshot: base?.generation, entries, releasedPolls: polls.size };
    return { world: this.world as ServerWorld, recovered: { ...recovered, ...(fellBack && { fellBack }) } };
  }

  /**
   * Rebuilds `world` from snapshot `base` (none: from the start) and the journals from its generation
   * on. `unrestorable`: a newer snapshot that could not be restored; a journal that starts from it (a
   * reset or import) cannot be replayed on anything else.
   * @throws UnrestorableSnapshot (base's file), StateDirError
   */
  private async rebuild(
    world: ServerWorld,
    generations: readonly GenerationFiles[],
    base: GenerationFiles | undefined,
    unrestorable?: number,
  ): Promise<Rebuilt> {
    this.world = world;
    this.nextEntry = 0;
    const polls = new Map<number, AbortController>();
    this.replaying = true;
    let entries = 0;
    try {
      if (base?.snapshot !== undefined) await this.restoreSnapshot(base.generation, base.snapshot, polls);
      for (const files of generations) {
        if (files.journal === undefined || files.generation < (base?.generation ?? 0)) continue;
        const { lines } = await readJournal(files.journal);
        const header = lines[0] as { format?: unknown; requiresSnapshot?: unknown } | undefined;
        if (header?.format !== JOURNAL_FORMAT) throw new StateDirError(`${files.journal}: no journal header`);
        if (header.requiresSnapshot === true && files.generation !== base?.generation) {
          if (files.generation <= (unrestorable ?? -1)) {
            throw new StateDirError(
              `${files.journal} starts from snapshot ${files.generation} (a reset or import)`,
            );
          }
          // A reset or import whose snapshot never reached the disk: nothing after it was answered.
          break;
        }
        for (const entry of lines.slice(1) as Entry[]) {
          if (entry.n !== this.nextEntry) {
            throw new StateDirError(
              `${files.journal}: entry ${entry.n} where ${this.nextEntry} was expected`,
            );
          }
          this.replay(entry, polls);
          this.nextEntry++;
          entries++;
          if (entries % 1000 === 0) await nextTurn();
        }
      }
    } finally {
      this.replaying = false;
    }
    return { entries, polls };
  }

  /** Restores the world from snapshot `generation`, its parked polls included. @throws UnrestorableSnapshot */
  private async restoreSnapshot(
    generation: number,
    path: string,
    polls: Map<number, AbortController>,
  ): Promise<void> {
    try {
      // Built run by run as the file is read, never parsed whole.
      const restore = new StreamedImport(this.world as ServerWorld, true);
      for await (const chunk of createReadStream(path)) await restore.feed(chunk as Buffer);
      const snapshot = (await restore.end()) as { durable?: Partial<SnapshotMembers> };
      this.nextEntry = snapshot.durable?.nextEntry ?? 0;
      for (const poll of snapshot.durable?.polls ?? []) {
        this.replayCall(poll, polls, { atMs: poll.expiresAtMs, seq: poll.expirySeq });
      }
    } catch (error) {
      throw new UnrestorableSnapshot(generation, path, error);
    }
  }

  clockFiring(targetMs: number): void {
    if (!this.replaying) this.record({ clock: targetMs });
  }

  /** The clock was moved by hand (it may have fired nothing, but the answer says where it is). */
  clockMoved(targetMs: number): void {
    this.record({ clock: targetMs });
  }

  /**
   * `endpoint` (the regional service as one request sees it) with its state-changing calls
   * journaled: each one at the instant it reaches the service, a long poll's hang-up too.
   */
  journaled(region: string, endpoint: SwfEndpoint): SwfEndpoint {
    return {
      dispatch: (op: string, input: unknown, context?: CallContext): Promise<unknown> => {
        if (READ_ONLY.test(op)) return endpoint.dispatch(op, input, context);
        const clock = (this.world as ServerWorld).clock;
        const n = this.record({ at: clock.now(), region, op, input });
        if (!POLLS.has(op)) return endpoint.dispatch(op, input, context);
        this.parked.set(n, {
          n,
          region,
          op,
          input,
          // The expiry the service is about to arm: the next timer, a long poll's time from now.
          expiresAtMs: clock.now() + this.settings.longPollMs,
          expirySeq: clock.armedCount,
        });
        const hangUp = (): void => void this.record({ abort: n });
        context?.signal?.addEventListener('abort', hangUp, { once: true });
        const settled = (): void => {
          this.parked.delete(n);
          context?.signal?.removeEventListener('abort', hangUp);
        };
        const result = endpoint.dispatch(op, input, context);
        result.then(settled, settled);
        return result;
      },
    };
  }

  /**
   * The world was replaced (reset, import): a new generation starts from a snapshot of it; resolves
   * once that snapshot is durable (and so may the answer).
   */
  replaced(): Promise<void> {
    // Every poll of the old world was released with it.
    this.parked.clear();
    if (this.baseInPlace) {
      this.baseInPlace = false;
      return Promise.resolve();
    }
    return this.startGeneration(true);
  }

  /** Settles once everything journaled so far is durable; undefined when it already is. */
  sync(): Promise<void> | undefined {
    return this.journal?.sync();
  }

  /** Writes what is pending and lets go of the directory; a second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      try {
        await this.journal?.close();
        await this.writing;
      } finally {
        // Also when the journal had failed: the directory is free for the next start.
        await this.unlock();
      }
    })();
    return this.closing;
  }

  private record(fields: object): number {
    const n = this.nextEntry++;
    const journal = this.journal;
    if (journal === undefined) return n; // deferred, not attached yet: see Durability.deferred
    journal.append(JSON.stringify({ n, ...fields }));
    if (journal.bytesInGeneration >= this.options.compactAfterBytes) this.compactSoon();
    return n;
  }

  /** A snapshot at the start of a turn of the event loop, when every answer already settled has been seen. */
  private compactSoon(): void {
    if (this.compactionDue) return;
    this.compactionDue = true;
    setImmediate(() => {
      this.compactionDue = false;
      // Closed meanwhile: the journal holds everything; the directory is no longer ours to write.
      if (this.closed) return;
      this.startGeneration(false).catch((error: unknown) => {
        this.options.warn(`snapshot failed (the journal goes on): ${String(error)}`);
      });
    });
  }

  /**
   * Cuts the world now and starts generation g+1 from it: later entries go to its journal, and the
   * cut is written as its snapshot in the background. `required`: the new journal is useless without
   * it (the world was replaced), so its entries are durable only once the snapshot is.
   */
  private startGeneration(required: boolean): Promise<void> {
    const world = this.world as ServerWorld;
    const cut = world.cut(true);
    const generation = ++this.generation;
    const members: SnapshotMembers = {
      generation,
      nextEntry: this.nextEntry,
      polls: [...this.parked.values()],
    };
    const { snapshot } = generationPaths(this.options.dir, generation);
    const written = this.writing
      .then(() =>
        writeSnapshotFile(snapshot, (sink) => writeSnapshot(cut, { ...cut.durable, ...members }, sink)),
      )
      // Also when the file could not even be opened: a cut not released keeps every run it sees change.
      .finally(() => cut.release());
    this.writing = written.then(
      () => this.removeGenerationsBehind(generation),
      () => undefined,
    );
    (this.journal as Journal).rotate(this.journalGeneration(generation, required ? written : undefined));
    return written;
  }

  /** `requiresSnapshot`: only snapshot `generation` can precede the journal (a reset or import). */
  private journalGeneration(
    generation: number,
    base: Promise<void> | undefined,
    requiresSnapshot = base !== undefined,
  ): JournalGeneration {
    const header = { format: JOURNAL_FORMAT, version: 1, generation, requiresSnapshot };
    return {
      path: generationPaths(this.options.dir, generation).journal,
      header: JSON.stringify(header),
      ...(base !== undefined && { base }),
    };
  }

  /**
   * Drops the files no restart needs once the snapshots up to `generation` are durable: every
   * generation older than the newest snapshot's predecessor, which stays in case the newest cannot be
   * restored.
   */
  private async removeGenerationsBehind(
    generation: number,
    known?: readonly GenerationFiles[],
  ): Promise<void> {
    const generations = known ?? (await listGenerations(this.options.dir));
    const snapshots = generations.filter((g) => g.snapshot !== undefined && g.generation <= generation);
    const oldestKept = snapshots.at(-2)?.generation ?? 0;
    for (const files of generations) {
      if (files.generation >= oldestKept) continue;
      for (const path of [files.snapshot, files.journal, files.unrestorable])
        if (path !== undefined) await rm(path, { force: true });
    }
  }

  private replay(entry: Entry, polls: Map<number, AbortController>): void {
    const world = this.world as ServerWorld;
    if ('clock' in entry) world.clock.advanceTo(entry.clock);
    else if ('abort' in entry) polls.get(entry.abort)?.abort();
    else if ('succeeded' in entry) world.succeed(entry.succeeded);
    else {
      if (entry.at > world.clock.now()) world.clock.advanceTo(entry.at);
      this.replayCall(entry, polls);
    }
  }

  private replayCall(
    call: { readonly n: number; readonly region: string; readonly op: string; readonly input: unknown },
    polls: Map<number, AbortController>,
    parkedUntil?: CallContext['parkedUntil'],
  ): void {
    // As when it was served: a region the call leaves empty is not kept (the service acts at once).
    (this.world as ServerWorld).withServiceNow(call.region, (service) => {
      if (!POLLS.has(call.op)) {
        // Faults included: a refused call changes nothing, now as then.
        service.dispatch(call.op, call.input).catch(() => undefined);
        return;
      }
      const controller = new AbortController();
      polls.set(call.n, controller);
      const settled = (): void => void polls.delete(call.n);
      service
        .dispatch(call.op, call.input, {
          signal: controller.signal,
          ...(parkedUntil !== undefined && { parkedUntil }),
        })
        .then(settled, settled);
    });
  }
}
