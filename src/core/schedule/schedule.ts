// Learning-rate schedules as per-step arrays, with the multi-power-law authors' conventions
// (thu-yao-01-luo/MultiPowerLaw, src/lr_schedules.py, read not copied):
//   - the array covers steps 0 .. total-1 (length `total`);
//   - linear warmup = W evenly spaced values from 0 to peak inclusive (numpy linspace(0, peak, W)),
//     so eta[0] = 0 and eta[W-1] = peak; a constant warmup (all W values = peak) is an option;
//   - cosine for s >= W: end + (peak-end)/2 * (1 + cos(pi (s-W)/(total-W)));
//   - WSD: peak from W until the decay step d, then for s >= d either
//     exponential peak^((T-s)/(T-d)) * end^((s-d)/(T-d)) or linear peak (1-f) + end f, f=(s-d)/(T-d);
//   - two-stage: peak until `switch` (exclusive), then `second`.
// Extra families (not used by the authors): linear decay from W to total, inverse square root.
import { parseHumanNumber } from '../table/numbers';

export type WarmupShape = 'linear' | 'constant';

interface Base {
  /** Warmup steps W (0 for none). */
  warmup: number;
  /** Schedule length: the array has `total` entries, steps 0..total-1. */
  total: number;
  peak: number;
  /** 'linear' (default, authors' linspace(0, peak, W)) or 'constant' (peak during warmup). */
  warmupShape?: WarmupShape;
}

export type ScheduleSpec =
  | ({ kind: 'constant' } & Base)
  | ({ kind: 'cosine'; end: number } & Base)
  | ({ kind: 'wsd'; decay: number; end: number; shape: 'exp' | 'linear' } & Base)
  | ({ kind: 'two-stage'; switch: number; second: number } & Base)
  | ({ kind: 'linear'; end: number } & Base)
  | ({ kind: 'inverse-sqrt' } & Base)
  | { kind: 'array'; values: Float64Array; total: number };

export class ScheduleError extends Error {}

/**
 * Longest schedule (steps) we materialise: the curve laws keep several per-step arrays (about 150
 * bytes per step in all, 750 MB at the limit), so a larger `total` is refused before allocating.
 * Five times the longest published LLM runs (~1M steps).
 */
export const MAX_SCHEDULE_STEPS = 5_000_000;

function checkLength(T: number, what: string): void {
  if (!Number.isInteger(T) || T < 1) throw new ScheduleError(`${what} must be a positive integer, got ${T}`);
  if (T > MAX_SCHEDULE_STEPS) throw new ScheduleError(`${what} is ${T} steps, more than the limit of ${MAX_SCHEDULE_STEPS} steps`);
}

/** The per-step learning rates eta[0..total-1] of a schedule. */
export function scheduleLRs(spec: ScheduleSpec): Float64Array {
  if (spec.kind === 'array') {
    checkLength(spec.values.length, 'array schedule: length');
    return Float64Array.from(spec.values);
  }
  validate(spec);
  const T = spec.total, W = spec.warmup, peak = spec.peak;
  const eta = new Float64Array(T);
  const wEnd = Math.min(W, T);
  // numpy linspace(0, peak, W): value i*step with step = peak/(W-1), last value exactly peak.
  const wStep = W > 1 ? peak / (W - 1) : 0;
  for (let s = 0; s < wEnd; s++) {
    if (spec.warmupShape === 'constant') eta[s] = peak;
    else eta[s] = s === W - 1 && W > 1 ? peak : s * wStep;
  }
  switch (spec.kind) {
    case 'constant':
      for (let s = wEnd; s < T; s++) eta[s] = peak;
      break;
    case 'cosine': {
      const span = T - W;
      for (let s = wEnd; s < T; s++) eta[s] = spec.end + 0.5 * (peak - spec.end) * (1 + Math.cos((Math.PI * (s - W)) / span));
      break;
    }
    case 'wsd': {
      const d = spec.decay, span = T - d;
      for (let s = wEnd; s < T; s++) {
        if (s < d) eta[s] = peak;
        else if (spec.shape === 'exp') eta[s] = Math.pow(peak, (T - s) / span) * Math.pow(spec.end, (s - d) / span);
        else eta[s] = peak * (1 - (s - d) / span) + (spec.end * (s - d)) / span;
      }
      break;
    }
    case 'two-stage':
      for (let s = wEnd; s < T; s++) eta[s] = s < spec.switch ? peak : spec.second;
      break;
    case 'linear': {
      const span = T - W;
      for (let s = wEnd; s < T; s++) eta[s] = peak + ((spec.end - peak) * (s - W)) / span;
      break;
    }
    case 'inverse-sqrt': {
      const w = Math.max(W, 1);
      for (let s = wEnd; s < T; s++) eta[s] = peak * Math.sqrt(w / Math.max(s, 1));
      break;
    }
  }
  return eta;
}

