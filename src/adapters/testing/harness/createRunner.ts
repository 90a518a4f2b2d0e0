import type { CloseStatus, HistoryEvent, SWFClient, SWFClientConfig } from '@aws-sdk/client-swf';
import { VirtualClock } from '../../../sim/clock/VirtualClock.js';
import { parseFaultPlan, type FaultPlan } from '../../../sim/faults/FaultPlan.js';
import { attributesOf } from '../../../sim/history/appendEvent.js';
import { FifoChooser, RandomChooser, type Chooser } from '../../../sim/random/Chooser.js';
import { SeededRandom } from '../../../sim/random/SeededRandom.js';
import type { ActorContext, SpawnOptions } from '../../../sim/scheduler/Actor.js';
import type { RetryBackoff } from '../../../sim/scheduler/RetryBackoff.js';
import type { RunControls, RunReport } from '../../../sim/scheduler/RunOutcome.js';
import { Scheduler } from '../../../sim/scheduler/Scheduler.js';
import type { TraceFile, TraceSettings } from '../../../sim/scheduler/Trace.js';
import type { ServiceOptions } from '../../../sim/service/ServiceState.js';
import { DEFAULT_START_MS, SwfService } from '../../../sim/service/SwfService.js';
import { createActorClient } from '../../sdk/createActorClient.js';

/** An actor as users write it: a loop over a real `SWFClient`. @public */
export type SdkActor = (client: SWFClient, ctx: ActorContext) => Promise<void>;

/** Options of {@link createRunner}. @public */
export interface RunnerOptions extends ServiceOptions {
  /** Seed of everything random: run ids, reordering, rate faults, retry jitter. Default `swf-sim`. */
  readonly seed?: string;
  /** Virtual instant the run starts at. Default 2025-01-01T00:00:00Z. */
  readonly startTime?: Date;
  /** Choose among enabled steps with the seeded stream instead of FIFO. Default false. */
  readonly reorder?: boolean;
  /** Faults to inject; validated (throws `FaultPlanError`). Default none. */
  readonly faults?: FaultPlan;
  /** Replaces the FIFO / seeded chooser, e.g. a `ScriptedChooser` replaying a trace. */
  readonly chooser?: Chooser;
  /** SDK attempts per call, the first included. Default 3 (the SDK's). */
  readonly maxAttempts?: number;
  /** Backoff charged to virtual time before SDK retries. Default the SDK's own. */
  readonly retryBackoff?: RetryBackoff;
  /**
   * Real-time watchdog period: an actor running this long (to twice as long) without a simulation
   * call or returning fails the run as having awaited something outside the simulation.
   * Default 5 000 ms.
   */
  readonly watchdogMs?: number;
  /** Extra settings for every actor's `SWFClient`. */
  readonly clientConfig?: Partial<SWFClientConfig>;
}

/** One workflow run of the simulated service and how it ended. @public */
export interface ExecutionSummary {
  readonly domain: string;
  readonly workflowId: string;
  readonly runId: string;
  readonly status: 'OPEN' | 'CLOSED';
  readonly closeStatus?: CloseStatus;
  /** `result` of a completed run; `reason` of a failed one. */
  readonly result?: string;
  readonly reason?: string;
  readonly events: number;
}

/**
 * The deterministic runner: a simulated SWF, a virtual clock, and a scheduler running actors that
 * each get their own real `SWFClient`.
 * @public
 */
export interface Runner {
  readonly service: SwfService;
  readonly scheduler: Scheduler;
  /** What it takes to run this again: seed, reordering, faults, start time, SDK attempts. */
  readonly settings: TraceSettings;
  /** Adds an actor; it gets its own client and context and starts at the current virtual time. */
  spawn(name: string, actor: SdkActor, options?: SpawnOptions): void;
  /**
   * Runs `fn` alone, as a fault-exempt actor, to completion (registrations, starting executions).
   * Call it before spawning the actors under test.
   */
  setup(fn: (client: SWFClient) => Promise<void>, name?: string): Promise<RunReport>;
  /** Steps the actors until `controls.until` (default: every started execution closed). */
  run(controls?: RunControls): Promise<RunReport>;
  /** The current virtual time. */
  now(): Date;
  /** The history of a run (the latest run of `workflowId` when `runId` is omitted). */
  history(domain: string, workflowId: string, runId?: string): HistoryEvent[];
  /** Every run of every domain, in start order. */
  executions(): ExecutionSummary[];
  /** The run so far as a trace file. */
  traceFile(outcome: string, scenario?: string): TraceFile;
}

