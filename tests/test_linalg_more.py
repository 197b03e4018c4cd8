"""What the recorded torch cases (tests/reference/cases_linalg_more.py) and the generated
op-table tests do not show for the linalg additions (QR, LU, lstsq, pinv, the solvers):

- lstsq's default driver, gelsy, is LAPACK's reference algorithm (QR with column pivoting,
  the rank from the condition of R's leading blocks): compared with reference LAPACK's
  answers (scipy's, recorded here) where torch's MKL gives erratic ranks;
- the LU kernel picks LAPACK's pivots (idamax: a nan is never a larger pivot), factors
  large batches, and leaves no memo behind;
- ldl_factor is LAPACK's sytrf (2 x 2 pivots included) and records no derivative, as
  torch.
"""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.ops import linalg_lstsq, linalg_lu


def test_gelsy_is_lapacks_reference_algorithm():
    m = np.array([[1., 2, 3], [2, 4, 6.1], [1, 0, 1], [0, 1, 1], [3, 3, 3]])
    b = np.array([[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0], [1.0, 1.0], [0.0, -0.5]])
    # scipy.linalg.lstsq(m, b, cond=rcond, lapack_driver="gelsy") with reference LAPACK
    expected = {
        0.2: (2, [[-5.43001226e-01, -2.84244446e-03], [5.50936507e-02, 6.06266749e-05],
                  [3.90803136e-01, 1.64622064e-03]]),
        0.5: (1, [[0.04957958, 0.00011371], [0.07948472, 0.0001823],
                  [0.11255745, 0.00025816]]),
    }
    for rcond, (rank, solution) in expected.items():
        r = ember.linalg.lstsq(ember.tensor(m), ember.tensor(b), rcond=rcond)
        assert r.rank.item() == rank
        np.testing.assert_allclose(r.solution.numpy(), solution, rtol=1e-6, atol=1e-8)


def test_gelsy_of_full_rank_and_exactly_deficient_systems_is_the_minimum_norm_solution():
    rng = np.random.default_rng(5)
    a = rng.standard_normal((6, 2)) @ rng.standard_normal((2, 4))  # rank 2
    b = rng.standard_normal((6, 3))
    r = ember.linalg.lstsq(ember.tensor(a), ember.tensor(b))
    assert r.rank.item() == 2
    np.testing.assert_allclose(r.solution.numpy(), np.linalg.pinv(a) @ b, atol=1e-10)
    full = rng.standard_normal((2, 7, 4)).astype(np.float32)
    rhs = rng.standard_normal((2, 7, 2)).astype(np.float32)
    x = ember.linalg.lstsq(ember.tensor(full), ember.tensor(rhs)).solution
    assert x.dtype == ember.float32
    np.testing.assert_allclose(x.numpy(), np.linalg.pinv(full) @ rhs, rtol=1e-4, atol=1e-5)


def test_lu_pivots_are_lapacks_with_nan_entries():
    # (scipy.linalg.lu_factor and torch agree: [3, 2, 3] and [1, 2])
    a = np.array([[1.0, np.nan, 2.0], [3.0, 1.0, 0.5], [-4.0, 2.0, 1.0]])
    assert ember.linalg.lu_factor(ember.tensor(a)).pivots.tolist() == [3, 2, 3]
    b = np.array([[np.nan, 1.0], [3.0, 1.0]])
    assert ember.linalg.lu_factor(ember.tensor(b)).pivots.tolist() == [1, 2]


def test_lu_of_a_batch_reconstructs_and_solves():
    rng = np.random.default_rng(7)
    a = rng.standard_normal((50, 6, 6))
    p, lower, upper = ember.linalg.lu(ember.tensor(a))
    np.testing.assert_allclose((p @ lower @ upper).numpy(), a, atol=1e-12)
    assert np.all(np.abs(np.tril(lower.numpy(), -1)) <= 1 + 1e-15)  # partial pivoting
    lu, pivots = ember.linalg.lu_factor(ember.tensor(a))
    b = rng.standard_normal((50, 6, 3))
    x = ember.linalg.lu_solve(lu, pivots, ember.tensor(b))
    np.testing.assert_allclose(x.numpy(), np.linalg.solve(a, b), atol=1e-10)
    assert linalg_lu._last == [None, None] and linalg_lstsq._last == [None, None]


def test_lu_solve_refuses_a_backward_after_its_pivots_were_written():
    a = ember.tensor(np.eye(3) * 2 + 0.1, requires_grad=True)
    lu, pivots = ember.linalg.lu_factor(a)
    x = ember.linalg.lu_solve(lu, pivots, ember.ones(3, 1, dtype=ember.float64))
    with ember.no_grad():
        pivots.copy_(pivots.clone())
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        x.sum().backward()


def test_ldl_factor_is_lapacks_sytrf():
    # torch 2.13's values (MKL's sytrf): a 2 x 2 pivot first, then two 1 x 1 ones
    a = np.array([[1e-3, 2, 3, 4], [2, 1e-3, 5, 6], [3, 5, 1e-3, 7], [4, 6, 7, 1e-3]])
    ld, pivots = ember.linalg.ldl_factor(ember.tensor(a))
    assert pivots.tolist() == [-4, -4, 3, 4]
    assert ld.stride() == (1, 4)
    np.testing.assert_allclose(np.diagonal(ld.numpy()), [1e-3, 1e-3, -10.495, -5.1407],
                               rtol=1e-4)
    b = np.arange(8.0).reshape(4, 2)
    x = ember.linalg.ldl_solve(ld, pivots, ember.tensor(b))
    np.testing.assert_allclose(x.numpy(), np.linalg.solve(a, b), atol=1e-12)
    rng = np.random.default_rng(3)
    m = rng.standard_normal((5, 6, 6))
    m = m + np.swapaxes(m, -1, -2)
    ld, pivots = ember.linalg.ldl_factor(ember.tensor(m))
    rhs = rng.standard_normal((5, 6, 2))
    x = ember.linalg.ldl_solve(ld, pivots, ember.tensor(rhs))
    np.testing.assert_allclose(x.numpy(), np.linalg.solve(m, rhs), atol=1e-9)


def test_ldl_records_no_derivative_as_torch():
    a = ember.tensor(np.eye(3) * 2 + 0.1, requires_grad=True)
    ld, pivots = ember.linalg.ldl_factor(a)
    assert type(ld.grad_fn).__name__ == "NotImplemented"
    with pytest.raises(RuntimeError, match="derivative for aten::linalg_ldl_factor_ex is not"):
        ld.sum().backward()
