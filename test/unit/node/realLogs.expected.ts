// The real-logs corpus (../shared/reference-data/real-logs, described in its ORIGINS.md): for each entry, what
// a correct reader must find (a copy of ORIGINS.md is docs/real-logs-ORIGINS.md, to rebuild the corpus). Every number here was counted from the files with independent tools (Python's
// json/csv/re modules and a 40-line TFRecord scanner), not with this project's code; the counting commands
// are in ORIGINS.md. Used by loadTable.realLogs.test.ts, and by the before/after score of issue 15.
import type { RunTable } from '../../../src/core/table/runTable';

export interface RealLogExpectation {
  entry: string;
  /** Path under the corpus root (default: the entry folder). */
  path?: string;
  /** Refused with exit 2 and a message matching this. */
  refused?: RegExp;
  runs?: number;
  /** Distinct values of the run column; [] = no run column (a single file, one run). */
  ids?: string[];
  /** The loss column; null = none should be chosen. */
  loss?: string | null;
  /** Finite values of the loss column: per run id, or in total when a number. */
  points?: Record<string, number> | number;
  /** Columns that must exist (hyperparameters, results attached to the run). */
  columns?: string[];
  /** A warning that must be given. */
  warning?: RegExp;
}

const versions = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

export const REAL_LOGS: RealLogExpectation[] = [
  // HF Trainer
  { entry: 'hf-t5-output', runs: 1, ids: ['hf-t5-output'], loss: 'loss', points: { 'hf-t5-output': 430 }, columns: ['results.eval_loss', 'd_model'] },
  { entry: 'hf-t5-trainer-state', path: 'hf-t5-trainer-state/trainer_state.json', runs: 1, ids: [], loss: 'loss', points: 430 },
  { entry: 'hf-t5-all-results', path: 'hf-t5-all-results/all_results.json', runs: 1, ids: [], loss: 'eval_loss', points: 1 },
  { entry: 'hf-t5-tensorboard', runs: 1, ids: ['Mar24_22-23-40_DESKTOP-41L2EO3'], loss: 'train/loss', points: 430 },
  { entry: 'hf-tinyllama-trainer-state', path: 'hf-tinyllama-trainer-state/trainer_state.json', runs: 1, ids: [], loss: 'loss', points: 186 },
  { entry: 'hf-checkpoints-only', runs: 1, ids: ['hf-checkpoints-only'], loss: 'loss', points: { 'hf-checkpoints-only': 24 } },
  { entry: 'hf-checkpoint-500', runs: 1, ids: ['hf-checkpoint-500'], loss: 'eval_loss', points: 1 },
  { entry: 'lfs-pointer-checkpoint', refused: /git lfs pull/ },
  // Lightning
  { entry: 'lightning-5-versions', runs: 5, ids: versions(5, 'version_'), loss: 'train_loss', points: Object.fromEntries(versions(5, 'version_').map((v) => [v, 2])) },
  { entry: 'lightning-version-folder', runs: 1, ids: ['version_2'], loss: 'train_loss', points: 2 },
  { entry: 'lightning-hparams', runs: 1, ids: ['version_11'], loss: 'train_loss_step', points: 25, columns: ['d_model', 'num_layers', 'lr'] },
  { entry: 'lightning-metrics-csv', path: 'lightning-metrics-csv/metrics.csv', runs: 1, ids: [], loss: 'train_loss_step', points: 25 },
  // detectron2
  { entry: 'detectron2-metrics-json', path: 'detectron2-metrics-json/metrics.json', runs: 1, ids: [], loss: 'total_loss', points: 122 },
  { entry: 'detectron2-output-folder', runs: 1, ids: ['output'], loss: 'total_loss', points: 15 },
  { entry: 'detectron2-tfevents', runs: 1, ids: ['detectron2-tfevents'], loss: 'total_loss', points: 15 },
  // modded-nanogpt records and llm.c
  { entry: 'mng-adamw-log', path: 'mng-adamw-log/adamw.log', runs: 1, ids: [], loss: 'train_loss', points: 9536 },
  { entry: 'mng-muon-txt', path: 'mng-muon-txt/muon.txt', runs: 1, ids: [], loss: 'train_loss', points: 6200 },
  { entry: 'mng-llmc-main-log', path: 'mng-llmc-main-log/main.log', runs: 1, ids: [], loss: 'train_loss', points: 19560 },
  { entry: 'mng-recent-txt', path: 'mng-recent-txt/record.txt', runs: 1, ids: [], loss: 'val_loss', points: 15 },
  {
    entry: 'mng-record-folder',
    runs: 3,
    ids: ['0069607b-aa90-49fd-9766-4368bcd168c4', '29354340-7020-42e4-8b06-b9a7c85e3d51', '569ca2ab-12e9-4035-a0c7-f18c7050d234'],
    loss: 'val_loss',
    points: { '0069607b-aa90-49fd-9766-4368bcd168c4': 13, '29354340-7020-42e4-8b06-b9a7c85e3d51': 13, '569ca2ab-12e9-4035-a0c7-f18c7050d234': 13 },
  },
  { entry: 'llmc-slurm-stdout', path: 'llmc-slurm-stdout/gpt2_train.log', runs: 1, ids: [], loss: 'train_loss', points: 750 },
  { entry: 'llmc-slurm-stdout-short', path: 'llmc-slurm-stdout-short/gpt2_train.log', runs: 1, ids: [], loss: null },
  // generic text logs
  { entry: 'cifar-training-log', path: 'cifar-training-log/training.log', runs: 1, ids: [], loss: 'train_loss', points: 35 },
  {
    entry: 'cifar-gbk-search-log',
    path: 'cifar-gbk-search-log/hyperparameter_search.log',
    runs: 4,
    ids: ['hyperparameter_search#1', 'hyperparameter_search#2', 'hyperparameter_search#3', 'hyperparameter_search#4'],
    loss: 'train_loss',
    points: { 'hyperparameter_search#1': 30, 'hyperparameter_search#2': 30, 'hyperparameter_search#3': 30, 'hyperparameter_search#4': 7 },
    warning: /not valid UTF-8 \(byte 0xBF at line 1, column 34\); decoded as Windows-1252/,
  },
  { entry: 'emonet-training-log', path: 'emonet-training-log/training.log', runs: 1, ids: [], loss: 'train_loss', points: 500 },
  { entry: 'cifar-search-results-csv', path: 'cifar-search-results-csv/search_results.csv', runs: 1, ids: [], loss: null },
  // MLflow
  {
    entry: 'mlflow-mlruns',
    runs: 7,
    ids: ['abrasive-dog-681', 'aged-grouse-125', 'crawling-hog-781', 'efficient-hare-726', 'rare-worm-945', 'salty-sponge-331', 'sincere-moth-196'],
    loss: null,
    columns: ['alpha', 'l1_ratio', 'rmse'],
  },
  { entry: 'mlflow-run-folder', runs: 1, ids: ['crawling-hog-781'], loss: null, columns: ['alpha', 'mae'] },
  // W&B
  { entry: 'wandb-summary-runs', runs: 2, ids: ['run-20260211_121423-kj3gdsjx', 'run-20260211_131227-eziofh0f'], loss: 'val/loss', points: { 'run-20260211_121423-kj3gdsjx': 1, 'run-20260211_131227-eziofh0f': 1 } },
  {
    entry: 'wandb-output-log',
    runs: 3,
    ids: ['run-20230329_014608-tdnogiww', 'run-20230329_014920-xpeipnem', 'run-20230329_135925-5pppfjv9'],
    loss: 'train_loss_local',
    points: { 'run-20230329_014608-tdnogiww': 0, 'run-20230329_014920-xpeipnem': 1, 'run-20230329_135925-5pppfjv9': 1 },
  },
  { entry: 'wandb-run-folder', runs: 1, ids: ['run-20260211_121423-kj3gdsjx'], loss: 'val/loss', points: 1, columns: ['lr', 'batch_size'] },
  // Hydra job logs without metrics: refused, with the first lines tried
  { entry: 'hydra-multirun-no-metrics', refused: /no (run logs|data files) found/ },
  { entry: 'hydra-log-no-metrics', path: 'hydra-log-no-metrics/scaling_hidden_dim.log', refused: /not a log format we can read.*first lines: line 1/ },
];

