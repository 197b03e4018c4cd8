"""Complex programs of the differential tester: which seeds get them, that they reach only
ops ember computes on complex values (or refuses with torch's error), how their values are
recorded and compared, and the causes their differences are put down to."""

from __future__ import annotations

import re

import pytest

import ember

from .causes import classify
from .compare import Difference, values_agree
from .execute import reset_global_state, snapshot
from .generator import generate, is_complex_program
from .program import Program, Statement

# what makes a complex value in a program's source: a complex dtype, an imaginary literal,
# torch.complex, view_as_complex, polar
_COMPLEX = re.compile(r"complex|cfloat|cdouble|\dj\b|polar\(")


def test_a_modest_share_of_programs_is_complex_and_the_rest_stay_real():
    seeds = [f"share:{i}" for i in range(2000)]
    complex_seeds = [s for s in seeds if is_complex_program(s)]
    assert 0.09 < len(complex_seeds) / len(seeds) < 0.15
    for seed in seeds[:300]:
        text = generate(seed).source()
        if seed in complex_seeds:
            assert _COMPLEX.search(text), text
        else:
            assert not _COMPLEX.search(text), text
    assert all(is_complex_program(f"complex:any:{i}") for i in range(20))


def test_complex_programs_cover_creation_ops_refusals_and_derivatives():
    text = "".join(generate(f"complex:cover:{i}").source() for i in range(300))
    for needle in ("torch.randn(", "dtype=torch.cfloat", "dtype=torch.complex128", " * 1j",
                   "torch.complex(", "torch.view_as_complex(", "torch.polar(", ".real", ".imag",
                   ".abs()", ".angle()", "torch.view_as_real(", ".backward()",
                   "create_graph=True", "forward_ad.make_dual", "torch.sort(", "complex(",
                   ".conj()", "@ "):
        assert needle in text, needle


def _ember_refusals(program: Program) -> list[str]:
    """The messages of ember's own complex gate (an op it does not compute on complex
    values) that running `program` meets."""
    namespace = {"torch": ember, "__name__": "__differential__"}
    for index, statement in enumerate(program.statements):
        try:
            exec(compile(statement.source, f"<statement {index}>", "exec"), namespace)
        except Exception as error:  # noqa: BLE001 - the program's own errors are fine
            return [str(error)] if "does not support complex tensors yet" in str(error) else []
    return []


def test_complex_values_flow_only_into_ops_ember_computes_on_them():
    # (torch's refusals, raised with torch's exception by _complex_refusals.py, are fine:
    # only ember's gate, complex_unsupported, would mean the generator calls an op that is
    # not complex_ok)
    met = []
    for i in range(150):
        reset_global_state(ember)
        met += _ember_refusals(generate(f"complex:gate:{i}"))
    reset_global_state(ember)
    assert not met, met[:3]


def test_complex_values_are_recorded_as_pairs_and_compared_relative_to_the_modulus():
    shot = snapshot(ember.tensor([1 + 2j, complex(float("nan"), -0.0)]), ember)
    assert shot["values"] == [[1.0, 2.0], ["nan", -0.0]]
    assert snapshot(ember.tensor(2j).item(), ember) == {"kind": "number", "type": "complex",
                                                         "value": [0.0, 2.0]}
    # a real part that cancels (1e-8 of a product of modulus 2) keeps the product's error
    assert values_agree([[1e-8, 2.0]], [[3e-8, 2.0]], "float32", "arith", False, None, True)
    assert not values_agree([[1e-8, 2.0]], [[1e-3, 2.0]], "float32", "arith", False, None,
                            True)
    assert not values_agree([["nan", 1.0]], [[0.0, 1.0]], "float32", "reduce", False, None,
                            True)
    assert not values_agree([[0.0, 1.0]], [[0.0, 1.0 + 1e-9]], "float64", "exact", False,
                            None, True)


def _program(source: str) -> Program:
    return Program([Statement(line, "") for line in source.strip().split("\n")])


