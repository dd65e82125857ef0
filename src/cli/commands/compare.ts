// scaling-laws compare <file> --laws A,B,C: several laws fitted to one file with the same roles,
// derived columns, filter and exclusions, ranked by cross-validated error, AIC/BIC beside it.
import type { CompareResult } from '../../protocol/tasks';
import { compareTask } from '../../tasks/compare';
import { FIT_OUTPUT_FLAGS, FIT_REQUEST_FLAGS, fitRequestFromFlags } from '../../tasks/flags/fit';
import { parseArgs, UsageError, type CliIO } from '../args';
import { cliContext } from '../context';

const { law: _law, x: _x, formula: _formula, procedure: _procedure, ...SHARED } = FIT_REQUEST_FLAGS;
const { out: _out, ...OUTPUT } = FIT_OUTPUT_FLAGS;

export const FLAGS = {
  laws: { kind: 'string', unit: 'ID,ID,…', help: 'the laws to compare (fitted to the same points)', default: 'chinchilla,kaplan,kaplan-e' },
  ...SHARED,
  ...OUTPUT,
  json: { kind: 'boolean', help: 'print the comparison (rows, failures, figures, notes) as JSON' },
} as const;

const f = (x: number | undefined, d = 4) => (x === undefined || !Number.isFinite(x) ? '–' : Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(d - 1) : x.toPrecision(d));

export function comparisonText(r: CompareResult): string {
  const lines = [
    `# Law comparison: ${r.file}`, '',
    '| rank | law | points | free params | cross-validated RMSE | CV mean rel. error | held-out rel. error | RMSE (in sample) | AIC | ΔAIC | BIC |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.rows.map((x, i) => `| ${i + 1} | ${x.law} | ${x.n} | ${x.k} | ${f(x.cv.rmse)} (${x.cv.space}, ${x.cv.method}) | ${f(100 * x.cv.meanRelErr, 3)} % | ${x.holdout ? `${f(100 * x.holdout.meanRelErr, 3)} % (${x.holdout.heldOut} runs, ${x.holdout.by} ≥ ${f(x.holdout.threshold, 3)})` : '–'} | ${f(x.rmse)} | ${f(x.aic, 6)} | ${f(x.deltaAic, 3)} | ${f(x.bic, 6)} |`),
    '',
    ...r.rows.map((x) => `- **${x.law}** (${x.title}): \`L = ${x.formula}\`; ${Object.entries(x.params).map(([k, v]) => `${k} = ${f(v, 5)}${x.ci95?.[k] ? ` [${f(x.ci95[k][0], 4)}, ${f(x.ci95[k][1], 4)}]` : ''}`).join(', ')}`),
    '',
    ...r.failed.map((x) => `- could not fit ${x.law}: ${x.message}`),
    ...r.notes.map((n) => `> ${n}`),
    '',
  ];
  return lines.join('\n');
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, FLAGS);
  if (positional.length !== 1) throw new UsageError('compare needs exactly one input <file>');
  const laws = String(flags.laws ?? FLAGS.laws.default).split(',').map((s) => s.trim()).filter(Boolean);
  const r = await compareTask({ fit: fitRequestFromFlags(positional[0], flags), laws }, cliContext(flags, io));
  io.out(flags.json ? JSON.stringify(r) + '\n' : comparisonText(r));
  return 0;
}
