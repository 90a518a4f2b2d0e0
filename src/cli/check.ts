import {
  HistoryFileError,
  loadHistoryFile,
  type LoadedHistory,
} from '../adapters/formats/loadHistoryFile.js';
import { checkHistory, historyShape, type CheckHistoryOptions } from '../sim/check/checkHistory.js';
import { INVARIANTS, type InvariantName } from '../sim/check/invariants.js';
import { PROCESS_IO, parseCommandArgs, type CliIo } from './cliIo.js';

const USAGE = `usage: swf-sim check [--now ISO-TIME] [--ignore NAME,...] <history.json>...

Checks each history file against the SWF invariants (docs/invariants.md).
A file is {"events": [...]} (GetWorkflowExecutionHistory / PollForDecisionTask output, AWS CLI
or SDK JSON) or a bare array of events; timestamps in epoch seconds or ISO-8601; newest-first
files are read reversed.

  --now ISO-TIME     when the histories were read: open runs must have fired every timeout due by then
  --ignore NAMES     comma-separated invariants not to judge (e.g. noIdleOpenExecution)
  --list             print the invariants and exit

exit status: 0 every history holds, 1 some history breaks an invariant, 2 unreadable input or bad usage
`;

/** Where the command writes; the process streams by default, a buffer in tests. @internal */
/**
 * `swf-sim check <history.json>...`: one line per file (`OK` or `FAIL … n violations`, then the
 * violations). Exit 0 when every history holds, 1 when one breaks an invariant, 2 when a file
 * cannot be read as a history (the message names the file, and the event and field at fault).
 */
export async function run(args: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const parsed = parseCommandArgs(
    'check',
    USAGE,
    args,
    {
      now: { type: 'string' },
      ignore: { type: 'string' },
      list: { type: 'boolean' },
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.list === true) {
    const width = Math.max(...INVARIANTS.map((i) => i.name.length));
    io.out(`${INVARIANTS.map((i) => `${i.name.padEnd(width)}  ${i.summary}`).join('\n')}\n`);
    return 0;
  }
  const options = parseOptions(values, io);
  if (options === undefined) return 2;
  if (positionals.length === 0) {
    io.err(`swf-sim check: no history file given\n\n${USAGE}`);
    return 2;
  }

  let broken = 0;
  let unreadable = 0;
  for (const path of positionals) {
    let history: LoadedHistory;
    try {
      history = await loadHistoryFile(path);
    } catch (error) {
      if (!(error instanceof HistoryFileError)) throw error;
      unreadable++;
      io.err(`ERROR ${error.message}\n`);
      continue;
    }
    const violations = checkHistory(history.events, options);
    const notes = describe(history, options);
    if (violations.length === 0) {
      io.out(`OK    ${path} (${notes})\n`);
      continue;
    }
    broken++;
    const count = `${String(violations.length)} violation${violations.length === 1 ? '' : 's'}`;
    io.out(`FAIL  ${path}: ${count} (${notes})\n`);
    for (const v of violations) io.out(`      [${v.invariant}] ${v.message}\n`);
  }
  if (positionals.length > 1) {
    const ok = positionals.length - broken - unreadable;
    io.out(
      `\n${String(positionals.length)} histories: ${String(ok)} OK, ${String(broken)} breaking invariants, ${String(unreadable)} unreadable\n`,
    );
  }
  return unreadable > 0 ? 2 : broken > 0 ? 1 : 0;
}

function parseOptions(
  values: { now?: string | undefined; ignore?: string | undefined },
  io: CliIo,
): CheckHistoryOptions | undefined {
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (Number.isNaN(now.getTime())) {
      io.err(`swf-sim check: --now ${JSON.stringify(values.now)} is not an ISO-8601 date-time\n`);
      return undefined;
    }
  }
  const ignore: InvariantName[] = [];
  const known = new Set<string>(INVARIANTS.map((i) => i.name));
  for (const name of (values.ignore ?? '').split(',').filter((n) => n !== '')) {
    if (!known.has(name)) {
      io.err(`swf-sim check: --ignore: unknown invariant '${name}' (see swf-sim check --list)\n`);
      return undefined;
    }
    ignore.push(name as InvariantName);
  }
  return { ...(now === undefined ? {} : { now }), ignore };
}

/** `23 events, closed` / `3 events, open, prefix ending at a DecisionTaskStarted, read reversed`. */
function describe(history: LoadedHistory, options: CheckHistoryOptions): string {
  const { events } = history;
  const shape = historyShape(events, options);
  const notes = [`${String(events.length)} event${events.length === 1 ? '' : 's'}`];
  notes.push(shape.closed ? 'closed' : 'open');
  if (shape.excerpt) notes.push(`excerpt from event ${String(events[0]?.eventId)}`);
  if (shape.prefix) notes.push('prefix ending at a DecisionTaskStarted');
  if (events.length > 0 && !events.some((e) => e.eventTimestamp !== undefined)) notes.push('no timestamps');
  if (history.reversed) notes.push('newest-first, read reversed');
  return notes.join(', ');
}
