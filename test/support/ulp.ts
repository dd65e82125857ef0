// Units in the last place, computed independently of the code under test (exp/log accuracy tests).

export const SMALLEST = 2 ** -1074; // ulp of subnormals

/** ulp of a double: 2^(k-52) for |v| in [2^k, 2^(k+1)), 2^-1074 for subnormals. */
export function ulpOf(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -1022) return SMALLEST;
  let k = Math.floor(Math.log2(a));
  if (2 ** k > a) k--; // log2 rounded up just below a power of two
  if (2 ** (k + 1) <= a) k++;
  return 2 ** (k - 52);
}

/** Distance of `got` from `ref` in units of ref's last place; Infinity when exactly one is non-finite or they differ otherwise. */
export function ulpError(got: number, ref: number): number {
  if (got === ref || (Number.isNaN(got) && Number.isNaN(ref))) return 0;
  if (!Number.isFinite(ref) || !Number.isFinite(got)) return Infinity;
  return Math.abs(got - ref) / ulpOf(ref);
}
