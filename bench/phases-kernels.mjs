// Flop rates of the exact PLRF spectrum's two O(d³) kernels (WebAssembly SIMD, asm/plrfKernels.ts),
// timed inside one process at the given d: K = Wᵀ D W (v·d² = 4d³ flops at v = 4d, including
// drawing W and packing it) and the Householder tridiagonalisation (4d³/3 flops), then QL.
// Run by bench/phases.bench.mjs as its own process: node --import tsx bench/phases-kernels.mjs D
// Prints JSON: {d, kernelSeconds, tridiagonalSeconds, qlSeconds, kernelGflops, tridiagonalGflops, wasm,
// cpuShare, …PerCpuSecond} (the per-CPU-second rates split the process's CPU time by the stages' wall times).
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const T = await import(`${root}src/core/theory/index.ts`);
const K = await import(`${root}src/core/theory/plrfKernels.ts`);
const E = await import(`${root}src/core/theory/eigen.ts`);
const d = Number(process.argv[2] ?? 1024);
const p = T.makeParams({ alpha: 0.7, beta: 0.7, d });
const cpu0 = process.cpuUsage(), w0 = performance.now();
const t = K.tridiagonalKernelWasm(p, 1);
const cpuShare = (() => { const c = process.cpuUsage(cpu0); return (c.user + c.system) / 1e3 / (performance.now() - w0); })();
if (!t) {
  console.log(JSON.stringify({ d, wasm: false }));
  process.exit(0);
}
const t0 = performance.now();
E.tridiagonalEigenProject(t.diag, t.e, t.y);
const ql = (performance.now() - t0) / 1000;
console.log(JSON.stringify({
  d, wasm: true,
  kernelSeconds: t.seconds.kernel, tridiagonalSeconds: t.seconds.tridiagonal, qlSeconds: ql,
  kernelGflops: (p.v * d * d) / t.seconds.kernel / 1e9,
  tridiagonalGflops: ((4 / 3) * d ** 3) / t.seconds.tridiagonal / 1e9,
  // on a shared machine the process gets only part of a core: rates per CPU-second
  cpuShare,
  kernelGflopsPerCpuSecond: (p.v * d * d) / (t.seconds.kernel * cpuShare) / 1e9,
  tridiagonalGflopsPerCpuSecond: ((4 / 3) * d ** 3) / (t.seconds.tridiagonal * cpuShare) / 1e9,
}));
