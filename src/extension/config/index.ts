// Editor insights for model configs (issue #5, "In the editor"): hovers on model-size keys, a
// CodeLens summary at the top of a recognised config, an information diagnostic when the run is far
// from compute-optimal with quick fixes (WorkspaceEdits: undo-safe, nothing written to disk), and
// the planning panel command. The parsing/closed-form logic lives in ./logic.ts, bundled separately
// (dist/extensionConfig.js) and required on the first config-looking document, so activation only
// registers providers. Everything the providers do is synchronous parsing plus closed forms (well
// under a millisecond for a config), cached per document version and active fit.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { FitReport } from '../../core/report/fitReport';
import { openPlanningPanel, PlanningPanel, registerPlanningSerializer } from '../planning/panel';
import { configLogic } from './load';
import type { ConfigAnalysis, TrainingSidecar } from './logic';

/** What the config insights need from the extension (FitService satisfies it). */
export interface ConfigInsightsDeps {
  readonly active?: { report: FitReport; file: string };
  readonly worker: import('../worker/workerClient').WorkerClient;
  readonly onDidChangeActive: vscode.Event<void>;
  log(line: string): void;
  /** FLOPs per parameter per token setting (scalingLaws.flopConvention). */
  settings?(): { flopsPerParamToken: number };
}

// Same regex as logic.mightBeModelConfig, duplicated so the host can skip non-configs without loading the bundle.
const MIGHT_BE_CONFIG = /\b(hidden_size|n_embd|d_model|dim|num_layers|n_layers|n_layer|num_hidden_layers|flavor)\b/;
const EXT_BY_LANGUAGE: Record<string, string> = { json: '.json', jsonc: '.json', yaml: '.yaml', toml: '.toml', python: '.py' };
const SELECTOR: vscode.DocumentSelector = [
  ...['file', 'untitled', 'vscode-remote', 'vscode-userdata'].flatMap((scheme) => ['json', 'jsonc', 'yaml', 'toml', 'python'].map((language) => ({ scheme, language }))),
  { scheme: 'file', pattern: '**/*.toml' },
];
const DIAGNOSTIC_CODE = 'off-optimal';
const SOURCE = 'Scaling Laws';

function configFileName(doc: vscode.TextDocument): string {
  const name = doc.fileName;
  if (/\.(json|jsonc|ya?ml|toml|py)$/i.test(name)) return name;
  return name + (EXT_BY_LANGUAGE[doc.languageId] ?? '');
}

/** Language or file name we parse (cheap: no text scan). */
function isConfigLanguage(doc: vscode.TextDocument): boolean {
  return (doc.languageId in EXT_BY_LANGUAGE || /\.toml$/i.test(doc.fileName)) && doc.uri.scheme !== 'git' && doc.uri.scheme !== 'output';
}

/** Files the HF Trainer writes beside config.json that say how long it trained (read when at most 4 MB). */
const TRAINER_FILES = ['training_args.json', 'trainer_state.json'];
const MAX_SIDECAR_BYTES = 4 << 20;

function trainingSidecar(doc: vscode.TextDocument): TrainingSidecar | undefined {
  if (doc.uri.scheme !== 'file' || !/\.json$/i.test(doc.fileName)) return undefined;
  for (const name of TRAINER_FILES) {
    const p = join(dirname(doc.fileName), name);
    try {
      if (statSync(p).size > MAX_SIDECAR_BYTES) continue;
      return { name, text: readFileSync(p, 'utf8') };
    } catch {
      /* not there */
    }
  }
  return undefined;
}

/** Configs are small; a huge document is not parsed on the extension host (a hover must never stall it). */
const MAX_CONFIG_CHARS = 1 << 20;

function isCandidate(doc: vscode.TextDocument): boolean {
  if (doc.lineCount > 20000 || !isConfigLanguage(doc)) return false;
  if (doc.offsetAt(new vscode.Position(doc.lineCount, 0)) > MAX_CONFIG_CHARS) return false;
  return MIGHT_BE_CONFIG.test(doc.getText());
}

