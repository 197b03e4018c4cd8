"""The gate on complex values (docs/design.md, "Complex values"): an op of the table that is
not written for complex inputs refuses them with a NotImplementedError naming itself, and
public functions that check dtypes before any op runs say the same, instead of torch's
"expected a floating point or complex tensor" (which would claim ember takes them)."""

from __future__ import annotations

import pytest

import ember
from ember.ops import OPS

Z = ember.tensor([[1 + 2j, -0.5 + 0.25j], [2 - 1j, 0.5j]])

REFUSED = {
    "linalg.householder_product": lambda: ember.linalg.householder_product(Z, Z[0]),
    "linalg.lu_factor": lambda: ember.linalg.lu_factor(Z),
    "geqrf": lambda: ember.geqrf(Z),
    "ormqr": lambda: ember.ormqr(Z, Z[0], Z),
    "cholesky_solve": lambda: ember.cholesky_solve(Z, Z),
    "cholesky_inverse": lambda: ember.cholesky_inverse(Z),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_ops_not_written_for_complex_values_say_so(name):
    with pytest.raises(NotImplementedError, match=f"ember's {name} does not support complex"):
        REFUSED[name]()


def test_the_gate_is_per_op():
    # marked ops compute; the others refuse before computing anything
    assert OPS["mul"].complex_ok and OPS["view_as_real"].complex_ok
    assert not OPS["cummax"].complex_ok
    assert (Z * Z).dtype == ember.complex64
