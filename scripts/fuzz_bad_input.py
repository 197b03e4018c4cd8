"""Call torch's and ember's public functions with bad arguments and compare what happens.

Bad input must raise torch's exception type with a message that says what was wrong: never
an internal error leaking from ember (an AttributeError, an IndexError from a tuple, NumPy's
"operands could not be broadcast"), never a hang, never a silently different answer. This
script walks the callables that ``torch`` and ``ember`` both have at the top level and in
``linalg``, ``special`` and ``nn.functional`` (minus those that set global state, touch files
or would run long), builds for each one a call that is roughly right from ember's signature
(a float32 3x3 tensor for each tensor parameter, 1 for a dim, [3, 3] for a size...), and
then spoils it one way at a time: no arguments, too many, None/str/list/number where a tensor
goes, tensors of the wrong dtype or rank, empty or mismatched tensors, dims out of range,
negative sizes, unknown keywords, invalid enum strings, a wrong ``out=``. Inputs are NumPy
arrays, converted for each library before each call (so in-place functions see fresh data),
and each library's generator is seeded before each call, so random functions compare too.

Each call is compared: whether each library raised, the exception type's name (ember's errors
subclass the builtins torch raises, and share the names of torch's own classes such as
``_LinAlgError``, as tests/differential/compare.py compares them), and, when both returned,
the results (type, dtype, shape, values). Raised with the same type but a different message is
logged, and flagged when ember's message reads like an internal one (a NumPy or Python message
rather than one about the arguments).

Every function runs in its own forked process, under a per-call alarm and a per-function
time limit, so a hang or a crash costs one function, not the run.

    PYTHONPATH=src:. nice python scripts/fuzz_bad_input.py                 # everything
    PYTHONPATH=src:. nice python scripts/fuzz_bad_input.py -k cat -k stack  # names containing
    PYTHONPATH=src:. nice python scripts/fuzz_bad_input.py --show type      # list one kind
    PYTHONPATH=src:. nice python scripts/fuzz_bad_input.py --json out.json  # every difference

Kinds of difference: ``type`` (both raised, other types), ``ember_raises`` (torch returned),
``torch_raises`` (ember returned), ``value`` (both returned, different results), ``internal``
(same type, ember's message looks internal), ``message`` (same type, other message), ``hang``
(a call ran past the alarm, or the function's process died).
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import resource
import signal
import sys
import time
import warnings
from collections import Counter
from typing import Any

import numpy as np

# ---------------------------------------------------------------------------- what to walk
NAMESPACES = ("", "linalg", "special", "nn.functional")
# global state, files, threads, compilation: not for a fuzzer (their process is forked, but
# their behaviour on bad input is not what this script is about)
SKIP = frozenset({
    "manual_seed", "seed", "set_rng_state", "initial_seed", "get_rng_state",
    "set_default_dtype", "set_default_device", "set_default_tensor_type", "set_printoptions",
    "set_num_threads", "set_num_interop_threads", "set_float32_matmul_precision",
    "set_anomaly_enabled", "set_warn_always", "use_deterministic_algorithms",
    "set_grad_enabled", "save", "load", "compile", "vmap", "from_file", "frombuffer",
})
# uninitialised memory, or (max_unpool's repeated indices) an order torch leaves undefined:
# whether they raise is compared, not their values
SKIP_VALUES = ("empty", "empty_like", "empty_strided", "max_unpool1d", "max_unpool2d",
               "max_unpool3d")

CALL_SECONDS = 3.0
FUNCTION_SECONDS = 120.0

# ---------------------------------------------------------------------------- inputs
_rng = np.random.default_rng(0)
ARRAYS: dict[str, np.ndarray] = {
    "f32": _rng.standard_normal((3, 3)).astype(np.float32),
    "bool": _rng.standard_normal((3, 3)) > 0,
    "i64": _rng.integers(0, 3, (3, 3)).astype(np.int64),
    "f16": _rng.standard_normal((3, 3)).astype(np.float16),
    "f64": _rng.standard_normal((3, 3)),
    "0d": np.array(0.5, dtype=np.float32),
    "1d": _rng.standard_normal(3).astype(np.float32),
    "4d": _rng.standard_normal((1, 1, 3, 3)).astype(np.float32),
    "empty": np.zeros(0, dtype=np.float32),
    "empty2": np.zeros((0, 3), dtype=np.float32),
    "mismatch": _rng.standard_normal((2, 4)).astype(np.float32),
    "idx": np.zeros((3, 3), dtype=np.int64),
    "mask": np.eye(3, dtype=bool),
}


class T:
    """A tensor made from ARRAYS[key] for whichever library is called."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __repr__(self) -> str:
        return f"T({self.key})"


