// Palette answers from the active fit: Predict Loss…, Compute-Optimal Allocation…, Budget for
// Target Loss…, and Compare Laws…. Each runs the same task as `scaling-laws predict` / `optimal` /
// `fit` in the worker (a FitReport's formula is user input: never evaluated on the host).
import * as vscode from 'vscode';
import type { FitReport } from '../../core/report/fitReport';
import { diffText, type ReportDiff } from '../../core/report/diff';
import { formatHumanNumber, parseHumanNumber } from '../../core/table/numbers';
import type { OptimalResult, PredictResult } from '../../protocol/tasks';
import { LAW_IDS } from '../lawIds';
import { fileName } from '../fit/commands';
import type { FitService } from '../fit/fitService';
import { openComparePanel, registerCompareSerializer } from './comparePanel';
import { validateQuantity } from './quantity';


export function registerAnswerCommands(context: vscode.ExtensionContext, service: FitService, fits: { fitFile(uri: vscode.Uri): Promise<unknown>; openReport(): Promise<unknown> }): void {
  const currentReport = async (): Promise<FitReport | undefined> => {
    if (service.active) return service.active.report;
    const choice = await vscode.window.showInformationMessage('Scaling Laws: no fit yet in this window.', 'Fit a Log File…', 'Open Fit Report…');
    if (choice === 'Fit a Log File…') await vscode.commands.executeCommand('scalingLaws.fit');
    if (choice === 'Open Fit Report…') await fits.openReport();
    return (service.active as { report: FitReport } | undefined)?.report;
  };

  const ask = async (prompt: string, placeHolder: string, what: string): Promise<number | undefined> => {
    const text = await vscode.window.showInputBox({ prompt, placeHolder, validateInput: (t) => validateQuantity(t, what), ignoreFocusOut: true });
    return text === undefined ? undefined : parseHumanNumber(text);
  };

  const say = (text: string, warnings: string[] = []) => {
    service.log(text);
    for (const w of warnings) service.log(`warning: ${w}`);
    void vscode.window.showInformationMessage(`Scaling Laws: ${text}${warnings.length ? ` — warning: ${warnings.join('; ')}` : ''}`, 'Copy').then((c) => c && vscode.env.clipboard.writeText(text));
  };

  const guard = (f: () => Promise<unknown>) => async () => {
    try {
      return await f();
    } catch (e) {
      void vscode.window.showErrorMessage(`Scaling Laws: ${(e as Error).message}`);
      return undefined;
    }
  };

  const k = () => service.active?.request?.flopsPerParamToken ?? service.settings().flopsPerParamToken;

  context.subscriptions.push(
    registerCompareSerializer(context, service),
    vscode.commands.registerCommand('scalingLaws.compareWithPreviousFit', guard(async () => {
      const active = service.active;
      if (!active) {
        void vscode.window.showInformationMessage('Scaling Laws: no fit yet in this window. Fit a log, and again after it grows, then compare.');
        return;
      }
      const [current, ...earlier] = service.history.list(active.file);
      if (!current || !earlier.length) {
        void vscode.window.showInformationMessage(`Scaling Laws: ${fileName(active.file)} has no earlier fit yet. Fit it again after the log grows (or with other options), then compare.`);
        return;
      }
      const when = (t: number) => new Date(t).toLocaleString();
      const pick = earlier.length === 1 ? { entry: earlier[0] } : await vscode.window.showQuickPick(earlier.map((e) => ({ label: when(e.time), description: `${e.law}, ${e.n} points`, entry: e })), { title: `Compare the fit of ${when(current.time)} (${current.law}, ${current.n} points) with…` });
      if (!pick) return;
      const d: ReportDiff = (await service.worker.run('diff', { old: pick.entry.path, new: current.path, flopsPerParamToken: k() }).promise).value;
      service.output.appendLine(`Compare with previous fit: ${fileName(active.file)}, ${when(pick.entry.time)} → ${when(current.time)}`);
      service.output.appendLine(diffText(d));
      const headline = d.prediction ? `${d.prediction.label}: ${formatHumanNumber(d.prediction.old, 4)} → ${formatHumanNumber(d.prediction.new, 4)} (${d.prediction.change >= 0 ? '+' : ''}${(100 * d.prediction.change).toFixed(1)} %)${d.prediction.withinOldInterval === undefined ? '' : d.prediction.withinOldInterval ? ', within the earlier 95 % interval' : ', OUTSIDE the earlier 95 % interval'}` : `${d.params.length} parameters compared`;
      const runs = `${d.runs.added.length} runs added, ${d.runs.removed.length} removed`;
      const show = d.moved ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void show(`Scaling Laws: ${headline}; ${runs}.`, 'Show Details').then((c) => c && service.output.show(true));
      return d;
    })),
    vscode.commands.registerCommand('scalingLaws.predictLoss', guard(async () => {
      const report = await currentReport();
      if (!report) return;
      const at: Record<string, number> = {};
      const examples: Record<string, string> = { N: '7B', D: '1.4T', C: '5.76e23' };
      const inputs = report.inputs ?? LAW_IDS[report.law]?.inputs ?? [];
      for (const input of inputs) {
        const v = await ask(`Predict loss: ${input} (${input === 'N' ? 'parameters' : input === 'D' ? 'tokens' : input === 'C' ? 'FLOPs' : input})`, `e.g. ${examples[input] ?? '1e9'}`, input);
        if (v === undefined) return;
        at[input] = v;
      }
      const p: PredictResult = (await service.worker.run('predict', { report, at }).promise).value;
      say(p.text, p.warnings);
      return p;
    })),
    vscode.commands.registerCommand('scalingLaws.computeOptimal', guard(async () => {
      const report = await currentReport();
      if (!report) return;
      const C = await ask('Compute budget C in FLOPs', 'e.g. 5.76e23', 'C');
      if (C === undefined) return;
      const a: OptimalResult = (await service.worker.run('optimal', { report, compute: C, flopsPerParamToken: k() }).promise).value;
      say(a.text, a.warnings);
      return a;
    })),
    vscode.commands.registerCommand('scalingLaws.budgetForLoss', guard(async () => {
      const report = await currentReport();
      if (!report) return;
      const target = await ask(`Target loss (above E = ${report.params.E?.toPrecision(4) ?? '?'})`, 'e.g. 2.0', 'target loss');
      if (target === undefined) return;
      const a: OptimalResult = (await service.worker.run('optimal', { report, targetLoss: target, flopsPerParamToken: k() }).promise).value;
      say(a.text, a.warnings);
      return a;
    })),
    vscode.commands.registerCommand('scalingLaws.compareLaws', guard(async (uri?: vscode.Uri) => {
      const file = uri?.fsPath ?? service.active?.file ?? (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Compare Laws' }))?.[0]?.fsPath;
      if (!file) return;
      const candidates = Object.keys(LAW_IDS).filter((id) => id !== 'custom');
      const picks = await vscode.window.showQuickPick(candidates.map((id) => ({ label: id, description: LAW_IDS[id].title, picked: ['chinchilla', 'kaplan', 'kaplan-e'].includes(id) })), { canPickMany: true, title: `Compare laws on ${fileName(file)}: each is fitted with this file's roles, filter and exclusions, then cross-validated` });
      if (!picks || picks.length === 0) return;
      return openComparePanel(context, service, file, picks.map((p) => p.label));
    })),
  );
}
