// Folders and files as they lie on disk (issues 15 and 16): refusals with exit 2 and a one-line reason while
// the folder's other runs load; symbolic links; non-UTF-8 text; deep JSON; tfevents steps above 2^53;
// user text that names '__proto__'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { InputError, loadTable } from '../../../src/node/loadTable';
import type { NumericColumn, RunTable, TextColumn } from '../../../src/core/table/runTable';
import { eventFile } from '../core/ingest/tfeventsWriter';

const num = (t: RunTable, name: string) => Array.from((t.columns.find((c) => c.name === name) as NumericColumn).values);
const txt = (t: RunTable, name: string) => (t.columns.find((c) => c.name === name) as TextColumn).values;
const LFS = 'version https://git-lfs.github.com/spec/v1\noid sha256:6738da7fb7260e7133cc41220770cc20f8511d2b703c82eef96ef15c7c5e96e9\nsize 2351\n';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

function withDir(f: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layout-test-'));
    try {
      await f(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

function sweep(dir: string): void {
  for (const [name, loss] of [['small', 3.2], ['large', 2.9]] as const) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'metrics.csv'), `step,train_loss\n1,${loss + 1}\n2,${loss}\n`);
    writeFileSync(join(dir, name, 'hparams.yaml'), `n_params: ${name === 'small' ? '125M' : '1.3B'}\n`);
  }
}

const refusals: [string, (dir: string) => string, RegExp][] = [
  ['an unknown text format', (dir) => (writeFileSync(join(dir, 'notes.txt'), 'we trained it for a while\nand it went well\n'), 'notes.txt'), /not a log format we can read .*first lines: line 1 'we trained it for a while'/],
  ['a Git LFS pointer', (dir) => (writeFileSync(join(dir, 'metrics.csv'), LFS), 'metrics.csv'), /this is a Git LFS pointer, not the file itself \(the real file has 2351 bytes\): run `git lfs pull`/],
  ['an empty run folder', (dir) => (mkdirSync(join(dir, 'run3')), 'run3'), /no run logs found: the folder is empty/],
];

for (const [what, make, message] of refusals) {
  test(
    `${what}: alone, exit 2 with a one-line reason; in a folder, skipped with that reason and the other runs load`,
    withDir(async (dir) => {
      sweep(dir);
      const bad = make(dir);
      const alone = await cli(['inspect', join(dir, bad)]);
      assert.equal(alone.code, 2, alone.err);
      assert.match(alone.err, message);
      assert.equal(alone.err.trim().split('\n').length, 1, alone.err);
      const t = await loadTable(dir);
      assert.deepEqual([...new Set(txt(t, 'run'))], ['large', 'small']);
      assert.deepEqual(num(t, 'n_params'), [1.3e9, 1.3e9, 125e6, 125e6]);
      assert.ok(t.layout!.skipped.some((s) => s.path === bad), JSON.stringify(t.layout!.skipped));
      const folder = await cli(['inspect', dir]);
      assert.equal(folder.code, 0, folder.err);
      assert.match(folder.out, new RegExp(`skipped\\n.*${bad}`));
    }),
  );
}

test(
  'symbolic links: a loop and a dangling link are skipped with their reason, the rest loads; a dangling file given alone says so',
  withDir(async (dir) => {
    sweep(dir);
    symlinkSync(dir, join(dir, 'loop'));
    symlinkSync(join(dir, 'nowhere.csv'), join(dir, 'gone.csv'));
    symlinkSync(join(dir, 'small'), join(dir, 'small-again'));
    const t = await loadTable(dir);
    assert.deepEqual([...new Set(txt(t, 'run'))], ['large', 'small']);
    const why = Object.fromEntries(t.layout!.skipped.map((s) => [s.path, s.reason]));
    assert.match(why['loop'], /symbolic link back to the folder itself \(a loop\), not followed/);
    assert.match(why['gone.csv'], /dangling symbolic link/);
    assert.match(why['small-again'], /symbolic link to small, which is read already/);
    const r = await cli(['inspect', dir]);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out + r.err, /no such file or folder/);
    await assert.rejects(loadTable(join(dir, 'gone.csv')), (e: unknown) => e instanceof InputError && /gone\.csv: dangling symbolic link/.test((e as Error).message));
  }),
);

