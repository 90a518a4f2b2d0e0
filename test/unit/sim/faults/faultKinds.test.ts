import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../../src/sim/faults/FaultInjector.js';
import { readFaultNote } from '../../../../src/sim/faults/faultNotes.js';
import { checkFaultPlan, FAULT_KINDS, type ScriptedFault } from '../../../../src/sim/faults/FaultPlan.js';
import { SeededRandom } from '../../../../src/sim/random/SeededRandom.js';

const at = { actor: 'worker', call: 1 };
/** One scripted fault of every kind but `activityFailure` (which matches tasks, not calls). */
const ONE_OF_EACH: ScriptedFault[] = [
  { kind: 'crash', at, point: 'reply' },
  { kind: 'lostRequest', at },
  { kind: 'lostReply', at },
  { kind: 'throttle', at },
  { kind: 'latency', at, delayMs: 5 },
  { kind: 'latency', at, point: 'reply', delayMs: 7 },
  { kind: 'slowWork', at, delayMs: 9 },
];

describe('fault kinds', () => {
  it('accepts every listed kind in a plan, and its ratio', () => {
    const rates = Object.fromEntries(FAULT_KINDS.map((kind) => [`${kind}Ratio`, 0.5]));
    expect(checkFaultPlan({ rates })).toEqual([]);
    expect(checkFaultPlan({ faults: [{ kind: 'nope', at }] })).toEqual([
      `plan.faults[0].kind: expected one of ${FAULT_KINDS.map((k) => `"${k}"`).join(', ')}, got "nope"`,
    ]);
  });

  it('reads the trace note of every injected fault and its delay, and no other note', () => {
    const injector = new FaultInjector({ faults: ONE_OF_EACH }, new SeededRandom('notes'));
    const facts = {
      actor: 'worker',
      callNo: 1,
      opCallNo: 1,
      operation: 'PollForActivityTask',
      exempt: false,
    };
    const { notes } = injector.onRequest(facts);
    expect(notes).toHaveLength(ONE_OF_EACH.length);
    expect(notes.map(readFaultNote)).toEqual([
      { name: 'crash@reply', delayMs: undefined },
      { name: 'lostRequest', delayMs: undefined },
      { name: 'lostReply', delayMs: undefined },
      { name: 'throttle', delayMs: undefined },
      { name: 'latency', delayMs: 5 },
      { name: 'replyLatency', delayMs: 7 },
      { name: 'slowWork', delayMs: 9 },
    ]);
    expect(readFaultNote('activityFailure FlakyActivity#2')).toEqual({
      name: 'activityFailure',
      delayMs: undefined,
    });
    for (const kind of FAULT_KINDS) expect(readFaultNote(kind)?.name).toBe(kind);
    expect(['backoff+37', '250ms', 'crashed'].map(readFaultNote)).toEqual([undefined, undefined, undefined]);
  });
});
