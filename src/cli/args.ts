// The CLI's side of flag parsing: the parser and specs live in src/tasks/flags (shared with the
// extension's Copy CLI Command); this adds the output channel and subcommand dispatch.
import { HelpRequest, UsageError } from '../tasks/flags/args';

export { describeFlags, HelpRequest, parseArgs, parseAssignments, parseTextAssignments, parseMap, UsageError, type FlagKind, type FlagSpec, type ParsedArgs } from '../tasks/flags/args';
export { RunError } from '../core/errors';

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
  // `<command> <sub> --help`: main prints that subcommand's help descriptor.
  return Promise.resolve().then(() => run(rest, io)).catch((e: unknown) => {
    throw e instanceof HelpRequest ? Object.assign(e, { subcommand: sub }) : e;
  });
}

/** The subcommand whose `--help` was asked for (set by dispatchSubcommand). */
export function helpSubcommand(e: HelpRequest): string | undefined {
  return (e as HelpRequest & { subcommand?: string }).subcommand;
}
