import { Agent } from 'node:http';
import { extname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { StateDirError } from '../durability/stateDir.js';
import type { BackendMessage, BackendStart, FrontMessage } from './messages.js';

/** The worker's module: `backendMain.js` next to this file (`backendMain.ts` when run from source, through tsx). */
const ENTRY = new URL(`./backendMain${extname(new URL(import.meta.url).pathname)}`, import.meta.url).href;
const BOOT = `
const { workerData } = require('node:worker_threads');
(workerData.entry.endsWith('.ts')
  ? import('tsx/esm/api').then((tsx) => tsx.tsImport(workerData.entry, workerData.entry))
  : import(workerData.entry)
).catch((error) => process.nextTick(() => { throw error; }));
`;

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
 * One backend of an isolated server: a worker thread running `startServer` on a loopback port of
 * its own, with its own heap. Counts the requests forwarded to it that are not finished yet.
 * @internal
 */
export class Backend {
  private readonly worker: Worker;
  readonly agent = new Agent({ keepAlive: true });
  /** Resolves once it listens; rejects with why it could not start. */
  readonly listening: Promise<Message<'listening'>>;
  /** Its loopback port, once listening. */
  port = 0;
  /** Requests forwarded and not finished; `exports` of them read a cut of the state and change nothing. */
  open = 0;
  exports = 0;
  private readonly listeners = new Set<(message: BackendMessage) => void>();

  constructor(start: Omit<BackendStart, 'entry'>, logs: BackendLogs) {
    this.worker = new Worker(BOOT, { eval: true, workerData: { ...start, entry: ENTRY } });
    this.worker.on('message', (message: BackendMessage) => {
      if (message.type === 'log') logs[message.stream](message.line);
      for (const listener of this.listeners) listener(message);
    });
    // A backend that fails later is reported through `next` and the requests it drops.
    this.worker.on('error', (error) => logs.err(`backend failed: ${String(error)}`));
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

  post(message: FrontMessage): void {
    this.worker.postMessage(message);
  }

  /** Resolves once `idle()` holds, checking every few ms, or after `limitMs`. */
  async until(idle: () => boolean, limitMs = Infinity): Promise<void> {
    const deadline = performance.now() + limitMs;
    while (!idle() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Stops the worker and its connections. */
  async end(): Promise<void> {
    this.agent.destroy();
    await this.worker.terminate();
  }
}
