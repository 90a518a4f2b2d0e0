/**
 * Re-enactment of recorded histories, the public API: plan (sim/replay/reenactment), run the
 * plan in a simulation (Reenactor), compare what the simulator wrote with the recording, and
 * format the result.
 */
import type { HistoryEvent } from '@aws-sdk/client-swf';
import {
  compareHistories,
  formatHistoryComparison,
  REENACT_TOLERANCE_MS,
  type HistoryComparison,
} from '../../../sim/replay/compareHistories.js';
import { planReenactment } from '../../../sim/replay/reenactment/planReenactment.js';
import { UnusableHistoryError } from '../../../sim/replay/ReplayDivergenceError.js';
import { requireUsableHistory } from '../../../sim/replay/requireUsableHistory.js';
import type { ReplayInput } from '../replay/replayHistory.js';
import type { ReenactmentPlan } from '../../../sim/replay/reenactment/ReenactmentPlan.js';
import { SWF_QUOTAS } from '../../../sim/service/ServiceState.js';
import { Reenactor } from './Reenactor.js';

/** Options of {@link reenactHistory} and {@link reenactHistories}. @public */
export interface ReenactOptions {
  /** Name in reports (for one history); default the file's path or `history`. */
  readonly name?: string;
  /** The domain the re-enactment registers (a history does not name its domain). Default `swf-sim-reenact`. */
  readonly domain?: string;
  /** The run's workflowId; default what the history tells (`inferExecution`), else `swf-sim-reenact`. */
  readonly workflowId?: string;
  /** See `REENACT_TOLERANCE_MS` (500 ms). */
  readonly toleranceMs?: number;
  /** Seed of the simulation (it draws the runIds). Default `swf-sim-reenact`. */
  readonly seed?: string;
  /**
   * Count known divergences (docs/divergences.md, "Re-enactment") as failures too. Default false:
   * a history whose every difference is a documented divergence passes.
   */
  readonly strict?: boolean;
}

/** The re-enactment of one history. @public */
export interface ReenactResult {
  readonly name: string;
  /**
   * - `identical`: the simulator wrote the recorded history (timestamps within the tolerance);
   * - `knownDivergences`: it differs only in documented, deliberate ways;
   * - `different`: it differs otherwise, or the re-enactment could not go on (`stoppedAt`);
   * - `error`: the history cannot be re-enacted (`error` says why: an unusable file).
   */
  readonly status: 'identical' | 'knownDivergences' | 'different' | 'error';
  /** `identical`, or `knownDivergences` unless `strict`. */
  readonly ok: boolean;
  readonly comparison?: HistoryComparison;
  readonly recorded: readonly HistoryEvent[];
  /** The history the simulator wrote for the re-enacted run. */
  readonly reenacted: readonly HistoryEvent[];
  /** A recorded event the re-enactment could not bring about; it stopped there. */
  readonly stoppedAt?: { readonly eventId: number; readonly message: string };
  /** What cannot be re-enacted exactly, known before running (one sentence each). */
  readonly limitations: readonly string[];
  /**
   * The file stops where its export stopped (its last page carries a `nextPageToken`): the run
   * went on, and re-enacted events after the last recorded one are not compared.
   */
  readonly cutShort?: boolean;
  /** Why the history cannot be re-enacted (`status: 'error'`). */
  readonly error?: string;
}

/**
 * A re-enactment whose history differs from the recording (beyond the documented divergences).
 * @public
 */
export class ReenactmentDivergenceError extends Error {
  override readonly name = 'ReenactmentDivergenceError';

  constructor(readonly result: ReenactResult) {
    super(formatReenactResult(result));
  }
}

/**
 * Re-enacts a recorded history in the simulator: drives it through a real SDK client, on a
 * virtual clock moved by hand to each recorded instant, with what the recording says happened —
 * registrations inferred from it, the start with its recorded configuration, each batch's
 * decisions recovered from its events, activity polls and outcomes (and the heartbeats they
 * imply), signals, cancel requests, terminations, children's outcomes (the child side is played
 * by the re-enactment), Lambda results — then compares the history the simulator wrote with the
 * recording (`compareHistories`).
 * Resolves with the result when the histories are identical or differ only by documented
 * divergences (with `strict`, only when identical).
 * @throws ReenactmentDivergenceError otherwise.
 * @throws UnusableHistoryError when the history cannot be re-enacted at all.
 * @public
 */
export async function reenactHistory(
  history: ReplayInput,
  options: ReenactOptions = {},
): Promise<ReenactResult> {
  const result = await reenactOne(history, options, 'history');
  if (result.status === 'error') throw new UnusableHistoryError(`${result.name}: ${result.error ?? ''}`);
  if (!result.ok) throw new ReenactmentDivergenceError(result);
  return result;
}

