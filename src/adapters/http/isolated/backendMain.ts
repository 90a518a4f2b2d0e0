/**
 * A backend of an isolated server (see `isolatedServer.ts`), run in a worker thread: one
 * `startServer` on an ephemeral loopback port, with its own heap, driven by the front's messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Handover, BackendHandle } from '../startServer.js';
import { startServer } from '../startServer.js';
import type { BackendMessage, BackendStart, FrontMessage } from './messages.js';
import { RelayedExchange } from './relayedExchange.js';

const port = parentPort;
if (port === null) throw new Error('backendMain.ts runs in a worker thread');
const start = workerData as BackendStart;
const post = (message: BackendMessage, transfer: ArrayBuffer[] = []): void =>
  port.postMessage(message, transfer);
const log =
  (stream: 'out' | 'err') =>
  (line: string): void =>
    post({ type: 'log', stream, line });

let handle: BackendHandle | undefined;
let handedOver: ((handover: Handover) => void) | undefined;
const handover = new Promise<Handover>((resolve) => (handedOver = resolve));

try {
  const server = await startServer(
    {
      ...start.options,
      host: '127.0.0.1',
      port: 0,
      logErrors: log('err'),
      ...(start.logClock && { logClock: log('out') }),
    },
    {
      ...(start.world !== undefined && { world: start.world }),
      ...(start.successor !== undefined && {
        successor: {
          importsBegun: start.successor.importsBegun,
          handedOver: () => {
            post({ type: 'built' });
            return handover;
          },
          serving: () => post({ type: 'serving' }),
        },
      }),
      started: (h) => (handle = h),
    },
  );
  const backend = handle as BackendHandle;
  const exchanges = new Map<number, RelayedExchange>();
  port.on('message', (message: FrontMessage) => {
    switch (message.type) {
      case 'request': {
        const { id } = message.head;
        // The answer's bytes are the exchange's own: moved to the front, not copied.
        const exchange = new RelayedExchange(message.head, (part) => {
          if ('status' in part) post({ type: 'answer', answer: part }, [part.body.buffer as ArrayBuffer]);
          else post({ type: 'answerMore', more: part }, part.chunk ? [part.chunk.buffer as ArrayBuffer] : []);
        });
        exchanges.set(id, exchange);
        exchange.response.once('close', () => exchanges.delete(id));
        if (message.body !== undefined) exchange.deliver(message.body, true);
        backend.serve(exchange.request, exchange.response);
        return;
      }
      case 'body':
        exchanges.get(message.id)?.deliver(message.chunk, message.end);
        return;
      case 'hangUp':
        exchanges.get(message.id)?.hangUp();
        return;
      case 'taken':
        exchanges.get(message.id)?.taken(message.bytes);
        return;
      case 'reserveImport':
        post({ type: 'reserved', importsBegun: backend.reserveImport() });
        return;
      case 'stop':
        backend.stop();
        return;
      case 'handOver':
        backend.handOver().then(
          (given) => post({ type: 'handedOver', handover: given }),
          (error: unknown) => post(failure(error)),
        );
        return;
      case 'handover':
        handedOver?.(message.handover);
        return;
      case 'close':
        void server.close().finally(() => post({ type: 'closed' }));
        return;
      default: {
        const unknown: never = message;
        throw new Error(`unknown message ${JSON.stringify(unknown)}`);
      }
    }
  });
  post({
    type: 'listening',
    port: server.port,
    status: server.clockStatus(),
    ...(server.recovered !== undefined && { recovered: server.recovered }),
    world: backend.world,
  });
} catch (error) {
  post(failure(error));
}

function failure(error: unknown): BackendMessage {
  const { name, message, code } = error as Partial<NodeJS.ErrnoException>;
  return {
    type: 'failed',
    name: name ?? 'Error',
    message: message ?? String(error),
    ...(code !== undefined && { code }),
  };
}
