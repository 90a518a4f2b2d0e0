#!/usr/bin/env node
// Regenerates the README's timeline pictures (docs/images/timeline-*.png) in headless Chromium:
// the boto tutorial's HelloWorld, and the shrunk failure that `swf-sim fuzz` finds in the retry
// workflow that ignores activity timeouts. Run `npm run build` first.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const root = new URL('..', import.meta.url).pathname;
const { loadHistoryFile } = await import(`${root}dist/src/index.js`);
const { checkFuzz, createFuzzer } = await import(`${root}dist/src/fuzz.js`);
const { fuzzTimelineInput, renderTimeline } = await import(`${root}dist/src/timeline.js`);
const { launchChromium, openTimeline } = await import(`${root}dist/bench/chromium.js`);
const scenario = await import(`${root}dist/fixtures/examples/retryIgnoresTimeout.js`);

const hello = await loadHistoryFile(`${root}fixtures/histories/hello-world_boto-tutorial.json`);
const fuzzer = await createFuzzer(scenario);
const report = await checkFuzz(fuzzer, { numRuns: 200, seed: 1 });
if (!report.failed) throw new Error('the fuzzer found no failure to draw');
const pages = [
  {
    name: 'timeline-hello-world',
    input: {
      title: 'HelloWorld (boto tutorial recording)',
      executions: [{ history: hello.events, title: 'fixtures/histories/hello-world_boto-tutorial.json' }],
    },
    hover: 'g.lane[data-kind="activity"] rect[data-i]',
  },
  {
    name: 'timeline-fuzz-failure',
    input: fuzzTimelineInput(report.result, {
      title: 'swf-sim fuzz dist/fixtures/examples/retryIgnoresTimeout.js --seed 1: shrunk failure',
      check: fuzzer.options.invariants,
    }),
    hover: 'g.lane[data-kind="fault"] path[data-i]',
  },
];

const directory = mkdtempSync(join(tmpdir(), 'swf-sim-screenshots-'));
const browser = await launchChromium({ width: 1100, height: 1400 });
try {
  for (const { name, input, hover } of pages) {
    const path = join(directory, `${name}.html`);
    writeFileSync(path, renderTimeline(input));
    await openTimeline(browser.page, path);
    await browser.page.locator(hover).last().hover();
    // Down to the last lane, or the tooltip if it reaches further.
    const bottom = await browser.page.evaluate(`Math.max(...[...document.querySelectorAll('g.lane, #tip')]
      .map((e) => e.getBoundingClientRect().bottom))`);
    const out = `${root}docs/images/${name}.png`;
    await browser.page.screenshot({
      path: out,
      clip: { x: 0, y: 0, width: 1100, height: Math.ceil(bottom) + 12 },
    });
    process.stdout.write(`${out}\n`);
  }
} finally {
  await browser.close();
  rmSync(directory, { recursive: true, force: true });
}
