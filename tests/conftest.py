import sys
from pathlib import Path

import pytest

import ember
from ember._warnings import once as warn_once_state

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
sys.path.insert(0, str(EXAMPLES))


@pytest.fixture(autouse=True)
def _fresh_global_state():
    """Every test starts with torch's defaults, whatever the previous test changed, with
    the warn-once warnings unspent and no safe globals added for torch.load, as in a fresh
    process."""
    ember.set_default_dtype(ember.float32)
    ember.set_grad_enabled(True)
    ember.set_warn_always(False)
    warn_once_state.issued.clear()
    ember.serialization.clear_safe_globals()
    yield
    ember.set_default_dtype(ember.float32)
    ember.set_grad_enabled(True)
    ember.set_printoptions(profile="default")