/** Re-enacts many histories; one result per history, as data. @public */
export async function reenactHistories(
  histories: Iterable<ReplayInput>,
  options: Omit<ReenactOptions, 'name' | 'workflowId'> = {},
): Promise<ReenactResult[]> {
  const results: ReenactResult[] = [];
  let index = 0;
  for (const history of histories) {
    index++;
    results.push(await reenactOne(history, options, `history #${String(index)}`));
  }
  return results;
}

async function reenactOne(
  input: ReplayInput,
  options: ReenactOptions,
  fallbackName: string,
): Promise<ReenactResult> {
  const events: readonly HistoryEvent[] = Array.isArray(input)
    ? (input as readonly HistoryEvent[])
    : (input as { events: readonly HistoryEvent[] }).events;
  const named = Array.isArray(input)
    ? {}
    : (input as { name?: string; path?: string; source?: string; truncated?: boolean });
  const name = options.name ?? named.name ?? named.path ?? fallbackName;
  const unusable = (reason: string): ReenactResult => ({
    name,
    status: 'error',
    ok: false,
    recorded: events,
    reenacted: [],
    limitations: [],
    error: reason,
  });
  try {
    requireUsableHistory(events, 2);
    if (events.length > SWF_QUOTAS.historyEvents) {
      throw new UnusableHistoryError(
        `the history has ${String(events.length)} events; SWF ends every run at ${String(SWF_QUOTAS.historyEvents)}`,
      );
    }
  } catch (error) {
    if (!(error instanceof UnusableHistoryError)) throw error;
    return unusable(error.message);
  }
  const cutShort = named.truncated === true;
  let plan: ReenactmentPlan;
  try {
    plan = planReenactment(events, {
      ...(options.workflowId !== undefined && { workflowId: options.workflowId }),
      ...(named.source !== undefined && { source: named.source }),
    });
  } catch (error) {
    // The checks above cover what SWF writes; anything else in a hand-made history ends here.
    return unusable(
      `cannot plan its re-enactment: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const reenactor = new Reenactor(plan, options);
  let stoppedAt: { eventId: number; message: string } | undefined;
  let reenacted: HistoryEvent[] = [];
  try {
    stoppedAt = await reenactor.run();
    reenacted = reenactor.history();
  } finally {
    reenactor.close();
  }
  const comparison = compareHistories(events, reenacted, {
    toleranceMs: options.toleranceMs ?? REENACT_TOLERANCE_MS,
    recordingCutShort: cutShort,
  });
  const status: ReenactResult['status'] =
    stoppedAt !== undefined || !comparison.explained
      ? 'different'
      : comparison.identical
        ? 'identical'
        : 'knownDivergences';
  const last = events.at(-1)?.eventId;
  return {
    name,
    status,
    ok: status === 'identical' || (status === 'knownDivergences' && options.strict !== true),
    comparison,
    recorded: events,
    reenacted,
    ...(stoppedAt !== undefined && { stoppedAt }),
    ...(cutShort && { cutShort }),
    limitations: [
      ...(cutShort
        ? [`${CUT_SHORT}: the run goes on after event ${String(last)}, which is not compared`]
        : []),
      ...plan.limitations,
      ...reenactor.notes,
    ],
  };
}

const CUT_SHORT = 'the file is cut short (its last page carries a nextPageToken)';

/** A re-enactment result in a few lines: a headline, the differences, the histories side by side. @public */
export function formatReenactResult(result: ReenactResult): string {
  const events = `${String(result.recorded.length)} events`;
  const lines: string[] = [];
  switch (result.status) {
    case 'error':
      return `ERROR ${result.name}: unusable: ${result.error ?? 'cannot re-enact'}`;
    case 'identical':
      lines.push(
        `OK    ${result.name}: identical (${events}${result.cutShort === true ? ', cut short' : ''}, timestamps within ${String(result.comparison?.maxTimestampDeltaMs ?? 0)} ms)`,
      );
      break;
    case 'knownDivergences': {
      const ids = [...new Set(result.comparison?.differences.map((d) => d.known?.id))].join(', ');
      lines.push(
        `${result.ok ? 'OK   ' : 'FAIL '} ${result.name}: identical but for known divergences: ${ids} (${events})`,
      );
      break;
    }
    case 'different':
      lines.push(
        `FAIL  ${result.name}: ${result.stoppedAt === undefined ? 'differs' : `stopped at event ${String(result.stoppedAt.eventId)}: ${result.stoppedAt.message}`} (${events})`,
      );
      break;
    default: {
      const unknown: never = result.status;
      return String(unknown);
    }
  }
  if (result.comparison !== undefined && !result.comparison.identical) {
    lines.push(
      ...formatHistoryComparison(result.comparison, result.recorded, result.reenacted)
        .split('\n')
        .map((line) => `      ${line}`),
    );
  }
  if (result.status !== 'identical') {
    for (const limitation of result.limitations) lines.push(`      note: ${limitation}`);
  }
  return lines.join('\n');
}
