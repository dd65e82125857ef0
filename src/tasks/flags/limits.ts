// One table of the counts a user may ask for, by flag name: the same name means the same count in
// every command (--bootstrap resamples, --seed the generator's 32-bit seed, …). The CLI checks them
// while parsing flags (args.ts); tasks check the same numbers arriving from the worker with
// checkCount, so the limit and its message are the same on both paths. A command that means
// something else by a name declares its own range in its FlagSpec.
import { InputError } from '../../core/errors';

export interface CountRange {
  min: number;
  max: number;
  /** Whole numbers only (default true). */
  integer?: boolean;
}

export const COUNT_LIMITS: Readonly<Record<string, CountRange>> = Object.freeze(Object.assign(Object.create(null), {
  // Every bootstrap replays a fit; 100 000 is 250x the default and already hours of work.
  bootstrap: { min: 0, max: 100_000 },
  // The generator takes 32 bits: larger or fractional seeds would silently repeat smaller ones.
  seed: { min: 0, max: 2 ** 32 - 1 },
  resamples: { min: 0, max: 10_000 },
  draws: { min: 0, max: 1000 },
  threads: { min: 1, max: 64 },
  'max-iter': { min: 1, max: 100_000 },
  'max-band-draws': { min: 0, max: 100_000 },
  'sweep-points': { min: 2, max: 1000 },
  'min-points': { min: 3, max: 1000 },
  rows: { min: 0, max: 100_000 },
}));

/** The range text used in messages and --help: 'a whole number from 0 to 100000'. */
export function describeRange(r: CountRange): string {
  return `${r.integer === false ? 'a number' : 'a whole number'} from ${r.min} to ${r.max}`;
}

/** Throws an InputError naming the flag and its range when `value` is outside it. */
export function checkRange(flag: string, value: number, r: CountRange): void {
  const whole = r.integer === false || Number.isInteger(value);
  if (!(whole && value >= r.min && value <= r.max)) throw new InputError(`--${flag} must be ${describeRange(r)}, got ${value}`);
}

/** checkRange against the shared table (for request fields that arrive without flags). */
export function checkCount(flag: keyof typeof COUNT_LIMITS & string, value: number | undefined): void {
  if (value !== undefined) checkRange(flag, value, COUNT_LIMITS[flag]);
}
