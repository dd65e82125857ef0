// Help descriptors: each command module exports HELP (usage, flags, examples) and, when it has
// subcommands, SUBCOMMANDS (one descriptor each, with its purpose). `--help` and `scaling-laws help`
// render them; a unit test checks every flag has a description and runs every example.
import { describeFlags, type FlagSpec } from './args';

/** A command line that works from the project root on the bundled examples/. */
export interface HelpExample {
  /** The arguments after `scaling-laws`. */
  run: string;
  /** What it shows, one line. */
  what: string;
  /** Why the example test skips it (it takes more than about 10 s), when it does. */
  slow?: string;
}

export interface CommandHelp {
  /** Argument synopsis after the command name, e.g. '<file> [flags]'. */
  usage: string;
  /** The flags the command parses: the same object its parseArgs call receives. */
  flags: FlagSpec;
  examples: HelpExample[];
  /** Extra lines: value syntax, method notes. */
  notes?: string[];
}

export interface SubcommandHelp extends CommandHelp {
  /** One line: what the subcommand does. */
  purpose: string;
}

/** What a command module exports for help (the purpose of a top-level command is its summary in main.ts). */
export interface HelpModule {
  HELP?: CommandHelp;
  SUBCOMMANDS?: Record<string, SubcommandHelp>;
}

/** The examples block every help page ends with. */
export function examplesBlock(examples: HelpExample[]): string {
  return `examples (from the project root, on the bundled examples/):\n${examples.flatMap((e) => [`  scaling-laws ${e.run}`, `      ${e.what}`]).join('\n')}`;
}

/** `scaling-laws <name> --help`: purpose, usage, flags with meaning, unit and default, notes, examples. */
export function renderHelp(name: string, purpose: string, h: CommandHelp): string {
  const parts = [
    `scaling-laws ${name}: ${purpose}`,
    `usage: scaling-laws ${name} ${h.usage}`,
    `flags:\n${describeFlags(h.flags)}`,
    ...(h.notes?.length ? [h.notes.join('\n')] : []),
    examplesBlock(h.examples),
  ];
  return parts.join('\n\n') + '\n';
}

/** `scaling-laws <name> --help` for a command with subcommands: each one's usage and purpose, then examples. */
export function renderSubcommands(name: string, subs: Record<string, SubcommandHelp>, notes: string[] = []): string {
  const w = Math.max(...Object.keys(subs).map((s) => s.length));
  const lines = Object.entries(subs).map(([s, h]) => `  ${s.padEnd(w)}  ${h.purpose}`);
  const examples = Object.values(subs).map((h) => h.examples[0]).filter(Boolean);
  return [
    `usage: scaling-laws ${name} <subcommand> [flags]   (scaling-laws ${name} <subcommand> --help for its flags)`,
    `subcommands:\n${lines.join('\n')}`,
    ...(notes.length ? [notes.join('\n')] : []),
    examplesBlock(examples),
  ].join('\n\n') + '\n';
}
