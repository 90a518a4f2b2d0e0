import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WorldSettings } from '../serverSettings.js';
import { until, WorkerBackend, type BackendLogs, type ServingBackend } from './Backend.js';
import type { LocalBackend } from './LocalBackend.js';
import type { BackendStart } from './messages.js';
import { isExport } from './requestKinds.js';

/** The most body bytes the backend reads of a request (undefined: no limit, or it reads none). */
type BodyLimit = (req: IncomingMessage) => number | undefined;

/** How long a handover waits for the requests in flight that may change state. */
const HANDOVER_GRACE_MS = 2000;

/**
 * The backends of an isolated server: the current one, which every request goes to, and a
 * successor built from an import at a time in a worker of its own, which takes over once its import
 * is built. The first one serves in the front's own thread (a server nobody imports into pays
 * nothing for the isolation); every later one is a worker.
 * @internal
 */
export class Backends {
  private current: ServingBackend;
  /** Set while a handover holds requests back. */
  private switching: Promise<void> | undefined;
  /** Imports are built one after another. */
  private importing: Promise<void> = Promise.resolve();
  private building: WorkerBackend | undefined;
  /** The current backend's world settings (its token secret), which a successor goes on with. */
  private world: WorldSettings;

  /** `first`, in this thread, serves until an import's successor takes over. */
  constructor(
    first: LocalBackend,
    private readonly start: Omit<BackendStart, 'entry'>,
    private readonly logs: BackendLogs,
    private readonly bodyLimit: BodyLimit,
  ) {
    this.current = first;
    this.world = first.handle.world;
  }

  /** Serves a request on the current backend (after a handover in progress). */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Checked again after each wait, and no wait between the last check and the serving: nothing
    // reaches a backend that is handing over.
    while (this.switching !== undefined) await this.switching;
    await this.serveOn(this.current, req, res);
  }

  /**
   * An import, built in a backend of its own while the current one goes on serving; once it is
   * built and checked, the current one hands over to it. A refused import leaves everything as it was.
   */
  async importAside(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const previous = this.importing;
    let done = (): void => undefined;
    this.importing = new Promise((resolve) => (done = resolve));
    await previous;
    try {
      await this.settled();
      const importsBegun = await this.current.reserveImport();
      const successor = new WorkerBackend(
        { ...this.start, world: this.world, successor: { importsBegun } },
        this.logs,
      );
      this.building = successor;
      await successor.listening;
      void successor.next('built').then(
        () => this.handOver(successor),
        () => undefined,
      );
      await this.serveOn(successor, req, res);
      // Its answer comes after the handover (or its failure): unless it serves now, it goes.
      await this.settled();
      if (this.current !== successor) await successor.end();
    } finally {
      this.building = undefined;
      done();
    }
  }

  /** Closes the current backend (parked polls answered empty, state directory let go) and drops a successor. */
  async close(): Promise<void> {
    await this.building?.end();
    await this.settled();
    await this.current.close();
  }

  private serveOn(backend: ServingBackend, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const exporting = isExport(req);
    backend.open++;
    if (exporting) backend.exports++;
    return new Promise((resolve) =>
      backend.serve(req, res, this.bodyLimit(req), () => {
        backend.open--;
        if (exporting) backend.exports--;
        resolve();
      }),
    );
  }

  /**
   * The current backend hands over to `successor`, whose import is built: it stops (its parked
   * polls are answered empty), finishes what may change state, lets go of the state directory and
   * hands on its token counts, imports and skip locks. Requests wait meanwhile.
   */
  private handOver(successor: WorkerBackend): Promise<void> {
    const old = this.current;
    return this.holding(async () => {
      try {
        old.stop();
        await until(() => old.open === old.exports, HANDOVER_GRACE_MS);
        const handover = await old.handOver();
        const serving = successor.next('serving');
        successor.post({ type: 'handover', handover });
        await serving;
        this.become(successor);
        // The old state goes once the exports still reading it are done.
        void until(() => old.open === 0).then(() => old.end());
      } catch (error) {
        this.logs.err(`an import's handover failed, restarting: ${String(error)}`);
        await Promise.all([successor.end(), old.end()]);
        await this.restart();
      }
    });
  }

  /** `backend` serves from now on; should its worker crash, a fresh one takes its place. */
  private become(backend: WorkerBackend): void {
    this.current = backend;
    void backend.crashed.then((code) => {
      if (this.current !== backend) return undefined;
      this.logs.err(`the backend serving the state stopped (exit code ${code}), restarting`);
      return this.holding(() => this.restart());
    });
  }

  /** Resolves once no handover holds requests back (checked again after each wait). */
  private async settled(): Promise<void> {
    while (this.switching !== undefined) await this.switching;
  }

  /** Runs `work` with requests held back until it is done. */
  private async holding(work: () => Promise<void>): Promise<void> {
    let resume = (): void => undefined;
    this.switching = new Promise((resolve) => (resume = resolve));
    try {
      await work();
    } finally {
      this.switching = undefined;
      resume();
    }
  }

  /**
   * A fresh backend from the options: from the state directory, if there is one (without one, the
   * state is lost, and so is the token secret: no token of it is valid again).
   */
  private async restart(): Promise<void> {
    const fresh = new WorkerBackend(this.start, this.logs);
    const started = await fresh.listening;
    this.become(fresh);
    this.world = started.world;
  }
}