@pytest.mark.parametrize("source, difference, op, expected", [
    # torch's 0 - z in the vector body of a 16-element complex64 negation
    ("t2 = torch.full((16,), 3 + 0j)\nt3 = t2.neg()",
     ("signed_zero", "complex64", "statement 1: t3",
      "torch " + str([[-3.0, 0.0]] * 16) + "\nember " + str([[-3.0, -0.0]] * 16)),
     "complex.neg", "deliberate.complex_neg_body"),
    # ... but not in the scalar tail (4 elements: 32 bytes, no full block)
    ("t2 = torch.full((4,), 3 + 0j)\nt3 = t2.neg()",
     ("signed_zero", "complex64", "statement 1: t3",
      "torch " + str([[-3.0, 0.0]] * 4) + "\nember " + str([[-3.0, -0.0]] * 4)),
     "complex.neg", None),
    # log on the two sides of its cut along the negative reals
    ("t2 = torch.tensor([-1.0]) * (1 + 0j)\nt3 = t2.log()",
     ("values", "complex64", "statement 1: t3",
      "torch [[0.0, 3.1415927410125732]]\nember [[0.0, -3.1415927410125732]]"),
     "complex.log", "deliberate.branch_cut_zero_sign"),
    ("t2 = torch.tensor([-1.0]) * (1 + 0j)\nt3 = t2.angle()",
     ("values", "float32", "statement 1: t3",
      "torch [3.1415927410125732]\nember [-3.1415927410125732]"),
     "complex.angle", "deliberate.branch_cut_zero_sign"),
    # (a log that differs otherwise is no branch cut)
    ("t2 = torch.tensor([-1.0]) * (1 + 0j)\nt3 = t2.log()",
     ("values", "complex64", "statement 1: t3", "torch [[0.0, 3.14]]\nember [[0.5, -3.14]]"),
     "complex.log", None),
    # (an add that differs where a part is infinite: nonfinite arithmetic; ember adds
    # other * (1+0j) as torch does, so this is no longer expected)
    ("nan, inf = float('nan'), float('inf')\nt2 = torch.tensor([complex(-2.0, inf)])\n"
     "t3 = torch.zeros(1, dtype=torch.cfloat) + t2",
     ("values", "complex64", "statement 2: t3", "torch [['nan', 'inf']]\nember [[-2.0, 'inf']]"),
     "complex.add", "open.complex_nonfinite"),
    # a write into the base of a conjugate
    ("t2 = torch.tensor([1j])\nt3 = torch.conj(t2)\nt2[0] = 2",
     ("values", "complex64", "end: t3", "torch [[2.0, -0.0]]\nember [[0.0, -1.0]]"),
     "complex.conj", "deliberate.conj_copy"),
    ("nan, inf = float('nan'), float('inf')\nt2 = torch.tensor([complex(-inf, -1.0)])\n"
     "t3 = torch.square(t2)",
     ("values", "complex64", "statement 2: t3", "torch [['-inf', 'inf']]\nember [['nan', 'inf']]"),
     "complex.square", "open.complex_nonfinite"),
    ("t2 = torch.tensor([1j], requires_grad=True)\nt3 = t2.tanh()",
     ("grad_fn", "TanhBackwardBackward0 -> MulBackward0", "statement 2: t9",
      "torch TanhBackwardBackward0, ember MulBackward0"),
     "complex.tanh", "deliberate.complex_tanh_composed"),
    # (finite complex values that differ are unexplained)
    ("t2 = torch.tensor([1j])\nt3 = torch.square(t2)",
     ("values", "complex64", "statement 1: t3", "torch [[-1.0, 0.0]]\nember [[-1.5, 0.0]]"),
     "complex.square", None),
])
def test_causes_of_complex_differences(source, difference, op, expected):
    assert classify(_program(source), Difference(*difference), op) == expected


def test_a_subnormal_part_counts_as_an_extreme_value():
    # 11904:357: torch's complex64 sgn of 1e-40+0j is inf+nanj (its |z| underflows)
    source = "t9 = torch.tensor([(-1+1e-40j), (1e-40+0j)], requires_grad=True)\nt12 = t9.sgn()"
    differs = Difference("values", "complex64", "statement 1: t12",
                         "torch [[-1.0, 1e-40], ['inf', 'nan']]\nember [[-1.0, 1e-40], [1.0, 0.0]]")
    assert classify(_program(source), differs, "complex.sgn") == "open.complex_nonfinite"
    plain = "t9 = torch.tensor([(-1+2j), (3+0j)], requires_grad=True)\nt12 = t9.sgn()"
    finite = Difference("values", "complex64", "statement 1: t12",
                        "torch [[-0.4472, 0.8944], [1.0, 0.0]]\nember [[-0.4, 0.8944], [1.0, 0.0]]")
    assert classify(_program(plain), finite, "complex.sgn") is None


def test_complex_values_differing_only_where_a_part_is_infinite_are_nonfinite_arithmetic():
    # complex:11906:2536: log(0) is -inf+0j, and torch's 3 - z multiplies z by -1+0j: nan
    source = ("t4 = torch.tensor([2.1, 0.0], dtype=torch.float64)\n"
              "t7 = t4.to(torch.complex128).log()\nt8 = (3+0j) - t7")
    differs = Difference("values", "complex128", "statement 2: t8",
                         "torch [[2.258, 0.0], ['inf', 'nan']]\nember [[2.258, 0.0], ['inf', 0.0]]")
    assert classify(_program(source), differs, "complex.sub") == "open.complex_nonfinite"
    finite = Difference("values", "complex128", "statement 2: t8",
                        "torch [[2.258, 0.0], ['inf', 'nan']]\nember [[2.5, 0.0], ['inf', 'nan']]")
    assert classify(_program(source), finite, "complex.sub") is None
    # (complex:11908:2345: beside them, finite values an ulp apart)
    ulp = Difference("values", "complex64", "statement 2: t8",
                     "torch [[-0.09035967290401459, 0.39], ['inf', 'nan']]\n"
                     "ember [[-0.09035968035459518, 0.39], ['inf', 0.0]]")
    assert classify(_program(source), ulp, "complex.sub") == "open.complex_nonfinite"


def test_a_complex_derivative_agreeing_relative_to_its_largest_entry_is_rounding():
    # complex:11907:1539: the second derivative's entry 0 cancels +-8532 in float32
    source = ("t6 = torch.tensor([2.9613, -1.6, 0.0], requires_grad=True)\n"
              "t5 = torch.complex(t6, torch.ones(3))\nt9 = torch.cumprod(t5, -1)\n"
              "t12, = torch.autograd.grad((t9.abs() ** 2).sum(), [t6], create_graph=True)")
    close = Difference("values", "float32", "statement 4: t13",
                       "torch [6301.87451171875, -8532.2685546875, 0.0]\n"
                       "ember [6301.873046875, -8532.267578125, -0.0001230982888955623]")
    op = "complex.complex complex.cumprod"
    assert classify(_program(source), close, op) == "deliberate.complex_derivative_rounding"
    far = Difference("values", "float32", "statement 4: t13",
                     "torch [6301.87451171875, -8532.2685546875, 0.0]\n"
                     "ember [6301.873046875, -8532.267578125, -5.0]")
    assert classify(_program(source), far, op) is None
