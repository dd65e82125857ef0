// The curve panel and the live log watch (issue #6). The panel shows a run's observed loss, the
// multi-power-law fit's prediction with a 95 % band under the run's schedule and under the
// schedule in the editor (each edit redraws the prediction), and the LR schedule on a second
// axis. The watch follows a growing log (FileSystemWatcher + a stat poll, debounced) and keeps
// "est. final loss 2.71 ± 0.02 at step 72k" in the status bar: the same extrapolation as
// `scaling-laws curve extrapolate`. Fits and predictions run in the compute threads.
import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { authorsScheduleFromFileName, formatScheduleSpec, parseScheduleSpec } from '../../core/schedule/schedule';
import { estimateText } from '../../core/curves/estimateText';
import type { CurveExploreResult, CurveExtrapolateResult } from '../../protocol/curveTasks';
import { CURVES_ACTIONS, CURVES_VIEW_TYPE } from '../../protocol/panels/curves';
import { LOG_EXTENSIONS } from '../fit/commands';
import type { FitService } from '../fit/fitService';
import { PanelHost, runForPanel, type PanelDefinition } from '../host/panelHost';

export { CURVES_VIEW_TYPE };
const AUTO = 'auto';

/** Validate a schedule answer: 'auto', 'log' or a SPEC. Returns an error message or undefined. */
export function validateScheduleAnswer(text: string): string | undefined {
  const t = text.trim();
  if (t === AUTO || t === 'log') return undefined;
  try {
    parseScheduleSpec(t);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export function registerCurvePanels(context: vscode.ExtensionContext, service: FitService): void {
  const log = (l: string) => service.log(l);
  const worker = service.worker;
  /** pendingSpec: a schedule edited while only the point fit was shown (predicted once the draws arrive). */
  const panels = new Map<string, { kit: PanelHost; schedule: string; fit?: CurveExploreResult; pendingSpec?: string; fitting?: number; loss?: string }>();

  let fitSeq = 0;

  const predictInto = (file: string, spec: string) => {
    const entry = panels.get(file);
    const fit = entry?.fit;
    if (!entry || !fit) return;
    worker.cancelLane(`predict:${file}`);
    void runForPanel(entry.kit, 'predict', worker.job('curvePredict', { law: fit.law, params: fit.params, draws: fit.draws, residualSd: fit.residualSd, schedule: spec, points: 400 }, `predict:${file}`), `predicting under ${spec}`, (v) => entry.kit.data('prediction', v));
  };

  const pickFile = async (uri?: vscode.Uri, title = 'Open Curve Panel'): Promise<string | undefined> => {
    if (uri?.scheme === 'file') return uri.fsPath;
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === 'file' && LOG_EXTENSIONS.some((e) => active.fsPath.endsWith('.' + e))) return active.fsPath;
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Training logs': [...LOG_EXTENSIONS], 'All files': ['*'] }, openLabel: title });
    return picked?.[0]?.fsPath;
  };

  const askSchedule = async (file: string, needTotal: boolean): Promise<string | undefined> => {
    const key = `curveSchedule:${file}`;
    const authors = authorsScheduleFromFileName(basename(file));
    const remembered = context.workspaceState.get<string>(key);
    const value = remembered ?? (authors ? formatScheduleSpec(authors) : needTotal ? '' : AUTO);
    const text = await vscode.window.showInputBox({
      title: `Learning-rate schedule of ${basename(file)}`,
      prompt: needTotal
        ? 'The full run\'s schedule (its total is the step the estimate is for), e.g. cosine:warmup=2000,total=72000,peak=3e-4,end=3e-5'
        : "'auto' (the authors' file-name convention, else the lr column) or a SPEC, e.g. wsd:warmup=2160,total=24000,decay=20000,peak=3e-4,end=3e-5,shape=exp",
      value, ignoreFocusOut: true,
      validateInput: (t) => (needTotal && t.trim() === 'log' ? 'give the full schedule (with its total)' : validateScheduleAnswer(t)),
    });
    if (text === undefined) return undefined;
    await context.workspaceState.update(key, text.trim());
    return text.trim();
  };

  const fitInto = (file: string) => {
    const entry = panels.get(file);
    if (!entry) return;
    worker.cancelLane(`curves:${file}`);
    // The id of the fit in flight: a cancelled earlier one settling later must not clear it.
    const id = (entry.fitting = ++fitSeq);
    // The point fit's curve arrives first (a partial result); the interval and the draws follow.
    const showPartial = (v: CurveExploreResult) => { if (!entry.kit.disposed) entry.kit.data('fit', v); };
    void runForPanel(entry.kit, 'fit', worker.job('curveExplore', { file, schedule: entry.schedule, draws: 24, ...(entry.loss ? { map: { loss: entry.loss } } : {}) }, `curves:${file}`, showPartial), `fitting the multi-power law to ${basename(file)} (extrapolation bootstrap + parameter draws)`, (v) => {
      entry.fit = v;
      entry.kit.data('fit', v);
      const spec = entry.pendingSpec;
      entry.pendingSpec = undefined;
      if (spec) predictInto(file, spec);
    }).finally(() => { if (entry.fitting === id) entry.fitting = undefined; });
  };

  const openPanel = (file: string, schedule: string, panel?: vscode.WebviewPanel): PanelHost => {
    const existing = panels.get(file);
    if (existing && !existing.kit.disposed && !panel) {
      existing.schedule = schedule;
      existing.kit.panel.reveal();
      fitInto(file);
      return existing.kit;
    }
    const p = panel ?? vscode.window.createWebviewPanel(CURVES_VIEW_TYPE, `Loss curve: ${basename(file)}`, vscode.ViewColumn.Active, { enableScripts: true, retainContextWhenHidden: false });
    const def: PanelDefinition = {
      viewType: CURVES_VIEW_TYPE,
      script: 'curves.js',
      panel: 'curves',
      actions: CURVES_ACTIONS,
      log,
      exportBase: () => vscode.Uri.file(dirname(file)),
      inputs: () => [file],
      onReady: (kit, state) => {
        kit.data('file', { file, name: basename(file), schedule });
        const saved = state as { fit?: CurveExploreResult } | undefined;
        const entry = panels.get(file);
        const restorable = saved?.fit && saved.fit.file === file && Array.isArray(saved.fit.params) && Array.isArray(saved.fit.draws);
        if (restorable && entry) entry.fit = saved!.fit;
        else if (entry?.fit) kit.data('fit', entry.fit);
        else if (entry?.fitting === undefined) fitInto(file);
      },
      onAction: (kit, action, args) => {
        const entry = panels.get(file);
        if (!entry) return;
        if (action === 'refit') {
          // Another loss column: only one the last fit offered (the webview's word is not trusted further).
          const loss = typeof args.loss === 'string' ? args.loss : undefined;
          if (loss !== undefined) {
            if (!entry.fit?.loss?.choices.includes(loss)) return kit.error(`'${loss}' is not one of this log's loss columns`);
            entry.loss = loss;
          }
          return fitInto(file);
        }
        if (action === 'predict') {
          const spec = String(args.spec ?? '');
          if (!entry.fit) entry.pendingSpec = spec;
          else predictInto(file, spec);
        }
      },
      onCancel: (_kit, job) => worker.cancelLane(job === 'predict' ? `predict:${file}` : `curves:${file}`),
      onDispose: (kit) => {
        if (panels.get(file)?.kit === kit) panels.delete(file);
        worker.cancelLane(`curves:${file}`);
      },
    };
    const kit = new PanelHost(p, context.extensionUri, def);
    panels.set(file, { kit, schedule });
    // A new panel starts fitting at once, while its page and plotly load (messages wait for 'ready').
    // A restored one waits for its saved state first.
    if (!panel) fitInto(file);
    return kit;
  };

  // ------------------------------------------------------------------ watch
  let watch: { file: string; schedule: string; disposables: vscode.Disposable[]; timer?: NodeJS.Timeout; last?: CurveExtrapolateResult; sig?: string } | undefined;
  const bar = vscode.window.createStatusBarItem('scalingLaws.watch', vscode.StatusBarAlignment.Left, 49);
  bar.name = 'Scaling Laws: training-log watch';
  bar.command = 'scalingLaws.watchMenu';
  context.subscriptions.push(bar);

  const WATCH_KEY = 'scalingLaws.watch';
  const stopWatch = (forget = true) => {
    if (forget) void context.workspaceState.update(WATCH_KEY, undefined);
    if (!watch) return;
    clearTimeout(watch.timer);
    watch.disposables.forEach((d) => d.dispose());
    worker.cancelLane('watch');
    watch = undefined;
    bar.hide();
  };

  const estimate = () => {
    const w = watch;
    if (!w) return;
    worker.cancelLane('watch');
    bar.text = `$(sync~spin) ${basename(w.file)}: ${w.last ? estimateText(w.last) : 'estimating final loss…'}`;
    bar.show();
    const h = worker.job('curveExtrapolate', { file: w.file, schedule: w.schedule }, 'watch')(() => undefined);
    h.promise.then(
      (r) => {
        if (watch !== w) return;
        w.last = r;
        const e = r;
        bar.text = `$(pulse) ${estimateText(e)}`;
        bar.tooltip = `${basename(w.file)}: ${r.observedRows} points observed until step ${e.observedUntil}; ${Math.round(e.level * 100)} % interval ${e.lower.toFixed(4)} – ${e.upper.toFixed(4)} (law ${e.law}, ${e.bootstrap.replicates} bootstrap refits). Schedule: ${r.schedule}. Click for options.`;
        log(`watch ${w.file}: ${estimateText(e)} (observed until ${e.observedUntil})`);
        if (panels.has(w.file)) fitInto(w.file);
      },
      (e: Error & { cancelled?: boolean }) => {
        if (e.cancelled || watch !== w) return;
        bar.text = `$(warning) ${basename(w.file)}: no estimate yet`;
        bar.tooltip = e.message;
        log(`watch ${w.file}: ${e.message}`);
      },
    );
  };

  const schedule = (w: NonNullable<typeof watch>) => {
    clearTimeout(w.timer);
    w.timer = setTimeout(estimate, 1200);
  };

  const startWatch = (file: string, sched: string) => {
    stopWatch(false);
    void context.workspaceState.update(WATCH_KEY, { file, schedule: sched });
    const w: NonNullable<typeof watch> = { file, schedule: sched, disposables: [] };
    watch = w;
    const fsw = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(file)), basename(file)));
    const changed = () => { if (watch === w) schedule(w); };
    w.disposables.push(fsw, fsw.onDidChange(changed), fsw.onDidCreate(changed));
    // Fallback for files outside the workspace or file systems without events: size/mtime poll.
    const poll = setInterval(() => {
      try {
        const s = statSync(file);
        const sig = `${s.size}:${s.mtimeMs}`;
        if (w.sig !== undefined && sig !== w.sig) changed();
        w.sig = sig;
      } catch {
        /* file gone for now */
      }
    }, 3000);
    w.disposables.push({ dispose: () => clearInterval(poll) });
    estimate();
  };

  // A watch survives a window reload (resumed when the extension activates again).
  const resume = context.workspaceState.get<{ file: string; schedule: string }>(WATCH_KEY);
  if (resume?.file && resume.schedule) {
    try {
      statSync(resume.file);
      startWatch(resume.file, resume.schedule);
    } catch {
      void context.workspaceState.update(WATCH_KEY, undefined);
    }
  }

  context.subscriptions.push(
    { dispose: () => stopWatch(false) },
    // From the explorer the second argument is the selection (Uri[]); from code it may be a schedule SPEC.
    vscode.commands.registerCommand('scalingLaws.openCurvePanel', async (uri?: vscode.Uri, sched?: unknown) => {
      const file = await pickFile(uri);
      if (!file) return;
      const s = typeof sched === 'string' ? sched : await askSchedule(file, false);
      if (s === undefined) return;
      openPanel(file, s);
    }),
    vscode.commands.registerCommand('scalingLaws.watchTrainingLog', async (uri?: vscode.Uri, sched?: unknown) => {
      const file = await pickFile(uri, 'Watch Training Log');
      if (!file) return;
      const s = typeof sched === 'string' ? sched : await askSchedule(file, true);
      if (s === undefined) return;
      startWatch(file, s);
      return true;
    }),
    vscode.commands.registerCommand('scalingLaws.watchMenu', async () => {
      if (!watch) return;
      const w = watch;
      const pick = await vscode.window.showQuickPick([
        { label: 'Open Curve Panel', id: 'open' },
        { label: 'Re-estimate Now', id: 'now' },
        { label: 'Stop Watching', id: 'stop' },
      ], { title: `Watching ${basename(w.file)}` });
      if (pick?.id === 'open') openPanel(w.file, w.schedule);
      else if (pick?.id === 'now') estimate();
      else if (pick?.id === 'stop') stopWatch(true);
    }),
    vscode.window.registerWebviewPanelSerializer(CURVES_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state: unknown) {
        const s = state as { file?: { file: string; schedule: string } } | undefined;
        if (!s?.file?.file) {
          panel.dispose();
          return;
        }
        openPanel(s.file.file, s.file.schedule, panel);
      },
    }),
  );
}
