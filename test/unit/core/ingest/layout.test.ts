import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planLayout, type ListedEntry } from '../../../../src/core/ingest/layout';

const enc = (s: string) => new TextEncoder().encode(s);
function listing(files: Record<string, string>, dirs: string[] = [], problems: Record<string, string> = {}): ListedEntry[] {
  const out: ListedEntry[] = [{ path: '', kind: 'dir' }];
  for (const d of dirs) out.push({ path: d, kind: 'dir', problem: problems[d] });
  for (const [path, text] of Object.entries(files)) out.push({ path, kind: 'file', size: text.length, head: enc(text), problem: problems[path] });
  return out;
}
const TS = '{"log_history": [{"loss": 1, "step": 1}]}';

test('HF Trainer: top trainer_state.json is the run, checkpoint copies and TensorBoard copy are not read, results and config attached', () => {
  const p = planLayout(
    listing({ 'trainer_state.json': TS, 'checkpoint-5/trainer_state.json': TS, 'checkpoint-5/optimizer.pt': 'x', 'all_results.json': '{}', 'config.json': '{}', 'runs/Mar/events.out.tfevents.1': 'x', 'training_args.bin': 'x', 'README.md': '#' }),
    'out',
  );
  assert.equal(p.kind, 'hf-trainer');
  assert.equal(p.runs.length, 1);
  const r = p.runs[0];
  assert.equal(r.id, 'out');
  assert.deepEqual(r.sources.map((s) => [s.path, s.role]), [['trainer_state.json', 'metrics'], ['checkpoint-5/trainer_state.json', 'copy'], ['config.json', 'hparams'], ['all_results.json', 'summary']]);
  const why = Object.fromEntries(p.skipped.map((s) => [s.path, s.reason]));
  assert.match(why['runs/Mar/events.out.tfevents.1'], /TensorBoard copy of the trainer_state\.json log/);
  assert.match(why['checkpoint-5/optimizer.pt'], /model weights/);
  assert.match(why['README.md'], /documentation/);
});

test('checkpoints only: the newest checkpoint is the log, older ones are copies', () => {
  const p = planLayout(listing({ 'checkpoint-500/trainer_state.json': TS, 'checkpoint-2400/trainer_state.json': TS, 'checkpoint-1000/trainer_state.json': TS }), 'run1');
  assert.deepEqual(p.runs[0].sources.filter((s) => s.role === 'metrics').map((s) => s.path), ['checkpoint-2400/trainer_state.json']);
  assert.equal(p.runs[0].sources.filter((s) => s.role === 'copy').length, 2);
});

test('Lightning versions nested in folders: the version folder is the run, parents only where ids would clash', () => {
  const f: Record<string, string> = {};
  for (const exp of ['a', 'b']) for (const v of [0, 1]) {
    f[`${exp}/lightning_logs/version_${v}/metrics.csv`] = 'step,train_loss\n1,2\n';
    f[`${exp}/lightning_logs/version_${v}/hparams.yaml`] = 'lr: 1\n';
  }
  f['c/lightning_logs/version_7/metrics.csv'] = 'step,train_loss\n1,2\n';
  const p = planLayout(listing(f), 'root');
  assert.deepEqual(p.runs.map((r) => r.id).sort(), ['a/lightning_logs/version_0', 'a/lightning_logs/version_1', 'b/lightning_logs/version_0', 'b/lightning_logs/version_1', 'version_7']);
  assert.ok(p.runs.every((r) => r.kind === 'lightning'));
  assert.equal(p.runs.find((r) => r.id === 'version_7')!.sources.length, 1);
});

