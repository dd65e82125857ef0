// Export payloads and file names (no 'vscode', unit-tested).
import type { FitReport } from '../../core/report/fitReport';

/** Plotly.toImage returns data: URLs: base64 for PNG, URL-encoded (or base64) text for SVG. */
export function decodeExportPayload(payload: string): Uint8Array {
  const m = /^data:([^,;]+)(;base64)?,(.*)$/s.exec(payload);
  if (!m) return new TextEncoder().encode(payload); // plain text (already an SVG document, CSV, …)
  if (m[2]) return Uint8Array.from(Buffer.from(m[3], 'base64'));
  return new TextEncoder().encode(decodeURIComponent(m[3]));
}

/** A name the webview proposed, made safe as a file name (no folders, no reserved characters). */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\x00-\x1f]/g, '_').replace(/^\.+/, '_').slice(0, 200) || 'export';
}

/** `runs.csv` + 'fit.json' → `runs.fit.json`. */
export function exportFileName(input: string | undefined, suffix: string): string {
  const base = (input?.split(/[\\/]/).pop() ?? 'fit').replace(/\.[^.]+$/, '') || 'fit';
  return safeFileName(`${base}.${suffix}`);
}

/** CSV of the fitted points with predictions and residuals (export). */
export function pointsCsv(report: FitReport): string {
  const names = Object.keys(report.data.inputs);
  const esc = (s: string) => (/[",\n\r]/.test(s) || /^[=+\-@\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [['run', ...names, 'loss', 'predicted', 'residual_log'].map(esc).join(',')];
  for (let i = 0; i < report.data.loss.length; i++) {
    const y = report.data.loss[i], p = report.data.predicted[i];
    lines.push([esc(report.data.run?.[i] ?? String(i + 1)), ...names.map((k) => String(report.data.inputs[k][i])), String(y), String(p), String(Math.log(y) - Math.log(p))].join(','));
  }
  return lines.join('\n') + '\n';
}
