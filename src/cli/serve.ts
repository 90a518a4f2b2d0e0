/**
 * `swf-sim serve`: a local SWF endpoint (docs/serve.md) until SIGINT/SIGTERM. Exits 0 after a clean
 * shutdown, 2 for bad options, 1 when it cannot listen (e.g. the port is taken) or use its state
 * directory.
 */
import { CLOCK_MODES, type ClockMode } from '../adapters/http/clockDrivers.js';
import { CONTROL_PREFIX } from '../adapters/http/controlRoutes.js';
import { StateDirError } from '../adapters/http/durability/stateDir.js';
import { REGION_PATTERN } from '../adapters/http/ServerWorld.js';
import { startIsolatedServer } from '../adapters/http/isolated/isolatedServer.js';
import type { StartServerOptions } from '../adapters/http/startServer.js';
import { defineCommand, EXIT, UsageError, type CliIo, type ParsedArgs } from './command.js';

const USAGE = `usage: swf-sim serve [options]

Serves Amazon SWF's API (AWS JSON 1.0, POST /) on a local port, so the AWS CLI, boto3 or any SDK
can use it as their endpoint. Any credentials are accepted; the region is taken from each request's
signature. Stop with Ctrl-C (SIGINT) or SIGTERM.

options:
  --port N            TCP port, 0 for any free one (default 8585)
  --host H            interface to listen on (default 127.0.0.1, this machine only)
  --clock MODE        auto     : time follows the wall clock and jumps to the next timer whenever
                                 no client is working (default)
                      realtime : time follows the wall clock, times --scale
                      manual   : time moves only via POST ${CONTROL_PREFIX}/clock/advance
  --scale N           realtime speed-up: virtual ms per real ms (default 1)
  --grace-ms N        auto: real ms of quiet after an ordinary call before time may jump (default 5)
  --abandon-ms N      auto: real ms before a request still arriving, a task no poller takes or a
                      woken sleeper that does not call again stops holding the clock (default 2000)
  --log-clock         auto: print every jump: from, to, what fired, what everyone waited on
  --account-id ID     12-digit account id in domain ARNs (default 123456789012)
  --region R          region of unsigned requests (default us-east-1)
  --seed S            seed of run ids and task tokens (default: run ids from swf-sim, tokens from
                      a random secret)
  --start-time T      virtual start instant, ISO 8601 or "now" (default 2025-01-01T00:00:00Z)
  --state-dir DIR     keep the state in DIR across restarts and crashes: every change is journaled
                      before it is answered, and a restart rebuilds the state from it
  --no-fsync          with --state-dir: do not fsync the journal (survives a crash of the server,
                      not of the machine; much cheaper per call)
  --import-worker-from BYTES
                      state imports of at least BYTES (or of unknown length) are built in a worker
                      thread while the current state serves (default 4194304; 0: every import)
  --allow-host NAME   also accept requests whose Host is NAME (default: IP addresses and localhost
                      only, against DNS rebinding); repeatable, * for any
  --allow-origin O    also accept requests from web pages of origin O (https://app.example;
                      default: loopback origins only); repeatable, * for any
  -h, --help          this text

Control endpoints (docs/serve.md; GET ${CONTROL_PREFIX}/ lists them): GET ${CONTROL_PREFIX}/clock,
POST ${CONTROL_PREFIX}/clock/advance|sleep|lock|unlock, POST ${CONTROL_PREFIX}/reset,
GET|PUT ${CONTROL_PREFIX}/state; all but the two GETs need the header X-Swf-Sim-Control: 1.
`;

