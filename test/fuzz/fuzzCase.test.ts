import { describe, expect, it } from 'vitest';
import { retryBugScenario } from '../../fixtures/examples/retryBugs.js';
import * as retry from '../../fixtures/examples/retryWorkflow.js';
import type { FuzzCase } from '../../src/adapters/testing/fuzz/arbitraries.js';
import {
  discoverFaultTargets,
  failureKey,
  formatFaultPlan,
  runFuzzCase,
  type FuzzFailure,
} from '../../src/adapters/testing/fuzz/fuzzCase.js';
import { formatFuzzFailure, historyExcerpt } from '../../src/adapters/testing/fuzz/fuzzReport.js';
import type { ScenarioModule } from '../../src/adapters/testing/harness/runScenario.js';
import { parseFaultPlan, type ScriptedFault } from '../../src/sim/faults/FaultPlan.js';
import { formatTraceFile } from '../../src/sim/scheduler/Trace.js';

const HOUR_MS = 3600 * 1000;
const slowWork: ScriptedFault = {
  kind: 'slowWork',
  at: { actor: 'worker', operation: 'RespondActivityTaskCompleted', call: 1 },
};
const fuzzCase = (faults: ScriptedFault[] = [], seed = '1', reorder = false): FuzzCase => ({
  seed,
  reorder,
  faults: { faults },
});

function expectFailure<K extends FuzzFailure['kind']>(
  failure: FuzzFailure | undefined,
  kind: K,
): FuzzFailure & { kind: K } {
  expect(failure?.kind).toBe(kind);
  return failure as FuzzFailure & { kind: K };
}

describe('runFuzzCase', () => {
  it('passes a correct run and reports when the last fault took effect', async () => {
    const result = await runFuzzCase(
      retryBugScenario('ignoresTimeout', { correct: true }),
      fuzzCase([slowWork]),
    );
    expect(result.failure).toBeUndefined();
    expect(result.run.executions.map((e) => e.closeStatus)).toEqual(['COMPLETED']);
    // The worker's answer was held just past the 60 s START_TO_CLOSE: it took effect at +62 s.
    expect(result.run.lastFaultAtMs).toBe(62_000);
    expect(result.run.outcome).toEqual({ status: 'ok', reason: 'predicate' });
  });

  it('liveness: a run still open the budget after the last fault fails, naming what is pending', async () => {
    const result = await runFuzzCase(retryBugScenario('ignoresTimeout'), fuzzCase([slowWork]), {
      livenessBudgetMs: HOUR_MS,
    });
    const failure = expectFailure(result.failure, 'liveness');
    expect(failure).toMatchObject({ failureClass: 'liveness', reason: 'budget' });
    expect(result.run.endAtMs).toBe(62_000 + HOUR_MS);
    expect(failure.message).toMatch(
      /^retry-example\/retry-1 \(.+\) is still open 3600\.0 s after the last fault took effect \(\+62\.0 s\)/,
    );
    expect(failure.pending.openExecutions).toHaveLength(1);
    expect(failure.pending.actors).toContain('worker#0 blocked on PollForActivityTask (call 62)');
    expect(failure.pending.timers.some((t) => t.includes('fuzz liveness budget'))).toBe(false);
    expect(failure.violations.map((v) => v.invariant)).toEqual(['noIdleOpenExecution']);
    // Properties are about finished runs: a liveness failure is reported as such.
    expect(failureKey(failure)).toBe('liveness');
  });

  it('liveness: without faults the budget runs from the start; finished actors are pending too', async () => {
    const quitter: ScenarioModule = { ...retry, actors: { decider: async () => {} } };
    const result = await runFuzzCase(quitter, fuzzCase(), { livenessBudgetMs: 60_000 });
    const failure = expectFailure(result.failure, 'liveness');
    expect(result.run.lastFaultAtMs).toBeUndefined();
    expect(result.run.endAtMs).toBe(60_000);
    expect(failure.message).toContain('60.0 s after the start');
    expect(failure.pending.actors).toContain('decider#0 done');
  });

  it('safety: a property that returns false, returns a reason or throws fails by name', async () => {
    const scenario = retryBugScenario('ignoresTimeout', { correct: true });
    const run = (property: () => unknown) =>
      runFuzzCase(scenario, fuzzCase(), { properties: { 'my property': property } });
    expect((await run(() => false)).failure).toEqual({
      failureClass: 'safety',
      kind: 'property',
      property: 'my property',
      message: 'property "my property" does not hold',
    });
    expect((await run(() => 'because')).failure?.message).toBe('because');
    expect((await run(() => expect(1).toBe(2))).failure?.message).toContain('expected 1 to be 2');
    expect((await run(() => undefined)).failure).toBeUndefined();
    expect((await run(() => true)).failure).toBeUndefined();
  });

  it('safety: an actor that throws fails the case, naming the actor', async () => {
    const lostReply: ScriptedFault = {
      kind: 'lostReply',
      at: { actor: 'decider', operation: 'RespondDecisionTaskCompleted', call: 1 },
    };
    const result = await runFuzzCase(retryBugScenario('fatalOnLostReply'), fuzzCase([lostReply]));
    const failure = expectFailure(result.failure, 'actorError');
    expect(failure).toMatchObject({ failureClass: 'safety', actor: 'decider' });
    expect(failure.message).toBe('actor "decider" threw UnknownResourceFault: Unknown decision task');
    expect(failureKey(failure)).toBe('actorError:decider');
  });

  it('safety: a broken invariant fails the case with its events, excerpted in the report', async () => {
    // Reading the history "before" it happened makes every event date later than `now`.
    const result = await runFuzzCase(retryBugScenario('ignoresTimeout', { correct: true }), fuzzCase(), {
      invariants: { now: new Date('2024-12-31T00:00:00Z') },
    });
    const failure = expectFailure(result.failure, 'invariant');
    expect(failure.invariant).toBe('timestampsNonDecreasing');
    expect(failure.violations[0]?.eventIds).toEqual([1]);
    const text = formatFuzzFailure(result);
    expect(text).toMatch(/^safety failure: invariant timestampsNonDecreasing — /);
    expect(text).toContain('   1      0.000s  WorkflowExecutionStarted');
  });

  it('is deterministic: the same case gives the same trace, histories and verdict', async () => {
    const scenario = retryBugScenario('ignoresUnhandledDecision');
    const c = fuzzCase(
      [{ kind: 'throttle', at: { actor: 'decider', operation: 'RespondDecisionTaskCompleted', call: 2 } }],
      '1054763551',
      true,
    );
    const [a, b] = [await runFuzzCase(scenario, c), await runFuzzCase(scenario, c)];
    expect(a.failure?.kind).toBe('liveness');
    expect(formatTraceFile(b.run.traceFile())).toBe(formatTraceFile(a.run.traceFile()));
    expect(JSON.stringify(b.run.executions)).toBe(JSON.stringify(a.run.executions));
    expect(b.failure).toEqual(a.failure);
  });
});

