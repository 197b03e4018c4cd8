"""Inference tensors (ember/_inference.py): inference mode is per thread, and leaving it
leaves nothing behind that would mark later tensors."""

from __future__ import annotations

import threading

import ember
from ember import _grad_mode


def test_inference_mode_marks_only_its_own_threads_tensors():
    entered, made = threading.Event(), threading.Event()
    seen = {}

    def other_thread():
        entered.wait()
        seen["other"] = (ember.ones(2) * 2).is_inference()
        made.set()

    worker = threading.Thread(target=other_thread)
    worker.start()
    with ember.inference_mode():
        entered.set()
        made.wait()
        seen["own"] = (ember.ones(2) * 2).is_inference()
    worker.join()
    assert seen == {"other": False, "own": True}


def test_leaving_inference_mode_resets_the_count():
    before = _grad_mode.threads_in_inference[0]
    with ember.inference_mode():
        with ember.inference_mode():
            assert _grad_mode.threads_in_inference[0] == before + 1
        with ember.inference_mode(False):
            assert _grad_mode.threads_in_inference[0] == before
            assert not ember.ones(1).is_inference()

    @ember.inference_mode()
    def made():
        return ember.zeros(1)

    assert made().is_inference()
    assert _grad_mode.threads_in_inference[0] == before
    assert not (ember.ones(1) + 1).is_inference()
