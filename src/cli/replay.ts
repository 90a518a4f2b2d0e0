/**
 * `swf-sim replay <history.json>... --decider <module>`: replays recorded histories through a
 * decider module (docs/replay.md) and reports, per file, whether every recorded decision point got
 * the recorded decisions.
 *
 * Exit codes: 0 every history replays identically; 1 a decider diverged (or is nondeterministic,
 * with --check-determinism); 2 bad usage, an unloadable decider module, or a history that cannot
 * be read or replayed.
 */
import {
  HistoryFileError,
  loadHistoryFile,
  type LoadedHistory,
} from '../adapters/formats/loadHistoryFile.js';
import { replayHistories } from '../adapters/testing/replay/replayHistory.js';
import { formatReplayResult, type HistoryReplayResult } from '../sim/replay/replayReport.js';
import { defineCommand, EXIT, UsageError } from './command.js';
import { loadDecider } from './userFiles.js';

const USAGE = `usage: swf-sim replay <history.json>... --decider <module> [--check-determinism]
                      [--continue] [--workflow-id ID --run-id ID]

Replays recorded histories through a decider: each decision task of the history is handed to the
decider exactly as PollForDecisionTask returned it, and its decisions are compared with the events
recorded after the matching DecisionTaskCompleted (docs/replay.md).

  --decider <module>     an ES module exporting either
                           decider(client: SWFClient): Promise<unknown>   (your polling code), or
                           decide(task: DecisionTask): Decision[]        (a plain function)
                         (.js; compile TypeScript first: npm run build)
  --check-determinism    run the decider twice and flag decision points it answers differently
  --continue             keep replaying after the first divergence
  --workflow-id, --run-id  the workflowExecution poll responses carry (default: from the history)

exit status: 0 every history replays identically, 1 a decider diverged, 2 bad usage or unreadable input
`;

/** `swf-sim replay`. @internal */
export const run = defineCommand({
  name: 'replay',
  usage: USAGE,
  options: {
    decider: { type: 'string' },
    'check-determinism': { type: 'boolean' },
    continue: { type: 'boolean' },
    'workflow-id': { type: 'string' },
    'run-id': { type: 'string' },
  },
  async execute({ values, positionals }, io) {
    if (values.decider === undefined) throw new UsageError('no --decider module given', true);
    if (positionals.length === 0) throw new UsageError('no history file given', true);
    const decider = await loadDecider(values.decider);
    const workflowId = values['workflow-id'];
    const runId = values['run-id'];

    let unreadable = 0;
    const histories: LoadedHistory[] = [];
    const order: (LoadedHistory | string)[] = [];
    for (const path of positionals) {
      try {
        const history = await loadHistoryFile(path);
        histories.push(history);
        order.push(history);
      } catch (error) {
        if (!(error instanceof HistoryFileError)) throw error;
        unreadable++;
        order.push(error.message);
      }
    }
    const results = await replayHistories(histories, decider, {
      ...(values['check-determinism'] === true && { checkDeterminism: true }),
      ...(values.continue === true && { continueAfterDivergence: true }),
      ...((workflowId !== undefined || runId !== undefined) && {
        workflowExecution: {
          workflowId: workflowId ?? 'swf-sim-replay',
          runId: runId ?? 'swf-sim-replay-run',
        },
      }),
    });
    const byPath = new Map<LoadedHistory, HistoryReplayResult>(
      histories.map((h, i) => [h, results[i] as HistoryReplayResult]),
    );
    for (const item of order) {
      if (typeof item === 'string') {
        io.err(`ERROR ${item}\n`);
        continue;
      }
      const result = byPath.get(item) as HistoryReplayResult;
      const text = `${formatReplayResult(result)}\n`;
      if (result.status === 'error') io.err(text);
      else io.out(text);
    }
    const count = (status: HistoryReplayResult['status']) =>
      results.filter((r) => r.status === status).length;
    const errors = unreadable + count('error');
    const diverged = count('diverged') + count('nondeterministic');
    io.out(
      `\n${String(positionals.length)} ${positionals.length === 1 ? 'history' : 'histories'}: ${String(count('identical'))} identical, ${String(count('diverged'))} diverged${values['check-determinism'] === true ? `, ${String(count('nondeterministic'))} nondeterministic` : ''}, ${String(errors)} unreadable or unusable\n`,
    );
    return errors > 0 ? EXIT.usage : diverged > 0 ? EXIT.failure : EXIT.ok;
  },
});
