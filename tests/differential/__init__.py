"""Differential testing of ember against PyTorch with random programs.

A *program* is a list of statements of Python source text written against a module named
``torch``. `generator.generate(seed)` writes one, reproducibly, over ember's public surface.
`execute.run_program` runs it with ``torch`` bound to a module (real torch or ember) and
returns what it showed as JSON data (values, dtypes, shapes, requires_grad, grad_fn names,
gradients, printed text, exception types, floating-point warnings). `compare.differences`
compares two such observations with a tolerance per op family, `shrink.shrink` drops
statements while a difference persists, and `sweep` runs many programs and groups the
differences by cause::

    PYTHONPATH=src /work/torchenv/bin/python -m tests.differential.sweep --count 1000 --seed 7

About 12% of the seeds give a complex program (complex_families.py: complex64/complex128
values flowing through complex-capable ops and back to real losses); a sweep seed that
starts with ``complex:`` gives complex programs only (``--seed complex:7``).

The corpus (``corpus/*.json``: programs with torch's observations stored as data) is replayed
on ember by ``test_corpus.py`` without torch; ``python -m tests.differential.corpus`` (with
torch) records it.
"""
