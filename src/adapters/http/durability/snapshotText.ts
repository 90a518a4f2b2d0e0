import { stringifyWithEpochDates } from '../../wire/awsJson.js';
import { SERVER_SNAPSHOT_FORMAT, type WorldCut } from '../ServerWorld.js';
import { Pacer } from './pacing.js';

/** Where snapshot text goes; a returned promise holds the writer until the text is taken (backpressure). @internal */
export type TextSink = (text: string) => void | Promise<void>;

/** Text gathered before it is handed to the sink. */
const CHUNK_CHARS = 256 * 1024;

/**
 * Writes a cut of the world as one server snapshot (the document `GET /_swf-sim/state` serves),
 * run by run, yielding to the event loop between slices so other clients are served meanwhile.
 * Each run is on a line of its own. `durable` (a state directory's snapshot) goes in a `durable`
 * member before the regions. Releases the cut when done, or when the sink fails.
 * @internal
 */
export async function writeSnapshot(
  cut: WorldCut,
  durable: object | undefined,
  sink: TextSink,
  pacer = new Pacer(),
): Promise<void> {
  let pending = '';
  const put = async (text: string): Promise<void> => {
    pending += text;
    if (pending.length >= CHUNK_CHARS) await flush();
  };
  const flush = async (): Promise<void> => {
    const text = pending;
    pending = '';
    if (text !== '') await sink(text);
  };
  try {
    await put(
      `{"format":${JSON.stringify(SERVER_SNAPSHOT_FORMAT)},"version":1,"clockMs":${cut.clockMs}` +
        (durable === undefined ? '' : `,"durable":${JSON.stringify(durable)}`) +
        ',"regions":{',
    );
    for (const [r, [region, state]] of cut.regions.entries()) {
      await put(`${r === 0 ? '' : ','}\n${JSON.stringify(region)}:${openObject(state.header)},"domains":[`);
      for (const [d, domain] of state.domains.entries()) {
        await put(`${d === 0 ? '' : ','}\n${openObject(domain.header)},"runs":[`);
        for (const [i, run] of domain.runs.entries()) {
          await put(`${i === 0 ? '' : ','}\n${stringifyWithEpochDates(state.runAt(run))}`);
          await pacer.breathe();
        }
        await put(']}');
      }
      await put(']}');
    }
    await put('}}\n');
    await flush();
  } finally {
    cut.release();
  }
}

/** `{"a":1,"b":2}` without its closing brace, to go on with more members. */
function openObject(value: object): string {
  return JSON.stringify(value).slice(0, -1);
}
