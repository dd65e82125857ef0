// Number parsing shared by the CLI, the palette inputs and the ingest parsers.
// Accepts 7e9, 7B, 1.4T, 125M, 3k, 5.76e23 (case-insensitive suffix, optional underscores/commas in digits).

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12, p: 1e15 };

const NUMBER_RE = /^([+-]?(?:\d[\d_]*\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([kmbgtp])?$/i;

/** Parse a human number; returns NaN when the text is not one. */
export function parseHumanNumber(text: string): number {
  const t = text.trim();
  if (t === '') return NaN;
  const m = NUMBER_RE.exec(t);
  if (!m) return NaN;
  const base = Number(m[1].replace(/_/g, ''));
  if (!Number.isFinite(base)) return NaN;
  return m[2] ? base * SUFFIX[m[2].toLowerCase()] : base;
}

/** Compact display: 6.74B, 1.40T, 3.2e23. */
export function formatHumanNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e16 || (a > 0 && a < 1e-3)) return x.toExponential(digits - 1);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [v, s] of units) if (a >= v) return `${+(x / v).toPrecision(digits)}${s}`;
  return `${+x.toPrecision(digits)}`;
}
