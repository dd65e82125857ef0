// Run-folder layouts: which runs a folder holds, which files make up each run, and why every other file
// was skipped. Pure recognition over a listing (paths, sizes, first bytes); src/node/walkFolder.ts lists
// the file system and src/node/loadTable.ts reads the planned files.
//
// Recognised run folders (a run's id is the path of the folder that identifies it, relative to the root):
//   hf-trainer   trainer_state.json (+ checkpoint-*/trainer_state.json prefix copies, all/train/eval_results.json,
//                config.json); a folder of checkpoints only is read from its newest checkpoint
//   lightning    metrics.csv beside hparams.yaml, or in a version_N folder
//   tensorboard  events.out.tfevents.* (several files of one folder are one run; train/ validation/ … subfolders
//                of one folder are one run, their tags prefixed 'train/', 'validation/')
//   mlflow       meta.yaml + metrics/ (params/ are hyperparameters)
//   wandb        run-*/files/ (wandb-history.jsonl, wandb-summary.json, config.yaml)
//   ray-tune     result.json (JSON Lines) + params.json; progress.csv is a copy
//   detectron2   metrics.json (JSON Lines) beside last_checkpoint / config.yaml / model files
//   hydra        a job folder with .hydra/config.yaml (hyperparameters) and its own log files
//   files        anything else: each data file is a run (a folder holding one data file is that run)
import { sniffContent, type ContentGuess } from './detect';

export interface ListedEntry {
  /** Path relative to the root, '/'-separated; '' is the root itself. */
  path: string;
  kind: 'file' | 'dir';
  size?: number;
  /** First bytes of a file (a few KiB), for sniffing. */
  head?: Uint8Array;
  /** Set when the entry cannot be read (dangling symlink, symlink loop, permission): it is skipped with this reason. */
  problem?: string;
}

export type RunLayoutKind = 'hf-trainer' | 'lightning' | 'tensorboard' | 'mlflow' | 'wandb' | 'ray-tune' | 'detectron2' | 'hydra' | 'files';

export type SourceRole = 'metrics' | 'hparams' | 'summary' | 'name' | 'copy';

export interface PlannedSource {
  path: string;
  role: SourceRole;
  /** Format to read it with (loadTable's names, plus 'mlflow-param', 'wandb-config'); sniffed when absent. */
  format?: string;
  /** Column prefix for its values ('validation/' for a TensorBoard subfolder, 'results.' for HF result files). */
  prefix?: string;
  /** MLflow metric key. */
  key?: string;
  /** Why a copy is not read (it repeats the metrics source). */
  reason?: string;
}

export interface PlannedRun {
  id: string;
  /** The run folder ('' = root) or, for a run that is one file, that file. */
  dir: string;
  kind: RunLayoutKind;
  sources: PlannedSource[];
  /** W&B's latest-run folder repeats another run: the reader drops it when its content matches one. */
  alias?: boolean;
}

export interface SkippedEntry {
  path: string;
  reason: string;
}

export interface LayoutPlan {
  /** The layout of the runs when they share one, else 'mixed'. */
  kind: RunLayoutKind | 'mixed' | 'none';
  runs: PlannedRun[];
  skipped: SkippedEntry[];
}

const CONFIG_NAMES = ['config.json', 'config.yaml', 'config.yml', 'params.yaml', 'params.yml', 'params.json', 'hparams.yaml', 'hparams.yml', 'args.json', 'run_config.json', 'config.toml'];
const SPLITS = new Set(['train', 'training', 'validation', 'val', 'valid', 'eval', 'evaluation', 'test']);
const MAX_DEPTH = 12;

interface Dir {
  path: string;
  name: string;
  files: Map<string, ListedEntry>;
  dirs: Map<string, Dir>;
  problem?: string;
}

const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);
const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const isEvents = (name: string) => name.startsWith('events.out.tfevents') || name.endsWith('.tfevents');

function buildTree(entries: ListedEntry[], rootName: string): Dir {
  const root: Dir = { path: '', name: rootName, files: new Map(), dirs: new Map() };
  const dirOf = (path: string): Dir => {
    if (path === '') return root;
    let d = root;
    let at = '';
    for (const part of path.split('/')) {
      at = join(at, part);
      let next = d.dirs.get(part);
      if (!next) d.dirs.set(part, (next = { path: at, name: part, files: new Map(), dirs: new Map() }));
      d = next;
    }
    return d;
  };
  for (const e of entries) {
    if (e.path === '') continue;
    const slash = e.path.lastIndexOf('/');
    const parent = dirOf(slash < 0 ? '' : e.path.slice(0, slash));
    if (e.kind === 'dir') {
      const d = dirOf(e.path);
      if (e.problem) d.problem = e.problem;
    } else parent.files.set(baseName(e.path), e);
  }
  return root;
}

