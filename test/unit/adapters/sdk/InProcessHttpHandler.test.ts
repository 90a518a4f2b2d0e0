import {
  DescribeDomainCommand,
  DescribeWorkflowExecutionCommand,
  ListOpenWorkflowExecutionsCommand,
  PollForDecisionTaskCommand,
  RegisterDomainCommand,
  SWFServiceException,
  UnknownResourceFault,
} from '@aws-sdk/client-swf';
import type { HttpRequest } from '@smithy/types';
import { describe, expect, it, vi } from 'vitest';
import { createSdkClient } from '../../../../src/adapters/sdk/createSdkClient.js';
import { InProcessHttpHandler } from '../../../../src/adapters/sdk/InProcessHttpHandler.js';
import { SwfFault } from '../../../../src/sim/faults/SwfFault.js';
import type { CallContext, SwfEndpoint } from '../../../../src/sim/service/SwfEndpoint.js';

interface Call {
  operation: string;
  input: unknown;
  context: CallContext | undefined;
}

/** Records every call and answers with `respond` (which may throw or return a promise). */
function fakeEndpoint(respond: (operation: string, input: unknown) => unknown = () => undefined) {
  const calls: Call[] = [];
  const endpoint: SwfEndpoint = {
    dispatch(operation, input, context) {
      calls.push({ operation, input, context });
      return Promise.resolve().then(() => respond(operation, input));
    },
  };
  return { endpoint, calls };
}

/** Parks every call until its signal aborts, like a long poll with no task; `parked` resolves on the first call. */
function parkingEndpoint() {
  const calls: Call[] = [];
  let markParked!: () => void;
  const parked = new Promise<void>((resolve) => (markParked = resolve));
  const endpoint: SwfEndpoint = {
    dispatch(operation, input, context) {
      calls.push({ operation, input, context });
      markParked();
      return new Promise((resolve) => {
        context?.signal?.addEventListener('abort', () => resolve({ taskToken: '', startedEventId: 0 }));
      });
    },
  };
  return { endpoint, calls, parked };
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error('expected the call to reject');
}

function rawRequest(target: string, body: string | Uint8Array): HttpRequest {
  return {
    method: 'POST',
    protocol: 'http:',
    hostname: 'swf-sim.invalid',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    body,
  };
}

