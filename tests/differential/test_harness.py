"""The differential tester's own parts: the generator is reproducible and covers the surface,
the comparison applies its tolerances, the shrinker finds a 1-minimal program, and ember
agrees with itself (no program observes anything nondeterministic)."""

from __future__ import annotations

import pytest

import ember

from .compare import Difference, compare_snapshots, differences, values_agree
from .execute import reset_global_state, run_program, snapshot
from .generator import generate
from .program import Program, Statement
from .reproducers import REPRODUCERS, to_program
from .shrink import pasteable, shrink


def test_a_seed_always_gives_the_same_program():
    assert generate("s:1").to_json() == generate("s:1").to_json()
    assert generate("s:1").source() != generate("s:2").source()


def test_programs_cover_the_families_and_the_dtypes():
    programs = [generate(f"coverage:{i}") for i in range(400)]
    families = {s.op.split(".")[0] for p in programs for s in p.statements}
    assert {"binary", "unary", "reduce", "cumulative", "shape", "index", "view", "matrix",
            "sort", "convert", "autograd", "forward_ad", "error", "create", "ternary",
            "pointwise", "nn", "linalg"} <= families
    text = "".join(p.source() for p in programs)
    for dtype in ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32",
                  "float64"):
        assert f"torch.{dtype}" in text
    for needle in ("nan", "inf", "-0.0", "1e-40", "requires_grad=True", "torch.no_grad()",
                   "create_graph=True", "keepdim=True", "dtype=torch.float64)", " // ",
                   "alpha=", "zeros((0,"):
        assert needle in text, needle


def test_ember_agrees_with_itself():
    # Running every program twice must observe the same: nothing in a program (or in the
    # snapshots) may depend on state left over from a previous run.
    for i in range(60):
        program = generate(f"self:{i}")
        reset_global_state(ember)
        first = run_program(ember, program)
        reset_global_state(ember)
        second = run_program(ember, program)
        assert differences(program, first, second) == [], program.source()


def test_snapshots_record_what_a_user_sees():
    x = ember.tensor([1.0, float("nan")], requires_grad=True)
    shot = snapshot(x * 2, ember)
    assert shot["dtype"] == "float32" and shot["shape"] == [2]
    assert shot["grad_fn"] == "MulBackward0" and shot["requires_grad"]
    assert shot["values"] == [2.0, "nan"]
    assert snapshot((1, 2.5), ember)["items"][1] == {"kind": "number", "type": "float",
                                                       "value": 2.5}


def test_exact_values_include_the_sign_of_zero_and_tolerances_depend_on_the_family():
    assert not values_agree([0.0], [-0.0], "float32", "exact", False)
    assert values_agree([1.0], [1.0 + 1e-7], "float32", "arith", False)
    assert not values_agree([1.0], [1.0 + 1e-4], "float32", "trans", False)
    assert values_agree([1.0], [1.0 + 1e-4], "float16", "trans", False)
    assert not values_agree(["nan"], [1.0], "float32", "reduce", False)
    assert not values_agree(["inf"], ["-inf"], "float32", "reduce", True)
    assert values_agree([1e30], [1.1e30], "float32", "reduce", True)  # order of huge sums
    assert values_agree([1, 2], [2, 1], "int64", "shape", False)


def test_every_field_of_a_tensor_is_compared():
    torch_side = snapshot(ember.tensor([1.0, 2.0], requires_grad=True) * 1, ember)
    for field, value in (("dtype", "float64"), ("grad_fn", "CloneBackward0"),
                         ("requires_grad", False), ("shape", [1, 2])):
        found = compare_snapshots(torch_side, {**torch_side, field: value}, "x", "exact",
                                  False, "", ("arith", False, ""))
        assert [d.field for d in found] == [field]
    found = compare_snapshots(torch_side, {**torch_side, "repr": "tensor(?)"}, "x", "exact",
                              False, "", ("arith", False, ""))
    assert [d.field for d in found] == ["repr"]


def test_errors_are_compared_by_type_and_place():
    program = to_program("p", "exact", "a = torch.ones(2)\nb = a.sum(5)\n")
    observed = run_program(ember, program)
    assert observed["error"] == {"at": 2, "type": "IndexError"}
    other = {**observed, "error": {"at": 2, "type": "RuntimeError"}}
    assert [d.key() for d in differences(program, other, observed)] == [
        "error: RuntimeError -> IndexError"]


def test_shrinking_keeps_only_the_statements_the_difference_needs():
    statements = [Statement(f"x{i} = {i}", f"op.{i}") for i in range(8)]
    program = Program(statements, {})

    def keys_of(candidate: Program) -> set[str]:
        sources = {s.source for s in candidate.statements}
        return {"k"} if {"x2 = 2", "x5 = 5"} <= sources else set()
    small = shrink(program, keys_of, "k")
    assert [s.source for s in small.statements] == ["x2 = 2", "x5 = 5"]
    text = pasteable(small, Difference("values", "float32", "statement 1: x5", ""))
    assert text == "x2 = 2\nx5 = 5\nprint(x5)\n"


def test_every_root_cause_of_issue_11_has_a_reproducer():
    assert {cause for _, cause, _, _ in REPRODUCERS} == set(range(1, 17))
    ids = [case_id for case_id, _, _, _ in REPRODUCERS]
    assert len(ids) == len(set(ids))


def test_the_sweep_finds_nothing_when_both_sides_are_ember():
    from .sweep import check
    for i in range(20):
        assert check(generate(f"sweep:{i}"), ember, ember) is None


def test_causes_name_the_issues_root_causes_and_the_rest_is_unexplained():
    from .causes import classify, describe
    program = to_program("p", "exact", "a = torch.ones(2)\n")
    renamed = Difference("grad_fn", "StdMeanBackward0 -> StdBackward0", "statement 1: a", "")
    assert classify(program, renamed, "reduce.std_mean") == "rc12.names"
    leaked = Difference("error", "RuntimeError -> ValueError", "statement 1", "")
    assert "root cause 15" in describe(classify(program, leaked, "index.take_along_dim"))
    wrong = Difference("values", "float32", "statement 1: a", "")
    assert classify(program, wrong, "unary.exp") is None


def test_the_report_groups_by_cause_and_puts_unexplained_groups_first():
    from .sweep import report
    failures = [{"cause": cause, "group": group, "seed": f"s:{i}", "statements": 2,
                 "program": "x = 1\n", "where": "statement 0", "detail": ""}
                for i, (cause, group) in enumerate([("known", "g1"), ("known", "g1"),
                                                    ("unexplained", "g2")])]
    text = report(failures, 10, 1.0, "s")
    assert text.startswith("10 programs (seed 's'), 3 differ (30.00%), 2 groups")
    assert text.index("=== 1 x g2") < text.index("=== 2 x g1")


