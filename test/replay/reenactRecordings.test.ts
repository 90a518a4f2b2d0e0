/**
 * Re-enactment of what real recordings hold and the simulator once did not reproduce (issue 11),
 * each cause with a small constructed history.
 */
import { describe, expect, it } from 'vitest';
import { formatReenactResult, reenactHistory } from '../../src/adapters/testing/reenact/reenact.js';
import { activityScheduled, decisionTask, recording, started, TL, type Row } from './constructed.js';

describe('re-enactment of real recordings', () => {
  it('reads zero ids and an empty tagList that an exporter dropped as absent-and-zero-alike', async () => {
    const rows = [
      ...decisionTask(2, 0, 100),
      activityScheduled('a1', 4, 100, { scheduleToStart: '10' }),
      ['WorkflowExecutionSignaled', { signalName: 'go' }, 5000],
      ['DecisionTaskScheduled', { taskList: TL, startToCloseTimeout: '60' }, 5000],
      ['ActivityTaskTimedOut', { scheduledEventId: 5, timeoutType: 'SCHEDULE_TO_START' }, 10_100],
      ['DecisionTaskStarted', { scheduledEventId: 7, identity: 'decider' }, 10_200],
      ['DecisionTaskCompleted', { scheduledEventId: 7, startedEventId: 9 }, 10_300],
      ['WorkflowExecutionCompleted', { decisionTaskCompletedEventId: 10 }, 10_300],
    ] satisfies Row[];
    // With an empty tagList the start sends, and without one.
    for (const events of [recording(started(0, { tagList: [] }), ...rows), recording(started(0), ...rows)]) {
      const result = await reenactHistory(events, { strict: true });
      expect(result.status, formatReenactResult(result)).toBe('identical');
      // The simulator writes the zeros real SWF writes; the comparison reads them as the absent ones.
      expect(result.reenacted[0]?.workflowExecutionStartedEventAttributes?.parentInitiatedEventId).toBe(0);
      expect(result.reenacted[5]?.workflowExecutionSignaledEventAttributes?.externalInitiatedEventId).toBe(0);
      expect(result.reenacted[7]?.activityTaskTimedOutEventAttributes?.startedEventId).toBe(0);
    }
  });
});
