import type {
  ActivityTypeConfiguration,
  ActivityTypeDetail,
  ActivityTypeInfo,
  ActivityTypeInfos,
  DescribeActivityTypeInput,
  DescribeWorkflowTypeInput,
  ListActivityTypesInput,
  ListWorkflowTypesInput,
  RegisterActivityTypeInput,
  RegisterWorkflowTypeInput,
  WorkflowTypeConfiguration,
  WorkflowTypeDetail,
  WorkflowTypeInfo,
  WorkflowTypeInfos,
} from '@aws-sdk/client-swf';
import { SwfFault } from '../faults/SwfFault.js';
import { typeKey, type DomainRecord, type TypeRecord } from './model.js';
import { paginate } from './pagination.js';
import type { ServiceState } from './ServiceState.js';

/** SWF's quota per domain and kind, registered plus deprecated (swf-semantics §4.1). */
const MAX_TYPES = 10_000;
const PAGE_TOKEN_LIFETIME_MS = 24 * 3600 * 1000;

type Kind = 'WorkflowType' | 'ActivityType';

/** SWF's own rendering of a type in fault messages: `WorkflowType=[name=N, version=V]`. */
export function typeLabel(kind: Kind, name: string, version: string): string {
  return `${kind}=[name=${name}, version=${version}]`;
}

function registry(domain: DomainRecord, kind: Kind): Map<string, TypeRecord<object>> {
  return kind === 'WorkflowType' ? domain.workflowTypes : domain.activityTypes;
}

/** Copies the members of `source` that are set, so unset defaults stay absent (swf-semantics §4.2). */
function definedMembers<C extends object>(
  source: Record<string, unknown>,
  keys: readonly (keyof C & string)[],
): C {
  const result: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) result[key] = source[key];
  return result as C;
}

function register(
  s: ServiceState,
  kind: Kind,
  input: {
    domain?: string | undefined;
    name?: string | undefined;
    version?: string | undefined;
    description?: string | undefined;
  },
  configuration: object,
): void {
  const domain = s.domain(input.domain as string);
  const name = input.name as string;
  const version = input.version as string;
  if (domain.status === 'DEPRECATED') throw new SwfFault('DomainDeprecatedFault', domain.name);
  const types = registry(domain, kind);
  const key = typeKey(name, version);
  if (types.has(key)) throw new SwfFault('TypeAlreadyExistsFault', typeLabel(kind, name, version));
  if (types.size >= MAX_TYPES) {
    throw new SwfFault('LimitExceededFault', `${kind} limit exceeded: at most ${MAX_TYPES} per domain`);
  }
  types.set(key, {
    name,
    version,
    status: 'REGISTERED',
    ...(input.description !== undefined && { description: input.description }),
    creationMs: s.now(),
    configuration,
  });
}

const WORKFLOW_DEFAULTS = [
  'defaultTaskStartToCloseTimeout',
  'defaultExecutionStartToCloseTimeout',
  'defaultTaskList',
  'defaultTaskPriority',
  'defaultChildPolicy',
  'defaultLambdaRole',
] as const satisfies readonly (keyof WorkflowTypeConfiguration)[];

const ACTIVITY_DEFAULTS = [
  'defaultTaskStartToCloseTimeout',
  'defaultTaskHeartbeatTimeout',
  'defaultTaskList',
  'defaultTaskPriority',
  'defaultTaskScheduleToStartTimeout',
  'defaultTaskScheduleToCloseTimeout',
] as const satisfies readonly (keyof ActivityTypeConfiguration)[];

export function registerWorkflowType(s: ServiceState, input: RegisterWorkflowTypeInput): void {
  const configuration = definedMembers<WorkflowTypeConfiguration>(
    input as unknown as Record<string, unknown>,
    WORKFLOW_DEFAULTS,
  );
  register(s, 'WorkflowType', input, configuration);
}

export function registerActivityType(s: ServiceState, input: RegisterActivityTypeInput): void {
  const configuration = definedMembers<ActivityTypeConfiguration>(
    input as unknown as Record<string, unknown>,
    ACTIVITY_DEFAULTS,
  );
  register(s, 'ActivityType', input, configuration);
}

/** The type record, or `UnknownResourceFault: Unknown type: WorkflowType=[name=N, version=V]`. */
export function findType<C>(domain: DomainRecord, kind: Kind, name: string, version: string): TypeRecord<C> {
  const record = registry(domain, kind).get(typeKey(name, version));
  if (record === undefined) {
    throw new SwfFault('UnknownResourceFault', `Unknown type: ${typeLabel(kind, name, version)}`);
  }
  return record as TypeRecord<C>;
}

function typeInfoBase(record: TypeRecord<object>) {
  return {
    status: record.status,
    ...(record.description !== undefined && { description: record.description }),
    creationDate: new Date(record.creationMs),
    ...(record.deprecationMs !== undefined && { deprecationDate: new Date(record.deprecationMs) }),
  };
}

function workflowTypeInfo(record: TypeRecord<object>): WorkflowTypeInfo {
  return { workflowType: { name: record.name, version: record.version }, ...typeInfoBase(record) };
}

function activityTypeInfo(record: TypeRecord<object>): ActivityTypeInfo {
  return { activityType: { name: record.name, version: record.version }, ...typeInfoBase(record) };
}

export function describeWorkflowType(s: ServiceState, input: DescribeWorkflowTypeInput): WorkflowTypeDetail {
  const { name, version } = input.workflowType as { name: string; version: string };
  const record = findType<WorkflowTypeConfiguration>(
    s.domain(input.domain as string),
    'WorkflowType',
    name,
    version,
  );
  return { typeInfo: workflowTypeInfo(record), configuration: { ...record.configuration } };
}

export function describeActivityType(s: ServiceState, input: DescribeActivityTypeInput): ActivityTypeDetail {
  const { name, version } = input.activityType as { name: string; version: string };
  const record = findType<ActivityTypeConfiguration>(
    s.domain(input.domain as string),
    'ActivityType',
    name,
    version,
  );
  return { typeInfo: activityTypeInfo(record), configuration: { ...record.configuration } };
}

function listTypes(
  s: ServiceState,
  kind: Kind,
  input: ListWorkflowTypesInput | ListActivityTypesInput,
): { page: TypeRecord<object>[]; nextPageToken?: string } {
  const domain = s.domain(input.domain as string);
  const matching = [...registry(domain, kind).values()]
    .filter(
      (t) => t.status === input.registrationStatus && (input.name === undefined || t.name === input.name),
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
  if (input.reverseOrder === true) matching.reverse();
  const query = `List${kind}s|${domain.name}|${input.registrationStatus}|${input.name ?? ''}|${input.reverseOrder === true}`;
  return paginate(matching, input, query, s.now(), PAGE_TOKEN_LIFETIME_MS);
}

export function listWorkflowTypes(s: ServiceState, input: ListWorkflowTypesInput): WorkflowTypeInfos {
  const { page, nextPageToken } = listTypes(s, 'WorkflowType', input);
  return { typeInfos: page.map(workflowTypeInfo), ...(nextPageToken !== undefined && { nextPageToken }) };
}

export function listActivityTypes(s: ServiceState, input: ListActivityTypesInput): ActivityTypeInfos {
  const { page, nextPageToken } = listTypes(s, 'ActivityType', input);
  return { typeInfos: page.map(activityTypeInfo), ...(nextPageToken !== undefined && { nextPageToken }) };
}
