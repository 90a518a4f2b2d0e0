import { describe, expect, it } from 'vitest';
import {
  FaultPlanError,
  checkFaultPlan,
  parseFaultPlan,
  type FaultPlan,
} from '../../src/sim/faults/FaultPlan.js';

const everyKind: FaultPlan = {
  faults: [
    { kind: 'crash', at: { actor: 'worker', call: 2 }, point: 'reply', restartDelayMs: 5000 },
    { kind: 'lostRequest', at: { actor: 'worker', operation: 'RespondActivityTaskCompleted', call: 1 } },
    { kind: 'lostReply', at: { actor: 'decider', call: 3 }, delayMs: 100 },
    { kind: 'throttle', at: { actor: 'decider', call: 1 } },
    { kind: 'latency', at: { actor: 'worker', call: 4 }, point: 'reply', delayMs: 250 },
    { kind: 'slowWork', at: { actor: 'worker', operation: 'RespondActivityTaskCompleted', call: 1 } },
    { kind: 'activityFailure', activityType: 'FlakyActivity', attempts: [1, 2], reason: 'boom' },
  ],
  rates: {
    crashRatio: 0.01,
    restartDelayMs: 1000,
    lostRequestRatio: 0.02,
    lostReplyRatio: 0.02,
    throttleRatio: 0.05,
    latencyRatio: 0.1,
    latencyMsMax: 500,
    slowWorkRatio: 0.01,
    slowWorkMs: 4_000_000,
    activityFailureRatio: 0.2,
    networkErrorDelayMs: 0,
  },
};

describe('fault plan', () => {
  it('accepts every kind of fault and every rate, and survives a JSON round trip', () => {
    expect(checkFaultPlan(everyKind)).toEqual([]);
    expect(parseFaultPlan(JSON.parse(JSON.stringify(everyKind)))).toStrictEqual(everyKind);
    expect(parseFaultPlan({})).toStrictEqual({});
  });

  it('lists every problem with its JSON path', () => {
    const problems = checkFaultPlan({
      faults: [
        { kind: 'explode', at: { actor: 'w', call: 1 } },
        { kind: 'crash', at: { actor: '', call: 0, operation: 'PollForTea' }, point: 'later' },
        { kind: 'latency', at: { actor: 'w', call: 1 } },
        { kind: 'throttle', at: { actor: 'w', call: 1 }, delayMs: 5 },
        { kind: 'activityFailure', attempts: [] },
      ],
      rates: { crashRatio: 1.5, latencyMsMax: -1, lostReplyRate: 0.1 },
      extra: true,
    });
    expect(problems).toEqual([
      'plan.extra: unknown member (allowed: faults, rates)',
      'plan.faults[0].kind: expected one of "crash", "lostRequest", "lostReply", "throttle", "latency", "slowWork", "activityFailure", got "explode"',
      'plan.faults[1].at.actor: expected an actor name, got ""',
      'plan.faults[1].at.call: expected an integer >= 1, got 0',
      'plan.faults[1].at.operation: expected an SWF operation name such as "PollForActivityTask", got "PollForTea"',
      'plan.faults[1].point: expected one of "request", "reply", got "later"',
      'plan.faults[2].delayMs: expected a whole number of milliseconds >= 0, got nothing',
      'plan.faults[3].delayMs: unknown member (allowed: kind, at)',
      'plan.faults[4].attempts: expected a non-empty array of attempt numbers (1 = first attempt), got []',
      expect.stringMatching(/^plan\.rates\.lostReplyRate: unknown member/),
      'plan.rates.crashRatio: expected a ratio in [0, 1], got 1.5',
      'plan.rates.latencyMsMax: expected a whole number of milliseconds >= 0, got -1',
    ]);
  });

  it('parse throws a FaultPlanError naming every problem', () => {
    const parse = () => parseFaultPlan({ faults: {}, rates: [] });
    expect(parse).toThrow(FaultPlanError);
    expect(parse).toThrow(
      /plan\.faults: expected an array of faults[\s\S]*plan\.rates: expected an object of ratios/,
    );
    expect(() => parseFaultPlan(null)).toThrow(/plan: expected an object/);
  });
});
