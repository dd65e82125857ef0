// The results panel and the Scaling Law Viewer (custom editor): figures from the one figure
// builder (drawn by webview/shared/figures.ts), the "what to train next" card, fit quality and
// warnings, the parameter table with intervals, the provenance with its CLI command, and in the
// Viewer the run table and role controls. Talks to the host only through messages
// (src/protocol/panels/results.ts). Every user string goes through esc() or textContent.
import type { Figure } from '../src/core/report/figures';
import type { InspectResult } from '../src/protocol/tasks';
import type { ResultsData, ResultsFit, ResultsView } from '../src/protocol/panels/results';
import { formatHumanNumber } from '../src/core/table/numbers';
import { DataGrid } from './shared/dataGrid';
import { toPlotly } from './shared/figures';
import { action, draw, esc, fmt, getState, plotCard, saveState, start, status } from './shared/panel';

const app = document.getElementById('app') as HTMLElement;
let state: ResultsData = { view: { kind: (document.body.dataset.kind as 'results' | 'viewer') ?? 'results', title: 'Scaling law' }, fit: null, table: null, mapping: {}, ...(getState<ResultsData>() as Partial<ResultsData>) };
const yLog = new Map<string, boolean>();

/** DOM id of a figure: plot-N, plot-C, plot-isoflop, … */
const plotId = (f: Figure) => `plot-${f.id.replace(/^loss-/, '')}`;

const human = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : formatHumanNumber(x, 3));

function recommendationCard(fit: ResultsFit): string {
  const rec = fit.figures.recommendation;
  if (!rec) return '';
  const iv = (x?: [number, number]) => (x ? ` <span class="muted">[${esc(human(x[0]))}, ${esc(human(x[1]))}]</span>` : '');
  const ivl = (x?: [number, number]) => (x ? ` <span class="muted">[${esc(x[0].toFixed(4))}, ${esc(x[1].toFixed(4))}]</span>` : '');
  return `<div class="card recommendation" id="recommendation"><h3>What to train next</h3>
  <p>Budget <b>C = ${esc(human(rec.C))}</b> FLOPs → <b>N = ${esc(human(rec.N))}</b>${iv(rec.interval?.N)} parameters, <b>D = ${esc(human(rec.D))}</b>${iv(rec.interval?.D)} tokens (${esc(rec.tokensPerParam.toFixed(1))} tokens per parameter), predicted loss <b>${esc(rec.loss.toFixed(4))}</b>${ivl(rec.interval?.loss)}</p>
  <p class="muted">${esc(rec.text)}${rec.interval ? ' Brackets: 95 % confidence intervals of the law (bootstrap).' : ''}</p></div>`;
}

function qualityCard(fit: ResultsFit): string {
  const r = fit.report;
  const c = r.comparison;
  const warn = r.warnings.length ? `<ul class="warnings">${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '';
  const hold = c.holdout ? ` · held out ${esc(String(c.holdout.heldOut))} runs with ${esc(c.holdout.by)} ≥ ${esc(human(c.holdout.threshold))}: mean rel. error ${esc((100 * c.holdout.meanRelErr).toFixed(2))} %` : '';
  return `<div class="card quality"><h3>Fit quality</h3>
  <p>RMSE ${esc(fmt(c.rmse, 4))} (${esc(String(r.objective.space))}) · AIC ${esc(fmt(c.aic, 5))} · BIC ${esc(fmt(c.bic, 5))}${hold}</p>
  <p>Starts: ${esc(String(r.starts.converged))}/${esc(String(r.starts.total))} converged, ${esc(String(r.starts.atBest))} at the best objective; optimizer: ${esc(String(r.optimizer.message))} (${esc(String(r.optimizer.nit))} iterations)</p>${lossLine(r)}${warn}</div>`;
}

/** Which column was fitted as the loss, and why (the documented rule); another is picked in the Viewer's column roles. */
function lossLine(r: ResultsFit['report']): string {
  const why = r.provenance.roleReasons?.loss;
  const column = r.provenance.mapping.loss;
  if (!why || !column) return '';
  return `<p id="loss-column" class="muted">Loss column <b>${esc(column)}</b>: ${esc(why.replace(/; pick another with --loss COLUMN$/, ''))}. To fit another, pick it in the Scaling Law Viewer's column roles (<i>Open With… → Scaling Law Viewer</i>), or give <code>--loss COLUMN</code> to the CLI.</p>`;
}

