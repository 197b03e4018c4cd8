"""The torch names added for everyday scripts (functions, Tensor methods, the special
namespace): what the generated op-table tests and the recorded torch cases
(tests/reference/cases_api_surface.py) do not show: the names exist, the special
functions' accuracy over wide ranges (against Python's math, without torch), in-place
forms keep identity and record the out-of-place op, views share memory, and the global
switches answer as torch's.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import ember
from ember.ops import _special_math as sm

TOP_LEVEL = """set_num_threads get_num_threads get_num_interop_threads set_num_interop_threads
pi e inf nan newaxis detach ravel asarray scalar_tensor vmap is_nonzero is_same_size is_signed
typename is_complex set_default_device get_default_device use_deterministic_algorithms
are_deterministic_algorithms_enabled set_float32_matmul_precision get_float32_matmul_precision
set_warn_always is_warn_always_enabled set_anomaly_enabled meshgrid tensordot cdist
cosine_similarity pairwise_distance pdist dist cross diff tril_indices triu_indices
cartesian_prod combinations block_diag kron rot90 fliplr flipud tensor_split hsplit vsplit
dsplit unique_consecutive bincount histc isin isposinf isneginf isreal float_power
logcumsumexp quantile nanquantile mode nanmedian diag_embed diagflat vander trapezoid trapz
cumulative_trapezoid index_copy index_put put masked_scatter scatter_reduce addmv addr baddbmm
addbmm renorm logdet slogdet matrix_power matrix_exp gcd lcm ldexp frexp nextafter erfc
erfinv lgamma digamma polygamma i0 mvlgamma special version torch_version layout strided
sparse_coo sparse_csr multiprocessing set_deterministic_debug_mode get_deterministic_debug_mode
angle has_lapack has_mkl has_openmp has_spectral sparse sparse_coo_tensor quasirandom
hub stft istft""".split()

METHODS = """new_zeros new_ones new_full new_empty new_tensor ravel is_cpu get_device nbytes
itemsize storage_offset output_nr is_signed is_nonzero is_same_size pin_memory share_memory_
is_pinned is_shared is_inference unfold index_copy index_copy_ index_put index_put_ put put_
masked_scatter masked_scatter_ scatter_reduce scatter_reduce_ fill_diagonal_ addmm_ addmv
addmv_ addr addr_ baddbmm baddbmm_ addbmm addbmm_ renorm renorm_ logdet slogdet matrix_power
matrix_exp gcd gcd_ lcm lcm_ ldexp ldexp_ frexp nextafter nextafter_ erfc erfc_ erfinv erfinv_
lgamma lgamma_ digamma digamma_ polygamma polygamma_ i0 i0_ mvlgamma mvlgamma_ diff cross
tensor_split hsplit vsplit dsplit fliplr flipud rot90 bincount histc isposinf isneginf isreal
float_power float_power_ logcumsumexp quantile nanquantile mode nanmedian diag_embed diagflat
kron unique_consecutive dist angle to_sparse sparse_dim dense_dim stft istft""".split()

SPECIAL = """erf erfc erfinv expit logit gammaln digamma psi polygamma i0 i1 xlogy xlog1py
log_softmax softmax logsumexp sinc entr ndtr ndtri log_ndtr multigammaln round exp2 expm1
log1p""".split()


def test_the_names_exist():
    assert [n for n in TOP_LEVEL if not hasattr(ember, n)] == []
    assert [n for n in METHODS if not hasattr(ember.Tensor, n)] == []
    assert [n for n in SPECIAL if not hasattr(ember.special, n)] == []
    for name in ("cross", "slogdet", "matrix_exp", "matrix_power"):
        assert hasattr(ember.linalg, name)


# ---------------------------------------------------------------------- special accuracy
def _wide(seed: int = 0) -> np.ndarray:
    r = np.random.default_rng(seed)
    return np.concatenate([r.uniform(-40, 40, 3000), r.uniform(-3, 3, 3000),
                           10.0 ** r.uniform(-300, 300, 500), r.uniform(0.5, 2.5, 2000)])


def _relative(mine: np.ndarray, reference: np.ndarray) -> np.ndarray:
    return np.abs(mine - reference) / np.maximum(np.abs(reference), 1e-300)


def test_lgamma_against_math_over_wide_ranges():
    x = _wide()
    x = x[(x > 0) | (x != np.round(x))]  # math.lgamma raises at the poles
    reference = np.array([math.lgamma(v) for v in x])
    error = _relative(sm.lgamma(x), reference)
    # CPython's own lgamma keeps an absolute, not relative, accuracy near the roots 1 and 2
    # (torch's C library is better there, and agrees with ember: tests/reference)
    positive = x > 0
    scale = np.maximum(np.abs(reference), 1.0)
    assert (np.abs(sm.lgamma(x) - reference) / scale)[positive].max() < 2e-15
    # negative x: the reflection formula is exact up to cancellation near lgamma's roots
    assert np.quantile(error[x < 0], 0.99) < 1e-13


def test_lgamma_near_its_roots_keeps_relative_accuracy():
    # lgamma(x + 1) - lgamma(x) = log(x): across the roots at 1 and 2, where lgamma is tiny
    z = np.concatenate([-np.logspace(-15, -1.5, 200), np.logspace(-15, -1.5, 200)])
    for root in (1.0, 2.0):
        x = root + z
        gap = np.abs(sm.lgamma(x + 1) - sm.lgamma(x) - np.log(x))
        assert (gap <= 4e-16 * np.maximum(1, np.abs(np.log(x + 1)))).all()
    # and lgamma(1 + z) ~ -gamma z for tiny z
    tiny = (1 + np.logspace(-15, -9, 50)) - 1  # exactly representable steps above 1
    np.testing.assert_allclose(sm.lgamma(1 + tiny), -0.5772156649015329 * tiny, rtol=1e-6)


def test_lgamma_and_digamma_special_points():
    assert sm.lgamma(np.array([1.0, 2.0]))[0] == 0.0 and sm.lgamma(np.array([2.0]))[0] == 0.0
    assert np.all(np.isinf(sm.lgamma(np.array([0.0, -1.0, -7.0, np.inf, -np.inf]))))
    d = sm.digamma(np.array([0.0, -0.0, -1.0, np.inf, -np.inf, np.nan]))
    assert d[0] == -np.inf and d[1] == np.inf and np.isnan(d[2]) and d[3] == np.inf
    assert np.isnan(d[4]) and np.isnan(d[5])
    assert abs(sm.digamma(np.array([1.0]))[0] + 0.5772156649015329) < 1e-15


def test_digamma_is_the_derivative_of_lgamma():
    x = np.linspace(-4.7, 30.3, 701)
    x = x[np.abs(x - np.round(x)) > 0.05]
    h = 1e-6
    slope = (sm.lgamma(x + h) - sm.lgamma(x - h)) / (2 * h)
    np.testing.assert_allclose(sm.digamma(x), slope, rtol=1e-6, atol=1e-6)


def test_erf_erfc_against_math():
    x = _wide(1)
    np.testing.assert_allclose(sm.erf(x), [math.erf(v) for v in x], rtol=2e-15, atol=0)
    reference = np.array([math.erfc(v) for v in x])
    finite = reference > 0
    assert _relative(sm.erfc(x)[finite], reference[finite]).max() < 1e-14


def test_erfinv_inverts_erf_to_the_last_digits():
    y = np.concatenate([np.linspace(-0.999, 0.999, 2001), 1 - 10.0 ** -np.arange(2, 16)])
    x = sm.erfinv(y)
    np.testing.assert_allclose(sm.erf(x), y, rtol=1e-15, atol=2e-16)
    t = 10.0 ** -np.arange(1.0, 300.0, 7)  # erfc(erfcinv(t)) for t down to 1e-294
    root = sm.erfcinv(t)
    # the round trip amplifies the root's rounding by about 2 root^2
    assert (_relative(sm.erfc(root), t) < 2.5e-16 * np.maximum(8, 2 * root * root)).all()
    edges = sm.erfinv(np.array([1.0, -1.0, 1.5, np.nan, -0.0]))
    assert edges[0] == np.inf and edges[1] == -np.inf and np.isnan(edges[2:4]).all()
    assert np.signbit(edges[4])


def test_ndtri_inverts_the_normal_cdf():
    p = np.concatenate([np.linspace(0.001, 0.999, 999), 10.0 ** -np.arange(3.0, 300.0, 11)])
    z = sm.ndtri(p)
    back = 0.5 * sm.erfc(-z / math.sqrt(2))
    # the round trip amplifies z's rounding by about z^2 (1e-13 at p = 1e-300)
    assert (_relative(back, p) < 2.5e-16 * np.maximum(10, 2 * z * z)).all()


def test_polygamma_from_zeta_against_series():
    # psi''(x) = -2 sum_k 1 / (x + k)^3: summed directly (slowly) for a few x
    for x in (0.3, 1.0, 4.5, -2.5):
        direct = -2 * sum(1.0 / (x + k) ** 3 for k in range(200000))
        direct -= 2 * (1 / (2 * (x + 200000) ** 2))  # the tail's integral
        got = ember.polygamma(2, ember.tensor([x], dtype=ember.float64)).item()
        assert abs(got - direct) < 1e-9 * max(1.0, abs(direct))


def test_special_kernels_take_whole_arrays():
    # one million elements in one call: the kernels loop over series terms, not elements
    x = np.linspace(0.1, 50.0, 1_000_000)
    assert sm.lgamma(x).shape == x.shape and np.isfinite(sm.digamma(x)).all()


# ---------------------------------------------------------------------- in-place forms
@pytest.mark.parametrize("call, expected", [
    (lambda t: t.index_copy_(0, ember.tensor([1]), ember.ones(1, 3)),
     [[0, 0, 0], [1, 1, 1]]),
    (lambda t: t.index_put_((ember.tensor([0]), ember.tensor([2])), ember.tensor(5.0)),
     [[0, 0, 5], [0, 0, 0]]),
    (lambda t: t.put_(ember.tensor([4]), ember.tensor([7.0])), [[0, 0, 0], [0, 7, 0]]),
    (lambda t: t.masked_scatter_(ember.tensor([True, False, True]), ember.arange(6.0)),
     [[0, 0, 1], [2, 0, 3]]),
    (lambda t: t.scatter_reduce_(1, ember.tensor([[0, 0]]), ember.tensor([[2.0, 3.0]]),
                                 "sum"), [[5, 0, 0], [0, 0, 0]]),
    (lambda t: t.fill_diagonal_(4.0), [[4, 0, 0], [0, 4, 0]]),
])
def test_inplace_forms_write_into_the_tensor(call, expected):
    t = ember.zeros(2, 3)
    version = t._version
    assert call(t) is t
    np.testing.assert_array_equal(t.numpy(), expected)
    assert t._version > version


def test_inplace_index_writes_record_their_op():
    x = ember.arange(6.0).reshape(2, 3).requires_grad_()
    y = x * 1
    y.index_copy_(1, ember.tensor([0]), ember.ones(2, 1))
    assert type(y.grad_fn).__name__ == "IndexCopyBackward0"
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[0, 1, 1], [0, 1, 1]])
    z = x * 1
    z.fill_diagonal_(0.0)
    assert type(z.grad_fn).__name__ == "CopySlices"


def test_unfold_is_a_view():
    x = ember.arange(6.0)
    windows = x.unfold(0, 3, 1)
    assert windows._base is x
    x[2] = 100.0
    assert windows[0, 2].item() == 100.0 and windows[2, 0].item() == 100.0


def test_meshgrid_grids_are_views():
    a, b = ember.arange(3.0), ember.arange(2.0)
    grid_a, grid_b = ember.meshgrid(a, b, indexing="ij")
    assert grid_a.data_ptr() == a.data_ptr() and grid_a.stride() == (1, 0)


# ---------------------------------------------------------------------- global switches
def test_default_device_is_the_cpu_only():
    ember.set_default_device(None)
    ember.set_default_device("cpu")
    assert ember.get_default_device() == ember.device("cpu")
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        ember.set_default_device("cuda")
    with pytest.raises(RuntimeError, match="Expected one of cpu"):
        ember.set_default_device("gpu")


def test_thread_counts_are_remembered():
    before = ember.get_num_threads()
    try:
        ember.set_num_threads(1)
        assert ember.get_num_threads() == 1
        with pytest.raises(RuntimeError, match="expects an int"):
            ember.set_num_threads(True)
    finally:
        ember.set_num_threads(before)


@pytest.mark.parametrize("variable, expected", [("3", 3), ("", None), ("zero", None)])
def test_thread_count_starts_from_omp_num_threads(variable, expected):
    # (torch's default intra-op count; a full sum of 32,768 elements or more is split
    # into that many ranges, as torch's threads split it)
    import os
    import subprocess
    import sys

    environment = dict(os.environ, OMP_NUM_THREADS=variable)
    shown = subprocess.run(
        [sys.executable, "-c", "import ember; print(ember.get_num_threads(), "
         "ember.get_num_interop_threads())"], env=environment, capture_output=True,
        text=True, check=True).stdout.split()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert shown == [str(expected or cpus), str(cpus)]


def test_new_factories_inherit_dtype_and_take_keywords():
    i = ember.tensor([1, 2], dtype=ember.int16)
    assert i.new_zeros(3).dtype == ember.int16
    assert i.new_full((2,), -7.9).tolist() == [-7, -7]
    made = i.new_ones(2, dtype=ember.float64, requires_grad=True)
    assert made.dtype == ember.float64 and made.requires_grad and made.is_leaf
    with pytest.raises(RuntimeError, match="Only Tensors of floating point"):
        i.new_zeros(2, requires_grad=True)
