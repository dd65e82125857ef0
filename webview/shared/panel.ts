// The client side every panel shares (bundled into each webview script): the VS Code API with
// state merge, the host message envelope (src/protocol/webview.ts), plot mounting with theme
// redraws (incl. high contrast), exports through the host, busy/progress rows with Cancel.
import type { FromWebview, ToWebview } from '../../src/protocol/webview';
import { escapeHtml } from '../../src/core/report/escape';
import { withAlpha } from './colors';
import { PLOT_CONFIG } from './figures';
import { PUBLICATION, vscodeTheme, type Theme } from './theme';

export type { Theme };
export { PUBLICATION };

interface VsCodeApi {
  postMessage(m: FromWebview): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface PlotlyLike {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  newPlot(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  toImage(fig: unknown, opts: { format: 'png' | 'svg'; width: number; height: number; scale?: number }): Promise<string>;
  Plots: { resize(el: HTMLElement): void };
}
declare const Plotly: PlotlyLike;
export const plotly = (): PlotlyLike | undefined => (typeof Plotly === 'undefined' ? undefined : Plotly);

const api = acquireVsCodeApi();

export function post(m: FromWebview): void {
  api.postMessage(m);
}

export function action(name: string, args?: Record<string, unknown>): void {
  post({ type: 'action', action: name, args });
}

export function getState<T extends object>(): Partial<T> {
  const s = api.getState();
  return (s && typeof s === 'object' ? s : {}) as Partial<T>;
}

export function saveState(patch: Record<string, unknown>): void {
  api.setState({ ...getState(), ...patch });
}

window.addEventListener('error', (e) => post({ type: 'log', level: 'error', message: `${e.message} at ${e.filename}:${e.lineno}` }));
document.addEventListener('securitypolicyviolation', (e) => post({ type: 'log', level: 'error', message: `CSP violation: ${e.violatedDirective} ${e.blockedURI}` }));

// ------------------------------------------------------------------ formatting

export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return x.toExponential(digits - 1);
  return String(+x.toPrecision(digits));
}

export const esc = escapeHtml;

// ------------------------------------------------------------------ theme

/** The current VS Code theme's plot colours (re-read on every draw). */
export const theme = vscodeTheme;

export { withAlpha };

export interface AxisSpec {
  title: string;
  log?: boolean;
  range?: [number, number];
  side?: 'left' | 'right';
  overlaying?: string;
  /** d3 format for the tick labels, e.g. '~s' (2k, 4k: step counts). */
  tickformat?: string;
}

export function baseLayout(t: Theme, title: string, x: AxisSpec, y: AxisSpec, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const axis = (a: AxisSpec) => ({
    title: { text: a.title }, type: a.log ? 'log' : 'linear', ...(a.range ? { range: a.range } : {}), ...(a.side ? { side: a.side } : {}), ...(a.overlaying ? { overlaying: a.overlaying } : {}), ...(a.tickformat ? { tickformat: a.tickformat } : {}),
    gridcolor: t.grid, zerolinecolor: t.grid, linecolor: t.fg, tickcolor: t.fg, color: t.fg, exponentformat: 'power',
  });
  return {
    title: { text: title, font: { size: 13 } },
    paper_bgcolor: t.publication ? '#ffffff' : 'rgba(0,0,0,0)',
    plot_bgcolor: t.publication ? '#ffffff' : 'rgba(0,0,0,0)',
    font: { color: t.fg, family: t.font, size: 11 },
    xaxis: axis(x), yaxis: axis(y),
    margin: { l: 62, r: 14, t: 36, b: 64 },
    legend: { orientation: 'h', x: 0, y: -0.26, yanchor: 'top', font: { size: 10 } },
    hovermode: 'closest',
    ...extra,
  };
}

export { PLOT_CONFIG };

/** A figure is drawn from a builder so it can be redrawn for the theme or a light publication export. */
/** `forExport`: the figure goes into an image (opaque background, title inside). */
export type FigureBuilder = (t: Theme, forExport?: boolean) => { data: unknown[]; layout: Record<string, unknown> } | undefined;
const figures = new Map<string, FigureBuilder>();

/** Figures asked for before the stylesheet applied or while the page was hidden (a restored
 * webview draws from its saved state at once; plotly then has no size and falls back to default
 * axis ranges): drawn on load / when the page becomes visible. */
const deferred = new Set<string>();

/** Called after each (re)draw of a figure, e.g. to attach plotly click handlers. */
const drawn = new Map<string, (el: HTMLElement) => void>();

let firstDrawn = false;
/** Tell the host how long after the page started loading something happened (its log and the e2e timings). */
function timing(event: string): void {
  post({ type: 'log', level: 'info', message: `timing: ${event} ${Math.round(performance.now())} ms after the page started loading` });
}

export function draw(id: string, build: FigureBuilder, onDrawn?: (el: HTMLElement) => void): void {
  figures.set(id, build);
  if (onDrawn) drawn.set(id, onDrawn);
  const el = document.getElementById(id);
  const P = plotly();
  if (!el || !P) return;
  if (document.hidden || document.readyState !== 'complete' || el.clientWidth === 0 || el.clientHeight === 0) {
    deferred.add(id);
    return;
  }
  deferred.delete(id);
  const fig = build(theme());
  if (!fig) return;
  // newPlot, not react: react keeps calc results for unchanged array references, and a restored
  // figure then ended up with default axis ranges. These figures are small; a full draw is cheap.
  void P.newPlot(el, fig.data, fig.layout, PLOT_CONFIG).then(() => {
    if (!firstDrawn) {
      firstDrawn = true;
      timing(`first figure '${id}' drawn`);
    }
    drawn.get(id)?.(el);
  });
}

function drawDeferred(): void {
  for (const id of [...deferred]) {
    const b = figures.get(id);
    if (b) draw(id, b);
  }
}
document.addEventListener('visibilitychange', () => { if (!document.hidden) drawDeferred(); });
window.addEventListener('resize', () => drawDeferred());
window.addEventListener('load', () => drawDeferred());

export function redrawAll(): void {
  for (const [id, b] of figures) draw(id, b);
}

new MutationObserver(() => redrawAll()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// ------------------------------------------------------------------ exports

let exportId = 1;
const exportWaiters = new Map<number, (ok: boolean, message: string) => void>();

export async function exportPlot(id: string, format: 'png' | 'svg', publication: boolean, name: string): Promise<void> {
  const build = figures.get(id);
  const P = plotly();
  const el = document.getElementById(id);
  if (!build || !P || !el) return;
  const fig = build(publication ? PUBLICATION : theme(), true);
  if (!fig) return;
  // Publication figures are sized for a paper column (vector SVG or 2x PNG); others as on screen.
  const width = publication ? 520 : el.clientWidth || 800, height = publication ? 380 : el.clientHeight || 400;
  const payload = await P.toImage({ data: fig.data, layout: { ...fig.layout, width, height } }, { format, width, height, scale: format === 'png' ? (publication ? 3 : 2) : 1 });
  const eid = exportId++;
  post({ type: 'export', id: eid, name: `${name}${publication ? '.publication' : ''}.${format}`, payload });
  await new Promise<void>((res) => exportWaiters.set(eid, (ok, message) => { status(message, !ok); res(); }));
}

export function exportText(name: string, text: string): void {
  post({ type: 'export', id: exportId++, name, payload: text });
}

export function plotCard(id: string, exportName: string, extraClass = '', head = '', tools = '', foot = ''): string {
  return `<div class="card plot-card ${extraClass}">${head}<div class="plot" id="${esc(id)}"></div>
  <div class="plot-tools">${tools}export:
    <button class="kit-btn secondary" data-export="png" data-plot="${esc(id)}" data-name="${esc(exportName)}">PNG</button>
    <button class="kit-btn secondary" data-export="svg" data-plot="${esc(id)}" data-name="${esc(exportName)}">SVG</button>
    <button class="kit-btn secondary" data-export="pub-png" data-plot="${esc(id)}" data-name="${esc(exportName)}" title="Light, sized for a paper column">Publication PNG</button>
    <button class="kit-btn secondary" data-export="pub-svg" data-plot="${esc(id)}" data-name="${esc(exportName)}" title="Light, vector, sized for a paper column">Publication SVG</button>
  </div>${foot}</div>`;
}

document.addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest('[data-export]') as HTMLElement | null;
  if (!b) return;
  const f = b.dataset.export!;
  void exportPlot(b.dataset.plot!, f.endsWith('svg') ? 'svg' : 'png', f.startsWith('pub'), b.dataset.name ?? 'plot');
});

