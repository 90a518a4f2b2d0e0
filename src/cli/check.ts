/**
 * `swf-sim check <history.json>...`: checks history files against the SWF invariants
 * (docs/invariants.md); one line per file (`OK` or `FAIL … n violations`, then the violations).
 */
import type { LoadedHistory } from '../adapters/formats/loadHistoryFile.js';
import { checkHistory, historyShape, type CheckHistoryOptions } from '../sim/check/checkHistory.js';
import { INVARIANTS, type InvariantName } from '../sim/check/invariants.js';
import { defineCommand, EXIT, UsageError } from './command.js';
import { readHistoryFile } from './userFiles.js';

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

/** `swf-sim check`. @internal */
export const run = defineCommand({
  name: 'check',
  usage: USAGE,
  options: {
    now: { type: 'string' },
    ignore: { type: 'string' },
    list: { type: 'boolean' },
  },
  async execute({ values, positionals }, io) {
    if (values.list === true) {
      const width = Math.max(...INVARIANTS.map((i) => i.name.length));
      io.out(`${INVARIANTS.map((i) => `${i.name.padEnd(width)}  ${i.summary}`).join('\n')}\n`);
      return EXIT.ok;
    }
    const options = checkOptions(values);
    if (positionals.length === 0) throw new UsageError('no history file given', true);

    let broken = 0;
    let unreadable = 0;
    for (const path of positionals) {
      const history = await readHistoryFile(path, io);
      if (history === undefined) {
        unreadable++;
        continue;
      }
      // A file cut short by its export (a nextPageToken on its last page) stops anywhere: oldest
      // first, nothing is required after its last event; newest first, it is an excerpt.
      const fileOptions =
        history.truncated === true && !history.reversed ? { ...options, prefix: true } : options;
      const violations = checkHistory(history.events, fileOptions);
      const notes = describe(history, fileOptions);
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
    return unreadable > 0 ? EXIT.usage : broken > 0 ? EXIT.failure : EXIT.ok;
  },
});

function checkOptions(values: {
  now?: string | undefined;
  ignore?: string | undefined;
}): CheckHistoryOptions {
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (Number.isNaN(now.getTime())) {
      throw new UsageError(`--now ${JSON.stringify(values.now)} is not an ISO-8601 date-time`);
    }
  }
  const ignore: InvariantName[] = [];
  const known = new Set<string>(INVARIANTS.map((i) => i.name));
  for (const name of (values.ignore ?? '').split(',').filter((n) => n !== '')) {
    if (!known.has(name)) {
      throw new UsageError(`--ignore: unknown invariant '${name}' (see swf-sim check --list)`);
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
  if (history.truncated === true) notes.push('cut short: its last page carries a nextPageToken');
  else if (shape.prefix) notes.push('prefix ending at a DecisionTaskStarted');
  if (events.length > 0 && !events.some((e) => e.eventTimestamp !== undefined)) notes.push('no timestamps');
  if (history.reversed) notes.push('newest-first, read reversed');
  return notes.join(', ');
}