describe('SWFClient over InProcessHttpHandler', () => {
  it('sends the SDK request to the endpoint and returns Dates as real Dates', async () => {
    const started = new Date(1381095173254);
    const { endpoint, calls } = fakeEndpoint(() => ({
      executionInfo: {
        execution: { workflowId: 'w', runId: 'r' },
        workflowType: { name: 'n', version: '1' },
        startTimestamp: started,
        executionStatus: 'OPEN',
        cancelRequested: false,
      },
      executionConfiguration: {
        taskStartToCloseTimeout: '10',
        executionStartToCloseTimeout: '60',
        taskList: { name: 'tl' },
        childPolicy: 'TERMINATE',
      },
      openCounts: {
        openActivityTasks: 0,
        openDecisionTasks: 1,
        openTimers: 0,
        openChildWorkflowExecutions: 0,
      },
    }));
    const client = createSdkClient(endpoint);
    const output = await client.send(
      new DescribeWorkflowExecutionCommand({ domain: 'd', execution: { workflowId: 'w', runId: 'r' } }),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.operation).toBe('DescribeWorkflowExecution');
    expect(calls[0]?.input).toEqual({ domain: 'd', execution: { workflowId: 'w', runId: 'r' } });
    expect(output.executionInfo?.startTimestamp).toBeInstanceOf(Date);
    expect(output.executionInfo?.startTimestamp?.getTime()).toBe(started.getTime());
    expect(output.openCounts?.openDecisionTasks).toBe(1);
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(output.$metadata.requestId).toBe('00000000-0000-4000-8000-000000000001');
    expect(output.$metadata.attempts).toBe(1);
  });

  it('delivers input timestamps to the endpoint as Dates', async () => {
    const { endpoint, calls } = fakeEndpoint(() => ({ executionInfos: [] }));
    const client = createSdkClient(endpoint);
    const oldest = new Date(1700000000123);
    const latest = new Date(1700000999000);
    await client.send(
      new ListOpenWorkflowExecutionsCommand({
        domain: 'd',
        startTimeFilter: { oldestDate: oldest, latestDate: latest },
      }),
    );
    const input = calls[0]?.input as { startTimeFilter: { oldestDate: unknown; latestDate: unknown } };
    expect(input.startTimeFilter.oldestDate).toBeInstanceOf(Date);
    expect(input.startTimeFilter.oldestDate).toEqual(oldest);
    expect(input.startTimeFilter.latestDate).toEqual(latest);
  });

  it('turns an UnknownResourceFault into the SDK’s own exception class', async () => {
    const { endpoint } = fakeEndpoint(() => {
      throw new SwfFault('UnknownResourceFault', 'Unknown domain: x');
    });
    const client = createSdkClient(endpoint);
    const error = await rejectionOf(client.send(new DescribeDomainCommand({ name: 'x' })));
    expect(error).toBeInstanceOf(UnknownResourceFault);
    expect(error).toBeInstanceOf(SWFServiceException);
    expect(error.name).toBe('UnknownResourceFault');
    expect(error.message).toBe('Unknown domain: x');
    const fault = error as UnknownResourceFault;
    expect(fault.$fault).toBe('client');
    expect(fault.$metadata.httpStatusCode).toBe(400);
    expect(fault.$metadata.requestId).toBe('00000000-0000-4000-8000-000000000001');
  });

  it('delivers a ValidationException by name and message', async () => {
    const message =
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null";
    const { endpoint } = fakeEndpoint(() => Promise.reject(new SwfFault('ValidationException', message)));
    const error = await rejectionOf(createSdkClient(endpoint).send(new DescribeDomainCommand({ name: 'x' })));
    expect(error).toBeInstanceOf(SWFServiceException);
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(message);
  });

  it('turns an unexpected error into a 500 InternalFailure without leaking it', async () => {
    const { endpoint } = fakeEndpoint(() => {
      throw new Error('internal detail that must not leak');
    });
    const error = await rejectionOf(createSdkClient(endpoint).send(new DescribeDomainCommand({ name: 'x' })));
    expect(error).toBeInstanceOf(SWFServiceException);
    expect(error.name).toBe('InternalFailure');
    expect(error.message).not.toContain('internal detail');
    const serviceError = error as SWFServiceException;
    expect(serviceError.$fault).toBe('server');
    expect(serviceError.$metadata.httpStatusCode).toBe(500);
    expect(serviceError.$metadata.attempts).toBe(1);
  });

  it('accepts the empty body of a void operation', async () => {
    const { endpoint, calls } = fakeEndpoint(() => undefined);
    const output = await createSdkClient(endpoint).send(
      new RegisterDomainCommand({ name: 'd', workflowExecutionRetentionPeriodInDays: '1' }),
    );
    expect(calls[0]?.operation).toBe('RegisterDomain');
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(Object.keys(output)).toEqual(['$metadata']);
  });

  it('rejects an aborted long poll with AbortError and aborts the signal the endpoint saw', async () => {
    const { endpoint, calls, parked } = parkingEndpoint();
    const client = createSdkClient(endpoint);
    const controller = new AbortController();
    const poll = client.send(new PollForDecisionTaskCommand({ domain: 'd', taskList: { name: 'tl' } }), {
      abortSignal: controller.signal,
    });
    await parked;
    const signal = calls[0]?.context?.signal;
    expect(signal?.aborted).toBe(false);
    controller.abort();
    const error = await rejectionOf(poll);
    expect(error.name).toBe('AbortError');
    expect(signal?.aborted).toBe(true);
  });

  it('does not call the endpoint when the signal is already aborted', async () => {
    const { endpoint, calls } = fakeEndpoint();
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(
      createSdkClient(endpoint).send(new DescribeDomainCommand({ name: 'x' }), {
        abortSignal: controller.signal,
      }),
    );
    expect(error.name).toBe('AbortError');
    expect(calls).toHaveLength(0);
  });

  it('releases parked calls when the client is destroyed', async () => {
    const { endpoint, calls, parked } = parkingEndpoint();
    const client = createSdkClient(endpoint);
    const poll = client.send(new PollForDecisionTaskCommand({ domain: 'd', taskList: { name: 'tl' } }));
    await parked;
    client.destroy();
    const error = await rejectionOf(poll);
    expect(error.name).toBe('AbortError');
    expect(calls[0]?.context?.signal?.aborted).toBe(true);
  });

  it('releases a dozen parked polls on destroy without a leak warning, and polls again afterwards', async () => {
    const { endpoint, calls } = parkingEndpoint();
    const client = createSdkClient(endpoint);
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const poll = () =>
        client.send(new PollForDecisionTaskCommand({ domain: 'd', taskList: { name: 'tl' } }));
      const polls = Array.from({ length: 12 }, poll);
      await vi.waitFor(() => expect(calls).toHaveLength(12));
      client.destroy();
      const errors = await Promise.all(polls.map(rejectionOf));
      expect(errors.map((e) => e.name)).toEqual(Array(12).fill('AbortError'));
      const later = poll();
      await vi.waitFor(() => expect(calls).toHaveLength(13));
      expect(calls[12]?.context?.signal?.aborted).toBe(false);
      client.destroy();
      expect((await rejectionOf(later)).name).toBe('AbortError');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('InProcessHttpHandler', () => {
  it('answers with a Uint8Array body, lower-case headers and sequential request ids', async () => {
    const { endpoint } = fakeEndpoint((operation) =>
      operation === 'ListDomains' ? { domainInfos: [] } : undefined,
    );
    const handler = new InProcessHttpHandler(endpoint);
    const first = await handler.handle(rawRequest('SimpleWorkflowService.ListDomains', '{}'));
    const second = await handler.handle(
      rawRequest('SimpleWorkflowService.RegisterDomain', new TextEncoder().encode('{"name":"d"}')),
    );
    expect(first.response.statusCode).toBe(200);
    expect(first.response.body).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(first.response.body as Uint8Array)).toBe('{"domainInfos":[]}');
    expect(first.response.headers).toEqual({
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': '00000000-0000-4000-8000-000000000001',
    });
    expect((second.response.body as Uint8Array).byteLength).toBe(0);
    expect(second.response.headers['x-amzn-requestid']).toBe('00000000-0000-4000-8000-000000000002');
  });

  it('decodes a body that is a view into a larger buffer', async () => {
    const { endpoint, calls } = fakeEndpoint();
    const bytes = new TextEncoder().encode('xx{"name":"d"}yy');
    await new InProcessHttpHandler(endpoint).handle(
      rawRequest('SimpleWorkflowService.DescribeDomain', bytes.subarray(2, bytes.length - 2)),
    );
    expect(calls[0]?.input).toEqual({ name: 'd' });
  });

  it('exposes the HttpHandler housekeeping members', () => {
    const handler = new InProcessHttpHandler(fakeEndpoint().endpoint);
    expect(handler.metadata).toEqual({ handlerProtocol: 'in-process' });
    handler.updateHttpClientConfig('requestTimeout', 5);
    expect(handler.httpHandlerConfigs()).toEqual({ requestTimeout: 5 });
    handler.destroy();
  });
});
