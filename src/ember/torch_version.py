"""torch.torch_version: `TorchVersion`, the `str` subclass `torch.__version__` is, whose
comparisons read both sides as version numbers (PEP 440), so `torch.__version__ >= "2.0"`
compares 0.1.0 with 2.0, not the strings "0.1.0" and "2.0" letter by letter.

The parsing is written here (ember depends on NumPy alone, not on `packaging`): an epoch,
the release numbers, a pre-release (a/b/rc), a post-release, a dev release and a local
part, ordered as PEP 440 orders them. A string that is no version compares as a string,
as torch's falls back to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["TorchVersion", "InvalidVersion"]


class InvalidVersion(ValueError):
    """A string that is not a PEP 440 version."""


_VERSION = re.compile(r"""
    v?(?:(?P<epoch>\d+)!)?
    (?P<release>\d+(?:\.\d+)*)
    (?:[-_.]?(?P<pre_letter>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?P<pre>\d+)?)?
    (?:-(?P<post_implicit>\d+)|[-_.]?(?P<post_letter>post|rev|r)[-_.]?(?P<post>\d+)?)?
    (?:[-_.]?(?P<dev_letter>dev)[-_.]?(?P<dev>\d+)?)?
    (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
""", re.VERBOSE | re.IGNORECASE)

_PRE_LETTERS = {"alpha": "a", "a": "a", "beta": "b", "b": "b", "c": "rc", "pre": "rc",
                "preview": "rc", "rc": "rc"}
# Sentinels that sort below and above every value: (0,) < (1, value) < (2,)
_LOW, _HIGH = (0,), (2,)


def sort_key(text: str) -> tuple:
    """The key PEP 440 orders versions by; InvalidVersion for anything else."""
    match = _VERSION.fullmatch(text.strip())
    if match is None:
        raise InvalidVersion(f"Invalid version: {text!r}")
    release = [int(part) for part in match["release"].split(".")]
    while len(release) > 1 and release[-1] == 0:  # 2.0 == 2.0.0
        release.pop()
    post_number = match["post_implicit"] or match["post"]
    has_post = post_number is not None or match["post_letter"] is not None
    has_dev = match["dev_letter"] is not None
    if match["pre_letter"] is not None:
        pre = (1, _PRE_LETTERS[match["pre_letter"].lower()], int(match["pre"] or 0))
    else:  # a dev release of the final version sorts before its pre-releases
        pre = _LOW if has_dev and not has_post else _HIGH
    post = (1, int(post_number or 0)) if has_post else _LOW
    dev = (1, int(match["dev"] or 0)) if has_dev else _HIGH
    local = _LOW
    if match["local"] is not None:  # numbers sort above words, and by value
        parts = re.split(r"[-_.]", match["local"].lower())
        local = (1, tuple((1, int(p), "") if p.isdigit() else (0, 0, p) for p in parts))
    return (int(match["epoch"] or 0), tuple(release), pre, post, dev, local)


def _as_text(other) -> str | None:
    """The version `other` stands for (a string, or numbers in a sequence: (2, 1) is
    "2.1"); None for anything else."""
    if isinstance(other, str):
        return other
    if isinstance(other, Iterable):
        return ".".join(str(part) for part in other)
    return None


def _comparison(name: str):
    def compare(self: TorchVersion, other) -> bool:
        text = _as_text(other)
        if text is None:
            return NotImplemented  # (Python's TypeError for <, >; False for ==)
        try:
            left, right = sort_key(self), sort_key(text)
        except InvalidVersion:  # not versions: compared as given, str against `other`
            return getattr(str(self), name)(other)
        return getattr(left, name)(right)

    compare.__name__ = name
    return compare


class TorchVersion(str):
    """A version string that compares as a version number with strings and tuples."""

    __module__ = "ember.torch_version"
    __slots__ = ()

    __lt__ = _comparison("__lt__")
    __le__ = _comparison("__le__")
    __gt__ = _comparison("__gt__")
    __ge__ = _comparison("__ge__")
    __eq__ = _comparison("__eq__")
    # (!= stays str's: "2.13" != "2.13.0" although they are equal versions, as in torch)
    __hash__ = str.__hash__  # (equal strings, equal hashes: it stays a dict key)
