// VS Code side shared by the curve, phases and transfer panels: the webview page (strict CSP,
// resources only from dist/ and media/), the ready handshake with a queue, restore through a
// serializer, exports through the save dialog, and the shared compute threads.
import * as vscode from 'vscode';
import { decodeExportPayload } from '../exportFiles';
import { makeNonce } from '../logic';
import { ComputeClient } from './computeClient';
import { isKitMessage, kitHtml, type KitFromWebview, type KitToWebview } from './kitProtocol';

let compute: ComputeClient | undefined;

/** The panels' compute threads (dist/panelThread.js), created on first use, disposed with the extension. */
export function sharedCompute(context: vscode.ExtensionContext, log: (l: string) => void): ComputeClient {
  if (!compute) {
    const c = (compute = new ComputeClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'panelThread.js').fsPath, { log }));
    context.subscriptions.push({ dispose: () => { c.dispose(); if (compute === c) compute = undefined; } });
  }
  return compute;
}

export function kitWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export interface KitHandlers {
  /** The webview is ready (state = what it saved, for restore). */
  onReady(state: unknown): void;
  onAction(action: string, args: Record<string, unknown>): void | Promise<void>;
  onCancel?(job: string): void;
  log(line: string): void;
  /** default folder for exports */
  exportBase?(): vscode.Uri | undefined;
}

/** One kit webview panel. */
export class KitPanel implements vscode.Disposable {
  private ready = false;
  private queue: KitToWebview[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  disposed = false;

  constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, bundle: string, private readonly handlers: KitHandlers) {
    panel.webview.options = kitWebviewOptions(extensionUri);
    const uri = (...p: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
    panel.webview.html = kitHtml({
      cspSource: panel.webview.cspSource, nonce: makeNonce(),
      scripts: [uri('dist', 'plotly.min.js'), uri('dist', bundle)], styles: [uri('media', 'webview.css')],
      panel: bundle.replace(/\.js$/, ''), title: panel.title,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isKitMessage(m)) void this.onMessage(m);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  post(m: KitToWebview): void {
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

  private async onMessage(m: KitFromWebview): Promise<void> {
    try {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          for (const q of this.queue) void this.panel.webview.postMessage(q);
          this.queue = [];
          this.handlers.onReady(m.state);
          return;
        case 'action':
          await this.handlers.onAction(m.action, m.args ?? {});
          return;
        case 'cancel':
          this.handlers.onCancel?.(m.job);
          return;
        case 'export':
          return await this.export(m.id, m.name, m.payload);
        case 'log':
          this.handlers.log(`[${this.panel.viewType}] ${m.level}: ${m.message}`);
          return;
      }
    } catch (e) {
      this.post({ type: 'error', message: (e as Error).message });
    }
  }

  private async export(id: number, name: string, payload: string): Promise<void> {
    const reply = (ok: boolean, message: string) => this.post({ type: 'exportDone', id, ok, message });
    try {
      const safe = name.replace(/[\\/:*?"<>|]/g, '_') || 'export';
      const bytes = decodeExportPayload(payload);
      const ext = safe.slice(safe.lastIndexOf('.') + 1);
      let target: vscode.Uri | undefined;
      const testDir = process.env.SCALING_LAWS_EXPORT_DIR; // e2e hook: no native dialog to drive
      if (testDir) target = vscode.Uri.file(`${testDir}/${safe}`);
      else {
        const base = this.handlers.exportBase?.() ?? vscode.workspace.workspaceFolders?.[0]?.uri;
        target = await vscode.window.showSaveDialog({ defaultUri: base ? vscode.Uri.joinPath(base, safe) : undefined, filters: { [ext.toUpperCase()]: [ext] }, saveLabel: `Export ${ext.toUpperCase()}` });
      }
      if (!target) return reply(false, 'export cancelled');
      await vscode.workspace.fs.writeFile(target, bytes);
      this.handlers.log(`exported ${target.fsPath} (${bytes.length} bytes)`);
      reply(true, `Saved ${target.fsPath}`);
    } catch (e) {
      reply(false, `Export failed: ${(e as Error).message}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposables.forEach((d) => d.dispose());
  }
}

/** Run a compute job for a panel: busy/progress/error messages to the webview, result to `done`. */
export function runForPanel<T>(panel: KitPanel, job: string, start: (onProgress: (d: number, t: number) => void) => { promise: Promise<T> }, message: string, done: (v: T) => void): Promise<void> {
  panel.post({ type: 'busy', job, busy: true, message });
  const h = start((d, t) => panel.post({ type: 'progress', job, done: d, total: t, message }));
  return h.promise.then(
    (v) => {
      panel.post({ type: 'busy', job, busy: false });
      done(v);
    },
    (e: Error & { cancelled?: boolean }) => {
      panel.post({ type: 'busy', job, busy: false, message: e.cancelled ? 'cancelled' : undefined });
      if (!e.cancelled) panel.post({ type: 'error', job, message: e.message });
    },
  );
}
