// Phases explorer webview (issue #7): the (alpha, beta) plane of the power-law random-features
// model with its seven regions and boundary lines (click to choose a point), the point's phase and
// exponents, loss-vs-flops curves for several d with the compute-optimal frontier and SGD runs,
// heatmaps of xi and eta (computed by the host's compute thread, with progress and cancel), and
// "place my fit". SVG traces only; colours follow the theme.
import type { HeatmapCell, PhaseInfo } from '../src/core/theory';
import type { Placement, Region } from '../src/protocol/panels/phases';
import type { PhasesExploreResult as PhaseCurvesResult } from '../src/protocol/phasesTasks';
import { action, baseLayout, draw, esc, fmt, getState, plotCard, saveState, start, status, withAlpha, type Theme } from './shared/panel';

interface Plane {
  regions: Region[];
  boundaries: { name: string; from: [number, number]; to: [number, number] }[];
  max: number;
}
interface Point {
  alpha: number;
  beta: number;
  info: PhaseInfo;
}
interface Heat {
  alphas: number[];
  betas: number[];
  cells: HeatmapCell[];
}
interface State {
  plane: Plane;
  point: Point;
  curves: PhaseCurvesResult;
  heatmap: Heat;
  placement: Placement;
  heatN: number;
}

const st = getState<State>();
const app = document.getElementById('app')!;
app.innerHTML = `
<header><h2>Phases of compute-optimal scaling — power-law random features</h2><span id="kit-status" class="status"></span></header>
<div class="card kit-form" id="controls">
  <label>α (data decay)<input class="kit-in" id="in-alpha" type="number" step="0.01" min="0" value="${st.point?.alpha ?? 0.7}"></label>
  <label>β (target decay)<input class="kit-in" id="in-beta" type="number" step="0.01" min="0" value="${st.point?.beta ?? 0.7}"></label>
  <button class="kit-btn" id="btn-go">Show point</button>
  <button class="kit-btn secondary" id="btn-place" title="Where would the active fit's compute-optimal exponents sit?">Place my fit</button>
  <label>heatmap grid<select class="kit-in" id="in-heat">${[6, 8, 10, 12, 16, 20].map((n) => `<option value="${n}"${n === (st.heatN ?? 10) ? ' selected' : ''}>${n} × ${n}</option>`).join('')}</select></label>
  <button class="kit-btn secondary" id="btn-heat">Compute ξ, η heatmaps</button>
</div>
<div id="kit-jobs"></div>
<div class="kit-row">
  ${plotCard('plane', 'phase-plane', 'plane-card')}
  <div class="card" id="point-info"><p class="muted">Click the plane to choose (α, β).</p></div>
</div>
<div class="kit-row">
  ${plotCard('curves', 'loss-vs-flops')}
  <div class="card" id="placement"><h3>Place my fit</h3><p class="muted">Uses the active fit (Chinchilla-type: α, β of N and D) or a FitReport file you pick: ξ = β/(α+β), η = αβ/(α+β).</p></div>
</div>
<div class="kit-row">
  ${plotCard('heat-xi', 'heatmap-xi')}
  ${plotCard('heat-eta', 'heatmap-eta')}
</div>`;
document.getElementById('plane')!.classList.add('tall');
document.getElementById('curves')!.classList.add('tall');

const regionColor = (name: string, t: Theme): string => {
  const i = ['Ia', 'Ib', 'Ic', 'II', 'III', 'IVa', 'IVb'].indexOf(name);
  if (i < 0) return withAlpha(t.muted, 0.15);
  return withAlpha(t.palette[i % t.palette.length], t.highContrast ? 0.45 : 0.28);
};

