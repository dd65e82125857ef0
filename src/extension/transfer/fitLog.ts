// A log picked for the transfer chain is fitted here, as the other panels fit logs: the user says
// which stage it is (compute → loss, loss → loss, loss → downstream error) and, for the transfer
// stages, which columns are the source and the target. The answer is remembered per file.
import * as vscode from 'vscode';
import type { FitReport } from '../../core/report/fitReport';
import type { FitService } from '../fit/fitService';

interface StageChoice {
  law: 'chinchilla' | 'loss-to-loss' | 'downstream';
  x?: string;
  y?: string;
}

const STAGES: { label: string; detail: string; law: StageChoice['law'] }[] = [
  { label: 'Compute → loss', detail: 'final losses of runs with N and D (or C): the Chinchilla law', law: 'chinchilla' },
  { label: 'Loss → another loss', detail: 'pairs of losses on two data sets: the loss-to-loss law (Brandfonbrener et al.)', law: 'loss-to-loss' },
  { label: 'Loss → downstream error', detail: 'loss against a benchmark error: the downstream law (Gadre et al.)', law: 'downstream' },
];

async function askStage(service: FitService, context: vscode.ExtensionContext, file: string): Promise<StageChoice | undefined> {
  const key = `transferStage:${file}`;
  const saved = context.workspaceState.get<StageChoice>(key);
  if (saved) return saved;
  const name = file.split(/[\\/]/).pop();
  const stage = await vscode.window.showQuickPick(STAGES, { title: `Which stage of the chain is ${name}?`, ignoreFocusOut: true });
  if (!stage) return undefined;
  const choice: StageChoice = { law: stage.law };
  if (stage.law !== 'chinchilla') {
    const table = await service.inspect(file, 0);
    const numeric = table.columns.filter((c) => c.type === 'number').map((c) => ({ label: c.name, description: c.role ?? undefined }));
    if (numeric.length < 2) throw new Error(`${name} has fewer than two numeric columns (${table.columns.map((c) => c.name).join(', ')}): a transfer stage needs a source and a target`);
    const x = await vscode.window.showQuickPick(numeric, { title: `${name}: the source loss (x)`, ignoreFocusOut: true });
    if (!x) return undefined;
    const y = await vscode.window.showQuickPick(numeric.filter((c) => c.label !== x.label), { title: `${name}: the target (${stage.law === 'downstream' ? 'downstream error' : 'the other loss'}, y)`, ignoreFocusOut: true });
    if (!y) return undefined;
    Object.assign(choice, { x: x.label, y: y.label });
  }
  await context.workspaceState.update(key, choice);
  return choice;
}

/** Fit `file` as a stage of the chain (the worker's fit task, with the file's own options). */
export async function fitLogForChain(service: FitService, context: vscode.ExtensionContext, file: string): Promise<FitReport | undefined> {
  const choice = await askStage(service, context, file);
  if (!choice) return undefined;
  const overrides = { law: choice.law, ...(choice.x && choice.y ? { map: { x: choice.x, y: choice.y } } : {}) };
  const name = file.split(/[\\/]/).pop();
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Fitting ${name} (${choice.law}) for the chain`, cancellable: true }, async (_p, token) => {
    const job = service.startFit(file, {}, overrides);
    token.onCancellationRequested(() => service.worker.cancel(job.id));
    return (await job.promise).value;
  });
}
