// Webview of the Compare Laws panel (src/extension/answers/comparePanel.ts): the laws fitted to one
// file, ranked by cross-validated error, with AIC/BIC, held-out error, parameters with intervals,
// the overlaid figures, and "Make active". Talks to the host only through messages
// (src/protocol/panels/compare.ts). Every user string goes through esc().
import type { CompareData } from '../src/protocol/panels/compare';
import type { CompareRow } from '../src/protocol/tasks';
import { toPlotly } from './shared/figures';
import { action, draw, esc, fmt, getState, plotCard, saveState, start, status } from './shared/panel';

const app = document.getElementById('app') as HTMLElement;
let data: CompareData | undefined = getState<{ comparison: CompareData }>().comparison;

const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toPrecision(3)} %`);

function paramsCell(r: CompareRow): string {
  return Object.entries(r.params).map(([k, v]) => {
    const ci = r.ci95?.[k];
    return `<span class="param" title="${esc(String(v))}">${esc(k)} = ${esc(fmt(v, 4))}${ci ? ` <span class="muted">[${esc(fmt(ci[0], 3))}, ${esc(fmt(ci[1], 3))}]</span>` : ''}</span>`;
  }).join('<br>');
}

function table(d: CompareData): string {
  const rows = d.rows.map((r, i) => {
    const active = r.law === d.activeLaw;
    const hold = r.holdout ? `${esc(pct(r.holdout.meanRelErr))} <span class="muted">(${esc(String(r.holdout.heldOut))} runs, ${esc(r.holdout.by)} ≥ ${esc(fmt(r.holdout.threshold, 3))})</span>` : '–';
    const warn = r.warnings.length ? `<details><summary class="warn">${esc(String(r.warnings.length))} warning${r.warnings.length === 1 ? '' : 's'}</summary><ul class="warnings">${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></details>` : '';
    return `<tr data-law="${esc(r.law)}"${active ? ' class="active"' : ''}>
      <td class="num">${i + 1}</td>
      <th scope="row">${esc(r.law)}<div class="muted small">${esc(r.title)}</div><code class="small">L = ${esc(r.formula)}</code>${warn}</th>
      <td class="num" data-cv="${esc(String(r.cv.rmse))}" title="${esc(r.cv.method)}, ${esc(r.cv.space)} residuals">${esc(fmt(r.cv.rmse, 4))}<div class="muted small">${esc(pct(r.cv.meanRelErr))} mean rel.</div></td>
      <td class="num">${hold}</td>
      <td class="num">${esc(fmt(r.rmse, 4))}</td>
      <td class="num">${esc(fmt(r.aic, 6))}</td>
      <td class="num">${esc(fmt(r.deltaAic, 3))}</td>
      <td class="num">${esc(fmt(r.bic, 6))}</td>
      <td class="num">${esc(String(r.k))}</td>
      <td class="params-cell">${paramsCell(r)}</td>
      <td>${active ? '<span class="badge">active</span>' : `<button class="kit-btn secondary" data-act="makeActive" data-law="${esc(r.law)}" title="Use ${esc(r.law)} for this file from now on and refit">Make active</button>`}</td>
    </tr>`;
  }).join('');
  const cvMethod = d.rows[0]?.cv.method ?? '';
  return `<div class="table-scroll wide"><table id="compare-table">
    <caption>${esc(String(d.rows.length))} laws on ${esc(String(d.rows[0]?.n ?? 0))} points, ranked by cross-validated error (${esc(cvMethod)}) · <span class="muted">intervals: 95 % bootstrap</span></caption>
    <thead><tr><th>#</th><th>law</th><th>cross-validated RMSE</th><th>held-out error (largest runs)</th><th>RMSE in sample</th><th>AIC</th><th>ΔAIC</th><th>BIC</th><th>free params</th><th>parameters</th><th></th></tr></thead>
    <tbody>${rows}</tbody></table></div>`;
}

function render(): void {
  if (!data) return;
  saveState({ comparison: data });
  const d = data;
  const failed = d.failed.length ? `<div class="card"><h3>Not fitted</h3><ul class="warnings">${d.failed.map((f) => `<li><b>${esc(f.law)}</b>: ${esc(f.message)}</li>`).join('')}</ul></div>` : '';
  app.innerHTML = `<header><h2>Compare laws: ${esc(d.name)}</h2><span id="kit-status" class="status"></span><div class="toolbar"><button class="kit-btn secondary" data-act="exportMarkdown">Markdown</button></div></header><div id="kit-jobs"></div>
    <div class="card">${table(d)}<ul class="muted notes">${d.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></div>
    ${failed}
    <div class="plots">${d.figures.figures.map((f) => plotCard(`plot-${f.id}`, `${d.name.replace(/\.[^.]+$/, '')}.${f.id}`, '', `<h3 class="plot-title">${esc(f.title)}</h3>`, '', f.note ? `<p class="muted note">${esc(f.note)}</p>` : '')).join('')}</div>`;
  for (const f of d.figures.figures) draw(`plot-${f.id}`, (t, forExport) => toPlotly(f, t, { withTitle: forExport, fontSize: t.publication ? 10 : 11 }));
  status(`${d.rows.length} laws compared in ${(d.elapsedMs / 1000).toFixed(1)} s`);
}

document.addEventListener('click', (e) => {
  const el = (e.target as HTMLElement).closest('[data-act]') as HTMLElement | null;
  if (!el) return;
  if (el.dataset.act === 'makeActive' && el.dataset.law) action('makeActive', { law: el.dataset.law });
  if (el.dataset.act === 'exportMarkdown') action('exportMarkdown', {});
});

start({
  comparison: (v) => {
    data = v as CompareData;
    render();
  },
  message: (v) => {
    if (!data) app.innerHTML = `<header><h2>Compare laws</h2><span id="kit-status" class="status"></span></header><div id="kit-jobs"></div><p class="muted">${esc(String(v))}</p>`;
  },
});

if (data) render();
else app.innerHTML = '<header><h2>Compare laws</h2><span id="kit-status" class="status"></span></header><div id="kit-jobs"></div><p class="loading">Fitting…</p>';
