// Extension entry: registers commands, the results panel (with restore), the custom editor and
// the status bar. Activation is lazy (commands, the viewer, a restored panel); the worker
// process is forked on the first fit, not at activation.
import { performance } from 'node:perf_hooks';
const moduleLoadedAt = performance.now();
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { notAFitReport, type FitReport } from '../core/report/fitReport';
import type { FitResult, PanelData } from '../protocol';
import { FitService } from './fitService';
import { compareReports, comparisonMarkdown, fileOptionsToFlags, flagsToArgv, LOG_EXTENSIONS, parseDeriveInput, parseQuantity, settingsToFlags, shellQuote, validateQuantity, type FileFitOptions } from './logic';
import { measureDuringFit } from './measure';
import { PanelHost, RESULTS_VIEW_TYPE, webviewOptions } from './panels';
import { VIEWER_VIEW_TYPE, ViewerProvider } from './viewer';
import type { JobError } from './workerClient';
import { registerConfigInsights } from './config';
import { registerCurvePanels } from './curves/curvesPanel';
import { registerPhasesPanel } from './phases/phasesPanel';
import { registerTransferPanel } from './transfer/transferPanel';

let fits: FitService | undefined;
/**
 * Law evaluation (registry, mathjs) is a separate bundle (dist/extensionAnswers.js, built by
 * scripts/build.mjs) required on first use, so activation does not parse it.
 */
type Answers = typeof import('./answers');
let answersModule: Answers | undefined;
const answers = async (): Promise<Answers> => (answersModule ??= require(join(__dirname, 'extensionAnswers.js')) as Answers);
let resultsPanel: PanelHost | undefined;

function fileName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

