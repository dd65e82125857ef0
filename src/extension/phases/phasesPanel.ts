// The phases explorer (issue #7): the (alpha, beta) plane of the PLRF model with its seven
// regions, a clicked point's phase and exponents, loss-vs-flops curves with the compute-optimal
// frontier and SGD runs, xi/eta heatmaps, and "place my fit". Heavy work runs in the compute
// threads (lanes 'phases' and 'heatmap') with progress and cancel.
import * as vscode from 'vscode';
import type { FitReport } from '../../core/report/fitReport';
import { classifyPhase } from '../../core/theory';
import type { FitService } from '../fitService';
import { heatmapAxes, placeFit, planeBoundaries, planeRegions, PLANE_MAX } from './phaseLogic';
import { KitPanel, kitWebviewOptions, runForPanel, sharedCompute } from './panelKit';

export const PHASES_VIEW_TYPE = 'scalingLaws.phases';

export function registerPhasesPanel(context: vscode.ExtensionContext, service: FitService): void {
  let current: KitPanel | undefined;
  const log = (l: string) => service.log(l);
  const compute = () => sharedCompute(context, log);

  const readReport = async (): Promise<FitReport | undefined> => {
    if (service.active) return service.active.result.report;
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Fit report': ['json'] }, openLabel: 'Place This Fit' });
    if (!picked?.[0]) return undefined;
    return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(picked[0]))) as FitReport;
  };

  const adopt = (panel: vscode.WebviewPanel): KitPanel => {
    const select = (alpha: number, beta: number) => {
      const host = kit;
      if (!(Number.isFinite(alpha) && Number.isFinite(beta))) throw new Error('alpha and beta must be numbers');
      host.data('point', { alpha, beta, info: classifyPhase(alpha, beta) });
      compute().cancelLane('phases');
      if (2 * (alpha + beta) <= 1) return;
      void runForPanel(host, 'curves', (p) => compute().run('phases', 'phaseCurves', { alpha, beta, sgdRuns: 4 }, p), `exact loss curves for d = 32…512 at (${alpha}, ${beta}), SGD on d = 32`, (v) => host.data('curves', v));
    };
    const kit: KitPanel = new KitPanel(panel, context.extensionUri, 'phases.js', {
      log,
      onReady: (state) => {
        kit.data('plane', { regions: planeRegions(), boundaries: planeBoundaries(), max: PLANE_MAX });
        const saved = state as { point?: { alpha: number; beta: number }; curves?: unknown } | undefined;
        if (!saved?.point) select(0.7, 0.7);
        else if (!saved.curves) select(saved.point.alpha, saved.point.beta);
      },
      onAction: async (action, args) => {
        switch (action) {
          case 'select':
            return select(Number(args.alpha), Number(args.beta));
          case 'heatmap': {
            const { alphas, betas } = heatmapAxes(Number(args.n ?? 12));
            compute().cancelLane('heatmap');
            await runForPanel(kit, 'heatmap', (p) => compute().run('heatmap', 'heatmap', { alphas, betas }, p), `xi, eta on a ${alphas.length} × ${betas.length} grid (closed form where known, measured elsewhere)`, (cells) => kit.data('heatmap', { alphas, betas, cells }));
            return;
          }
          case 'placeFit': {
            const report = await readReport();
            if (!report) return;
            try {
              kit.data('placement', placeFit(report));
            } catch (e) {
              kit.post({ type: 'error', job: 'place', message: (e as Error).message });
            }
            return;
          }
        }
      },
      onCancel: (job) => compute().cancelLane(job === 'heatmap' ? 'heatmap' : 'phases'),
    });
    panel.onDidDispose(() => {
      if (current === kit) current = undefined;
    });
    current = kit;
    return kit;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('scalingLaws.openPhasesExplorer', () => {
      if (current && !current.disposed) {
        current.panel.reveal();
        return;
      }
      adopt(vscode.window.createWebviewPanel(PHASES_VIEW_TYPE, 'Phases explorer (PLRF 4+3)', vscode.ViewColumn.Active, { ...kitWebviewOptions(context.extensionUri), retainContextWhenHidden: false }));
    }),
    vscode.window.registerWebviewPanelSerializer(PHASES_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        adopt(panel);
      },
    }),
  );
}
