import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHfConfigJson, parseModelConfig, parseNanoGptPy, parseTomlConfig, parseYamlConfig } from '../../../../src/core/plan/configs';
import { countParams, llamaFfnWidth } from '../../../../src/core/plan/paramCount';
import { ConfigError, keyAt } from '../../../../src/core/plan/arch';

// Published config.json of meta-llama/Llama-2-7b-hf.
const LLAMA2_7B = `{
  "architectures": ["LlamaForCausalLM"],
  "bos_token_id": 1,
  "eos_token_id": 2,
  "hidden_act": "silu",
  "hidden_size": 4096,
  "initializer_range": 0.02,
  "intermediate_size": 11008,
  "max_position_embeddings": 4096,
  "model_type": "llama",
  "num_attention_heads": 32,
  "num_hidden_layers": 32,
  "num_key_value_heads": 32,
  "pretraining_tp": 1,
  "rms_norm_eps": 1e-05,
  "rope_scaling": null,
  "tie_word_embeddings": false,
  "torch_dtype": "float16",
  "transformers_version": "4.31.0.dev0",
  "use_cache": true,
  "vocab_size": 32000
}`;

// Published config.json of meta-llama/Meta-Llama-3-8B.
const LLAMA3_8B = `{
  "architectures": ["LlamaForCausalLM"],
  "attention_bias": false,
  "attention_dropout": 0.0,
  "bos_token_id": 128000,
  "eos_token_id": 128001,
  "hidden_act": "silu",
  "hidden_size": 4096,
  "initializer_range": 0.02,
  "intermediate_size": 14336,
  "max_position_embeddings": 8192,
  "model_type": "llama",
  "num_attention_heads": 32,
  "num_hidden_layers": 32,
  "num_key_value_heads": 8,
  "pretraining_tp": 1,
  "rms_norm_eps": 1e-05,
  "rope_scaling": null,
  "rope_theta": 500000.0,
  "tie_word_embeddings": false,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.40.0.dev0",
  "use_cache": true,
  "vocab_size": 128256
}`;

test('Llama-2-7B published config.json → 6,738,415,616 parameters', () => {
  const a = parseHfConfigJson(LLAMA2_7B, 'config.json');
  const c = countParams(a);
  assert.equal(c.total, 6_738_415_616);
  // torchtitan non-embedding: minus the input embedding 32000·4096, keeps the untied head.
  assert.equal(c.conventions.torchtitan, 6_738_415_616 - 32000 * 4096);
  // Kaplan: 32 layers × (4d² + 3·d·f)
  assert.equal(c.conventions.Kaplan, 32 * (4 * 4096 ** 2 + 3 * 4096 * 11008));
  assert.equal(a.kvHeads, 32);
  assert.equal(a.tied, false);
});

test('Llama-3-8B published config.json → 8,030,261,248 parameters (GQA 8 kv heads)', () => {
  const a = parseHfConfigJson(LLAMA3_8B, 'config.json');
  assert.equal(a.kvHeads, 8);
  assert.equal(a.headDim, 128);
  assert.equal(countParams(a).total, 8_030_261_248);
});

test('key positions are recorded (line/column of hidden_size) for hovers', () => {
  const a = parseHfConfigJson(LLAMA3_8B, 'config.json');
  const k = a.keys.find((x) => x.field === 'dModel');
  assert.ok(k);
  assert.equal(k.line, 8);
  assert.equal(k.column, 3);
  assert.equal(k.key, 'hidden_size');
  assert.equal(keyAt(a, 8, 6)?.field, 'dModel');
});

test('Mistral-7B (GQA, default head_dim) → 7,241,732,096', () => {
  const a = parseHfConfigJson(`{"model_type":"mistral","hidden_size":4096,"intermediate_size":14336,"num_hidden_layers":32,
    "num_attention_heads":32,"num_key_value_heads":8,"vocab_size":32000,"tie_word_embeddings":false}`);
  assert.equal(countParams(a).total, 7_241_732_096);
});

test('explicit head_dim different from d/h (Mistral-Nemo shape) is honoured', () => {
  const a = parseHfConfigJson(`{"model_type":"mistral","hidden_size":5120,"intermediate_size":14336,"num_hidden_layers":40,
    "num_attention_heads":32,"num_key_value_heads":8,"head_dim":128,"vocab_size":131072,"tie_word_embeddings":false}`);
  const d = 5120, L = 40;
  const perLayer = d * 32 * 128 + 2 * d * 8 * 128 + 32 * 128 * d + 3 * d * 14336 + 2 * d;
  assert.equal(countParams(a).total, L * perLayer + 2 * 131072 * d + d);
});

