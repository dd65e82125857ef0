// scaling-laws report <path...> [--out FILE]: fit every log it finds (final-loss runs → Chinchilla,
// training curves → power law in steps) and write one self-contained HTML report.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { RunTable } from '../../core/table/runTable';
import { fitFigures } from '../../core/report/plotSeries';
import { renderHtmlReport, type ReportSection } from '../../core/report/html';
import { loadTable } from '../../node/loadTable';
import { VERSION } from '../../version';
import { parseArgs, UsageError, type CliIO } from '../args';
import { fitFile } from './fit';

const LOG_EXTENSIONS = /\.(csv|tsv|jsonl|json)$/i;

function listInputs(paths: string[]): string[] {
  const out: string[] = [];
  const visit = (p: string, top: boolean) => {
    if (!existsSync(p)) throw new UsageError(`${p}: no such file or folder`);
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.') && name !== 'configs') visit(join(p, name), false);
    } else if (top || LOG_EXTENSIONS.test(p)) out.push(p);
  };
  paths.forEach((p) => visit(p, true));
  return out;
}

function roles(table: RunTable): Set<string> {
  return new Set(table.columns.filter((c) => c.role).map((c) => c.role as string));
}

function plotlySource(): string {
  const candidates = [join(__dirname, 'plotly.min.js')];
  try {
    candidates.push(require.resolve('plotly.js-dist-min/plotly.min.js'));
  } catch {
    /* not installed next to the CLI */
  }
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('plotly.min.js not found next to the CLI or in node_modules (run npm run build)');
  return readFileSync(found, 'utf8');
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, { out: 'string', bootstrap: 'number', seed: 'number', threads: 'number', title: 'string' });
  if (positional.length === 0) throw new UsageError('report needs at least one file or folder');
  const out = (flags.out as string | undefined) ?? 'scaling-report.html';
  const inputs = listInputs(positional);
  if (inputs.some((f) => resolve(f) === resolve(out))) throw new UsageError('--out must not be one of the inputs');
  const bootstrap = (flags.bootstrap as number | undefined) ?? 400;
  const sections: ReportSection[] = [];
  for (const file of inputs) {
    const source = relative(process.cwd(), file) || basename(file);
    let table: RunTable;
    try {
      table = await loadTable(file);
    } catch (e) {
      sections.push({ title: basename(file), source, skipped: (e as Error).message });
      continue;
    }
    const r = roles(table);
    const common = { bootstrap, seed: (flags.seed as number | undefined) ?? 0, threads: flags.threads, quiet: true };
    let fitFlags: Record<string, unknown> | undefined;
    if (r.has('loss') && r.has('N') && (r.has('D') || r.has('C'))) fitFlags = { ...common, law: 'chinchilla' };
    else if (r.has('loss') && r.has('step')) fitFlags = { ...common, law: 'power', x: 'step', starts: '64' };
    if (!fitFlags) {
      sections.push({ title: basename(file), source, skipped: `no fit applies: found roles ${[...r].join(', ') || 'none'} (need loss with N and D or C, or loss with step)` });
      continue;
    }
    io.err(`fitting ${source} (${fitFlags.law})…\n`);
    try {
      const report = await fitFile(file, fitFlags as never);
      sections.push({ title: basename(file), source, report, figures: fitFigures(report) });
    } catch (e) {
      sections.push({ title: basename(file), source, skipped: (e as Error).message });
    }
  }
  const html = renderHtmlReport(sections, plotlySource(), { title: (flags.title as string | undefined) ?? 'Scaling-law report', version: VERSION, nonce: randomBytes(16).toString('base64') });
  writeFileSync(out, html);
  const fitted = sections.filter((s) => s.report).length;
  io.out(`wrote ${out}: ${fitted} fit${fitted === 1 ? '' : 's'}, ${sections.length - fitted} input${sections.length - fitted === 1 ? '' : 's'} skipped\n`);
  return fitted > 0 ? 0 : 1;
}
