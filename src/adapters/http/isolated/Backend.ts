import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { StateDirError } from '../durability/stateDir.js';
import type { Handover } from '../startServer.js';
import type { BackendMessage, BackendStart, FrontMessage } from './messages.js';
import { forward, relay } from './proxy.js';
import {
  isLastPart,
  type RelayedBody,
  type RelayedHead,
  type RelayedPart,
  type RelayTarget,
} from './relayedExchange.js';
import { isImport } from './requestKinds.js';

/** The worker's module: `backendMain.js` next to this file (`backendMain.ts` when run from source, through tsx). */
const ENTRY = new URL(`./backendMain${extname(new URL(import.meta.url).pathname)}`, import.meta.url).href;
const BOOT = `
const { workerData } = require('node:worker_threads');
(workerData.entry.endsWith('.ts')
  ? import('tsx/esm/api').then((tsx) => tsx.tsImport(workerData.entry, workerData.entry))
  : import(workerData.entry)
).catch((error) => process.nextTick(() => { throw error; }));
`;

/**
 * A backend as the front drives it: it serves requests, and once a successor is built it stops,
 * hands over, and goes. Counts the requests it serves that are not finished yet.
 * @internal
 */
export interface ServingBackend {
  /** Requests being served; `exports` of them read a cut of the state and change nothing. */
  open: number;
  exports: number;
  /** Serves a request; `limitBytes`: the most body bytes its route reads; `done` once `res` is over. */
  serve(req: IncomingMessage, res: ServerResponse, limitBytes: number | undefined, done: () => void): void;
  /** Counts an import a successor builds as begun; what the successor starts counting from. */
  reserveImport(): Promise<number>;
  /** No more requests will come: its clock stops, whatever waits is answered. */
  stop(): void;
  /** Once every request that changes state was answered: lets go of the state directory, hands on. */
  handOver(): Promise<Handover>;
  /** Shuts down: parked polls answered empty, the state directory let go. */
  close(): Promise<void>;
  /** Goes at once (after a handover, or a failure). */
  end(): Promise<void>;
}

/** Resolves once `idle()` holds, checking every millisecond (requests wait meanwhile), or after `limitMs`. @internal */
export async function until(idle: () => boolean, limitMs = Infinity): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!idle() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
}

type Message<T extends BackendMessage['type']> = Extract<BackendMessage, { type: T }>;