// ------------------------------------------------------------------ status, busy, progress

export function status(message: string, error = false): void {
  const el = document.getElementById('kit-status');
  if (!el) return;
  el.textContent = message;
  el.classList.toggle('failed', error);
}

/** Busy rows with a progress bar and a cancel button, one per job name. */
function busyRow(job: string): HTMLElement | null {
  return document.querySelector(`.kit-busy[data-job="${job}"]`);
}

function setBusy(job: string, busy: boolean, message?: string): void {
  const host = document.getElementById('kit-jobs');
  if (!host) return;
  let row = busyRow(job);
  if (!busy) {
    row?.remove();
    if (message) status(`${job}: ${message}`);
    return;
  }
  if (!row) {
    row = document.createElement('div');
    row.className = 'kit-busy';
    row.dataset.job = job;
    row.innerHTML = `<span class="kit-msg"></span> <progress max="1000" value="0"></progress> <span class="kit-pct"></span> <button class="kit-btn secondary" data-cancel="${esc(job)}">Cancel</button>`;
    host.appendChild(row);
  }
  row.querySelector('.kit-msg')!.textContent = `⟳ ${message ?? job}`;
}

function setProgress(job: string, done: number, total: number): void {
  const row = busyRow(job);
  if (!row) return;
  const bar = row.querySelector('progress') as HTMLProgressElement;
  const frac = total > 0 ? done / total : 0;
  bar.value = Math.round(1000 * frac);
  row.querySelector('.kit-pct')!.textContent = `${Math.round(100 * frac)} %`;
}