describe('discoverFaultTargets', () => {
  it('finds the operations each actor calls in a fault-free run, within the fault window', async () => {
    expect(await discoverFaultTargets(retry)).toEqual({
      actors: {
        decider: { PollForDecisionTask: 6, RespondDecisionTaskCompleted: 6 },
        worker: { PollForActivityTask: 5, RespondActivityTaskFailed: 3, RespondActivityTaskCompleted: 3 },
      },
      activityTypes: ['FlakyActivity'],
    });
    const narrow = await discoverFaultTargets(retry, { maxCall: 2, extraCalls: 0 });
    expect(narrow.actors.worker).toEqual({
      PollForActivityTask: 2,
      RespondActivityTaskFailed: 1,
      RespondActivityTaskCompleted: 1,
    });
  });
});

describe('reports', () => {
  it('writes plans as JSON with one fault per line that --faults reads back', () => {
    const plan = { faults: [slowWork, { kind: 'throttle', at: { actor: 'decider', call: 2 } } as const] };
    const text = formatFaultPlan(plan);
    expect(text).toBe(
      '{\n  "faults": [\n' +
        '    {"kind":"slowWork","at":{"actor":"worker","operation":"RespondActivityTaskCompleted","call":1}},\n' +
        '    {"kind":"throttle","at":{"actor":"decider","call":2}}\n' +
        '  ]\n}\n',
    );
    expect(parseFaultPlan(JSON.parse(text))).toEqual(plan);
    expect(formatFaultPlan({ faults: [] })).toBe('{\n  "faults": []\n}\n');
  });

  it('excerpts a history around the offending events, with times since the start', async () => {
    const { run } = await runFuzzCase(retry, fuzzCase());
    const history = run.history();
    const excerpt = historyExcerpt(history, [12], 1).split('\n');
    expect(excerpt[1]).toBe('  … 10 earlier event(s)');
    expect(excerpt.slice(2, 5).map((l) => l.trim().split(/\s+/)[0])).toEqual(['11', '12', '13']);
    expect(excerpt[5]).toBe(`  … ${history.length - 13} later event(s)`);
    expect(historyExcerpt(history).split('\n')).toHaveLength(14); // header, "… earlier", last 12
  });
});
