// The one source of truth for how the extension fits a file: the settings plus what the user
// chose for that file (law, derived columns, filter, excluded rows, bootstrap, column roles) make
// one FitRequest. The results panel, the Viewer, Compare Laws, refits, hovers and "Copy CLI
// Command" all read it from here, so they never disagree. No 'vscode' import: unit-tested.
import type { FitRequest, InspectResult } from '../../protocol/tasks';
import { fitRequestToArgv } from '../../tasks/flags/fit';

export interface FitSettings {
  law: string;
  /** 'default': the law's authors' own (docs/CONVENTIONS.md). */
  objective: 'default' | 'huber' | 'l2' | 'l1';
  /** 0: the law's own. */
  delta: number;
  residualSpace: 'default' | 'log' | 'linear';
  bootstrap: number;
  seed: number;
  workers: number;
  flopsPerParamToken: number;
}

export const DEFAULT_SETTINGS: FitSettings = {
  law: 'chinchilla', objective: 'default', delta: 0, residualSpace: 'default', bootstrap: 400, seed: 0, workers: 0, flopsPerParamToken: 6,
};

/** Bounds of the settings that change results: an untrusted workspace cannot push them out of range. */
const LIMITS = { delta: [0, 10], bootstrap: [0, 100_000], seed: [0, 2 ** 31 - 1], workers: [0, 64] } as const;
const FLOP_CONVENTIONS = [2, 6, 8];

function clampSetting(k: keyof typeof LIMITS, v: number, fallback: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fallback;
  const [lo, hi] = LIMITS[k];
  const c = Math.min(hi, Math.max(lo, v));
  return k === 'delta' ? c : Math.round(c);
}

/** Read settings through any getter (vscode's WorkspaceConfiguration.get fits), with defaults and bounds. */
export function readSettings(get: <T>(key: string) => T | undefined): FitSettings {
  const s = { ...DEFAULT_SETTINGS };
  const pick = <K extends keyof FitSettings>(k: K, key: string) => {
    const v = get<FitSettings[K]>(key);
    if (v !== undefined && v !== null) s[k] = v;
  };
  pick('law', 'fit.law');
  pick('objective', 'fit.objective');
  pick('delta', 'fit.delta');
  pick('residualSpace', 'fit.residualSpace');
  pick('bootstrap', 'fit.bootstrap');
  pick('seed', 'fit.seed');
  pick('workers', 'fit.workers');
  pick('flopsPerParamToken', 'flopConvention');
  if (typeof s.flopsPerParamToken === 'string') s.flopsPerParamToken = parseFloat(s.flopsPerParamToken);
  if (!FLOP_CONVENTIONS.includes(s.flopsPerParamToken)) s.flopsPerParamToken = DEFAULT_SETTINGS.flopsPerParamToken;
  if (!['default', 'huber', 'l2', 'l1'].includes(s.objective)) s.objective = DEFAULT_SETTINGS.objective;
  if (!['default', 'log', 'linear'].includes(s.residualSpace)) s.residualSpace = DEFAULT_SETTINGS.residualSpace;
  s.delta = clampSetting('delta', s.delta, DEFAULT_SETTINGS.delta);
  s.bootstrap = clampSetting('bootstrap', s.bootstrap, DEFAULT_SETTINGS.bootstrap);
  s.seed = clampSetting('seed', s.seed, DEFAULT_SETTINGS.seed);
  s.workers = clampSetting('workers', s.workers, DEFAULT_SETTINGS.workers);
  return s;
}

/** What the user chose for one file ("Fit Scaling Law with Options…", role pickers, exclusions). */
export interface FileFitOptions {
  law?: string;
  /** NAME=EXPR items, in order. */
  derive?: string[];
  where?: string;
  bootstrap?: number;
  /** role → column. */
  mapping?: Record<string, string>;
  /** Rows left out (1-based table rows, as the diagnostics number them) and/or run names. */
  exclude?: { rows?: number[]; runs?: string[] };
}

/** The FitRequest for a file: settings, then the file's own choices on top. */
export function fitRequestFor(file: string, s: FitSettings, o: FileFitOptions = {}, overrides: Partial<FitRequest> = {}): FitRequest {
  const req: FitRequest = { file, law: o.law ?? s.law };
  // Objective settings left at 'default' keep the law's authors' own procedure.
  const objective: NonNullable<FitRequest['objective']> = {};
  if (s.objective !== 'default') objective.kind = s.objective;
  if (s.delta > 0) objective.delta = s.delta;
  if (s.residualSpace !== 'default') objective.space = s.residualSpace;
  if (Object.keys(objective).length) req.objective = objective;
  req.bootstrap = o.bootstrap ?? s.bootstrap;
  req.seed = s.seed;
  if (s.flopsPerParamToken !== 6) req.flopsPerParamToken = s.flopsPerParamToken;
  const map = Object.entries(o.mapping ?? {}).filter(([, c]) => c);
  if (map.length) req.map = Object.fromEntries(map);
  if (o.derive?.length) req.derive = o.derive.map((d) => [d.slice(0, d.indexOf('=')).trim(), d.slice(d.indexOf('=') + 1).trim()]);
  if (o.where?.trim()) req.where = o.where.trim();
  if (o.exclude?.rows?.length || o.exclude?.runs?.length) req.exclude = { ...(o.exclude.rows?.length ? { rows: [...o.exclude.rows].sort((a, b) => a - b) } : {}), ...(o.exclude.runs?.length ? { runs: [...o.exclude.runs] } : {}) };
  return { ...req, ...overrides };
}

/** A word for a POSIX shell: as is when it has only safe characters, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_=.,:\/@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The terminal command that gives the same FitReport. */
export function cliCommandFor(req: FitRequest): string {
  return ['scaling-laws', 'fit', req.file, ...fitRequestToArgv(req), '--json'].map(shellQuote).join(' ');
}

/**
 * Derived columns typed as "NAME=EXPR; NAME2=EXPR2" (';' or new lines between them). Returns the
 * --derive items, or an error message for the input box. Expressions are checked by the fit.
 */
export function parseDeriveInput(text: string): { derive: string[] } | { error: string } {
  const derive: string[] = [];
  for (const raw of text.split(/[;\n]/)) {
    const part = raw.trim();
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = eq > 0 ? part.slice(0, eq).trim() : '';
    const expr = eq > 0 ? part.slice(eq + 1).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !expr) return { error: `'${part}': write NAME=EXPR, e.g. D=C/(6*N)` };
    if (expr.startsWith('=')) return { error: `'${part}': one '=' between the name and the expression` };
    derive.push(`${name}=${expr}`);
  }
  return { derive };
}

/**
 * One run with a step and a loss column, and none of the law's inputs found, mapped or derived: a
 * training curve (an HF Trainer folder, one metrics file). Fit Scaling Law sends it to the Curve
 * Panel instead of asking which column is N: a law over N and D needs several runs.
 */
export function singleTrainingCurve(table: Pick<InspectResult, 'runs' | 'columns'>, inputs: readonly string[], saved: Record<string, string>, derived: ReadonlySet<string>): boolean {
  const has = (r: string) => table.columns.some((c) => c.role === r);
  const given = inputs.some((r) => Boolean(saved[r]) || derived.has(r) || has(r));
  return !given && table.runs <= 1 && has('step') && has('loss');
}
