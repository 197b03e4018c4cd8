"""Whole programs from the later chapters of d2l.ai (recurrent networks, modern RNNs,
machine translation and seq2seq, attention and transformers) and from pytorch.org's NLP
tutorials, written the way the book and the tutorials write them: character vocabularies,
one-hot and embedding inputs, RNN/GRU/LSTM from scratch and concise, gradient clipping,
perplexity, masked losses, greedy decoding, attention scoring, multi-head attention,
positional encoding and small transformers.

Unlike the other nn topics, these cases start from `torch.manual_seed` as the book does: the
default initialisation of every layer, `randn`/`normal` data, dropout masks and the
DataLoader's shuffles must reproduce torch's CPU random streams. Printed values are rounded
as the book prints them (or left to the tensor repr's four decimals). Ids start with
``book_rnn_`` or ``book_attention_``.
"""

from __future__ import annotations

_PRELUDE = """
import math, collections, re
nn = torch.nn
F = torch.nn.functional
TEXT = ('The Time Machine, by H. G. Wells. The Time Traveller (for so it will be convenient '
        'to speak of him) was expounding a recondite matter to us. His grey eyes shone and '
        'twinkled, and his usually pale face was flushed and animated.')
"""


def _case(name: str, body: str) -> tuple[str, str]:
    return name, _PRELUDE + body


_VOCAB = """
class Vocab:
    def __init__(self, tokens=[], min_freq=0, reserved_tokens=[]):
        if tokens and isinstance(tokens[0], list):
            tokens = [token for line in tokens for token in line]
        counter = collections.Counter(tokens)
        self.token_freqs = sorted(counter.items(), key=lambda x: x[1], reverse=True)
        self.idx_to_token = list(sorted(set(['<unk>'] + reserved_tokens + [
            token for token, freq in self.token_freqs if freq >= min_freq])))
        self.token_to_idx = {token: idx for idx, token in enumerate(self.idx_to_token)}
    def __len__(self):
        return len(self.idx_to_token)
    def __getitem__(self, tokens):
        if not isinstance(tokens, (list, tuple)):
            return self.token_to_idx.get(tokens, self.unk)
        return [self.__getitem__(token) for token in tokens]
    def to_tokens(self, indices):
        if hasattr(indices, '__len__') and len(indices) > 1:
            return [self.idx_to_token[int(index)] for index in indices]
        return self.idx_to_token[indices]
    @property
    def unk(self):
        return self.token_to_idx['<unk>']
def preprocess(text):
    return re.sub('[^A-Za-z]+', ' ', text).lower()
tokens = list(preprocess(TEXT))
vocab = Vocab(tokens)
corpus = [vocab[token] for token in tokens]
"""

_RNN_SCRATCH = """
class RNNScratch(nn.Module):
    def __init__(self, num_inputs, num_hiddens, sigma=0.01):
        super().__init__()
        self.num_inputs, self.num_hiddens, self.sigma = num_inputs, num_hiddens, sigma
        self.W_xh = nn.Parameter(torch.randn(num_inputs, num_hiddens) * sigma)
        self.W_hh = nn.Parameter(torch.randn(num_hiddens, num_hiddens) * sigma)
        self.b_h = nn.Parameter(torch.zeros(num_hiddens))
    def forward(self, inputs, state=None):
        if state is None:
            state = torch.zeros((inputs.shape[1], self.num_hiddens), device=inputs.device)
        else:
            state, = state
        outputs = []
        for X in inputs:
            state = torch.tanh(torch.matmul(X, self.W_xh) +
                               torch.matmul(state, self.W_hh) + self.b_h)
            outputs.append(state)
        return outputs, state
class RNNLMScratch(nn.Module):
    def __init__(self, rnn, vocab_size, lr=0.01):
        super().__init__()
        self.rnn, self.vocab_size, self.lr = rnn, vocab_size, lr
        self.W_hq = nn.Parameter(torch.randn(rnn.num_hiddens, vocab_size) * rnn.sigma)
        self.b_q = nn.Parameter(torch.zeros(vocab_size))
    def one_hot(self, X):
        return F.one_hot(X.T, self.vocab_size).type(torch.float32)
    def output_layer(self, rnn_outputs):
        outputs = [torch.matmul(H, self.W_hq) + self.b_q for H in rnn_outputs]
        return torch.stack(outputs, 1)
    def forward(self, X, state=None):
        embs = self.one_hot(X)
        rnn_outputs, _ = self.rnn(embs, state)
        return self.output_layer(rnn_outputs)
    def loss(self, Y_hat, Y):
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        return F.cross_entropy(Y_hat, Y.reshape((-1,)), reduction='mean')
"""

_VOCAB_NMT = """
class Vocab:
    def __init__(self, tokens=[], min_freq=0, reserved_tokens=[]):
        if tokens and isinstance(tokens[0], list):
            tokens = [token for line in tokens for token in line]
        counter = collections.Counter(tokens)
        self.token_freqs = sorted(counter.items(), key=lambda x: x[1], reverse=True)
        self.idx_to_token = list(sorted(set(['<unk>'] + reserved_tokens + [
            token for token, freq in self.token_freqs if freq >= min_freq])))
        self.token_to_idx = {token: idx for idx, token in enumerate(self.idx_to_token)}
    def __len__(self):
        return len(self.idx_to_token)
    def __getitem__(self, tokens):
        if not isinstance(tokens, (list, tuple)):
            return self.token_to_idx.get(tokens, self.token_to_idx['<unk>'])
        return [self.__getitem__(token) for token in tokens]
    def to_tokens(self, indices):
        if hasattr(indices, '__len__') and len(indices) > 1:
            return [self.idx_to_token[int(index)] for index in indices]
        return self.idx_to_token[indices]
PAIRS = [('go .', 'va !'), ('hi .', 'salut !'), ('run !', 'cours !'), ('who ?', 'qui ?'),
         ('i lost .', "j'ai perdu ."), ('he ran .', 'il a couru .'), ('i see .', 'je vois .'),
         ('we won .', 'on a gagne .')]
src = [f'{a} <eos>'.split() for a, b in PAIRS]
tgt = [f'{b} <eos>'.split() for a, b in PAIRS]
num_steps = 5
def build_array(sentences, vocab, is_tgt=False):
    pad_or_trim = lambda seq, t: (
        seq[:t] if len(seq) > t else seq + ['<pad>'] * (t - len(seq)))
    sentences = [pad_or_trim(s, num_steps) for s in sentences]
    if is_tgt:
        sentences = [['<bos>'] + s for s in sentences]
    if vocab is None:
        vocab = Vocab(sentences, min_freq=1)
    array = torch.tensor([vocab[s] for s in sentences])
    valid_len = (array != vocab['<pad>']).type(torch.int32).sum(1)
    return array, vocab, valid_len
src_array, src_vocab, src_valid_len = build_array(src, None)
tgt_array, tgt_vocab, tgt_valid_len = build_array(tgt, None, True)
"""

_SEQ2SEQ = _VOCAB_NMT + """
def init_seq2seq(module):
    if type(module) == nn.Linear:
         nn.init.xavier_uniform_(module.weight)
    if type(module) == nn.GRU:
        for param in module._flat_weights_names:
            if "weight" in param:
                nn.init.xavier_uniform_(module._parameters[param])
class Seq2SeqEncoder(nn.Module):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size, num_hiddens, num_layers, dropout=dropout)
        self.apply(init_seq2seq)
    def forward(self, X, *args):
        embs = self.embedding(X.t().type(torch.int64))
        outputs, state = self.rnn(embs)
        return outputs, state
class Seq2SeqDecoder(nn.Module):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size+num_hiddens, num_hiddens, num_layers, dropout=dropout)
        self.dense = nn.LazyLinear(vocab_size)
        self.apply(init_seq2seq)
    def init_state(self, enc_all_outputs, *args):
        return enc_all_outputs
    def forward(self, X, state):
        embs = self.embedding(X.t().type(torch.int32))
        enc_output, hidden_state = state
        context = enc_output[-1]
        context = context.repeat(embs.shape[0], 1, 1)
        embs_and_context = torch.cat((embs, context), -1)
        outputs, hidden_state = self.rnn(embs_and_context, hidden_state)
        outputs = self.dense(outputs).swapaxes(0, 1)
        return outputs, [enc_output, hidden_state]
class Seq2Seq(nn.Module):
    def __init__(self, encoder, decoder, tgt_pad):
        super().__init__()
        self.encoder, self.decoder, self.tgt_pad = encoder, decoder, tgt_pad
    def forward(self, enc_X, dec_X, *args):
        enc_all_outputs = self.encoder(enc_X, *args)
        dec_state = self.decoder.init_state(enc_all_outputs, *args)
        return self.decoder(dec_X, dec_state)[0]
    def loss(self, Y_hat, Y):
        l = F.cross_entropy(Y_hat.reshape(-1, Y_hat.shape[-1]), Y.reshape(-1),
                            reduction='none')
        mask = (Y.reshape(-1) != self.tgt_pad).type(torch.float32)
        return (l * mask).sum() / mask.sum()
"""

_MASKED_SOFTMAX = """
def sequence_mask(X, valid_len, value=0):
    maxlen = X.size(1)
    mask = torch.arange((maxlen), dtype=torch.float32,
                        device=X.device)[None, :] < valid_len[:, None]
    X[~mask] = value
    return X
def masked_softmax(X, valid_lens):
    if valid_lens is None:
        return nn.functional.softmax(X, dim=-1)
    else:
        shape = X.shape
        if valid_lens.dim() == 1:
            valid_lens = torch.repeat_interleave(valid_lens, shape[1])
        else:
            valid_lens = valid_lens.reshape(-1)
        X = sequence_mask(X.reshape(-1, shape[-1]), valid_lens, value=-1e6)
        return nn.functional.softmax(X.reshape(shape), dim=-1)
"""

_DOT_ATTENTION = """
class DotProductAttention(nn.Module):
    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
    def forward(self, queries, keys, values, valid_lens=None):
        d = queries.shape[-1]
        scores = torch.bmm(queries, keys.transpose(1, 2)) / math.sqrt(d)
        self.attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(self.attention_weights), values)
"""

_MHA = """
class MultiHeadAttention(nn.Module):
    def __init__(self, num_hiddens, num_heads, dropout, bias=False, **kwargs):
        super().__init__()
        self.num_heads = num_heads
        self.attention = DotProductAttention(dropout)
        self.W_q = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_k = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_v = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_o = nn.LazyLinear(num_hiddens, bias=bias)
    def forward(self, queries, keys, values, valid_lens):
        queries = self.transpose_qkv(self.W_q(queries))
        keys = self.transpose_qkv(self.W_k(keys))
        values = self.transpose_qkv(self.W_v(values))
        if valid_lens is not None:
            valid_lens = torch.repeat_interleave(valid_lens, repeats=self.num_heads, dim=0)
        output = self.attention(queries, keys, values, valid_lens)
        return self.W_o(self.transpose_output(output))
    def transpose_qkv(self, X):
        X = X.reshape(X.shape[0], X.shape[1], self.num_heads, -1)
        X = X.permute(0, 2, 1, 3)
        return X.reshape(-1, X.shape[2], X.shape[3])
    def transpose_output(self, X):
        X = X.reshape(-1, self.num_heads, X.shape[1], X.shape[2])
        X = X.permute(0, 2, 1, 3)
        return X.reshape(X.shape[0], X.shape[1], -1)
class PositionalEncoding(nn.Module):
    def __init__(self, num_hiddens, dropout, max_len=1000):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.P = torch.zeros((1, max_len, num_hiddens))
        X = torch.arange(max_len, dtype=torch.float32).reshape(
            -1, 1) / torch.pow(10000, torch.arange(
            0, num_hiddens, 2, dtype=torch.float32) / num_hiddens)
        self.P[:, :, 0::2] = torch.sin(X)
        self.P[:, :, 1::2] = torch.cos(X)
    def forward(self, X):
        X = X + self.P[:, :X.shape[1], :].to(X.device)
        return self.dropout(X)
"""

