// `swf-sim/fuzz`: property-based fuzzing of a scenario under generated fault plans and schedules
// (docs/fuzzing.md). Re-exports only; loads fast-check, an optional peer dependency.
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
