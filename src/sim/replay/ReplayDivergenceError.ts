import { formatReplayResult, type ReplayDivergence, type HistoryReplayResult } from './replayReport.js';

/**
 * Thrown by `replayHistory` when the decider does not make the recorded decisions (or, with
 * `checkDeterminism`, answers one decision point differently on a second run). The message is
 * the readable report; `result` has it as data.
 * @public
 */
export class ReplayDivergenceError extends Error {
  override readonly name = 'ReplayDivergenceError';

  constructor(readonly result: HistoryReplayResult) {
    super(formatReplayResult(result));
  }

  /** The first divergence: decision point, expected and actual decisions, the diff. */
  get divergence(): ReplayDivergence | undefined {
    return this.result.divergence;
  }
}

/**
 * A history that cannot be replayed or re-enacted as it is (not ascending, ids with gaps, an
 * unknown event type, …). The message names the event and what is wrong with it.
 * @public
 */
export class UnusableHistoryError extends Error {
  override readonly name = 'UnusableHistoryError';
}
