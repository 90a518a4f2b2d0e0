import {
  CountPendingDecisionTasksCommand,
  ListOpenWorkflowExecutionsCommand,
  PollForDecisionTaskCommand,
  type HistoryEvent,
  type PollForDecisionTaskCommandOutput,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { REENACT_PREFIX, type ReenactmentPlan } from '../../../sim/replay/reenactment/ReenactmentPlan.js';
import type { ActivityTask, DecisionTask } from '../../../sim/service/model.js';
import { DEFAULT_START_MS } from '../../../sim/service/SwfService.js';
import { createSimulation, type Simulation } from '../harness/createSimulation.js';
import { lambdaFunctions } from './lambdaFunctions.js';

/** A step the re-enactment cannot take; it stops there. @internal */
export class StepError extends Error {}

/** A child of the re-enacted run, started by the service. @internal */
export interface ChildRun {
  readonly workflowId: string;
  readonly runId: string;
  readonly taskList: string;
  /** The private task list its decision tasks were moved to, once diverted. */
  privateList?: string;
}

/** A run the re-enactment started for its own needs, on a private task list. @internal */
export interface StandIn {
  readonly workflowId: string;
  readonly runId: string;
  readonly list: string;
}

/** Settings of the simulation a re-enactment runs in. @internal */
export interface WorldOptions {
  readonly domain?: string;
  readonly seed?: string;
}

/**
 * The simulation one re-enactment drives and what it knows about the runs in it: the re-enacted
 * run, its children, the stand-ins it started, and the recorded runIds each stands for.
 * @internal
 */
export class ReenactmentWorld {
  /** What cannot be re-enacted exactly, found while running (one sentence each). */
  readonly notes: string[] = [];
  readonly sim: Simulation;
  readonly swf: SWFClient;
  readonly domain: string;
  /** The re-enacted run's runId, once started. */
  mainRunId = '';
  /** Recorded runIds → the re-enactment's. */
  readonly runIds = new Map<string, string>();
  readonly children = new Map<string, ChildRun>();
  /** Runs the re-enactment started for its own needs (targets, senders, a parent), by workflowId. */
  readonly standIns = new Map<string, StandIn>();
  /** Runs of each child workflowId started so far: the n-th maps to its n-th recorded runId. */
  readonly childRunCount = new Map<string, number>();
  /** What the run's batches set in motion, held until its recorded event's step (`release`). */
  readonly heldEffects = new Map<string, () => void>();
  private privateLists = 0;

  constructor(
    readonly plan: ReenactmentPlan,
    options: WorldOptions,
  ) {
    this.domain = options.domain ?? REENACT_PREFIX;
    this.sim = createSimulation({
      seed: options.seed ?? REENACT_PREFIX,
      startTime: new Date(plan.startMs ?? DEFAULT_START_MS),
      autoAdvance: false,
      decisionScheduleToStartAttribute: plan.serviceOptions.decisionScheduleToStartAttribute,
      lambdaAvailable: plan.serviceOptions.lambdaAvailable,
      lambdaFunctions: lambdaFunctions(plan.lambdas),
      ...(plan.serviceOptions.maxHistoryEvents !== undefined && {
        maxHistoryEvents: plan.serviceOptions.maxHistoryEvents,
      }),
    });
    this.swf = this.sim.client();
    // Real SWF delivers, acknowledges and starts children and Lambdas 10–300 ms after the batch,
    // in no promised order: the run's ones the recording shows happen at their recorded step.
    const recordedEffects = new Set(
      plan.steps.flatMap((step) =>
        step.kind === 'release' ? [`${step.effect}:${String(step.sourceEventId)}`] : [],
      ),
    );
    this.sim.service.state.holdEffect = (effect, carryOut) => {
      const key = `${effect.kind}:${String(effect.eventId)}`;
      if (effect.runId !== this.mainRunId || !recordedEffects.has(key) || this.heldEffects.has(key)) {
        return false;
      }
      this.heldEffects.set(key, carryOut);
      return true;
    };
  }

  close(): void {
    this.sim.close();
  }

  /** The re-enacted run's history so far. */
  history(): HistoryEvent[] {
    return this.mainRunId === '' ? [] : this.sim.history(this.domain, this.plan.workflowId, this.mainRunId);
  }

  /** The re-enacted run. */
  get main(): { workflowId: string; runId: string } {
    return { workflowId: this.plan.workflowId, runId: this.mainRunId };
  }

  /** A task list no recorded run uses. */
  privateList(): string {
    this.privateLists++;
    return `${REENACT_PREFIX}-private-${String(this.privateLists)}`;
  }

  /**
   * Takes a decision task waiting on `taskList` — the one of run `runId` when it has one there,
   * else the first — or a StepError (saying `why`) when none waits.
   */
  async pollDecision(
    taskList: string,
    identity: string | undefined,
    why: string,
    runId?: string,
  ): Promise<PollForDecisionTaskCommandOutput> {
    const { swf, domain } = this;
    const { count } = await swf.send(
      new CountPendingDecisionTasksCommand({ domain, taskList: { name: taskList } }),
    );
    if (count === undefined || count === 0) {
      throw new StepError(`no decision task is waiting on task list "${taskList}" (${why})`);
    }
    const poll = new PollForDecisionTaskCommand({
      domain,
      taskList: { name: taskList },
      ...(identity !== undefined && { identity }),
    });
    return runId === undefined
      ? swf.send(poll)
      : this.choosing(
          (task) => task.kind === 'decision' && task.execution.runId === runId,
          () => swf.send(poll),
        );
  }

  /**
   * Runs `poll` with the service handing out the ready task `chosen` accepts, when there is one:
   * the recording's choice, which SWF allows as it promises no order within a task list.
   */
  async choosing<R>(
    chosen: (task: DecisionTask | ActivityTask) => boolean,
    poll: () => Promise<R>,
  ): Promise<R> {
    const { state } = this.sim.service;
    state.chosenTask = chosen;
    try {
      return await poll();
    } finally {
      state.chosenTask = undefined;
    }
  }

  /** The runId of the open run of `workflowId`. */
  async openRunId(workflowId: string): Promise<string> {
    const { executionInfos } = await this.swf.send(
      new ListOpenWorkflowExecutionsCommand({
        domain: this.domain,
        startTimeFilter: { oldestDate: new Date(0) },
        executionFilter: { workflowId },
      }),
    );
    const runId = executionInfos?.[0]?.execution?.runId;
    if (runId === undefined) throw new StepError(`no open run of ${JSON.stringify(workflowId)}`);
    return runId;
  }
}
