import { randomBytes } from 'node:crypto';
import { DEFAULT_START_MS } from '../../sim/service/SwfService.js';
import type { ClockMode } from './clockDrivers.js';
import { Durability } from './durability/durability.js';
import type { AccessPolicy } from './requestGuard.js';
import { REGION_PATTERN } from './ServerWorld.js';

/** Options of {@link startServer}; every one has a default. @public */
export interface StartServerOptions {
  /** TCP port; 0 (the default here; the CLI's is 8585) picks a free one. */
  readonly port?: number;
  /** Interface to listen on. Default `127.0.0.1`: only this machine can connect. */
  readonly host?: string;
  /** How virtual time moves (see {@link ClockMode}). Default `auto`. */
  readonly clock?: ClockMode;
  /** Realtime mode: virtual milliseconds per real millisecond. Default 1. */
  readonly scale?: number;
  /**
   * Auto mode: real milliseconds of quiet after an ordinary SWF call (not a long poll) arrived or
   * was answered before time may jump, so a client's next call, a few ms later, lands first.
   * Default 5. Safety comes from tracking tasks in progress and from skip locks, not from this.
   */
  readonly graceMs?: number;
  /**
   * Auto mode: real milliseconds after which something the clock waits for is given up on: a
   * request whose body is still arriving, a task no poller comes for, a client whose virtual sleep
   * ended and that does not call again. Default 2000.
   */
  readonly abandonMs?: number;
  /** Auto mode: report every jump (from, to, what fired, what everyone waited on); `true` writes to stderr. */
  readonly logClock?: boolean | ((line: string) => void);
  /** Account id in domain ARNs. Default `123456789012`. */
  readonly accountId?: string;
  /** Region for requests that carry no SigV4 credential scope. Default `us-east-1`. */
  readonly defaultRegion?: string;
  /**
   * Seed of the services' random streams (run ids); each region's is `<seed>/<region>`. Default
   * `swf-sim`. Given, it also keys the task tokens (same seed, same tokens); not given, the tokens
   * are keyed by a fresh random secret, so nobody can guess one handed to another client.
   */
  readonly seed?: string;
  /** Virtual instant the clock starts at (and returns to on reset). Default 2025-01-01T00:00:00Z. */
  readonly startTime?: Date;
  /** Virtual time a long poll waits for a task. Default 60 000 (SWF's 60 s). */
  readonly longPollMs?: number;
  /** Largest SWF request body; larger ones get HTTP 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Largest state document `PUT /_swf-sim/state` accepts. Default: no limit (it is read as a stream). */
  readonly maxStateBytes?: number;
  /** Most regions served at once. Default 32. */
  readonly maxRegions?: number;
  /**
   * Host names accepted in the `Host` header besides IP addresses, `localhost` and `*.localhost`
   * (what DNS rebinding cannot fake); `['*']` accepts any. Default none.
   */
  readonly allowHosts?: readonly string[];
  /** Origins (`https://app.example`) of web pages whose requests are accepted besides loopback ones; `['*']` accepts any. Default none. */
  readonly allowOrigins?: readonly string[];
  /**
   * Report the server's own failures (answers of 500), once per distinct cause, so they can be
   * reported; `true` (the default) writes to stderr, a function is given each report.
   */
  readonly logErrors?: boolean | ((line: string) => void);
  /**
   * A directory that keeps the state across restarts and crashes (docs/serve.md, "Durability"):
   * every state-changing call is journaled there before it is answered, and on start the state is
   * rebuilt from it. Seed, account, start time and long-poll time are then the directory's own.
   */
  readonly stateDir?: string;
  /** With `stateDir`: fsync the journal before answering (default true); false survives a crash of the process, not of the machine. */
  readonly fsync?: boolean;
  /** With `stateDir`: journal bytes after which a snapshot compacts it. Default 64 MiB. */
  readonly compactAfterBytes?: number;
}

const DEFAULTS = {
  host: '127.0.0.1',
  clock: 'auto' as ClockMode,
  scale: 1,
  graceMs: 5,
  abandonMs: 2000,
  accountId: '123456789012',
  defaultRegion: 'us-east-1',
  seed: 'swf-sim',
  maxBodyBytes: 1024 * 1024,
  maxRegions: 32,
  longPollMs: 60_000,
  compactAfterBytes: 64 * 1024 * 1024,
};

