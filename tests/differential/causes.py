"""Triage: which known cause explains a difference.

Issue 11 names its open root causes by symptom (9: writes into expanded tensors, 10: uint8
with negative numbers, 11: valid code that fails, 12: grad_fn names, 13: lost
requires_grad, 14: code torch rejects, 15: NumPy's exception types, 16: NumPy's warnings),
so most rules here read the symptom; a few name a specific op. `classify` returns the first
matching cause, or None: an *unexplained* difference, which someone must look at. Causes
marked deliberate are listed in docs/differences.md with their reasons.
"""

from __future__ import annotations

import ast
import math
import re
import struct

from .compare import Difference
from .program import Program

# The causes, by short id (what known_failures.py and the sweep's report name).
LABELS: dict[str, str] = {
    # (sort, argsort, topk and kthvalue place equal elements as torch: ops/_tie_order.py)
    "deliberate.ties": "deliberate: which index median/max/min/mode return among equal "
                       "values (unspecified by torch)",
    "deliberate.no_storage": "deliberate: torch returns a tensor without storage for a "
                             "second derivative that is all zeros",
    "issue12.randn_float64": "issue 12: float64 normal draws differ in the last bit",
    "open.welford_mean": "open: var_mean/std_mean return nan as the mean where a value is "
                         "inf (torch's Welford update); ember returns the mean (inf)",
    "open.huge_values": "open: where huge values overflow in norms and BLAS products (torch "
                        "scales a 1-element norm, its BLAS applies alpha before summing)",
    "open.singular_second_derivatives": "open: second derivatives at singular points "
                                        "(x % 0, atan2 and copysign at 0, erf at huge x): "
                                        "torch gives 0 or nan where ember gives the other",
    "open.einsum_int_dtype": "open: einsum of integer tensors whose summed dim is broadcast "
                             "(torch sums into int64)",
    "open.stale_views": "open: a wrong gradient in a program that writes in place (views "
                        "whose base was written, saved results of in-place ops on views, "
                        "retain_grad through them: the last-resort rule for such programs)",
    "deliberate.partial_write": "deliberate: an in-place integer division by zero (or a "
                                "write at an out-of-range index) raises in both; torch has "
                                "written part of the result by then",
    "open.signed_zero": "open: the sign of zero where +0 and -0 tie in maximum/minimum/clamp "
                        "with tensor bounds in torch's scalar tail (where torch and ember "
                        "both keep the first operand: a real difference)",
    "open.nonfinite_gradients": "open: gradients at inf/huge inputs where the order of a "
                                "formula's operations decides between inf, nan and 0",
    "deliberate.nan_sign": "deliberate: the sign bit of a nan made from a negative input, "
                           "seen only through copysign, signbit or a bit view: NumPy's is "
                           "set (the x86 default nan), torch's sqrt/log/log2/log10/logit "
                           "clear it while its rsqrt/log1p/acos/asin/acosh/atanh keep it; "
                           "clearing it would cost a pass over every such result",
    "deliberate.nan_payload": "deliberate: a nan's bits (payload and sign) read as an "
                              "integer (or its bytes as bools) through view(dtype): "
                              "torch's kernels return a nan "
                              "operand's own bits, NumPy's functions may return the default "
                              "nan; both are nan as floats",
    "deliberate.stolen_gradient_view": "deliberate: 0-d leaves stacked into a tensor whose "
                                       "gradient is one value expanded: torch's "
                                       "AccumulateGrad keeps each leaf's piece of it without "
                                       "copying, so all their .grad share one element and a "
                                       "later backward into one leaf shows in the others; "
                                       "ember's gradients are separate",
    "deliberate.aliased_inplace": "deliberate: an in-place op whose other operand is a view "
                                  "of its target (torch reads elements it already wrote; "
                                  "ember reads the old values)",
    "deliberate.nonfinite_to_int": "deliberate: nan, inf or a negative float converted to "
                                   "an integer dtype it does not fit (undefined in C: torch "
                                   "and NumPy give different integers)",
    "deliberate.addcmul_int_backward": "deliberate: torch's atan2 backward computes "
                                       "with an integer operand in its integer dtype (it "
                                       "wraps); ember computes in the float result dtype",
    "deliberate.unsorted_searchsorted": "deliberate: searchsorted in a sequence that is not "
                                        "sorted (it holds nan): the answer is unspecified",
    "deliberate.data_dependent_shape": "deliberate: a shape that depends on inexact values "
                                       "(where/nonzero/masked_select/unique of results that "
                                       "may differ in the last bit)",
    "deliberate.partial_backward": "deliberate: a backward that raises part way (a derivative "
                                   "torch does not implement): torch had not yet accumulated a "
                                   "gradient that ember had",
    "deliberate.nan_order": "deliberate: where torch puts nans among themselves (unique's "
                            "inverse indices of nan elements)",
    "open.mean_float16_dtype": "open: mean(dtype=float16) over some dims of a wider input "
                               "whose values cancel (the order of additions of torch's dim "
                               "kernels; over every element ember adds in torch's order)",
    "deliberate.signed_zero_reduction": "deliberate: which of +0 and -0 a max/min/median "
                                        "reduction returns where they tie (torch's own "
                                        "reductions disagree: amax keeps the first, max() "
                                        "and aminmax the last; median's is where its "
                                        "selection algorithm leaves them)",
    "deliberate.vector_body": "deliberate: where torch's vectorised loop and its scalar "
                              "tail differ, ember follows the tail (float16 // of 64 "
                              "elements or more: each step rounded to float16; float fmod "
                              "or remainder of a huge value by a small one: the quotient "
                              "overflows, nan; "
                              "the +0/-0 tie of maximum/minimum/clamp at an element of the "
                              "loop's 64-byte blocks: the second operand), or for float16 "
                              "add/sub with alpha the loop (alpha * other not rounded to "
                              "float16 first, as torch's tail does)",
    "deliberate.lapack_order": "deliberate: det/slogdet/inverse/solve/SVD norms (and their "
                               "gradients) of a matrix holding inf or values whose products "
                               "overflow, or gradients of them that hold inf: which of "
                               "+-inf, nan and 0 comes out depends on the order of "
                               "LAPACK's operations and whether its BLAS skips zero "
                               "multipliers (MKL in torch, OpenBLAS in NumPy); the sign of "
                               "a zero det",
    "deliberate.blas_order": "deliberate: a matrix product whose terms hold inf or overflow: "
                             "whether the BLAS fuses a multiply-add (an exact product, "
                             "no overflow before the add) decides between +-inf and nan; "
                             "the sign of a zero from one term (torch's gemm keeps -0, its "
                             "gemv/dot/bmm add it to +0)",
    "deliberate.lapack_rounding": "deliberate: a derivative through an LU-based op "
                                  "(det/slogdet/logdet/inverse/solve) whose entries agree "
                                  "to the tolerance relative to the result's largest entry "
                                  "but not each to its own: an entry that cancels (0.015 "
                                  "from +-1433 in float32) keeps only the rounding of "
                                  "LAPACK's LU, which differs between MKL and OpenBLAS",
    "deliberate.svd_degenerate": "deliberate: a derivative through an SVD of a matrix of "
                                 "equal entries (the nuclear norm's first, the nuclear or "
                                 "2-norm's second): its zero singular values repeat, so the "
                                 "singular vectors LAPACK picks (and the derivative) are not "
                                 "unique; the nuclear norm's gradient U V^T of a square "
                                 "arange (rank 2) holds the null singular vectors, whose "
                                 "signs are LAPACK's choice",
    "deliberate.sinc_cancellation": "deliberate: sinc's derivatives near 0 in float32: "
                                    "pi x cos(pi x) - sin(pi x) cancels (-1e-6 from terms "
                                    "of 0.015), magnifying the last-bit differences of "
                                    "NumPy's and torch's sine and cosine a thousandfold",
    "deliberate.float32_exp_ulp": "deliberate: float32 exp rounds differently in NumPy's "
                                  "SIMD loop and in torch's (one unit in the last place in "
                                  "about 40% of values on AVX2 machines; rounding through "
                                  "float64 would cost 4x), and the sine, cosine or tangent "
                                  "of such a large result magnifies that unit (exp(6) = "
                                  "403.43: its cosine moves by 1e-4)",
    "deliberate.half_erf": "deliberate: float16 erf: torch's Half kernel has an absolute "
                           "error near 1e-7 (erf of 1e-5 is 1.1563e-05 there, 1.1284e-05 "
                           "exactly; of the smallest subnormals 0); ember rounds the exact "
                           "value to float16",
    "deliberate.empty_cummax_gradient": "deliberate: the gradient of cummax/cummin of an "
                                        "input without elements is that input itself in "
                                        "torch (it requires grad); ember's is a new empty "
                                        "tensor",
    "deliberate.exact_singular": "deliberate: a matrix singular in exact arithmetic "
                                 "(arange(1., 10.).reshape(3, 3), full((2, 2), 1.54)), or "
                                 "made singular in floating point by huge entries that "
                                 "absorb the others (1e30 beside 0.25): which LAPACK finds "
                                 "an exactly zero pivot depends on its rounding",
    "deliberate.float32_lapack": "deliberate: float32 linear algebra: NumPy's LAPACK "
                                 "computes in float64 and rounds the result once, torch's "
                                 "in float32, where a multiplier underflows to 0 (1e-40 / "
                                 "-1e30) and leaves a zero pivot: torch finds the matrix "
                                 "singular, ember inverts it",
    "deliberate.median_expanded": "deliberate: median/nanmedian along a dim that expand() "
                                  "repeats (stride 0): torch's kernel returns values that "
                                  "are not in the input (a torch bug: median of two copies "
                                  "of -1.46 is 9.1e-44); ember gives the median",
    "deliberate.bool_empty_product": "deliberate: addmm/baddbmm/addbmm/addmv of bools with "
                                     "nothing to multiply (an inner size of 0): torch has "
                                     "no bool kernel, yet returns zeros for beta=0, an "
                                     "empty result, or refuses beta * self computed in "
                                     "int64; ember refuses all of them as the bool kernel "
                                     "torch lacks",
    "deliberate.lapack_nonfinite": "deliberate: an SVD of a matrix holding inf: whether "
                                   "LAPACK gives up (torch's _LinAlgError) or returns nan "
                                   "depends on the LAPACK build",
    "deliberate.torch_crash": "deliberate: torch crashes (a segmentation fault in its C++ "
                              "code, a torch bug: sgn's double backward of a stacked "
                              "tensor); ember gives a result",
    "deliberate.svd_conditioning": "deliberate: singular vectors (and the gradients built "
                                   "on them) of a float32 matrix whose entries span more "
                                   "than four orders of magnitude: float32 fixes them only "
                                   "to eps times the condition number, so MKL's and "
                                   "OpenBLAS's LAPACK give different ones",
    "deliberate.zero_tensor_grad": "deliberate: sgn's gradient of a real input is torch's "
                                   "immutable ZeroTensor: it becomes .grad, and a later "
                                   "backward accumulating into it raises; std's backward "
                                   "and the p-norm's for p other than 0, 1, 2 and inf "
                                   "write it in place and raise (torch bugs); ember's "
                                   "zeros accumulate and are written",
    "deliberate.torch_internal_assert": "deliberate: the gradient of True ** x (a bool base, "
                                        "also pow(False, x)): "
                                        "torch fails an internal assertion (a torch bug); "
                                        "ember gives the gradient",
    "open.reduction_int_to_float": "open: nansum of int64 extremes with dtype=float64 over "
                                   "some dims (the order of additions of torch's dim "
                                   "kernels; over every element ember adds in torch's order)",
    "open.nan_bounds_and_singular": "open: gradients where a clamp bound is nan, var's "
                                    "correction exceeds the count, or logit's eps clamps at "
                                    "log1p's pole: torch gives 0 or nan where ember gives the "
                                    "other",
    "open.float16_precision": "open: float16 results near a pole (tan) or an overflow: torch "
                              "computes in float32 and rounds once",
    "open.float16_prod_overflow": "open: float16 prod accumulates in float32 in ember; torch "
                                  "overflows to inf in float16",
    "open.forward_max_nan": "open: forward-mode max/min of a tensor holding nan (torch's "
                            "tangent is nan)",
    "deliberate.complex_neg_body": "deliberate: the sign of a zero part of a complex "
                                   "negation: torch's vectorised loop computes 0 - z (+0 "
                                   "from a part of +0), its scalar tail -z (-0), as ember "
                                   "does everywhere (the first 64-byte blocks of a tensor "
                                   "are the loop's)",
    "deliberate.conj_copy": "deliberate: ember's conj() computes the conjugate (a new "
                            "tensor that reports is_conj()), torch's is a view: writes "
                            "into either after it do not show in the other, and in-place "
                            "ops on it record their own node where torch replays the view "
                            "(ConjBackward0)",
    "deliberate.branch_cut_zero_sign": "deliberate: a result on the other side of a branch "
                                       "cut (log, sqrt, pow, angle, inverse trig: conjugate "
                                       "or negated values): the sign of a zero imaginary "
                                       "part upstream, which differs in the last bit of an "
                                       "inexact complex op (a product's -0 against +0)",
    "deliberate.complex_tanh_composed": "deliberate: the gradients of complex tanh and "
                                        "sigmoid are composed of products (MulBackward0 "
                                        "under create_graph), torch's are its "
                                        "tanh_backward/sigmoid_backward kernels "
                                        "(docs/differences.md)",
    "deliberate.complex_derivative_rounding": "deliberate: a derivative through complex "
                                              "products whose entries agree to the "
                                              "tolerance relative to the largest entry but "
                                              "not each to its own: an entry that cancels "
                                              "(0 from +-8532 in float32) keeps only the "
                                              "rounding of the products, which torch's "
                                              "vectorised complex kernels and NumPy's "
                                              "loops round differently",
    "open.complex_nonfinite": "open: complex arithmetic meeting infinite, nan, "
                              "overflowing or subnormal parts (products, quotients, squares, "
                              "cumulative products, BLAS matrix products, logcumsumexp, sgn, "
                              "gradients): "
                              "which parts come out inf and which nan depends on the "
                              "formula (torch's textbook complex products, its BLAS, "
                              "NumPy's loops and OpenBLAS differ)",
    "rc09": "issue 11 root cause 9: in-place writes into expand()ed tensors",
    "rc10": "issue 11 root cause 10: uint8 with negative numbers",
    "rc11": "issue 11 root cause 11: valid torch code that fails in ember",
    "rc12.names": "issue 11 root cause 12: grad_fn names",
    "rc12.no_grad_views": "issue 11 root cause 12: views created under no_grad and written in "
                          "place (torch forbids their later use; AsStridedBackward0)",
    "rc13": "issue 11 root cause 13: results that require grad in torch do not in ember",
    "rc14.rejects": "issue 11 root cause 14: code torch rejects, ember accepts",
    "rc14.unbind": "issue 11 root cause 14: in place on outputs of unbind/split/chunk",
    "rc15": "issue 11 root cause 15: another exception type than torch's (NumPy's leak)",
    "rc16": "issue 11 root cause 16: NumPy floating-point warnings reach users",
}