/** The first SIGINT/SIGTERM; a second one exits at once (130) in case shutdown hangs. */
function signals(): { stopped: Promise<string>; dispose: () => void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => {
    let seen = false;
    onSignal = (signal) => {
      if (seen) process.exit(130);
      seen = true;
      resolve(signal);
    };
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stopped,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

function numberOption(
  name: string,
  text: string | undefined,
  check: (n: number) => boolean,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !check(value)) throw new UsageError(`--${name}: invalid value '${text}'`, true);
  return value;
}

const OPTIONS = {
  port: { type: 'string', default: '8585' },
  host: { type: 'string', default: '127.0.0.1' },
  clock: { type: 'string', default: 'auto' },
  scale: { type: 'string' },
  'grace-ms': { type: 'string' },
  'abandon-ms': { type: 'string' },
  'log-clock': { type: 'boolean' },
  'account-id': { type: 'string' },
  region: { type: 'string' },
  seed: { type: 'string' },
  'start-time': { type: 'string' },
  'allow-host': { type: 'string', multiple: true },
  'allow-origin': { type: 'string', multiple: true },
  'state-dir': { type: 'string' },
  'no-fsync': { type: 'boolean' },
  'import-worker-from': { type: 'string' },
} as const;

/** The server's options from the command's; every problem is a usage error shown with the usage. */
function serverOptions({
  values,
  positionals,
}: ParsedArgs<typeof OPTIONS>): StartServerOptions & { port: number; host: string } {
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, true);
  const clock = values.clock;
  if (!(CLOCK_MODES as readonly string[]).includes(clock)) {
    throw new UsageError(`--clock: expected one of ${CLOCK_MODES.join(', ')}, got '${clock}'`, true);
  }
  const port = numberOption(
    'port',
    values.port,
    (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
  ) as number;
  const scale = numberOption('scale', values.scale, (n) => Number.isFinite(n) && n > 0);
  if (scale !== undefined && clock !== 'realtime')
    throw new UsageError('--scale only applies to --clock realtime', true);
  const graceMs = numberOption('grace-ms', values['grace-ms'], (n) => Number.isFinite(n) && n > 0);
  const abandonMs = numberOption('abandon-ms', values['abandon-ms'], (n) => Number.isFinite(n) && n > 0);
  for (const [flag, given] of [
    ['--grace-ms', graceMs !== undefined],
    ['--abandon-ms', abandonMs !== undefined],
    ['--log-clock', values['log-clock'] === true],
  ] as const) {
    if (given && clock !== 'auto') throw new UsageError(`${flag} only applies to --clock auto`, true);
  }
  const accountId = values['account-id'];
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
    throw new UsageError(`--account-id: expected 12 digits, got '${accountId}'`, true);
  }
  const region = values.region;
  if (region !== undefined && !REGION_PATTERN.test(region))
    throw new UsageError(`--region: invalid '${region}'`, true);
  let startTime: Date | undefined;
  const startText = values['start-time'];
  if (startText !== undefined) {
    startTime = startText === 'now' ? new Date() : new Date(startText);
    if (Number.isNaN(startTime.getTime()))
      throw new UsageError(`--start-time: not a date: '${startText}'`, true);
  }
  if (values['no-fsync'] === true && values['state-dir'] === undefined) {
    throw new UsageError('--no-fsync only applies to --state-dir', true);
  }
  return {
    port,
    host: values.host,
    clock: clock as ClockMode,
    ...(scale !== undefined && { scale }),
    ...(graceMs !== undefined && { graceMs }),
    ...(abandonMs !== undefined && { abandonMs }),
    ...(values['log-clock'] === true && { logClock: true }),
    ...(accountId !== undefined && { accountId }),
    ...(region !== undefined && { defaultRegion: region }),
    ...(values.seed !== undefined && { seed: values.seed }),
    ...(startTime !== undefined && { startTime }),
    ...(values['allow-host'] !== undefined && { allowHosts: values['allow-host'] }),
    ...(values['allow-origin'] !== undefined && { allowOrigins: values['allow-origin'] }),
    ...(values['state-dir'] !== undefined && { stateDir: values['state-dir'] }),
    ...(values['no-fsync'] === true && { fsync: false }),
  };
}

function describeClock(options: StartServerOptions): string {
  const mode = options.clock ?? 'auto';
  switch (mode) {
    case 'auto':
      return 'auto (flows with the wall clock, jumps to the next timer while no client is working)';
    case 'realtime':
      return `realtime ×${options.scale ?? 1}`;
    case 'manual':
      return `manual (POST ${CONTROL_PREFIX}/clock/advance)`;
    default: {
      const unknown: never = mode;
      return String(unknown);
    }
  }
}

/** `swf-sim serve`. @internal */
export const run = defineCommand({
  name: 'serve',
  usage: USAGE,
  options: OPTIONS,
  execute: (args, io) => {
    const options = serverOptions(args);
    const whole = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
    const asideFromBytes = numberOption('import-worker-from', args.values['import-worker-from'], whole);
    return serve(options, io, asideFromBytes === undefined ? {} : { asideFromBytes });
  },
});

/** Listens until stopped; 1 when it cannot listen or use its state directory. */
async function serve(
  options: StartServerOptions & { port: number; host: string },
  io: CliIo,
  isolation: { asideFromBytes?: number },
) {
  const own = io.stopped === undefined ? signals() : undefined;
  try {
    let server;
    try {
      server = await startIsolatedServer(
        {
          ...options,
          ...(options.logClock === true && { logClock: (line: string) => io.out(`swf-sim ${line}\n`) }),
          logErrors: (line: string) => io.err(`swf-sim ${line}\n`),
        },
        isolation,
      );
    } catch (error) {
      if (error instanceof StateDirError) {
        io.err(`swf-sim serve: ${error.message}\n`);
        return EXIT.failure;
      }
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'EADDRINUSE' ? `port ${options.port} is in use (try --port 0)` : String(error);
      io.err(`swf-sim serve: cannot listen on ${options.host}:${options.port}: ${why}\n`);
      return EXIT.failure;
    }
    const { status } = server;
    io.out(`swf-sim listening on ${server.url}\n`);
    io.out(`  clock    ${describeClock(options)}, now ${status.now}\n`);
    io.out(
      `  account  ${options.accountId ?? '123456789012'}; region from each request's signature ` +
        `(unsigned: ${options.defaultRegion ?? 'us-east-1'})\n`,
    );
    io.out(`  control  ${server.url}${CONTROL_PREFIX}/    stop with Ctrl-C\n`);
    const { recovered } = server;
    if (recovered !== undefined) {
      const from = recovered.snapshot === undefined ? 'no snapshot' : `snapshot ${recovered.snapshot}`;
      const { fellBack } = recovered;
      io.out(
        `  state    ${options.stateDir}: ${from} + ${recovered.entries} journal entries` +
          `${fellBack === undefined ? '' : ` (snapshot ${fellBack.snapshot} could not be restored)`}` +
          `${options.fsync === false ? ', journal not fsynced' : ''}\n`,
      );
    }
    if (!['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
      io.err(`swf-sim serve: warning: listening on ${options.host} without any authentication\n`);
    }
    const signal = await (io.stopped ?? (own as { stopped: Promise<string> }).stopped);
    io.out(`swf-sim: ${signal}, shutting down\n`);
    await server.close();
    return EXIT.ok;
  } finally {
    own?.dispose();
  }
}
