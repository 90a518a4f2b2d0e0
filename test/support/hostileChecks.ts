/**
 * The judge of hostile requests (issue 12.7): a small world to send them to, and what every answer
 * must be — never a 5xx; a refusal in SWF's error shape, named like an SDK exception or a Coral
 * error, that left the exported state exactly as it was.
 */
import * as sdk from '@aws-sdk/client-swf';
import fc from 'fast-check';
import { expect } from 'vitest';
import { handleWireRequest, type WireResponse } from '../../src/adapters/wire/awsJson.js';
import { exportState } from '../../src/sim/service/snapshot/exportState.js';
import { SwfService } from '../../src/sim/service/SwfService.js';
import { hostileRequest, type HostileRequest, type KnownValues } from './hostileRequests.js';

/** The exceptions SWF models, by the names the SDK gives its exception classes. */
const SDK_EXCEPTION_NAMES: ReadonlySet<string> = new Set(
  (Object.values(sdk) as unknown[])
    .filter(
      (value): value is new (options: { message: string; $metadata: object }) => Error =>
        typeof value === 'function' && value.prototype instanceof sdk.SWFServiceException,
    )
    .map((Exception) => new Exception({ message: '', $metadata: {} }).name),
);

/** Coral's generic errors (not modelled, so the SDK has no class for them), by namespace. */
const CORAL_ERRORS: Readonly<Record<string, string>> = {
  ValidationException: 'com.amazon.coral.validate',
  SerializationException: 'com.amazon.coral.service',
  UnknownOperationException: 'com.amazon.coral.service',
  ThrottlingException: 'com.amazon.coral.availability',
};

/** Checks an error answer's shape: `{__type, message}` with a known name in its namespace. */
export function expectSwfError(status: number, errorType: string | undefined, body: string): void {
  expect(status, body).toBe(400);
  const error = JSON.parse(body) as Record<string, unknown>;
  expect(Object.keys(error).sort(), body).toEqual(['__type', 'message']);
  expect(error.message, body).toBeTypeOf('string');
  const [namespace, name] = String(error.__type).split('#');
  expect(errorType, body).toBe(name);
  const expectedNamespace =
    name !== undefined && SDK_EXCEPTION_NAMES.has(name)
      ? 'com.amazonaws.swf.base.model'
      : CORAL_ERRORS[name ?? ''];
  expect(namespace, `unknown error ${String(error.__type)}`).toBe(expectedNamespace);
}

/** A fresh service holding a little of everything, and the names, ids and tokens in it. */
export async function hostileWorld(seed: string): Promise<{ service: SwfService; known: KnownValues }> {
  const service = new SwfService({ seed });
  return { service, known: await populate(service) };
}

/**
 * Gives `service` two domains, a workflow and an activity type, two runs, a started activity task,
 * a started decision task and an armed timer; returns their names, ids and tokens.
 */
export async function populate(service: Pick<SwfService, 'call'>): Promise<KnownValues> {
  const call = service.call.bind(service);
  const taskList = { name: 'tl' };
  for (const name of ['d', 'd2'])
    await call('RegisterDomain', { name, workflowExecutionRetentionPeriodInDays: '1' });
  await call('RegisterWorkflowType', {
    domain: 'd',
    name: 'wf',
    version: '1',
    defaultTaskList: taskList,
    defaultTaskStartToCloseTimeout: '30',
    defaultExecutionStartToCloseTimeout: '3600',
    defaultChildPolicy: 'TERMINATE',
  });
  await call('RegisterActivityType', {
    domain: 'd',
    name: 'act',
    version: '1',
    defaultTaskList: taskList,
    defaultTaskScheduleToStartTimeout: '60',
    defaultTaskScheduleToCloseTimeout: '120',
    defaultTaskStartToCloseTimeout: '60',
    defaultTaskHeartbeatTimeout: 'NONE',
  });
  const workflowType = { name: 'wf', version: '1' };
  const runIds: string[] = [];
  for (const workflowId of ['w1', 'w2']) {
    runIds.push(
      (await call('StartWorkflowExecution', { domain: 'd', workflowId, workflowType })).runId as string,
    );
  }
  const first = await call('PollForDecisionTask', { domain: 'd', taskList });
  await call('RespondDecisionTaskCompleted', {
    taskToken: first.taskToken,
    decisions: [
      {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: {
          activityType: { name: 'act', version: '1' },
          activityId: 'a1',
        },
      },
      {
        decisionType: 'StartTimer',
        startTimerDecisionAttributes: { timerId: 't1', startToFireTimeout: '600' },
      },
    ],
  });
  const activity = await call('PollForActivityTask', { domain: 'd', taskList });
  const decision = await call('PollForDecisionTask', { domain: 'd', taskList, maximumPageSize: 1 });
  const domains = await call('ListDomains', { registrationStatus: 'REGISTERED', maximumPageSize: 1 });
  const arn = (await call('DescribeDomain', { name: 'd' })).domainInfo?.arn;
  const known: KnownValues = {
    domain: ['d', 'd2'],
    name: ['d'],
    'workflowType.name': ['wf'],
    'activityType.name': ['act'],
    'taskList.name': ['tl'],
    'defaultTaskList.name': ['tl'],
    version: ['1'],
    workflowId: ['w1', 'w2'],
    runId: runIds,
    taskToken: [decision.taskToken, activity.taskToken, first.taskToken].filter((t) => t !== undefined),
    nextPageToken: [decision.nextPageToken, domains.nextPageToken].filter((t) => t !== undefined),
    activityId: ['a1'],
    timerId: ['t1'],
    resourceArn: arn === undefined ? [] : [arn],
  };
  return known;
}

