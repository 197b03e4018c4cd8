"""A character-level GRU language model: embedding, recurrent layer, gradient clipping.

    python examples/char_rnn.py [epochs]

The text is generated here (a few thousand characters of simple sentences drawn from small
word lists with a fixed seed), so nothing is downloaded. The model reads 35 characters at a
time and predicts each next one: `nn.Embedding` -> `nn.GRU` -> `nn.Linear`, trained with
Adam on the cross-entropy of every position, its gradients clipped to norm 1 with
`nn.utils.clip_grad_norm_`. Each epoch prints the loss and the perplexity; at the end the
model continues a prompt one character at a time, always taking the likeliest character.

It is plain torch code: `import torch` instead of `import ember as torch` runs it unchanged.
"""

from __future__ import annotations

import random
import sys

import ember as torch
from ember import nn

EPOCHS = 20
STEPS = 35
BATCH_SIZE = 32
HIDDEN = 128
PROMPT = "the cat "

_SUBJECTS = ["the cat", "the dog", "a bird", "my friend", "the old man", "a child"]
_VERBS = ["sees", "likes", "follows", "finds", "watches", "calls"]
_OBJECTS = ["the ball", "a tree", "the river", "the house", "a small fish", "the moon"]
_ENDINGS = ["today", "at night", "again", "in the garden", "every morning", "slowly"]


def make_text(sentences: int = 400, seed: int = 0) -> str:
    """Simple sentences (subject, verb, object, ending) drawn with a fixed seed."""
    draw = random.Random(seed)
    return " ".join(f"{draw.choice(_SUBJECTS)} {draw.choice(_VERBS)} {draw.choice(_OBJECTS)} "
                    f"{draw.choice(_ENDINGS)}." for _ in range(sentences))


class CharModel(nn.Module):
    def __init__(self, vocab_size: int, hidden: int = HIDDEN) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, 32)
        self.rnn = nn.GRU(32, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab_size)

    def forward(self, indices, state=None):
        outputs, state = self.rnn(self.embedding(indices), state)
        return self.head(outputs), state


def batches(encoded, steps: int, batch_size: int):
    """(inputs, targets) of shape (batch, steps), targets one character ahead: the text cut
    into windows of `steps` characters from a random offset, in random order."""
    offset = torch.randint(0, steps, (1,)).item()
    starts = torch.arange(offset, len(encoded) - steps - 1, steps)
    starts = starts[torch.randperm(len(starts))]
    for i in range(0, len(starts) - batch_size + 1, batch_size):
        rows = starts[i:i + batch_size, None] + torch.arange(steps)
        yield encoded[rows], encoded[rows + 1]


def generate(model: CharModel, prompt: str, length: int, vocab: list[str]) -> str:
    """The prompt continued by `length` characters, each the likeliest next one."""
    index = {ch: i for i, ch in enumerate(vocab)}
    with torch.no_grad():
        logits, state = model(torch.tensor([[index[ch] for ch in prompt]]))
        text = prompt
        for _ in range(length):
            next_index = logits[0, -1].argmax().item()
            text += vocab[next_index]
            logits, state = model(torch.tensor([[next_index]]), state)
    return text


def train(epochs: int = EPOCHS, sentences: int = 400, verbose: bool = True):
    """Train on the generated text; returns the model, the per-epoch losses and a sample."""
    torch.manual_seed(0)
    text = make_text(sentences)
    vocab = sorted(set(text))
    encoded = torch.tensor([vocab.index(ch) for ch in text])
    model = CharModel(len(vocab))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    history = []
    for epoch in range(epochs):
        total, count = 0.0, 0
        for inputs, targets in batches(encoded, STEPS, BATCH_SIZE):
            logits, _ = model(inputs)
            loss = loss_fn(logits.reshape(-1, len(vocab)), targets.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            total += loss.item()
            count += 1
        history.append(total / count)
        if verbose:
            perplexity = torch.exp(torch.tensor(history[-1])).item()
            print(f"epoch {epoch + 1}, loss {history[-1]:.3f}, perplexity {perplexity:.2f}")
    sample = generate(model, PROMPT, 60, vocab)
    if verbose:
        print(sample)
    return model, history, sample


if __name__ == "__main__":
    train(int(sys.argv[1]) if len(sys.argv) > 1 else EPOCHS)