def _observed(values_before: list, values_after: list) -> dict:
    """An observation of `y = torch.tan(x)`: x's values, then y's (float32 tensors)."""
    def tensor(values):
        return {"kind": "tensor", "dtype": "float32", "shape": [len(values)], "values": values,
                "requires_grad": False, "is_leaf": True, "grad_fn": None, "repr": "?"}
    return {"error": None, "warnings": [], "finals": {},
            "steps": [{"x": tensor(values_before)}, {"y": tensor(values_after)}]}


def test_an_inputs_difference_is_allowed_through_the_ops_derivative():
    # tan(exp(6.)): exp's last-bit difference (3e-5 at 403.43) comes out of tan, near a
    # pole, 14.5 times larger (1 + tan^2): explained by the input, not by tan
    program = Program([Statement("x = torch.tensor(6, dtype=torch.int32).exp()", "unary.exp",
                                 "trans", False, ("x",), "float32"),
                       Statement("y = torch.tan(x)", "unary.tan", "trans", False, ("y",),
                                 "float32")], {})
    torch_side = _observed([403.4288024902344], [3.6724319458007812])
    assert differences(program, torch_side, _observed([403.42877197265625],
                                                      [3.671989917755127])) == []
    # the same result difference from equal inputs is tan's own: still a difference
    found = differences(program, torch_side, _observed([403.4288024902344],
                                                       [3.671989917755127]))
    assert [d.key() for d in found] == ["values: float32"]
    # and an op without a derivative bound (or not unary) is compared as before
    renamed = Program([program.statements[0],
                       Statement("y = torch.atan(x)", "unary.atan", "trans", False, ("y",),
                                 "float32")], {})
    assert differences(renamed, torch_side, _observed([403.42877197265625],
                                                      [3.671989917755127])) != []


def test_a_power_allows_its_bases_difference_times_the_exponent():
    def observed(base: float, result: float) -> dict:
        shot = _observed([base], [result])
        shot["steps"].insert(1, {"n": {**shot["steps"][0]["x"], "values": [216.0]}})
        return shot
    program = Program([Statement("x = torch.atan2(a, b)", "binary.atan2", "trans", False,
                                 ("x",), "float32"),
                       Statement("n = torch.full((1,), 216.)", "create.full"),
                       Statement("y = x ** n", "binary.pow", "trans", False, ("y",),
                                 "float32")], {})
    # (a base's difference of 1e-7 relative is 2.16e-5 relative in its 216th power)
    torch_side = observed(1.0005, 1.114)
    assert differences(program, torch_side, observed(1.0005 * (1 + 1e-7),
                                                     1.114 * (1 + 2.16e-5))) == []
    assert differences(program, torch_side, observed(1.0005, 1.114 * (1 + 2.16e-5)))


def test_a_one_element_base_broadcast_to_the_power_allows_its_difference():
    # acos's last bit (torch 1.31811607, NumPy 1.31811619) raised to 194 and 167
    program = Program([Statement("t2 = torch.tensor([0.25]).acos()", "unary.acos", "trans",
                                 False, ("t2",), "float32"),
                       Statement("t3 = torch.tensor([194, 167], dtype=torch.uint8)",
                                 "create.tensor", "exact", False, ("t3",), ""),
                       Statement("t4 = t2 ** t3", "binary.pow", "trans", False, ("t4",),
                                 "float32")], {})

    def observed(base: float, results: list) -> dict:
        shot = _observed([base], results)
        t2, t4 = shot["steps"][0]["x"], shot["steps"][1]["y"]
        t3 = {**t2, "dtype": "uint8", "shape": [2], "values": [194, 167]}
        shot["steps"] = [{"t2": t2}, {"t3": t3}, {"t4": t4}]
        return shot
    torch_side = observed(1.3181160688400269, [1.86641814665987e+23, 1.0771106176763429e+20])
    ember_side = observed(1.3181161880493164, [1.8664509328651574e+23, 1.0771268024875037e+20])
    assert differences(program, torch_side, ember_side) == []
    # the same results from equal bases are pow's own difference: still reported
    assert differences(program, torch_side, observed(1.3181160688400269, [
        1.8664509328651574e+23, 1.0771268024875037e+20])) != []


def test_cause_rules_of_the_ninth_session():
    from .causes import classify
    alias = to_program("p", "exact", "t1 = torch.ones((3, 2, 3))\nt3 = t1[1:, 0]\n"
                                     "t1.xlogy_(t3)\n")
    assert classify(alias, Difference("values", "float32", "statement 3: t1", ""),
                    "binary.xlogy_") == "deliberate.aliased_inplace"
    half = to_program("p", "exact", "t8 = torch.ones(12, dtype=torch.float16)\n"
                                    "t8.sub_(torch.tensor(65504.0, dtype=torch.float16), "
                                    "alpha=2)\n")
    assert classify(half, Difference("values", "float16", "statement 2: t8", ""),
                    "view.view.sub_") == "deliberate.vector_body"
    empty = to_program("p", "exact", "t2 = torch.ones((0,), requires_grad=True)\n"
                                     "t4 = torch.cummax(t2, 0).values\n"
                                     "t5, = torch.autograd.grad(t4.sum(), [t2], "
                                     "create_graph=True)\n")
    assert classify(empty, Difference("requires_grad", "True -> False", "statement 3: t5", ""),
                    "cumulative.cummax cumulative.values") == "deliberate.empty_cummax_gradient"
    singular = to_program("p", "exact", "a = torch.arange(1, 10, dtype=torch.float64)"
                                        ".reshape((3, 3))\nb = torch.linalg.solve(a, a)\n")
    later = Difference("error", "RuntimeError -> _LinAlgError", "statement 2",
                       "torch raised RuntimeError at 4, ember _LinAlgError at 2")
    assert classify(singular, later, "linalg.solve") == "deliberate.exact_singular"
    literal = to_program("p", "exact", "a = torch.tensor([[1.5, 3.0], [1.0, 2.0]], "
                                       "dtype=torch.float64)\nb = torch.inverse(a)\n")
    raised = Difference("error", "None -> _LinAlgError", "statement 2",
                        "torch raised None at None, ember _LinAlgError at 2")
    assert classify(literal, raised, "linalg.inverse") == "deliberate.exact_singular"
    # (the rule needs the matrix to be written out: an unexplained refusal stays one)
    made = to_program("p", "exact", "a = torch.ones((2, 2), dtype=torch.float64)\n"
                                    "b = torch.inverse(a)\n")
    assert classify(made, raised, "linalg.inverse") != "deliberate.exact_singular"
    nuclear = to_program("p", "exact", "a = torch.full((3, 3), 3.0, requires_grad=True)\n"
                                       "n = torch.linalg.matrix_norm(a, ord='nuc')\n"
                                       "g, = torch.autograd.grad(n, [a], create_graph=True)\n")
    assert classify(nuclear, Difference("values", "float64", "statement 3: g", ""),
                    "linalg.matrix_norm") == "deliberate.svd_degenerate"
    same = Difference("error", "RuntimeError -> _LinAlgError", "statement 2",
                      "torch raised RuntimeError at 2, ember _LinAlgError at 2")
    assert classify(singular, same, "linalg.solve") == "rc15"


