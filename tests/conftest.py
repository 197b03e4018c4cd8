import sys
from pathlib import Path

import pytest

import ember

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
sys.path.insert(0, str(EXAMPLES))


@pytest.fixture(autouse=True)
def _fresh_global_state():
    """Every test starts with torch's defaults, whatever the previous test changed."""
    ember.set_default_dtype(ember.float32)
    ember.set_grad_enabled(True)
    yield
    ember.set_default_dtype(ember.float32)
    ember.set_grad_enabled(True)
    ember.set_printoptions(profile="default")
