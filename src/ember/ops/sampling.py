"""torch.poisson, torch.binomial, torch._standard_gamma and torch._sample_dirichlet: draws
from torch's CPU samplers (`distributions/_samplers.py`: the same words of the generator,
the same arithmetic, so the same values after `manual_seed`).

poisson's node is PoissonBackward0, whose gradient is zeros (a draw does not move with its
rate, as torch defines it); binomial's result has torch's NotImplemented node, which
refuses a derivative. Gamma draws, and the Dirichlet draws of Dirichlet.rsample, have the
implicit reparameterisation gradient in their concentration (ops/_gamma_gradients.py).
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _gamma_gradients
from . import _xp as xp
from ._registry import OPS, OUT, SAME, declare, public
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


def _concentration_checked(alpha: Tensor, kernel: str) -> None:
    if alpha._data.dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_scalar_name(alpha)}'")


# Gamma draws move with their concentration by the implicit reparameterisation gradient
# (ops/_gamma_gradients.py): torch's StandardGammaBackward0 multiplies by
# _standard_gamma_grad(alpha, draw), a kernel that itself has no derivative.
@declare("_standard_gamma", grad_fn="StandardGammaBackward0", saves=(0, OUT), dtype=SAME,
         formula="d x/dalpha = -(dF/dalpha) / (dF/dx), F the gamma CDF at the draw x")
def _standard_gamma_forward(alpha, generator):
    return _samplers().standard_gamma(alpha, generator)


@_standard_gamma_forward.backward
def _(ctx, g):
    alpha, draw = ctx.saved
    return (g * xp.op("_standard_gamma_grad", (alpha, draw)),)


@declare("_standard_gamma_grad", grad_fn="StandardGammaGradBackward0",
         grad_not_implemented="_standard_gamma_grad")
def _standard_gamma_grad_forward(alpha, draw):
    return _gamma_gradients.standard_gamma_grad(draw, alpha)


@public(method=False)
def _standard_gamma(input: Tensor, generator=None) -> Tensor:
    """A Gamma(input, 1) draw for each concentration of `input` (a float tensor), at least
    the dtype's smallest normal number, as torch's sampler gives it; differentiable in the
    concentration."""
    _concentration_checked(input, "gamma_cpu")
    return apply(OPS["_standard_gamma"], (input,), (generator,))


@public(method=False)
def _standard_gamma_grad(input: Tensor, output: Tensor) -> Tensor:
    """d output / d input for standard gamma draws `output` of concentrations `input`."""
    return apply(OPS["_standard_gamma_grad"], (input, output), ())


@declare("_sample_dirichlet", dtype=SAME, grad_not_implemented="aten::_sample_dirichlet")
def _sample_dirichlet_forward(alpha, generator):
    return _samplers().dirichlet(alpha, generator)


@public(method=False)
def _sample_dirichlet(input: Tensor, generator=None) -> Tensor:
    """A Dirichlet draw for each row (last dim) of concentrations of `input`."""
    _concentration_checked(input, "dirichlet")
    return apply(OPS["_sample_dirichlet"], (input,), (generator,))


@declare("_dirichlet_grad", dtype=SAME, grad_not_implemented="aten::_dirichlet_grad")
def _dirichlet_grad_forward(x, alpha, total):
    return _gamma_gradients.dirichlet_grad(x, alpha, total)


@public(method=False)
def _dirichlet_grad(x: Tensor, alpha: Tensor, total: Tensor) -> Tensor:
    """For each coordinate x of Dirichlet draws, d x / d alpha over 1 - x (its marginal
    Beta(alpha, total - alpha) differentiated in alpha with the rest fixed)."""
    return apply(OPS["_dirichlet_grad"], (x, alpha, total), ())


# Dirichlet.rsample: torch's distribution records a Function node, _DirichletBackward. The
# draw x_j = G_j / sum G moves with alpha_i by dirichlet_grad_i (delta_ij - x_j).
@declare("_dirichlet_rsample", grad_fn="_DirichletBackward", saves=(0, OUT), dtype=SAME,
         formula="d x_j/dalpha_i = _dirichlet_grad(x, alpha, total)_i (delta_ij - x_j)")
def _dirichlet_rsample_forward(alpha, generator):
    return _samplers().dirichlet(alpha, generator)


@_dirichlet_rsample_forward.backward
def _(ctx, g):
    alpha, draw = ctx.saved
    total = xp.expand(xp.sum(alpha, -1, keepdim=True), tuple(alpha.shape))
    grad = xp.op("_dirichlet_grad", (draw, alpha, total))
    return (grad * (g - xp.sum(draw * g, -1, keepdim=True)),)


def dirichlet_rsample(concentration: Tensor) -> Tensor:
    """Dirichlet.rsample's draw, differentiable in `concentration` (_DirichletBackward)."""
    _concentration_checked(concentration, "dirichlet")
    return apply(OPS["_dirichlet_rsample"], (concentration,), (None,))