# the generator's matrix products (matmul_batched: torch.matmul of a batch by a matrix,
# which torch folds into one mm)
_PRODUCTS = (r"^(matrix|complex)\.(mm|bmm|matmul|matmul_op|matmul_batched|addmm|baddbmm|"
             r"addbmm|addmv|mv|dot|inner|outer|einsum|tensordot|chain_matmul|vdot)$")

# an infinite or huge literal in a statement of the program (not its setup line, which
# names inf): 1e+30, 3e+38, 1e+300, float16's 65504 and 70000
_HUGE_LITERAL = r"(?m)^(?!nan, inf = ).*(\binf\b|e\+3\d|65504|70000)"

# (cause id, field regex, summary regex (also searched in the detail and the place), op
# regex, source regex); every regex must match
# (an empty one matches anything). The first matching rule wins.
# methods whose result is a view of their input (for the aliasing rules)
_VIEW_METHODS = (r"(?:squeeze|unsqueeze|view|reshape|flatten|t|T|mT|transpose|permute|expand|"
                 r"diagonal|select|narrow|view_as|reshape_as|unflatten|movedim|unfold)")

# an infinite, nan or huge value written in a program (literals, the setup line's names)
# (and a subnormal one: torch's complex64 sgn of 1e-40+0j is inf+nanj in its scalar tail,
# whose |z| squares the parts and underflows, 1 in its vector body; 11904:357)
_NONFINITE_SOURCE = (r"\b(inf|nan)\b|e\+([23]\d|[1-3]\d\d)\b|65504|70000|"
                     r"e-(3[89]|[4-9]\d|[1-3]\d\d)\b")

