// The transfer panel (issue #8): a prediction chain compute → loss → another loss → downstream
// error from chosen FitReport files, each stage's prediction with its 95 % interval (stages'
// bootstrap draws evaluated jointly, src/core/transfer/chain.ts, as `predict --chain`), the chain
// swept over compute, and each loss-to-loss / downstream stage's source-vs-target data with its
// fitted curve and band. Evaluation runs in the compute thread (lane 'transfer').
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { FitReport } from '../../core/report/fitReport';
import type { FitService } from '../fitService';
import { parseQuantity, validateQuantity } from '../logic';
import { KitPanel, kitWebviewOptions, runForPanel, sharedCompute } from '../phases/panelKit';
import { defaultBudget, isFitReport, orderChain } from './chainOrder';

export const TRANSFER_VIEW_TYPE = 'scalingLaws.transfer';

interface Chosen {
  files: string[];
  reports: FitReport[];
  C: number;
}

export function registerTransferPanel(context: vscode.ExtensionContext, service: FitService): void {
  const log = (l: string) => service.log(l);
  const compute = () => sharedCompute(context, log);
  let current: { kit: KitPanel; chosen: Chosen } | undefined;

  const load = async (uris: vscode.Uri[]): Promise<Chosen> => {
    const loaded: { file: string; report: FitReport }[] = [];
    for (const u of uris) {
      const report = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(u))) as unknown;
      if (!isFitReport(report)) throw new Error(`${u.fsPath}: not a FitReport (needs "law" and "params")`);
      loaded.push({ file: u.fsPath, report });
    }
    // No compute → loss stage among the files: the active fit (a law over N, D) starts the chain.
    const active = service.active;
    const hasCompute = loaded.some((l) => (l.report.inputs ?? []).some((i) => i === 'N' || i === 'D' || i === 'C'));
    if (!hasCompute && active && (active.result.report.inputs ?? []).some((i) => i === 'N' || i === 'D')) loaded.unshift({ file: active.file, report: active.result.report });
    const ordered = orderChain(loaded.map((l) => ({ ...l, law: l.report.law, inputs: l.report.inputs })));
    return { files: ordered.map((o) => o.file), reports: ordered.map((o) => o.report), C: defaultBudget(ordered[0].report, service.settings().flopsPerParamToken) };
  };

  const pick = async (): Promise<vscode.Uri[] | undefined> => {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: true, filters: { 'Fit reports': ['json'] }, openLabel: 'Use as Chain', title: 'FitReports for the chain: a law over N, D (compute → loss; else the active fit), then loss-to-loss and/or downstream' });
    return picked?.length ? picked : undefined;
  };

  const evaluate = (kit: KitPanel, chosen: Chosen) => {
    kit.data('chosen', { files: chosen.files.map((f) => ({ file: f, name: basename(f) })), laws: chosen.reports.map((r) => r.law), C: chosen.C });
    compute().cancelLane('transfer');
    void runForPanel(kit, 'chain', (p) => compute().run('transfer', 'chain', { reports: chosen.reports, C: chosen.C }, p), `evaluating the chain at C = ${chosen.C.toExponential(2)} and over ±1.5 decades`, (v) => kit.data('chain', v));
  };

  const open = (chosen: Chosen | undefined, panel?: vscode.WebviewPanel) => {
    if (current && !current.kit.disposed && !panel) {
      if (chosen) current.chosen = chosen;
      current.kit.panel.reveal();
      evaluate(current.kit, current.chosen);
      return;
    }
    const p = panel ?? vscode.window.createWebviewPanel(TRANSFER_VIEW_TYPE, 'Transfer chain', vscode.ViewColumn.Active, { ...kitWebviewOptions(context.extensionUri), retainContextWhenHidden: false });
    const state: { chosen: Chosen } = { chosen: chosen ?? { files: [], reports: [], C: 1e21 } };
    const kit: KitPanel = new KitPanel(p, context.extensionUri, 'transfer.js', {
      log,
      exportBase: () => (state.chosen.files[0] ? vscode.Uri.file(dirname(state.chosen.files[0])) : undefined),
      onReady: (saved) => {
        const s = saved as { chosen?: { files: { file: string }[]; C: number } } | undefined;
        if (!state.chosen.files.length && s?.chosen?.files?.length) {
          void load(s.chosen.files.map((f) => vscode.Uri.file(f.file))).then((c) => {
            state.chosen = { ...c, C: s.chosen!.C || c.C };
            evaluate(kit, state.chosen);
          }, (e: Error) => kit.post({ type: 'error', message: e.message }));
          return;
        }
        if (state.chosen.files.length) evaluate(kit, state.chosen);
      },
      onAction: async (action, args) => {
        if (action === 'at') {
          const text = String(args.C ?? '');
          const err = validateQuantity(text, 'C');
          if (err) throw new Error(err);
          state.chosen.C = parseQuantity(text);
          evaluate(kit, state.chosen);
        } else if (action === 'pick') {
          const uris = await pick();
          if (!uris) return;
          state.chosen = await load(uris);
          evaluate(kit, state.chosen);
        }
      },
      onCancel: () => compute().cancelLane('transfer'),
    });
    const entry = { kit, get chosen() { return state.chosen; }, set chosen(c: Chosen) { state.chosen = c; } };
    current = entry;
    p.onDidDispose(() => {
      if (current === entry) current = undefined;
    });
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