function planeFigure(t: Theme) {
  const plane = st.plane;
  if (!plane) return undefined;
  const data: unknown[] = [];
  for (const r of plane.regions) {
    const xs = [...r.poly.map((p) => p[0]), r.poly[0][0]], ys = [...r.poly.map((p) => p[1]), r.poly[0][1]];
    data.push({ type: 'scatter', mode: 'lines', x: xs, y: ys, fill: 'toself', fillcolor: regionColor(r.name, t), line: { width: 0 }, hoveron: 'fills', name: r.name, text: r.name, hoverinfo: 'text', showlegend: false });
  }
  for (const b of plane.boundaries) {
    data.push({ type: 'scatter', mode: 'lines', x: [b.from[0], b.to[0]], y: [b.from[1], b.to[1]], line: { color: t.fg, width: t.highContrast ? 2.5 : 1.5, dash: b.name.startsWith('2(') ? 'dot' : 'solid' }, name: b.name, hoverinfo: 'name', showlegend: false });
  }
  data.push({ type: 'scatter', mode: 'text', x: plane.regions.map((r) => r.label[0]), y: plane.regions.map((r) => r.label[1]), text: plane.regions.map((r) => (r.name === 'undefined' ? 'undefined' : `<b>${r.name}</b>`)), textfont: { color: t.fg, size: 13 }, hoverinfo: 'skip', showlegend: false });
  const pl = st.placement;
  if (pl?.points.length) {
    data.push({ type: 'scatter', mode: 'markers', x: pl.points.map((p) => p.alpha), y: pl.points.map((p) => p.beta), name: 'your fit (closest closed-form points)', marker: { symbol: 'star', size: 13, color: t.palette[3], line: { color: t.fg, width: 1 } }, text: pl.points.map((p) => `${p.phase}: ξ=${p.xi.toFixed(3)}, η=${p.eta.toFixed(3)} (Δ ${p.distance.toExponential(1)})`), hoverinfo: 'text' });
  }
  if (st.point) {
    data.push({ type: 'scatter', mode: 'markers', x: [st.point.alpha], y: [st.point.beta], name: 'chosen point', marker: { symbol: 'circle-open', size: 16, color: t.fg, line: { width: 3, color: t.fg } }, hoverinfo: 'skip' });
  }
  const layout = baseLayout(t, 'phase plane (click to choose a point)', { title: 'α (data / spectrum decay)', range: [0, plane.max] }, { title: 'β (target decay)', range: [0, plane.max] }, { dragmode: false, showlegend: !!pl?.points.length, legend: { orientation: 'h', y: -0.14 } });
  return { data, layout };
}

function curvesFigure(t: Theme) {
  const c = st.curves;
  if (!c) return undefined;
  const data: unknown[] = c.curves.map((cv, i) => ({ type: 'scatter', mode: 'lines', x: cv.flops, y: cv.loss, name: `d = ${cv.d}`, line: { color: t.palette[i % t.palette.length], width: t.highContrast ? 2.5 : 1.6, dash: t.highContrast && i % 2 ? 'dash' : 'solid' } }));
  if (c.frontier.length) {
    data.push({ type: 'scatter', mode: 'lines+markers', x: c.frontier.map((f) => f.flops), y: c.frontier.map((f) => f.pStar), name: 'compute-optimal frontier P*(f)', line: { color: t.fg, width: 2.5, dash: 'dash' }, marker: { size: 5, color: t.fg }, text: c.frontier.map((f) => `d* = ${f.dStar.toFixed(1)}`), hovertemplate: 'f=%{x:.3s}<br>P*=%{y:.4g}<br>%{text}<extra></extra>' });
  }
  if (c.sgd) {
    const s = c.sgd;
    data.push({ type: 'scatter', mode: 'markers', x: s.flops, y: s.mean, name: `SGD d = ${s.d} (${s.runs} runs, mean, IQR)`, marker: { symbol: 'circle-open', size: 6, color: t.palette[3] }, error_y: { type: 'data', symmetric: false, array: s.q75.map((q, i) => q - s.mean[i]), arrayminus: s.q25.map((q, i) => s.mean[i] - q), color: withAlpha(t.palette[3], 0.6), thickness: 1, width: 0 } });
  }
  const layout = baseLayout(t, `loss vs flops at (α, β) = (${c.alpha}, ${c.beta})`, { title: 'flops f = r·d·B', log: true }, { title: 'expected loss P', log: true }, { legend: { orientation: 'v', x: 1.02, xanchor: 'left', y: 1, font: { size: 10 } }, margin: { l: 62, r: 10, t: 36, b: 46 } });
  return { data, layout };
}

