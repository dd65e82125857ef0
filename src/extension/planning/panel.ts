// The planning panel: the three Chinchilla approaches' frontiers with intervals, a compute-budget
// slider and an inference-aware view, for the active fit. Same webview rules as the results panel
// (src/extension/panels.ts): strict CSP with a nonce, scripts only from dist/, plotly SVG traces,
// localResourceRoots limited to dist/ and media/, pull-based init (the webview asks when ready).
import * as vscode from 'vscode';
import { configLogic } from '../config/load';
import type { ConfigAnalysis } from '../config/logic';
import { makeNonce, webviewHtml } from '../logic';
import { webviewOptions } from '../panels';
import { PLANNING_VIEW_TYPE, type FromPlanning, type PlanningData, type ToPlanning } from './protocol';

interface Deps {
  readonly active?: { result: { report: import('../../core/report/fitReport').FitReport }; file: string };
  log(line: string): void;
  settings?(): { flopsPerParamToken: number };
}

export function planningHtml(p: { cspSource: string; nonce: string; scripts: string[]; styles: string[]; title: string }): string {
  return webviewHtml({ ...p, kind: 'planning' });
}

export class PlanningPanel implements vscode.Disposable {
  static current?: PlanningPanel;
  private ready = false;
  private data?: PlanningData;
  private cached?: { report: unknown; k: number; data: PlanningData };
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly deps: Deps,
    private readonly analyze: (doc: vscode.TextDocument) => ConfigAnalysis | undefined,
  ) {
    const ext = context.extensionUri;
    panel.webview.options = webviewOptions(ext);
    const uri = (...p: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(ext, ...p)).toString();
    panel.webview.html = planningHtml({ cspSource: panel.webview.cspSource, nonce: makeNonce(), scripts: [uri('dist', 'plotly.min.js'), uri('dist', 'planning.js')], styles: [uri('media', 'webview.css')], title: 'Scaling Laws: planning' });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: FromPlanning) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && this.ready && this.panel.visible && this.analyze(e.document)) this.refresh();
      }),
    );
    PlanningPanel.current = this;
  }

  private onMessage(m: FromPlanning): void {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.refresh();
        return;
      case 'copy':
        void vscode.env.clipboard.writeText(String(m.text)).then(() => vscode.window.setStatusBarMessage('Scaling Laws: copied', 2000));
        return;
      case 'log':
        this.deps.log(`[planning] ${m.level}: ${m.message}`);
        return;
    }
  }

  /** Recompute from the active fit (and the config in the active editor) and show. */
  refresh(): void {
    const active = this.deps.active;
    if (!active) {
      this.panel.title = 'Scaling Laws: planning';
      if (this.ready) void this.panel.webview.postMessage({ type: 'show', message: 'No active fit: run Scaling Laws: Fit Scaling Law (a Chinchilla-form law) and the panel fills in.' } satisfies ToPlanning);
      return;
    }
    let config: PlanningData['config'];
    const doc = vscode.window.activeTextEditor?.document ?? vscode.window.visibleTextEditors[0]?.document;
    const a = doc ? this.analyze(doc) : undefined;
    if (a && a.insights.lawN) config = { file: doc!.fileName.split(/[\\/]/).pop() ?? doc!.fileName, N: a.insights.lawN, D: a.tokensSource === 'config' || a.tokensSource === 'setting' ? a.insights.tokens : undefined };
    try {
      // The approaches (with their resampled bands, ~50 ms) are recomputed only for a new fit or
      // FLOP convention; switching editors only moves the config marker.
      const k = this.deps.settings?.().flopsPerParamToken ?? 6;
      if (this.cached?.report !== active.result.report || this.cached.k !== k) {
        this.cached = { report: active.result.report, k, data: configLogic().buildPlanningData(active.result.report, { flopsPerParamToken: k, file: active.file }) };
      }
      this.data = { ...this.cached.data, config };
    } catch (e) {
      if (this.ready) void this.panel.webview.postMessage({ type: 'show', message: (e as Error).message } satisfies ToPlanning);
      return;
    }
    this.panel.title = this.data.title;
    if (this.ready) void this.panel.webview.postMessage({ type: 'show', data: this.data } satisfies ToPlanning);
  }

  dispose(): void {
    if (PlanningPanel.current === this) PlanningPanel.current = undefined;
    this.disposables.forEach((d) => d.dispose());
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
    PlanningPanel.current.panel.reveal(undefined, true);
    return PlanningPanel.current;
  }
  const panel = vscode.window.createWebviewPanel(PLANNING_VIEW_TYPE, 'Scaling Laws: planning', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { ...webviewOptions(context.extensionUri), retainContextWhenHidden: false });
  return new PlanningPanel(panel, context, deps, analyze);
}

export function registerPlanningSerializer(context: vscode.ExtensionContext, deps: Deps, analyze: (doc: vscode.TextDocument) => ConfigAnalysis | undefined): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PLANNING_VIEW_TYPE, {
    async deserializeWebviewPanel(panel) {
      new PlanningPanel(panel, context, deps, analyze);
    },
  });
}
