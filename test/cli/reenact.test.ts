import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toAwsCliHistory } from '../../src/adapters/formats/exportHistory.js';
import { run as reenact } from '../../src/cli/reenact.js';
import { activityScheduled, decisionTask, recording, started, type Row } from '../replay/constructed.js';
import { runCommand } from './runCommand.js';

const FIXTURES = new URL('../../fixtures/histories/', import.meta.url).pathname;
const HELLO = `${FIXTURES}hello-world_boto-tutorial.json`;
const directory = mkdtempSync(join(tmpdir(), 'swf-sim-reenact-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const call = (...args: string[]) => runCommand(reenact, ...args);

describe('swf-sim reenact', () => {
  it('re-enacts every recording: one line each, a summary, exit 0 (known divergences documented)', async () => {
    const files = ['hello-world_boto-tutorial.json', 'aws_devguide__workflow_history_example.json'].map(
      (f) => FIXTURES + f,
    );
    const { code, out, err } = await call(...files);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`OK    ${files[0] as string}: identical (11 events, timestamps within 0 ms)`);
    expect(out).toContain(
      `OK    ${files[1] as string}: identical but for known divergences: unreachable-heartbeat-details (10 events)`,
    );
    expect(out).toContain(
      '2 histories: 1 identical, 1 identical but for documented divergences, 0 different',
    );
    expect((await call('--strict', ...files)).code).toBe(1);
  });

  it('exits 1 with the diff when a history differs', async () => {
    const recorded = JSON.parse(readFileSync(HELLO, 'utf8')) as { events: Record<string, unknown>[] };
    const attributes = recorded.events[1]?.decisionTaskScheduledEventAttributes as Record<string, unknown>;
    attributes.startToCloseTimeout = '301';
    const edited = join(directory, 'edited.json');
    writeFileSync(edited, JSON.stringify(recorded));
    const { code, out } = await call(edited);
    expect(code).toBe(1);
    expect(out).toContain(`FAIL  ${edited}: differs (11 events)`);
    expect(out).toContain(
      '✗ event 2 (DecisionTaskScheduled): startToCloseTimeout: recorded "301", re-enacted "300"',
    );
    expect(out).toContain('recorded | re-enacted, around the first difference:');
  });

  it('reports each unusable file as "unusable: <reason>", goes on, and exits 2 only when nothing was re-enacted', async () => {
    expect((await call()).code).toBe(2);
    expect((await call('--tolerance-ms', 'soon', HELLO)).code).toBe(2);
    const recorded = JSON.parse(readFileSync(HELLO, 'utf8')) as { events: Record<string, unknown>[] };
    const gap = join(directory, 'gap.json');
    writeFileSync(gap, JSON.stringify({ events: recorded.events.filter((_, i) => i !== 4) }));
    const notJson = join(directory, 'not.json');
    writeFileSync(notJson, '{"events": [');
    // A hand edit that puts an object where SWF writes a type name.
    const edited = structuredClone(recorded);
    const scheduled = edited.events[4]?.activityTaskScheduledEventAttributes as Record<string, unknown>;
    scheduled.activityType = { name: { HelloWorld: true }, version: '1.0' };
    const objectName = join(directory, 'object-name.json');
    writeFileSync(objectName, JSON.stringify(edited));

    const batch = await call(gap, notJson, HELLO, objectName);
    expect(batch.code).toBe(1);
    expect(batch.err).toContain(
      `ERROR ${gap}: unusable: event ids must run 1, 2, … in order: position 5 holds event 6, expected 5`,
    );
    expect(batch.err).toMatch(new RegExp(`ERROR ${notJson}: unusable: not valid JSON`));
    expect(batch.err).toContain(
      `ERROR ${objectName}: unusable: event 5 (ActivityTaskScheduled): activityType.name is an object, not a string`,
    );
    expect(batch.out).toContain(`OK    ${HELLO}: identical`);
    expect(batch.out).toContain(
      '4 histories: 1 identical, 0 identical but for documented divergences, 0 different, 3 unusable',
    );
    expect((await call(gap, notJson, objectName)).code).toBe(2);
  });

  it('re-enacts a file cut short by its export (a nextPageToken) up to its last event', async () => {
    const rows = [
      started(0),
      ...decisionTask(2, 0, 100),
      activityScheduled('a1', 4, 100),
      ['ActivityTaskStarted', { scheduledEventId: 5, identity: 'worker' }, 200],
      ['ActivityTaskCompleted', { scheduledEventId: 5, startedEventId: 6, result: 'done' }, 300],
    ] satisfies Row[];
    // The next page would start with the DecisionTaskScheduled the completion brought.
    const page = { ...toAwsCliHistory(recording(...rows)), nextPageToken: 'AAAA' };
    const cut = join(directory, 'first-page.json');
    writeFileSync(cut, JSON.stringify(page));
    const { code, out } = await call('--strict', cut);
    expect(code).toBe(0);
    expect(out).toContain(`OK    ${cut}: identical (7 events, cut short, timestamps within 0 ms)`);
    // The same page without the token is a whole history, and the simulator goes on past it.
    const whole = join(directory, 'whole.json');
    writeFileSync(whole, JSON.stringify(toAwsCliHistory(recording(...rows))));
    const again = await call(whole);
    expect(again.code).toBe(1);
    expect(again.out).toContain(
      'event 8 (DecisionTaskScheduled) of the re-enacted history is not in the recording',
    );
  });

  it('reads a page of 250,000 events without overflowing the stack, and calls it unusable', async () => {
    const events = [
      { eventId: 1, eventType: 'WorkflowExecutionStarted', workflowExecutionStartedEventAttributes: {} },
      ...Array.from({ length: 249_999 }, (_, i) => ({
        eventId: i + 2,
        eventType: 'MarkerRecorded',
        markerRecordedEventAttributes: { markerName: 'm', decisionTaskCompletedEventId: 1 },
      })),
    ];
    const big = join(directory, 'big.json');
    writeFileSync(big, JSON.stringify({ events }));
    const { code, err } = await call(big);
    expect(code).toBe(2);
    expect(err).toContain(
      `ERROR ${big}: unusable: the history has 250000 events; SWF ends every run at 25000`,
    );
  });
});
