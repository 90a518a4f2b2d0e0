/**
 * The timeline page of a 25,000-event history: how long `renderTimeline` takes, how big the page
 * is, and — in headless Chromium, when installed — how long the browser takes from loading the
 * file to having drawn it (target under 2 s, asserted here with that bound) and to redraw after a
 * zoom. Two shapes: few lanes with thousands of items each (one activityId and timerId reused),
 * and thousands of lanes (a new activityId per attempt).
 */
import type { HistoryEvent } from '@aws-sdk/client-swf';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTimeline } from '../src/adapters/timeline/renderTimeline.js';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium, openTimeline } from './chromium.js';
import { longHistory } from './longHistory.js';

const TARGET_MS = 2_000;
const LOADS = 5;

/** Four zoom-ins, each waiting for the redraw; the page's own clock. */
const ZOOM_MS = `(async () => {
  const start = performance.now();
  for (let i = 0; i < 4; i++) {
    document.querySelector('[data-zoom="in"]').click();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }
  return (performance.now() - start) / 4;
})()`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function distinctActivityIds(events: readonly HistoryEvent[]): HistoryEvent[] {
  return events.map((e) =>
    e.activityTaskScheduledEventAttributes === undefined
      ? e
      : {
          ...e,
          activityTaskScheduledEventAttributes: {
            ...e.activityTaskScheduledEventAttributes,
            activityId: `attempt-${String(e.eventId)}`,
          },
        },
  );
}

export async function main(): Promise<void> {
  const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(44)} ${value}\n`);
  const directory = mkdtempSync(join(tmpdir(), 'swf-sim-timeline-bench-'));
  const events = longHistory(25_000);
  const pages: [string, string][] = [];
  for (const [name, history] of [
    ['few lanes', events],
    ['one lane per activity', distinctActivityIds(events)],
  ] as const) {
    const started = performance.now();
    const html = renderTimeline({ executions: [{ history, title: name }] });
    const path = join(directory, `${name.replace(/ /g, '-')}.html`);
    writeFileSync(path, html);
    pages.push([name, path]);
    line(
      `renderTimeline, 25,000 events, ${name}`,
      `${(performance.now() - started).toFixed(0)} ms in Node, page ${(html.length / 1e6).toFixed(2)} MB`,
    );
  }
  if (!chromiumAvailable()) {
    line('browser', `skipped: no Chromium at ${CHROMIUM_PATH}`);
    rmSync(directory, { recursive: true, force: true });
    return;
  }
  const browser = await launchChromium({ width: 1280, height: 800 });
  const slow: string[] = [];
  try {
    for (const [name, path] of pages) {
      await openTimeline(browser.page, path); // warm-up: the first load also starts the renderer
      const loads: number[] = [];
      for (let i = 0; i < LOADS; i++) loads.push(await openTimeline(browser.page, path));
      const zoomMs = await browser.page.evaluate<number>(ZOOM_MS);
      const loadMs = median(loads);
      if (loadMs >= TARGET_MS) slow.push(`${name}: ${loadMs.toFixed(0)} ms`);
      line(
        `Chromium, load to drawn, ${name}`,
        `${loadMs.toFixed(0)} ms median of ${String(LOADS)} (${Math.min(...loads).toFixed(0)}–${Math.max(...loads).toFixed(0)}); zoom redraw ${zoomMs.toFixed(0)} ms`,
      );
    }
  } finally {
    await browser.close();
    rmSync(directory, { recursive: true, force: true });
  }
  if (slow.length > 0)
    throw new Error(`timeline page slower than ${String(TARGET_MS)} ms: ${slow.join(', ')}`);
}
