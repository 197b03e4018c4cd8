"""Bad input to top-level, linalg, special and nn.functional functions, as found by
scripts/fuzz_bad_input.py: the exception type torch raises and its message.

Each case is ``(case_id, python_source)``; the source uses ``torch`` and prints what must match
(see scripts/record_torch_reference.py).
"""

from __future__ import annotations


def _raises(*statements: str, setup: str = "x = torch.ones(3, 3)", message: bool = True) -> str:
    """A source that runs each statement and prints the type and message it raises (only
    the type when not `message`: an AttributeError from inside torch's Python)."""
    shown = "type(error).__name__, error" if message else "type(error).__name__"
    lines = [setup]
    for statement in statements:
        lines += ["try:", f"    {statement}", "except Exception as error:",
                  f"    print({shown})", "else:", "    print('no error')"]
    return "\n".join(lines)


CASES = [
    # Python-level composites checked their tensor arguments by reading `None.ndim`
    ("bad_input_tensor_argument_top_level", _raises(
        "torch.batch_norm(None, None, None, None, None, True, 0.1, 1e-5, False)",
        "torch.layer_norm('abc', [3])",
        "torch.pixel_shuffle([1.0, 2.0], 1)",
        "torch.numel(1.5)",
        "torch.is_floating_point(None)",
        "torch.margin_ranking_loss(x, None, x, 0.0, 1)",
        "torch.dropout(None, 0.5, True)",
        "torch.relu_(2)",
        "torch.kl_div(x, True)")),
    ("bad_input_tensor_argument_functional", _raises(
        "torch.nn.functional.cross_entropy(None, x)",
        "torch.nn.functional.nll_loss(x, 'abc')",
        "torch.nn.functional.conv_transpose1d(x, None)",
        "torch.nn.functional.max_pool2d(None, 2)",
        "torch.nn.functional.layer_norm(1.5, [3])",
        "torch.nn.functional.unfold(None, 2)",
        "torch.nn.functional.grid_sample(x, None, align_corners=False)",
        "torch.nn.functional.logsigmoid([1.0])",
        "torch.nn.functional.triplet_margin_loss(x, x, None)")),
    # where torch's own Python checks nothing, its AttributeError is what ember raises too
    ("bad_input_tensor_argument_functional_unchecked", _raises(
        "torch.nn.functional.mse_loss(None, x)",
        "torch.nn.functional.softmax(None, 0)", message=False)),
    ("bad_input_tensor_argument_special", _raises(
        "torch.special.ndtr(None)",
        "torch.special.expit('abc')",
        "torch.special.polygamma(1, None)",
        "torch.special.softmax([1.0], 0)",
        "torch.special.sinc(True)")),
    # torch's parser checks bool/int/float arguments before the op runs: a tensor for
    # dropout's `train` was an ambiguous truth value inside, None for a dim a rank error
    ("bad_input_scalar_arguments", _raises(
        "torch.dropout(x, 0.5, x)",
        "torch.dropout(x, 0.5, 1)",
        "torch.dropout(x, None, True)",
        "torch.dropout(x, torch.ones(2), True)",
        "torch.sum(x, 0, None)",
        "torch.channel_shuffle(x, None)",
        "torch.cat([x, x], 1.5)",
        "torch.pixel_shuffle(x, 'abc')",
        "torch.mvlgamma(x, 1.5)")),
    ("bad_input_scalar_arguments_accepted", "\n".join([
        "import numpy as np",
        "x = torch.arange(6.).reshape(2, 3)",
        "print(torch.narrow(x, np.int64(1), torch.tensor(0), 2))",
        "print(torch.dropout(x, torch.tensor(0.0), False), torch.dropout(x, 0, True))",
        "print(torch.sum(x, 1, True), torch.cat([x, x], np.int32(0)).shape)"])),
    # a dtype is a torch.dtype (or Python's float/int/bool): ember read names and NumPy's
    # types, and ran code torch refuses
    ("bad_input_dtype_names", _raises(
        "torch.zeros(2, dtype='float32')",
        "torch.ones(2, 2, dtype='int64')",
        "torch.full((2,), 1.0, dtype='float64')",
        "torch.tensor([1.0], dtype='float32')",
        "torch.softmax(x, 0, dtype='float64')",
        "torch.nansum(x, dtype='float32')",
        "torch.zeros_like(x, dtype='float32')",
        "print(torch.zeros(2, dtype=float).dtype, torch.ones(1, dtype=bool).dtype)")),
    # the *tensors functions read `None._data`; promote_types/can_cast a tensor's .category
    ("bad_input_tensor_sequences", _raises(
        "torch.atleast_1d(None)",
        "torch.atleast_2d([1.0, 2.0])",
        "torch.atleast_3d(x, 'abc')",
        "torch.block_diag(x, None)",
        "torch.block_diag([1.0])",
        "torch.broadcast_tensors(x, 2)",
        "torch.cartesian_prod('a')",
        "torch.meshgrid([x, None], indexing='ij')")),
    ("bad_input_dtype_arguments", _raises(
        "torch.promote_types(x, torch.int32)",
        "torch.promote_types(torch.int32, None)",
        "torch.can_cast(x, torch.int32)",
        "torch.can_cast(torch.float32, 'int32')",
        "print(torch.promote_types(float, torch.int32), torch.can_cast(torch.float32, int))")),
    # "tuple of ints" arguments: ember said "invalid literal for int()" or took 2.5 as 2
    ("bad_input_int_lists", _raises(
        "torch.max_pool2d(x[None], 'abc')",
        "torch.max_pool2d(x[None], [1.5])",
        "torch.max_pool2d(x[None], True)",
        "torch.max_pool1d(x, 2, 'a')",
        "torch.avg_pool1d(x, 2, 1, None)",
        "torch.max_pool3d(x[None, None], [2, 2.5])",
        "torch.nn.functional.adaptive_avg_pool1d(x, 'abc')",
        "torch.layer_norm(x, 3)",
        "torch.nn.functional.layer_norm(x, [3.0])",
        "torch.nn.functional.rms_norm(x, 'abc')",
        "torch.roll(x, 1.5)",
        "torch.roll(x, x)",
        "torch.roll(x, [1, x])",
        "torch.layer_norm(x, [3, None])",
        "torch.max_pool2d(x[None], [True, 2])",
        "print(torch.max_pool2d(x[None], [2, True]).shape, torch.roll(x, (1,), 0).shape)")),
    # (b)addbmm read the result's sizes from batch1 and batch2 before their 3-D check
    ("bad_input_addbmm_ranks", _raises(
        "torch.addbmm(x, x, x)",
        "torch.baddbmm(x, torch.ones(1, 3, 3), torch.ones(3))",
        "torch.addbmm(x, torch.ones(3), torch.ones(1, 3, 3))",
        "torch.baddbmm(x, torch.ones(0), torch.ones(1, 3, 3))",
        "torch.addbmm(x, torch.ones(1, 3, 3), torch.ones(1, 1, 3, 3))",
        "torch.addbmm(x, torch.ones(2, 3, 3), torch.ones(1, 3, 3))")),
    # broadcast_shapes took a tensor as a list of sizes (an empty one as no shape) and
    # worded mismatches as NumPy; broadcast_tensors too
    ("bad_input_broadcast_shapes", _raises(
        "torch.broadcast_shapes(x)",
        "torch.broadcast_shapes(torch.ones(0))",
        "torch.broadcast_shapes(1.5)",
        "torch.broadcast_shapes((2, None))",
        "torch.broadcast_shapes((2, 2.5))",
        "torch.broadcast_shapes(-1)",
        "torch.broadcast_shapes((2, 1), (3,), (4, 1, 5))",
        "torch.broadcast_shapes([2, 3], [3, 3])",
        "torch.broadcast_tensors(x, torch.ones(4, 3))",
        "print(torch.broadcast_shapes(None, True, (2, 1), [3]), torch.broadcast_shapes(False))")),
    # torch.flip/permute/reshape/tile take one sequence of sizes (their methods take them
    # spread out): ember's shared declaration took both, and an int alone
    ("bad_input_sequence_only_functions", _raises(
        "torch.flip(x, 1, 0)",
        "torch.flip(x, 1)",
        "torch.permute(x, 1, 0)",
        "torch.permute(x)",
        "torch.reshape(x, 9)",
        "torch.reshape(x, 'abc')",
        "torch.tile(x, 2, 2)",
        "torch.tile(x, [2.0])",
        "print(torch.flip(x, (1, 0)).shape, torch.reshape(input=x, shape=[9]).shape, "
        "x.permute(1, 0).shape, x.tile(2, 1).shape)")),
    # the factories' **kwargs swallowed any keyword, and no size made an empty tensor
    ("bad_input_factory_keywords", _raises(
        "torch.zeros()",
        "torch.ones(2, bogus=1)",
        "torch.empty(2, dims=1)",
        "torch.zeros(size=(2,), names=None)",
        "torch.ones(2, memory_format=torch.contiguous_format)",
        "print(torch.zeros(size=(2,)).shape, torch.zeros(2, pin_memory=False).shape, "
        "torch.zeros(()).shape)")),
    # result_type took any number of operands and skipped None
    ("bad_input_result_type", _raises(
        "torch.result_type(x, None)",
        "torch.result_type(x, [1.0])",
        "torch.result_type(x, 'a')",
        "print(torch.result_type(1, 2), torch.result_type(True, 1.5), "
        "torch.result_type(x, x.double()))",
        message=False)),
    # torch.linalg's functions check their numbers and dtype as the others do
    ("bad_input_linalg_arguments", _raises(
        "torch.linalg.vector_norm(x, dtype='float32')",
        "torch.linalg.matrix_power(x, x)",
        "torch.linalg.matrix_power(x, 1.5)",
        "print(torch.linalg.matrix_power(x, 2).shape, torch.linalg.vector_norm(x, 2.0))")),
]
