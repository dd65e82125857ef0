// Export payload decoding and file names (no 'vscode', unit-tested).
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
