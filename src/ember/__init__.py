"""ember: a PyTorch-compatible tensor library with automatic differentiation, on NumPy.

    import ember as torch

runs code written for torch's tensors and autograd, and prints what torch prints.
"""

from ._allocator import release_memory
from ._allocator import tune as _tune_allocator
from ._collector import tune as _tune_collector

_tune_allocator()  # glibc's malloc thresholds, once per process (docs/performance.md)
_tune_collector()  # the cyclic garbage collector's thresholds, likewise

from . import autograd
from .autograd.anomaly import is_anomaly_check_nan_enabled, is_anomaly_enabled
import warnings as _python_warnings  # (ember._warnings is ember's own module)

from . import ops as _ops  # declares every op
from ._bind import install as _install
from ._creation import (
    Generator,
    arange,
    as_tensor,
    default_generator,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    get_rng_state,
    initial_seed,
    linspace,
    logspace,
    manual_seed,
    normal,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    randperm,
    seed,
    set_rng_state,
    tensor,
    zeros,
    zeros_like,
)
from ._device import device
from ._memory_format import (
    channels_last,
    channels_last_3d,
    contiguous_format,
    memory_format,
    preserve_format,
)
from . import random  # noqa: E402 - torch.random's names
from ._arguments import result_type  # (torch's two operands, checked)
from ._dtype import ALIASES as _ALIASES
from ._dtype import (
    bool_ as bool,
)
from ._dtype import (
    can_cast,
    complex64,
    complex128,
    dtype,
    finfo,
    iinfo,
    float16,
    float32,
    float64,
    get_default_dtype,
    int8,
    int16,
    int32,
    int64,
    promote_types,
    set_default_dtype,
    uint8,
)
from ._grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from .ops.complex_ops import complex, polar, view_as_complex, view_as_real  # noqa: A004
from ._printing import set_printoptions
from . import _tensor_str  # noqa: E402 - torch._tensor_str (PRINT_OPTS, printoptions)
from ._tensor import Size, Tensor
from ._legacy_types import *  # noqa: F403 - torch.FloatTensor, torch.LongTensor, ...

half = _ALIASES["half"]
float = _ALIASES["float"]  # noqa: A001 - torch.float is float32
double = _ALIASES["double"]
short = _ALIASES["short"]
int = _ALIASES["int"]  # noqa: A001
long = _ALIASES["long"]
cfloat = _ALIASES["cfloat"]
cdouble = _ALIASES["cdouble"]

globals().update(_install())
del _install, _ops

from . import linalg
from . import utils
from . import func
from . import special
from . import fft
from .func import vmap
from ._settings import *  # noqa: F403 - threads, determinism, default device...
from ._tensor_extras import (
    asarray,
    get_device,
    detach,
    is_complex,
    is_nonzero,
    is_same_size,
    is_signed,
    ravel,
    scalar_tensor,
    typename,
)
from ._tensor_extras import install as _install_tensor_extras

_install_tensor_extras()  # new_zeros, nbytes, storage_offset... on Tensor
del _install_tensor_extras
from ._tensor_more import install as _install_tensor_more
from ._tensor_more import nonzero_static, resize_as_

_install_tensor_more()  # is_nested, dim_order, as_subclass, new, resize_, apply_... on Tensor
del _install_tensor_more
from ._namespace_extras import (
    adjoint,
    conj,
    conj_physical,
    conj_physical_,
    empty_strided,
    frombuffer,
    imag,
    is_conj,
    is_inference,
    is_neg,
    range,  # noqa: A004 - torch.range (deprecated, end included)
    real,
    resolve_conj,
    resolve_neg,
)
from ._namespace_extras import install as _install_namespace_extras

globals().update(_install_namespace_extras())  # torch.abs_, torch.sin_, ... (the methods)
del _install_namespace_extras
from . import profiler, testing
from ._foreach import install as _install_foreach

globals().update(_install_foreach())  # torch._foreach_mul_, ... (per-tensor loops)
del _install_foreach

# torch's mathematical constants and NumPy-style newaxis
import math as _math

pi = _math.pi
e = _math.e
inf = _math.inf
nan = _math.nan
newaxis = None
from .ops.return_types import return_types

# NumPy warns about overflow and invalid values (log(0), 0/0...) where torch silently gives
# inf/nan. Ops and backward passes compute with NumPy's errors ignored (_fp_errors.py); this
# filter is a second net for ember's own modules, for the rare computation outside those.
_python_warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"ember\.")



