// Chinchilla's fused log-space objective in WebAssembly SIMD (asm/chinchillaObjective.ts), two
// points per instruction: about 2x faster than the JavaScript loop in chinchilla.ts, which stays as
// the fallback (no WebAssembly SIMD, L1 loss, or disabled for comparison). Each thread has its own
// instance; data is copied into its memory once per data set (per fit, per bootstrap refit).
import { CHINCHILLA_SIMD_WASM } from './chinchillaSimd.wasm';

interface Exports {
  memory: WebAssembly.Memory;
  reserve(n: number): number;
  objective(n: number, E: number, a: number, b: number, alpha: number, beta: number, delta: number): number;
}

export interface SimdKernel {
  /**
   * Value and fit-space gradient of sum_i w_i rho(log pred_i - target_i) for Huber (delta) or
   * L2 (delta = Infinity, scale 2), as chinchilla.logObjective computes them.
   */
  objective(p: Float64Array, lnN: Float64Array, lnD: Float64Array, target: Float64Array, weights: Float64Array | undefined, delta: number, scale: number, grad: Float64Array): number;
  /** exp and log of x as the kernel computes them (accuracy tests). */
  mathCheck(x: number): { exp: number; log: number };
}

let enabled = true;
let instance: SimdKernel | null | undefined;

/** Turn the WebAssembly path off or on (tests and benchmarks compare both paths). */
export function setSimdEnabled(on: boolean): void {
  enabled = on;
}

/** The kernel, or undefined when it is disabled or this runtime cannot run it. */
export function simdKernel(): SimdKernel | undefined {
  if (!enabled) return undefined;
  if (instance === undefined) instance = instantiate();
  return instance ?? undefined;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function instantiate(): SimdKernel | null {
  let ex: Exports;
  try {
    if (typeof WebAssembly !== 'object' || typeof atob !== 'function') return null;
    const bytes = decodeBase64(CHINCHILLA_SIMD_WASM);
    if (!WebAssembly.validate(bytes)) return null; // no SIMD support
    ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Exports;
  } catch {
    return null;
  }
  let base = ex.reserve(2) / 8, npad = 2, n = -1;
  let heap = new Float64Array(ex.memory.buffer);
  // The arrays last copied in: fit data is immutable once prepared, so identity means same data.
  let lastN: Float64Array | undefined, lastD: Float64Array | undefined, lastT: Float64Array | undefined, lastW: Float64Array | undefined;

  const load = (lnN: Float64Array, lnD: Float64Array, target: Float64Array, weights: Float64Array | undefined) => {
    n = target.length;
    npad = (n + 1) & ~1;
    base = ex.reserve(n) / 8; // grows memory if needed and sets the array stride for n
    heap = new Float64Array(ex.memory.buffer); // a new buffer when memory grew
    for (let i = 0; i < npad; i++) {
      // An odd count is padded with a copy of the last point at weight 0.
      const j = i < n ? i : n - 1;
      heap[base + i] = lnN[j];
      heap[base + npad + i] = lnD[j];
      heap[base + 2 * npad + i] = target[j];
      heap[base + 3 * npad + i] = i < n ? (weights ? weights[j] : 1) : 0;
    }
    lastN = lnN; lastD = lnD; lastT = target; lastW = weights;
  };

  return {
    objective(p, lnN, lnD, target, weights, delta, scale, grad) {
      if (lnN !== lastN || lnD !== lastD || target !== lastT || weights !== lastW || n !== target.length) load(lnN, lnD, target, weights);
      const f = ex.objective(n, Math.exp(p[0]), p[1], p[2], p[3], p[4], delta);
      const g = base + 4 * npad;
      for (let j = 0; j < 5; j++) grad[j] = heap[g + j] * scale;
      return f * scale;
    },
    mathCheck(x) {
      lastN = undefined; // the results overwrite the start of the data arrays
      ex.objective(-1, 0, x, x, 0, 0, 0); // n < 0: exp and log of (a, b)
      return { exp: heap[base], log: heap[base + 2] };
    },
  };
}