test('TensorBoard train/ and validation/ subfolders are one run with prefixed tags; W&B, Ray Tune, detectron2, MLflow', () => {
  const tb = planLayout(listing({ 'logs/train/events.out.tfevents.1': 'x', 'logs/validation/events.out.tfevents.2': 'x' }), 'r');
  assert.deepEqual(tb.runs.map((r) => [r.id, r.sources.map((s) => s.prefix)]), [['logs', ['train/', 'validation/']]]);
  const wb = planLayout(listing({ 'wandb/run-20240101_000000-abc/files/wandb-history.jsonl': '{"a":1}\n{"a":2}\n', 'wandb/run-20240101_000000-abc/files/wandb-summary.json': '{}', 'wandb/run-20240101_000000-abc/files/config.yaml': 'lr:\n  value: 1\n', 'wandb/run-20240101_000000-abc/run-abc.wandb': 'x' }), 'r');
  assert.deepEqual(wb.runs[0].sources.map((s) => s.role), ['metrics', 'summary', 'hparams']);
  assert.equal(wb.runs[0].id, 'run-20240101_000000-abc');
  const ray = planLayout(listing({ 'exp/trial_1/result.json': '{"a":1}\n{"a":2}\n', 'exp/trial_1/params.json': '{}', 'exp/trial_1/progress.csv': 'a\n1\n', 'exp/experiment_state-2024.json': '{}' }), 'r');
  assert.deepEqual(ray.runs.map((r) => [r.kind, r.id]), [['ray-tune', 'trial_1']]);
  assert.ok(ray.skipped.some((s) => /CSV copy of result\.json/.test(s.reason)));
  assert.ok(ray.skipped.some((s) => /Ray Tune experiment state/.test(s.reason)));
  const d2 = planLayout(listing({ 'output/metrics.json': '{"iteration": 19}\n{"iteration": 39}\n', 'output/last_checkpoint': 'model_final.pth', 'output/events.out.tfevents.9': 'x', 'output/inference/coco_instances_results.json': '[{"image_id": 1, "score": 0.9}]', 'output/inference/val_coco_format.json': '{}' }), 'r');
  assert.deepEqual(d2.runs.map((r) => [r.kind, r.id]), [['detectron2', 'output']], 'the evaluator outputs in inference/ are not a second run');
  assert.ok(d2.skipped.some((s) => s.path === 'output/inference' && /evaluation outputs/.test(s.reason)));
  const ml = planLayout(listing({ '0/meta.yaml': 'name: x', '0/r1/meta.yaml': 'run_name: a', '0/r1/metrics/loss': '1 2 0\n', '0/r1/params/lr': '0.1', '0/r2/meta.yaml': 'run_name: b' }, ['0/r2/artifacts']), 'mlruns');
  assert.deepEqual(ml.runs.map((r) => [r.kind, r.id]), [['mlflow', 'r1']]);
  assert.ok(ml.skipped.some((s) => s.path === '0/r2' && /no metrics/.test(s.reason)));
});

test('bad entries are skipped with their reason and the rest is planned', () => {
  const p = planLayout(
    listing({ 'a.csv': 'step,loss\n1,2\n', 'b.csv': 'x', 'c.csv': 'version https://git-lfs.github.com/spec/v1\noid sha256:' + 'a'.repeat(64) + '\nsize 2351\n', 'empty.jsonl': '' }, ['loop'], { 'b.csv': 'dangling symbolic link (its target does not exist)', loop: 'symbolic link back to the folder itself (a loop), not followed' }),
    'r',
  );
  assert.deepEqual(p.runs.map((r) => r.id), ['a']);
  const why = Object.fromEntries(p.skipped.map((s) => [s.path, s.reason]));
  assert.match(why['b.csv'], /dangling/);
  assert.match(why['loop'], /loop/);
  assert.match(why['c.csv'], /Git LFS pointer \(the real file has 2351 bytes\): run `git lfs pull`/);
  assert.match(why['empty.jsonl'], /empty file/);
  // Each bad entry is listed once, though several passes meet it (issue 16 item 10: 'skipped 4' for 2).
  assert.equal(new Set(p.skipped.map((s) => s.path)).size, p.skipped.length);
  assert.deepEqual(planLayout(listing({}), 'r').skipped, [{ path: 'r', reason: 'empty folder' }]);
});