test('Qwen2-0.5B (q,k,v bias, tied) → 494,032,768', () => {
  const a = parseHfConfigJson(`{"model_type":"qwen2","hidden_size":896,"intermediate_size":4864,"num_hidden_layers":24,
    "num_attention_heads":14,"num_key_value_heads":2,"vocab_size":151936,"tie_word_embeddings":true}`);
  assert.equal(countParams(a).total, 494_032_768);
});

test('Qwen3 adds per-head q/k RMSNorm', () => {
  const base = `"hidden_size":1024,"intermediate_size":3072,"num_hidden_layers":28,"num_attention_heads":16,"num_key_value_heads":8,"head_dim":128,"vocab_size":151936,"tie_word_embeddings":true`;
  const q3 = countParams(parseHfConfigJson(`{"model_type":"qwen3",${base}}`)).total;
  const ll = countParams(parseHfConfigJson(`{"model_type":"llama",${base}}`)).total;
  assert.equal(q3 - ll, 28 * 2 * 128);
  // Qwen3-0.6B model card: 0.6B parameters, 0.44B non-embedding (tied: one 151936·1024 table).
  assert.equal(Math.round(q3 / 1e8) / 10, 0.6);
  assert.equal(Math.round((q3 - 151936 * 1024) / 1e7) / 100, 0.44);
});

test('Gemma-2B (tied, MQA, head_dim 256) → 2,506,172,416', () => {
  const a = parseHfConfigJson(`{"model_type":"gemma","hidden_size":2048,"intermediate_size":16384,"num_hidden_layers":18,
    "num_attention_heads":8,"num_key_value_heads":1,"head_dim":256,"vocab_size":256000,"hidden_activation":"gelu_pytorch_tanh"}`);
  assert.equal(a.tied, true);
  assert.equal(countParams(a).total, 2_506_172_416);
});

test('nanoGPT GPT-2 with the padded vocab 50304 and bias: 123.69M non-embedding, as nanoGPT prints', () => {
  const a = parseNanoGptPy('n_layer = 12\nn_head = 12\nn_embd = 768\nbias = True\n');
  const c = countParams(a, 'nanoGPT');
  assert.equal((c.nonEmbedding / 1e6).toFixed(2), '123.69');
  assert.equal(c.total, 124_475_904);
});

test('Mixtral-8x7B (8 experts, top-2) → 46,702,792,704 total, 12.9B active; FLOPs use the active count', async () => {
  const { flopsPerToken } = await import('../../../../src/core/plan/flops');
  const a = parseHfConfigJson(`{"model_type":"mixtral","hidden_size":4096,"intermediate_size":14336,"num_hidden_layers":32,"num_attention_heads":32,
    "num_key_value_heads":8,"vocab_size":32000,"num_local_experts":8,"num_experts_per_tok":2,"tie_word_embeddings":false}`);
  const c = countParams(a);
  assert.equal(c.total, 46_702_792_704);
  // 6 experts' MLPs (3·d·f each, 32 layers) are idle per token
  assert.equal(c.active, 46_702_792_704 - 32 * 6 * 3 * 4096 * 14336);
  assert.equal((c.active! / 1e9).toFixed(1), '12.9');
  assert.equal(flopsPerToken(a, { n: 'total', attention: false }).total, 6 * c.active!);
});

test('Qwen1.5-MoE-A2.7B (60 experts top-4, gated shared expert) → 14.3B total, 2.7B active (model card)', () => {
  const a = parseHfConfigJson(`{"model_type":"qwen2_moe","hidden_size":2048,"intermediate_size":5632,"num_hidden_layers":24,"num_attention_heads":16,
    "num_key_value_heads":16,"vocab_size":151936,"num_experts":60,"num_experts_per_tok":4,"moe_intermediate_size":1408,
    "shared_expert_intermediate_size":5632,"tie_word_embeddings":false}`);
  const c = countParams(a);
  assert.equal((c.total / 1e9).toFixed(1), '14.3');
  assert.equal((c.active! / 1e9).toFixed(1), '2.7');
});

test('Llama attention_bias and mlp_bias add the bias vectors', () => {
  const base = `"model_type":"llama","hidden_size":64,"intermediate_size":128,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"vocab_size":100`;
  const plain = countParams(parseHfConfigJson(`{${base}}`)).total;
  const biased = countParams(parseHfConfigJson(`{${base},"attention_bias":true,"mlp_bias":true}`)).total;
  // q 64 + k 32 + v 32 + o 64; gate 128 + up 128 + down 64
  assert.equal(biased - plain, 2 * (64 + 32 + 32 + 64 + 128 + 128 + 64));
});

