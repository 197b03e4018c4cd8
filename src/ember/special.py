"""ember.special: the names torch.special shares with ember's functions.

Each is the same function (and so the same op and grad_fn) as its torch.* name where torch
has one (special.expit is sigmoid, special.gammaln is lgamma, special.psi is digamma...);
i1, entr, xlog1py, log_ndtr, ndtri and those of ops/pointwise_special_more.py (Bessel,
Airy, zeta, gammainc, the polynomials...) exist only here, as in torch.
"""

from __future__ import annotations

import math

from ._tensor import Tensor
from .ops import nn_ops as _nn_ops
from .ops import pointwise_binary as _binary
from .ops import pointwise_special as _special
from .ops import pointwise_special_more as _more
from .ops import pointwise_unary as _unary
from .ops import reduction_extrema as _extrema

__all__ = ["erf", "erfc", "erfinv", "expit", "logit", "gammaln", "digamma", "psi",
           "polygamma", "i0", "i1", "xlogy", "xlog1py", "log_softmax", "softmax", "logsumexp",
           "sinc", "entr", "ndtr", "ndtri", "log_ndtr", "multigammaln", "round", "exp2",
           "expm1", "log1p",
           # ops/pointwise_special_more.py
           "airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0",
           "modified_bessel_i1", "modified_bessel_k0", "modified_bessel_k1",
           "scaled_modified_bessel_k0", "scaled_modified_bessel_k1", "spherical_bessel_j0",
           "i0e", "i1e", "erfcx", "gammainc", "gammaincc", "zeta", *_more.POLYNOMIAL_NAMES]

erf = _unary.erf
erfc = _special.erfc
erfinv = _special.erfinv
expit = _unary.sigmoid
logit = _unary.logit
gammaln = _special.lgamma
digamma = psi = _special.digamma
polygamma = _special.polygamma
i0 = _special.i0
i1 = _special.special_i1
xlogy = _binary.xlogy
xlog1py = _special.special_xlog1py
entr = _special.special_entr
log_ndtr = _special.special_log_ndtr
ndtri = _special.special_ndtri
sinc = _unary.sinc
round = _unary.round  # noqa: A001 - torch.special's name
exp2 = _unary.exp2
expm1 = _unary.expm1
log1p = _unary.log1p
logsumexp = _extrema.logsumexp
airy_ai = _more.airy_ai
bessel_j0, bessel_j1, bessel_y0, bessel_y1 = (_more.bessel_j0, _more.bessel_j1, _more.bessel_y0,
                                              _more.bessel_y1)
modified_bessel_i0, modified_bessel_i1 = _more.modified_bessel_i0, _more.modified_bessel_i1
modified_bessel_k0, modified_bessel_k1 = _more.modified_bessel_k0, _more.modified_bessel_k1
scaled_modified_bessel_k0 = _more.scaled_modified_bessel_k0
scaled_modified_bessel_k1 = _more.scaled_modified_bessel_k1
spherical_bessel_j0 = _more.spherical_bessel_j0
i0e, i1e, erfcx = _more.i0e, _more.i1e, _more.erfcx
gammainc, gammaincc, zeta = _more.gammainc, _more.gammaincc, _more.zeta
globals().update({name: getattr(_more, name) for name in _more.POLYNOMIAL_NAMES})


def multigammaln(input: Tensor, p: int) -> Tensor:
    """The multivariate log-gamma of dimension p (torch.mvlgamma)."""
    return _special.mvlgamma(input, p)


def ndtr(input: Tensor) -> Tensor:
    """The standard normal CDF, (1 + erf(x / sqrt 2)) / 2 (scaled by numbers as torch
    does, so the grad_fn is MulBackward1)."""
    from .ops.nn_loss import mul_scalar

    if input._data.dtype.kind != "f":
        from ._dtype import get_default_dtype

        input = input.to(get_default_dtype())
    return mul_scalar(1 + erf(mul_scalar(input, 1 / math.sqrt(2))), 0.5)


def softmax(input: Tensor, dim: int, *, dtype=None) -> Tensor:
    return _nn_ops.softmax(input, dim, dtype=dtype)


def log_softmax(input: Tensor, dim: int, *, dtype=None) -> Tensor:
    return _nn_ops.log_softmax(input, dim, dtype=dtype)


# torch's TypeError for a non-tensor given as a tensor argument (ember._arguments), named as
# torch names torch.special's functions (special_ndtr...)
def _check_arguments() -> None:
    from ._arguments import check_namespace

    check_namespace(globals(), __all__, prefix="special_")


_check_arguments()
del _check_arguments
