// Host logic without VS Code: settings → CLI flags, palette numbers, predictions and allocations
// checked against hand-written formulas, the webview CSP, export decoding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FitReport } from '../../../src/core/report/fitReport';
import { compareReports, contentSecurityPolicy, DEFAULT_SETTINGS, fileOptionsToFlags, flagsToArgv, parseDeriveInput, parseQuantity, readSettings, settingsToFlags, shellQuote, validateQuantity, webviewHtml } from '../../../src/extension/logic';
import { allocationForCompute, budgetForLoss, predictFromReport } from '../../../src/extension/answers';
import { decodeExportPayload, exportFileName, pointsCsv } from '../../../src/extension/exportFiles';

const P = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const report = (extra: Partial<FitReport> = {}): FitReport => ({ law: 'chinchilla', lawOptions: {}, formula: '', inputs: ['N', 'D'], params: { ...P }, ...extra }) as FitReport;

test('settings map to the CLI flags of the same fit', () => {
  const values: Record<string, unknown> = { 'fit.law': 'kaplan', 'fit.bootstrap': 50, 'fit.seed': 7, 'fit.workers': 3, 'fit.residualSpace': 'linear' };
  const s = readSettings(<T>(k: string) => values[k] as T | undefined);
  const flags = settingsToFlags(s, { N: 'params' });
  assert.deepEqual(flags, { law: 'kaplan', objective: 'huber', delta: 1e-3, space: 'linear', bootstrap: 50, seed: 7, threads: 3, map: ['N=params'] });
  assert.deepEqual(flagsToArgv(flags), ['--law', 'kaplan', '--objective', 'huber', '--delta', '0.001', '--space', 'linear', '--bootstrap', '50', '--seed', '7', '--map', 'N=params']);
  assert.equal(readSettings(() => undefined).law, DEFAULT_SETTINGS.law);
});

test('palette numbers accept 7B, 1.4T, 5.76e23 and reject the rest', () => {
  assert.equal(parseQuantity('7B'), 7e9);
  assert.equal(parseQuantity('1.4T'), 1.4e12);
  assert.equal(parseQuantity('5.76e23'), 5.76e23);
  assert.equal(validateQuantity('7B'), undefined);
  assert.match(validateQuantity('seven') ?? '', /not a number/);
  assert.match(validateQuantity('-3') ?? '', /positive/);
});

test('prediction equals the Chinchilla formula written out', () => {
  const N = 7e9, D = 1.4e12;
  const p = predictFromReport(report(), { N, D });
  assert.ok(Math.abs(p.prediction - (P.E + P.A / N ** P.alpha + P.B / D ** P.beta)) < 1e-12);
  assert.match(p.text, /7B.*1\.4T/);
  assert.equal(p.interval, undefined);
});

test('compute-optimal allocation satisfies C = 6ND and the first-order condition', () => {
  const C = 5.76e23;
  const a = allocationForCompute(report(), C).best;
  assert.ok(Math.abs((6 * a.N * a.D) / C - 1) < 1e-9);
  // Along C fixed, dL/dN = 0: alpha A / N^alpha = beta B / D^beta.
  const lhs = (P.alpha * P.A) / a.N ** P.alpha, rhs = (P.beta * P.B) / a.D ** P.beta;
  assert.ok(Math.abs(lhs / rhs - 1) < 1e-9);
  const b = budgetForLoss(report(), a.loss).best;
  assert.ok(Math.abs(b.C / C - 1) < 1e-6);
  assert.throws(() => allocationForCompute(report({ law: 'kaplan' }), C), /chinchilla/);
  assert.throws(() => budgetForLoss(report(), 1.5), /irreducible/);
});

test('bootstrap draws give an interval around the prediction', () => {
  const samples = [0.98, 0.99, 1, 1.01, 1.02].flatMap((f) => [[P.E * f, P.A, P.B, P.alpha, P.beta]]);
  const r = report({ bootstrap: { k: 5, seed: 0, converged: 5, se: {}, ci95: {}, samples } });
  const p = predictFromReport(r, { N: 1e9, D: 2e10 });
  assert.ok(p.interval && p.interval[0] < p.prediction && p.prediction < p.interval[1]);
});