/** Why a file that is not part of a recognised run is not read, or undefined when it may be a log. */
export function notALogReason(name: string, guess: ContentGuess | undefined): string | undefined {
  const n = name.toLowerCase();
  if (/^(readme|license|licence|copying|changelog|notice|authors)(\.|$)/.test(n) || /\.(md|rst|html?)$/.test(n)) return 'documentation';
  if (/\.(py|sh|ipynb|js|ts|c|cu|cpp|h|java|go|rs|r)$/.test(n)) return 'source code';
  if (/\.(png|jpe?g|gif|svg|pdf|webp|bmp|tiff?)$/.test(n)) return 'image';
  if (/\.(pt|pth|bin|safetensors|ckpt|h5|hdf5|pkl|pickle|npy|npz|onnx|gguf|msgpack|joblib|tar|gz|zip|zst|xz|7z)$/.test(n)) return 'model weights, checkpoint or archive (binary)';
  if (/^(vocab\.json|merges\.txt|tokenizer(_config)?\.json|special_tokens_map\.json|added_tokens\.json|spiece\.model|tokenizer\.model|generation_config\.json)$/.test(n)) return 'tokenizer or generation settings, not a log';
  if (/^requirements.*\.txt$|\.(lock|toml|cfg|ini)$|^\.git/.test(n)) return 'project file, not a log';
  if (/^(experiment_state|basic-variant-state|search_gen_state).*\.json$|^(tuner|trainable)\.pkl$|^\.validate_storage_marker$/.test(n)) return 'Ray Tune experiment state, not a trial log';
  if (/\.(ya?ml)$/.test(n)) return 'configuration with no run beside it';
  if (!guess) return undefined;
  if (guess.kind === 'lfs-pointer') return `Git LFS pointer${guess.lfsSize !== undefined ? ` (the real file has ${guess.lfsSize} bytes)` : ''}: run \`git lfs pull\``;
  if (guess.kind === 'empty') return 'empty file';
  if (guess.kind === 'binary') return 'binary file of an unknown format';
  return undefined;
}