/** Sends `request` to `service` through the wire codec, answering a parked long poll by expiring it. */
export async function sendInProcess(
  service: SwfService,
  request: HostileRequest,
  requestId: string,
): Promise<WireResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0' };
  if (request.target !== undefined) headers['x-amz-target'] = request.target;
  const internalFailures: unknown[] = [];
  let response: WireResponse | undefined;
  const sent = handleWireRequest(
    service,
    { method: 'POST', path: '/', headers, body: request.body },
    requestId,
    {},
    (_operation, error) => internalFailures.push(error),
  ).then((r) => (response = r));
  await new Promise((resolve) => setImmediate(resolve));
  // A poll with nothing to hand out waits for virtual time: move it on to the poll's expiry.
  while (response === undefined && service.clock.advanceToNextTimer()) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  await sent;
  expect(internalFailures, 'internal failures').toEqual([]);
  return response as WireResponse;
}

/** An answer as the judge reads it. */
export interface Answer {
  readonly status: number;
  readonly errorType: string | undefined;
  readonly body: string;
}

/**
 * Judges the answer to `request`: never a 5xx; a success is empty or a JSON object; a refusal has
 * SWF's error shape and left the state text as it was (`stateAfter` is read only for refusals).
 */
export function expectAnswer(
  request: HostileRequest,
  answer: Answer,
  stateBefore: string,
  stateAfter: () => string,
): void {
  const what = `${request.operation} (${request.mutations.join(', ') || 'valid'}) → ${answer.status} ${answer.body.slice(0, 300)}`;
  expect(answer.status, what).toBeLessThan(500);
  if (answer.status === 200) {
    if (answer.body !== '') expect(JSON.parse(answer.body), what).toBeTypeOf('object');
    return;
  }
  expectSwfError(answer.status, answer.errorType, answer.body);
  expect(stateAfter(), `state changed by refused ${what}`).toBe(stateBefore);
}

/** Sends each request in turn to `service` in process and judges each answer. */
export async function expectHandled(service: SwfService, requests: readonly HostileRequest[]): Promise<void> {
  const stateText = (): string => JSON.stringify(exportState(service.state));
  for (const [index, request] of requests.entries()) {
    const before = stateText();
    const response = await sendInProcess(service, request, `req-${index}`);
    const answer = {
      status: response.statusCode,
      errorType: response.headers['x-amzn-errortype'],
      body: response.body,
    };
    expectAnswer(request, answer, before, stateText);
  }
}

/** The in-process property: sequences of up to four hostile requests, each sequence on a fresh world. */
export async function hostileRequestsProperty(): Promise<fc.IAsyncProperty<[HostileRequest[]]>> {
  // The world is seeded, so its names and tokens are the same in every fresh copy: read them once.
  const { known } = await hostileWorld('hostile');
  return fc.asyncProperty(
    fc.array(hostileRequest(known), { minLength: 1, maxLength: 4 }),
    async (requests) => {
      const { service } = await hostileWorld('hostile');
      await expectHandled(service, requests);
    },
  );
}