test('comparison ranks by AIC', () => {
  const mk = (law: string, aic: number) => ({ law, n: 10, params: { a: 1 }, comparison: { aic, bic: aic, rmse: 0.1 }, provenance: { fixed: {} } }) as unknown as FitReport;
  const rows = compareReports([mk('kaplan', -10), mk('chinchilla', -30)]);
  assert.deepEqual(rows.map((r) => [r.law, r.deltaAic]), [['chinchilla', 0], ['kaplan', 20]]);
});

test('webview CSP: nonce scripts only, no unsafe-eval, every script tag carries the nonce', () => {
  const csp = contentSecurityPolicy('https://x.vscode-cdn.net', 'abc');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-eval/);
  const html = webviewHtml({ cspSource: 's', nonce: 'n1', scripts: ['a.js', 'b.js'], styles: ['c.css'], kind: 'results', title: '<x>' });
  assert.equal((html.match(/<script nonce="n1" src=/g) ?? []).length, 2);
  assert.equal((html.match(/<script/g) ?? []).length, 2);
  assert.match(html, /&lt;x&gt;/);
});

test('export payloads decode: base64 PNG, URL-encoded SVG', () => {
  assert.deepEqual([...decodeExportPayload('data:image/png;base64,AAEC')], [0, 1, 2]);
  assert.equal(new TextDecoder().decode(decodeExportPayload('data:image/svg+xml,%3Csvg%3E%3C%2Fsvg%3E')), '<svg></svg>');
  assert.equal(exportFileName('/a/runs.csv', 'publication-png'), 'runs.scaling-law.publication.png');
});

test('points CSV has one row per point with prediction and log residual', () => {
  const r = report({ data: { inputs: { N: [1e8, 1e9] }, loss: [3, 2.5], predicted: [3, 2.4], run: ['a,b', 'c'] } });
  const lines = pointsCsv(r).trim().split('\n');
  assert.equal(lines[0], 'run,N,loss,predicted,residual_log');
  assert.equal(lines[1], '"a,b",100000000,3,3,0');
  assert.ok(Math.abs(Number(lines[2].split(',')[4]) - Math.log(2.5 / 2.4)) < 1e-15);
});

test('Fit with Options: derived-column input parses to --derive items; saved options become flags', () => {
  assert.deepEqual(parseDeriveInput(' D=C/(6*N); lnN = log(N)\nx=a==b '), { derive: ['D=C/(6*N)', 'lnN=log(N)', 'x=a==b'] });
  assert.deepEqual(parseDeriveInput('  '), { derive: [] });
  for (const bad of ['D', '=C', '1D=C', 'D==C', 'D=']) assert.ok('error' in parseDeriveInput(bad), bad);
  assert.deepEqual(fileOptionsToFlags(undefined), {});
  assert.deepEqual(fileOptionsToFlags({ law: 'kaplan', derive: ['D=C/(6*N)'], where: ' loss < 3 ', bootstrap: 0 }), { law: 'kaplan', derive: ['D=C/(6*N)'], where: 'loss < 3', bootstrap: 0 });
  assert.deepEqual(fileOptionsToFlags({ derive: [], where: '' }), {});
  // The flags are the CLI's: the provenance card shows them as a command line.
  assert.deepEqual(flagsToArgv({ ...fileOptionsToFlags({ derive: ['D=C/(6*N)'], where: 'loss < 3' }) }), ['--derive', 'D=C/(6*N)', '--where', 'loss < 3']);
});

test('copied CLI commands quote what the shell would split or expand', () => {
  assert.equal(shellQuote('--law'), '--law');
  assert.equal(shellQuote('/tmp/runs.csv'), '/tmp/runs.csv');
  assert.equal(shellQuote('D=C/(6*N)'), "'D=C/(6*N)'");
  assert.equal(shellQuote('loss < 3'), "'loss < 3'");
  assert.equal(shellQuote("it's"), "'it'\\''s'");
  assert.equal(shellQuote('/runs/my runs.csv'), "'/runs/my runs.csv'");
});