/** Where a backend's log lines go. @internal */
export interface BackendLogs {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** A failure a backend reported, as the error it was (a state directory's keeps its class). */
function errorOf({ name, message, code }: Message<'failed'>): Error {
  if (name === 'StateDirError') return new StateDirError(message);
  return Object.assign(new Error(message), { name }, code !== undefined && { code });
}

/**
 * A backend in a worker thread: `startServer` on a loopback port of its own, with its own heap.
 * Requests reach it over its message port, but for imports: those come over HTTP, which holds
 * their body back while the backend is busy.
 * @internal
 */
export class WorkerBackend implements ServingBackend, RelayTarget {
  private readonly worker: Worker;
  readonly agent = new Agent({ keepAlive: true });
  /** Resolves once it listens; rejects with why it could not start. */
  readonly listening: Promise<Message<'listening'>>;
  /** Its loopback port, once listening. */
  port = 0;
  /** Requests served and not finished; `exports` of them read a cut of the state and change nothing. */
  open = 0;
  exports = 0;
  private readonly listeners = new Set<(message: BackendMessage) => void>();
  /** Relayed requests waiting for their answer (undefined: the backend stopped). */
  private readonly exchanges = new Map<number, (part: RelayedPart | undefined) => void>();
  private nextExchange = 0;
  /** Set once the worker stopped; `ended` when that was asked for ({@link WorkerBackend.end}). */
  private exited = false;
  private ended = false;
  /** Resolves when the worker stops without being asked to (a crash): with its exit code. */
  readonly crashed: Promise<number>;

  constructor(start: Omit<BackendStart, 'entry'>, logs: BackendLogs) {
    this.worker = new Worker(BOOT, { eval: true, workerData: { ...start, entry: ENTRY } });
    this.worker.on('message', (message: BackendMessage) => {
      if (message.type === 'answer' || message.type === 'answerMore') {
        const part = message.type === 'answer' ? message.answer : message.more;
        this.exchanges.get(part.id)?.(part);
        if (isLastPart(part)) this.exchanges.delete(part.id);
        return;
      }
      if (message.type === 'log') logs[message.stream](message.line);
      for (const listener of this.listeners) listener(message);
    });
    // A backend that fails later is reported through `next` and the requests it drops.
    this.worker.on('error', (error) => logs.err(`backend failed: ${String(error)}`));
    this.crashed = new Promise((resolve) =>
      this.worker.on('exit', (code) => {
        this.exited = true;
        for (const answered of this.exchanges.values()) answered(undefined);
        this.exchanges.clear();
        if (!this.ended) resolve(code);
      }),
    );
    this.listening = this.next('listening').then((listening) => {
      this.port = listening.port;
      return listening;
    });
  }

  /** The next message of `type`; rejects on a failure reported first, or when the worker stops. */
  next<T extends BackendMessage['type']>(type: T): Promise<Message<T>> {
    return new Promise((resolve, reject) => {
      const stop = (): void => {
        this.listeners.delete(onMessage);
        this.worker.off('exit', onExit);
      };
      const onMessage = (message: BackendMessage): void => {
        if (message.type === type) {
          stop();
          resolve(message as Message<T>);
        } else if (message.type === 'failed') {
          stop();
          reject(errorOf(message));
        }
      };
      const onExit = (code: number): void => {
        stop();
        reject(new Error(`swf-sim backend stopped (exit code ${code})`));
      };
      this.listeners.add(onMessage);
      this.worker.on('exit', onExit);
    });
  }

  /**
   * Relays a request over the message port: `answered` gets its answer piece by piece (undefined
   * if the backend stopped first). With `body`, the request is complete; without, its body follows
   * through the returned {@link RelayedBody}.
   */
  relay(
    req: { method?: string | undefined; url?: string | undefined; headers: RelayedHead['headers'] },
    answered: (part: RelayedPart | undefined) => void,
    body?: Uint8Array,
  ): RelayedBody {
    if (this.exited) {
      queueMicrotask(() => answered(undefined));
      return { body: () => undefined, hangUp: () => undefined, taken: () => undefined };
    }
    const id = this.nextExchange++;
    this.exchanges.set(id, answered);
    const head = { id, method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers };
    this.post({ type: 'request', head, ...(body !== undefined && { body }) });
    return {
      body: (chunk, end) => this.post({ type: 'body', id, ...(chunk !== undefined && { chunk }), end }),
      hangUp: () => {
        if (this.exchanges.delete(id)) this.post({ type: 'hangUp', id });
      },
      taken: (bytes) => {
        if (this.exchanges.has(id)) this.post({ type: 'taken', id, bytes });
      },
    };
  }

  post(message: FrontMessage): void {
    this.worker.postMessage(message);
  }

  serve(req: IncomingMessage, res: ServerResponse, limitBytes: number | undefined, done: () => void): void {
    if (isImport(req)) forward(this.port, this.agent, req, res, limitBytes, done);
    else relay(this, req, res, limitBytes, done);
  }

  async reserveImport(): Promise<number> {
    const reserved = this.next('reserved');
    this.post({ type: 'reserveImport' });
    return (await reserved).importsBegun;
  }

  stop(): void {
    this.post({ type: 'stop' });
  }

  async handOver(): Promise<Handover> {
    const handedOver = this.next('handedOver');
    this.post({ type: 'handOver' });
    return (await handedOver).handover;
  }

  async close(): Promise<void> {
    const closed = this.next('closed');
    this.post({ type: 'close' });
    await closed.catch(() => undefined);
    await this.end();
  }

  /** Stops the worker and its connections. */
  async end(): Promise<void> {
    this.ended = true;
    this.agent.destroy();
    await this.worker.terminate();
  }
}
