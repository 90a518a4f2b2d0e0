/**
 * When SWF_SIM_API_COVERAGE names a directory, records which operations, decisions, event types
 * and failure causes each test makes the service exercise, and writes them there per test file.
 * `node scripts/api-coverage.mjs` runs the suite that way and writes docs/api-coverage.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Decision } from '@aws-sdk/client-swf';
import { afterAll, expect } from 'vitest';
import { attributesOf } from '../../src/sim/history/appendEvent.js';
import { ServiceState } from '../../src/sim/service/ServiceState.js';
import { SwfService } from '../../src/sim/service/SwfService.js';

const dir = process.env.SWF_SIM_API_COVERAGE;

if (dir !== undefined) {
  const seen = new Map<string, Set<string>>();
  const note = (item: string): void => {
    const test = expect.getState().currentTestName ?? '(outside a test)';
    let items = seen.get(test);
    if (items === undefined) seen.set(test, (items = new Set()));
    items.add(item);
  };

  // Wrapping prototype methods on purpose: the originals are called with the right `this` below.
  /* eslint-disable @typescript-eslint/unbound-method */
  const call = SwfService.prototype.call as (this: SwfService, ...args: unknown[]) => unknown;
  SwfService.prototype.call = function (
    this: SwfService,
    operation: string,
    input: unknown,
    context: unknown,
  ) {
    note(`operation:${operation}`);
    const decisions = (input as { decisions?: unknown } | undefined)?.decisions;
    // Hostile tests send anything here: only a list of decisions is noted (the service refuses the rest).
    if (operation === 'RespondDecisionTaskCompleted' && Array.isArray(decisions)) {
      for (const decision of decisions as (Decision | null)[]) {
        note(`decision:${String(decision?.decisionType)}`);
      }
    }
    return call.call(this, operation, input, context);
  } as typeof SwfService.prototype.call;

  const append = ServiceState.prototype.append;
  ServiceState.prototype.append = function (this: ServiceState, execution, type, attributes) {
    const event = append.call(this, execution, type, attributes);
    note(`event:${type}`);
    const cause = attributesOf(event).cause;
    if (typeof cause === 'string') note(`cause:${type}:${cause}`);
    return event;
  };
  /* eslint-enable @typescript-eslint/unbound-method */

  afterAll(() => {
    mkdirSync(dir, { recursive: true });
    const file = expect.getState().testPath ?? 'unknown';
    const record = Object.fromEntries([...seen].map(([test, items]) => [test, [...items].sort()]));
    writeFileSync(join(dir, `${file.replace(/[^a-zA-Z0-9]+/g, '_')}.json`), JSON.stringify({ file, record }));
  });
}