export function activate(context: vscode.ExtensionContext): { fits: FitService } {
  const t0 = performance.now();
  const service = (fits = new FitService(context));
  context.subscriptions.push(service);

  const showResults = (data: PanelData) => {
    if (resultsPanel) {
      resultsPanel.show(data);
      resultsPanel.panel.reveal(undefined, true);
      return resultsPanel;
    }
    const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, data.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { ...webviewOptions(context.extensionUri), retainContextWhenHidden: false });
    return adoptPanel(panel, data);
  };

  const adoptPanel = (panel: vscode.WebviewPanel, data: PanelData) => {
    const host = new PanelHost(panel, context.extensionUri, data, {
      log: (l) => service.log(l),
      onRefit: (mapping) => data.file && void fitFile(vscode.Uri.file(data.file), mapping),
    });
    resultsPanel = host;
    panel.onDidDispose(() => {
      host.dispose();
      if (resultsPanel === host) resultsPanel = undefined;
    });
    return host;
  };

  const resultData = (result: FitResult, file: string): PanelData => ({
    kind: 'results', title: `Scaling law: ${fileName(file)}`, file, result, table: result.table, mapping: result.report.provenance.mapping, status: { state: 'idle', message: `${result.report.law} fitted on ${result.report.n} points in ${(result.elapsedMs / 1000).toFixed(1)} s` },
  });

  /** Options chosen for a file in "Fit Scaling Law with Options…", applied to every fit of it. */
  const optionsKey = (file: string) => `fitOptions:${file}`;
  const fileOptions = (file: string) => context.workspaceState.get<FileFitOptions>(optionsKey(file));

  /** Ask once per file for roles the law needs and inference did not find. */
  const ensureMapping = async (file: string): Promise<Record<string, string> | undefined> => {
    const key = `mapping:${file}`;
    const saved = context.workspaceState.get<Record<string, string>>(key) ?? {};
    const derived = new Set((fileOptions(file)?.derive ?? []).map((d) => d.slice(0, d.indexOf('='))));
    const law = (await answers()).createLaw(fileOptions(file)?.law ?? service.settings().law);
    const table = await service.worker.inspect(file, 5);
    const has = (r: string) => Boolean(saved[r]) || derived.has(r) || table.columns.some((c) => c.role === r);
    // D is derived as C / (6N) by the fit itself when a table has N and C but no tokens.
    const needed = [...law.inputs, 'loss'].filter((r) => !has(r) && !(r === 'D' && has('N') && has('C')));
    if (needed.length === 0) return saved;
    const numeric = table.columns.filter((c) => c.kind === 'number').map((c) => c.name);
    const mapping = { ...saved };
    for (const role of needed) {
      const pick = await vscode.window.showQuickPick(numeric.map((n) => ({ label: n })), { title: `Which column is ${role}?`, placeHolder: `${fileName(file)}: no column was recognised as ${role}; the choice is remembered for this file` });
      if (!pick) return undefined;
      mapping[role] = pick.label;
    }
    await context.workspaceState.update(key, mapping);
    return mapping;
  };

  const fitFile = async (uri: vscode.Uri, mappingOverride?: Record<string, string>): Promise<FitResult | undefined> => {
    const file = uri.fsPath;
    let mapping: Record<string, string> | undefined;
    try {
      mapping = mappingOverride ?? (await ensureMapping(file));
    } catch (e) {
      void vscode.window.showErrorMessage(`Scaling Laws: ${(e as Error).message}`);
      return undefined;
    }
    if (!mapping) return undefined;
    if (mappingOverride) await context.workspaceState.update(`mapping:${file}`, mappingOverride);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Fitting ${fileName(file)}`, cancellable: true }, async (progress, token) => {
      let reported = 0;
      const job = service.startFit(file, mapping!, (p) => {
        const pct = p.total > 0 ? (100 * p.done) / p.total : 0;
        const weight = p.phase === 'starts' ? 0.6 : p.phase === 'bootstrap' ? 0.35 : 0.05;
        const base = p.phase === 'starts' ? 0 : p.phase === 'bootstrap' ? 60 : 95;
        const target = base + weight * pct;
        progress.report({ message: `${p.phase} ${p.done}/${p.total}`, increment: Math.max(0, target - reported) });
        reported = Math.max(reported, target);
      }, fileOptionsToFlags(fileOptions(file)));
      token.onCancellationRequested(() => service.worker.cancel(job.id));
      try {
        const result = await job.promise;
        service.setActive(result, file);
        showResults(resultData(result, file));
        return result;
      } catch (e) {
        const err = e as JobError;
        if (err.cancelled) void vscode.window.showInformationMessage(`Scaling Laws: fit of ${fileName(file)} cancelled.`);
        else void vscode.window.showErrorMessage(`Scaling Laws: fit of ${fileName(file)} failed: ${err.message}`);
        return undefined;
      }
    });
  };

  const pickLogFile = async (): Promise<vscode.Uri | undefined> => {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === 'file' && LOG_EXTENSIONS.some((e) => active.fsPath.endsWith('.' + e))) return active;
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, canSelectFolders: true, filters: { 'Run logs': [...LOG_EXTENSIONS], 'All files': ['*'] }, openLabel: 'Fit Scaling Law' });
    return picked?.[0];
  };

  /** The active fit's report, or ask for a FitReport JSON file. */
  const currentReport = async (): Promise<FitReport | undefined> => {
    if (service.active) return service.active.result.report;
    const choice = await vscode.window.showInformationMessage('Scaling Laws: no fit yet in this window.', 'Fit a Log File…', 'Open Fit Report…');
    if (choice === 'Fit a Log File…') {
      const uri = await pickLogFile();
      return uri ? (await fitFile(uri))?.report : undefined;
    }
    if (choice === 'Open Fit Report…') return (await openReport())?.report;
    return undefined;
  };

  const ask = async (prompt: string, placeHolder: string, what: string, value?: string): Promise<number | undefined> => {
    const text = await vscode.window.showInputBox({ prompt, placeHolder, value, validateInput: (t) => validateQuantity(t, what), ignoreFocusOut: true });
    return text === undefined ? undefined : parseQuantity(text);
  };

  const say = (text: string, warnings: string[] = []) => {
    service.log(text);
    for (const w of warnings) service.log(`warning: ${w}`);
    void vscode.window.showInformationMessage(`Scaling Laws: ${text}${warnings.length ? ` — warning: ${warnings.join('; ')}` : ''}`, 'Copy').then((c) => c && vscode.env.clipboard.writeText(text));
  };

  const openReport = async (uri?: vscode.Uri): Promise<FitResult | undefined> => {
    const target = uri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Fit report': ['json'] }, openLabel: 'Open Fit Report' }))?.[0];
    if (!target) return undefined;
    try {
      const json = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target))) as unknown;
      const problem = notAFitReport(json);
      if (problem) {
        // A loss-curve fit: offer its first log in the Curve Panel instead of an empty results panel.
        const first = (json as { kind?: string; inputs?: { file?: string }[] }).kind === 'scaling-laws/curve-fit' ? (json as { inputs?: { file?: string }[] }).inputs?.[0]?.file : undefined;
        if (!first) throw new Error(problem);
        const choice = await vscode.window.showInformationMessage(`Scaling Laws: ${fileName(target.fsPath)} is ${problem.replace(/^not a FitReport but /, '')}.`, 'Open Curve Panel');
        if (choice) await vscode.commands.executeCommand('scalingLaws.openCurvePanel', vscode.Uri.file(first));
        return undefined;
      }
      const report = json as FitReport;
      const built = report.data ? (await answers()).buildPlotData(report, { flopsPerParamToken: service.settings().flopsPerParamToken, maxBandDraws: 300 }) : undefined;
      const result: FitResult = {
        report, plots: built?.plots ?? { axes: [], residuals: { x: [], y: [], text: [], space: 'log', against: 'N' } }, recommendation: built?.recommendation,
        table: { file: target.fsPath, format: 'fit-report', rowCount: report.n ?? 0, columns: [], rows: [], inferred: [], warnings: [] }, elapsedMs: 0,
      };
      const file = report.provenance?.input?.file ?? target.fsPath;
      service.setActive(result, file);
      showResults({ ...resultData(result, file), title: `Fit report: ${fileName(target.fsPath)}`, status: { state: 'idle', message: `loaded ${target.fsPath}` } });
      return result;
    } catch (e) {
      void vscode.window.showErrorMessage(`Scaling Laws: ${target.fsPath}: ${(e as Error).message}`);
      return undefined;
    }
  };

  const guard = (f: (...a: any[]) => Promise<unknown>) => async (...a: any[]) => {
    try {
      return await f(...a);
    } catch (e) {
      void vscode.window.showErrorMessage(`Scaling Laws: ${(e as Error).message}`);
      return undefined;
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('scalingLaws.fit', guard(async (uri?: vscode.Uri, selected?: vscode.Uri[]) => {
      const target = (selected && selected.length ? selected[0] : uri) ?? (await pickLogFile());
      if (!target) return undefined;
      return fitFile(target);
    })),
    vscode.commands.registerCommand('scalingLaws.fitWithOptions', guard(async (uri?: vscode.Uri, selected?: vscode.Uri[]) => {
      const target = (selected && selected.length ? selected[0] : uri) ?? (await pickLogFile());
      if (!target) return undefined;
      const file = target.fsPath;
      const saved = fileOptions(file) ?? {};
      const settingsLaw = service.settings().law;
      const { createLaw, lawIds } = await answers();
      const current = saved.law ?? settingsLaw;
      const lawPick = await vscode.window.showQuickPick(
        lawIds().filter((id) => id !== 'custom').map((id) => ({ label: id, description: createLaw(id).title, picked: id === current })).sort((a, b) => Number(b.picked) - Number(a.picked)),
        { title: `Fit ${fileName(file)}: law (1/4)`, placeHolder: `current: ${current}` },
      );
      if (!lawPick) return undefined;
      const deriveText = await vscode.window.showInputBox({
        title: `Fit ${fileName(file)}: derived columns (2/4)`,
        prompt: 'Optional. NAME=EXPR over column names and roles, separated by ";" (e.g. D=C/(6*N); lnN=log(N))',
        value: (saved.derive ?? []).join('; '),
        validateInput: (t) => { const r = parseDeriveInput(t); return 'error' in r ? r.error : undefined; },
        ignoreFocusOut: true,
      });
      if (deriveText === undefined) return undefined;
      const where = await vscode.window.showInputBox({
        title: `Fit ${fileName(file)}: filter rows (3/4)`,
        prompt: 'Optional. Keep rows where this is true (e.g. loss < 3.4 and N > 1e8)',
        value: saved.where ?? '',
        ignoreFocusOut: true,
      });
      if (where === undefined) return undefined;
      const bootstrapText = await vscode.window.showInputBox({
        title: `Fit ${fileName(file)}: bootstrap resamples (4/4)`,
        prompt: 'Refits on resampled rows for intervals (0: none)',
        value: String(saved.bootstrap ?? service.settings().bootstrap),
        validateInput: (t) => (/^\s*\d+\s*$/.test(t) ? undefined : 'a whole number, 0 or more'),
        ignoreFocusOut: true,
      });
      if (bootstrapText === undefined) return undefined;
      const parsed = parseDeriveInput(deriveText);
      const options: FileFitOptions = {
        ...(lawPick.label !== settingsLaw ? { law: lawPick.label } : {}),
        ...('derive' in parsed && parsed.derive.length ? { derive: parsed.derive } : {}),
        ...(where.trim() ? { where: where.trim() } : {}),
        ...(Number(bootstrapText) !== service.settings().bootstrap ? { bootstrap: Number(bootstrapText) } : {}),
      };
      // Remembered for this file: later fits (and refits from the panel) use the same options.
      await context.workspaceState.update(optionsKey(file), Object.keys(options).length ? options : undefined);
      return fitFile(target);
    })),
    vscode.commands.registerCommand('scalingLaws.predictLoss', guard(async () => {
      const report = await currentReport();
      if (!report) return;
      const { createLaw, predictFromReport } = await answers();
      const law = createLaw(report.law, (report.lawOptions ?? {}) as Record<string, string>);
      const at: Record<string, number> = {};
      const examples: Record<string, string> = { N: '7B', D: '1.4T', C: '5.76e23' };
      for (const input of law.inputs) {
        const v = await ask(`Predict loss: ${input} (${input === 'N' ? 'parameters' : input === 'D' ? 'tokens' : input === 'C' ? 'FLOPs' : input})`, `e.g. ${examples[input] ?? '1e9'}`, input);
        if (v === undefined) return;
        at[input] = v;
      }
      const p = predictFromReport(report, at);
      say(p.text, p.warnings);
      return p;
    })),
    vscode.commands.registerCommand('scalingLaws.computeOptimal', guard(async () => {
      const report = await currentReport();
      if (!report) return;
      const C = await ask('Compute budget C in FLOPs', 'e.g. 5.76e23', 'C');
      if (C === undefined) return;
      const a = (await answers()).allocationForCompute(report, C, service.settings().flopsPerParamToken);
      say(a.text);
      return a;
    })),
    vscode.commands.registerCommand('scalingLaws.budgetForLoss', guard(async () => {
      const report = await currentReport();
      if (!report) return;
      const target = await ask(`Target loss (above E = ${report.params.E?.toPrecision(4) ?? '?'})`, 'e.g. 2.0', 'target loss');
      if (target === undefined) return;
      const a = (await answers()).budgetForLoss(report, target, service.settings().flopsPerParamToken);
      say(a.text);
      return a;
    })),
    vscode.commands.registerCommand('scalingLaws.compareLaws', guard(async () => {
      const file = service.active?.file ?? (await pickLogFile())?.fsPath;
      if (!file) return;
      const candidates = (await answers()).lawIds().filter((id) => id !== 'custom');
      const picks = await vscode.window.showQuickPick(candidates.map((id) => ({ label: id, picked: ['chinchilla', 'kaplan', 'kaplan-e'].includes(id) })), { canPickMany: true, title: `Compare laws on ${fileName(file)}` });
      if (!picks || picks.length === 0) return;
      const mapping = context.workspaceState.get<Record<string, string>>(`mapping:${file}`) ?? {};
      const reports = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Comparing ${picks.length} laws`, cancellable: true }, async (progress, token) => {
        const out: FitReport[] = [];
        for (const p of picks) {
          if (token.isCancellationRequested) break;
          progress.report({ message: p.label, increment: 100 / picks.length });
          const job = service.startFit(file, mapping, undefined, { law: p.label, bootstrap: 0 });
          const sub = token.onCancellationRequested(() => service.worker.cancel(job.id));
          try {
            out.push((await job.promise).report);
          } catch (e) {
            service.log(`compare: ${p.label} failed: ${(e as Error).message}`);
          } finally {
            sub.dispose();
          }
        }
        return out;
      });
      if (!reports.length) throw new Error('no law could be fitted');
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: comparisonMarkdown(compareReports(reports), fileName(file)) });
      await vscode.window.showTextDocument(doc, { preview: true });
      return compareReports(reports);
    })),
    vscode.commands.registerCommand('scalingLaws.openFitReport', guard((uri?: vscode.Uri) => openReport(uri))),
    vscode.commands.registerCommand('scalingLaws.showActiveFit', guard(async () => {
      if (!service.active) return vscode.commands.executeCommand('scalingLaws.fit');
      showResults(resultData(service.active.result, service.active.file));
    })),
    vscode.commands.registerCommand('scalingLaws.copyCliCommand', guard(async () => {
      const file = service.active?.file;
      if (!file) throw new Error('no active fit');
      const mapping = context.workspaceState.get<Record<string, string>>(`mapping:${file}`) ?? {};
      const flags = { ...settingsToFlags(service.settings(), mapping), ...fileOptionsToFlags(fileOptions(file)) };
      const cmd = ['scaling-laws', 'fit', file, ...flagsToArgv(flags), '--json'].map(shellQuote).join(' ');
      await vscode.env.clipboard.writeText(cmd);
      say(`copied: ${cmd}`);
    })),
    vscode.commands.registerCommand('scalingLaws.developer.measureResponsiveness', guard(async (fileArg?: string) => {
      const file = fileArg ?? service.active?.file ?? (await pickLogFile())?.fsPath;
      if (!file) return;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Measuring extension-host event-loop delay during a 4500-start, 4000-resample fit' }, () => measureDuringFit(service, file));
      say(`event-loop delay during the fit: max ${result.maxMs.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, mean ${result.meanMs.toFixed(2)} ms over ${(result.fitMs / 1000).toFixed(1)} s (${result.starts} starts, ${result.bootstrap} resamples)`);
      writeMeasurement('event-loop.json', result);
      return result;
    })),
    vscode.commands.registerCommand('scalingLaws.developer.restartWorker', guard(async () => {
      await service.worker.crashForTest().catch(() => undefined);
      await service.worker.ping();
      say(`worker restarted (pid ${service.worker.pid})`);
    })),
    vscode.window.registerCustomEditorProvider(VIEWER_VIEW_TYPE, new ViewerProvider(context, service), { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } }),
    vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state: unknown) {
        const restored = (state && typeof state === 'object' ? (state as PanelData) : undefined) ?? { kind: 'results', title: 'Scaling law' };
        adoptPanel(panel, { ...restored, kind: 'results' });
        if (restored.result && restored.file && !service.active) service.setActive(restored.result, restored.file);
      },
    }),
  );

  // Config hovers, CodeLens, off-optimal diagnostic + quick fixes, planning panel (issue #5).
  registerConfigInsights(context, service);
  registerCurvePanels(context, service);
  registerPhasesPanel(context, service);
  registerTransferPanel(context, service);

  const activateMs = performance.now() - t0;
  const timing = { activateMs, moduleToActivatedMs: performance.now() - moduleLoadedAt };
  service.log(`activated in ${activateMs.toFixed(1)} ms (module evaluation + activate ${timing.moduleToActivatedMs.toFixed(1)} ms)`);
  writeMeasurement('activation.json', timing);
  return { fits: service };
}

/** Measurements go to the output channel, and to files when the e2e harness asks (env var). */
function writeMeasurement(name: string, value: unknown): void {
  const dir = process.env.SCALING_LAWS_E2E_OUT;
  if (!dir) return;
  try {
    writeFileSync(join(dir, name), JSON.stringify(value, null, 2));
  } catch {
    /* best effort */
  }
}

export function deactivate(): void {
  fits?.dispose();
  fits = undefined;
}