function heatFigure(which: 'xi' | 'eta', t: Theme) {
  const h = st.heatmap;
  if (!h) return undefined;
  const idx = new Map(h.cells.map((c) => [`${c.alpha},${c.beta}`, c]));
  const z = h.betas.map((b) => h.alphas.map((a) => idx.get(`${a},${b}`)?.[which] ?? null));
  const text = h.betas.map((b) => h.alphas.map((a) => { const c = idx.get(`${a},${b}`); return c ? `${c.phase} (${c.source})` : ''; }));
  const measured = h.cells.filter((c) => c.source === 'measured' && c[which] !== null);
  const data: unknown[] = [
    { type: 'heatmap', x: h.alphas, y: h.betas, z, text, hovertemplate: `α=%{x}<br>β=%{y}<br>${which === 'xi' ? 'ξ' : 'η'}=%{z:.3f}<br>%{text}<extra></extra>`, colorscale: 'Viridis', colorbar: { tickfont: { color: t.fg }, thickness: 12 } },
    { type: 'scatter', mode: 'markers', x: measured.map((c) => c.alpha), y: measured.map((c) => c.beta), name: 'measured (not closed form)', marker: { symbol: 'x-thin-open', size: 7, color: t.fg, line: { width: 1.5, color: t.fg } }, hoverinfo: 'skip' },
  ];
  for (const b of st.plane?.boundaries ?? []) data.push({ type: 'scatter', mode: 'lines', x: [b.from[0], b.to[0]], y: [b.from[1], b.to[1]], line: { color: t.fg, width: 1 }, hoverinfo: 'skip', showlegend: false });
  const M = st.plane?.max ?? 1.5;
  const layout = baseLayout(t, which === 'xi' ? 'ξ: d* ∝ f^ξ' : 'η: P* ∝ f^−η', { title: 'α', range: [0, M] }, { title: 'β', range: [0, M] }, { legend: { orientation: 'h', y: -0.2 } });
  return { data, layout };
}

