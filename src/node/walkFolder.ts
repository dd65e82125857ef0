// List a folder for the layout planner (src/core/ingest/layout.ts): every file with its size and first
// bytes, every folder. Symbolic links are followed once: a dangling link, a link loop or a second link to
// a folder already listed becomes an entry with a `problem`, which the planner lists as skipped, so one bad
// link never hides the rest of the folder.
import { closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ListedEntry } from '../core/ingest/layout';

export interface WalkOptions {
  /** Bytes read from the start of each file (default 4096). */
  headBytes?: number;
  /** Entries listed at most (default 100 000); the rest are reported. */
  maxEntries?: number;
}

export interface WalkResult {
  entries: ListedEntry[];
  /** Set when the listing stopped at maxEntries. */
  truncated?: string;
}

/** Hidden folders and tool caches are not walked; Hydra's .hydra holds a run's config. */
const IGNORED = /^(\.(?!hydra$).*|__pycache__|node_modules)$/;

function readHead(path: string, n: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

function errText(e: unknown): string {
  const c = (e as NodeJS.ErrnoException)?.code;
  return c === 'EACCES' || c === 'EPERM' ? 'permission denied' : c === 'ELOOP' ? 'symbolic link loop' : c === 'ENOENT' ? 'vanished while listing' : String((e as Error)?.message ?? e);
}

export function walkFolder(root: string, options: WalkOptions = {}): WalkResult {
  const headBytes = options.headBytes ?? 4096;
  const max = options.maxEntries ?? 100_000;
  const entries: ListedEntry[] = [];
  let truncated: string | undefined;
  const rootReal = realpathSync(root);
  const seenDirs = new Set<string>([rootReal]);

  const walk = (abs: string, real: string, rel: string, ancestors: string[]) => {
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch (e) {
      entries.push({ path: rel, kind: 'dir', problem: `cannot list this folder: ${errText(e)}` });
      return;
    }
    for (const name of names) {
      if (IGNORED.test(name)) continue;
      if (entries.length >= max) {
        truncated ??= `${root}: more than ${max} files and folders; listed the first ${max}`;
        return;
      }
      const p = join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      let st;
      let link = false;
      try {
        st = lstatSync(p);
        if (st.isSymbolicLink()) {
          link = true;
          st = statSync(p);
        }
      } catch (e) {
        const code = (e as NodeJS.ErrnoException)?.code;
        entries.push({ path: r, kind: 'file', problem: link && code === 'ENOENT' ? 'dangling symbolic link (its target does not exist)' : link && code === 'ELOOP' ? 'symbolic link loop' : `cannot read: ${errText(e)}` });
        continue;
      }
      if (st.isDirectory()) {
        let target: string;
        try {
          target = realpathSync(p);
        } catch (e) {
          entries.push({ path: r, kind: 'dir', problem: `cannot resolve: ${errText(e)}` });
          continue;
        }
        if (ancestors.includes(target) || target === real) {
          entries.push({ path: r, kind: 'dir', problem: `symbolic link back to ${relative(rootReal, target) || 'the folder itself'} (a loop), not followed` });
          continue;
        }
        if (seenDirs.has(target)) {
          entries.push({ path: r, kind: 'dir', problem: `symbolic link to ${relative(rootReal, target) || 'the folder itself'}, which is read already` });
          continue;
        }
        seenDirs.add(target);
        entries.push({ path: r, kind: 'dir' });
        walk(p, target, r, [...ancestors, real]);
      } else if (st.isFile()) {
        try {
          entries.push({ path: r, kind: 'file', size: st.size, head: readHead(p, headBytes) });
        } catch (e) {
          entries.push({ path: r, kind: 'file', size: st.size, problem: `cannot read: ${errText(e)}` });
        }
      } else entries.push({ path: r, kind: 'file', problem: 'not a regular file (device, socket or pipe)' });
    }
  };
  entries.push({ path: '', kind: 'dir' });
  walk(root, rootReal, '', []);
  return { entries, truncated };
}
