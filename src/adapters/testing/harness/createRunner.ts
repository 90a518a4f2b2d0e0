import type { CloseStatus, HistoryEvent, SWFClient, SWFClientConfig } from '@aws-sdk/client-swf';
import { VirtualClock } from '../../../sim/clock/VirtualClock.js';
import { parseFaultPlan, type FaultPlan } from '../../../sim/faults/FaultPlan.js';
import { attributesOf } from '../../../sim/history/appendEvent.js';
import { FifoChooser, RandomChooser, type Chooser } from '../../../sim/random/Chooser.js';
import { SeededRandom } from '../../../sim/random/SeededRandom.js';
import type { ActorContext, ActorPort, SpawnOptions } from '../../../sim/scheduler/Actor.js';
import type { RetryBackoff } from '../../../sim/scheduler/RetryBackoff.js';
import type { RunControls, RunOutcome, RunReport } from '../../../sim/scheduler/RunOutcome.js';
import { Scheduler } from '../../../sim/scheduler/Scheduler.js';
import type { TraceFile, TraceSettings } from '../../../sim/scheduler/Trace.js';
import { lastEvent } from '../../../sim/service/model.js';
import type { ServiceOptions } from '../../../sim/service/ServiceState.js';
import { DEFAULT_START_MS, SwfService } from '../../../sim/service/SwfService.js';
import { ActorHttpHandler } from '../../sdk/ActorHttpHandler.js';
import { createActorClient } from '../../sdk/createActorClient.js';
import type { SimulatedRequestHandler } from '../../sdk/createSdkClient.js';
import { guardRealTimers, realTimers, useVirtualTimers } from './processTimers.js';

/** An actor as users write it: a loop over a real `SWFClient`. @public */
export type SdkActor = (client: SWFClient, ctx: ActorContext) => Promise<void>;

/**
 * Builds the `SWFClient` of one actor (and of the setup) yourself, around the request handler
 * that carries that actor's calls into the run:
 * `(requestHandler, actor) => new SWFClient({ ...myConfig, requestHandler, retryStrategy: new VirtualTimeRetryStrategy() })`.
 * Called again for each restart of the actor. @public
 */
export type ActorClientFactory = (requestHandler: SimulatedRequestHandler, actor: string) => SWFClient;

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
  /**
   * Builds every actor's client yourself instead (`maxAttempts` and `clientConfig` then do not
   * apply). Give the clients a `VirtualTimeRetryStrategy`: the run charges the SDK's retry backoff
   * to virtual time itself, while the SDK's default strategy waits on a timer of its own before
   * each retry (a real timer fails the run unless `virtualTimers` is on).
   */
  readonly createClient?: ActorClientFactory;
  /**
   * Put the process's `setTimeout`, `setInterval`, `setImmediate`, `Date` and `performance.now` on
   * the virtual clock while a run lasts (`@sinonjs/fake-timers`, restored afterwards): actors'
   * unchanged timer code runs deterministically, each timer firing as a step of the actor that armed
   * it at its exact virtual instant. Only one such run at a time per process. Default false: an
   * actor that arms a real timer then fails the run, naming this option.
   */
  readonly virtualTimers?: boolean;
  /** The scenario's parameters, handed to every actor as `ctx.parameters`. Default `{}`. */
  readonly parameters?: Readonly<Record<string, unknown>>;
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
  /** The `timeoutType` of a timed-out run. */
  readonly timeoutType?: string;
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
   * Runs `fn` alone, as a fault-exempt actor, to completion (registrations, starting executions),
   * and returns its result. Call it before spawning the actors under test.
   * @throws RunnerSetupError when `fn` throws or cannot finish.
   */
  setup<T>(fn: (client: SWFClient) => Promise<T>, name?: string): Promise<T>;
  /**
   * Steps the actors until `controls.until` (default: every started execution closed). With the
   * goal `closed` or `{ workflowId }`, an execution closed by a timeout is a liveness failure
   * (`timedOut`) unless `controls.allowTimeouts` lets it.
   */
  run(controls?: RunControls): Promise<RunReport>;
  /** Ends the runner: aborts every actor's `ctx.signal` (quietly). Call it after the last run. */
  close(): void;
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

/** `runner.setup` could not finish; `report` says how its run ended. @public */
export class RunnerSetupError extends Error {
  override readonly name = 'RunnerSetupError';
  constructor(readonly report: RunReport) {
    super(
      `setup did not finish: ${report.outcome.status} (${report.outcome.reason})${'message' in report.outcome ? `: ${report.outcome.message}` : ''}`,
    );
  }
}

