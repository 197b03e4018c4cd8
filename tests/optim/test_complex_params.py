"""Complex parameters in ember.optim: updates run on real views (optimizer._real_views),
and Adam's flat multi-tensor path (optim/_flat.py) declines groups holding complex
parameters, leaving them to the per-parameter update. Values against torch live in the
reference topic complex_optim."""

from __future__ import annotations

import numpy as np

import ember
from ember.optim.optimizer import _real_views


def _complex(seed: int, shape: tuple[int, ...]) -> ember.Tensor:
    rng = np.random.default_rng(seed)
    data = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    return ember.tensor(data, dtype=ember.complex64, requires_grad=True)


def _train(params: list[ember.Tensor], steps: int = 3, **kwargs) -> ember.optim.Adam:
    optimizer = ember.optim.Adam(params, lr=0.1, **kwargs)
    rng = np.random.default_rng(7)
    for _ in range(steps):
        for p in params:
            grad = rng.standard_normal(p.shape)
            if p.is_complex():
                grad = grad + 1j * rng.standard_normal(p.shape)
            p.grad = ember.tensor(grad, dtype=p.dtype)
        optimizer.step()
    return optimizer


def test_real_views_alias_complex_tensors_and_pass_others() -> None:
    c = ember.zeros(2, 3, dtype=ember.complex64)
    r = ember.zeros(4)
    view, same, none = _real_views(c, r, None)
    assert view.dtype == ember.float32 and tuple(view.shape) == (2, 3, 2)
    assert same is r and none is None
    view[0, 1, 1] = 5.0
    assert c[0, 1].item() == 5j


def test_flat_path_declines_complex_and_mixed_groups() -> None:
    real = ember.tensor(np.arange(4.0), dtype=ember.float32, requires_grad=True)
    assert _train([real]).__dict__.get("_flat"), "real groups take the flat path"
    for params in ([_complex(0, (2, 3))], [real.detach().clone().requires_grad_(),
                                           _complex(1, (3,))]):
        optimizer = _train(params)
        assert not optimizer.__dict__.get("_flat")
        for p in params:
            assert optimizer.state[p]["exp_avg"].dtype == p.dtype


def test_default_path_matches_single_tensor_bits() -> None:
    """A mixed group without foreach gives the same bits as foreach=False."""
    def params() -> list[ember.Tensor]:
        return [ember.tensor([0.5, -1.0], requires_grad=True), _complex(2, (2, 2))]

    default, single = params(), params()
    _train(default, amsgrad=True, weight_decay=0.1)
    _train(single, amsgrad=True, weight_decay=0.1, foreach=False)
    for a, b in zip(default, single):
        assert ember.equal(a, b)
    assert not ember.equal(default[1], params()[1]), "the complex parameter moved"
