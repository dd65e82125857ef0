// Webview of the planning panel (src/extension/planning/panel.ts): the three Chinchilla approaches'
// compute-optimal frontiers on one plot with their 95 % bands, a compute-budget slider with the
// allocation of each approach at that budget, and an inference-aware view (the N and D that minimise
// training + inference compute for the same loss). plotly.js (SVG traces only) is loaded as its own
// nonce'd <script>; slider answers are closed forms computed here (src/core/plan is pure).
import { chinchillaLoss, optimalForCompute, type ChinchillaParams } from '../src/core/plan/computeOptimal';
import { inferenceAwareForLoss } from '../src/core/plan/inference';
import { proposeRun } from '../src/core/plan/proposeConfig';
import type { PlanningData } from '../src/protocol/panels/planning';
import { percentileInterval } from '../src/core/numeric/stats';
import { formatHumanNumber } from '../src/core/table/numbers';
import { action, esc, getState, saveState, start } from './shared/panel';
import { withAlpha } from './shared/colors';
import { vscodeTheme } from './shared/theme';

interface PlotlyLike {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  relayout(el: HTMLElement, update: unknown): Promise<unknown>;
}
declare const Plotly: PlotlyLike;

const app = document.getElementById('app') as HTMLElement;
let data: PlanningData | undefined;
const saved = getState<{ logBudget: number; logInference: number }>();
let logBudget = saved.logBudget;
let logInference = saved.logInference ?? 12;

// ------------------------------------------------------------------ formatting + theme

const human = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : formatHumanNumber(x, 3));
const sci = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toExponential(2));
const iv = (v?: [number, number], f: (x: number) => string = human) => (v ? ` <span class="muted">[${esc(f(v[0]))}, ${esc(f(v[1]))}]</span>` : '');

function theme() {
  const t = vscodeTheme();
  return { fg: t.fg, grid: t.grid, palette: t.palette, hc: t.highContrast, font: t.font };
}
function layout(title: string, xTitle: string, yTitle: string, t: ReturnType<typeof theme>, extra: Record<string, unknown> = {}) {
  const axis = (text: string) => ({ title: { text }, type: 'log', gridcolor: t.grid, zerolinecolor: t.grid, linecolor: t.fg, tickcolor: t.fg, color: t.fg, exponentformat: 'power' });
  return {
    title: { text: title, font: { size: 13 } }, paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', font: { color: t.fg, family: t.font, size: 11 },
    xaxis: axis(xTitle), yaxis: axis(yTitle), margin: { l: 60, r: 10, t: 36, b: 44 }, legend: { orientation: 'h', y: -0.2, font: { size: 10 } }, hovermode: 'closest', ...extra,
  };
}
const PLOT_CONFIG = { displaylogo: false, responsive: true, displayModeBar: 'hover', modeBarButtonsToRemove: ['sendDataToCloud', 'lasso2d', 'select2d'] };

// ------------------------------------------------------------------ intervals from the fit's draws

const overDraws = (draws: ChinchillaParams[], f: (p: ChinchillaParams) => number) => percentileInterval(draws.map((d) => { try { return f(d); } catch { return NaN; } }));

// ------------------------------------------------------------------ rendering

