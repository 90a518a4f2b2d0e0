// `swf-sim/server`: SWF's wire protocol over HTTP on 127.0.0.1 with a virtual clock, and the
// service's state as JSON (docs/serve.md). Re-exports only.
export { startServer, type StartServerOptions, type SwfServer } from './adapters/http/startServer.js';
export { startIsolatedServer, type IsolatedServer } from './adapters/http/isolated/isolatedServer.js';
export type { ClockJump, ClockMode } from './adapters/http/clockDrivers.js';
export type { ClockStatus } from './adapters/http/controlRoutes.js';
export { SERVER_SNAPSHOT_FORMAT, type ServerSnapshot } from './adapters/http/ServerWorld.js';
export { exportState, type ExportOptions } from './sim/service/snapshot/exportState.js';
export type { Recovered } from './adapters/http/durability/durability.js';
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