test('GPT-2 small HF config: 124,439,808 total; nanoGPT non-embedding 123,653,376 (scaling_laws.ipynb gpt_params)', () => {
  const a = parseHfConfigJson(`{"model_type":"gpt2","n_embd":768,"n_layer":12,"n_head":12,"n_positions":1024,"n_ctx":1024,"vocab_size":50257,"activation_function":"gelu_new"}`);
  const c = countParams(a, 'nanoGPT');
  assert.equal(c.total, 124_439_808);
  assert.equal(c.nonEmbedding, 123_653_376);
  assert.equal(c.conventions.Chinchilla, 123_653_376);
  // Kaplan: 12·L·d²
  assert.equal(c.conventions.Kaplan, 12 * 12 * 768 ** 2);
  assert.equal(c.breakdown.positionEmbedding, 1024 * 768);
});

test('GPT-NeoX (Pythia-160M, untied, biased LayerNorms) → 162,322,944', () => {
  const a = parseHfConfigJson(`{"model_type":"gpt_neox","hidden_size":768,"intermediate_size":3072,"num_hidden_layers":12,
    "num_attention_heads":12,"vocab_size":50304,"tie_word_embeddings":false,"rotary_pct":0.25}`);
  assert.equal(countParams(a).total, 162_322_944);
});

test('HF json errors are located', () => {
  assert.throws(() => parseHfConfigJson('{"hidden_size": 4096,\n  "num_hidden_layers": "many"}', 'c.json'), /c\.json:2:3: 'num_hidden_layers' must be a number/);
  assert.throws(() => parseHfConfigJson('{"hidden_size": 4096,\n  "num_hidden_layers": }', 'c.json'), /c\.json:2:24: invalid JSON/);
  assert.throws(() => parseHfConfigJson('{"model_type":"llama","num_attention_heads":32,\n"num_key_value_heads":3}', 'c.json'), (e: unknown) => e instanceof ConfigError && /c\.json:2:1: attention heads \(32\) must be a multiple/.test(e.message));
});

test('nanoGPT train_gpt2.py: GPT-2 124M with vocab 50257 and bias → nanoGPT non-embedding 123,653,376; tokens per run', () => {
  const py = `# config for training GPT-2 (124M) down to very nice loss of ~2.85 on 1 node of 8X A100 40GB
wandb_log = True
wandb_project = 'owt'
batch_size = 12
block_size = 1024
gradient_accumulation_steps = 5 * 8
max_iters = 600000
lr_decay_iters = 600000
learning_rate = 6e-4 # max learning rate
n_layer = 12
n_head = 12
n_embd = 768
vocab_size = 50257
bias = True
`;
  const a = parseNanoGptPy(py, 'train_gpt2.py');
  const c = countParams(a, 'nanoGPT');
  assert.equal(c.total, 124_439_808);
  assert.equal(c.nonEmbedding, 123_653_376);
  assert.equal(a.training?.batchTokens, 491_520);
  assert.equal(a.training?.tokens, 491_520 * 600000);
  assert.equal(a.training?.lr, 6e-4);
  const k = a.keys.find((x) => x.key === 'n_embd');
  assert.equal(k?.line, 12);
  assert.equal(k?.column, 1);
});

test('nanoGPT defaults (train.py: vocab 50304, bias False) and no-eval refusal', () => {
  const a = parseNanoGptPy('n_layer = 6\nn_head = 6\nn_embd = 384\n');
  assert.equal(a.vocab, 50304);
  assert.ok(a.defaulted.includes('vocab'));
  const d = 384, L = 6;
  // no biases: LayerNorm weight only (2 per block + final), wpe 1024·d, tied wte
  assert.equal(countParams(a).total, L * (12 * d * d + 2 * d) + d + 50304 * d + 1024 * d);
  assert.throws(() => parseNanoGptPy('n_layer = int(os.environ["L"])\n', 'cfg.py'), /cfg\.py:1:11: cannot read the value of 'n_layer'/);
});

test('Megatron/NeMo YAML: learned positions, LayerNorm, biases, vocab padded to 128', () => {
  const y = `trainer:
  max_steps: 1000
model:
  global_batch_size: 8
  encoder_seq_length: 2048
  max_position_embeddings: \${.encoder_seq_length}
  num_layers: 12
  hidden_size: 768
  ffn_hidden_size: 3072
  num_attention_heads: 12
  num_query_groups: null
  make_vocab_size_divisible_by: 128
  tokenizer:
    library: megatron
    type: GPT2BPETokenizer
`;
  // max_position_embeddings is an interpolation string: it must be rejected with a located error.
  assert.throws(() => parseYamlConfig(y, 'gpt.yaml'), /gpt\.yaml:6:3: 'model\.max_position_embeddings' must be a number/);
  const a = parseYamlConfig(y.replace('${.encoder_seq_length}', '2048'), 'gpt.yaml');
  assert.equal(a.vocab, 50304);
  assert.equal(a.vocabUnpadded, 50257);
  const d = 768;
  const perLayer = 12 * d * d + (3 * d + d + 4 * d + d) + 4 * d;
  assert.equal(countParams(a).total, 12 * perLayer + 2 * d + 50304 * d + 2048 * d);
  assert.equal(a.training?.tokens, 1000 * 8 * 2048);
});

