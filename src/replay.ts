// `swf-sim/replay`: recorded histories replayed through today's decider, re-enacted in the
// simulator, and exported back in the AWS CLI's format (docs/replay.md). Re-exports only.
export {
  replayHistory,
  replayHistories,
  type Decider,
  type ClientDecider,
  type DecideFunction,
  type DecideFunctionDecider,
  type DecideResult,
  type DecisionTask,
  type ReplayInput,
  type ReplayOptions,
} from './adapters/testing/replay/replayHistory.js';
export { ReplayDivergenceError, UnusableHistoryError } from './sim/replay/ReplayDivergenceError.js';
export {
  formatReplayResult,
  type HistoryReplayResult,
  type ReplayDivergence,
  type DecisionPointResult,
  type DecisionPointStatus,
  type DecisionResponse,
} from './sim/replay/replayReport.js';
export {
  decisionPoints,
  type DecisionPoint,
  type DecisionPointOutcome,
} from './sim/replay/decisionPoints.js';
export type { DecisionMismatch } from './sim/replay/compareDecisions.js';
export {
  reenactHistory,
  reenactHistories,
  formatReenactResult,
  ReenactmentDivergenceError,
  type ReenactOptions,
  type ReenactResult,
} from './adapters/testing/reenact/reenact.js';
export {
  compareHistories,
  formatHistoryComparison,
  type HistoryComparison,
  type HistoryDifference,
  type KnownDivergence,
  type CompareHistoriesOptions,
} from './sim/replay/compareHistories.js';
export {
  toAwsCliHistory,
  formatAwsCliHistory,
  type AwsCliHistory,
  type AwsCliHistoryEvent,
  type AwsCliHistoryOptions,
} from './adapters/formats/exportHistory.js';