export function registerConfigInsights(context: vscode.ExtensionContext, deps: ConfigInsightsDeps): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  let stamp = 0; // bumps when the active fit or the settings change
  const cache = new Map<string, { version: number; stamp: number; analysis: ConfigAnalysis | undefined }>();
  const changed = new vscode.EventEmitter<void>();

  const settings = () => {
    const cfg = vscode.workspace.getConfiguration('scalingLaws');
    return configLogic().readPlanningSettings((k) => cfg.get(k));
  };

  const analyze = (doc: vscode.TextDocument): ConfigAnalysis | undefined => {
    const key = doc.uri.toString();
    const hit = cache.get(key);
    if (hit && hit.version === doc.version && hit.stamp === stamp) return hit.analysis;
    let analysis: ConfigAnalysis | undefined;
    if (isCandidate(doc)) {
      try {
        const L = configLogic();
        const fit = L.lawFromReport(deps.active?.report, deps.active?.file);
        analysis = L.analyzeConfig(doc.getText(), configFileName(doc), fit, settings(), trainingSidecar(doc));
      } catch (e) {
        deps.log(`config insights: ${doc.fileName}: ${(e as Error).message}`);
      }
    }
    cache.set(key, { version: doc.version, stamp, analysis });
    return analysis;
  };

  const diagnostics = vscode.languages.createDiagnosticCollection('scalingLaws.config');
  disposables.push(diagnostics, changed);

  const refreshDiagnostics = (doc: vscode.TextDocument) => {
    const a = analyze(doc);
    const s = a?.settings;
    const off = a && s?.diagnostics ? configLogic().offOptimalDiagnostic(a) : undefined;
    if (!off) {
      diagnostics.delete(doc.uri);
      return;
    }
    const range = new vscode.Range(doc.positionAt(off.key.offset), doc.positionAt(off.key.offset + off.key.length));
    const d = new vscode.Diagnostic(range, off.message, vscode.DiagnosticSeverity.Information);
    d.source = SOURCE;
    d.code = DIAGNOSTIC_CODE;
    diagnostics.set(doc.uri, [d]);
  };

  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const schedule = (doc: vscode.TextDocument) => {
    const k = doc.uri.toString();
    clearTimeout(timers.get(k));
    timers.set(k, setTimeout(() => {
      timers.delete(k);
      if (!doc.isClosed) refreshDiagnostics(doc);
    }, 300));
  };
  const refreshAll = () => {
    stamp++;
    changed.fire();
    for (const doc of vscode.workspace.textDocuments) if (isConfigLanguage(doc)) schedule(doc);
  };

  disposables.push(
    vscode.languages.registerHoverProvider(SELECTOR, {
      provideHover(doc, pos) {
        if (!isCandidate(doc)) return undefined;
        const a = analyze(doc);
        if (!a || !a.settings.hover) return undefined;
        const L = configLogic();
        const key = L.hoverKey(a, pos.line + 1, pos.character + 1);
        if (!key) return undefined;
        const md = new vscode.MarkdownString(L.hoverMarkdown(a, key));
        md.isTrusted = { enabledCommands: L.HOVER_COMMANDS };
        md.supportThemeIcons = true;
        return new vscode.Hover(md, new vscode.Range(doc.positionAt(key.offset), doc.positionAt(key.offset + key.length)));
      },
    }),
    vscode.languages.registerCodeLensProvider(SELECTOR, {
      onDidChangeCodeLenses: changed.event,
      provideCodeLenses(doc) {
        if (!isCandidate(doc)) return [];
        const a = analyze(doc);
        if (!a || !a.settings.codeLens) return [];
        const top = new vscode.Range(0, 0, 0, 0);
        const lenses = [new vscode.CodeLens(top, { title: configLogic().codeLensTitle(a), command: a.fit ? 'scalingLaws.planning.open' : 'scalingLaws.fit', tooltip: a.fit ? 'Open the planning panel for the active fit' : 'No active fit: fit a log for predicted loss and the compute-optimal alternative' })];
        if (a.fit) lenses.push(new vscode.CodeLens(top, { title: 'Open the fit', command: 'scalingLaws.showActiveFit' }));
        return lenses;
      },
    }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, {
      provideCodeActions(doc, _range, ctx) {
        const ours = ctx.diagnostics.filter((d) => d.source === SOURCE && d.code === DIAGNOSTIC_CODE);
        if (!ours.length) return [];
        const a = analyze(doc);
        if (!a) return [];
        return configLogic().quickFixes(doc.getText(), a).map((fix, i) => {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          const edit = new vscode.WorkspaceEdit();
          for (const e of fix.edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.newText);
          action.edit = edit;
          action.diagnostics = ours;
          action.isPreferred = i === 0;
          return action;
        });
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    // Typing only re-arms a timer; the text scan and parse happen once the user pauses (300 ms).
    vscode.workspace.onDidOpenTextDocument((doc) => isConfigLanguage(doc) && schedule(doc)),
    vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && isConfigLanguage(e.document) && schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      diagnostics.delete(doc.uri);
      cache.delete(doc.uri.toString());
    }),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('scalingLaws') && refreshAll()),
    deps.onDidChangeActive(() => {
      refreshAll();
      PlanningPanel.current?.refresh();
    }),
    vscode.commands.registerCommand('scalingLaws.planning.open', async () => {
      try {
        await openPlanningPanel(context, deps, (doc) => analyze(doc));
      } catch (e) {
        void vscode.window.showErrorMessage(`Scaling Laws: ${(e as Error).message}`);
      }
    }),
    registerPlanningSerializer(context, deps, (doc) => analyze(doc)),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  for (const doc of vscode.workspace.textDocuments) if (isConfigLanguage(doc)) schedule(doc);
  const all = vscode.Disposable.from(...disposables);
  context.subscriptions.push(all);
  return all;
}
