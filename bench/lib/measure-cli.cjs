// Runs the built CLI in this process and reports wall time and peak RSS on stderr as JSON
// (the last line), so benches can measure our side exactly like a user's command.
const { main } = require('../../dist/cli.js');
const t0 = process.hrtime.bigint();
let out = '';
main(process.argv.slice(2), { out: (t) => (out += t), err: (t) => process.stderr.write(t) }).then((code) => {
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(out);
  const ru = process.resourceUsage();
  // CPU seconds of the process and its threads: less disturbed than wall time on a shared machine.
  process.stderr.write('\n' + JSON.stringify({ code, seconds, cpuSeconds: (ru.userCPUTime + ru.systemCPUTime) / 1e6, maxRssMB: ru.maxRSS / 1024 }) + '\n');
  process.exitCode = code;
});
