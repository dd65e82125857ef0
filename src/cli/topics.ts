// `scaling-laws help <topic>` pages that are not commands: the row-expression syntax of --where and
// --derive (the same text the panels show as a tooltip), with examples on the bundled data.
import { ROW_EXPRESSION_HELP } from '../core/expr/restrictedMath';
import { examplesBlock, type HelpExample } from './help';

export interface HelpTopic {
  summary: string;
  text: string;
  examples: HelpExample[];
}

export const TOPICS: Record<string, HelpTopic> = {
  where: {
    summary: 'the expression syntax of --where (keep rows) and --derive (add columns)',
    text: [
      ROW_EXPRESSION_HELP,
      '',
      'Used by: fit --where/--derive and the extension\'s Fit Scaling Law with Options… A filter that leaves too few rows',
      'for the law, a name that is neither a column nor a role, or a function outside the list is an input error (exit 2)',
      'that names the culprit.',
      'Derived columns are added in order, so a later --derive may use an earlier one; --where sees derived columns.',
    ].join('\n'),
    examples: [
      { run: "fit examples/chinchilla-runs.csv --where 'loss < 4 and N >= 1e8' --bootstrap 100", what: 'fit only the runs below loss 4 with at least 100M parameters' },
      { run: "fit examples/chinchilla-runs.csv --where 'not matches(run, \"^m20M\")' --bootstrap 100", what: 'leave out the runs whose name starts with m20M (a regular expression)' },
      { run: "fit examples/chinchilla-runs.csv --where 'N < 2e9' --bootstrap 100 --out fit-small.json", what: 'fit without the largest model size and save it (scaling-laws diff fit-small.json fit.json says what those runs change)' },
      { run: "fit examples/isoflop-runs.csv --map 'N=Model Size' --map 'C=Training FLOP' --derive 'D=C/(6*N)' --bootstrap 100", what: 'derive the token count D from compute and size (C = 6·N·D), then fit L(N, D)' },
    ],
  },
};

export function renderTopic(name: string, t: HelpTopic): string {
  return `scaling-laws help ${name}: ${t.summary}\n\n${t.text}\n\n${examplesBlock(t.examples)}\n`;
}
