// `swf-sim/vitest`: matchers for SWF histories (`expect.extend(swfMatchers)`); importing this entry
// adds their types to vitest's `expect`. Re-exports only; vitest is an optional peer dependency.
export { swfMatchers, type SwfMatchers, type SwfMatcherResult } from './adapters/testing/vitest/matchers.js';
