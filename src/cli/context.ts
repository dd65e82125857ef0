// A task context for the terminal: files from disk, fit threads from --threads, progress on stderr
// when it is a terminal (never in pipes or with --quiet).
import { nodeTaskContext } from '../node/taskContext';
import type { TaskContext } from '../tasks/context';
import { UsageError, type CliIO } from './args';

export function cliContext(flags: Record<string, unknown>, io?: CliIO): TaskContext {
  let lastShown = 0;
  const threads = flags.threads as number | undefined;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) throw new UsageError(`--threads must be a whole number from 1 to 64, got ${threads}`);
  return nodeTaskContext({
    threads,
    onProgress: (p) => {
      if (!io || flags.quiet || !process.stderr.isTTY || p.phase === 'load') return;
      const now = Date.now();
      if (now - lastShown > 200 || p.done === p.total) {
        lastShown = now;
        io.err(`\r${p.phase} ${p.done}/${p.total}   ${p.done === p.total ? '\n' : ''}`);
      }
    },
  });
}