function render(): void {
  if (!data) return;
  const d = data;
  const lo = Math.log10(d.C[0]), hi = Math.log10(d.C[d.C.length - 1]);
  if (logBudget === undefined || logBudget < lo || logBudget > hi) logBudget = Math.log10(d.budget);
  const errs = d.errors.map((e) => `<li><b>${esc(e.name)}</b>: ${esc(e.message)}</li>`).join('');
  const warns = d.frontiers.flatMap((f) => f.warnings.map((w) => `<li>Approach ${f.id}: ${esc(w)}</li>`)).join('');
  const p = d.law;
  app.innerHTML = `
<header><h2>${esc(d.title)}</h2><span class="muted">L = E + A/N<sup>α</sup> + B/D<sup>β</sup>: E = ${p.E.toPrecision(4)}, A = ${p.A.toPrecision(4)}, B = ${p.B.toPrecision(4)}, α = ${p.alpha.toPrecision(3)}, β = ${p.beta.toPrecision(3)}; C = ${d.flopsPerParamToken}·N·D</span></header>
<div class="card"><h3>Exponents: N<sub>opt</sub> ∝ C<sup>a</sup>, D<sub>opt</sub> ∝ C<sup>b</sup> (95 % intervals)</h3>
<table id="exponents"><tr><th>approach</th><th>a</th><th>b</th></tr>
${d.frontiers.map((f) => `<tr data-approach="${f.id}"><td>${esc(f.name)}</td><td class="num">${f.a.toFixed(3)}${iv(f.aCi, (x) => x.toFixed(3))}</td><td class="num">${f.b.toFixed(3)}${iv(f.bCi, (x) => x.toFixed(3))}</td></tr>`).join('')}
</table>${errs ? `<ul class="warnings">${errs}</ul>` : ''}${warns ? `<ul class="warnings">${warns}</ul>` : ''}</div>
<div class="card plot-card"><div id="plot-frontier" class="plot" style="height:420px"></div></div>
<div class="card"><h3>Budget</h3>
<label>C = <b id="budget-value"></b> FLOPs <input id="budget" type="range" min="${lo}" max="${hi}" step="0.01" value="${logBudget}" style="width:60%" aria-label="compute budget (log10 FLOPs)"></label>
<table id="budget-table"></table>
<button id="copy-config">Copy a proposed config for the Approach 3 optimum</button>
</div>
<div class="card"><h3>Inference-aware (same loss as the Approach 3 optimum at this budget)</h3>
<label>inference tokens = <b id="inference-value"></b> <input id="inference" type="range" min="0" max="15" step="0.1" value="${logInference}" style="width:50%" aria-label="expected inference tokens (log10)"></label>
<table id="inference-table"></table>
<div id="plot-inference" class="plot"></div>
</div>`;
  drawFrontier();
  updateBudget();
  (document.getElementById('budget') as HTMLInputElement).addEventListener('input', (e) => {
    logBudget = Number((e.target as HTMLInputElement).value);
    saveState({ logBudget, logInference });
    updateBudget();
  });
  (document.getElementById('inference') as HTMLInputElement).addEventListener('input', (e) => {
    logInference = Number((e.target as HTMLInputElement).value);
    saveState({ logBudget, logInference });
    updateInference();
  });
  document.getElementById('copy-config')?.addEventListener('click', () => {
    const a = optimalForCompute(d.law, 10 ** (logBudget as number), d.flopsPerParamToken);
    const run = proposeRun(a.N, a.D);
    action('copy', { text: `// model (${run.family}, ${run.params.total} parameters)\n${run.snippet}\n// training\n${run.trainingSnippet}\n` });
  });
}

function drawFrontier(): void {
  const d = data;
  const el = document.getElementById('plot-frontier');
  if (!d || !el || typeof Plotly === 'undefined') return;
  const t = theme();
  const traces: unknown[] = [];
  d.frontiers.forEach((f, i) => {
    const color = t.palette[i % t.palette.length];
    const band = (lo: number[] | undefined, hiv: number[] | undefined, what: string) => {
      if (!lo || !hiv) return;
      traces.push({ type: 'scatter', mode: 'lines', x: d.C, y: hiv, line: { width: 0, color }, hoverinfo: 'skip', showlegend: false, legendgroup: f.id });
      traces.push({ type: 'scatter', mode: 'lines', x: d.C, y: lo, line: { width: 0, color }, fill: 'tonexty', fillcolor: withAlpha(color, t.hc ? 0.35 : 0.16), hoverinfo: 'skip', showlegend: false, legendgroup: f.id, name: `${what} 95 %` });
    };
    band(f.NLo, f.NHi, 'N');
    band(f.DLo, f.DHi, 'D');
    traces.push({ type: 'scatter', mode: 'lines', x: d.C, y: f.N, name: `Approach ${f.id}: N_opt`, legendgroup: f.id, line: { color, width: t.hc ? 3 : 2 }, hovertemplate: `Approach ${f.id}<br>C=%{x:.3s}<br>N_opt=%{y:.3s}<extra></extra>` });
    traces.push({ type: 'scatter', mode: 'lines', x: d.C, y: f.D, name: `Approach ${f.id}: D_opt`, legendgroup: f.id, line: { color, width: t.hc ? 3 : 2, dash: 'dash' }, hovertemplate: `Approach ${f.id}<br>C=%{x:.3s}<br>D_opt=%{y:.3s}<extra></extra>` });
  });
  const k = d.flopsPerParamToken;
  if (d.runs.N.length) traces.push({ type: 'scatter', mode: 'markers', x: d.runs.N.map((n, i) => k * n * d.runs.D[i]), y: d.runs.N, name: 'fitted runs (N)', marker: { color: t.fg, size: 5, opacity: 0.6 }, hovertemplate: 'run<br>C=%{x:.3s}<br>N=%{y:.3s}<extra></extra>' });
  if (d.config?.D) {
    traces.push({ type: 'scatter', mode: 'markers', x: [k * d.config.N * d.config.D], y: [d.config.N], name: `${d.config.file} (N)`, marker: { symbol: 'star', size: 14, color: t.palette[3], line: { width: 1, color: t.fg } }, hovertemplate: `${esc(d.config.file)}<br>C=%{x:.3s}<br>N=%{y:.3s}<extra></extra>` });
  }
  void Plotly.react(el, traces, layout('compute-optimal frontiers: N_opt (solid) and D_opt (dashed)', 'C (FLOPs)', 'N_opt, D_opt', t, { shapes: shapes(t), annotations: annotations(t) }), PLOT_CONFIG);
}

