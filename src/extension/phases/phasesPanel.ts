// The phases explorer (issue #7): the (alpha, beta) plane of the PLRF model with its seven
// regions, a clicked point's phase and exponents, loss-vs-flops curves with the compute-optimal
// frontier and SGD runs, xi/eta heatmaps, and "place my fit". Heavy work runs in the compute
// threads (lanes 'phases' and 'heatmap') with progress and cancel.
import * as vscode from 'vscode';
import type { FitReport } from '../../core/report/fitReport';
import { classifyPhase } from '../../core/theory/phases';
import { PHASES_ACTIONS, PHASES_VIEW_TYPE } from '../../protocol/panels/phases';
import type { FitService } from '../fit/fitService';
import { PanelHost, runForPanel, type PanelDefinition } from '../host/panelHost';
import { heatmapAxes, placeFit, planeBoundaries, planeRegions, PLANE_MAX } from './phaseLogic';

export { PHASES_VIEW_TYPE };

export function registerPhasesPanel(context: vscode.ExtensionContext, service: FitService): void {
  let current: PanelHost | undefined;
  const log = (l: string) => service.log(l);
  const worker = service.worker;

  const readReport = async (): Promise<FitReport | undefined> => {
    if (service.active) return service.active.report;
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Fit report': ['json'] }, openLabel: 'Place This Fit' });
    if (!picked?.[0]) return undefined;
    return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(picked[0]))) as FitReport;
  };

  const adopt = (panel: vscode.WebviewPanel): PanelHost => {
    const select = (host: PanelHost, alpha: number, beta: number) => {
      if (!(Number.isFinite(alpha) && Number.isFinite(beta))) throw new Error('alpha and beta must be numbers');
      host.data('point', { alpha, beta, info: classifyPhase(alpha, beta) });
      worker.cancelLane('phases');
      if (2 * (alpha + beta) <= 1) return;
      void runForPanel(host, 'curves', worker.job('phasesExplore', { alpha, beta, sgdRuns: 4 }, 'phases'), `exact loss curves for d = 32…512 at (${alpha}, ${beta}), SGD on d = 32`, (v) => host.data('curves', v));
    };
    const def: PanelDefinition = {
      viewType: PHASES_VIEW_TYPE,
      script: 'phases.js',
      panel: 'phases',
      actions: PHASES_ACTIONS,
      log,
      onReady: (kit, state) => {
        kit.data('plane', { regions: planeRegions(), boundaries: planeBoundaries(), max: PLANE_MAX });
        const saved = state as { point?: { alpha: number; beta: number }; curves?: unknown } | undefined;
        const point = saved?.point && Number.isFinite(saved.point.alpha) && Number.isFinite(saved.point.beta) ? saved.point : undefined;
        if (!point) select(kit, 0.7, 0.7);
        else if (!saved?.curves) select(kit, point.alpha, point.beta);
      },
      onAction: async (kit, action, args) => {
        switch (action) {
          case 'select':
            return select(kit, Number(args.alpha), Number(args.beta));
          case 'heatmap': {
            const { alphas, betas } = heatmapAxes(Number(args.n ?? 12));
            worker.cancelLane('heatmap');
            await runForPanel(kit, 'heatmap', worker.job('phasesHeatmap', { alphas, betas }, 'heatmap'), `xi, eta on a ${alphas.length} × ${betas.length} grid (closed forms in every region; continuity on boundaries)`, (cells) => kit.data('heatmap', { alphas, betas, cells }));
            return;
          }
          case 'placeFit': {
            const report = await readReport();
            if (!report) return;
            try {
              kit.data('placement', placeFit(report));
            } catch (e) {
              kit.error((e as Error).message, 'place');
            }
            return;
          }
        }
      },
      onCancel: (_kit, job) => worker.cancelLane(job === 'heatmap' ? 'heatmap' : 'phases'),
      onDispose: (kit) => {
        if (current === kit) current = undefined;
      },
    };
    current = new PanelHost(panel, context.extensionUri, def);
    return current;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('scalingLaws.openPhasesExplorer', () => {
      if (current && !current.disposed) {
        current.panel.reveal();
        return;
      }
      adopt(vscode.window.createWebviewPanel(PHASES_VIEW_TYPE, 'Phases explorer (PLRF 4+3)', vscode.ViewColumn.Active, { enableScripts: true, retainContextWhenHidden: false }));
    }),
    vscode.window.registerWebviewPanelSerializer(PHASES_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        adopt(panel);
      },
    }),
  );
}
