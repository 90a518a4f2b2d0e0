import { EventType, type CloseStatus, type HistoryEvent } from '@aws-sdk/client-swf';
import { eventAttributesKey } from '../../history/appendEvent.js';
import { typeKey } from '../model.js';
import type { ShardedMap } from '../ShardedMap.js';
import {
  expectArray,
  expectInteger,
  expectObject,
  expectOneOf,
  expectString,
  expectTime,
  fail,
  optionalString,
} from './expect.js';
import { copyInterned } from './copyInterned.js';
import { EVENTS_PER_STEP, foldRunWork, type RunWork } from './foldRunWork.js';
import {
  SERVICE_SNAPSHOT_FORMAT,
  type DomainSnapshot,
  type RunSnapshot,
  type TaskHint,
} from './ServiceSnapshot.js';

/** Most task tokens a snapshot may say were issued (a sanity bound on the counter it carries). */
const MAX_TOKENS_ISSUED = 10_000_000;

const EVENT_TYPES: ReadonlySet<string> = new Set<string>(Object.values(EventType));

/** A run that passed every check, with what its history says is open and its task hints. @internal */
export interface CheckedRun {
  readonly source: RunSnapshot;
  readonly events: HistoryEvent[];
  readonly work: RunWork;
  readonly hints: Map<number, TaskHint>;
}

/** What a service snapshot's own members say, checked. @internal */
export interface CheckedServiceHeader {
  readonly clockMs: number;
  readonly tokensIssued: number;
}

/**
 * Import: checks the members of a would-be service snapshot other than its domains' contents
 * (`domains` must be an array; its elements are checked one by one as they are imported).
 * @internal
 */
export function checkServiceHeader(snapshot: unknown): CheckedServiceHeader {
  const root = expectObject(snapshot, 'snapshot');
  if (root.format !== SERVICE_SNAPSHOT_FORMAT) {
    fail('snapshot.format', `expected "${SERVICE_SNAPSHOT_FORMAT}"`);
  }
  if (root.version !== 1) fail('snapshot.version', 'expected 1 (the only version this swf-sim reads)');
  const clockMs = expectTime(root.clockMs, 'snapshot.clockMs');
  expectString(root.region, 'snapshot.region');
  expectString(root.accountId, 'snapshot.accountId');
  const tokensIssued = expectInteger(root.tokensIssued, 'snapshot.tokensIssued');
  if (tokensIssued > MAX_TOKENS_ISSUED) fail('snapshot.tokensIssued', `at most ${MAX_TOKENS_ISSUED}`);
  expectArray(root.domains, 'snapshot.domains');
  return { clockMs, tokensIssued };
}

const REGISTRATION_STATUSES = ['REGISTERED', 'DEPRECATED'] as const;

const CLOSE_STATUSES = [
  'COMPLETED',
  'FAILED',
  'CANCELED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
] as const satisfies readonly CloseStatus[];

/**
 * Import: checks a domain's members other than its runs (`runs` must be an array; each run is
 * checked by {@link checkRun}).
 * @internal
 */
export function checkDomainHeader(value: unknown, path: string): Omit<DomainSnapshot, 'runs'> {
  const domain = expectObject(value, path);
  expectString(domain.name, `${path}.name`);
  expectOneOf(domain.status, REGISTRATION_STATUSES, `${path}.status`);
  optionalString(domain.description, `${path}.description`);
  expectString(domain.retentionPeriodInDays, `${path}.retentionPeriodInDays`);
  expectString(domain.arn, `${path}.arn`);
  expectArray(domain.tags, `${path}.tags`).forEach((tag, i) => {
    const t = expectObject(tag, `${path}.tags[${i}]`);
    expectString(t.key, `${path}.tags[${i}].key`);
    optionalString(t.value, `${path}.tags[${i}].value`);
  });
  for (const kind of ['workflowTypes', 'activityTypes'] as const) {
    const keys = new Set<string>();
    expectArray(domain[kind], `${path}.${kind}`).forEach((type, i) => {
      const p = `${path}.${kind}[${i}]`;
      const t = expectObject(type, p);
      const key = typeKey(expectString(t.name, `${p}.name`), expectString(t.version, `${p}.version`));
      if (keys.has(key)) fail(p, 'duplicate type');
      keys.add(key);
      expectOneOf(t.status, REGISTRATION_STATUSES, `${p}.status`);
      optionalString(t.description, `${p}.description`);
      expectTime(t.creationMs, `${p}.creationMs`);
      if (t.deprecationMs !== undefined) expectTime(t.deprecationMs, `${p}.deprecationMs`);
      expectObject(t.configuration, `${p}.configuration`);
    });
  }
  expectArray(domain.runs, `${path}.runs`);
  return value as DomainSnapshot;
}

/**
 * Import: checks one run and folds its history into what is open, refusing (SnapshotError) anything
 * that does not fit. `tokens` holds the task tokens of the runs checked so far (each must be unique).
 * Touches no state. Yields every thousand events.
 * @internal
 */
