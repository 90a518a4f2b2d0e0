import { describe, expect, it } from 'vitest';
import {
  AWS_JSON_CONTENT_TYPE,
  decodeRequest,
  encodeFault,
  encodeResult,
  handleWireRequest,
  isOperationName,
  MAX_NESTING_DEPTH,
  operationFromTarget,
  toWireFault,
  type WireRequest,
} from '../../../../src/adapters/wire/awsJson.js';
import { SwfFault } from '../../../../src/sim/faults/SwfFault.js';
import type { CallContext, SwfEndpoint } from '../../../../src/sim/service/SwfEndpoint.js';

function request(
  target: string | undefined,
  body: string,
  extraHeaders: Record<string, string> = {},
): WireRequest {
  const headers: Record<string, string | undefined> = {
    'content-type': AWS_JSON_CONTENT_TYPE,
    ...extraHeaders,
  };
  if (target !== undefined) headers['x-amz-target'] = target;
  return { method: 'POST', path: '/', headers, body };
}

function faultOf(action: () => unknown): SwfFault {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(SwfFault);
    return error as SwfFault;
  }
  throw new Error('expected a fault');
}

describe('decodeRequest', () => {
  it('routes the SDK-style target', () => {
    const decoded = decodeRequest(request('SimpleWorkflowService.DescribeDomain', '{"name":"d"}'));
    expect(decoded).toEqual({ operation: 'DescribeDomain', input: { name: 'd' } });
  });

  it('routes the boto 2 target and looks headers up case-insensitively', () => {
    const decoded = decodeRequest({
      method: 'POST',
      path: '/',
      headers: {
        'X-Amz-Target': 'com.amazonaws.swf.service.model.SimpleWorkflowService.PollForDecisionTask',
        'Content-Type': 'application/json; charset=UTF-8',
      },
      body: '{"domain":"d","taskList":{"name":"tl"}}',
    });
    expect(decoded.operation).toBe('PollForDecisionTask');
    expect(decoded.input).toEqual({ domain: 'd', taskList: { name: 'tl' } });
  });

  it('treats an empty (or blank) body as {}', () => {
    expect(decodeRequest(request('SimpleWorkflowService.ListDomains', '')).input).toEqual({});
    expect(decodeRequest(request('SimpleWorkflowService.ListDomains', ' \n')).input).toEqual({});
  });

  it('rejects malformed JSON and non-object bodies with SerializationException', () => {
    for (const body of ['{"name":', '[]', 'null', '"x"', '42']) {
      const fault = faultOf(() => decodeRequest(request('SimpleWorkflowService.DescribeDomain', body)));
      expect(fault.name).toBe('SerializationException');
      expect(fault.wireType).toBe('com.amazon.coral.service#SerializationException');
    }
  });

  it(`refuses a body nested deeper than ${MAX_NESTING_DEPTH} levels before parsing it`, () => {
    const target = 'SimpleWorkflowService.DescribeDomain';
    const nestedBody = (depth: number) => `{"name":"d","x":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    expect(decodeRequest(request(target, nestedBody(MAX_NESTING_DEPTH))).operation).toBe('DescribeDomain');
    const fault = faultOf(() => decodeRequest(request(target, nestedBody(MAX_NESTING_DEPTH + 1))));
    expect(fault.name).toBe('SerializationException');
    expect(fault.message).toBe(
      `Request body nests arrays and objects deeper than ${MAX_NESTING_DEPTH} levels`,
    );
    // Brackets inside strings do not count, also after escaped quotes and backslashes.
    const inStrings = `{"name":"${'[{'.repeat(2000)}\\\\","x":"\\\\\\"${'['.repeat(2000)}"}`;
    expect(decodeRequest(request(target, inStrings)).input).toEqual({
      name: `${'[{'.repeat(2000)}\\`,
      x: `\\"${'['.repeat(2000)}`,
    });
  });

  it('rejects a missing, unknown or foreign target with UnknownOperationException', () => {
    for (const target of [
      undefined,
      'SimpleWorkflowService.DescribeTable',
      'DynamoDB_20120810.DescribeDomain',
      'DescribeDomain',
      'SimpleWorkflowService.',
    ]) {
      const fault = faultOf(() => decodeRequest(request(target, '{}')));
      expect(fault.name).toBe('UnknownOperationException');
      expect(fault.httpStatus).toBe(400);
    }
  });

  it('checks the target before the body', () => {
    const fault = faultOf(() => decodeRequest(request('SimpleWorkflowService.Nope', '{')));
    expect(fault.name).toBe('UnknownOperationException');
  });

  it('turns epoch-second timestamps into Dates at the modelled paths only', () => {
    const decoded = decodeRequest(
      request(
        'SimpleWorkflowService.CountClosedWorkflowExecutions',
        JSON.stringify({
          domain: 'd',
          startTimeFilter: { oldestDate: 1.700000000123e9, latestDate: 1700000100 },
          closeTimeFilter: { oldestDate: 1325376070 },
          tagFilter: { tag: 'x' },
        }),
      ),
    );
    const input = decoded.input as {
      startTimeFilter: { oldestDate: Date; latestDate: Date };
      closeTimeFilter: { oldestDate: Date; latestDate?: unknown };
      tagFilter: unknown;
    };
    expect(input.startTimeFilter.oldestDate).toEqual(new Date(1700000000123));
    expect(input.startTimeFilter.latestDate).toEqual(new Date(1700000100000));
    expect(input.closeTimeFilter.oldestDate).toEqual(new Date(1325376070000));
    expect('latestDate' in input.closeTimeFilter).toBe(false);
    expect(input.tagFilter).toEqual({ tag: 'x' });

    // Open-execution calls have no closeTimeFilter in the model: left as sent for validation to judge.
    const open = decodeRequest(
      request(
        'SimpleWorkflowService.ListOpenWorkflowExecutions',
        '{"domain":"d","startTimeFilter":{"oldestDate":0},"closeTimeFilter":{"oldestDate":5}}',
      ),
    ).input as { startTimeFilter: { oldestDate: unknown }; closeTimeFilter: { oldestDate: unknown } };
    expect(open.startTimeFilter.oldestDate).toEqual(new Date(0));
    expect(open.closeTimeFilter.oldestDate).toBe(5);
  });

  it('leaves null and non-object filters to validation, rejects non-numeric timestamps', () => {
    const decoded = decodeRequest(
      request(
        'SimpleWorkflowService.ListClosedWorkflowExecutions',
        '{"domain":"d","startTimeFilter":{"oldestDate":null},"closeTimeFilter":"x"}',
      ),
    ).input as { startTimeFilter: { oldestDate: unknown }; closeTimeFilter: unknown };
    expect(decoded.startTimeFilter.oldestDate).toBeNull();
    expect(decoded.closeTimeFilter).toBe('x');

    const fault = faultOf(() =>
      decodeRequest(
        request(
          'SimpleWorkflowService.ListOpenWorkflowExecutions',
          '{"domain":"d","startTimeFilter":{"oldestDate":"2023-01-01T00:00:00Z"}}',
        ),
      ),
    );
    expect(fault.name).toBe('SerializationException');
    expect(fault.message).toContain('startTimeFilter.oldestDate');
  });
});

describe('operationFromTarget / isOperationName', () => {
  it('accepts exactly the 39 SWF operations', () => {
    expect(operationFromTarget('SimpleWorkflowService.RespondDecisionTaskCompleted')).toBe(
      'RespondDecisionTaskCompleted',
    );
    expect(operationFromTarget('SimpleWorkflowService.respondDecisionTaskCompleted')).toBeUndefined();
    expect(operationFromTarget('NotSimpleWorkflowService.ListDomains')).toBeUndefined();
    expect(isOperationName('TagResource')).toBe(true);
    expect(isOperationName('toString')).toBe(false);
  });
});

describe('encodeResult', () => {
  it('writes Dates anywhere as epoch seconds with millisecond precision and omits undefined', () => {
    const response = encodeResult(
      {
        executionInfo: { startTimestamp: new Date(1381095173254), closeTimestamp: undefined, tagList: ['a'] },
        events: [{ eventTimestamp: new Date(1786560427599), eventId: 1 }],
        label: '2020-01-01T00:00:00.000Z',
      },
      'req-1',
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ 'content-type': AWS_JSON_CONTENT_TYPE, 'x-amzn-requestid': 'req-1' });
    expect(response.body).toBe(
      '{"executionInfo":{"startTimestamp":1381095173.254,"tagList":["a"]},' +
        '"events":[{"eventTimestamp":1786560427.599,"eventId":1}],"label":"2020-01-01T00:00:00.000Z"}',
    );
    // Whole seconds stay integers; the number parses back to the same millisecond.
    expect(encodeResult({ t: new Date(1700000000000) }, 'r').body).toBe('{"t":1700000000}');
  });

  it('leaves Date.prototype.toJSON as it found it, also when encoding throws', () => {
    const original = Date.prototype.toJSON; // eslint-disable-line @typescript-eslint/unbound-method
    encodeResult({ at: new Date(0) }, 'r');
    const cyclic: Record<string, unknown> = { at: new Date(0) };
    cyclic.self = cyclic;
    expect(() => encodeResult(cyclic, 'r')).toThrow();
    expect(Date.prototype.toJSON).toBe(original); // eslint-disable-line @typescript-eslint/unbound-method
    expect(JSON.stringify(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
  });

  it('answers void operations with an empty body', () => {
    const response = encodeResult(undefined, 'req-2');
    expect(response).toEqual({
      statusCode: 200,
      headers: { 'content-type': AWS_JSON_CONTENT_TYPE, 'x-amzn-requestid': 'req-2' },
      body: '',
    });
  });
});

describe('encodeFault / toWireFault', () => {
  it('writes a modelled fault as HTTP 400 {__type, message} with x-amzn-errortype', () => {
    const response = encodeFault(new SwfFault('UnknownResourceFault', 'Unknown domain: x'), 'req-3');
    expect(response.statusCode).toBe(400);
    expect(response.headers).toEqual({
      'content-type': AWS_JSON_CONTENT_TYPE,
      'x-amzn-requestid': 'req-3',
      'x-amzn-errortype': 'UnknownResourceFault',
    });
    expect(JSON.parse(response.body)).toEqual({
      __type: 'com.amazonaws.swf.base.model#UnknownResourceFault',
      message: 'Unknown domain: x',
    });
  });

  it('passes SwfFaults through and hides anything else behind a 500 InternalFailure', () => {
    const original = new SwfFault('ValidationException', 'bad');
    expect(toWireFault(original)).toBe(original);

    const secret = new TypeError('cannot read properties of undefined (secret internals)');
    const wire = toWireFault(secret);
    expect(wire.name).toBe('InternalFailure');
    expect(wire.httpStatus).toBe(500);
    expect(wire.cause).toBe(secret);
    const response = encodeFault(wire, 'req-4');
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
    expect(response.body).not.toContain('at ');
    expect(JSON.parse(response.body)).toMatchObject({ __type: 'com.amazon.coral.service#InternalFailure' });

    expect(toWireFault('a string').name).toBe('InternalFailure');
  });
});

describe('handleWireRequest', () => {
  const target = 'SimpleWorkflowService.DescribeDomain';

  it('dispatches the decoded input with the context and encodes the output', async () => {
    const seen: { operation: string; input: unknown; context: CallContext | undefined }[] = [];
    const endpoint: SwfEndpoint = {
      dispatch(operation, input, context) {
        seen.push({ operation, input, context });
        return Promise.resolve({ domainInfo: { name: 'd', status: 'REGISTERED' } });
      },
    };
    const context: CallContext = { signal: new AbortController().signal };
    const response = await handleWireRequest(endpoint, request(target, '{"name":"d"}'), 'req-5', context);
    expect(seen).toEqual([{ operation: 'DescribeDomain', input: { name: 'd' }, context }]);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ domainInfo: { name: 'd', status: 'REGISTERED' } });
  });

  it('never rejects: decode failures, faults, plain errors and sync throws become responses', async () => {
    const rejectsFault: SwfEndpoint = {
      dispatch: () => Promise.reject(new SwfFault('UnknownResourceFault', 'Unknown domain: x')),
    };
    const rejectsError: SwfEndpoint = { dispatch: () => Promise.reject(new Error('boom')) };
    const throwsSync: SwfEndpoint = {
      dispatch: () => {
        throw new Error('sync boom');
      },
    };
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const unserializable: SwfEndpoint = { dispatch: () => Promise.resolve(cyclic) };

    const malformed = await handleWireRequest(rejectsFault, request(target, '{'), 'r');
    expect([malformed.statusCode, malformed.headers['x-amzn-errortype']]).toEqual([
      400,
      'SerializationException',
    ]);
    const unknown = await handleWireRequest(rejectsFault, request(target, '{}'), 'r');
    expect([unknown.statusCode, unknown.headers['x-amzn-errortype']]).toEqual([400, 'UnknownResourceFault']);
    for (const endpoint of [rejectsError, throwsSync, unserializable]) {
      const response = await handleWireRequest(endpoint, request(target, '{}'), 'r');
      expect([response.statusCode, response.headers['x-amzn-errortype']]).toEqual([500, 'InternalFailure']);
      expect(response.body).not.toContain('boom');
    }
  });

  it('mirrors application/json for boto 2 style requests', async () => {
    const endpoint: SwfEndpoint = { dispatch: () => Promise.resolve(undefined) };
    const response = await handleWireRequest(
      endpoint,
      request('com.amazonaws.swf.service.model.SimpleWorkflowService.RegisterDomain', '{}', {
        'content-type': 'application/json; charset=UTF-8',
      }),
      'r',
    );
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toBe('');
  });
});
