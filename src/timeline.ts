// `swf-sim/timeline`: runs drawn as one self-contained HTML page (docs/timeline.md). Re-exports only.
export { renderTimeline } from './adapters/timeline/renderTimeline.js';
export type { TimelineInput, TimelineExecution } from './adapters/timeline/buildTimeline.js';
export { scenarioTimelineInput, fuzzTimelineInput } from './adapters/timeline/timelineInputs.js';
