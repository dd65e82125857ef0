// The page every webview panel uses: a strict CSP (default-src 'none', scripts only by a fresh
// crypto nonce, no eval), styles and scripts only from the extension's own dist/ and media/.
// No 'vscode' import: unit-tested.
import { randomBytes } from 'node:crypto';
import { escapeHtml } from '../../core/report/escape';

export function makeNonce(): string {
  return randomBytes(16).toString('hex');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    // plotly.js sets inline styles on the SVG it draws.
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export interface HtmlParts {
  cspSource: string;
  nonce: string;
  scripts: string[];
  styles: string[];
  /** body[data-panel]: which panel the shared client code is driving. */
  panel: string;
  title: string;
}

export function webviewHtml(p: HtmlParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(p.cspSource, p.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${p.styles.map((s) => `<link rel="stylesheet" href="${escapeHtml(s)}">`).join('\n')}
<title>${escapeHtml(p.title)}</title>
</head>
<body data-panel="${escapeHtml(p.panel)}">
<div id="app"><p class="loading">Loading…</p></div>
${p.scripts.map((s) => `<script nonce="${p.nonce}" src="${escapeHtml(s)}"></script>`).join('\n')}
</body>
</html>`;
}