test('Megatron-LM YAML with GQA + SwiGLU + RMSNorm + rope + untied', () => {
  const a = parseYamlConfig(`num_layers: 32
hidden_size: 4096
ffn_hidden_size: 14336
num_attention_heads: 32
group_query_attention: true
num_query_groups: 8
swiglu: true
normalization: RMSNorm
disable_bias_linear: true
position_embedding_type: rope
untie_embeddings_and_output_weights: true
padded_vocab_size: 128256
seq_length: 8192
`, 'llama3.yaml');
  assert.equal(countParams(a).total, 8_030_261_248);
});

test('OLMo-7B YAML: fused mlp_hidden_size 22016 → 11008, padded embedding_size, non-affine norms → 6,888,095,744', () => {
  const a = parseYamlConfig(`run_name: OLMo-7B
model:
  d_model: 4096
  n_heads: 32
  n_layers: 32
  mlp_hidden_size: 22016
  weight_tying: false
  alibi: false
  rope: true
  include_bias: false
  layer_norm_type: default
  layer_norm_with_affine: false
  activation_type: swiglu
  max_sequence_length: 2048
  vocab_size: 50280
  embedding_size: 50304
global_train_batch_size: 2160
max_duration: 2e12T
`, 'OLMo-7B.yaml');
  assert.equal(a.mlp, 11008);
  assert.equal(a.vocab, 50304);
  assert.equal(a.vocabUnpadded, 50280);
  assert.equal(countParams(a).total, 6_888_095_744);
  assert.equal(a.training?.tokens, 2e12);
  assert.equal(a.training?.batchTokens, 2160 * 2048);
  assert.equal(a.keys.find((k) => k.field === 'mlpFused')?.line, 6);
});

test('YAML errors are located', () => {
  assert.throws(() => parseYamlConfig('model:\n  d_model: 4096\n  n_layers: [\n', 'x.yaml'), /x\.yaml:\d+:\d+: invalid YAML/);
  assert.throws(() => parseYamlConfig('foo: 1\n', 'x.yaml'), /no model size found/);
});

test('TOML: torchtitan ModelArgs keys with ffn_dim_multiplier/multiple_of → Llama-3-8B', () => {
  assert.equal(llamaFfnWidth(4096, 1024, 1.3), 14336);
  assert.equal(llamaFfnWidth(4096, 256), 11008);
  const a = parseTomlConfig(`[job]
description = "Llama 3 8B"

[model]
dim = 4096
n_layers = 32
n_heads = 32
n_kv_heads = 8
ffn_dim_multiplier = 1.3
multiple_of = 1024
vocab_size = 128256

[training]
seq_len = 8192
steps = 1000
`, 'llama3.toml');
  assert.equal(a.mlp, 14336);
  assert.equal(countParams(a).total, 8_030_261_248);
  const k = a.keys.find((x) => x.field === 'kvHeads');
  assert.equal(k?.line, 8);
  assert.equal(k?.column, 1);
});

test('TOML: flavor-only torchtitan file resolves from the flavor table', () => {
  const a = parseTomlConfig('[model]\nname = "llama2"\nflavor = "7B"\n\n[training]\nseq_len = 4096\nsteps = 100\nglobal_batch_size = 8\n', 'llama2_7b.toml');
  assert.equal(countParams(a).total, 6_738_415_616);
  assert.equal(a.training?.tokens, 4096 * 100 * 8);
  assert.equal(a.keys.find((k) => k.field === 'steps')?.line, 7);
  assert.throws(() => parseTomlConfig('[model]\nname = "llama3"\nflavor = "9B"\n', 'x.toml'), /x\.toml:3:1: unknown torchtitan flavor/);
  assert.throws(() => parseTomlConfig('[model\nname = 1\n', 'x.toml'), /x\.toml:1:\d+: invalid TOML/);
});

test('parseModelConfig picks the parser from the extension or content', () => {
  assert.equal(parseModelConfig(LLAMA2_7B, 'a.json').format, 'hf-json');
  assert.equal(parseModelConfig('n_layer = 2\nn_head = 2\nn_embd = 64\n', 'x.py').format, 'nanogpt-py');
  assert.equal(parseModelConfig('model:\n  d_model: 64\n  n_layers: 2\n  n_heads: 2\n  vocab_size: 100\n', 'o.yml').format, 'olmo-yaml');
  assert.equal(parseModelConfig(LLAMA2_7B).format, 'hf-json');
});
