import type {
  ActivityTypeConfiguration,
  ActivityTypeDetail,
  ActivityTypeInfo,
  ActivityTypeInfos,
  DeleteActivityTypeInput,
  DeleteWorkflowTypeInput,
  DeprecateActivityTypeInput,
  DeprecateWorkflowTypeInput,
  DescribeActivityTypeInput,
  DescribeWorkflowTypeInput,
  ListActivityTypesInput,
  ListWorkflowTypesInput,
  RegisterActivityTypeInput,
  RegisterWorkflowTypeInput,
  UndeprecateActivityTypeInput,
  UndeprecateWorkflowTypeInput,
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

/** The `domain` and type reference every Deprecate/Undeprecate/Delete*Type input carries. */
interface TypeReference {
  readonly domain?: string | undefined;
  readonly name: string;
  readonly version: string;
}

function workflowTypeReference(input: {
  domain?: string | undefined;
  workflowType?: { name?: string | undefined; version?: string | undefined } | undefined;
}): TypeReference {
  const { name, version } = input.workflowType as { name: string; version: string };
  return { domain: input.domain, name, version };
}

function activityTypeReference(input: {
  domain?: string | undefined;
  activityType?: { name?: string | undefined; version?: string | undefined } | undefined;
}): TypeReference {
  const { name, version } = input.activityType as { name: string; version: string };
  return { domain: input.domain, name, version };
}

/** REGISTERED → DEPRECATED with `deprecationDate` now; already deprecated → TypeDeprecatedFault. */
function deprecateType(s: ServiceState, kind: Kind, ref: TypeReference): void {
  const record = findType<object>(s.domain(ref.domain as string), kind, ref.name, ref.version);
  if (record.status === 'DEPRECATED') {
    throw new SwfFault('TypeDeprecatedFault', typeLabel(kind, ref.name, ref.version));
  }
  record.status = 'DEPRECATED';
  record.deprecationMs = s.now();
}

/**
 * DEPRECATED → REGISTERED, clearing `deprecationDate`; a REGISTERED type → TypeAlreadyExistsFault.
 * In a deprecated domain → DomainDeprecatedFault, as for registrations, so that a deprecated domain
 * never gets a startable type back (swf-semantics §3.2 [I]; docs/divergences.md).
 */
function undeprecateType(s: ServiceState, kind: Kind, ref: TypeReference): void {
  const domain = s.domain(ref.domain as string);
  const record = findType<object>(domain, kind, ref.name, ref.version);
  if (record.status === 'REGISTERED') {
    throw new SwfFault('TypeAlreadyExistsFault', typeLabel(kind, ref.name, ref.version));
  }
  if (domain.status === 'DEPRECATED') throw new SwfFault('DomainDeprecatedFault', domain.name);
  record.status = 'REGISTERED';
  delete record.deprecationMs;
}

/**
 * Removes a DEPRECATED type: Describe and List no longer see it, new starts and schedules find no
 * such type, runs and tasks already using it go on, and the name and version can be registered
 * again (swf-semantics §4.3). A REGISTERED type → TypeNotDeprecatedFault.
 */
function deleteType(s: ServiceState, kind: Kind, ref: TypeReference): void {
  const domain = s.domain(ref.domain as string);
  const record = findType<object>(domain, kind, ref.name, ref.version);
  if (record.status === 'REGISTERED') {
    throw new SwfFault(
      'TypeNotDeprecatedFault',
      'The type is currently registered and cannot be deleted in its current state',
    );
  }
  registry(domain, kind).delete(typeKey(ref.name, ref.version));
}

export function deprecateWorkflowType(s: ServiceState, input: DeprecateWorkflowTypeInput): void {
  deprecateType(s, 'WorkflowType', workflowTypeReference(input));
}

export function undeprecateWorkflowType(s: ServiceState, input: UndeprecateWorkflowTypeInput): void {
  undeprecateType(s, 'WorkflowType', workflowTypeReference(input));
}

export function deleteWorkflowType(s: ServiceState, input: DeleteWorkflowTypeInput): void {
  deleteType(s, 'WorkflowType', workflowTypeReference(input));
}

export function deprecateActivityType(s: ServiceState, input: DeprecateActivityTypeInput): void {
  deprecateType(s, 'ActivityType', activityTypeReference(input));
}

export function undeprecateActivityType(s: ServiceState, input: UndeprecateActivityTypeInput): void {
  undeprecateType(s, 'ActivityType', activityTypeReference(input));
}

export function deleteActivityType(s: ServiceState, input: DeleteActivityTypeInput): void {
  deleteType(s, 'ActivityType', activityTypeReference(input));
}
