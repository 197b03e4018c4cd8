"""Grad mode is per thread; the ops' hot paths first read a process-wide count of threads
not recording (`_grad_mode.threads_not_recording`) and ask the thread's own state only when
it is above zero. The count must follow every switch."""

import threading

import ember
from ember import _grad_mode


def _records() -> bool:
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    return all(y.requires_grad for y in (x * 2.0, x.sin(), x + x, x.sum(), x.norm()))


def _count() -> int:
    """Threads not recording besides those that ended so (earlier tests may leave some)."""
    return _grad_mode.threads_not_recording[0] - _BASE[0]


_BASE = [0]


def setup_function():
    _BASE[0] = _grad_mode.threads_not_recording[0]


def test_the_count_follows_every_switch():
    assert _count() == 0
    with ember.no_grad():
        assert _count() == 1
        with ember.enable_grad():
            assert _count() == 0 and _records()
        with ember.no_grad():
            assert _count() == 1 and not _records()
    ember.set_grad_enabled(False)
    assert _count() == 1 and not _records()
    ember.set_grad_enabled(True)
    x = ember.tensor([1.0], requires_grad=True)
    (x * 3.0).sum().backward()  # the engine switches recording off for its pass
    with ember.inference_mode():
        assert not _records()
    assert _count() == 0 and _records()


def test_a_thread_without_grad_leaves_the_others_recording():
    inside, done = threading.Event(), threading.Event()
    seen = {}

    def worker():
        with ember.no_grad():
            seen["worker"] = _records()
            inside.set()
            done.wait(10)

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(10)
    try:
        assert _count() == 1
        seen["main"] = _records()
    finally:
        done.set()
        thread.join()
    assert seen == {"worker": False, "main": True}
    assert _count() == 0


def test_a_new_thread_records_while_another_does_not():
    seen = {}

    def worker():
        seen["worker"] = _records()

    with ember.no_grad():
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        seen["main"] = _records()
    assert seen == {"worker": True, "main": False}
