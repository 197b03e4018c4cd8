"""Every warning ember issues names the user's line, as torch's do (ember._warnings).

Each case below makes one call that warns; the line marked `# <- warns` is where torch
puts the warning: the user's call (of a function, a method, an in-place form, a module, an
optimizer's scheduler, a backward pass), or for a subclass of an ember class, the user's
line inside it that called into ember. The texts were checked against torch 2.13 (its
messages from C++ end in "(Triggered internally at <file>)", which ember leaves out).
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember import nn
from ember.distributions import kl as _kl
from ember.utils import checkpoint as _checkpoint

MARK = "# <- warns"


# ---------------------------------------------------------------------- the cases
def tensor_of_a_tensor():
    ember.tensor(ember.ones(2))  # <- warns


def tensor_of_a_list_of_arrays():
    ember.tensor([np.ones(2), np.ones(2)])  # <- warns


def arange_into_out_of_another_size():
    ember.arange(0, 5, out=ember.empty(3))  # <- warns


def add_into_out_of_another_size():
    ember.add(ember.ones(2), ember.ones(2), out=ember.ones(3))  # <- warns


def sum_into_out_of_another_size():
    ember.sum(ember.ones(2, 2), 0, out=ember.ones(3))  # <- warns


def masked_fill_of_an_expanded_tensor():
    x = ember.zeros(1).expand(3)
    x.masked_fill_(ember.tensor([True, False, False]), 1.0)  # <- warns


def setitem_into_an_expanded_tensor():
    x = ember.zeros(1).expand(3)
    x[ember.tensor([0])] = 1.0  # <- warns


def unknown_matmul_precision():
    ember.set_float32_matmul_precision("bogus")  # <- warns


def grad_of_a_non_leaf():
    y = ember.ones(2, requires_grad=True) * 2
    _ = y.grad  # <- warns


def new_tensor_of_a_tensor():
    x = ember.ones(2)
    x.new_tensor(x)  # <- warns


def asarray_of_a_tensor_requiring_grad():
    ember.asarray(ember.ones(2, requires_grad=True))  # <- warns


def anomaly_detection_enabled():
    ember.autograd.detect_anomaly()  # <- warns


def anomaly_found_in_backward():
    x = ember.tensor([-1.0], requires_grad=True)
    y = x.sqrt()  # (made outside anomaly mode: no forward trace to show)
    with ember.autograd.detect_anomaly(), pytest.raises(RuntimeError, match="returned nan"):
        y.sum().backward()  # <- warns


def backward_with_create_graph():
    x = ember.ones(2, requires_grad=True)
    (x * x).sum().backward(create_graph=True)  # <- warns


def autograd_function_instantiated():
    class Twice(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    Twice()  # <- warns


def gradcheck_of_float32():
    x = ember.ones(2, requires_grad=True)
    ember.autograd.gradcheck(lambda a: a * 2, (x,), raise_exception=False)  # <- warns


def distribution_sample_n():
    ember.distributions.Normal(0.0, 1.0).sample_n(2)  # <- warns


def distribution_subclass_without_arg_constraints():
    class Mine(ember.distributions.Distribution):
        def __init__(self):
            super().__init__(validate_args=True)  # <- warns

    Mine()


def ambiguous_kl_divergence():
    D = ember.distributions

    class P(D.Normal):
        pass

    class Q(D.Normal):
        pass

    D.kl.register_kl(P, D.Normal)(lambda p, q: ember.zeros(1))
    D.kl.register_kl(D.Normal, Q)(lambda p, q: ember.zeros(1))
    try:
        D.kl_divergence(P(0.0, 1.0), Q(0.0, 1.0))  # <- warns
    finally:
        del _kl._KL_REGISTRY[P, D.Normal], _kl._KL_REGISTRY[D.Normal, Q]
        _kl._KL_MEMOIZE.clear()


def softmax_without_dim():
    F.softmax(ember.ones(2, 2))  # <- warns


def softmax_module_without_dim():
    softmax = nn.Softmax()
    softmax(ember.ones(2, 2))  # <- warns


def softmax_without_dim_in_a_users_module():
    class Head(nn.Module):
        def forward(self, x):
            return F.log_softmax(x)  # <- warns

    Head()(ember.ones(2, 2))


def attention_with_mismatched_masks():
    attention = nn.MultiheadAttention(4, 2)
    q = ember.ones(3, 1, 4)
    attention(q, q, q, key_padding_mask=ember.zeros(1, 3, dtype=ember.bool),  # <- warns
              attn_mask=ember.zeros(3, 3))


def dropout2d_of_a_3d_input():
    F.dropout2d(ember.ones(1, 2, 3))  # <- warns


def dropout2d_module_of_a_3d_input():
    dropout = nn.Dropout2d()
    dropout(ember.ones(1, 2, 3))  # <- warns


def gumbel_softmax_eps():
    F.gumbel_softmax(ember.ones(3), eps=1e-3)  # <- warns


def loss_module_target_size():
    loss = nn.MSELoss()
    loss(ember.ones(2, 1), ember.ones(2))  # <- warns


def loss_size_average():
    F.mse_loss(ember.ones(2), ember.ones(2), size_average=False)  # <- warns


def upsample():
    F.upsample(ember.ones(1, 1, 2), scale_factor=2)  # <- warns


def kaiming_uniform_of_nothing():
    nn.init.kaiming_uniform_(ember.empty(0, 3))  # <- warns


def deprecated_init():
    nn.init.normal(ember.empty(3))  # <- warns


def full_backward_hook_without_input_grad():
    linear = nn.Linear(2, 2)
    linear.register_full_backward_hook(lambda *args: None)
    linear(ember.ones(1, 2)).sum().backward()  # <- warns


def hardtanh_min_value():
    nn.Hardtanh(min_value=-2.0)  # <- warns


def instance_norm_other_channels():
    norm = nn.InstanceNorm1d(3)
    norm(ember.ones(2, 4, 5))  # <- warns


def lstm_dropout_with_one_layer():
    nn.LSTM(2, 3, num_layers=1, dropout=0.5)  # <- warns


def transformer_encoder_without_nested_tensor():
    layer = nn.TransformerEncoderLayer(4, 2, 8, batch_first=False)
    nn.TransformerEncoder(layer, 1)  # <- warns


def clip_grad_norm_of_an_empty_generator():
    nn.utils.clip_grad_norm_((p for p in []), 1.0)  # <- warns


def index_by_a_list_read_as_a_tuple():
    x = ember.ones(2, 2)
    x[[0, slice(None)]]  # <- warns


def index_by_a_uint8_mask():
    x = ember.ones(2)
    x[ember.tensor([1, 0], dtype=ember.uint8)]  # <- warns


def cholesky():
    ember.cholesky(ember.eye(2))  # <- warns


def cross_without_dim():
    a = ember.ones(3, 3)
    a.cross(a)  # <- warns


def conv_module_same_padding_even_kernel():
    conv = nn.Conv1d(1, 1, 2, padding="same")
    conv(ember.ones(1, 1, 5))  # <- warns


def where_uint8_condition():
    ember.where(ember.tensor([1, 0], dtype=ember.uint8), ember.ones(2),  # <- warns
                ember.zeros(2))


def var_mean_without_degrees_of_freedom():
    ember.var_mean(ember.tensor(1.0), dim=0)  # <- warns


def std_method_without_degrees_of_freedom():
    ember.tensor([1.0]).std()  # <- warns


def T_of_3_dims():
    _ = ember.ones(2, 2, 2).T  # <- warns


def mT_of_0_dims():
    _ = ember.tensor(1.0).mT  # <- warns


def transformer_encoder_packing_padded_rows():
    layer = nn.TransformerEncoderLayer(4, 2, 8, batch_first=True)
    encoder = nn.TransformerEncoder(layer, 1).eval()
    padding = ember.tensor([[False, False, True], [False, True, True]])
    with ember.no_grad():
        encoder(ember.ones(2, 3, 4), src_key_padding_mask=padding)  # <- warns


def meshgrid_without_indexing():
    ember.meshgrid(ember.ones(2), ember.ones(3))  # <- warns


def scheduler_step_before_optimizer_step():
    p = ember.ones(1, requires_grad=True)
    scheduler = ember.optim.lr_scheduler.StepLR(ember.optim.SGD([p], lr=0.1), 1)
    scheduler.step()  # <- warns


def scheduler_get_lr():
    p = ember.ones(1, requires_grad=True)
    scheduler = ember.optim.lr_scheduler.StepLR(ember.optim.SGD([p], lr=0.1), 1)
    scheduler.get_lr()  # <- warns


def checkpoint_without_use_reentrant():
    _checkpoint.checkpoint(lambda a: a * 2, ember.ones(2, requires_grad=True))  # <- warns


def data_loader_pin_memory():
    for _ in ember.utils.data.DataLoader(list(range(2)), pin_memory=True):  # <- warns
        break


def random_split_with_an_empty_part():
    ember.utils.data.random_split(list(range(2)), [0.5, 0.5, 0.0])  # <- warns


def deprecated_range():
    ember.range(0, 3)  # <- warns


def index_reduce_in_beta():
    ember.ones(2).index_reduce(0, ember.tensor([0]), ember.ones(1), "prod")  # <- warns


def cov_without_degrees_of_freedom():
    ember.cov(ember.ones(2), correction=2)  # <- warns


def adjoint_of_0_dims():
    ember.tensor(1.0).adjoint()  # <- warns


def frombuffer_of_bytes():
    ember.frombuffer(b"abcd", dtype=ember.int32)  # <- warns


def variable_volatile():
    ember.autograd.Variable(ember.ones(1), volatile=True)  # <- warns


# (case, category, the start of torch's message)
CASES = [
    (tensor_of_a_tensor, UserWarning, "To copy construct from a tensor, it is recommended"),
    (tensor_of_a_list_of_arrays, UserWarning,
     "Creating a tensor from a list of numpy.ndarrays is extremely slow."),
    (arange_into_out_of_another_size, UserWarning,
     "The number of elements in the out tensor of shape [3] is 3 which does not match the "
     "computed number of elements 5."),
    (add_into_out_of_another_size, UserWarning,
     "An output with one or more elements was resized since it had shape [3], which does "
     "not match the required output shape [2]."),
    (sum_into_out_of_another_size, UserWarning, "An output with one or more elements"),
    (masked_fill_of_an_expanded_tensor, UserWarning,
     "Use of masked_fill_ on expanded tensors is deprecated."),
    (setitem_into_an_expanded_tensor, UserWarning,
     "Use of index_put_ on expanded tensors is deprecated."),
    (unknown_matmul_precision, UserWarning,
     "bogus is not one of 'highest', 'high', or 'medium'; the current"
     "setFloat32MatmulPrecision call has no effect."),
    (grad_of_a_non_leaf, UserWarning,
     "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed."),
    (new_tensor_of_a_tensor, UserWarning,
     "To copy construct from a tensor, it is recommended to use sourceTensor.detach()"
     ".clone() or sourceTensor.detach().clone().requires_grad_(True), rather than "
     "tensor.new_tensor(sourceTensor)."),
    (asarray_of_a_tensor_requiring_grad, UserWarning,
     "torch.asarray: unspecified requires_grad now defaults to obj.requires_grad"),
    (anomaly_detection_enabled, UserWarning, "Anomaly Detection has been enabled."),
    (anomaly_found_in_backward, UserWarning,
     "Error detected in SqrtBackward0. No forward pass information available."),
    (backward_with_create_graph, UserWarning,
     "Using backward() with create_graph=True will create a reference cycle"),
    (autograd_function_instantiated, DeprecationWarning, "<class "),
    (gradcheck_of_float32, UserWarning,
     "Input #0 requires gradient and is not a double precision floating point or complex."),
    (distribution_sample_n, FutureWarning,
     "`sample_n(n)` will be deprecated. Use `sample((n,))` instead."),
    (distribution_subclass_without_arg_constraints, UserWarning, "<class "),
    (ambiguous_kl_divergence, RuntimeWarning, "Ambiguous kl_divergence(P, Q)."),
    (softmax_without_dim, UserWarning, "Implicit dimension choice for softmax has been"),
    (softmax_module_without_dim, UserWarning, "Implicit dimension choice for softmax"),
    (softmax_without_dim_in_a_users_module, UserWarning,
     "Implicit dimension choice for log_softmax"),
    (attention_with_mismatched_masks, UserWarning,
     "Support for mismatched key_padding_mask and attn_mask is deprecated."),
    (dropout2d_of_a_3d_input, UserWarning,
     "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D"),
    (dropout2d_module_of_a_3d_input, UserWarning, "dropout2d: Received a 3D input"),
    (gumbel_softmax_eps, UserWarning, "`eps` parameter is deprecated and has no effect."),
    (loss_module_target_size, UserWarning,
     "Using a target size (torch.Size([2])) that is different to the input size "
     "(torch.Size([2, 1]))."),
    (loss_size_average, UserWarning,
     "size_average and reduce args will be deprecated, please use reduction='sum' instead."),
    (upsample, UserWarning, "`nn.functional.upsample` is deprecated."),
    (kaiming_uniform_of_nothing, UserWarning, "Initializing zero-element tensors is a no-op"),
    (deprecated_init, FutureWarning,
     "`nn.init.normal` is now deprecated in favor of `nn.init.normal_`."),
    (full_backward_hook_without_input_grad, UserWarning,
     "Full backward hook is firing when gradients are computed with respect to module "
     "outputs since no inputs require gradients."),
    (hardtanh_min_value, FutureWarning,
     "keyword argument `min_value` is deprecated and renamed to `min_val`"),
    (instance_norm_other_channels, UserWarning,
     "input's size at dim=1 does not match num_features."),
    (lstm_dropout_with_one_layer, UserWarning,
     "dropout option adds dropout after all but last recurrent layer"),
    (transformer_encoder_without_nested_tensor, UserWarning,
     "enable_nested_tensor is True, but self.use_nested_tensor is False because "
     "encoder_layer.self_attn.batch_first was not True"),
    (clip_grad_norm_of_an_empty_generator, UserWarning,
     "`parameters` is an empty generator, no gradient clipping will occur."),
    (index_by_a_list_read_as_a_tuple, UserWarning,
     "Using a non-tuple sequence for multidimensional indexing is deprecated"),
    (index_by_a_uint8_mask, UserWarning,
     "indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool"),
    (cholesky, UserWarning, "torch.cholesky is deprecated in favor of torch.linalg.cholesky"),
    (cross_without_dim, UserWarning,
     "Using torch.cross without specifying the dim arg is deprecated."),
    (conv_module_same_padding_even_kernel, UserWarning,
     "Using padding='same' with even kernel lengths and odd dilation may require"),
    (where_uint8_condition, UserWarning, "where received a uint8 condition tensor."),
    (var_mean_without_degrees_of_freedom, UserWarning,
     "var_mean(): degrees of freedom is <= 0. Correction should be strictly less than the "
     "reduction factor (input numel divided by output numel)."),
    (std_method_without_degrees_of_freedom, UserWarning, "std(): degrees of freedom is <= 0."),
    (T_of_3_dims, UserWarning,
     "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is "
     "deprecated"),
    (mT_of_0_dims, UserWarning,
     "Tensor.mT is deprecated on 0-D tensors. This function is the identity in these cases."),
    (transformer_encoder_packing_padded_rows, UserWarning,
     "The PyTorch API of nested tensors is in prototype stage"),
    (meshgrid_without_indexing, UserWarning,
     "torch.meshgrid: in an upcoming release, it will be required to pass the indexing "
     "argument."),
    (scheduler_step_before_optimizer_step, UserWarning,
     "Detected call of `lr_scheduler.step()` before `optimizer.step()`."),
    (scheduler_get_lr, UserWarning,
     "To get the last learning rate computed by the scheduler, please use `get_last_lr()`."),
    (checkpoint_without_use_reentrant, UserWarning,
     "torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly."),
    (data_loader_pin_memory, UserWarning,
     "'pin_memory' argument is set as true but no accelerator is found"),
    (random_split_with_an_empty_part, UserWarning,
     "Length of split at index 2 is 0. This might result in an empty dataset."),
    (deprecated_range, UserWarning, "torch.range is deprecated and will be removed"),
    (index_reduce_in_beta, UserWarning, "index_reduce() is in beta and the API may change"),
    (cov_without_degrees_of_freedom, UserWarning, "cov(): degrees of freedom is <= 0."),
    (adjoint_of_0_dims, UserWarning, "adjoint() is deprecated on 0-D tensors."),
    (frombuffer_of_bytes, UserWarning, "The given buffer is not writable"),
    (variable_volatile, UserWarning, "volatile was removed and now has no effect."),
]

# Those torch issues once per process (TORCH_WARN_ONCE in its C++): the first call warns,
# later ones do not, from any line, whatever Python's filters say; set_warn_always(True)
# makes them warn every time.
ONCE = {tensor_of_a_list_of_arrays, asarray_of_a_tensor_requiring_grad,
        backward_with_create_graph, cholesky, cross_without_dim,
        conv_module_same_padding_even_kernel, where_uint8_condition, T_of_3_dims, mT_of_0_dims,
        transformer_encoder_packing_padded_rows, meshgrid_without_indexing,
        index_reduce_in_beta, adjoint_of_0_dims, frombuffer_of_bytes}
# ...and the calls that spend the same warning (checked with torch 2.13)
SAME_WARNING = [
    (tensor_of_a_list_of_arrays, lambda: ember.as_tensor([np.ones(2)])),
    (cholesky, lambda: ember.eye(2).cholesky()),
    (backward_with_create_graph, lambda: ember.autograd.backward(
        (ember.ones(1, requires_grad=True) * 2).sum(), create_graph=True)),
    (T_of_3_dims, lambda: ember.ones(2).T),
    (cross_without_dim, lambda: ember.cross(ember.ones(3, 3), ember.ones(3, 3))),
    (conv_module_same_padding_even_kernel, lambda: F.conv2d(
        ember.ones(1, 1, 5, 5), ember.ones(1, 1, 2, 2), padding="same")),
    (where_uint8_condition, lambda: ember.ones(1).where(
        ember.tensor([1], dtype=ember.uint8), ember.ones(1))),
]


def _marked_line(case) -> int:
    lines, first = inspect.getsourcelines(case)
    marked = [first + i for i, line in enumerate(lines) if line.rstrip().endswith(MARK)]
    assert len(marked) == 1, case.__name__
    return marked[0]


def _ours(caught, text: str) -> list:
    return [w for w in caught if str(w.message).startswith(text)]


@pytest.mark.parametrize(("case", "category", "text"), CASES,
                         ids=[case.__name__ for case, _, _ in CASES])
def test_the_warning_names_the_users_line(case, category, text):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        case()
    ours = _ours(caught, text)
    assert len(ours) == 1, [str(w.message) for w in caught]
    warning = ours[0]
    assert warning.category is category
    assert (warning.filename, warning.lineno) == (__file__, _marked_line(case))


@pytest.mark.parametrize(("case", "category", "text"), CASES,
                         ids=[case.__name__ for case, _, _ in CASES])
def test_the_default_filter_warns_once_per_line(case, category, text):
    # "default": shown the first time for each location, like a warnings.warn on the line
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        case()
        case()
    assert len(_ours(caught, text)) == 1
    # the location is recorded where warnings.warn would record it: this module's registry
    line = _marked_line(case)
    assert any(isinstance(key, tuple) and key[0].startswith(text) and key[1:] == (category, line)
               for key in globals()["__warningregistry__"])


def test_another_line_warns_again():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(2):
            F.softmax(ember.ones(2, 2))
        F.softmax(ember.ones(2, 2))
    lines = [w.lineno for w in caught]
    assert len(lines) == 2 and lines[1] == lines[0] + 1


def test_module_filters_apply_to_the_users_module():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", module=__name__.replace(".", r"\."))
        F.softmax(ember.ones(2, 2))
    assert caught == []


def _count(calls, text: str, action: str = "always") -> list[int]:
    counts = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter(action)
        for call in calls:
            before = len(_ours(caught, text))
            call()
            counts.append(len(_ours(caught, text)) - before)
    return counts


@pytest.mark.parametrize(("case", "category", "text"), CASES,
                         ids=[case.__name__ for case, _, _ in CASES])
def test_warn_once_sites_warn_once_per_process(case, category, text):
    assert _count([case, case], text) == ([1, 0] if case in ONCE else [1, 1])
    ember.set_warn_always(True)
    assert ember.is_warn_always_enabled()
    assert _count([case, case], text) == [1, 1]


def test_a_warning_ignored_by_the_filters_is_spent_all_the_same():
    _count([cholesky], "torch.cholesky is deprecated", action="ignore")
    assert _count([cholesky], "torch.cholesky is deprecated") == [0]


def test_warn_always_leaves_a_site_unspent():
    ember.set_warn_always(True)
    _count([cholesky], "torch.cholesky is deprecated")
    ember.set_warn_always(False)
    assert _count([cholesky, cholesky], "torch.cholesky is deprecated") == [1, 0]


@pytest.mark.parametrize(("case", "other"), SAME_WARNING,
                         ids=[case.__name__ for case, _ in SAME_WARNING])
def test_other_calls_spend_the_same_warning(case, other):
    text = next(text for c, _, text in CASES if c is case)
    assert _count([case, other], text) == [1, 0]


def test_a_script_given_to_python_c_sees_the_warning():
    # __main__ of `python -c` has a loader without the source: the line is found by file
    code = "import ember\nember.tensor(1.0).mT\n"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("<string>:2: UserWarning: Tensor.mT is deprecated on 0-D")
