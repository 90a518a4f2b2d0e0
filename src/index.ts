// Public API of swf-sim: re-exports only.
export {
  createSimulation,
  type Simulation,
  type SimulationOptions,
} from './adapters/testing/createSimulation.js';
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
export { VirtualClock, type TimerHandle } from './sim/clock/VirtualClock.js';
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
export { swfMatchers, type SwfMatchers } from './adapters/testing/matchers.js';