/** Table rows picked by clicking points, waiting for "Exclude selected and refit". */
const selectedRows = new Set<number>();

/** Table row (1-based) behind a fitted point, when the fit knew the rows. */
const tableRow = (fit: ResultsFit, index: number): number | undefined => fit.report.diagnostics?.rows?.[index];

function diagnosticsCard(fit: ResultsFit): string {
  const d = fit.report.diagnostics;
  const ex = fit.report.provenance.excluded;
  if (!d && !ex) return '';
  const flagged = d?.flagged ?? [];
  const rows = flagged.map((f) => f.row).filter((r): r is number => r !== undefined);
  const runs = flagged.some((f) => f.run);
  const table = flagged.length ? `<table class="flagged"><thead><tr><th>row</th>${runs ? '<th>run</th>' : ''}<th>kind</th><th>robust residual</th><th>why</th></tr></thead><tbody>${flagged.map((f) => `<tr><td class="num">${esc(f.row === undefined ? '–' : String(f.row))}</td>${runs ? `<td>${esc(f.run ?? '')}</td>` : ''}<td>${esc(f.kind)}</td><td class="num">${esc(fmt(f.robustResidual, 3))}</td><td>${esc(f.reason)}</td></tr>`).join('')}</tbody></table>` : '';
  const excludeFlagged = rows.length ? `<button class="kit-btn" data-act="exclude-flagged">Exclude ${esc(String(rows.length))} flagged point${rows.length === 1 ? '' : 's'} and refit</button>` : '';
  const picked = [...selectedRows].sort((a, b) => a - b);
  const selection = picked.length
    ? `<p id="selected-rows">Selected: row${picked.length === 1 ? '' : 's'} ${esc(picked.join(', '))} <button class="kit-btn" data-act="exclude-selected">Exclude selected and refit</button> <button class="kit-btn secondary" data-act="clear-selection">Clear</button></p>`
    : d?.rows ? '<p class="muted">Click a point in a plot to select it for exclusion. Nothing is dropped unless you ask.</p>' : '';
  const out = ex && (ex.rows?.length || ex.runs?.length)
    ? `<p id="excluded-rows">Left out of this fit: ${ex.rows?.length ? `rows ${esc(ex.rows.join(', '))}` : ''}${ex.rows?.length && ex.runs?.length ? '; ' : ''}${ex.runs?.length ? `runs ${esc(ex.runs.join(', '))}` : ''} <button class="kit-btn secondary" data-act="includeAll">Put them back and refit</button></p>`
    : '';
  const lines = d?.warnings.length ? `<ul class="warnings">${d.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '<p class="muted">No point is far off the law and no parameter is poorly pinned down.</p>';
  return `<div class="card diagnostics" id="diagnostics"><h3>Diagnostics</h3>${lines}${table}<div class="toolbar">${excludeFlagged}</div>${selection}${out}</div>`;
}

function rerenderDiagnostics(): void {
  const el = document.getElementById('diagnostics');
  if (el && state.fit) el.outerHTML = diagnosticsCard(state.fit);
  grid.syncSelection();
}

/** A click on a fitted point toggles its row in the selection. */
function onPlotDrawn(el: HTMLElement): void {
  const plot = el as HTMLElement & { on?: (ev: string, cb: (e: { points?: { customdata?: unknown }[] }) => void) => void };
  plot.on?.('plotly_click', (e) => {
    const index = e.points?.[0]?.customdata;
    if (typeof index !== 'number' || !state.fit) return;
    const row = tableRow(state.fit, index);
    if (row === undefined) return;
    if (selectedRows.has(row)) selectedRows.delete(row);
    else selectedRows.add(row);
    rerenderDiagnostics();
  });
}

function paramTable(fit: ResultsFit): string {
  const r = fit.report;
  const b = r.bootstrap;
  const rows = Object.entries(r.params).map(([name, v]) => {
    const se = b?.se[name];
    const ci = b?.ci95[name];
    const fixed = r.provenance.fixed && Object.hasOwn(r.provenance.fixed, name) ? 'fixed' : '';
    return `<tr><th scope="row">${esc(name)}</th><td class="num" data-param="${esc(name)}" data-value="${esc(String(v))}" title="${esc(String(v))}">${esc(fmt(v, 6))}</td><td class="num" data-se="${esc(name)}">${esc(fmt(se, 3))}</td><td class="num">${ci ? `[${esc(fmt(ci[0], 4))}, ${esc(fmt(ci[1], 4))}]` : '–'}</td><td>${fixed}</td></tr>`;
  });
  const caption = b ? `95 % intervals: bootstrap percentiles over ${b.k} resamples of the runs` : 'no intervals: bootstrap off';
  return `<table id="params" class="params"><caption>${esc(r.law)}: <code>L = ${esc(r.formula)}</code> on ${esc(String(r.n))} points · <span class="muted">${esc(caption)}</span></caption>
  <thead><tr><th>parameter</th><th>value</th><th>s.e.</th><th>95 % interval</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Earlier fits of this file (the fit history), with "Compare with previous fit". */
function historyCard(fit: ResultsFit): string {
  const h = fit.history ?? [];
  if (!h.length) return '';
  const items = h.map((e) => `<li>${esc(new Date(e.time).toLocaleString())} · ${esc(e.law)} · ${esc(String(e.n))} points</li>`).join('');
  return `<details class="card history" id="history"><summary>Earlier fits of this file (${esc(String(h.length))})</summary><ul>${items}</ul>
  <button class="kit-btn secondary" data-act="compareHistory">Compare with previous fit</button> <span class="muted">what changed: runs added or removed, parameters with intervals, the headline, and whether it stayed within the earlier interval</span></details>`;
}

function provenance(fit: ResultsFit): string {
  const p = fit.report.provenance;
  const cli = fit.cli ? `<p>Same fit in a terminal: <code id="cli-command">${esc(fit.cli)}</code> <button class="kit-btn secondary" data-act="copyCli">Copy</button></p>` : '';
  return `<details class="card provenance"><summary>Provenance (everything needed to rerun this fit)</summary>${cli}<pre>${esc(JSON.stringify(p, null, 2))}</pre></details>`;
}

const ROLES = ['N', 'D', 'C', 'loss', 'step', 'run'];

function roleControls(t: InspectResult, mapping: Record<string, string>): string {
  if (!t.columns.length) return '';
  const current: Record<string, string> = { ...Object.fromEntries(t.columns.filter((c) => c.role).map((c) => [c.role as string, c.name])), ...mapping };
  const selects = ROLES.map((role) => {
    const options = t.columns.filter((c) => role === 'run' || c.type === 'number');
    return `<label class="role">${esc(role)}
    <select class="kit-in" data-role="${esc(role)}">
      <option value="" ${current[role] ? '' : 'selected'}>(none)</option>
      ${options.map((c) => `<option value="${esc(c.name)}" ${current[role] === c.name ? 'selected' : ''}>${esc(c.name)}</option>`).join('')}
    </select></label>`;
  }).join('');
  return `<div class="card roles"><h3>Column roles</h3><div class="role-row">${selects}<button class="kit-btn" data-act="refit">Refit</button></div>
  ${t.inferred.length ? `<p class="muted">${t.inferred.map((i) => `${esc(i.column)} → ${esc(i.role)} (${esc(i.reason)})`).join('; ')}</p>` : ''}</div>`;
}

const grid = new DataGrid(selectedRows, () => rerenderDiagnostics());

function runTable(t: InspectResult): string {
  if (!t.columns.length) return '';
  const excluded = new Set(state.fit?.report.provenance.excluded?.rows ?? []);
  return grid.html({ columns: t.columns, rows: t.preview ?? [], total: t.rows, format: t.format, excluded });
}

function figureCard(f: Figure): string {
  const id = plotId(f);
  const head = `<h3 class="plot-title">${esc(f.title)}</h3>`;
  const tools = `<button class="kit-btn secondary" data-act="toggle-y" data-plot="${esc(id)}" title="Switch the y axis between log and linear">y: log/lin</button> `;
  const base = (state.view.file ?? 'fit').split(/[\\/]/).pop()?.replace(/\.[^.]+$/, '') ?? 'fit';
  return plotCard(id, `${base}.${f.id}`, '', head, tools, f.note ? `<p class="muted note">${esc(f.note)}</p>` : '');
}

let drawRound = 0;
/**
 * The first figure is drawn at once; each next one after the browser has painted (a frame, then a
 * task), so the first plot shows without waiting for the others. A newer fit cancels the rest.
 */
function drawFigures(fit: ResultsFit): void {
  const round = ++drawRound;
  const list = fit.figures.figures;
  const drawOne = (i: number) => {
    if (round !== drawRound || i >= list.length) return;
    const f = list[i];
    const id = plotId(f);
    draw(id, (t, forExport) => toPlotly(f, t, { withTitle: forExport, yLog: yLog.get(id), fontSize: t.publication ? 10 : 11 }), onPlotDrawn);
    requestAnimationFrame(() => setTimeout(() => drawOne(i + 1), 0));
  };
  drawOne(0);
}

function header(view: ResultsView, fit: ResultsFit | null): string {
  const tools = fit ? `<button class="kit-btn secondary" data-data="csv">Points CSV</button><button class="kit-btn secondary" data-data="json">FitReport JSON</button><button class="kit-btn secondary" data-data="md">Markdown</button>` : '';
  return `<header><h2>${esc(view.title)}</h2><span id="kit-status" class="status"></span><div class="toolbar">${tools}</div></header><div id="kit-jobs"></div>`;
}

function render(): void {
  saveState(state as unknown as Record<string, unknown>);
  const { view, fit, table } = state;
  document.body.dataset.kind = view.kind;
  const viewer = view.kind === 'viewer';
  let html = header(view, fit);
  if (!fit) {
    html += viewer && table ? roleControls(table, state.mapping) + runTable(table) : '';
    app.innerHTML = html;
    grid.mount();
    return;
  }
  html += `<div class="grid">${recommendationCard(fit)}${qualityCard(fit)}</div>
    ${diagnosticsCard(fit)}
    ${viewer && table ? roleControls(table, state.mapping) : ''}
    <div class="plots">${fit.figures.figures.map(figureCard).join('')}</div>
    ${paramTable(fit)}
    ${viewer && table ? runTable(table) : ''}
    ${historyCard(fit)}
    ${provenance(fit)}`;
  app.innerHTML = html;
  if (viewer && table) grid.mount();
  drawFigures(fit);
}

document.addEventListener('click', (e) => {
  const el = (e.target as HTMLElement).closest('[data-act],[data-data]') as HTMLElement | null;
  if (!el) return;
  if (el.dataset.data) {
    action('exportData', { format: el.dataset.data });
    return;
  }
  switch (el.dataset.act) {
    case 'toggle-y': {
      const id = el.dataset.plot!;
      const f = state.fit?.figures.figures.find((x) => plotId(x) === id);
      if (!f) return;
      yLog.set(id, !(yLog.get(id) ?? f.y.log));
      draw(id, (t, forExport) => toPlotly(f, t, { withTitle: forExport, yLog: yLog.get(id), fontSize: t.publication ? 10 : 11 }));
      return;
    }
    case 'refit': {
      const mapping: Record<string, string> = {};
      document.querySelectorAll<HTMLSelectElement>('select[data-role]').forEach((s) => {
        if (s.value) mapping[s.dataset.role!] = s.value;
      });
      action('refit', { mapping });
      return;
    }
    case 'copyCli':
      action('copyCli', {});
      return;
    case 'exclude-flagged': {
      const rows = (state.fit?.report.diagnostics?.flagged ?? []).map((f) => f.row).filter((r): r is number => r !== undefined);
      if (rows.length) action('exclude', { rows });
      return;
    }
    case 'exclude-selected':
      if (selectedRows.size) action('exclude', { rows: [...selectedRows] });
      selectedRows.clear();
      return;
    case 'clear-selection':
      selectedRows.clear();
      rerenderDiagnostics();
      return;
    case 'includeAll':
      action('includeAll', {});
      return;
    case 'compareHistory':
      action('compareHistory', {});
      return;
  }
});

start({
  view: (v) => {
    state = { ...state, view: v as ResultsView };
    render();
  },
  fit: (v) => {
    state = { ...state, fit: v as ResultsFit | null };
    selectedRows.clear();
    render();
    if (state.fit) status(state.fit.partial ? 'point fit shown; bootstrap bands follow…' : `${state.fit.report.law} fitted on ${state.fit.report.n} points in ${(state.fit.elapsedMs / 1000).toFixed(1)} s`);
  },
  table: (v) => {
    state = { ...state, table: v as InspectResult | null };
    render();
  },
  mapping: (v) => {
    state = { ...state, mapping: (v ?? {}) as Record<string, string> };
  },
}, (_job, message) => {
  if (!state.fit) app.querySelector('.loading')?.remove();
  status(message, true);
});

if (state.fit || state.table) render();
