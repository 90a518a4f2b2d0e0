/**
 * `swf-sim replay <history.json>... --decider <module>`: replays recorded histories through a
 * decider module (docs/replay.md) and reports, per file, whether every recorded decision point got
 * the recorded decisions.
 *
 * Exit codes: 0 every history replays identically; 1 a decider diverged (or is nondeterministic,
 * with --check-determinism); 2 bad usage, an unloadable decider module, or a history that cannot
 * be read or replayed.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  HistoryFileError,
  loadHistoryFile,
  type LoadedHistory,
} from '../adapters/formats/loadHistoryFile.js';
import {
  replayHistories,
  type ClientDecider,
  type DecideFunction,
  type Decider,
} from '../adapters/testing/replay/replayHistory.js';
import { formatReplayResult, type HistoryReplayResult } from '../sim/replay/replayReport.js';
import { PROCESS_IO, parseCommandArgs, type CliIo } from './cliIo.js';

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

class UsageError extends Error {}

/** `swf-sim replay`. */
export async function run(args: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const parsed = parseCommandArgs(
    'replay',
    USAGE,
    args,
    {
      decider: { type: 'string' },
      'check-determinism': { type: 'boolean' },
      continue: { type: 'boolean' },
      'workflow-id': { type: 'string' },
      'run-id': { type: 'string' },
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.decider === undefined || positionals.length === 0) {
    io.err(
      `swf-sim replay: ${values.decider === undefined ? 'no --decider module given' : 'no history file given'}\n\n${USAGE}`,
    );
    return 2;
  }
  let decider: Decider;
  try {
    decider = await loadDecider(values.decider);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`swf-sim replay: ${error.message}\n`);
    return 2;
  }
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
      workflowExecution: { workflowId: workflowId ?? 'swf-sim-replay', runId: runId ?? 'swf-sim-replay-run' },
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
  const count = (status: HistoryReplayResult['status']) => results.filter((r) => r.status === status).length;
  const errors = unreadable + count('error');
  const diverged = count('diverged') + count('nondeterministic');
  io.out(
    `\n${String(positionals.length)} ${positionals.length === 1 ? 'history' : 'histories'}: ${String(count('identical'))} identical, ${String(count('diverged'))} diverged${values['check-determinism'] === true ? `, ${String(count('nondeterministic'))} nondeterministic` : ''}, ${String(errors)} unreadable or unusable\n`,
  );
  return errors > 0 ? 2 : diverged > 0 ? 1 : 0;
}

/**
 * Imports a decider module: named exports `decider` (a function of an SWFClient) or `decide` (a
 * function of a decision task, with optional `domain` and `identity` exports), or a default
 * export object holding them.
 */
async function loadDecider(path: string): Promise<Decider> {
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      throw new UsageError(
        `cannot load ${path}: this Node cannot import TypeScript directly; compile it (npm run build puts the examples in dist/fixtures/examples/*.js) or run node with a TypeScript loader`,
      );
    }
    if (code === 'ERR_MODULE_NOT_FOUND')
      throw new UsageError(`cannot load ${path}: ${(error as Error).message}`);
    throw error;
  }
  const module = (
    loaded.decider === undefined &&
    loaded.decide === undefined &&
    typeof loaded.default === 'object' &&
    loaded.default !== null
      ? loaded.default
      : loaded
  ) as Record<string, unknown>;
  if (typeof module.decider === 'function') return module.decider as ClientDecider;
  if (typeof module.decide === 'function') {
    return {
      decide: module.decide as DecideFunction,
      ...(typeof module.domain === 'string' && { domain: module.domain }),
      ...(typeof module.identity === 'string' && { identity: module.identity }),
    };
  }
  throw new UsageError(
    `${path} is not a decider module: export \`decider(client: SWFClient)\` (your polling code) or \`decide(task: DecisionTask): Decision[]\` (docs/replay.md)`,
  );
}