def build(spec: Any, lib) -> Any:
    if isinstance(spec, T):
        return lib.tensor(ARRAYS[spec.key].copy())
    if isinstance(spec, list):
        return [build(s, lib) for s in spec]
    if isinstance(spec, tuple):
        return tuple(build(s, lib) for s in spec)
    if isinstance(spec, dict):
        return {k: build(v, lib) for k, v in spec.items()}
    return spec


# ---------------------------------------------------------------------------- base calls
INT_NAMES = {"dim", "dim0", "dim1", "dim2", "axis", "axis0", "axis1", "k", "n", "diagonal",
             "offset", "start", "length", "chunks", "sections", "split_size", "shifts",
             "groups", "upscale_factor", "downscale_factor", "num_classes", "bins", "steps",
             "repeats", "split_size_or_sections", "indices_or_sections", "r", "window_size",
             "num_samples", "high", "low", "row", "col", "destination", "padding_idx",
             "kernel_size", "output_size", "p_dim", "maxnorm_dim", "ndim", "end_dim",
             "start_dim", "index_dim", "count"}
FLOAT_NAMES = {"p", "q", "alpha", "beta", "value", "fill_value", "lambd", "min", "max",
               "threshold", "margin", "eps", "negative_slope", "scale", "momentum", "rtol",
               "atol", "maxnorm", "tau", "scalar", "other_scalar", "weight_scalar"}
SIZE_NAMES = {"size", "shape", "sizes", "normalized_shape", "stride", "pad", "dims",
              "split_sizes", "output_padding", "padding", "dilation"}
STR_NAMES = {"equation": "ij->ji", "reduce": "sum", "reduction": "mean", "mode": "nearest",
             "approximate": "none", "indexing": "ij", "driver": None, "UPLO": "L",
             "interpolation": "linear", "side": "left", "correction": 1}
TENSOR_KEYS = {"index": "idx", "indices": "idx", "mask": "mask", "condition": "mask",
               "target": "f32", "boundaries": "1d", "sorted_sequence": "1d"}
SEQUENCE_NAMES = {"tensors", "operands", "inputs", "arrays", "matrices"}


def _required(fn) -> list[inspect.Parameter]:
    """The parameters a call must fill: no default, or one of ember's `object()` markers."""
    try:
        listed = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return []
    return [p for p in listed if p.kind is not p.VAR_KEYWORD and p.kind is not p.KEYWORD_ONLY
            and (p.default is p.empty or type(p.default) is object)]


def base_value(name: str) -> tuple[str, Any]:
    """(the kind of slot, a good value) for a parameter called `name`."""
    if name in SEQUENCE_NAMES:
        return "seq", [T("f32"), T("f32")]
    if name in TENSOR_KEYS:
        return "tensor", T(TENSOR_KEYS[name])
    if name in STR_NAMES:
        return "str", STR_NAMES[name]
    if name in SIZE_NAMES:
        return "size", [3, 3]
    if name in INT_NAMES:
        return "int", 1
    if name in FLOAT_NAMES:
        return "float", 0.5
    return "tensor", T("f32")


