// Extension-host responsiveness while a heavy fit runs in the worker: sample the host's
// event-loop delay (perf_hooks.monitorEventLoopDelay) for the whole fit. The fit is the
// issue's reference load: 4500 starts (the default grid) and a 4000-resample bootstrap.
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FitService } from './fitService';

export interface DelayStats {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  minMs: number;
}

export interface Responsiveness {
  /** The same histogram over an equally long stretch with no fit running (machine noise). */
  idle: DelayStats;
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
  /** Longest synchronous host-side handling of one worker message (ms): what our code adds. */
  maxHandlerMs: number;
  /** Extension-host CPU time used during the fit (ms, user + system). */
  hostCpuMs: number;
  cpus: number;
  loadAverage: number[];
}

/** Event-loop delay histogram over `ms` with nothing of ours running. Values include the 10 ms resolution. */
async function idleDelay(ms: number): Promise<DelayStats> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  await new Promise((r) => setTimeout(r, ms));
  h.disable();
  return { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, meanMs: h.mean / 1e6, minMs: h.min / 1e6 };
}

export async function measureDuringFit(service: FitService, file: string, bootstrap = 4000): Promise<Responsiveness> {
  await service.worker.ping(); // worker started before measuring
  const idle = await idleDelay(5000);
  const h = monitorEventLoopDelay({ resolution: 10 });
  let last = Date.now(), maxGap = 0, messages = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    maxGap = Math.max(maxGap, now - last - 20);
    last = now;
  }, 20);
  service.worker.maxHandlerMs = 0;
  const cpu0 = process.cpuUsage();
  h.enable();
  const t0 = Date.now();
  try {
    const result = await service.startFit(file, { onProgress: () => messages++ }, { bootstrap, starts: undefined }).promise;
    return {
      idle, file, starts: result.value.starts.total, bootstrap, fitMs: Date.now() - t0,
      maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, meanMs: h.mean / 1e6, maxTimerGapMs: maxGap, messages,
      maxHandlerMs: service.worker.maxHandlerMs, hostCpuMs: ((c) => (c.user + c.system) / 1000)(process.cpuUsage(cpu0)), cpus: availableParallelism(), loadAverage: loadavg(),
    };
  } finally {
    h.disable();
    clearInterval(timer);
  }
}
