// An HF Trainer output folder as `Trainer.save_state()` / `save_model()` leave it: trainer_state.json
// at the top (log_history with a training loss every `logging_steps`, an eval every `eval_steps`, and
// the closing train summary), checkpoint-N/ folders holding prefixes of that state, all_results.json,
// train_results.json, eval_results.json, config.json and training_args.bin. Losses follow a known
// curve L(t) = E + A·t^-alpha with a warmup + cosine learning rate, so a fit can be checked.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HF_CURVE = { E: 2.1, A: 9.5, alpha: 0.42 };
export const HF_RUN = { maxSteps: 1200, loggingSteps: 10, evalSteps: 300, saveSteps: 400, peakLr: 5e-4, warmup: 60 };

const lrAt = (s) => {
  const { maxSteps, peakLr, warmup } = HF_RUN;
  return s < warmup ? (peakLr * s) / warmup : 0.5 * peakLr * (1 + Math.cos((Math.PI * (s - warmup)) / (maxSteps - warmup)));
};
const lossAt = (s) => HF_CURVE.E + HF_CURVE.A * s ** -HF_CURVE.alpha;
const r4 = (x) => Math.round(x * 1e4) / 1e4;

function state(upTo) {
  const { maxSteps, loggingSteps, evalSteps, saveSteps } = HF_RUN;
  const perEpoch = 400;
  const log = [];
  for (let s = loggingSteps; s <= upTo; s += loggingSteps) {
    log.push({ epoch: r4(s / perEpoch), grad_norm: r4(1.5 / Math.sqrt(s)), learning_rate: lrAt(s), loss: r4(lossAt(s)), step: s });
    if (s % evalSteps === 0) log.push({ epoch: r4(s / perEpoch), eval_loss: r4(lossAt(s) + 0.05), eval_runtime: 3.21, eval_samples_per_second: 311.5, eval_steps_per_second: 9.73, step: s });
  }
  if (upTo === maxSteps) log.push({ epoch: maxSteps / perEpoch, step: maxSteps, total_flos: 1.2e15, train_loss: r4(lossAt(maxSteps) + 0.3), train_runtime: 402.7, train_samples_per_second: 95.4, train_steps_per_second: 2.98 });
  return {
    best_metric: null, best_model_checkpoint: null, epoch: upTo / perEpoch, eval_steps: evalSteps, global_step: upTo,
    is_hyper_param_search: false, is_local_process_zero: true, is_world_process_zero: true, log_history: log,
    logging_steps: loggingSteps, max_steps: maxSteps, num_input_tokens_seen: 0, num_train_epochs: maxSteps / perEpoch,
    save_steps: saveSteps, total_flos: 1.2e15 * (upTo / maxSteps), train_batch_size: 32, trial_name: null, trial_params: null,
  };
}

/** Writes the output folder `name` under `parent` and returns its path. */
export function writeHfTrainerRun(parent, name = 'gpt2-small-finetune') {
  const root = join(parent, name);
  const { maxSteps, saveSteps } = HF_RUN;
  mkdirSync(root, { recursive: true });
  const json = (p, v) => writeFileSync(join(root, p), JSON.stringify(v, null, 2) + '\n');
  for (let s = saveSteps; s < maxSteps; s += saveSteps) {
    mkdirSync(join(root, `checkpoint-${s}`), { recursive: true });
    json(`checkpoint-${s}/trainer_state.json`, state(s));
    writeFileSync(join(root, `checkpoint-${s}/optimizer.pt`), 'not a real optimizer state');
  }
  json('trainer_state.json', state(maxSteps));
  const final = state(maxSteps).log_history.at(-1);
  const train = { epoch: final.epoch, total_flos: final.total_flos, train_loss: final.train_loss, train_runtime: final.train_runtime, train_samples: 38400, train_samples_per_second: final.train_samples_per_second, train_steps_per_second: final.train_steps_per_second };
  const evalR = { epoch: final.epoch, eval_loss: r4(lossAt(maxSteps) + 0.05), eval_runtime: 3.21, eval_samples: 1000, eval_samples_per_second: 311.5, eval_steps_per_second: 9.73, perplexity: Math.exp(lossAt(maxSteps) + 0.05) };
  json('train_results.json', train);
  json('eval_results.json', evalR);
  json('all_results.json', { ...evalR, ...train });
  json('config.json', { architectures: ['GPT2LMHeadModel'], model_type: 'gpt2', n_embd: 768, n_head: 12, n_layer: 12, n_positions: 1024, vocab_size: 50257, torch_dtype: 'float32', transformers_version: '4.46.3' });
  writeFileSync(join(root, 'training_args.bin'), 'not a real pickle');
  return root;
}
