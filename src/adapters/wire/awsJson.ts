import { SwfFault } from '../../sim/faults/SwfFault.js';
import type { CallContext, SwfEndpoint } from '../../sim/service/SwfEndpoint.js';
import { isOperationName, type OperationName } from '../../sim/service/operations.js';

export { isOperationName };

/** The content type of AWS JSON 1.0, which the SDKs send and expect. @public */
export const AWS_JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';

/** The `X-Amz-Target` prefix SWF's model declares. @public */
export const SWF_TARGET_PREFIX = 'SimpleWorkflowService';

/** An HTTP request as the codec sees it; transport details stay with the adapter. @public */
export interface WireRequest {
  readonly method: string;
  readonly path: string;
  /** Header names are matched case-insensitively. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** An HTTP response ready for an adapter to send (or hand to the SDK). @public */
export interface WireResponse {
  statusCode: number;
  /** Lower-case header names, the way the SDK's deserializers look them up. */
  headers: Record<string, string>;
  body: string;
}

/** A decoded request: the operation to run and its JSON input, timestamps already `Date`s. @public */
export interface DecodedRequest {
  operation: OperationName;
  input: unknown;
}

/**
 * Input members that the model types as `timestamp`, per operation (swf-constraints.json): all are
 * the `oldestDate`/`latestDate` of an `ExecutionTimeFilter`. Kept as a table so decoding touches
 * only these paths instead of walking every input.
 */
const TIME_FILTER_MEMBERS: Partial<Record<OperationName, readonly string[]>> = {
  CountClosedWorkflowExecutions: ['startTimeFilter', 'closeTimeFilter'],
  CountOpenWorkflowExecutions: ['startTimeFilter'],
  ListClosedWorkflowExecutions: ['startTimeFilter', 'closeTimeFilter'],
  ListOpenWorkflowExecutions: ['startTimeFilter'],
};
const TIME_FILTER_DATES = ['oldestDate', 'latestDate'] as const;

/**
 * Deepest JSON nesting a request body may have (arrays and objects, the body itself being level
 * 1). Jackson, the JSON parser of Coral's Java stack, refuses documents deeper than 1000 by default;
 * SWF's own inputs nest at most 5 deep. Checked before parsing, so a body of a million brackets
 * costs a scan, not a parse.
 * @public
 */
export const MAX_NESTING_DEPTH = 1000;

/** Whether the JSON text `body` opens more than `max` arrays or objects inside each other. */
function nestsDeeperThan(body: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: to the next quote not escaped by an odd run of backslashes.
      for (;;) {
        i = body.indexOf('"', i + 1);
        if (i < 0) return false; // unterminated: JSON.parse reports it
        let backslashes = 0;
        while (body.charCodeAt(i - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

const INTERNAL_FAILURE_MESSAGE =
  'The request processing has failed because of an unknown error, exception or failure.';

/** Case-insensitive header lookup; the exact lower-case key is tried first as the common case. @internal */
export function header(
  headers: Readonly<Record<string, string | undefined>>,
  lowerName: string,
): string | undefined {
  const direct = headers[lowerName];
  if (direct !== undefined) return direct;
  for (const key in headers) {
    if (key.toLowerCase() === lowerName) return headers[key];
  }
  return undefined;
}

/**
 * The operation named by an `X-Amz-Target` value, or `undefined`. Routes on the text after the last
 * `.` so both `SimpleWorkflowService.Op` and boto 2's
 * `com.amazonaws.swf.service.model.SimpleWorkflowService.Op` work; the segment before it must be
 * `SimpleWorkflowService`.
 * @public
 */
export function operationFromTarget(target: string | undefined): OperationName | undefined {
  if (target === undefined) return undefined;
  const dot = target.lastIndexOf('.');
  if (dot < 0) return undefined;
  const prefix = target.slice(0, dot);
  if (prefix !== SWF_TARGET_PREFIX && !prefix.endsWith(`.${SWF_TARGET_PREFIX}`)) return undefined;
  const operation = target.slice(dot + 1);
  return isOperationName(operation) ? operation : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns epoch-second numbers at the model's timestamp paths into `Date`s, in place. */
function reviveTimestamps(operation: OperationName, input: Record<string, unknown>): void {
  const filters = TIME_FILTER_MEMBERS[operation];
  if (filters === undefined) return;
  for (const filterName of filters) {
    const filter = input[filterName];
    // A non-object filter is a type error the endpoint's validation reports.
    if (!isPlainObject(filter)) continue;
    for (const dateName of TIME_FILTER_DATES) {
      const value = filter[dateName];
      // null counts as absent, like every other member; required-ness is validated downstream.
      if (value === undefined || value === null) continue;
      if (typeof value !== 'number') {
        throw new SwfFault(
          'SerializationException',
          `Expected a timestamp (epoch seconds) at '${filterName}.${dateName}' but found ${JSON.stringify(value)}`,
        );
      }
      // Same rounding as the SDK's parseEpochTimestamp, so fractional seconds survive exactly.
      filter[dateName] = new Date(Math.round(value * 1000));
    }
  }
}

/**
 * Decodes an AWS JSON 1.0 request. An empty body means `{}`. Method and path are not checked here
 * (that is the HTTP server's concern).
 * @throws SwfFault `UnknownOperationException` for a missing or unknown `X-Amz-Target`,
 *   `SerializationException` for malformed JSON, a body nested deeper than
 *   {@link MAX_NESTING_DEPTH}, a body that is not a JSON object, or a timestamp member that is not
 *   a number.
 * @public
 */
export function decodeRequest(request: WireRequest): DecodedRequest {
  const target = header(request.headers, 'x-amz-target');
  const operation = operationFromTarget(target);
  if (operation === undefined) {
    throw new SwfFault(
      'UnknownOperationException',
      target === undefined ? 'Missing X-Amz-Target header' : `Unknown operation ${target}`,
    );
  }
  const { body } = request;
  if (body.length === 0) return { operation, input: {} };
  // A body of at most MAX_NESTING_DEPTH characters cannot open more brackets than that: no scan.
  if (body.length > MAX_NESTING_DEPTH && nestsDeeperThan(body, MAX_NESTING_DEPTH)) {
    throw new SwfFault(
      'SerializationException',
      `Request body nests arrays and objects deeper than ${MAX_NESTING_DEPTH} levels`,
    );
  }
  let input: unknown;
  try {
    input = JSON.parse(body);
  } catch {
    if (body.trim().length === 0) return { operation, input: {} };
    throw new SwfFault('SerializationException', 'Malformed JSON in request body');
  }
  if (!isPlainObject(input)) {
    throw new SwfFault('SerializationException', 'Request body must be a JSON object');
  }
  reviveTimestamps(operation, input);
  return { operation, input };
}

/** The real `Date.prototype`, which every Date inherits from, even under fake timers' `Date`. */
const datePrototype = Date.prototype;
const isoToJSON = datePrototype.toJSON; // eslint-disable-line @typescript-eslint/unbound-method

function epochSecondsToJSON(this: Date): number {
  return this.getTime() / 1000;
}

/**
 * JSON with every Date as epoch seconds. A replacer function would do it but triples the cost of
 * encoding a history (it runs for every key); swapping `Date.prototype.toJSON` for the duration of
 * this synchronous call does it natively. Only our own output objects are serialized here.
 * @internal
 */
export function stringifyWithEpochDates(output: unknown): string {
  datePrototype.toJSON = epochSecondsToJSON as unknown as typeof isoToJSON;
  try {
    return JSON.stringify(output);
  } finally {
    datePrototype.toJSON = isoToJSON;
  }
}

function baseHeaders(requestId: string, contentType: string): Record<string, string> {
  return { 'content-type': contentType, 'x-amzn-requestid': requestId };
}

/**
 * Encodes a successful result: HTTP 200, `Date`s as epoch seconds with millisecond fraction,
 * `undefined` members omitted, and an empty body for `undefined` output (SWF's void operations).
 * @param contentType - response content type; SWF mirrors `application/json` for boto-style requests.
 * @public
 */
export function encodeResult(
  output: unknown,
  requestId: string,
  contentType: string = AWS_JSON_CONTENT_TYPE,
): WireResponse {
  const body = output === undefined ? '' : stringifyWithEpochDates(output);

  return { statusCode: 200, headers: baseHeaders(requestId, contentType), body };
}

/**
 * Encodes a fault as SWF does: `fault.httpStatus`, body `{"__type", "message"}`, and the short name
 * in `x-amzn-errortype` (which some SDKs read before the body).
 * @public
 */
export function encodeFault(
  fault: SwfFault,
  requestId: string,
  contentType: string = AWS_JSON_CONTENT_TYPE,
): WireResponse {
  const headers = baseHeaders(requestId, contentType);
  headers['x-amzn-errortype'] = fault.name;
  return {
    statusCode: fault.httpStatus,
    headers,
    body: JSON.stringify({ __type: fault.wireType, message: fault.message }),
  };
}

/**
 * The fault to put on the wire for anything a call threw: an `SwfFault` as is, anything else as an
 * `InternalFailure` with a generic message (the original error is kept as `cause` for debugging but
 * never serialized, so no stack traces or internals leak).
 * @public
 */
export function toWireFault(error: unknown): SwfFault {
  if (error instanceof SwfFault) return error;
  const internal = new SwfFault('InternalFailure', INTERNAL_FAILURE_MESSAGE);
  internal.cause = error;
  return internal;
}

/** SWF answers `application/json` requests (boto 2) with `application/json`, everything else with AWS JSON. */
function responseContentType(request: WireRequest): string {
  const requestType = header(request.headers, 'content-type');
  return requestType !== undefined && requestType.startsWith('application/json')
    ? 'application/json'
    : AWS_JSON_CONTENT_TYPE;
}

/**
 * Called with what made a request fail with a 5xx (a bug, or an operation not simulated): the
 * operation (`undefined` before the request was decoded) and the error. @public
 */
export type InternalFailureListener = (operation: string | undefined, error: unknown) => void;

/**
 * Decodes `request`, dispatches it to `endpoint` and encodes the outcome. Never rejects: every
 * failure becomes a fault response; a 5xx one is also reported to `onInternalFailure`.
 * @public
 */
export async function handleWireRequest(
  endpoint: SwfEndpoint,
  request: WireRequest,
  requestId: string,
  context?: CallContext,
  onInternalFailure?: InternalFailureListener,
): Promise<WireResponse> {
  let contentType = AWS_JSON_CONTENT_TYPE;
  let operation: string | undefined;
  try {
    contentType = responseContentType(request);
    const decoded = decodeRequest(request);
    operation = decoded.operation;
    const output = await endpoint.dispatch(decoded.operation, decoded.input, context);
    return encodeResult(output, requestId, contentType);
  } catch (error) {
    const fault = toWireFault(error);
    if (fault.httpStatus >= 500) onInternalFailure?.(operation, error);
    return encodeFault(fault, requestId, contentType);
  }
}
