// One esbuild script for every target: CLI, fit threads, extension host, worker process, webviews.
import { build, context } from 'esbuild';
import { copyFileSync, readFileSync, mkdirSync, existsSync } from 'node:fs';
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
const web = (name) => ({ ...common, platform: 'browser', format: 'iife', target: 'chrome120', entryPoints: [`webview/${name}.ts`], outfile: `dist/${name}.js` });
const targets = [
  // The CLI and the worker process (with its lane threads and fit threads) run the same tasks.
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/node/fitThread.ts'], outfile: 'dist/fitThread.js' },
  { ...node, entryPoints: ['src/worker/worker.ts'], outfile: 'dist/worker.js' },
  { ...node, entryPoints: ['src/worker/taskThread.ts'], outfile: 'dist/taskThread.js' },
  // The extension host: activation code only; the config parsers are a bundle of their own,
  // required on the first config document (esbuild cannot split CommonJS output).
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/extension/config/lazy.ts'], outfile: 'dist/extensionConfig.js' },
  // Webviews (plotly is loaded beside each as dist/plotly.min.js) and the HTML report's renderer.
  web('results'), web('compare'), web('design'), web('planning'), web('curves'), web('phases'), web('transfer'), web('report'),
];

// WebAssembly kernels first: their generated modules are imported by the bundles below.
await buildWasm();
mkdirSync('dist', { recursive: true });
if (watch) {
  for (const t of targets) await (await context(t)).watch();
  console.log('watching', targets.map((t) => t.outfile).join(', '));
} else {
  await Promise.all(targets.map((t) => build(t)));
}

// plotly.js is loaded by the webviews as its own <script src> (nonce'd) and inlined into HTML
// reports, not bundled: copy the prebuilt minified file next to the bundles.
// The cartesian bundle (scatter, heatmap and the other 2-D traces we draw): a third of the full
// bundle's size and about 0.7 s less script evaluation in each panel that opens (docs/EXTENSION.md).
copyFileSync('node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js', 'dist/plotly.min.js');
