"""ember.save / ember.load: torch-written fixtures load with equal values, dtypes, shapes and
sharing; ember round trips; ember files load in real torch (torch_live); malicious and
corrupt files are refused. Fixtures come from scripts/make_checkpoint_fixtures.py."""

from __future__ import annotations

import collections
import copy
import io
import os
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

import ember

FIXTURES = Path(__file__).parent / "fixtures" / "checkpoints"


def shares_memory(a, b) -> bool:
    return np.shares_memory(a.numpy(), b.numpy())


def make_model() -> ember.nn.Sequential:
    return ember.nn.Sequential(ember.nn.Linear(3, 4), ember.nn.ReLU(), ember.nn.Linear(4, 2))


# ---------------------------------------------------------------------- torch -> ember
def test_torch_state_dict_loads_into_ember_model():
    state = ember.load(FIXTURES / "sequential_state_dict.pt")
    assert isinstance(state, collections.OrderedDict)
    assert list(state) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert state._metadata[""] == {"version": 1}
    model = make_model()
    model.load_state_dict(state)
    expected = np.arange(12, dtype=np.float32).reshape(4, 3) / 10 - 0.5
    np.testing.assert_array_equal(model[0].weight.detach().numpy(), expected)
    second = np.arange(8, dtype=np.float32).reshape(2, 4) / 10 - 0.5
    np.testing.assert_array_equal(model[2].weight.detach().numpy(), second)
    np.testing.assert_array_equal(model[2].bias.detach().numpy(), second[0, :2])
    assert model[0].weight.dtype == ember.float32


@pytest.mark.parametrize("name", ["float16", "float32", "float64", "int8", "int16", "int32",
                                  "int64", "uint8", "bool"])
def test_every_dtype_from_torch(name):
    loaded = ember.load(FIXTURES / "dtypes.pt")[name]
    assert loaded.dtype == getattr(ember, "bool" if name == "bool" else name)
    if name == "bool":
        expected = np.arange(6).reshape(2, 3) % 2 == 0
    elif name == "uint8":
        expected = np.arange(6).reshape(2, 3)
    else:
        expected = np.arange(-3, 3).reshape(2, 3)
    assert loaded.shape == (2, 3)
    np.testing.assert_array_equal(loaded.numpy(), expected)


def test_views_keep_sharing_strides_and_special_shapes():
    views = ember.load(FIXTURES / "views.pt")
    base = views["base"]
    np.testing.assert_array_equal(base.numpy(), np.arange(24).reshape(4, 6))
    np.testing.assert_array_equal(views["strided"].numpy(), base.numpy()[1:, ::2])
    assert views["strided"].stride() == (6, 2)
    assert views["transposed"].stride() == (1, 6)
    assert not views["transposed"].is_contiguous()
    for name in ("row", "strided", "transposed"):
        assert shares_memory(views[name], base)
    base[1, 2] = -1.0
    assert views["row"][2].item() == -1.0
    assert views["strided"][0, 1].item() == -1.0
    assert views["scalar"].shape == () and views["scalar"].item() == 3.5
    assert views["scalar"].dtype == ember.float64
    assert views["empty"].shape == (0, 3)


def test_optimizer_like_nested_state():
    state = ember.load(FIXTURES / "adam_like_state.pt")
    assert state["param_groups"][0]["betas"] == (0.9, 0.999)
    assert state["param_groups"][0]["params"] == [0, 1]
    assert state["param_groups"][0]["foreach"] is None
    assert state["state"][0]["step"].item() == 3.0
    np.testing.assert_array_equal(state["state"][0]["exp_avg_sq"].numpy(),
                                  (np.arange(6, dtype=np.float32).reshape(2, 3) / 4) ** 2)


def test_parameters_and_tied_weights():
    params = ember.load(FIXTURES / "parameters.pt")
    assert isinstance(params["a"], ember.nn.Parameter)
    assert params["a"] is params["b"]
    assert params["a"].requires_grad and not params["grad_free"].requires_grad


