/**
 * A runner trace as lanes: one lane per actor with its calls (sent → reply delivered; long polls
 * show as long bars), the injected faults where they took effect (a latency as a bar over the
 * delay), the actors' log, crashes, errors and restarts; and the heartbeats each worker sent, to
 * be drawn as ticks on the activity it held.
 */
import { readFaultNote } from '../../sim/faults/faultNotes.js';
import type { TraceEntry } from '../../sim/scheduler/Trace.js';
import { closeItem, LaneSet } from './LaneSet.js';
import type { PointTable } from './PointTable.js';
import type { Outcome, TimelineItem } from './timelineModel.js';

/**
 * The lanes of a trace (unfinished), its fault points, and its heartbeats: `heartbeatPoints[i]`
 * was sent while the worker held `heartbeatActivityIds[i]`.
 * @internal
 */
export interface TraceLanes {
  readonly lanes: LaneSet;
  readonly faults: number[];
  readonly heartbeatPoints: number[];
  readonly heartbeatActivityIds: string[];
}

const FAULTS: readonly [string, string, 'fault'] = ['faults', 'injected faults', 'fault'];
const LOG: readonly [string, string, 'log'] = ['log', 'actor log', 'log'];

/**
 * Builds the lanes of a trace. `startMs` is the run's epoch start (trace times are relative to it).
 * @internal
 */
export function traceLanes(entries: readonly TraceEntry[], startMs: number, points: PointTable): TraceLanes {
  const lanes = new LaneSet();
  const faults: number[] = [];
  const heartbeatPoints: number[] = [];
  const heartbeatActivityIds: string[] = [];
  /** Calls in flight by actor incarnation and call number (`sleep` for a virtual sleep). */
  const inFlight = new Map<string, TimelineItem>();
  /** The activity each worker incarnation holds (its last PollForActivityTask's task). */
  const holding = new Map<string, string>();

  entries.forEach((entry, index) => {
    const point = (offsetMs = 0): number =>
      points.add(startMs + entry.atMs + offsetMs, [-1, index, entry.kind, entry]);
    const actor = entry.actor ?? '';
    const incarnation = `${actor}#${String(entry.restarts ?? 0)}`;
    const key = `${incarnation}:${entry.call ?? entry.operation ?? ''}`;
    const actorLane = (): readonly [string, string, 'actor'] => [`actor ${actor}`, `actor ${actor}`, 'actor'];

    for (const note of entry.notes ?? []) {
      // Faults that last a while (the request, the reply or the work is delayed) are bars, not marks.
      const fault = readFaultNote(note);
      if (fault === undefined) continue;
      const what = `${note}: ${actor} ${entry.operation ?? ''}${entry.call === undefined ? '' : ` #${entry.call}`}`;
      if (fault.delayMs === undefined) {
        const at = point();
        faults.push(at);
        lanes.mark(...FAULTS, at, 'fault', what);
      } else {
        closeItem(lanes.bar(...FAULTS, point(), what), point(fault.delayMs), 'fault');
      }
    }

    switch (entry.kind) {
      case 'call':
        inFlight.set(key, lanes.bar(...actorLane(), point(), callLabel(entry)));
        return;
      case 'deliver': {
        const task = /^task (.+)$/.exec(entry.result ?? '');
        if (entry.operation === 'PollForActivityTask' && task?.[1] !== undefined)
          holding.set(incarnation, task[1]);
        const item = inFlight.get(key);
        if (item === undefined) return;
        inFlight.delete(key);
        closeItem(item, point(), callOutcome(entry), `${item[4]} → ${entry.result ?? ''}`);
        return;
      }
      case 'apply': {
        const activityId = holding.get(incarnation);
        if (entry.operation === 'RecordActivityTaskHeartbeat' && activityId !== undefined) {
          heartbeatPoints.push(point());
          heartbeatActivityIds.push(activityId);
        }
        return;
      }
      case 'crash': {
        const at = point();
        faults.push(at);
        lanes.mark(...FAULTS, at, 'fault', `crash: ${actor}`);
        for (const [k, item] of inFlight) {
          if (!k.startsWith(`${incarnation}:`)) continue;
          closeItem(item, at, 'fault', `${item[4]} → crashed`);
          inFlight.delete(k);
        }
        return;
      }
      case 'error':
        lanes.mark(...LOG, point(), 'failed', `${actor} threw: ${entry.message ?? ''}`);
        return;
      case 'log':
        lanes.mark(...LOG, point(), 'info', `${actor}: ${entry.message ?? ''}`);
        return;
      case 'start':
        if ((entry.restarts ?? 0) > 0) lanes.mark(...LOG, point(), 'info', `${actor} restarted`);
        return;
      case 'reply':
      case 'finish':
      case 'advance':
      case 'arm': // virtual timers: an actor armed a timer / its callback ran (not drawn yet)
      case 'timer':
        return;
      default: {
        const unreachable: never = entry.kind;
        return unreachable;
      }
    }
  });
  return { lanes, faults, heartbeatPoints, heartbeatActivityIds };
}

function callLabel(entry: TraceEntry): string {
  if (entry.operation === 'sleep') return `sleep ${entry.notes?.[0] ?? ''}`;
  const attempt = entry.attempt !== undefined && entry.attempt > 1 ? ` (attempt ${entry.attempt})` : '';
  return `${entry.operation ?? 'call'}${attempt}`;
}

/** A reply's colour: a task or `ok`, an empty poll, an SWF error, or a network failure. */
function callOutcome(entry: TraceEntry): Outcome {
  const result = entry.result ?? '';
  if (entry.operation === 'sleep') return 'sleep';
  if (result === 'empty') return 'empty';
  if (result === 'crash' || result === 'lost' || result === 'dropped' || result.startsWith('network ')) {
    return 'fault';
  }
  if (result === 'ok' || result.startsWith('task ') || result.startsWith('runId ')) return 'call';
  return 'failed';
}