const DEFAULT_WATCHDOG_MS = 5_000;

/**
 * Creates a deterministic runner. Same seed, same options, same actor code ⇒ the same histories and
 * a byte-identical trace.
 * ```ts
 * const runner = createRunner({ seed: '42', reorder: true, faults });
 * await runner.setup(async (swf) => { await register(swf); await swf.send(new StartWorkflowExecutionCommand(...)); });
 * runner.spawn('decider', (swf) => deciderLoop(swf));
 * runner.spawn('worker', (swf, ctx) => workerLoop(swf, ctx));
 * const { outcome } = await runner.run();
 * ```
 * @public
 */
export function createRunner(options: RunnerOptions = {}): Runner {
  const seed = options.seed ?? 'swf-sim';
  const faults = parseFaultPlan(options.faults ?? {});
  const reorder = options.reorder ?? false;
  const startMs = options.startTime?.getTime() ?? DEFAULT_START_MS;
  const maxAttempts = options.maxAttempts ?? 3;
  const watchdogMs = options.watchdogMs ?? DEFAULT_WATCHDOG_MS;
  const clock = new VirtualClock(startMs);
  const service = new SwfService({ ...options, clock, seed });
  const chooser =
    options.chooser ??
    (reorder ? new RandomChooser(new SeededRandom(seed).fork('schedule')) : new FifoChooser());
  const scheduler = new Scheduler({
    service,
    seed,
    chooser,
    faults,
    ...(options.retryBackoff !== undefined && { retryBackoff: options.retryBackoff }),
  });
  const clientOptions = {
    maxAttempts,
    ...(options.clientConfig !== undefined && { clientConfig: options.clientConfig }),
  };
  const settings: TraceSettings = { seed, reorder, faults, startMs, maxAttempts };

  const run = async (controls?: RunControls): Promise<RunReport> => {
    // Ref'ed on purpose: an actor stuck on a never-settling promise must not let the process exit.
    const watchdog = setInterval(() => scheduler.watchdogTick(), watchdogMs);
    try {
      return await scheduler.run(controls);
    } finally {
      clearInterval(watchdog);
    }
  };

  const runs = () => [...service.state.domains.values()].flatMap((domain) => [...domain.runs.values()]);

  return {
    service,
    scheduler,
    settings,
    spawn(name, actor, spawnOptions) {
      scheduler.spawn(name, (port, ctx) => actor(createActorClient(port, clientOptions), ctx), spawnOptions);
    },
    setup(fn, name = 'setup') {
      scheduler.spawn(name, (port) => fn(createActorClient(port, clientOptions)), { exempt: true });
      return run({ until: () => scheduler.finished(name) });
    },
    run,
    now: () => new Date(clock.now()),
    history(domain, workflowId, runId) {
      const candidates = runs().filter(
        (r) =>
          r.domain.name === domain &&
          r.workflowId === workflowId &&
          (runId === undefined || r.runId === runId),
      );
      const run = candidates.at(-1);
      if (run === undefined) throw new Error(`No run of ${workflowId} in domain ${domain}`);
      return [...run.events];
    },
    executions() {
      return runs().map((run) => {
        const last = run.events.at(-1);
        const attributes = run.status === 'CLOSED' && last !== undefined ? attributesOf(last) : {};
        return {
          domain: run.domain.name,
          workflowId: run.workflowId,
          runId: run.runId,
          status: run.status,
          ...(run.closeStatus !== undefined && { closeStatus: run.closeStatus }),
          ...(typeof attributes.result === 'string' && { result: attributes.result }),
          ...(typeof attributes.reason === 'string' && { reason: attributes.reason }),
          events: run.events.length,
        };
      });
    },
    traceFile(outcome, scenario) {
      return {
        format: 'swf-sim-trace',
        version: 1,
        ...(scenario !== undefined && { scenario }),
        ...settings,
        choices: [...scheduler.choices],
        entries: [...scheduler.entries],
        outcome,
      };
    },
  };
}