def python_objects() -> dict:
    return {"set": {1, 2}, "bytes": b"xy", "complex": 1 + 2j, "device": ember.device("cpu"),
            "bytearray": bytearray(b"q"), "size": ember.Size([2, 3]),
            "counter": collections.Counter(a=1), "dtype": ember.float16}


def test_plain_python_objects_torch_allows():
    loaded = ember.load(FIXTURES / "python_objects.pt")
    assert loaded == python_objects()
    assert type(loaded["size"]) is ember.Size and loaded["dtype"] is ember.float16


def test_mmap_maps_copy_on_write(tmp_path):
    path = tmp_path / "copy.pt"
    path.write_bytes((FIXTURES / "views.pt").read_bytes())
    views = ember.load(path, mmap=True)
    assert shares_memory(views["row"], views["base"])
    np.testing.assert_array_equal(views["strided"].numpy(), np.arange(24).reshape(4, 6)[1:, ::2])
    views["base"][0, 0] = 7.0  # private mapping: the file keeps its bytes
    assert ember.load(path)["base"][0, 0].item() == 0.0
    with pytest.raises(ValueError, match="f must be a file path in order to use the mmap"):
        ember.load(io.BytesIO(path.read_bytes()), mmap=True)


def test_big_endian_records_are_swapped():
    good = io.BytesIO()
    ember.save({"w": ember.tensor([1.5, -2.0]), "i": ember.tensor([258], dtype=ember.int32)},
               good)
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith("byteorder"):
                data = b"big"
            elif "/data/" in info.filename:
                data = np.frombuffer(data, "<i4").astype(">i4").tobytes()  # both 4-byte
            dst.writestr(info.filename, data)
    out.seek(0)
    back = ember.load(out)
    assert back["w"].tolist() == [1.5, -2.0] and back["i"].tolist() == [258]


# ---------------------------------------------------------------------- ember -> ember
def test_round_trip_python_objects():
    buffer = io.BytesIO()
    ember.save(python_objects(), buffer)
    buffer.seek(0)
    assert ember.load(buffer) == python_objects()


def test_round_trip_keeps_values_sharing_and_metadata(tmp_path):
    base = ember.arange(12, dtype=ember.float64).reshape(3, 4)
    state = collections.OrderedDict(base=base, view=base[1:, ::2], t=base.t(),
                                    flipped=ember.tensor([1, 2, 3]).flip(0),
                                    flag=ember.tensor(False),
                                    half=ember.ones(2, dtype=ember.float16))
    state._metadata = {"": {"version": 1}}
    path = tmp_path / "rt.pt"
    ember.save(state, path)
    back = ember.load(path)
    assert back._metadata == {"": {"version": 1}}
    for key, value in state.items():
        assert back[key].dtype == value.dtype and back[key].shape == value.shape
        np.testing.assert_array_equal(back[key].numpy(), value.numpy())
    assert shares_memory(back["view"], back["base"]) and shares_memory(back["t"], back["base"])
    with zipfile.ZipFile(path) as archive:  # one storage record for the three views
        records = [n for n in archive.namelist() if "/data/" in n]
    assert len(records) == 4


def test_save_to_file_object_and_parameters():
    model = make_model()
    buffer = io.BytesIO()
    ember.save({"model": model.state_dict(), "epoch": 3, "tied": [model[0].weight] * 2}, buffer)
    buffer.seek(0)
    back = ember.load(buffer)
    assert back["epoch"] == 3
    assert back["tied"][0] is back["tied"][1]
    assert isinstance(back["tied"][0], ember.nn.Parameter)
    other = make_model()
    other.load_state_dict(back["model"])
    np.testing.assert_array_equal(other[2].weight.detach().numpy(),
                                  model[2].weight.detach().numpy())


def test_records_are_64_byte_aligned():
    buffer = io.BytesIO()
    ember.save([ember.ones(3), ember.zeros(5, dtype=ember.int64)], buffer)
    with zipfile.ZipFile(buffer) as archive:
        for info in archive.infolist():
            name_len, extra_len = np.frombuffer(
                buffer.getvalue()[info.header_offset + 26: info.header_offset + 30], "<u2")
            assert (info.header_offset + 30 + name_len + extra_len) % 64 == 0, info.filename


