// One esbuild script for every target: CLI, fit threads, extension host, worker process, webviews.
import { build, context } from 'esbuild';
import { readFileSync, mkdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildWasm } from './build-wasm.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(pkg.version) },
};

// mathjs's package entry builds its default instance (every typed function, ~300 ms and ~20 MB)
// when it is initialised, and esbuild cannot tree-shake it away inside lazily loaded modules (the
// CLI's commands). We only ever call create(all): point 'mathjs' at those two ES modules, so an
// instance is built on first use with only the functions a formula needs. Types still come from
// 'mathjs', and tests (tsx) use the package as published; if mathjs moves these files, the normal
// entry is used.
const mathjsLean = {
  name: 'mathjs-lean',
  setup(b) {
    const root = fileURLToPath(new URL('../node_modules/mathjs/lib/esm/', import.meta.url));
    const files = { create: root + 'core/create.js', all: root + 'entry/allFactoriesAny.js' };
    if (!Object.values(files).every((f) => existsSync(f))) return;
    b.onResolve({ filter: /^mathjs$/ }, () => ({ path: 'mathjs-lean', namespace: 'mathjs-lean' }));
    b.onLoad({ filter: /.*/, namespace: 'mathjs-lean' }, () => ({
      contents: `export { create } from ${JSON.stringify(files.create)};\nexport { all } from ${JSON.stringify(files.all)};\n`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};

// 'module' first: jsonc-parser's 'main' is a UMD build whose dynamic requires esbuild cannot follow.
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], plugins: [mathjsLean] };
const targets = [
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/node/fitThread.ts'], outfile: 'dist/fitThread.js' },
];
// Optional targets appear as their entry files land.
const optional = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/worker/worker.ts'], outfile: 'dist/worker.js' },
  { ...common, platform: 'browser', format: 'iife', target: 'chrome120', entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js' },
  { ...common, platform: 'browser', format: 'iife', target: 'chrome120', entryPoints: ['webview/report.ts'], outfile: 'dist/report.js' },
];
for (const t of optional) if (existsSync(t.entryPoints[0])) targets.push(t);

// WebAssembly kernels first: their generated modules are imported by the bundles below.
await buildWasm();
mkdirSync('dist', { recursive: true });
if (watch) {
  for (const t of targets) await (await context(t)).watch();
  console.log('watching', targets.map((t) => t.outfile).join(', '));
} else {
  await Promise.all(targets.map((t) => build(t)));
}

// ---- extension assets (owned by the extension issue #4) ----------------------------------
// plotly.js is loaded by the webviews as its own <script src> (nonce'd), not bundled: copy the
// prebuilt minified file next to dist/webview.js.
{
  const { copyFileSync } = await import('node:fs');
  const plotly = 'node_modules/plotly.js-dist-min/plotly.min.js';
  if (existsSync('webview/main.ts') && existsSync(plotly)) copyFileSync(plotly, 'dist/plotly.min.js');
  // Law evaluation for palette answers (registry + mathjs) as its own file, required on first use,
  // so activating the extension does not parse it (esbuild cannot split CommonJS output).
  if (existsSync('src/extension/answers.ts')) {
    await build({ ...node, entryPoints: ['src/extension/answers.ts'], outfile: 'dist/extensionAnswers.js' });
  }
}

// ---- config insights + planning panel (issue #5, editor half; owned by src/extension/config) ----
// The config parsers, closed forms and approaches as their own file, required on the first config
// document (not at activation); the planning panel's webview script next to dist/webview.js.
{
  if (existsSync('src/extension/config/lazy.ts')) {
    await build({ ...node, entryPoints: ['src/extension/config/lazy.ts'], outfile: 'dist/extensionConfig.js' });
  }
  if (existsSync('webview/planning.ts')) {
    await build({ ...common, platform: 'browser', format: 'iife', target: 'chrome120', entryPoints: ['webview/planning.ts'], outfile: 'dist/planning.js' });
  }
}

// ---- curve / phases / transfer panels (issues #6, #7, #8; owned by the panels engineer) ----
// Webview bundles dist/curves.js, dist/phases.js, dist/transfer.js (plotly is the shared
// dist/plotly.min.js above) and dist/panelThread.js, the worker_threads entry that runs the
// panels' heavy jobs (PLRF curves and heatmaps, curve fits, chains) off the extension host.
{
  const web = (n) => ({ ...common, platform: 'browser', format: 'iife', target: 'chrome120', entryPoints: [`webview/${n}.ts`], outfile: `dist/${n}.js` });
  const panelTargets = [
    { ...node, entryPoints: ['src/worker/jobs/panelThread.ts'], outfile: 'dist/panelThread.js' },
    web('curves'), web('phases'), web('transfer'),
  ].filter((t) => existsSync(t.entryPoints[0]));
  if (watch) for (const t of panelTargets) await (await context(t)).watch();
  else await Promise.all(panelTargets.map((t) => build(t)));
}
