# nanoGPT-style config: plain assignments
out_dir = 'out-gpt2-small'
n_layer = 12
n_head = 12
n_embd = 768
block_size = 1024
vocab_size = 50304
batch_size = 12
gradient_accumulation_steps = 40
max_iters = 600000
learning_rate = 6e-4
