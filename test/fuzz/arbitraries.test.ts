import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  delayArbitrary,
  faultPlanArbitrary,
  fuzzCaseArbitrary,
  scheduleArbitrary,
  type FaultTargets,
} from '../../src/adapters/testing/fuzz/arbitraries.js';
import { isWorkReport } from '../../src/sim/faults/FaultInjector.js';
import { checkFaultPlan, type FaultPlan, type ScriptedFault } from '../../src/sim/faults/FaultPlan.js';

const targets: FaultTargets = {
  actors: {
    decider: { PollForDecisionTask: 4, RespondDecisionTaskCompleted: 3 },
    worker: { PollForActivityTask: 4, RespondActivityTaskCompleted: 2 },
  },
  activityTypes: ['FlakyActivity'],
};

const sample = <T>(arbitrary: fc.Arbitrary<T>, numRuns = 500): T[] =>
  fc.sample(arbitrary, { numRuns, seed: 42 });

describe('fault plan arbitraries', () => {
  it('generates valid plans of at most maxFaults faults, aimed only at the targets', () => {
    const plans = sample(faultPlanArbitrary({ targets, maxFaults: 2 }));
    const kinds = new Set<string>();
    for (const plan of plans) {
      expect(checkFaultPlan(plan)).toEqual([]);
      expect(plan.faults?.length).toBeLessThanOrEqual(2);
      for (const fault of plan.faults ?? []) {
        kinds.add(fault.kind);
        if (fault.kind === 'activityFailure') {
          expect(fault.activityType).toBe('FlakyActivity');
          expect(fault.attempts.every((a) => a >= 1 && a <= 4)).toBe(true);
          continue;
        }
        const { actor, operation, call } = fault.at;
        const limit = (targets.actors[actor] as Record<string, number>)[operation as string];
        expect(limit, JSON.stringify(fault)).toBeDefined();
        expect(call).toBeGreaterThanOrEqual(1);
        expect(call).toBeLessThanOrEqual(limit as number);
        if (fault.kind === 'slowWork') expect(isWorkReport(operation as string)).toBe(true);
      }
    }
    expect([...kinds].sort()).toEqual(
      ['activityFailure', 'crash', 'latency', 'lostReply', 'lostRequest', 'slowWork', 'throttle'].sort(),
    );
  });

  it('generates only the kinds asked for, and no activity failures without activity types', () => {
    const plans = sample(
      faultPlanArbitrary({ targets: { actors: targets.actors }, kinds: ['latency', 'activityFailure'] }),
    );
    const kinds = new Set(plans.flatMap((p) => (p.faults ?? []).map((f) => f.kind)));
    expect([...kinds]).toEqual(['latency']);
  });

  it('generates the empty plan when nothing can be aimed at', () => {
    expect(sample(faultPlanArbitrary({ targets: { actors: {} } }), 5)).toEqual(Array(5).fill({ faults: [] }));
  });

  it('shrinks a failing plan to its one necessary fault, at its first call, with the shortest delay', () => {
    // "Fails" when any latency of at least 5 s hits the decider's responses.
    const hurts = (f: ScriptedFault): boolean =>
      f.kind === 'latency' && f.at.operation === 'RespondDecisionTaskCompleted' && f.delayMs >= 5_000;
    const details = fc.check(
      fc.property(
        faultPlanArbitrary({ targets, maxFaults: 3 }),
        (plan: FaultPlan) => !(plan.faults ?? []).some(hurts),
      ),
      { seed: 1, numRuns: 2_000 },
    );
    expect(details.failed).toBe(true);
    const [fault, ...others] = details.counterexample?.[0].faults ?? [];
    expect(others).toEqual([]);
    expect(fault).toEqual({
      kind: 'latency',
      at: { actor: 'decider', operation: 'RespondDecisionTaskCompleted', call: 1 },
      delayMs: expect.any(Number) as number,
    });
    // The shortest failing delay, to one step of its band (9 ms between 1 s and 10 s).
    expect(fault?.kind === 'latency' && fault.delayMs).toBeGreaterThanOrEqual(5_000);
    expect(fault?.kind === 'latency' && fault.delayMs).toBeLessThan(5_010);
  });

  it('draws delays from three bands, monotone in one shrinkable integer', () => {
    const delays = sample(delayArbitrary(120_000), 3_000);
    const share = (lo: number, hi: number): number =>
      delays.filter((d) => d >= lo && d <= hi).length / delays.length;
    for (const [lo, hi] of [
      [1, 1_000],
      [1_001, 10_000],
      [10_001, 120_000],
    ] as const) {
      expect(share(lo, hi)).toBeGreaterThan(0.2);
    }
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...delays)).toBeLessThanOrEqual(120_000);
    expect(sample(delayArbitrary(500), 200).every((d) => d >= 1 && d <= 500)).toBe(true);
  });
});

describe('schedule arbitraries', () => {
  it('keeps FIFO unless reordering is asked for, and then reorders three runs in four', () => {
    expect(sample(scheduleArbitrary()).every((s) => !s.reorder && /^\d+$/.test(s.seed))).toBe(true);
    const reordered = sample(scheduleArbitrary({ reorder: true }), 2_000).filter((s) => s.reorder).length;
    expect(reordered / 2_000).toBeGreaterThan(0.65);
    expect(reordered / 2_000).toBeLessThan(0.85);
  });

  it('gives fuzz cases as plain JSON: seed, reorder, faults', () => {
    for (const c of sample(fuzzCaseArbitrary({ targets, reorder: true }), 100)) {
      expect(Object.keys(c).sort()).toEqual(['faults', 'reorder', 'seed']);
      expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    }
  });
});
