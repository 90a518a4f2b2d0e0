// Public API of swf-sim: re-exports only.
export {
  createSimulation,
  type Simulation,
  type SimulationOptions,
} from './adapters/testing/harness/createSimulation.js';
export { createSdkClient, type CreateSdkClientOptions } from './adapters/sdk/createSdkClient.js';
export { InProcessHttpHandler } from './adapters/sdk/InProcessHttpHandler.js';
export { formatHistoryTable } from './adapters/formats/historyTable.js';
export {
  SwfService,
  DEFAULT_START_MS,
  type SwfServiceOptions,
  type OperationResult,
} from './sim/service/SwfService.js';
export type { ServiceOptions } from './sim/service/ServiceState.js';
export type { SwfEndpoint, CallContext } from './sim/service/SwfEndpoint.js';
export {
  OPERATION_NAMES,
  isOperationName,
  type OperationName,
  type OperationInput,
  type OperationOutput,
  type OperationTypes,
} from './sim/service/operations.js';
export {
  SwfFault,
  type SwfFaultName,
  type ModeledFaultName,
  type CoralFaultName,
} from './sim/faults/SwfFault.js';
export {
  VirtualClock,
  type TimerHandle,
  type TimerOptions,
  type PendingTimer,
} from './sim/clock/VirtualClock.js';
export { SeededRandom } from './sim/random/SeededRandom.js';
export {
  attributesOf,
  eventAttributesKey,
  type EventAttributes,
  type EventAttributesKey,
} from './sim/history/appendEvent.js';
export {
  checkHistory,
  historyShape,
  type CheckHistoryOptions,
  type HistoryShape,
} from './sim/check/checkHistory.js';
export { assertHistory } from './sim/check/assertHistory.js';
export { InvariantViolationError, formatViolations } from './sim/check/InvariantViolationError.js';
export { INVARIANTS, type InvariantName, type Violation } from './sim/check/invariants.js';
export { toAscending, isNewestFirst } from './sim/check/toAscending.js';
export {
  loadHistoryFile,
  parseHistoryJson,
  HistoryFileError,
  type LoadedHistory,
} from './adapters/formats/loadHistoryFile.js';
export { swfMatchers, type SwfMatchers } from './adapters/testing/vitest/matchers.js';
// Deterministic runner: actors, scheduler, fault plans, traces (docs/runner.md).
export {
  createRunner,
  RunnerSetupError,
  type Runner,
  type RunnerOptions,
  type SdkActor,
  type ExecutionSummary,
} from './adapters/testing/harness/createRunner.js';
export {
  runScenario,
  replayScenario,
  describeOutcome,
  type ScenarioModule,
  type ScenarioResult,
  type ScenarioOutcome,
  type ScenarioRunOptions,
  type ExpectedOutcome,
  type ReplayResult,
  type ScenarioParameters,
  type ScenarioExecutions,
} from './adapters/testing/harness/runScenario.js';
export { createActorClient, type CreateActorClientOptions } from './adapters/sdk/createActorClient.js';
export { ActorHttpHandler } from './adapters/sdk/ActorHttpHandler.js';
export {
  VirtualTimeRetryStrategy,
  type VirtualTimeRetryStrategyOptions,
} from './adapters/sdk/VirtualTimeRetryStrategy.js';
export { Scheduler, type SchedulerOptions } from './sim/scheduler/Scheduler.js';
export type {
  RunControls,
  RunUntil,
  RunOutcome,
  RunReport,
  PendingReport,
  LogLine,
} from './sim/scheduler/RunOutcome.js';
export { SDK_RETRY_BACKOFF, type RetryBackoff } from './sim/scheduler/RetryBackoff.js';
export type { ProcessClock, UserTimerHandle, UserTimerKind } from './sim/scheduler/UserTimers.js';
export type { SchedulerWorld, RunFilter, OpenExecution } from './sim/scheduler/SchedulerWorld.js';
export type {
  ActorContext,
  ActorFactory,
  ActorPort,
  CallReply,
  CallRequest,
  NetworkErrorCode,
  SpawnOptions,
} from './sim/scheduler/Actor.js';
export {
  compareTraces,
  formatTraceFile,
  parseTraceFile,
  TraceFileError,
  type TraceEntry,
  type TraceEntryKind,
  type TraceFile,
  type TraceSettings,
  type TraceDivergence,
} from './sim/scheduler/Trace.js';
export {
  FifoChooser,
  RandomChooser,
  ScriptedChooser,
  ChooserScriptError,
  type Chooser,
} from './sim/random/Chooser.js';
export {
  checkFaultPlan,
  parseFaultPlan,
  FaultPlanError,
  NO_FAULTS,
  FAULT_KINDS,
  type FaultPlan,
  type FaultRates,
  type FaultKind,
  type ScriptedFault,
  type CallSelector,
  type CrashFault,
  type LostRequestFault,
  type LostReplyFault,
  type ThrottleFault,
  type LatencyFault,
  type SlowWorkFault,
  type ActivityFailureFault,
} from './sim/faults/FaultPlan.js';
export { startServer, type StartServerOptions, type SwfServer } from './adapters/http/startServer.js';
export type { ClockJump, ClockMode } from './adapters/http/clockDrivers.js';
export type { ClockStatus } from './adapters/http/controlRoutes.js';
export { SERVER_SNAPSHOT_FORMAT, type ServerSnapshot } from './adapters/http/ServerWorld.js';
export { exportState } from './sim/service/snapshot/exportState.js';
export { importState } from './sim/service/snapshot/importState.js';
export {
  SnapshotError,
  SERVICE_SNAPSHOT_FORMAT,
  type ServiceSnapshot,
  type DomainSnapshot,
  type RunSnapshot,
  type SnapshotEvent,
  type TaskHint,
  type TypeSnapshot,
} from './sim/service/snapshot/ServiceSnapshot.js';
// Replay and re-enactment of recorded histories; history import/export (docs/replay.md).
export { parseHistoryData } from './adapters/formats/loadHistoryFile.js';
export {
  toAwsCliHistory,
  formatAwsCliHistory,
  type AwsCliHistory,
  type AwsCliHistoryEvent,
  type AwsCliHistoryOptions,
} from './adapters/formats/exportHistory.js';
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
export {
  reenactHistory,
  reenactHistories,
  formatReenactResult,
  ReenactmentDivergenceError,
  type ReenactOptions,
  type ReenactResult,
} from './adapters/testing/reenact/reenact.js';
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
export { compareDecisions, type DecisionMismatch } from './sim/replay/compareDecisions.js';
export { inferExecution, type InferredExecution } from './sim/replay/inferExecution.js';
export {
  compareHistories,
  formatHistoryComparison,
  REENACT_TOLERANCE_MS,
  TIMESTAMP_LATE_MS,
  type HistoryComparison,
  type HistoryDifference,
  type KnownDivergence,
  type CompareHistoriesOptions,
} from './sim/replay/compareHistories.js';
export {
  decisionTaskPage,
  DECISION_TASK_PAGE_SIZE,
  type DecisionTaskPageRequest,
} from './sim/replay/decisionTaskPages.js';
// Property-based fuzzing (docs/fuzzing.md). These import fast-check at run time.
export {
  createFuzzer,
  checkFuzz,
  assertFuzz,
  fuzzParameters,
  FuzzFailureError,
  type Fuzzer,
  type FuzzOptions,
  type FuzzScenario,
  type FuzzScenarioOptions,
  type FuzzReport,
  type FuzzProgress,
  type FuzzCheckParameters,
} from './adapters/testing/fuzz/fuzz.js';
export {
  runFuzzCase,
  discoverFaultTargets,
  failureKey,
  formatFaultPlan,
  FuzzCaseError,
  DEFAULT_LIVENESS_BUDGET_MS,
  defaultLivenessBudgetMs,
  type FuzzProperty,
  type FuzzRun,
  type FuzzExecution,
  type FuzzFailure,
  type FuzzCaseResult,
  type FuzzRunOptions,
  type DiscoverFaultTargetsOptions,
} from './adapters/testing/fuzz/fuzzCase.js';
export {
  faultPlanArbitrary,
  scriptedFaultArbitrary,
  scheduleArbitrary,
  fuzzCaseArbitrary,
  delayArbitrary,
  type FaultTargets,
  type FaultPlanArbitraryOptions,
  type Schedule,
  type ScheduleArbitraryOptions,
  type FuzzCase,
  type FuzzCaseArbitraryOptions,
} from './adapters/testing/fuzz/arbitraries.js';
export {
  formatFuzzReport,
  formatFuzzFailure,
  historyExcerpt,
  reproduceLines,
  type ReproduceOptions,
} from './adapters/testing/fuzz/fuzzReport.js';
export {
  fuzzResultFile,
  parseFuzzResultFile,
  mergeFuzzResults,
  formatFuzzSummary,
  fuzzExitCode,
  FuzzResultFileError,
  type FuzzResultEntry,
  type FuzzResultFile,
  type FuzzResultFailure,
  type FuzzSummary,
} from './adapters/testing/fuzz/fuzzResults.js';
// Timeline pictures of runs: one self-contained HTML page (docs/timeline.md).
export { renderTimeline } from './adapters/timeline/renderTimeline.js';
export type { TimelineInput, TimelineExecution } from './adapters/timeline/buildTimeline.js';
export { scenarioTimelineInput, fuzzTimelineInput } from './adapters/timeline/timelineInputs.js';