def test_pickle_and_deepcopy_keep_values_not_graph():
    leaf = ember.tensor([1.0, 2.0], requires_grad=True)
    out = leaf * 3
    restored = pickle.loads(pickle.dumps(out))
    assert restored.grad_fn is None and restored.is_leaf and restored.requires_grad
    np.testing.assert_array_equal(restored.detach().numpy(), [3.0, 6.0])
    clone = copy.deepcopy(leaf)
    assert clone.requires_grad and clone is not leaf
    np.testing.assert_array_equal(clone.detach().numpy(), [1.0, 2.0])


# ---------------------------------------------------------------------- refusing bad input
class _Evil:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _with_data_pkl(payload: bytes) -> io.BytesIO:
    """A checkpoint made by ember.save whose data.pkl is replaced by `payload`."""
    good = io.BytesIO()
    ember.save({"w": ember.ones(2)}, good)
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = payload if info.filename.endswith("data.pkl") else src.read(info.filename)
            dst.writestr(info.filename, data)
    out.seek(0)
    return out


def test_malicious_checkpoint_is_refused_and_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    evil = _with_data_pkl(pickle.dumps({"w": _Evil(str(marker))}, protocol=2))
    with pytest.raises(pickle.UnpicklingError) as info:
        ember.load(evil)
    assert f"GLOBAL {os.system.__module__}.system" in str(info.value)
    assert "Weights only load failed" in str(info.value)
    assert not marker.exists()


def test_unknown_class_is_refused_by_name():
    evil = _with_data_pkl(pickle.dumps(collections.defaultdict(int), protocol=2))
    with pytest.raises(pickle.UnpicklingError, match="GLOBAL collections.defaultdict was not "
                                                     "an allowed global by default"):
        ember.load(evil)


def test_weights_only_false_allows_trusted_pickles():
    trusted = _with_data_pkl(pickle.dumps(collections.defaultdict(int, a=1), protocol=2))
    assert ember.load(trusted, weights_only=False) == {"a": 1}


def test_pickle_module_means_a_trusted_load():
    trusted = _with_data_pkl(pickle.dumps(collections.defaultdict(int, a=1), protocol=2))
    assert ember.load(trusted, pickle_module=pickle) == {"a": 1}
    trusted.seek(0)
    with pytest.raises(RuntimeError, match="Can not safely load weights when explicit"):
        ember.load(trusted, weights_only=True, pickle_module=pickle)


def test_corrupt_inputs_raise_clearly(tmp_path):
    good = io.BytesIO()
    ember.save({"w": ember.ones(100)}, good)
    raw = good.getvalue()
    with pytest.raises(EOFError):
        ember.load(io.BytesIO(b""))
    with pytest.raises(RuntimeError, match="failed finding central directory"):
        ember.load(io.BytesIO(raw[:200]))
    with pytest.raises(RuntimeError, match="failed finding central directory"):
        ember.load(io.BytesIO(raw[:-30]))
    with pytest.raises(RuntimeError, match="zip"):
        ember.load(io.BytesIO(b"not a checkpoint at all"))
    with pytest.raises(pickle.UnpicklingError):
        ember.load(_with_data_pkl(b"\x80\x02}q\x00(X"))  # truncated pickle
    with pytest.raises(FileNotFoundError):
        ember.load(tmp_path / "missing.pt")


