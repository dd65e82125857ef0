// The one webview host: every panel (results, Viewer, planning, curves, phases, transfer) is a
// small definition (view type, script, action checks, handlers) and this class owns the rest:
// the page with its CSP and nonce, resource roots limited to dist/ and media/, the ready
// handshake with a queue, restore, validation of every message, exports through the save dialog
// written atomically and never over an input file, and job status messages.
import * as vscode from 'vscode';
import { InputError } from '../../core/errors';
import { writeFileSafely } from '../../node/safeWrite';
import { validateFromWebview, type ArgsCheck, type FromWebview, type ToWebview } from '../../protocol/webview';
import { decodeExportPayload, safeFileName } from './exports';
import { appendMeasurement } from './measurements';
import { makeNonce, webviewHtml } from './html';

export interface PanelDefinition {
  viewType: string;
  /** The webview bundle in dist/ (e.g. 'results.js'); plotly is loaded before it. */
  script: string;
  /** body[data-panel]. */
  panel: string;
  actions: Record<string, ArgsCheck>;
  /** The webview is ready; `state` is what it saved (unvalidated: the handler checks it). */
  onReady(host: PanelHost, state: unknown): void;
  onAction(host: PanelHost, action: string, args: Record<string, unknown>): void | Promise<void>;
  onCancel?(host: PanelHost, job: string): void;
  onDispose?(host: PanelHost): void;
  /** Folder the save dialog opens in. */
  exportBase?(): vscode.Uri | undefined;
  /** Files an export must never overwrite (the panel's inputs). */
  inputs?(): string[];
  log(line: string): void;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class PanelHost implements vscode.Disposable {
  private ready = false;
  /** When the panel was created, for the timings its page reports (ready, first figure). */
  private readonly openedAt = Date.now();
  private queue: ToWebview[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  disposed = false;

  constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly def: PanelDefinition) {
    panel.webview.options = webviewOptions(extensionUri);
    const uri = (...p: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
    panel.webview.html = webviewHtml({
      cspSource: panel.webview.cspSource, nonce: makeNonce(),
      scripts: [uri('dist', 'plotly.min.js'), uri('dist', def.script)], styles: [uri('media', 'webview.css')],
      panel: def.panel, title: panel.title,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Open a new panel of this kind beside the editor. */
  static create(extensionUri: vscode.Uri, def: PanelDefinition, title: string, column = vscode.ViewColumn.Beside): PanelHost {
    const panel = vscode.window.createWebviewPanel(def.viewType, title, { viewColumn: column, preserveFocus: true }, { ...webviewOptions(extensionUri), retainContextWhenHidden: false });
    return new PanelHost(panel, extensionUri, def);
  }

  post(m: ToWebview): void {
    if (this.disposed) return;
    if (!this.ready) {
      if (m.type === 'data') this.queue = this.queue.filter((q) => !(q.type === 'data' && q.key === m.key));
      this.queue.push(m);
      return;
    }
    void this.panel.webview.postMessage(m);
  }

  data(key: string, value: unknown): void {
    this.post({ type: 'data', key, value });
  }

  error(message: string, job?: string): void {
    this.post({ type: 'error', job, message });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const problem = validateFromWebview(raw, this.def.actions);
    if (problem) {
      this.def.log(`[${this.def.panel}] refused a message from the webview: ${problem}`);
      return;
    }
    const m = raw as FromWebview;
    try {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          for (const q of this.queue) void this.panel.webview.postMessage(q);
          this.queue = [];
          this.def.onReady(this, m.state);
          return;
        case 'action':
          await this.def.onAction(this, m.action, m.args ?? {});
          return;
        case 'cancel':
          this.def.onCancel?.(this, m.job);
          return;
        case 'export':
          return await this.saveExport(m.id, m.name, decodeExportPayload(m.payload));
        case 'log':
          if (m.message.startsWith('timing: ')) {
            const hostMs = Date.now() - this.openedAt;
            this.def.log(`[${this.def.panel}] ${m.message} (${hostMs} ms after the panel was opened)`);
            appendMeasurement('panel-timings.jsonl', { panel: this.def.panel, title: this.panel.title, event: m.message.slice(8), hostMs });
            return;
          }
          this.def.log(`[${this.def.panel}] ${m.level}: ${m.message}`);
          return;
      }
    } catch (e) {
      this.error((e as Error).message);
    }
  }

  /** Ask where to save, then write atomically; never over one of the panel's input files. */
  async saveExport(id: number, name: string, bytes: Uint8Array): Promise<void> {
    const reply = (ok: boolean, message: string) => this.post({ type: 'exportDone', id, ok, message });
    try {
      const safe = safeFileName(name);
      const ext = safe.includes('.') ? safe.slice(safe.lastIndexOf('.') + 1) : 'txt';
      let target: vscode.Uri | undefined;
      const testDir = process.env.SCALING_LAWS_EXPORT_DIR; // e2e hook: no native dialog to drive
      if (testDir) target = vscode.Uri.file(`${testDir}/${safe}`);
      else {
        const base = this.def.exportBase?.() ?? vscode.workspace.workspaceFolders?.[0]?.uri;
        target = await vscode.window.showSaveDialog({ defaultUri: base ? vscode.Uri.joinPath(base, safe) : undefined, filters: { [ext.toUpperCase()]: [ext] }, saveLabel: `Export ${ext.toUpperCase()}` });
      }
      if (!target) return reply(false, 'export cancelled');
      if (target.scheme === 'file') writeFileSafely(target.fsPath, bytes, this.def.inputs?.() ?? []);
      else await vscode.workspace.fs.writeFile(target, bytes);
      this.def.log(`exported ${target.fsPath} (${bytes.length} bytes)`);
      reply(true, `Saved ${target.fsPath}`);
    } catch (e) {
      const message = e instanceof InputError ? e.message : `Export failed: ${(e as Error).message}`;
      reply(false, message);
      void vscode.window.showErrorMessage(`Scaling Laws: ${message}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.def.onDispose?.(this);
    this.disposables.forEach((d) => d.dispose());
  }
}

/** A job's lifecycle as panel messages: busy with a message, progress, then done or an error. */
export function runForPanel<T>(host: PanelHost, job: string, start: (onProgress: (done: number, total: number) => void) => { promise: Promise<T> }, message: string, done: (v: T) => void): Promise<void> {
  host.post({ type: 'busy', job, busy: true, message });
  const h = start((d, t) => host.post({ type: 'progress', job, done: d, total: t, message }));
  return h.promise.then(
    (v) => {
      host.post({ type: 'busy', job, busy: false });
      done(v);
    },
    (e: Error & { cancelled?: boolean }) => {
      host.post({ type: 'busy', job, busy: false, message: e.cancelled ? 'cancelled' : undefined });
      if (!e.cancelled) host.error(e.message, job);
    },
  );
}