export interface EntryResult {
  entry: string;
  ok: boolean;
  problems: string[];
}

function runIdsOf(t: RunTable): { ids: string[]; of: (i: number) => string } {
  const c = t.columns.find((x) => x.role === 'run') ?? t.columns.find((x) => x.name === 'run');
  if (!c) return { ids: [], of: () => '' };
  const v = c.values as ArrayLike<unknown>;
  return { ids: [...new Set(Array.from(v, String))].sort(), of: (i) => String(v[i]) };
}

/** Score one entry: load it with the given loader and compare with what the files hold. */
export async function scoreEntry(root: string, e: RealLogExpectation, load: (path: string) => Promise<RunTable>, isInputError: (x: unknown) => boolean): Promise<EntryResult> {
  const problems: string[] = [];
  const path = `${root}/${e.path ?? e.entry}`;
  let t: RunTable;
  try {
    t = await load(path);
  } catch (err) {
    if (e.refused && isInputError(err) && e.refused.test((err as Error).message) && !/\n/.test((err as Error).message)) return { entry: e.entry, ok: true, problems };
    return { entry: e.entry, ok: false, problems: [`threw ${(err as Error)?.name}: ${String((err as Error)?.message).slice(0, 200)}`] };
  }
  if (e.refused) return { entry: e.entry, ok: false, problems: [`read (${t.rowCount} rows, format ${t.format}) instead of refused`] };
  const { ids, of } = runIdsOf(t);
  const runs = t.runCount ?? Math.max(1, ids.length);
  if (e.runs !== undefined && runs !== e.runs) problems.push(`runs ${runs}, expected ${e.runs}`);
  if (e.ids !== undefined && JSON.stringify(ids) !== JSON.stringify([...e.ids].sort())) problems.push(`run ids ${JSON.stringify(ids.slice(0, 6))}, expected ${JSON.stringify(e.ids.slice(0, 6))}`);
  const loss = t.columns.find((c) => c.role === 'loss');
  if (e.loss !== undefined && (loss?.name ?? null) !== e.loss) problems.push(`loss column ${loss ? `'${loss.name}'` : 'none'}, expected ${e.loss === null ? 'none' : `'${e.loss}'`}`);
  if (e.points !== undefined && loss && loss.kind === 'number') {
    const per = new Map<string, number>();
    for (let i = 0; i < t.rowCount; i++) if (Number.isFinite(loss.values[i])) per.set(of(i), (per.get(of(i)) ?? 0) + 1);
    if (typeof e.points === 'number') {
      const total = [...per.values()].reduce((a, b) => a + b, 0);
      if (total !== e.points) problems.push(`${total} loss points, expected ${e.points}`);
    } else
      for (const [id, n] of Object.entries(e.points))
        if ((per.get(id) ?? 0) !== n) problems.push(`run ${id}: ${per.get(id) ?? 0} loss points, expected ${n}`);
  }
  for (const c of e.columns ?? []) if (!t.columns.some((x) => x.name === c)) problems.push(`no column '${c}'`);
  if (e.warning && !t.warnings.some((w) => e.warning!.test(w))) problems.push(`no warning matching ${e.warning}`);
  return { entry: e.entry, ok: problems.length === 0, problems };
}
