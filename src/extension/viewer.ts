// "Scaling Law Viewer": a read-only custom editor for log files (opt-in via Open With…). It shows
// the run table, role controls, the fit and its plots, and refits (debounced) when the file
// changes on disk or is saved from an editor, so a log growing during training updates live.
import * as vscode from 'vscode';
import type { PanelData } from '../protocol';
import type { FitService } from './fitService';
import { PanelHost } from './panels';

export const VIEWER_VIEW_TYPE = 'scalingLaws.viewer';

class LogDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

export class ViewerProvider implements vscode.CustomReadonlyEditorProvider<LogDocument> {
  constructor(private readonly context: vscode.ExtensionContext, private readonly fits: FitService) {}

  openCustomDocument(uri: vscode.Uri): LogDocument {
    return new LogDocument(uri);
  }

  resolveCustomEditor(document: LogDocument, panel: vscode.WebviewPanel): void {
    const file = document.uri.fsPath;
    const name = file.split(/[\\/]/).pop() ?? file;
    const mappingKey = `mapping:${file}`;
    let mapping = this.context.workspaceState.get<Record<string, string>>(mappingKey) ?? {};
    let generation = 0;
    let running: { id: number } | undefined;
    const data: PanelData = { kind: 'viewer', title: `${name} (Scaling Law Viewer)`, file, mapping, status: { state: 'fitting' } };
    const host = new PanelHost(panel, this.context.extensionUri, data, {
      log: (l) => this.fits.log(l),
      onRefit: (m) => {
        mapping = m;
        void this.context.workspaceState.update(mappingKey, m);
        schedule(0);
      },
    });

    const refit = async () => {
      const gen = ++generation;
      if (running) this.fits.worker.cancel(running.id);
      host.status('fitting', 'reading the log');
      try {
        const table = await this.fits.worker.inspect(file, 200);
        if (gen !== generation) return;
        host.show({ ...host.data, table, mapping });
        const job = this.fits.startFit(file, mapping, (p) => host.status('fitting', `${p.phase} ${p.done}/${p.total}`, p));
        running = job;
        const result = await job.promise;
        if (gen !== generation) return;
        host.show({ ...host.data, table: result.table, result, mapping, status: { state: 'idle', message: `fitted ${result.report.n} points in ${(result.elapsedMs / 1000).toFixed(1)} s` } });
        this.fits.setActive(result, file);
      } catch (e) {
        if (gen !== generation) return;
        const err = e as Error & { cancelled?: boolean };
        if (!err.cancelled) host.status('failed', err.message);
      } finally {
        if (gen === generation) running = undefined;
      }
    };

    let timer: NodeJS.Timeout | undefined;
    const schedule = (ms = 750) => {
      clearTimeout(timer);
      timer = setTimeout(() => void refit(), ms);
    };

    const dir = vscode.Uri.joinPath(document.uri, '..');
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, name));
    const subs: vscode.Disposable[] = [
      watcher,
      watcher.onDidChange(() => schedule()),
      watcher.onDidCreate(() => schedule()),
      vscode.workspace.onDidSaveTextDocument((d) => { if (d.uri.fsPath === file) schedule(); }),
      host,
    ];
    panel.onDidDispose(() => {
      clearTimeout(timer);
      generation++;
      if (running) this.fits.worker.cancel(running.id);
      subs.forEach((s) => s.dispose());
    });
    schedule(0);
  }
}
