// Self-contained HTML report: per input, the law fitted and why, the parameter table with
// intervals, flagged points and warnings, the provenance, and the figures (drawn by the panels'
// renderer, dist/report.js, from the embedded figure data). Pure string building: no fs here.
import { escapeHtml } from './escape';
import type { FigureSet } from './figures';
import type { FitReport } from './fitReport';
import type { CurveMetrics } from '../curves/metrics';

/** A training curve fitted under its learning-rate schedule (no FitReport: a curve law's fit). */
export interface CurveSection {
  law: string;
  title: string;
  formula: string;
  params: Record<string, number>;
  metrics: CurveMetrics;
  /** The schedule as read (from the lr column or the file name). */
  schedule: string;
  objective: { kind: string; delta: number; space: string; value: number };
  starts: { tried: number; converged: number };
  /** What `scaling-laws curve fit` call gives the same numbers. */
  command: string;
  warnings: string[];
}

/** One input of a report: its fit and figures, or why it was not fitted. */
export interface ReportSection {
  title: string;
  /** The file, relative to the folder it was found in. */
  source: string;
  report?: FitReport;
  /** A training-curve fit (the section shows it instead of a FitReport). */
  curve?: CurveSection;
  figures?: FigureSet;
  /** The law chosen and why. */
  choice?: string;
  /** Why this input was not fitted. */
  skipped?: string;
}

export interface ReportResult {
  title: string;
  sections: ReportSection[];
}

const esc = escapeHtml;
const num = (x: number | undefined, d = 4) => (x === undefined || !Number.isFinite(x) ? '–' : Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(d - 1) : x.toPrecision(d));

function paramTable(r: FitReport): string {
  const rows = Object.entries(r.params).map(([k, v]) => {
    const se = r.bootstrap?.se[k], ci = r.bootstrap?.ci95[k];
    return `<tr><td>${esc(k)}</td><td>${num(v, 6)}</td><td>${num(se, 3)}</td><td>${ci ? `[${num(ci[0])}, ${num(ci[1])}]` : '–'}</td></tr>`;
  });
  const caption = r.bootstrap ? `95 % intervals: bootstrap percentiles over ${r.bootstrap.k} resamples of the runs (seed ${r.bootstrap.seed})` : 'no intervals (bootstrap off)';
  return `<table><caption>${esc(caption)}</caption><thead><tr><th>parameter</th><th>value</th><th>s.e.</th><th>95 % interval</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function plotsOf(f: FigureSet, i: number): string {
  return f.figures.map((fig) => `<figure><figcaption>${esc(fig.title)}</figcaption><div id="fig-${i}-${esc(fig.id)}" class="plot"></div>${fig.note ? `<p class="note">${esc(fig.note)}</p>` : ''}</figure>`).join('');
}

function curveSection(s: ReportSection & { curve: CurveSection; figures: FigureSet }, i: number): string {
  const c = s.curve, m = c.metrics;
  const rows = Object.entries(c.params).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${num(v, 6)}</td></tr>`).join('');
  return `<section>
<h2>${esc(s.title)}</h2>
<p class="muted">${esc(s.source)} · curve law <code>${esc(c.law)}</code> (${esc(c.title)}): <code>${esc(c.formula)}</code> on ${m.n} points</p>
${s.choice ? `<p class="muted">Why this law: ${esc(s.choice)}</p>` : ''}
<div class="grid">${plotsOf(s.figures, i)}</div>
<table><caption>fitted parameters (no intervals: a single curve)</caption><thead><tr><th>parameter</th><th>value</th></tr></thead><tbody>${rows}</tbody></table>
<p>Fit: R² ${num(m.r2, 5)}, RMSE ${num(m.rmse)}, mean relative error ${esc((100 * m.meanRelErr).toFixed(2))} %, worst ${esc((100 * m.worstRelErr).toFixed(2))} % · objective ${esc(c.objective.kind)} (δ = ${num(c.objective.delta)}) on ${esc(c.objective.space)} residuals = ${num(c.objective.value, 6)} · starts ${c.starts.converged}/${c.starts.tried} converged</p>
<p class="muted">Schedule: ${esc(c.schedule)} · same fit in a terminal: <code>${esc(c.command)}</code></p>
${c.warnings.length ? `<ul class="warn">${c.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}
</section>`;
}

function section(s: ReportSection, i: number): string {
  if (s.curve && s.figures) return curveSection(s as ReportSection & { curve: CurveSection; figures: FigureSet }, i);
  if (!s.report || !s.figures) return `<section><h2>${esc(s.title)}</h2><p class="muted">${esc(s.source)}</p><p>Not fitted: ${esc(s.skipped ?? 'no fit')}</p></section>`;
  const r = s.report, f = s.figures;
  const rec = f.recommendation;
  const recHtml = rec
    ? `<div class="card"><b>What to train next</b> C = ${num(rec.C, 3)} FLOPs → N = ${num(rec.N, 3)}${rec.interval?.N ? ` [${num(rec.interval.N[0], 3)}, ${num(rec.interval.N[1], 3)}]` : ''} parameters, D = ${num(rec.D, 3)}${rec.interval?.D ? ` [${num(rec.interval.D[0], 3)}, ${num(rec.interval.D[1], 3)}]` : ''} tokens, predicted loss ${num(rec.loss, 4)}${rec.interval?.loss ? ` [${num(rec.interval.loss[0], 4)}, ${num(rec.interval.loss[1], 4)}]` : ''}${rec.interval ? ' <span class="muted">(95 % confidence intervals of the law)</span>' : ''}</div>`
    : '';
  const o = r.objective, c = r.comparison;
  const warn = r.warnings.length ? `<ul class="warn">${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '';
  const d = r.diagnostics;
  const flaggedRows = d?.flagged.map((f) => f.row).filter((x): x is number => x !== undefined) ?? [];
  const diag = d && (d.flagged.length || d.warnings.length)
    ? `<div class="card diag"><b>Diagnostics</b><ul class="warn">${d.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>${d.flagged.length ? `<table><thead><tr><th>row</th><th>run</th><th>kind</th><th>robust residual</th><th>reason</th></tr></thead><tbody>${d.flagged.map((f) => `<tr><td>${f.row ?? f.index + 1}</td><td>${esc(f.run ?? '')}</td><td>${esc(f.kind)}</td><td>${num(f.robustResidual, 3)}</td><td>${esc(f.reason)}</td></tr>`).join('')}</tbody></table>${flaggedRows.length ? `<p class="muted">Nothing is dropped unless you ask: refit without them with <code>--exclude-rows ${esc(flaggedRows.join(','))}</code>.</p>` : ''}` : ''}</div>`
    : '';
  const prov = r.provenance;
  const plots = plotsOf(f, i);
  return `<section>
<h2>${esc(s.title)}</h2>
<p class="muted">${esc(s.source)} · law <code>${esc(r.law)}</code>: <code>L = ${esc(r.formula)}</code> on ${r.n} points</p>
${s.choice ? `<p class="muted">Why this law: ${esc(s.choice)}</p>` : ''}
${recHtml}
${diag}
<div class="grid">${plots}</div>
${paramTable(r)}
<p>Objective: ${esc(o.kind)}${o.kind === 'huber' ? ` (δ = ${num(o.delta)})` : ''} on ${esc(o.space)} residuals, ${esc(o.reduction)} = ${num(o.value, 6)} · starts ${num(r.starts.converged)}/${num(r.starts.total)} converged, ${num(r.starts.atBest)} at the best objective</p>
<p>RMSE ${num(c.rmse)} (${esc(o.space)}), AIC ${num(c.aic)}, BIC ${num(c.bic)}${c.holdout ? ` · largest ${esc(c.holdout.by)} held out (${num(c.holdout.heldOut)} runs): RMSE ${num(c.holdout.rmse)}, mean relative error ${esc((100 * c.holdout.meanRelErr).toFixed(2))} %` : ''}</p>
${warn}
<details><summary>Provenance</summary><pre>${esc(JSON.stringify({ ...prov, input: prov.input ? { ...prov.input, file: prov.input.file.split('/').pop() } : undefined }, null, 2))}</pre></details>
</section>`;
}

