// Webview for the results panel and the Scaling Law Viewer custom editor. Talks to the host only
// through src/protocol.ts messages: asks for its data when ready, renders plots (plotly.js, SVG
// traces only, loaded as its own <script> from dist/plotly.min.js), tables and cards, and sends
// exports to the host (downloads do nothing inside a webview).
//
// UI components: @vscode-elements/elements (buttons, selects). It is maintained and follows the
// VS Code design tokens; @vscode/webview-ui-toolkit was deprecated on 1 Jan 2025 and archived.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { AxisPlot, ExportFormat, FromWebview, PanelData, Series, ToWebview } from '../src/protocol';
import { cssVar, PUB_PALETTE, withAlpha } from './colors';

interface VsCodeApi {
  postMessage(m: FromWebview): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface PlotlyLike {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  relayout(el: HTMLElement, update: Record<string, unknown>): Promise<unknown>;
  toImage(fig: unknown, opts: { format: 'png' | 'svg'; width: number; height: number; scale?: number }): Promise<string>;
  Plots: { resize(el: HTMLElement): void };
}
declare const Plotly: PlotlyLike;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
const kind = (document.body.dataset.kind ?? 'results') as PanelData['kind'];
let current: PanelData | undefined;
let exportId = 1;
const figures = new Map<string, { data: unknown[]; layout: Record<string, unknown>; pubData: unknown[] }>();

window.addEventListener('error', (e) => vscode.postMessage({ type: 'log', level: 'error', message: `${e.message} at ${e.filename}:${e.lineno}` }));
document.addEventListener('securitypolicyviolation', (e) => vscode.postMessage({ type: 'log', level: 'error', message: `CSP violation: ${e.violatedDirective} ${e.blockedURI}` }));

// ------------------------------------------------------------------ formatting

function fmt(x: number | undefined, digits = 5): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return x.toExponential(digits - 1);
  return String(+x.toPrecision(digits));
}

