// The exact PLRF spectrum's O(d³) work in WebAssembly SIMD (asm/plrfKernels.ts): K = Wᵀ D W by a
// blocked, register-tiled syrk, and the Householder tridiagonalisation of K with the reflectors
// applied to g = Wᵀ D b. The JavaScript paths (exact.ts buildKernelMatrix, eigen.ts) stay as the
// fallback (no WebAssembly SIMD, or disabled for comparison); both give the same spectrum to
// rounding (test/unit/core/theory/plrfKernels.test.ts).
import { PLRF_KERNELS_WASM } from './plrfKernels.wasm';
import { checkStop, forEachWRow, type PlrfParams, type ProgressHooks } from './model';

interface Exports {
  memory: WebAssembly.Memory;
  reserve(d: number, blockRows: number): number;
  kAddr(): number;
  packAddr(): number;
  vecAddr(k: number): number;
  syrk(rows: number): void;
  tridiagonalize(n: number, from: number, stopEvery: number): number;
}

/** Rows of W per syrk block: the packed block is BLOCK_ROWS × d doubles. */
const BLOCK_ROWS = 512;
/** Memory kept after a run; a larger instance is dropped so its memory can be freed. */
const KEEP_BYTES = 256 * 2 ** 20;

let enabled = true;
let instance: Exports | null | undefined;

/** Turn the WebAssembly path off or on (tests and benchmarks compare both paths). */
export function setPlrfWasmEnabled(on: boolean): void {
  enabled = on;
}

/** Whether the WebAssembly kernels will be used. */
export function plrfWasmAvailable(): boolean {
  return kernels() !== undefined;
}

function kernels(): Exports | undefined {
  if (!enabled) return undefined;
  if (instance === undefined) {
    instance = null;
    try {
      if (typeof WebAssembly === 'object' && typeof atob === 'function') {
        const bytes = Uint8Array.from(atob(PLRF_KERNELS_WASM), (ch) => ch.charCodeAt(0));
        if (WebAssembly.validate(bytes)) instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Exports;
      }
    } catch {
      instance = null;
    }
  }
  return instance ?? undefined;
}

export interface TridiagonalForm {
  /** diagonal of the tridiagonal matrix */
  diag: Float64Array;
  /** e[i] = coupling between i−1 and i (e[0] unused) */
  e: Float64Array;
  /** the reflectors applied to g = Wᵀ D b */
  y: Float64Array;
  /** seconds spent in K and in the tridiagonalisation, for the bench's flop rates */
  seconds: { kernel: number; tridiagonal: number };
}

/**
 * Tridiagonal form of K = Wᵀ D W for the seeded W (same W as forEachWRow) and the transformed
 * g = Wᵀ D b, in WebAssembly; undefined when the kernels are unavailable.
 * Progress counts rows of W, then tridiagonalisation steps (weighted by their cost).
 */
export function tridiagonalKernelWasm(p: PlrfParams, seed: number, hooks?: ProgressHooks): TridiagonalForm | undefined {
  const ex = kernels();
  if (!ex) return undefined;
  const { d, v, alpha, beta } = p;
  const t0 = performance.now();
  const dp = ex.reserve(d, BLOCK_ROWS);
  if (dp < 0) {
    instance = undefined; // out of memory: let the JavaScript path try
    return undefined;
  }
  const heap = new Float64Array(ex.memory.buffer);
  const pack = ex.packAddr() / 8;
  const g = new Float64Array(d);
  // progress: the syrk is ~3/4 of the work, the tridiagonalisation ~1/4 (flop counts 4d³ vs 4d³/3)
  const total = 4 * v;
  let fill = 0;
  const panel = BLOCK_ROWS * 4;
  forEachWRow(seed, v, d, (j, row) => {
    const sa = Math.pow(j + 1, -alpha), sg = sa * Math.pow(j + 1, -alpha - beta);
    const base = pack + fill * 4;
    for (let i = 0; i < d; i++) {
      const x = row[i];
      heap[base + (i >> 2) * panel + (i & 3)] = sa * x;
      g[i] += sg * x;
    }
    if (++fill === BLOCK_ROWS) {
      ex.syrk(fill);
      fill = 0;
      checkStop(hooks);
      hooks?.onProgress?.(3 * (j + 1), total);
    }
  });
  if (fill) ex.syrk(fill); // reads only the first `fill` rows of the pack
  const t1 = performance.now();
  const Y = ex.vecAddr(4) / 8;
  heap.set(g, Y);
  const n = d;
  let next = n - 1;
  const chunk = Math.max(8, Math.floor(2 ** 27 / (n * n))); // ~0.1 s of work between checks
  do { // at least once: d = 1 has no reflector but still needs its diagonal written
    checkStop(hooks);
    next = ex.tridiagonalize(n, next, chunk);
    const doneFrac = 1 - (next / n) ** 3;
    hooks?.onProgress?.(3 * v + Math.round(v * doneFrac), total);
  } while (next > 0);
  const t2 = performance.now();
  const DG = ex.vecAddr(5) / 8, EV = ex.vecAddr(6) / 8;
  const out: TridiagonalForm = {
    diag: heap.slice(DG, DG + n),
    e: heap.slice(EV, EV + n),
    y: heap.slice(Y, Y + n),
    seconds: { kernel: (t1 - t0) / 1000, tridiagonal: (t2 - t1) / 1000 },
  };
  if (ex.memory.buffer.byteLength > KEEP_BYTES) instance = undefined;
  return out;
}
