"""The torch modules added for scripts (tests/reference/cases_api_modules.py records what
they print): here what the recorded cases cannot show: torch.multiprocessing starting real
processes (spawn with 2 processes, a child's exception and exit code reaching the
parent, tensors crossing a queue), the sparse/hub/Sobol refusals' types, and the names
existing in the namespace.
"""

from __future__ import annotations

import pickle
import sys

import numpy as np
import pytest

import ember
import ember.multiprocessing as mp
from ember.torch_version import TorchVersion

NAMES = """version torch_version layout strided sparse_coo sparse_csr sparse_csc sparse_bsr
sparse_bsc jagged multiprocessing get_deterministic_debug_mode set_deterministic_debug_mode
angle has_lapack has_mkl has_openmp has_spectral sparse sparse_coo_tensor sparse_csr_tensor
sparse_csc_tensor sparse_bsr_tensor sparse_bsc_tensor sparse_compressed_tensor quasirandom
hub""".split()


def test_the_names_exist():
    assert [n for n in NAMES if not hasattr(ember, n)] == []
    assert [n for n in ("angle", "to_sparse", "to_sparse_csr", "sparse_dim", "dense_dim")
            if not hasattr(ember.Tensor, n)] == []
    assert not hasattr(ember.Tensor, "angle_")  # (torch has none)
    for name in ("spawn", "start_processes", "ProcessContext", "ProcessRaisedException",
                 "ProcessExitedException", "Queue", "set_start_method", "get_context"):
        assert hasattr(mp, name), name
    assert sys.modules["ember.version"] is ember.version


# ---------------------------------------------------------------------- multiprocessing
# (module-level functions: spawned children import this module to find them)
def _scaled(i: int, queue, t) -> None:
    queue.put((i, t * (i + 1)))


def _raising(i: int) -> None:
    if i == 1:
        raise ValueError("child one fails")


def _exiting(i: int) -> None:
    sys.exit(3 if i == 0 else 0)


def test_spawn_runs_each_index_with_the_arguments():
    queue = mp.get_context("spawn").SimpleQueue()
    t = ember.arange(6.0).reshape(2, 3)[:, 1:]  # a non-contiguous view travels too
    assert mp.spawn(_scaled, args=(queue, t), nprocs=2) is None
    got = dict(queue.get() for _ in range(2))
    assert sorted(got) == [0, 1]
    for i, value in got.items():
        assert isinstance(value, ember.Tensor)
        np.testing.assert_array_equal(value.numpy(), (t * (i + 1)).numpy())


def test_spawn_raises_the_childs_exception_with_its_traceback():
    with pytest.raises(mp.ProcessRaisedException) as caught:
        mp.spawn(_raising, nprocs=2)
    assert caught.value.error_index == 1 and caught.value.pid > 0
    text = str(caught.value)
    assert text.startswith("\n\n-- Process 1 terminated with the following error:\nTraceback")
    assert text.rstrip().endswith("ValueError: child one fails")


def test_a_nonzero_exit_is_a_process_exited_exception():
    context = mp.start_processes(_exiting, nprocs=1, join=False, start_method="spawn")
    assert isinstance(context, mp.ProcessContext) and len(context.pids()) == 1
    with pytest.raises(mp.ProcessExitedException,
                       match="^process 0 terminated with exit code 3$") as caught:
        while not context.join():
            pass
    assert caught.value.exit_code == 3 and caught.value.signal_name is None


def test_spawn_warns_about_another_start_method():
    queue = mp.get_context("spawn").SimpleQueue()
    with pytest.warns(FutureWarning, match="only supports start_method=spawn"):
        mp.spawn(_scaled, args=(queue, ember.ones(1)), nprocs=1, start_method="fork")
    assert queue.get()[0] == 0


def test_a_tensor_through_a_queue_arrives_equal():
    x = ember.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    queue = mp.Queue()
    queue.put(x)
    y = queue.get()
    assert ember.equal(x, y) and y.requires_grad and y.dtype == x.dtype


def test_sharing_strategy_is_remembered():
    assert mp.get_sharing_strategy() in mp.get_all_sharing_strategies()
    before = mp.get_sharing_strategy()
    try:
        mp.set_sharing_strategy("file_system")
        assert mp.get_sharing_strategy() == "file_system"
        with pytest.raises(AssertionError, match="invalid sharing strategy 'x'"):
            mp.set_sharing_strategy("x")
    finally:
        mp.set_sharing_strategy(before)


# ---------------------------------------------------------------------- refusals
@pytest.mark.parametrize("call", [
    lambda: ember.sparse_coo_tensor(ember.tensor([[0, 1]]), ember.tensor([1.0, 2.0]), (3,)),
    lambda: ember.sparse_csr_tensor(ember.tensor([0, 1]), ember.tensor([0]),
                                    ember.tensor([1.0])),
    lambda: ember.ones(2).to_sparse(),
    lambda: ember.ones(2, 2).to_sparse_csr(),
    lambda: ember.sparse.mm(ember.ones(2, 2), ember.ones(2, 2)),
    lambda: ember.sparse.sum(ember.ones(2)),
    lambda: ember.zeros(2, layout=ember.sparse_coo),
    lambda: ember.zeros_like(ember.ones(2), layout=ember.sparse_csr),
])
def test_sparse_features_say_ember_has_no_sparse_tensors(call):
    with pytest.raises(NotImplementedError, match="not supported by ember") as caught:
        call()
    assert "dense" in str(caught.value)


def test_hub_and_sobol_are_refused_clearly():
    with pytest.raises(NotImplementedError, match="SobolEngine is not supported by ember"):
        ember.quasirandom.SobolEngine(3)
    with pytest.raises(NotImplementedError, match="torch.hub.load is not supported"):
        ember.hub.load("pytorch/vision", "resnet18")
    with pytest.raises(NotImplementedError, match="load_state_dict_from_url"):
        ember.hub.load_state_dict_from_url("https://example.invalid/w.pth")


def test_dense_tensors_answer_the_sparse_questions():
    x = ember.ones(2, 3)
    assert (x.sparse_dim(), x.dense_dim(), x.is_sparse, x.is_sparse_csr) == (0, 2, False, False)
    assert x.to_dense() is x


# ---------------------------------------------------------------------- layout, version
def test_layouts_pickle_as_the_same_constants():
    assert pickle.loads(pickle.dumps([ember.strided, ember.sparse_coo])) == [
        ember.strided, ember.sparse_coo]
    assert pickle.loads(pickle.dumps(ember.ones(2))).layout is ember.strided


def test_version_compares_as_a_version():
    assert isinstance(ember.__version__, TorchVersion) and ember.__version__ == "0.1.0"
    assert ember.__version__ < "2.0" and ember.__version__ >= (0, 1)
    assert TorchVersion("2.10.0") > "2.9.1"  # (as strings "2.10.0" < "2.9.1")
    assert TorchVersion("2.13.0+cpu") > "2.13.0" and TorchVersion("2.13.0a0") < "2.13.0"
    with pytest.raises(TypeError):
        TorchVersion("2.1") < 3  # noqa: B015 - the comparison's error is the test
