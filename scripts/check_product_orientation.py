"""Do the two orientations of a product's operand gradient give the same bits here?

    python scripts/check_product_orientation.py

ember computes the gradient of a transposed matrix operand (nn.Linear's `weight.t()`) as
torch's mm_mat2_backward / mm_mat1_backward do: d/db = (g^T a)^T instead of a^T g, and
d/da = (b g^T)^T instead of g b^T (ops/linalg.py, `_grad_mat1` / `_grad_mat2`), so that the
weight's gradient comes out C-ordered. In exact arithmetic the two are equal; in floating
point they are equal when the BLAS sums every element's products in the same order for both.
This prints, over a grid of shapes in float32 and float64, how often NumPy's BLAS gives the
same bits for both orientations, and how often each equals torch's product (when torch is
installed). Run it under the environment whose bits matter (OPENBLAS_CORETYPE changes them).
"""

from __future__ import annotations

import itertools
import os

import numpy as np

try:
    import torch
except ImportError:  # only the NumPy comparison then
    torch = None

ROWS = (1, 3, 8, 17, 64, 128, 130)
INNER = (1, 5, 16, 33, 100, 256, 784)
COLUMNS = (1, 4, 10, 31, 256)


def main() -> None:
    if torch is not None:
        torch.set_num_threads(1)
    rng = np.random.default_rng(1)
    counts = dict.fromkeys(("cases", "mat2 same", "mat1 same", "torch = a^T g",
                            "torch = (g^T a)^T"), 0)
    for n, k, m in itertools.product(ROWS, INNER, COLUMNS):
        for dtype in (np.float32, np.float64):
            a = rng.standard_normal((n, k)).astype(dtype)
            b = rng.standard_normal((k, m)).astype(dtype)
            g = rng.standard_normal((n, m)).astype(dtype)
            counts["cases"] += 1
            plain, turned = a.T @ g, (g.T @ a).T
            counts["mat2 same"] += np.array_equal(plain, turned)
            counts["mat1 same"] += np.array_equal(g @ b.T, (b @ g.T).T)
            if torch is not None:
                theirs = (torch.from_numpy(g).t() @ torch.from_numpy(a)).t().numpy()
                counts["torch = a^T g"] += np.array_equal(plain, theirs)
                counts["torch = (g^T a)^T"] += np.array_equal(turned, theirs)
    print(f"NumPy {np.__version__}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')}: "
          + ", ".join(f"{name}: {count}" for name, count in counts.items()))


if __name__ == "__main__":
    main()
