// The extension's fit state: the worker client, the per-file options (one source of truth for
// every fit of a file), the active fit, and the status bar item. Every fit runs as the worker's
// 'fit' task with the FitRequest built from the settings and the file's options.
import * as vscode from 'vscode';
import type { FigureSet } from '../../core/report/figures';
import type { FitReport } from '../../core/report/fitReport';
import type { FitRequest, InspectResult } from '../../protocol/tasks';
import { JobError, WorkerClient, type Progress, type TaskOutcome } from '../worker/workerClient';
import { FitHistory } from './history';
import { cliCommandFor, fitRequestFor, readSettings, type FileFitOptions, type FitSettings } from './requests';

/** The fit the palette, hovers, CodeLens, planning and the status bar answer from. */
export interface ActiveFit {
  file: string;
  report: FitReport;
  figures?: FigureSet;
  request?: FitRequest;
  elapsedMs: number;
}

export interface FitHooks {
  onProgress?: (p: Progress) => void;
  /** The point fit before its bootstrap, with its figures (the panel draws it at once). */
  onPartial?: (report: FitReport, figures?: FigureSet) => void;
}

export class FitService implements vscode.Disposable {
  readonly worker: WorkerClient;
  readonly output: vscode.OutputChannel;
  readonly statusBar: vscode.StatusBarItem;
  active?: ActiveFit;
  /** Every fit the extension made, per file (Compare with Previous Fit): scalingLaws.fit.historyFolder, else the extension's storage. */
  get history(): FitHistory {
    const folder = this.setting<string>('fit.historyFolder', '').trim();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (folder && root) return new FitHistory(vscode.Uri.joinPath(root, folder).fsPath);
    if (folder && /^([\\/]|[A-Za-z]:)/.test(folder)) return new FitHistory(folder);
    return new FitHistory(vscode.Uri.joinPath(this.context.globalStorageUri, 'fit-history').fsPath);
  }
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeActive = this.changed.event;
  private readonly optionsChanged = new vscode.EventEmitter<string>();
  /** Fires with the file whose fit options changed (so views of it refit). */
  readonly onDidChangeOptions = this.optionsChanged.event;

  constructor(private readonly context: vscode.ExtensionContext) {
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

  /** The options saved for a file (law, derived columns, filter, bootstrap, roles). */
  fileOptions(file: string): FileFitOptions {
    const saved = this.context.workspaceState.get<FileFitOptions>(`fitOptions:${file}`) ?? {};
    // Roles picked before options had a mapping field were kept under their own key.
    const legacy = this.context.workspaceState.get<Record<string, string>>(`mapping:${file}`);
    return legacy && !saved.mapping ? { ...saved, mapping: legacy } : saved;
  }

  async setFileOptions(file: string, options: FileFitOptions): Promise<void> {
    const clean = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length) && !(typeof v === 'object' && !Array.isArray(v) && !Object.keys(v as object).length)));
    await this.context.workspaceState.update(`fitOptions:${file}`, Object.keys(clean).length ? clean : undefined);
    await this.context.workspaceState.update(`mapping:${file}`, undefined);
    this.optionsChanged.fire(file);
  }

  /** Leave these table rows out of every later fit of `file` (added to those already out), or put all back with `undefined`. */
  async excludeRows(file: string, rows: number[] | undefined): Promise<void> {
    const o = this.fileOptions(file);
    const kept = new Set(rows === undefined ? [] : [...(o.exclude?.rows ?? []), ...rows]);
    const exclude = rows === undefined ? undefined : { ...o.exclude, rows: [...kept].sort((a, b) => a - b) };
    await this.setFileOptions(file, { ...o, exclude: exclude && (exclude.rows.length || exclude.runs?.length) ? exclude : undefined });
  }

  /** Earlier recorded fits of `file` (newest first, without the latest), for the results panel's history card. */
  earlierFits(file: string, max = 5): { time: number; law: string; n: number }[] {
    return this.history.list(file).slice(1, 1 + max).map(({ time, law, n }) => ({ time, law, n }));
  }

  /** The request every fit of `file` uses; `overrides` for one-off variations (Compare Laws). */
  requestFor(file: string, overrides: Partial<FitRequest> = {}): FitRequest {
    return fitRequestFor(file, this.settings(), this.fileOptions(file), overrides);
  }

  cliCommand(file: string): string {
    return cliCommandFor(this.requestFor(file));
  }

  inspect(file: string, rows = 200): Promise<InspectResult> {
    return this.worker.run('inspect', { file, rows }).promise.then((o) => o.value);
  }

  startFit(file: string, hooks: FitHooks = {}, overrides: Partial<FitRequest> = {}): { id: number; promise: Promise<TaskOutcome<FitReport>>; request: FitRequest } {
    const request = this.requestFor(file, overrides);
    this.log(`fit ${cliCommandFor(request)}`);
    const name = file.split(/[\\/]/).pop();
    this.statusBar.text = `$(sync~spin) Fitting ${name}`;
    this.statusBar.tooltip = 'A scaling-law fit is running in the background worker';
    this.statusBar.show();
    const budgetMs = this.setting<number>('worker.jobBudgetSeconds', 300) * 1000;
    let job: { id: number; promise: Promise<TaskOutcome<FitReport>> };
    const promise = new Promise<TaskOutcome<FitReport>>((resolve, reject) => {
      job = this.worker.run('fit', request, {
        figures: { flopsPerParamToken: request.flopsPerParamToken ?? 6 },
        onProgress: (p) => {
          this.statusBar.text = `$(sync~spin) ${name}: ${p.phase} ${p.total > 1 ? Math.round((100 * p.done) / p.total) + '%' : ''}`;
          hooks.onProgress?.(p);
        },
        onPartial: (value, figures) => hooks.onPartial?.(value as FitReport, figures),
        budgetMs,
        onOverBudget: () => {
          void vscode.window.showWarningMessage(`Scaling Laws: the fit of ${name} has run for more than ${Math.round(budgetMs / 1000)} s.`, 'Cancel Fit', 'Keep Going').then((c) => {
            if (c === 'Cancel Fit') this.worker.cancel(job.id);
          });
        },
      });
      job.promise.then(resolve, reject);
    });
    const done = promise.then(
      (r) => {
        this.log(`fit done in ${r.elapsedMs} ms: ${JSON.stringify(r.value.params)}`);
        this.refreshStatus();
        return r;
      },
      (e: JobError) => {
        this.log(`fit failed: ${e.message}`);
        this.refreshStatus();
        throw e;
      },
    );
    return { id: job!.id, promise: done, request };
  }

  setActive(fit: ActiveFit): void {
    this.active = fit;
    // Fits the extension made (not reports opened from disk) go into the file's history.
    if (fit.request) {
      try {
        this.history.record(fit.file, fit.report);
      } catch (e) {
        this.log(`fit history: not recorded (${(e as Error).message})`);
      }
    }
    this.refreshStatus();
    this.changed.fire();
  }

  refreshStatus(): void {
    if (!this.active) {
      this.statusBar.hide();
      return;
    }
    const r = this.active.report;
    const name = this.active.file.split(/[\\/]/).pop();
    this.statusBar.text = `$(graph-line) ${r.law}: ${name}`;
    this.statusBar.tooltip = `Active scaling-law fit (${r.n} points, RMSE ${r.comparison?.rmse?.toPrecision(3) ?? '–'}). Click to open.`;
    this.statusBar.show();
  }

  dispose(): void {
    this.worker.dispose();
    this.statusBar.dispose();
    this.output.dispose();
    this.changed.dispose();
    this.optionsChanged.dispose();
  }
}
