// Shared plumbing for the config parsers: a flat key → (value, position) view of a parsed
// file, typed getters that record which normalized field each key sets, and located errors.

import { ConfigError, type ArchConfig, type ConfigFormat, type KeyLocation, type SourcePosition } from '../arch';

export interface RawEntry {
  key: string;
  value: unknown;
  pos?: SourcePosition;
}

export class RawConfig {
  readonly keys: KeyLocation[] = [];
  readonly defaulted: string[] = [];
  readonly warnings: string[] = [];
  constructor(
    readonly entries: Map<string, RawEntry>,
    readonly file?: string,
    /** Key prefixes tried in order ('' = top level), e.g. ['model.', ''] for YAML with a model: section. */
    readonly prefixes: string[] = [''],
  ) {}

  entry(names: string[]): RawEntry | undefined {
    for (const p of this.prefixes) {
      for (const n of names) {
        const e = this.entries.get(p + n);
        if (e !== undefined && e.value !== null && e.value !== undefined) return e;
      }
    }
    return undefined;
  }

  has(names: string[]): boolean {
    return this.entry(names) !== undefined;
  }

  error(message: string, e?: RawEntry): ConfigError {
    return new ConfigError(message, this.file, e?.pos?.line, e?.pos?.column);
  }

  private record(e: RawEntry, field: string, value: unknown): void {
    if (e.pos && !this.keys.some((k) => k.key === e.key)) this.keys.push({ ...e.pos, key: e.key, field, value });
  }

  /** A number from the first present key; `fallback` (recorded as defaulted) when none is present. */
  num(field: string, names: string[], fallback?: number, opts: { integer?: boolean; positive?: boolean } = {}): number | undefined {
    const e = this.entry(names);
    if (!e) {
      if (fallback !== undefined) this.defaulted.push(field);
      return fallback;
    }
    let v = e.value;
    if (typeof v === 'bigint') v = Number(v);
    if (typeof v === 'string' && /^\s*[+-]?(\d[\d_]*\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(v)) v = Number(v.replace(/_/g, ''));
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.error(`'${e.key}' must be a number, found ${JSON.stringify(e.value)}`, e);
    if (opts.integer !== false && (opts.integer || opts.positive) && !Number.isInteger(v))
      throw this.error(`'${e.key}' must be an integer, found ${v}`, e);
    if (opts.positive && v <= 0) throw this.error(`'${e.key}' must be positive, found ${v}`, e);
    this.record(e, field, v);
    return v;
  }

  int(field: string, names: string[], fallback?: number): number | undefined {
    return this.num(field, names, fallback, { integer: true, positive: true });
  }

  /** A required positive integer: located error naming the keys tried when absent. */
  need(field: string, names: string[]): number {
    const v = this.int(field, names);
    if (v === undefined) throw this.error(`missing ${field}: none of ${names.map((n) => `'${n}'`).join(', ')} is set`);
    return v;
  }

  bool(field: string, names: string[], fallback: boolean): boolean {
    const e = this.entry(names);
    if (!e) {
      this.defaulted.push(field);
      return fallback;
    }
    let v = e.value;
    if (typeof v === 'string' && /^(true|false)$/i.test(v)) v = v.toLowerCase() === 'true';
    if (typeof v === 'number' && (v === 0 || v === 1)) v = v === 1;
    if (typeof v !== 'boolean') throw this.error(`'${e.key}' must be true or false, found ${JSON.stringify(e.value)}`, e);
    this.record(e, field, v);
    return v;
  }

  str(field: string, names: string[]): string | undefined {
    const e = this.entry(names);
    if (!e) return undefined;
    if (typeof e.value !== 'string') throw this.error(`'${e.key}' must be a string, found ${JSON.stringify(e.value)}`, e);
    this.record(e, field, e.value);
    return e.value;
  }

  finish(format: ConfigFormat, arch: Omit<ArchConfig, 'format' | 'keys' | 'defaulted' | 'warnings'>): ArchConfig {
    return { format, ...arch, defaulted: [...new Set(this.defaulted)], warnings: this.warnings, keys: this.keys.sort((a, b) => a.offset - b.offset) };
  }
}

/** Flatten nested objects to dotted keys (arrays are kept as leaf values). */
export function flatten(obj: unknown, prefix = '', out = new Map<string, RawEntry>()): Map<string, RawEntry> {
  if (obj && typeof obj === 'object' && !Array.isArray(obj) && !(obj instanceof Date)) {
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
      const key = prefix + k;
      if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) flatten(v, key + '.', out);
      else out.set(key, { key, value: v });
    }
  }
  return out;
}

/** Position of a key's text on a line. */
export function keyPosition(offset: number, length: number, line: number, column: number): SourcePosition {
  return { line, column, offset, length };
}
