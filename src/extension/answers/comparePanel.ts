// The Compare Laws panel: the worker's 'compare' task (as `scaling-laws compare`) on the file's own
// request, shown as a ranked table with the overlaid figures; "Make active" saves the law with the
// file's options and refits. Page, CSP, restore and messages: the shared PanelHost.
import * as vscode from 'vscode';
import { COMPARE_ACTIONS, COMPARE_VIEW_TYPE, type CompareData } from '../../protocol/panels/compare';
import type { CompareResult } from '../../protocol/tasks';
import type { TaskOutcome } from '../worker/workerClient';
import { exportFileName } from '../host/exports';
import { PanelHost, runForPanel, type PanelDefinition } from '../host/panelHost';
import type { FitService } from '../fit/fitService';
import { comparisonMarkdown } from '../../core/report/comparison';

export class ComparePanel {
  static current?: ComparePanel;
  readonly host: PanelHost;
  private data?: CompareData;
  private running?: number;

  constructor(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, private readonly service: FitService, private file?: string, private laws: string[] = []) {
    const def: PanelDefinition = {
      viewType: COMPARE_VIEW_TYPE,
      script: 'compare.js',
      panel: 'compare',
      actions: COMPARE_ACTIONS,
      log: (l) => service.log(l),
      inputs: () => (this.file ? [this.file] : []),
      exportBase: () => (this.file ? vscode.Uri.joinPath(vscode.Uri.file(this.file), '..') : undefined),
      onReady: (host) => {
        if (this.data) host.data('comparison', this.data);
        else if (this.file && this.laws.length) void this.run();
        else host.data('message', 'Run "Scaling Laws: Compare Laws…" to fit several laws to a log and rank them.');
      },
      onAction: async (host, action, args) => {
        if (action === 'makeActive') {
          const law = String(args.law);
          if (!this.file || !this.data?.rows.some((r) => r.law === law)) throw new Error(`'${law}' is not one of the compared laws`);
          await service.setFileOptions(this.file, { ...service.fileOptions(this.file), law });
          this.data = { ...this.data, activeLaw: law };
          host.data('comparison', this.data);
          await vscode.commands.executeCommand('scalingLaws.fit', vscode.Uri.file(this.file));
        } else if (action === 'exportMarkdown') {
          if (!this.data) throw new Error('nothing to export yet');
          await host.saveExport(0, exportFileName(this.file, 'laws.md'), new TextEncoder().encode(comparisonMarkdown(this.data)));
        }
      },
      onCancel: () => {
        if (this.running !== undefined) service.worker.cancel(this.running);
      },
      onDispose: () => {
        if (this.running !== undefined) service.worker.cancel(this.running);
        if (ComparePanel.current === this) ComparePanel.current = undefined;
      },
    };
    this.host = new PanelHost(panel, context.extensionUri, def);
    ComparePanel.current = this;
  }

  /** Compare `laws` on `file` (the file's own roles, filter, exclusions and bootstrap). */
  compare(file: string, laws: string[]): Promise<void> {
    this.file = file;
    this.laws = laws;
    this.data = undefined;
    this.host.panel.title = `Compare laws: ${file.split(/[\\/]/).pop()}`;
    return this.run();
  }

  private run(): Promise<void> {
    const file = this.file!;
    const request = { fit: this.service.requestFor(file), laws: this.laws };
    if (this.running !== undefined) this.service.worker.cancel(this.running);
    const t0 = Date.now();
    return runForPanel<TaskOutcome<CompareResult>>(this.host, 'compare', (onProgress) => {
      const job = this.service.worker.run('compare', request, { onProgress: (p) => onProgress(p.done, p.total) });
      this.running = job.id;
      return job;
    }, `fitting ${this.laws.length} laws and cross-validating each`, ({ value: r }) => {
      this.running = undefined;
      this.data = { ...r, name: file.split(/[\\/]/).pop() ?? file, activeLaw: request.fit.law ?? this.service.settings().law, elapsedMs: Date.now() - t0 };
      this.host.data('comparison', this.data);
    }).then(() => (this.running = undefined));
  }
}

export async function openComparePanel(context: vscode.ExtensionContext, service: FitService, file: string, laws: string[]): Promise<ComparePanel> {
  let p = ComparePanel.current;
  if (!p || p.host.disposed) {
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, 'Compare laws', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, retainContextWhenHidden: false });
    p = new ComparePanel(panel, context, service, file, laws);
    return p;
  }
  p.host.panel.reveal(undefined, true);
  await p.compare(file, laws);
  return p;
}

export function registerCompareSerializer(context: vscode.ExtensionContext, service: FitService): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
    async deserializeWebviewPanel(panel) {
      new ComparePanel(panel, context, service);
    },
  });
}
