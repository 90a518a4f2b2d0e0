/**
 * The timeline page's script (plain browser JavaScript, kept free of backticks so it can live in
 * this string). It reads the lane model embedded as JSON and draws only what is visible: the
 * lanes in the scrolled viewport, and in each lane the items inside the zoomed time range, found
 * by binary search; items narrower than a pixel are merged. So a 25,000-event history draws a few
 * thousand SVG elements at most, whatever the zoom.
 * @internal
 */
export const TIMELINE_SCRIPT = String.raw`
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('timeline-data').textContent);
  var LABEL = 230, ROW = 20, HEAD = 26, BAR = 12, MIN_W = 3, PAD_R = 12;
  /** Outcomes drawn in pale colours: their labels are dark. */
  var LIGHT = ['open', 'call', 'empty', 'sleep'];
  var T = D.times, N = T.length, O = D.outcomes, L = D.labels;
  var scroll = document.getElementById('scroll'), svg = document.getElementById('lanes');
  var axisSvg = document.querySelector('#axis svg'), spacer = document.getElementById('spacer');
  var tip = document.getElementById('tip'), details = document.getElementById('details');
  var mode = D.startMs === null || D.startMs === undefined ? 'order' : 'time';
  var rows = [], y = 0;
  D.groups.forEach(function (g, gi) {
    rows.push({ head: true, g: gi, y: y, h: HEAD }); y += HEAD;
    g.lanes.forEach(function (lane) { rows.push({ g: gi, lane: lane, y: y, h: ROW }); y += ROW; });
  });
  var totalH = y + 6, v0 = 0, v1 = 1, width = 800, selected = null;

  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function pos(p) { return mode === 'time' ? T[p] : p; }
  function maxPos() { return Math.max(mode === 'time' ? D.spanMs : N - 1, 1); }
  function endPos(it) { return it[2] < 0 ? maxPos() : pos(it[2]); }
  function scale() { return (width - LABEL - PAD_R) / (v1 - v0); }
  function X(p) { return LABEL + (p - v0) * scale(); }
  function minSpan() { return mode === 'time' ? 2 : 4; }
  function fit() { var m = maxPos(); v0 = -m * 0.01; v1 = m * 1.01; }
  function setView(a, b) {
    var span = Math.max(b - a, minSpan()), m = maxPos(), slack = m * 0.05 + minSpan();
    if (span > m + 2 * slack) { fit(); return; }
    a = Math.min(Math.max(a, -slack), m + slack - span);
    v0 = a; v1 = a + span;
  }

  function duration(ms) {
    var sign = ms < 0 ? '-' : '+', a = Math.abs(ms);
    if (a < 1000) return sign + Math.round(a) + ' ms';
    if (a < 60000) return sign + (a / 1000).toFixed(a < 10000 ? 2 : 1).replace(/\.?0+$/, '') + ' s';
    var s = Math.round(a / 1000), d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24;
    var m = Math.floor(s / 60) % 60, r = s % 60;
    if (d > 0) return sign + d + ' d' + (h ? ' ' + h + ' h' : '');
    if (h > 0) return sign + h + ' h' + (m ? ' ' + m + ' min' : '');
    return sign + m + ' min' + (r ? ' ' + r + ' s' : '');
  }
  function niceStep(raw) {
    var steps = mode === 'time'
      ? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5,
         36e5, 72e5, 108e5, 216e5, 432e5, 864e5, 1728e5, 6048e5, 2592e6]
      : [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5];
    for (var i = 0; i < steps.length; i++) if (steps[i] >= raw) return steps[i];
    return steps[steps.length - 1] * Math.ceil(raw / steps[steps.length - 1]);
  }
  function ticks() {
    var step = niceStep(100 / scale()), out = [];
    for (var t = Math.ceil(v0 / step) * step; t <= v1; t += step) out.push(t);
    return out;
  }
  function tickLabel(t) {
    if (mode === 'time') return duration(t);
    var info = D.infos[Math.round(t)];
    return info && info[0] >= 0 ? 'event ' + info[1] : '';
  }

  function drawAxis() {
    var h = [];
    ticks().forEach(function (t) {
      var x = X(t);
      if (x < LABEL - 1) return;
      h.push('<g class="tick"><line x1="' + x + '" x2="' + x + '" y1="16" y2="24"/><text x="' + (x + 3) + '" y="13">' + tickLabel(t) + '</text></g>');
    });
    h.push('<text x="8" y="15" class="ml">' + (mode === 'time' ? 'virtual time' : 'event order') + '</text>');
    axisSvg.setAttribute('height', '24');
    axisSvg.innerHTML = h.join('');
  }

  function firstVisible(items, left) {
    var lo = 0, hi = items.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (endPos(items[mid]) < left) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function drawItem(it, ri, ii, next, out) {
    var x0 = X(pos(it[0])), x1 = Math.max(X(endPos(it)), x0 + MIN_W), o = O[it[3]];
    var flags = it[5] || 0, label = L[it[4]];
    var cls = 'o-' + o + ((flags & 2) ? ' viol' : '') + (selected && selected[0] === ri && selected[1] === ii ? ' sel' : '');
    var top = (ROW - BAR) / 2, d = ' data-i="' + ii + '"';
    if (flags & 1) {
      out.push('<path class="' + cls + '"' + d + ' d="M' + x0 + ' ' + (top - 1) + 'l6 7-6 7-6-7z"/>');
      var room = next === null ? width - x0 : next - x0;
      if (room > 40) out.push('<text class="ml" x="' + (x0 + 8) + '" y="' + (top + 10) + '">' + esc(clip(label, room - 12)) + '</text>');
      return x0 + 6;
    }
    var xa = it[1] >= 0 ? Math.min(Math.max(X(pos(it[1])), x0), x1) : x0;
    if (xa > x0 + 0.5) out.push('<rect class="w ' + cls + '"' + d + ' x="' + x0 + '" y="' + (top + 3) + '" width="' + (xa - x0) + '" height="' + (BAR - 6) + '"/>');
    var wa = Math.max(x1 - xa, xa > x0 + 0.5 ? 1 : MIN_W);
    out.push('<rect class="' + cls + '"' + d + ' x="' + xa + '" y="' + top + '" width="' + wa + '" height="' + BAR + '" rx="2"/>');
    (it[6] || []).forEach(function (p) {
      var xt = X(pos(p));
      out.push('<line class="tk" x1="' + xt + '" x2="' + xt + '" y1="' + (top - 3) + '" y2="' + (top + BAR + 3) + '"/>');
    });
    // The label where it fits whole: white inside the solid part, dark over the pale part or after
    // the bar; else clipped into the widest of those.
    var xs = Math.max(xa, LABEL), xw = Math.max(x0, LABEL), need = textWidth(label) + 8;
    var inside = LIGHT.indexOf(o) >= 0 ? 'dl' : 'bl';
    var spots = [[x1 - xs, xs + 3, inside], [xa - xw, xw + 3, 'ml'], [(next === null ? width : next) - x1 - 4, x1 + 4, 'ml']];
    var spot = spots.filter(function (c) { return c[0] >= need; })[0] ||
      spots.reduce(function (a, b) { return b[0] > a[0] ? b : a; });
    if (spot[0] > 40) out.push('<text class="' + spot[2] + '" x="' + spot[1] + '" y="' + (top + 9.5) + '">' + esc(clip(label, spot[0] - 8)) + '</text>');
    return x1;
  }
  function textWidth(s) { return s.length * 5.8; }
  function clip(s, px) {
    var n = Math.floor(px / 5.8);
    return s.length <= n ? s : n < 2 ? '' : s.slice(0, n - 1) + '\u2026';
  }

  function drawLane(row, ri, out) {
    var items = row.lane.items, s = scale(), left = v0 - (LABEL + 8) / s, right = v1 + 8 / s;
    var last = -Infinity;
    for (var i = firstVisible(items, left); i < items.length; i++) {
      var it = items[i], start = pos(it[0]);
      if (start > right) break;
      var x0 = X(start), x1 = Math.max(X(endPos(it)), x0 + MIN_W);
      if (x1 <= last + 1) continue; // narrower than a pixel beside what is drawn: merged into it
      var next = i + 1 < items.length ? X(pos(items[i + 1][0])) : null;
      last = drawItem(it, ri, i, next, out);
    }
  }

  function render() {
    width = scroll.clientWidth || 800;
    var viewH = scroll.clientHeight || 400, top = scroll.scrollTop, out = [];
    spacer.style.height = Math.max(0, totalH - viewH) + 'px';
    svg.setAttribute('width', width); svg.setAttribute('height', viewH);
    ticks().forEach(function (t) {
      var x = X(t);
      if (x >= LABEL) out.push('<line class="grid" x1="' + x + '" x2="' + x + '" y1="0" y2="' + viewH + '"/>');
    });
    var lo = 0, hi = rows.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (rows[mid].y + rows[mid].h <= top) lo = mid + 1; else hi = mid; }
    for (var ri = lo; ri < rows.length && rows[ri].y < top + viewH; ri++) {
      var row = rows[ri], ty = row.y - top, g = D.groups[row.g];
      if (row.head) {
        out.push('<g class="head" transform="translate(0,' + ty + ')"><rect x="0" y="2" width="' + width + '" height="' + (HEAD - 4) + '"/>' +
          '<text x="8" y="17"><tspan class="title">' + esc(g.title) + '</tspan><tspan class="sub" dx="10">' + esc(g.subtitle) + '</tspan></text></g>');
        continue;
      }
      var body = [];
      drawLane(row, ri, body);
      out.push('<g class="lane" data-kind="' + row.lane.kind + '" data-r="' + ri + '" transform="translate(0,' + ty + ')">' +
        '<line class="lane-sep" x1="0" x2="' + width + '" y1="' + ROW + '" y2="' + ROW + '"/>' + body.join('') +
        '<rect class="lbg" x="0" y="0" width="' + LABEL + '" height="' + ROW + '"/>' +
        '<text class="lane-label" x="14" y="14">' + esc(clip(row.lane.label, LABEL - 20)) + '</text></g>');
    }
    var lastX = -Infinity;
    D.faults.forEach(function (p) {
      var x = X(pos(p));
      if (x < LABEL || x > width || x - lastX < 2) return;
      lastX = x;
      out.push('<line class="fault-line" x1="' + x + '" x2="' + x + '" y1="0" y2="' + viewH + '"/>');
    });
    svg.innerHTML = out.join('');
    drawAxis();
  }
  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; render(); });
  }

  function itemAt(target) {
    var el = target && target.closest ? target.closest('[data-i]') : null;
    var lane = el ? el.closest('[data-r]') : null;
    if (!lane) return null;
    var ri = +lane.getAttribute('data-r'), ii = +el.getAttribute('data-i');
    return { ri: ri, ii: ii, item: rows[ri].lane.items[ii] };
  }
  function pointsOf(it) {
    var ps = [it[0]];
    if (it[1] >= 0) ps.push(it[1]);
    if (it[2] >= 0 && it[2] !== it[0]) ps.push(it[2]);
    return ps.concat(it[6] || []).sort(function (a, b) { return a - b; });
  }
  function when(p) {
    return mode === 'time' || D.startMs !== null && D.startMs !== undefined ? duration(T[p]) : '#' + p;
  }
  /** A point's details as an object: its shape's names with its values. */
  function detailsOf(p) {
    var info = D.infos[p], keys = D.shapes[info[2]][1], o = {};
    keys.forEach(function (k, i) { o[k] = info[3][i]; });
    return o;
  }
  function pointTitle(p) {
    var info = D.infos[p];
    if (info[0] >= 0) return when(p) + '  event ' + info[1] + '  ' + D.shapes[info[2]][0];
    var e = detailsOf(p);
    return when(p) + '  ' + e.kind + ' ' + (e.actor || '') + ' ' + (e.operation || '') + (e.result ? ' \u2192 ' + e.result : '') +
      (e.notes ? ' [' + e.notes.join(', ') + ']' : '') + (e.message ? ' ' + e.message : '');
  }
  function showTip(hit, ev) {
    var lines = [L[hit.item[4]]], ps = pointsOf(hit.item);
    ps.slice(0, 12).forEach(function (p) { lines.push(pointTitle(p)); });
    if (ps.length > 12) lines.push('\u2026 ' + (ps.length - 12) + ' more');
    tip.textContent = lines.join('\n');
    tip.hidden = false;
    var x = ev.clientX + 14, yy = ev.clientY + 14;
    if (x + tip.offsetWidth > innerWidth - 4) x = Math.max(4, ev.clientX - tip.offsetWidth - 10);
    if (yy + tip.offsetHeight > innerHeight - 4) yy = Math.max(4, ev.clientY - tip.offsetHeight - 10);
    tip.style.left = x + 'px'; tip.style.top = yy + 'px';
  }
  function showDetails(hit) {
    selected = [hit.ri, hit.ii];
    details.textContent = '';
    var close = document.createElement('button');
    close.className = 'close'; close.textContent = 'close';
    close.onclick = function () { details.hidden = true; selected = null; schedule(); };
    var h = document.createElement('h2');
    h.textContent = rows[hit.ri].lane.label + ': ' + L[hit.item[4]];
    details.appendChild(close); details.appendChild(h);
    pointsOf(hit.item).forEach(function (p) {
      var h3 = document.createElement('h3'), pre = document.createElement('pre');
      h3.textContent = pointTitle(p) + (D.startMs !== null && D.startMs !== undefined ? '  (' + new Date(D.startMs + T[p]).toISOString() + ')' : '');
      pre.textContent = JSON.stringify(detailsOf(p), null, 2);
      details.appendChild(h3); details.appendChild(pre);
    });
    details.hidden = false;
    schedule();
  }
  function zoomToPoints(ps) {
    var a = Infinity, b = -Infinity;
    ps.forEach(function (p) { a = Math.min(a, pos(p)); b = Math.max(b, pos(p)); });
    var pad = Math.max((b - a) * 0.6, mode === 'time' ? 50 : 10);
    setView(a - pad, b + pad);
  }
  function reveal(ri) {
    var r = rows[ri], viewH = scroll.clientHeight;
    if (r.y < scroll.scrollTop || r.y + r.h > scroll.scrollTop + viewH) scroll.scrollTop = Math.max(0, r.y - viewH / 3);
  }

  var drag = null;
  svg.addEventListener('mousedown', function (ev) { drag = { x: ev.clientX, v0: v0, v1: v1, moved: false }; });
  addEventListener('mousemove', function (ev) {
    if (drag) {
      var dx = ev.clientX - drag.x;
      if (Math.abs(dx) > 3) { drag.moved = true; svg.classList.add('panning'); }
      if (drag.moved) { setView(drag.v0 - dx / scale(), drag.v1 - dx / scale()); tip.hidden = true; schedule(); return; }
    }
    var hit = itemAt(ev.target);
    if (hit) showTip(hit, ev); else tip.hidden = true;
  });
  addEventListener('mouseup', function () { setTimeout(function () { drag = null; }, 0); svg.classList.remove('panning'); });
  svg.addEventListener('click', function (ev) {
    if (drag && drag.moved) return;
    var hit = itemAt(ev.target);
    if (hit) showDetails(hit);
  });
  svg.addEventListener('dblclick', function (ev) {
    var hit = itemAt(ev.target);
    if (hit) { zoomToPoints(pointsOf(hit.item)); schedule(); }
  });
  svg.addEventListener('mouseleave', function () { tip.hidden = true; });
  function zoomAt(factor, px) {
    var at = v0 + (Math.max(px, LABEL) - LABEL) / scale();
    setView(at - (at - v0) * factor, at + (v1 - at) * factor);
    schedule();
  }
  scroll.addEventListener('wheel', function (ev) {
    var rect = svg.getBoundingClientRect();
    if (ev.ctrlKey || ev.metaKey) {
      ev.preventDefault();
      zoomAt(Math.exp(ev.deltaY * 0.002), ev.clientX - rect.left);
    } else if (ev.shiftKey || Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) {
      ev.preventDefault();
      var d = (ev.shiftKey ? ev.deltaY : ev.deltaX) / scale();
      setView(v0 + d, v1 + d); schedule();
    }
  }, { passive: false });
  scroll.addEventListener('scroll', schedule);
  addEventListener('resize', schedule);
  addEventListener('keydown', function (ev) {
    if (ev.target && /INPUT|TEXTAREA/.test(ev.target.tagName)) return;
    var span = v1 - v0;
    if (ev.key === '+' || ev.key === '=') zoomAt(0.5, LABEL + (width - LABEL) / 2);
    else if (ev.key === '-') zoomAt(2, LABEL + (width - LABEL) / 2);
    else if (ev.key === '0') { fit(); schedule(); }
    else if (ev.key === 'ArrowLeft') { setView(v0 - span * 0.2, v1 - span * 0.2); schedule(); }
    else if (ev.key === 'ArrowRight') { setView(v0 + span * 0.2, v1 + span * 0.2); schedule(); }
  });
  document.querySelectorAll('[data-zoom]').forEach(function (b) {
    b.addEventListener('click', function () {
      var z = b.getAttribute('data-zoom');
      if (z === 'fit') { fit(); schedule(); } else zoomAt(z === 'in' ? 0.5 : 2, LABEL + (width - LABEL) / 2);
    });
  });
  document.querySelectorAll('input[name=axis]').forEach(function (input) {
    if (mode === 'order' && input.value === 'time') input.disabled = true;
    input.checked = input.value === mode;
    input.addEventListener('change', function () { mode = input.value; fit(); schedule(); });
  });
  document.querySelectorAll('[data-violation]').forEach(function (b) {
    b.addEventListener('click', function () {
      var parts = b.getAttribute('data-violation').split(':'), g = +parts[0], v = D.groups[g].violations[+parts[1]];
      if (v.points.length === 0) return;
      zoomToPoints(v.points);
      for (var ri = 0; ri < rows.length; ri++) {
        if (rows[ri].head || rows[ri].g !== g) continue;
        var items = rows[ri].lane.items;
        for (var ii = 0; ii < items.length; ii++) {
          if (pointsOf(items[ii]).indexOf(v.points[0]) >= 0) { reveal(ri); showDetails({ ri: ri, ii: ii, item: items[ii] }); return; }
        }
      }
      schedule();
    });
  });

  fit();
  render();
  document.documentElement.setAttribute('data-rendered-ms', String(Math.round(performance.now())));
})();
`;
