"""Argument checks found by the differential sweeps of issue 11 (session 5): each case runs
calls torch refuses (or accepts) and prints the exception's type and message, so the order
of torch's checks and its words are recorded, not only the type the corpus compares.

Ids start with ``sweep_``.
"""

from __future__ import annotations


def _calls(*calls: str) -> str:
    """Source that prints, for each call, its result or its exception's type and message."""
    lines = ["def show(text, f):",
             "    try:",
             "        print(text, '->', repr(f()).replace('\\n', ' '))",
             "    except Exception as e:",
             "        print(text, '->', type(e).__name__, str(e).split('\\n')[0])"]
    lines += [f"show({call!r}, lambda: {call})" for call in calls]
    return "\n".join(lines) + "\n"


_B = "b = torch.tensor([[True, False, True], [False, False, True]])\n"
_H = ("h = torch.eye(2, dtype=torch.float16); h23 = torch.ones(2, 3, dtype=torch.float16)\n"
      "v = torch.ones(2, dtype=torch.float16); i = torch.eye(2, dtype=torch.int64)\n")

CASES: list[tuple[str, str]] = [
    # kthvalue: an empty dim, then k, then the dtype (a 0-d bool is copied without a kernel)
    ("sweep_kthvalue_bool_order", _B + _calls(
        "torch.kthvalue(b, 2, -1)", "torch.kthvalue(b, 4, -1)", "torch.kthvalue(b[:0], 1, 0)",
        "torch.kthvalue(torch.tensor(True), 1)", "torch.kthvalue(torch.tensor(True), 2)",
        "torch.kthvalue(torch.tensor([[True]]), 1)")),
    # median and nanmedian of bool: one kernel, named by whether a dim is given
    ("sweep_median_bool_names", _B + _calls(
        "torch.median(b)", "torch.median(b, 1)", "torch.nanmedian(b)", "torch.nanmedian(b, 1)",
        "torch.median(torch.tensor(True), 0)", "torch.median(b[:0], 0)",
        "torch.nanmedian(torch.zeros(0, 3), 0)")),
    # aminmax over an empty dim given by number is an IndexError, over everything not
    ("sweep_aminmax_empty_dim", _calls(
        "torch.aminmax(torch.ones(0, 4), dim=0)", "torch.aminmax(torch.ones(0, 4), dim=1)",
        "torch.aminmax(torch.ones(0, 4))", "torch.aminmax(torch.ones(0, 4), dim=5)")),
    # float16 matrices: LU-based ops name the missing kernel, inv and slogdet refuse low
    # precision; shape checks come first
    ("sweep_linalg_float16", _H + _calls(
        "torch.det(h)", "torch.linalg.det(h)", "torch.det(h23)", "torch.linalg.solve(h, v)",
        "torch.linalg.solve(h23, v)", "torch.inverse(h)", "torch.linalg.inv(h)",
        "torch.linalg.matrix_power(h, -1)", "torch.linalg.matrix_power(h, 2)",
        "torch.slogdet(h)", "torch.linalg.slogdet(h)", "torch.logdet(h)", "torch.logdet(h23)",
        "torch.logdet(i)", "torch.det(i)", "torch.linalg.matrix_norm(h)")),
]
