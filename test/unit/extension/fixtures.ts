// A small Chinchilla-shaped run table written to a temp dir (deterministic noise).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TRUE = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

export function chinchillaCsv(noise = 0.01): string {
  let seed = 1;
  const r = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const lines = ['run,N,D,loss'];
  for (const N of [1e7, 3e7, 1e8, 3e8, 1e9]) for (const D of [2e8, 1e9, 5e9, 2e10]) {
    const L = (TRUE.E + TRUE.A / N ** TRUE.alpha + TRUE.B / D ** TRUE.beta) * (1 + noise * (r() - 0.5));
    lines.push(`r${N}_${D},${N},${D},${L.toFixed(6)}`);
  }
  return lines.join('\n') + '\n';
}

export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sl-ext-'));
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
