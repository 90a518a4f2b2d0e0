import { describe, expect, it } from 'vitest';
import { assertHistory } from '../../src/sim/check/assertHistory.js';
import { InvariantViolationError } from '../../src/sim/check/InvariantViolationError.js';
import { isNewestFirst, toAscending } from '../../src/sim/check/toAscending.js';
import { attrs } from './corrupt.js';
import { ascending, loadRecorded } from './recorded.js';

const BASIC = 'botify-labs_simpleflow__dumps_workflow_execution_basic.json';

describe('assertHistory', () => {
  it('returns quietly for a history that holds', () => {
    expect(() => assertHistory(ascending(BASIC))).not.toThrow();
  });

  it('throws an InvariantViolationError that lists the violations as data and as text', () => {
    const events = ascending(BASIC);
    attrs(events, 7).scheduledEventId = 4;
    let thrown: unknown;
    try {
      assertHistory(events, { subject: 'History of basic' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvariantViolationError);
    const error = thrown as InvariantViolationError;
    expect(error.name).toBe('InvariantViolationError');
    expect(error.violations).toEqual([
      {
        invariant: 'referencesValid',
        eventIds: [7, 4],
        message:
          'Event 7 (ActivityTaskCompleted) has scheduledEventId 4, which is a DecisionTaskCompleted, not an ActivityTaskScheduled.',
      },
    ]);
    expect(error.message).toBe(
      'History of basic breaks 1 SWF invariant:\n  [referencesValid] Event 7 (ActivityTaskCompleted) has scheduledEventId 4, which is a DecisionTaskCompleted, not an ActivityTaskScheduled.',
    );
  });
});

describe('toAscending', () => {
  it('reverses a strictly newest-first history and leaves others as they are', () => {
    const newestFirst = loadRecorded('aws_apiref_2012__GetWorkflowExecutionHistory_example.json').events;
    expect(isNewestFirst(newestFirst)).toBe(true);
    expect(toAscending(newestFirst).map((e) => e.eventId)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const oldestFirst = ascending(BASIC);
    expect(toAscending(oldestFirst)).toBe(oldestFirst);
    const shuffled = [oldestFirst[2], oldestFirst[0], oldestFirst[1]].filter((e) => e !== undefined);
    expect(toAscending(shuffled)).toBe(shuffled);
  });
});