_TIE_ROWS = "[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [%s, 0.0, 0.0]]"
_RAISED_AT = {n: ("error", "RuntimeError -> None", f"statement {n}",
                  f"torch raised RuntimeError at {n}, ember None at None") for n in (3, 5)}

# The cause rules of the eleventh session, each with a program it must name and, where the
# rule could match too much, a near one it must not: (source, (field, summary, where,
# detail), the op blamed, the cause or a cause it must not be ("!" first).
_ELEVENTH_SESSION_RULES = [
    # two views of one base, one written with the other (h11-s11-a-100k:24680)
    ("t1 = torch.ones((3, 2), dtype=torch.int8)\nt2 = t1.T\nt3 = t1[..., 0]\n"
     "t2.logical_xor_(t3)\n", ("values", "int8", "statement 4: t2", ""),
     "binary.logical_xor_", "deliberate.aliased_inplace"),
    ("t1 = torch.ones((3, 2))\nt2 = t1.clone()\nt3 = t1[..., 0]\nt2.mul_(t3)\n",
     ("values", "float32", "statement 4: t2", ""), "binary.mul_", None),
    # an integer fmod_ by a view of its target raising in torch (h11-s11-b-100k:18839)
    ("t1 = torch.full((3, 3), 1)\nt2 = t1[..., 0]\nt1.fmod_(t2)\n", _RAISED_AT[3],
     "binary.fmod_", "deliberate.aliased_inplace"),
    ("t1 = torch.full((3, 3), 1)\nt2 = t1.clone()[..., 0]\nt1.fmod_(t2)\n", _RAISED_AT[3],
     "binary.fmod_", "rc14.rejects"),
    # an integer %= by zero through a view of itself (h11-s11-a-100k:57933)
    ("t1 = torch.tensor([[5, 0]])\nt3 = t1.permute(0, 1)\nt3 %= t1\n",
     ("values", "int64", "end: t1", ""), "create.tensor", "deliberate.partial_write"),
    # writes at out-of-range indices after valid ones (h11-s11-c-100k:94251, :63235)
    ("t1 = torch.ones((3, 3))\nt4 = t1[:2]\nt4[torch.tensor([-2, -3], dtype=torch.long)] = 7\n",
     ("values", "float32", "end: t1", ""), "create.tensor", "deliberate.partial_write"),
    ("t4 = torch.ones(1)\nt4.index_fill_(0, torch.tensor([0, 1]), 0)\n",
     ("values", "float32", "end: t4", ""), "index.index_fill_", "deliberate.partial_write"),
    # det of a square arange, rank 2 (h11-s11-b-100k:82748)
    ("t2 = torch.arange(1, 10, dtype=torch.float64).reshape((3, 3)).requires_grad_()\n"
     "t3 = torch.det(t2)\nt3.sum().backward()\n", ("values", "float64", "end: t2.grad", ""),
     "linalg.det", "deliberate.exact_singular"),
    ("t2 = torch.arange(1, 7, dtype=torch.float64).reshape((2, 3)).requires_grad_()\n"
     "t3 = torch.det(t2 @ t2.mT)\n", ("values", "float64", "end: t2.grad", ""), "linalg.det",
     "!deliberate.exact_singular"),
    # det of a square matrix of equal entries, rank 1 (h11-s11-e-100k:4986)
    ("t3 = torch.ones((2, 2), dtype=torch.float64, requires_grad=True)\n"
     "t4 = torch.det(t3)\nt4.sum().backward()\n", ("values", "float64", "end: t3.grad", ""),
     "linalg.det", "deliberate.exact_singular"),
    ("t3 = torch.ones((2, 3), dtype=torch.float64, requires_grad=True)\n"
     "t4 = torch.det(t3 @ t3.mT + torch.eye(2))\n", ("values", "float64", "end: t3.grad", ""),
     "linalg.det", "!deliberate.exact_singular"),
    # a +0/-0 tie of clip with a tensor bound at an element a transposed operand holds in
    # torch's vector body (h11-s11-c-100k:96803): [3][0] of a 4x3 .T is element 3 in memory
    ("t1 = torch.zeros((3, 4), dtype=torch.float64)\nt4 = t1.T\n"
     "t6 = torch.clip(t4, max=torch.tensor(0.0))\n",
     ("signed_zero", "float64", "statement 3: t6",
      f"torch {_TIE_ROWS % '0.0'}\nember {_TIE_ROWS % '-0.0'}"), "pointwise.clip",
     "deliberate.vector_body"),
    ("t4 = torch.zeros((4, 3), dtype=torch.float64)\n"
     "t6 = torch.clip(t4, max=torch.tensor(0.0))\n",
     ("signed_zero", "float64", "statement 3: t6",
      f"torch {_TIE_ROWS % '0.0'}\nember {_TIE_ROWS % '-0.0'}"), "pointwise.clip",
     "!deliberate.vector_body"),
    # the nuclear norm's gradient of a float32 matrix spanning 70000 to 0.3: its small
    # singular vectors are LAPACK's rounding (h11-s11-f-100k:55728)
    ("t3 = torch.tensor([[0.3424, -2.3, 70000.0], [-3.0, -4.0, 1.0], [2.37, 1.3465, 0.6]], "
     "requires_grad=True)\nt4 = torch.linalg.matrix_norm(t3, ord='nuc')\n"
     "t10, = torch.autograd.grad(t4.sum(), [t3], create_graph=True)\n",
     ("values", "float32", "statement 2: t10", ""), "linalg.matrix_norm",
     "deliberate.svd_conditioning"),
    ("t3 = torch.tensor([[0.3424, -2.3, 7.0], [-3.0, -4.0, 1.0], [2.37, 1.3465, 0.6]], "
     "requires_grad=True)\nt4 = torch.linalg.matrix_norm(t3, ord='nuc')\n"
     "t10, = torch.autograd.grad(t4.sum(), [t3], create_graph=True)\n",
     ("values", "float32", "statement 2: t10", ""), "linalg.matrix_norm",
     "!deliberate.svd_conditioning"),
    # sgn's ZeroTensor gradient accumulated into by a second backward (h11-s11-c-100k:22374)
    ("t2 = torch.tensor([[-3.0]], requires_grad=True)\nt3 = torch.sgn(t2)\nt5 = t2 * 2\n"
     "t3.sum().backward()\nt5.sum().backward()\n", _RAISED_AT[5], "binary.mul unary.sgn",
     "deliberate.zero_tensor_grad"),
    ("t2 = torch.tensor([[-3.0]], requires_grad=True)\nt3 = torch.sgn(t2)\n"
     "t3.sum().backward()\n", _RAISED_AT[5], "unary.sgn", "!deliberate.zero_tensor_grad"),
]

