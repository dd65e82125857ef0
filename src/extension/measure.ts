// Extension-host responsiveness while a heavy fit runs in the worker: sample the host's
// event-loop delay (perf_hooks.monitorEventLoopDelay) for the whole fit. The fit is the
// issue's reference load: 4500 starts (the default grid) and a 4000-resample bootstrap.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FitService } from './fitService';

export interface Responsiveness {
  file: string;
  starts: number;
  bootstrap: number;
  fitMs: number;
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  /** Largest gap seen by a 20 ms interval timer (independent check). */
  maxTimerGapMs: number;
  messages: number;
}

export async function measureDuringFit(service: FitService, file: string, bootstrap = 4000): Promise<Responsiveness> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  let last = Date.now(), maxGap = 0, messages = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    maxGap = Math.max(maxGap, now - last - 20);
    last = now;
  }, 20);
  h.enable();
  const t0 = Date.now();
  try {
    const result = await service.startFit(file, {}, () => messages++, { bootstrap, starts: undefined }).promise;
    return {
      file, starts: result.report.starts.total, bootstrap, fitMs: Date.now() - t0,
      maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, meanMs: h.mean / 1e6, maxTimerGapMs: maxGap, messages,
    };
  } finally {
    h.disable();
    clearInterval(timer);
  }
}
