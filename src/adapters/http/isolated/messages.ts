import type { ClockStatus } from '../controlRoutes.js';
import type { Recovered } from '../durability/durability.js';
import type { StartServerOptions } from '../serverSettings.js';
import type { WorldSettings } from '../serverSettings.js';
import type { Handover } from '../startServer.js';
import type { RelayedAnswer, RelayedHead, RelayedMore } from './relayedExchange.js';

/** What a backend is started with (its `workerData`). @internal */
export interface BackendStart {
  /** The module the worker loads (`backendMain.js`, or `backendMain.ts` when run from source). */
  readonly entry: string;
  /** The server's options, functions left out: logs travel as {@link BackendMessage}s. */
  readonly options: StartServerOptions;
  readonly logClock: boolean;
  /** The world settings of the server it goes on from. */
  readonly world?: WorldSettings;
  /** Set for a backend built from an import to succeed the current one. */
  readonly successor?: { readonly importsBegun: number };
}

/** A backend's messages to the front. @internal */
export type BackendMessage =
  | {
      readonly type: 'listening';
      readonly port: number;
      readonly status: ClockStatus;
      readonly recovered?: Recovered;
      readonly world: WorldSettings;
    }
  | { readonly type: 'failed'; readonly name: string; readonly message: string; readonly code?: string }
  | { readonly type: 'log'; readonly stream: 'out' | 'err'; readonly line: string }
  /** A successor's import is built and checked: it waits for the handover. */
  | { readonly type: 'built' }
  /** A successor took over: requests may come. */
  | { readonly type: 'serving' }
  | { readonly type: 'handedOver'; readonly handover: Handover }
  | { readonly type: 'reserved'; readonly importsBegun: number }
  /** The answer to a relayed request, and the further pieces of one streamed. */
  | { readonly type: 'answer'; readonly answer: RelayedAnswer }
  | { readonly type: 'answerMore'; readonly more: RelayedMore }
  | { readonly type: 'closed' };

/** The front's messages to a backend. @internal */
export type FrontMessage =
  /** No more requests will come: stop the clock, answer whatever waits. */
  | { readonly type: 'stop' }
  /** Count an import a successor builds as begun (its run-id seed must not repeat). */
  | { readonly type: 'reserveImport' }
  /** Let go of the state directory and say what a successor needs. */
  | { readonly type: 'handOver' }
  /** To a successor: what the backend it succeeds handed over. */
  | { readonly type: 'handover'; readonly handover: Handover }
  /**
   * A request relayed over the message port: its head (with its whole body, if it came at once),
   * its body, its client hung up, or its client took `bytes` of its streamed answer.
   */
  | { readonly type: 'request'; readonly head: RelayedHead; readonly body?: Uint8Array }
  | { readonly type: 'body'; readonly id: number; readonly chunk?: Uint8Array; readonly end: boolean }
  | { readonly type: 'hangUp'; readonly id: number }
  | { readonly type: 'taken'; readonly id: number; readonly bytes: number }
  | { readonly type: 'close' };
