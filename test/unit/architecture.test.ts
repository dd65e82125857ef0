// The layers, read from the imports themselves (docs/ARCHITECTURE.md): every arrow points down,
// and no import cycle exists. A failure names the offending import, file:line → target.
//
//   webview/            → protocol, webview, pure core
//   src/extension/      → core, protocol, node, tasks/flags + tasks/defaults (the request codec), extension, vscode
//   src/cli/            → tasks, protocol, node, core, cli
//   src/worker/         → tasks, protocol, node, core, worker
//   src/tasks/          → core, node, protocol, tasks
//   src/node/           → core, node
//   src/protocol/       → protocol, core (types only)
//   src/core/           → core (no Node built-ins, no vscode)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(__dirname, '../..');

export interface ImportEdge {
  from: string;
  line: number;
  spec: string;
  /** Resolved project file, or undefined for a package / built-in. */
  to?: string;
  typeOnly: boolean;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function resolveSpec(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const c of [base + '.ts', join(base, 'index.ts'), base]) if (existsSync(c) && statSync(c).isFile()) return c;
  return base + '.ts';
}

/** Every import, export-from, dynamic import(), require() and import('x') type of a file. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): ImportEdge[] {
  const out: ImportEdge[] = [];
  const lines = text.split('\n');
  const statement = /^\s*(import|export)\s+(type\s+)?[^'"]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/;
  const inline = /(?:\bimport\(|\brequire\()\s*['"]([^'"]+)['"]\s*\)/g;
  let pending: { start: number; text: string } | undefined;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\/\/.*$/, '');
    // Multi-line `import {\n a,\n} from 'x'`: join until the quote closes the statement.
    if (pending) {
      pending.text += ' ' + line;
      if (!/\bfrom\s+['"][^'"]+['"]/.test(pending.text)) return;
    } else if (/^\s*(import|export)\s+(type\s+)?\{[^}]*$/.test(line)) {
      pending = { start: i, text: line };
      return;
    }
    const text = pending ? pending.text : line;
    const at = pending ? pending.start : i;
    pending = undefined;
    const m = statement.exec(text);
    if (m) {
      const spec = m[3] ?? m[4];
      const typeOnly = Boolean(m[2]) || /^\s*import\s+\{\s*(type\s+[^,}]+,?\s*)+\}/.test(text);
      out.push({ from: file, line: at + 1, spec, to: resolveSpec(file, spec), typeOnly });
    }
    for (const d of text.matchAll(inline)) {
      const typeOnly = /typeof\s+import\(/.test(text.slice(Math.max(0, (d.index ?? 0) - 8), d.index));
      out.push({ from: file, line: at + 1, spec: d[1], to: resolveSpec(file, d[1]), typeOnly });
    }
  });
  return out;
}

type Layer = 'core' | 'protocol' | 'node' | 'tasks' | 'cli' | 'worker' | 'extension' | 'webview' | 'other';

export function layerOf(file: string): Layer {
  const r = relative(ROOT, file).split('\\').join('/');
  for (const l of ['core', 'protocol', 'node', 'tasks', 'cli', 'worker', 'extension'] as const) if (r.startsWith(`src/${l}/`)) return l;
  if (r.startsWith('webview/')) return 'webview';
  return 'other';
}

/** Why this import breaks the layering, or undefined when it is allowed. */
export function violation(e: ImportEdge): string | undefined {
  const from = layerOf(e.from);
  if (!e.to) {
    const builtin = e.spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto'].includes(e.spec);
    if (e.spec === 'vscode' && from !== 'extension') return `only src/extension may import 'vscode'`;
    if (builtin && (from === 'core' || from === 'protocol' || from === 'webview')) return `${from} must not use Node built-ins ('${e.spec}')`;
    return undefined;
  }
  const to = layerOf(e.to);
  const rel = relative(ROOT, e.to).split('\\').join('/');
  switch (from) {
    case 'core':
      return to === 'core' ? undefined : `core imports only core (found ${to})`;
    case 'protocol':
      if (to === 'protocol') return undefined;
      if (to === 'core' && e.typeOnly) return undefined;
      return to === 'core' ? 'protocol imports core types only (use `import type`)' : `protocol imports protocol and core types only (found ${to})`;
    case 'node':
      return to === 'core' || to === 'node' ? undefined : `node imports core and node only (found ${to})`;
    case 'tasks':
      return ['core', 'node', 'protocol', 'tasks'].includes(to) ? undefined : `tasks import core, node, protocol and tasks only (found ${to})`;
    case 'cli':
      return ['tasks', 'protocol', 'node', 'core', 'cli'].includes(to) ? undefined : `the CLI imports tasks, protocol, node and core only (found ${to})`;
    case 'worker':
      return ['tasks', 'protocol', 'node', 'core', 'worker'].includes(to) ? undefined : `the worker imports tasks, protocol, node and core only (found ${to})`;
    case 'extension':
      if (['core', 'protocol', 'node', 'extension'].includes(to)) return undefined;
      if (to === 'tasks' && (rel.startsWith('src/tasks/flags/') || rel === 'src/tasks/defaults.ts')) return undefined;
      return to === 'tasks' ? 'the host runs no task (ask the worker); it may import only the request codecs in src/tasks/flags' : `the host must not import ${to} code`;
    case 'webview':
      if (to === 'webview' || to === 'protocol') return undefined;
      if (to === 'core') return undefined;
      return `a webview imports protocol, webview/shared and pure core only (found ${to})`;
    default:
      return undefined;
  }
}