RULES: list[tuple[str, str, str, str, str]] = [
    # (before these rules, classify() puts a signed-zero tie in torch's vector body down to
    # deliberate.vector_body: see _tie_in_vector_body)
    # complex programs (complex_families.py)
    ("deliberate.complex_tanh_composed", "grad_fn",
     r"(Tanh|Sigmoid)BackwardBackward0 -> MulBackward0", r"^complex\.(tanh|sigmoid)", ""),
    ("deliberate.conj_copy", "values|grad_fn", "", "",
     r"(?s)(\.conj\(\)|torch\.conj\().*(\.\w+_\(|\] = )"),
    ("open.complex_nonfinite", "values|signed_zero", r"complex(64|128)|'(-?inf|nan)'",
     r"^complex\.", _NONFINITE_SOURCE),
    ("open.complex_nonfinite", "values", r"'(-?inf|nan)'", "",
     r"(?s)(complex|cfloat|cdouble|1j).*(" + _NONFINITE_SOURCE + ")"),
    ("deliberate.data_dependent_shape", "shape", "",
     r"where_cond|nonzero|masked_select|unique|argwhere", ""),
    ("deliberate.partial_backward", "grad", "None",
     r"floor_divide|heaviside|scatter|remainder", ""),
    ("deliberate.nan_order", "values", "int64", r"sort\.unique", "nan"),
    ("open.mean_float16_dtype", "values", "float16", r"reduce\.mean", r"float16"),
    ("deliberate.vector_body", "values", "float16", r"binary\.(floor_divide|div)",
     r"(?s)\(4, 4, 4\).*(//|floor_divide|rounding_mode='floor')"),
    # (a huge dividend or a tiny divisor: -4 by 1e-40 overflows the quotient too)
    ("deliberate.vector_body", "values", "float", r"binary\.fmod",
     r"e[+-][34]\d|922337203685"),
    # remainder's vector body computes a - b * floor(a / b): a quotient that overflows
    # (3 by 1e-40, 1e30 by 1e-10) is nan there, its scalar tail's fmod is finite
    ("deliberate.vector_body", "values", "float", r"binary\.remainder", r"e[+-][34]\d"),
    # float16 add/sub with alpha: torch's scalar tail (the last n % 32 elements, all of a
    # small tensor) rounds alpha * other to float16 before adding, its vector body and
    # ember do not (65504 - 2 * 65504 is -inf in the tail, -65504 in the body)
    ("deliberate.vector_body", "values", "float16", r"\b(add|sub)_?$",
     r"(\.|torch\.)(add|sub)_?\([^\n]*alpha="),
    # (torch, finding no singular matrix, may raise later for another reason)
    ("deliberate.exact_singular", "error",
     r"None -> _LinAlgError|torch raised \w+ at (\d+), ember _LinAlgError at (?!\1\b)\d+",
     r"linalg\.(inverse|inv|solve)", r"arange\("),
    # det (and its gradient, det * A^-T) of an arange reshaped to n x n, n >= 3 (rank 2):
    # torch's MKL finds an exactly zero pivot (det 0, gradient 0), NumPy's OpenBLAS
    # 6.7e-16 (the cofactors) (h11-s11-b-100k:82748)
    ("deliberate.exact_singular", "values|signed_zero", "",
     r"linalg\.(det|slogdet|logdet)", r"arange\([^\n]*\.reshape\(\(([3-9]), \1\)\)"),
    # ... and what a later op makes of that det (dividing by 0 or 6.7e-16: inf or 4.5e15;
    # h11-s12-b-100k:954)
    ("deliberate.exact_singular", "values|signed_zero", "", "",
     r"(t\d+) = torch\.arange\([^\n]*\.reshape\(\(([3-9]), \2\)\)[^\n]*\n(?:[^\n]*\n)*?"
     r"(t\d+) = (?:torch\.(?:linalg\.)?det\(\1\)|\1\.det\(\))\n(?:[^\n]*\n)*?[^\n]*\b\3\b"),
    # ... and of a square matrix of equal entries (rank 1): NumPy's LU leaves 1e-16 where
    # torch's finds the zero pivot (h11-s11-e-100k:4986)
    ("deliberate.exact_singular", "values|signed_zero", "",
     r"linalg\.(det|slogdet|logdet)", r"torch\.(ones|full)\(\(([2-9]), \2\)"),
    # a literal matrix singular in exact arithmetic ([[1.5, 3], [1, 2]]): NumPy's LAPACK
    # rounds the multiplier times 3 to 2.0 and finds a zero pivot, torch's MKL keeps the
    # fused product's 1.1e-16 (h11-s10-check-100k:82256)
    ("deliberate.exact_singular", "error",
     r"None -> _LinAlgError|torch raised \w+ at (\d+), ember _LinAlgError at (?!\1\b)\d+",
     r"linalg\.(inverse|inv|solve)", r"torch\.tensor\(\[\["),
    # the mirror case: torch's LAPACK divides by the pivot, NumPy's multiplies by its
    # reciprocal, which leaves 1e-16 where a matrix of equal entries has a zero pivot
    ("deliberate.exact_singular", "error",
     r"_LinAlgError -> None|torch raised _LinAlgError at (\d+), ember \w+ at (?!\1\b)\d+",
     r"linalg\.(inverse|inv|solve)", r"torch\.full\("),
    # ... also when the equal entries come from a reduction of a constant tensor (the
    # logsumexp of zeros: log 2 everywhere, h11-s13-b-100k:54654)
    ("deliberate.exact_singular", "error",
     r"_LinAlgError -> None|torch raised _LinAlgError at (\d+), ember \w+ at (?!\1\b)\d+",
     r"linalg\.(inverse|inv|solve)",
     r"torch\.(zeros|ones)\([^\n]*\n(t\d+) = torch\.(logsumexp|mean|sum|amax|amin)\("),
    # ... and a matrix of equal subnormal entries: NumPy's LAPACK finds the zero pivot,
    # torch's does not (h11-s13-e-100k:80788: full((3, 3), 1e-40) in float32), and may
    # raise later for another reason (h14-s14-c-50k:12025: the matrix written after solve)
    ("deliberate.exact_singular", "error",
     r"None -> _LinAlgError|torch raised None at None, ember _LinAlgError|"
     r"torch raised \w+ at (\d+), ember _LinAlgError at (?!\1\b)\d+",
     r"linalg\.(inverse|inv|solve)", r"torch\.full\("),
    # huge entries absorbing the others leave rows proportional in floating point
    # (h11-s13-e-100k:11698: 1e30 beside 4 and 0.25 in float64)
    ("deliberate.exact_singular", "error",
     r"_LinAlgError -> None|torch raised _LinAlgError at (\d+), ember \w+ at (?!\1\b)\d+",
     r"linalg\.(inverse|inv|solve)",
     r"torch\.tensor\(\[\[[^\n]*\de\+(2\d|3\d)\b[^\n]*dtype=torch\.float64"),
    # sinc's second derivative near 0 (h11-s13-b-100k:16354)
    ("deliberate.sinc_cancellation", "values", "float32", r"unary\.sinc",
     r"(?s)\.sinc\(.*autograd\.grad\(.*create_graph=True"),
    # bool products with an empty inner dim (h11-s12-d-100k:87949)
    ("deliberate.bool_empty_product", "error", r"-> NotImplementedError|ember NotImplemented",
     r"matrix\.(addmm|baddbmm|addbmm|addmv)", r"dtype=torch\.bool"),
    # median along an expanded dim (h11-s12-c-100k:29528)
    ("deliberate.median_expanded", "values", "", r"reduce\.(nan)?median",
     r"(?s)\.expand(_as)?\(.*\b(nan)?median\("),
    # a float32 matrix whose LU underflows in float32 (h11-s12-b-100k:31454)
    ("deliberate.float32_lapack", "error",
     r"_LinAlgError -> None|torch raised _LinAlgError at (\d+), ember \w+ at (?!\1\b)\d+",
     r"linalg\.(inverse|inv|solve|det|slogdet|logdet|lu\w*)",
     r"e[-+][3-9]\d\b[^\n]*dtype=torch\.float32"),
    ("deliberate.svd_degenerate", "values", "float",
     r"linalg\.(matrix_norm|norm|svdvals)|reduce\.norm",
     r"(?s)torch\.(full|ones|zeros)\(\(\d+, \d+\).*ord=('nuc'|-?2\b).*create_graph=True"),
    # (the nuclear norm's first derivative too: U V^T of a rank-deficient matrix)
    ("deliberate.svd_degenerate", "values", "float", r"linalg\.(matrix_norm|norm)",
     r"(?s)torch\.(full|ones|zeros)\(\(\d+, \d+\).*ord='nuc'"),
    # (h11-s13-a-100k:69972: the nuclear norm of arange(0, 9).reshape((3, 3)))
    ("deliberate.svd_degenerate", "values", "float", r"linalg\.(matrix_norm|norm)",
     r"(?s)torch\.arange\([^\n]*\.reshape\(\(([3-9]), \1\)\).*ord='nuc'"),
    # (h11-s13-a-100k:61277: the tangent of sin at exp(6) of an int32 tensor)
    # (s15-1501:16258: erf_ of int16 bits viewed as float16 subnormals)
    ("deliberate.half_erf", "values", "", "", r"(?s)float16.*\berfc?_?\("),
    # (s15-1502:19901: the same seen after a clamp of the cosine)
    ("deliberate.float32_exp_ulp", "values", "float32",
     r"(unary|forward_ad)\.(sin|cos|tan)$|pointwise\.(clamp|clip)",
     r"(?s)torch\.exp\(.*\.(sin|cos|tan)\("),
    ("deliberate.lapack_nonfinite", "error", r"_LinAlgError ->",
     r"linalg\.(matrix_norm|svd|svdvals|norm)|reduce\.norm", r"inf|e\+3\d\d"),
    ("deliberate.torch_internal_assert", "error", r"RuntimeError (-> None|raised by torch)", "",
     r"(True|False) \*\* |pow\((True|False), "),
    ("open.reduction_int_to_float", "values", "float64", r"reduce\.nansum", r"int64"),
    ("open.nan_bounds_and_singular", "values", "", r"clamp|reduce\.var|logit",
     r"backward|autograd\.grad"),
    ("open.float16_precision", "values", "float16", r"unary\.tan", ""),
    # LAPACK on non-finite or overflowing matrices (values and gradients)
    ("deliberate.lapack_order", "values", "",
     r"linalg\.(det|slogdet|inv|inverse|solve|matrix_norm|svd|svdvals|norm|cond)",
     r"inf|e\+3\d"),
    # a float32 det/inverse of a matrix whose float16-max entries (65504) cancel in LU: MKL's
    # and OpenBLAS's roundings differ by ~0.1% (s17-1702:5284: torch -12609.34, ember
    # -12590.52, the float64 det -12590.516)
    ("deliberate.lapack_order", "values", "float32",
     r"linalg\.(det|slogdet|inv|inverse|solve)", r"65504\.0"),
    # two backward passes into 0-d leaves given gradients by stack (s17-1701:36899)
    ("deliberate.stolen_gradient_view", "values", "", r"shape\.stack",
     r"\.backward\([\s\S]*\.backward\("),
    # ... and their gradients where the incoming gradient holds inf (det(A) / 0; s16-1601:37988)
    ("deliberate.lapack_order", "values", r"'-?inf'",
     r"linalg\.(det|slogdet|inv|inverse|solve)", r"backward\(|autograd\.grad\("),
    ("deliberate.blas_order", "values", "",
     _PRODUCTS, _HUGE_LITERAL),
    ("open.signed_zero", "signed_zero", "", r"clamp|clip", ""),
    # the sign of a zero det: the order of LAPACK's LU (seen directly or through copysign)
    ("deliberate.lapack_order", "signed_zero", "", r"linalg\.(det|slogdet)", ""),
    ("deliberate.lapack_order", "values", "", r"copysign", r"det\("),
    # a matrix product over a contracted dim of size 1: torch's gemm keeps a product's -0.0
    # (float32/float64, both other dims 2 or more), its gemv/dot/bmm/float16 kernels and
    # NumPy's BLAS add it to +0.0; a reciprocal shows it as -inf against inf
    ("deliberate.blas_order", "signed_zero", "",
     _PRODUCTS, ""),
    ("deliberate.blas_order", "values", "", r"unary\.reciprocal",
     r"matmul|mm\(|bmm\(|einsum|inner\(|outer\(|dot\("),
    # ... and atan2 of such a zero (pi for -0, 0 for +0; h11-s12-d-100k:2913)
    ("deliberate.blas_order", "values", r"3\.14159", r"binary\.atan2",
     r"matmul|mm\(|bmm\(|einsum|inner\(|tensordot\(|dot\("),
    ("deliberate.addcmul_int_backward", "values", "", r"atan2",
     r"(?s)(uint8|int8|int16).*(autograd\.grad|backward)"),
    ("deliberate.partial_write", "values", "int", "", r"//=|%=|floor_divide_\("),
    # (the written tensor seen through another name: t2 = t1.contiguous() is t1 itself)
    ("deliberate.partial_write", "values", "int", "", r"\.(fmod|remainder|div)_\("),
    ("deliberate.partial_write", "values", "", r"index\.setitem", r"dtype=torch\.long\)\] ="),
    # (the written tensor created by the program, seen at its end: h11-s11-c-100k:94251;
    # index_fill_ at an out-of-range index after valid ones: :63235)
    ("deliberate.partial_write", "values", "", r"^create\.", r"dtype=torch\.long\)\] ="),
    # (s15-1501:4191, s15-1503:1129: index_fill_ of a 1-element chunk at [0, 1], the chunk
    # of a tensor made by a create.* or unary op)
    ("deliberate.partial_write", "values", "", "",
     r"index_fill_\(\d, torch\.tensor\(\["),
    # (h11-s11-f-100k:55728: the nuclear norm's gradient U V^T of a matrix holding 70000
    # beside entries of 1: its small singular vectors differ by 2e-4)
    ("deliberate.svd_conditioning", "values", "float32",
     r"linalg\.(svd|svdvals|matrix_norm|norm|pinv|cond)|reduce\.norm",
     r"\d{5,}\.\d|\de\+(0?[4-9]|[1-3]\d)\b"),
    ("deliberate.zero_tensor_grad", "error", r"RuntimeError (->|raised by torch)",
     r"unary\.sgn", r"(?s)sgn\(.*backward\(.*backward\("),
    ("deliberate.zero_tensor_grad", "error", r"RuntimeError (->|raised by torch)",
     r"unary\.sgn", r"(?s)\bstd(_mean)?\(.*sgn\(.*(backward|grad)\("),
    # (h11-s13-b-100k:72344: vector_norm(x, ord=3.5).sgn().backward())
    ("deliberate.zero_tensor_grad", "error", r"RuntimeError (->|raised by torch)",
     r"unary\.sgn",
     r"(?s)norm\([^\n]*(ord=|, )(-?\d*\.\d+|[3-9]|-[1-9])\)[^\n]*\n(?:[^\n]*\n)*?"
     r"[^\n]*sgn\(.*(backward|grad)\("),
    ("rc12.no_grad_views", "grad", "", "", r"no_grad"),
    ("deliberate.ties", "values", "int64", r"reduce\.(median|max|min|mode)", ""),
    ("deliberate.partial_write", "values", "int", r"binary\.(remainder|floor_divide|fmod|div)_",
     ""),
    ("open.stale_views", "", "", r"reproducer\.found_stale_view", ""),
    ("issue12.randn_float64", "values", "float64", r"create\.randn", ""),
    ("deliberate.no_storage", "kind", "unallocated storage", "", ""),
    ("open.welford_mean", "values", "", r"reduce\.(std_mean|var_mean)", ""),
    ("open.singular_second_derivatives", "values", r"nan|inf", "", r"autograd\.grad\(\("),
    ("open.einsum_int_dtype", "dtype", "int64 -> int32", r"matrix\.einsum", ""),
    ("rc14.unbind", "kind", "multiple views", "", ""),
    ("deliberate.signed_zero_reduction", "signed_zero", "",
     r"^reduce\.(amax|amin|aminmax|max|min|median|nanmedian|mode)$", ""),
    ("open.signed_zero", "signed_zero", "", r"maximum|minimum|fmax|fmin|amax|amin|aminmax",
     ""),
    ("open.float16_prod_overflow", "values", "float16", r"reduce\.prod", ""),
    ("deliberate.nonfinite_to_int", "values", "", "", r"-\d[^\n]*\n[^\n]*uint8\)"),
    ("deliberate.nan_sign", "values", "", r"copysign|signbit", r"nan|sqrt|log|acos|asin"),
    # ... or through the integer tensor a float view of it shares memory with, the nan
    # written in place by sqrt_/log_ (s17-1703:24220)
    ("deliberate.nan_sign", "values", "", "",
     r"(t\d+) = (t\d+)\.view\(torch\.float(?:16|32|64)\)[\s\S]*\.(?:sqrt|log|log2|log10)_\("),
    # (before the catch-all rules: a searchsorted program's gradients are incidental)
    ("deliberate.unsorted_searchsorted", "values", "", r"sort\.searchsorted", r"nan"),
    ("open.nonfinite_gradients", "values", "", "",
     r"(?s)(inf|e\+3[0-9]).*(autograd\.grad\(|backward\()"),
    ("deliberate.aliased_inplace", "values", "", "",
     r"(t\d+) = (t\d+)\[[^\n]*\n(?:[^\n]*\n)*?\2\.\w+_\(\1\)"),
    # the same with an augmented assignment through a view method (t2 = t1.select(...);
    # t1 ^= t2)
    ("deliberate.aliased_inplace", "values", "", "",
     r"(t\d+) = (t\d+)\.(select|narrow|t|T|mT|transpose|view|reshape|squeeze|unsqueeze|"
     r"expand|diagonal)\b[^\n]*\n(?:[^\n]*\n)*?\2 [-+*/^&|%]=+ \1\b"),
    # the same through a view method (t4 = t2.squeeze(); t2.floor_divide_(t4))
    ("deliberate.aliased_inplace", "values", "", "",
     r"(t\d+) = (t\d+)\.(squeeze|unsqueeze|view|reshape|flatten|t|T|mT|transpose|permute|"
     r"expand|diagonal|select|narrow|type_as|view_as|reshape_as|contiguous)\b[^\n]*\n"
     r"(?:[^\n]*\n)*?\2\.\w+_\(\1\)"),
    # the same with two views of one base (t2 = t1.T; t3 = t1[..., 0]; t2.logical_xor_(t3))
    ("deliberate.aliased_inplace", "values", "", "",
     rf"(t\d+) = (t\d+)(?:\[|\.{_VIEW_METHODS}\b)[^\n]*\n(?:[^\n]*\n)*?"
     rf"(t\d+) = \2(?:\[|\.{_VIEW_METHODS}\b)[^\n]*\n(?:[^\n]*\n)*?"
     r"(?:\1\.\w+_\(\3\)|\3\.\w+_\(\1\))"),
    # an integer division by a view of its target: torch reads a quotient it already
    # wrote, 0, and raises ZeroDivisionError; ember reads the old values
    ("deliberate.aliased_inplace", "error", "RuntimeError (->|raised by torch)",
     r"binary\.(fmod|remainder|floor_divide|div)_",
     rf"(t\d+) = (t\d+)(?:\[|\.{_VIEW_METHODS}\b)[^\n]*\n(?:[^\n]*\n)*?"
     r"\2(?:\.\w+_\(\1\)| (?://|[%/])= \1\b)"),
    ("deliberate.nonfinite_to_int", "values", "int", "", r"(?s)(nan|inf|log).*dtype=torch\.int"),
    ("open.forward_max_nan", "values", "", r"forward_ad\.(max|min)", ""),
    ("rc13", "grad", "", r"\b(gt|lt|ge|le|eq|ne)_\b", ""),
    ("rc09", "error", "", r"expand|view\.expand", ""),
    ("rc16", "warning", "", "", ""),
    ("deliberate.empty_cummax_gradient", r"requires_grad|is_leaf|grad_fn", "",
     r"cumulative\.(cummax|cummin)", r"create_graph=True"),
    ("rc12.no_grad_views", "kind", r"RuntimeError -> tensor", r"^view\.", ""),
    ("rc12.no_grad_views", "grad_fn", r"AsStridedBackward0", "", ""),
    ("rc12.names", "grad_fn", "", "", ""),
    ("rc13", r"requires_grad|is_leaf", r"True -> False|False -> True", "", ""),
    ("rc10", "error|values", "", r"clamp|fill|setitem|create|binary\.\w+_|reproducer",
     r"(?s)uint8.*[(\[, =]-\d"),
    ("rc14.unbind", "error|kind", "", r"view\.(unbind|split|chunk)|shape\.(unbind|split|chunk)",
     ""),
    ("rc14.rejects", "error", r"(?m)-> None$", "", ""),
    ("rc11", "error", r"(?m)^None ->", "", ""),
    # the same exception at another statement: the side that raised later accepted a call
    ("rc14.rejects", "error", r"raised by torch first", "", ""),
    ("rc11", "error", r"raised by ember first", "", ""),
    ("rc15", "error", "", "", ""),
    ("open.huge_values", "values", r"float",
     r"matrix\.|linalg\.|reduce\.(norm|var|std)|binary\.remainder",
     r"e\+30[0-9]|e\+3[0-9]|inf"),
    # last resort for wrong gradients in programs that write in place
    ("open.stale_views", "values", r"\.grad", r"index\.setitem|\w_\b|view\.", ""),
]


