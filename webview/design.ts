// Webview of "Plan Next Runs" (src/extension/design/designPanel.ts): the target and its interval
// now, after the designed runs and after a naive grid of the same compute; the runs with their
// reasons and configs to copy; the (N, D) figure; warnings; the CLI command. Messages only
// (src/protocol/panels/design.ts); every user string goes through esc().
import type { DesignPanelData } from '../src/protocol/panels/design';
import { formatHumanNumber } from '../src/core/table/numbers';
import { toPlotly } from './shared/figures';
import { action, draw, esc, getState, plotCard, saveState, start, status } from './shared/panel';

const app = document.getElementById('app') as HTMLElement;
let data: DesignPanelData | undefined = getState<{ design: DesignPanelData }>().design;

const human = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : formatHumanNumber(x, 3));
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function widthBars(d: DesignPanelData): string {
  const w = d.result.width;
  const max = Math.max(w.before.relative, w.designed.relative, w.naive.relative);
  const bar = (label: string, v: number, cls: string) => `<div class="wbar ${cls}"><span class="wlabel">${esc(label)}</span><span class="wtrack"><span class="wfill" style="width:${Math.max(1, (100 * v) / max).toFixed(1)}%"></span></span><span class="wvalue">${esc(pct(v))}</span></div>`;
  return `<div class="widths">${bar('now', w.before.relative, 'before')}${bar(`after the ${d.result.runs.length} designed runs`, w.designed.relative, 'designed')}${bar('after a naive grid, same compute', w.naive.relative, 'naive')}</div>
  <p>Designed / naive width: <b id="designed-vs-naive">${esc(w.designedVsNaive.toFixed(2))}</b> <span class="muted">(expected 95 % interval width of the target, relative to its value; linearised on the bootstrap ensemble)</span></p>`;
}

function runsTable(d: DesignPanelData): string {
  const rows = d.result.runs.map((r, i) => `<tr data-run="${i + 1}">
    <td class="num">${i + 1}</td><td class="num" title="${esc(String(r.N))}">${esc(human(r.N))}</td><td class="num" title="${esc(String(r.D))}">${esc(human(r.D))}</td>
    <td class="num">${esc(r.tokensPerParam.toFixed(1))}</td><td class="num" title="${esc(String(r.flops))}">${esc(r.flops.toExponential(2))}</td>
    <td>${esc(r.why.text)}</td>
    <td>${r.config ? `<span class="muted">${esc(`${r.config.layers}×${r.config.dModel}, ${r.config.steps} steps, lr ${r.config.lr.toPrecision(2)}`)}</span> <button class="kit-btn secondary" data-act="copy-config" data-run="${i}">Copy config</button>` : '–'}</td></tr>`).join('');
  return `<table id="design-runs"><thead><tr><th>#</th><th>N</th><th>D</th><th>tokens/param</th><th>FLOPs</th><th>why this run</th><th>config</th></tr></thead><tbody>${rows}</tbody></table>
  <button class="kit-btn secondary" data-act="copy-csv">Copy runs as CSV</button>`;
}

function render(): void {
  if (!data) return;
  saveState({ design: data });
  const d = data, r = d.result;
  const iv = r.target.interval ? ` <span class="muted">[${esc(human(r.target.interval[0]))}, ${esc(human(r.target.interval[1]))}] (95 % bootstrap interval)</span>` : '';
  const warn = r.warnings.length ? `<ul class="warnings">${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '';
  app.innerHTML = `<header><h2>Plan next runs: ${esc(d.name)}</h2><span id="kit-status" class="status"></span></header><div id="kit-jobs"></div>
  <div class="card"><h3>Target</h3><p id="design-target">${esc(r.target.label)} = <b>${esc(human(r.target.value))}</b>${iv}</p>
  <p class="muted">Budget ${esc(r.budget.flops.toExponential(2))} FLOPs for ${esc(String(r.budget.k))} runs (the designed runs use ${esc(r.budget.designedFlops.toExponential(2))}); ${esc(r.region)}</p>${widthBars(d)}${warn}</div>
  <div class="card"><h3>Runs to launch</h3>${runsTable(d)}</div>
  <div class="plots">${r.figures.figures.map((f) => plotCard(`plot-${f.id}`, `${d.name.replace(/\.[^.]+$/, '')}.${f.id}`, '', `<h3 class="plot-title">${esc(f.title)}</h3>`, '', f.note ? `<p class="muted note">${esc(f.note)}</p>` : '')).join('')}</div>
  <details class="card provenance"><summary>Method and command</summary><p>${esc(r.method)}; ${esc(String(r.ensemble.draws))} bootstrap draws over ${esc(r.ensemble.free.join(', '))}.</p>
  <p>Same design in a terminal: <code id="cli-command">${esc(d.cli)}</code> <button class="kit-btn secondary" data-act="copy-cli">Copy</button></p></details>`;
  for (const f of r.figures.figures) draw(`plot-${f.id}`, (t, forExport) => toPlotly(f, t, { withTitle: forExport, fontSize: t.publication ? 10 : 11 }));
  status(`${r.runs.length} runs designed in ${(d.elapsedMs / 1000).toFixed(1)} s`);
}

document.addEventListener('click', (e) => {
  const el = (e.target as HTMLElement).closest('[data-act]') as HTMLElement | null;
  if (!el || !data) return;
  const runs = data.result.runs;
  switch (el.dataset.act) {
    case 'copy-config': {
      const c = runs[Number(el.dataset.run)]?.config;
      if (c) action('copy', { text: c.snippet });
      return;
    }
    case 'copy-csv':
      action('copy', { text: 'N,D,tokens_per_param,flops\n' + runs.map((r) => `${r.N},${r.D},${r.tokensPerParam},${r.flops}`).join('\n') + '\n' });
      return;
    case 'copy-cli':
      action('copy', { text: data.cli });
      return;
  }
});

start({
  design: (v) => {
    data = v as DesignPanelData;
    render();
  },
  message: (v) => {
    if (!data) app.innerHTML = `<header><h2>Plan next runs</h2><span id="kit-status" class="status"></span></header><div id="kit-jobs"></div><p class="muted">${esc(String(v))}</p>`;
  },
});

if (data) render();
else app.innerHTML = '<header><h2>Plan next runs</h2><span id="kit-status" class="status"></span></header><div id="kit-jobs"></div><p class="loading">Fitting…</p>';