function positive(name: string, value: number | undefined, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isSafeInteger(value))) {
    throw new RangeError(`startServer: ${name} must be a positive ${integer ? 'integer' : 'number'}`);
  }
  return value;
}

/** Where a `logClock` / `logErrors` option writes: `true` is stderr. @internal */
export function logTo(
  option: boolean | ((line: string) => void) | undefined,
): ((line: string) => void) | undefined {
  if (option === true) return (line) => process.stderr.write(`swf-sim ${line}\n`);
  return option === false ? undefined : option;
}

/** {@link StartServerOptions} checked, with every default applied. @internal */
export interface ServerSettings {
  readonly host: string;
  readonly clockMode: ClockMode;
  readonly scale: number;
  readonly graceMs: number;
  readonly abandonMs: number;
  readonly maxBodyBytes: number;
  readonly maxStateBytes: number | undefined;
  readonly maxRegions: number;
  readonly defaultRegion: string;
  readonly access: AccessPolicy;
  readonly logErrors: ((line: string) => void) | undefined;
  /** What the world is made with; a state directory's own settings win over these. */
  readonly world: WorldSettings;
}

/** The settings a state directory fixes when it is created. @internal */
export interface WorldSettings {
  readonly seed: string;
  readonly accountId: string;
  readonly startMs: number;
  readonly longPollMs: number;
  /** Null when the seed keys the tokens. */
  readonly tokenSecret: string | null;
}

/** Checks `options` and fills in the defaults. @throws RangeError naming a bad option */
export function resolveSettings(options: StartServerOptions): ServerSettings {
  const defaultRegion = options.defaultRegion ?? DEFAULTS.defaultRegion;
  if (!REGION_PATTERN.test(defaultRegion)) throw new RangeError(`startServer: bad region ${defaultRegion}`);
  return {
    host: options.host ?? DEFAULTS.host,
    clockMode: options.clock ?? DEFAULTS.clock,
    scale: positive('scale', options.scale, DEFAULTS.scale, false),
    graceMs: positive('graceMs', options.graceMs, DEFAULTS.graceMs, false),
    abandonMs: positive('abandonMs', options.abandonMs, DEFAULTS.abandonMs, false),
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, DEFAULTS.maxBodyBytes, true),
    maxStateBytes:
      options.maxStateBytes === undefined
        ? undefined
        : positive('maxStateBytes', options.maxStateBytes, 0, true),
    maxRegions: positive('maxRegions', options.maxRegions, DEFAULTS.maxRegions, true),
    defaultRegion,
    access: {
      allowHosts: (options.allowHosts ?? []).map((h) => h.toLowerCase()),
      allowOrigins: (options.allowOrigins ?? []).map((o) => o.toLowerCase().replace(/\/+$/, '')),
    },
    logErrors: logTo(options.logErrors ?? true),
    world: {
      seed: options.seed ?? DEFAULTS.seed,
      accountId: options.accountId ?? DEFAULTS.accountId,
      startMs: options.startTime?.getTime() ?? DEFAULT_START_MS,
      longPollMs: positive('longPollMs', options.longPollMs, DEFAULTS.longPollMs, true),
      // Without a seed nobody can derive the tokens; with one they are reproducible.
      tokenSecret: options.seed === undefined ? randomBytes(24).toString('base64url') : null,
    },
  };
}

/**
 * Opens `options.stateDir`, if given: its own settings then replace the world's. `deferred`: the
 * directory's settings, for a server that takes it over later (see `Durability.deferred`).
 */
export async function openStateDir(
  options: StartServerOptions,
  settings: ServerSettings,
  deferred?: WorldSettings,
): Promise<Durability | undefined> {
  if (options.stateDir === undefined) return undefined;
  const durabilityOptions = {
    dir: options.stateDir,
    fsync: options.fsync ?? true,
    compactAfterBytes: positive(
      'compactAfterBytes',
      options.compactAfterBytes,
      DEFAULTS.compactAfterBytes,
      true,
    ),
    warn: (line: string) => settings.logErrors?.(line),
  };
  if (deferred !== undefined) return Durability.deferred(durabilityOptions, deferred);
  return Durability.open(durabilityOptions, settings.world, {
    seed: options.seed !== undefined,
    accountId: options.accountId !== undefined,
    startMs: options.startTime !== undefined,
    longPollMs: options.longPollMs !== undefined,
  });
}