test(
  'Latin-1 text is detected, decoded right and reported; invalid UTF-8 never turns into U+FFFD silently',
  withDir(async (dir) => {
    const p = join(dir, 'runs.csv');
    writeFileSync(p, Buffer.concat([Buffer.from('run,step,loss\n'), Buffer.from([0x72, 0xe9, 0x73, 0x75, 0x6d, 0xe9]), Buffer.from(',1,2.5\n')]));
    const t = await loadTable(p);
    assert.deepEqual(txt(t, 'run'), ['résumé']);
    assert.ok(t.warnings.some((w) => /runs\.csv: not valid UTF-8 \(byte 0xE9 at line 2, column 2\); decoded as Windows-1252/.test(w)), t.warnings.join('\n'));
    const q = join(dir, 'train.log');
    writeFileSync(q, Buffer.concat([Buffer.from('Epoch 1: Train Loss=0.5, Val Loss=0.6 caf'), Buffer.from([0xe9]), Buffer.from('\nEpoch 2: Train Loss=0.4, Val Loss=0.5\n')]));
    const l = await loadTable(q);
    assert.deepEqual(num(l, 'train_loss'), [0.5, 0.4]);
    assert.ok(l.warnings.some((w) => /not valid UTF-8/.test(w)));
  }),
);

test(
  'deeply nested JSON and JSON Lines: exit 2 with the file and position, not a stack overflow',
  withDir(async (dir) => {
    const deep = '{"a":'.repeat(50000) + '1' + '}'.repeat(50000);
    writeFileSync(join(dir, 'deep.json'), deep);
    writeFileSync(join(dir, 'deep.jsonl'), '{"step": 1, "loss": 2}\n' + deep + '\n');
    for (const [f, where] of [['deep.json', 'deep.json:1:321'], ['deep.jsonl', 'deep.jsonl:2:321']]) {
      const r = await cli(['inspect', join(dir, f)]);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, new RegExp(`${where.replace(/\./g, '\\.')}: JSON nested more than 64 levels deep`));
      assert.doesNotMatch(r.err, /call stack/);
    }
  }),
);

test(
  'JSON Lines in a .json file (detectron2 metrics.json) and a CSV in a .log file (Keras CSVLogger) are read by content; headerless CSV keeps its first row',
  withDir(async (dir) => {
    writeFileSync(join(dir, 'metrics.json'), '{"iteration": 19, "total_loss": 2.1, "loss_cls": 0.7}\n{"iteration": 39, "total_loss": 1.8, "loss_cls": 0.5}\n');
    const m = await loadTable(join(dir, 'metrics.json'));
    assert.equal(m.format, 'jsonl');
    assert.equal(m.columns.find((c) => c.role === 'loss')!.name, 'total_loss');
    writeFileSync(join(dir, 'training.log'), 'epoch,loss,val_loss\n0,0.9,1.0\n1,0.7,0.8\n');
    const k = await loadTable(join(dir, 'training.log'));
    assert.equal(k.format, 'csv');
    assert.deepEqual(num(k, 'val_loss'), [1.0, 0.8]);
    writeFileSync(join(dir, 'nohead.csv'), '1e8,2e9,3.1\n1e9,2e10,2.6\n');
    const h = await loadTable(join(dir, 'nohead.csv'));
    assert.deepEqual(num(h, 'column_1'), [1e8, 1e9]);
    assert.ok(h.warnings.some((w) => /no header row/.test(w)));
  }),
);

test(
  'tfevents steps above 2^53 stay exact and apart',
  withDir(async (dir) => {
    const big = 2n ** 53n + 1n;
    writeFileSync(join(dir, 'events.out.tfevents.1'), eventFile([
      { wallTime: 1, step: 2n ** 53n, values: [{ tag: 'loss', simple: 3 }] },
      { wallTime: 2, step: big, values: [{ tag: 'loss', simple: 2 }] },
    ]));
    const t = await loadTable(join(dir, 'events.out.tfevents.1'));
    assert.equal(t.rowCount, 2);
    assert.deepEqual(txt(t, 'step_exact'), ['9007199254740992', '9007199254740993']);
    assert.ok(t.warnings.some((w) => /steps of 2\^53 or more \(first 9007199254740992\)/.test(w)));
  }),
);

test(
  "keys named '__proto__' or 'constructor' in configs and logs are plain keys",
  withDir(async (dir) => {
    mkdirSync(join(dir, 'r1'));
    writeFileSync(join(dir, 'r1', 'log.jsonl'), '{"step": 1, "loss": 2, "__proto__": 5}\n');
    writeFileSync(join(dir, 'r1', 'config.json'), '{"__proto__": {"n_params": 7}, "constructor": 3, "lr": 0.1}');
    const t = await loadTable(join(dir, 'r1'));
    assert.deepEqual(num(t, '__proto__'), [5]);
    assert.deepEqual(num(t, '__proto__.n_params'), [7]);
    assert.deepEqual(num(t, 'constructor'), [3]);
    assert.equal(({} as Record<string, unknown>).n_params, undefined);
  }),
);
