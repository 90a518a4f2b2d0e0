import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/sim/check/checkHistory.js';
import { toAscending } from '../../src/sim/check/toAscending.js';
import { asUntimedExport, loadRecorded, recordedHistoryNames } from './recorded.js';

const names = recordedHistoryNames();

describe('recorded histories: real SWF satisfies every invariant', () => {
  it('has the recorded histories to check', () => {
    expect(names.length).toBeGreaterThanOrEqual(29); // the 28 shared recordings and the tutorial's
  });

  it.each(names)('%s', (name) => {
    const { events } = loadRecorded(name);
    expect(checkHistory(toAscending(events))).toEqual([]);
  });

  it.each(names)('%s, as an exporter without timestamps and zero ids writes it', (name) => {
    const { events } = loadRecorded(name);
    expect(checkHistory(asUntimedExport(toAscending(events)))).toEqual([]);
  });
});
