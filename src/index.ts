// `swf-sim`: the simulation, the deterministic runner, the service, fault plans, traces and the
// history checker. Re-exports only; nothing here loads fast-check or vitest (sub-paths do:
// `swf-sim/fuzz`, `swf-sim/vitest`, `swf-sim/replay`, `swf-sim/server`, `swf-sim/timeline`).

// The simulation: real SDK clients on a virtual clock.
export {
  createSimulation,
  type Simulation,
  type SimulationOptions,
} from './adapters/testing/harness/createSimulation.js';
export {
  createSdkClient,
  type CreateSdkClientOptions,
  type SimulatedRequestHandler,
} from './adapters/sdk/createSdkClient.js';
export {
  VirtualTimeRetryStrategy,
  type VirtualTimeRetryStrategyOptions,
} from './adapters/sdk/VirtualTimeRetryStrategy.js';

// The deterministic runner: actors, scenarios, traces (docs/runner.md).
export {
  createRunner,
  RunnerSetupError,
  type Runner,
  type RunnerOptions,
  type SdkActor,
  type ActorClientFactory,
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
  type ScenarioParameters,
  type ScenarioExecutions,
  type ExpectedOutcome,
  type ReplayResult,
} from './adapters/testing/harness/runScenario.js';
export type { ActorContext, SpawnOptions, NetworkErrorCode } from './sim/scheduler/Actor.js';
export type { Scheduler } from './sim/scheduler/Scheduler.js';
export type {
  RunControls,
  RunUntil,
  RunOutcome,
  RunReport,
  PendingReport,
  LogLine,
} from './sim/scheduler/RunOutcome.js';
export { SDK_RETRY_BACKOFF, type RetryBackoff } from './sim/scheduler/RetryBackoff.js';
export {
  FifoChooser,
  RandomChooser,
  ScriptedChooser,
  ChooserScriptError,
  type Chooser,
} from './sim/random/Chooser.js';
export type { SeededRandom } from './sim/random/SeededRandom.js';
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

// Fault plans (docs/runner.md#faults).
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

// The service without the SDK: typed direct calls.
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
export { VirtualClock, type TimerHandle, type TimerOptions } from './sim/clock/VirtualClock.js';

// Histories: load, check, print (docs/invariants.md).
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
  attributesOf,
  eventAttributesKey,
  type EventAttributes,
  type EventAttributesKey,
} from './sim/history/appendEvent.js';
export {
  loadHistoryFile,
  parseHistoryJson,
  parseHistoryData,
  HistoryFileError,
  type LoadedHistory,
} from './adapters/formats/loadHistoryFile.js';
export { formatHistoryTable } from './adapters/formats/historyTable.js';
