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

export const FLAGS = PLAN_FLAGS;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, PLAN_FLAGS);
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
