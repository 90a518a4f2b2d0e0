/**
 * `swf-sim reenact <history.json>...`: re-enacts recorded histories in the simulator and diffs
 * the history it writes against each recording (docs/replay.md).
 *
 * Exit codes: 0 every history re-enacts identically, or differs only by documented divergences
 * (docs/divergences.md, "Re-enactment"; with --strict those fail too); 1 a history differs or is
 * unusable; 2 bad usage, or no history could be re-enacted at all.
 */
import {
  formatReenactResult,
  reenactHistories,
  type ReenactOptions,
  type ReenactResult,
} from '../adapters/testing/reenact/reenact.js';
import { REENACT_TOLERANCE_MS } from '../sim/replay/compareHistories.js';
import { defineCommand, EXIT, UsageError } from './command.js';
import { readHistoryFile } from './userFiles.js';

const USAGE = `usage: swf-sim reenact <history.json>... [--strict] [--tolerance-ms N] [--domain NAME]

Re-enacts each recorded history in the simulator — registrations, start, decisions, activity
outcomes, signals, cancellations, terminations, timers and timeouts at their recorded instants
(virtual time) — and diffs the history the simulator writes against the recording: event types,
order, ids, attributes, and timestamps relative to the start (docs/replay.md).

  --strict           count documented divergences (docs/divergences.md, "Re-enactment") as failures
  --tolerance-ms N   how much earlier than recorded an event may be written (default ${String(REENACT_TOLERANCE_MS)})
  --domain NAME      the domain to re-enact in (default swf-sim-reenact)

A file that cannot be re-enacted (malformed, hand-edited, not what SWF writes) is reported as
"unusable: <reason>" and the others go on.

exit status: 0 every history re-enacts identically (or only with documented divergences),
             1 a history differs or is unusable, 2 bad usage or no history could be re-enacted
`;

/** `swf-sim reenact`. @internal */
export const run = defineCommand({
  name: 'reenact',
  usage: USAGE,
  options: {
    strict: { type: 'boolean' },
    'tolerance-ms': { type: 'string' },
    domain: { type: 'string' },
  },
  async execute({ values, positionals }, io) {
    if (positionals.length === 0) throw new UsageError('no history file given', true);
    const tolerance = values['tolerance-ms'];
    const toleranceMs = tolerance === undefined ? undefined : Number(tolerance);
    if (toleranceMs !== undefined && (!Number.isInteger(toleranceMs) || toleranceMs < 0)) {
      throw new UsageError(
        `--tolerance-ms ${JSON.stringify(tolerance)} is not a whole number of milliseconds`,
      );
    }
    const options: Omit<ReenactOptions, 'name' | 'workflowId'> = {
      ...(values.strict === true && { strict: true }),
      ...(toleranceMs !== undefined && { toleranceMs }),
      ...(values.domain !== undefined && { domain: values.domain }),
    };

    let unreadable = 0;
    const counts = { identical: 0, knownDivergences: 0, different: 0, error: 0 };
    for (const path of positionals) {
      const history = await readHistoryFile(path, io, 'unusable');
      if (history === undefined) {
        unreadable++;
        continue;
      }
      const [result] = (await reenactHistories([history], options)) as [ReenactResult];
      counts[result.status]++;
      const text = `${formatReenactResult(result)}\n`;
      if (result.status === 'error') io.err(text);
      else io.out(text);
    }
    const failed = counts.different + (values.strict === true ? counts.knownDivergences : 0);
    const unusable = unreadable + counts.error;
    io.out(
      `\n${String(positionals.length)} ${positionals.length === 1 ? 'history' : 'histories'}: ${String(counts.identical)} identical, ${String(counts.knownDivergences)} identical but for documented divergences, ${String(counts.different)} different, ${String(unusable)} unusable\n`,
    );
    if (unusable === positionals.length) return EXIT.usage;
    return failed + unusable > 0 ? EXIT.failure : EXIT.ok;
  },
});
