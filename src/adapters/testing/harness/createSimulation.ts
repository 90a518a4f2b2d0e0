import type { HistoryEvent, SWFClient } from '@aws-sdk/client-swf';
import { VirtualClock } from '../../../sim/clock/VirtualClock.js';
import type { ServiceOptions } from '../../../sim/service/ServiceState.js';
import { DEFAULT_START_MS, SwfService } from '../../../sim/service/SwfService.js';
import { AutoAdvance } from '../../sdk/AutoAdvance.js';
import {
  createSdkClient,
  type CreateSdkClientOptions,
  type SimulatedRequestHandler,
} from '../../sdk/createSdkClient.js';
import { InProcessHttpHandler } from '../../sdk/InProcessHttpHandler.js';
import { useVirtualTimersOn } from './processTimers.js';

/** Options of {@link createSimulation}. @public */
export interface SimulationOptions extends ServiceOptions {
  /** Seed of every random choice (run ids, …). Same seed, same code ⇒ same histories. Default `swf-sim`. */
  readonly seed?: string;
  /** Virtual instant the simulation starts at. Default 2025-01-01T00:00:00Z. */
  readonly startTime?: Date;
  /**
   * Skip virtual time ahead whenever every outstanding call is a parked long poll, so hour-long
   * timeouts pass at once. Default true; with false, move time with `advanceBy`.
   */
  readonly autoAdvance?: boolean;
  /**
   * Put the process's `setTimeout`, `setInterval`, `setImmediate`, `Date` and `performance.now` on
   * the simulation's clock until `close()` (`@sinonjs/fake-timers`): a timer fires when the clock
   * reaches it — by `advanceBy`, or by the auto-advance, which also jumps ahead when the test waits
   * only on such a timer (`await new Promise((r) => setTimeout(r, 5000))` takes no real time).
   * No other run or simulation with virtual timers may be open meanwhile. Default false.
   */
  readonly virtualTimers?: boolean;
}

/** A simulated SWF with its virtual clock, handing out real SDK clients. @public */
export interface Simulation {
  /** The simulated service (its `call` is the typed direct API, no serialization). */
  readonly service: SwfService;
  /** A real `SWFClient` from `@aws-sdk/client-swf` wired to this simulation in-process. */
  client(options?: CreateSdkClientOptions): SWFClient;
  /**
   * A request handler into this simulation, for a client you build yourself — your configuration,
   * middleware, plugins, logger and retry settings under test:
   * `new SWFClient({ requestHandler: sim.requestHandler(), region, credentials, maxAttempts: 1 })`.
   * Give the client a region and credentials (any), or the SDK looks them up in the environment.
   * The SDK's default retries wait real time; `maxAttempts: 1` or a `VirtualTimeRetryStrategy`
   * keeps the test off the wall clock. `close()` aborts the handler's calls still waiting.
   */
  requestHandler(): SimulatedRequestHandler;
  /** The current virtual time. */
  now(): Date;
  /** Moves virtual time forward, firing every timeout and timer due on the way. */
  advanceBy(ms: number): void;
  /** The full history of a run (the open run of `workflowId` when `runId` is omitted). */
  history(domain: string, workflowId: string, runId?: string): HistoryEvent[];
  /**
   * Releases every parked poll and stops the clock watcher; clients fail afterwards. Restores the
   * process's timers when they were virtual.
   */
  close(): void;
}

/**
 * Creates a simulated SWF. Typical use in a test:
 * ```ts
 * const sim = createSimulation({ seed: 'my test' });
 * const swf = sim.client();
 * await swf.send(new RegisterDomainCommand({ name: 'd', workflowExecutionRetentionPeriodInDays: '1' }));
 * ```
 * @public
 */
export function createSimulation(options: SimulationOptions = {}): Simulation {
  const clock = new VirtualClock(options.startTime?.getTime() ?? DEFAULT_START_MS);
  const service = new SwfService({ ...options, clock, seed: options.seed ?? 'swf-sim' });
  const timers =
    options.virtualTimers === true ? useVirtualTimersOn(clock, () => endpoint.poke()) : undefined;
  const endpoint = new AutoAdvance(service, {
    waiting: () => (timers?.pending() ?? 0) > 0,
    onAdvance: () => timers?.sync(),
  });
  endpoint.enabled = options.autoAdvance ?? true;
  // Clients and handlers handed out: close() destroys them, which aborts their waiting calls.
  const handedOut: { destroy(): void }[] = [];
  return {
    service,
    client(clientOptions) {
      const client = createSdkClient(endpoint, clientOptions);
      handedOut.push(client);
      return client;
    },
    requestHandler() {
      const handler = new InProcessHttpHandler(endpoint);
      handedOut.push(handler);
      return handler;
    },
    now: () => new Date(clock.now()),
    advanceBy(ms) {
      clock.advanceBy(ms);
      timers?.sync();
    },
    history(domain, workflowId, runId) {
      const record = service.state.domain(domain);
      const run =
        runId === undefined
          ? (record.openRuns.get(workflowId) ??
            [...record.runs.values()].filter((r) => r.workflowId === workflowId).at(-1))
          : [...record.runs.values()].find((r) => r.workflowId === workflowId && r.runId === runId);
      if (run === undefined) throw new Error(`No run of ${workflowId} in domain ${domain}`);
      return run.events;
    },
    close() {
      endpoint.enabled = false;
      for (const item of handedOut) item.destroy();
      timers?.restore();
    },
  };
}
