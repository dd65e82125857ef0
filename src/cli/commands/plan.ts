// scaling-laws plan (--fit FILE | --law chinchilla --params E=..,A=..,B=..,alpha=..,beta=..)
//   (--compute C | --target-loss L | --time SECONDS --peak-flops F) [--inference-tokens T]
//   [--family llama|gpt2] [--vocab V] [--seq-len T] [--batch-tokens B] [--n-convention total|Kaplan|...]
//   [--peak-flops F [--devices K] [--time-model mfu [--mfu U] | --time-model roofline --bandwidth BW]] [--json]
// One FLOP count throughout: the plan's C = 6·N·D (N under --n-convention) sizes the model and is the
// count the time estimate divides; one model of time (MFU alone, or a roofline from hardware numbers).
import { describeTime, type estimateTrainingTime } from '../../core/plan/wallclock';
import { formatHumanNumber } from '../../core/table/numbers';
import { PLAN_FLAGS, planRequestFromFlags } from '../../tasks/flags/plan';
import { nodeTaskContext } from '../../tasks/nodeContext';
import { planTask } from '../../tasks/plan';
import { parseArgs, UsageError, type CliIO } from '../args';
import type { CommandHelp } from '../help';

export const FLAGS = PLAN_FLAGS;

export const HELP: CommandHelp = {
  usage: '(--fit FIT.json | --law chinchilla --params ...) (--compute FLOPs | --target-loss LOSS | --time SECONDS --peak-flops FLOP/s) [flags]',
  flags: PLAN_FLAGS,
  notes: ['The plan: compute-optimal N and D, a model shape with that many parameters, steps, batch and learning rate (Step Law), a time estimate with --peak-flops, and a config snippet.'],
  examples: [
    { run: 'plan --fit fit.json --compute 1e22', what: 'a run for 1e22 FLOPs under the fitted law (fit.json from `scaling-laws fit examples/chinchilla-runs.csv --out fit.json`)' },
    { run: 'plan --fit fit.json --compute 1e22 --peak-flops 989e12 --devices 64 --mfu 0.4', what: 'the same, with the wall-clock time on 64 H100-class devices at 40 % MFU' },
    { run: 'plan --law chinchilla --params E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28 --target-loss 2.2 --family gpt2 --json', what: 'the cheapest run reaching loss 2.2 under the published parameters, a GPT-2-shaped model, JSON' },
  ],
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const out = planTask(planRequestFromFlags(flags), nodeTaskContext());
  if (flags.json) {
    io.out(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  const h = formatHumanNumber;
  const iv = (out.interval ?? {}) as Record<string, [number, number]>;
  const withIv = (k: string, v: number) => `${h(v)}${iv[k] ? ` [${h(iv[k][0])}, ${h(iv[k][1])}]` : ''}`;
  io.out(`C = ${(out.C as number).toExponential(3)} FLOPs → N = ${withIv('N', out.N as number)}, D = ${withIv('D', out.D as number)} tokens (${(out.tokensPerParam as number).toFixed(1)} tokens/param), loss ${(out.loss as number).toFixed(4)}\n`);
  const pr = out.proposed as Record<string, unknown>;
  io.out(`proposed ${pr.family}: d_model ${pr.dModel}, ${pr.layers} layers, ${pr.heads} heads (${pr.kvHeads} kv), MLP ${pr.mlp}, vocab ${pr.vocab} → ${h((pr.params as { total: number }).total)} parameters\n`);
  io.out(`  ${pr.steps} steps × ${pr.batchSequences} sequences of ${pr.seqLen} (${h(pr.batchTokens as number)} tokens), learning rate ${(pr.lr as number).toPrecision(3)} (Step Law)\n`);
  if (out.time) io.out(`  time: ${describeTime(out.time as ReturnType<typeof estimateTrainingTime>)}\n`);
  if (out.timePlan) io.out(`  time budget ${((out.timePlan as { hours: number }).hours).toFixed(1)} h: estimate ${describeTime((out.timePlan as { estimate: ReturnType<typeof estimateTrainingTime> }).estimate)}\n`);
  if (out.inference) {
    const inf = out.inference as { N: number; D: number; savings: number; inferenceTokens: number };
    io.out(`inference-aware (${h(inf.inferenceTokens)} inference tokens, same loss): N = ${h(inf.N)}, D = ${h(inf.D)}, ${(inf.savings * 100).toFixed(1)} % less total compute\n`);
  }
  io.out(`config snippet:\n${pr.snippet}\n`);
  return 0;
}
