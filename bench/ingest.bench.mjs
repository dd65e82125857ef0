// Ingest rows (issue 18): `scaling-laws inspect FILE` (reads the whole file into typed columns and
// summarises it) next to pandas.read_csv / pandas.read_json(lines=True) (bench/peers/read_table_pandas.py),
// as whole processes on the same generated file. Sizes: quick 50k rows; default 1M CSV rows and
// 1M JSONL lines; --big 6M CSV rows (the ~0.5 GB file of the issue) and 3M JSONL lines.
// Then issue 16's memory case: a 20 000-column, 1-row CSV must cost memory for its cells, not
// columns × a block (it was 5.4 GB): inspect's peak RSS must stay under 200 MiB.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { metricsJsonl, trainingCsv, wideCsv } from './lib/data.mjs';
import { rel } from './lib/stats.mjs';

// Same table: equal row and run counts, the same numeric columns, min and max equal to 1e-12
// (both parse the same decimal text to the nearest double; anything looser is a parsing bug).
function sameTable(ours, peer) {
  const num = ours.columns.filter((c) => c.type === 'number');
  const names = num.map((c) => c.name).sort().join(',');
  const peerNames = Object.keys(peer.numeric).sort().join(',');
  const worst = Math.max(0, ...num.map((c) => (peer.numeric[c.name] ? Math.max(rel(c.min, peer.numeric[c.name].min), rel(c.max, peer.numeric[c.name].max)) : Infinity)));
  const ok = ours.rows === peer.rows && ours.runs === peer.runs && names === peerNames && worst <= 1e-12;
  return { ok, detail: `${ours.rows} vs ${peer.rows} rows, ${ours.runs} vs ${peer.runs} runs, ${num.length} vs ${Object.keys(peer.numeric).length} numeric columns${names === peerNames ? '' : ' (names differ)'}, min/max agree to ${worst.toExponential(1)}` };
}

export default async function ingestBench(ctx) {
  const py = ctx.peerPython(['pandas']);
  const csvRows = ctx.quick ? 5e4 : ctx.big ? 6e6 : 1e6;
  const jsonlLines = ctx.quick ? 5e4 : ctx.big ? 3e6 : 1e6;
  ctx.log(`generating (once, cached in /tmp) ${csvRows} CSV rows and ${jsonlLines} JSONL lines ...`);
  const files = [['csv', trainingCsv(csvRows), 'pandas.read_csv', `${csvRows / 1e6}M rows × 10 columns`], ['jsonl', metricsJsonl(jsonlLines), 'pandas.read_json(lines=True)', `${jsonlLines / 1e6}M lines × 5 keys`]];
  for (const [kind, file, peerName, shape] of files) {
    const mb = statSync(file).size / 1e6;
    // Throughput on the median wall and CPU times, the figure the targets are stated in.
    const rate = (_r, runs) => {
      const med = (k) => runs.map((x) => x[k]).sort((a, b) => a - b)[runs.length >> 1];
      return { 'MB/s': `${(mb / med('wall')).toFixed(0)} wall, ${(mb / med('cpu')).toFixed(0)} per CPU-second` };
    };
    await ctx.compare({
      id: `ingest-${kind}`,
      title: `${kind.toUpperCase()} ${mb.toFixed(0)} MB (${shape}): inspect`,
      note: `the file is generated into /tmp/scaling-laws-bench/ (bench/lib/data.mjs); the peer loads it with ${peerName} and prints the same summary`,
      sides: [
        ctx.ours('scaling-laws inspect', ['inspect', file, '--json'], (out) => JSON.parse(out), { metrics: rate }),
        { label: peerName, cmd: py.python, args: [join(ctx.repo, 'bench', 'peers', 'read_table_pandas.py'), kind, file], parse: (out) => JSON.parse(out), metrics: rate, skip: py.why },
      ],
      check: ([o, p]) => sameTable(o, p),
    });
  }
  const wide = wideCsv(20000);
  await ctx.compare({
    id: 'ingest-wide',
    title: 'CSV 20 000 columns × 1 row: inspect (memory budget)',
    note: 'issue 16: a tiny wide file must cost memory for its cells; the check is the peak RSS of the whole process (Node itself is ~70 MiB)',
    sides: [ctx.ours('scaling-laws inspect', ['inspect', wide, '--json'], (out) => JSON.parse(out))],
    check: ([o], [m]) => {
      const ok = o.rows === 1 && o.columns.length === 20000 && m.maxRssMiB <= 200;
      return { ok, detail: `${o.rows} row, ${o.columns.length} columns, peak RSS ${m.maxRssMiB.toFixed(0)} MiB (budget 200)` };
    },
  });
}
