// Export payload decoding and file names (no 'vscode', unit-tested).
import type { FitReport } from '../core/report/fitReport';
import type { ExportFormat } from '../protocol';

/** Plotly.toImage returns data: URLs: base64 for PNG, URL-encoded (or base64) text for SVG. */
export function decodeExportPayload(payload: string): Uint8Array {
  const m = /^data:([^,;]+)(;base64)?,(.*)$/s.exec(payload);
  if (!m) return new TextEncoder().encode(payload); // plain text (already an SVG document)
  if (m[2]) return Uint8Array.from(Buffer.from(m[3], 'base64'));
  return new TextEncoder().encode(decodeURIComponent(m[3]));
}

export function exportFileName(input: string | undefined, format: ExportFormat): string {
  const base = (input?.split(/[\\/]/).pop() ?? 'fit').replace(/\.[^.]+$/, '') || 'fit';
  switch (format) {
    case 'png': return `${base}.scaling-law.png`;
    case 'svg': return `${base}.scaling-law.svg`;
    case 'publication-png': return `${base}.scaling-law.publication.png`;
    case 'publication-svg': return `${base}.scaling-law.publication.svg`;
    case 'csv': return `${base}.points.csv`;
    case 'json': return `${base}.fit.json`;
    case 'md': return `${base}.fit.md`;
  }
}

/** CSV of the fitted points with predictions and residuals (export). */
export function pointsCsv(report: FitReport): string {
  const names = Object.keys(report.data.inputs);
  const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [['run', ...names, 'loss', 'predicted', 'residual_log'].join(',')];
  for (let i = 0; i < report.data.loss.length; i++) {
    const y = report.data.loss[i], p = report.data.predicted[i];
    lines.push([esc(report.data.run?.[i] ?? String(i + 1)), ...names.map((k) => String(report.data.inputs[k][i])), String(y), String(p), String(Math.log(y) - Math.log(p))].join(','));
  }
  return lines.join('\n') + '\n';
}