function budgetLine(t: ReturnType<typeof theme>) {
  const C = 10 ** (logBudget ?? 21);
  return { type: 'line', xref: 'x', yref: 'paper', x0: C, x1: C, y0: 0, y1: 1, line: { color: t.fg, width: 1, dash: 'dot' } };
}

/** The budget line, and the config's N as a horizontal line when it sets no tokens (no point to place). */
function shapes(t: ReturnType<typeof theme>) {
  const out: unknown[] = [budgetLine(t)];
  const c = data?.config;
  if (c && !c.D) out.push({ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: c.N, y1: c.N, line: { color: t.palette[3], width: 1, dash: 'dashdot' } });
  return out;
}

function annotations(t: ReturnType<typeof theme>) {
  const c = data?.config;
  return c && !c.D ? [{ xref: 'paper', yref: 'y', x: 0.01, y: Math.log10(c.N), text: `${esc(c.file)}: N = ${human(c.N)}`, showarrow: false, yanchor: 'bottom', xanchor: 'left', font: { color: t.palette[3], size: 10 } }] : [];
}

function updateBudget(): void {
  const d = data;
  if (!d || logBudget === undefined) return;
  const C = 10 ** logBudget;
  (document.getElementById('budget-value') as HTMLElement).textContent = sci(C);
  const rows: string[] = ['<tr><th>approach</th><th>N<sub>opt</sub></th><th>D<sub>opt</sub></th><th>tokens/param</th><th>predicted loss (fit)</th></tr>'];
  for (const f of d.frontiers) {
    // frontier values at C by the approach's power laws (log-linear interpolation on the grid)
    const at = (ys: number[] | undefined) => (ys ? interp(d.C, ys, C) : undefined);
    const N = at(f.N) as number, D = at(f.D) as number;
    const Nb: [number, number] | undefined = f.NLo && f.NHi ? [at(f.NLo) as number, at(f.NHi) as number] : undefined;
    const Db: [number, number] | undefined = f.DLo && f.DHi ? [at(f.DLo) as number, at(f.DHi) as number] : undefined;
    const L = chinchillaLoss(d.law, N, D);
    const Lb = overDraws(d.draws, (p) => chinchillaLoss(p, N, D));
    rows.push(`<tr data-approach="${esc(String(f.id))}"><td>Approach ${esc(String(f.id))}</td><td class="num">${human(N)}${iv(Nb)}</td><td class="num">${human(D)}${iv(Db)}</td><td class="num">${(D / N).toFixed(1)}</td><td class="num">${L.toFixed(4)}${iv(Lb, (x) => x.toFixed(4))}</td></tr>`);
  }
  (document.getElementById('budget-table') as HTMLElement).innerHTML = rows.join('');
  const el = document.getElementById('plot-frontier');
  if (el && typeof Plotly !== 'undefined') void Plotly.relayout(el, { shapes: shapes(theme()) });
  updateInference();
}

function interp(xs: number[], ys: number[], x: number): number {
  const lx = Math.log(x);
  let i = 1;
  while (i < xs.length - 1 && Math.log(xs[i]) < lx) i++;
  const x0 = Math.log(xs[i - 1]), x1 = Math.log(xs[i]);
  const t = (lx - x0) / (x1 - x0);
  return Math.exp(Math.log(ys[i - 1]) + t * (Math.log(ys[i]) - Math.log(ys[i - 1])));
}

