// --fix NAME=fit.json[:PARAM] takes a fixed value from another FitReport, e.g. loss-to-loss's
// irreducible losses from the L(N, D) fits of each data set: --fix E_x=fitA.json,E_y=fitB.json.
import { readFitReport } from '../node/readFitReport';
import { UsageError } from './args';

const FROM_FIT = /^(.+\.json)(?::([A-Za-z_][\w]*))?$/;

/**
 * Rewrite NAME=file.json[:PARAM] items into NAME=value; other items pass through. When the source
 * fit has a bootstrap, its draws of PARAM come back in `draws` (the fit's bootstrap then uses one
 * per replicate, so the fixed value's uncertainty reaches this fit's intervals).
 */
export function resolveFixFromFits(items: string[] | undefined): { items: string[]; sources: Record<string, string>; draws: Record<string, number[]> } {
  const sources: Record<string, string> = {};
  const draws: Record<string, number[]> = {};
  const out = (items ?? []).flatMap((item) => item.split(',')).map((part) => {
    const eq = part.indexOf('=');
    if (eq <= 0) return part;
    const name = part.slice(0, eq).trim();
    const m = FROM_FIT.exec(part.slice(eq + 1).trim());
    if (!m) return part;
    const param = m[2] ?? (/^E_[xy]$/.test(name) ? 'E' : name);
    let report;
    try {
      report = readFitReport(m[1]);
    } catch (e) {
      throw new UsageError(`--fix ${name}: ${(e as Error).message}`);
    }
    const v = report.params[param];
    if (v === undefined) throw new UsageError(`--fix ${name}=${m[1]}: that fit has no parameter '${param}' (has ${Object.keys(report.params).join(', ')})`);
    sources[name] = `${m[1]}:${param}`;
    const j = Object.keys(report.params).indexOf(param);
    const samples = report.bootstrap?.samples?.map((row) => row[j]).filter((x) => Number.isFinite(x));
    if (samples?.length) draws[name] = samples;
    return `${name}=${v}`;
  });
  return { items: out, sources, draws };
}
