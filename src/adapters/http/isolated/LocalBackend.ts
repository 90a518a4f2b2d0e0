import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StartServerOptions } from '../serverSettings.js';
import { startServer, type BackendHandle, type Handover, type SwfServer } from '../startServer.js';
import type { ServingBackend } from './Backend.js';

/**
 * The first backend of an isolated server: `startServer` in the front's own thread, handed each
 * request directly, so that a server nobody imports into costs nothing more than `startServer`.
 * Its own loopback listener is not used.
 * @internal
 */
export class LocalBackend implements ServingBackend {
  open = 0;
  exports = 0;

  private constructor(
    /** The server (its clock, what it recovered at start). */
    readonly server: SwfServer,
    readonly handle: BackendHandle,
  ) {}

  static async start(options: StartServerOptions): Promise<LocalBackend> {
    let handle: BackendHandle | undefined;
    const server = await startServer(
      { ...options, host: '127.0.0.1', port: 0 },
      { started: (h) => (handle = h) },
    );
    return new LocalBackend(server, handle as BackendHandle);
  }

  serve(req: IncomingMessage, res: ServerResponse, _limitBytes: number | undefined, done: () => void): void {
    // Its own routes read and limit the body, as they do for its own listener.
    res.on('close', done);
    this.handle.serve(req, res);
  }

  reserveImport(): Promise<number> {
    return Promise.resolve(this.handle.reserveImport());
  }

  stop(): void {
    this.handle.stop();
  }

  handOver(): Promise<Handover> {
    return this.handle.handOver();
  }

  close(): Promise<void> {
    return this.server.close();
  }

  end(): Promise<void> {
    return this.server.close();
  }
}