let inferenceTimer: ReturnType<typeof setTimeout> | undefined;
function updateInference(): void {
  const d = data;
  if (!d || logBudget === undefined) return;
  const I = logInference <= 0 ? 0 : 10 ** logInference;
  (document.getElementById('inference-value') as HTMLElement).textContent = I === 0 ? 'none' : human(I);
  const k = d.flopsPerParamToken;
  const ch = optimalForCompute(d.law, 10 ** logBudget, k);
  const el = document.getElementById('inference-table') as HTMLElement;
  try {
    const r = inferenceAwareForLoss(d.law, ch.loss, I, { flopsPerParamToken: k });
    el.innerHTML = `<tr><th></th><th>N</th><th>D</th><th>tokens/param</th><th>training FLOPs</th><th>inference FLOPs</th><th>total</th></tr>
<tr data-row="chinchilla"><td>Chinchilla-optimal (training only)</td><td class="num">${human(r.chinchilla.N)}</td><td class="num">${human(r.chinchilla.D)}</td><td class="num">${(r.chinchilla.D / r.chinchilla.N).toFixed(1)}</td><td class="num">${sci(r.chinchilla.trainFlops)}</td><td class="num">${sci(r.chinchilla.totalFlops - r.chinchilla.trainFlops)}</td><td class="num">${sci(r.chinchilla.totalFlops)}</td></tr>
<tr data-row="inference-aware"><td>Inference-aware</td><td class="num">${human(r.N)}</td><td class="num">${human(r.D)}</td><td class="num">${r.tokensPerParam.toFixed(1)}</td><td class="num">${sci(r.trainFlops)}</td><td class="num">${sci(r.inferenceFlops)}</td><td class="num">${sci(r.totalFlops)}</td></tr>
<caption>target loss ${ch.loss.toFixed(4)}; ${esc(r.convention)}; saves ${(100 * r.savings).toFixed(1)} % of total compute</caption>`;
  } catch (e) {
    el.innerHTML = `<tr><td class="warnings">${esc((e as Error).message)}</td></tr>`;
  }
  clearTimeout(inferenceTimer);
  inferenceTimer = setTimeout(() => drawInference(ch.loss), 120);
}

function drawInference(target: number): void {
  const d = data;
  const el = document.getElementById('plot-inference');
  if (!d || !el || typeof Plotly === 'undefined') return;
  const t = theme();
  const Is: number[] = [], Ns: number[] = [], Ds: number[] = [];
  for (let e = 6; e <= 15; e += 0.25) {
    try {
      const r = inferenceAwareForLoss(d.law, target, 10 ** e, { flopsPerParamToken: d.flopsPerParamToken });
      Is.push(10 ** e);
      Ns.push(r.N);
      Ds.push(r.D);
    } catch {
      /* unreachable target */
    }
  }
  const traces = [
    { type: 'scatter', mode: 'lines', x: Is, y: Ns, name: 'N (inference-aware)', line: { color: t.palette[0], width: 2 } },
    { type: 'scatter', mode: 'lines', x: Is, y: Ds, name: 'D (inference-aware)', line: { color: t.palette[1], width: 2, dash: 'dash' } },
  ];
  const I = logInference <= 0 ? undefined : 10 ** logInference;
  const shapes = I ? [{ type: 'line', xref: 'x', yref: 'paper', x0: I, x1: I, y0: 0, y1: 1, line: { color: t.fg, width: 1, dash: 'dot' } }] : [];
  void Plotly.react(el, traces, layout(`N and D for loss ${target.toFixed(4)} vs expected inference tokens`, 'inference tokens', 'N, D', t, { shapes }), PLOT_CONFIG);
}

// Redraw when the theme changes (body class flips between vscode-light / -dark / -high-contrast).
new MutationObserver(() => {
  if (data) {
    drawFrontier();
    updateBudget();
  }
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

start({
  planning: (v) => {
    data = v as PlanningData;
    render();
  },
  message: (v) => {
    data = undefined;
    app.innerHTML = `<p class="muted" id="planning-message">${esc(String(v ?? 'Nothing to plan yet.'))}</p>`;
  },
});
