"""torch.profiler, in part: `record_function` and `ProfilerActivity` (see
ember.autograd.profiler); `profile` raises NotImplementedError."""

from .autograd.profiler import ProfilerActivity, profile, record_function

__all__ = ["record_function", "profile", "ProfilerActivity"]