def base_call(fn) -> tuple[list[tuple[str, Any]], str | None]:
    """[(kind, value)] for the positional arguments, and the *args name if it is varargs."""
    slots, varargs = [], None
    for p in _required(fn):
        if p.kind is p.VAR_POSITIONAL:
            varargs = p.name
            if p.name in SIZE_NAMES:
                slots += [("int", 3), ("int", 3)]
            elif p.name in ("dims",):
                slots += [("int", 1), ("int", 0)]
            else:
                slots.append(("tensor", T("f32")))
            break
        slots.append(base_value(p.name))
    return slots, varargs


BAD = {
    "tensor": [None, "abc", [1.0, 2.0, 3.0], 1.5, 2, True, T("bool"), T("i64"), T("f16"),
               T("f64"), T("0d"), T("1d"), T("4d"), T("empty"), T("empty2"), T("mismatch")],
    "int": [5, -5, -1, None, "abc", 1.5, T("f32"), [1.0]],
    "size": [[-1, 3], -1, "abc", None, [2.5, 3], [3, None], []],
    "float": [None, "abc", T("1d"), float("nan"), -1.0],
    "str": ["foo", None, 5],
    "seq": [[], [T("f32"), T("mismatch")], [T("f32"), T("f64")], T("f32"), [None], "abc",
            [T("0d"), T("0d")]],
}
BAD_KEYWORDS = [{"bogus_kw": 1}, {"dim": 5}, {"dim": -5}, {"reduction": "foo"},
                {"mode": "bar"}, {"out": T("i64")}, {"out": T("mismatch")}, {"out": "abc"},
                {"dtype": "float32"}]


def patterns(fn) -> list[tuple[str, tuple, dict]]:
    """(label, args spec, kwargs spec) for every bad call of `fn` (and the base call)."""
    slots, _ = base_call(fn)
    base = [value for _, value in slots]
    calls = [("no args", (), {}), ("base", tuple(base), {}),
             ("too many positional", tuple(base + [T("f32")] * 8), {})]
    for i, (kind, _) in enumerate(slots):
        for bad in BAD[kind]:
            args = list(base)
            args[i] = bad
            calls.append((f"arg{i}={bad!r}", tuple(args), {}))
    calls += [(f"kw {kw!r}", tuple(base), kw) for kw in BAD_KEYWORDS]
    return calls


# ---------------------------------------------------------------------------- outcomes
class CallTimeout(BaseException):
    """A call ran past CALL_SECONDS (BaseException: `except Exception` in a library must not
    swallow it)."""


def _alarm(signum, frame):
    raise CallTimeout


def summarize(value: Any, depth: int = 0) -> Any:
    """A JSON-able description of a result, the same for torch's and ember's."""
    if depth > 3:
        return "..."
    kind = type(value).__name__
    if hasattr(value, "detach") and hasattr(value, "dtype") and hasattr(value, "shape"):
        dtype = str(value.dtype).split(".")[-1]
        try:
            data = value.detach()
            data = data.float() if dtype == "bfloat16" else data
            array = np.asarray(data.numpy())
        except Exception as error:  # noqa: BLE001
            return {"tensor": dtype, "shape": list(value.shape), "error": repr(error)[:80]}
        return {"tensor": dtype, "shape": list(value.shape),
                "values": array.astype(np.float64).ravel()[:64].tolist()
                if array.dtype.kind in "biuf" else kind}
    if isinstance(value, (tuple, list)):
        return {"seq": "list" if isinstance(value, list) else "tuple",
                "items": [summarize(v, depth + 1) for v in value[:16]]}
    if isinstance(value, (bool, int, float, str)) or value is None:
        return {"py": kind, "value": value if not isinstance(value, float) or
                np.isfinite(value) else repr(value)}
    if kind in ("dtype", "device"):
        return {kind: str(value).split(".")[-1]}
    return {"other": kind}