# The twelfth session's, in the same form.
_TWELFTH_SESSION_RULES = [
    # std's backward writing sgn's ZeroTensor gradient in place (h11-s12-a-100k:58576)
    ("t4 = torch.tensor([[2.58, -0.8], [4.0, -1.7493]], requires_grad=True)\n"
     "t6 = torch.std(t4, 1, correction=0)\nt8 = t6.sgn()\n"
     "t9, = torch.autograd.grad(t8.sum(), [t4], create_graph=True)\n", _RAISED_AT[3],
     "reduce.std unary.sgn", "deliberate.zero_tensor_grad"),
    ("t4 = torch.tensor([[2.58, -0.8], [4.0, -1.7493]], requires_grad=True)\n"
     "t6 = torch.var(t4, 1, correction=0)\nt8 = t6.sgn()\n"
     "t9, = torch.autograd.grad(t8.sum(), [t4], create_graph=True)\n", _RAISED_AT[3],
     "reduce.var unary.sgn", "!deliberate.zero_tensor_grad"),
    # an integer %= by a view of its target reading a 0 it wrote (h11-s12-b-100k:6690)
    ("t1 = torch.tensor([[32767, 6], [1, 2]], dtype=torch.int16)\nt2 = t1[..., 0]\n"
     "t1 %= t2\n", _RAISED_AT[3], "binary.remainder_ index.getitem",
     "deliberate.aliased_inplace"),
    ("t1 = torch.tensor([[32767, 6], [1, 2]], dtype=torch.int16)\nt2 = t1[..., 0]\n"
     "t1 %= t1.clone()\n", _RAISED_AT[3], "binary.remainder_", "!deliberate.aliased_inplace"),
    # a float32 inverse whose LU multiplier underflows in float32 (h11-s12-b-100k:31454)
    ("t2 = torch.tensor([[-1e+30, 70000.0], [1e-40, 0.0]], dtype=torch.float32, "
     "requires_grad=True)\nt3 = torch.inverse(t2)\n",
     ("error", "_LinAlgError -> None", "statement 2", "torch raised _LinAlgError at 2, "
      "ember None at None"), "linalg.inverse", "deliberate.float32_lapack"),
    ("t2 = torch.tensor([[-1e+30, 70000.0], [1e-40, 0.0]], dtype=torch.float64, "
     "requires_grad=True)\nt3 = torch.inverse(t2)\n",
     ("error", "_LinAlgError -> None", "statement 2", "torch raised _LinAlgError at 2, "
      "ember None at None"), "linalg.inverse", "!deliberate.float32_lapack"),
    # what a later op makes of the det of a square arange (h11-s12-b-100k:954)
    ("t1 = torch.tensor(3, dtype=torch.int64)\nt5 = torch.arange(-2, 4, dtype=torch.float32)\n"
     "t6 = torch.arange(1, 10, dtype=torch.float64).reshape((3, 3)).requires_grad_()\n"
     "t7 = torch.det(t6)\nt8 = torch.addcdiv(t5, t1, t7)\n",
     ("values", "float32", "statement 5: t8", ""), "ternary.addcdiv", "deliberate.exact_singular"),
    ("t1 = torch.tensor(3, dtype=torch.int64)\nt5 = torch.arange(-2, 4, dtype=torch.float32)\n"
     "t6 = torch.arange(1, 10, dtype=torch.float64).reshape((3, 3)).requires_grad_()\n"
     "t7 = torch.det(t6)\nt8 = torch.addcdiv(t5, t1, t5)\n",
     ("values", "float32", "statement 5: t8", ""), "ternary.addcdiv",
     "!deliberate.exact_singular"),
    # the gradient of False ** x raising in torch before a later error of both
    # (h11-s12-b-100k:36484)
    ("t1 = torch.tensor([[0.5]], dtype=torch.float64, requires_grad=True)\nt5 = False ** t1\n"
     "t5.backward(torch.ones_like(t5))\nt5.abs().sum().backward()\n",
     ("error", "RuntimeError raised by torch first", "statement 3",
      "torch raised RuntimeError at 3, ember RuntimeError at 4"), "binary.pow",
     "deliberate.torch_internal_assert"),
    # median along a dim expand() repeats: torch's values are not in the input
    # (h11-s12-c-100k:29528)
    ("torch.manual_seed(41); t2 = torch.randn((2, 3), requires_grad=True)\n"
     "t3 = t2.expand(2, 2, 3)\nt4 = t3.median(dim=0)\n",
     ("values", "float32", "statement 2: t4[0]", ""), "reduce.median",
     "deliberate.median_expanded"),
    ("torch.manual_seed(41); t2 = torch.randn((2, 3), requires_grad=True)\n"
     "t4 = t2.median(dim=0)\n", ("values", "float32", "statement 1: t4[0]", ""),
     "reduce.median", "!deliberate.median_expanded"),
    # atan2 of a zero from a product of one term: torch's gemm keeps -4 * 0 = -0 (pi),
    # NumPy's BLAS adds it to +0 (h11-s12-d-100k:2913)
    ("t3 = torch.tensor([[-4.0], [-2.2312], [0.5]])\n"
     "t4 = torch.zeros((3, 1), dtype=torch.float32, requires_grad=True)\n"
     "t5 = torch.inner(t3, t4)\nt6 = torch.atan2(t4, t5)\n",
     ("values", "float32", "statement 4: t6", "torch [[3.1415927410125732, 0.0]]\n"
      "ember [[0.0, 0.0]]"), "binary.atan2", "deliberate.blas_order"),
    ("t4 = torch.zeros((3, 1), dtype=torch.float32, requires_grad=True)\n"
     "t5 = torch.inner(t4, t4)\nt6 = torch.atan2(t4, t5)\n",
     ("values", "float32", "statement 3: t6", "torch [[0.5, 0.0]]\nember [[0.0, 0.0]]"),
     "binary.atan2", "!deliberate.blas_order"),
    # fmod by a subnormal divisor: the vector body's quotient overflows (h11-s12-d-100k:60256)
    ("t2 = torch.tensor([-4.0, 1.0], requires_grad=True)\n"
     "t4 = torch.tensor([1e-40, 2.0])\nt5 = torch.fmod(t2, t4)\n",
     ("values", "float32", "statement 3: t5", ""), "binary.fmod", "deliberate.vector_body"),
    ("t2 = torch.tensor([-4.0, 1.0], requires_grad=True)\n"
     "t4 = torch.tensor([1e-4, 2.0])\nt5 = torch.fmod(t2, t4)\n",
     ("values", "float32", "statement 3: t5", ""), "binary.fmod", "!deliberate.vector_body"),
    # bool addmm with an empty inner dim (h11-s12-d-100k:87949)
    ("t3 = torch.ones((3, 0), dtype=torch.bool)\nt4 = torch.zeros((0, 1), dtype=torch.bool)\n"
     "t5 = torch.tensor([True], dtype=torch.bool)\nt6 = torch.addmm(t5, t3, t4)\n",
     ("error", "RuntimeError -> NotImplementedError", "statement 4",
      "torch raised RuntimeError at 4, ember NotImplementedError at 4"), "matrix.addmm",
     "deliberate.bool_empty_product"),
    ("t3 = torch.ones((3, 0))\nt4 = torch.zeros((0, 1))\n"
     "t5 = torch.tensor([True], dtype=torch.bool)\nt6 = torch.addmm(t3, t3, t4)\n",
     ("error", "RuntimeError -> None", "statement 4",
      "torch raised RuntimeError at 4, ember None at None"), "matrix.addmm",
     "!deliberate.bool_empty_product"),
]