/** Whether the goal means "run to completion", where a timeout is no way to end. */
function runsToCompletion(controls: RunControls | undefined): boolean {
  const until = controls?.until ?? 'closed';
  return until === 'closed' || (typeof until === 'object' && 'workflowId' in until);
}

/**
 * Honest liveness: an execution that closed by a timeout never finished its work. Unless allowed,
 * the account of it as a liveness failure; undefined when there is none.
 * @internal
 */
export function timedOutMessage(
  executions: readonly ExecutionSummary[],
  allow: RunControls['allowTimeouts'],
): string | undefined {
  if (allow === true) return undefined;
  const allowed = allow === false ? [] : (allow ?? []);
  const timedOut = executions.filter((e) => e.closeStatus === 'TIMED_OUT' && !allowed.includes(e.workflowId));
  if (timedOut.length === 0) return undefined;
  const names = timedOut.map(
    (e) => `${e.domain}/${e.workflowId} (${e.runId}, ${e.timeoutType ?? 'timeout'})`,
  );
  return `${names.join(', ')} closed by a timeout: a workflow that only ends by its execution timeout never finished its work. If that is the expected end, declare it: expected: { closeStatus: 'TIMED_OUT' }, or controls: { allowTimeouts: [workflowIds] }`;
}

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
  const parameters = options.parameters ?? {};
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
    parameters,
    ...(options.retryBackoff !== undefined && { retryBackoff: options.retryBackoff }),
  });
  const clientOptions = {
    maxAttempts,
    ...(options.clientConfig !== undefined && { clientConfig: options.clientConfig }),
  };
  const { createClient } = options;
  const clientOf = (port: ActorPort, actor: string): SWFClient =>
    createClient === undefined
      ? createActorClient(port, clientOptions)
      : createClient(new ActorHttpHandler(port), actor);
  const settings: TraceSettings = {
    seed,
    reorder,
    faults,
    startMs,
    maxAttempts,
    ...(options.virtualTimers === true && { virtualTimers: true }),
    ...(Object.keys(parameters).length > 0 && { parameters }),
  };

  const run = async (controls?: RunControls): Promise<RunReport> => {
    const release = options.virtualTimers === true ? useVirtualTimers(scheduler) : guardRealTimers(scheduler);
    // Real time whatever the run fakes. Ref'ed on purpose: an actor stuck on a never-settling
    // promise must not let the process exit.
    const watchdog = realTimers.setInterval(() => scheduler.watchdogTick(), watchdogMs);
    let report: RunReport;
    try {
      report = await scheduler.run(controls);
    } finally {
      realTimers.clearInterval(watchdog);
      release();
    }
    if (report.outcome.status !== 'ok' || !runsToCompletion(controls)) return report;
    const timedOut = timedOutMessage(executions(), controls?.allowTimeouts);
    if (timedOut === undefined) return report;
    const outcome: RunOutcome = {
      status: 'liveness',
      reason: 'timedOut',
      message: timedOut,
      pending: scheduler.pending(),
    };
    return { ...report, outcome };
  };

  const runs = () => [...service.state.domains.values()].flatMap((domain) => [...domain.runs.values()]);
  const executions = (): ExecutionSummary[] =>
    runs().map((run) => {
      const last = lastEvent(run);
      const attributes = run.status === 'CLOSED' && last !== undefined ? attributesOf(last) : {};
      return {
        domain: run.domain.name,
        workflowId: run.workflowId,
        runId: run.runId,
        status: run.status,
        ...(run.closeStatus !== undefined && { closeStatus: run.closeStatus }),
        ...(typeof attributes.result === 'string' && { result: attributes.result }),
        ...(typeof attributes.reason === 'string' && { reason: attributes.reason }),
        ...(typeof attributes.timeoutType === 'string' && { timeoutType: attributes.timeoutType }),
        events: run.history.length,
      };
    });

  return {
    service,
    scheduler,
    settings,
    spawn(name, actor, spawnOptions) {
      scheduler.spawn(name, (port, ctx) => actor(clientOf(port, name), ctx), spawnOptions);
    },
    async setup<T>(fn: (client: SWFClient) => Promise<T>, name = 'setup'): Promise<T> {
      let result: T | undefined;
      scheduler.spawn(
        name,
        async (port) => {
          result = await fn(clientOf(port, name));
        },
        { exempt: true },
      );
      const report = await run({ until: () => scheduler.finished(name) });
      if (report.outcome.status !== 'ok') throw new RunnerSetupError(report);
      return result as T;
    },
    run,
    close: () => scheduler.close(),
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
      return run.events;
    },
    executions,
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
