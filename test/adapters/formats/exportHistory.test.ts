import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatAwsCliHistory, toAwsCliHistory } from '../../../src/adapters/formats/exportHistory.js';
import {
  loadHistoryFile,
  parseHistoryData,
  parseHistoryJson,
} from '../../../src/adapters/formats/loadHistoryFile.js';

const FIXTURES = new URL('../../../fixtures/histories/', import.meta.url).pathname;

describe('history export to the AWS CLI JSON', () => {
  it('writes epoch seconds, the envelope first, and no undefined members', () => {
    const out = toAwsCliHistory([
      {
        eventId: 1,
        eventTimestamp: new Date(1381095173254),
        eventType: 'WorkflowExecutionStarted',
        workflowExecutionStartedEventAttributes: {
          childPolicy: 'TERMINATE',
          input: undefined,
          taskList: { name: 'default' },
          workflowType: { name: 'HelloWorkflow', version: '1.0' },
        },
      },
    ]);
    expect(JSON.stringify(out)).toBe(
      '{"events":[{"eventId":1,"eventTimestamp":1381095173.254,"eventType":"WorkflowExecutionStarted","workflowExecutionStartedEventAttributes":{"childPolicy":"TERMINATE","taskList":{"name":"default"},"workflowType":{"name":"HelloWorkflow","version":"1.0"}}}]}',
    );
  });

  it('lists newest-first on request, as --reverse-order does', async () => {
    const { events } = await loadHistoryFile(`${FIXTURES}hello-world_boto-tutorial.json`);
    expect(toAwsCliHistory(events, { reverseOrder: true }).events.map((e) => e.eventId)).toEqual([
      11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
    ]);
  });

  it('round-trips every recorded history: import, export, import gives the same events', async () => {
    for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
      const { events } = await loadHistoryFile(FIXTURES + name);
      const text = formatAwsCliHistory(events);
      expect(text.endsWith('\n')).toBe(true);
      expect(parseHistoryJson(text, name).events, name).toEqual(events);
      expect(parseHistoryData(JSON.parse(text), name).events, name).toEqual(events);
    }
  });
});
