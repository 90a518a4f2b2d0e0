import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import type { VirtualClock } from '../clock/VirtualClock.js';
import { SwfFault } from '../faults/SwfFault.js';
import { appendEvent, type EventAttributes } from '../history/appendEvent.js';
import type { SeededRandom } from '../random/SeededRandom.js';
import { TokenIssuer } from '../random/ids.js';
import { TaskQueue } from '../tasks/TaskQueue.js';
import type { ActivityTask, DecisionTask, DomainRecord, Execution } from './model.js';

/** Knobs of the simulated service; every default is real SWF's. @public */
export interface ServiceOptions {
  /** Region in domain ARNs. Default `us-east-1`. */
  readonly region?: string;
  /** Account id in domain ARNs. Default `123456789012`. */
  readonly accountId?: string;
  /** How long a poll waits for a task before answering empty. Default 60 000 (SWF's 60 s). */
  readonly longPollMs?: number;
  /**
   * Write `scheduleToStartTimeout: "NONE"` in `DecisionTaskScheduled`, as SWF has since 2023.
   * Set false to reproduce histories recorded before (they have no such attribute). Default true.
   */
  readonly decisionScheduleToStartAttribute?: boolean;
}

/** Options with defaults applied. @internal */
export type ResolvedServiceOptions = Required<ServiceOptions>;

/**
 * The whole mutable world of the simulated service, plus the helpers every area shares.
 * Areas (domains, types, executions, decision and activity tasks) are functions over it.
 * @internal
 */
export class ServiceState {
  readonly options: ResolvedServiceOptions;
  readonly domains = new Map<string, DomainRecord>();
  /** Every task token ever issued, so a stale token gets the precise fault. */
  readonly tokens = new Map<string, DecisionTask | ActivityTask>();
  readonly tokenIssuer = new TokenIssuer();
  /** Orders tasks scheduled at the same priority. */
  private taskSeq = 0;

  constructor(
    readonly clock: VirtualClock,
    readonly random: SeededRandom,
    options: ServiceOptions = {},
  ) {
    this.options = {
      region: options.region ?? 'us-east-1',
      accountId: options.accountId ?? '123456789012',
      longPollMs: options.longPollMs ?? 60_000,
      decisionScheduleToStartAttribute: options.decisionScheduleToStartAttribute ?? true,
    };
  }

  now(): number {
    return this.clock.now();
  }

  nextTaskSeq(): number {
    return this.taskSeq++;
  }

  /** The named domain, or `UnknownResourceFault: Unknown domain: X`. */
  domain(name: string): DomainRecord {
    const domain = this.domains.get(name);
    if (domain === undefined) throw new SwfFault('UnknownResourceFault', `Unknown domain: ${name}`);
    return domain;
  }

  /** Appends an event to an execution's history at the current virtual time. */
  append<T extends EventType>(execution: Execution, type: T, attributes: EventAttributes<T>): HistoryEvent {
    return appendEvent(execution.events, this.clock.now(), type, attributes);
  }

  /** The id the next appended event will get. */
  nextEventId(execution: Execution): number {
    return execution.events.length + 1;
  }

  /** The task list queue of `kind` named `name` in `domain`, created on first use. */
  queue<K extends 'decision' | 'activity'>(
    domain: DomainRecord,
    kind: K,
    name: string,
  ): TaskQueue<K extends 'decision' ? DecisionTask : ActivityTask> {
    const queues = (kind === 'decision' ? domain.decisionQueues : domain.activityQueues) as unknown as Map<
      string,
      TaskQueue<K extends 'decision' ? DecisionTask : ActivityTask>
    >;
    let queue = queues.get(name);
    if (queue === undefined) {
      queue = new TaskQueue();
      queues.set(name, queue);
    }
    return queue;
  }
}