CASES = [
    # d2l 9.2: text to tokens to a character vocabulary; 9.3's counts of unigrams.
    _case("book_rnn_vocab_and_one_hot", _VOCAB + """
print(len(tokens), len(vocab), vocab.idx_to_token[:8])
print(corpus[:10], vocab.to_tokens(corpus[:10]))
print(vocab.token_freqs[:5])
X = torch.tensor(corpus[:10]).reshape(2, 5)
print(X)
oh = F.one_hot(X.T, len(vocab))
print(oh.shape, oh.dtype, oh.sum(), oh[0, 1])
print(F.one_hot(torch.tensor([0, 2]), len(vocab)))
print(F.one_hot(torch.arange(4) % 3))
print(F.one_hot(torch.tensor([[1, 0], [2, 1]]), num_classes=-1))
freqs = torch.tensor([freq for token, freq in vocab.token_freqs], dtype=torch.float32)
print(freqs[:6], (freqs / freqs.sum())[:3])
"""),
    # d2l 9.3: the training examples of a language model, each shifted by one token, then
    # the DataLoader shuffles them (torch's randperm under the seed).
    _case("book_rnn_time_machine_dataloader", _VOCAB + """
torch.manual_seed(0)
num_steps = 5
array = torch.tensor([corpus[i:i+num_steps+1] for i in range(len(corpus)-num_steps)])
X, Y = array[:-1, :-1], array[:-1, 1:]
print(array.shape, X.shape, Y.shape)
num_train = 100
train = torch.utils.data.TensorDataset(X[:num_train], Y[:num_train])
loader = torch.utils.data.DataLoader(train, batch_size=4, shuffle=True)
print(len(loader))
for i, (Xb, Yb) in enumerate(loader):
    print('X:', Xb, '\\nY:', Yb)
    if i == 1:
        break
print(torch.equal(Xb[:, 1:], Yb[:, :-1]))
"""),
    # d2l 9.5: the RNN language model from scratch; gradient clipping by the global norm
    # written by hand; perplexity; prediction by greedy decoding with a warm-up prefix.
    _case("book_rnn_scratch_train_and_predict", _VOCAB + _RNN_SCRATCH + """
torch.manual_seed(1)
rnn = RNNScratch(num_inputs=len(vocab), num_hiddens=32)
model = RNNLMScratch(rnn, vocab_size=len(vocab), lr=1)
X = torch.ones((2, 5), dtype=torch.int64)
outputs, state = rnn(model.one_hot(X))
print(len(outputs), outputs[0].shape, state.shape)
print(model(X).shape)
def clip_gradients(grad_clip_val, model):
    params = [p for p in model.parameters() if p.requires_grad]
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > grad_clip_val:
        for param in params:
            param.grad[:] *= grad_clip_val / norm
    return norm
num_steps = 8
array = torch.tensor([corpus[i:i+num_steps+1] for i in range(len(corpus)-num_steps)])
Xs, Ys = array[:, :-1], array[:, 1:]
for step in range(6):
    Xb, Yb = Xs[step*8:(step+1)*8], Ys[step*8:(step+1)*8]
    l = model.loss(model(Xb), Yb)
    model.zero_grad()
    l.backward()
    norm = clip_gradients(1, model)
    with torch.no_grad():
        for p in model.parameters():
            p -= model.lr * p.grad
    print(f'step {step}: loss {l:.4f}, perplexity {torch.exp(l):.3f}, norm {norm:.4f}')
def predict(prefix, num_preds, vocab, model):
    state, outputs = None, [vocab[prefix[0]]]
    for i in range(len(prefix) + num_preds - 1):
        X = torch.tensor([[outputs[-1]]])
        embs = model.one_hot(X)
        rnn_outputs, state = model.rnn(embs, state)
        if i < len(prefix) - 1:
            outputs.append(vocab[prefix[i + 1]])
        else:
            Y = model.output_layer(rnn_outputs)
            outputs.append(int(Y.argmax(axis=2).reshape(1)))
        state = (state,)
    return ''.join([vocab.idx_to_token[i] for i in outputs])
print(repr(predict('the time ', 12, vocab, model)))
print(model.W_hq.grad.abs().sum() > 0, model.rnn.W_xh.grad[:2, :4])
result = torch.cat([p.detach().reshape(-1)[:20] for p in model.parameters()])
"""),
    # d2l 9.6: the concise RNN language model over nn.RNN, trained with SGD and
    # nn.utils.clip_grad_norm_; the state is carried over (detached) between minibatches.
    _case("book_rnn_concise_language_model", _VOCAB + """
torch.manual_seed(2)
class RNNLM(nn.Module):
    def __init__(self, vocab_size, num_hiddens):
        super().__init__()
        self.rnn = nn.RNN(vocab_size, num_hiddens)
        self.linear = nn.Linear(num_hiddens, vocab_size)
        self.vocab_size = vocab_size
    def forward(self, X, state=None):
        embs = F.one_hot(X.T.long(), self.vocab_size).float()
        outputs, state = self.rnn(embs, state)
        return self.linear(outputs).swapaxes(0, 1), state
net = RNNLM(len(vocab), 16)
print(net)
print([(n, tuple(p.shape)) for n, p in net.named_parameters()])
print(net.rnn.weight_hh_l0[:2, :5])
opt = torch.optim.SGD(net.parameters(), lr=1)
num_steps = 6
Xs = torch.tensor(corpus[:52]).reshape(4, 13)
state = None
for epoch in range(3):
    for t in range(0, 12, num_steps):
        X, Y = Xs[:, t:t+num_steps], Xs[:, t+1:t+num_steps+1]
        if state is not None:
            state = state.detach()
        Y_hat, state = net(X, state)
        l = F.cross_entropy(Y_hat.reshape(-1, len(vocab)), Y.reshape(-1))
        opt.zero_grad()
        l.backward()
        total = nn.utils.clip_grad_norm_(net.parameters(), 1)
        opt.step()
        print(f'epoch {epoch} t {t}: ppl {math.exp(l.item()):.3f} grad norm {total:.4f}')
print(state.shape, state.grad_fn is None, type(Y_hat.grad_fn).__name__)
result = torch.cat([p.detach().reshape(-1)[:10] for p in net.parameters()])
"""),
    # d2l 10.2: the GRU from scratch (three gates made of randn * sigma parameters).
    _case("book_rnn_gru_scratch", """
torch.manual_seed(3)
class GRUScratch(nn.Module):
    def __init__(self, num_inputs, num_hiddens, sigma=0.01):
        super().__init__()
        self.num_hiddens = num_hiddens
        init_weight = lambda *shape: nn.Parameter(torch.randn(*shape) * sigma)
        triple = lambda: (init_weight(num_inputs, num_hiddens),
                          init_weight(num_hiddens, num_hiddens),
                          nn.Parameter(torch.zeros(num_hiddens)))
        self.W_xz, self.W_hz, self.b_z = triple()
        self.W_xr, self.W_hr, self.b_r = triple()
        self.W_xh, self.W_hh, self.b_h = triple()
    def forward(self, inputs, H=None):
        if H is None:
            H = torch.zeros((inputs.shape[1], self.num_hiddens), device=inputs.device)
        outputs = []
        for X in inputs:
            Z = torch.sigmoid(torch.matmul(X, self.W_xz) + torch.matmul(H, self.W_hz) + self.b_z)
            R = torch.sigmoid(torch.matmul(X, self.W_xr) + torch.matmul(H, self.W_hr) + self.b_r)
            H_tilde = torch.tanh(torch.matmul(X, self.W_xh) +
                                 torch.matmul(R * H, self.W_hh) + self.b_h)
            H = Z * H + (1 - Z) * H_tilde
            outputs.append(H)
        return outputs, H
gru = GRUScratch(num_inputs=6, num_hiddens=4, sigma=0.5)
X = torch.randn(5, 3, 6)
outputs, H = gru(X)
print(len(outputs), H.shape)
print(H)
loss = torch.stack(outputs).pow(2).mean()
loss.backward()
print(f'{loss.item():.6f}')
# (3 digits: W_hz.grad[2, 2], ~1e-3 of its neighbours, is rounding noise from sigmoid's
# vectorised exp and the float32 matrix products; torch 2.0297e-06, ember 2.0296e-06)
torch.set_printoptions(precision=3)
print(gru.W_hz.grad)
torch.set_printoptions(profile='default')
print(gru.b_r.grad)
print(sorted(n for n, _ in gru.named_parameters()))
result = torch.cat([H.detach().reshape(-1), gru.W_xh.grad.reshape(-1)])
"""),
    # d2l 10.1: the LSTM from scratch (gates I, F, O, candidate C_tilde; state (H, C)).
    _case("book_rnn_lstm_scratch", """
torch.manual_seed(4)
class LSTMScratch(nn.Module):
    def __init__(self, num_inputs, num_hiddens, sigma=0.01):
        super().__init__()
        self.num_hiddens = num_hiddens
        init_weight = lambda *shape: nn.Parameter(torch.randn(*shape) * sigma)
        triple = lambda: (init_weight(num_inputs, num_hiddens),
                          init_weight(num_hiddens, num_hiddens),
                          nn.Parameter(torch.zeros(num_hiddens)))
        self.W_xi, self.W_hi, self.b_i = triple()
        self.W_xf, self.W_hf, self.b_f = triple()
        self.W_xo, self.W_ho, self.b_o = triple()
        self.W_xc, self.W_hc, self.b_c = triple()
    def forward(self, inputs, H_C=None):
        if H_C is None:
            H = torch.zeros((inputs.shape[1], self.num_hiddens), device=inputs.device)
            C = torch.zeros((inputs.shape[1], self.num_hiddens), device=inputs.device)
        else:
            H, C = H_C
        outputs = []
        for X in inputs:
            I = torch.sigmoid(torch.matmul(X, self.W_xi) + torch.matmul(H, self.W_hi) + self.b_i)
            F_ = torch.sigmoid(torch.matmul(X, self.W_xf) + torch.matmul(H, self.W_hf) + self.b_f)
            O = torch.sigmoid(torch.matmul(X, self.W_xo) + torch.matmul(H, self.W_ho) + self.b_o)
            C_tilde = torch.tanh(torch.matmul(X, self.W_xc) + torch.matmul(H, self.W_hc) + self.b_c)
            C = F_ * C + I * C_tilde
            H = O * torch.tanh(C)
            outputs.append(H)
        return outputs, (H, C)
lstm = LSTMScratch(num_inputs=5, num_hiddens=3, sigma=0.3)
X = torch.randn(4, 2, 5)
outputs, (H, C) = lstm(X)
print(torch.stack(outputs).shape, H.shape, C.shape)
print(H, C, sep='\\n')
(H.sum() + C.pow(2).sum()).backward()
print(lstm.W_xf.grad)
print(lstm.b_c.grad)
result = torch.cat([C.detach().reshape(-1), lstm.W_hi.grad.reshape(-1)])
"""),
    # d2l 10.1-10.4 concise: nn.GRU / nn.LSTM / stacked / bidirectional with default init.
    _case("book_rnn_concise_gru_lstm_deep_bidirectional", """
torch.manual_seed(5)
gru = nn.GRU(6, 4)
lstm = nn.LSTM(6, 4, num_layers=2)
birnn = nn.GRU(6, 4, bidirectional=True)
X = torch.randn(5, 3, 6)
out, h = gru(X)
print(out.shape, h.shape, torch.allclose(out[-1], h[0]))
print(h)
out, (h, c) = lstm(X)
print(out.shape, h.shape, c.shape, torch.equal(out[-1], h[-1]))
print(c[1])
out, h = birnn(X)
print(out.shape, h.shape)
print(torch.equal(out[-1, :, :4], h[0]), torch.equal(out[0, :, 4:], h[1]))
print(out[0])
for name, p in birnn.named_parameters():
    print(name, tuple(p.shape), f'{p.sum().item():.4f}')
print(gru, lstm, birnn, sep='\\n')
result = torch.cat([out.reshape(-1), h.reshape(-1)])
"""),
    # The same layers with batch_first, explicit initial states and two layers of dropout.
    _case("book_rnn_concise_batch_first_initial_states_dropout", """
torch.manual_seed(6)
lstm = nn.LSTM(input_size=3, hidden_size=5, num_layers=2, batch_first=True, dropout=0.5)
X = torch.randn(2, 4, 3)
h0 = torch.randn(2, 2, 5)
c0 = torch.randn(2, 2, 5)
out, (hn, cn) = lstm(X, (h0, c0))
print(out.shape, hn.shape, cn.shape)
print(out[:, -1])
print(hn[-1])
print(torch.equal(out[:, -1], hn[-1]))
out.sum().backward()
print(lstm.weight_ih_l1.grad[:3])
lstm.eval()
with torch.no_grad():
    out_eval, _ = lstm(X, (h0, c0))
print(out_eval[0, :2])
rnn = nn.RNN(3, 2, nonlinearity='relu', batch_first=True)
print(rnn(X, torch.zeros(1, 2, 2))[0])
result = torch.cat([out.detach().reshape(-1), out_eval.reshape(-1)])
"""),
    # Batching sentences of different lengths: pad_sequence, pack_padded_sequence (unsorted),
    # an LSTM over the packed batch, pad_packed_sequence back.
    _case("book_rnn_pad_pack_unpack", """
torch.manual_seed(7)
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence, pad_packed_sequence
sents = [[3, 1, 4, 1, 5], [9, 2], [6, 5, 3]]
seqs = [torch.tensor(s) for s in sents]
lengths = torch.tensor([len(s) for s in sents])
padded = pad_sequence(seqs, batch_first=True, padding_value=0)
print(padded)
print(pad_sequence(seqs))
emb = nn.Embedding(10, 4, padding_idx=0)
lstm = nn.LSTM(4, 3, batch_first=True)
embedded = emb(padded)
print(embedded[1])
packed = pack_padded_sequence(embedded, lengths, batch_first=True, enforce_sorted=False)
print(packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
out, (h, c) = lstm(packed)
print(type(out).__name__, out.data.shape)
unpacked, out_lens = pad_packed_sequence(out, batch_first=True)
print(unpacked.shape, out_lens)
print(unpacked)
print(h)
print(torch.allclose(unpacked[torch.arange(3), lengths - 1], h[0]))
unpacked.sum().backward()
print(emb.weight.grad[0], emb.weight.grad[3])
result = torch.cat([unpacked.detach().reshape(-1), emb.weight.grad.reshape(-1)])
"""),

    # pytorch.org, "Sequence models and LSTM networks": an LSTM fed one step at a time, then
    # the whole sequence at once; and the part-of-speech tagger trained with NLLLoss.
    _case("book_rnn_tutorial_lstm_pos_tagger", """
torch.manual_seed(1)
lstm = nn.LSTM(3, 3)
inputs = [torch.randn(1, 3) for _ in range(5)]
hidden = (torch.randn(1, 1, 3), torch.randn(1, 1, 3))
for i in inputs:
    out, hidden = lstm(i.view(1, 1, -1), hidden)
inputs = torch.cat(inputs).view(len(inputs), 1, -1)
hidden = (torch.randn(1, 1, 3), torch.randn(1, 1, 3))
out, hidden = lstm(inputs, hidden)
print(out)
print(hidden)
print(type(lstm(inputs.double(), (hidden[0].double(), hidden[1].double()))[0].grad_fn).__name__)
with torch.backends.mkldnn.flags(enabled=False):
    print(type(lstm(inputs)[0].grad_fn).__name__)
print(type(lstm(inputs)[0].grad_fn).__name__, type(lstm(inputs)[1][1].grad_fn).__name__)
def prepare_sequence(seq, to_ix):
    idxs = [to_ix[w] for w in seq]
    return torch.tensor(idxs, dtype=torch.long)
training_data = [
    ("The dog ate the apple".split(), ["DET", "NN", "V", "DET", "NN"]),
    ("Everybody read that book".split(), ["NN", "V", "DET", "NN"])
]
word_to_ix = {}
for sent, tags in training_data:
    for word in sent:
        if word not in word_to_ix:
            word_to_ix[word] = len(word_to_ix)
print(word_to_ix)
tag_to_ix = {"DET": 0, "NN": 1, "V": 2}
EMBEDDING_DIM = 6
HIDDEN_DIM = 6
class LSTMTagger(nn.Module):
    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size):
        super(LSTMTagger, self).__init__()
        self.hidden_dim = hidden_dim
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)
    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1))
        tag_space = self.hidden2tag(lstm_out.view(len(sentence), -1))
        tag_scores = F.log_softmax(tag_space, dim=1)
        return tag_scores
model = LSTMTagger(EMBEDDING_DIM, HIDDEN_DIM, len(word_to_ix), len(tag_to_ix))
loss_function = nn.NLLLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
with torch.no_grad():
    inputs = prepare_sequence(training_data[0][0], word_to_ix)
    tag_scores = model(inputs)
    print(tag_scores)
for epoch in range(30):
    for sentence, tags in training_data:
        model.zero_grad()
        sentence_in = prepare_sequence(sentence, word_to_ix)
        targets = prepare_sequence(tags, tag_to_ix)
        tag_scores = model(sentence_in)
        loss = loss_function(tag_scores, targets)
        loss.backward()
        optimizer.step()
    if epoch % 10 == 9:
        print(epoch, f"{loss.item():.4f}")
with torch.no_grad():
    inputs = prepare_sequence(training_data[0][0], word_to_ix)
    tag_scores = model(inputs)
    print(tag_scores)
    print(tag_scores.argmax(dim=1))
result = tag_scores
"""),
    # pytorch.org, "Word embeddings: encoding lexical semantics": the N-gram language model.
    _case("book_rnn_tutorial_ngram_embeddings", """
torch.manual_seed(1)
word_to_ix = {"hello": 0, "world": 1}
embeds = nn.Embedding(2, 5)
lookup_tensor = torch.tensor([word_to_ix["hello"]], dtype=torch.long)
hello_embed = embeds(lookup_tensor)
print(hello_embed)
CONTEXT_SIZE = 2
EMBEDDING_DIM = 10
test_sentence = \"\"\"When forty winters shall besiege thy brow,
And dig deep trenches in thy beauty's field,
Thy youth's proud livery so gazed on now,
Will be a totter'd weed of small worth held:\"\"\".split()
ngrams = [
    (
        [test_sentence[i - j - 1] for j in range(CONTEXT_SIZE)],
        test_sentence[i]
    )
    for i in range(CONTEXT_SIZE, len(test_sentence))
]
print(ngrams[:3])
vocab = set(test_sentence)
word_to_ix = {word: i for i, word in enumerate(sorted(vocab))}
class NGramLanguageModeler(nn.Module):
    def __init__(self, vocab_size, embedding_dim, context_size):
        super(NGramLanguageModeler, self).__init__()
        self.embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.linear1 = nn.Linear(context_size * embedding_dim, 128)
        self.linear2 = nn.Linear(128, vocab_size)
    def forward(self, inputs):
        embeds = self.embeddings(inputs).view((1, -1))
        out = F.relu(self.linear1(embeds))
        out = self.linear2(out)
        log_probs = F.log_softmax(out, dim=1)
        return log_probs
losses = []
loss_function = nn.NLLLoss()
model = NGramLanguageModeler(len(vocab), EMBEDDING_DIM, CONTEXT_SIZE)
optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
for epoch in range(3):
    total_loss = 0
    for context, target in ngrams:
        context_idxs = torch.tensor([word_to_ix[w] for w in context], dtype=torch.long)
        model.zero_grad()
        log_probs = model(context_idxs)
        loss = loss_function(log_probs, torch.tensor([word_to_ix[target]], dtype=torch.long))
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    losses.append(total_loss)
print([f"{l:.4f}" for l in losses])
print(model.embeddings.weight[word_to_ix["thy"]])
result = model.embeddings.weight
"""),
    # pytorch.org, "NLP from scratch: classifying names with a character-level RNN":
    # letters to one-hot (N, 1, n_letters) tensors, an RNN made of Linear layers, topk.
    _case("book_rnn_tutorial_char_rnn_classification", """
import string
torch.manual_seed(0)
all_letters = string.ascii_letters + " .,;'"
n_letters = len(all_letters)
def letterToIndex(letter):
    return all_letters.find(letter)
def letterToTensor(letter):
    tensor = torch.zeros(1, n_letters)
    tensor[0][letterToIndex(letter)] = 1
    return tensor
def lineToTensor(line):
    tensor = torch.zeros(len(line), 1, n_letters)
    for li, letter in enumerate(line):
        tensor[li][0][letterToIndex(letter)] = 1
    return tensor
print(letterToTensor('J'))
print(lineToTensor('Jones').size())
class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size
        self.i2h = nn.Linear(input_size, hidden_size)
        self.h2h = nn.Linear(hidden_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)
    def forward(self, input, hidden):
        hidden = F.tanh(self.i2h(input) + self.h2h(hidden))
        output = self.h2o(hidden)
        output = self.softmax(output)
        return output, hidden
    def initHidden(self):
        return torch.zeros(1, self.hidden_size)
all_categories = ['English', 'French', 'Greek', 'Italian']
n_hidden = 32
rnn = RNN(n_letters, n_hidden, len(all_categories))
input = lineToTensor('Albert')
hidden = torch.zeros(1, n_hidden)
output, next_hidden = rnn(input[0], hidden)
print(output)
def categoryFromOutput(output):
    top_n, top_i = output.topk(1)
    category_i = top_i[0].item()
    return all_categories[category_i], category_i
print(categoryFromOutput(output))
criterion = nn.NLLLoss()
learning_rate = 0.005
data = [('Smith', 0), ('Dubois', 1), ('Pappas', 2), ('Rossi', 3)]
def train(category_tensor, line_tensor):
    hidden = rnn.initHidden()
    rnn.zero_grad()
    for i in range(line_tensor.size()[0]):
        output, hidden = rnn(line_tensor[i], hidden)
    loss = criterion(output, category_tensor)
    loss.backward()
    for p in rnn.parameters():
        p.data.add_(p.grad.data, alpha=-learning_rate)
    return output, loss.item()
for it in range(8):
    line, cat = data[int(torch.randint(0, len(data), (1,)))]
    output, loss = train(torch.tensor([cat], dtype=torch.long), lineToTensor(line))
    print(it, line, f'{loss:.4f}', categoryFromOutput(output))
with torch.no_grad():
    hidden = rnn.initHidden()
    line_tensor = lineToTensor('Dovesky')
    for i in range(line_tensor.size()[0]):
        output, hidden = rnn(line_tensor[i], hidden)
    topv, topi = output.topk(3, 1, True)
    print(topv, topi)
result = output
"""),

    # d2l 10.5: machine translation preprocessing: spaces before punctuation, word tokens,
    # a vocabulary with reserved tokens, truncating/padding, valid lengths.
    _case("book_rnn_nmt_preprocess", """
raw_text = ('Go.\\tVa !\\nHi.\\tSalut !\\nRun!\\tCours\\u202f!\\nWho?\\tQui ?\\n'
            'I lost.\\tJ\\'ai perdu.\\n')
def preprocess(text):
    text = text.replace('\\u202f', ' ').replace('\\xa0', ' ')
    no_space = lambda char, prev_char: char in ',.!?' and prev_char != ' '
    out = [' ' + char if i > 0 and no_space(char, text[i - 1]) else char
           for i, char in enumerate(text.lower())]
    return ''.join(out)
text = preprocess(raw_text)
print(repr(text))
src, tgt = [], []
for line in text.split('\\n'):
    parts = line.split('\\t')
    if len(parts) == 2:
        src.append([t for t in f'{parts[0]} <eos>'.split(' ') if t])
        tgt.append([t for t in f'{parts[1]} <eos>'.split(' ') if t])
print(src, tgt, sep='\\n')
class Vocab:
    def __init__(self, tokens=[], min_freq=0, reserved_tokens=[]):
        if tokens and isinstance(tokens[0], list):
            tokens = [token for line in tokens for token in line]
        counter = collections.Counter(tokens)
        self.token_freqs = sorted(counter.items(), key=lambda x: x[1], reverse=True)
        self.idx_to_token = list(sorted(set(['<unk>'] + reserved_tokens + [
            token for token, freq in self.token_freqs if freq >= min_freq])))
        self.token_to_idx = {token: idx for idx, token in enumerate(self.idx_to_token)}
    def __len__(self):
        return len(self.idx_to_token)
    def __getitem__(self, tokens):
        if not isinstance(tokens, (list, tuple)):
            return self.token_to_idx.get(tokens, self.token_to_idx['<unk>'])
        return [self.__getitem__(token) for token in tokens]
num_steps = 4
def _build_array(sentences, vocab, is_tgt=False):
    pad_or_trim = lambda seq, t: (
        seq[:t] if len(seq) > t else seq + ['<pad>'] * (t - len(seq)))
    sentences = [pad_or_trim(s, num_steps) for s in sentences]
    if is_tgt:
        sentences = [['<bos>'] + s for s in sentences]
    if vocab is None:
        vocab = Vocab(sentences, min_freq=1)
    array = torch.tensor([vocab[s] for s in sentences])
    valid_len = (array != vocab['<pad>']).type(torch.int32).sum(1)
    return array, vocab, valid_len
src_array, src_vocab, src_valid_len = _build_array(src, None)
tgt_array, tgt_vocab, _ = _build_array(tgt, None, True)
print(len(src_vocab), len(tgt_vocab), src_vocab.idx_to_token)
print(src_array, src_valid_len, src_valid_len.dtype, sep='\\n')
print(tgt_array[:, :-1], tgt_array[:, 1:], sep='\\n')
lengths = [len(s) for s in src]
print(torch.tensor(lengths).bincount(), torch.tensor(lengths, dtype=torch.float).mean())
"""),

    # d2l 10.7: the seq2seq encoder-decoder (Embedding + GRU, context concatenated to the
    # decoder's input), d2l's init_seq2seq (xavier on Linear and on the GRU's weights through
    # _flat_weights_names), the masked softmax cross-entropy loss, training with Adam and
    # clip_grad_norm_, greedy prediction and BLEU.
    _case("book_rnn_seq2seq_train_predict_bleu", _SEQ2SEQ + """
torch.manual_seed(0)
encoder = Seq2SeqEncoder(len(src_vocab), embed_size=8, num_hiddens=16, num_layers=2)
X = torch.zeros((4, 7), dtype=torch.long)
enc_outputs, enc_state = encoder(X)
print(enc_outputs.shape, enc_state.shape)
decoder = Seq2SeqDecoder(len(tgt_vocab), embed_size=8, num_hiddens=16, num_layers=2)
state = decoder.init_state(encoder(X))
dec_outputs, state = decoder(X, state)
print(dec_outputs.shape, state[1].shape)
model = Seq2Seq(encoder, decoder, tgt_pad=tgt_vocab['<pad>'])
model.apply(init_seq2seq)
print(model.encoder.rnn.weight_hh_l0[:2, :4])
print(model.decoder.dense.weight[:2, :4])
print(model.decoder.rnn._flat_weights_names)
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
for epoch in range(30):
    model.train()
    Y_hat = model(src_array, tgt_array[:, :-1])
    l = model.loss(Y_hat, tgt_array[:, 1:])
    optimizer.zero_grad()
    l.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1)
    optimizer.step()
    if epoch % 10 == 9:
        print(f'epoch {epoch + 1}, loss {l.item():.4f}')
def predict_step(model, src, num_steps):
    model.eval()
    enc_all_outputs = model.encoder(src)
    dec_state = model.decoder.init_state(enc_all_outputs)
    outputs = [src[:, 0].new_full((src.shape[0], 1), tgt_vocab['<bos>'])]
    for _ in range(num_steps):
        Y, dec_state = model.decoder(outputs[-1], dec_state)
        outputs.append(Y.argmax(2))
    return torch.cat(outputs[1:], 1)
with torch.no_grad():
    preds = predict_step(model, src_array, num_steps)
print(preds)
def bleu(pred_seq, label_seq, k):
    pred_tokens, label_tokens = pred_seq.split(' '), label_seq.split(' ')
    len_pred, len_label = len(pred_tokens), len(label_tokens)
    score = math.exp(min(0, 1 - len_label / len_pred))
    for n in range(1, min(k, len_pred) + 1):
        num_matches, label_subs = 0, collections.defaultdict(int)
        for i in range(len_label - n + 1):
            label_subs[' '.join(label_tokens[i: i + n])] += 1
        for i in range(len_pred - n + 1):
            if label_subs[' '.join(pred_tokens[i: i + n])] > 0:
                num_matches += 1
                label_subs[' '.join(pred_tokens[i: i + n])] -= 1
        score *= math.pow(num_matches / (len_pred - n + 1), math.pow(0.5, n))
    return score
for p, t in zip(preds, tgt):
    translation = []
    for token in tgt_vocab.to_tokens(p):
        if token == '<eos>':
            break
        translation.append(token)
    print(translation, f'bleu {bleu(" ".join(translation), " ".join(t[:-1]), k=2):.3f}')
result = torch.cat([p.detach().reshape(-1)[:8] for p in model.parameters()])
"""),
    # d2l 10.7.3: the masked loss on its own: sequence_mask with a value, the weighted
    # cross-entropy with reduction='none' over (batch, classes, steps) logits.
    _case("book_rnn_sequence_mask_and_masked_loss", """
def sequence_mask(X, valid_len, value=0):
    maxlen = X.size(1)
    mask = torch.arange((maxlen), dtype=torch.float32,
                        device=X.device)[None, :] < valid_len[:, None]
    X[~mask] = value
    return X
X = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(sequence_mask(X, torch.tensor([1, 2])))
X = torch.ones(2, 3, 4)
print(sequence_mask(X, torch.tensor([1, 2]), value=-1))
class MaskedSoftmaxCELoss(nn.CrossEntropyLoss):
    def forward(self, pred, label, valid_len):
        weights = torch.ones_like(label)
        weights = sequence_mask(weights, valid_len)
        self.reduction = 'none'
        unweighted_loss = super(MaskedSoftmaxCELoss, self).forward(
            pred.permute(0, 2, 1), label)
        weighted_loss = (unweighted_loss * weights).mean(dim=1)
        return weighted_loss
loss = MaskedSoftmaxCELoss()
print(loss(torch.ones(3, 4, 10), torch.ones((3, 4), dtype=torch.long),
           torch.tensor([4, 2, 0])))
torch.manual_seed(3)
pred = torch.randn(3, 4, 10, requires_grad=True)
label = torch.randint(0, 10, (3, 4))
l = loss(pred, label, torch.tensor([4, 2, 1]))
print(l, label)
l.sum().backward()
print(pred.grad[1])
print(loss)
mask = (label != 0).float()
l2 = F.cross_entropy(pred.reshape(-1, 10), label.reshape(-1), reduction='none')
print((l2 * mask.reshape(-1)).sum() / mask.sum())
result = pred.grad
"""),

    # d2l 11.2: Nadaraya-Watson kernel regression, nonparametric (softmax of a Gaussian
    # kernel over repeat_interleave'd queries) and parametric (a learned width w, bmm).
    _case("book_attention_nadaraya_watson", """
torch.manual_seed(0)
n_train = 20
x_train, _ = torch.sort(torch.rand(n_train) * 5)
def f(x):
    return 2 * torch.sin(x) + x**0.8
y_train = f(x_train) + torch.normal(0.0, 0.5, (n_train,))
x_test = torch.arange(0, 5, 0.5)
y_truth = f(x_test)
n_test = len(x_test)
print(n_test, x_train[:4], y_train[:4])
X_repeat = x_test.repeat_interleave(n_train).reshape((-1, n_train))
attention_weights = nn.functional.softmax(-(X_repeat - x_train)**2 / 2, dim=1)
y_hat = torch.matmul(attention_weights, y_train)
print(X_repeat.shape, attention_weights[0, :5], y_hat)
weights = torch.ones((2, 10)) * 0.1
values = torch.arange(20.0).reshape((2, 10))
print(torch.bmm(weights.unsqueeze(1), values.unsqueeze(-1)))
class NWKernelRegression(nn.Module):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.w = nn.Parameter(torch.rand((1,), requires_grad=True))
    def forward(self, queries, keys, values):
        queries = queries.repeat_interleave(keys.shape[1]).reshape((-1, keys.shape[1]))
        self.attention_weights = nn.functional.softmax(
            -((queries - keys) * self.w)**2 / 2, dim=1)
        return torch.bmm(self.attention_weights.unsqueeze(1),
                         values.unsqueeze(-1)).reshape(-1)
X_tile = x_train.repeat((n_train, 1))
Y_tile = y_train.repeat((n_train, 1))
keys = X_tile[(1 - torch.eye(n_train)).type(torch.bool)].reshape((n_train, -1))
values = Y_tile[(1 - torch.eye(n_train)).type(torch.bool)].reshape((n_train, -1))
print(keys.shape, values.shape)
net = NWKernelRegression()
loss = nn.MSELoss(reduction='none')
trainer = torch.optim.SGD(net.parameters(), lr=0.5)
for epoch in range(5):
    trainer.zero_grad()
    l = loss(net(x_train, keys, values), y_train)
    l.sum().backward()
    trainer.step()
    print(f'epoch {epoch + 1}, loss {float(l.sum()):.4f}')
keys = x_train.repeat((n_test, 1))
values = y_train.repeat((n_test, 1))
y_hat = net(x_test, keys, values).unsqueeze(1).detach()
print(net.w, y_hat.squeeze())
result = y_hat
"""),
    # d2l 11.3: masked softmax (1-D and 2-D valid lengths via repeat_interleave and the
    # sequence mask), additive attention (LazyLinear, tanh, unsqueeze broadcasting) and
    # scaled dot-product attention with bmm, checked against F.scaled_dot_product_attention.
    _case("book_attention_scoring_functions", _MASKED_SOFTMAX + """
torch.manual_seed(0)
print(masked_softmax(torch.rand(2, 2, 4), torch.tensor([2, 3])))
print(masked_softmax(torch.rand(2, 2, 4), torch.tensor([[1, 3], [2, 4]])))
Q = torch.ones((2, 3, 4))
K = torch.ones((2, 4, 6))
print(torch.bmm(Q, K).shape)
class DotProductAttention(nn.Module):
    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
    def forward(self, queries, keys, values, valid_lens=None):
        d = queries.shape[-1]
        scores = torch.bmm(queries, keys.transpose(1, 2)) / math.sqrt(d)
        self.attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(self.attention_weights), values)
queries = torch.normal(0, 1, (2, 1, 2))
keys = torch.normal(0, 1, (2, 10, 2))
values = torch.normal(0, 1, (2, 10, 4))
valid_lens = torch.tensor([2, 6])
attention = DotProductAttention(dropout=0.5)
attention.eval()
out = attention(queries, keys, values, valid_lens)
print(out.shape)
print(out, attention.attention_weights, sep='\\n')
mask = torch.arange(10)[None, :] < valid_lens[:, None]
ref = F.scaled_dot_product_attention(queries, keys, values, attn_mask=mask[:, None, :])
print(torch.allclose(out, ref, atol=1e-6))
class AdditiveAttention(nn.Module):
    def __init__(self, num_hiddens, dropout, **kwargs):
        super(AdditiveAttention, self).__init__(**kwargs)
        self.W_k = nn.LazyLinear(num_hiddens, bias=False)
        self.W_q = nn.LazyLinear(num_hiddens, bias=False)
        self.w_v = nn.LazyLinear(1, bias=False)
        self.dropout = nn.Dropout(dropout)
    def forward(self, queries, keys, values, valid_lens):
        queries, keys = self.W_q(queries), self.W_k(keys)
        features = queries.unsqueeze(2) + keys.unsqueeze(1)
        features = torch.tanh(features)
        scores = self.w_v(features).squeeze(-1)
        self.attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(self.attention_weights), values)
queries = torch.normal(0, 1, (2, 1, 20))
attention = AdditiveAttention(num_hiddens=8, dropout=0.1)
print(attention)
attention.eval()
values = torch.arange(40, dtype=torch.float32).reshape(1, 10, 4).repeat(2, 1, 1)
out = attention(queries, torch.ones((2, 10, 2)), values, valid_lens)
print(attention)
print(out, attention.attention_weights.shape, attention.attention_weights[0])
attention.train()
out = attention(queries, torch.ones((2, 10, 2)), values, valid_lens)
print(out)
result = out
"""),
    # d2l 11.4: Bahdanau attention in the seq2seq decoder (pytorch.org's "translation with
    # a sequence to sequence network and attention" computes it with Wa, Ua, Va likewise).
    _case("book_attention_bahdanau_decoder", _MASKED_SOFTMAX + """
torch.manual_seed(1)
class BahdanauAttention(nn.Module):
    def __init__(self, hidden_size):
        super(BahdanauAttention, self).__init__()
        self.Wa = nn.Linear(hidden_size, hidden_size)
        self.Ua = nn.Linear(hidden_size, hidden_size)
        self.Va = nn.Linear(hidden_size, 1)
    def forward(self, query, keys):
        scores = self.Va(torch.tanh(self.Wa(query) + self.Ua(keys)))
        scores = scores.squeeze(2).unsqueeze(1)
        weights = F.softmax(scores, dim=-1)
        context = torch.bmm(weights, keys)
        return context, weights
class AttnDecoderRNN(nn.Module):
    def __init__(self, hidden_size, output_size, dropout_p=0.1):
        super(AttnDecoderRNN, self).__init__()
        self.embedding = nn.Embedding(output_size, hidden_size)
        self.attention = BahdanauAttention(hidden_size)
        self.gru = nn.GRU(2 * hidden_size, hidden_size, batch_first=True)
        self.out = nn.Linear(hidden_size, output_size)
        self.dropout = nn.Dropout(dropout_p)
    def forward(self, encoder_outputs, encoder_hidden, target_tensor=None, max_len=4):
        batch_size = encoder_outputs.size(0)
        decoder_input = torch.empty(batch_size, 1, dtype=torch.long).fill_(0)
        decoder_hidden = encoder_hidden
        decoder_outputs = []
        attentions = []
        for i in range(max_len):
            decoder_output, decoder_hidden, attn_weights = self.forward_step(
                decoder_input, decoder_hidden, encoder_outputs)
            decoder_outputs.append(decoder_output)
            attentions.append(attn_weights)
            if target_tensor is not None:
                decoder_input = target_tensor[:, i].unsqueeze(1)
            else:
                _, topi = decoder_output.topk(1)
                decoder_input = topi.squeeze(-1).detach()
        decoder_outputs = torch.cat(decoder_outputs, dim=1)
        decoder_outputs = F.log_softmax(decoder_outputs, dim=-1)
        attentions = torch.cat(attentions, dim=1)
        return decoder_outputs, decoder_hidden, attentions
    def forward_step(self, input, hidden, encoder_outputs):
        embedded = self.dropout(self.embedding(input))
        query = hidden.permute(1, 0, 2)
        context, attn_weights = self.attention(query, encoder_outputs)
        input_gru = torch.cat((embedded, context), dim=2)
        output, hidden = self.gru(input_gru, hidden)
        output = self.out(output)
        return output, hidden, attn_weights
class EncoderRNN(nn.Module):
    def __init__(self, input_size, hidden_size, dropout_p=0.1):
        super(EncoderRNN, self).__init__()
        self.embedding = nn.Embedding(input_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)
        self.dropout = nn.Dropout(dropout_p)
    def forward(self, input):
        embedded = self.dropout(self.embedding(input))
        output, hidden = self.gru(embedded)
        return output, hidden
encoder = EncoderRNN(10, 8)
decoder = AttnDecoderRNN(8, 7)
src = torch.tensor([[1, 4, 3, 2, 9], [5, 5, 6, 0, 0]])
tgt = torch.tensor([[1, 2, 3, 6], [4, 5, 1, 6]])
enc_opt = torch.optim.Adam(encoder.parameters(), lr=0.01)
dec_opt = torch.optim.Adam(decoder.parameters(), lr=0.01)
criterion = nn.NLLLoss()
for epoch in range(5):
    enc_opt.zero_grad()
    dec_opt.zero_grad()
    encoder_outputs, encoder_hidden = encoder(src)
    decoder_outputs, _, attn = decoder(encoder_outputs, encoder_hidden, tgt)
    loss = criterion(decoder_outputs.view(-1, decoder_outputs.size(-1)), tgt.view(-1))
    loss.backward()
    enc_opt.step()
    dec_opt.step()
    print(f'{epoch} {loss.item():.4f}')
print(attn.shape)
encoder.eval(); decoder.eval()
with torch.no_grad():
    encoder_outputs, encoder_hidden = encoder(src)
    decoder_outputs, decoder_hidden, attn = decoder(encoder_outputs, encoder_hidden)
    _, topi = decoder_outputs.topk(1)
    decoded_ids = topi.squeeze()
print(decoded_ids)
print(attn[0])
result = attn
"""),

    # d2l 11.5: multi-head attention by hand (transpose_qkv / transpose_output around the
    # scaled dot-product attention, valid lengths repeated per head) next to
    # nn.MultiheadAttention given the same projections.
    _case("book_attention_multihead_by_hand_and_module", _MASKED_SOFTMAX + _DOT_ATTENTION + """
torch.manual_seed(0)
class MultiHeadAttention(nn.Module):
    def __init__(self, num_hiddens, num_heads, dropout, bias=False, **kwargs):
        super().__init__()
        self.num_heads = num_heads
        self.attention = DotProductAttention(dropout)
        self.W_q = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_k = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_v = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_o = nn.LazyLinear(num_hiddens, bias=bias)
    def forward(self, queries, keys, values, valid_lens):
        queries = self.transpose_qkv(self.W_q(queries))
        keys = self.transpose_qkv(self.W_k(keys))
        values = self.transpose_qkv(self.W_v(values))
        if valid_lens is not None:
            valid_lens = torch.repeat_interleave(
                valid_lens, repeats=self.num_heads, dim=0)
        output = self.attention(queries, keys, values, valid_lens)
        output_concat = self.transpose_output(output)
        return self.W_o(output_concat)
    def transpose_qkv(self, X):
        X = X.reshape(X.shape[0], X.shape[1], self.num_heads, -1)
        X = X.permute(0, 2, 1, 3)
        return X.reshape(-1, X.shape[2], X.shape[3])
    def transpose_output(self, X):
        X = X.reshape(-1, self.num_heads, X.shape[1], X.shape[2])
        X = X.permute(0, 2, 1, 3)
        return X.reshape(X.shape[0], X.shape[1], -1)
num_hiddens, num_heads = 8, 2
attention = MultiHeadAttention(num_hiddens, num_heads, 0.5)
batch_size, num_queries, num_kvpairs = 2, 4, 6
valid_lens = torch.tensor([3, 2])
X = torch.ones((batch_size, num_queries, num_hiddens))
Y = torch.ones((batch_size, num_kvpairs, num_hiddens))
attention.eval()
print(attention(X, Y, Y, valid_lens).shape)
X = torch.randn(batch_size, num_queries, num_hiddens)
Y = torch.randn(batch_size, num_kvpairs, num_hiddens)
out = attention(X, Y, Y, valid_lens)
print(out[0])
print(attention.attention.attention_weights.shape)
print(attention.attention.attention_weights[1])
mha = nn.MultiheadAttention(num_hiddens, num_heads, batch_first=True, bias=False)
print(mha)
with torch.no_grad():
    mha.in_proj_weight.copy_(torch.cat([attention.W_q.weight, attention.W_k.weight,
                                        attention.W_v.weight]))
    mha.out_proj.weight.copy_(attention.W_o.weight)
key_padding_mask = torch.arange(num_kvpairs)[None, :] >= valid_lens[:, None]
print(key_padding_mask)
out2, w = mha(X, Y, Y, key_padding_mask=key_padding_mask)
print(out2[0])
print(torch.allclose(out, out2, atol=1e-6), w.shape)
print(w[1])
out3, w3 = mha(X, Y, Y, key_padding_mask=key_padding_mask, average_attn_weights=False)
print(w3.shape, torch.allclose(w3[1, 0], attention.attention.attention_weights[2 * 1 + 0]))
out.sum().backward()
print(attention.W_q.weight.grad[:2])
result = torch.cat([out.detach().reshape(-1), out2.detach().reshape(-1)])
"""),
    # d2l 11.6: self-attention with the sinusoidal positional encoding (the table P built
    # with torch.pow and slice assignment P[:, :, 0::2] = sin, dropout in eval mode).
    _case("book_attention_positional_encoding", _MASKED_SOFTMAX + _DOT_ATTENTION + """
class PositionalEncoding(nn.Module):
    def __init__(self, num_hiddens, dropout, max_len=1000):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.P = torch.zeros((1, max_len, num_hiddens))
        X = torch.arange(max_len, dtype=torch.float32).reshape(
            -1, 1) / torch.pow(10000, torch.arange(
            0, num_hiddens, 2, dtype=torch.float32) / num_hiddens)
        self.P[:, :, 0::2] = torch.sin(X)
        self.P[:, :, 1::2] = torch.cos(X)
    def forward(self, X):
        X = X + self.P[:, :X.shape[1], :].to(X.device)
        return self.dropout(X)
encoding_dim, num_steps = 8, 6
pos_encoding = PositionalEncoding(encoding_dim, 0)
X = pos_encoding(torch.zeros((1, num_steps, encoding_dim)))
P = pos_encoding.P[:, :X.shape[1], :]
print(P[0, :, 6:8])
print(P.shape, pos_encoding)
for i in range(8):
    print(f'{i} in binary is {i:>03b}')
print(torch.pow(10000, torch.arange(0, 8, 2, dtype=torch.float32) / 8))
torch.manual_seed(2)
pe = PositionalEncoding(4, 0.5, max_len=10)
Xd = pe(torch.ones(2, 3, 4))
print(Xd)
pe.eval()
print(pe(torch.ones(1, 3, 4)))
num_hiddens, num_heads = 8, 2
torch.manual_seed(3)
W_q = nn.Linear(num_hiddens, num_hiddens, bias=False)
x = pos_encoding(torch.randn(2, 5, num_hiddens))
attn = DotProductAttention(0.0)
print(attn(W_q(x), x, x, torch.tensor([3, 2])).shape)
print(attn.attention_weights[0])
result = P
"""),

    # d2l 11.7: the transformer from scratch: position-wise FFN, AddNorm (LayerNorm vs
    # batch norm), encoder blocks over embeddings scaled by sqrt(d), a decoder block whose
    # state caches the keys and values, and the causal valid lengths of training.
    _case("book_attention_transformer_scratch", _MASKED_SOFTMAX + _DOT_ATTENTION + _MHA + """
torch.manual_seed(0)
class PositionWiseFFN(nn.Module):
    def __init__(self, ffn_num_hiddens, ffn_num_outputs):
        super().__init__()
        self.dense1 = nn.LazyLinear(ffn_num_hiddens)
        self.relu = nn.ReLU()
        self.dense2 = nn.LazyLinear(ffn_num_outputs)
    def forward(self, X):
        return self.dense2(self.relu(self.dense1(X)))
ffn = PositionWiseFFN(4, 8)
ffn.eval()
print(ffn(torch.ones((2, 3, 4)))[0])
ln = nn.LayerNorm(2)
bn = nn.LazyBatchNorm1d()
X = torch.tensor([[1, 2], [2, 3]], dtype=torch.float32)
print('layer norm:', ln(X), '\\nbatch norm:', bn(X))
class AddNorm(nn.Module):
    def __init__(self, norm_shape, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.ln = nn.LayerNorm(norm_shape)
    def forward(self, X, Y):
        return self.ln(self.dropout(Y) + X)
add_norm = AddNorm(4, 0.5)
shape = (2, 3, 4)
print(add_norm(torch.ones(shape), torch.ones(shape)).shape)
print(add_norm(torch.ones(shape), torch.arange(24.).reshape(shape)))
class TransformerEncoderBlock(nn.Module):
    def __init__(self, num_hiddens, ffn_num_hiddens, num_heads, dropout, use_bias=False):
        super().__init__()
        self.attention = MultiHeadAttention(num_hiddens, num_heads, dropout, use_bias)
        self.addnorm1 = AddNorm(num_hiddens, dropout)
        self.ffn = PositionWiseFFN(ffn_num_hiddens, num_hiddens)
        self.addnorm2 = AddNorm(num_hiddens, dropout)
    def forward(self, X, valid_lens):
        Y = self.addnorm1(X, self.attention(X, X, X, valid_lens))
        return self.addnorm2(Y, self.ffn(Y))
X = torch.ones((2, 5, 8))
valid_lens = torch.tensor([3, 2])
encoder_blk = TransformerEncoderBlock(8, 16, 2, 0.5)
encoder_blk.eval()
print(encoder_blk(X, valid_lens).shape)
class TransformerEncoder(nn.Module):
    def __init__(self, vocab_size, num_hiddens, ffn_num_hiddens, num_heads, num_blks,
                 dropout, use_bias=False):
        super().__init__()
        self.num_hiddens = num_hiddens
        self.embedding = nn.Embedding(vocab_size, num_hiddens)
        self.pos_encoding = PositionalEncoding(num_hiddens, dropout)
        self.blks = nn.Sequential()
        for i in range(num_blks):
            self.blks.add_module("block"+str(i), TransformerEncoderBlock(
                num_hiddens, ffn_num_hiddens, num_heads, dropout, use_bias))
    def forward(self, X, valid_lens):
        X = self.pos_encoding(self.embedding(X) * math.sqrt(self.num_hiddens))
        self.attention_weights = [None] * len(self.blks)
        for i, blk in enumerate(self.blks):
            X = blk(X, valid_lens)
            self.attention_weights[
                i] = blk.attention.attention.attention_weights
        return X
encoder = TransformerEncoder(20, 8, 16, 2, 2, 0.5)
encoder.eval()
tokens = torch.tensor([[1, 5, 7, 3, 0], [2, 9, 4, 0, 0]])
enc_out = encoder(tokens, valid_lens)
print(enc_out.shape)
print(enc_out[1, :2])
print(encoder.attention_weights[1].shape, encoder.attention_weights[1][2])
class TransformerDecoderBlock(nn.Module):
    def __init__(self, num_hiddens, ffn_num_hiddens, num_heads, dropout, i):
        super().__init__()
        self.i = i
        self.attention1 = MultiHeadAttention(num_hiddens, num_heads, dropout)
        self.addnorm1 = AddNorm(num_hiddens, dropout)
        self.attention2 = MultiHeadAttention(num_hiddens, num_heads, dropout)
        self.addnorm2 = AddNorm(num_hiddens, dropout)
        self.ffn = PositionWiseFFN(ffn_num_hiddens, num_hiddens)
        self.addnorm3 = AddNorm(num_hiddens, dropout)
    def forward(self, X, state):
        enc_outputs, enc_valid_lens = state[0], state[1]
        if state[2][self.i] is None:
            key_values = X
        else:
            key_values = torch.cat((state[2][self.i], X), dim=1)
        state[2][self.i] = key_values
        if self.training:
            batch_size, num_steps, _ = X.shape
            dec_valid_lens = torch.arange(
                1, num_steps + 1, device=X.device).repeat(batch_size, 1)
        else:
            dec_valid_lens = None
        X2 = self.attention1(X, key_values, key_values, dec_valid_lens)
        Y = self.addnorm1(X, X2)
        Y2 = self.attention2(Y, enc_outputs, enc_outputs, enc_valid_lens)
        Z = self.addnorm2(Y, Y2)
        return self.addnorm3(Z, self.ffn(Z)), state
decoder_blk = TransformerDecoderBlock(8, 16, 2, 0.5, 0)
X = torch.ones((2, 5, 8))
state = [encoder_blk(X, valid_lens), valid_lens, [None]]
out, state = decoder_blk(X, state)
print(out.shape, state[2][0].shape)
print(decoder_blk.attention1.attention.attention_weights[0])
decoder_blk.eval()
state = [enc_out, valid_lens, [None]]
Xs = torch.randn(2, 1, 8)
for t in range(3):
    Y, state = decoder_blk(Xs, state)
    Xs = Y
print(state[2][0].shape, Y[:, 0])
result = Y
"""),
    # d2l 11.7 / pytorch.org: nn.Transformer, a small one: square subsequent mask, padding
    # masks, one training step, greedy decoding with the mask regenerated per step.
    _case("book_attention_nn_transformer_seq2seq", """
torch.manual_seed(0)
model = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
                       dim_feedforward=16, dropout=0.1, batch_first=True)
print(model.encoder.layers[0])
print(sum(p.numel() for p in model.parameters()))
mask = nn.Transformer.generate_square_subsequent_mask(4)
print(mask)
print(torch.triu(torch.ones(4, 4) * float('-inf'), diagonal=1))
emb = nn.Embedding(10, 8)
gen = nn.Linear(8, 10)
src = torch.tensor([[1, 4, 3, 2, 0], [5, 5, 6, 2, 0]])
tgt = torch.tensor([[7, 1, 4, 3], [7, 5, 6, 2]])
src_pad = src == 0
print(src_pad)
params = list(model.parameters()) + list(emb.parameters()) + list(gen.parameters())
opt = torch.optim.Adam(params, lr=0.01, betas=(0.9, 0.98), eps=1e-9)
loss_fn = nn.CrossEntropyLoss(ignore_index=0)
for step in range(3):
    model.train()
    tgt_in, tgt_out = tgt[:, :-1], tgt[:, 1:]
    tgt_mask = model.generate_square_subsequent_mask(tgt_in.size(1))
    out = model(emb(src), emb(tgt_in), tgt_mask=tgt_mask, src_key_padding_mask=src_pad,
                memory_key_padding_mask=src_pad)
    logits = gen(out)
    loss = loss_fn(logits.reshape(-1, 10), tgt_out.reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f'{loss.item():.4f}', logits.shape)
model.eval()
with torch.no_grad():
    memory = model.encoder(emb(src), src_key_padding_mask=src_pad)
    ys = torch.full((2, 1), 7, dtype=torch.long)
    for i in range(3):
        tgt_mask = nn.Transformer.generate_square_subsequent_mask(ys.size(1))
        out = model.decoder(emb(ys), memory, tgt_mask=tgt_mask,
                            memory_key_padding_mask=src_pad)
        prob = gen(out[:, -1])
        next_word = torch.argmax(prob, dim=1)
        ys = torch.cat([ys, next_word.unsqueeze(1)], dim=1)
print(ys)
print(memory[0, :2])
result = memory
"""),
    # pytorch.org, "Language modeling with nn.Transformer": the model with a registered
    # positional-encoding buffer, batchify / get_batch, uniform_ init, one epoch of SGD
    # with clip_grad_norm_(0.5) and StepLR, then evaluation with perplexity.
    _case("book_attention_tutorial_transformer_lm", """
from torch.nn import TransformerEncoder, TransformerEncoderLayer
torch.manual_seed(0)
class PositionalEncoding(nn.Module):
    def __init__(self, d_model: int, dropout: float = 0.1, max_len: int = 5000):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * div_term)
        pe[:, 0, 1::2] = torch.cos(position * div_term)
        self.register_buffer('pe', pe)
    def forward(self, x):
        x = x + self.pe[:x.size(0)]
        return self.dropout(x)
class TransformerModel(nn.Module):
    def __init__(self, ntoken, d_model, nhead, d_hid, nlayers, dropout=0.5):
        super().__init__()
        self.model_type = 'Transformer'
        self.pos_encoder = PositionalEncoding(d_model, dropout, max_len=50)
        encoder_layers = TransformerEncoderLayer(d_model, nhead, d_hid, dropout)
        self.transformer_encoder = TransformerEncoder(encoder_layers, nlayers,
                                                      enable_nested_tensor=False)
        self.embedding = nn.Embedding(ntoken, d_model)
        self.d_model = d_model
        self.linear = nn.Linear(d_model, ntoken)
        self.init_weights()
    def init_weights(self):
        initrange = 0.1
        self.embedding.weight.data.uniform_(-initrange, initrange)
        self.linear.bias.data.zero_()
        self.linear.weight.data.uniform_(-initrange, initrange)
    def forward(self, src, src_mask=None):
        src = self.embedding(src) * math.sqrt(self.d_model)
        src = self.pos_encoder(src)
        if src_mask is None:
            src_mask = nn.Transformer.generate_square_subsequent_mask(len(src))
        output = self.transformer_encoder(src, src_mask)
        output = self.linear(output)
        return output
def batchify(data, bsz):
    seq_len = data.size(0) // bsz
    data = data[:seq_len * bsz]
    data = data.view(bsz, seq_len).t().contiguous()
    return data
words = ('the time traveller for so it will be convenient to speak of him was expounding '
         'a recondite matter to us his grey eyes shone and twinkled').split()
vocab = {w: i for i, w in enumerate(sorted(set(words)))}
data = torch.tensor([vocab[w] for w in words * 3], dtype=torch.long)
train_data = batchify(data, 4)
print(train_data.shape, train_data[:3])
bptt = 5
def get_batch(source, i):
    seq_len = min(bptt, len(source) - 1 - i)
    data = source[i:i+seq_len]
    target = source[i+1:i+1+seq_len].reshape(-1)
    return data, target
ntokens = len(vocab)
model = TransformerModel(ntokens, 8, 2, 16, 2, 0.2)
print(model.pos_encoder.pe.shape, [n for n, _ in model.named_buffers()])
model.eval()
with torch.no_grad():
    untrained = model(train_data[:bptt])
print(untrained[0, :2])
criterion = nn.CrossEntropyLoss()
lr = 5.0
optimizer = torch.optim.SGD(model.parameters(), lr=lr)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1.0, gamma=0.95)
for epoch in range(2):
    model.train()
    total_loss = 0.
    for batch, i in enumerate(range(0, train_data.size(0) - 1, bptt)):
        data, targets = get_batch(train_data, i)
        output = model(data)
        output_flat = output.view(-1, ntokens)
        loss = criterion(output_flat, targets)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
        optimizer.step()
        total_loss += loss.item()
    print(f'| epoch {epoch:3d} | lr {scheduler.get_last_lr()[0]:02.2f} | '
          f'loss {total_loss / (batch + 1):5.2f} | ppl {math.exp(total_loss / (batch + 1)):8.2f}')
    scheduler.step()
model.eval()
total_loss = 0.
with torch.no_grad():
    for i in range(0, train_data.size(0) - 1, bptt):
        data, targets = get_batch(train_data, i)
        seq_len = data.size(0)
        output = model(data)
        output_flat = output.view(-1, ntokens)
        total_loss += seq_len * criterion(output_flat, targets).item()
val_loss = total_loss / (len(train_data) - 1)
print(f'valid loss {val_loss:5.2f} | valid ppl {math.exp(val_loss):8.2f}')
result = untrained
"""),
    # Beam search over a toy decoder: topk over log-probabilities, gather, index_select of
    # the surviving beams, masked_fill of finished ones, repeat_interleave of the batch.
    _case("book_attention_beam_search_topk_gather", """
torch.manual_seed(0)
V, beam, batch = 6, 3, 2
W = torch.randn(V, V)
def step_logprobs(tokens):
    return F.log_softmax(W[tokens], dim=-1)
start = torch.tensor([0, 2])
tokens = start.repeat_interleave(beam)
print(tokens)
scores = torch.zeros(batch, beam)
scores[:, 1:] = float('-inf')
scores = scores.reshape(-1)
history = tokens.unsqueeze(1)
eos = 5
finished = torch.zeros(batch * beam, dtype=torch.bool)
for t in range(3):
    lp = step_logprobs(history[:, -1])
    lp = lp.masked_fill(finished.unsqueeze(1), float('-inf'))
    lp[:, eos] = torch.where(finished, torch.zeros(()), lp[:, eos])
    cand = (scores.unsqueeze(1) + lp).reshape(batch, beam * V)
    top_scores, top_idx = cand.topk(beam, dim=1)
    beam_idx, tok_idx = top_idx // V, top_idx % V
    src_rows = (beam_idx + torch.arange(batch).unsqueeze(1) * beam).reshape(-1)
    history = torch.cat([history.index_select(0, src_rows), tok_idx.reshape(-1, 1)], 1)
    scores = top_scores.reshape(-1)
    finished = finished[src_rows] | (tok_idx.reshape(-1) == eos)
    print(t, top_scores, tok_idx, finished)
print(history.reshape(batch, beam, -1))
best = scores.reshape(batch, beam).argmax(1)
print(best, history.reshape(batch, beam, -1)[torch.arange(batch), best])
lp = step_logprobs(history[:, -1])
chosen = lp.gather(1, history[:, -1:])
print(chosen.squeeze(1))
vals, idx = torch.topk(lp, 2, dim=1, largest=False, sorted=True)
print(vals[:2], idx[:2])
probs = lp.exp()
sampled = torch.multinomial(probs, 1)
print(sampled.squeeze(1), torch.gather(probs, 1, sampled).squeeze(1))
print(torch.sort(probs[0], descending=True))
result = scores
"""),

    # Batching variable-length sentences: pad_sequence (both sides, batch first), the
    # PackedSequence of embedded tokens as users print it, unsorted packing, a GRU over it,
    # pad_packed_sequence with total_length, unpad/unpack, and copy_'s shape errors.
    _case("book_rnn_batching_utilities", """
from torch.nn.utils.rnn import (pad_sequence, pack_padded_sequence, pad_packed_sequence,
                                pack_sequence, unpack_sequence, unpad_sequence)
torch.manual_seed(0)
seqs = [torch.tensor([4, 2, 7]), torch.tensor([5]), torch.tensor([1, 3])]
print(pad_sequence(seqs, batch_first=True, padding_value=-1))
print(pad_sequence(seqs, batch_first=True, padding_side='left'))
print(pad_sequence([torch.ones(2), torch.full((3,), 2.5, dtype=torch.float64)]))
lengths = torch.tensor([len(s) for s in seqs])
emb = nn.Embedding(8, 3)
x = emb(pad_sequence(seqs, batch_first=True))
packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
print(packed)
gru = nn.GRU(3, 2, batch_first=True)
out, h = gru(packed)
print(type(out.data.grad_fn).__name__, h)
padded, lens = pad_packed_sequence(out, batch_first=True, total_length=4)
print(padded, lens)
print(padded.is_contiguous(), padded.stride())
tm, _ = pad_packed_sequence(out)
print(type(tm.grad_fn).__name__, tm.shape)
sorted_pack = pack_sequence([torch.arange(3.), torch.arange(2.)])
print(sorted_pack.data, pad_packed_sequence(sorted_pack, batch_first=True)[0].stride())
print(unpack_sequence(packed))
padded_tm = pad_sequence(seqs)
pieces = unpad_sequence(padded_tm, lengths)
print(pieces, padded_tm.shape)
out_bf, h_bf = gru(x)
print(out_bf)
out_bf.relu_()
out_bf.sum().backward()
print(gru.weight_hh_l0.grad)
for bad in ([torch.ones(2, 2), torch.ones(3)], [torch.ones(2, 3), torch.ones(1, 2)]):
    try:
        pad_sequence(bad)
    except RuntimeError as e:
        print(e)
try:
    torch.zeros(2, 3).copy_(torch.ones(4, 3))
except RuntimeError as e:
    print(e)
result = padded
"""),
    # d2l 9.1: autoregressive models on a noisy sine: lagged features, an MLP trained on
    # the first 600 points, then one-step and multi-step-ahead predictions.
    _case("book_rnn_sequence_autoregression", """
torch.manual_seed(0)
T = 200
time = torch.arange(1, T + 1, dtype=torch.float32)
x = torch.sin(0.01 * time * 3) + torch.randn(T) * 0.2
tau = 4
features = torch.zeros((T - tau, tau))
for i in range(tau):
    features[:, i] = x[i: T - tau + i]
labels = x[tau:].reshape((-1, 1))
print(features[:2], labels[:2])
n_train = 120
train = torch.utils.data.TensorDataset(features[:n_train], labels[:n_train])
loader = torch.utils.data.DataLoader(train, batch_size=16, shuffle=True)
net = nn.Sequential(nn.Linear(4, 10), nn.ReLU(), nn.Linear(10, 1))
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.xavier_uniform_(m.weight)
net.apply(init_weights)
loss = nn.MSELoss(reduction='none')
trainer = torch.optim.Adam(net.parameters(), 0.01)
for epoch in range(3):
    for X, y in loader:
        trainer.zero_grad()
        l = loss(net(X), y)
        l.sum().backward()
        trainer.step()
    with torch.no_grad():
        print(f'epoch {epoch + 1}, loss: {loss(net(features), labels).mean().item():.4f}')
onestep_preds = net(features)
multistep_preds = torch.zeros(T)
multistep_preds[: n_train + tau] = x[: n_train + tau]
for i in range(n_train + tau, T):
    multistep_preds[i] = net(multistep_preds[i - tau:i].reshape((1, -1)))
print(onestep_preds[-3:].squeeze(), multistep_preds[-3:])
max_steps = 8
feats = torch.zeros((T - tau - max_steps + 1, tau + max_steps))
for i in range(tau):
    feats[:, i] = x[i: i + T - tau - max_steps + 1]
for i in range(tau, tau + max_steps):
    feats[:, i] = net(feats[:, i - tau:i]).reshape(-1)
print(feats.shape, feats[0, -3:])
result = feats.detach()[:5]
"""),
    # d2l 10.3-10.4: a deep RNN and a bidirectional RNN from scratch (the backward RNN runs
    # over reversed(inputs)), against nn.RNN with the same weights.
    _case("book_rnn_deep_and_bidirectional_scratch", _RNN_SCRATCH + """
torch.manual_seed(1)
class StackedRNNScratch(nn.Module):
    def __init__(self, num_inputs, num_hiddens, num_layers, sigma=0.01):
        super().__init__()
        self.num_hiddens, self.num_layers = num_hiddens, num_layers
        self.rnns = nn.Sequential(*[RNNScratch(
            num_inputs if i==0 else num_hiddens, num_hiddens, sigma)
                                    for i in range(num_layers)])
    def forward(self, inputs, Hs=None):
        outputs = inputs
        if Hs is None: Hs = [None] * self.num_layers
        for i in range(self.num_layers):
            outputs, Hs[i] = self.rnns[i](outputs, Hs[i])
            outputs = torch.stack(outputs, 0)
        return outputs, Hs
class BiRNNScratch(nn.Module):
    def __init__(self, num_inputs, num_hiddens, sigma=0.01):
        super().__init__()
        self.num_hiddens = num_hiddens
        self.f_rnn = RNNScratch(num_inputs, num_hiddens, sigma)
        self.b_rnn = RNNScratch(num_inputs, num_hiddens, sigma)
        self.num_hiddens *= 2
    def forward(self, inputs, Hs=None):
        f_H, b_H = Hs if Hs is not None else (None, None)
        f_outputs, f_H = self.f_rnn(inputs, f_H)
        b_outputs, b_H = self.b_rnn(reversed(inputs), b_H)
        outputs = [torch.cat((f, b), -1) for f, b in zip(
            f_outputs, reversed(b_outputs))]
        return outputs, (f_H, b_H)
X = torch.randn(4, 2, 3)
deep = StackedRNNScratch(3, 5, 2, sigma=0.5)
out, Hs = deep(X)
print(out.shape, [h.shape for h in Hs])
ref = nn.RNN(3, 5, num_layers=2, bias=False)
with torch.no_grad():
    ref.weight_ih_l0.copy_(deep.rnns[0].W_xh.T)
    ref.weight_hh_l0.copy_(deep.rnns[0].W_hh.T)
    ref.weight_ih_l1.copy_(deep.rnns[1].W_xh.T)
    ref.weight_hh_l1.copy_(deep.rnns[1].W_hh.T)
out_ref, h_ref = ref(X)
print(torch.allclose(out, out_ref, atol=1e-6), torch.allclose(torch.stack(Hs), h_ref, atol=1e-6))
bi = BiRNNScratch(3, 4, sigma=0.5)
outs, (f_H, b_H) = bi(X)
print(len(outs), outs[0].shape, bi.num_hiddens)
print(outs[0], b_H)
print(reversed(X)[0].equal(X[-1]), type(reversed(X)).__name__, reversed(torch.tensor(2.)))
print(reversed(torch.arange(3.).requires_grad_()))
torch.stack(outs).sum().backward()
print(bi.b_rnn.W_hh.grad)
result = torch.stack(outs).detach()
"""),
    # pytorch/examples "time sequence prediction": two LSTMCells over sine waves in double
    # precision, trained with LBFGS and a closure, then predicting the future.
    _case("book_rnn_lstm_cell_lbfgs_sine", """
torch.manual_seed(0)
T, L, N = 20, 60, 6
x = torch.empty(N, L, dtype=torch.long)
x[:] = torch.arange(L).unsqueeze(0) + torch.randint(-4 * T, 4 * T, (N, 1))
data = torch.sin(x.double() / T)
print(data.shape, data[0, :4])
class Sequence(nn.Module):
    def __init__(self):
        super(Sequence, self).__init__()
        self.lstm1 = nn.LSTMCell(1, 8)
        self.lstm2 = nn.LSTMCell(8, 8)
        self.linear = nn.Linear(8, 1)
    def forward(self, input, future = 0):
        outputs = []
        h_t = torch.zeros(input.size(0), 8, dtype=torch.double)
        c_t = torch.zeros(input.size(0), 8, dtype=torch.double)
        h_t2 = torch.zeros(input.size(0), 8, dtype=torch.double)
        c_t2 = torch.zeros(input.size(0), 8, dtype=torch.double)
        for input_t in input.split(1, dim=1):
            h_t, c_t = self.lstm1(input_t, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        for i in range(future):
            h_t, c_t = self.lstm1(output, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        outputs = torch.cat(outputs, dim=1)
        return outputs
input = data[3:, :-1]
target = data[3:, 1:]
test_input = data[:3, :-1]
test_target = data[:3, 1:]
seq = Sequence()
seq.double()
print(seq)
criterion = nn.MSELoss()
optimizer = torch.optim.LBFGS(seq.parameters(), lr=0.8, max_iter=4)
for i in range(2):
    def closure():
        optimizer.zero_grad()
        out = seq(input)
        loss = criterion(out, target)
        print('loss:', f'{loss.item():.6f}')
        loss.backward()
        return loss
    optimizer.step(closure)
    with torch.no_grad():
        future = 5
        pred = seq(test_input, future=future)
        loss = criterion(pred[:, :-future], test_target)
        print('test loss:', f'{loss.item():.6f}')
        y = pred.detach().numpy()
print(y.shape, y[0, -3:].round(4))
result = pred
"""),
    # nn.MultiheadAttention and scaled_dot_product_attention in training mode: the
    # dropout masks on the attention weights come from the seeded generator.
    _case("book_attention_dropout_in_training", """
torch.manual_seed(0)
mha = nn.MultiheadAttention(4, 2, dropout=0.5, batch_first=True)
x = torch.randn(1, 3, 4)
out, w = mha(x, x, x)
print(w)
print(out)
out, w = mha(x, x, x, average_attn_weights=False)
print(w)
q = torch.randn(1, 2, 3, 4)
print(F.scaled_dot_product_attention(q, q, q, dropout_p=0.3))
print(F.scaled_dot_product_attention(q, q, q, dropout_p=0.3, is_causal=True))
layer = nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, dropout=0.2, batch_first=True)
print(layer(x))
layer.eval()
print(layer(x))
result = out
"""),

    # d2l 11.8: the vision transformer: patch embedding by a LazyConv2d, a learned [cls]
    # token expanded over the batch, learned position embeddings (randn * 0.02), pre-norm
    # blocks of nn.MultiheadAttention and a GELU MLP, the head on the [cls] output.
    _case("book_attention_vision_transformer", """
torch.manual_seed(0)
class PatchEmbedding(nn.Module):
    def __init__(self, img_size=8, patch_size=4, num_hiddens=8):
        super().__init__()
        def _make_tuple(x):
            if not isinstance(x, (list, tuple)):
                return (x, x)
            return x
        img_size, patch_size = _make_tuple(img_size), _make_tuple(patch_size)
        self.num_patches = (img_size[0] // patch_size[0]) * (img_size[1] // patch_size[1])
        self.conv = nn.LazyConv2d(num_hiddens, kernel_size=patch_size, stride=patch_size)
    def forward(self, X):
        return self.conv(X).flatten(2).transpose(1, 2)
class ViTMLP(nn.Module):
    def __init__(self, mlp_num_hiddens, mlp_num_outputs, dropout=0.5):
        super().__init__()
        self.dense1 = nn.LazyLinear(mlp_num_hiddens)
        self.gelu = nn.GELU()
        self.dropout1 = nn.Dropout(dropout)
        self.dense2 = nn.LazyLinear(mlp_num_outputs)
        self.dropout2 = nn.Dropout(dropout)
    def forward(self, x):
        return self.dropout2(self.dense2(self.dropout1(self.gelu(self.dense1(x)))))
class ViTBlock(nn.Module):
    def __init__(self, num_hiddens, norm_shape, mlp_num_hiddens, num_heads, dropout,
                 use_bias=False):
        super().__init__()
        self.ln1 = nn.LayerNorm(norm_shape)
        self.attention = nn.MultiheadAttention(num_hiddens, num_heads, dropout,
                                               bias=use_bias, batch_first=True)
        self.ln2 = nn.LayerNorm(norm_shape)
        self.mlp = ViTMLP(mlp_num_hiddens, num_hiddens, dropout)
    def forward(self, X, valid_lens=None):
        Y = self.ln1(X)
        X = X + self.attention(Y, Y, Y, need_weights=False)[0]
        return X + self.mlp(self.ln2(X))
class ViT(nn.Module):
    def __init__(self, img_size, patch_size, num_hiddens, mlp_num_hiddens, num_heads,
                 num_blks, emb_dropout, blk_dropout, use_bias=False, num_classes=3):
        super().__init__()
        self.patch_embedding = PatchEmbedding(img_size, patch_size, num_hiddens)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, num_hiddens))
        num_steps = self.patch_embedding.num_patches + 1
        self.pos_embedding = nn.Parameter(torch.randn(1, num_steps, num_hiddens) * 0.02)
        self.dropout = nn.Dropout(emb_dropout)
        self.blks = nn.Sequential()
        for i in range(num_blks):
            self.blks.add_module(f"{i}", ViTBlock(
                num_hiddens, num_hiddens, mlp_num_hiddens, num_heads, blk_dropout, use_bias))
        self.head = nn.Sequential(nn.LayerNorm(num_hiddens), nn.Linear(num_hiddens, num_classes))
    def forward(self, X):
        X = self.patch_embedding(X)
        X = torch.cat((self.cls_token.expand(X.shape[0], -1, -1), X), 1)
        X = self.dropout(X + self.pos_embedding)
        for blk in self.blks:
            X = blk(X)
        return self.head(X[:, 0])
X = torch.randn(2, 1, 8, 8)
patch_emb = PatchEmbedding(8, 4, 8)
print(patch_emb(X).shape, patch_emb.num_patches)
blk = ViTBlock(8, 8, 16, 2, 0.5)
blk.eval()
print(blk(torch.ones(2, 5, 8)).shape)
model = ViT(8, 4, 8, 16, 2, 2, 0.1, 0.1)
y = torch.tensor([0, 2])
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(3):
    loss = F.cross_entropy(model(X), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f'{loss.item():.4f}')
print(model.cls_token.grad.shape, model.cls_token.grad.abs().sum() > 0)
model.eval()
with torch.no_grad():
    logits = model(X)
print(logits, logits.argmax(1))
print(model.blks[0].attention)
result = logits
"""),
    # d2l 15.8-15.9: BERT's input representation (token + segment + learned positions),
    # the masked-language-model head gathering predicted positions with repeat_interleave,
    # and the next-sentence head on the [cls] output.
    _case("book_attention_bert_pretraining_heads", """
torch.manual_seed(0)
def get_tokens_and_segments(tokens_a, tokens_b=None):
    tokens = ['<cls>'] + tokens_a + ['<sep>']
    segments = [0] * (len(tokens_a) + 2)
    if tokens_b is not None:
        tokens += tokens_b + ['<sep>']
        segments += [1] * (len(tokens_b) + 1)
    return tokens, segments
print(get_tokens_and_segments(['a', 'dog'], ['it', 'ran']))
class BERTEncoder(nn.Module):
    def __init__(self, vocab_size, num_hiddens, ffn_num_hiddens, num_heads, num_blks,
                 dropout, max_len=1000):
        super(BERTEncoder, self).__init__()
        self.token_embedding = nn.Embedding(vocab_size, num_hiddens)
        self.segment_embedding = nn.Embedding(2, num_hiddens)
        self.blks = nn.Sequential()
        for i in range(num_blks):
            self.blks.add_module(f"{i}", nn.TransformerEncoderLayer(
                num_hiddens, num_heads, ffn_num_hiddens, dropout, batch_first=True))
        self.pos_embedding = nn.Parameter(torch.randn(1, max_len, num_hiddens))
    def forward(self, tokens, segments, valid_lens):
        X = self.token_embedding(tokens) + self.segment_embedding(segments)
        X = X + self.pos_embedding[:, :X.shape[1], :]
        pad = torch.arange(X.shape[1])[None, :] >= valid_lens[:, None]
        for blk in self.blks:
            X = blk(X, src_key_padding_mask=pad)
        return X
class MaskLM(nn.Module):
    def __init__(self, vocab_size, num_hiddens, **kwargs):
        super(MaskLM, self).__init__(**kwargs)
        self.mlp = nn.Sequential(nn.LazyLinear(num_hiddens), nn.ReLU(),
                                 nn.LayerNorm(num_hiddens), nn.LazyLinear(vocab_size))
    def forward(self, X, pred_positions):
        num_pred_positions = pred_positions.shape[1]
        pred_positions = pred_positions.reshape(-1)
        batch_size = X.shape[0]
        batch_idx = torch.arange(0, batch_size)
        batch_idx = torch.repeat_interleave(batch_idx, num_pred_positions)
        masked_X = X[batch_idx, pred_positions]
        masked_X = masked_X.reshape((batch_size, num_pred_positions, -1))
        mlm_Y_hat = self.mlp(masked_X)
        return mlm_Y_hat
class NextSentencePred(nn.Module):
    def __init__(self, **kwargs):
        super(NextSentencePred, self).__init__(**kwargs)
        self.output = nn.LazyLinear(2)
    def forward(self, X):
        return self.output(X)
vocab_size, num_hiddens, ffn_num_hiddens, num_heads = 20, 8, 16, 2
encoder = BERTEncoder(vocab_size, num_hiddens, ffn_num_hiddens, num_heads, 2, 0.2,
                      max_len=16)
tokens = torch.randint(0, vocab_size, (2, 8))
segments = torch.tensor([[0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 0, 1, 1, 1, 1, 1]])
valid_lens = torch.tensor([8, 6])
encoded_X = encoder(tokens, segments, valid_lens)
print(tokens, encoded_X.shape)
mlm = MaskLM(vocab_size, num_hiddens)
mlm_positions = torch.tensor([[1, 5, 2], [6, 1, 5]])
mlm_Y_hat = mlm(encoded_X, mlm_positions)
print(mlm_Y_hat.shape)
mlm_Y = torch.tensor([[7, 8, 9], [10, 11, 12]])
loss = nn.CrossEntropyLoss(reduction='none')
mlm_l = loss(mlm_Y_hat.reshape((-1, vocab_size)), mlm_Y.reshape(-1))
print(mlm_l.shape)
nsp = NextSentencePred()
nsp_Y_hat = nsp(torch.flatten(encoded_X[:, 0, :], start_dim=1))
nsp_l = loss(nsp_Y_hat, torch.tensor([0, 1]))
print(nsp_Y_hat.shape, nsp_l.shape)
total = mlm_l.mean() + nsp_l.mean()
total.backward()
print(f'{total.item():.4f}', encoder.pos_embedding.grad[0, 6:9].abs().sum(dim=1))
print(encoder.segment_embedding.weight.grad.shape,
      encoder.token_embedding.weight.grad.abs().sum() > 0)
encoder.eval()
with torch.no_grad():
    out = encoder(tokens, segments, valid_lens)
print(out[1, :2])
result = out
"""),
    # d2l 16.2-16.3: sentiment analysis with a bidirectional LSTM over frozen pretrained
    # embeddings (copied into .weight.data) and with a textCNN (Conv1d, max-over-time
    # pooling by AdaptiveMaxPool1d), trained a few steps.
    _case("book_rnn_sentiment_birnn_textcnn", """
torch.manual_seed(0)
vocab_size, embed_size, num_hiddens = 12, 6, 4
pretrained = torch.randn(vocab_size, embed_size)
class BiRNN(nn.Module):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, **kwargs):
        super(BiRNN, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.encoder = nn.LSTM(embed_size, num_hiddens, num_layers=num_layers,
                                bidirectional=True)
        self.decoder = nn.Linear(4 * num_hiddens, 2)
    def forward(self, inputs):
        embeddings = self.embedding(inputs.T)
        self.encoder.flatten_parameters()
        outputs, _ = self.encoder(embeddings)
        encoding = torch.cat((outputs[0], outputs[-1]), dim=1)
        outs = self.decoder(encoding)
        return outs
net = BiRNN(vocab_size, embed_size, num_hiddens, 2)
def init_weights(module):
    if type(module) == nn.Linear:
        nn.init.xavier_uniform_(module.weight)
    if type(module) == nn.LSTM:
        for param in module._flat_weights_names:
            if "weight" in param:
                nn.init.xavier_uniform_(module._parameters[param])
net.apply(init_weights)
net.embedding.weight.data.copy_(pretrained)
net.embedding.weight.requires_grad = False
print(net)
X = torch.randint(0, vocab_size, (4, 7))
y = torch.tensor([0, 1, 1, 0])
trainer = torch.optim.Adam(filter(lambda p: p.requires_grad, net.parameters()), lr=0.01)
loss = nn.CrossEntropyLoss(reduction="none")
for epoch in range(4):
    l = loss(net(X), y)
    trainer.zero_grad()
    l.sum().backward()
    trainer.step()
    print(epoch, f'{l.sum().item():.4f}')
print(net.embedding.weight.grad, net(X).argmax(dim=1))
class TextCNN(nn.Module):
    def __init__(self, vocab_size, embed_size, kernel_sizes, num_channels, **kwargs):
        super(TextCNN, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.constant_embedding = nn.Embedding(vocab_size, embed_size)
        self.dropout = nn.Dropout(0.5)
        self.decoder = nn.Linear(sum(num_channels), 2)
        self.pool = nn.AdaptiveAvgPool1d(1)
        self.relu = nn.ReLU()
        self.convs = nn.ModuleList()
        for c, k in zip(num_channels, kernel_sizes):
            self.convs.append(nn.Conv1d(2 * embed_size, c, k))
    def forward(self, inputs):
        embeddings = torch.cat((
            self.embedding(inputs), self.constant_embedding(inputs)), dim=2)
        embeddings = embeddings.permute(0, 2, 1)
        encoding = torch.cat([
            torch.squeeze(self.relu(self.pool(conv(embeddings))), dim=-1)
            for conv in self.convs], dim=1)
        outputs = self.decoder(self.dropout(encoding))
        return outputs
tcnn = TextCNN(vocab_size, embed_size, [2, 3], [3, 4])
def init_weights(m):
    if type(m) in (nn.Linear, nn.Conv1d):
        nn.init.xavier_uniform_(m.weight)
tcnn.apply(init_weights)
tcnn.embedding.weight.data.copy_(pretrained)
tcnn.constant_embedding.weight.data.copy_(pretrained)
tcnn.constant_embedding.weight.requires_grad = False
trainer = torch.optim.Adam(tcnn.parameters(), lr=0.01)
for epoch in range(3):
    l = loss(tcnn(X), y)
    trainer.zero_grad()
    l.sum().backward()
    trainer.step()
    print(epoch, f'{l.sum().item():.4f}')
tcnn.eval()
print(tcnn(X), F.max_pool1d(torch.arange(10.).reshape(1, 2, 5), kernel_size=5))
result = tcnn(X)
"""),
    # d2l 15.1-15.4: word2vec (skip-gram with negative sampling): embeddings of centers and
    # contexts multiplied by bmm, the masked binary cross-entropy with logits, training,
    # then nearest words by cosine similarity with topk.
    _case("book_rnn_word2vec_skipgram", """
torch.manual_seed(0)
embed = nn.Embedding(num_embeddings=20, embedding_dim=4)
print(f'Parameter embedding_weight ({embed.weight.shape}, dtype={embed.weight.dtype})')
x = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(embed(x).shape)
def skip_gram(center, contexts_and_negatives, embed_v, embed_u):
    v = embed_v(center)
    u = embed_u(contexts_and_negatives)
    pred = torch.bmm(v, u.permute(0, 2, 1))
    return pred
print(skip_gram(torch.ones((2, 1), dtype=torch.long),
                torch.ones((2, 4), dtype=torch.long), embed, embed).shape)
class SigmoidBCELoss(nn.Module):
    def __init__(self):
        super().__init__()
    def forward(self, inputs, target, mask=None):
        out = nn.functional.binary_cross_entropy_with_logits(
            inputs, target, weight=mask, reduction="none")
        return out.mean(dim=1)
loss = SigmoidBCELoss()
pred = torch.tensor([[1.1, -2.2, 3.3, -4.4]] * 2)
label = torch.tensor([[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]])
mask = torch.tensor([[1, 1, 1, 1], [1, 1, 0, 0]])
print(loss(pred, label, mask) * mask.shape[1] / mask.sum(axis=1))
vocab_size, embed_size = 10, 6
net = nn.Sequential(nn.Embedding(num_embeddings=vocab_size, embedding_dim=embed_size),
                    nn.Embedding(num_embeddings=vocab_size, embedding_dim=embed_size))
def init_weights(module):
    if type(module) == nn.Embedding:
        nn.init.xavier_uniform_(module.weight)
net.apply(init_weights)
center = torch.randint(0, vocab_size, (8, 1))
context_negative = torch.randint(0, vocab_size, (8, 5))
mask = (torch.arange(5)[None, :] < torch.randint(2, 6, (8, 1))).float()
label = torch.zeros(8, 5)
label[:, :2] = 1
optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
for epoch in range(5):
    optimizer.zero_grad()
    pred = skip_gram(center, context_negative, net[0], net[1])
    l = (loss(pred.reshape(label.shape).float(), label.float(), mask)
         / mask.sum(axis=1) * mask.shape[1])
    l.sum().backward()
    optimizer.step()
    print(epoch, f'{l.sum().item():.4f}')
def get_similar_tokens(query_token, k, embed):
    W = embed.weight.data
    x = W[query_token]
    cos = torch.mv(W, x) / torch.sqrt(torch.sum(W * W, dim=1) * torch.sum(x * x) + 1e-9)
    topk = torch.topk(cos, k=k+1)[1].cpu().numpy().astype('int32')
    for i in topk[1:]:
        print(f'cosine sim={float(cos[i]):.3f}: token {int(i)}')
get_similar_tokens(3, 3, net[0])
print(F.cosine_similarity(net[0].weight[3:4], net[0].weight[:4]))
result = net[0].weight
"""),
    # pytorch.org, "NLP from scratch: generating names with a character-level RNN":
    # category and input one-hots concatenated, dropout, and sampling by multinomial of the
    # temperature-scaled distribution.
    _case("book_rnn_tutorial_char_rnn_generation", """
import string
torch.manual_seed(0)
all_letters = string.ascii_letters + " .,;'-"
n_letters = len(all_letters) + 1
all_categories = ['Irish', 'Italian', 'Russian']
n_categories = len(all_categories)
class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size
        self.i2h = nn.Linear(n_categories + input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(n_categories + input_size + hidden_size, output_size)
        self.o2o = nn.Linear(hidden_size + output_size, output_size)
        self.dropout = nn.Dropout(0.1)
        self.softmax = nn.LogSoftmax(dim=1)
    def forward(self, category, input, hidden):
        input_combined = torch.cat((category, input, hidden), 1)
        hidden = self.i2h(input_combined)
        output = self.i2o(input_combined)
        output_combined = torch.cat((hidden, output), 1)
        output = self.o2o(output_combined)
        output = self.dropout(output)
        output = self.softmax(output)
        return output, hidden
    def initHidden(self):
        return torch.zeros(1, self.hidden_size)
def categoryTensor(category):
    li = all_categories.index(category)
    tensor = torch.zeros(1, n_categories)
    tensor[0][li] = 1
    return tensor
def inputTensor(line):
    tensor = torch.zeros(len(line), 1, n_letters)
    for li in range(len(line)):
        letter = line[li]
        tensor[li][0][all_letters.find(letter)] = 1
    return tensor
def targetTensor(line):
    letter_indexes = [all_letters.find(line[li]) for li in range(1, len(line))]
    letter_indexes.append(n_letters - 1)
    return torch.LongTensor(letter_indexes)
rnn = RNN(n_letters, 16, n_letters)
criterion = nn.NLLLoss()
learning_rate = 0.0005
def train(category_tensor, input_line_tensor, target_line_tensor):
    target_line_tensor.unsqueeze_(-1)
    hidden = rnn.initHidden()
    rnn.zero_grad()
    loss = torch.Tensor([0])
    for i in range(input_line_tensor.size(0)):
        output, hidden = rnn(category_tensor, input_line_tensor[i], hidden)
        l = criterion(output, target_line_tensor[i])
        loss += l
    loss.backward()
    for p in rnn.parameters():
        p.data.add_(p.grad.data, alpha=-learning_rate)
    return output, loss.item() / input_line_tensor.size(0)
print(targetTensor('Ivan'), torch.Tensor([0]), torch.LongTensor([1, 2]).dtype)
for it, name in enumerate(['Ivan', 'Rossi', 'Kelly']):
    output, l = train(categoryTensor(all_categories[it]), inputTensor(name), targetTensor(name))
    print(name, f'{l:.4f}')
def sample(category, start_letter='A', max_length=6, temperature=0.8):
    with torch.no_grad():
        category_tensor = categoryTensor(category)
        input = inputTensor(start_letter)
        hidden = rnn.initHidden()
        output_name = start_letter
        for i in range(max_length):
            output, hidden = rnn(category_tensor, input[0], hidden)
            output_dist = output.data.view(-1).div(temperature).exp()
            top_i = torch.multinomial(output_dist, 1)[0]
            if top_i == n_letters - 1:
                break
            letter = all_letters[top_i]
            output_name += letter
            input = inputTensor(letter)
        return output_name
rnn.eval()
print([sample(c, s) for c, s in [('Russian', 'R'), ('Italian', 'I'), ('Irish', 'K')]])
result = output.detach()
"""),

    # The legacy constructors old NLP tutorials still use: torch.LongTensor(indices),
    # torch.Tensor(sizes), torch.FloatTensor(list), isinstance checks and .type().
    _case("book_rnn_legacy_constructors", """
idxs = [3, 1, 4]
t = torch.LongTensor(idxs)
print(t, t.dtype, torch.LongTensor, isinstance(t, torch.LongTensor),
      isinstance(t, torch.FloatTensor), isinstance(t, torch.Tensor))
print(torch.LongTensor([1.7, -2.2]), torch.FloatTensor([[1, 2]]), torch.DoubleTensor([1]).dtype)
print(torch.ByteTensor([1, 0]), torch.BoolTensor([1, 0]), torch.IntTensor([5]).dtype)
print(torch.Tensor(), torch.Tensor(2, 3).shape, torch.Tensor(torch.Size([4])).shape)
print(torch.LongTensor(2, 0), torch.Tensor([[1, 2], [3, 4]]), torch.Tensor((2, 1)))
x = torch.ones(2)
alias = torch.Tensor(x)
alias[0] = 5
print(x, torch.LongTensor(torch.tensor([1, 2])))
print(torch.ones(2).type(torch.LongTensor), torch.ones(2).type(torch.DoubleTensor).type())
print(torch.zeros(3, dtype=torch.long).type(), torch.ones(1).type('torch.IntTensor'))
for bad in (lambda: torch.Tensor(2.5), lambda: torch.FloatTensor(True),
            lambda: torch.Tensor(-1), lambda: torch.Tensor(2, 3.0),
            lambda: torch.LongTensor(torch.ones(2)), lambda: torch.ByteTensor([300])):
    try:
        bad()
    except (TypeError, RuntimeError) as e:
        print(type(e).__name__, str(e).split('\\n')[0][:90])
result = torch.Tensor([1, 2]) * torch.LongTensor([3, 4])
"""),
    # A text dataset batched by a DataLoader with a padding collate_fn, random_split with a
    # seeded generator, and the vocabulary built with unique / bincount.
    _case("book_rnn_dataloader_collate_padding", """
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import Dataset, DataLoader, random_split
torch.manual_seed(0)
corpus = ['the cat sat', 'a dog ran far away', 'the dog sat', 'cats run', 'a cat ran',
          'dogs and cats sat far', 'the end', 'run away']
words = sorted({w for line in corpus for w in line.split()})
stoi = {w: i + 1 for i, w in enumerate(words)}
class TextDataset(Dataset):
    def __init__(self, lines):
        self.items = [(torch.tensor([stoi[w] for w in l.split()]), len(l.split()) % 2)
                      for l in lines]
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
def collate(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    lengths, order = lengths.sort(descending=True)
    padded = pad_sequence([seqs[i] for i in order], batch_first=True)
    return padded, lengths, torch.tensor(labels)[order]
ds = TextDataset(corpus)
train, val = random_split(ds, [6, 2], generator=torch.Generator().manual_seed(42))
print(len(train), len(val), train.indices, val.indices)
loader = DataLoader(train, batch_size=3, shuffle=True, collate_fn=collate)
for padded, lengths, labels in loader:
    print(padded, lengths, labels)
all_tokens = torch.cat([x for x, _ in ds.items])
uniq, inverse, counts = torch.unique(all_tokens, return_inverse=True, return_counts=True)
print(uniq, counts, inverse[:6])
print(torch.bincount(all_tokens, minlength=len(words) + 1))
# (stable: topk's order among equal counts is its selection algorithm's, which ember does
# not copy; see docs/differences.md)
top = torch.sort(counts, descending=True, stable=True)
print(top.values[:3], [words[int(uniq[i]) - 1] for i in top.indices[:3]])
emb = nn.EmbeddingBag(len(words) + 1, 4, mode='mean')
offsets = torch.tensor([0] + [len(x) for x, _ in ds.items[:-1]]).cumsum(dim=0)
print(offsets, emb(all_tokens, offsets).shape)
print(emb(all_tokens, offsets)[:2])
result = emb(all_tokens, offsets)
"""),

    # "The Annotated Transformer" (Harvard NLP), shrunk: clones by deepcopy, a hand-written
    # LayerNorm with std, masked_fill with -1e9, subsequent_mask from triu as uint8, the
    # Noam learning rate through LambdaLR, label smoothing with scatter_/index_fill_ and
    # KLDivLoss(reduction='sum'), the copy task's data, and greedy decoding.
    _case("book_attention_annotated_transformer", """
import copy
torch.manual_seed(0)
def clones(module, N):
    return nn.ModuleList([copy.deepcopy(module) for _ in range(N)])
class LayerNorm(nn.Module):
    def __init__(self, features, eps=1e-6):
        super(LayerNorm, self).__init__()
        self.a_2 = nn.Parameter(torch.ones(features))
        self.b_2 = nn.Parameter(torch.zeros(features))
        self.eps = eps
    def forward(self, x):
        mean = x.mean(-1, keepdim=True)
        std = x.std(-1, keepdim=True)
        return self.a_2 * (x - mean) / (std + self.eps) + self.b_2
class SublayerConnection(nn.Module):
    def __init__(self, size, dropout):
        super(SublayerConnection, self).__init__()
        self.norm = LayerNorm(size)
        self.dropout = nn.Dropout(dropout)
    def forward(self, x, sublayer):
        return x + self.dropout(sublayer(self.norm(x)))
def subsequent_mask(size):
    attn_shape = (1, size, size)
    subsequent_mask = torch.triu(torch.ones(attn_shape), diagonal=1).type(torch.uint8)
    return subsequent_mask == 0
print(subsequent_mask(4))
def attention(query, key, value, mask=None, dropout=None):
    d_k = query.size(-1)
    scores = torch.matmul(query, key.transpose(-2, -1)) / math.sqrt(d_k)
    if mask is not None:
        scores = scores.masked_fill(mask == 0, -1e9)
    p_attn = scores.softmax(dim=-1)
    if dropout is not None:
        p_attn = dropout(p_attn)
    return torch.matmul(p_attn, value), p_attn
class MultiHeadedAttention(nn.Module):
    def __init__(self, h, d_model, dropout=0.1):
        super(MultiHeadedAttention, self).__init__()
        self.d_k = d_model // h
        self.h = h
        self.linears = clones(nn.Linear(d_model, d_model), 4)
        self.attn = None
        self.dropout = nn.Dropout(p=dropout)
    def forward(self, query, key, value, mask=None):
        if mask is not None:
            mask = mask.unsqueeze(1)
        nbatches = query.size(0)
        query, key, value = [
            lin(x).view(nbatches, -1, self.h, self.d_k).transpose(1, 2)
            for lin, x in zip(self.linears, (query, key, value))
        ]
        x, self.attn = attention(query, key, value, mask=mask, dropout=self.dropout)
        x = x.transpose(1, 2).contiguous().view(nbatches, -1, self.h * self.d_k)
        del query
        del key
        del value
        return self.linears[-1](x)
class PositionwiseFeedForward(nn.Module):
    def __init__(self, d_model, d_ff, dropout=0.1):
        super(PositionwiseFeedForward, self).__init__()
        self.w_1 = nn.Linear(d_model, d_ff)
        self.w_2 = nn.Linear(d_ff, d_model)
        self.dropout = nn.Dropout(dropout)
    def forward(self, x):
        return self.w_2(self.dropout(self.w_1(x).relu()))
class Embeddings(nn.Module):
    def __init__(self, d_model, vocab):
        super(Embeddings, self).__init__()
        self.lut = nn.Embedding(vocab, d_model)
        self.d_model = d_model
    def forward(self, x):
        return self.lut(x) * math.sqrt(self.d_model)
class PositionalEncoding(nn.Module):
    def __init__(self, d_model, dropout, max_len=64):
        super(PositionalEncoding, self).__init__()
        self.dropout = nn.Dropout(p=dropout)
        pe = torch.zeros(max_len, d_model)
        position = torch.arange(0, max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * -(math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        pe = pe.unsqueeze(0)
        self.register_buffer("pe", pe)
    def forward(self, x):
        x = x + self.pe[:, : x.size(1)].requires_grad_(False)
        return self.dropout(x)
class EncoderDecoder(nn.Module):
    def __init__(self, d_model, d_ff, h, V, dropout):
        super().__init__()
        c = copy.deepcopy
        attn = MultiHeadedAttention(h, d_model)
        ff = PositionwiseFeedForward(d_model, d_ff, dropout)
        self.enc_attn, self.enc_ff = c(attn), c(ff)
        self.enc_sub = clones(SublayerConnection(d_model, dropout), 2)
        self.dec_self, self.dec_src, self.dec_ff = c(attn), c(attn), c(ff)
        self.dec_sub = clones(SublayerConnection(d_model, dropout), 3)
        self.enc_norm, self.dec_norm = LayerNorm(d_model), LayerNorm(d_model)
        self.src_embed = nn.Sequential(Embeddings(d_model, V), PositionalEncoding(d_model, dropout))
        self.tgt_embed = nn.Sequential(Embeddings(d_model, V), PositionalEncoding(d_model, dropout))
        self.proj = nn.Linear(d_model, V)
    def encode(self, src, src_mask):
        x = self.src_embed(src)
        x = self.enc_sub[0](x, lambda x: self.enc_attn(x, x, x, src_mask))
        return self.enc_norm(self.enc_sub[1](x, self.enc_ff))
    def decode(self, memory, src_mask, tgt, tgt_mask):
        x, m = self.tgt_embed(tgt), memory
        x = self.dec_sub[0](x, lambda x: self.dec_self(x, x, x, tgt_mask))
        x = self.dec_sub[1](x, lambda x: self.dec_src(x, m, m, src_mask))
        return self.dec_norm(self.dec_sub[2](x, self.dec_ff))
    def forward(self, src, tgt, src_mask, tgt_mask):
        return self.decode(self.encode(src, src_mask), src_mask, tgt, tgt_mask)
    def generator(self, x):
        return F.log_softmax(self.proj(x), dim=-1)
V = 11
model = EncoderDecoder(16, 32, 2, V, 0.1)
for p in model.parameters():
    if p.dim() > 1:
        nn.init.xavier_uniform_(p)
print(sum(p.numel() for p in model.parameters()))
class LabelSmoothing(nn.Module):
    def __init__(self, size, padding_idx, smoothing=0.0):
        super(LabelSmoothing, self).__init__()
        self.criterion = nn.KLDivLoss(reduction="sum")
        self.padding_idx = padding_idx
        self.confidence = 1.0 - smoothing
        self.smoothing = smoothing
        self.size = size
        self.true_dist = None
    def forward(self, x, target):
        assert x.size(1) == self.size
        true_dist = x.data.clone()
        true_dist.fill_(self.smoothing / (self.size - 2))
        true_dist.scatter_(1, target.data.unsqueeze(1), self.confidence)
        true_dist[:, self.padding_idx] = 0
        mask = torch.nonzero(target.data == self.padding_idx)
        if mask.dim() > 0:
            true_dist.index_fill_(0, mask.squeeze(), 0.0)
        self.true_dist = true_dist
        return self.criterion(x, true_dist.clone().detach())
crit = LabelSmoothing(5, 0, 0.4)
predict = torch.FloatTensor([[0, 0.2, 0.7, 0.1, 0], [0, 0.2, 0.7, 0.1, 0],
                             [0, 0.2, 0.7, 0.1, 0], [0, 0.2, 0.7, 0.1, 0],
                             [0, 0.2, 0.7, 0.1, 0]])
print(crit(x=predict.log(), target=torch.LongTensor([2, 1, 0, 3, 3])))
print(crit.true_dist)
def rate(step, model_size, factor, warmup):
    if step == 0:
        step = 1
    return factor * (model_size ** (-0.5) * min(step ** (-0.5), step * warmup ** (-1.5)))
criterion = LabelSmoothing(size=V, padding_idx=0, smoothing=0.0)
optimizer = torch.optim.Adam(model.parameters(), lr=0.5, betas=(0.9, 0.98), eps=1e-9)
lr_scheduler = torch.optim.lr_scheduler.LambdaLR(
    optimizer=optimizer, lr_lambda=lambda step: rate(step, 16, factor=1.0, warmup=4))
def data_gen(V, batch_size, nbatches):
    for i in range(nbatches):
        data = torch.randint(1, V, size=(batch_size, 6))
        data[:, 0] = 1
        src = data.requires_grad_(False).clone().detach()
        tgt = data.requires_grad_(False).clone().detach()
        yield src, tgt
for src, tgt in data_gen(V, 4, 4):
    src_mask = (src != 0).unsqueeze(-2)
    tgt_in, tgt_y = tgt[:, :-1], tgt[:, 1:]
    tgt_mask = (tgt_in != 0).unsqueeze(-2) & subsequent_mask(tgt_in.size(-1)).type_as(src_mask.data)
    ntokens = (tgt_y != 0).data.sum()
    out = model(src, tgt_in, src_mask, tgt_mask)
    x = model.generator(out)
    sloss = criterion(x.contiguous().view(-1, x.size(-1)), tgt_y.contiguous().view(-1)) / ntokens
    loss, loss_node = sloss.data * ntokens, sloss
    loss_node.backward()
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    lr_scheduler.step()
    print(f"loss {loss / ntokens:6.4f} lr {optimizer.param_groups[0]['lr']:6.1e} tokens {ntokens}")
def greedy_decode(model, src, src_mask, max_len, start_symbol):
    memory = model.encode(src, src_mask)
    ys = torch.zeros(1, 1).fill_(start_symbol).type_as(src.data)
    for i in range(max_len - 1):
        out = model.decode(memory, src_mask, ys, subsequent_mask(ys.size(1)).type_as(src.data))
        prob = model.generator(out[:, -1])
        _, next_word = torch.max(prob, dim=1)
        next_word = next_word.data[0]
        ys = torch.cat([ys, torch.zeros(1, 1).type_as(src.data).fill_(next_word)], dim=1)
    return ys
model.eval()
src = torch.LongTensor([[1, 2, 3, 4, 5, 6]])
src_mask = torch.ones(1, 1, 6)
print(greedy_decode(model, src, src_mask, max_len=6, start_symbol=1))
print(model.dec_src.attn.shape, model.dec_src.attn[0, 0, -1])
result = model.dec_src.attn
"""),

    # d2l 9.3-9.5 (first edition): sequential partitioning of the corpus into minibatches,
    # and train_epoch_ch8 carrying the state across them with detach_() (a tensor for the
    # GRU, a tuple for the LSTM); detaching a view in place (an unbatched state) is refused.
    _case("book_rnn_sequential_partition_state_detach", _VOCAB + """
import random
random.seed(0)
torch.manual_seed(0)
def seq_data_iter_sequential(corpus, batch_size, num_steps):
    offset = random.randint(0, num_steps)
    num_tokens = ((len(corpus) - offset - 1) // batch_size) * batch_size
    Xs = torch.tensor(corpus[offset: offset + num_tokens])
    Ys = torch.tensor(corpus[offset + 1: offset + 1 + num_tokens])
    Xs, Ys = Xs.reshape(batch_size, -1), Ys.reshape(batch_size, -1)
    num_batches = Xs.shape[1] // num_steps
    for i in range(0, num_steps * num_batches, num_steps):
        X = Xs[:, i: i + num_steps]
        Y = Ys[:, i: i + num_steps]
        yield X, Y
batches = list(seq_data_iter_sequential(corpus, 4, 6))
print(len(batches), batches[0][0], batches[1][0][:, :2])
class RNNModel(nn.Module):
    def __init__(self, rnn_layer, vocab_size):
        super(RNNModel, self).__init__()
        self.rnn = rnn_layer
        self.vocab_size = vocab_size
        self.num_hiddens = self.rnn.hidden_size
        self.linear = nn.Linear(self.num_hiddens, self.vocab_size)
    def forward(self, inputs, state):
        X = F.one_hot(inputs.T.long(), self.vocab_size)
        X = X.to(torch.float32)
        Y, state = self.rnn(X, state)
        output = self.linear(Y.reshape((-1, Y.shape[-1])))
        return output, state
    def begin_state(self, device, batch_size=1):
        if not isinstance(self.rnn, nn.LSTM):
            return torch.zeros((self.rnn.num_layers, batch_size, self.num_hiddens),
                               device=device)
        else:
            return (torch.zeros((self.rnn.num_layers, batch_size, self.num_hiddens),
                                device=device),
                    torch.zeros((self.rnn.num_layers, batch_size, self.num_hiddens),
                                device=device))
for layer in (nn.GRU(len(vocab), 8), nn.LSTM(len(vocab), 8)):
    net = RNNModel(layer, len(vocab))
    updater = torch.optim.SGD(net.parameters(), lr=1)
    loss = nn.CrossEntropyLoss()
    state, total, n = None, 0.0, 0
    for X, Y in batches:
        if state is None:
            state = net.begin_state(batch_size=X.shape[0], device='cpu')
        else:
            if isinstance(net, nn.Module) and not isinstance(state, tuple):
                state.detach_()
            else:
                for s in state:
                    s.detach_()
        y = Y.T.reshape(-1)
        y_hat, state = net(X, state)
        l = loss(y_hat, y.long()).mean()
        updater.zero_grad()
        l.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 1)
        updater.step()
        total += l.item() * y.numel()
        n += y.numel()
    print(type(layer).__name__, f'perplexity {math.exp(total / n):.3f}',
          state[0].requires_grad if isinstance(state, tuple) else state.grad_fn is None)
o, h = nn.GRU(len(vocab), 4)(F.one_hot(torch.tensor([1, 2]), len(vocab)).float())
print(h.shape, h._base is not None)
try:
    h.detach_()
except RuntimeError as e:
    print(str(e)[:50])
h = h.detach()
print(h.requires_grad, h.grad_fn)
"""),
]
