"""torch.autograd.profiler, in part: `record_function`, which labels a range of code for a
profiler (a context manager and a decorator; without a profiler running, as always in ember,
it does nothing), so model code that labels its ranges runs unchanged. ember has no
profiler: `profile` raises NotImplementedError."""

from __future__ import annotations

import enum
import functools

__all__ = ["record_function", "profile", "ProfilerActivity"]


class record_function:  # noqa: N801 - torch's name
    """A labelled range of code (`with record_function("forward"): ...`, or as a decorator)."""

    def __init__(self, name: str, args: str | None = None) -> None:
        self.name = name
        self.args = args

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        return None

    def __call__(self, fn):
        @functools.wraps(fn)
        def labelled(*args, **kwargs):
            with self:
                return fn(*args, **kwargs)
        return labelled


class ProfilerActivity(enum.Enum):
    """The devices torch's profiler can trace (named so that profiler arguments evaluate)."""

    CPU = 0
    XPU = 1
    MTIA = 2
    CUDA = 3
    HPU = 4
    PrivateUse1 = 5

    def __repr__(self) -> str:
        return f"<ProfilerActivity.{self.name}: {self.value}>"

    def __str__(self) -> str:
        return f"ProfilerActivity.{self.name}"


def profile(*args, **kwargs):
    """torch's profiler, which ember does not have."""
    raise NotImplementedError("ember has no profiler: torch.profiler.profile and "
                              "torch.autograd.profiler.profile are not implemented "
                              "(record_function ranges run unprofiled)")
