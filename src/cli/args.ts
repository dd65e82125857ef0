// A small, strict flag parser: unknown flags and missing values are usage errors (exit code 2).
import { parseHumanNumber } from '../core/table/numbers';

export class UsageError extends Error {}
/** `--help` or `-h` among a command's arguments: main() prints the command's flags and exits 0. */
export class HelpRequest extends Error {
  constructor(readonly spec: FlagSpec) {
    super('help');
  }
}

/** One line per flag, with what its value is. */
export function describeFlags(spec: FlagSpec): string {
  const value = { string: ' TEXT', number: ' NUMBER', list: ' TEXT (repeatable)', boolean: '' } as const;
  return Object.entries(spec).map(([name, kind]) => `  --${name}${value[kind]}`).join('\n');
}
/** A fit or computation that ran but failed: exit code 1. */
export class RunError extends Error {}

export type FlagKind = 'string' | 'number' | 'boolean' | 'list';

export interface FlagSpec {
  [flag: string]: FlagKind;
}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | number | boolean | string[] | undefined>;
}

export function parseArgs(argv: string[], spec: FlagSpec): ParsedArgs {
  const positional: string[] = [];
  const flags: ParsedArgs['flags'] = {};
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
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown flag --${name} (known: ${Object.keys(spec).map((f) => '--' + f).join(' ')})`);
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
      flags[name] = v;
    } else if (kind === 'list') {
      ((flags[name] ??= []) as string[]).push(value);
    } else {
      flags[name] = value;
    }
  }
  return { positional, flags };
}

/** NAME=VALUE pairs, comma-separated or repeated: 'E=1.69,A=406.4' → {E: 1.69, A: 406.4}. */
export function parseAssignments(items: string | string[] | undefined, what: string): Record<string, number> {
  const out: Record<string, number> = {};
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

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * Commands with subcommands (curve, phases): run the one named first in argv; no name prints the
 * usage (exit 2), --help/-h prints it (exit 0), an unknown name is a usage error.
 */
export function dispatchSubcommand(argv: string[], io: CliIO, usage: string, table: Record<string, (argv: string[], io: CliIO) => Promise<number>>): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.out(usage);
    return Promise.resolve(sub ? 0 : 2);
  }
  const run = Object.hasOwn(table, sub) ? table[sub] : undefined;
  if (!run) throw new UsageError(`unknown subcommand '${sub}'\n${usage}`);
  return run(rest, io);
}

