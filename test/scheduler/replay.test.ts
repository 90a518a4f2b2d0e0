import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as retry from '../../fixtures/examples/retryWorkflow.js';
import { replayScenario } from '../../src/adapters/testing/harness/runScenario.js';
import {
  compareTraces,
  formatTraceFile,
  parseTraceFile,
  type TraceFile,
} from '../../src/sim/scheduler/Trace.js';

const TRACE_URL = new URL('../../fixtures/traces/retry-workflow_42.json', import.meta.url);
const saved = parseTraceFile(JSON.parse(readFileSync(TRACE_URL, 'utf8')));

describe('saved trace replay', () => {
  it('re-runs retry-workflow_42 (reordering, scripted and rate faults) into the same trace', async () => {
    expect(saved).toMatchObject({ seed: '42', reorder: true, outcome: 'ok (closed)' });
    const { result, divergence } = await replayScenario(retry, saved);
    expect(divergence).toBeUndefined();
    // The saved file is prettier-formatted; its content is the same trace, entry for entry.
    expect(result.trace).toStrictEqual(saved);
    expect(result.executions.map((e) => [e.closeStatus, e.result])).toEqual([
      ['COMPLETED', 'done on attempt 3'],
    ]);
  });

  it('names the first entry where a re-run departs from its recording', async () => {
    const tampered: TraceFile = {
      ...saved,
      entries: saved.entries.map((e, i) => (i === 40 ? { ...e, atMs: e.atMs + 1 } : e)),
    };
    const { divergence } = await replayScenario(retry, tampered);
    expect(divergence?.index).toBe(40);
    expect(divergence?.message).toMatch(/^entry 40 differs:\n {2}recorded: \{.*\}\n {2}re-run: {3}\{.*\}$/);
  });

  it('fails as a harness error when the recorded choices run out', async () => {
    const { result } = await replayScenario(retry, { ...saved, choices: saved.choices.slice(0, 1) });
    expect(result.outcome).toMatchObject({ status: 'failure', reason: 'harness' });
    expect((result.outcome as { message: string }).message).toMatch(/Scripted chooser exhausted at choice 2/);
  });

  it('compares entry lists', () => {
    const a = [{ kind: 'advance' as const, atMs: 1 }];
    expect(compareTraces(a, a)).toBeUndefined();
    expect(compareTraces(a, [])?.message).toMatch(/re-run stops after 0 entries/);
    expect(compareTraces([], a)?.message).toMatch(/goes on past the recorded end/);
  });

  it('formats a trace file as JSON with one entry per line', () => {
    const text = formatTraceFile(saved);
    expect(parseTraceFile(JSON.parse(text))).toStrictEqual(saved);
    expect(text.split('\n').filter((line) => line.startsWith('    {"kind":'))).toHaveLength(
      saved.entries.length,
    );
  });

  it('rejects a file that is not a trace', () => {
    expect(() => parseTraceFile({ format: 'other' })).toThrow(
      /Not a swf-sim trace file: "format" is "other"/,
    );
    expect(() => parseTraceFile({ ...saved, faults: { faults: 3 } })).toThrow(
      /"faults" is not a valid fault plan/,
    );
  });
});
