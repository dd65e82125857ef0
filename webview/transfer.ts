// Transfer panel webview (issue #8): the prediction chain compute → loss → other loss →
// downstream error with each stage's 95 % interval at a chosen budget, the chain swept over
// compute, and the source-vs-target data of each one-input stage with its fitted curve and band.
import type { ChainSweepResult as ChainPanelResult } from '../src/protocol/transferTasks';
import { action, baseLayout, draw, esc, fmt, getState, plotCard, saveState, start, status, withAlpha, type Theme } from './shared/panel';

interface Chosen {
  files: { file: string; name: string }[];
  laws: string[];
  C: number;
}
interface State {
  chosen: Chosen;
  chain: ChainPanelResult;
}

const st = getState<State>();
const app = document.getElementById('app')!;
app.innerHTML = `
<header><h2>Transfer: compute → loss → other loss → downstream</h2><span id="kit-status" class="status"></span>
<div class="toolbar"><button class="kit-btn secondary" id="btn-pick">Choose Logs or FitReports…</button></div></header>
<div class="card kit-form"><label>compute budget C (FLOPs)<input class="kit-in" id="in-C" value="${st.chosen ? st.chosen.C.toExponential(3) : ''}" placeholder="e.g. 1e22"></label><button class="kit-btn" id="btn-at">Evaluate chain</button><span class="muted" id="files"></span></div>
<div id="kit-jobs"></div>
<div class="card" id="stages"><p class="muted">Choose FitReport files: a law over N, D (compute → loss), then loss-to-loss and/or downstream fits.</p></div>
<div class="kit-row" id="plots">${plotCard('sweep', 'chain-vs-compute')}</div>
<div class="kit-row" id="sources"></div>`;

const inputName = (law: string, input: string) => (law === 'loss-to-loss' ? 'source loss L_x' : law === 'downstream' ? 'loss' : input);
const outputName = (law: string) => (law === 'loss-to-loss' ? 'target loss L_y' : law === 'downstream' ? 'downstream error' : 'loss');

