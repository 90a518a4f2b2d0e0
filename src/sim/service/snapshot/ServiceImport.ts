import {
  newDomain,
  runKey,
  settleExecution,
  typeKey,
  type DomainRecord,
  type Execution,
  type ExecutionConfig,
  type TypeRecord,
} from '../model.js';
import { PackedHistory } from '../../history/PackedHistory.js';
import type { ServiceState } from '../ServiceState.js';
import { ShardedMap } from '../ShardedMap.js';
import { checkDomainHeader, checkRun, checkServiceHeader } from './checkSnapshot.js';
import { fail } from './expect.js';
import type { RunWork } from './foldRunWork.js';
import {
  buildExecution,
  restoreChildren,
  restoreClosedRun,
  restoreOpenWork,
  restoreParentLink,
  type PendingTask,
} from './restoreRuns.js';
import type { PendingClock } from './clockPlans.js';
import { SnapshotError, type DomainSnapshot, type TypeSnapshot } from './ServiceSnapshot.js';
import { sortInSteps } from './sortInSteps.js';

/** Clocks armed, tasks queued or runs linked between two yields. */
const ITEMS_PER_STEP = 1000;

/** A domain record whose own members are filled in once they have come (after its runs, maybe). */
type DomainShell = { -readonly [K in keyof DomainRecord]: DomainRecord[K] };

/** A run whose links to other runs (children, parent) wait until every run of its domain is in. */
interface LinkedRun {
  readonly execution: Execution;
  readonly work: RunWork;
}

/** The domain whose runs are coming in. */
interface DomainInProgress {
  readonly index: number;
  readonly record: DomainShell;
  runs: number;
  readonly linked: LinkedRun[];
}

/**
 * Builds a service's state from a service snapshot handed over piece by piece, so that a reader
 * never needs the whole document at once: each run as it comes ({@link ServiceImport.addRun}:
 * checked, rebuilt, a closed one packed at once), then each domain's own members and the links
 * between its runs ({@link ServiceImport.endDomain}), and last the snapshot's own members
 * ({@link ServiceImport.finish}), when the open tasks take their queue places and every clock is
 * armed, all in the original order.
 *
 * Until `finish` is done `state` is half built: import into a service nobody uses yet. After a
 * {@link SnapshotError} from any step, drop `state` or empty it with {@link ServiceImport.abandon}.
 * @internal
 */
export class ServiceImport {
  /** Task tokens of the runs so far: each must be unique (a large import can hold 100,000s). */
  private readonly tokens = new ShardedMap<string, true>();
  private readonly clocks: PendingClock[] = [];
  private readonly tasks: PendingTask[] = [];
  /** See `buildExecution`. */
  private readonly closedConfigs = new Map<string, ExecutionConfig>();
  private domain: DomainInProgress | undefined;
  private domainsEnded = 0;

  /**
   * @param tasksNumbered - a state directory's restore: the exporter's count of numbered tasks
   *   (`ServiceState.tasksNumbered`), under which each open task keeps the seq the snapshot gives it,
   *   so the restored state is the very one that was cut. Otherwise tasks are numbered afresh, in
   *   the same order.
   * @throws SnapshotError when `state` already has domains
   */
  constructor(
    private readonly state: ServiceState,
    private readonly tasksNumbered?: number,
  ) {
    if (state.domains.size > 0) {
      throw new SnapshotError('importState: the service already has domains; import into a fresh one');
    }
  }

  /**
   * Run `runIndex` of domain `domainIndex`, whose own members come later with `endDomain`; a long
   * history is checked and packed a thousand events at a time.
   * @throws SnapshotError
   */
  *addRun(domainIndex: number, runIndex: number, value: unknown): Generator<void, void, void> {
    const domain = this.domainAt(domainIndex);
    if (runIndex !== domain.runs) fail(`snapshot.domains[${domainIndex}].runs`, 'appears more than once');
    domain.runs++;
    const path = `snapshot.domains[${domainIndex}].runs[${runIndex}]`;
    const run = yield* checkRun(value, path, this.tokens);
    const { workflowId, runId, status } = run.source;
    const { record } = domain;
    const key = runKey(workflowId, runId);
    if (record.runs.has(key)) fail(path, `duplicate run ${workflowId} ${runId}`);
    if (status === 'OPEN' && record.openRuns.has(workflowId)) {
      fail(path, `a second OPEN run of workflowId ${workflowId}`);
    }
    const execution = buildExecution(record, run, this.closedConfigs);
    record.runs.set(key, execution);
    if (status === 'OPEN') {
      record.openRuns.set(workflowId, execution);
      restoreOpenWork(this.state, execution, run, this.clocks, this.tasks);
    } else restoreClosedRun(execution, run, this.clocks);
    const { work } = run;
    if (work.children.size > 0 || work.parent !== undefined) domain.linked.push({ execution, work });
    // Packed at once, so its unpacked history dies young; a parent waits for its children's records.
    if (status === 'CLOSED' && work.children.size === 0) yield* settleInSteps(execution);
  }

