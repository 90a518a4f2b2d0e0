/**
 * The timeline page's stylesheet. Colours by outcome (`o-<outcome>` classes); a thin bar is a task
 * scheduled but not yet started, a red outline an event named by an invariant violation.
 * @internal
 */
export const TIMELINE_CSS = `
:root { color-scheme: light; --fg: #1d2330; --muted: #5f6b7a; --line: #e3e7ee; --band: #f4f6fa; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font: 12px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; }
header { padding: 10px 14px 6px; border-bottom: 1px solid var(--line); }
h1 { font-size: 16px; margin: 0 0 4px; font-weight: 600; }
.notes { margin: 4px 0; padding: 6px 8px; background: var(--band); border-left: 3px solid #7a869a; white-space: pre-wrap; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; max-height: 9em; overflow: auto; }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 6px 0 4px; }
.toolbar button { font: inherit; padding: 1px 9px; border: 1px solid #c5ccd6; border-radius: 4px; background: #fff; cursor: pointer; }
.toolbar button:hover { background: var(--band); }
.toolbar .hint, .origin { color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; color: var(--muted); }
.legend span { display: inline-flex; align-items: center; gap: 5px; }
.legend svg { overflow: visible; }
.violations { margin: 6px 0 2px; color: #a31f1f; }
.violations summary { cursor: pointer; font-weight: 600; }
.violations ol { margin: 4px 0; padding-left: 22px; max-height: 7.5em; overflow: auto; }
.violations li { cursor: pointer; }
.violations li:hover, .violations li:focus { text-decoration: underline; }
main { flex: 1; display: flex; flex-direction: column; min-height: 0; }
#axis { height: 24px; flex: none; border-bottom: 1px solid var(--line); }
#axis svg, #lanes { display: block; width: 100%; }
#scroll { flex: 1; overflow-y: auto; overflow-x: hidden; position: relative; min-height: 0; }
#lanes { position: sticky; top: 0; cursor: grab; user-select: none; }
#lanes.panning { cursor: grabbing; }
text { fill: var(--fg); font-size: 11px; }
.tick text { fill: var(--muted); }
.tick line, .grid { stroke: var(--line); }
.head rect { fill: var(--band); }
.head .title { font-weight: 600; font-size: 12px; }
.head .sub { fill: var(--muted); }
.lbg { fill: #fff; }
.lane-label { fill: #38414f; }
.lane-sep { stroke: #f0f2f6; }
.bl { fill: #fff; font-size: 10px; pointer-events: none; }
.dl { fill: var(--fg); font-size: 10px; pointer-events: none; }
.ml { fill: var(--muted); font-size: 10px; pointer-events: none; }
.w { opacity: 0.45; }
.o-completed { fill: #3a9d5d; } .o-failed { fill: #d64545; } .o-timedOut { fill: #e8912d; }
.o-canceled { fill: #9a8fb8; } .o-terminated { fill: #8b1e1e; } .o-continued { fill: #2a9d8f; }
.o-open { fill: #4a7fd6; fill-opacity: 0.55; stroke: #4a7fd6; stroke-dasharray: 3 2; }
.o-signal { fill: #8e44ad; } .o-marker { fill: #c99a06; } .o-request { fill: #6c757d; }
.o-call { fill: #7fa7e8; } .o-empty { fill: #c9d3e0; } .o-sleep { fill: #dfe3e8; }
.o-fault { fill: #c2185b; } .o-info { fill: #7a869a; }
.viol { stroke: #e00000; stroke-width: 2; }
.sel { stroke: #111; stroke-width: 2; }
.tk { stroke: #1d2330; stroke-width: 1.5; pointer-events: none; }
.fault-line { stroke: #c2185b; stroke-width: 1; stroke-dasharray: 4 3; opacity: 0.6; pointer-events: none; }
[data-i] { cursor: pointer; }
#tip { position: fixed; z-index: 10; max-width: 520px; padding: 6px 8px; background: #1d2330; color: #fff; border-radius: 4px; pointer-events: none; white-space: pre-wrap; font: 11px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
#details { flex: none; max-height: 38vh; overflow: auto; border-top: 2px solid var(--line); padding: 6px 14px 10px; background: #fbfcfd; }
#details h2 { font-size: 13px; margin: 2px 0 6px; }
#details h3 { font-size: 12px; margin: 8px 0 2px; }
#details pre { margin: 0; font: 11px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-word; }
#details .close { float: right; font: inherit; border: 1px solid #c5ccd6; border-radius: 4px; background: #fff; cursor: pointer; }
[hidden] { display: none !important; }
`;
