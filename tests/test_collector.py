"""The cyclic garbage collector's thresholds, tuned at import (ember/_collector.py).

The effect is checked by counting the collector's runs while a long graph is built (not by
timing): with Python's default thresholds it collects the growing graph many times over.
"""

import gc
import json
import os
import subprocess
import sys

import pytest

from ember import _collector

# Builds a 20,000-op graph in a fresh interpreter and reports the thresholds in force and
# how many collections of each generation ran meanwhile.
_GRAPH_SCRIPT = """
import gc, json
import ember
runs = [0, 0, 0]
gc.callbacks.append(lambda phase, info: phase == "start" and runs.__setitem__(
    info["generation"], runs[info["generation"]] + 1))
x = ember.arange(4.0, requires_grad=True)
y = x
for _ in range(5000):
    y = (y * 0.5 + 0.25).sin().exp()
print(json.dumps({"thresholds": gc.get_threshold(), "runs": runs,
                  "tuned": ember._collector.tuned}))
"""


def _build_graph(**environment) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key != _collector.OPT_OUT_VARIABLE}
    env.update(environment)
    completed = subprocess.run([sys.executable, "-c", _GRAPH_SCRIPT], capture_output=True,
                               text=True, env=env, timeout=120, check=True)
    return json.loads(completed.stdout)


needs_default_thresholds = pytest.mark.skipif(
    gc.get_threshold() not in (_collector.PYTHON_DEFAULT_THRESHOLDS, _collector.THRESHOLDS),
    reason="this Python's collector has other default thresholds (left alone)")


@needs_default_thresholds
def test_tuning_at_import_collects_a_growing_graph_less_often():
    tuned = _build_graph()
    default = _build_graph(EMBER_GC_TUNING="0")
    assert tuned["tuned"] and tuple(tuned["thresholds"]) == _collector.THRESHOLDS
    assert not default["tuned"]
    assert tuple(default["thresholds"]) == _collector.PYTHON_DEFAULT_THRESHOLDS
    # Young collections: about 2000/700 times fewer; older ones: far fewer.
    assert tuned["runs"][0] * 2 < default["runs"][0]
    assert tuned["runs"][1] + tuned["runs"][2] < default["runs"][1] + default["runs"][2]


def test_a_programs_own_thresholds_are_kept(monkeypatch):
    monkeypatch.setattr(_collector, "tuned", False)
    before = gc.get_threshold()
    try:
        gc.set_threshold(1234, 5, 6)
        assert _collector.tune({}) is False
        assert gc.get_threshold() == (1234, 5, 6)
    finally:
        gc.set_threshold(*before)


@pytest.mark.parametrize("value", ["0", "false", "No", " off "])
def test_opt_out(monkeypatch, value):
    monkeypatch.setattr(_collector, "tuned", False)
    before = gc.get_threshold()
    try:
        gc.set_threshold(*_collector.PYTHON_DEFAULT_THRESHOLDS)
        assert _collector.tune({_collector.OPT_OUT_VARIABLE: value}) is False
        assert gc.get_threshold() == _collector.PYTHON_DEFAULT_THRESHOLDS
        assert _collector.tune({_collector.OPT_OUT_VARIABLE: "1"}) is True
        assert gc.get_threshold() == _collector.THRESHOLDS
    finally:
        gc.set_threshold(*before)
