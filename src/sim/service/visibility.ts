import type {
  CloseStatus,
  CountClosedWorkflowExecutionsInput,
  CountOpenWorkflowExecutionsInput,
  ExecutionTimeFilter,
  ListClosedWorkflowExecutionsInput,
  ListOpenWorkflowExecutionsInput,
  WorkflowExecutionCount,
  WorkflowExecutionInfos,
} from '@aws-sdk/client-swf';
import { SwfFault } from '../faults/SwfFault.js';
import { executionInfo } from './executions.js';
import type { DomainRecord, Execution } from './model.js';
import { paginate } from './pagination.js';
import type { ServiceState } from './ServiceState.js';

const PAGE_TOKEN_LIFETIME_MS = 24 * 3600 * 1000;

/** A time filter as an inclusive range of epoch milliseconds. */
interface TimeRange {
  readonly oldestMs: number;
  readonly latestMs: number;
}

/** A List/Count query reduced to what selects and orders runs. */
interface Query {
  readonly status: 'OPEN' | 'CLOSED';
  readonly startRange?: TimeRange;
  readonly closeRange?: TimeRange;
  readonly workflowId?: string;
  readonly typeName?: string;
  readonly typeVersion?: string;
  readonly tag?: string;
  readonly closeStatus?: CloseStatus;
}

/** The members every List/Count input may carry (the Open ones lack the close filters). */
interface VisibilityInput {
  readonly domain?: string | undefined;
  readonly startTimeFilter?: ExecutionTimeFilter | undefined;
  readonly closeTimeFilter?: ExecutionTimeFilter | undefined;
  readonly executionFilter?: { workflowId?: string | undefined } | undefined;
  readonly typeFilter?: { name?: string | undefined; version?: string | undefined } | undefined;
  readonly tagFilter?: { tag?: string | undefined } | undefined;
  readonly closeStatusFilter?: { status?: CloseStatus | undefined } | undefined;
}

/** Epoch milliseconds of a request timestamp: a `Date` (direct API) or epoch seconds (decoded JSON). */
function epochMs(value: Date | number): number {
  return value instanceof Date ? value.getTime() : Math.round(value * 1000);
}

function timeRange(filter: ExecutionTimeFilter | undefined): TimeRange | undefined {
  if (filter === undefined) return undefined;
  return {
    oldestMs: epochMs(filter.oldestDate as Date | number),
    latestMs: filter.latestDate === undefined ? Infinity : epochMs(filter.latestDate),
  };
}

/**
 * Checks the filter rules of swf-semantics §19.3 and reduces the input to a {@link Query}. The
 * exclusive-filter message is the one real SWF returned for `[WorkflowTypeFilter, CloseStatusFilter]`;
 * the time-filter messages are the simulator's own (docs/divergences.md).
 */
function toQuery(input: VisibilityInput, status: 'OPEN' | 'CLOSED'): Query {
  if (status === 'CLOSED') {
    if (input.startTimeFilter !== undefined && input.closeTimeFilter !== undefined) {
      throw new SwfFault(
        'ValidationException',
        'Cannot specify both startTimeFilter and closeTimeFilter in the same query',
      );
    }
    if (input.startTimeFilter === undefined && input.closeTimeFilter === undefined) {
      throw new SwfFault('ValidationException', 'Must specify either startTimeFilter or closeTimeFilter');
    }
  }
  const exclusive: string[] = [];
  if (input.executionFilter !== undefined) exclusive.push('WorkflowExecutionFilter');
  if (input.typeFilter !== undefined) exclusive.push('WorkflowTypeFilter');
  if (input.tagFilter !== undefined) exclusive.push('TagFilter');
  if (input.closeStatusFilter !== undefined) exclusive.push('CloseStatusFilter');
  if (exclusive.length > 1) {
    throw new SwfFault(
      'ValidationException',
      `Cannot specify more than one exclusive filters in the same query: [${exclusive.join(', ')}]`,
    );
  }
  const startRange = timeRange(input.startTimeFilter);
  const closeRange = timeRange(input.closeTimeFilter);
  const version = input.typeFilter?.version;
  return {
    status,
    ...(startRange !== undefined && { startRange }),
    ...(closeRange !== undefined && { closeRange }),
    ...(input.executionFilter !== undefined && { workflowId: input.executionFilter.workflowId as string }),
    ...(input.typeFilter !== undefined && { typeName: input.typeFilter.name as string }),
    // An empty version (the model allows length 0) filters by name alone, like an absent one.
    ...(version !== undefined && version !== '' && { typeVersion: version }),
    ...(input.tagFilter !== undefined && { tag: input.tagFilter.tag as string }),
    ...(input.closeStatusFilter !== undefined && {
      closeStatus: input.closeStatusFilter.status as CloseStatus,
    }),
  };
}

function inRange(range: TimeRange | undefined, ms: number | undefined): boolean {
  return range === undefined || (ms !== undefined && range.oldestMs <= ms && ms <= range.latestMs);
}

