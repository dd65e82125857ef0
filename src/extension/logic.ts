// Host logic that needs no 'vscode': settings → CLI flags, palette input parsing, law comparison
// tables, webview HTML with its CSP. Unit-tested in
// test/unit/extension without VS Code.
// Kept free of the law registry (and so of mathjs) so activation stays cheap; the answers that
// evaluate laws live in answers.ts and are loaded on first use.
import type { FitReport } from '../core/report/fitReport';
import { parseHumanNumber } from '../core/table/numbers';
import type { FitFlags } from '../protocol';

export interface FitSettings {
  law: string;
  objective: 'huber' | 'l2' | 'l1';
  delta: number;
  residualSpace: 'log' | 'linear';
  bootstrap: number;
  seed: number;
  workers: number;
  flopsPerParamToken: number;
}

export const DEFAULT_SETTINGS: FitSettings = {
  law: 'chinchilla', objective: 'huber', delta: 1e-3, residualSpace: 'log', bootstrap: 200, seed: 0, workers: 0, flopsPerParamToken: 6,
};

/** Read settings through any getter (vscode's WorkspaceConfiguration.get fits), with defaults. */
export function readSettings(get: <T>(key: string) => T | undefined): FitSettings {
  const s = { ...DEFAULT_SETTINGS };
  const pick = <K extends keyof FitSettings>(k: K, key: string) => {
    const v = get<FitSettings[K]>(key);
    if (v !== undefined && v !== null) s[k] = v;
  };
  pick('law', 'fit.law');
  pick('objective', 'fit.objective');
  pick('delta', 'fit.delta');
  pick('residualSpace', 'fit.residualSpace');
  pick('bootstrap', 'fit.bootstrap');
  pick('seed', 'fit.seed');
  pick('workers', 'fit.workers');
  pick('flopsPerParamToken', 'flopConvention');
  if (typeof s.flopsPerParamToken === 'string') s.flopsPerParamToken = parseFloat(s.flopsPerParamToken) || 6;
  return s;
}

/** The CLI flags that give the same fit: `scaling-laws fit FILE ${flagsToArgv(flags)}`. */
export function settingsToFlags(s: FitSettings, mapping: Record<string, string> = {}): FitFlags {
  const flags: FitFlags = { law: s.law, objective: s.objective, delta: s.delta, space: s.residualSpace, bootstrap: s.bootstrap, seed: s.seed };
  if (s.workers > 0) flags.threads = s.workers;
  const map = Object.entries(mapping).filter(([, c]) => c).map(([r, c]) => `${r}=${c}`);
  if (map.length) flags.map = map;
  return flags;
}

/** The same flags as a CLI argument list (shown in the provenance card, used by the e2e check). */
export function flagsToArgv(flags: FitFlags): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(flags)) {
    if (v === undefined || k === 'threads') continue;
    if (Array.isArray(v)) for (const item of v) out.push(`--${k}`, item);
    else if (v === true) out.push(`--${k}`);
    else if (v !== false) out.push(`--${k}`, String(v));
  }
  return out;
}

/** Validate a palette number (7B, 1.4T, 5.76e23). Returns an error message or undefined. */
export function validateQuantity(text: string, what = 'value'): string | undefined {
  const v = parseHumanNumber(text);
  if (Number.isNaN(v)) return `'${text}' is not a number: try 7B, 1.4T or 5.76e23`;
  if (!(v > 0)) return `${what} must be positive`;
  return undefined;
}

export function parseQuantity(text: string): number {
  const v = parseHumanNumber(text);
  if (!(v > 0)) throw new Error(validateQuantity(text) ?? `'${text}' must be positive`);
  return v;
}

export interface ComparisonRow {
  law: string;
  n: number;
  k: number;
  aic: number;
  bic: number;
  rmse: number;
  holdoutRmse?: number;
  deltaAic: number;
}

