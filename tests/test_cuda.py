"""ember.cuda and ember.backends: device-choosing code runs and picks the CPU; calls that
need a CUDA device fail as in a CPU-only torch build. Messages and defaults are replayed
from torch in tests/reference/cases_nn_misc.py."""

from __future__ import annotations

import pytest

import ember
from ember.backends import cudnn


def test_the_common_device_idiom_picks_the_cpu():
    torch = ember
    device = "cuda" if torch.cuda.is_available() else "cpu"
    if torch.backends.mps.is_available():
        device = "mps"
    model = torch.nn.Linear(2, 1).to(device)
    x = torch.ones(3, 2, device=device)
    assert model(x).device == torch.device("cpu")
    assert torch.cuda.device_count() == 0 and not torch.cuda.is_initialized()


@pytest.mark.parametrize("call", [
    ember.cuda.current_device, ember.cuda.synchronize, ember.cuda.init,
    ember.cuda.get_device_name, ember.cuda.initial_seed, ember.cuda.get_rng_state,
])
def test_calls_that_need_a_device_raise_torchs_assertion(call):
    with pytest.raises(AssertionError, match="not compiled with CUDA enabled"):
        call()


def test_seeding_cuda_leaves_embers_generator_alone():
    ember.manual_seed(3)
    expected = ember.rand(3)
    ember.manual_seed(3)
    ember.cuda.manual_seed(99)
    ember.cuda.manual_seed_all(99)
    assert ember.equal(ember.rand(3), expected)


def test_moving_to_cuda_keeps_its_clear_error():
    # torch's type (a CPU-only torch asserts), with a message that says what to do
    for move in (lambda: ember.ones(2).to("cuda"), lambda: ember.ones(2).cuda(),
                 lambda: ember.zeros(2, device="cuda:0"), lambda: ember.nn.Linear(1, 1).cuda(),
                 lambda: ember.nn.Linear(1, 1).to(ember.device("cuda"))):
        with pytest.raises(AssertionError, match="CPU only.*device='cpu'"):
            move()
    with pytest.raises(RuntimeError, match="CPU only"):
        ember.ones(2).to("mps")


def test_cudnn_flags_are_settable_and_restored():
    saved = (cudnn.deterministic, cudnn.benchmark)
    try:
        cudnn.deterministic = True
        with pytest.raises(ValueError), cudnn.flags(enabled=True, deterministic=False):
            assert cudnn.enabled and not cudnn.deterministic
            raise ValueError
        assert cudnn.deterministic and cudnn.enabled
    finally:
        cudnn.deterministic, cudnn.benchmark = saved
    assert not cudnn.is_available() and cudnn.version() is None


def test_accelerator_idiom_of_the_pytorch_tutorials_picks_the_cpu():
    accelerator = ember.accelerator
    device = (accelerator.current_accelerator().type if accelerator.is_available()
              else "cpu")
    assert device == "cpu" and accelerator.device_count() == 0
    assert accelerator.current_accelerator(check_available=True) is None
    for call in (accelerator.current_device_index, accelerator.synchronize,
                 accelerator.empty_cache, lambda: accelerator.set_device_index(0)):
        with pytest.raises(RuntimeError, match="Cannot access accelerator device when none "
                                               "is available."):
            call()
