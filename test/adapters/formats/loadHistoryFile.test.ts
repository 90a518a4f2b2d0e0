import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  HistoryFileError,
  loadHistoryFile,
  parseHistoryData,
  parseHistoryJson,
} from '../../../src/adapters/formats/loadHistoryFile.js';

const FIXTURES = new URL('../../../fixtures/histories/', import.meta.url);
const fixture = (name: string) => new URL(name, FIXTURES).pathname;
const directory = mkdtempSync(join(tmpdir(), 'swf-sim-formats-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

const started = (eventTimestamp: unknown, eventId = 1) => ({
  eventId,
  eventTimestamp,
  eventType: 'WorkflowExecutionStarted',
  workflowExecutionStartedEventAttributes: { childPolicy: 'TERMINATE', taskList: { name: 'tl' } },
});
const scheduled = (eventTimestamp: unknown, eventId = 2) => ({
  eventId,
  eventTimestamp,
  eventType: 'DecisionTaskScheduled',
  decisionTaskScheduledEventAttributes: { startToCloseTimeout: '10', taskList: { name: 'tl' } },
});
const ids = (events: readonly { eventId?: number | undefined }[]) => events.map((e) => e.eventId);

describe('history import: the shapes users have', () => {
  it('reads `aws swf get-workflow-execution-history` output with epoch seconds (exponent form too)', async () => {
    const path = file(
      'cli.json',
      '{"events": [{"eventId": 1, "eventTimestamp": 1.381095173254E9, "eventType": "WorkflowExecutionStarted", "workflowExecutionStartedEventAttributes": {}}, {"eventId": 2, "eventTimestamp": 1381095173.3, "eventType": "DecisionTaskScheduled", "decisionTaskScheduledEventAttributes": {}}]}',
    );
    const history = await loadHistoryFile(path);
    expect(history.events.map((e) => e.eventTimestamp?.toISOString())).toEqual([
      '2013-10-06T21:32:53.254Z',
      '2013-10-06T21:32:53.300Z',
    ]);
    expect(history).toMatchObject({ path, reversed: false, pages: 1 });
    expect(history.truncated).toBeUndefined();
  });

  it('reads ISO-8601 timestamps (the CLI v2 default, or the SDK output as JSON)', () => {
    const { events } = parseHistoryJson(
      JSON.stringify({
        events: [started('2024-01-02T03:04:05.678Z'), scheduled('2024-01-02T03:04:05.678+00:00')],
      }),
    );
    expect(events.map((e) => e.eventTimestamp?.getTime())).toEqual([
      Date.UTC(2024, 0, 2, 3, 4, 5, 678),
      Date.UTC(2024, 0, 2, 3, 4, 5, 678),
    ]);
  });

  it('reads the SDK output in memory: Dates, $metadata, nextPageToken', () => {
    const at = new Date(Date.UTC(2024, 0, 1));
    const output = {
      $metadata: { httpStatusCode: 200 },
      events: [started(at), scheduled(at)],
      nextPageToken: 'more',
    };
    const history = parseHistoryData(output, 'sdk');
    expect(history.events[0]?.eventTimestamp).toBe(at);
    expect(history.truncated).toBe(true);
  });

  it('reads several pages concatenated in one file, and an array of page objects', async () => {
    const pages = [
      { events: [started(100), scheduled(100)], nextPageToken: 'p2' },
      {
        events: [
          {
            eventId: 3,
            eventTimestamp: 101,
            eventType: 'DecisionTaskStarted',
            decisionTaskStartedEventAttributes: { scheduledEventId: 2 },
          },
        ],
      },
    ];
    const concatenated = await loadHistoryFile(
      file('pages.json', pages.map((p) => JSON.stringify(p, null, 2)).join('\n')),
    );
    expect(ids(concatenated.events)).toEqual([1, 2, 3]);
    expect(concatenated.pages).toBe(2);
    expect(concatenated.truncated).toBeUndefined();
    const array = parseHistoryJson(JSON.stringify(pages));
    expect(ids(array.events)).toEqual([1, 2, 3]);
    // A page fetched twice repeats events; the repeats are dropped.
    expect(ids(parseHistoryJson(JSON.stringify([pages[0], pages[0], pages[1]])).events)).toEqual([1, 2, 3]);
  });

  it('reads newest-first files and newest-first pages (reverseOrder), ascending', () => {
    const pages = [{ events: [scheduled(100, 3), scheduled(100, 2)] }, { events: [started(100)] }];
    const history = parseHistoryJson(JSON.stringify(pages));
    expect(ids(history.events)).toEqual([1, 2, 3]);
    expect(history.reversed).toBe(true);
  });

  it("keeps a recording's source and license note", () => {
    const history = parseHistoryJson(
      JSON.stringify({ source: 'a test', license_note: 'MIT', events: [started(1)] }),
    );
    expect(history).toMatchObject({ source: 'a test', licenseNote: 'MIT' });
  });
});

describe('history import: errors name the file, the event and the field', () => {
  const at = 'h.json';
  const fails = (text: string) => () => parseHistoryJson(text, at);

  it('rejects text that is not JSON, and documents that are not pages', () => {
    expect(fails('{"events": [}')).toThrow(/^h\.json: not valid JSON \(/);
    expect(fails('{"events": []} {"events": [')).toThrow(/^h\.json: not valid JSON/);
    expect(fails('{"events": []} {"nope": 1}')).toThrow(
      'h.json: holds several JSON documents, but not all of them are {"events": [...]} pages',
    );
    expect(fails('{"history": []}')).toThrow(
      'h.json: expected {"events": [...]} or an array of history events',
    );
    expect(fails('"events"')).toThrow(HistoryFileError);
  });

  it('names an event by its position when its id is unusable', () => {
    expect(fails('[{"eventId": 1, "eventType": "WorkflowExecutionStarted"}, 7]')).toThrow(
      'h.json: event #2 in the file is not an object',
    );
    expect(fails('[{"eventId": "1", "eventType": "WorkflowExecutionStarted"}]')).toThrow(
      'h.json: event #1 in the file: eventId "1" is not a positive integer',
    );
    expect(fails('[{"eventId": 0, "eventType": "WorkflowExecutionStarted"}]')).toThrow(
      'h.json: event #1 in the file: eventId 0 is not a positive integer',
    );
  });

  it('names the event by its id and the field at fault', () => {
    expect(fails('[{"eventId": 4, "eventType": 17}]')).toThrow(
      'h.json: event 4: eventType 17 is not a string',
    );
    expect(fails(JSON.stringify([started('tomorrow', 5)]))).toThrow(
      'h.json: event 5: eventTimestamp "tomorrow" is neither epoch seconds nor an ISO-8601 date-time',
    );
    expect(fails(JSON.stringify([{ ...started(1), workflowExecutionStartedEventAttributes: 'x' }]))).toThrow(
      'h.json: event 1 (WorkflowExecutionStarted): workflowExecutionStartedEventAttributes is not an object',
    );
    expect(
      fails(JSON.stringify([{ eventId: 3, eventType: 'TimerFired', timerStartedEventAttributes: {} }])),
    ).toThrow(
      'h.json: event 3 (TimerFired): has timerStartedEventAttributes, which belongs to TimerStarted events',
    );
  });

  it('reports a file it cannot read', async () => {
    await expect(loadHistoryFile(join(directory, 'absent.json'))).rejects.toThrow(
      /absent\.json: cannot read the file/,
    );
  });
});

describe('history import: recorded fixtures', () => {
  it('reads a recorded fixture, converting epoch seconds to Dates at millisecond precision', async () => {
    const history = await loadHistoryFile(
      fixture('botify-labs_simpleflow__test_timer_and_cancel__2f571a.json'),
    );
    expect(history.events).toHaveLength(17);
    expect(history.events[6]?.eventTimestamp?.toISOString()).toBe('2017-04-17T15:46:04.038Z');
    expect(history.reversed).toBe(false);
    expect(history.source).toMatch(/^botify-labs\/simpleflow/);
    expect(history.licenseNote).toMatch(/MIT/);
  });

  it('reverses a newest-first file', async () => {
    const history = await loadHistoryFile(fixture('aws_devguide__workflow_history_example.json'));
    expect(history.reversed).toBe(true);
    expect(history.events.map((e) => e.eventId)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('reads a bare array with ISO-8601 timestamps', () => {
    const { events } = parseHistoryJson(
      JSON.stringify([
        { eventId: 1, eventType: 'WorkflowExecutionStarted', eventTimestamp: '2024-01-02T03:04:05.678Z' },
      ]),
    );
    expect(events[0]?.eventTimestamp).toEqual(new Date('2024-01-02T03:04:05.678Z'));
  });

  it('names the file, the event and the field that cannot be read', () => {
    expect(() => parseHistoryJson('{', 'h.json')).toThrow(/^h\.json: not valid JSON/);
    expect(() => parseHistoryJson('{"history": []}', 'h.json')).toThrow(/h\.json: expected \{"events"/);
    expect(() => parseHistoryJson('[{"eventType": "TimerFired"}]', 'h.json')).toThrow(
      'h.json: event #1 in the file: eventId undefined is not a positive integer',
    );
    expect(() =>
      parseHistoryJson(
        '[{"eventId": 3, "eventType": "TimerFired", "eventTimestamp": "yesterday"}]',
        'h.json',
      ),
    ).toThrow(
      'h.json: event 3: eventTimestamp "yesterday" is neither epoch seconds nor an ISO-8601 date-time',
    );
    expect(() => parseHistoryJson('[{"eventId": 3}]', 'h.json')).toThrow(HistoryFileError);
  });
});
