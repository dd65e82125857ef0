// The extension's fit state: the worker client, the active fit, the status bar item.
import * as vscode from 'vscode';
import type { FitResult } from '../protocol';
import { readSettings, settingsToFlags, type FitSettings } from './logic';
import { WorkerClient, type Progress } from './workerClient';

export class FitService implements vscode.Disposable {
  readonly worker: WorkerClient;
  readonly output: vscode.OutputChannel;
  readonly statusBar: vscode.StatusBarItem;
  active?: { result: FitResult; file: string };
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeActive = this.changed.event;

  constructor(context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Scaling Laws');
    const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath;
    this.worker = new WorkerClient(script, { log: (l) => this.log(l), hangMs: this.setting<number>('worker.hangTimeoutSeconds', 120) * 1000 });
    this.statusBar = vscode.window.createStatusBarItem('scalingLaws.activeFit', vscode.StatusBarAlignment.Left, 50);
    this.statusBar.name = 'Scaling Laws: active fit';
    this.statusBar.command = 'scalingLaws.showActiveFit';
  }

  setting<T>(key: string, fallback: T): T {
    return vscode.workspace.getConfiguration('scalingLaws').get<T>(key) ?? fallback;
  }

  settings(): FitSettings {
    const cfg = vscode.workspace.getConfiguration('scalingLaws');
    return readSettings((k) => cfg.get(k));
  }

  log(line: string): void {
    this.output.appendLine(`${new Date().toISOString().slice(11, 23)} ${line}`);
  }

  startFit(file: string, mapping: Record<string, string>, onProgress?: (p: Progress) => void, overrides: Record<string, unknown> = {}): { id: number; promise: Promise<FitResult> } {
    const s = this.settings();
    const flags = { ...settingsToFlags(s, mapping), ...overrides } as ReturnType<typeof settingsToFlags>;
    this.log(`fit ${file} ${JSON.stringify(flags)}`);
    const name = file.split(/[\\/]/).pop();
    this.statusBar.text = `$(sync~spin) Fitting ${name}`;
    this.statusBar.tooltip = 'A scaling-law fit is running in the background worker';
    this.statusBar.show();
    const job = this.worker.fit(file, flags, { flopsPerParamToken: s.flopsPerParamToken }, (p) => {
      this.statusBar.text = `$(sync~spin) ${name}: ${p.phase} ${p.total > 1 ? Math.round((100 * p.done) / p.total) + '%' : ''}`;
      onProgress?.(p);
    });
    const promise = job.promise.then(
      (r) => {
        this.log(`fit done in ${r.elapsedMs} ms: ${JSON.stringify(r.report.params)}`);
        this.refreshStatus();
        return r;
      },
      (e: Error) => {
        this.log(`fit failed: ${e.message}`);
        this.refreshStatus();
        throw e;
      },
    );
    return { id: job.id, promise };
  }

  setActive(result: FitResult, file: string): void {
    this.active = { result, file };
    this.refreshStatus();
    this.changed.fire();
  }

  refreshStatus(): void {
    if (!this.active) {
      this.statusBar.hide();
      return;
    }
    const r = this.active.result.report;
    const name = this.active.file.split(/[\\/]/).pop();
    this.statusBar.text = `$(graph-line) ${r.law}: ${name}`;
    this.statusBar.tooltip = `Active scaling-law fit (${r.n} points, RMSE ${r.comparison.rmse.toPrecision(3)}). Click to open.`;
    this.statusBar.show();
  }

  dispose(): void {
    this.worker.dispose();
    this.statusBar.dispose();
    this.output.dispose();
    this.changed.dispose();
  }
}
