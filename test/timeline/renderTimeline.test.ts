import type { HistoryEvent } from '@aws-sdk/client-swf';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadHistoryFile } from '../../src/adapters/formats/loadHistoryFile.js';
import { buildTimeline } from '../../src/adapters/timeline/buildTimeline.js';
import { encodeTimeline, type EncodedTimeline } from '../../src/adapters/timeline/encodeTimeline.js';
import { renderTimeline } from '../../src/adapters/timeline/renderTimeline.js';
import { TIMELINE_SCRIPT } from '../../src/adapters/timeline/timelineScript.js';

const HELLO = new URL('../../fixtures/histories/hello-world_boto-tutorial.json', import.meta.url).pathname;

/** The JSON the page embeds. */
function embedded(html: string): EncodedTimeline {
  const match = /<script type="application\/json" id="timeline-data">([^<]*)<\/script>/.exec(html);
  if (match?.[1] === undefined) throw new Error('no embedded timeline data');
  return JSON.parse(match[1]) as EncodedTimeline;
}

describe('renderTimeline', () => {
  it('writes one self-contained page: inline style and script, nothing loaded from elsewhere', async () => {
    const html = renderTimeline({ executions: [{ history: (await loadHistoryFile(HELLO)).events }] });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('<style>');
    expect(embedded(html).groups[0]?.lanes.map((l) => l.label)).toEqual([
      'workflow',
      'decision tasks',
      'activity saying_hi',
    ]);
  });

  it('keeps hostile text inert: attributes and labels cannot end the script or inject markup', () => {
    const evil = '</script><script>alert(1)</script><!--';
    const history = [
      {
        eventId: 1,
        eventType: 'WorkflowExecutionStarted',
        eventTimestamp: new Date(0),
        workflowExecutionStartedEventAttributes: { input: evil, workflowType: { name: evil, version: '1' } },
      },
    ] as HistoryEvent[];
    const html = renderTimeline({ title: evil, notes: [evil], executions: [{ history, title: evil }] });
    expect(html.split('<script').length - 1).toBe(2); // the data and the page's script, nothing more
    expect(html).not.toContain('<!--');
    const data = embedded(html);
    expect(data.labels).toContain(`${evil} 1`);
    expect(data.infos[0]?.[3]).toContain(evil);
  });

  it('stores repeated text once: labels in a table, attributes as values under shared names', () => {
    const events: HistoryEvent[] = [];
    for (let i = 1; i <= 200; i++) {
      events.push({
        eventId: i,
        eventType: 'MarkerRecorded',
        eventTimestamp: new Date(i * 1000),
        markerRecordedEventAttributes: {
          markerName: 'm',
          details: `d${String(i)}`,
          decisionTaskCompletedEventId: 0,
        },
      });
    }
    const model = buildTimeline({ executions: [{ history: events, violations: [] }] });
    const encoded = encodeTimeline(model);
    expect(encoded.labels).toEqual(['marker m']);
    expect(encoded.shapes).toEqual([
      ['MarkerRecorded', ['markerName', 'details', 'decisionTaskCompletedEventId']],
    ]);
    expect(encoded.infos[4]).toEqual([0, 5, 0, ['m', 'd5', 0]]);
  });

  it("cuts long strings in the page's copy of the attributes", () => {
    const input = 'x'.repeat(5000);
    const history = [
      {
        eventId: 1,
        eventType: 'WorkflowExecutionStarted',
        eventTimestamp: new Date(0),
        workflowExecutionStartedEventAttributes: { input },
      },
    ] as HistoryEvent[];
    const details = buildTimeline({ executions: [{ history }] }).infos[0]?.[3] as { input: string };
    expect(details.input).toMatch(/^x{400}… \(5000 characters\)$/);
  });

  it('ships a script that parses', () => {
    expect(() => new Script(TIMELINE_SCRIPT)).not.toThrow();
  });
});
