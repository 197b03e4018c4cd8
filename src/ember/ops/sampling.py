"""torch.poisson and torch.binomial: one draw per element from torch's CPU samplers
(`distributions/_samplers.py`: the same words of the generator, the same arithmetic, so
the same values after `manual_seed`).

poisson's node is PoissonBackward0, whose gradient is zeros (a draw does not move with its
rate, as torch defines it); binomial's result has torch's NotImplemented node, which
refuses a derivative.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._registry import OPS, SAME, declare, public
from .indexing_select import _scalar_name


def _samplers():
    from ..distributions import _samplers as module  # (the package imports ember's namespace)

    return module


@declare("poisson", grad_fn="PoissonBackward0", dtype=SAME,
         formula="d poisson(rate)/drate = 0: the draw is a constant")
def _poisson(rates, generator):
    return _samplers().poisson(rates, generator)


_poisson.backward(lambda ctx, g: (xp.zeros_like(g),))
_poisson.tangent(_fw.zero)


@public(method=False)
def poisson(input: Tensor, generator=None) -> Tensor:
    """A Poisson draw for each rate of `input` (a float tensor), from `generator` or the
    default generator."""
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"poisson_cpu\" not implemented for '{_scalar_name(input)}'")
    return apply(OPS["poisson"], (input,), (generator,))


@declare("binomial", dtype=SAME, grad_not_implemented="aten::binomial")
def _binomial(count, prob, generator):
    shape = np.broadcast_shapes(count.shape, prob.shape)
    return _samplers().binomial(np.broadcast_to(count, shape), np.broadcast_to(prob, shape),
                                generator)


@public(method=False)
def binomial(count: Tensor, prob: Tensor, generator=None) -> Tensor:
    """The number of successes in `count` trials of probability `prob` (float tensors of
    one dtype, broadcast together), one draw per element."""
    if count._data.dtype.kind != "f":
        raise ValueError("binomial only supports floating-point dtypes for count, got: "
                         f"{_scalar_name(count)}")
    if prob._data.dtype != count._data.dtype:
        raise RuntimeError(f"Found dtype {_scalar_name(prob)} but expected "
                           f"{_scalar_name(count)}")
    return apply(OPS["binomial"], (count, prob), (generator,))


def _concentration_checked(alpha: Tensor, kernel: str, caller: str) -> np.ndarray:
    if alpha._data.dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_scalar_name(alpha)}'")
    from ..distributions._random import _refuse_concentration_gradient

    _refuse_concentration_gradient(alpha, caller)
    return alpha.detach().numpy()


@public(method=False)
def _standard_gamma(input: Tensor, generator=None) -> Tensor:
    """A Gamma(input, 1) draw for each concentration of `input` (a float tensor), at least
    the dtype's smallest normal number, as torch's sampler gives it."""
    alpha = _concentration_checked(input, "gamma_cpu", "torch._standard_gamma")
    return Tensor(_samplers().standard_gamma(alpha, generator))


@public(method=False)
def _sample_dirichlet(input: Tensor, generator=None) -> Tensor:
    """A Dirichlet draw for each row (last dim) of concentrations of `input`."""
    alpha = _concentration_checked(input, "dirichlet", "torch._sample_dirichlet")
    return Tensor(_samplers().dirichlet(alpha, generator))