def test_damaged_files_fail_with_checkpoint_errors_only():
    """Random byte damage, to the archive or to data.pkl inside a valid archive, either
    still loads or raises one of torch's checkpoint errors (never hangs or leaks others)."""
    good = io.BytesIO()
    ember.save({"w": ember.arange(10.0), "p": ember.nn.Parameter(ember.ones(2)),
                "v": [1, (2, "x")]}, good)
    raw = good.getvalue()
    with zipfile.ZipFile(good) as src:
        data_pkl = src.read("archive/data.pkl")
    rng = np.random.default_rng(0)
    outcomes = set()
    for trial in range(300):
        damaged = bytearray(data_pkl if trial % 2 else raw)
        for index in rng.integers(0, len(damaged), size=rng.integers(1, 4)):
            damaged[index] = int(rng.integers(0, 256))
        source = _with_data_pkl(bytes(damaged)) if trial % 2 else io.BytesIO(bytes(damaged))
        try:
            ember.load(source)
            outcomes.add("loaded")
        except (RuntimeError, pickle.UnpicklingError, EOFError) as err:
            outcomes.add(type(err).__name__)
    assert {"RuntimeError", "UnpicklingError"} <= outcomes


def test_cuda_storage_needs_map_location():
    good = io.BytesIO()
    ember.save({"w": ember.ones(2)}, good)
    with zipfile.ZipFile(good) as src:
        payload = src.read("archive/data.pkl")
    assert payload.count(b"X\x03\x00\x00\x00cpu") == 1
    moved = _with_data_pkl(payload.replace(b"X\x03\x00\x00\x00cpu", b"X\x06\x00\x00\x00cuda:0"))
    with pytest.raises(RuntimeError, match="CPU-only machine"):
        ember.load(moved)
    moved.seek(0)
    assert ember.load(moved, map_location="cpu")["w"].tolist() == [1.0, 1.0]


# ---------------------------------------------------------------------- ember -> torch
TORCH_CHECK = r"""
import sys, torch
state = torch.load(sys.argv[1])
model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
model.load_state_dict(state["model"])
extra = state["extra"]
assert extra["view"].data_ptr() != extra["base"].data_ptr()
assert extra["view"].untyped_storage().data_ptr() == extra["base"].untyped_storage().data_ptr()
assert extra["view"].stride() == (4, 2), extra["view"].stride()
assert state["tied"][0] is state["tied"][1]
assert isinstance(state["tied"][0], torch.nn.Parameter)
assert state["objects"]["size"] == torch.Size([2, 3]), state["objects"]
assert state["objects"]["device"] == torch.device("cpu")
assert state["objects"]["dtype"] is torch.float16
assert state["objects"]["bytes"] == b"xy" and state["objects"]["set"] == {1, 2}
for name, t in extra["dtypes"].items():
    assert str(t.dtype) == "torch." + name, (name, t.dtype)
print(repr([model(torch.ones(1, 3)).tolist(), extra["view"].tolist(),
            {k: v.tolist() for k, v in extra["dtypes"].items()}, list(extra["empty"].shape),
            extra["scalar"].item()]))
"""


@pytest.mark.torch_live
def test_ember_checkpoint_loads_in_torch(tmp_path):
    torch_ok = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True)
    if torch_ok.returncode != 0:
        pytest.skip("torch is not importable in this environment")
    model = make_model()
    base = ember.arange(12, dtype=ember.float32).reshape(3, 4)
    names = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]
    dtypes = {n: ember.tensor([1, 0, 1]).to(getattr(ember, n)) for n in names}
    extra = {"base": base, "view": base[1:, 1::2], "dtypes": dtypes,
             "empty": ember.zeros(0, 2), "scalar": ember.tensor(2.5)}
    path = tmp_path / "for_torch.pt"
    ember.save({"model": model.state_dict(), "extra": extra, "tied": [model[0].weight] * 2,
                "objects": python_objects()}, path)
    done = subprocess.run([sys.executable, "-c", TORCH_CHECK, str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    out, view, values, empty_shape, scalar = eval(done.stdout, {"torch": None})  # noqa: S307
    with ember.no_grad():
        np.testing.assert_allclose(out, model(ember.ones(1, 3)).numpy(), rtol=1e-6)
    assert view == base[1:, 1::2].tolist()
    assert all(v == [1, 0, 1] or v == [True, False, True] for v in values.values())
    assert tuple(empty_shape) == (0, 2) and scalar == 2.5
