// Self-contained HTML report: fitted laws, parameter tables with intervals, warnings, provenance
// and interactive plots (plotly.js inlined, SVG traces only). Pure string building: no fs here.
import type { FitReport } from './fitReport';
import type { FitFigures } from './plotSeries';

export interface ReportSection {
  title: string;
  source: string;
  report?: FitReport;
  figures?: FitFigures;
  /** Why this input was not fitted (shown instead of a fit). */
  skipped?: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const num = (x: number | undefined, d = 4) => (x === undefined || !Number.isFinite(x) ? '–' : Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(d - 1) : x.toPrecision(d));

function paramTable(r: FitReport): string {
  const rows = Object.entries(r.params).map(([k, v]) => {
    const se = r.bootstrap?.se[k], ci = r.bootstrap?.ci95[k];
    return `<tr><td>${esc(k)}</td><td>${num(v, 6)}</td><td>${num(se, 3)}</td><td>${ci ? `[${num(ci[0])}, ${num(ci[1])}]` : '–'}</td></tr>`;
  });
  return `<table><thead><tr><th>parameter</th><th>value</th><th>s.e.</th><th>95 % interval</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function section(s: ReportSection, i: number): string {
  if (!s.report || !s.figures) return `<section><h2>${esc(s.title)}</h2><p class="muted">${esc(s.source)}</p><p>Not fitted: ${esc(s.skipped ?? 'no fit')}</p></section>`;
  const r = s.report, f = s.figures;
  const rec = f.recommendation;
  const recHtml = rec
    ? `<div class="card"><b>Next budget</b> C = ${num(rec.C, 3)} FLOPs → N = ${num(rec.N, 3)}${rec.interval?.N ? ` [${num(rec.interval.N[0], 3)}, ${num(rec.interval.N[1], 3)}]` : ''} parameters, D = ${num(rec.D, 3)}${rec.interval?.D ? ` [${num(rec.interval.D[0], 3)}, ${num(rec.interval.D[1], 3)}]` : ''} tokens, predicted loss ${num(rec.loss, 4)}${rec.interval?.loss ? ` [${num(rec.interval.loss[0], 4)}, ${num(rec.interval.loss[1], 4)}]` : ''}</div>`
    : '';
  const o = r.objective, c = r.comparison;
  const warn = r.warnings.length ? `<ul class="warn">${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '';
  const prov = r.provenance;
  return `<section>
<h2>${esc(s.title)}</h2>
<p class="muted">${esc(s.source)} · law <code>${esc(r.law)}</code>: <code>L = ${esc(r.formula)}</code> on ${r.n} points</p>
${recHtml}
<div class="grid"><div id="fit${i}" class="plot"></div><div id="res${i}" class="plot"></div>${f.frontier ? `<div id="front${i}" class="plot"></div><div id="alloc${i}" class="plot"></div>` : ''}</div>
${paramTable(r)}
<p>Objective: ${esc(o.kind)}${o.kind === 'huber' ? ` (δ = ${o.delta})` : ''} on ${esc(o.space)} residuals, ${esc(o.reduction)} = ${num(o.value, 6)} · starts ${r.starts.converged}/${r.starts.total} converged, ${r.starts.atBest} at the best objective${r.bootstrap ? ` · bootstrap ${r.bootstrap.k} resamples (seed ${r.bootstrap.seed})` : ''}</p>
<p>RMSE ${num(c.rmse)} (${esc(o.space)}), AIC ${num(c.aic)}, BIC ${num(c.bic)}${c.holdout ? ` · largest ${esc(c.holdout.by)} held out (${c.holdout.heldOut} runs): RMSE ${num(c.holdout.rmse)}, mean relative error ${(100 * c.holdout.meanRelErr).toFixed(2)} %` : ''}</p>
${warn}
<details><summary>Provenance</summary><pre>${esc(JSON.stringify({ ...prov, input: prov.input ? { ...prov.input, file: prov.input.file.split('/').pop() } : undefined }, null, 2))}</pre></details>
</section>`;
}

// Runs in the report page: draws every figure from the embedded JSON with Plotly (SVG traces).
const DRAW = `
(function () {
  var data = JSON.parse(document.getElementById('figures').textContent);
  var dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  var fg = dark ? '#ddd' : '#222', grid = dark ? '#444' : '#ddd';
  function layout(title, xt, yt, logx, logy) {
    return { title: { text: title, font: { size: 14 } }, paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', font: { color: fg },
      xaxis: { title: xt, type: logx ? 'log' : 'linear', gridcolor: grid }, yaxis: { title: yt, type: logy ? 'log' : 'linear', gridcolor: grid },
      margin: { l: 60, r: 10, t: 40, b: 50 }, legend: { font: { size: 10 } }, hovermode: 'closest' };
  }
  var palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#393b79', '#637939'];
  function colorOf(s, fallback) { return s.group === undefined ? fallback : palette[s.group % palette.length]; }
  function rgba(hex, a) { var n = parseInt(hex.slice(1), 16); return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')'; }
  function withBand(s, fallback) {
    var c = colorOf(s, fallback || '#1f77b4'), out = [];
    if (s.lo && s.hi) {
      out.push({ x: s.x, y: s.hi, mode: 'lines', line: { width: 0 }, showlegend: false, hoverinfo: 'skip', type: 'scatter' });
      out.push({ x: s.x, y: s.lo, mode: 'lines', line: { width: 0 }, fill: 'tonexty', fillcolor: rgba(c, 0.18), showlegend: false, hoverinfo: 'skip', type: 'scatter' });
    }
    out.push({ x: s.x, y: s.y, mode: s.mode, name: s.name + (s.lo ? ' (95 % band)' : ''), text: s.text, type: 'scatter', line: { color: c } });
    return out;
  }
  var cfg = { responsive: true, displaylogo: false, displayModeBar: 'hover' };
  data.forEach(function (f, i) {
    if (!f) return;
    var traces = [];
    f.fitted.forEach(function (s) { traces = traces.concat(withBand(s)); });
    f.points.forEach(function (s) { traces.push({ x: s.x, y: s.y, text: s.text, mode: 'markers', name: s.name, type: 'scatter', marker: { color: colorOf(s, '#1f77b4') } }); });
    Plotly.newPlot('fit' + i, traces, layout('Loss vs ' + f.xRole, f.xRole, 'loss', true, true), cfg);
    Plotly.newPlot('res' + i, [{ x: f.residuals.x, y: f.residuals.y, text: f.residuals.text, mode: 'markers', type: 'scatter', name: 'residual' }], layout('Residuals (log loss)', f.xRole, 'log(observed) - log(fit)', true, false), cfg);
    if (f.frontier) {
      Plotly.newPlot('front' + i, withBand(f.frontier.loss), layout('Compute-optimal loss', 'C (FLOPs)', 'loss', true, true), cfg);
      Plotly.newPlot('alloc' + i, withBand(f.frontier.N, '#2ca02c').concat(withBand(f.frontier.D, '#9467bd')), layout('Compute-optimal allocation', 'C (FLOPs)', 'N, D', true, true), cfg);
    }
  });
})();`;

export function renderHtmlReport(sections: ReportSection[], plotlySource: string, meta: { title: string; version: string; nonce: string }): string {
  const figures = JSON.stringify(sections.map((s) => s.figures ?? null)).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${meta.nonce}'; style-src 'unsafe-inline'; img-src data: blob:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(meta.title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #222; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #ddd; background: #1e1e1e; } .card { background: #263238 !important; } th, td { border-color: #444 !important; } }
h1 { font-size: 1.5rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #8884; }
.muted { opacity: .7; } .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: .5rem; }
.plot { height: 360px; } table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid #ccc; padding: .2rem .6rem; text-align: right; }
td:first-child, th:first-child { text-align: left; } .card { background: #eef5ff; padding: .6rem .8rem; border-radius: 6px; margin: .6rem 0; }
.warn li { color: #b36b00; } pre { font-size: 12px; overflow: auto; }
</style></head><body>
<h1>${esc(meta.title)}</h1>
<p class="muted">Generated by scaling-laws ${esc(meta.version)}. Every number below can be reproduced from the provenance of its fit.</p>
${sections.map(section).join('\n')}
<script nonce="${meta.nonce}">${plotlySource.replace(/<\/script/gi, "<\\/script")}</script>
<script id="figures" type="application/json">${figures}</script>
<script nonce="${meta.nonce}">${DRAW}</script>
</body></html>
`;
}
