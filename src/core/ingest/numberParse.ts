// Fast numeric cell parsing for the streaming parsers.
// fastNumber: plain decimals (digits, '.', exponent) parsed from char codes without allocating a substring.
// It is exact: Clinger's fast path (integer mantissa < 2^53 and |power of ten| <= 22 gives a correctly
// rounded result from one multiply or divide); everything else falls back to Number(substring).
import { parseHumanNumber } from '../table/numbers';

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Parse s[start, end) as a plain decimal; NaN if it is not one (the caller then tries other forms). */
export function fastNumber(s: string, start: number, end: number): number {
  let i = start;
  let c = s.charCodeAt(i);
  if (c === 32 || s.charCodeAt(end - 1) === 32) {
    while (i < end && s.charCodeAt(i) === 32) i++;
    while (end > i && s.charCodeAt(end - 1) === 32) end--;
    c = s.charCodeAt(i);
  }
  if (i >= end) return NaN;
  let neg = false;
  if (c === 45 || c === 43) {
    neg = c === 45;
    c = s.charCodeAt(++i);
  }
  // Integer part: up to 9 digits in int32, then in double.
  let d = c - 48;
  if (i >= end || ((d < 0 || d > 9) && d !== -2)) return NaN;
  let mant = 0;
  let sig = 0; // significant digits in mant (leading zeros excluded)
  let exp10 = 0;
  let any = false;
  let lost = false; // digits beyond 16 significant ones were dropped
  while (d >= 0 && d <= 9) {
    any = true;
    if (sig < 16) {
      mant = mant * 10 + d;
      if (mant !== 0) sig++;
    } else {
      exp10++;
      lost = true;
    }
    if (++i >= end) break;
    d = s.charCodeAt(i) - 48;
  }
  if (i < end && d === -2) {
    // '.'
    i++;
    while (i < end) {
      d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      any = true;
      if (sig < 16) {
        mant = mant * 10 + d;
        if (mant !== 0) sig++;
        exp10--;
      } else if (d !== 0) lost = true;
      i++;
    }
  }
  if (!any) return NaN;
  if (i < end) {
    if (d !== 53 && d !== 21) return NaN; // 'e' or 'E'
    c = s.charCodeAt(++i);
    let eneg = false;
    if (c === 45 || c === 43) {
      eneg = c === 45;
      i++;
    }
    let e = 0;
    const e0 = i;
    for (; i < end; i++) {
      d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      if (e < 100000) e = e * 10 + d;
    }
    if (i === e0) return NaN;
    exp10 += eneg ? -e : e;
  }
  if (lost || mant > 9007199254740991) return Number(s.slice(start, end));
  let v: number;
  if (mant === 0) v = 0;
  else if (exp10 === 0) v = mant;
  else if (exp10 > 0 && exp10 <= 22) v = mant * POW10[exp10];
  else if (exp10 < 0 && exp10 >= -22) v = mant / POW10[-exp10];
  else return Number(s.slice(start, end));
  return neg ? -v : v;
}

export type NonFinite = 'nan' | 'inf' | '-inf';

/** NaN/Inf spellings seen in logs (Python, numpy, pandas, JS, R). */
export function nonFiniteWord(t: string): NonFinite | undefined {
  const s = t.trim().toLowerCase();
  switch (s) {
    case 'nan':
    case '+nan':
    case '-nan':
    case 'na':
    case 'n/a':
    case 'null':
    case 'none':
      return 'nan';
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return 'inf';
    case '-inf':
    case '-infinity':
      return '-inf';
  }
  return undefined;
}

/** Full cell parse: plain decimal, then human suffixes (4.2B), '1,234' thousands; NaN when not a number. */
export function parseCellNumber(s: string): number {
  const v = fastNumber(s, 0, s.length);
  if (!Number.isNaN(v)) return v;
  return parseHumanNumber(s);
}