def describe(ids: str) -> str:
    """The labels of some cause ids joined by '; ' (a known failure's reason)."""
    return "; ".join(LABELS.get(i, i) for i in ids.split("; "))


def culprit(program: Program, difference: Difference) -> str:
    """The op a difference is blamed on: the statement where it shows, unless that is an
    autograd call or the end of the program (then the ops of the program)."""
    where = difference.where
    op = None
    if where.startswith("statement "):
        index = int(where.split()[1].rstrip(":"))
        if index < len(program.statements):
            op = program.statements[index].op
    elif where.startswith("end: ") and ".grad" not in where:
        name = where[5:].split("[")[0]
        for statement in program.statements:
            if name in statement.shows:
                op = statement.op
    if op is None or op.startswith(("autograd.", "setup")) or difference.field == "grad":
        ops = [o for o in program.ops() if not o.startswith("autograd.")]
        return " ".join(ops) or op or "creation"
    return op


# torch's elementwise CPU loops run 2 vectors of 32 bytes (AVX2) at a time, then the rest
# one element at a time; of a +0/-0 tie, maximum/minimum/clamp return the second operand in
# the vectorised body and the first in the scalar tail (ember: the first)
_BLOCK_BYTES = 64
_TIE_OPS = re.compile(r"maximum|minimum|fmax|fmin|clamp|clip")
_ITEMSIZE = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8}


