// Training length of an HF Trainer run, read from the files the Trainer writes beside the model's
// config.json: training_args.json (TrainingArguments as JSON) or trainer_state.json. As HF defines
// them: a step is one optimizer update of per_device_train_batch_size × gradient_accumulation_steps
// × world_size sequences; trainer_state's num_input_tokens_seen (when logged) is the exact count.
import type { TrainingSettings } from '../arch';

export interface HfTraining {
  training: TrainingSettings;
  /** What was read, and what had to be assumed (said in the hover). */
  notes: string[];
}

const SEQ_KEYS = ['max_seq_length', 'max_seq_len', 'block_size', 'seq_length', 'model_max_length', 'max_length'];

const num = (o: Record<string, unknown>, k: string) => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : undefined);

/**
 * Tokens, steps and batch from `text` (the sidecar file `name`); `maxPositions` (the model's context)
 * stands in for the sequence length when the arguments name none. Undefined when nothing is usable.
 */
export function hfTrainingFromJson(text: string, name: string, maxPositions?: number): HfTraining | undefined {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const r = o as Record<string, unknown>;
  const notes: string[] = [];
  // trainer_state.json: the tokens the run actually saw, when the Trainer logged them.
  if (Array.isArray(r.log_history)) {
    const seen = [...(r.log_history as Record<string, unknown>[])].reverse().map((e) => (e && typeof e === 'object' ? num(e, 'num_input_tokens_seen') : undefined)).find((v) => v !== undefined && v > 0);
    const steps = num(r, 'max_steps') ?? num(r, 'global_step');
    if (seen) return { training: { tokens: seen, ...(steps ? { steps } : {}) }, notes: [`tokens: num_input_tokens_seen in ${name} (the tokens the run saw)`] };
    return undefined; // steps alone do not give tokens: the batch and sequence length are not in trainer_state.json
  }
  const perDevice = num(r, 'per_device_train_batch_size') ?? num(r, 'train_batch_size');
  const accum = num(r, 'gradient_accumulation_steps') ?? 1;
  const steps = num(r, 'max_steps');
  if (!perDevice || !steps || steps <= 0) return undefined;
  let world = num(r, 'world_size') ?? num(r, 'n_gpu');
  if (!world || world < 1) {
    world = 1;
    notes.push('world size not in the arguments: 1 device assumed (multiply the tokens by your device count)');
  }
  const batchSize = perDevice * accum * world;
  const seqKey = SEQ_KEYS.find((k) => num(r, k) !== undefined && num(r, k)! > 0);
  const seq = seqKey ? num(r, seqKey)! : maxPositions;
  notes.unshift(`steps ${steps} × batch ${perDevice} per device × ${accum} accumulation × ${world} device${world === 1 ? '' : 's'} from ${name}`);
  if (!seqKey && seq) notes.push(`sequence length not in the arguments: the model's context (${seq}) assumed`);
  if (!seq) return { training: { steps, batchSize }, notes };
  return { training: { steps, batchSize, batchTokens: batchSize * seq, tokens: steps * batchSize * seq }, notes };
}
