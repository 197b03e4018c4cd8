"""torch.version: what the build is, as scripts print it (`torch.version.cuda` is None on
a CPU-only build, and so is every other accelerator's version here)."""

from __future__ import annotations

from .torch_version import TorchVersion

__all__ = ["__version__", "debug", "cuda", "git_version", "hip", "rocm", "xpu"]

__version__ = TorchVersion("0.1.0")  # (ember's own version; pyproject.toml says the same)
debug = False  # not a debug build
cuda: str | None = None
hip: str | None = None
rocm: str | None = None
xpu: str | None = None
# torch's builds without git information say "Unknown"; ember's version is not tied to a
# commit either (a checkout's own `git rev-parse HEAD` says which)
git_version = "Unknown"
