import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hfTrainingFromJson } from '../../../../../src/core/plan/configs/hfTraining';

test('training_args.json: tokens = max_steps × per-device batch × accumulation × world size × sequence length, as HF defines a step', () => {
  const t = hfTrainingFromJson(JSON.stringify({ per_device_train_batch_size: 8, gradient_accumulation_steps: 4, max_steps: 10000, world_size: 16, max_seq_length: 2048 }), 'training_args.json');
  assert.equal(t?.training.tokens, 10000 * 8 * 4 * 16 * 2048);
  assert.equal(t?.training.batchSize, 8 * 4 * 16);
  assert.equal(t?.notes.length, 1);
});

test('training_args.json without world size or sequence length: 1 device and the model context assumed, and said', () => {
  const t = hfTrainingFromJson(JSON.stringify({ per_device_train_batch_size: 4, max_steps: 500 }), 'training_args.json', 4096)!;
  assert.equal(t.training.tokens, 500 * 4 * 4096);
  assert.ok(t.notes.some((n) => /1 device assumed/.test(n)) && t.notes.some((n) => /context \(4096\) assumed/.test(n)));
  // max_steps -1 (epochs instead): no token count from steps.
  assert.equal(hfTrainingFromJson(JSON.stringify({ per_device_train_batch_size: 4, max_steps: -1 }), 'training_args.json'), undefined);
});

test('trainer_state.json: the last logged num_input_tokens_seen is the count; without it, nothing is guessed', () => {
  const state = { max_steps: 300, global_step: 300, log_history: [{ step: 100, loss: 3, num_input_tokens_seen: 1e8 }, { step: 300, loss: 2.5, num_input_tokens_seen: 3.1e8 }, { step: 300, train_runtime: 10 }] };
  assert.equal(hfTrainingFromJson(JSON.stringify(state), 'trainer_state.json')?.training.tokens, 3.1e8);
  assert.equal(hfTrainingFromJson(JSON.stringify({ max_steps: 300, log_history: [{ step: 1, loss: 3 }] }), 'trainer_state.json'), undefined);
  assert.equal(hfTrainingFromJson('not json', 'x.json'), undefined);
});
