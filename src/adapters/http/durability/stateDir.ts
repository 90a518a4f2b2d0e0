import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/*
 * A state directory holds:
 *   settings.json          what the world is made from (seed, account, start, token secret), fixed at creation
 *   lock                   the pid of the server using it
 *   snapshot-<g>.json      the world at the start of generation g (written aside, then renamed)
 *   journal-<g>.ndjson     what happened since, one JSON entry per line, after a header line
 *   unrestorable-<g>.json  snapshot g, set aside when a start could not restore it (kept for a bug report)
 *   snapshot-aside.json    the world an import built in a worker, written while the server it is to
 *                          succeed still serves; renamed snapshot-<g>.json when it takes over
 * The newest complete snapshot, the one before it and the journals from that one on are kept, so that
 * a restart can fall back on the older snapshot when the newest cannot be restored.
 */

/** What a state directory's world is made from; fixed when the directory is created. @internal */
export interface StateSettings {
  readonly seed: string;
  readonly accountId: string;
  readonly startMs: number;
  readonly longPollMs: number;
  /** Secret of the task tokens; null: derived from the seed. */
  readonly tokenSecret: string | null;
}

/** The files of one generation found in a state directory. @internal */
export interface GenerationFiles {
  readonly generation: number;
  readonly snapshot?: string;
  readonly journal?: string;
  readonly unrestorable?: string;
}

const SETTINGS_FORMAT = 'swf-sim/state-dir';

/** A problem with a state directory that stops the server from using it. @internal */
export class StateDirError extends Error {
  override readonly name = 'StateDirError';
}

/** fsyncs the directory holding `path`, so a file created or renamed there survives a power loss. @internal */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await open(dirname(path), 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a small file whole, so it is either there complete or not at all. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, text, { mode: 0o600, flush: true });
  await rename(temporary, path);
  await syncDirectory(path);
}

/** The paths of generation `g`'s files in `dir`. @internal */
export function generationPaths(
  dir: string,
  g: number,
): { snapshot: string; journal: string; unrestorable: string } {
  const name = String(g).padStart(6, '0');
  return {
    snapshot: join(dir, `snapshot-${name}.json`),
    journal: join(dir, `journal-${name}.ndjson`),
    unrestorable: join(dir, `unrestorable-${name}.json`),
  };
}

/** Where a successor writes the snapshot of the world its import built (see the list above). @internal */
export function asidePath(dir: string): string {
  return join(dir, 'snapshot-aside.json');
}

/** The state directories servers of this process hold (real paths). */
const lockedHere = new Set<string>();

/**
 * Takes `dir` for this process: creates it if needed and writes `lock` with our pid. A lock whose
 * process is gone (killed) is taken over; a live one is refused — and so is a directory another
 * server of this very process holds (two servers on one journal would each lose the other's calls).
 * A lock with our own pid that no server here holds was left by one that never closed: taken over.
 * @internal
 */
export async function lockStateDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = await realpath(dir);
  if (lockedHere.has(key)) throw new StateDirError(`${dir} is in use by another server of this process`);
  const path = join(dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      lockedHere.add(key);
      // Once only: by the time a second call comes, the file may be another server's (a successor's).
      let held = true;
      return async () => {
        if (!held) return;
        held = false;
        lockedHere.delete(key);
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new StateDirError(`${dir} is in use by process ${holder}`);
      }
      await rm(path, { force: true });
    }
  }
  throw new StateDirError(`cannot lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The settings of `dir`: those it was created with, or `wanted` for a new directory. Settings given
 * explicitly (`given`) that differ from a directory's own are refused: its journal only replays
 * with the settings that wrote it.
 * @internal
 */
export async function settingsOf(
  dir: string,
  wanted: StateSettings,
  given: Partial<Record<keyof StateSettings, boolean>>,
): Promise<StateSettings> {
  const path = join(dir, 'settings.json');
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) {
    await writeAtomically(path, `${JSON.stringify({ format: SETTINGS_FORMAT, version: 1, ...wanted })}\n`);
    return wanted;
  }
  const stored = JSON.parse(text) as Record<string, unknown>;
  const valid =
    stored.format === SETTINGS_FORMAT &&
    typeof stored.seed === 'string' &&
    typeof stored.accountId === 'string' &&
    Number.isSafeInteger(stored.startMs) &&
    Number.isSafeInteger(stored.longPollMs) &&
    (stored.tokenSecret === null || typeof stored.tokenSecret === 'string');
  if (!valid) throw new StateDirError(`${path} is not a swf-sim settings file`);
  const settings = stored as unknown as StateSettings;
  for (const key of ['seed', 'accountId', 'startMs', 'longPollMs'] as const) {
    if (given[key] === true && settings[key] !== wanted[key]) {
      throw new StateDirError(
        `${dir} was created with ${key} ${JSON.stringify(settings[key])}, not ${JSON.stringify(wanted[key])}: ` +
          'start it without that option, or use another --state-dir',
      );
    }
  }
  return settings;
}

/** The generations whose files `dir` holds, oldest first; leftovers of interrupted writes are removed. @internal */
export async function listGenerations(dir: string): Promise<GenerationFiles[]> {
  const byGeneration = new Map<number, Partial<Record<'snapshot' | 'journal' | 'unrestorable', string>>>();
  for (const name of await readdir(dir)) {
    if (name.endsWith('.tmp')) {
      await rm(join(dir, name), { force: true });
      continue;
    }
    const match = /^(snapshot|journal|unrestorable)-(\d+)\.(json|ndjson)$/.exec(name);
    if (match === null) continue;
    const generation = Number(match[2]);
    const files = byGeneration.get(generation) ?? {};
    files[match[1] as 'snapshot' | 'journal' | 'unrestorable'] = join(dir, name);
    byGeneration.set(generation, files);
  }
  return [...byGeneration].sort(([a], [b]) => a - b).map(([generation, files]) => ({ generation, ...files }));
}

/**
 * The lines of a journal file. A last line cut short (the process died while writing it: it was
 * never acknowledged) is dropped, and so reported with `torn`.
 * @internal
 */
export async function readJournal(path: string): Promise<{ lines: unknown[]; torn: boolean }> {
  const lines: unknown[] = [];
  let broken: { line: number; text: string } | undefined;
  let count = 0;
  const input = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const text of input) {
    count++;
    if (broken !== undefined) {
      throw new StateDirError(`${path}:${broken.line}: not a journal entry: ${broken.text.slice(0, 80)}`);
    }
    try {
      lines.push(JSON.parse(text));
    } catch {
      broken = { line: count, text };
    }
  }
  return { lines, torn: broken !== undefined };
}

/** Writes a snapshot under its final name only once it is complete and on disk. @internal */
export async function writeSnapshotFile(
  path: string,
  write: (sink: (text: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await write(async (text) => {
      await handle.write(text);
    });
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  await syncDirectory(path);
}