def _tie_in_vector_body(difference: Difference, op: str, source: str = "") -> bool:
    """Whether a signed-zero difference of a tie op lies in torch's vectorised body: the
    first zero whose sign differs, counted over the result's elements (a broadcast result
    counted whole), is before the last full 64-byte block. Where the program transposes
    (`.T`, `.mT`, `.t()`, `transpose`), a matrix result may be walked column by column
    (torch iterates in its operand's memory order): that position counts too."""
    if difference.field != "signed_zero" or not _TIE_OPS.search(op):
        return False
    itemsize = _ITEMSIZE.get(difference.summary)
    lines = difference.detail.split("\n")
    if itemsize is None or len(lines) != 2:
        return False
    try:
        nested = ast.literal_eval(lines[0].split(" ", 1)[1])
        want, got = (_flat(ast.literal_eval(line.split(" ", 1)[1])) for line in lines)
    except (ValueError, SyntaxError, IndexError):
        return False  # (a detail cut short in a sweep's record)
    block = _BLOCK_BYTES // itemsize
    body = len(want) // block * block
    columns = (len(nested[0]) if isinstance(nested, list) and nested
               and isinstance(nested[0], list) and not isinstance(nested[0][0], list) else 0)
    transposed = columns and _TRANSPOSES.search(source)
    for i, (a, b) in enumerate(zip(want, got)):
        if a == 0 and b == 0 and math.copysign(1, a) != math.copysign(1, b):
            if transposed:
                row, column = divmod(i, columns)
                if column * (len(want) // columns) + row < body:
                    return True
            return i < body
    return False


_TRANSPOSES = re.compile(r"\.(T|mT|t\(\)|transpose\()")


def _flat(values) -> list:
    if isinstance(values, list):
        return [v for part in values for v in _flat(part)]
    return [values if isinstance(values, (int, float)) else float(values)]


# LAPACK's LU (getrf/getrs) is accurate relative to the norm of its result, not entry by
# entry; (rtol) per dtype: compare.py's reduce tolerance, applied to the largest entry
_NORMWISE = {"float32": 1e-4, "float64": 1e-10}
_LU_OPS = re.compile(r"linalg\.(det|slogdet|logdet|inv|inverse|solve)\b")
_DERIVATIVE = re.compile(r"autograd\.grad\(|\.backward\(")


_COMPLEX_SOURCE = re.compile(r"complex|cfloat|cdouble|\dj\b|polar\(")


def _complex_rounding_normwise(program: Program, difference: Difference, op: str) -> bool:
    """Whether a real derivative through complex ops (`op` names one) is within the
    tolerance relative to its largest |entry| (as _lu_rounding_normwise)."""
    if not any(o.startswith("complex.") for o in op.split()) or not _COMPLEX_SOURCE.search(
            program.source()):
        return False
    return _lu_rounding_normwise(program, difference, op, any_op=True)


def _lu_rounding_normwise(program: Program, difference: Difference, op: str,
                          any_op: bool = False) -> bool:
    """Whether a values difference of a derivative through an LU-based op (`any_op`: any
    op) is within the tolerance relative to the largest |entry| of torch's result (the
    same nan and inf)."""
    rtol = _NORMWISE.get(difference.summary)
    lines = difference.detail.split("\n")
    if (difference.field != "values" or rtol is None or not (any_op or _LU_OPS.search(op))
            or not _DERIVATIVE.search(program.source()) or len(lines) != 2):
        return False
    try:
        want, got = (_flat(ast.literal_eval(line.split(" ", 1)[1])) for line in lines)
    except (ValueError, SyntaxError, IndexError):
        return False  # (a detail cut short in a sweep's record)
    if len(want) != len(got) or not want:
        return False
    finite = [abs(a) for a in want if math.isfinite(a)]
    bound = rtol * max(finite, default=0.0)
    for a, b in zip(want, got):
        if not (math.isfinite(a) and math.isfinite(b)):
            if not (a == b or (math.isnan(a) and math.isnan(b))):
                return False
        elif abs(a - b) > bound:
            return False
    return True


# (integer format, float format) of struct for each integer dtype a float has the size of
_FLOAT_BITS = {"int16": ("h", "e"), "int32": ("i", "f"), "int64": ("q", "d")}
_BIT_VIEW = re.compile(r"\.view\((dtype=)?torch\.")


def _nan_bits_only(program: Program, difference: Difference) -> bool:
    """Whether integers differ only where both sides hold nans of the float dtype of their
    size, in a program that reads memory through view(dtype)."""
    formats = _FLOAT_BITS.get(difference.summary)
    lines = difference.detail.split("\n")
    if (difference.field != "values" or len(lines) != 2
            or (formats is None and difference.summary not in ("bool", *_NARROW_FLOATS))
            or not _BIT_VIEW.search(program.source())):
        return False
    try:
        want, got = (_flat(ast.literal_eval(line.split(" ", 1)[1])) for line in lines)
    except (ValueError, SyntaxError, IndexError):
        return False  # (a detail cut short in a sweep's record)
    if len(want) != len(got):
        return False
    if difference.summary in _NARROW_FLOATS:
        return _nan_chunks_as_floats(want, got)
    if formats is None:
        return _nan_bytes_as_bools(want, got)
    integer, floating = formats

    def is_nan(value) -> bool:
        return math.isnan(struct.unpack(floating, struct.pack(integer, int(value)))[0])

    pairs = [(a, b) for a, b in zip(want, got) if a != b]
    return bool(pairs) and all(is_nan(a) and is_nan(b) for a, b in pairs)


_NARROW_FLOATS = ("float16", "float32")


def _nan_chunks_as_floats(want: list, got: list) -> bool:
    """A wider float's bits read as narrower floats (`float64.view(torch.float16)`): whether
    they differ only in the chunks of nans, where ember holds NumPy's default nan (its low
    chunks zero, its top one a nan) and torch one with other payload bits (all ones from
    its atanh of 3, whose chunks are all nans) (s15-1503:36965)."""
    def nan(value) -> bool:
        return isinstance(value, float) and math.isnan(value)

    pairs = [(a, b) for a, b in zip(want, got) if not (a == b or (nan(a) and nan(b)))]
    return bool(pairs) and all((nan(a) and (b == 0 or nan(b))) or (nan(b) and a == 0)
                               for a, b in pairs)


def _nan_bytes_as_bools(want: list, got: list) -> bool:
    """A float's bytes read as bools (`view(torch.bool)`, little-endian): whether they
    differ only in floats where ember holds NumPy's default nan (0x7FC00000 for float32:
    bytes 00 00 C0 7F, so False...False True True) and torch some other nan (its two top
    bytes, holding the exponent, nonzero too)."""
    for width in (4, 2, 8):
        if len(want) % width:
            continue
        default = [False] * (width - 2) + [True, True]
        groups = [(want[i:i + width], got[i:i + width]) for i in range(0, len(want), width)]
        differing = [(a, b) for a, b in groups if a != b]
        if differing and all(list(map(bool, b)) == default and all(a[-2:])
                             for a, b in differing):
            return True
    return False


# `tX = tY[...]`, `tX = tY.permute(...)`, `tX = torch.split(tY, ...)`: tX views tY's memory
# (a split's tuple too, and its items after `tZ = tX[0]`)
_VIEW_OF = re.compile(rf"^(t\d+),? = (?:(t\d+)(?:\[|\.{_VIEW_METHODS}\b|\.(?:split|chunk|"
                      rf"unbind|tensor_split|hsplit|vsplit|movedim|swapaxes|detach)\b)|"
                      rf"torch\.(?:split|chunk|unbind|tensor_split|hsplit|vsplit|narrow|"
                      rf"select|diagonal|movedim|permute|transpose|t|squeeze|unsqueeze|"
                      rf"flatten|reshape)\((t\d+)\b)")
_COPIES = re.compile(r"\.(clone|to|float|double|half|int|long|bool|contiguous|copy)\(| [-+*/] ")
_INPLACE_CALL = re.compile(r"^(t\d+)\.\w+_\((.*)\)$")
_INPLACE_OPERATOR = re.compile(r"^(t\d+) (?:[-+*/^&|%]|//|\*\*|<<|>>)= (.*)$")


def _writes_into_an_alias(source: str) -> bool:
    """Whether an in-place op reads an operand that views its target's memory, followed
    through chains of views and splits (t3 = t1.permute(...); t4 = torch.split(t3, 1, 1);
    t5 = t4[0]; t1.clip_(max=t5): s15-1504:2194)."""
    root: dict[str, str] = {}
    for line in source.splitlines():
        line = line.strip()
        view = _VIEW_OF.match(line)
        if view and not _COPIES.search(line):
            name, base = view.group(1), view.group(2) or view.group(3)
            root[name] = root.get(base, base)
            continue
        call = _INPLACE_CALL.match(line) or _INPLACE_OPERATOR.match(line)
        if call:
            target = root.get(call.group(1), call.group(1))
            for operand in re.findall(r"\bt\d+\b", call.group(2)):
                if operand != call.group(1) and root.get(operand, operand) == target:
                    return True
    return False


_COMPLEX_PART_SIZE = {"complex64": 4, "complex128": 8}


def _complex_neg_in_vector_body(difference: Difference, op: str) -> bool:
    """Whether a complex negation's signed-zero difference lies in torch's vectorised body:
    the first part whose zero sign differs (counting the parts of the result, real and
    imaginary interleaved as in memory) is before the last full 64-byte block."""
    size = _COMPLEX_PART_SIZE.get(difference.summary)
    lines = difference.detail.split("\n")
    if (difference.field != "signed_zero" or size is None or len(lines) != 2
            or not re.search(r"\bneg_?$|negative", op)):
        return False
    try:
        want, got = (_flat(ast.literal_eval(line.split(" ", 1)[1])) for line in lines)
    except (ValueError, SyntaxError, IndexError):
        return False
    block = _BLOCK_BYTES // size
    body = len(want) // block * block
    for i, (a, b) in enumerate(zip(want, got)):
        if a == 0 and b == 0 and math.copysign(1, a) != math.copysign(1, b):
            return i < body
    return False


# ops with a branch cut along a real half-axis, where the sign of a zero imaginary part
# decides the side
_BRANCH_CUT_OPS = re.compile(r"\.(log|log2|log10|log1p|sqrt|rsqrt|pow|pow_|angle|asin|acos|"
                             r"atan|asinh|acosh|atanh|reciprocal)$|\.(log|sqrt|pow)\w*_?$")


def _across_branch_cut(difference: Difference, op: str) -> bool:
    """Whether each differing element is the other's conjugate (a complex result) or its
    negation at +-pi (a real angle), as results on the two sides of a branch cut are."""
    lines = difference.detail.split("\n")
    if difference.field != "values" or len(lines) != 2 or not _BRANCH_CUT_OPS.search(op):
        return False
    try:
        want, got = (_flat(ast.literal_eval(line.split(" ", 1)[1])) for line in lines)
    except (ValueError, SyntaxError, IndexError):
        return False
    if len(want) != len(got) or not want:
        return False

    def close(a: float, b: float) -> bool:
        return a == b or abs(a - b) <= 1e-4 * max(abs(a), abs(b), 1e-30)

    if difference.summary in _COMPLEX_PART_SIZE:
        pairs = list(zip(zip(want[::2], want[1::2]), zip(got[::2], got[1::2])))
        differing = [(w, g) for w, g in pairs if w != g]
        return bool(differing) and all(
            close(w[0], g[0]) and close(w[1], -g[1]) and w[1] != 0 for w, g in differing)
    differing = [(a, b) for a, b in zip(want, got) if a != b]
    return bool(differing) and all(close(a, -b) and close(abs(a), math.pi)
                                   for a, b in differing)


def _differs_only_where_nonfinite(difference: Difference) -> bool:
    """Whether complex values differ only in elements where either side holds an infinite
    or nan part (made by the program from zeros: log(0), 0 ** z...)."""
    lines = difference.detail.split("\n")
    if (difference.field != "values" or difference.summary not in _COMPLEX_PART_SIZE
            or len(lines) != 2):
        return False
    try:
        want, got = (_flat(ast.literal_eval(line.split(" ", 1)[1])) for line in lines)
    except (ValueError, SyntaxError, IndexError):
        return False
    if len(want) != len(got) or len(want) % 2:
        return False
    rtol = _NORMWISE["float32" if difference.summary == "complex64" else "float64"]
    pairs = [(want[i:i + 2], got[i:i + 2]) for i in range(0, len(want), 2)]

    def close(w: list, g: list) -> bool:  # (finite parts within the reduce tolerance)
        scale = math.hypot(*w)
        return all(abs(a - b) <= rtol * (1 + scale) for a, b in zip(w, g))

    differing = [(w, g) for w, g in pairs if repr(w) != repr(g)]
    nonfinite = [(w, g) for w, g in differing if not all(math.isfinite(x) for x in w + g)]
    return bool(nonfinite) and all(close(w, g) for w, g in differing
                                   if (w, g) not in nonfinite)


def classify(program: Program, difference: Difference, op: str) -> str | None:
    """The id of the known cause of `difference` (blamed on `op`), or None."""
    if _tie_in_vector_body(difference, op, program.source()):
        return "deliberate.vector_body"
    if _complex_neg_in_vector_body(difference, op):
        return "deliberate.complex_neg_body"
    if _across_branch_cut(difference, op):
        return "deliberate.branch_cut_zero_sign"
    if _nan_bits_only(program, difference):
        return "deliberate.nan_payload"
    if _lu_rounding_normwise(program, difference, op):
        return "deliberate.lapack_rounding"
    if _complex_rounding_normwise(program, difference, op):
        return "deliberate.complex_derivative_rounding"
    source = program.source()
    for cause, field, summary, op_pattern, source_pattern in RULES:
        if (re.search(field, difference.field)
                and re.search(summary, "\n".join((difference.summary, difference.detail,
                                                   difference.where)))
                and re.search(op_pattern, op) and re.search(source_pattern, source)):
            return cause
    if difference.field == "values" and _writes_into_an_alias(source):
        return "deliberate.aliased_inplace"
    if _differs_only_where_nonfinite(difference):
        return "open.complex_nonfinite"
    return None
