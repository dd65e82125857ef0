// Messages between the host and the curve / phases / transfer webviews, and their HTML. One
// small envelope for all three (each panel's `data` and `action` payloads are its own types).
// Kept out of src/protocol.ts (the results panel's protocol) so these panels can change alone.
// No 'vscode', no DOM: imported by the host, the webviews (types) and the unit tests.
import { webviewHtml } from '../logic';

export type KitFromWebview =
  /** sent once listeners are attached; `state` is what the webview saved with setState (restore) */
  | { type: 'ready'; state?: unknown }
  | { type: 'action'; action: string; args?: Record<string, unknown> }
  | { type: 'cancel'; job: string }
  /** payload: a data: URL (png/svg from Plotly.toImage) or plain text (csv/json) */
  | { type: 'export'; id: number; name: string; payload: string }
  | { type: 'log'; level: 'info' | 'error'; message: string };

export type KitToWebview =
  | { type: 'data'; key: string; value: unknown }
  | { type: 'progress'; job: string; done: number; total: number; message?: string }
  | { type: 'busy'; job: string; busy: boolean; message?: string }
  | { type: 'error'; job?: string; message: string }
  | { type: 'exportDone'; id: number; ok: boolean; message: string };

export function isKitMessage(m: unknown): m is KitFromWebview {
  if (!m || typeof m !== 'object') return false;
  const t = (m as { type?: unknown }).type;
  return t === 'ready' || t === 'action' || t === 'cancel' || t === 'export' || t === 'log';
}

/** The page of a kit panel: the shared webview page with body[data-panel]. */
export function kitHtml(p: { cspSource: string; nonce: string; scripts: string[]; styles: string[]; panel: string; title: string }): string {
  return webviewHtml({ ...p, body: { 'data-panel': p.panel } });
}

/** Text of the watch status bar item: "est. final loss 2.71 ± 0.02 at step 72k". */
export function estimateText(e: { estimate: number; lower: number; upper: number; step: number }): string {
  const half = (e.upper - e.lower) / 2;
  const digits = Number.isFinite(half) && half > 0 ? Math.min(6, Math.max(2, -Math.floor(Math.log10(half)))) : 3;
  const pm = Number.isFinite(half) ? ` ± ${half.toFixed(digits)}` : '';
  return `est. final loss ${e.estimate.toFixed(digits)}${pm} at step ${shortStep(e.step)}`;
}

/** 72000 → 72k, 1500000 → 1.5M, 950 → 950 (the step count the user logs, not rounded up). */
export function shortStep(s: number): string {
  if (s >= 1e6) return `${+(s / 1e6).toPrecision(3)}M`;
  if (s >= 1e3) return `${+(s / 1e3).toPrecision(3)}k`;
  return String(Math.round(s));
}