def is_tensor(obj) -> bool:
    """True if `obj` is an ember Tensor."""
    return isinstance(obj, Tensor)


def numel(input: Tensor) -> int:
    """The number of elements of `input`."""
    return input.numel()


def is_floating_point(input: Tensor) -> bool:
    return input.is_floating_point()


from . import viz
from .viz import explain
from . import nn
from ._nn_top_level import *  # noqa: F403 - torch.batch_norm, torch.dropout, ...
from ._nn_native import *  # noqa: F403 - torch.native_layer_norm, native_dropout, ...
from ._nn_recurrent import *  # noqa: F403 - torch.lstm_cell, torch.gru, ...
from ._compile import compile  # noqa: A004 - torch.compile (runs eagerly here)
from . import optim
from . import distributions
from .serialization import *  # noqa: F403 - save, load
from . import accelerator, backends, cpu, cuda
from ._namespace_more import *  # noqa: F403 - set_default_tensor_type, cond, autocast state...
from ._lowrank import pca_lowrank, svd_lowrank
from ._stft import istft, stft
from ._stft import install as _install_stft

_install_stft()  # Tensor.stft, Tensor.istft
del _install_stft
from . import storage
from .storage import TypedStorage, UntypedStorage
from . import amp, jit
from .amp import GradScaler, autocast, is_autocast_enabled
from . import _cuda_amp

cuda.amp = _cuda_amp  # torch.cuda.amp (deprecated spellings), importable by that name too
_sys_modules = __import__("sys").modules
_sys_modules[__name__ + ".cuda.amp"] = _cuda_amp
del _sys_modules
from . import _C  # torch._C's classes (Generator), named as torch names them
from ._windows import (
    bartlett_window,
    blackman_window,
    hamming_window,
    hann_window,
    kaiser_window,
)

from . import hub, multiprocessing, quasirandom, sparse, torch_version, version
from ._layout import (
    layout,
    sparse_bsc,
    sparse_bsr,
    sparse_coo,
    sparse_csc,
    sparse_csr,
    strided,
    jagged,
    _mkldnn,
)
from ._sparse import (
    sparse_bsc_tensor,
    sparse_bsr_tensor,
    sparse_compressed_tensor,
    sparse_coo_tensor,
    sparse_csc_tensor,
    sparse_csr_tensor,
)
from ._sparse import install as _install_sparse

_install_sparse()  # Tensor.to_sparse... (refused: no sparse tensors), sparse_dim, dense_dim
del _install_sparse
from ._build_flags import *  # noqa: F403 - has_lapack, has_mkl, has_openmp, has_spectral

# a TorchVersion (a str comparing as a version number: __version__ >= "2.0" compares
# versions), ember's own version as pyproject.toml gives it
__version__ = version.__version__
__all__ = sorted(name for name in globals() if not name.startswith("_") and name != "ops")

# torch's TypeError for a non-tensor given as a tensor argument (ember._arguments) in front
# of the functions written in Python here (the op table's have it from ember._bind); not
# for those that are Python in torch too (torch.functional: norm, tensordot...), which
# check nothing there
from ._arguments import check_namespace as _check_namespace

_check_namespace(globals(), [n for n in __all__ if n not in {
    "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_shapes", "broadcast_tensors",
    "cartesian_prod", "block_diag", "cdist", "chain_matmul", "einsum", "lu", "norm",
    "meshgrid", "split", "stft", "tensordot", "unique", "unique_consecutive",
    "unravel_index", "set_rng_state", "svd_lowrank", "pca_lowrank",
    # (ember's own: it reads the caller's names, and torch has no parser for it)
    "explain",
    # (the windows check their arguments with torch's overload messages themselves)
    "bartlett_window", "blackman_window", "hamming_window", "hann_window", "kaiser_window"}])
del _check_namespace


def __getattr__(name: str):
    # torch.bfloat16 and the other dtypes ember lacks: a clear NotImplementedError that is
    # also an AttributeError (hasattr(torch, "bfloat16") is False, as for any missing name)
    from ._dtype import MISSING_DTYPES, missing_dtype

    if name in MISSING_DTYPES:
        raise missing_dtype(name)
    raise AttributeError(f"module 'ember' has no attribute '{name}'")