export function planLayout(entries: ListedEntry[], rootName: string): LayoutPlan {
  const root = buildTree(entries, rootName);
  const runs: PlannedRun[] = [];
  const skipped: SkippedEntry[] = [];
  const guessOf = new Map<string, ContentGuess>();
  const guess = (e: ListedEntry): ContentGuess | undefined => {
    if (!e.head) return undefined;
    let g = guessOf.get(e.path);
    if (!g) guessOf.set(e.path, (g = sniffContent(e.head, e.size !== undefined && e.size <= e.head.length)));
    return g;
  };
  // Several passes may meet the same bad entry (problem files, then the rest of a folder): once each.
  const skippedPaths = new Set<string>();
  const skip = (path: string, reason: string): void => {
    const p = path || rootName;
    if (skippedPaths.has(p)) return;
    skippedPaths.add(p);
    skipped.push({ path: p, reason });
  };
  const skipRest = (d: Dir, used: Set<string>, why: (name: string, e: ListedEntry) => string) => {
    for (const [name, e] of d.files) if (!used.has(name)) skip(e.path, e.problem ?? notALogReason(name, guess(e)) ?? why(name, e));
  };
  const idOf = (d: Dir) => (d.path === '' ? rootName : d.path);
  const problemFiles = (d: Dir) => {
    for (const e of d.files.values()) if (e.problem) skip(e.path, e.problem);
  };
  const readable = (e: ListedEntry | undefined): boolean => !!e && !e.problem && guess(e)?.kind !== 'lfs-pointer' && guess(e)?.kind !== 'empty';
  const configOf = (d: Dir, used: Set<string>): PlannedSource[] => {
    for (const n of CONFIG_NAMES) {
      const e = d.files.get(n);
      if (readable(e)) {
        used.add(n);
        return [{ path: e!.path, role: 'hparams' }];
      }
    }
    return [];
  };
  const eventsIn = (d: Dir) => [...d.files.values()].filter((e) => isEvents(baseName(e.path))).sort((a, b) => (a.path < b.path ? -1 : 1));

  function visit(d: Dir, depth: number): void {
    if (d.problem) return skip(d.path, d.problem);
    if (depth > MAX_DEPTH) return skip(d.path, `folders nested more than ${MAX_DEPTH} levels deep`);
    problemFiles(d);
    const f = d.files;
    const has = (n: string) => readable(f.get(n));
    // MLflow: a run, or an experiment's meta.yaml beside its runs.
    if (f.has('meta.yaml') && d.dirs.has('metrics')) return mlflowRun(d);
    if (f.has('meta.yaml') && !d.dirs.has('metrics') && (d.dirs.has('artifacts') || d.dirs.has('params') || d.dirs.has('tags'))) return skip(d.path, 'MLflow run with no metrics');
    const checkpoints = [...d.dirs.values()].filter((c) => /^checkpoint-\d+$/.test(c.name) && c.files.has('trainer_state.json'));
    if (f.has('trainer_state.json') || checkpoints.length > 0) return hfRun(d, checkpoints, depth);
    if (/^(offline-)?run-\d{8}_\d{6}-[A-Za-z0-9]+$/.test(d.name) || d.name === 'latest-run' || (d.dirs.get('files')?.files.has('wandb-summary.json') ?? false) || (d.dirs.get('files')?.files.has('wandb-history.jsonl') ?? false))
      if (d.dirs.has('files')) return wandbRun(d, depth);
    if (has('metrics.csv') && (f.has('hparams.yaml') || /^version_\d+$/.test(d.name))) return lightningRun(d, depth);
    if (has('result.json') && (f.has('params.json') || f.has('progress.csv'))) return rayRun(d, depth);
    if (has('metrics.json') && guess(f.get('metrics.json')!)?.kind === 'jsonl') return detectronRun(d, depth);
    const splitDirs = [...d.dirs.values()].filter((c) => SPLITS.has(c.name.toLowerCase()) && eventsIn(c).length > 0);
    if (eventsIn(d).length > 0 || splitDirs.length > 0) return tensorboardRun(d, splitDirs, depth);
    const hydra = d.dirs.get('.hydra');
    if (hydra && hydra.files.has('config.yaml')) return hydraRun(d, hydra, depth);
    filesRuns(d, depth);
  }

  function visitOthers(d: Dir, depth: number, claimed: Set<string>): void {
    for (const c of d.dirs.values()) if (!claimed.has(c.name)) visit(c, depth + 1);
  }

  function mlflowRun(d: Dir): void {
    const sources: PlannedSource[] = [];
    const metrics = d.dirs.get('metrics')!;
    const walk = (m: Dir, prefix: string) => {
      for (const [name, e] of m.files) if (!e.problem) sources.push({ path: e.path, role: 'metrics', format: 'mlflow-metric', key: prefix + name });
      for (const c of m.dirs.values()) walk(c, `${prefix}${c.name}/`);
    };
    walk(metrics, '');
    const params = d.dirs.get('params');
    if (params) for (const e of params.files.values()) if (!e.problem) sources.push({ path: e.path, role: 'hparams', format: 'mlflow-param', key: baseName(e.path) });
    sources.push({ path: join(d.path, 'meta.yaml'), role: 'name', format: 'mlflow-meta' });
    const runName = d.dirs.get('tags')?.files.get('mlflow.runName');
    if (runName && !runName.problem) sources.push({ path: runName.path, role: 'name', format: 'mlflow-tag' });
    if (!sources.some((s) => s.role === 'metrics')) return skip(d.path, 'MLflow run with no metrics');
    runs.push({ id: idOf(d), dir: d.path, kind: 'mlflow', sources });
    if (d.dirs.has('artifacts')) skip(join(d.path, 'artifacts'), 'MLflow artifacts (models, files), not metrics');
  }

  function hfRun(d: Dir, checkpoints: Dir[], depth: number): void {
    const used = new Set<string>();
    const sources: PlannedSource[] = [];
    const byStep = checkpoints.sort((a, b) => Number(b.name.slice(11)) - Number(a.name.slice(11)));
    const top = f(d, 'trainer_state.json');
    const main = readable(top) ? top : byStep.map((c) => c.files.get('trainer_state.json')!).find(readable);
    if (top) used.add('trainer_state.json');
    if (top && !readable(top)) skip(top.path, notALogReason('trainer_state.json', guess(top)) ?? 'unreadable');
    for (const c of byStep) {
      const e = c.files.get('trainer_state.json')!;
      if (e === main) continue;
      if (!readable(e)) skip(e.path, e.problem ?? notALogReason(e.path, guess(e)) ?? 'unreadable');
      else sources.push({ path: e.path, role: 'copy', format: 'hf-trainer', reason: `checkpoint copy: the log up to step ${c.name.slice(11)}, a prefix of the run's log` });
    }
    if (!main) return skip(d.path, 'HF Trainer folder whose trainer_state.json files are all unreadable');
    sources.unshift({ path: main.path, role: 'metrics', format: 'hf-trainer' });
    const cfgDir = main.path === join(d.path, 'trainer_state.json') ? d : byStep.find((c) => c.files.get('trainer_state.json') === main)!;
    for (const n of ['config.json', 'adapter_config.json']) {
      const e = cfgDir.files.get(n);
      if (readable(e)) {
        sources.push({ path: e!.path, role: 'hparams' });
        if (cfgDir === d) used.add(n);
      }
    }
    for (const n of ['all_results.json', 'train_results.json', 'eval_results.json']) {
      const e = f(d, n);
      if (readable(e)) {
        used.add(n);
        sources.push({ path: e!.path, role: 'summary', prefix: 'results.' });
      }
    }
    runs.push({ id: idOf(d), dir: d.path, kind: 'hf-trainer', sources });
    const claimed = new Set(checkpoints.map((c) => c.name));
    for (const c of checkpoints) for (const e of c.files.values()) if (e !== main && baseName(e.path) !== 'trainer_state.json' && !(cfgDir === c && sources.some((s) => s.path === e.path))) skip(e.path, notALogReason(baseName(e.path), guess(e)) ?? 'checkpoint file, not a log');
    const tb = d.dirs.get('runs');
    if (tb) {
      claimed.add('runs');
      const walk = (x: Dir) => {
        for (const e of x.files.values()) skip(e.path, isEvents(baseName(e.path)) ? 'TensorBoard copy of the trainer_state.json log (HF Trainer writes both)' : notALogReason(baseName(e.path), guess(e)) ?? 'not a log');
        for (const c of x.dirs.values()) walk(c);
      };
      walk(tb);
    }
    skipRest(d, used, (n) => (n === 'training_args.bin' ? 'HF training arguments (binary)' : 'not part of the HF Trainer log'));
    visitOthers(d, depth, claimed);
  }

  function f(d: Dir, name: string): ListedEntry | undefined {
    return d.files.get(name);
  }

  function wandbRun(d: Dir, depth: number): void {
    const files = d.dirs.get('files')!;
    const used = new Set<string>();
    const sources: PlannedSource[] = [];
    const history = files.files.get('wandb-history.jsonl');
    const summary = files.files.get('wandb-summary.json');
    if (readable(history)) {
      used.add('wandb-history.jsonl');
      sources.push({ path: history!.path, role: 'metrics', format: 'jsonl' });
    }
    if (readable(summary)) {
      used.add('wandb-summary.json');
      sources.push({ path: summary!.path, role: sources.length ? 'summary' : 'metrics', format: 'json', prefix: sources.length ? 'summary.' : undefined });
    }
    const cfg = files.files.get('config.yaml');
    if (readable(cfg)) {
      used.add('config.yaml');
      sources.push({ path: cfg!.path, role: 'hparams', format: 'wandb-config' });
    }
    for (const [n, e] of files.files)
      if (!used.has(n))
        skip(e.path, e.problem ?? (n === 'output.log' ? 'console output (W&B copy of stdout)' : n === 'wandb-metadata.json' ? 'W&B system metadata' : notALogReason(n, guess(e)) ?? 'W&B run file, not a log'));
    for (const c of files.dirs.values()) skip(c.path, 'W&B run files (media, code), not a log');
    for (const [n, e] of d.files) skip(e.path, e.problem ?? (n.endsWith('.wandb') ? "W&B binary log (not read: use files/wandb-history.jsonl or export the history)" : notALogReason(n, guess(e)) ?? 'W&B run file, not a log'));
    for (const c of d.dirs.values()) if (c.name !== 'files') skip(c.path, 'W&B run folder (logs, tmp), not metrics');
    if (!sources.some((s) => s.role === 'metrics')) return skip(d.path, 'W&B run with neither files/wandb-history.jsonl nor files/wandb-summary.json');
    runs.push({ id: idOf(d), dir: d.path, kind: 'wandb', sources, alias: d.name === 'latest-run' || undefined });
    void depth;
  }

  function lightningRun(d: Dir, depth: number): void {
    const used = new Set<string>(['metrics.csv']);
    const sources: PlannedSource[] = [{ path: join(d.path, 'metrics.csv'), role: 'metrics', format: 'lightning' }];
    const hp = f(d, 'hparams.yaml');
    if (readable(hp)) {
      used.add('hparams.yaml');
      sources.push({ path: hp!.path, role: 'hparams' });
    }
    for (const e of eventsIn(d)) {
      used.add(baseName(e.path));
      skip(e.path, 'TensorBoard copy of metrics.csv');
    }
    runs.push({ id: idOf(d), dir: d.path, kind: 'lightning', sources });
    skipRest(d, used, () => 'not part of the Lightning log');
    const claimed = new Set<string>();
    if (d.dirs.has('checkpoints')) {
      claimed.add('checkpoints');
      skip(join(d.path, 'checkpoints'), 'model checkpoints, not a log');
    }
    visitOthers(d, depth, claimed);
  }

  function rayRun(d: Dir, depth: number): void {
    const used = new Set<string>(['result.json']);
    const sources: PlannedSource[] = [{ path: join(d.path, 'result.json'), role: 'metrics', format: 'jsonl' }];
    const params = f(d, 'params.json');
    if (readable(params)) {
      used.add('params.json');
      sources.push({ path: params!.path, role: 'hparams' });
    }
    for (const [n, e] of d.files) {
      if (n === 'progress.csv' || isEvents(n)) {
        used.add(n);
        skip(e.path, `${n === 'progress.csv' ? 'CSV' : 'TensorBoard'} copy of result.json (Ray Tune writes all three)`);
      }
    }
    runs.push({ id: idOf(d), dir: d.path, kind: 'ray-tune', sources });
    skipRest(d, used, () => 'not part of the Ray Tune trial log');
    const claimed = new Set<string>();
    for (const c of d.dirs.values())
      if (/^checkpoint_/.test(c.name)) {
        claimed.add(c.name);
        skip(c.path, 'trial checkpoint, not a log');
      }
    visitOthers(d, depth, claimed);
  }

  function detectronRun(d: Dir, depth: number): void {
    const used = new Set<string>(['metrics.json']);
    const sources: PlannedSource[] = [{ path: join(d.path, 'metrics.json'), role: 'metrics', format: 'jsonl' }];
    const cfg = f(d, 'config.yaml');
    if (readable(cfg)) {
      used.add('config.yaml');
      sources.push({ path: cfg!.path, role: 'hparams' });
    }
    for (const [n, e] of d.files) {
      if (isEvents(n)) skip(e.path, 'TensorBoard copy of metrics.json (detectron2 writes both)');
      else if (n === 'log.txt') skip(e.path, 'console log (the same values as metrics.json)');
      else if (n === 'last_checkpoint' || /^(coco_instances_results|instances_predictions)|_coco_format\.json/.test(n)) skip(e.path, 'detection outputs or checkpoint pointer, not a log');
      else continue;
      used.add(n);
    }
    runs.push({ id: idOf(d), dir: d.path, kind: 'detectron2', sources });
    skipRest(d, used, () => 'not part of the detectron2 log');
    // The evaluator's output folder (coco_instances_results.json, instances_predictions.pth): detections, not a run.
    const claimed = new Set<string>();
    const inference = d.dirs.get('inference');
    if (inference) {
      claimed.add('inference');
      skip(inference.path, "detectron2's evaluation outputs (detections), not a log");
    }
    visitOthers(d, depth, claimed);
  }

  function tensorboardRun(d: Dir, splitDirs: Dir[], depth: number): void {
    const used = new Set<string>();
    const sources: PlannedSource[] = [];
    for (const e of eventsIn(d)) {
      if (!readable(e)) continue;
      used.add(baseName(e.path));
      sources.push({ path: e.path, role: 'metrics', format: 'tfevents' });
    }
    const claimed = new Set<string>();
    for (const s of splitDirs) {
      claimed.add(s.name);
      problemFiles(s);
      for (const e of eventsIn(s)) if (readable(e)) sources.push({ path: e.path, role: 'metrics', format: 'tfevents', prefix: `${s.name}/` });
      for (const e of s.files.values()) if (!isEvents(baseName(e.path)) && !e.problem) skip(e.path, notALogReason(baseName(e.path), guess(e)) ?? 'not a TensorBoard event file');
      visitOthers(s, depth + 1, new Set());
    }
    sources.push(...configOf(d, used));
    if (!sources.some((s) => s.role === 'metrics')) {
      skipRest(d, used, () => 'beside unreadable TensorBoard files');
      return visitOthers(d, depth, claimed);
    }
    runs.push({ id: idOf(d), dir: d.path, kind: 'tensorboard', sources });
    skipRest(d, used, () => 'other file beside a TensorBoard run (give it on its own to read it)');
    visitOthers(d, depth, claimed);
  }

  function hydraRun(d: Dir, hydra: Dir, depth: number): void {
    const before = runs.length;
    filesRuns(d, depth, [{ path: hydra.files.get('config.yaml')!.path, role: 'hparams' }]);
    for (const r of runs.slice(before)) r.kind = 'hydra';
    for (const e of hydra.files.values()) if (baseName(e.path) !== 'config.yaml') skip(e.path, 'Hydra settings (overrides, launcher), not a log');
  }

  /** A plain folder: each data file is a run; a folder holding exactly one is that run. */
  function filesRuns(d: Dir, depth: number, extra: PlannedSource[] = []): void {
    if (d.files.size === 0 && d.dirs.size === 0) return skip(d.path, 'empty folder');
    const used = new Set<string>();
    const mine: PlannedRun[] = [];
    const dirConfig = configOf(d, used);
    for (const [name, e] of [...d.files].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (used.has(name) || e.problem) continue;
      const why = notALogReason(name, guess(e));
      if (why) continue; // listed by skipRest below
      if (name.endsWith('.json') && /^(.*_)?(config|args|params|hparams|metadata|settings)\.json$/.test(name)) continue;
      used.add(name);
      const stem = name.replace(/\.[^.]+$/, '');
      const sources: PlannedSource[] = [{ path: e.path, role: 'metrics' }];
      for (const c of [`${stem}.yaml`, `${stem}.yml`, `${stem}.config.json`, `${stem}.params.json`]) {
        const ce = d.files.get(c);
        if (readable(ce)) {
          used.add(c);
          sources.push({ path: ce!.path, role: 'hparams' });
          break;
        }
      }
      const rel = e.path.replace(/\.[^./]+$/, '');
      mine.push({ id: rel, dir: e.path, kind: 'files', sources });
    }
    if (mine.length === 1 && (d.path !== '' || extra.length > 0)) {
      mine[0].id = idOf(d);
      mine[0].dir = d.path;
    }
    if (mine.length === 1 || extra.length > 0) for (const r of mine) if (!r.sources.some((s) => s.role === 'hparams')) r.sources.push(...dirConfig, ...extra);
    if (mine.length > 1 && dirConfig.length > 0 && extra.length === 0) for (const r of mine) if (!r.sources.some((s) => s.role === 'hparams')) r.sources.push(...dirConfig);
    if (mine.length === 0 && dirConfig.length > 0) used.delete(baseName(dirConfig[0].path));
    runs.push(...mine);
    skipRest(d, used, () => 'not a log');
    const claimed = new Set<string>(extra.length ? ['.hydra'] : []);
    for (const c of d.dirs.values()) {
      if (c.name.startsWith('.') && c.name !== '.hydra') {
        claimed.add(c.name);
        continue;
      }
      if (/^(__pycache__|node_modules)$/.test(c.name)) claimed.add(c.name);
    }
    visitOthers(d, depth, claimed);
  }

  visit(root, 0);
  shortenIds(runs);
  const kinds = new Set(runs.map((r) => r.kind));
  return { kind: runs.length === 0 ? 'none' : kinds.size === 1 ? runs[0].kind : 'mixed', runs, skipped };
}

/**
 * A run is known by the folder (or file) that identifies it, not by its parents: 'version_3', not
 * 'lightning_logs/version_3'. Parents are kept only where two runs would otherwise share an id.
 */
function shortenIds(runs: PlannedRun[]): void {
  const parts = runs.map((r) => r.id.split('/'));
  const take = parts.map(() => 1);
  for (let changed = true; changed; ) {
    changed = false;
    const ids = parts.map((p, i) => p.slice(-take[i]).join('/'));
    const count = new Map<string, number>();
    for (const id of ids) count.set(id, (count.get(id) ?? 0) + 1);
    ids.forEach((id, i) => {
      if (count.get(id)! > 1 && take[i] < parts[i].length) {
        take[i]++;
        changed = true;
      }
    });
  }
  runs.forEach((r, i) => (r.id = parts[i].slice(-take[i]).join('/')));
}
