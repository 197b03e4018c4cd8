"""The gate on complex values (docs/design.md, "Complex values"): an op of the table that is
not written for complex inputs refuses them with a NotImplementedError naming itself, and
public functions that check dtypes before any op runs say the same, instead of torch's
"expected a floating point or complex tensor" (which would claim ember takes them)."""

from __future__ import annotations

import pytest

import ember
from ember.ops import OPS

Z = ember.tensor([[1 + 2j, -0.5 + 0.25j], [2 - 1j, 0.5j]])

# (ops torch computes on complex values that ember does not yet; the factor-based linear
# algebra that stood here computes since helper-120: tests/samples/complex_linalg_more.py)
REFUSED = {
    "addmv": lambda: ember.addmv(Z[0], Z, Z[1]),
    "addr": lambda: ember.addr(Z, Z[0], Z[1]),
    "baddbmm": lambda: ember.baddbmm(Z[None], Z[None], Z[None]),
    "pixel_shuffle": lambda: ember.nn.functional.pixel_shuffle(Z.reshape(1, 4, 1, 1), 2),
    "reflection_pad2d": lambda: ember.nn.functional.pad(Z[None], (1, 1, 1, 1), mode="reflect"),
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