def outcome(lib, fn, args_spec, kwargs_spec) -> dict:
    try:
        args = build(args_spec, lib)
        kwargs = build(kwargs_spec, lib)
        lib.manual_seed(0)
    except Exception as error:  # noqa: BLE001
        return {"setup": repr(error)[:200]}
    signal.setitimer(signal.ITIMER_REAL, CALL_SECONDS)
    try:
        result = fn(*args, **kwargs)
        summary = summarize(result)
    except CallTimeout:
        return {"hang": True}
    except Exception as error:  # noqa: BLE001 - every exception is an observation
        return {"raised": type(error).__name__, "message": str(error)[:400]}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return {"result": summary}


INTERNAL = re.compile(
    r"object has no attribute|object is not (subscriptable|iterable|callable)|"
    r"unsupported operand|tuple index out of range|list index out of range|"
    r"could not be broadcast|is out of bounds for (axis|array)|cannot reshape array|"
    r"not enough values to unpack|too many values to unpack|NoneType|"
    r"ufunc|numpy|axes don't match|invalid literal|can't multiply sequence|"
    r"unhashable type|Cannot cast|only integer scalar arrays|object of type|"
    r"'<' not supported|zero-size array|maximum supported dimension|"
    r"setting an array element with a sequence|inhomogeneous|dimension mismatch|"
    r"repeated axis|must be a sequence|KeyError|_data")


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return False
        if "values" in a and isinstance(a["values"], list) and isinstance(b["values"], list):
            x, y = np.array(a["values"]), np.array(b["values"])
            return (a["tensor"] == b["tensor"] and a["shape"] == b["shape"]
                    and x.shape == y.shape and np.allclose(x, y, rtol=1e-3, atol=1e-4,
                                                           equal_nan=True))
        return all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return a == b or abs(a - b) <= 1e-4 * max(1.0, abs(a)) or (a != a and b != b)
    return a == b


def classify(name: str, want: dict, got: dict) -> str | None:
    """The kind of difference between torch's outcome `want` and ember's `got`, or None."""
    if "hang" in got or "setup" in want or "setup" in got:
        return "hang" if "hang" in got else None
    if "hang" in want:
        return None
    if "raised" in want and "raised" in got:
        if want["raised"] != got["raised"]:
            return "type"
        if want["message"] == got["message"]:
            return None
        return "internal" if INTERNAL.search(got["message"]) else "message"
    if "raised" in got:
        return "ember_raises"
    if "raised" in want:
        return "torch_raises"
    if name.split(".")[-1] in SKIP_VALUES:
        return None
    return None if _close(want["result"], got["result"]) else "value"


# ---------------------------------------------------------------------------- the walk
def functions(torch, ember, selected: list[str]) -> list[str]:
    names = []
    for space in NAMESPACES:
        t_mod, e_mod = torch, ember
        for part in filter(None, space.split(".")):
            t_mod, e_mod = getattr(t_mod, part), getattr(e_mod, part)
        for name in sorted(set(dir(t_mod)) & set(dir(e_mod))):
            t_fn = getattr(t_mod, name)
            if (name.startswith("_") or name in SKIP or isinstance(t_fn, type)
                    or inspect.ismodule(t_fn) or not callable(t_fn)):
                continue
            full = f"{space}.{name}" if space else name
            if not selected or any(s in full for s in selected):
                names.append(full)
    return names


def resolve(module, full: str):
    for part in full.split("."):
        module = getattr(module, part)
    return module


def run_function(torch, ember, full: str) -> list[dict]:
    """Every call of `full` under both libraries: one record per call."""
    t_fn, e_fn = resolve(torch, full), resolve(ember, full)
    records = []
    for label, args, kwargs in patterns(e_fn):
        want = outcome(torch, t_fn, args, kwargs)
        got = outcome(ember, e_fn, args, kwargs)
        records.append({"function": full, "pattern": label, "torch": want, "ember": got,
                        "kind": classify(full, want, got)})
    return records


