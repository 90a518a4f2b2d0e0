import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../src/sim/check/invariants.js';
import { INVARIANT_FAMILIES } from '../../src/sim/check/rules.js';

describe('invariant families', () => {
  it('judge every invariant of INVARIANTS, each in exactly one family', () => {
    const judged = INVARIANT_FAMILIES.flatMap((family) => family.invariants);
    expect([...judged].sort()).toEqual(INVARIANTS.map((invariant) => invariant.name).sort());
  });
});