function human(x: number): string {
  const a = Math.abs(x);
  for (const [v, s] of [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']] as [number, string][]) if (a >= v && a < 1e16) return `${+(x / v).toPrecision(3)}${s}`;
  return a >= 1e16 || (a > 0 && a < 1e-3) ? x.toExponential(2) : String(+x.toPrecision(3));
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

// ------------------------------------------------------------------ theme


interface Theme {
  fg: string;
  bg: string;
  grid: string;
  palette: string[];
  highContrast: boolean;
  font: string;
}

function theme(): Theme {
  const hc = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return {
    fg: cssVar('--vscode-editor-foreground', '#cccccc'),
    bg: cssVar('--vscode-editor-background', '#1e1e1e'),
    grid: hc ? cssVar('--vscode-contrastBorder', '#6fc3df') : cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#80808040')),
    palette: ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-red', '--vscode-charts-purple', '--vscode-charts-yellow'].map((v, i) => cssVar(v, PUB_PALETTE[i])),
    highContrast: hc,
    font: cssVar('--vscode-font-family', 'sans-serif'),
  };
}

const PUB: Theme = { fg: '#000000', bg: '#ffffff', grid: '#d0d0d0', palette: PUB_PALETTE, highContrast: false, font: 'Helvetica, Arial, sans-serif' };


// ------------------------------------------------------------------ plots

function traces(plot: AxisPlot, t: Theme): unknown[] {
  const out: unknown[] = [];
  plot.curves.forEach((c: Series, i) => {
    const color = t.palette[(i + 1) % t.palette.length];
    if (c.lo && c.hi) {
      out.push({ type: 'scatter', mode: 'lines', x: c.x, y: c.hi, line: { width: 0, color }, hoverinfo: 'skip', showlegend: false, legendgroup: c.name });
      out.push({ type: 'scatter', mode: 'lines', x: c.x, y: c.lo, line: { width: 0, color }, fill: 'tonexty', fillcolor: withAlpha(color, t.highContrast ? 0.35 : 0.18), hoverinfo: 'skip', showlegend: false, legendgroup: c.name, name: `${c.name} 95 %` });
    }
    out.push({ type: 'scatter', mode: 'lines', x: c.x, y: c.y, name: c.name, legendgroup: c.name, line: { color, width: t.highContrast ? 3 : 2, dash: i % 2 && t.highContrast ? 'dash' : 'solid' }, hovertemplate: `${esc(c.name)}<br>${plot.axis}=%{x:.3s}<br>loss=%{y:.4f}<extra></extra>` });
  });
  out.push({ type: 'scatter', mode: 'markers', x: plot.points.x, y: plot.points.y, text: plot.points.text, name: 'runs', hovertemplate: '%{text}<extra></extra>', marker: { color: t.palette[0], size: 7, line: { width: t.highContrast ? 2 : 0.5, color: t.fg } } });
  return out;
}

function layout(title: string, xTitle: string, yTitle: string, t: Theme, xLog = true, yLog = true): Record<string, unknown> {
  const axis = (text: string, log: boolean) => ({ title: { text }, type: log ? 'log' : 'linear', gridcolor: t.grid, zerolinecolor: t.grid, linecolor: t.fg, tickcolor: t.fg, color: t.fg, exponentformat: 'power' });
  return {
    title: { text: title, font: { size: 13 } },
    paper_bgcolor: t === PUB ? '#ffffff' : 'rgba(0,0,0,0)',
    plot_bgcolor: t === PUB ? '#ffffff' : 'rgba(0,0,0,0)',
    font: { color: t.fg, family: t.font, size: 11 },
    xaxis: axis(xTitle, xLog),
    yaxis: axis(yTitle, yLog),
    margin: { l: 60, r: 10, t: 36, b: 44 },
    legend: { orientation: 'h', y: -0.22, font: { size: 10 } },
    hovermode: 'closest',
  };
}

const PLOT_CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['toImage', 'sendDataToCloud', 'lasso2d', 'select2d'] };

function drawPlots(data: PanelData): void {
  const r = data.result;
  if (!r || typeof Plotly === 'undefined') return;
  const t = theme();
  figures.clear();
  for (const plot of r.plots.axes) {
    const el = document.getElementById(`plot-${plot.axis}`);
    if (!el) continue;
    const xTitle = plot.xTitle ?? (plot.axis === 'N' ? 'N (parameters)' : plot.axis === 'D' ? 'D (tokens)' : plot.axis === 'C' ? 'C (FLOPs)' : plot.axis);
    const fig = { data: traces(plot, t), layout: layout(plot.title, xTitle, 'loss', t), pubData: traces(plot, PUB) };
    figures.set(plot.axis, fig);
    void Plotly.react(el, fig.data, fig.layout, PLOT_CONFIG);
  }
  const res = r.plots.residuals;
  const el = document.getElementById('plot-residuals');
  if (el && res.x.length) {
    const mk = (th: Theme) => [
      { type: 'scatter', mode: 'markers', x: res.x, y: res.y, text: res.text, hovertemplate: '%{text}<br>residual=%{y:.4f}<extra></extra>', marker: { color: th.palette[3], size: 7, line: { width: th.highContrast ? 2 : 0.5, color: th.fg } }, name: 'residual' },
      { type: 'scatter', mode: 'lines', x: [Math.min(...res.x), Math.max(...res.x)], y: [0, 0], line: { color: th.fg, width: 1, dash: 'dot' }, hoverinfo: 'skip', showlegend: false },
    ];
    const yTitle = res.space === 'log' ? 'log(loss) − log(predicted)' : 'loss − predicted';
    const fig = { data: mk(t), layout: layout('residuals', res.against, yTitle, t, true, false), pubData: mk(PUB) };
    figures.set('residuals', fig);
    void Plotly.react(el, fig.data, fig.layout, PLOT_CONFIG);
  }
  const fr = r.plots.frontier;
  const fel = document.getElementById('plot-frontier');
  if (fel && fr) {
    const mk = (th: Theme) => [
      { type: 'scatter', mode: 'lines', x: fr.C, y: fr.N, name: 'N_opt(C)', line: { color: th.palette[1], width: 2 } },
      { type: 'scatter', mode: 'lines', x: fr.C, y: fr.D, name: 'D_opt(C)', line: { color: th.palette[2], width: 2, dash: th.highContrast ? 'dash' : 'solid' } },
    ];
    const fig = { data: mk(t), layout: layout('compute-optimal frontier', 'C (FLOPs)', 'N or D', t), pubData: mk(PUB) };
    figures.set('frontier', fig);
    void Plotly.react(fel, fig.data, fig.layout, PLOT_CONFIG);
  }
}

// ------------------------------------------------------------------ rendering

function plotCard(id: string, label: string): string {
  return `<div class="card plot-card"><div class="plot" id="plot-${id}" data-plot="${id}"></div>
  <div class="plot-tools">${label}:
    <vscode-button secondary data-action="toggle-y" data-plot="${id}" title="Switch the y axis between log and linear">y: log/lin</vscode-button>
    <vscode-button secondary data-export="png" data-plot="${id}">PNG</vscode-button>
    <vscode-button secondary data-export="svg" data-plot="${id}">SVG</vscode-button>
    <vscode-button secondary data-export="publication-png" data-plot="${id}">Publication PNG (light)</vscode-button>
    <vscode-button secondary data-export="publication-svg" data-plot="${id}">Publication SVG</vscode-button>
  </div></div>`;
}

function paramTable(data: PanelData): string {
  const r = data.result!.report;
  const b = r.bootstrap;
  const rows = Object.entries(r.params).map(([name, v]) => {
    const se = b?.se[name];
    const ci = b?.ci95[name];
    return `<tr><th scope="row">${esc(name)}</th><td class="num" data-param="${esc(name)}" data-value="${v}">${fmt(v, 6)}</td><td class="num" data-se="${esc(name)}">${fmt(se, 3)}</td><td class="num">${ci ? `[${fmt(ci[0], 4)}, ${fmt(ci[1], 4)}]` : '–'}</td><td>${r.provenance.fixed?.[name] !== undefined ? 'fixed' : ''}</td></tr>`;
  });
  return `<table id="params" class="params"><caption>${esc(r.law)}: <code>L = ${esc(r.formula)}</code> on ${r.n} points</caption>
  <thead><tr><th>parameter</th><th>value</th><th>s.e.</th><th>95 % interval${b ? ` (bootstrap, ${b.k})` : ''}</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function recommendationCard(data: PanelData): string {
  const rec = data.result?.recommendation;
  if (!rec) return '';
  const iv = (x?: [number, number]) => (x ? ` <span class="muted">[${human(x[0])}, ${human(x[1])}]</span>` : '');
  const ivl = (x?: [number, number]) => (x ? ` <span class="muted">[${x[0].toFixed(4)}, ${x[1].toFixed(4)}]</span>` : '');
  return `<div class="card recommendation" id="recommendation"><h3>What to train next</h3>
  <p>Budget <b>C = ${human(rec.C)}</b> FLOPs → <b>N = ${human(rec.N)}</b>${iv(rec.interval?.N)} parameters, <b>D = ${human(rec.D)}</b>${iv(rec.interval?.D)} tokens, predicted loss <b>${rec.loss.toFixed(4)}</b>${ivl(rec.interval?.loss)}</p>
  <p class="muted">${esc(rec.text)}</p></div>`;
}

function qualityCard(data: PanelData): string {
  const r = data.result!.report;
  const c = r.comparison;
  const warn = r.warnings.length ? `<ul class="warnings">${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '';
  return `<div class="card quality"><h3>Fit quality</h3>
  <p>RMSE ${fmt(c.rmse, 4)} (${r.objective.space}) · AIC ${fmt(c.aic, 5)} · BIC ${fmt(c.bic, 5)}${c.holdout ? ` · held out ${c.holdout.heldOut} runs with ${c.holdout.by} ≥ ${human(c.holdout.threshold)}: mean rel. error ${(100 * c.holdout.meanRelErr).toFixed(2)} %` : ''}</p>
  <p>Starts: ${r.starts.converged}/${r.starts.total} converged, ${r.starts.atBest} at the best objective; optimizer: ${esc(r.optimizer.message)} (${r.optimizer.nit} iterations)</p>${warn}</div>`;
}

function provenance(data: PanelData): string {
  const p = data.result!.report.provenance;
  return `<details class="card provenance"><summary>Provenance (everything needed to rerun this fit)</summary><pre>${esc(JSON.stringify({ ...p, bootstrap: p.bootstrap }, null, 2))}</pre></details>`;
}

const ROLES = ['N', 'D', 'C', 'loss', 'step', 'run'];

function roleControls(data: PanelData): string {
  const t = data.table;
  if (!t || !t.columns.length) return '';
  const mapping = { ...Object.fromEntries(t.columns.filter((c) => c.role).map((c) => [c.role!, c.name])), ...(data.mapping ?? {}) };
  const selects = ROLES.map((role) => `<label class="role">${role}
    <vscode-single-select data-role="${role}">
      <vscode-option value="" ${mapping[role] ? '' : 'selected'}>(none)</vscode-option>
      ${t.columns.map((c) => `<vscode-option value="${esc(c.name)}" ${mapping[role] === c.name ? 'selected' : ''}>${esc(c.name)}</vscode-option>`).join('')}
    </vscode-single-select></label>`).join('');
  return `<div class="card roles"><h3>Column roles</h3><div class="role-row">${selects}<vscode-button data-action="refit">Refit</vscode-button></div>
  ${t.inferred.length ? `<p class="muted">${t.inferred.map((i) => `${esc(i.column)} → ${esc(i.role)} (${esc(i.reason)})`).join('; ')}</p>` : ''}</div>`;
}

function runTable(data: PanelData): string {
  const t = data.table;
  if (!t || !t.columns.length) return '';
  return `<div class="card runs"><h3>Runs <span class="muted" id="row-count" data-rows="${t.rowCount}">${t.rowCount} rows · ${esc(t.format)}</span></h3>
  <div class="table-scroll"><table id="run-table"><thead><tr>${t.columns.map((c) => `<th>${esc(c.name)}${c.role ? ` <span class="badge">${esc(c.role)}</span>` : ''}</th>`).join('')}</tr></thead>
  <tbody>${t.rows.map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>
  ${t.rows.length < t.rowCount ? `<p class="muted">first ${t.rows.length} of ${t.rowCount} rows</p>` : ''}</div>`;
}

function render(data: PanelData): void {
  current = data;
  vscode.setState(data);
  const r = data.result;
  const status = data.status?.message ? `<span class="status ${data.status.state}" id="status">${esc(data.status.message)}</span>` : `<span class="status" id="status"></span>`;
  const header = `<header><h2>${esc(data.title)}</h2>${status}
    <div class="toolbar">${r ? `<vscode-button secondary data-export="csv">Points CSV</vscode-button><vscode-button secondary data-export="json">FitReport JSON</vscode-button><vscode-button secondary data-export="md">Markdown</vscode-button>` : ''}</div></header>`;
  const failed = data.status?.state === 'failed' ? `<div class="card error" id="error">${esc(data.status.message ?? 'failed')}</div>` : '';
  if (!r) {
    app.innerHTML = header + failed + (kind === 'viewer' ? roleControls(data) + runTable(data) : '') + (data.status?.state === 'fitting' ? '<p class="loading">Fitting…</p>' : '');
    return;
  }
  const axes = r.plots.axes.map((a) => plotCard(a.axis, a.title)).join('');
  app.innerHTML = `${header}${failed}
    <div class="grid">${recommendationCard(data)}${qualityCard(data)}</div>
    ${kind === 'viewer' ? roleControls(data) : ''}
    <div class="plots">${axes}${r.plots.residuals.x.length ? plotCard('residuals', 'residuals') : ''}${r.plots.frontier ? plotCard('frontier', 'frontier') : ''}</div>
    ${paramTable(data)}
    ${kind === 'viewer' ? runTable(data) : ''}
    ${provenance(data)}`;
  drawPlots(data);
}

function setStatus(m: Extract<ToWebview, { type: 'status' }>): void {
  if (current) current = { ...current, status: { state: m.state, message: m.message } };
  const el = document.getElementById('status');
  if (el) {
    el.textContent = m.message ?? '';
    el.className = `status ${m.state}`;
  }
  if (m.state === 'failed' && current) render(current);
}

// ------------------------------------------------------------------ events

async function doExport(format: ExportFormat, plotId?: string): Promise<void> {
  const id = exportId++;
  let payload: string | undefined;
  if (plotId) {
    const fig = figures.get(plotId);
    if (!fig) return;
    const pub = format.startsWith('publication');
    const imgFormat = format.endsWith('svg') ? 'svg' : 'png';
    const figure = pub ? { data: fig.pubData, layout: { ...fig.layout, ...layoutFor(plotId, PUB, fig.layout) } } : { data: fig.data, layout: { ...fig.layout, paper_bgcolor: theme().bg, plot_bgcolor: theme().bg } };
    payload = await Plotly.toImage(figure, { format: imgFormat, width: pub ? 900 : 1000, height: pub ? 620 : 640, scale: imgFormat === 'png' ? 2 : 1 });
  }
  vscode.postMessage({ type: 'export', id, format, payload });
}

function layoutFor(plotId: string, t: Theme, base: Record<string, unknown>): Record<string, unknown> {
  const x = base.xaxis as { title: { text: string }; type: string };
  const y = base.yaxis as { title: { text: string }; type: string };
  const l = layout((base.title as { text: string }).text, x.title.text, y.title.text, t, x.type === 'log', y.type === 'log');
  void plotId;
  return { ...l, font: { color: '#000', family: t.font, size: 14 } };
}

document.addEventListener('click', (e) => {
  const el = (e.target as HTMLElement).closest('[data-export],[data-action]') as HTMLElement | null;
  if (!el) return;
  if (el.dataset.export) void doExport(el.dataset.export as ExportFormat, el.dataset.plot);
  else if (el.dataset.action === 'toggle-y' && el.dataset.plot) {
    const fig = figures.get(el.dataset.plot);
    const gd = document.getElementById(`plot-${el.dataset.plot}`);
    if (!fig || !gd) return;
    const y = fig.layout.yaxis as { type: string };
    y.type = y.type === 'log' ? 'linear' : 'log';
    void Plotly.relayout(gd, { 'yaxis.type': y.type });
  }
  else if (el.dataset.action === 'refit') {
    const mapping: Record<string, string> = {};
    document.querySelectorAll<HTMLElement & { value: string }>('vscode-single-select[data-role]').forEach((s) => {
      if (s.value) mapping[s.dataset.role!] = s.value;
    });
    vscode.postMessage({ type: 'refit', mapping });
  }
});

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const m = e.data;
  switch (m.type) {
    case 'show':
      render(m.data);
      return;
    case 'status':
      setStatus(m);
      return;
    case 'exportDone': {
      const el = document.getElementById('status');
      if (el) el.textContent = m.message;
      return;
    }
  }
});

// Re-theme plots when VS Code switches theme (body class changes).
new MutationObserver(() => current && drawPlots(current)).observe(document.body, { attributes: true, attributeFilter: ['class'] });

const restored = vscode.getState() as PanelData | undefined;
if (restored && restored.result) render(restored);
vscode.postMessage({ type: 'ready', restored: restored ?? undefined });