# The cause rules of the thirteenth session's sweeps, in the same form.
_THIRTEENTH_SESSION_RULES = [
    # the nuclear norm's gradient of a square arange (rank 2, h11-s13-a-100k:69972)
    ("t3 = torch.arange(0, 9, dtype=torch.float32).reshape((3, 3)).requires_grad_()\n"
     "t4 = torch.linalg.matrix_norm(t3, ord='nuc')\nt4.sum().backward()\n",
     ("values", "float32", "end: t3.grad", ""), "linalg.matrix_norm",
     "deliberate.svd_degenerate"),
    ("t3 = torch.arange(0, 9, dtype=torch.float32).reshape((3, 3)).requires_grad_()\n"
     "t4 = torch.linalg.matrix_norm(t3, ord='fro')\nt4.sum().backward()\n",
     ("values", "float32", "end: t3.grad", ""), "linalg.matrix_norm",
     "!deliberate.svd_degenerate"),
    # sin's tangent at exp(6) of an int32 tensor (h11-s13-a-100k:61277)
    ("t1 = torch.tensor([[3, 6], [-1, 2]], dtype=torch.int32)\nt2 = torch.exp(t1)\n"
     "with torch.autograd.forward_ad.dual_level():\n"
     "    d = torch.autograd.forward_ad.make_dual(t2.detach(), torch.ones_like(t2))\n"
     "    t5 = torch.autograd.forward_ad.unpack_dual(d.sin()).tangent\n",
     ("values", "float32", "statement 2: t5", ""), "forward_ad.sin",
     "deliberate.float32_exp_ulp"),
    ("t1 = torch.tensor([[3, 6], [-1, 2]], dtype=torch.int32)\nt2 = torch.log(t1)\n"
     "t5 = t2.sin()\n", ("values", "float32", "statement 2: t5", ""), "unary.sin",
     "!deliberate.float32_exp_ulp"),
    # a solve with a matrix of log(2) everywhere (h11-s13-b-100k:54654)
    ("t3 = torch.zeros((2, 2, 2), dtype=torch.int32)\n"
     "t4 = torch.logsumexp(t3, 2, keepdim=False)\n"
     "torch.manual_seed(0); t7 = torch.randn((2,), dtype=torch.float32, requires_grad=True)\n"
     "t8 = torch.linalg.solve(t4, t7)\nt11 = torch.ones(3).kthvalue(0)\n",
     ("error", "_LinAlgError -> RuntimeError", "statement 3",
      "torch raised _LinAlgError at 3, ember RuntimeError at 4"), "linalg.solve",
     "deliberate.exact_singular"),
    ("torch.manual_seed(0); t4 = torch.randn((2, 2))\n"
     "torch.manual_seed(0); t7 = torch.randn((2,), dtype=torch.float32, requires_grad=True)\n"
     "t8 = torch.linalg.solve(t4, t7)\nt11 = torch.ones(3).kthvalue(0)\n",
     ("error", "_LinAlgError -> RuntimeError", "statement 2",
      "torch raised _LinAlgError at 2, ember RuntimeError at 3"), "linalg.solve",
     "!deliberate.exact_singular"),
    # sinc's second derivative at 0.0047 in float32 (h11-s13-b-100k:16354)
    ("torch.manual_seed(14); t2 = torch.rand((2,), dtype=torch.float32, requires_grad=True)\n"
     "t3 = torch.clamp(t2, 0.0)\nt5 = t3.sinc()\n"
     "t6, = torch.autograd.grad(t5.sum(), [t2], create_graph=True)\n"
     "t7, = torch.autograd.grad((t6 * t6).sum(), [t2], allow_unused=True)\n",
     ("values", "float32", "statement 4: t7", ""), "pointwise.clamp unary.sinc",
     "deliberate.sinc_cancellation"),
    ("torch.manual_seed(14); t2 = torch.rand((2,), dtype=torch.float32, requires_grad=True)\n"
     "t5 = t2.sinc()\n", ("values", "float32", "statement 1: t5", ""), "unary.sinc",
     "!deliberate.sinc_cancellation"),
    # a float32 nan's bytes read as bools: torch's log1p nan has four nonzero bytes,
    # NumPy's default nan two (h11-s13-c-100k:83211)
    ("t1 = torch.tensor([-4.0])\nt2 = t1.view(torch.bool)\nt1.log1p_()\n",
     ("values", "bool", "end: t2", "torch [True, True, True, True]\n"
      "ember [False, False, True, True]"), "shape.view_dtype", "deliberate.nan_payload"),
    ("t1 = torch.tensor([-4.0])\nt2 = t1.view(torch.bool)\nt1.log1p_()\n",
     ("values", "bool", "end: t2", "torch [True, True, True, True]\n"
      "ember [False, True, True, True]"), "shape.view_dtype", "!deliberate.nan_payload"),
    # an inverse of a float64 matrix with 1e30 beside 4 and 0.25 (h11-s13-e-100k:11698)
    ("t5 = torch.tensor([[1.5, 4.0, 0.0], [2.0, -1e+30, 1e+30], [-0.4, 0.25, 0.25]], "
     "dtype=torch.float64, requires_grad=True)\nt6 = torch.inverse(t5)\n",
     ("error", "_LinAlgError -> None", "statement 1",
      "torch raised _LinAlgError at 1, ember None at None"), "linalg.inverse",
     "deliberate.exact_singular"),
    ("t5 = torch.tensor([[1.5, 4.0, 0.0], [2.0, -1.0, 1.0], [-0.4, 0.25, 0.25]], "
     "dtype=torch.float64, requires_grad=True)\nt6 = torch.inverse(t5)\n",
     ("error", "_LinAlgError -> None", "statement 1",
      "torch raised _LinAlgError at 1, ember None at None"), "linalg.inverse",
     "!deliberate.exact_singular"),
    # an inverse of a matrix of equal subnormal entries (h11-s13-e-100k:80788)
    ("t1 = torch.full((3, 3), 1e-40, dtype=torch.float32, requires_grad=True)\n"
     "t4 = torch.inverse(t1)\n",
     ("error", "None -> _LinAlgError", "statement 1",
      "torch raised None at None, ember _LinAlgError at 1"), "linalg.inverse",
     "deliberate.exact_singular"),
    ("t1 = torch.eye(3, dtype=torch.float32, requires_grad=True)\n"
     "t4 = torch.inverse(t1)\n",
     ("error", "None -> _LinAlgError", "statement 1",
      "torch raised None at None, ember _LinAlgError at 1"), "linalg.inverse",
     "!deliberate.exact_singular"),
    # the p-norm's backward writing sgn's ZeroTensor gradient (h11-s13-b-100k:72344)
    ("t3 = torch.tensor([[1.7838, 0.0], [-2.7426, 2.0]], requires_grad=True)\n"
     "t4 = torch.linalg.vector_norm(t3, ord=3.5)\nt5 = t4.sgn()\nt5.backward()\n",
     _RAISED_AT[3], "linalg.vector_norm unary.sgn", "deliberate.zero_tensor_grad"),
    ("t3 = torch.tensor([[1.7838, 0.0], [-2.7426, 2.0]], requires_grad=True)\n"
     "t4 = torch.linalg.vector_norm(t3, ord=2)\nt5 = t4.sgn()\nt5.backward()\n",
     _RAISED_AT[3], "linalg.vector_norm unary.sgn", "!deliberate.zero_tensor_grad"),
]