def run_forked(torch, ember, full: str) -> list[dict]:
    """run_function in a child process, so a crash, a hang or global state stays there."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        code = 0
        try:
            signal.signal(signal.SIGALRM, _alarm)
            soft = 4 << 30  # a runaway allocation fails here instead of swapping the box
            resource.setrlimit(resource.RLIMIT_DATA, (soft, soft))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                data = json.dumps(run_function(torch, ember, full), default=repr).encode()
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
        except BaseException:  # noqa: BLE001 - report nothing; the parent records a hang
            code = 1
        os._exit(code)
    os.close(write)
    chunks, start = [], time.monotonic()
    os.set_blocking(read, False)
    while True:
        try:
            chunk = os.read(read, 1 << 16)
        except BlockingIOError:
            chunk = None
        if chunk:
            chunks.append(chunk)
            continue
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            while (rest := _read_rest(read)):
                chunks.append(rest)
            break
        if time.monotonic() - start > FUNCTION_SECONDS:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            chunks = []
            break
        time.sleep(0.01)
    os.close(read)
    if not chunks:
        return [{"function": full, "pattern": "(process)", "torch": {}, "ember": {"hang": True},
                 "kind": "hang"}]
    return json.loads(b"".join(chunks))


def _read_rest(fd: int) -> bytes:
    try:
        return os.read(fd, 1 << 16)
    except BlockingIOError:
        return b""


def describe(record: dict) -> str:
    want, got = record["torch"], record["ember"]

    def one(o: dict) -> str:
        if "raised" in o:
            return f"{o['raised']}: {o['message'][:160]}"
        if "result" in o:
            return f"-> {json.dumps(o['result'])[:160]}"
        return json.dumps(o)[:160]
    return (f"{record['function']}({record['pattern']}) [{record['kind']}]\n"
            f"    torch {one(want)}\n    ember {one(got)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-k", action="append", default=[], help="names containing this")
    parser.add_argument("--show", action="append", default=[],
                        help="print every difference of this kind (type, ember_raises, ...)")
    parser.add_argument("--json", help="write every difference to this file")
    options = parser.parse_args()

    import torch
    import torch.nn.functional  # noqa: F401

    import ember
    import ember.nn.functional  # noqa: F401

    names = functions(torch, ember, options.k)
    kinds, by_function, differences, calls = Counter(), Counter(), [], 0
    started = time.monotonic()
    for full in names:
        records = run_forked(torch, ember, full)
        calls += len(records)
        for record in records:
            if record["kind"]:
                kinds[record["kind"]] += 1
                by_function[full] += 1
                differences.append(record)
    for record in differences:
        if record["kind"] in options.show or "all" in options.show:
            print(describe(record))
    serious = ("type", "ember_raises", "torch_raises", "value", "hang", "internal")
    print(f"\nfunctions walked: {len(names)}, calls (per library): {calls}, "
          f"{time.monotonic() - started:.0f}s")
    print("differences:", ", ".join(f"{k} {kinds[k]}" for k in (*serious, "message")))
    pairs = Counter((r["torch"].get("raised", "ok"), r["ember"].get("raised", "ok"))
                    for r in differences if r["kind"] in ("type", "ember_raises",
                                                          "torch_raises"))
    print("torch -> ember:", ", ".join(f"{a}->{b} {n}" for (a, b), n in pairs.most_common()))
    worst = Counter({f: sum(1 for r in differences if r["function"] == f
                            and r["kind"] in serious) for f in by_function})
    print("most serious differences:", ", ".join(f"{f} {n}" for f, n in worst.most_common(25)
                                                 if n))
    if options.json:
        with open(options.json, "w") as file:
            json.dump(differences, file, indent=1, default=repr)
    sys.exit(0)


if __name__ == "__main__":
    main()
