"""Differences between ember and torch 2.13 in nn modules and nn.functional found by the
second round of randomised differential fuzzing (``scripts/fuzz_nn_round2.py``: bad calls of
modules, non-contiguous and channels_last inputs, reprs, padding modules, CTC and functional
losses, functional normalisation, transformer stacks, grid sampling, unpooling), recorded
from torch 2.13. Each case failed on ember before its fix.

Ids start with ``nnfuzz2_``.
"""

from __future__ import annotations

_SHOW = '''\
F = torch.nn.functional
nn = torch.nn
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e))
        return
    for t in (r if isinstance(r, tuple) else (r,)):
        if isinstance(t, torch.Tensor):
            values = [round(v, 6) for v in t.detach().double().flatten().tolist()]
            print(label, t.dtype, list(t.shape), values,
                  type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        else:
            print(label, type(t).__name__, t)
'''


def _case(name: str, body: str) -> tuple[str, str]:
    return f"nnfuzz2_{name}", _SHOW + body


CASES = [
    # batch norm of a channels-last float64 input with one sample: its statistics were
    # computed in place in the input's own memory (a transposed view that was already
    # C-ordered), so the output, and the input itself, were wrong
    _case("batch_norm_channels_last_input_untouched", """
x = torch.arange(60, dtype=torch.float64).reshape(1, 4, 5, 3).sin()
y = x.to(memory_format=torch.channels_last)
m = nn.BatchNorm2d(4).double()
show('train', lambda: m(y)[0, :, 0, 0])
show('input kept', lambda: y[0, :, 0, 0])
print(torch.equal(x, y), [round(v, 6) for v in m.running_mean.tolist()])
m.eval()
show('eval', lambda: m(y)[0, :, 1, 2])
show('functional', lambda: F.batch_norm(y, None, None, training=True)[0, 1, :, 0])
"""),
    # conv1d/2d/3d have two signatures (padding as ints or as a string): a call matching
    # neither is torch's "invalid combination of arguments" listing both, not the
    # one-signature "argument 'input' must be Tensor" (a list given to nn.Conv1d)
    _case("conv_two_signatures_type_error", """
w = torch.ones(1, 1, 1)
x = torch.ones(1, 1, 3)
show('module list', lambda: nn.Conv1d(1, 1, 1)([[1.0, 2.0]]))
show('module none', lambda: nn.Conv2d(1, 1, 1)(None))
show('module number', lambda: nn.Conv3d(1, 1, 1)(3.0))
show('two args', lambda: F.conv1d([[1.0]], w))
show('weight list', lambda: F.conv2d(torch.ones(1, 1, 2, 2), [1.0]))
show('stride str', lambda: F.conv1d(x, w, stride='a'))
show('padding float', lambda: F.conv1d(x, w, padding=1.5))
show('groups float', lambda: F.conv1d(x, w, groups=1.5))
show('bias int', lambda: F.conv1d(x, w, bias=3))
show('unknown keyword', lambda: F.conv1d(x, w, foo=1))
show('all positional', lambda: F.conv1d(x, w, None, 1, 0, 1, 1.0))
show('tuple input', lambda: F.conv1d(((1, 2), [3]), w, None, 1, 0, 1, 1))
show('bool groups', lambda: F.conv1d(x, w, None, 1, 'same', 1, True))
show('keyword groups', lambda: F.conv1d(x, w, None, 1, 0, 1, groups=1.0))
show('too many', lambda: F.conv1d(x, w, None, 1, 0, 1, 1, 1))
show('too few', lambda: F.conv1d(x))
show('numpy name', lambda: F.conv1d(x=x, weight=w))
show('lists ok', lambda: F.conv1d(x, w, None, [1], [0], 1, 1))
show('same ok', lambda: F.conv1d(x, torch.nn.Parameter(w), None, 1, 'same'))
"""),
    # torch's adaptive pooling (2-d and 3-d) is Python that calls input.size() first: for
    # what is not a tensor the error is that call's (ember's said `ndim`)
    _case("adaptive_pool_non_tensor_reads_size", """
import numpy as np
for name in ('adaptive_avg_pool1d', 'adaptive_avg_pool2d', 'adaptive_avg_pool3d',
             'adaptive_max_pool1d', 'adaptive_max_pool2d', 'adaptive_max_pool3d'):
    for v in ([[1.0]], None, np.ones((1, 2, 2)), 3):
        show(name, lambda: getattr(F, name)(v, 2))
show('module', lambda: nn.AdaptiveAvgPool2d(2)([[1.0, 2.0], [3.0, 4.0]]))
show('module max', lambda: nn.AdaptiveMaxPool2d(2, return_indices=True)([[1.0]]))
show('none size', lambda: F.adaptive_avg_pool3d([1.0], None))
"""),
    # batch norm of an input without elements is torch's copy of it times weight[0] plus
    # bias[0] (CloneBackward0/MulBackward0/AddBackward0), running statistics untouched;
    # instance norm's is a view of that, and sets running statistics of no samples to nan
    _case("norm_without_elements", """
for shape in ((0, 2), (0, 2, 3), (0, 2, 2, 2)):
    m = getattr(nn, 'BatchNorm%dd' % max(len(shape) - 2, 1))(2)
    x = torch.zeros(shape, requires_grad=True)
    show('module', lambda: m(x))
    print(m.running_mean.tolist(), m.num_batches_tracked.item())
    m.eval()
    show('eval', lambda: m(x))
    show('F', lambda: F.batch_norm(x, None, None, training=True))
    w = torch.ones(2, requires_grad=True)
    show('F weight', lambda: F.batch_norm(x, None, None, w, training=True))
y = m(torch.zeros(0, 2, 2, 2, requires_grad=True))
y.sum().backward()
print([None if p.grad is None else p.grad.tolist() for p in m.parameters()])
show('instance', lambda: F.instance_norm(torch.zeros(0, 2, 3, requires_grad=True)))
rm, rv = torch.zeros(2), torch.ones(2)
show('instance stats', lambda: F.instance_norm(torch.zeros(0, 2, 3), rm, rv))
print(rm.tolist(), rv.tolist())
rm, rv = torch.zeros(0), torch.ones(0)
show('no channels', lambda: F.instance_norm(torch.zeros(1, 0, 3), rm, rv))
"""),
    # pixel_unshuffle of an empty input is a copy of it in its own shape (torch's kernel),
    # whose backward the engine then refuses
    _case("pixel_unshuffle_empty_input", """
for s in [(0, 4, 2, 2), (1, 0, 4, 4), (0, 1, 4, 4), (2, 1, 4, 4)]:
    x = torch.zeros(s, requires_grad=True)
    y = F.pixel_unshuffle(x, 2)
    print(list(y.shape), type(y.grad_fn).__name__)
    show('backward', lambda: y.sum().backward())
"""),
    # what is not a tensor: torch's native functions' parser names the argument; its
    # Python-level ones fail on the first method they call (input.dim(), input.size())
    _case("non_tensor_inputs", """
import numpy as np
show('pad', lambda: F.pad((1.0, 2.0), (1, 1)))
show('ReflectionPad1d', lambda: nn.ReflectionPad1d(1)([1.0, 2.0]))
show('ZeroPad2d', lambda: nn.ZeroPad2d(1)(None))
show('bilinear 1', lambda: nn.Bilinear(3, 3, 2)(None, torch.ones(2, 3)))
show('bilinear 2', lambda: F.bilinear(torch.ones(2, 3), 'a', torch.ones(2, 3, 3)))
show('bilinear weight', lambda: F.bilinear(torch.ones(2, 3), torch.ones(2, 3), np.ones((2, 3, 3))))
show('pixel_shuffle', lambda: nn.PixelShuffle(2)(3))
show('pixel_unshuffle', lambda: F.pixel_unshuffle([1.0], 2))
show('channel_shuffle', lambda: nn.ChannelShuffle(2)(None))
show('glu', lambda: F.glu([1.0, 2.0]))
show('GLU', lambda: nn.GLU()('abc'))
show('local_response_norm', lambda: F.local_response_norm(1.5, 2))
show('LocalResponseNorm', lambda: nn.LocalResponseNorm(2)(np.ones((1, 2, 3))))
show('instance_norm', lambda: F.instance_norm((1.0, 2.0)))
show('instance_norm numpy', lambda: F.instance_norm(np.ones((1, 2, 3))))
show('instance_norm fixed', lambda: F.instance_norm([1.0], torch.ones(1), torch.ones(1),
                                                   use_input_stats=False))
show('LSTMCell', lambda: nn.LSTMCell(3, 2)((1.0, 2.0)))
show('GRUCell', lambda: nn.GRUCell(3, 2)([1.0]))
show('RNNCell', lambda: nn.RNNCell(3, 2)(None))
show('RNN', lambda: nn.RNN(3, 2)(None))
show('EmbeddingBag', lambda: nn.EmbeddingBag(4, 2)(3))
show('embedding_bag', lambda: F.embedding_bag([1, 2], torch.ones(3, 2), torch.tensor([0])))
"""),
    # the dtypes torch's CPU kernels lack: max pooling of bool/complex (and max_pool1d
    # without indices of anything but floats), im2col/col2im of integers, the transposed and
    # dilated convolutions of integers other than int64, any convolution of bool
    _case("kernel_dtypes", """
for dt in (torch.bool, torch.uint8, torch.int8, torch.int32, torch.int64, torch.float16):
    x = torch.ones(1, 2, 4, dtype=dt)
    show(dt, lambda: F.max_pool1d(x, 2))
    show(dt, lambda: F.max_pool1d(x, 2, return_indices=True))
    show(dt, lambda: F.max_pool2d(x, 2))
    show(dt, lambda: F.unfold(x, 2))
    show(dt, lambda: F.fold(torch.ones(1, 4, 6, dtype=dt), (3, 4), 2))
    show(dt, lambda: F.conv1d(x, torch.ones(1, 2, 1, dtype=dt)))
    show(dt, lambda: F.conv1d(x, torch.ones(1, 2, 2, dtype=dt), dilation=2))
    show(dt, lambda: F.conv_transpose1d(x, torch.ones(2, 1, 2, dtype=dt), stride=2))
    x3 = torch.ones(1, 2, 2, 2, 2, dtype=dt)
    show(dt, lambda: F.conv3d(x3, torch.ones(1, 2, 1, 1, 1, dtype=dt)))
    show(dt, lambda: F.conv_transpose3d(x3, torch.ones(2, 1, 1, 1, 1, dtype=dt)))
show('complex max', lambda: F.max_pool2d(torch.ones(1, 2, 4, dtype=torch.complex64), 2))
show('unfold empty', lambda: F.unfold(torch.ones(0, 2, 3), 2))
show('unfold empty batch', lambda: F.unfold(torch.ones(0, 2, 3, 3), 2))
show('avg 0-d', lambda: F.avg_pool2d(torch.tensor(1.0), 2))
show('lp 0-d', lambda: F.lp_pool2d(torch.tensor(1.0), 2, 2))
"""),
    # check order: rms_norm refuses an empty normalized_shape, then a weight of another
    # shape, then a 0-d input (a ValueError); batch_norm in evaluation mode refuses missing
    # running statistics before reading the channels, counts none in a 1-d input, and a 0-d
    # input in training fails on its size
    _case("norm_check_order", """
show(1, lambda: F.rms_norm(torch.tensor(1.0), [3], weight=torch.ones(2)))
show(2, lambda: F.rms_norm(torch.tensor(1.0), [], weight=torch.ones(2)))
show(3, lambda: F.rms_norm(torch.ones(2), []))
show(4, lambda: F.rms_norm(torch.tensor(1, dtype=torch.int64), [3]))
show(5, lambda: nn.RMSNorm(1)(torch.tensor(1.0)))
show(6, lambda: F.batch_norm(torch.tensor(1.0), None, None, training=True))
show(7, lambda: F.batch_norm(torch.tensor(1.0), None, None, training=False))
show(8, lambda: F.batch_norm(torch.ones(3), None, None, training=False))
show(9, lambda: F.batch_norm(torch.ones(3), None, None, training=True))
show(10, lambda: F.batch_norm(torch.ones(3), torch.ones(3), torch.ones(3), training=False))
"""),
    # layer norm takes float32 parameters beside a float16 input (normalised in float32);
    # otherwise it checks the parameters are float32 first ("expect parameter to have
    # scalar type of Float"), then the input's dtype
    _case("layer_norm_mixed_dtypes", """
m = nn.LayerNorm(3)
x = torch.tensor([[1., 2., 4.], [0.5, -1, 3]], dtype=torch.float16, requires_grad=True)
show('mixed', lambda: m(x))
(m(x).float() * torch.tensor([1., 2., 3.])).sum().backward()
show('grad', lambda: x.grad)
print(m.weight.grad.dtype, m.bias.grad.dtype, m.bias.grad.tolist())
show('double params', lambda: nn.LayerNorm(3).double()(torch.ones(2, 3, dtype=torch.float16)))
show('double params f32', lambda: nn.LayerNorm(3).double()(torch.ones(2, 3)))
show('f64 input', lambda: nn.LayerNorm(3)(torch.ones(2, 3, dtype=torch.float64)))
show('half params', lambda: nn.LayerNorm(3).half()(torch.ones(2, 3)))
show('no bias', lambda: nn.LayerNorm(3, bias=False).double()(torch.ones(2, 3, dtype=torch.float16)))
"""),
    # torch's names of dtypes without a legacy tensor type (CPUBoolType) in embedding's
    # index check; a 2-d bool input of embedding_bag fails on arange of its dtype
    _case("embedding_index_types", """
for dt in (torch.bool, torch.float16, torch.complex64, torch.float64, torch.int8, torch.uint8):
    show(dt, lambda: F.embedding(torch.ones(2, dtype=dt), torch.ones(3, 2)))
show('bag 2-d bool', lambda: nn.EmbeddingBag(4, 2)(torch.tensor([[True]])))
show('bag 2-d float', lambda: nn.EmbeddingBag(4, 2)(torch.tensor([[1.0]])))
show('bag 1-d bool', lambda: F.embedding_bag(torch.tensor([True]), torch.ones(3, 2),
                                             torch.tensor([0])))
"""),
    # linear's paths as torch's: addmm for a 2-d input, and for a contiguous input with a
    # 1-d bias or one of as many elements as output features (flattened, ViewBackward0),
    # whatever the weight ("mat2 must be a matrix" for a 1-d one); otherwise matmul with
    # the bias added in place (its broadcast may not grow the output)
    _case("linear_paths", """
g = dict(requires_grad=True)
def lin(label, x, w, b):
    show(label, lambda: F.linear(x, w, b))
lin(1, torch.ones(5, 2, 3, **g), torch.ones(3), torch.ones(()))
lin(2, torch.ones(2, 5, 3, **g).transpose(0, 1), torch.ones(3), torch.ones(2))
lin(3, torch.ones(3, **g), torch.ones(3), torch.ones(1))
lin(4, torch.ones(6, **g)[::2], torch.ones(3), torch.ones(1))
lin(5, torch.ones(2, 2, 5, 3, **g), torch.ones(3), torch.ones(1))
lin(6, torch.ones(2, 2, 5, 3, **g), torch.ones(3), torch.ones(1, 1))
lin(7, torch.ones(5, 3, **g), torch.ones(3), torch.ones(()))
lin(8, torch.ones(5, 2, 3, **g), torch.ones(4, 3), torch.ones(()))
lin(9, torch.ones(5, 2, 3, **g), torch.ones(4, 3), torch.ones(1, 4))
lin(10, torch.ones(6, **g)[::2], torch.ones(2, 3), torch.ones(1, 2))
lin(11, torch.ones(5, 2, 3, **g), torch.ones(4, 3), torch.ones(1, 1, 4))
lin(12, torch.ones(5, 2, 3, **g), torch.ones(4, 3), torch.ones(2, 4))
lin(13, torch.ones(5, 2, 3, **g), torch.ones(3), torch.ones(1, 1, 1))
lin(14, torch.ones(2, 5, 3, **g).transpose(0, 1), torch.ones(4, 3),
    torch.ones(4, dtype=torch.float64))
"""),
    # CTC with no target labels at all (every target length 0): the backward's recursion
    # failed on a lattice one blank wide; unbatched 1-d targets are the concatenated form,
    # sized exactly by the target length
    _case("ctc_empty_targets_and_unbatched", """
lp = torch.arange(15.).reshape(5, 1, 3).sin().log_softmax(-1).requires_grad_()
for red in ('sum', 'mean', 'none'):
    l = F.ctc_loss(lp, torch.zeros(0, dtype=torch.long), torch.tensor([5]), torch.tensor([0]),
                   reduction=red)
    show(red, lambda: l)
    l.sum().backward()
    show('grad', lambda: lp.grad[:2])
    lp.grad = None
lp2 = torch.arange(8.).reshape(2, 2, 2).cos().log_softmax(-1).requires_grad_()
l = nn.CTCLoss(zero_infinity=True)(lp2, torch.zeros(2, 1, dtype=torch.long), [1, 1], [0, 0])
show('padded', lambda: l)
l.backward()
show('grad', lambda: lp2.grad)
u = torch.arange(10.).reshape(5, 2).sin().log_softmax(-1)
show('unbatched extra', lambda: F.ctc_loss(u, torch.ones(1, dtype=torch.long), [2], [0]))
show('unbatched short', lambda: F.ctc_loss(u, torch.ones(1, dtype=torch.long), torch.tensor(3),
                                           torch.tensor(2)))
show('unbatched exact', lambda: F.ctc_loss(u, torch.ones(2, dtype=torch.long), [4], [2]))
"""),
    # circular padding copies the input into a narrowed view of the output, as torch's
    # kernel: CopySlices even where no pad is positive (the assignment to full slices was
    # CopyBackwards); the circular modules check the input's dims themselves; unflatten
    # names the dim wrapped
    _case("circular_pad_and_unflatten", """
for pad in [(0, 0), (-1, 0), (0, 0, 0, 0), (0, 0, -1, 0), (1, 0, 0, 0)]:
    x = torch.arange(18.).reshape(1, 2, 3, 3).requires_grad_()
    show(pad, lambda: F.pad(x, pad, mode='circular'))
show('module', lambda: nn.CircularPad1d(0)(torch.ones(1, 2, 4, requires_grad=True)))
show('1d input', lambda: nn.CircularPad1d((0, -1))(torch.ones(3)))
show('3d input', lambda: nn.CircularPad3d(1)(torch.ones(3, 3, 3)))
show('2d input', lambda: nn.CircularPad2d(1)(torch.ones(3, 3)))
show('reflect 1d', lambda: nn.ReflectionPad1d((0, 1))(torch.ones(3)))
show('unflatten', lambda: nn.Unflatten(-1, (3,))(torch.ones(3, 2, 2)))
show('unflatten -2', lambda: torch.ones(3, 2, 2).unflatten(-2, (4,)))
"""),
    # losses averaged over an empty batch: the backward divided by no elements in Python
    # (ZeroDivisionError); torch's double division makes it inf, on no elements. (torch's
    # margin losses' values there are its uninitialised memory: only shapes are shown.)
    # batch norm refuses one running statistic without the other; instance norm checks the
    # affine parameters' dtype against the input's, as its inner batch norm
    _case("empty_batch_losses_and_running_pairs", """
x = torch.zeros(0, 3, requires_grad=True)
y = torch.zeros(0, dtype=torch.long)
for red in ('mean', 'sum', 'none'):
    for name in ('multi_margin_loss', 'multilabel_margin_loss', 'soft_margin_loss', 'l1_loss',
                 'cross_entropy'):
        multilabel = torch.zeros(0, 3, dtype=torch.long)
        tgt = y if name in ('multi_margin_loss', 'cross_entropy') else (
            multilabel if name == 'multilabel_margin_loss' else torch.zeros(0, 3))
        l = getattr(F, name)(x, tgt, reduction=red)
        l.sum().backward()
        print(red, name, list(l.shape), type(l.grad_fn).__name__, list(x.grad.shape))
        x.grad = None
show('soft margin', lambda: F.soft_margin_loss(x, torch.zeros(0, 3)))
show('bn', lambda: F.batch_norm(torch.ones(2, 3), None, torch.ones(3), training=True))
show('bn2', lambda: F.batch_norm(torch.ones(2, 3), torch.ones(3), None, training=True))
show('bn3', lambda: F.batch_norm(torch.ones(2, 3), torch.ones(3), None, training=False))
show('in', lambda: F.instance_norm(torch.ones(2, 3, 4), None, torch.ones(3)))
show('in f32 input', lambda: nn.InstanceNorm1d(3, affine=True).double()(torch.ones(2, 3, 4)))
show('in f64 input', lambda: nn.InstanceNorm1d(3, affine=True)(
    torch.ones(2, 3, 4, dtype=torch.float64)))
m = nn.InstanceNorm1d(3, track_running_stats=True).double()
show('in stats f32 input', lambda: m(torch.arange(24.).reshape(2, 3, 4))[0, 0])
print(m.running_mean.dtype, [round(v, 6) for v in m.running_mean.tolist()])
"""),
    # batch norm in evaluation mode: torch's backward reads the running statistics when it
    # runs, so a training step between forward and backward shows in the gradient
    _case("batch_norm_eval_backward_reads_running_stats", """
torch.manual_seed(0)
m = nn.BatchNorm1d(2).double()
x0 = torch.arange(6.).double().reshape(3, 2).sin().requires_grad_()
x1 = torch.arange(6.).double().reshape(3, 2).cos().requires_grad_()
m.eval()
y0 = m(x0)
show('now', lambda: torch.autograd.grad(y0.sum(), x0, retain_graph=True)[0])
m.train()
m(x1)
show('later', lambda: torch.autograd.grad((y0 * torch.tensor([1., 2.], dtype=torch.float64)).sum(),
                                          (x0, m.weight))[0])
"""),
    # check orders and dtypes: glu checks the halves before the dtype; group and layer
    # norm the parameters' dtype (float32 beside float16 allowed) before the kernel's;
    # instance norm refuses integers; max_unpool refuses indices not int64 before the
    # input's dims; conv names complex types as C++ does
    _case("dtype_check_order", """
show('glu bool', lambda: F.glu(torch.ones(1, 2, 3, dtype=torch.bool)))
show('glu int even', lambda: F.glu(torch.ones(1, 2, 4, dtype=torch.long)))
show('gn int', lambda: nn.GroupNorm(1, 2)(torch.ones(2, 2, 3, dtype=torch.long)))
show('gn int no affine', lambda: nn.GroupNorm(1, 2, affine=False)(
    torch.ones(2, 2, 3, dtype=torch.long)))
show('gn f16', lambda: nn.GroupNorm(1, 2)(torch.arange(12.).reshape(2, 2, 3).half()))
show('gn f64', lambda: nn.GroupNorm(1, 2)(torch.ones(2, 2, 3, dtype=torch.float64)))
show('ln int', lambda: nn.LayerNorm(3)(torch.ones(2, 3, dtype=torch.long)))
show('ln int plain', lambda: F.layer_norm(torch.ones(2, 3, dtype=torch.long), (3,)))
show('in int', lambda: F.instance_norm(torch.ones(1, 2, 3, dtype=torch.long)))
show('unpool float', lambda: F.max_unpool1d(torch.ones(1, 3), torch.ones(1, 3), 2))
show('unpool int32', lambda: F.max_unpool2d(torch.ones(1, 1, 3),
                                            torch.ones(1, 1, 3, dtype=torch.int32), 2))
show('unpool3d float', lambda: F.max_unpool3d(torch.ones(1, 1, 1, 3), torch.ones(1, 1, 1, 3), 2))
show('unpool ndim', lambda: F.max_unpool2d(torch.ones(3), torch.ones(3, dtype=torch.int32), 2))
show('conv complex', lambda: nn.Conv3d(2, 2, 1).double()(
    torch.ones(1, 2, 2, 2, 2, dtype=torch.complex64)))
"""),
    # interpolate of integers: torch's 2-d kernels refuse them in their own names
    # (upsample_*2d_channels_last), bicubic in compute_indices_weights_cubic, "area" in
    # adaptive pooling's; bicubic of another rank is the last "Input Error". Bilinear
    # refuses in1_features of 0 (after making its parameters)
    _case("interpolate_integer_kernels_and_bilinear_features", """
for dt in (torch.int64, torch.bool):
    for s in [(1, 1, 2, 2), (1, 3, 4), (1, 3, 2, 2, 2)]:
        x = torch.ones(s, dtype=dt)
        for mode in ('bilinear', 'nearest', 'bicubic', 'linear', 'trilinear', 'area',
                     'nearest-exact'):
            show((dt, s, mode), lambda: F.interpolate(x, scale_factor=2, mode=mode))
show('bicubic 3d', lambda: F.interpolate(torch.ones(1, 2, 3), scale_factor=2, mode='bicubic'))
show('bicubic 5d', lambda: F.interpolate(torch.ones(1, 2, 3, 3, 3), scale_factor=2, mode='bicubic'))
show('module', lambda: nn.UpsamplingBilinear2d(scale_factor=2)(
    torch.ones(1, 1, 2, 2, dtype=torch.int64)))
for a in [(0, 1, 2), (-2, 1, 2), (1, 0, 2)]:
    show(a, lambda: nn.Bilinear(*a).weight.shape)
"""),
    # unfold/fold: torch's _pair then im2col's/col2im's parser (tuple of ints, length 2,
    # no single-element sequence repeated), then their parameter checks (dilation 0 was
    # taken, stride 0 divided by zero), then the input's sizes
    _case("unfold_fold_arguments", """
for x in (torch.ones(3, 3), torch.ones(1, 1, 3, 3), torch.ones(0, 1, 3, 3), torch.ones(1, 3, 3),
          torch.ones(()), torch.ones(3)):
    for kw in (dict(kernel_size=-1), dict(kernel_size=2, dilation=0),
               dict(kernel_size=2, padding=-1), dict(kernel_size=2, stride=0),
               dict(kernel_size=(2,)), dict(kernel_size=2), dict(kernel_size=None),
               dict(kernel_size='ab'), dict(kernel_size=(2, 2.5)), dict(kernel_size=[1.0])):
        show((list(x.shape), kw), lambda: F.unfold(x, **kw))
for x in (torch.ones(3), torch.ones(1, 4, 4), torch.ones(0, 4, 4)):
    for kw in (dict(kernel_size=-1), dict(kernel_size=2, dilation=0), dict(kernel_size=2, stride=0),
               dict(kernel_size=(2,)), dict(kernel_size=2), dict(kernel_size=2, output_size=None)):
        kw.setdefault('output_size', (3, 3))
        show((list(x.shape), kw), lambda: F.fold(x, **kw))
"""),
    # size(dim) and stride(dim) of a 0-d tensor: torch's "Dimension specified as d but
    # tensor has no dimensions" for any dim (ember said out of range, or leaked NumPy's
    # "tuple index out of range" for 0 and -1); circular padding that crops more than
    # the input has gives an empty CopySlices result
    _case("zero_dim_size_and_circular_crop", """
x = torch.tensor(1.0)
for d in (1, 0, -1, -2):
    show(('size', d), lambda: x.size(d))
    show(('stride', d), lambda: x.stride(d))
show('tensor dim', lambda: x.size(torch.tensor(0)))
show('shape[0]', lambda: x.shape[0])
# (only shapes where torch's output keeps its uninitialised memory)
for pad in [(-4, 1), (-3, 0), (-2, -1), (-3, 1)]:
    y = F.pad(torch.ones(1, 2, 3, requires_grad=True), pad, mode='circular')
    print(pad, list(y.shape), type(y.grad_fn).__name__)
y = F.pad(torch.ones(1, 2, 3, 3, requires_grad=True), (0, 0, -3, 1), mode='circular')
print(list(y.shape), type(y.grad_fn).__name__)
"""),
    # padding: a circular pad wider than what a crop left repeats it (torch's forward
    # copy); 2-d/3-d reflect and replicate refuse an output empty in every padded dim
    # with "is too small", and 2-d reflection a negative size with its numel overflow;
    # conv refuses a missing kernel for the input's dtype before a weight of another
    # dtype; linear flattens inputs without features; max_unpool reads input.size() first
    _case("padding_sizes_conv_dtype_order_linear_empty", """
import numpy as np
a = torch.arange(8.).reshape(1, 4, 2).requires_grad_()
y = F.pad(a, (-1, 2, 2, 3), mode='circular')
show('wide wrap', lambda: y)
(y * torch.arange(27.).reshape(1, 9, 3)).sum().backward()
show('grad', lambda: a.grad)
for mode in ('replicate', 'reflect'):
    for shape, pad in [((1, 1, 1), (0, -1, -1, -1)), ((1, 2, 2), (-1, -1, -1, -1)),
                       ((1, 2, 2), (0, 0, -2, 0)), ((1, 2, 2, 2), (-1, -1, -1, -1, -1, -1)),
                       ((1, 2, 2, 2), (-2, 0, 0, 0, 0, 0)), ((2, 4, 1), (-1, -1, 2, 2)),
                       ((2, 3, 1), (-1, -1, -1, 1))]:
        show((mode, shape, pad), lambda: F.pad(torch.ones(shape), pad, mode=mode))
for dt in (torch.uint8, torch.int32, torch.bool):
    show(dt, lambda: F.conv_transpose1d(torch.ones(1, 2, 3, dtype=dt), torch.ones(2, 1, 1)))
    show(dt, lambda: F.conv1d(torch.ones(1, 2, 3, dtype=dt), torch.ones(1, 2, 1)))
    show(dt, lambda: F.conv1d(torch.ones(1, 2, 3), torch.ones(1, 2, 1, dtype=dt)))
show('lazy', lambda: nn.LazyLinear(3)(torch.ones(0)).shape)
show('no features', lambda: F.linear(torch.ones(2, 2, 0), torch.ones(3, 0), torch.ones(3)))
show('unpool1d', lambda: F.max_unpool1d(None, None, 2))
show('unpool2d', lambda: F.max_unpool2d([1.0], None, 2))
show('unpool3d', lambda: F.max_unpool3d(np.ones(3), None, 2))
show('MaxUnpool1d', lambda: nn.MaxUnpool1d(2)(None, None))
"""),
    # relu of complex values is torch's clamp refusal, threshold its kernel's (ember said
    # it did not compute them "yet", as if torch did)
    _case("relu_threshold_complex", """
x = torch.ones(2, dtype=torch.complex64)
show('relu', lambda: F.relu(x))
show('relu_', lambda: x.relu_())
show('torch.relu', lambda: torch.relu(x))
show('ReLU', lambda: nn.ReLU()(x.to(torch.complex128)))
show('threshold', lambda: F.threshold(x, 0.1, 0.))
show('threshold_', lambda: F.threshold_(x, 0.1, 0.))
show('Threshold', lambda: nn.Threshold(0.1, 20.)(x.to(torch.complex128)))
"""),
    # ParameterDict refuses keys that are not strings in torch's words, for reading,
    # writing and deleting alike
    _case("parameter_dict_keys", """
p = nn.ParameterDict({'a': nn.Parameter(torch.ones(1))})
show('get', lambda: p[1])
show('slice', lambda: p[1:])
show('float', lambda: p[1.5])
show('set', lambda: p.__setitem__(1, torch.ones(1)))
show('del', lambda: p.__delitem__(1))
show('in', lambda: 1 in p)
show('missing', lambda: p['b'])
show('del missing', lambda: p.__delitem__('b'))
"""),
    # bilinear checks in torch's order: all dtypes alike (C++ type names), the inputs'
    # dims, then sizes read with size() (IndexError for a missing dim), the bias's first
    # size, and a weight of more dims at the end ("number of dimensions must match")
    _case("bilinear_check_order", """
def t(*a):
    try: r = F.bilinear(*a); print(tuple(r.shape), r.dtype)
    except Exception as e: print(type(e).__name__, e)
t(torch.ones(3,3), torch.ones(3,3,dtype=torch.float64), torch.ones(3,3,3))
t(torch.ones(3,3,dtype=torch.int64), torch.ones(3,3,dtype=torch.float16),
  torch.ones(3,3,3, dtype=torch.bool))
t(torch.ones(3,3), torch.ones(3,3), torch.ones(3,3,3), torch.ones(3, dtype=torch.float64))
t(torch.ones(3,3), torch.ones(3,3), torch.ones(3,3))
t(torch.ones(3,3), torch.ones(3,3), torch.ones(3))
t(torch.ones(3,3), torch.ones(3,3), torch.ones(3,3,3,3))
t(torch.ones(3,3), torch.ones(3,3), torch.ones(2,4,3))
t(torch.ones(3,3), torch.ones(3,3), torch.ones(2,3,4))
t(torch.ones(3,3), torch.ones(2,3), torch.ones(2,3,3))
t(torch.ones(3,3), torch.ones(3,3,3), torch.ones(2,3,3))
t(torch.ones(3,3), torch.ones(3,3), torch.ones(2,3,3), torch.ones(3))
t(torch.ones(3,3), torch.ones(3,3), torch.ones(2,3,3), torch.ones(2,2))
t(torch.ones(3,3), torch.ones(3,3), torch.ones(2,3,3), torch.ones(()))
t(torch.ones(3), torch.ones(3), torch.ones(2,3,3))
t(torch.ones(()), torch.ones(()), torch.ones(2,3,3))
t(torch.ones(4,3), torch.ones(4,3), torch.ones(2,3,3), torch.ones(2))
"""),
    # adaptive_avg_pool2d reads output_size as torch's Python code does (an int as it is,
    # else len() and the input's sizes for None), its parser (tuple of ints: 2.5 was taken
    # as 2), then its own checks, and a 1 x 1 output is a mean before any check of the
    # input's dims or dtype
    _case("adaptive_avg_pool2d_output_size", """
def t(*a):
    try: r = F.adaptive_avg_pool2d(*a); print(tuple(r.shape), type(r.grad_fn).__name__)
    except Exception as e: print(type(e).__name__, e)
g = dict(requires_grad=True)
t(torch.ones(3,3,**g), 1)
t(torch.ones(3,3,**g), (1,1))
t(torch.ones(3,**g), 1)
t(torch.ones((),**g), 1)
t(torch.ones(3,3,**g), 2)
t(torch.ones(3,3), None)
t(torch.ones(3,3), 1.5)
t(torch.ones(3,3), 'abc')
t(torch.ones(3,3), [1.0])
t(torch.ones(3,3), torch.ones(3,3))
t(torch.ones(3,3), (2,))
t(torch.ones(1,3,3), (2,))
t(torch.ones(1,3,3), (None,2))
t(torch.ones(3), (None,2))
t(torch.ones(1,3,3), (-1,2))
t(torch.ones(1,3,3), (2,2,2))
t(torch.ones(1,1,3,3), (2,2,2))
t(torch.ones(1,3,3), [2, 2.5])
t(torch.ones(1,3,3, dtype=torch.int64), 1)
t(torch.ones(1,3,3, dtype=torch.int64), 2)
"""),
]