function renderPoint(): void {
  const p = st.point;
  const el = document.getElementById('point-info')!;
  if (!p) return;
  const i = p.info;
  const c = st.curves && st.curves.alpha === p.alpha && st.curves.beta === p.beta ? st.curves : undefined;
  const measured = c?.measured;
  el.innerHTML = `<h3>(α, β) = (${esc(String(p.alpha))}, ${esc(String(p.beta))}): phase <span id="phase-name" class="badge">${esc(i.phase)}</span></h3>
  <table class="kit-kv"><thead><tr><th></th><th>closed form (${esc(i.source)})</th><th>measured (d = 32…512, one W per d)</th></tr></thead><tbody>
  <tr><th>ξ (d* ∝ f^ξ)</th><td class="num" id="xi-closed">${fmt(i.xi)}</td><td class="num" id="xi-measured">${measured ? `${fmt(measured.xi, 3)} [${fmt(measured.xiInterval[0], 3)}, ${fmt(measured.xiInterval[1], 3)}]` : c?.measureNote ? '–' : '…'}</td></tr>
  <tr><th>η (P* ∝ f^−η)</th><td class="num" id="eta-closed">${fmt(i.eta)}</td><td class="num" id="eta-measured">${measured ? `${fmt(measured.eta, 3)} [${fmt(measured.etaInterval[0], 3)}, ${fmt(measured.etaInterval[1], 3)}]` : c?.measureNote ? '–' : '…'}</td></tr>
  </tbody></table>
  ${i.dominant.length ? `<p>Competing terms at the compute-optimal point:</p><ul>${i.dominant.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>` : ''}
  ${i.note ? `<p class="muted">${esc(i.note)}</p>` : ''}
  ${c?.measureNote ? `<p class="muted">measurement: ${esc(c.measureNote)}</p>` : ''}
  <p class="muted">Measured exponents come from a small grid (one W draw per d); the CLI <code>scaling-laws phases exponents</code> measures on a wider grid.</p>`;
}

function renderPlacement(): void {
  const pl = st.placement;
  if (!pl) return;
  const el = document.getElementById('placement')!;
  el.innerHTML = `<h3>Place my fit</h3><p id="placement-how">${esc(pl.fit.how)}</p><p>${esc(pl.note)}</p>
  <table class="kit-kv"><thead><tr><th>α</th><th>β</th><th>phase</th><th>ξ</th><th>η</th><th>distance</th></tr></thead><tbody>
  ${pl.points.slice(0, 6).map((p) => `<tr><td class="num">${p.alpha.toFixed(3)}</td><td class="num">${p.beta.toFixed(3)}</td><td>${esc(p.phase)}</td><td class="num">${p.xi.toFixed(3)}</td><td class="num">${p.eta.toFixed(3)}</td><td class="num">${p.distance.toExponential(1)}</td></tr>`).join('')}
  </tbody></table><p class="muted">Phase III has ξ = 1/2 for every β &gt; α, so several points can fit equally well.</p>`;
}

function redraw(): void {
  draw('plane', planeFigure);
  draw('curves', curvesFigure);
  draw('heat-xi', (t) => heatFigure('xi', t));
  draw('heat-eta', (t) => heatFigure('eta', t));
  renderPoint();
  renderPlacement();
}

// Click anywhere in the plane's plotting area → (alpha, beta) from the axis ranges.
document.getElementById('plane')!.addEventListener('click', (e) => {
  const el = document.getElementById('plane') as HTMLElement & { _fullLayout?: { xaxis: { range: number[]; _offset: number; _length: number }; yaxis: { range: number[]; _offset: number; _length: number } } };
  const fl = el._fullLayout;
  if (!fl) return;
  const rect = el.getBoundingClientRect();
  const px = e.clientX - rect.left - fl.xaxis._offset, py = e.clientY - rect.top - fl.yaxis._offset;
  if (px < 0 || py < 0 || px > fl.xaxis._length || py > fl.yaxis._length) return;
  const [x0, x1] = fl.xaxis.range, [y0, y1] = fl.yaxis.range;
  const alpha = +(x0 + (px / fl.xaxis._length) * (x1 - x0)).toFixed(3);
  const beta = +(y1 - (py / fl.yaxis._length) * (y1 - y0)).toFixed(3);
  choose(alpha, beta);
});

function choose(alpha: number, beta: number): void {
  (document.getElementById('in-alpha') as HTMLInputElement).value = String(alpha);
  (document.getElementById('in-beta') as HTMLInputElement).value = String(beta);
  action('select', { alpha, beta });
}

document.getElementById('btn-go')!.addEventListener('click', () => {
  const a = Number((document.getElementById('in-alpha') as HTMLInputElement).value);
  const b = Number((document.getElementById('in-beta') as HTMLInputElement).value);
  if (!Number.isFinite(a) || !Number.isFinite(b) || a < 0 || b < 0) return status('α and β must be non-negative numbers', true);
  choose(a, b);
});
document.getElementById('btn-place')!.addEventListener('click', () => action('placeFit'));
document.getElementById('btn-heat')!.addEventListener('click', () => {
  const n = Number((document.getElementById('in-heat') as HTMLSelectElement).value);
  saveState({ heatN: n });
  action('heatmap', { n });
});

start({
  plane: (v) => { st.plane = v as Plane; saveState({ plane: st.plane }); redraw(); },
  point: (v) => {
    st.point = v as Point;
    saveState({ point: st.point });
    status(`phase ${st.point.info.phase} at (${st.point.alpha}, ${st.point.beta})`);
    redraw();
  },
  curves: (v) => {
    const c = v as PhaseCurvesResult;
    if (st.point && (c.alpha !== st.point.alpha || c.beta !== st.point.beta)) return;
    st.curves = c;
    saveState({ curves: c });
    redraw();
  },
  heatmap: (v) => { st.heatmap = v as Heat; saveState({ heatmap: st.heatmap }); redraw(); },
  placement: (v) => { st.placement = v as Placement; saveState({ placement: st.placement }); redraw(); },
});
redraw();
