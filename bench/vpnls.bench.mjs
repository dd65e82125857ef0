// Issue 21: VPNLS next to the 4500-start multi-start on Epoch's 240 points (fit alone, then VPNLS
// fit + 4000-resample bootstrap, one thread), via scripts/vpnls-compare.ts (docs/VPNLS.md).
import { spawnSync } from 'node:child_process';

const run = (args) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/vpnls-compare.ts', '--sets', 'epoch', ...args], { stdio: 'inherit' }).status;
let failed = run(['--objectives', 'huber-log,l2-log,l2-linear']);
failed ||= run(['--objectives', 'l2-linear', '--procedures', 'vpnls', '--bootstrap', '4000']);
process.exit(failed ? 1 : 0);
