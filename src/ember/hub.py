"""torch.hub: the cache directory (`get_dir`/`set_dir`, answered as torch's) and a clear
NotImplementedError for loading: ember downloads nothing, and a hub repository's
`hubconf.py` imports torch's own modules."""

from __future__ import annotations

import os

__all__ = ["get_dir", "set_dir", "load", "list", "help", "load_state_dict_from_url",
           "download_url_to_file"]

ENV_TORCH_HOME = "TORCH_HOME"
ENV_XDG_CACHE_HOME = "XDG_CACHE_HOME"
DEFAULT_CACHE_DIR = "~/.cache"

_hub_dir: list[str | None] = [None]


def _torch_home() -> str:
    default = os.path.join(os.getenv(ENV_XDG_CACHE_HOME, DEFAULT_CACHE_DIR), "torch")
    return os.path.expanduser(os.getenv(ENV_TORCH_HOME, default))


def get_dir() -> str:
    """The hub cache directory: set_dir's, else $TORCH_HOME/hub, else
    $XDG_CACHE_HOME/torch/hub, else ~/.cache/torch/hub."""
    if _hub_dir[0] is not None:
        return _hub_dir[0]
    return os.path.join(_torch_home(), "hub")


def set_dir(d: str | os.PathLike) -> None:
    """Use `d` as the hub cache directory."""
    _hub_dir[0] = os.path.expanduser(d)


def _refusal(name: str) -> NotImplementedError:
    return NotImplementedError(
        f"torch.hub.{name} is not supported by ember: it downloads from the network, and "
        "hub models are built with torch's own modules. Download the weights yourself and "
        "load them with torch.load(path) and model.load_state_dict(...)")


def load(repo_or_dir, model, *args, **kwargs):
    raise _refusal("load")


def list(github, force_reload=False, skip_validation=False, trust_repo="check",  # noqa: A001
         verbose=True):
    raise _refusal("list")


def help(github, model, force_reload=False, skip_validation=False,  # noqa: A001
         trust_repo="check"):
    raise _refusal("help")


def load_state_dict_from_url(url: str, model_dir: str | None = None, map_location=None,
                             progress: bool = True, check_hash: bool = False,
                             file_name: str | None = None, weights_only: bool = False):
    raise _refusal("load_state_dict_from_url")


def download_url_to_file(url: str, dst: str, hash_prefix: str | None = None,
                         progress: bool = True) -> None:
    raise _refusal("download_url_to_file")
