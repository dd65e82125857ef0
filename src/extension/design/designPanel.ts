// "Plan Next Runs…": asks for the experiment budget, the number of runs and the target, runs the
// worker's 'design' task on the file's own request (roles, filter, exclusions, bootstrap), and
// shows the proposed runs in a panel. Page, CSP, restore and messages: the shared PanelHost.
import * as vscode from 'vscode';
import { formatHumanNumber, parseHumanNumber } from '../../core/table/numbers';
import { DESIGN_ACTIONS, DESIGN_VIEW_TYPE, type DesignPanelData } from '../../protocol/panels/design';
import type { FitReport } from '../../core/report/fitReport';
import type { DesignRequest, DesignTaskResult } from '../../protocol/tasks';
import { designRequestToArgv } from '../../tasks/flags/design';
import { validateQuantity } from '../answers/quantity';
import { fileName } from '../fit/commands';
import type { FitService } from '../fit/fitService';
import { shellQuote } from '../fit/requests';
import { PanelHost, runForPanel, type PanelDefinition } from '../host/panelHost';
import type { TaskOutcome } from '../worker/workerClient';

let current: { host: PanelHost; data?: DesignPanelData } | undefined;

function openHost(context: vscode.ExtensionContext, service: FitService, panel?: vscode.WebviewPanel): { host: PanelHost; data?: DesignPanelData } {
  if (current && !current.host.disposed && !panel) {
    current.host.panel.reveal(undefined, true);
    return current;
  }
  const p = panel ?? vscode.window.createWebviewPanel(DESIGN_VIEW_TYPE, 'Plan next runs', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, retainContextWhenHidden: false });
  const entry: { host: PanelHost; data?: DesignPanelData } = { host: undefined as unknown as PanelHost };
  const def: PanelDefinition = {
    viewType: DESIGN_VIEW_TYPE,
    script: 'design.js',
    panel: 'design',
    actions: DESIGN_ACTIONS,
    log: (l) => service.log(l),
    onReady: (host) => {
      if (entry.data) host.data('design', entry.data);
      else host.data('message', 'Run "Scaling Laws: Plan Next Runs…" on a log of finished runs.');
    },
    onAction: async (_host, action, args) => {
      if (action === 'copy') {
        await vscode.env.clipboard.writeText(String(args.text));
        vscode.window.setStatusBarMessage('Scaling Laws: copied', 2000);
      }
    },
    onDispose: () => {
      if (current === entry) current = undefined;
    },
  };
  entry.host = new PanelHost(p, context.extensionUri, def);
  current = entry;
  return entry;
}

/** Largest k·N·D among the fitted runs (the scale the defaults are offered at). */
function largestCompute(report: FitReport | undefined, k: number): number | undefined {
  const N = report?.data.inputs.N, D = report?.data.inputs.D;
  if (!N || !D) return undefined;
  let m = 0;
  for (let i = 0; i < N.length; i++) m = Math.max(m, k * N[i] * D[i]);
  return m > 0 ? m : undefined;
}

async function askNumber(prompt: string, value: string, what: string): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({ prompt, value, validateInput: (t) => validateQuantity(t, what), ignoreFocusOut: true });
  return text === undefined ? undefined : parseHumanNumber(text);
}

export function registerDesignCommands(context: vscode.ExtensionContext, service: FitService): void {
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(DESIGN_VIEW_TYPE, { async deserializeWebviewPanel(panel) { openHost(context, service, panel); } }),
    vscode.commands.registerCommand('scalingLaws.planNextRuns', async (uri?: vscode.Uri) => {
      try {
        const file = uri?.fsPath ?? service.active?.file ?? (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Plan Next Runs' }))?.[0]?.fsPath;
        if (!file) return undefined;
        const k = service.settings().flopsPerParamToken;
        const report = service.active?.file === file ? service.active.report : undefined;
        const top = largestCompute(report, k);
        const h = (x: number | undefined, d: string) => (x ? x.toExponential(1).replace('e+', 'e') : d);
        const budget = await askNumber(`Experiment budget: total FLOPs of the new runs${top ? ` (your largest run used ${formatHumanNumber(top, 3)})` : ''}`, h(top ? top * 3 : undefined, '1e20'), 'FLOPs');
        if (budget === undefined) return undefined;
        const count = await askNumber('How many new runs?', '4', 'runs');
        if (count === undefined) return undefined;
        const kind = await vscode.window.showQuickPick([
          { label: 'Compute-optimal N at a budget', id: 'compute', detail: 'sharpen the model size you would train with C* FLOPs' },
          { label: 'Loss at a given N and D', id: 'loss', detail: 'sharpen the predicted loss of one planned run' },
        ], { title: 'What should the new runs pin down?', ignoreFocusOut: true });
        if (!kind) return undefined;
        const req: DesignRequest = { ...service.requestFor(file), budgetFlops: budget, k: Math.round(count) };
        if (kind.id === 'compute') {
          const C = await askNumber('Target budget C* (FLOPs)', h(top ? top * 30 : undefined, '1e23'), 'FLOPs');
          if (C === undefined) return undefined;
          req.targetCompute = C;
        } else {
          const N = await askNumber('Target N (parameters)', '7B', 'N');
          if (N === undefined) return undefined;
          const D = await askNumber('Target D (tokens)', '1.4T', 'D');
          if (D === undefined) return undefined;
          Object.assign(req, { targetN: N, targetD: D });
        }
        const entry = openHost(context, service);
        entry.host.panel.title = `Plan next runs: ${fileName(file)}`;
        const t0 = Date.now();
        const cli = ['scaling-laws', 'design', file, ...designRequestToArgv(req)].map(shellQuote).join(' ');
        await runForPanel<TaskOutcome<DesignTaskResult>>(entry.host, 'design', (onProgress) => service.worker.run('design', req, { lane: 'design', onProgress: (p) => onProgress(p.done, p.total) }), `fitting ${fileName(file)} with its bootstrap, then designing ${req.k} runs`, ({ value }) => {
          entry.data = { name: fileName(file), file, request: req, result: value, cli, elapsedMs: Date.now() - t0 };
          entry.host.data('design', entry.data);
        });
        return entry.data;
      } catch (e) {
        void vscode.window.showErrorMessage(`Scaling Laws: ${(e as Error).message}`);
        return undefined;
      }
    }),
  );
}