/** Cycles among project files (Tarjan's strongly connected components of size > 1, or self-loops). */
export function cycles(edges: ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) if (e.to) {
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    graph.get(e.from)!.add(e.to);
  }
  let index = 0;
  const idx = new Map<string, number>(), low = new Map<string, number>(), on = new Set<string>(), stack: string[] = [];
  const out: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1 || graph.get(v)?.has(v)) out.push(comp.map((f) => relative(ROOT, f)));
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

function allEdges(): ImportEdge[] {
  return [...walk(join(ROOT, 'src')), ...walk(join(ROOT, 'webview'))].flatMap((f) => importsOf(f));
}

test('every import points down the layers', () => {
  const bad = allEdges().map((e) => ({ e, why: violation(e) })).filter((x) => x.why);
  assert.deepEqual(bad.map(({ e, why }) => `${relative(ROOT, e.from)}:${e.line} → ${e.spec}: ${why}`), []);
});

test('no import cycles', () => {
  assert.deepEqual(cycles(allEdges()), []);
});

test('the checker catches a planted violation of each kind (and accepts what is allowed)', () => {
  const f = (p: string) => join(ROOT, p);
  const planted: [string, string, boolean][] = [
    ['webview/x.ts', "import { phaseCurves } from '../src/tasks/phases';", true],
    ['webview/x.ts', "import type { Region } from '../src/protocol/panels/phases';", false],
    ['src/worker/x.ts', "import { run } from '../cli/commands/fit';", true],
    ['src/cli/x.ts', "import { Lanes } from '../worker/lanes';", true],
    ['src/extension/x.ts', "import { fitTask } from '../tasks/fit';", true],
    ['src/extension/x.ts', "import { fitRequestToArgv } from '../tasks/flags/fit';", false],
    ['src/extension/x.ts', "import { Lanes } from '../worker/lanes';", true],
    ['src/core/x.ts', "import { readFileSync } from 'node:fs';", true],
    ['src/core/x.ts', "import type { FitRequest } from '../protocol/tasks';", true],
    ['src/protocol/x.ts', "import { escapeHtml } from '../core/report/escape';", true],
    ['src/protocol/x.ts', "import type { FitReport } from '../core/report/fitReport';", false],
    ['src/tasks/x.ts', "import * as vscode from 'vscode';", true],
  ];
  for (const [file, line, bad] of planted) {
    const edges = importsOf(f(file), line);
    assert.equal(edges.length, 1, line);
    assert.equal(Boolean(violation(edges[0])), bad, `${file}: ${line}`);
  }
  const cyc = cycles([
    { from: f('src/core/a.ts'), line: 1, spec: './b', to: f('src/core/b.ts'), typeOnly: false },
    { from: f('src/core/b.ts'), line: 1, spec: './a', to: f('src/core/a.ts'), typeOnly: true },
  ]);
  assert.equal(cyc.length, 1);
});
