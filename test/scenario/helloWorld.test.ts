import { readFileSync } from 'node:fs';
import type { HistoryEvent } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/adapters/testing/harness/createSimulation.js';
import {
  DOMAIN,
  registerHelloWorld,
  runHelloWorld,
  startHelloWorkflow,
} from '../../fixtures/examples/helloWorld.js';

interface RecordedHistory {
  events: (HistoryEvent & { eventTimestamp: number })[];
}

const recorded = JSON.parse(
  readFileSync(new URL('../../fixtures/histories/hello-world_boto-tutorial.json', import.meta.url), 'utf8'),
) as RecordedHistory;

/** Everything but the timestamp, which only real SWF's latency decides. */
function withoutTimestamps(events: readonly HistoryEvent[]): unknown[] {
  return events.map(({ eventTimestamp: _ignored, ...rest }) => rest);
}

async function runTutorial(options: { decisionScheduleToStartAttribute?: boolean } = {}) {
  const sim = createSimulation({ seed: 'hello', ...options });
  const lines: string[] = [];
  const swf = sim.client();
  await registerHelloWorld(swf);
  const runId = await startHelloWorkflow(swf, 'HelloWorkflow-1.0-1381095173');
  await runHelloWorld(sim.client(), sim.client(), (line) => lines.push(line));
  const history = sim.history(DOMAIN, 'HelloWorkflow-1.0-1381095173', runId);
  sim.close();
  return { history, lines, sim };
}

describe('tutorial: HelloWorld', () => {
  it('greets once and records the same 11 events as the recorded tutorial history (2013 attribute set)', async () => {
    const { history, lines } = await runTutorial({ decisionScheduleToStartAttribute: false });
    expect(lines).toEqual(['Hello, World!']);
    expect(history).toHaveLength(11);
    expect(withoutTimestamps(history)).toStrictEqual(withoutTimestamps(recorded.events));
  });

  it('adds only scheduleToStartTimeout "NONE" to DecisionTaskScheduled by default, as SWF has since 2023', async () => {
    const { history } = await runTutorial();
    const expected = withoutTimestamps(recorded.events).map((event) => {
      const e = event as Record<string, unknown>;
      if (e.eventType !== 'DecisionTaskScheduled') return e;
      const attributes = e.decisionTaskScheduledEventAttributes as object;
      return {
        ...e,
        decisionTaskScheduledEventAttributes: { ...attributes, scheduleToStartTimeout: 'NONE' },
      };
    });
    expect(withoutTimestamps(history)).toStrictEqual(expected);
  });

  it('ends both loops with empty polls after 60 virtual seconds, and timestamps never decrease', async () => {
    const { history, sim } = await runTutorial();
    const times = history.map((e) => e.eventTimestamp?.getTime() ?? NaN);
    expect(times).toStrictEqual([...times].sort((a, b) => a - b));
    expect(sim.now().getTime() - (times[0] as number)).toBe(60_000);
  });
});
