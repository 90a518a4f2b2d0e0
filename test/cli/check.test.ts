import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toAwsCliHistory } from '../../src/adapters/formats/exportHistory.js';
import { run } from '../../src/cli/check.js';
import { recordedHistoryNames } from '../check/recorded.js';
import { decisionTask, recording, started } from '../replay/constructed.js';
import { runCommand } from './runCommand.js';

const FIXTURES = new URL('../../fixtures/histories/', import.meta.url);
const fixture = (name: string) => new URL(name, FIXTURES).pathname;
const directory = mkdtempSync(join(tmpdir(), 'swf-sim-check-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const check = (...args: string[]) => runCommand(run, ...args);

describe('swf-sim check', () => {
  it('prints OK for every recorded history and exits 0', async () => {
    const paths = recordedHistoryNames().map(fixture);
    const { code, out, err } = await check(...paths);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.split('\n').filter((l) => l.startsWith('OK '))).toHaveLength(paths.length);
    expect(out).toMatch(
      /aws_devguide__workflow_history_example\.json \(10 events, closed, excerpt from event 2, newest-first, read reversed\)/,
    );
    expect(out).toMatch(
      /elife-bot__test_data_decision\.json \(22 events, open, prefix ending at a DecisionTaskStarted\)/,
    );
  });

  it('prints the violations and exits 1 when a history breaks an invariant', async () => {
    const file = JSON.parse(
      readFileSync(fixture('botify-labs_simpleflow__test_timer_and_cancel__2f571a.json'), 'utf8'),
    ) as { events: { eventTimestamp: number }[] };
    (file.events[6] as { eventTimestamp: number }).eventTimestamp -= 1.5;
    const path = write('early-timer.json', file);
    const { code, out } = await check(path);
    expect(code).toBe(1);
    expect(out).toContain(`FAIL  ${path}: 1 violation (17 events, closed)`);
    expect(out).toContain(
      '[timeoutsNotEarly] Event 7 (TimerFired) comes 0.501 s after event 6 (TimerStarted), before its startToFireTimeout of 2 s has elapsed.',
    );
  });

  it('exits 2 for unreadable input, naming the file, event and field', async () => {
    const bad = write('bad.json', {
      events: [{ eventId: 1, eventType: 'WorkflowExecutionStarted', eventTimestamp: {} }],
    });
    const { code, err } = await check(
      fixture(recordedHistoryNames()[0] as string),
      bad,
      join(directory, 'missing.json'),
    );
    expect(code).toBe(2);
    expect(err).toContain(
      `ERROR ${bad}: event 1: eventTimestamp {} is neither epoch seconds nor an ISO-8601 date-time`,
    );
    expect(err).toContain(`ERROR ${join(directory, 'missing.json')}: cannot read the file`);
  });

  it('honours --now and --ignore, and rejects bad usage', async () => {
    const open = write('open.json', {
      events: [
        {
          eventId: 1,
          eventTimestamp: 100,
          eventType: 'WorkflowExecutionStarted',
          workflowExecutionStartedEventAttributes: {
            executionStartToCloseTimeout: '60',
            parentInitiatedEventId: 0,
          },
        },
        {
          eventId: 2,
          eventTimestamp: 100,
          eventType: 'DecisionTaskScheduled',
          decisionTaskScheduledEventAttributes: { startToCloseTimeout: '10' },
        },
      ],
    });
    expect((await check(open)).code).toBe(0);
    const late = await check('--now', '1970-01-01T00:10:00Z', open);
    expect(late.code).toBe(1);
    expect(late.out).toContain('[timeoutsNotMissed] The executionStartToCloseTimeout (60 s) of the run');
    expect((await check('--now', '1970-01-01T00:10:00Z', '--ignore', 'timeoutsNotMissed', open)).code).toBe(
      0,
    );
    expect((await check('--ignore', 'noSuchRule', open)).code).toBe(2);
    expect((await check('--now', 'soon', open)).code).toBe(2);
    expect((await check()).code).toBe(2);
    expect((await check('--list')).out).toContain('noIdleOpenExecution');
  });

  it('reads a file whose last page carries a nextPageToken as cut short, not as a stuck run', async () => {
    // The batch of event 4 and everything after it are on the next page.
    const events = toAwsCliHistory(recording(started(0), ...decisionTask(2, 0, 100))).events;
    const whole = await check(write('whole.json', { events }));
    expect(whole.code).toBe(1);
    expect(whole.out).toContain('[noIdleOpenExecution]');
    const cut = write('cut.json', { events, nextPageToken: 'AAAA' });
    const { code, out } = await check(cut);
    expect(code).toBe(0);
    expect(out).toBe(`OK    ${cut} (4 events, open, cut short: its last page carries a nextPageToken)\n`);
  });
});