export function* checkRun(
  value: unknown,
  path: string,
  tokens: ShardedMap<string, true>,
): Generator<void, CheckedRun, void> {
  const run = expectObject(value, path);
  expectString(run.workflowId, `${path}.workflowId`);
  expectString(run.runId, `${path}.runId`);
  const workflowType = expectObject(run.workflowType, `${path}.workflowType`);
  expectString(workflowType.name, `${path}.workflowType.name`);
  expectString(workflowType.version, `${path}.workflowType.version`);
  const config = expectObject(run.config, `${path}.config`);
  const taskList = expectObject(config.taskList, `${path}.config.taskList`);
  expectString(taskList.name, `${path}.config.taskList.name`);
  expectString(config.taskStartToCloseTimeout, `${path}.config.taskStartToCloseTimeout`);
  expectString(config.executionStartToCloseTimeout, `${path}.config.executionStartToCloseTimeout`);
  expectString(config.childPolicy, `${path}.config.childPolicy`);
  expectTime(run.startMs, `${path}.startMs`);
  const status = expectOneOf(run.status, ['OPEN', 'CLOSED'] as const, `${path}.status`);
  if (status === 'CLOSED') {
    expectOneOf(run.closeStatus, CLOSE_STATUSES, `${path}.closeStatus`);
    expectTime(run.closeMs, `${path}.closeMs`);
  }
  if (typeof run.cancelRequested !== 'boolean') fail(`${path}.cancelRequested`, 'expected a boolean');
  optionalString(run.latestExecutionContext, `${path}.latestExecutionContext`);
  if (run.latestActivityTaskMs !== undefined) {
    expectTime(run.latestActivityTaskMs, `${path}.latestActivityTaskMs`);
  }
  expectInteger(run.lastCompletedStartedEventId, `${path}.lastCompletedStartedEventId`);
  if (run.overriddenTaskList !== undefined) {
    expectString(
      expectObject(run.overriddenTaskList, `${path}.overriddenTaskList`).name,
      `${path}.overriddenTaskList.name`,
    );
  }
  optionalString(run.overrideScheduleToStartTimeout, `${path}.overrideScheduleToStartTimeout`);
  const events: HistoryEvent[] = [];
  for (const [i, event] of expectArray(run.events, `${path}.events`).entries()) {
    events.push(importEvent(event, i, `${path}.events[${i}]`));
    if (i % EVENTS_PER_STEP === EVENTS_PER_STEP - 1) yield;
  }
  if (events.length === 0) fail(`${path}.events`, 'a run has at least its WorkflowExecutionStarted');
  const hints = new Map<number, TaskHint>();
  if (run.openTasks !== undefined) {
    expectArray(run.openTasks, `${path}.openTasks`).forEach((hint, i) => {
      const checked = checkHint(hint, `${path}.openTasks[${i}]`);
      if (checked.taskToken !== undefined) {
        if (tokens.has(checked.taskToken)) fail(`${path}.openTasks[${i}].taskToken`, 'duplicate token');
        tokens.set(checked.taskToken, true);
      }
      hints.set(checked.scheduledEventId, checked);
    });
  }
  if (run.clockSeqs !== undefined) {
    const seqs = expectObject(run.clockSeqs, `${path}.clockSeqs`);
    for (const [label, seq] of Object.entries(seqs))
      expectInteger(seq, `${path}.clockSeqs[${JSON.stringify(label)}]`);
  }
  const work = yield* foldRunWork(events, status, path);
  if (status === 'OPEN') refuseUnrestorable(work, path);
  return { source: value as RunSnapshot, events, hints, work };
}

function checkHint(value: unknown, path: string): TaskHint {
  const hint = expectObject(value, path);
  expectInteger(hint.scheduledEventId, `${path}.scheduledEventId`, 1);
  if (hint.seq !== undefined) expectInteger(hint.seq, `${path}.seq`);
  optionalString(hint.taskToken, `${path}.taskToken`);
  optionalString(hint.heartbeatDetails, `${path}.heartbeatDetails`);
  if (hint.heartbeatTimeoutAtMs !== undefined) {
    expectTime(hint.heartbeatTimeoutAtMs, `${path}.heartbeatTimeoutAtMs`);
  }
  return hint as unknown as TaskHint;
}

/** A snapshot event back to a `HistoryEvent`: same members and order, the timestamp a `Date` again. */
function importEvent(value: unknown, index: number, path: string): HistoryEvent {
  const event = expectObject(value, path);
  if (event.eventId !== index + 1) fail(`${path}.eventId`, `expected ${index + 1} (ids are 1..n)`);
  const type = event.eventType;
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) fail(`${path}.eventType`, 'unknown event type');
  const seconds = event.eventTimestamp;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    fail(`${path}.eventTimestamp`, 'expected epoch seconds');
  }
  const key = eventAttributesKey(type as EventType);
  expectObject(event[key], `${path}.${key}`);
  const copy = copyInterned(event);
  // Same rounding as the SDK's epoch-seconds parser, so millisecond timestamps survive exactly.
  copy.eventTimestamp = new Date(Math.round(seconds * 1000));
  return copy as unknown as HistoryEvent;
}

/** Open work of an OPEN run that cannot be brought back faithfully: refused, never dropped. */
function refuseUnrestorable(work: RunWork, path: string): void {
  const lambda = work.lambdas.values().next().value;
  if (lambda !== undefined) {
    fail(
      path,
      `Lambda task ${lambda.id} is in flight; its outcome cannot be restored (wait until it finishes)`,
    );
  }
  for (const child of work.children.values()) {
    if (child.startedEventId === 0) fail(path, `child ${child.workflowId} was initiated but never started`);
  }
}