  /**
   * Domain `index`'s own members (`value`: the domain, whose runs were handed over already or are
   * all in its `runs`, which is not read again), then the links between its runs.
   * @throws SnapshotError
   */
  *endDomain(index: number, value: unknown): Generator<void, void, void> {
    const domain = this.domainAt(index);
    this.domain = undefined;
    this.domainsEnded++;
    const path = `snapshot.domains[${index}]`;
    const source = checkDomainHeader(value, path);
    if (this.state.domains.has(source.name)) fail(`${path}.name`, `duplicate domain ${source.name}`);
    const { record } = domain;
    fillDomain(record, source);
    this.state.domains.set(record.name, record);
    for (const [i, { execution, work }] of domain.linked.entries()) {
      restoreChildren(record, execution, work);
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    }
    for (const [i, { execution, work }] of domain.linked.entries()) {
      restoreParentLink(record, execution, work);
      if (execution.status === 'CLOSED') yield* settleInSteps(execution);
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    }
  }

  /**
   * The snapshot's own members (`value`: the snapshot; its `domains` are not read again), then
   * the open tasks take their queue places and every clock is armed. Fails only on those members.
   * @throws SnapshotError
   */
  *finish(value: unknown): Generator<void, void, void> {
    if (this.domain !== undefined) fail(`snapshot.domains[${this.domain.index}]`, 'never ended');
    const { clockMs, tokensIssued } = checkServiceHeader(value);
    const { state } = this;
    if (state.now() < clockMs) state.clock.advanceTo(clockMs);
    // New tokens must never equal one the exporter issued: a stale one would name a new task.
    state.tokenIssuer.skipTo(tokensIssued);
    // Queue places in the original scheduling order (a task's seq grows with virtual time); the
    // sort is stable, so ties keep the document's order.
    const queued = yield* sortInSteps(
      this.tasks,
      (x, y) =>
        x.scheduledMs - y.scheduledMs ||
        (x.hintSeq ?? Number.MAX_SAFE_INTEGER) - (y.hintSeq ?? Number.MAX_SAFE_INTEGER),
    );
    const keep = this.tasksNumbered;
    if (keep !== undefined) state.numberTasksFrom(keep);
    // A seq is kept once (a damaged file may repeat one); others are numbered from `keep` on.
    const kept = new Set<number>();
    for (const [i, task] of queued.entries()) {
      const hint = task.hintSeq;
      const keeps = keep !== undefined && hint !== undefined && hint >= 0 && hint < keep && !kept.has(hint);
      if (keeps) kept.add(hint);
      task.create(keeps ? hint : state.nextTaskSeq(), this.clocks);
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    }
    // Clocks in arming order: ties at one deadline then fire as they would have (up to ties between
    // different runs armed in the same virtual millisecond, whose original order is not recorded
    // unless the snapshot carries `clockSeqs`).
    const ordered = yield* sortInSteps(this.clocks, (x, y) => x.armedAtMs - y.armedAtMs);
    for (const [i, clock] of ordered.entries()) {
      // The timer keeps only what it fires, not the plan it was made from (nor anything new: a
      // burst of survivors here is what the last scavenges of an import copy).
      const { idle = false, seq } = clock;
      clock.assign(
        state.clock.schedule(
          clock.dueAtMs,
          clock.label,
          clock.fire,
          seq === undefined ? { idle } : { idle, seq },
        ),
      );
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    }
  }

  /** Empties the state again after a {@link SnapshotError} (it had no domain before). */
  abandon(): void {
    this.state.domains.clear();
  }

  /** Domain `index`, begun with its first run (indexes go up one by one, each domain once). */
  private domainAt(index: number): DomainInProgress {
    if (this.domain?.index === index) return this.domain;
    if (this.domain !== undefined || index !== this.domainsEnded) {
      fail('snapshot.domains', 'appears more than once');
    }
    this.domain = { index, record: emptyDomain(), runs: 0, linked: [] };
    return this.domain;
  }
}

/** `settleExecution`, its history packed a thousand events at a time. */
function* settleInSteps(execution: Execution): Generator<void, void, void> {
  const { history } = execution;
  if (Array.isArray(history)) {
    execution.history = (yield* PackedHistory.packSteps(history, execution.startMs)) ?? history;
  }
  settleExecution(execution);
}

function emptyDomain(): DomainShell {
  return newDomain({ name: '', status: 'REGISTERED', retentionPeriodInDays: '0', arn: '', tags: [] });
}

function fillDomain(record: DomainShell, source: Omit<DomainSnapshot, 'runs'>): void {
  const types = <C>(list: TypeSnapshot<C>[]): Map<string, TypeRecord<C>> =>
    new Map(list.map((t) => [typeKey(t.name, t.version), structuredClone(t) as TypeRecord<C>]));
  record.name = source.name;
  record.status = source.status;
  if (source.description !== undefined) record.description = source.description;
  record.retentionPeriodInDays = source.retentionPeriodInDays;
  record.arn = source.arn;
  record.tags = structuredClone(source.tags);
  record.workflowTypes = types(source.workflowTypes);
  record.activityTypes = types(source.activityTypes);
}