function matches(q: Query, run: Execution): boolean {
  return (
    run.status === q.status &&
    inRange(q.startRange, run.startMs) &&
    inRange(q.closeRange, run.closeMs) &&
    (q.workflowId === undefined || run.workflowId === q.workflowId) &&
    (q.typeName === undefined || run.workflowType.name === q.typeName) &&
    (q.typeVersion === undefined || run.workflowType.version === q.typeVersion) &&
    (q.tag === undefined || (run.config.tagList?.includes(q.tag) ?? false)) &&
    (q.closeStatus === undefined || run.closeStatus === q.closeStatus)
  );
}

/**
 * The runs of the domain that match, in the order List returns them (swf-semantics §19.4): newest
 * first by start time, or by close time when the query filters on close time; `reverseOrder` flips
 * the whole list. Runs with equal times keep start order (the later-started first, newest-first).
 *
 * Cost: one pass over the domain's open runs (Open queries) or its retained runs (Closed queries),
 * plus a sort of the matches when ordering by close time. Both maps hold runs in the order they
 * started, which is start-time order because virtual time never goes back, so no sort is needed
 * for start-time order; a run found out of order (e.g. imported) falls back to a stable sort.
 */
function matchingRuns(s: ServiceState, domainName: string, q: Query): Execution[] {
  const domain = s.domain(domainName);
  const source = q.status === 'OPEN' ? domain.openRuns : domain.runs;
  const found: Execution[] = [];
  let startOrdered = true;
  let previousStartMs = -Infinity;
  for (const run of source.values()) {
    if (!matches(q, run)) continue;
    if (run.startMs < previousStartMs) startOrdered = false;
    previousStartMs = run.startMs;
    found.push(run);
  }
  if (q.closeRange !== undefined) {
    found.sort((a, b) => (a.closeMs as number) - (b.closeMs as number));
  } else if (!startOrdered) {
    found.sort((a, b) => a.startMs - b.startMs);
  }
  return found.reverse();
}

function countRuns(s: ServiceState, domainName: string, q: Query): WorkflowExecutionCount {
  const domain = s.domain(domainName);
  const source = q.status === 'OPEN' ? domain.openRuns : domain.runs;
  let count = 0;
  for (const run of source.values()) if (matches(q, run)) count++;
  // The simulator never cuts a count short, and says so as the AWS CLI's examples show SWF doing
  // (clients read `truncated` unguarded).
  return { count, truncated: false };
}

/**
 * The last multi-page listing of each domain, kept while neither of its run maps changed, so the
 * pages after the first are slices of it: O(page) instead of a filter and sort over every run.
 * Dropped when its last page is served; replaced by the next query.
 */
interface Listing {
  readonly key: string;
  readonly runsVersion: number;
  readonly openRunsVersion: number;
  readonly runs: readonly Execution[];
}
const listings = new WeakMap<DomainRecord, Listing>();

function listRuns(
  s: ServiceState,
  operation: string,
  input: VisibilityInput & {
    readonly maximumPageSize?: number | undefined;
    readonly nextPageToken?: string | undefined;
    readonly reverseOrder?: boolean | undefined;
  },
  q: Query,
): WorkflowExecutionInfos {
  const domainName = input.domain as string;
  const domain = s.domain(domainName);
  // A page token only continues the query it came from: every argument but the paging ones.
  const key = JSON.stringify([
    operation,
    domainName,
    q.startRange?.oldestMs,
    q.startRange?.latestMs,
    q.closeRange?.oldestMs,
    q.closeRange?.latestMs,
    q.workflowId,
    q.typeName,
    q.typeVersion,
    q.tag,
    q.closeStatus,
    input.reverseOrder === true,
  ]);
  let listing = listings.get(domain);
  if (
    listing === undefined ||
    listing.key !== key ||
    listing.runsVersion !== domain.runs.version ||
    listing.openRunsVersion !== domain.openRuns.version
  ) {
    const runs = matchingRuns(s, domainName, q);
    if (input.reverseOrder === true) runs.reverse();
    listing = { key, runsVersion: domain.runs.version, openRunsVersion: domain.openRuns.version, runs };
  }
  const { page, nextPageToken } = paginate(listing.runs, input, key, s.now(), PAGE_TOKEN_LIFETIME_MS);
  if (nextPageToken === undefined) listings.delete(domain);
  else listings.set(domain, listing);
  return {
    executionInfos: page.map(executionInfo),
    ...(nextPageToken !== undefined && { nextPageToken }),
  };
}

export function listOpenWorkflowExecutions(
  s: ServiceState,
  input: ListOpenWorkflowExecutionsInput,
): WorkflowExecutionInfos {
  return listRuns(s, 'ListOpen', input, toQuery(input, 'OPEN'));
}

export function listClosedWorkflowExecutions(
  s: ServiceState,
  input: ListClosedWorkflowExecutionsInput,
): WorkflowExecutionInfos {
  return listRuns(s, 'ListClosed', input, toQuery(input, 'CLOSED'));
}

export function countOpenWorkflowExecutions(
  s: ServiceState,
  input: CountOpenWorkflowExecutionsInput,
): WorkflowExecutionCount {
  return countRuns(s, input.domain as string, toQuery(input, 'OPEN'));
}

export function countClosedWorkflowExecutions(
  s: ServiceState,
  input: CountClosedWorkflowExecutionsInput,
): WorkflowExecutionCount {
  return countRuns(s, input.domain as string, toQuery(input, 'CLOSED'));
}
