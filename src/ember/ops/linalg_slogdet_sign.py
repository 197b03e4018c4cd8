"""The sign of slogdet for complex matrices, det / |det| (0 for a singular matrix), which
torch differentiates (a real matrix's sign is piecewise constant: ember gives it no node).

torch returns both outputs from one LinalgSlogdetBackward0 node; ember records the complex
sign as a node of its own under that name (logabsdet keeps op `slogdet`), as var_mean's two.
With s = sign and g its gradient, dL = Re(conj(g) ds) and ds = s i Im(tr(A^-1 dA)), so the
gradient is i Im(conj(s) g) A^-H (logabsdet's g_r A^-H is the real-part counterpart).
"""

from __future__ import annotations

import numpy as np

from . import _xp as xp
from ._registry import OUT, declare
from .linalg import _lapack, _mH, inverse


@declare("slogdet_sign", grad_fn="LinalgSlogdetBackward0", saves=(0, OUT), dtype="same",
         complex_ok=True, formula="d sign(det A) = sign i Im(tr(A^-1 dA))")
def _slogdet_sign(a):
    return np.asarray(_lapack(np.linalg.slogdet, a)[0], a.dtype)


@_slogdet_sign.backward
def _(ctx, g):
    a, sign = ctx.saved
    weight = 1j * xp.imag(xp.conj(sign) * g)  # (0-d or a batch: one per matrix)
    return (xp.unsqueeze(xp.unsqueeze(weight, -1), -1) * _mH(xp.op("inverse", (a,))),)


@_slogdet_sign.tangent
def _(ctx, t):
    sign = ctx.output
    change = (inverse(ctx.inputs[0]).mT * t).sum((-2, -1))  # tr(A^-1 dA)
    return sign * 1j * change.imag
