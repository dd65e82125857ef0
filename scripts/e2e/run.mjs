// End-to-end tests in a real VS Code: code-server 4.100.3 (installed by scripts/e2e/install.sh)
// with this extension unpacked into a fresh --extensions-dir, a temp workspace, and Debian's
// Chromium driven by playwright-core. Runs every test/e2e/*.mjs journey in name order; each
// exports `name` and `run(ctx)`. Prints 'N passed, N failed' and exits non-zero on failure.
// Screenshots go to test-artifacts/e2e/. Usage: node scripts/e2e/run.mjs [substring filter]
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(new URL('../..', import.meta.url).pathname);
const filters = process.argv.slice(2);
const codeServer = join(root, '.vscode-test/code-server/node_modules/.bin/code-server');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = join(root, 'test-artifacts/e2e');

function fail(msg) {
  console.error(`e2e: ${msg}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

for (const f of ['dist/extension.js', 'dist/worker.js', 'dist/taskThread.js', 'dist/results.js', 'dist/plotly.min.js', 'dist/cli.js']) {
  if (!existsSync(join(root, f))) fail(`${f} missing: run npm run build first`);
}
if (!existsSync(codeServer)) fail('code-server missing: run bash scripts/e2e/install.sh first');
if (!existsSync(chromiumPath)) fail(`chromium missing at ${chromiumPath}: run bash scripts/e2e/install.sh first`);

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  fail('playwright-core is not installed (npm ci)');
}

const freePort = () => new Promise((res, rej) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => res(port));
  });
  s.on('error', rej);
});

// ---------------------------------------------------------------- fixtures
const tmp = mkdtempSync(join(tmpdir(), 'sl-e2e-'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const extDir = join(tmp, 'extensions', `${pkg.publisher}.${pkg.name}-${pkg.version}`);
if (process.env.SCALING_LAWS_E2E_VSIX) {
  // The packaged extension as a user installs it (SCALING_LAWS_E2E_VSIX=scaling-laws.vsix after
  // npm run package): the journeys then fail on any bundle the .vsix leaves out.
  execFileSync(codeServer, ['--extensions-dir', join(tmp, 'extensions'), '--user-data-dir', join(tmp, 'install-data'), '--install-extension', resolve(process.env.SCALING_LAWS_E2E_VSIX)], { stdio: 'ignore' });
  if (!existsSync(join(extDir, 'dist', 'extension.js'))) fail(`${process.env.SCALING_LAWS_E2E_VSIX} did not install into ${extDir}`);
} else {
  mkdirSync(extDir, { recursive: true });
  writeFileSync(join(extDir, 'package.json'), JSON.stringify(pkg, null, 2));
  cpSync(join(root, 'media'), join(extDir, 'media'), { recursive: true });
  mkdirSync(join(extDir, 'dist'));
  for (const f of readdirSync(join(root, 'dist'))) if (f.endsWith('.js')) cpSync(join(root, 'dist', f), join(extDir, 'dist', f));
  cpSync(join(root, 'examples/chinchilla-runs.csv'), join(extDir, 'examples/chinchilla-runs.csv')); // the walkthrough's example
}

const workspace = join(tmp, 'workspace');
mkdirSync(workspace);
const out = join(tmp, 'out');
mkdirSync(out);
const exportsDir = join(tmp, 'exports');
mkdirSync(exportsDir);
const userData = join(tmp, 'user-data');
mkdirSync(join(userData, 'User'), { recursive: true });
const settings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'scalingLaws.fit.bootstrap': 100,
  'scalingLaws.fit.seed': 0,
};
writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

// A Chinchilla-shaped sweep (deterministic ±0.5 % noise) and a growing JSONL log of finished runs.
function sweepRows(Ns, Ds) {
  let seed = 7;
  const r = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const rows = [];
  for (const N of Ns) for (const D of Ds) {
    const L = (1.69 + 406.4 / N ** 0.34 + 410.7 / D ** 0.28) * (1 + 0.01 * (r() - 0.5));
    rows.push({ run: `n${N.toExponential(0)}-d${D.toExponential(0)}`, N, D, loss: +L.toFixed(6) });
  }
  return rows;
}
const csvRows = sweepRows([1e7, 3e7, 1e8, 3e8, 1e9], [2e8, 1e9, 5e9, 2e10]);
writeFileSync(join(workspace, 'runs.csv'), 'run,N,D,loss\n' + csvRows.map((r) => `${r.run},${r.N},${r.D},${r.loss}`).join('\n') + '\n');
const jsonlRows = sweepRows([1e7, 3e7, 1e8, 3e8, 1e9, 3e9], [2e8, 1e9, 5e9, 2e10]);
writeFileSync(join(workspace, 'sweep.jsonl'), jsonlRows.slice(0, 16).map((r) => JSON.stringify(r)).join('\n') + '\n');


// ---------------------------------------------------------------- server + browser
const port = await freePort();
const server = spawn(codeServer, [
  '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
  '--extensions-dir', join(tmp, 'extensions'), '--user-data-dir', userData,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace,
], { env: { ...process.env, SCALING_LAWS_E2E_OUT: out, SCALING_LAWS_EXPORT_DIR: exportsDir }, stdio: ['ignore', 'pipe', 'pipe'] });
let serverLog = '';
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));

const stopServer = () => {
  if (server.exitCode === null) server.kill('SIGTERM');
};
process.on('exit', stopServer);

const deadline = Date.now() + 60_000;
while (!/HTTP server listening/i.test(serverLog)) {
  if (server.exitCode !== null || Date.now() > deadline) fail(`code-server did not start:\n${serverLog}`);
  await new Promise((r) => setTimeout(r, 200));
}

mkdirSync(artifacts, { recursive: true });
for (const f of readdirSync(artifacts)) if (f.startsWith('FAILED-')) rmSync(join(artifacts, f));
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
const consoleLines = [];
page.on('console', (m) => consoleLines.push({ type: m.type(), text: m.text(), url: m.location()?.url ?? '' }));
page.on('pageerror', (e) => consoleLines.push({ type: 'pageerror', text: String(e), url: '' }));

const ctx = {
  root, tmp, workspace, out, exportsDir, userData, page, consoleLines, settings, csvRows, jsonlRows,
  cli(args) {
    return execFileSync(process.execPath, [join(root, 'dist/cli.js'), ...args], { cwd: workspace, encoding: 'utf8', maxBuffer: 64 << 20 });
  },
  async shot(name) {
    const p = join(artifacts, `${name}.png`);
    await page.screenshot({ path: p });
    return p;
  },
  webview() {
    return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  },
  log: (...a) => console.log('   ', ...a),
};

let passed = 0, failed = 0;
try {
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  const dir = join(root, 'test/e2e');
  const files = readdirSync(dir).filter((f) => f.endsWith('.mjs') && !f.startsWith('_')).sort().filter((f) => !filters.length || filters.some((s) => f.includes(s)));
  for (const f of files) {
    const mod = await import(pathToFileURL(join(dir, f)).href);
    const name = mod.name ?? f;
    // A UI journey that fails is retried once (after Escape to clear stray inputs): the browser UI
    // has timing races no assertion is about. Both outcomes are printed, so a retry is visible.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const t0 = Date.now();
      try {
        await mod.run(ctx);
        passed++;
        console.log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)${attempt > 1 ? ' — passed on retry' : ''}`);
        break;
      } catch (e) {
        await ctx.shot(`FAILED-${f.replace(/\.mjs$/, '')}${attempt > 1 ? '-retry' : ''}`).catch(() => undefined);
        if (attempt === 1) {
          console.log(`RETRY ${name}: ${String(e?.message ?? e).split('\n')[0]}`);
          for (let k = 0; k < 3; k++) await page.keyboard.press('Escape').catch(() => undefined);
          continue;
        }
        failed++;
        console.log(`FAIL ${name}: ${e?.stack ?? e}`);
      }
    }
  }
} catch (e) {
  failed++;
  console.log(`FAIL setup: ${e?.stack ?? e}`);
  await ctx.shot('FAILED-setup').catch(() => undefined);
} finally {
  writeFileSync(join(artifacts, 'console.json'), JSON.stringify(consoleLines, null, 1));
  for (const f of readdirSync(out)) cpSync(join(out, f), join(artifacts, f));
  for (const f of readdirSync(exportsDir)) cpSync(join(exportsDir, f), join(artifacts, `export-${f}`));
  writeFileSync(join(artifacts, 'code-server.log'), serverLog);
  await browser.close().catch(() => undefined);
  stopServer();
  if (!process.env.KEEP_E2E_TMP) rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
