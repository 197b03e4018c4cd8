"""glibc allocator tuning at import, its opt-outs, and ember.release_memory().

The effect is checked by counting minor page faults (not by timing): with glibc's default
thresholds, every step of a workload that allocates and frees ~30 MB faults its memory back
in; with ember's thresholds it reuses the memory it kept.
"""

import json
import os
import subprocess
import sys
import types

import pytest

import ember
from ember import _allocator

ON_GLIBC = _allocator.glibc() is not None
needs_glibc = pytest.mark.skipif(not ON_GLIBC, reason="the tuning only exists on glibc")

# Run in a fresh interpreter: imports ember, then reports whether the tuning was applied
# and the minor page faults per step of a loop that allocates eight 4 MB arrays (touching
# every page) and frees them. Without tuning each step costs ~8,000 faults.
_FAULTS_SCRIPT = """
import json, resource
import numpy as np
import ember
from ember import _allocator

def step():
    arrays = [np.ones(1_000_000, dtype=np.float32) for _ in range(8)]
    return sum(float(a[-1]) for a in arrays)

for _ in range(3):
    step()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    step()
faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 10
print(json.dumps({"tuned": _allocator.tuned, "faults": faults}))
"""

# Frees ~200 MB of 4 MB arrays (kept by the tuned allocator: below both thresholds), then
# releases it; reports resident memory in MiB at each point.
_RELEASE_SCRIPT = """
import json
import numpy as np
import ember

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20

arrays = [np.ones(1_000_000, dtype=np.float32) for _ in range(50)]
del arrays
kept = rss()
released = ember.release_memory()
print(json.dumps({"kept": kept, "released": released, "after": rss()}))
"""


