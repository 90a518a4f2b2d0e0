/**
 * Debian's headless Chromium (the `chromium` package; `.ci/run` installs it) driven by
 * playwright-core, for the timeline's browser test, its benchmark and the README's screenshots.
 * Playwright never downloads a browser here: it is pointed at the system's executable, with a
 * fresh empty profile and the network features that would phone home turned off.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

/** Where the browser is: `SWF_SIM_CHROMIUM`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env.SWF_SIM_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether {@link CHROMIUM_PATH} is an executable. */
export function chromiumAvailable(): boolean {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A running browser with one page; `close` ends it and deletes its profile. */
export interface Browser {
  readonly page: Page;
  close(): Promise<void>;
}

/** Starts Chromium with a new empty profile and a page of the given size. */
export async function launchChromium(viewport = { width: 1280, height: 720 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'swf-sim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens a timeline page from disk and waits until it has drawn; returns its load-to-drawn time. */
export async function openTimeline(page: Page, path: string): Promise<number> {
  await page.goto(`file://${path}`);
  await page.waitForSelector('html[data-rendered-ms]', { timeout: 60_000 });
  return Number(await page.getAttribute('html', 'data-rendered-ms'));
}