function renderStages(): void {
  const c = st.chain;
  const el = document.getElementById('stages')!;
  if (!c) return;
  const rows = c.at.stages.map((s, i) => {
    const ins = Object.entries(s.inputs).map(([k, v]) => `${esc(k)}=${fmt(v, 4)}${s.fedInput === k ? ' ←' : ''}`).join(', ');
    return `<tr data-stage="${i + 1}"><td>${i + 1}</td><td>${esc(s.law)}</td><td>${esc(st.chosen?.files[i]?.name ?? '')}</td><td>${ins}</td><td class="num stage-pred">${fmt(s.prediction, 5)}</td><td class="num">${s.interval ? `[${fmt(s.interval[0], 5)}, ${fmt(s.interval[1], 5)}]` : 'exact (no bootstrap)'}</td></tr>`;
  }).join('');
  el.innerHTML = `<h3 id="chain-headline">At C = ${c.C.toExponential(3)} FLOPs: ${esc(outputName(c.laws[c.laws.length - 1]))} ${fmt(c.at.prediction, 5)}${c.at.interval ? ` (95 % interval ${fmt(c.at.interval[0], 5)} – ${fmt(c.at.interval[1], 5)})` : ''}</h3>
  <table class="kit-kv" id="stage-table"><thead><tr><th>stage</th><th>law</th><th>report</th><th>inputs (← from the previous stage)</th><th>prediction</th><th>95 % interval</th></tr></thead><tbody>${rows}</tbody></table>
  <p class="muted">Intervals: draw b of every stage's bootstrap is evaluated through the whole chain (${c.at.draws} draws, ${c.at.finiteDraws} finite), the same as <code>scaling-laws predict --chain</code>.</p>
  ${c.at.warnings.length ? `<ul class="warnings">${c.at.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}`;
}

function sweepFigure(t: Theme) {
  const c = st.chain;
  if (!c) return undefined;
  const data: unknown[] = [];
  const n = c.sweep.stages.length;
  c.sweep.stages.forEach((s, i) => {
    const color = t.palette[i % t.palette.length];
    const axis = i === 0 ? 'y' : `y${i + 1}`;
    const name = `stage ${i + 1}: ${outputName(c.laws[i])} (${c.laws[i]})`;
    data.push({ type: 'scatter', mode: 'lines', x: c.sweep.C, y: s.hi, yaxis: axis, line: { width: 0, color }, hoverinfo: 'skip', showlegend: false, connectgaps: false });
    data.push({ type: 'scatter', mode: 'lines', x: c.sweep.C, y: s.lo, yaxis: axis, line: { width: 0, color }, fill: 'tonexty', fillcolor: withAlpha(color, t.highContrast ? 0.35 : 0.18), hoverinfo: 'skip', showlegend: false });
    data.push({ type: 'scatter', mode: 'lines', x: c.sweep.C, y: s.pred, yaxis: axis, name, line: { color, width: t.highContrast ? 3 : 2 }, hovertemplate: `${esc(name)}<br>C=%{x:.3s}<br>%{y:.5g}<extra></extra>` });
    data.push({ type: 'scatter', mode: 'markers', x: [c.C], y: [c.at.stages[i].prediction], yaxis: axis, showlegend: false, marker: { color: t.fg, size: 8, symbol: 'diamond' }, hoverinfo: 'skip' });
  });
  // stacked y axes, one per stage
  const extra: Record<string, unknown> = { grid: { rows: n, columns: 1, subplots: c.sweep.stages.map((_, i) => [i === 0 ? 'xy' : `xy${i + 1}`]), roworder: 'top to bottom' }, showlegend: false };
  for (let i = 1; i < n; i++) extra[`yaxis${i + 1}`] = { title: { text: `${i + 1}. ${outputName(c.laws[i])}` }, gridcolor: t.grid, color: t.fg };
  const layout = baseLayout(t, 'chain vs compute (95 % bands)', { title: 'C (FLOPs)', log: true }, { title: `1. ${outputName(c.laws[0])}` }, extra);
  return { data, layout };
}

function renderSources(): void {
  const c = st.chain;
  const host = document.getElementById('sources')!;
  if (!c) return;
  host.innerHTML = c.sources.map((s) => plotCard(`source-${s.stage}`, `stage-${s.stage + 1}-${s.law}`)).join('');
  for (const s of c.sources) {
    draw(`source-${s.stage}`, (t: Theme) => {
      const color = t.palette[(s.stage + 1) % t.palette.length];
      const data: unknown[] = [
        { type: 'scatter', mode: 'lines', x: s.curve.x, y: s.curve.hi, line: { width: 0, color }, hoverinfo: 'skip', showlegend: false },
        { type: 'scatter', mode: 'lines', x: s.curve.x, y: s.curve.lo, line: { width: 0, color }, fill: 'tonexty', fillcolor: withAlpha(color, t.highContrast ? 0.35 : 0.18), name: '95 % band', hoverinfo: 'skip' },
        { type: 'scatter', mode: 'lines', x: s.curve.x, y: s.curve.y, name: `fitted ${s.law}`, line: { color, width: t.highContrast ? 3 : 2 } },
        { type: 'scatter', mode: 'markers', x: s.points.x, y: s.points.y, text: s.points.run ?? [], name: `runs (${s.points.x.length})`, marker: { color: t.fg, size: 6, opacity: 0.8 }, hovertemplate: '%{text}<br>x=%{x:.4f}<br>y=%{y:.4f}<extra></extra>' },
      ];
      const fed = c.at.stages[s.stage];
      const xin = fed?.inputs[s.input];
      if (xin !== undefined) data.push({ type: 'scatter', mode: 'markers', x: [xin], y: [fed.prediction], name: `chain at C = ${c.C.toExponential(2)}`, marker: { symbol: 'diamond', size: 10, color: t.palette[3], line: { color: t.fg, width: 1 } }, error_y: fed.interval ? { type: 'data', symmetric: false, array: [fed.interval[1] - fed.prediction], arrayminus: [fed.prediction - fed.interval[0]], color: t.palette[3] } : undefined });
      const params = Object.entries(s.params).map(([k, v]) => `${k}=${fmt(v, 3)}`).join(', ');
      return { data, layout: baseLayout(t, `stage ${s.stage + 1}: ${s.law} (${params})`, { title: inputName(s.law, s.input) }, { title: outputName(s.law) }) };
    });
  }
}

function redraw(): void {
  const sweep = document.getElementById('sweep');
  if (sweep && st.chain) sweep.style.height = `${Math.max(340, 200 * st.chain.sweep.stages.length)}px`;
  if (st.chosen) document.getElementById('files')!.textContent = st.chosen.files.map((f, i) => `${i + 1}. ${f.name}`).join('  →  ');
  renderStages();
  draw('sweep', sweepFigure);
  renderSources();
}

document.getElementById('btn-pick')!.addEventListener('click', () => action('pick'));
document.getElementById('btn-at')!.addEventListener('click', () => action('at', { C: (document.getElementById('in-C') as HTMLInputElement).value }));

start({
  chosen: (v) => {
    st.chosen = v as Chosen;
    (document.getElementById('in-C') as HTMLInputElement).value = st.chosen.C.toExponential(3);
    saveState({ chosen: st.chosen });
    redraw();
  },
  chain: (v) => {
    st.chain = v as ChainPanelResult;
    saveState({ chain: st.chain });
    status(`chain of ${st.chain.laws.length} stage(s) evaluated`);
    redraw();
  },
});
redraw();
