// Extension entry: registers each feature (src/extension/<feature>/). Activation is lazy (commands,
// the viewer, a restored panel, a config language); the worker process is forked on the first job.
import { performance } from 'node:perf_hooks';
const moduleLoadedAt = performance.now();
import * as vscode from 'vscode';
import { registerAnswerCommands } from './answers/commands';
import { registerConfigInsights } from './config';
import { registerCurvePanels } from './curves/curvesPanel';
import { registerDesignCommands } from './design/designPanel';
import { registerFitCommands } from './fit/commands';
import { writeMeasurement } from './host/measurements';
import { FitService } from './fit/fitService';
import { registerPhasesPanel } from './phases/phasesPanel';
import { registerTransferPanel } from './transfer/transferPanel';
import { VIEWER_VIEW_TYPE, ViewerProvider } from './viewer/viewerProvider';
import { registerWalkthrough } from './walkthrough/walkthrough';

let fits: FitService | undefined;

export function activate(context: vscode.ExtensionContext): { fits: FitService } {
  const t0 = performance.now();
  const service = (fits = new FitService(context));
  context.subscriptions.push(service);

  const fitCommands = registerFitCommands(context, service);
  registerAnswerCommands(context, service, fitCommands);
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(VIEWER_VIEW_TYPE, new ViewerProvider(context, service), { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } }),
  );
  // Config hovers, CodeLens, off-optimal diagnostic + quick fixes, planning panel.
  registerConfigInsights(context, service);
  registerCurvePanels(context, service);
  registerPhasesPanel(context, service);
  registerTransferPanel(context, service);
  registerDesignCommands(context, service);
  registerWalkthrough(context);

  const activateMs = performance.now() - t0;
  const timing = { activateMs, moduleToActivatedMs: performance.now() - moduleLoadedAt };
  service.log(`activated in ${activateMs.toFixed(1)} ms (module evaluation + activate ${timing.moduleToActivatedMs.toFixed(1)} ms)`);
  writeMeasurement('activation.json', timing);
  return { fits: service };
}

export function deactivate(): void {
  fits?.dispose();
  fits = undefined;
}
