// SHA-256 of an input file (or of every file under a folder, in sorted order) for provenance.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function hashPath(path: string): string {
  const h = createHash('sha256');
  const visit = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(join(p, name));
    } else {
      h.update(p.slice(path.length));
      h.update(readFileSync(p));
    }
  };
  visit(path);
  return h.digest('hex');
}