def _clean_environ(**extra: str) -> dict[str, str]:
    """This process's environment without any allocator settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not _allocator.user_tunes_malloc({k: v}) and k != _allocator.OPT_OUT_VARIABLE}
    env.pop("GLIBC_TUNABLES", None)
    env.update(extra)
    return env


def _run(script: str, **extra: str) -> dict:
    done = subprocess.run([sys.executable, "-c", script], env=_clean_environ(**extra),
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@needs_glibc
def test_tuning_at_import_stops_page_faults_per_step():
    tuned = _run(_FAULTS_SCRIPT)
    untuned = _run(_FAULTS_SCRIPT, EMBER_MALLOC_TUNING="0")
    assert tuned["tuned"] is True
    assert untuned["tuned"] is False
    # 8 arrays x 977 pages each: glibc's defaults fault most of them in every step.
    assert untuned["faults"] > 4000
    assert tuned["faults"] * 10 < untuned["faults"]


@needs_glibc
@pytest.mark.parametrize("setting", [
    {"EMBER_MALLOC_TUNING": "0"},
    {"EMBER_MALLOC_TUNING": "off"},
    {"MALLOC_TRIM_THRESHOLD_": "131072"},
    {"MALLOC_MMAP_THRESHOLD_": "131072"},
    {"MALLOC_ARENA_MAX": "2"},
    {"GLIBC_TUNABLES": "glibc.malloc.trim_threshold=131072"},
])
def test_opt_out_and_users_own_malloc_settings_leave_glibc_alone(setting):
    result = _run(_FAULTS_SCRIPT, **setting)
    assert result["tuned"] is False
    assert result["faults"] > 4000  # glibc's default behaviour, per-step faults and all


@needs_glibc
def test_tunables_for_other_glibc_parts_do_not_disable_tuning():
    assert _run(_FAULTS_SCRIPT, GLIBC_TUNABLES="glibc.pthread.rseq=0")["tuned"] is True


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, False),
    ({"MALLOC_TOP_PAD_": "0"}, True),
    ({"MALLOC_CHECK_": "3"}, True),
    ({"MALLOC_CONF": "narenas:1"}, False),  # jemalloc's variable, not glibc's
    ({"GLIBC_TUNABLES": "glibc.rtld.nns=2:glibc.malloc.mmap_max=0"}, True),
    ({"GLIBC_TUNABLES": "glibc.rtld.nns=2"}, False),
])
def test_which_environment_counts_as_user_malloc_settings(environ, expected):
    assert _allocator.user_tunes_malloc(environ) is expected


@pytest.mark.parametrize(("value", "off"), [
    ("0", True), ("false", True), ("OFF", True), (" no ", True), ("1", False), ("", False),
])
def test_opt_out_values(value, off):
    assert _allocator.opted_out({"EMBER_MALLOC_TUNING": value}) is off


class _FakeLibc:
    """Records mallopt and malloc_trim calls; `accepts` is what mallopt returns."""

    def __init__(self, accepts: int = 1, trims: int = 1):
        self.calls: list[tuple] = []
        self.accepts, self.trims = accepts, trims

    def mallopt(self, param: int, value: int) -> int:
        self.calls.append(("mallopt", param, value))
        return self.accepts

    def malloc_trim(self, pad: int) -> int:
        self.calls.append(("malloc_trim", pad))
        return self.trims


def test_tune_sets_both_thresholds_within_a_c_int(monkeypatch):
    libc = _FakeLibc()
    monkeypatch.setattr(_allocator, "glibc", lambda: libc)
    monkeypatch.setattr(_allocator, "tuned", False)
    assert _allocator.tune({}) is True
    # M_MMAP_THRESHOLD (-3) and M_TRIM_THRESHOLD (-1): with only one, glibc keeps trimming.
    assert sorted(c[1] for c in libc.calls) == [-3, -1]
    assert all(c[2] == _allocator.THRESHOLD for c in libc.calls)
    assert 0 < _allocator.THRESHOLD <= 2**31 - 1  # mallopt's int would wrap above this
    # Once per process: a second call changes nothing.
    assert _allocator.tune({}) is True
    assert len(libc.calls) == 2


def test_tune_reports_a_refused_value(monkeypatch):
    libc = _FakeLibc(accepts=0)
    monkeypatch.setattr(_allocator, "glibc", lambda: libc)
    monkeypatch.setattr(_allocator, "tuned", False)
    assert _allocator.tune({}) is False
    assert len(libc.calls) == 2  # the trim threshold is still tried


def test_tune_skips_glibc_when_the_user_configured_it(monkeypatch):
    libc = _FakeLibc()
    monkeypatch.setattr(_allocator, "glibc", lambda: libc)
    monkeypatch.setattr(_allocator, "tuned", False)
    assert _allocator.tune({"MALLOC_ARENA_MAX": "4"}) is False
    assert _allocator.tune({"EMBER_MALLOC_TUNING": "0"}) is False
    assert libc.calls == []


def test_release_memory_calls_malloc_trim(monkeypatch):
    libc = _FakeLibc(trims=0)
    monkeypatch.setattr(_allocator, "glibc", lambda: libc)
    assert ember.release_memory() is False  # malloc_trim found nothing to release
    libc.trims = 1
    assert ember.release_memory() is True
    assert libc.calls == [("malloc_trim", 0), ("malloc_trim", 0)]


@needs_glibc
def test_release_memory_hands_kept_memory_back():
    result = _run(_RELEASE_SCRIPT)
    assert result["released"] is True
    assert result["kept"] - result["after"] > 150  # of the ~190 MiB freed and kept


def test_release_memory_is_public_and_returns_a_bool():
    assert "release_memory" in ember.__all__
    assert isinstance(ember.release_memory(), bool)


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_other_platforms_do_nothing(monkeypatch, platform):
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(_allocator, "tuned", False)
    _allocator.glibc.cache_clear()
    try:
        assert _allocator.glibc() is None
        assert _allocator.tune({}) is False
        assert ember.release_memory() is False
    finally:
        _allocator.glibc.cache_clear()


@pytest.mark.parametrize("libc", [
    types.SimpleNamespace(mallopt=None, malloc_trim=None),  # musl: no gnu_get_libc_version
    types.SimpleNamespace(gnu_get_libc_version=None),       # no mallopt / malloc_trim
    OSError("no C library"),                                 # ctypes cannot open it
])
def test_linux_without_glibc_does_nothing(monkeypatch, libc):
    def fake_cdll(name):
        if isinstance(libc, Exception):
            raise libc
        return libc

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(_allocator.ctypes, "CDLL", fake_cdll)
    monkeypatch.setattr(_allocator, "tuned", False)
    _allocator.glibc.cache_clear()
    try:
        assert _allocator.glibc() is None
        assert _allocator.tune({}) is False
        assert ember.release_memory() is False
    finally:
        _allocator.glibc.cache_clear()
