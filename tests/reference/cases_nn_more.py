"""nn layers and functions added for torch 2.13's gaps: grid_sample and affine_grid (the
spatial transformer), 3-D max/average/adaptive pooling, power-average pooling, max
unpooling in 1-d and 3-d, fractional max pooling (its random windows after manual_seed),
lazy transposed convolutions, CrossMapLRN2d, nn.Container. Realistic user code (pytorch.org's
"Spatial Transformer Networks" tutorial trained for a few steps on a tiny batch, a 3-D CNN
block on a small volume) beside values, gradients, grad_fn chains, reprs and the errors of
bad arguments. Ids start with ``nn_more_``.

Each case is ``(case_id, python_source)`` (see scripts/record_torch_reference.py); `result`
holds the values compared with the dtype's tolerance, printed text is compared exactly.
"""

from __future__ import annotations

_PRELUDE = """
nn = torch.nn
F = torch.nn.functional
def chain(t):
    names, stack, seen = [], [t.grad_fn], set()
    while stack:
        f = stack.pop()
        if f is None or id(f) in seen:
            continue
        seen.add(id(f))
        names.append(type(f).__name__)
        stack.extend(n for n, _ in f.next_functions)
    return names
def flat(*tensors):
    wide = all(t.dtype in (torch.float64, torch.int64) for t in tensors)
    return torch.cat([t.detach().reshape(-1).to(torch.float64 if wide else torch.float32)
                      for t in tensors])
"""


def _case(name: str, body: str) -> tuple[str, str]:
    return f"nn_more_{name}", _PRELUDE + body


def _errors(name: str, setup: str, statements: list[str]) -> tuple[str, str]:
    """Each statement run alone; print the type and message of what it raises."""
    lines = [setup]
    for statement in statements:
        lines += ["try:", f"    r = {statement}", "    print('ok', tuple(r.shape))",
                  "except Exception as error:", "    print(type(error).__name__, error)"]
    return _case(name, "\n".join(lines) + "\n")


_STN = """
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

        # Spatial transformer localization-network
        self.localization = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size=7),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True),
            nn.Conv2d(8, 10, kernel_size=5),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True)
        )

        # Regressor for the 3 * 2 affine matrix
        self.fc_loc = nn.Sequential(
            nn.Linear(10 * 3 * 3, 32),
            nn.ReLU(True),
            nn.Linear(32, 3 * 2)
        )

        # Initialize the weights/bias with identity transformation
        self.fc_loc[2].weight.data.zero_()
        self.fc_loc[2].bias.data.copy_(torch.tensor([1, 0, 0, 0, 1, 0], dtype=torch.float))

    # Spatial transformer network forward function
    def stn(self, x):
        xs = self.localization(x)
        xs = xs.view(-1, 10 * 3 * 3)
        theta = self.fc_loc(xs)
        theta = theta.view(-1, 2, 3)

        grid = F.affine_grid(theta, x.size())
        x = F.grid_sample(x, grid)
        return x

    def forward(self, x):
        # transform the input
        x = self.stn(x)

        # Perform the usual forward pass
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)
"""

