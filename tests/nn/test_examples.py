"""The nn examples run and learn: examples/linear_regression.py and examples/mlp.py."""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np

from ember import nn

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_linear_regression_recovers_the_true_parameters(capsys):
    import linear_regression

    net, history = linear_regression.train()
    assert type(net) is nn.Linear and net.in_features == 2  # the lazy layer materialised
    assert history[-1] < 2e-4  # the noise alone gives 1e-4
    np.testing.assert_allclose(net.weight.detach().numpy()[0], [2.0, -3.4], atol=0.01)
    np.testing.assert_allclose(net.bias.item(), 4.2, atol=0.01)
    printed = capsys.readouterr().out.splitlines()
    assert printed == [f"epoch {i + 1}, loss {loss:f}" for i, loss in enumerate(history)]


def test_mlp_learns_the_synthetic_images():
    import mlp

    net, history, test_accuracy = mlp.train(epochs=4, verbose=False)
    assert history[-1] < history[0] / 3
    assert test_accuracy > 0.9
    assert [type(m).__name__ for m in net] == ["Flatten", "Linear", "ReLU", "Linear"]
    assert net[1].weight.shape == (256, 64)


def test_examples_run_as_scripts(capsys):
    for name in ("linear_regression", "mlp"):
        runpy.run_path(str(EXAMPLES / f"{name}.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "error in estimating w" in out and "(3): Linear(in_features=256" in out



def test_model_tour_prints_the_model_and_writes_its_graph(tmp_path, capsys):
    import model_tour

    written = model_tour.main(tmp_path)
    out = capsys.readouterr().out
    assert "(0): LazyLinear(in_features=0, out_features=8, bias=True)" in out
    assert "(0): Linear(in_features=5, out_features=8, bias=True)" in out
    before, after = (float(line.rsplit(" ", 1)[1]) for line in out.splitlines()
                     if line.startswith("loss "))
    assert after < before
    boxes, collapsed = (path.read_text() for path in written)
    assert "0.weight" in boxes and "2.bias" in boxes and "0: Linear" in boxes
    assert "in_features=5, out_features=8, bias=True" in collapsed


def test_digits_training_learns_saves_and_reloads(tmp_path, capsys):
    import train_digits

    result = train_digits.train(tmp_path, epochs=5, limit=800)
    assert result["losses"][-1] < result["losses"][0] / 2
    assert result["accuracies"][-1] > 0.85  # a small subset and 5 epochs (the full run: ~98%)
    # the checkpoint is PyTorch's zip format and reloads to the same accuracy
    import zipfile

    assert zipfile.is_zipfile(result["checkpoint"])
    assert result["reloaded_accuracy"] == result["accuracies"][-1]
    assert result["plot"] is not None and result["plot"].read_text().startswith("<?xml")
    assert "reloaded model's test accuracy" in capsys.readouterr().out


def test_lenet_prints_the_books_layer_summary_and_learns(capsys):
    import lenet

    net, history = lenet.train(epochs=4, limit=600)
    printed = capsys.readouterr().out.splitlines()
    summary = [line for line in printed if "output shape" in line]
    assert summary[0] == "Conv2d output shape: \t torch.Size([1, 6, 28, 28])"
    assert summary[2] == "AvgPool2d output shape: \t torch.Size([1, 6, 14, 14])"
    assert summary[5] == "AvgPool2d output shape: \t torch.Size([1, 16, 5, 5])"
    assert summary[-1] == "Linear output shape: \t torch.Size([1, 10])"
    assert len(summary) == 12
    losses = [loss for loss, _, _ in history]
    assert losses[-1] < losses[0] / 2
    assert history[-1][1] > 0.5  # train accuracy after 4 short epochs (the full run: ~95%)
    # The lazy layers took their sizes from the data.
    assert type(net[0]).__name__ == "Conv2d" and tuple(net[0].weight.shape) == (6, 1, 5, 5)
    assert type(net[9]).__name__ == "Linear" and tuple(net[9].weight.shape) == (120, 400)
    assert type(net[10]).__name__ == "BatchNorm1d"


def test_char_rnn_learns_the_generated_text(capsys):
    import char_rnn

    model, history, sample = char_rnn.train(epochs=4, sentences=120)
    assert history[-1] < history[0] * 0.7
    assert sample.startswith(char_rnn.PROMPT) and len(sample) == len(char_rnn.PROMPT) + 60
    assert set(sample) <= set(char_rnn.make_text(120))
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("epoch 1, loss ") and "perplexity" in printed[0]
    assert printed[-1] == sample
