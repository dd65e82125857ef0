// How the extension builds its fits without VS Code: settings (bounded) + a file's options → one
// FitRequest; the copied CLI command parses back to that request; palette numbers; exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FitReport } from '../../../../src/core/report/fitReport';
import { validateQuantity } from '../../../../src/extension/answers/quantity';
import { cliCommandFor, DEFAULT_SETTINGS, fitRequestFor, parseDeriveInput, readSettings, shellQuote } from '../../../../src/extension/fit/requests';
import { decodeExportPayload, exportFileName, pointsCsv, safeFileName } from '../../../../src/extension/host/exports';
import { parseArgs } from '../../../../src/tasks/flags/args';
import { FIT_FLAGS, fitRequestFromFlags } from '../../../../src/tasks/flags/fit';

const report = (extra: Partial<FitReport> = {}): FitReport => ({ law: 'chinchilla', lawOptions: {}, formula: '', inputs: ['N', 'D'], params: { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 }, ...extra }) as FitReport;

/** Split a command printed by cliCommandFor back into argv (single-quoted words as the shell does). */
function shellSplit(cmd: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|(\S+)/g;
  for (const m of cmd.matchAll(re)) out.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]);
  return out;
}

test('settings + a file\'s options give one request, and its CLI command parses back to the same request', () => {
  const values: Record<string, unknown> = { 'fit.law': 'kaplan', 'fit.bootstrap': 50, 'fit.seed': 7, 'fit.workers': 3, 'fit.residualSpace': 'linear', 'fit.objective': 'huber', 'fit.delta': 1e-3, flopConvention: 8 };
  const s = readSettings(<T>(k: string) => values[k] as T | undefined);
  const req = fitRequestFor('/data/my runs.csv', s, { mapping: { N: 'params' }, derive: ['D=C/(8*N)'], where: "loss < 3.4 and run != 'x'" });
  assert.deepEqual(req, {
    file: '/data/my runs.csv', law: 'kaplan', objective: { kind: 'huber', delta: 1e-3, space: 'linear' }, bootstrap: 50, seed: 7,
    flopsPerParamToken: 8, map: { N: 'params' }, derive: [['D', 'C/(8*N)']], where: "loss < 3.4 and run != 'x'",
  });
  const argv = shellSplit(cliCommandFor(req));
  assert.deepEqual(argv.slice(0, 3), ['scaling-laws', 'fit', '/data/my runs.csv']);
  const parsed = parseArgs(argv.slice(3), FIT_FLAGS);
  assert.equal(parsed.flags.json, true);
  assert.deepEqual(parsed.positional, []);
  assert.deepEqual(fitRequestFromFlags(argv[2], parsed.flags), req);
  assert.equal(readSettings(() => undefined).law, DEFAULT_SETTINGS.law);
});

test('settings that change results are bounded: an untrusted workspace cannot set delta 0 or a 10^9 bootstrap', () => {
  const values: Record<string, unknown> = { 'fit.delta': -1, 'fit.bootstrap': 1e9, 'fit.seed': -5, 'fit.objective': 'evil', flopConvention: 0 };
  const s = readSettings(<T>(k: string) => values[k] as T | undefined);
  assert.equal(s.delta, 0, 'a negative delta falls back to the law\'s own');
  assert.equal(s.bootstrap, 100_000);
  assert.equal(s.seed, 0);
  assert.equal(s.objective, 'default');
  assert.equal(s.flopsPerParamToken, 6);
});

test('palette numbers accept 7B, 1.4T, 5.76e23 and reject the rest', () => {
  assert.equal(validateQuantity('7B'), undefined);
  assert.equal(validateQuantity('5.76e23'), undefined);
  assert.match(validateQuantity('seven') ?? '', /not a number/);
  assert.match(validateQuantity('-3') ?? '', /positive/);
  assert.match(validateQuantity('1e999') ?? '', /not a number|finite/);
});

