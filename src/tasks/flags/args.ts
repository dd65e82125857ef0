// Flags as typed data: a strict parser (unknown flags and missing values are InputErrors, exit 2),
// and the specs every command declares. Shared by the CLI (argv → request) and by the extension's
// "Copy CLI Command" (request → argv), so both speak the same flags.
import { InputError } from '../../core/errors';
import { parseHumanNumber } from '../../core/table/numbers';
import { checkRange, COUNT_LIMITS, describeRange, type CountRange } from './limits';

/** A usage mistake (unknown flag, bad value): an InputError, exit code 2. */
export class UsageError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `--help` or `-h` among a command's arguments: the CLI prints the command's help and exits 0. */
export class HelpRequest extends Error {
  constructor(readonly spec: FlagSpec) {
    super('help');
  }
}

export type FlagKind = 'string' | 'number' | 'boolean' | 'list';

/** A flag with its documentation (shown by --help). */
export interface FlagDoc {
  kind: FlagKind;
  /** What it means, one line. */
  help?: string;
  /** Unit or value syntax, e.g. 'FLOPs', 'NAME=EXPR'. */
  unit?: string;
  /** Default as the user would type it. */
  default?: string;
  /** Allowed values of a number flag; without it, the shared COUNT_LIMITS entry of the same name. */
  range?: CountRange;
}

export interface FlagSpec {
  [flag: string]: FlagKind | FlagDoc;
}

export type FlagValue = string | number | boolean | string[] | undefined;

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, FlagValue>;
}

export function flagKind(entry: FlagKind | FlagDoc): FlagKind {
  return typeof entry === 'string' ? entry : entry.kind;
}

/** Flags by name without inherited keys: `--constructor` or `--__proto__` are unknown flags, not Object members. */
function lookup(spec: FlagSpec, name: string): FlagKind | FlagDoc | undefined {
  return Object.hasOwn(spec, name) ? spec[name] : undefined;
}

function rangeOf(name: string, entry: FlagKind | FlagDoc): CountRange | undefined {
  return (typeof entry === 'string' ? undefined : entry.range) ?? (Object.hasOwn(COUNT_LIMITS, name) ? COUNT_LIMITS[name] : undefined);
}

export function parseArgs(argv: string[], spec: FlagSpec): ParsedArgs {
  const positional: string[] = [];
  const flags: ParsedArgs['flags'] = Object.create(null);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') throw new HelpRequest(spec);
    if (!a.startsWith('--') || a === '--') {
      positional.push(a);
      continue;
    }
    let name = a.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const entry = lookup(spec, name);
    if (!entry) throw new UsageError(`unknown flag --${name} (known: ${Object.keys(spec).map((f) => '--' + f).join(' ')})`);
    const kind = flagKind(entry);
    if (kind === 'boolean') {
      flags[name] = value === undefined ? true : value !== 'false';
      continue;
    }
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      value = argv[++i];
    }
    if (kind === 'number') {
      const v = parseHumanNumber(value);
      if (Number.isNaN(v)) throw new UsageError(`--${name}: '${value}' is not a number`);
      const range = rangeOf(name, entry);
      if (range) {
        try {
          checkRange(name, v, range);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
      }
      flags[name] = v;
    } else if (kind === 'list') {
      ((flags[name] ??= []) as string[]).push(value);
    } else {
      flags[name] = value;
    }
  }
  return { positional, flags };
}

/** NAME=VALUE pairs, comma-separated or repeated: 'E=1.69,A=406.4' → {E: 1.69, A: 406.4} (no prototype). */
export function parseAssignments(items: string | string[] | undefined, what: string): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
  for (const item of list) {
    for (const part of item.split(',')) {
      if (part.trim() === '') continue;
      const eq = part.indexOf('=');
      if (eq <= 0) throw new UsageError(`${what}: expected NAME=VALUE, got '${part}'`);
      const name = part.slice(0, eq).trim();
      const v = parseHumanNumber(part.slice(eq + 1));
      if (Number.isNaN(v)) throw new UsageError(`${what}: '${part.slice(eq + 1)}' is not a number (for ${name})`);
      out[name] = v;
    }
  }
  return out;
}

/** NAME=TEXT pairs (text may contain '=' after the first one). */
export function parseTextAssignments(items: string[] | undefined, what: string): [string, string][] {
  return (items ?? []).map((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${what}: expected NAME=EXPR, got '${item}'`);
    return [item.slice(0, eq).trim(), item.slice(eq + 1).trim()];
  });
}

/** ROLE=COLUMN pairs (--map) into a null-prototype record. */
export function parseMap(items: string[] | undefined, what = '--map'): Record<string, string> {
  const map: Record<string, string> = Object.create(null);
  for (const m of items ?? []) {
    const eq = m.indexOf('=');
    if (eq <= 0) throw new UsageError(`${what} expects ROLE=COLUMN, got '${m}'`);
    map[m.slice(0, eq).trim()] = m.slice(eq + 1).trim();
  }
  return map;
}

/** One of the allowed words, or the fallback when absent. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string, fallback: T): T;
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string): T | undefined;
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string, fallback?: T): T | undefined {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join('|')}, got '${value}'`);
}

/** A request's flags back to argv (list values repeat the flag; false and undefined are omitted). */
export function flagsToArgv(flags: Record<string, FlagValue>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(flags)) {
    if (v === undefined || v === false) continue;
    if (Array.isArray(v)) for (const item of v) out.push(`--${k}`, item);
    else if (v === true) out.push(`--${k}`);
    else out.push(`--${k}`, String(v));
  }
  return out;
}

/** One line per flag: name, value syntax, meaning, default. */
export function describeFlags(spec: FlagSpec): string {
  const value = { string: ' TEXT', number: ' NUMBER', list: ' TEXT', boolean: '' } as const;
  const rows = Object.entries(spec).map(([name, entry]) => {
    const doc: FlagDoc = typeof entry === 'string' ? { kind: entry } : entry;
    const syntax = `  --${name}${doc.unit && doc.kind !== 'boolean' ? ` ${doc.unit}` : value[doc.kind]}${doc.kind === 'list' ? ' (repeatable)' : ''}`;
    const range = doc.kind === 'number' ? rangeOf(name, entry) : undefined;
    const help = [doc.help, range ? `(${describeRange(range)})` : '', doc.default !== undefined ? `(default ${doc.default})` : ''].filter(Boolean).join(' ');
    return [syntax, help] as const;
  });
  const w = Math.min(44, rows.reduce((m, [s]) => Math.max(m, s.length), 0));
  return rows.map(([s, h]) => (h ? (s.length > w ? `${s}\n${' '.repeat(w + 2)}${h}` : `${s.padEnd(w)}  ${h}`) : s)).join('\n');
}
