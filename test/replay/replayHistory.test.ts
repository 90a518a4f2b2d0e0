import {
  GetWorkflowExecutionHistoryCommand,
  PollForDecisionTaskCommand,
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  type Decision,
  type HistoryEvent,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { loadHistoryFile } from '../../src/adapters/formats/loadHistoryFile.js';
import {
  replayHistories,
  replayHistory,
  type DecisionTask,
} from '../../src/adapters/testing/replay/replayHistory.js';
import { decisionFromEvent } from '../../src/sim/history/decisionEvents.js';
import { decisionPoints } from '../../src/sim/replay/decisionPoints.js';
import { ReplayDivergenceError } from '../../src/sim/replay/ReplayDivergenceError.js';
import { formatReplayResult } from '../../src/sim/replay/replayReport.js';
import { decider as helloDecider } from '../../fixtures/examples/helloWorldDecider.js';
import { decide as helloChanged } from '../../fixtures/examples/helloWorldChangedDecider.js';
import { decide as elifeDecide } from '../../fixtures/examples/elifeSumDecider.js';
import { DOMAIN, Generator, TL, complete, timer } from './generate.js';

const fixture = (name: string) =>
  loadHistoryFile(new URL(`../../fixtures/histories/${name}`, import.meta.url).pathname);
const HELLO = 'hello-world_boto-tutorial.json';
const ELIFE = 'elifesciences_elife-bot__test_data_decision.json';

describe('replayHistory: the tutorial HelloWorld', () => {
  it("passes with the tutorial's own decider (its polling loop over an SWFClient)", async () => {
    const result = await replayHistory(await fixture(HELLO), helloDecider);
    expect(result.status).toBe('identical');
    expect(result.compared).toBe(2);
    expect(result.decisionPoints.map((p) => [p.startedEventId, p.previousStartedEventId, p.status])).toEqual([
      [3, 0, 'match'],
      [9, 3, 'match'],
    ]);
    expect(formatReplayResult(result)).toMatch(
      /^OK {4}.*hello-world_boto-tutorial\.json: 2 decision point\(s\) identical$/,
    );
  });

  it('throws at the first decision point for a changed decider, with a readable diff', async () => {
    const error = await replayHistory(await fixture(HELLO), { decide: helloChanged }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReplayDivergenceError);
    const { divergence, result } = error as ReplayDivergenceError;
    expect(result.status).toBe('diverged');
    expect(divergence).toMatchObject({
      kind: 'decisions',
      startedEventId: 3,
      previousStartedEventId: 0,
      completedEventId: 4,
    });
    expect(divergence?.mismatches).toEqual([
      expect.objectContaining({
        kind: 'member',
        member: 'startToCloseTimeout',
        expected: '3600',
        actual: '60',
        eventId: 5,
      }),
    ]);
    expect(result.decisionPoints.map((p) => p.status)).toEqual(['diverged', 'notReached']);
    const message = (error as Error).message;
    expect(message).toContain(
      'decision 1 (recorded ActivityTaskScheduled, event 5): startToCloseTimeout: expected "3600", the decider gave "60"',
    );
    expect(message).toContain('    - startToCloseTimeout: "3600"\n');
    expect(message).toContain('    + startToCloseTimeout: "60"\n');
    expect(message).toContain(
      `scheduleToStartTimeout: "300" (recorded; the decider leaves it to the type's default)`,
    );
  });

  it('flags a decider that decides differently on a second run over the same history', async () => {
    let runs = 0;
    const flaky = (task: DecisionTask): Decision[] => {
      if (task.previousStartedEventId === 0) runs++;
      return task.startedEventId === 3
        ? [
            {
              decisionType: 'ScheduleActivityTask',
              scheduleActivityTaskDecisionAttributes: {
                activityId: runs === 1 ? 'saying_hi' : `saying_hi_${String(runs)}`,
                activityType: { name: 'HelloWorld', version: '1.0' },
                taskList: { name: 'default' },
              },
            },
          ]
        : [complete()];
    };
    const [result] = await replayHistories(
      [await fixture(HELLO)],
      { decide: flaky },
      { checkDeterminism: true },
    );
    expect(result?.status).toBe('nondeterministic');
    expect(result?.divergence?.kind).toBe('nondeterministic');
    expect(result?.divergence?.startedEventId).toBe(3);
    expect(result?.divergence?.diff).toContain('- activityId: "saying_hi"');
    expect(result?.divergence?.diff).toContain('+ activityId: "saying_hi_2"');
  });

  it('reports a decider that throws, or returns without answering, at the decision point it was on', async () => {
    const history = await fixture(HELLO);
    const throwing = await replayHistories([history], {
      decide: (task) => {
        if (task.startedEventId === 9) throw new TypeError('cannot read result');
        return helloChanged(task).map(
          (d) =>
            ({
              ...d,
              scheduleActivityTaskDecisionAttributes: {
                ...d.scheduleActivityTaskDecisionAttributes,
                startToCloseTimeout: undefined,
              },
            }) as Decision,
        );
      },
    });
    expect(throwing[0]?.divergence).toMatchObject({ kind: 'deciderError', startedEventId: 9 });
    expect(throwing[0]?.divergence?.message).toContain('the decider threw: TypeError: cannot read result');

    const silent = await replayHistories([history], async (swf: SWFClient) => {
      await swf.send(new PollForDecisionTaskCommand({ domain: 'd', taskList: { name: 'default' } }));
    });
    expect(silent[0]?.divergence).toMatchObject({ kind: 'noResponse', startedEventId: 3 });
    expect(silent[0]?.divergence?.message).toContain(
      'the decider returned without answering this decision task',
    );
  });

  it('answers GetWorkflowExecutionHistory as of the decision point, and refuses other operations', async () => {
    const seen: (number | string)[] = [];
    const decider = async (swf: SWFClient): Promise<boolean> => {
      const task = await swf.send(
        new PollForDecisionTaskCommand({ domain: 'd', taskList: { name: 'default' } }),
      );
      if (!task.taskToken) return false;
      const { events } = await swf.send(
        new GetWorkflowExecutionHistoryCommand({
          domain: 'd',
          execution: task.workflowExecution,
          reverseOrder: true,
        }),
      );
      seen.push(events?.[0]?.eventId ?? 0);
      await swf
        .send(new SignalWorkflowExecutionCommand({ domain: 'd', workflowId: 'w', signalName: 's' }))
        .catch((error: Error) => seen.push(error.name));
      const decisions = helloChanged({ ...task, events: [...(task.events ?? [])] } as DecisionTask).map(
        (d) => ({
          ...d,
          ...(d.scheduleActivityTaskDecisionAttributes !== undefined && {
            scheduleActivityTaskDecisionAttributes: {
              ...d.scheduleActivityTaskDecisionAttributes,
              startToCloseTimeout: undefined,
            },
          }),
        }),
      );
      await swf.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions }));
      return true;
    };
    expect((await replayHistory(await fixture(HELLO), decider)).status).toBe('identical');
    expect(seen).toEqual([3, 'UnknownOperationException', 9, 'UnknownOperationException']);
  });

  it('reports a poll on another task list than the recorded one', async () => {
    const [result] = await replayHistories([await fixture(ELIFE)], helloDecider);
    expect(result?.divergence).toMatchObject({ kind: 'taskListMismatch', startedEventId: 3 });
    expect(result?.divergence?.message).toContain(
      'the decider polled task list "default", but this decision task was scheduled on "DefaultTaskList"',
    );
  });
});

