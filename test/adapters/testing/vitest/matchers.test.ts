import { describe, expect, it } from 'vitest';
import { swfMatchers } from '../../../../src/adapters/testing/vitest/matchers.js';
import { attrs, truncateAfter } from '../../../check/corrupt.js';
import { ascending, loadRecorded } from '../../../check/recorded.js';

expect.extend(swfMatchers);

const COMPLETED = 'botify-labs_simpleflow__dumps_workflow_execution_basic.json';
const FAILED = 'botify-labs_simpleflow__test_failing_activity__063c3b.json';
const AWS_NEWEST_FIRST = 'aws_devguide__workflow_history_example.json';

describe('vitest matchers: toSatisfySwfInvariants', () => {
  it('passes on a real history', () => {
    expect(ascending(COMPLETED)).toSatisfySwfInvariants();
  });

  it('reads a newest-first history oldest-first', () => {
    expect(loadRecorded(AWS_NEWEST_FIRST).events).toSatisfySwfInvariants();
  });

  it('fails naming the invariant and the events', () => {
    const events = ascending(COMPLETED);
    attrs(events, 7).scheduledEventId = 4;
    expect(events).not.toSatisfySwfInvariants();
    expect(() => expect(events).toSatisfySwfInvariants()).toThrow(
      /\[referencesValid\] Event 7 \(ActivityTaskCompleted\) has scheduledEventId 4/,
    );
  });

  it('passes options through to checkHistory', () => {
    const idle = truncateAfter(ascending('botify-labs_simpleflow__test_timer_and_cancel__2f571a.json'), 11);
    expect(idle).not.toSatisfySwfInvariants();
    expect(idle).toSatisfySwfInvariants({ ignore: ['noIdleOpenExecution'] });
  });

  it('says so when given something that is not a history', () => {
    expect(() => expect({ events: [] }).toSatisfySwfInvariants()).toThrow(/expected a history/);
  });
});

describe('vitest matchers: toHaveClosedWith', () => {
  it('matches the close status and a subset of the close attributes', () => {
    expect(ascending(COMPLETED)).toHaveClosedWith('COMPLETED');
    expect(ascending(COMPLETED)).toHaveClosedWith('COMPLETED', { decisionTaskCompletedEventId: 22 });
    expect(ascending(FAILED)).toHaveClosedWith('FAILED', {
      reason: expect.stringContaining('Cannot replay'),
    });
    expect(loadRecorded(AWS_NEWEST_FIRST).events).toHaveClosedWith('TIMED_OUT', {
      timeoutType: 'START_TO_CLOSE',
    });
  });

  it('fails on another close status, other attributes, or an open run', () => {
    expect(ascending(FAILED)).not.toHaveClosedWith('COMPLETED');
    expect(ascending(COMPLETED)).not.toHaveClosedWith('COMPLETED', { result: 'something else' });
    expect(() => expect(ascending(FAILED)).toHaveClosedWith('COMPLETED')).toThrow(
      /closed with event 11 \(WorkflowExecutionFailed\)/,
    );
    expect(() => expect(truncateAfter(ascending(COMPLETED), 7)).toHaveClosedWith('COMPLETED')).toThrow(
      /still open: its last event is event 7 \(ActivityTaskCompleted\)/,
    );
    expect(() => expect(ascending(COMPLETED)).toHaveClosedWith('COMPLETED', { result: 'x' })).toThrow(
      /and attributes/,
    );
  });
});
