"""Which inputs an op's node keeps, against torch's (seen through the version check).

torch's nodes keep an input only when a wanted gradient reads it, so writing an input in
place after the forward is an error in the backward exactly when the node kept it. For
every op sample, tests/saved_inputs.py runs each configuration of what requires grad (each
float input alone, and all together), writes one tensor input (or the result) in place
without changing its values, and differentiates; tests/reference/saved_inputs.json holds
torch 2.13's outcomes (scripts/record_saved_inputs.py --write). Each op's outcomes must
equal torch's, except those listed in tests/reference/saved_inputs_known.py: a new
difference fails, and so does a listed one that went away (rewrite the list).

What the list still holds, by op:
- gru_layer: ember's GRU recurrence is one op (ops/nn_rnn.py) keeping its inputs and its
  output, from which its backward recomputes the gates (and differentiates them under
  create_graph); torch's CPU GRU is a composition whose nodes keep per-step intermediates,
  W_hh, and h0 only for W_hh's gradient. So h0, b_hh or the output written after the
  forward is refused by ember only (and with everything requiring grad, torch refuses h0's
  write for its own reason: h0 was unbound into views).
"""

from __future__ import annotations

import pytest

from tests import sample_reference
from tests.reference.saved_inputs_known import KNOWN
from tests.samples import collect
from tests.saved_inputs import REFERENCE_PATH, differences, record

REFERENCE = sample_reference.load(REFERENCE_PATH)
SAMPLES = collect()


def test_ops_not_recorded_yet():
    """Ops (or samples) added since the outcomes were recorded are not compared: rerun
    scripts/record_saved_inputs.py --write where torch is installed."""
    missing = sample_reference.not_recorded(SAMPLES, REFERENCE)
    if missing:
        pytest.skip(f"not recorded from torch yet: {', '.join(missing)}")


def test_known_differences_are_keyed_by_recorded_samples():
    assert not sample_reference.unknown_keys(KNOWN, REFERENCE)


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_saved_inputs_match_torch(name):
    if name not in SAMPLES:
        pytest.skip(f"{name} has no samples in this checkout")
    new, gone = sample_reference.compare(name, SAMPLES, REFERENCE, KNOWN, record, differences)
    assert not new, f"outcomes that differ from torch's (torch, ember): {new}"
    assert not gone, f"fixed, remove from saved_inputs_known.py: {gone}"