describe('replayHistory: elife-bot Sum, a prefix ending at a DecisionTaskStarted', () => {
  it('matches the three recorded decision points, UNHANDLED_DECISION included, and reports the last as not recorded', async () => {
    const result = await replayHistory(await fixture(ELIFE), { decide: elifeDecide });
    expect(result.compared).toBe(3);
    expect(result.decisionPoints.map((p) => [p.startedEventId, p.previousStartedEventId, p.status])).toEqual([
      [3, 0, 'match'],
      [11, 3, 'match'],
      [16, 11, 'match'],
      [22, 16, 'notRecorded'],
    ]);
    expect(result.decisionPoints[3]?.note).toBe(
      'not recorded: the history ends before the decision task completed',
    );
    expect(result.decisionPoints[3]?.actual?.decisions[0]?.decisionType).toBe('CompleteWorkflowExecution');
    expect(formatReplayResult(result)).toContain('last decision point not recorded (started at event 22)');
  });

  it('diverges where a changed decider stops rescheduling the unfinished step', async () => {
    const changed = (task: DecisionTask): Decision[] =>
      task.previousStartedEventId === 0 ? elifeDecide(task) : [complete('22')];
    const error = (await replayHistory(await fixture(ELIFE), { decide: changed }).catch(
      (e: unknown) => e,
    )) as ReplayDivergenceError;
    expect(error.divergence).toMatchObject({
      startedEventId: 11,
      previousStartedEventId: 3,
      completedEventId: 14,
    });
    expect(error.divergence?.mismatches[0]).toMatchObject({
      kind: 'type',
      expectedDecisionType: 'ScheduleActivityTask',
      actualDecisionType: 'CompleteWorkflowExecution',
      eventId: 15,
    });
    expect(error.message).toContain(
      '  - [1] ScheduleActivityTask {"activityType":{"version":"1","name":"Sum"},"activityId":"Sum2a"',
    );
    expect(error.message).toContain('  + [1] CompleteWorkflowExecution {"result":"22"}');
  });
});

