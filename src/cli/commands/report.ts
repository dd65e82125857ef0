// scaling-laws report <path...> [--out FILE]: fit every log it finds (the report task) and write
// one self-contained HTML page (or the result as JSON with --json).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtmlReport } from '../../core/report/html';
import { assertNotAnInput, writeFileSafely } from '../../node/safeWrite';
import type { ReportRequest } from '../../protocol/tasks';
import { FIT_DEFAULTS } from '../../tasks/defaults';
import { reportTask } from '../../tasks/report';
import { VERSION } from '../../node/version';
import { parseArgs, UsageError, type CliIO } from '../args';
import { cliContext } from '../context';
import type { CommandHelp } from '../help';

export const FLAGS = {
  out: { kind: 'string', unit: 'FILE', help: 'where to write the HTML report (never one of the inputs)', default: 'scaling-report.html' },
  json: { kind: 'boolean', help: 'print the fits and figures as JSON instead of writing HTML' },
  bootstrap: { kind: 'number', unit: 'COUNT', help: 'bootstrap resamples per fit (0: no intervals)', default: String(FIT_DEFAULTS.bootstrap) },
  seed: { kind: 'number', unit: 'INTEGER', help: 'seed for starts and bootstrap', default: '0' },
  threads: { kind: 'number', unit: 'COUNT', help: 'worker threads', default: 'min(2, cores)' },
  title: { kind: 'string', unit: 'TEXT', help: 'the report title', default: 'Scaling-law report' },
  'flops-per-param-token': { kind: 'number', unit: 'K', help: 'FLOP convention C = K·N·D', default: '6' },
} as const;

export const HELP: CommandHelp = {
  usage: '<file|folder>... [flags]',
  flags: FLAGS,
  notes: ['Each input is fitted with the law its columns suit; inputs that cannot be fitted are listed in the report as skipped. Exit 1 when nothing could be fitted.'],
  examples: [
    { run: 'report examples --out examples-report.html', what: 'fit every log in examples/ and write one self-contained HTML page (what `npm run report` does)', slow: 'about 9 s alone (every bundled log, 400 resamples each), 30 s on a loaded machine; `npm run report` runs the same command' },
    { run: "report examples/chinchilla-runs.csv --bootstrap 100 --title 'Chinchilla runs' --out chinchilla.html", what: 'one file, fewer resamples (faster), a title of your own' },
  ],
};

/** A file the CLI ships next to itself (dist/), or from node_modules when run from the sources. */
function asset(name: string, fallback?: string): string {
  const candidates = [join(__dirname, name)];
  if (fallback) {
    try {
      candidates.push(require.resolve(fallback));
    } catch {
      /* not installed */
    }
  }
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`${name} not found next to the CLI (run npm run build)`);
  return readFileSync(found, 'utf8');
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length === 0) throw new UsageError('report needs at least one file or folder');
  const out = (flags.out as string | undefined) ?? 'scaling-report.html';
  const req: ReportRequest = {
    paths: positional,
    ...(flags.bootstrap !== undefined ? { bootstrap: flags.bootstrap as number } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed as number } : {}),
    ...(flags.title !== undefined ? { title: String(flags.title) } : {}),
    ...(flags['flops-per-param-token'] !== undefined ? { flopsPerParamToken: flags['flops-per-param-token'] as number } : {}),
  };
  if (!flags.json) assertNotAnInput(out, positional);
  const ctx = cliContext(flags, io);
  const result = await reportTask({ ...req }, { ...ctx, progress: (p) => { if (p.phase === 'report' && p.done < p.total && !flags.json) io.err(`fitting ${p.done + 1}/${p.total}…\r`); } });
  const fitted = result.sections.filter((s) => s.report || s.curve).length;
  if (flags.json) {
    io.out(JSON.stringify(result, null, 2) + '\n');
    return fitted > 0 ? 0 : 1;
  }
  const html = renderHtmlReport(result, { plotly: asset('plotly.min.js', 'plotly.js-cartesian-dist-min/plotly-cartesian.min.js'), renderer: asset('report.js') }, { version: VERSION, nonce: randomBytes(16).toString('base64') });
  writeFileSafely(out, html, positional);
  io.out(`wrote ${out}: ${fitted} fit${fitted === 1 ? '' : 's'}, ${result.sections.length - fitted} input${result.sections.length - fitted === 1 ? '' : 's'} skipped\n`);
  return fitted > 0 ? 0 : 1;
}