/** Inline script text must not close its element early. */
const inlineScript = (src: string) => src.replace(/<\/script/gi, '<\\/script');

export function renderHtmlReport(result: ReportResult, scripts: { plotly: string; renderer: string }, meta: { version: string; nonce: string }): string {
  const figures = JSON.stringify(result.sections.map((s) => s.figures?.figures ?? null)).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${meta.nonce}'; style-src 'unsafe-inline'; img-src data: blob:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(result.title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #222; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #ddd; background: #1e1e1e; } .card { background: #263238 !important; } th, td { border-color: #444 !important; } }
h1 { font-size: 1.5rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #8884; }
.muted, .note { opacity: .7; } .note { font-size: 12px; margin: 0 0 .5rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: .5rem 1rem; }
figure { margin: 0; } figcaption { font-weight: 600; margin: .5rem 0 0; }
.plot { height: 380px; } table { border-collapse: collapse; margin: .5rem 0; } caption { text-align: left; opacity: .7; }
th, td { border: 1px solid #ccc; padding: .2rem .6rem; text-align: right; }
td:first-child, th:first-child { text-align: left; } .card { background: #eef5ff; padding: .6rem .8rem; border-radius: 6px; margin: .6rem 0; }
.warn li { color: #b36b00; } .diag table td:last-child { text-align: left; } pre { font-size: 12px; overflow: auto; }
</style></head><body>
<h1>${esc(result.title)}</h1>
<p class="muted">Generated by scaling-laws ${esc(meta.version)}. Every number below can be reproduced from the provenance of its fit.</p>
${result.sections.map(section).join('\n')}
<script nonce="${meta.nonce}">${inlineScript(scripts.plotly)}</script>
<script id="figures" type="application/json">${figures}</script>
<script nonce="${meta.nonce}">${inlineScript(scripts.renderer)}</script>
</body></html>
`;
}