_FOURTEENTH_SESSION_RULES = [
    # a solve with equal subnormal entries, the matrix written afterwards: torch solves
    # (nan) and refuses the backward, ember finds the zero pivot (h14-s14-c-50k:12025)
    ("t2 = torch.full((3, 3), 1e-40, dtype=torch.float32)\n"
     "t3 = torch.tensor([0.5, -2.2, 2.63], requires_grad=True)\n"
     "t4 = torch.linalg.solve(t2, t3)\nt2.floor_()\nt4.mean().backward()\n",
     ("error", "RuntimeError -> _LinAlgError", "statement 2",
      "torch raised RuntimeError at 4, ember _LinAlgError at 2"), "linalg.solve",
     "deliberate.exact_singular"),
    ("t2 = torch.eye(3, dtype=torch.float32)\n"
     "t3 = torch.tensor([0.5, -2.2, 2.63], requires_grad=True)\n"
     "t4 = torch.linalg.solve(t2, t3)\nt2.floor_()\nt4.mean().backward()\n",
     ("error", "RuntimeError -> _LinAlgError", "statement 2",
      "torch raised RuntimeError at 4, ember _LinAlgError at 2"), "linalg.solve",
     "!deliberate.exact_singular"),
]

_FIFTEENTH_SESSION_RULES = [
    # torch fills index 0 of the 1-element chunk, then refuses index 1 (s15-1501:4191)
    ("t3 = torch.tensor([1, 0], dtype=torch.uint8)\nt5 = torch.chunk(t3, 2, 0)\n"
     "t6 = t5[0]\nt6.index_fill_(0, torch.tensor([0, 1], dtype=torch.long), 2.0)\n",
     ("values", "uint8", "end: t3", "torch [2, 0]\nember [1, 0]"), "create.tensor",
     "deliberate.partial_write"),
    # torch's float16 erf of the smallest subnormal is 0 (s15-1501:16258)
    ("t2 = torch.tensor([-5, 6], dtype=torch.int16)\nt2[:] = True\n"
     "t4 = t2.view(torch.float16)\nt4.erf_()\n",
     ("values", "int16", "end: t2", "torch [0, 0]\nember [1, 1]"), "index.setitem",
     "deliberate.half_erf"),
    ("t2 = torch.tensor([-5, 6], dtype=torch.int16)\nt2[:] = True\n"
     "t4 = t2.view(torch.float16)\nt4.exp_()\n",
     ("values", "int16", "end: t2", "torch [0, 0]\nember [1, 1]"), "index.setitem",
     "!deliberate.half_erf"),
    # exp(6) of an int16 tensor, its cosine clamped (s15-1502:19901)
    ("t1 = torch.full((2, 3), 6, dtype=torch.int16)\nt3 = torch.exp(t1)\nt6 = t3.cos()\n"
     "t8 = torch.clamp(t6, min=0)\n",
     ("values", "float32", "statement 3: t8", "torch [[0.2627328634262085]]\n"
      "ember [[0.26276230812072754]]"), "pointwise.clamp", "deliberate.float32_exp_ulp"),
    # index_fill_ of the chunk of a logical_not's result (s15-1503:1129)
    ("t1 = torch.tensor([[0.5], [0.0]], dtype=torch.float64)\nt2 = t1.logical_not()\n"
     "t4 = torch.split(t2, 1, 0)\nt5 = t4[0]\n"
     "t5.index_fill_(0, torch.tensor([0, 1, 1], dtype=torch.long), 2.0)\n",
     ("values", "bool", "end: t2", "torch [[True], [False]]\nember [[False], [False]]"),
     "unary.logical_not", "deliberate.partial_write"),
    # a float64 nan's payload seen through view(torch.float16) (s15-1503:36965)
    ("t3 = torch.tensor([0.0, 3.0], dtype=torch.float64)\nt8 = t3.view(torch.float16)\n"
     "t3.atanh_()\n",
     ("values", "float16", "end: t8", "torch [0.0, 0.0, 0.0, 0.0, 'nan', 'nan', 'nan', 'nan']"
      "\nember [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 'nan']"), "shape.view_dtype",
     "deliberate.nan_payload"),
    ("t3 = torch.tensor([0.0, 3.0], dtype=torch.float64)\nt8 = t3.view(torch.float16)\n"
     "t3.atanh_()\n",
     ("values", "float16", "end: t8", "torch [0.0, 0.0, 0.0, 0.0, 'nan', 'nan', 'nan', 'nan']"
      "\nember [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 'nan']"), "shape.view_dtype",
     "!deliberate.nan_payload"),
    # clip_ by a split of a permutation of its target (s15-1504:2194)
    ("t1 = torch.arange(0, 12, dtype=torch.int32).reshape((3, 2, 2))\n"
     "t3 = t1.permute(0, 2, 1)\nt4 = torch.split(t3, 1, 1)\nt5 = t4[0]\nt1.clip_(max=t5)\n",
     ("values", "int32", "statement 4: t1", "torch [[[0, 1], [0, 0]]]\nember [[[0, 1], [0, 2]]]"),
     "pointwise.clip_", "deliberate.aliased_inplace"),
    ("t1 = torch.arange(0, 12, dtype=torch.int32).reshape((3, 2, 2))\n"
     "t3 = t1.permute(0, 2, 1).clone()\nt4 = torch.split(t3, 1, 1)\nt5 = t4[0]\n"
     "t1.clip_(max=t5)\n",
     ("values", "int32", "statement 4: t1", "torch [[[0, 1], [0, 0]]]\nember [[[0, 1], [0, 2]]]"),
     "pointwise.clip_", "!deliberate.aliased_inplace"),
]