document.addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest('[data-cancel]') as HTMLElement | null;
  if (b) post({ type: 'cancel', job: b.dataset.cancel! });
});

// ------------------------------------------------------------------ wiring

export function start(handlers: Record<string, (value: unknown) => void>, onError?: (job: string | undefined, message: string) => void): void {
  injectStyle();
  window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
    const m = ev.data;
    switch (m?.type) {
      case 'data':
        handlers[m.key]?.(m.value);
        return;
      case 'busy':
        setBusy(m.job, m.busy, m.message);
        return;
      case 'progress':
        setProgress(m.job, m.done, m.total);
        return;
      case 'error':
        status(`${m.job ? `${m.job}: ` : ''}${m.message}`, true);
        onError?.(m.job, m.message);
        return;
      case 'exportDone': {
        const w = exportWaiters.get(m.id);
        exportWaiters.delete(m.id);
        if (w) w(m.ok, m.message);
        else status(m.message, !m.ok);
        return;
      }
    }
  });
  window.addEventListener('resize', () => {
    const P = plotly();
    if (P) for (const id of figures.keys()) { const el = document.getElementById(id); if (el) P.Plots.resize(el); }
  });
  post({ type: 'ready', state: api.getState() ?? undefined });
  const plotlyLoaded = performance.getEntriesByType('resource').find((r) => r.name.includes('plotly'));
  const doc = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  timing(`ready (page document in by ${Math.round(doc?.responseEnd ?? -1)} ms, scripts requested at ${Math.round(plotlyLoaded?.startTime ?? -1)} ms, plotly fetched by ${Math.round((plotlyLoaded as PerformanceResourceTiming | undefined)?.responseEnd ?? -1)} ms);`);
}

function injectStyle(): void {
  const s = document.createElement('style');
  s.textContent = `
.kit-btn { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: 1px solid var(--vscode-button-border, transparent); padding: 3px 10px; border-radius: 2px; cursor: pointer; font: inherit; }
.kit-btn:hover { background: var(--vscode-button-hoverBackground); }
.kit-btn.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
.kit-btn:focus-visible, .kit-in:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
body.vscode-high-contrast .kit-btn, body.vscode-high-contrast-light .kit-btn { border-color: var(--vscode-contrastBorder); }
.kit-in { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 4px; font: inherit; width: 7em; }
.kit-form { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; }
.kit-form label { display: flex; flex-direction: column; gap: 2px; font-size: 0.9em; color: var(--vscode-descriptionForeground); }
.kit-busy { display: flex; gap: 8px; align-items: center; margin: 4px 0; }
.kit-busy progress { width: 200px; }
#kit-status.failed { color: var(--vscode-errorForeground); }
.kit-row { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 10px; }
.kit-kv td, .kit-kv th { padding: 2px 8px; }
.plot.tall { height: 460px; }
`;
  document.head.appendChild(s);
}
