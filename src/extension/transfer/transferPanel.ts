// The transfer panel (issue #8): a prediction chain compute → loss → another loss → downstream
// error from chosen logs (fitted here, ./fitLog.ts) or FitReport files, each stage's prediction with its 95 % interval (stages'
// bootstrap draws evaluated jointly, src/core/transfer/chain.ts, as `predict --chain`), the chain
// swept over compute, and each loss-to-loss / downstream stage's source-vs-target data with its
// fitted curve and band. Evaluation runs in the worker (the 'chain' task, lane 'transfer').
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { FitReport } from '../../core/report/fitReport';
import { parseHumanNumber } from '../../core/table/numbers';
import { TRANSFER_ACTIONS, TRANSFER_VIEW_TYPE } from '../../protocol/panels/transfer';
import { validateQuantity } from '../answers/quantity';
import type { FitService } from '../fit/fitService';
import { PanelHost, runForPanel, type PanelDefinition } from '../host/panelHost';
import { LOG_EXTENSIONS } from '../fit/commands';
import { defaultBudget, isFitReport, orderChain } from './chainOrder';
import { fitLogForChain } from './fitLog';

export { TRANSFER_VIEW_TYPE };

interface Chosen {
  files: string[];
  reports: FitReport[];
  C: number;
}

export function registerTransferPanel(context: vscode.ExtensionContext, service: FitService): void {
  const log = (l: string) => service.log(l);
  const worker = service.worker;
  let current: { kit: PanelHost; chosen: Chosen } | undefined;

  const load = async (uris: vscode.Uri[]): Promise<Chosen> => {
    const loaded: { file: string; report: FitReport }[] = [];
    for (const u of uris) {
      // A FitReport is used as is; any other file is a log, fitted here for its stage.
      let report: unknown;
      if (u.fsPath.toLowerCase().endsWith('.json')) {
        try {
          report = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(u)));
        } catch {
          report = undefined;
        }
      }
      if (!isFitReport(report)) report = await fitLogForChain(service, context, u.fsPath);
      if (!report) throw new Error(`${basename(u.fsPath)}: not fitted (the stage questions were cancelled)`);
      loaded.push({ file: u.fsPath, report: report as FitReport });
    }
    // No compute → loss stage among the files: the active fit (a law over N, D) starts the chain.
    const active = service.active;
    const hasCompute = loaded.some((l) => (l.report.inputs ?? []).some((i) => i === 'N' || i === 'D' || i === 'C'));
    if (!hasCompute && active && (active.report.inputs ?? []).some((i) => i === 'N' || i === 'D')) loaded.unshift({ file: active.file, report: active.report });
    const ordered = orderChain(loaded.map((l) => ({ ...l, law: l.report.law, inputs: l.report.inputs })));
    return { files: ordered.map((o) => o.file), reports: ordered.map((o) => o.report), C: defaultBudget(ordered[0].report, service.settings().flopsPerParamToken) };
  };

  const pick = async (): Promise<vscode.Uri[] | undefined> => {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: true, filters: { 'Logs and fit reports': [...LOG_EXTENSIONS, 'parquet', 'log', 'txt'], 'All files': ['*'] }, openLabel: 'Use as Chain', title: 'Logs or FitReports for the chain: compute → loss (else the active fit), then loss-to-loss and/or downstream; a log is fitted here' });
    return picked?.length ? picked : undefined;
  };

  const evaluate = (kit: PanelHost, chosen: Chosen) => {
    kit.data('chosen', { files: chosen.files.map((f) => ({ file: f, name: basename(f) })), laws: chosen.reports.map((r) => r.law), C: chosen.C });
    worker.cancelLane('transfer');
    void runForPanel(kit, 'chain', worker.job('chain', { reports: chosen.reports, C: chosen.C }, 'transfer'), `evaluating the chain at C = ${chosen.C.toExponential(2)} and over ±1.5 decades`, (v) => kit.data('chain', v));
  };

  const open = (chosen: Chosen | undefined, panel?: vscode.WebviewPanel) => {
    if (current && !current.kit.disposed && !panel) {
      if (chosen) current.chosen = chosen;
      current.kit.panel.reveal();
      evaluate(current.kit, current.chosen);
      return;
    }
    const p = panel ?? vscode.window.createWebviewPanel(TRANSFER_VIEW_TYPE, 'Transfer chain', vscode.ViewColumn.Active, { enableScripts: true, retainContextWhenHidden: false });
    const state: { chosen: Chosen } = { chosen: chosen ?? { files: [], reports: [], C: 1e21 } };
    const def: PanelDefinition = {
      viewType: TRANSFER_VIEW_TYPE,
      script: 'transfer.js',
      panel: 'transfer',
      actions: TRANSFER_ACTIONS,
      log,
      exportBase: () => (state.chosen.files[0] ? vscode.Uri.file(dirname(state.chosen.files[0])) : undefined),
      inputs: () => state.chosen.files,
      onReady: (kit, saved) => {
        const s = saved as { chosen?: { files: { file: string }[]; C: number } } | undefined;
        const files = Array.isArray(s?.chosen?.files) ? s!.chosen!.files.filter((f) => typeof f?.file === 'string').map((f) => f.file) : [];
        if (!state.chosen.files.length && files.length) {
          void load(files.map((f) => vscode.Uri.file(f))).then((c) => {
            state.chosen = { ...c, C: Number(s!.chosen!.C) > 0 ? Number(s!.chosen!.C) : c.C };
            evaluate(kit, state.chosen);
          }, (e: Error) => kit.error(e.message));
          return;
        }
        if (state.chosen.files.length) evaluate(kit, state.chosen);
      },
      onAction: async (kit, action, args) => {
        if (action === 'at') {
          const text = String(args.C ?? '');
          const err = validateQuantity(text, 'C');
          if (err) throw new Error(err);
          state.chosen.C = parseHumanNumber(text);
          evaluate(kit, state.chosen);
        } else if (action === 'pick') {
          const uris = await pick();
          if (!uris) return;
          state.chosen = await load(uris);
          evaluate(kit, state.chosen);
        }
      },
      onCancel: () => worker.cancelLane('transfer'),
      onDispose: () => {
        if (current === entry) current = undefined;
      },
    };
    const kit = new PanelHost(p, context.extensionUri, def);
    const entry = { kit, get chosen() { return state.chosen; }, set chosen(c: Chosen) { state.chosen = c; } };
    current = entry;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('scalingLaws.openTransferPanel', async (uri?: vscode.Uri, uris?: vscode.Uri[]) => {
      try {
        const chosenUris = uris?.length ? uris : uri ? [uri] : await pick();
        if (!chosenUris) return;
        open(await load(chosenUris));
      } catch (e) {
        void vscode.window.showErrorMessage(`Scaling Laws: ${(e as Error).message}`);
      }
    }),
    vscode.window.registerWebviewPanelSerializer(TRANSFER_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        open(undefined, panel);
      },
    }),
  );
}