/** Rank fits of the same data by AIC (lower is better); ΔAIC relative to the best. */
export function compareReports(reports: FitReport[]): ComparisonRow[] {
  const rows = reports.map((r) => ({
    law: r.law, n: r.n, k: Object.keys(r.params).length - Object.keys(r.provenance?.fixed ?? {}).length,
    aic: r.comparison.aic, bic: r.comparison.bic, rmse: r.comparison.rmse, holdoutRmse: r.comparison.holdout?.rmse, deltaAic: 0,
  }));
  rows.sort((a, b) => a.aic - b.aic);
  for (const r of rows) r.deltaAic = r.aic - rows[0].aic;
  return rows;
}

export function comparisonMarkdown(rows: ComparisonRow[], file: string): string {
  const f = (x: number | undefined) => (x === undefined ? '–' : Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(4));
  return [
    `# Law comparison: ${file}`, '',
    '| law | points | free params | AIC | ΔAIC | BIC | RMSE | held-out RMSE |', '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.law} | ${r.n} | ${r.k} | ${f(r.aic)} | ${f(r.deltaAic)} | ${f(r.bic)} | ${f(r.rmse)} | ${f(r.holdoutRmse)} |`),
    '', 'Lower AIC/BIC is better; ΔAIC > 2 is a meaningful difference, > 10 a decisive one.', '',
  ].join('\n');
}

export function makeNonce(random: () => number = Math.random): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(random() * chars.length)];
  return s;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
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
  /** Sets body[data-kind]; pages of other panels pass their own body attributes instead. */
  kind?: 'results' | 'viewer' | 'planning';
  /** Extra body attributes, e.g. { 'data-panel': 'phases' }. */
  body?: Record<string, string>;
  title: string;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The page every panel uses: strict CSP with a nonce, stylesheets and scripts from dist/ by nonce. */
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
<body${Object.entries({ ...(p.kind ? { 'data-kind': p.kind } : {}), ...p.body }).map(([k, v]) => ` ${k}="${escapeHtml(v)}"`).join('')}>
<div id="app"><p class="loading">Loading…</p></div>
${p.scripts.map((s) => `<script nonce="${p.nonce}" src="${escapeHtml(s)}"></script>`).join('\n')}
</body>
</html>`;
}

/** File extensions the fit command and the viewer accept. */
export const LOG_EXTENSIONS = ['csv', 'tsv', 'jsonl', 'json', 'ndjson'];

/** Per-file fit options chosen in "Fit Scaling Law with Options…" (flags on top of the settings). */
export interface FileFitOptions {
  law?: string;
  derive?: string[];
  where?: string;
  bootstrap?: number;
}

/**
 * Derived columns typed as "NAME=EXPR; NAME2=EXPR2" (';' or new lines between them). Returns the
 * CLI's --derive items, or an error message for the input box. Expressions are checked by the fit.
 */
export function parseDeriveInput(text: string): { derive: string[] } | { error: string } {
  const derive: string[] = [];
  for (const raw of text.split(/[;\n]/)) {
    const part = raw.trim();
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = eq > 0 ? part.slice(0, eq).trim() : '';
    const expr = eq > 0 ? part.slice(eq + 1).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !expr) return { error: `'${part}': write NAME=EXPR, e.g. D=C/(6*N)` };
    if (expr.startsWith('=')) return { error: `'${part}': one '=' between the name and the expression` };
    derive.push(`${name}=${expr}`);
  }
  return { derive };
}

/** The flags a file's saved options add to the settings' (empty values leave the settings alone). */
export function fileOptionsToFlags(o: FileFitOptions | undefined): FitFlags {
  const flags: FitFlags = {};
  if (!o) return flags;
  if (o.law) flags.law = o.law;
  if (o.derive?.length) flags.derive = o.derive;
  if (o.where?.trim()) flags.where = o.where.trim();
  if (o.bootstrap !== undefined) flags.bootstrap = o.bootstrap;
  return flags;
}

/** A word for a POSIX shell: as is when it has only safe characters, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_=.,:\/@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

