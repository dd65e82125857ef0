// worker_threads entry: solves ranges of starts or bootstrap replicates for the thread executor.
import { parentPort } from 'node:worker_threads';
import { runBootstrapRange, runStartRange } from '../core/fit/engine';
import type { ThreadJob } from './threadExecutor';

parentPort?.on('message', (job: ThreadJob) => {
  try {
    const results = job.kind === 'starts'
      ? runStartRange(job.problem, job.from, job.to)
      : runBootstrapRange(job.problem, job.bestFree, job.from, job.to);
    parentPort?.postMessage({ ok: true, results });
  } catch (e) {
    parentPort?.postMessage({ ok: false, error: (e as Error).message });
  }
});
