// scaling-laws params <config> [--convention nanoGPT|torchtitan|OLMo|Kaplan|Chinchilla] [--json]
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../core/plan/arch';
import { parseModelConfig } from '../../core/plan/configs';
import { countParams, NON_EMBEDDING_CONVENTIONS, type NonEmbeddingConvention } from '../../core/plan/paramCount';
import { flopsPerToken } from '../../core/plan/flops';
import { formatHumanNumber } from '../../core/table/numbers';
import { parseArgs, UsageError, type CliIO } from '../args';
import type { CommandHelp } from '../help';

export const HELP: CommandHelp = {
  usage: '<config.json|train.py|config.yaml|config.toml> [flags]',
  flags: {
    convention: { kind: 'string', unit: Object.keys(NON_EMBEDDING_CONVENTIONS).join('|'), help: 'the non-embedding count shown first and written as nonEmbedding (all are listed)', default: 'torchtitan' },
    json: { kind: 'boolean', help: 'print the counts, shape and breakdown as JSON' },
  },
  notes: ['Reads HF config.json, nanoGPT train.py, Megatron/OLMo YAML and torchtitan TOML. Conventions:', ...Object.entries(NON_EMBEDDING_CONVENTIONS).map(([k, v]) => `  ${k.padEnd(10)} ${v}`)],
  examples: [
    { run: 'params examples/configs/config.json', what: "Llama-2-7B's published shape: total, active and non-embedding parameters, FLOPs per token" },
    { run: 'params examples/configs/olmo-1b.yaml --convention OLMo', what: 'an OLMo YAML, counted the way OLMo counts' },
    { run: 'params examples/configs/train_gpt2_small.py --json', what: 'a nanoGPT config, as JSON' },
  ],
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length !== 1) throw new UsageError('usage: scaling-laws params <config.json|train.py|config.yaml|config.toml> [--convention NAME] [--json]');
  const convention = (flags.convention as string | undefined) ?? 'torchtitan';
  if (!(convention in NON_EMBEDDING_CONVENTIONS)) throw new UsageError(`--convention must be one of ${Object.keys(NON_EMBEDDING_CONVENTIONS).join(', ')}`);
  const file = positional[0];
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    throw new UsageError(`${file}: cannot read the file`);
  }
  let arch;
  try {
    arch = parseModelConfig(text, file);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const c = countParams(arch, convention as NonEmbeddingConvention);
  const perToken = arch.seqLen ? flopsPerToken(arch, { seqLen: arch.seqLen }) : undefined;
  const out = {
    total: c.total,
    nonEmbedding: c.nonEmbedding,
    layers: arch.layers,
    dModel: arch.dModel,
    heads: arch.heads,
    kvHeads: arch.kvHeads,
    mlp: arch.mlp,
    vocab: arch.vocab,
    tied: arch.tied,
    format: arch.format,
    family: arch.family,
    headDim: arch.headDim,
    mlpKind: arch.mlpKind,
    ...(c.active !== undefined ? { active: c.active, moe: arch.moe } : {}),
    nonEmbeddingConvention: c.convention,
    conventions: c.conventions,
    breakdown: c.breakdown,
    ...(perToken ? { flopsPerToken: perToken } : {}),
    ...(arch.training ? { training: arch.training } : {}),
    defaulted: arch.defaulted,
    warnings: arch.warnings,
  };
  if (flags.json) {
    io.out(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  const n = (x: number) => `${x.toLocaleString('en-US')} (${formatHumanNumber(x)})`;
  io.out(`${file} [${arch.format}, ${arch.family}]\n`);
  io.out(`  shape: ${arch.layers} layers, d_model ${arch.dModel}, ${arch.heads} heads (${arch.kvHeads} kv, head dim ${arch.headDim}), MLP ${arch.mlp} ${arch.mlpKind}, vocab ${arch.vocab}, ${arch.tied ? 'tied' : 'untied'} embeddings\n`);
  io.out(`  total parameters:         ${n(c.total)}\n`);
  if (c.active !== undefined) io.out(`  active per token:         ${n(c.active)} (${arch.moe?.active} of ${arch.moe?.experts} experts)\n`);
  for (const [name, v] of Object.entries(c.conventions)) io.out(`  non-embedding (${name.padEnd(10)}) ${n(v)}\n`);
  if (perToken) io.out(`  training FLOPs per token: ${formatHumanNumber(perToken.total)} (6N + 12·L·h·dh·T, T = ${arch.seqLen}, N ${perToken.nConvention})\n`);
  if (arch.defaulted.length) io.out(`  defaults used for: ${arch.defaulted.join(', ')}\n`);
  for (const w of arch.warnings) io.err(`warning: ${w}\n`);
  return 0;
}