test('export payloads decode: base64 PNG, URL-encoded SVG; names are plain file names', () => {
  assert.deepEqual([...decodeExportPayload('data:image/png;base64,AAEC')], [0, 1, 2]);
  assert.equal(new TextDecoder().decode(decodeExportPayload('data:image/svg+xml,%3Csvg%3E%3C%2Fsvg%3E')), '<svg></svg>');
  assert.equal(exportFileName('/a/runs.csv', 'fit.json'), 'runs.fit.json');
  assert.equal(safeFileName('../../etc/passwd'), '__.._etc_passwd');
  assert.equal(safeFileName('a\u0000b:c.png'), 'a_b_c.png');
});

test('points CSV has one row per point with prediction and log residual; cells that a spreadsheet would run are quoted', () => {
  const r = report({ data: { inputs: { N: [1e8, 1e9] }, loss: [3, 2.5], predicted: [3, 2.4], run: ['a,b', '=HYPERLINK("x")'] } });
  const lines = pointsCsv(r).trim().split('\n');
  assert.equal(lines[0], 'run,N,loss,predicted,residual_log');
  assert.equal(lines[1], '"a,b",100000000,3,3,0');
  assert.ok(lines[2].startsWith('"=HYPERLINK(""x"")"'));
  assert.ok(Math.abs(Number(lines[2].split(',').pop()) - Math.log(2.5 / 2.4)) < 1e-15);
});

test('Fit with Options: derived-column input parses to --derive items', () => {
  assert.deepEqual(parseDeriveInput(' D=C/(6*N); lnN = log(N)\nx=a==b '), { derive: ['D=C/(6*N)', 'lnN=log(N)', 'x=a==b'] });
  assert.deepEqual(parseDeriveInput('  '), { derive: [] });
  for (const bad of ['D', '=C', '1D=C', 'D==C', 'D=']) assert.ok('error' in parseDeriveInput(bad), bad);
});

test('copied CLI commands quote what the shell would split or expand', () => {
  assert.equal(shellQuote('--law'), '--law');
  assert.equal(shellQuote('/tmp/runs.csv'), '/tmp/runs.csv');
  assert.equal(shellQuote('D=C/(6*N)'), "'D=C/(6*N)'");
  assert.equal(shellQuote('loss < 3'), "'loss < 3'");
  assert.equal(shellQuote("it's"), "'it'\\''s'");
  assert.equal(shellQuote('/runs/my runs.csv'), "'/runs/my runs.csv'");
});

test('a single training run with no N or D goes to the Curve Panel; a sweep, a mapped N or a derived one does not', async () => {
  const { singleTrainingCurve } = await import('../../../../src/extension/fit/requests');
  const col = (name: string, role: string | null) => ({ name, role, type: 'number' as const, unit: null, missing: 0 });
  const curve = { runs: 1, columns: [col('step', 'step'), col('learning_rate', 'lr'), col('loss', 'loss'), col('n_embd', null)] };
  assert.equal(singleTrainingCurve(curve, ['N', 'D'], {}, new Set()), true);
  assert.equal(singleTrainingCurve({ ...curve, runs: 8 }, ['N', 'D'], {}, new Set()), false, 'several runs: ask for the roles');
  assert.equal(singleTrainingCurve(curve, ['N', 'D'], { N: 'n_embd' }, new Set()), false, 'N mapped by the user');
  assert.equal(singleTrainingCurve(curve, ['N', 'D'], {}, new Set(['N'])), false, 'N derived');
  assert.equal(singleTrainingCurve({ runs: 1, columns: [col('N', 'N'), col('loss', 'loss'), col('step', 'step')] }, ['N', 'D'], {}, new Set()), false, 'has N');
  assert.equal(singleTrainingCurve({ runs: 1, columns: [col('x', null), col('loss', 'loss')] }, ['N', 'D'], {}, new Set()), false, 'no step column');
});
