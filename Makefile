# Quick start: `make demo` runs the seed walk-through, `make test` runs the whole suite.
# Every target creates .venv and installs what it needs; nothing relies on the machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo train test test-distributed test-numpy1 bench lint fuzz clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The seed notebook on ember, then its graph (before/after backward), a step-through page
# of the backward pass, and a small nn model with the graph of its loss, written to out/.
demo: $(STAMP)
	$(PY) examples/autodiff_tour.py
	$(PY) examples/graph_tour.py out
	$(PY) examples/backprop_tour.py out
	$(PY) examples/model_tour.py out

# A real training run: the 8x8 digits (bundled with scikit-learn), DataLoader, Adam, a
# schedule, progress bars, a plot and a PyTorch-format checkpoint, written to out/.
train: $(STAMP)
	$(PY) examples/train_digits.py out

test: $(STAMP)
	$(PY) -m pytest

# Only ember.distributed's tests (make test runs them too): 2 and 3 processes under the
# venv's mpiexec (the mpich wheel of the dev extra), each job bounded in time.
test-distributed: $(STAMP)
	$(PY) -m pytest tests/distributed

# The oldest NumPy ember supports, in a venv of its own (CI runs this after `make test`).
VENV1 := .venv-numpy1
$(VENV1)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV1)
	$(VENV1)/bin/python -m pip install --quiet --upgrade pip
	$(VENV1)/bin/python -m pip install --quiet 'numpy==1.26.*' -e '.[dev]'
	touch $@

test-numpy1: $(VENV1)/.installed
	$(VENV1)/bin/python -m pytest -p no:cacheprovider

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) benchmarks/run.py

# Differential testing against PyTorch (tests/differential/): FUZZ_COUNT random programs run
# under torch 2.13 and ember, each difference shrunk to a minimal program and grouped by
# cause; fails on unexplained differences. Needs torch: installs the CPU wheel that lies in
# /opt/wheels on these machines (never a download). FUZZ_SEED picks other programs.
FUZZ_COUNT ?= 100000
FUZZ_SEED ?= $(shell date +%Y-%m-%d)
FUZZ_JOBS ?= 2
fuzz: $(STAMP)
	@$(PY) -c "import torch" 2>/dev/null || { \
	    wheel=$$(ls /opt/wheels/torch-2.13.0+cpu-*.whl 2>/dev/null | head -n 1); \
	    [ -n "$$wheel" ] || { echo "make fuzz needs torch 2.13: no wheel in /opt/wheels"; exit 2; }; \
	    $(PY) -m pip install --quiet "$$wheel"; }
	mkdir -p out
	$(PY) -m tests.differential.sweep --count $(FUZZ_COUNT) --seed $(FUZZ_SEED) \
	    --jobs $(FUZZ_JOBS) --out out/fuzz-report.json

lint: $(STAMP)
	$(PY) -m ruff check src tests benchmarks examples scripts

clean:
	rm -rf $(VENV) $(VENV1) .pytest_cache .ruff_cache
