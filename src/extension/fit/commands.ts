// Fit commands: Fit Scaling Law (explorer, editor title, palette), Fit with Options…, Show Active
// Fit, Open Fit Report…, Copy Equivalent CLI Command, and the results panel they fill. Every fit
// runs as the worker's 'fit' task with the file's one request (fitService.requestFor).
import * as vscode from 'vscode';
import { notAFitReport, type FitReport } from '../../core/report/fitReport';
import { RESULTS_VIEW_TYPE, type ResultsFit } from '../../protocol/panels/results';
import { LAW_IDS } from '../lawIds';
import type { JobError } from '../worker/workerClient';
import type { FitService } from './fitService';
import { appendMeasurement, writeMeasurement } from '../host/measurements';
import { measureDuringFit } from './measure';
import { parseDeriveInput, singleTrainingCurve, type FileFitOptions } from './requests';
import { ResultsPage } from './resultsPanel';

/** File extensions the fit command and the viewer accept. */
export const LOG_EXTENSIONS = ['csv', 'tsv', 'jsonl', 'json', 'ndjson'];

export function fileName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

export function registerFitCommands(context: vscode.ExtensionContext, service: FitService): { fitFile(uri: vscode.Uri): Promise<ResultsFit | undefined>; openReport(uri?: vscode.Uri): Promise<ResultsFit | undefined> } {
  let results: ResultsPage | undefined;

  const page = (file: string | undefined, title: string): ResultsPage => {
    if (!results || results.host.disposed) {
      const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, retainContextWhenHidden: false });
      results = adopt(panel, file, title);
    }
    results.setView({ kind: 'results', title, file });
    results.host.panel.reveal(undefined, true);
    return results;
  };

  const adopt = (panel: vscode.WebviewPanel, file: string | undefined, title: string): ResultsPage => {
    const p = new ResultsPage(panel, context.extensionUri, { kind: 'results', title, file }, {
      log: (l) => service.log(l),
      onRefit: (mapping) => {
        const f = p.data.view.file;
        if (f) void service.setFileOptions(f, { ...service.fileOptions(f), mapping }).then(() => fitFile(vscode.Uri.file(f)));
      },
      onCopyCli: () => void vscode.commands.executeCommand('scalingLaws.copyCliCommand'),
      onExclude: (rows) => {
        const f = p.data.view.file;
        if (f) void service.excludeRows(f, rows).then(() => fitFile(vscode.Uri.file(f)));
      },
      onDispose: () => {
        if (results === p) results = undefined;
      },
    });
    return p;
  };

  /**
   * Ask once per file for roles the law needs and inference did not find (remembered with the file's
   * options). A single training run with none of the law's inputs is a loss curve, not a sweep: it
   * goes to the Curve Panel (a scaling law over N and D needs several runs), so no column is asked for.
   */
  const ensureMapping = async (file: string): Promise<boolean | 'curve'> => {
    const options = service.fileOptions(file);
    const saved = options.mapping ?? {};
    const derived = new Set((options.derive ?? []).map((d) => d.slice(0, d.indexOf('='))));
    const law = options.law ?? service.settings().law;
    const inputs = LAW_IDS[law]?.inputs ?? ['N', 'D'];
    const table = await service.inspect(file, 0);
    const has = (r: string) => Boolean(saved[r]) || derived.has(r) || table.columns.some((c) => c.role === r);
    // D is derived as C / (k N) by the fit itself when a table has N and C but no tokens.
    const needed = [...inputs, 'loss'].filter((r) => !has(r) && !(r === 'D' && has('N') && has('C')));
    if (needed.length === 0) return true;
    if (singleTrainingCurve(table, inputs, saved, derived)) {
      const loss = table.inferred.find((i) => i.role === 'loss');
      const said = `${fileName(file)} is one training run (${table.format}, ${table.rows} rows${loss ? `, loss column '${loss.column}'` : ''}) with no ${inputs.filter((r) => !has(r)).join(' or ')} column: a scaling law over ${inputs.join(' and ')} needs several runs, so its loss curve is fitted in the Curve Panel.`;
      service.log(said);
      void vscode.window.showInformationMessage(`Scaling Laws: ${said}`);
      const hasLr = table.columns.some((c) => c.role === 'lr');
      await vscode.commands.executeCommand('scalingLaws.openCurvePanel', vscode.Uri.file(file), ...(hasLr ? ['auto'] : []));
      return 'curve';
    }
    const numeric = table.columns.filter((c) => c.type === 'number').map((c) => c.name);
    if (!numeric.length) throw new Error(`${fileName(file)} has no numeric column to fit (columns: ${table.columns.map((c) => c.name).join(', ') || 'none'}; format ${table.format}). Check the format with \`scaling-laws inspect\`.`);
    const mapping = { ...saved };
    for (const role of needed) {
      const pick = await vscode.window.showQuickPick(numeric.map((n) => ({ label: n })), { title: `Which column is ${role}?`, placeHolder: `${fileName(file)}: no column was recognised as ${role}; the choice is remembered for this file` });
      if (!pick) return false;
      mapping[role] = pick.label;
    }
    await service.setFileOptions(file, { ...options, mapping });
    return true;
  };

  const fitFile = async (uri: vscode.Uri): Promise<ResultsFit | undefined> => {
    const file = uri.fsPath;
    const t0 = Date.now();
    const mark = (event: string) => appendMeasurement('panel-timings.jsonl', { panel: 'fit', title: fileName(file), event, hostMs: Date.now() - t0 });
    try {
      const ready = await ensureMapping(file);
      if (ready !== true) return undefined;
    } catch (e) {
      void vscode.window.showErrorMessage(`Scaling Laws: ${(e as Error).message}`);
      return undefined;
    }
    mark('roles checked');
    // The panel opens at once, so its page and plotly load while the worker fits.
    const shown = results && !results.host.disposed ? results.data.view.file : undefined;
    const early = page(file, `Scaling law: ${fileName(file)}`);
    if (shown !== file && early.data.fit) early.setFit(null); // another file's fit is not shown under this title
    early.busy('fit', `fitting ${fileName(file)}`);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Fitting ${fileName(file)}`, cancellable: true }, async (progress, token) => {
      let reported = 0;
      const job = service.startFit(file, {
        // The point fit is drawn as soon as it exists; the bands follow with the final report.
        onPartial: (report, figures) => {
          if (!figures || token.isCancellationRequested) return;
          mark('point fit received');
          page(file, `Scaling law: ${fileName(file)}`).setFit({ report, figures, request: job.request, cli: service.cliCommand(file), elapsedMs: 0, partial: true });
        },
        onProgress: (p) => {
          const pct = p.total > 0 ? (100 * p.done) / p.total : 0;
          const [base, weight] = p.phase === 'load' ? [0, 0.05] : p.phase === 'starts' ? [5, 0.55] : p.phase === 'bootstrap' ? [60, 0.38] : [98, 0.02];
          const target = base + weight * pct;
          progress.report({ message: `${p.phase} ${p.done}/${p.total}`, increment: Math.max(0, target - reported) });
          reported = Math.max(reported, target);
        },
      });
      token.onCancellationRequested(() => service.worker.cancel(job.id));
      try {
        const r = await job.promise;
        mark('final fit received');
        const fit: ResultsFit = { report: r.value, figures: r.figures!, request: job.request, cli: service.cliCommand(file), elapsedMs: r.elapsedMs };
        service.setActive({ file, report: r.value, figures: r.figures, request: job.request, elapsedMs: r.elapsedMs });
        fit.history = service.earlierFits(file);
        const p = page(file, `Scaling law: ${fileName(file)}`);
        p.setFit(fit);
        p.idle('fit');
        return fit;
      } catch (e) {
        const err = e as JobError;
        page(file, `Scaling law: ${fileName(file)}`).idle('fit', err.cancelled ? 'cancelled' : 'failed');
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

  /** Open a FitReport JSON: its figures are built in the worker (its formula is user input). */
  const openReport = async (uri?: vscode.Uri): Promise<ResultsFit | undefined> => {
    const target = uri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Fit report': ['json'] }, openLabel: 'Open Fit Report' }))?.[0];
    if (!target) return undefined;
    try {
      const bytes = await vscode.workspace.fs.readFile(target);
      if (bytes.length > 256 * 1024 * 1024) throw new Error('larger than 256 MB: not a FitReport this tool wrote');
      const json = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
      const problem = notAFitReport(json);
      if (problem) {
        // A loss-curve fit: offer its first log in the Curve Panel instead of an empty results panel.
        const first = (json as { kind?: string; inputs?: { file?: string }[] }).kind === 'scaling-laws/curve-fit' ? (json as { inputs?: { file?: string }[] }).inputs?.[0]?.file : undefined;
        if (!first || typeof first !== 'string') throw new Error(problem);
        const choice = await vscode.window.showInformationMessage(`Scaling Laws: ${fileName(target.fsPath)} is ${problem.replace(/^not a FitReport but /, '')}.`, 'Open Curve Panel');
        if (choice) await vscode.commands.executeCommand('scalingLaws.openCurvePanel', vscode.Uri.file(first));
        return undefined;
      }
      const report = json as FitReport;
      const k = service.settings().flopsPerParamToken;
      const figures = (await service.worker.run('figures', { report, flopsPerParamToken: report.provenance?.flopsPerParamToken ?? k }).promise).value;
      const file = report.provenance?.input?.file ?? target.fsPath;
      const fit: ResultsFit = { report, figures, elapsedMs: 0 };
      service.setActive({ file, report, figures, elapsedMs: 0 });
      page(file, `Fit report: ${fileName(target.fsPath)}`).setFit(fit);
      return fit;
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

  const say = (text: string) => {
    service.log(text);
    void vscode.window.showInformationMessage(`Scaling Laws: ${text}`);
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
      const saved = service.fileOptions(file);
      const settingsLaw = service.settings().law;
      const current = saved.law ?? settingsLaw;
      const lawPick = await vscode.window.showQuickPick(
        Object.entries(LAW_IDS).filter(([id]) => id !== 'custom').map(([id, l]) => ({ label: id, description: l.title, picked: id === current })).sort((a, b) => Number(b.picked) - Number(a.picked)),
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
        validateInput: (t) => (/^\s*\d+\s*$/.test(t) && Number(t) <= 100_000 ? undefined : 'a whole number from 0 to 100000'),
        ignoreFocusOut: true,
      });
      if (bootstrapText === undefined) return undefined;
      const parsed = parseDeriveInput(deriveText);
      const options: FileFitOptions = {
        ...(saved.mapping ? { mapping: saved.mapping } : {}),
        ...(lawPick.label !== settingsLaw ? { law: lawPick.label } : {}),
        ...('derive' in parsed && parsed.derive.length ? { derive: parsed.derive } : {}),
        ...(where.trim() ? { where: where.trim() } : {}),
        ...(Number(bootstrapText) !== service.settings().bootstrap ? { bootstrap: Number(bootstrapText) } : {}),
      };
      // Remembered for this file: later fits (the panel, the Viewer, Compare Laws) use the same options.
      await service.setFileOptions(file, options);
      return fitFile(target);
    })),
    vscode.commands.registerCommand('scalingLaws.openFitReport', guard((uri?: vscode.Uri) => openReport(uri))),
    vscode.commands.registerCommand('scalingLaws.showActiveFit', guard(async () => {
      const a = service.active;
      if (!a) return vscode.commands.executeCommand('scalingLaws.fit');
      const figures = a.figures ?? (await service.worker.run('figures', { report: a.report }).promise).value;
      page(a.file, `Scaling law: ${fileName(a.file)}`).setFit({ report: a.report, figures, request: a.request, cli: a.request ? service.cliCommand(a.file) : undefined, elapsedMs: a.elapsedMs });
    })),
    vscode.commands.registerCommand('scalingLaws.copyCliCommand', guard(async () => {
      const file = service.active?.file;
      if (!file) throw new Error('no active fit');
      const cmd = service.cliCommand(file);
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
    vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        results = adopt(panel, undefined, 'Scaling law');
      },
    }),
  );
  return { fitFile, openReport };
}
