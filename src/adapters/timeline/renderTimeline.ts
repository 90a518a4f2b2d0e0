import { buildTimeline, type TimelineInput } from './buildTimeline.js';
import { encodeTimeline } from './encodeTimeline.js';
import type { TimelineModel } from './timelineModel.js';
import { TIMELINE_SCRIPT } from './timelineScript.js';
import { TIMELINE_CSS } from './timelineStyle.js';

const LEGEND: readonly (readonly [
  outcome: string,
  label: string,
  shape?: 'wait' | 'mark' | 'tick' | 'viol',
])[] = [
  ['completed', 'completed'],
  ['failed', 'failed'],
  ['timedOut', 'timed out'],
  ['canceled', 'canceled'],
  ['terminated', 'terminated'],
  ['continued', 'continued as new'],
  ['open', 'still open'],
  ['completed', 'scheduled, not yet started', 'wait'],
  ['signal', 'signal', 'mark'],
  ['marker', 'marker', 'mark'],
  ['fault', 'injected fault', 'mark'],
  ['call', 'actor call (trace)'],
  ['completed', 'heartbeat', 'tick'],
  ['completed', 'invariant violation', 'viol'],
];

/**
 * One self-contained HTML page (inline SVG, CSS and a small script; nothing fetched) that draws
 * workflow runs on a virtual-time axis: a lane per decision-task slot, activity, timer, child
 * execution, Lambda function, signal and cancel-request target and markers, coloured by outcome;
 * with a trace, the actors' calls, the injected faults where they took effect and heartbeats as
 * ticks; the events named by invariant violations outlined in red. Hovering shows an item's
 * events, clicking shows their attributes; Ctrl+wheel, `+`/`-` and the buttons zoom, dragging
 * pans; an "event order" axis spreads out events that share an instant.
 *
 * ```ts
 * const { events } = await loadHistoryFile('history.json');
 * writeFileSync('run.html', renderTimeline({ executions: [{ history: events }] }));
 * ```
 * @public
 */
export function renderTimeline(input: TimelineInput): string {
  return timelinePage(buildTimeline(input));
}

/** The page for a lane model. */
function timelinePage(model: TimelineModel): string {
  const violations = model.groups.flatMap((g, gi) =>
    g.violations.map((v, vi) => ({ group: g.title, id: `${gi}:${vi}`, ...v })),
  );
  const origin =
    model.startMs === undefined
      ? 'the events carry no timestamps: drawn in event order'
      : `0 = ${new Date(model.startMs).toISOString()}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="swf-sim timeline">
<title>${escapeHtml(model.title)} · swf-sim timeline</title>
<style>${TIMELINE_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(model.title)}</h1>
${model.notes.length === 0 ? '' : `<pre class="notes">${escapeHtml(model.notes.join('\n'))}</pre>`}
<div class="toolbar">
<button type="button" data-zoom="in" title="zoom in (+)">+</button><button type="button" data-zoom="out" title="zoom out (-)">&minus;</button><button type="button" data-zoom="fit" title="show everything (0)">fit</button>
<label><input type="radio" name="axis" value="time"> virtual time</label>
<label><input type="radio" name="axis" value="order"> event order</label>
<span class="origin">${escapeHtml(origin)}</span>
<span class="hint">Ctrl+wheel, + and &minus; zoom · drag pans · hover or click a bar for its events · double-click zooms to it</span>
</div>
<div class="legend">${LEGEND.map(legendEntry).join('')}</div>
${violations.length === 0 ? '' : violationList(violations)}
</header>
<main>
<div id="axis"><svg aria-label="time axis"></svg></div>
<div id="scroll"><svg id="lanes" role="img" aria-label="timeline lanes"></svg><div id="spacer"></div></div>
</main>
<aside id="details" hidden></aside>
<div id="tip" hidden></div>
<script type="application/json" id="timeline-data">${scriptJson(encodeTimeline(model))}</script>
<script>${TIMELINE_SCRIPT}</script>
</body>
</html>
`;
}

function legendEntry([outcome, label, shape]: (typeof LEGEND)[number]): string {
  const c = `o-${outcome}`;
  const swatch =
    shape === 'mark'
      ? `<path class="${c}" d="M6 0l6 7-6 7-6-7z"/>`
      : shape === 'wait'
        ? `<rect class="w ${c}" x="0" y="4" width="18" height="6"/>`
        : shape === 'tick'
          ? `<rect class="${c}" x="0" y="1" width="18" height="12" rx="2"/><line class="tk" x1="9" x2="9" y1="-2" y2="16"/>`
          : shape === 'viol'
            ? `<rect class="${c} viol" x="1" y="2" width="16" height="10" rx="2"/>`
            : `<rect class="${c}" x="0" y="1" width="18" height="12" rx="2"/>`;
  return `<span><svg width="18" height="14">${swatch}</svg>${escapeHtml(label)}</span>`;
}

function violationList(
  violations: readonly { group: string; id: string; invariant: string; message: string }[],
): string {
  const items = violations.map(
    (v) =>
      `<li data-violation="${v.id}" tabindex="0">[${escapeHtml(v.invariant)}] ${escapeHtml(v.message)}</li>`,
  );
  const count = `${String(violations.length)} invariant violation${violations.length === 1 ? '' : 's'}`;
  return `<details class="violations" open><summary>${count} (click one to show its events)</summary><ol>${items.join('')}</ol></details>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
}

/** JSON that cannot end the script element it sits in (`</script>`, `<!--`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