/**
 * A long history made by the simulator, with the poll responses the simulator itself gave; replay
 * must hand the decider the same thing at each decision point.
 */
async function generateLongHistory(): Promise<{ history: HistoryEvent[]; polls: Generator['polls'] }> {
  const g = new Generator();
  await g.register();
  await g.start('w1', { taskStartToCloseTimeout: '10' });
  for (let i = 0; i < 45; i++) {
    g.advance(1);
    await g.decide([
      timer(`t${String(i)}`, '1'),
      { decisionType: 'RecordMarker', recordMarkerDecisionAttributes: { markerName: `m${String(i)}` } },
    ]);
    g.advance(1);
    if (i === 20) {
      // A decision task that times out: previousStartedEventId stays at the last completed one.
      await g.pollDecision();
      g.advance(20);
    }
    if (i === 30) {
      await g.swf.send(
        new SignalWorkflowExecutionCommand({ domain: DOMAIN, workflowId: 'w1', signalName: 's' }),
      );
    }
  }
  await g.decide([complete('done')]);
  const history = g.history();
  const polls = g.polls;
  g.close();
  return { history, polls };
}

describe('replay hands out decision points exactly as PollForDecisionTask did', () => {
  it('same startedEventId, previousStartedEventId, pages of 100 events with nextPageToken, a new token per page', async () => {
    const { history, polls } = await generateLongHistory();
    expect(history.length).toBeGreaterThan(200);
    const seen: {
      startedEventId?: number;
      previousStartedEventId?: number;
      firstPage: number[];
      pageSizes: number[];
      tokens: string[];
      all: number[];
    }[] = [];
    const recordedDecisions = decisionPoints(history).map((p) =>
      p.outcome.kind === 'completed'
        ? p.outcome.decisionEvents.map((e) => decisionFromEvent(e) as Decision)
        : [],
    );
    const copyist = async (swf: SWFClient): Promise<void> => {
      for (;;) {
        const first = await swf.send(
          new PollForDecisionTaskCommand({ domain: DOMAIN, taskList: { name: TL } }),
        );
        if (!first.taskToken) return;
        const entry = {
          ...(first.startedEventId !== undefined && { startedEventId: first.startedEventId }),
          ...(first.previousStartedEventId !== undefined && {
            previousStartedEventId: first.previousStartedEventId,
          }),
          firstPage: (first.events ?? []).map((e) => e.eventId as number),
          pageSizes: [first.events?.length ?? 0],
          tokens: [first.taskToken],
          all: (first.events ?? []).map((e) => e.eventId as number),
        };
        let next = first.nextPageToken;
        while (next) {
          const page = await swf.send(
            new PollForDecisionTaskCommand({ domain: DOMAIN, taskList: { name: TL }, nextPageToken: next }),
          );
          entry.pageSizes.push(page.events?.length ?? 0);
          entry.tokens.push(page.taskToken as string);
          entry.all.push(...(page.events ?? []).map((e) => e.eventId as number));
          expect(page.startedEventId).toBe(first.startedEventId);
          expect(page.previousStartedEventId).toBe(first.previousStartedEventId);
          next = page.nextPageToken;
        }
        seen.push(entry);
        await swf.send(
          new RespondDecisionTaskCompletedCommand({
            taskToken: first.taskToken,
            decisions: recordedDecisions[seen.length - 1] ?? [],
          }),
        );
      }
    };
    const result = await replayHistory(history, copyist);
    expect(result.status).toBe('identical');
    expect(seen).toHaveLength(polls.length);
    polls.forEach((poll, i) => {
      const entry = seen[i];
      expect(entry?.startedEventId).toBe(poll.startedEventId);
      expect(entry?.previousStartedEventId).toBe(poll.previousStartedEventId);
      expect(entry?.firstPage).toEqual((poll.events ?? []).map((e) => e.eventId));
      expect(entry?.all).toEqual(Array.from({ length: poll.startedEventId ?? 0 }, (_, k) => k + 1));
      expect(entry?.pageSizes.slice(0, -1).every((size) => size === 100)).toBe(true);
      expect(new Set(entry?.tokens).size).toBe(entry?.tokens.length);
    });
    const timedOut = result.decisionPoints.find((p) => p.status === 'timedOut');
    expect(timedOut).toBeDefined();
    const after = result.decisionPoints[result.decisionPoints.indexOf(timedOut as never) + 1];
    expect(after?.previousStartedEventId).toBe(timedOut?.previousStartedEventId);
    expect(seen.some((s) => s.pageSizes.length >= 3)).toBe(true);
  });

  it('answers newest-first pages for reverseOrder, and pages of min(maximumPageSize, 100)', async () => {
    const { history } = await generateLongHistory();
    const recorded = decisionPoints(history).map((p) =>
      p.outcome.kind === 'completed'
        ? p.outcome.decisionEvents.map((e) => decisionFromEvent(e) as Decision)
        : [],
    );
    const reading = (request: { reverseOrder?: boolean; maximumPageSize?: number }) => {
      const seen: { startedEventId: number; pages: number[][] }[] = [];
      const decider = async (swf: SWFClient): Promise<void> => {
        for (;;) {
          const poll = { domain: DOMAIN, taskList: { name: TL }, ...request };
          const first = await swf.send(new PollForDecisionTaskCommand(poll));
          if (!first.taskToken) return;
          const entry = { startedEventId: first.startedEventId ?? 0, pages: [] as number[][] };
          let page = first;
          for (;;) {
            entry.pages.push((page.events ?? []).map((e) => e.eventId as number));
            if (!page.nextPageToken) break;
            page = await swf.send(
              new PollForDecisionTaskCommand({ ...poll, nextPageToken: page.nextPageToken }),
            );
          }
          seen.push(entry);
          await swf.send(
            new RespondDecisionTaskCompletedCommand({
              taskToken: first.taskToken,
              decisions: recorded[seen.length - 1] ?? [],
            }),
          );
        }
      };
      return { seen, decider };
    };

    const small = reading({ reverseOrder: true, maximumPageSize: 25 });
    expect((await replayHistory(history, small.decider)).status).toBe('identical');
    for (const { startedEventId, pages } of small.seen) {
      expect(pages.flat()).toEqual(Array.from({ length: startedEventId }, (_, k) => startedEventId - k));
      expect(pages.slice(0, -1).every((page) => page.length === 25)).toBe(true);
    }
    const large = reading({ maximumPageSize: 1000 });
    expect((await replayHistory(history, large.decider)).status).toBe('identical');
    const last = large.seen.at(-1);
    expect(last?.pages.map((page) => page.length)).toEqual([100, 100, (last?.startedEventId ?? 0) - 200]);
  });

  it("accepts the last page's token to complete a task, and refuses a token once its task is answered", async () => {
    const { history } = await generateLongHistory();
    const recorded = decisionPoints(history).map((p) =>
      p.outcome.kind === 'completed'
        ? p.outcome.decisionEvents.map((e) => decisionFromEvent(e) as Decision)
        : [],
    );
    const refusals: string[] = [];
    let index = 0;
    const decider = async (swf: SWFClient): Promise<void> => {
      for (;;) {
        const poll = { domain: DOMAIN, taskList: { name: TL } };
        let page = await swf.send(new PollForDecisionTaskCommand(poll));
        if (!page.taskToken) return;
        while (page.nextPageToken) {
          page = await swf.send(
            new PollForDecisionTaskCommand({ ...poll, nextPageToken: page.nextPageToken }),
          );
        }
        const answer = { taskToken: page.taskToken, decisions: recorded[index++] ?? [] };
        await swf.send(new RespondDecisionTaskCompletedCommand(answer));
        await swf.send(new RespondDecisionTaskCompletedCommand(answer)).catch((error: Error) => {
          refusals.push(`${error.name}: ${error.message}`);
        });
      }
    };
    expect((await replayHistory(history, decider)).status).toBe('identical');
    expect(refusals).toHaveLength(index);
    expect(new Set(refusals)).toEqual(new Set(['UnknownResourceFault: Unknown decision task']));
  });

  it('replays many histories as data, one result each, an unusable one included', async () => {
    const hello = await fixture(HELLO);
    const excerpt = await fixture('aws_devguide__workflow_history_example.json');
    const results = await replayHistories([hello, excerpt, hello.events], helloDecider);
    expect(results.map((r) => [r.name.replace(/.*\//, ''), r.status])).toEqual([
      ['hello-world_boto-tutorial.json', 'identical'],
      ['aws_devguide__workflow_history_example.json', 'error'],
      ['history #3', 'identical'],
    ]);
    expect(results[1]?.error).toBe(
      'the history starts at event 2: replay needs it from event 1 (WorkflowExecutionStarted)',
    );
    await expect(replayHistory(excerpt, helloDecider)).rejects.toThrow(/UnusableHistory|starts at event 2/);
  });
});