_SIXTEENTH_SESSION_RULES = [
    # det's gradient where the incoming one is inf: torch's LU solve spreads nan further
    # (s16-1601:37988)
    ("t1 = torch.arange(0, 1, dtype=torch.int8).reshape((1, 1))\n"
     "t3 = torch.arange(0, 4, dtype=torch.float64).reshape((2, 2)).requires_grad_()\n"
     "t4 = torch.det(t3)\nt5 = t4 / t1\nt5.backward(torch.ones_like(t5))\n",
     ("values", "float64", "end: t3.grad", "torch [['inf', 'nan'], ['-inf', 'nan']]\n"
      "ember [['inf', '-inf'], ['-inf', 'nan']]"), "binary.div linalg.det",
     "deliberate.lapack_order"),
    ("t3 = torch.arange(0, 4, dtype=torch.float64).reshape((2, 2)).requires_grad_()\n"
     "t4 = torch.det(t3)\nt4.backward()\n",
     ("values", "float64", "end: t3.grad", "torch [[3.0, -2.0], [-1.0, 0.0]]\n"
      "ember [[3.0, -2.0], [-1.0, 1.0]]"), "linalg.det", "!deliberate.lapack_order"),
]
# (s16-1603:22346's float32 sinh/cosh overflow in torch's vector blocks is ember's too since
# the seventeenth session: reproducer found_sinh_overflows_in_the_vector_body)


_SEVENTEENTH_SESSION_RULES = [
    # two backward passes into stacked 0-d leaves (s17-1701:36899)
    ("t1 = torch.tensor(3.75, dtype=torch.float64, requires_grad=True)\n"
     "t3 = torch.tensor(-1.0, dtype=torch.float64, requires_grad=True)\n"
     "t4 = torch.stack([t1, t3], 0)\n"
     "t5 = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)\n"
     "t6 = t1 % t5\nt4.sum().backward()\nt6.sum().backward()\n",
     ("values", "float64", "end: t3.grad", "torch 2.0\nember 1.0"),
     "binary.remainder shape.stack", "deliberate.stolen_gradient_view"),
    ("t1 = torch.tensor(3.75, dtype=torch.float64, requires_grad=True)\n"
     "t3 = torch.tensor(-1.0, dtype=torch.float64, requires_grad=True)\n"
     "t4 = torch.stack([t1, t3], 0)\nt4.sum().backward()\n",
     ("values", "float64", "end: t3.grad", "torch 2.0\nember 1.0"),
     "shape.stack", "!deliberate.stolen_gradient_view"),
    # a nan's sign bit seen through the integer tensor a float view shares memory with
    # (s17-1703:24220)
    ("t1 = torch.tensor([[5, -4]], dtype=torch.int32)\nt3 = t1.view(torch.float32)\n"
     "t4 = torch.tensor([[-1.7542, 2.0]], dtype=torch.float32)\n"
     "t3[torch.tensor([0], dtype=torch.long)] = t4\nt5 = t3[0]\nt5.sqrt_()\n"
     "t6 = torch.cat([t4, t1], 0)\n",
     ("values", "float32", "statement 5: t6",
      "torch [[-1.7541999816894531, 2.0], [2143289344.0, 1068827904.0]]\n"
      "ember [[-1.7541999816894531, 2.0], [-4194304.0, 1068827904.0]]"),
     "shape.cat", "deliberate.nan_sign"),
    ("t1 = torch.tensor([[5, -4]], dtype=torch.int32)\nt3 = t1.view(torch.float32)\n"
     "t3.add_(1)\n",
     ("values", "int32", "statement 2: t1", "torch [[1, 2]]\nember [[1, 3]]"),
     "pointwise.add_", "!deliberate.nan_sign"),
    # a float32 det whose float16-max entries cancel in LU (s17-1702:5284)
    ("t4 = torch.tensor([[-2.0, -0.7596, -0.125], [65504.0, -0.125, -1.89], "
     "[65504.0, -2.0235, -2.4556]], dtype=torch.float32, requires_grad=True)\n"
     "t5 = torch.det(t4)\n",
     ("values", "float32", "statement 1: t5", "torch -12609.33984375\nember -12590.5166015625"),
     "linalg.det", "deliberate.lapack_order"),
    ("t4 = torch.tensor([[-2.0, -0.7596, -0.125], [6.5, -0.125, -1.89], "
     "[6.5, -2.0235, -2.4556]], dtype=torch.float32, requires_grad=True)\n"
     "t5 = torch.det(t4)\n",
     ("values", "float32", "statement 1: t5", "torch -1.5\nember -1.6"),
     "linalg.det", "!deliberate.lapack_order"),
]


