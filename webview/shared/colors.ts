// Colour helpers shared by every webview bundle (no side effects: safe to import anywhere).

/** Publication palette; also the fallback when the theme defines no chart colours. */
export const PUB_PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** A VS Code theme variable's current value, or the fallback. */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** #rrggbb or rgb()/rgba() with a new alpha; other colour syntaxes pass through. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})/i.exec(color);
  if (m) {
    const n = parseInt(m[1], 16);
    return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
  }
  const r = /^rgba?\(([^)]+)\)/.exec(color);
  if (r) {
    const [a, b, c] = r[1].split(',');
    return `rgba(${a},${b},${c},${alpha})`;
  }
  return color;
}
