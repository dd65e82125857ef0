// Webview plumbing shared by the results panel and the custom editor: HTML with a strict CSP,
// the ready → show handshake, state restore, and exports through the host's save dialog.
import * as vscode from 'vscode';
import { reportToMarkdown } from '../core/report/markdown';
import type { ExportFormat, FromWebview, PanelData, ToWebview } from '../protocol';
import { isFromWebview } from '../protocol';
import { decodeExportPayload, exportFileName, pointsCsv } from './exportFiles';
import { makeNonce, webviewHtml } from './logic';

export const RESULTS_VIEW_TYPE = 'scalingLaws.results';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri, kind: PanelData['kind'], title: string): string {
  const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  return webviewHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scripts: [uri('dist', 'plotly.min.js'), uri('dist', 'webview.js')],
    styles: [uri('media', 'webview.css')],
    kind,
    title,
  });
}

export interface PanelHooks {
  onRefit?: (mapping: Record<string, string>) => void;
  log: (line: string) => void;
}

/** One webview (panel or custom editor) speaking the protocol. */
export class PanelHost implements vscode.Disposable {
  private ready = false;
  private queue: ToWebview[] = [];
  private disposables: vscode.Disposable[] = [];

  constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, public data: PanelData, private readonly hooks: PanelHooks) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = renderHtml(panel.webview, extensionUri, data.kind, data.title);
    this.disposables.push(panel.webview.onDidReceiveMessage((m: unknown) => {
      if (isFromWebview(m)) void this.onMessage(m);
    }));
  }

  post(m: ToWebview): void {
    if (!this.ready) {
      if (m.type === 'show') this.queue = this.queue.filter((q) => q.type !== 'show');
      this.queue.push(m);
      return;
    }
    void this.panel.webview.postMessage(m);
  }

  show(data: PanelData): void {
    this.data = data;
    this.panel.title = data.title;
    this.post({ type: 'show', data });
  }

  status(state: 'idle' | 'fitting' | 'failed', message?: string, progress?: { phase: string; done: number; total: number }): void {
    this.data = { ...this.data, status: { state, message } };
    this.post({ type: 'status', state, message, progress });
  }

  private async onMessage(m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'ready': {
        // A restored webview sends back what it showed; the host adopts it unless it has newer data.
        if (m.restored && !this.data.result && m.restored.result) this.data = { ...m.restored, status: { state: 'idle' } };
        this.ready = true;
        void this.panel.webview.postMessage({ type: 'show', data: this.data } satisfies ToWebview);
        for (const q of this.queue.filter((q) => q.type !== 'show')) void this.panel.webview.postMessage(q);
        this.queue = [];
        return;
      }
      case 'export':
        return this.export(m.id, m.format, m.payload);
      case 'refit':
        this.hooks.onRefit?.(m.mapping);
        return;
      case 'log':
        this.hooks.log(`[webview] ${m.level}: ${m.message}`);
        return;
    }
  }

  private async export(id: number, format: ExportFormat, payload?: string): Promise<void> {
    const reply = (ok: boolean, message: string) => this.post({ type: 'exportDone', id, ok, message });
    const report = this.data.result?.report;
    try {
      let bytes: Uint8Array;
      if (format === 'csv' || format === 'json' || format === 'md') {
        if (!report) throw new Error('no fit to export yet');
        const text = format === 'csv' ? pointsCsv(report) : format === 'json' ? JSON.stringify(report, null, 2) + '\n' : reportToMarkdown(report);
        bytes = new TextEncoder().encode(text);
      } else {
        if (!payload) throw new Error('the webview sent no image');
        bytes = decodeExportPayload(payload);
      }
      const name = exportFileName(this.data.file, format);
      const ext = name.slice(name.lastIndexOf('.') + 1);
      let target: vscode.Uri | undefined;
      const testDir = process.env.SCALING_LAWS_EXPORT_DIR; // e2e hook: no native dialog to drive
      if (testDir) target = vscode.Uri.file(`${testDir}/${name}`);
      else {
        const base = this.data.file ? vscode.Uri.joinPath(vscode.Uri.file(this.data.file), '..', name) : vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, name) : undefined;
        target = await vscode.window.showSaveDialog({ defaultUri: base, filters: { [ext.toUpperCase()]: [ext] }, saveLabel: `Export ${format.toUpperCase()}` });
      }
      if (!target) return reply(false, 'export cancelled');
      if (this.data.file && target.fsPath === this.data.file) throw new Error('refusing to overwrite the input log (input files are never modified)');
      await vscode.workspace.fs.writeFile(target, bytes);
      this.hooks.log(`exported ${format} to ${target.fsPath} (${bytes.length} bytes)`);
      reply(true, `Saved ${target.fsPath}`);
    } catch (e) {
      reply(false, `Export failed: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(`Scaling Laws: export failed: ${(e as Error).message}`);
    }
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
