// Human-readable FitReport (terminal output, "Export Markdown").
import type { FitReport } from './fitReport';

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? x.toExponential(4) : x.toPrecision(6).replace(/\.?0+$/, '');
}

export function reportToMarkdown(r: FitReport): string {
  const lines: string[] = [];
  lines.push(`# ${r.law} fit`, '', `\`L = ${r.formula}\` on ${r.n} points`, '');
  lines.push('| parameter | value | s.e. | 95 % interval |', '|---|---|---|---|');
  for (const [name, v] of Object.entries(r.params)) {
    const se = r.bootstrap ? fmt(r.bootstrap.se[name]) : '';
    const ci = r.bootstrap ? `[${fmt(r.bootstrap.ci95[name][0])}, ${fmt(r.bootstrap.ci95[name][1])}]` : '';
    lines.push(`| ${name} | ${fmt(v)} | ${se} | ${ci} |`);
  }
  const o = r.objective;
  lines.push('', `Objective: ${o.kind}${o.kind === 'huber' ? ` (delta ${o.delta})` : ''} on ${o.space} residuals, ${o.reduction} = ${fmt(o.value)}`);
  lines.push(`Starts: ${r.starts.converged} of ${r.starts.total} converged, ${r.starts.atBest} reached the best objective; optimizer: ${r.optimizer.message} after ${r.optimizer.nit} iterations`);
  if (r.bootstrap) lines.push(`Bootstrap: ${r.bootstrap.k} resamples (seed ${r.bootstrap.seed}), ${r.bootstrap.converged} converged`);
  const c = r.comparison;
  lines.push(`Fit quality: RMSE ${fmt(c.rmse)} (${o.space}), AIC ${fmt(c.aic)}, BIC ${fmt(c.bic)}`);
  if (c.holdout) lines.push(`Held out ${c.holdout.heldOut} runs with ${c.holdout.by} ≥ ${fmt(c.holdout.threshold)}: RMSE ${fmt(c.holdout.rmse)}, mean relative error ${(100 * c.holdout.meanRelErr).toFixed(2)} %`);
  const d = r.diagnostics;
  if (d && (d.flagged.length || d.warnings.length)) {
    lines.push('', '## Diagnostics', '');
    for (const w of d.warnings) lines.push(`- ${w}`);
    if (d.flagged.length) {
      lines.push('', '| row | run | kind | robust residual | reason |', '|---|---|---|---|---|');
      for (const f of d.flagged) lines.push(`| ${f.row ?? f.index + 1} | ${f.run ?? ''} | ${f.kind} | ${fmt(f.robustResidual)} | ${f.reason} |`);
      const rows = d.flagged.map((f) => f.row).filter((x): x is number => x !== undefined);
      if (rows.length) lines.push('', `To fit without them: \`--exclude-rows ${rows.join(',')}\` (nothing is dropped unless you ask).`);
    }
  }
  if (r.warnings.length) lines.push('', '## Warnings', '', ...r.warnings.map((w) => `- ${w}`));
  const p = r.provenance;
  lines.push('', '## Provenance', '');
  if (p.input) lines.push(`- input: ${p.input.file} (${p.input.format}, ${p.input.rows} rows, sha256 ${p.input.sha256.slice(0, 16)}…)`);
  lines.push(`- mapping: ${Object.entries(p.mapping).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'}`);
  if (p.roleReasons?.loss) lines.push(`- loss column '${p.mapping.loss}': ${p.roleReasons.loss}`);
  if (p.columnScales) lines.push(`- header units: ${Object.entries(p.columnScales).map(([c, s]) => `'${c}' ×${s.factor.toExponential(0).replace('e+', 'e')} (${s.unit})`).join(', ')}`);
  if (Object.keys(p.derived).length) lines.push(`- derived: ${Object.entries(p.derived).map(([k, v]) => `${k} = ${v}`).join('; ')}`);
  if (p.filter) lines.push(`- filter: ${p.filter}`);
  if (Object.keys(p.fixed).length) lines.push(`- fixed: ${Object.entries(p.fixed).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (p.excluded) lines.push(`- excluded on request: ${[...(p.excluded.rows?.length ? [`rows ${p.excluded.rows.join(', ')}`] : []), ...(p.excluded.runs?.length ? [`runs ${p.excluded.runs.join(', ')}`] : [])].join('; ')}`);
  if (p.procedure) lines.push(`- procedure: ${p.procedure.asAuthors ? "the law's authors' own" : `differs from the authors' (${p.procedure.differences.join('; ')})`} — ${p.procedure.source}`);
  lines.push(`- starts: ${p.starts.kind} (${p.starts.count}); optimizer L-BFGS-B m=${p.optimizer.m} ftol=${p.optimizer.ftol} gtol=${p.optimizer.gtol}; seed ${p.seed}; ${p.tool} ${p.version}`);
  return lines.join('\n') + '\n';
}
