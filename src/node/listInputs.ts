// The log files under the paths a user names: files as given, folders walked in sorted order.
// A symlink loop, a dangling link or an unreadable entry is skipped with its reason; the rest of
// the folder is still listed. A path that does not exist at the top is an InputError.
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors';

export const LOG_FILE = /\.(csv|tsv|jsonl|ndjson|json)$/i;

export interface ListedInputs {
  files: string[];
  skipped: { path: string; reason: string }[];
}

export function listLogInputs(paths: string[], accept: (name: string) => boolean = (n) => LOG_FILE.test(n)): ListedInputs {
  const out: ListedInputs = { files: [], skipped: [] };
  const seen = new Set<string>();
  const visit = (p: string, top: boolean, depth: number) => {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      let link = false;
      try {
        link = lstatSync(p).isSymbolicLink();
      } catch {
        /* absent */
      }
      if (top && !link) throw new InputError(`${p}: no such file or folder`);
      out.skipped.push({ path: p, reason: link ? (code === 'ELOOP' ? 'symbolic link loop' : 'dangling symbolic link') : `unreadable (${code})` });
      return;
    }
    if (!st.isDirectory()) {
      if (top || accept(p)) out.files.push(p);
      return;
    }
    let real: string;
    try {
      real = realpathSync(p);
    } catch {
      real = p;
    }
    if (seen.has(real) || depth > 16) {
      out.skipped.push({ path: p, reason: seen.has(real) ? 'folder already visited (symbolic link loop)' : 'nested too deeply' });
      return;
    }
    seen.add(real);
    let names: string[];
    try {
      names = readdirSync(p).sort();
    } catch (e) {
      out.skipped.push({ path: p, reason: `unreadable folder (${(e as NodeJS.ErrnoException).code})` });
      return;
    }
    for (const name of names) if (!name.startsWith('.') && name !== 'configs' && name !== 'node_modules') visit(join(p, name), false, depth + 1);
  };
  for (const p of paths) visit(p, true, 0);
  return out;
}
