// scaling-laws CLI: one command per module under ./commands, loaded on demand.
import { describeFlags, HelpRequest, helpSubcommand, UsageError, RunError, type CliIO } from './args';
import { renderHelp, type HelpModule } from './help';
import { VERSION } from '../node/version';

type Command = HelpModule & { run(argv: string[], io: CliIO): Promise<number> };

export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  fit: { summary: 'fit a law to runs and print or save a FitReport', load: () => import('./commands/fit') },
  predict: { summary: 'predict loss at given inputs from a fit or explicit parameters', load: () => import('./commands/predict') },
  optimal: { summary: 'compute-optimal N, D for a budget, or the least compute for a target loss', load: () => import('./commands/optimal') },
  report: { summary: 'fit files or folders and write a self-contained HTML report', load: () => import('./commands/report') },
  inspect: { summary: 'show what a log file or folder contains and which roles were inferred', load: () => import('./commands/inspect') },
  curve: { summary: 'fit or predict loss curves under learning-rate schedules', load: () => import('./commands/curve') },
  phases: { summary: 'the power-law random-features model: phases, curves, exponents', load: () => import('./commands/phases') },
  params: { summary: 'count transformer parameters from a config file', load: () => import('./commands/params') },
  hparams: { summary: 'suggested learning rate and batch size (Step Law)', load: () => import('./commands/hparams') },
  isoflop: { summary: 'IsoFLOP analysis (Chinchilla approach 2)', load: () => import('./commands/isoflop') },
  envelope: { summary: 'envelope of training curves (Chinchilla approach 1)', load: () => import('./commands/envelope') },
  density: { summary: 'capacity density of models under a reference law, and its trend (Densing Law)', load: () => import('./commands/density') },
  plan: { summary: 'plan a run for a compute budget', load: () => import('./commands/plan') },
  compare: { summary: 'fit several laws to one file and rank them (cross-validated error, AIC/BIC, held-out runs)', load: () => import('./commands/compare') },
  diff: { summary: 'what changed between two fits; exit 3 when the headline left its earlier interval', load: () => import('./commands/diff') },
  design: { summary: 'the next runs to launch: the k runs that shrink the target\'s interval most for a budget', load: () => import('./commands/design') },
  approaches: { summary: 'Chinchilla approaches 1–3 side by side for a fit', load: () => import('./commands/approaches') },
  chain: { summary: 'a transfer chain (compute → loss → other loss → error) at a budget, swept over compute', load: () => import('./commands/chain') },
  figures: { summary: 'the figures of a FitReport, as the panels and the report draw them', load: () => import('./commands/figures') },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(11)} ${v.summary}`);
  return `scaling-laws ${VERSION}\nusage: scaling-laws <command> [options]   (scaling-laws <command> --help for its flags and examples)\n\n${lines.join('\n')}\n`
    + `  ${'help'.padEnd(11)} help topics: scaling-laws help where (the --where/--derive syntax), scaling-laws help <command>\n`;
}

/** `scaling-laws help [topic | command [subcommand]]`. */
async function help(args: string[], io: CliIO): Promise<number> {
  const { TOPICS, renderTopic } = await import('./topics');
  const [topic, ...rest] = args;
  if (topic === undefined) {
    const w = Math.max(...Object.keys(COMMANDS).map((k) => k.length), ...Object.keys(TOPICS).map((k) => k.length));
    io.out(`usage: scaling-laws help <topic>\n\ntopics:\n${Object.entries(TOPICS).map(([k, t]) => `  ${k.padEnd(w)}  ${t.summary}`).join('\n')}\n\n`
      + `commands (scaling-laws help <command> is scaling-laws <command> --help):\n${Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(w)}  ${c.summary}`).join('\n')}\n`);
    return 0;
  }
  if (Object.hasOwn(TOPICS, topic)) {
    io.out(renderTopic(topic, TOPICS[topic]));
    return 0;
  }
  if (Object.hasOwn(COMMANDS, topic)) return main([topic, ...rest, '--help'], io);
  io.err(`scaling-laws help: no topic or command '${topic}' (topics: ${[...Object.keys(TOPICS), ...Object.keys(COMMANDS)].join(', ')})\n`);
  return 2;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.out(usage());
    return name ? 0 : 2;
  }
  if (name === 'help') return help(rest, io);
  if (name === '--version') {
    io.out(VERSION + '\n');
    return 0;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    io.err(`scaling-laws: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  let mod: Command | undefined;
  try {
    mod = await cmd.load();
    return await mod.run(rest, io);
  } catch (e) {
    if (e instanceof HelpRequest) {
      const sub = helpSubcommand(e);
      const h = sub ? mod?.SUBCOMMANDS?.[sub] : mod?.HELP;
      if (h) io.out(renderHelp(sub ? `${name} ${sub}` : name, sub ? mod!.SUBCOMMANDS![sub].purpose : cmd.summary, h));
      else io.out(`scaling-laws ${name}${sub ? ` ${sub}` : ''}: ${cmd.summary}\nflags:\n${describeFlags(e.spec)}\n`);
      return 0;
    }
    if (e instanceof UsageError) {
      io.err(`scaling-laws ${name}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof RunError) {
      io.err(`scaling-laws ${name}: ${e.message}\n`);
      return 1;
    }
    io.err(`scaling-laws ${name}: ${(e as Error).message ?? e}\n`);
    return (e as { exitCode?: number }).exitCode ?? 1;
  }
}

if (require.main === module) {
  // A closed pipe (`scaling-laws … | head`) ends the output, not the program with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  main(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then(
    (code) => { process.exitCode = code; },
  );
}
