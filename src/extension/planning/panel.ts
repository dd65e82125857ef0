// The planning panel: the three Chinchilla approaches' frontiers with intervals, a compute-budget
// slider and an inference-aware view, for the active fit. The approaches are the worker's
// 'approaches' task (as `scaling-laws approaches`); the host adds the config in the active editor
// as a marker. Page, CSP, restore and messages: the shared PanelHost.
import * as vscode from 'vscode';
import type { FitReport } from '../../core/report/fitReport';
import { PLANNING_ACTIONS, PLANNING_VIEW_TYPE, type PlanningData } from '../../protocol/panels/planning';
import type { ConfigAnalysis } from '../config/logic';
import type { WorkerClient } from '../worker/workerClient';
import { PanelHost, type PanelDefinition } from '../host/panelHost';

export { PLANNING_VIEW_TYPE };

interface Deps {
  readonly active?: { report: FitReport; file: string };
  readonly worker: WorkerClient;
  log(line: string): void;
  settings?(): { flopsPerParamToken: number };
}

export class PlanningPanel implements vscode.Disposable {
  static current?: PlanningPanel;
  readonly host: PanelHost;
  private cached?: { report: FitReport; k: number; data: Promise<PlanningData> };
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;

  constructor(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, private readonly deps: Deps, private readonly analyze: (doc: vscode.TextDocument) => ConfigAnalysis | undefined) {
    const def: PanelDefinition = {
      viewType: PLANNING_VIEW_TYPE,
      script: 'planning.js',
      panel: 'planning',
      actions: PLANNING_ACTIONS,
      log: (l) => deps.log(l),
      onReady: () => {
        this.ready = true;
        this.refresh();
      },
      onAction: async (_host, action, args) => {
        if (action === 'copy') {
          await vscode.env.clipboard.writeText(String(args.text));
          vscode.window.setStatusBarMessage('Scaling Laws: copied', 2000);
        }
      },
      onDispose: () => this.dispose(),
    };
    this.host = new PanelHost(panel, context.extensionUri, def);
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && this.ready && panel.visible && this.analyze(e.document)) this.refresh();
      }),
    );
    PlanningPanel.current = this;
  }

  /** Recompute from the active fit (and the config in the active editor) and show. */
  refresh(): void {
    const active = this.deps.active;
    if (!active) {
      this.host.panel.title = 'Scaling Laws: planning';
      this.host.data('message', 'No active fit: run Scaling Laws: Fit Scaling Law (a Chinchilla-form law) and the panel fills in.');
      return;
    }
    let config: PlanningData['config'];
    const doc = vscode.window.activeTextEditor?.document ?? vscode.window.visibleTextEditors[0]?.document;
    const a = doc ? this.analyze(doc) : undefined;
    if (a && a.insights.lawN) config = { file: doc!.fileName.split(/[\\/]/).pop() ?? doc!.fileName, N: a.insights.lawN, D: a.tokensSource === 'config' || a.tokensSource === 'setting' ? a.insights.tokens : undefined };
    // The approaches (with their resampled bands) are recomputed only for a new fit or FLOP
    // convention; switching editors only moves the config marker.
    const k = this.deps.settings?.().flopsPerParamToken ?? 6;
    if (this.cached?.report !== active.report || this.cached.k !== k) {
      this.host.post({ type: 'busy', job: 'approaches', busy: true, message: 'approaches 1–3 with their bands' });
      this.cached = { report: active.report, k, data: this.deps.worker.run('approaches', { report: active.report, flopsPerParamToken: k, file: active.file }).promise.then((o) => o.value) };
    }
    const cached = this.cached;
    cached.data.then(
      (data) => {
        if (this.cached !== cached) return;
        this.host.post({ type: 'busy', job: 'approaches', busy: false });
        this.host.panel.title = data.title;
        this.host.data('planning', { ...data, config });
      },
      (e: Error) => {
        if (this.cached !== cached) return;
        this.host.post({ type: 'busy', job: 'approaches', busy: false });
        this.host.data('message', e.message);
      },
    );
  }

  dispose(): void {
    if (PlanningPanel.current === this) PlanningPanel.current = undefined;
    this.disposables.forEach((d) => d.dispose());
    this.host.dispose();
  }
}

export async function openPlanningPanel(context: vscode.ExtensionContext, deps: Deps, analyze: (doc: vscode.TextDocument) => ConfigAnalysis | undefined): Promise<PlanningPanel | undefined> {
  if (!deps.active) {
    const choice = await vscode.window.showInformationMessage('Scaling Laws: the planning panel needs an active fit (a Chinchilla-form law).', 'Fit a Log File…', 'Open Fit Report…');
    if (choice === 'Fit a Log File…') await vscode.commands.executeCommand('scalingLaws.fit');
    else if (choice === 'Open Fit Report…') await vscode.commands.executeCommand('scalingLaws.openFitReport');
    if (!deps.active) return undefined;
  }
  if (PlanningPanel.current) {
    PlanningPanel.current.refresh();
    PlanningPanel.current.host.panel.reveal(undefined, true);
    return PlanningPanel.current;
  }
  const panel = vscode.window.createWebviewPanel(PLANNING_VIEW_TYPE, 'Scaling Laws: planning', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, retainContextWhenHidden: false });
  return new PlanningPanel(panel, context, deps, analyze);
}

export function registerPlanningSerializer(context: vscode.ExtensionContext, deps: Deps, analyze: (doc: vscode.TextDocument) => ConfigAnalysis | undefined): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PLANNING_VIEW_TYPE, {
    async deserializeWebviewPanel(panel) {
      new PlanningPanel(panel, context, deps, analyze);
    },
  });
}