function validate(spec: Exclude<ScheduleSpec, { kind: 'array' }>): void {
  const bad = (m: string) => {
    throw new ScheduleError(`${spec.kind} schedule: ${m}`);
  };
  checkLength(spec.total, `${spec.kind} schedule: total`);
  if (!Number.isInteger(spec.warmup) || spec.warmup < 0 || spec.warmup > spec.total) bad(`warmup must be an integer in [0, total], got ${spec.warmup}`);
  if (!(spec.peak > 0)) bad(`peak must be > 0, got ${spec.peak}`);
  if ('end' in spec && !(spec.end >= 0)) bad(`end must be >= 0, got ${spec.end}`);
  if (spec.kind === 'wsd') {
    if (!Number.isInteger(spec.decay) || spec.decay < spec.warmup || spec.decay >= spec.total) bad(`decay must be an integer step in [warmup, total), got ${spec.decay}`);
    if (spec.shape === 'exp' && !(spec.end > 0)) bad('exponential decay needs end > 0');
  }
  if (spec.kind === 'two-stage') {
    if (!Number.isInteger(spec.switch) || spec.switch < spec.warmup || spec.switch > spec.total) bad(`switch must be an integer step in [warmup, total], got ${spec.switch}`);
    if (!(spec.second >= 0)) bad(`second must be >= 0, got ${spec.second}`);
  }
  if ((spec.kind === 'cosine' || spec.kind === 'linear') && spec.total === spec.warmup) bad('total must exceed warmup');
}

const FIELDS: Record<string, { required: string[]; optional?: string[] }> = {
  constant: { required: ['warmup', 'total', 'peak'] },
  cosine: { required: ['warmup', 'total', 'peak', 'end'] },
  wsd: { required: ['warmup', 'total', 'decay', 'peak', 'end'], optional: ['shape'] },
  'two-stage': { required: ['warmup', 'total', 'switch', 'peak', 'second'] },
  linear: { required: ['warmup', 'total', 'peak', 'end'] },
  'inverse-sqrt': { required: ['warmup', 'total', 'peak'] },
};

/**
 * Parse `cosine:warmup=2160,total=24000,peak=3e-4,end=3e-5`, `constant:...`,
 * `wsd:warmup=..,total=..,decay=..,peak=..,end=..,shape=exp|linear`,
 * `two-stage:warmup=..,total=..,switch=..,peak=..,second=..`, `linear:..,end=..`, `inverse-sqrt:..`.
 * Every kind also accepts `warmupShape=linear|constant`. Numbers accept 24k, 3e-4.
 */
export function parseScheduleSpec(text: string): Exclude<ScheduleSpec, { kind: 'array' }> {
  const colon = text.indexOf(':');
  const kind = (colon < 0 ? text : text.slice(0, colon)).trim().toLowerCase();
  const f = FIELDS[kind];
  if (!f) throw new ScheduleError(`unknown schedule '${kind}' in '${text}' (known: ${Object.keys(FIELDS).join(', ')})`);
  const values: Record<string, string> = Object.create(null); // null prototype: keys are user-typed names
  if (colon >= 0) {
    for (const part of text.slice(colon + 1).split(',')) {
      if (part.trim() === '') continue;
      const eq = part.indexOf('=');
      if (eq <= 0) throw new ScheduleError(`schedule '${text}': expected NAME=VALUE, got '${part}'`);
      const name = part.slice(0, eq).trim();
      if (![...f.required, ...(f.optional ?? []), 'warmupShape'].includes(name)) {
        throw new ScheduleError(`schedule '${kind}': unknown field '${name}' (fields: ${[...f.required, ...(f.optional ?? []), 'warmupShape'].join(', ')})`);
      }
      values[name] = part.slice(eq + 1).trim();
    }
  }
  const missing = f.required.filter((k) => !(k in values));
  if (missing.length) throw new ScheduleError(`schedule '${kind}' is missing ${missing.join(', ')}`);
  const num = (k: string) => {
    const v = parseHumanNumber(values[k]);
    if (Number.isNaN(v)) throw new ScheduleError(`schedule '${kind}': ${k}='${values[k]}' is not a number`);
    return v;
  };
  const ws = values.warmupShape;
  if (ws !== undefined && ws !== 'linear' && ws !== 'constant') throw new ScheduleError(`warmupShape must be linear or constant, got '${ws}'`);
  const base = { warmup: num('warmup'), total: num('total'), peak: num('peak'), ...(ws ? { warmupShape: ws as WarmupShape } : {}) };
  let spec: Exclude<ScheduleSpec, { kind: 'array' }>;
  switch (kind) {
    case 'constant':
      spec = { kind, ...base };
      break;
    case 'cosine':
    case 'linear':
      spec = { kind, ...base, end: num('end') };
      break;
    case 'wsd': {
      const shape = values.shape ?? 'exp';
      if (shape !== 'exp' && shape !== 'linear') throw new ScheduleError(`wsd: shape must be exp or linear, got '${shape}'`);
      spec = { kind, ...base, decay: num('decay'), end: num('end'), shape };
      break;
    }
    case 'two-stage':
      spec = { kind, ...base, switch: num('switch'), second: num('second') };
      break;
    default:
      spec = { kind: 'inverse-sqrt', ...base };
  }
  validate(spec);
  return spec;
}