@pytest.mark.parametrize("source, difference, op, expected",
                         _ELEVENTH_SESSION_RULES + _TWELFTH_SESSION_RULES
                         + _THIRTEENTH_SESSION_RULES + _FOURTEENTH_SESSION_RULES
                         + _FIFTEENTH_SESSION_RULES + _SIXTEENTH_SESSION_RULES
                         + _SEVENTEENTH_SESSION_RULES)
def test_cause_rules_of_the_sweeps(source, difference, op, expected):
    from .causes import classify
    program = to_program("p", "exact", source)
    # (without the reproducers' setup line `nan, inf = ...`, as a sweep's program that
    # uses neither)
    program = Program(program.statements[1:], program.finals, program.seed)
    cause = classify(program, Difference(*difference), op)
    if expected is not None and expected.startswith("!"):
        assert cause != expected[1:]
    else:
        assert cause == expected


def test_a_batch_times_a_matrix_overflowing_is_blas_order():
    # h11-s10-check-100k:88121: -2.82 * 3e38 + inf * 3e38 is nan where the product is
    # rounded to -inf first (torch's MKL, NumPy's dot), inf where OpenBLAS's gemv keeps it
    # exact; torch.matmul of a batch by a matrix is the generator's matrix.matmul_batched
    from .causes import classify
    program = to_program("p", "exact",
                         "a = torch.tensor([[[-2.82, 1e+300, 2.0]]], dtype=torch.float32)\n"
                         "b = torch.tensor([[3e+38], [3e+38], [3.0]], dtype=torch.float32)\n"
                         "c = torch.matmul(a, b)\n")
    differs = Difference("values", "float32", "statement 3: c", "")
    assert classify(program, differs, "matrix.matmul_batched") == "deliberate.blas_order"
    finite = to_program("p", "exact", "a = torch.ones((2, 1, 3))\nb = torch.ones((3, 1))\n"
                                      "c = torch.matmul(a, b)\n")
    # (the setup line naming inf is no infinite term)
    assert classify(finite, differs, "matrix.matmul_batched") != "deliberate.blas_order"



def test_an_lu_derivative_agreeing_relative_to_its_largest_entry_is_lapack_rounding():
    # h11-s10-check-100k:79556: the second derivative's entry 0.015 is +-1433 cancelling in
    # float32, so one ulp of 1433 in torch's LU (MKL) against NumPy's (OpenBLAS) is 1% of
    # it, and 8e-7 of the result's largest entry (159.46)
    from .causes import classify
    program = to_program("p", "exact", (
        "t3 = torch.tensor([[2.0, 0.25, 2.02], [-3.0, 1.5, 2.0], [4.0, 0.9, 2.5]], "
        "requires_grad=True)\n"
        "t4 = torch.det(t3)\n"
        "t6, = torch.autograd.grad(t4.sum(), [t3], create_graph=True)\n"
        "t7, = torch.autograd.grad((t6 * t6).sum(), [t3])\n"))
    torch_row = "[37.530029296875, 0.0150146484375, 159.4649658203125]"

    def differs(ember_row: str) -> Difference:
        return Difference("values", "float32", "statement 4: t7",
                          f"torch {torch_row}\nember {ember_row}")
    assert classify(program, differs("[37.529998779296875, 0.014892578125, 159.46499633789062]"),
                    "linalg.det") == "deliberate.lapack_rounding"
    # more than 1e-4 of the largest entry, an inf against a finite value, no derivative
    assert classify(program, differs("[37.55, 0.0150146484375, 159.4649658203125]"),
                    "linalg.det") != "deliberate.lapack_rounding"
    assert classify(program, differs("[37.530029296875, 'inf', 159.4649658203125]"),
                    "linalg.det") != "deliberate.lapack_rounding"
    forward = to_program("p", "exact", "t3 = torch.ones((2, 2))\nt4 = torch.inverse(t3)\n")
    assert classify(forward, differs("[37.529998779296875, 0.014892578125, 159.46499633789062]"),
                    "linalg.inverse") != "deliberate.lapack_rounding"


def test_a_program_that_kills_the_process_costs_only_itself(monkeypatch):
    """torch 2.13 segfaults on some programs: the sweep records that program and goes on."""
    import os
    import signal

    from . import sweep

    crasher = "crash-test:3"

    def die_on_the_crasher(program) -> None:
        if program.seed == crasher:
            os.kill(os.getpid(), signal.SIGKILL)

    def check(program, *args, **kwargs):  # (ember agrees with itself: no failure)
        die_on_the_crasher(program)

    def run_program_or_die(library, program):
        die_on_the_crasher(program)
        return run_program(library, program)

    monkeypatch.setattr(sweep, "_modules", lambda: (ember, ember))
    monkeypatch.setattr(sweep, "check", check)
    monkeypatch.setattr(sweep, "run_program", run_program_or_die)
    count, failures = sweep._work(([f"crash-test:{i}" for i in range(6)], False))
    assert count == 6
    assert [f["seed"] for f in failures] == [crasher]
    assert failures[0]["key"] == "crash: torch"
    assert failures[0]["cause"].startswith("deliberate: torch crashes")


# The nan-payload rule (twelfth session): integers that differ only where both are nan bits
# of the float of their size, in a program with a view(dtype); any other integer that
# differs is not explained by it
_NAN_PAYLOAD_PROGRAM = ("t4 = torch.tensor([-1, 4, -4], dtype=torch.int64)\n"
                        "t5 = t4.view(torch.float64)\nt5.tanh_()\n")


@pytest.mark.parametrize("source, torch_values, ember_values, summary, expected", [
    (_NAN_PAYLOAD_PROGRAM, "[-1, 4, -4]", "[9221120237041090560, 4, 9221120237041090560]",
     "int64", "deliberate.nan_payload"),
    ("t1 = torch.tensor([[-4, 3]], dtype=torch.int16)\nt4 = t1.view(torch.float16)\n"
     "t4.log_()\n", "[[-4, -1024]]", "[[-512, -1024]]", "int16", "deliberate.nan_payload"),
    (_NAN_PAYLOAD_PROGRAM, "[-1, 4, -4]", "[9221120237041090560, 5, -4]", "int64", None),
    (_NAN_PAYLOAD_PROGRAM.replace("view(torch.float64)", "float()"), "[-1, 4, -4]",
     "[9221120237041090560, 4, -4]", "int64", None),
])
def test_cause_rule_of_nan_payloads(source, torch_values, ember_values, summary, expected):
    from .causes import classify
    program = to_program("p", "exact", source)
    program = Program(program.statements[1:], program.finals, program.seed)
    difference = Difference("values", summary, "end: t4", f"torch {torch_values}\n"
                                                          f"ember {ember_values}")
    assert classify(program, difference, "create.tensor") == expected
