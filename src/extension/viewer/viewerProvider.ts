// "Scaling Law Viewer": a read-only custom editor for log files (opt-in via Open With…). It shows
// the run table, role controls, the fit and its plots, and refits (debounced) when the file
// changes on disk or is saved from an editor, so a log growing during training updates live.
// Fits use the file's saved options (the same request as every other view of the file).
import * as vscode from 'vscode';
import { VIEWER_VIEW_TYPE } from '../../protocol/panels/results';
import { MAX_PREVIEW_ROWS } from '../../protocol/tasks';
import type { FitService } from '../fit/fitService';
import { ResultsPage } from '../fit/resultsPanel';

export { VIEWER_VIEW_TYPE };

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
    let generation = 0;
    let running: { id: number } | undefined;
    const page = new ResultsPage(panel, this.context.extensionUri, { kind: 'viewer', title: `${name} (Scaling Law Viewer)`, file }, {
      log: (l) => this.fits.log(l),
      onRefit: (mapping) => void this.fits.setFileOptions(file, { ...this.fits.fileOptions(file), mapping }),
      onExclude: (rows) => void this.fits.excludeRows(file, rows),
      onCopyCli: () => void vscode.env.clipboard.writeText(this.fits.cliCommand(file)).then(() => vscode.window.setStatusBarMessage('Scaling Laws: CLI command copied', 2000)),
    });

    const refit = async () => {
      const gen = ++generation;
      if (running) this.fits.worker.cancel(running.id);
      page.busy('fit', 'reading the log');
      try {
        const table = await this.fits.inspect(file, MAX_PREVIEW_ROWS);
        if (gen !== generation) return;
        page.setTable(table, this.fits.fileOptions(file).mapping ?? {});
        page.busy('fit', 'fitting');
        const job = this.fits.startFit(file, {
          onProgress: (p) => page.progress('fit', p.done, p.total, `${p.phase} ${p.done}/${p.total}`),
          // The point fit first; the bands follow with the final report.
          onPartial: (report, figures) => { if (gen === generation && figures) page.setFit({ report, figures, request: job.request, cli: this.fits.cliCommand(file), elapsedMs: 0, partial: true }); },
        });
        running = job;
        const r = await job.promise;
        if (gen !== generation) return;
        this.fits.setActive({ file, report: r.value, figures: r.figures, request: job.request, elapsedMs: r.elapsedMs });
        page.setFit({ report: r.value, figures: r.figures!, request: job.request, cli: this.fits.cliCommand(file), elapsedMs: r.elapsedMs, history: this.fits.earlierFits(file) });
        page.idle('fit', `fitted ${r.value.n} points in ${(r.elapsedMs / 1000).toFixed(1)} s`);
      } catch (e) {
        if (gen !== generation) return;
        const err = e as Error & { cancelled?: boolean };
        page.idle('fit', err.cancelled ? 'cancelled' : undefined);
        if (!err.cancelled) page.host.error(err.message, 'fit');
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
      this.fits.onDidChangeOptions((f) => { if (f === file) schedule(0); }),
      page.host,
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
