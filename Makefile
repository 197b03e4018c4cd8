# Quick start: `make demo` runs the seed walk-through, `make test` runs the whole suite.
# Every target creates .venv and installs what it needs; nothing relies on the machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo train test test-numpy1 bench lint clean

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

lint: $(STAMP)
	$(PY) -m ruff check src tests benchmarks examples scripts

clean:
	rm -rf $(VENV) $(VENV1) .pytest_cache .ruff_cache
