import type { HistoryEvent } from '@aws-sdk/client-swf';
import { createOpenWork, type OpenWork } from '../history/OpenWork.js';
import type { CheckHistoryOptions } from './CheckHistoryOptions.js';
import { EventIndex } from './EventIndex.js';
import { capitalize } from './format.js';
import type { InvariantName, Violation } from './invariants.js';

const DEFAULT_LATE_TOLERANCE_MS = 1000;

/**
 * What every rule of one check shares: the options, the history's shape, the fold's state, the
 * events seen so far, and the violation list.
 * @internal
 */
export class CheckContext {
  readonly violations: Violation[] = [];
  readonly lateToleranceMs: number;
  /** The history is an excerpt: references before `firstId` are taken on trust. */
  readonly excerpt: boolean;
  readonly firstId: number;
  /** What is open in the run (the walker folds every applied event into it). */
  readonly work: OpenWork;
  /** Events seen so far, by id. */
  readonly byId: EventIndex;
  /** The event before the current one, whatever its id. */
  previous: HistoryEvent | undefined;
  /** The run's close event, once seen; nothing after it is judged against the run's state. */
  closeEvent: HistoryEvent | undefined;
  private readonly ignore: ReadonlySet<InvariantName>;

  constructor(
    readonly events: readonly HistoryEvent[],
    readonly options: CheckHistoryOptions,
  ) {
    this.ignore = new Set(options.ignore ?? []);
    this.lateToleranceMs = options.lateToleranceMs ?? DEFAULT_LATE_TOLERANCE_MS;
    this.work = createOpenWork(events, options.excerpt);
    this.excerpt = this.work.excerpt;
    this.firstId = this.work.firstEventId;
    this.byId = new EventIndex(this.firstId, 2 * events.length + 1);
  }

  /** Records a violation, unless its invariant is ignored. */
  report(invariant: InvariantName, eventIds: number[], message: string): void {
    if (!this.ignore.has(invariant))
      this.violations.push({ invariant, eventIds, message: capitalize(message) });
  }

  /** Before the excerpt's first event: not seen, so taken on trust. */
  beforeExcerpt(id: number): boolean {
    return this.excerpt && id < this.firstId;
  }

  /**
   * Whether the end of the history is judged: not when the run closed, nor for a prefix, after
   * whose last event nothing is required.
   */
  endsJudgeable(): boolean {
    const last = this.events[this.events.length - 1] as HistoryEvent;
    const closed = this.closeEvent !== undefined;
    const prefix = this.options.prefix ?? (!closed && last.eventType === 'DecisionTaskStarted');
    // A close event anywhere (even misplaced) ends what can be asked of the run.
    return !closed && !prefix;
  }
}