/** Inverse of parseScheduleSpec (array schedules have no text form). */
export function formatScheduleSpec(spec: ScheduleSpec): string {
  if (spec.kind === 'array') return `array:total=${spec.total}`;
  const { kind, ...rest } = spec;
  return `${kind}:` + Object.entries(rest).map(([k, v]) => `${k}=${v}`).join(',');
}

/**
 * The schedule the multi-power-law authors' loader assigns to one of their released files
 * (src/data_loader.py): cosine_T, constant_T, wsd_20000_24000 (exp decay from 20000),
 * wsdld_20000_24000 (linear decay), wsdcon_k (3e-4 until 8000 then k*1e-5, 16000 steps);
 * warmup 2160, peak 3e-4, end 3e-5. Undefined when the name does not follow that scheme.
 */
export function authorsScheduleFromFileName(fileName: string): ScheduleSpec | undefined {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const W = 2160, peak = 3e-4, end = 3e-5;
  let m;
  if ((m = /^cosine_(\d+)$/.exec(base))) return { kind: 'cosine', warmup: W, total: +m[1], peak, end };
  if ((m = /^constant_(\d+)$/.exec(base))) return { kind: 'constant', warmup: W, total: +m[1], peak };
  if ((m = /^wsdcon_(\d+)$/.exec(base))) return { kind: 'two-stage', warmup: W, total: 16000, switch: 8000, peak, second: +m[1] * 1e-5 };
  if ((m = /^wsdld_(\d+)_(\d+)$/.exec(base))) return { kind: 'wsd', warmup: W, total: +m[2], decay: +m[1], peak, end, shape: 'linear' };
  if ((m = /^wsd_(\d+)_(\d+)$/.exec(base))) return { kind: 'wsd', warmup: W, total: +m[2], decay: +m[1], peak, end, shape: 'exp' };
  return undefined;
}

/**
 * A per-step schedule from a log's (step, lr) columns: linear interpolation between logged
 * steps, the first logged value held before it (or a ramp from 0 at step 0 when
 * `rampFromZero`), the last held after it. Length `total` (default last logged step + 1).
 */
export function scheduleFromLog(steps: ArrayLike<number>, lrs: ArrayLike<number>, total?: number, rampFromZero = false): Float64Array {
  const n = steps.length;
  if (n === 0) throw new ScheduleError('the log has no learning-rate values');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(steps[i]) || !Number.isFinite(lrs[i]) || lrs[i] < 0) throw new ScheduleError(`row ${i + 1}: step ${steps[i]}, lr ${lrs[i]} is not a valid (step, lr) pair`);
    if (i > 0 && steps[i] <= steps[i - 1]) throw new ScheduleError(`row ${i + 1}: steps must increase (${steps[i - 1]} then ${steps[i]})`);
  }
  const T = total ?? Math.round(steps[n - 1]) + 1;
  checkLength(T, 'the schedule from the log (last step + 1)');
  const eta = new Float64Array(T);
  let j = 0;
  for (let s = 0; s < T; s++) {
    while (j < n - 1 && steps[j + 1] <= s) j++;
    if (s <= steps[0]) {
      eta[s] = rampFromZero && steps[0] > 0 ? (lrs[0] * s) / steps[0] : lrs[0];
    } else if (j >= n - 1) {
      eta[s] = lrs[n - 1];
    } else {
      const f = (s - steps[j]) / (steps[j + 1] - steps[j]);
      eta[s] = lrs[j] + f * (lrs[j + 1] - lrs[j]);
    }
  }
  return eta;
}