CASES = [
    # pytorch.org "Spatial Transformer Networks": the tutorial's model, trained for a few
    # SGD steps on a tiny batch (dropout draws from the global generator), then the
    # transformed batch it visualises.
    _case("spatial_transformer_training", _STN + """
torch.manual_seed(0)
model = Net()
print(model)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
data = torch.rand(4, 1, 28, 28)
target = torch.tensor([3, 1, 4, 1])
model.train()
losses = []
for step in range(3):
    optimizer.zero_grad()
    output = model(data)
    loss = F.nll_loss(output, target)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
print([round(l, 4) for l in losses])
print(type(output.grad_fn).__name__, chain(loss)[:3])
g = model.fc_loc[2].weight.grad
print(g.shape, g.abs().sum() > 0)
model.eval()
with torch.no_grad():
    transformed = model.stn(data)
print(transformed.shape, transformed.dtype)
result = flat(torch.tensor(losses), model.fc_loc[2].weight, model.fc_loc[2].bias,
              model.fc_loc[0].weight.grad, transformed[:, :, 10:14, 10:14])
"""),
    # The sampler's own graph: the gradient reaches theta through the grid.
    _case("spatial_transformer_graph", """
torch.manual_seed(0)
x = torch.rand(2, 3, 5, 6)
theta = (torch.eye(2, 3) + 0.1 * torch.randn(2, 2, 3)).requires_grad_()
grid = F.affine_grid(theta, x.size(), align_corners=False)
y = F.grid_sample(x, grid, align_corners=False)
print(grid.shape, chain(grid), y.shape, type(y.grad_fn).__name__)
print(chain(y))
y.sum().backward()
print(theta.grad.shape, theta.grad.is_contiguous(), theta.grad.stride())
result = flat(grid, y, theta.grad)
"""),
    _case("affine_grid_values", """
theta = torch.tensor([[[0.9, -0.2, 0.1], [0.3, 1.1, -0.2]]])
for align in (False, True):
    print(F.affine_grid(theta, (1, 1, 2, 3), align_corners=align))
theta3 = torch.tensor([[[1.0, 0.1, 0.0, 0.2], [0.0, 0.9, 0.2, 0.0], [0.1, 0.0, 1.2, -0.1]]],
                      dtype=torch.float64, requires_grad=True)
g3 = F.affine_grid(theta3, [1, 2, 2, 3, 2], align_corners=False)
print(g3.shape, g3.dtype, type(g3.grad_fn).__name__)
g3.pow(2).sum().backward()
print(theta3.grad)
print(F.affine_grid(theta, (1, 1, 1, 3), align_corners=False))
result = flat(g3, theta3.grad)
"""),
    _case("affine_grid_double_backward", """
theta = torch.tensor([[[0.9, -0.2, 0.1], [0.3, 1.1, -0.2]]], dtype=torch.float64,
                     requires_grad=True)
grid = F.affine_grid(theta, (1, 1, 3, 2), align_corners=True)
v = torch.linspace(-1, 1, grid.numel(), dtype=torch.float64).reshape(grid.shape)
v.requires_grad_()
(gt,) = torch.autograd.grad(grid, theta, v, create_graph=True)
print(gt, chain(gt))
(gv,) = torch.autograd.grad(gt.pow(2).sum(), v)
result = flat(gt, gv)
"""),
    # Every mode and padding with align_corners both ways, on points inside and outside
    # the input; gradients for the input and the grid.
    _case("grid_sample_modes", """
torch.manual_seed(0)
x = torch.randn(2, 2, 4, 5, requires_grad=True)
grid = (torch.rand(2, 3, 4, 2) * 2.6 - 1.3).requires_grad_()
parts = []
for mode in ("bilinear", "nearest", "bicubic"):
    for padding in ("zeros", "border", "reflection"):
        for align in (False, True):
            y = F.grid_sample(x, grid, mode=mode, padding_mode=padding, align_corners=align)
            gx, gg = torch.autograd.grad((y * y).sum(), (x, grid))
            parts += [y, gx, gg]
print(y.shape, type(y.grad_fn).__name__, y.dtype)
print(F.grid_sample(x, grid, mode="nearest", align_corners=True)[0, 0])
result = flat(*parts)
"""),
    _case("grid_sample_float64_second_order", """
torch.manual_seed(1)
x = torch.randn(1, 2, 3, 4, dtype=torch.float64, requires_grad=True)
grid = (torch.rand(1, 2, 3, 2, dtype=torch.float64) * 2.4 - 1.2).requires_grad_()
parts = []
for mode in ("bilinear", "bicubic", "nearest"):
    y = F.grid_sample(x, grid, mode=mode, padding_mode="reflection", align_corners=False)
    gx, gg = torch.autograd.grad(y.pow(2).sum(), (x, grid), create_graph=True)
    print(mode, type(gx.grad_fn).__name__, type(gg.grad_fn).__name__ if gg.grad_fn else None)
    h = torch.autograd.grad((gx.sin().sum() + gg.cos().sum()), (x, grid), allow_unused=True)
    parts += [gx, gg] + [t for t in h if t is not None]
result = flat(*parts)
"""),
    _case("grid_sample_3d", """
torch.manual_seed(2)
x = torch.randn(2, 3, 3, 4, 5, requires_grad=True)
theta = torch.eye(3, 4).repeat(2, 1, 1) + 0.2 * torch.randn(2, 3, 4)
theta.requires_grad_()
grid = F.affine_grid(theta, x.size(), align_corners=True)
parts = []
for mode in ("bilinear", "nearest"):
    for padding in ("zeros", "border", "reflection"):
        y = F.grid_sample(x, grid, mode=mode, padding_mode=padding, align_corners=True)
        gx, gt = torch.autograd.grad(y.sum() + (y * y).mean(), (x, theta))
        parts += [y, gx, gt]
print(grid.shape, y.shape, type(y.grad_fn).__name__)
print(type(F.grid_sample(x, grid, align_corners=False).grad_fn).__name__)
result = flat(*parts)
"""),
    _case("grid_sample_default_align_warns", """
import warnings
x = torch.arange(12.).reshape(1, 1, 3, 4)
grid = torch.tensor([[[[0.0, 0.0], [-1.0, -1.0], [0.5, -0.25]]]])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    y = F.grid_sample(x, grid)
    g = F.affine_grid(torch.eye(2, 3)[None], [1, 1, 2, 2])
    F.affine_grid(torch.eye(2, 3)[None], [1, 1, 1, 2], align_corners=True)
for w in caught:
    print(w.category.__name__, w.message)
print(y, g)
"""),
    _errors("grid_sample_errors", """
x = torch.randn(2, 3, 5, 6)
grid = torch.rand(2, 4, 4, 2) * 2 - 1
x5 = torch.randn(2, 3, 4, 5, 6)
grid5 = torch.rand(2, 2, 2, 2, 3) * 2 - 1
""", [
        "F.grid_sample(x, grid, mode='cubic', align_corners=False)",
        "F.grid_sample(x, grid, padding_mode='circular', align_corners=False)",
        "F.grid_sample(x, grid[:1], align_corners=False)",
        "F.grid_sample(x, grid5[:, 0], align_corners=False)",
        "F.grid_sample(x, grid[..., 0], align_corners=False)",
        "F.grid_sample(x, grid.double(), align_corners=False)",
        "F.grid_sample(x.long(), grid, align_corners=False)",
        "F.grid_sample(x[:, :, :0], grid, align_corners=False)",
        "F.grid_sample(x5, grid5, mode='bicubic', align_corners=False)",
        "F.grid_sample(x5.int(), grid5, align_corners=False)",
        "F.grid_sample(x[0], grid[0], align_corners=False)",
        "F.grid_sample(x[:0], grid[:0], align_corners=False)",
        "torch.grid_sampler(x, grid, 0, 0, False)",
        "torch.grid_sampler_3d(x5, grid5, 1, 2, True)",
        "F.affine_grid(torch.randn(2, 2, 3), (2, 3, 4, 5, 6), align_corners=False)",
        "F.affine_grid(torch.randn(2, 3, 4), (2, 3, 4, 5), align_corners=False)",
        "F.affine_grid(torch.randn(2, 2, 3), (2, 3, 4), align_corners=False)",
        "F.affine_grid(torch.randn(2, 2, 3).long(), (2, 3, 4, 5), align_corners=False)",
        "F.affine_grid(torch.randn(3, 2, 3), (2, 3, 4, 5), align_corners=False)",
        "F.affine_grid(torch.randn(2, 2, 3), (2, 3, 0, 5), align_corners=False)",
        "F.affine_grid(torch.randn(2, 2, 3), torch.Size((2, 3, 4, 5)), align_corners=False)",
        "torch.affine_grid_generator(torch.randn(2, 3, 4), [2, 3, 4, 5, 6], True)",
    ]),
    # A 3-D CNN block on a small volume: Conv3d, BatchNorm3d, pooling of every kind.
    _case("cnn3d_block", """
torch.manual_seed(0)
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv3d(1, 4, kernel_size=3, padding=1),
            nn.BatchNorm3d(4),
            nn.ReLU(inplace=True),
            nn.MaxPool3d(2),
            nn.Conv3d(4, 6, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.AvgPool3d(kernel_size=2, stride=1),
            nn.AdaptiveMaxPool3d((2, 2, 2)),
        )
        self.pool = nn.AdaptiveAvgPool3d(1)
        self.head = nn.Linear(6 * 8 + 6, 3)
    def forward(self, x):
        f = self.features(x)
        return self.head(torch.cat([f.flatten(1), self.pool(f).flatten(1)], 1))
model = Block()
print(model)
x = torch.randn(2, 1, 8, 8, 8)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
losses = []
for step in range(3):
    optimizer.zero_grad()
    out = model(x)
    loss = F.cross_entropy(out, torch.tensor([0, 2]))
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
print(out.shape, [round(l, 4) for l in losses])
print(chain(out)[:8])
result = flat(torch.tensor(losses), out, model.features[0].weight.grad,
              model.features[4].weight, model.features[1].running_var)
"""),
    _case("pool3d_values_and_gradients", """
torch.manual_seed(3)
x = torch.randn(2, 2, 5, 6, 7, dtype=torch.float64, requires_grad=True)
outs = [
    F.max_pool3d(x, 2),
    F.max_pool3d(x, (2, 3, 2), stride=(1, 2, 2), padding=(1, 1, 0), dilation=(2, 1, 1),
                 ceil_mode=True),
    F.avg_pool3d(x, 3, stride=2, padding=1, ceil_mode=True),
    F.avg_pool3d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
    F.avg_pool3d(x, (3, 2, 2), stride=(2, 1, 3), padding=(1, 0, 1), divisor_override=5),
    F.adaptive_avg_pool3d(x, (2, 4, 3)),
    F.adaptive_avg_pool3d(x, (7, None, 9)),
    F.adaptive_max_pool3d(x, (3, 2, 9)),
    F.adaptive_avg_pool3d(x, 1),
    F.lp_pool3d(x, 2, 2),
    F.lp_pool3d(x, 3, (2, 3, 2), stride=1, ceil_mode=True),
]
parts = []
for y in outs:
    print(tuple(y.shape), type(y.grad_fn).__name__)
    (g,) = torch.autograd.grad((y * y.detach().cos()).sum(), x, create_graph=True)
    print("  ", type(g.grad_fn).__name__)
    parts += [y, g]
v, i = F.max_pool3d(x, 3, 2, 1, return_indices=True)
print(i.dtype, i[0, 0, 0])
v2, i2 = F.adaptive_max_pool3d(x, (2, 3, 4), return_indices=True)
v3, i3 = F.max_pool3d_with_indices(x[0], 2)
print(i2[1, 1], i3.shape, F.adaptive_max_pool3d_with_indices(x, 2)[1].shape)
result = flat(*parts, i, i2, i3)
"""),
    _case("pool3d_float32_and_int", """
torch.manual_seed(4)
x = torch.randn(1, 2, 4, 4, 6)
print(F.max_pool3d(x, 2))
print(F.avg_pool3d(x, (2, 2, 3)))
print(F.adaptive_avg_pool3d(x, (1, 2, 3)))
print(F.max_pool3d(torch.arange(64).reshape(1, 4, 4, 4), 2))
print(F.max_pool3d(x.half(), 2).dtype, F.max_pool3d(x[:0], 2).shape)
torch.manual_seed(4)
m = nn.MaxPool3d(3, stride=2, padding=1, return_indices=True)
u = nn.MaxUnpool3d(3, stride=2, padding=1)
y, i = m(x)
z = u(y, i, output_size=x.shape)
print(z.shape, torch.equal(z.flatten(2).gather(2, i.flatten(2)), y.flatten(2)))
print((z != 0).sum(), z.grad_fn)
result = flat(y, i, z)
"""),
    _errors("pool3d_errors", """
x = torch.randn(2, 3, 5, 6, 7)
""", [
        "F.max_pool3d(x[0, 0], 2)",
        "F.max_pool3d(x, (2, 2))",
        "F.max_pool3d(x, 2, stride=(1, 2))",
        "F.max_pool3d(x, 2, padding=(1, 1))",
        "F.max_pool3d(x, 2, dilation=(1, 1))",
        "F.max_pool3d(x, 0)",
        "F.max_pool3d(x, 0, 1)",
        "F.max_pool3d(x, 2, 1, -1)",
        "F.max_pool3d(x, 2, padding=2)",
        "F.max_pool3d(x, 2, dilation=0)",
        "F.max_pool3d(x, 9)",
        "F.max_pool3d(x[:, :, :0], 2)",
        "F.max_pool3d(x.bool(), 2)",
        "F.avg_pool3d(x[0, 0], 2)",
        "F.avg_pool3d(x, (2, 2))",
        "F.avg_pool3d(x, 2, stride=(1, 2))",
        "F.avg_pool3d(x, 2, padding=(1, 1))",
        "F.avg_pool3d(x, 2, padding=2)",
        "F.avg_pool3d(x, 9)",
        "F.avg_pool3d(x, (5, 7, 7), 1)",
        "F.avg_pool3d(x, 2, divisor_override=0)",
        "F.avg_pool3d(x.long(), 2)",
        "F.avg_pool3d(x.half(), 2)",
        "F.avg_pool3d(x[:, :, :0], 2)",
        "F.adaptive_avg_pool3d(x[0, 0], 2)",
        "F.adaptive_avg_pool3d(x, (2, 2))",
        "F.adaptive_avg_pool3d(x, -1)",
        "F.adaptive_avg_pool3d(x.long(), 2)",
        "F.adaptive_avg_pool3d(x[:, :0], 2)",
        "F.adaptive_avg_pool3d(x, None)",
        "F.adaptive_max_pool3d(x[0, 0], 2)",
        "F.adaptive_max_pool3d(x, (2, 2))",
        "F.adaptive_max_pool3d(x, -1)",
        "F.adaptive_max_pool3d(x.long(), 2)",
        "F.adaptive_max_pool3d(x[:, :0], 2)",
        "F.lp_pool3d(x, 2, (2, 2))",
        "F.lp_pool3d(x.half(), 2, 2)",
        "torch.max_pool3d(x, 2)",
    ]),
    _case("lp_pool", """
torch.manual_seed(5)
x = torch.randn(2, 3, 6, 7, dtype=torch.float64).abs().requires_grad_()
outs = [F.lp_pool1d(x[0], 2, 3), F.lp_pool1d(x[0], 1.5, 3, stride=2, ceil_mode=True),
        F.lp_pool2d(x, 2, 2), F.lp_pool2d(x, 3, (2, 3), stride=1),
        F.lp_pool2d(x, float("inf"), 2), F.lp_pool2d(x, -float("inf"), 2),
        nn.LPPool1d(2, 3)(x[1]), nn.LPPool2d(1.5, (2, 3), stride=1, ceil_mode=True)(x),
        nn.LPPool3d(2, 2)(x[None])]
parts = []
for y in outs:
    (g,) = torch.autograd.grad(y.sum(), x)
    parts += [y, g]
print(chain(outs[2]))
print(chain(outs[4]))
print(nn.LPPool1d(2, 3), nn.LPPool2d(1.5, (2, 3), stride=1, ceil_mode=True), nn.LPPool3d(2, 2))
print(F.lp_pool2d(torch.tensor([[[[1.0, -2.0], [3.0, -4.0]]]]), 2, 2))
result = flat(*parts)
"""),
    _case("max_unpool_1d_3d", """
torch.manual_seed(6)
x = torch.randn(2, 3, 9, requires_grad=True)
pool, unpool = nn.MaxPool1d(2, stride=2, return_indices=True), nn.MaxUnpool1d(2, stride=2)
y, i = pool(x)
z = unpool(y, i)
z9 = unpool(y, i, output_size=x.size())
print(unpool, z.shape, z9.shape, chain(z9))
z9.sum().backward()
print(x.grad)
x3 = torch.randn(1, 2, 4, 4, 5, requires_grad=True)
y3, i3 = F.max_pool3d(x3, 2, return_indices=True)
z3 = F.max_unpool3d(y3, i3, 2, output_size=(4, 4, 5))
print(nn.MaxUnpool3d(2, stride=1, padding=1), z3.shape, chain(z3))
(g,) = torch.autograd.grad((z3 * z3).sum(), x3, create_graph=True)
print(type(g.grad_fn).__name__)
print(F.max_unpool3d(y3[0], i3[0], 2, output_size=[1, 2, 4, 4, 5]).shape)
result = flat(z, z9, z3, g)
"""),
    _errors("max_unpool_errors", """
x = torch.randn(2, 3, 5, 6, 7)
y, i = F.max_pool3d(x, 2, return_indices=True)
y1, i1 = F.max_pool1d(x[0, 0], 2, return_indices=True)
""", [
        "F.max_unpool3d(torch.ones(1, 1, 1, 1, 2), torch.tensor([[[[[0, 99]]]]]), 2)",
        "F.max_unpool3d(y, i, 2, output_size=(9, 6, 7))",
        "F.max_unpool3d(y, i, 2, output_size=(5, 6))",
        "F.max_unpool3d(y, i[:, :1], 2)",
        "F.max_unpool3d(y[0, 0], i[0, 0], 2)",
        "F.max_unpool1d(y1, i1, 2, output_size=(9,))",
        "F.max_unpool1d(y1, i1, 2, output_size=(7,))",
        "F.max_unpool1d(x[0], x[0].long(), 2)",
        "F.max_unpool1d(x[0, 0, 0], torch.full((6, 7), -3), 2)",
        "F.max_unpool2d(x[0], torch.full((3, 5, 6, 7), 200), 2)",
    ]),
    # Fractional max pooling draws one uniform sample per plane and dim from the global
    # generator (torch.rand) before the kernel: the windows follow manual_seed.
    _case("fractional_max_pool", """
torch.manual_seed(7)
x = torch.randn(2, 3, 9, 10, requires_grad=True)
y, i = F.fractional_max_pool2d(x, 3, output_size=(4, 5), return_indices=True)
print(y.shape, i.dtype, type(y.grad_fn).__name__)
print(i[0, 0])
m = nn.FractionalMaxPool2d(2, output_ratio=(0.5, 0.6))
print(m, m.kernel_size, m.output_ratio, m.state_dict())
z = m(x)
(g,) = torch.autograd.grad(z.sum() + y.pow(2).sum(), x, create_graph=True)
print(z.shape, type(g.grad_fn).__name__)
v = torch.randn(1, 2, 6, 7, 8, dtype=torch.float64, requires_grad=True)
w, j = F.fractional_max_pool3d(v, (2, 3, 2), output_ratio=0.5, return_indices=True)
m3 = nn.FractionalMaxPool3d(2, output_size=(3, 4, 5), return_indices=True)
w3, j3 = m3(v[0])
print(m3, w.shape, j[0, 1, 0], w3.shape, type(w3.grad_fn).__name__)
samples = torch.tensor([[[0.1, 0.9], [0.5, 0.5], [0.99, 0.0]]])
fixed = F.fractional_max_pool2d(x[0], 2, output_size=3, _random_samples=samples)
print(fixed)
w.sum().backward()
result = flat(y, i, z, g, w, j, w3, j3, fixed, v.grad)
"""),
    _errors("fractional_max_pool_errors", """
torch.manual_seed(8)
x = torch.randn(2, 3, 5, 6, 7)
""", [
        "F.fractional_max_pool2d(x[0], 2)",
        "F.fractional_max_pool2d(x[0], 2, output_ratio=0.5)",
        "F.fractional_max_pool2d(x[0], 2, output_ratio=(0.5, 0.5, 0.5))",
        "F.fractional_max_pool2d(x, 2, output_size=3)",
        "F.fractional_max_pool2d(x[0], (2, 2, 2), output_size=3)",
        "F.fractional_max_pool2d(x[0], 2, output_size=(3, 3, 3))",
        "F.fractional_max_pool2d(x[0], 2, output_size=(6, 5))",
        "F.fractional_max_pool2d(x[0], 2, output_size=(5, 6))",
        "F.fractional_max_pool2d(x[0], 2, output_size=3, _random_samples=torch.rand(3, 2, 2))",
        "F.fractional_max_pool2d(x[0], 2, output_size=3, _random_samples=torch.rand(2, 5, 2))",
        "F.fractional_max_pool2d(x[0], 2, output_size=3, _random_samples=torch.rand(3, 5, 3))",
        "F.fractional_max_pool2d(x[0], 2, output_size=3, _random_samples=torch.rand(3, 5))",
        "F.fractional_max_pool2d(x[0], 2, output_size=3,"
        " _random_samples=torch.rand(3, 5, 2).double())",
        "F.fractional_max_pool2d(x[0], 2, output_size=(2, -1))",
        "F.fractional_max_pool2d(x[:, :0, 0], 2, output_size=3)",
        "F.fractional_max_pool2d(x[:0, :, 0], 2, output_size=3)",
        "F.fractional_max_pool3d(x, 2, output_size=(4, 5, 6))",
        "F.fractional_max_pool3d(x, 2, output_size=(3, 5, 5))",
        "F.fractional_max_pool3d(x, 2, output_size=(3, 4, 6))",
        "F.fractional_max_pool3d(x, 2)",
        "F.fractional_max_pool3d(x[0, 0], 2, output_size=2)",
        "F.fractional_max_pool3d(x, (2, 2), output_size=2)",
        "F.fractional_max_pool3d(x, 2, output_size=(2, 2))",
        "F.fractional_max_pool3d(x, 2, output_size=2, _random_samples=torch.rand(2, 3, 2))",
        "F.fractional_max_pool3d(x, 2, output_size=2, _random_samples=torch.rand(1, 3, 3))",
        "F.fractional_max_pool3d(x, 2, output_size=-1)",
        "F.fractional_max_pool3d(x[:, :0], 2, output_size=2)",
        "nn.FractionalMaxPool2d(2)",
        "nn.FractionalMaxPool2d(2, output_size=3, output_ratio=0.5)",
        "nn.FractionalMaxPool2d(2, output_ratio=1.5)",
        "nn.FractionalMaxPool3d(0, output_size=2)",
        "nn.FractionalMaxPool3d(2, output_ratio=(0.5, 0.5, 1.5))",
    ]),
    _case("module_reprs", """
print(nn.MaxPool3d(2), nn.MaxPool3d((2, 3, 1), stride=1, padding=1, dilation=2,
                                    return_indices=True, ceil_mode=True))
print(nn.AvgPool3d(2), nn.AvgPool3d((2, 3, 1), stride=1, padding=1, ceil_mode=True,
                                    count_include_pad=False, divisor_override=3))
print(nn.AdaptiveAvgPool3d((2, None, 3)), nn.AdaptiveMaxPool3d(2, return_indices=True))
print(nn.MaxUnpool1d(2), nn.MaxUnpool1d((3,), 2, 1), nn.MaxUnpool3d(2, stride=1, padding=1))
print(nn.FractionalMaxPool2d(2, output_size=3), nn.FractionalMaxPool3d(2, output_ratio=0.5))
print(nn.CrossMapLRN2d(3), nn.CrossMapLRN2d(5, alpha=1e-3, beta=0.5, k=2))
m = nn.MaxPool3d(2)
print(m.kernel_size, m.stride, m.padding, m.dilation, m.return_indices, m.ceil_mode)
a = nn.AvgPool3d(3)
print(a.kernel_size, a.stride, a.padding, a.ceil_mode, a.count_include_pad, a.divisor_override)
print(nn.MaxUnpool3d(2).kernel_size, nn.MaxUnpool1d(2).stride, nn.LPPool2d(2, 3).stride)
print(nn.Sequential(nn.MaxPool3d(2), nn.AdaptiveAvgPool3d(1), nn.LPPool3d(2, 1)))
"""),
    _case("lazy_conv_transpose", """
torch.manual_seed(9)
m = nn.LazyConvTranspose2d(4, 3, stride=2, output_padding=1, groups=2)
print(m, m.weight, m.in_channels)
y = m(torch.randn(2, 4, 5, 6))
print(m, type(m).__name__, m.weight.shape, m.bias.shape, y.shape, type(y.grad_fn).__name__)
m1 = nn.LazyConvTranspose1d(3, 2, bias=False)
print(m1, m1.bias)
y1 = m1(torch.randn(5, 7))
print(m1, y1.shape)
m3 = nn.LazyConvTranspose3d(2, (1, 2, 3), padding=(0, 1, 1), dilation=2)
y3 = m3(torch.randn(1, 3, 2, 3, 4))
print(m3, y3.shape)
result = flat(m.weight, m.bias, y, m1.weight, y1, m3.weight, m3.bias, y3)
"""),
    _errors("lazy_conv_transpose_errors", """
m = nn.LazyConvTranspose2d(4, 3, groups=2)
""", [
        "m(torch.randn(3, 4, 5, 6, 7))",
        "m(torch.randn(3, 3, 5, 6))",
        "nn.LazyConv2d(4, 3)(torch.randn(5, 6))",
        "nn.LazyConvTranspose1d(4, 3, padding_mode='reflect')",
    ]),
    # CrossMapLRN2d: torch's custom Function, whose windows (forward and backward) are its
    # own; its gradient cannot be differentiated again.
    _case("cross_map_lrn2d", """
torch.manual_seed(10)
x = torch.randn(2, 6, 3, 4, requires_grad=True)
parts = []
for m in (nn.CrossMapLRN2d(3), nn.CrossMapLRN2d(5, alpha=0.1, beta=0.5, k=2),
          nn.CrossMapLRN2d(2, alpha=1.0), nn.CrossMapLRN2d(4, alpha=0.5, beta=1.0)):
    y = m(x)
    (g,) = torch.autograd.grad((y * torch.linspace(-1, 1, y.numel()).view(y.shape)).sum(), x)
    parts += [y, g]
print(type(y.grad_fn).__name__)
print(nn.CrossMapLRN2d(3, alpha=1.0)(torch.ones(1, 4, 1, 1)).flatten())
try:
    nn.CrossMapLRN2d(3)(x[0])
except Exception as error:
    print(type(error).__name__, error)
y = nn.CrossMapLRN2d(3)(x)
try:
    torch.autograd.grad(y.sum(), x, create_graph=True)
except Exception as error:
    print(type(error).__name__, error)
result = flat(*parts)
"""),
    _case("container_deprecated", """
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    c = nn.Container(a=nn.Linear(2, 3), b=nn.ReLU())
for w in caught:
    print(w.category.__name__, w.message, w.filename.startswith('<case'))
print(c, [name for name, _ in c.named_parameters()])
"""),
    _case("local_response_norm_chain", """
torch.manual_seed(11)
x = torch.randn(2, 5, 3, 4, requires_grad=True)
y = F.local_response_norm(x, 3)
y1 = F.local_response_norm(x[0], 2, alpha=0.1)
print(chain(y))
print(chain(y1))
(g,) = torch.autograd.grad(y.sum() + y1.sum(), x, create_graph=True)
print(type(g.grad_fn).__name__)
try:
    F.local_response_norm(x.half(), 3)
except Exception as error:
    print(type(error).__name__, error)
result = flat(y, y1, g)
"""),
]
