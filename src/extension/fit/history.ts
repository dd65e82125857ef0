// Fit history: every fit the extension makes of a file is kept (its FitReport JSON) in the
// extension's own storage, never beside the user's files, the newest MAX_PER_FILE per file, so
// "Compare with Previous Fit" can say what changed as the sweep grew.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FitReport } from '../../core/report/fitReport';

export const MAX_PER_FILE = 20;

export interface HistoryEntry {
  path: string;
  /** When the fit was recorded (ms since the epoch). */
  time: number;
  law: string;
  n: number;
}

export class FitHistory {
  constructor(private readonly root: string) {}

  private dirOf(file: string): string {
    return join(this.root, createHash('sha256').update(file).digest('hex').slice(0, 16));
  }

  /** Keep `report` as the newest fit of `file`; returns where it was written. */
  record(file: string, report: FitReport, now = Date.now()): string {
    const dir = this.dirOf(file);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${now}-${report.law.replace(/[^\w.-]/g, '_')}-${report.n}.json`);
    // Written aside and renamed: a crash mid-write never leaves a half report in the history.
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(report));
    renameSync(tmp, path);
    for (const old of this.list(file).slice(MAX_PER_FILE)) rmSync(old.path, { force: true });
    return path;
  }

  /** The recorded fits of `file`, newest first. */
  list(file: string): HistoryEntry[] {
    const dir = this.dirOf(file);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const out: HistoryEntry[] = [];
    for (const name of names) {
      const m = /^(\d+)-(.+)-(\d+)\.json$/.exec(name);
      if (!m || !statSync(join(dir, name)).isFile()) continue;
      out.push({ path: join(dir, name), time: Number(m[1]), law: m[2], n: Number(m[3]) });
    }
    return out.sort((a, b) => b.time - a.time || b.path.localeCompare(a.path));
  }
}
