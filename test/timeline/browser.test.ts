/**
 * The timeline page in a real browser: Debian's headless Chromium driven by playwright-core
 * (bench/chromium.ts). It runs whenever the browser is installed (or SWF_SIM_CHROMIUM names one);
 * in CI (CI=true) a missing browser fails the test — .ci/run installs Debian's chromium — and
 * only on a developer machine without it is the test skipped.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  CHROMIUM_PATH,
  launchChromium,
  openTimeline,
  type Browser,
} from '../../bench/chromium.js';
import { longHistory } from '../../bench/longHistory.js';
import { loadHistoryFile } from '../../src/adapters/formats/loadHistoryFile.js';
import { renderTimeline, type TimelineInput } from '../../src/timeline.js';
import { parseTraceFile } from '../../src/sim/scheduler/Trace.js';
import { runsWithTool } from '../support/externalTool.js';
import { earlyTimerHistory } from './handWritten.js';

const available = chromiumAvailable();
const runIt = runsWithTool(
  available,
  `timeline: browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set SWF_SIM_CHROMIUM)`,
);

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;
const directory = mkdtempSync(join(tmpdir(), 'swf-sim-timeline-browser-'));
let browser: Browser | undefined;
const errors: string[] = [];

beforeAll(async () => {
  if (!runIt) return;
  if (!available) {
    throw new Error(
      `Chromium is required in CI (CI=true) but ${CHROMIUM_PATH} is missing; .ci/run installs it`,
    );
  }
  browser = await launchChromium({ width: 1200, height: 700 });
  browser.page.on('pageerror', (error) => errors.push(String(error)));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Writes the page of `input` and opens it; returns the page. */
async function open(name: string, input: TimelineInput): Promise<Page> {
  const path = join(directory, `${name}.html`);
  writeFileSync(path, renderTimeline(input));
  const page = (browser as Browser).page;
  await openTimeline(page, path);
  return page;
}

const texts = (page: Page, selector: string): Promise<string[]> => page.locator(selector).allTextContents();

/**
 * Share of the screenshot's pixels that are not background white, and how many colours it has,
 * counted by the browser itself (a canvas decodes the PNG). A string: this program has no DOM types.
 */
const INK_OF_PNG = `async (data) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + data;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  const colours = new Set();
  let ink = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i] < 245 || pixels[i + 1] < 245 || pixels[i + 2] < 245) ink++;
    colours.add(((pixels[i] >> 4) << 8) | ((pixels[i + 1] >> 4) << 4) | (pixels[i + 2] >> 4));
  }
  return { ink: ink / (pixels.length / 4), colours: colours.size };
}`;

async function inkOf(page: Page): Promise<{ ink: number; colours: number }> {
  const png = (await page.screenshot()).toString('base64');
  return page.evaluate<{ ink: number; colours: number }>(`(${INK_OF_PNG})(${JSON.stringify(png)})`);
}

describe.skipIf(!runIt)('timeline page in Chromium', { timeout: 120_000 }, () => {
  it("draws the tutorial's HelloWorld: lanes, labels, hover, details, zoom and the event-order axis", async () => {
    const { events } = await loadHistoryFile(`${FIXTURES}histories/hello-world_boto-tutorial.json`);
    const page = await open('hello', { executions: [{ history: events, title: 'HelloWorld' }] });
    expect(await texts(page, 'g.lane .lane-label')).toEqual([
      'workflow',
      'decision tasks',
      'activity saying_hi',
    ]);
    expect(await texts(page, 'g.head')).toEqual([
      expect.stringContaining('HelloWorkflow 1.0 · COMPLETED · 11 events'),
    ]);
    expect(await texts(page, 'g.lane text')).toContain('HelloWorld 1.0: completed');
    const { ink, colours } = await inkOf(page);
    expect(ink).toBeGreaterThan(0.03);
    expect(colours).toBeGreaterThan(8);

    const activity = page.locator('g.lane[data-kind="activity"] rect[data-i]').last();
    await activity.hover();
    expect(await page.locator('#tip').isVisible()).toBe(true);
    expect(await page.locator('#tip').textContent()).toMatch(
      /event 5 {2}ActivityTaskScheduled[\s\S]*event 7 {2}ActivityTaskCompleted/,
    );
    await activity.click();
    expect(await page.locator('#details').textContent()).toContain('"activityId": "saying_hi"');

    const axis = async (): Promise<string[]> => texts(page, '#axis .tick text');
    const fitted = await axis();
    await page.click('[data-zoom="in"]');
    await page.click('[data-zoom="in"]');
    await expect.poll(axis).not.toEqual(fitted);
    await page.click('[data-zoom="fit"]');
    await expect.poll(axis).toEqual(fitted);
    await page.check('input[value="order"]');
    await expect.poll(axis).toContain('event 5');
    expect(errors).toEqual([]);
  });

  it('draws a traced run with its faults, and outlines and lists invariant violations', async () => {
    const trace = parseTraceFile(
      JSON.parse(readFileSync(`${FIXTURES}traces/retry-workflow_42.json`, 'utf8')),
    );
    const history = earlyTimerHistory(trace.startMs);
    const page = await open('trace', { executions: [{ history }], trace });
    expect(await texts(page, 'g.lane .lane-label')).toEqual(
      expect.arrayContaining(['timer t', 'actor decider', 'actor worker', 'injected faults']),
    );
    expect(await page.locator('.fault-line').count()).toBeGreaterThan(0);
    expect(await page.locator('g.lane[data-kind="timer"] .viol').count()).toBe(1);
    await page.locator('.violations li', { hasText: 'timeoutsNotEarly' }).click();
    expect(await page.locator('#details h2').textContent()).toMatch(/^timer t: /);
    expect(errors).toEqual([]);
  });

  it('draws a 25,000-event history', async () => {
    const page = await open('long', { executions: [{ history: longHistory(25_000), title: 'long' }] });
    expect(await texts(page, 'g.lane .lane-label')).toEqual([
      'workflow',
      'decision tasks',
      'activity a',
      'timer t',
    ]);
    expect(await page.locator('g.lane [data-i]').count()).toBeGreaterThan(10);
    expect(errors).toEqual([]);
  });
});
