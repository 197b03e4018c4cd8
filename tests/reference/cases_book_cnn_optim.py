"""User code from the later chapters of d2l.ai and the pytorch.org tutorials, run as written:
convolutional networks (corr2d by hand and learning a kernel; padding, stride, channels and
pooling; LeNet, small AlexNet/VGG/NiN/GoogLeNet/ResNet/DenseNet blocks; batch normalization
from scratch and nn.BatchNorm2d), the optimization chapter (gd, sgd, momentum, adagrad,
rmsprop, adadelta and adam from scratch, then torch.optim with lr_scheduler), and data
pipelines (custom Dataset and DataLoader with shuffling and generators, random_split,
TensorDataset, collation). Everything is seeded with ``torch.manual_seed`` as the book does,
so default initialisation, random data and shuffles must match torch's CPU streams. Ids
start with ``book_cnn_``, ``book_optim_`` or ``book_data_``.
"""

from __future__ import annotations

_PRELUDE = """
import math
from torch import nn
from torch.nn import functional as F
"""


def _case(name: str, body: str) -> tuple[str, str]:
    return f"book_{name}", _PRELUDE + body


CASES = [
    # d2l 7.2: cross-correlation by hand, edge detection, and learning the kernel.
    _case("cnn_corr2d_learn_kernel", """
def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y

X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
print(corr2d(X, K))

class Conv2D(nn.Module):
    def __init__(self, kernel_size):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(kernel_size))
        self.bias = nn.Parameter(torch.zeros(1))
    def forward(self, x):
        return corr2d(x, self.weight) + self.bias

torch.manual_seed(0)
X = torch.ones((6, 8))
X[:, 2:6] = 0
print(X)
K = torch.tensor([[1.0, -1.0]])
Y = corr2d(X, K)
print(Y)
print(corr2d(X.t(), K))
mine = Conv2D((1, 2))
print(mine.weight, mine(X).shape)

conv2d = nn.LazyConv2d(1, kernel_size=(1, 2), bias=False)
X = X.reshape((1, 1, 6, 8))
Y = Y.reshape((1, 1, 6, 7))
lr = 3e-2
for i in range(10):
    Y_hat = conv2d(X)
    l = (Y_hat - Y) ** 2
    conv2d.zero_grad()
    l.sum().backward()
    conv2d.weight.data[:] -= lr * conv2d.weight.grad
    if (i + 1) % 2 == 0:
        print(f'epoch {i + 1}, loss {l.sum():.3f}')
print(conv2d.weight.data.reshape((1, 2)))
print(conv2d)
result = conv2d.weight.data
"""),
    # d2l 7.3: output shapes under padding and stride.
    _case("cnn_padding_stride_shapes", """
def comp_conv2d(conv2d, X):
    X = X.reshape((1, 1) + X.shape)
    Y = conv2d(X)
    return Y.reshape(Y.shape[2:])

torch.manual_seed(1)
conv2d = nn.LazyConv2d(1, kernel_size=3, padding=1)
X = torch.rand(size=(8, 8))
print(comp_conv2d(conv2d, X).shape)
conv2d = nn.LazyConv2d(1, kernel_size=(5, 3), padding=(2, 1))
print(comp_conv2d(conv2d, X).shape)
conv2d = nn.LazyConv2d(1, kernel_size=3, padding=1, stride=2)
print(comp_conv2d(conv2d, X).shape)
conv2d = nn.LazyConv2d(1, kernel_size=(3, 5), padding=(0, 1), stride=(3, 4))
print(comp_conv2d(conv2d, X).shape)
print(conv2d)
print(nn.Conv2d(2, 4, 3, padding='same', padding_mode='reflect', bias=False))
y = comp_conv2d(conv2d, X)
print(y)
result = y
"""),
    # d2l 7.4: multiple input and output channels, 1x1 convolution as a matrix product.
    _case("cnn_multi_channels", """
def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y

def corr2d_multi_in(X, K):
    return sum(corr2d(x, k) for x, k in zip(X, K))

X = torch.tensor([[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],
               [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]])
K = torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]])
print(corr2d_multi_in(X, K))

def corr2d_multi_in_out(X, K):
    return torch.stack([corr2d_multi_in(X, k) for k in K], 0)

K = torch.stack((K, K + 1, K + 2), 0)
print(K.shape)
print(corr2d_multi_in_out(X, K))

def corr2d_multi_in_out_1x1(X, K):
    c_i, h, w = X.shape
    c_o = K.shape[0]
    X = X.reshape((c_i, h * w))
    K = K.reshape((c_o, c_i))
    Y = torch.matmul(K, X)
    return Y.reshape((c_o, h, w))

torch.manual_seed(2)
X = torch.normal(0, 1, (3, 3, 3))
K = torch.normal(0, 1, (2, 3, 1, 1))
Y1 = corr2d_multi_in_out_1x1(X, K)
Y2 = corr2d_multi_in_out(X, K)
assert float(torch.abs(Y1 - Y2).sum()) < 1e-6
print(Y1)
Y3 = F.conv2d(X.unsqueeze(0), K)
print(torch.allclose(Y3[0], Y1, atol=1e-6), Y3.shape)
result = Y1
"""),
    # d2l 7.5: pooling by hand and nn pooling layers' shapes.
    _case("cnn_pooling", """
def pool2d(X, pool_size, mode='max'):
    p_h, p_w = pool_size
    Y = torch.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            if mode == 'max':
                Y[i, j] = X[i: i + p_h, j: j + p_w].max()
            elif mode == 'avg':
                Y[i, j] = X[i: i + p_h, j: j + p_w].mean()
    return Y

X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
print(pool2d(X, (2, 2)))
print(pool2d(X, (2, 2), 'avg'))
X = torch.arange(16, dtype=torch.float32).reshape((1, 1, 4, 4))
print(X)
pool2d = nn.MaxPool2d(3)
print(pool2d(X))
pool2d = nn.MaxPool2d(3, padding=1, stride=2)
print(pool2d(X))
pool2d = nn.MaxPool2d((2, 3), stride=(2, 3), padding=(0, 1))
print(pool2d(X))
X = torch.cat((X, X + 1), 1)
print(X.shape)
pool2d = nn.MaxPool2d(3, padding=1, stride=2)
print(pool2d(X))
print(pool2d, nn.AvgPool2d((2, 3), stride=(2, 3), padding=(0, 1)))
print(nn.AvgPool2d(3, padding=1, stride=2)(X))
print(nn.AvgPool2d(3, padding=1, stride=2, count_include_pad=False)(X))
print(nn.AdaptiveAvgPool2d((1, 1))(X).flatten(1), nn.AdaptiveMaxPool2d(2)(X).shape)
"""),
    # d2l 7.6: LeNet's layer summary, xavier init through apply, a couple of SGD steps.
    _case("cnn_lenet_summary_and_train", """
torch.manual_seed(0)
def init_cnn(module):
    if type(module) == nn.Linear or type(module) == nn.Conv2d:
        nn.init.xavier_uniform_(module.weight)

net = nn.Sequential(
    nn.LazyConv2d(6, kernel_size=5, padding=2), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.LazyConv2d(16, kernel_size=5), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.LazyLinear(120), nn.Sigmoid(),
    nn.LazyLinear(84), nn.Sigmoid(),
    nn.LazyLinear(10))
X = torch.randn(1, 1, 28, 28)
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape:\\t', X.shape)
net.apply(init_cnn)
print(net)
print(net[0].weight[0, 0, 0], net[-1].bias[:4])
X = torch.randn(8, 1, 28, 28)
y = torch.randint(0, 10, (8,))
loss = nn.CrossEntropyLoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.9)
for epoch in range(3):
    trainer.zero_grad()
    l = loss(net(X), y)
    l.backward()
    trainer.step()
    print(f'epoch {epoch + 1}, loss {l.item():.4f}')
print(net[0].weight.grad.shape, net[3].weight.grad.abs().sum() > 0)
with torch.no_grad():
    print(net(X).argmax(dim=1), y)
result = net[-1].weight[0]
"""),
    # d2l 8.1: AlexNet, scaled down (channels and input size), its layer summary.
    _case("cnn_alexnet_small", """
torch.manual_seed(0)
net = nn.Sequential(
    nn.LazyConv2d(12, kernel_size=11, stride=4, padding=1),
    nn.ReLU(), nn.MaxPool2d(kernel_size=3, stride=2),
    nn.LazyConv2d(32, kernel_size=5, padding=2), nn.ReLU(),
    nn.MaxPool2d(kernel_size=3, stride=2),
    nn.LazyConv2d(48, kernel_size=3, padding=1), nn.ReLU(),
    nn.LazyConv2d(48, kernel_size=3, padding=1), nn.ReLU(),
    nn.LazyConv2d(32, kernel_size=3, padding=1), nn.ReLU(),
    nn.MaxPool2d(kernel_size=3, stride=2), nn.Flatten(),
    nn.LazyLinear(64), nn.ReLU(), nn.Dropout(p=0.5),
    nn.LazyLinear(64), nn.ReLU(), nn.Dropout(p=0.5),
    nn.LazyLinear(10))
X = torch.randn(1, 1, 112, 112)
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape:\\t', X.shape)
print(X)
print(net)
print(sum(p.numel() for p in net.parameters()))
net.eval()
out = net(torch.randn(2, 1, 112, 112))
print(out.shape, out.grad_fn.name())
result = out
"""),
    # d2l 8.2: VGG blocks and a small VGG net, with its layer summary and one training step.
    _case("cnn_vgg_blocks", """
def vgg_block(num_convs, out_channels):
    layers = []
    for _ in range(num_convs):
        layers.append(nn.LazyConv2d(out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return nn.Sequential(*layers)

class VGG(nn.Module):
    def __init__(self, arch, num_classes=10):
        super().__init__()
        conv_blks = []
        for (num_convs, out_channels) in arch:
            conv_blks.append(vgg_block(num_convs, out_channels))
        self.net = nn.Sequential(
            *conv_blks, nn.Flatten(),
            nn.LazyLinear(32), nn.ReLU(), nn.Dropout(0.5),
            nn.LazyLinear(32), nn.ReLU(), nn.Dropout(0.5),
            nn.LazyLinear(num_classes))
    def forward(self, X):
        return self.net(X)
    def layer_summary(self, X_shape):
        X = torch.randn(*X_shape)
        for layer in self.net:
            X = layer(X)
            print(layer.__class__.__name__, 'output shape:\\t', X.shape)

torch.manual_seed(3)
model = VGG(arch=((1, 4), (1, 8), (2, 16), (2, 16)))
model.layer_summary((1, 1, 32, 32))
print(model.net[0])
print([name for name, _ in model.named_parameters()][:6])
opt = torch.optim.SGD(model.parameters(), lr=0.01)
X, y = torch.randn(4, 1, 32, 32), torch.tensor([0, 1, 2, 3])
for step in range(2):
    loss = F.cross_entropy(model(X), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 4))
result = model.net[0][0].weight.grad
"""),
    # d2l 8.3: NiN blocks, global average pooling.
    _case("cnn_nin", """
def nin_block(out_channels, kernel_size, strides, padding):
    return nn.Sequential(
        nn.LazyConv2d(out_channels, kernel_size, strides, padding), nn.ReLU(),
        nn.LazyConv2d(out_channels, kernel_size=1), nn.ReLU(),
        nn.LazyConv2d(out_channels, kernel_size=1), nn.ReLU())

torch.manual_seed(4)
net = nn.Sequential(
    nin_block(8, kernel_size=11, strides=4, padding=0),
    nn.MaxPool2d(3, stride=2),
    nin_block(16, kernel_size=5, strides=1, padding=2),
    nn.MaxPool2d(3, stride=2),
    nin_block(24, kernel_size=3, strides=1, padding=1),
    nn.MaxPool2d(3, stride=2),
    nn.Dropout(0.5),
    nin_block(10, kernel_size=3, strides=1, padding=1),
    nn.AdaptiveAvgPool2d((1, 1)),
    nn.Flatten())
X = torch.randn(1, 1, 96, 96)
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape:\\t', X.shape)
print(net[0])
print(X)
result = X
"""),
    # d2l 8.4: the Inception block of GoogLeNet.
    _case("cnn_inception_block", """
class Inception(nn.Module):
    def __init__(self, c1, c2, c3, c4, **kwargs):
        super(Inception, self).__init__(**kwargs)
        self.b1_1 = nn.LazyConv2d(c1, kernel_size=1)
        self.b2_1 = nn.LazyConv2d(c2[0], kernel_size=1)
        self.b2_2 = nn.LazyConv2d(c2[1], kernel_size=3, padding=1)
        self.b3_1 = nn.LazyConv2d(c3[0], kernel_size=1)
        self.b3_2 = nn.LazyConv2d(c3[1], kernel_size=5, padding=2)
        self.b4_1 = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)
        self.b4_2 = nn.LazyConv2d(c4, kernel_size=1)
    def forward(self, x):
        b1 = F.relu(self.b1_1(x))
        b2 = F.relu(self.b2_2(F.relu(self.b2_1(x))))
        b3 = F.relu(self.b3_2(F.relu(self.b3_1(x))))
        b4 = F.relu(self.b4_2(self.b4_1(x)))
        return torch.cat((b1, b2, b3, b4), dim=1)

torch.manual_seed(5)
blk = Inception(4, (3, 6), (1, 2), 2)
X = torch.randn(2, 3, 8, 8)
Y = blk(X)
print(Y.shape)
print(blk)
print(blk.b2_2.weight.shape, blk.b3_2.bias)
b1 = nn.Sequential(nn.LazyConv2d(8, kernel_size=7, stride=2, padding=3),
                   nn.ReLU(), nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
print(b1(torch.randn(1, 1, 24, 24)).shape)
Y.sum().backward()
print(blk.b1_1.weight.grad.flatten()[:6])
result = Y[0, :, 0, 0]
"""),
    # d2l 8.5: batch normalization from scratch next to nn.BatchNorm2d.
    _case("cnn_batch_norm_from_scratch", """
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        assert len(X.shape) in (2, 4)
        if len(X.shape) == 2:
            mean = X.mean(dim=0)
            var = ((X - mean) ** 2).mean(dim=0)
        else:
            mean = X.mean(dim=(0, 2, 3), keepdim=True)
            var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
        X_hat = (X - mean) / torch.sqrt(var + eps)
        moving_mean = (1.0 - momentum) * moving_mean + momentum * mean
        moving_var = (1.0 - momentum) * moving_var + momentum * var
    Y = gamma * X_hat + beta
    return Y, moving_mean.data, moving_var.data

class BatchNorm(nn.Module):
    def __init__(self, num_features, num_dims):
        super().__init__()
        if num_dims == 2:
            shape = (1, num_features)
        else:
            shape = (1, num_features, 1, 1)
        self.gamma = nn.Parameter(torch.ones(shape))
        self.beta = nn.Parameter(torch.zeros(shape))
        self.moving_mean = torch.zeros(shape)
        self.moving_var = torch.ones(shape)
    def forward(self, X):
        if self.moving_mean.device != X.device:
            self.moving_mean = self.moving_mean.to(X.device)
            self.moving_var = self.moving_var.to(X.device)
        Y, self.moving_mean, self.moving_var = batch_norm(
            X, self.gamma, self.beta, self.moving_mean,
            self.moving_var, eps=1e-5, momentum=0.1)
        return Y

torch.manual_seed(6)
X = torch.randn(4, 3, 5, 5) * 2 + 1
mine = BatchNorm(3, num_dims=4)
theirs = nn.BatchNorm2d(3)
print(theirs, theirs.momentum, theirs.eps)
Y1, Y2 = mine(X), theirs(X)
print((Y1 - Y2).abs().max() < 1e-5)
print(mine.moving_mean.flatten())
print(theirs.running_mean, theirs.num_batches_tracked)
print(mine.moving_var.flatten())
print(theirs.running_var)
Y2.pow(2).sum().backward()
print(theirs.weight.grad, theirs.bias.grad.abs().max() < 1e-4)
theirs.eval()
with torch.no_grad():
    print(theirs(X)[0, :, 0, 0], mine(X)[0, :, 0, 0])
print(list(theirs.state_dict().keys()))
bn1 = nn.BatchNorm1d(3)
Z = bn1(torch.randn(5, 3))
print(Z.mean(dim=0).abs().max() < 1e-6, bn1.running_var)
result = Y2[0, 0]
"""),
    # d2l 8.6: the ResNet residual block, with and without the 1x1 convolution.
    _case("cnn_resnet_residual", """
class Residual(nn.Module):
    def __init__(self, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.LazyConv2d(num_channels, kernel_size=3, padding=1,
                                   stride=strides)
        self.conv2 = nn.LazyConv2d(num_channels, kernel_size=3, padding=1)
        if use_1x1conv:
            self.conv3 = nn.LazyConv2d(num_channels, kernel_size=1,
                                       stride=strides)
        else:
            self.conv3 = None
        self.bn1 = nn.LazyBatchNorm2d()
        self.bn2 = nn.LazyBatchNorm2d()
    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        Y += X
        return F.relu(Y)

torch.manual_seed(7)
blk = Residual(3)
X = torch.randn(4, 3, 6, 6)
print(blk(X).shape)
blk = Residual(6, use_1x1conv=True, strides=2)
Y = blk(X)
print(Y.shape)
print(blk)
print(Y.grad_fn.name(), [type(f).__name__ for f, _ in Y.grad_fn.next_functions])
Y.mean().backward()
print(blk.bn1.weight.grad, blk.conv3.bias.grad)
print(blk.bn2.running_mean)
result = blk.conv1.weight.grad[0, 0]
"""),
    # d2l 8.7: DenseNet's dense block and transition block.
    _case("cnn_densenet_block", """
def conv_block(num_channels):
    return nn.Sequential(
        nn.LazyBatchNorm2d(), nn.ReLU(),
        nn.LazyConv2d(num_channels, kernel_size=3, padding=1))

class DenseBlock(nn.Module):
    def __init__(self, num_convs, num_channels):
        super(DenseBlock, self).__init__()
        layer = []
        for i in range(num_convs):
            layer.append(conv_block(num_channels))
        self.net = nn.Sequential(*layer)
    def forward(self, X):
        for blk in self.net:
            Y = blk(X)
            X = torch.cat((X, Y), dim=1)
        return X

def transition_block(num_channels):
    return nn.Sequential(
        nn.LazyBatchNorm2d(), nn.ReLU(),
        nn.LazyConv2d(num_channels, kernel_size=1),
        nn.AvgPool2d(kernel_size=2, stride=2))

torch.manual_seed(8)
blk = DenseBlock(2, 10)
X = torch.randn(4, 3, 8, 8)
Y = blk(X)
print(Y.shape)
blk2 = transition_block(10)
Z = blk2(Y)
print(Z.shape)
print(blk)
print(blk2)
print(Z[0, 0])
result = Z[1, 2]
"""),
    # pytorch.org "Neural networks" tutorial: the LeNet-style Net with F.max_pool2d.
    _case("cnn_tutorial_net", """
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
    def forward(self, input):
        c1 = F.relu(self.conv1(input))
        s2 = F.max_pool2d(c1, (2, 2))
        c3 = F.relu(self.conv2(s2))
        s4 = F.max_pool2d(c3, 2)
        s4 = torch.flatten(s4, 1)
        f5 = F.relu(self.fc1(s4))
        f6 = F.relu(self.fc2(f5))
        output = self.fc3(f6)
        return output

torch.manual_seed(0)
net = Net()
print(net)
params = list(net.parameters())
print(len(params))
print(params[0].size())
input = torch.randn(1, 1, 32, 32)
out = net(input)
print(out)
net.zero_grad()
out.backward(torch.randn(1, 10))
output = net(input)
target = torch.randn(10)
target = target.view(1, -1)
criterion = nn.MSELoss()
loss = criterion(output, target)
print(loss)
print(loss.grad_fn.name())
print(loss.grad_fn.next_functions[0][0].name())
print(loss.grad_fn.next_functions[0][0].next_functions[0][0].name())
net.zero_grad()
print('conv1.bias.grad before backward')
print(net.conv1.bias.grad)
loss.backward()
print('conv1.bias.grad after backward')
print(net.conv1.bias.grad)
learning_rate = 0.01
for f in net.parameters():
    f.data.sub_(f.grad.data * learning_rate)
import torch.optim as optim
optimizer = optim.SGD(net.parameters(), lr=0.01)
optimizer.zero_grad()
output = net(input)
loss = criterion(output, target)
loss.backward()
optimizer.step()
print(loss)
result = net.conv1.bias
"""),
    # pytorch.org CIFAR-10 classifier tutorial's network on random images, a few steps.
    _case("cnn_cifar_tutorial_net", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

torch.manual_seed(0)
net = Net()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
images = torch.randn(8, 3, 32, 32)
labels = torch.randint(0, 10, (8,))
data = torch.utils.data.TensorDataset(images, labels)
trainloader = torch.utils.data.DataLoader(data, batch_size=4, shuffle=True)
for epoch in range(2):
    running_loss = 0.0
    for i, data in enumerate(trainloader, 0):
        inputs, labels = data
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
        print(f'[{epoch + 1}, {i + 1:5d}] loss: {running_loss / 2:.3f}', labels)
        running_loss = 0.0
print('Finished Training')
correct = 0
total = 0
with torch.no_grad():
    outputs = net(images)
    _, predicted = torch.max(outputs.data, 1)
    total += labels.size(0)
    print(predicted)
PATH = None
print(optimizer)
result = outputs
"""),
    # d2l 12.3: gradient descent in one and two dimensions, with the book's traces.
    _case("optim_gd_from_scratch", """
def f(x):
    return x ** 2
def f_grad(x):
    return 2 * x
def gd(eta, f_grad):
    x = 10.0
    results = [x]
    for i in range(10):
        x -= eta * f_grad(x)
        results.append(float(x))
    print(f'epoch 10, x: {x:f}')
    return results
results = gd(0.2, f_grad)
gd(1.1, f_grad)

c = torch.tensor(0.15 * math.pi)
def f(x):
    return x * torch.cos(c * x)
def f_grad(x):
    return torch.cos(c * x) - c * x * torch.sin(c * x)
def gd_t(eta, f_grad):
    x = 10.0
    for i in range(10):
        x -= eta * f_grad(x)
    # The book prints {x:f}: torch's float32 cos (SLEEF, within 1 ulp) and NumPy's
    # (correctly rounded) differ in the last bit here, which ten steps carry to the 6th
    # decimal (torch -1.528166, ember -1.528165); see docs/differences.md.
    print(f'epoch 10, x: {x:.4f}', type(x).__name__)
    return x
print(gd_t(2, f_grad))

def train_2d(trainer, steps=20, f_grad=None):
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for i in range(steps):
        if f_grad:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2, f_grad)
        else:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2)
        results.append((x1, x2))
    print(f'epoch {i + 1}, x1: {float(x1):f}, x2: {float(x2):f}')
    return results

def f_2d(x1, x2):
    return x1 ** 2 + 2 * x2 ** 2
def f_2d_grad(x1, x2):
    return (2 * x1, 4 * x2)
def gd_2d(x1, x2, s1, s2, f_grad):
    g1, g2 = f_grad(x1, x2)
    return (x1 - eta * g1, x2 - eta * g2, 0, 0)
eta = 0.1
r = train_2d(gd_2d, f_grad=f_2d_grad)

c = torch.tensor(0.5)
def f(x):
    return torch.cosh(c * x)
def f_grad(x):
    return c * torch.sinh(c * x)
def f_hess(x):
    return c**2 * torch.cosh(c * x)
def newton(eta=1):
    x = 10.0
    results = [x]
    for i in range(10):
        x -= eta * f_grad(x) / f_hess(x)
        results.append(float(x))
    print('epoch 10, x:', x)
    return results
newton()
c = torch.tensor(0.15 * math.pi)
def f(x):
    return x * torch.cos(c * x)
def f_grad(x):
    return torch.cos(c * x) - c * x * torch.sin(c * x)
def f_hess(x):
    return - 2 * c * torch.sin(c * x) - x * c**2 * torch.cos(c * x)
newton()
r = newton(0.5)
result = r
"""),
    # d2l 12.4: stochastic gradient descent with noisy gradients and a decaying rate.
    _case("optim_sgd_noisy", """
def f(x1, x2):
    return x1 ** 2 + 2 * x2 ** 2
def f_grad(x1, x2):
    return 2 * x1, 4 * x2
def sgd(x1, x2, s1, s2, f_grad):
    g1, g2 = f_grad(x1, x2)
    g1 += torch.normal(0.0, 1, (1,)).item()
    g2 += torch.normal(0.0, 1, (1,)).item()
    eta_t = eta * lr()
    return (x1 - eta_t * g1, x2 - eta_t * g2, 0, 0)
def constant_lr():
    return 1
def exponential_lr():
    global t
    t += 1
    return math.exp(-0.1 * t)
def polynomial_lr():
    global t
    t += 1
    return (1 + 0.1 * t) ** (-0.5)

def train_2d(trainer, steps=20, f_grad=None):
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for i in range(steps):
        x1, x2, s1, s2 = trainer(x1, x2, s1, s2, f_grad)
        results.append((x1, x2))
    print(f'epoch {i + 1}, x1: {float(x1):f}, x2: {float(x2):f}')
    return results

torch.manual_seed(42)
eta = 0.1
lr = constant_lr
train_2d(sgd, steps=50, f_grad=f_grad)
t = 1
lr = exponential_lr
train_2d(sgd, steps=100, f_grad=f_grad)
t = 1
lr = polynomial_lr
r = train_2d(sgd, steps=50, f_grad=f_grad)
print(torch.normal(0.0, 1, (3,)), torch.normal(torch.zeros(2), torch.ones(2)))
result = r[-1]
"""),
    # d2l 12.6-12.10: momentum, adagrad, rmsprop and adam on 2-D functions, from scratch.
    _case("optim_2d_from_scratch", """
def train_2d(trainer, steps=20, f_grad=None):
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for i in range(steps):
        if f_grad:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2, f_grad)
        else:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2)
        results.append((x1, x2))
    print(f'epoch {i + 1}, x1: {float(x1):f}, x2: {float(x2):f}')
    return results

eta = 0.4
def f_2d(x1, x2):
    return 0.1 * x1 ** 2 + 2 * x2 ** 2
def gd_2d(x1, x2, s1, s2):
    return (x1 - eta * 0.2 * x1, x2 - eta * 4 * x2, 0, 0)
train_2d(gd_2d)
eta = 0.6
train_2d(gd_2d)

def momentum_2d(x1, x2, v1, v2):
    v1 = beta * v1 + 0.2 * x1
    v2 = beta * v2 + 4 * x2
    return x1 - eta * v1, x2 - eta * v2, v1, v2
eta, beta = 0.6, 0.5
train_2d(momentum_2d)
eta, beta = 0.6, 0.25
train_2d(momentum_2d)
lambdas = [0.95, 0.9, 0.6, 0]
for lam in lambdas:
    t = torch.arange(40).detach().numpy()
    print(f'lambda = {lam:.2f}', float((lam ** t).sum()))

def adagrad_2d(x1, x2, s1, s2):
    eps = 1e-6
    g1, g2 = 0.2 * x1, 4 * x2
    s1 += g1 ** 2
    s2 += g2 ** 2
    x1 -= eta / math.sqrt(s1 + eps) * g1
    x2 -= eta / math.sqrt(s2 + eps) * g2
    return x1, x2, s1, s2
eta = 0.4
train_2d(adagrad_2d)
eta = 2
train_2d(adagrad_2d)

def rmsprop_2d(x1, x2, s1, s2):
    g1, g2, eps = 0.2 * x1, 4 * x2, 1e-6
    s1 = gamma * s1 + (1 - gamma) * g1 ** 2
    s2 = gamma * s2 + (1 - gamma) * g2 ** 2
    x1 -= eta / math.sqrt(s1 + eps) * g1
    x2 -= eta / math.sqrt(s2 + eps) * g2
    return x1, x2, s1, s2
eta, gamma = 0.4, 0.9
r = train_2d(rmsprop_2d)

gammas = [0.95, 0.9, 0.8, 0.7]
for gamma in gammas:
    x = torch.arange(40).detach().numpy()
    print(f'gamma = {gamma:.2f}', (1 - gamma) * (gamma ** x)[:3])

# the same updates on tensors with autograd supplying the gradient
def f(x):
    return 0.1 * x[0] ** 2 + 2 * x[1] ** 2
x = torch.tensor([-5.0, -2.0], requires_grad=True)
s = torch.zeros(2)
for i in range(20):
    l = f(x)
    l.backward()
    with torch.no_grad():
        s[:] = 0.9 * s + 0.1 * torch.square(x.grad)
        x -= 0.4 * x.grad / torch.sqrt(s + 1e-6)
    x.grad.data.zero_()
print(x, l)
result = r[-1]
"""),
    # d2l 12.5-12.10: the from-scratch optimizers over parameter lists ([w, b] with states),
    # on a small linear regression, the way the book's train_ch11 drives them.
    _case("optim_params_from_scratch", """
def sgd(params, states, hyperparams):
    for p in params:
        p.data.sub_(hyperparams['lr'] * p.grad)
        p.grad.data.zero_()

def init_momentum_states(feature_dim):
    v_w = torch.zeros((feature_dim, 1))
    v_b = torch.zeros(1)
    return (v_w, v_b)
def sgd_momentum(params, states, hyperparams):
    for p, v in zip(params, states):
        with torch.no_grad():
            v[:] = hyperparams['momentum'] * v + p.grad
            p[:] -= hyperparams['lr'] * v
        p.grad.data.zero_()

def init_adagrad_states(feature_dim):
    s_w = torch.zeros((feature_dim, 1))
    s_b = torch.zeros(1)
    return (s_w, s_b)
def adagrad(params, states, hyperparams):
    eps = 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s[:] += torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()

def init_rmsprop_states(feature_dim):
    return init_adagrad_states(feature_dim)
def rmsprop(params, states, hyperparams):
    gamma, eps = hyperparams['gamma'], 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s[:] = gamma * s + (1 - gamma) * torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()

def init_adadelta_states(feature_dim):
    s_w, s_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    delta_w, delta_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    return ((s_w, delta_w), (s_b, delta_b))
def adadelta(params, states, hyperparams):
    rho, eps = hyperparams['rho'], 1e-5
    for p, (s, delta) in zip(params, states):
        with torch.no_grad():
            s[:] = rho * s + (1 - rho) * torch.square(p.grad)
            g = (torch.sqrt(delta + eps) / torch.sqrt(s + eps)) * p.grad
            p[:] -= g
            delta[:] = rho * delta + (1 - rho) * g * g
        p.grad.data.zero_()

def init_adam_states(feature_dim):
    v_w, v_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    s_w, s_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    return ((v_w, s_w), (v_b, s_b))
def adam(params, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            s[:] = beta2 * s + (1 - beta2) * torch.square(p.grad)
            v_bias_corr = v / (1 - beta1 ** hyperparams['t'])
            s_bias_corr = s / (1 - beta2 ** hyperparams['t'])
            p[:] -= hyperparams['lr'] * v_bias_corr / (torch.sqrt(s_bias_corr) + eps)
        p.grad.data.zero_()
    hyperparams['t'] += 1

def linreg(X, w, b):
    return torch.matmul(X, w) + b
def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2

torch.manual_seed(0)
features = torch.randn(40, 3)
labels = features @ torch.tensor([[2.0], [-3.4], [1.0]]) + 4.2 + 0.01 * torch.randn(40, 1)

def train(trainer_fn, states, hyperparams, num_epochs=2, batch_size=10):
    w = torch.normal(mean=0.0, std=0.01, size=(3, 1), requires_grad=True)
    b = torch.zeros((1), requires_grad=True)
    dataset = torch.utils.data.TensorDataset(features, labels)
    data_iter = torch.utils.data.DataLoader(dataset, batch_size, shuffle=True)
    for _ in range(num_epochs):
        for X, y in data_iter:
            l = squared_loss(linreg(X, w, b), y).mean()
            l.backward()
            trainer_fn([w, b], states, hyperparams)
        with torch.no_grad():
            print(f'loss: {squared_loss(linreg(features, w, b), labels).mean():.3f}')
    return w, b

train(sgd, None, {'lr': 0.1})
train(sgd_momentum, init_momentum_states(3), {'lr': 0.02, 'momentum': 0.5})
train(adagrad, init_adagrad_states(3), {'lr': 0.1})
train(rmsprop, init_rmsprop_states(3), {'lr': 0.01, 'gamma': 0.9})
train(adadelta, init_adadelta_states(3), {'rho': 0.9})
w, b = train(adam, init_adam_states(3), {'lr': 0.01, 't': 1})
print(w.T, b)
result = w
"""),
    # d2l 12.x concise versions: torch.optim's optimizers via the book's train_concise_ch11.
    _case("optim_concise_torch_optim", """
torch.manual_seed(0)
features = torch.randn(40, 3)
labels = features @ torch.tensor([[2.0], [-3.4], [1.0]]) + 4.2 + 0.01 * torch.randn(40, 1)

def init_weights(module):
    if type(module) == nn.Linear:
        torch.nn.init.normal_(module.weight, std=0.01)

def train_concise(trainer_fn, hyperparams, num_epochs=2, batch_size=10):
    net = nn.Sequential(nn.Linear(3, 1))
    net.apply(init_weights)
    optimizer = trainer_fn(net.parameters(), **hyperparams)
    loss = nn.MSELoss(reduction='none')
    dataset = torch.utils.data.TensorDataset(features, labels)
    data_iter = torch.utils.data.DataLoader(dataset, batch_size, shuffle=True)
    for _ in range(num_epochs):
        for X, y in data_iter:
            optimizer.zero_grad()
            out = net(X)
            y = y.reshape(out.shape)
            l = loss(out, y)
            l.mean().backward()
            optimizer.step()
        with torch.no_grad():
            print(f'loss: {loss(net(features), labels).mean() / 2:.4f}')
    return net, optimizer

train_concise(torch.optim.SGD, {'lr': 0.01})
train_concise(torch.optim.SGD, {'lr': 0.005, 'momentum': 0.9})
train_concise(torch.optim.Adagrad, {'lr': 0.1})
train_concise(torch.optim.RMSprop, {'lr': 0.01, 'alpha': 0.9})
train_concise(torch.optim.Adadelta, {'rho': 0.9})
net, opt = train_concise(torch.optim.Adam, {'lr': 0.01})
print(opt)
print(opt.state_dict()['param_groups'])
st = opt.state_dict()['state'][0]
print(sorted(st), st['step'])
print(net[0].weight, net[0].bias)
result = net[0].weight
"""),
    # d2l 12.11: the book's own schedulers (SquareRoot, Factor, MultiFactor, Cosine) driving
    # an optimizer's lr through param_groups.
    _case("optim_book_schedulers", """
class SquareRootScheduler:
    def __init__(self, lr=0.1):
        self.lr = lr
    def __call__(self, num_update):
        return self.lr * pow(num_update + 1.0, -0.5)

class FactorScheduler:
    def __init__(self, factor=1, stop_factor_lr=1e-7, base_lr=0.1):
        self.factor = factor
        self.stop_factor_lr = stop_factor_lr
        self.base_lr = base_lr
    def __call__(self, num_update):
        self.base_lr = max(self.stop_factor_lr, self.base_lr * self.factor)
        return self.base_lr

class CosineScheduler:
    def __init__(self, max_update, base_lr=0.01, final_lr=0,
               warmup_steps=0, warmup_begin_lr=0):
        self.base_lr_orig = base_lr
        self.max_update = max_update
        self.final_lr = final_lr
        self.warmup_steps = warmup_steps
        self.warmup_begin_lr = warmup_begin_lr
        self.max_steps = self.max_update - self.warmup_steps
    def get_warmup_lr(self, epoch):
        increase = (self.base_lr_orig - self.warmup_begin_lr) \\
                       * float(epoch) / float(self.warmup_steps)
        return self.warmup_begin_lr + increase
    def __call__(self, epoch):
        if epoch < self.warmup_steps:
            return self.get_warmup_lr(epoch)
        if epoch <= self.max_update:
            self.base_lr = self.final_lr + (
                self.base_lr_orig - self.final_lr) * (1 + math.cos(
                math.pi * (epoch - self.warmup_steps) / self.max_steps)) / 2
        return self.base_lr

torch.manual_seed(1)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
X, y = torch.randn(16, 4), torch.randint(0, 2, (16,))
loss = nn.CrossEntropyLoss()
for scheduler in [SquareRootScheduler(lr=0.1),
                  FactorScheduler(factor=0.9, stop_factor_lr=1e-2, base_lr=2.0),
                  CosineScheduler(max_update=5, warmup_steps=2, base_lr=0.3, final_lr=0.01)]:
    trainer = torch.optim.SGD(net.parameters(), lr=0.5)
    lrs = []
    for epoch in range(6):
        trainer.zero_grad()
        l = loss(net(X), y)
        l.backward()
        trainer.step()
        for param_group in trainer.param_groups:
            param_group['lr'] = scheduler(epoch)
        lrs.append(round(trainer.param_groups[0]['lr'], 5))
    print(type(scheduler).__name__, lrs, f'{l.item():.4f}')
print(trainer.param_groups[0]['lr'], trainer)
result = net[0].weight
"""),
    # torch.optim.lr_scheduler: StepLR, MultiStepLR, CosineAnnealingLR, LambdaLR, with the
    # epoch loop of the tutorials printing get_last_lr and state_dict.
    _case("optim_lr_schedulers", """
from torch.optim import lr_scheduler
torch.manual_seed(2)
model = nn.Linear(3, 2)
X, y = torch.randn(6, 3), torch.randn(6, 2)
def run(make, epochs=7, **opt_kw):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, **opt_kw)
    scheduler = make(optimizer)
    out = []
    for epoch in range(epochs):
        optimizer.zero_grad()
        loss = F.mse_loss(model(X), y)
        loss.backward()
        optimizer.step()
        scheduler.step()
        out.append(scheduler.get_last_lr()[0])
    print(type(scheduler).__name__, [round(v, 6) for v in out], f'{loss.item():.5f}')
    return scheduler

s = run(lambda o: lr_scheduler.StepLR(o, step_size=2, gamma=0.5))
print(s.state_dict())
s = run(lambda o: lr_scheduler.MultiStepLR(o, milestones=[2, 5], gamma=0.1), momentum=0.9)
print(s.milestones, s.last_epoch, s.get_last_lr())
s = run(lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.001), epochs=12)
print(s.T_max, s.eta_min, s.base_lrs)
s = run(lambda o: lr_scheduler.LambdaLR(o, lr_lambda=lambda epoch: 0.95 ** epoch))
print(s.optimizer.param_groups[0]['initial_lr'], s.last_epoch)
s = run(lambda o: lr_scheduler.ExponentialLR(o, gamma=0.9))
s = run(lambda o: lr_scheduler.LinearLR(o, start_factor=0.25, total_iters=4))
s = run(lambda o: lr_scheduler.SequentialLR(o, schedulers=[
    lr_scheduler.ConstantLR(o, factor=0.5, total_iters=2),
    lr_scheduler.ExponentialLR(o, gamma=0.9)], milestones=[3]))
s = run(lambda o: lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2), epochs=10)
result = model.weight
"""),
    # OneCycleLR per batch, as the super-convergence recipes use it, with Adam's betas
    # cycled, and ReduceLROnPlateau driven by a validation loss.
    _case("optim_one_cycle_and_plateau", """
from torch.optim.lr_scheduler import OneCycleLR, ReduceLROnPlateau
torch.manual_seed(3)
model = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 1))
X, y = torch.randn(12, 4), torch.randn(12, 1)
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=4)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
scheduler = OneCycleLR(optimizer, max_lr=0.1, steps_per_epoch=len(loader), epochs=3)
lrs, moms = [], []
for epoch in range(3):
    for xb, yb in loader:
        optimizer.zero_grad()
        F.mse_loss(model(xb), yb).backward()
        optimizer.step()
        lrs.append(round(scheduler.get_last_lr()[0], 6))
        moms.append(round(optimizer.param_groups[0]['momentum'], 6))
        scheduler.step()
print(lrs)
print(moms)
print(sorted(k for k in optimizer.param_groups[0] if 'lr' in k or 'momentum' in k))
adam = torch.optim.Adam(model.parameters(), lr=1e-3)
sched = OneCycleLR(adam, max_lr=0.01, total_steps=6, anneal_strategy='linear', pct_start=0.5)
for _ in range(5):
    adam.step()
    sched.step()
    print(round(sched.get_last_lr()[0], 7),
          tuple(round(b, 5) for b in adam.param_groups[0]['betas']))

opt = torch.optim.SGD(model.parameters(), lr=0.1)
plateau = ReduceLROnPlateau(opt, mode='min', factor=0.5, patience=1)
for val_loss in [1.0, 0.9, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7, 0.8]:
    plateau.step(val_loss)
    print(val_loss, opt.param_groups[0]['lr'], plateau.num_bad_epochs, plateau.get_last_lr())
result = model[0].weight
"""),
    # pytorch.org "Datasets & DataLoaders": a custom Dataset, shuffling with a generator.
    _case("data_custom_dataset_loader", """
from torch.utils.data import Dataset, DataLoader
class SquaresDataset(Dataset):
    def __init__(self, n, transform=None, target_transform=None):
        self.x = torch.arange(n, dtype=torch.float32)
        self.transform = transform
        self.target_transform = target_transform
    def __len__(self):
        return len(self.x)
    def __getitem__(self, idx):
        x = self.x[idx]
        label = int(x) ** 2
        if self.transform:
            x = self.transform(x)
        if self.target_transform:
            label = self.target_transform(label)
        return x, label

ds = SquaresDataset(10, transform=lambda v: v.unsqueeze(0) / 10,
                    target_transform=lambda y: torch.zeros(3).scatter_(
                        0, torch.tensor(y % 3), value=1))
print(len(ds), ds[3])
g = torch.Generator()
g.manual_seed(0)
loader = DataLoader(ds, batch_size=4, shuffle=True, generator=g)
for epoch in range(2):
    for xb, yb in loader:
        print(epoch, xb.flatten(), yb.argmax(1))
print(len(loader))
torch.manual_seed(123)
loader = DataLoader(ds, batch_size=3, shuffle=True, drop_last=True)
print([xb.flatten().mul(10).long().tolist() for xb, _ in loader], len(loader))
train_features, train_labels = next(iter(loader))
print(f"Feature batch shape: {train_features.size()}")
print(f"Labels batch shape: {train_labels.size()}")
print(torch.randn(2))
"""),
    # torch.utils.data.random_split with a seeded generator, integer and fractional lengths.
    _case("data_random_split", """
from torch.utils.data import random_split, TensorDataset, DataLoader, Subset
ds = TensorDataset(torch.arange(10).float(), torch.arange(10) % 2)
train, val = random_split(ds, [7, 3], generator=torch.Generator().manual_seed(42))
print(type(train).__name__, len(train), len(val))
print(train.indices, val.indices)
print(train[0], val[:2])
a, b, c = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(1))
print(list(a), list(b), list(c))
parts = random_split(range(7), [0.4, 0.4, 0.2], generator=torch.Generator().manual_seed(0))
print([list(p) for p in parts])
torch.manual_seed(5)
x, y = random_split(ds, [0.8, 0.2])
print(x.indices, y.indices)
print(isinstance(x, Subset), x.dataset is ds)
for xb, yb in DataLoader(val, batch_size=2):
    print(xb, yb)
try:
    random_split(ds, [5, 4])
except ValueError as e:
    print(e)
"""),
    # d2l 3.3's load_array over TensorDataset, batches, samplers and drop_last.
    _case("data_tensor_dataset_samplers", """
from torch.utils import data
def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)

torch.manual_seed(0)
features = torch.randn(10, 2)
labels = torch.arange(10.).reshape(-1, 1)
data_iter = load_array((features, labels), 4)
print(next(iter(data_iter)))
print([yb.flatten().tolist() for _, yb in data_iter])
print([yb.flatten().tolist() for _, yb in load_array((features, labels), 4, is_train=False)])
ds = data.TensorDataset(features, labels)
print(len(ds), ds[1], ds.tensors[1].shape)
g = torch.Generator().manual_seed(7)
print(list(data.RandomSampler(ds, generator=g)))
print(list(data.RandomSampler(ds, replacement=True, num_samples=5, generator=g)))
print(list(data.SubsetRandomSampler([1, 3, 5, 7], generator=g)))
print(list(data.WeightedRandomSampler([0.1, 0.9, 0.4, 0.7], 6, replacement=True, generator=g)))
print(list(data.BatchSampler(data.SequentialSampler(range(10)), batch_size=3, drop_last=False)))
print(list(data.BatchSampler(data.SequentialSampler(range(10)), batch_size=3, drop_last=True)))
loader = data.DataLoader(
    ds, batch_sampler=data.BatchSampler(data.RandomSampler(ds, generator=g), 4, False))
print([yb.flatten().tolist() for _, yb in loader])
loader = data.DataLoader(ds, batch_size=None, sampler=[2, 0])
print(list(loader))
both = data.ConcatDataset([ds, data.TensorDataset(torch.zeros(2, 2), torch.ones(2, 1))])
print(len(both), both[10], both.cumulative_sizes)
"""),
    # default_collate of dicts, tuples, namedtuples, numbers, strings and numpy arrays;
    # a custom collate_fn padding variable-length sequences.
    _case("data_collate", """
import collections
import numpy as np
from torch.utils.data import Dataset, DataLoader, default_collate
from torch.nn.utils.rnn import pad_sequence
class DictDataset(Dataset):
    def __len__(self):
        return 5
    def __getitem__(self, i):
        return {'x': torch.full((2,), float(i)), 'y': i % 2, 'name': f'item{i}',
                'meta': (i * 0.5, np.array([i, i + 1]))}
loader = DataLoader(DictDataset(), batch_size=2)
for batch in loader:
    print(batch)
Point = collections.namedtuple('Point', ['a', 'b'])
print(default_collate([Point(1, 2.0), Point(3, 4.0)]))
print(default_collate([(torch.tensor(1), [1, 2]), (torch.tensor(2), [3, 4])]))
print(default_collate([np.float64(1.5), np.float64(2.5)]), default_collate([True, False]))
print(default_collate([np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.int32)]))

class Seqs(Dataset):
    def __init__(self):
        torch.manual_seed(0)
        self.seqs = [torch.randint(1, 9, (n,)) for n in (3, 1, 4, 2)]
    def __len__(self):
        return len(self.seqs)
    def __getitem__(self, i):
        return self.seqs[i], len(self.seqs[i])
def collate_batch(batch):
    seqs, lengths = zip(*batch)
    return pad_sequence(seqs, batch_first=True, padding_value=0), torch.tensor(lengths)
for padded, lengths in DataLoader(Seqs(), batch_size=2, collate_fn=collate_batch):
    print(padded, lengths)
try:
    default_collate([{'a': 1}, object()])
except Exception as e:
    print(type(e).__name__)
try:
    default_collate([torch.zeros(2), torch.zeros(3)])
except RuntimeError as e:
    print(e)
"""),
    # IterableDataset with a generator-based stream, and map-style with a seeded worker-less
    # shuffle that matches the global RNG stream after manual_seed.
    _case("data_iterable_and_global_shuffle", """
from torch.utils.data import IterableDataset, DataLoader, Dataset
class Stream(IterableDataset):
    def __init__(self, start, end):
        super().__init__()
        self.start, self.end = start, end
    def __iter__(self):
        return iter(range(self.start, self.end))
loader = DataLoader(Stream(3, 10), batch_size=3)
print(list(loader))
print(list(DataLoader(Stream(0, 4), batch_size=None)))
class Noisy(Dataset):
    def __len__(self):
        return 6
    def __getitem__(self, i):
        return i, torch.rand(1).item() > 2
torch.manual_seed(10)
loader = DataLoader(Noisy(), batch_size=4, shuffle=True)
for epoch in range(3):
    print([b[0].tolist() for b in loader])
print(torch.randperm(6), torch.rand(2))
loader = DataLoader(list(range(8)), batch_size=3, shuffle=True,
                    generator=torch.Generator().manual_seed(99))
print(list(loader))
it = iter(loader)
print(next(it), len(loader))
"""),
    # d2l 7.6 style evaluation: accuracy over a DataLoader with the book's Accumulator.
    _case("data_accuracy_accumulator", """
class Accumulator:
    def __init__(self, n):
        self.data = [0.0] * n
    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]
    def __getitem__(self, idx):
        return self.data[idx]
def accuracy(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())
torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 4 * 4, 3))
X = torch.randn(10, 1, 6, 6)
y = torch.randint(0, 3, (10,))
data_iter = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=4)
metric = Accumulator(2)
net.eval()
with torch.no_grad():
    for Xb, yb in data_iter:
        metric.add(accuracy(net(Xb), yb), yb.numel())
print(metric[0] / metric[1], metric.data)
updater = torch.optim.SGD(net.parameters(), lr=0.5, weight_decay=1e-3)
net.train()
metric = Accumulator(3)
for Xb, yb in data_iter:
    y_hat = net(Xb)
    l = F.cross_entropy(y_hat, yb, reduction='none')
    updater.zero_grad()
    l.mean().backward()
    updater.step()
    metric.add(float(l.sum()), accuracy(y_hat, yb), yb.numel())
print(f'{metric[0] / metric[2]:.4f}', metric[1] / metric[2])
result = net[0].weight
"""),

    # d2l 14.10: transposed convolution by hand, nn.ConvTranspose2d with padding/stride/
    # channels, and its connection to the matrix of a convolution.
    _case("cnn_transposed_conv", """
def trans_conv(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1))
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i: i + h, j: j + w] += X[i, j] * K
    return Y

X = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
print(trans_conv(X, K))
X, K = X.reshape(1, 1, 2, 2), K.reshape(1, 1, 2, 2)
tconv = nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)
tconv.weight.data = K
print(tconv(X))
tconv = nn.ConvTranspose2d(1, 1, kernel_size=2, padding=1, bias=False)
tconv.weight.data = K
print(tconv(X))
tconv = nn.ConvTranspose2d(1, 1, kernel_size=2, stride=2, bias=False)
tconv.weight.data = K
print(tconv(X))
torch.manual_seed(0)
X = torch.rand(size=(1, 10, 16, 16))
conv = nn.Conv2d(10, 20, kernel_size=5, padding=2, stride=3)
tconv = nn.ConvTranspose2d(20, 10, kernel_size=5, padding=2, stride=3)
print(tconv(conv(X)).shape == X.shape, tconv)

def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y
X = torch.arange(9.0).reshape(3, 3)
K = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
Y = corr2d(X, K)
print(Y)
def kernel2matrix(K):
    k, W = torch.zeros(5), torch.zeros((4, 9))
    k[:2], k[3:5] = K[0, :], K[1, :]
    W[0, :5], W[1, 1:6], W[2, 3:8], W[3, 4:] = k, k, k, k
    return W
W = kernel2matrix(K)
print(W)
print(Y == torch.matmul(W, X.reshape(-1)).reshape(2, 2))
Z = trans_conv(Y, K)
print(Z == torch.matmul(W.T, Y.reshape(-1)).reshape(3, 3))
up = nn.ConvTranspose2d(3, 2, kernel_size=4, padding=1, stride=2)
print(up(torch.rand(1, 3, 5, 5)).shape, up.weight.shape)
print(nn.ConvTranspose2d(3, 2, 3, stride=2, output_padding=1)(torch.rand(2, 3, 4, 4)).shape)
result = up.weight[0, 0]
"""),
    # d2l 14.11: the FCN's bilinear-interpolation kernel as a transposed convolution's weight.
    _case("cnn_fcn_bilinear_upsampling", """
def bilinear_kernel(in_channels, out_channels, kernel_size):
    factor = (kernel_size + 1) // 2
    if kernel_size % 2 == 1:
        center = factor - 1
    else:
        center = factor - 0.5
    og = (torch.arange(kernel_size).reshape(-1, 1),
          torch.arange(kernel_size).reshape(1, -1))
    filt = (1 - torch.abs(og[0] - center) / factor) * \\
           (1 - torch.abs(og[1] - center) / factor)
    weight = torch.zeros((in_channels, out_channels,
                          kernel_size, kernel_size))
    weight[range(in_channels), range(out_channels), :, :] = filt
    return weight

print(bilinear_kernel(1, 1, 4))
conv_trans = nn.ConvTranspose2d(3, 3, kernel_size=4, padding=1, stride=2, bias=False)
conv_trans.weight.data.copy_(bilinear_kernel(3, 3, 4))
img = torch.arange(48.0).reshape(1, 3, 4, 4) / 48
out = conv_trans(img)
print(out.shape)
print(out[0, 0])
print(F.interpolate(img, scale_factor=2, mode='bilinear', align_corners=False)[0, 0, :3])
torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU())
net.add_module('final_conv', nn.Conv2d(8, 5, kernel_size=1))
net.add_module('transpose_conv', nn.ConvTranspose2d(5, 5, kernel_size=4, padding=1, stride=2))
W = bilinear_kernel(5, 5, 4)
net.transpose_conv.weight.data.copy_(W)
Y = net(img)
print(Y.shape, net)
def loss(inputs, targets):
    return F.cross_entropy(inputs, targets, reduction='none').mean(1).mean(1)
target = torch.randint(0, 5, (1, 4, 4))
l = loss(Y, target)
l.sum().backward()
print(l, net.final_conv.weight.grad.shape)
result = Y[0, :, 1]
"""),
    # pytorch.org "What is torch.nn really?": from-scratch logistic regression, then the
    # refactors up to Mnist_CNN, Lambda layers, WrappedDataLoader and fit().
    _case("cnn_what_is_torch_nn_really", """
import numpy as np
from torch.utils.data import TensorDataset, DataLoader
torch.manual_seed(0)
n, c = 64, 10
x_train = torch.rand(n, 784)
y_train = torch.randint(0, 10, (n,))
x_valid, y_valid = torch.rand(32, 784), torch.randint(0, 10, (32,))
print(x_train.shape, y_train.min(), y_train.max())

weights = torch.randn(784, 10) / math.sqrt(784)
weights.requires_grad_()
bias = torch.zeros(10, requires_grad=True)
def log_softmax(x):
    return x - x.exp().sum(-1).log().unsqueeze(-1)
def model(xb):
    return log_softmax(xb @ weights + bias)
bs = 16
xb = x_train[0:bs]
preds = model(xb)
print(preds[0], preds.shape)
def nll(input, target):
    return -input[range(target.shape[0]), target].mean()
loss_func = nll
yb = y_train[0:bs]
print(loss_func(preds, yb))
def accuracy(out, yb):
    preds = torch.argmax(out, dim=1)
    return (preds == yb).float().mean()
print(accuracy(preds, yb))
lr = 0.1
for epoch in range(2):
    for i in range((n - 1) // bs + 1):
        start_i = i * bs
        end_i = start_i + bs
        xb = x_train[start_i:end_i]
        yb = y_train[start_i:end_i]
        pred = model(xb)
        loss = loss_func(pred, yb)
        loss.backward()
        with torch.no_grad():
            weights -= weights.grad * lr
            bias -= bias.grad * lr
            weights.grad.zero_()
            bias.grad.zero_()
print(loss_func(model(xb), yb), accuracy(model(xb), yb))

class Lambda(nn.Module):
    def __init__(self, func):
        super().__init__()
        self.func = func
    def forward(self, x):
        return self.func(x)
def preprocess(x, y):
    return x.view(-1, 1, 28, 28), y
class WrappedDataLoader:
    def __init__(self, dl, func):
        self.dl = dl
        self.func = func
    def __len__(self):
        return len(self.dl)
    def __iter__(self):
        for b in self.dl:
            yield (self.func(*b))
def get_data(train_ds, valid_ds, bs):
    return (DataLoader(train_ds, batch_size=bs, shuffle=True),
            DataLoader(valid_ds, batch_size=bs * 2))
def loss_batch(model, loss_func, xb, yb, opt=None):
    loss = loss_func(model(xb), yb)
    if opt is not None:
        loss.backward()
        opt.step()
        opt.zero_grad()
    return loss.item(), len(xb)
def fit(epochs, model, loss_func, opt, train_dl, valid_dl):
    for epoch in range(epochs):
        model.train()
        for xb, yb in train_dl:
            loss_batch(model, loss_func, xb, yb, opt)
        model.eval()
        with torch.no_grad():
            losses, nums = zip(*[loss_batch(model, loss_func, xb, yb) for xb, yb in valid_dl])
        val_loss = np.sum(np.multiply(losses, nums)) / np.sum(nums)
        # the tutorial prints val_loss in full: matmul's summation order (BLAS) differs
        print(epoch, f'{val_loss:.4f}', type(val_loss).__name__)

train_dl, valid_dl = get_data(TensorDataset(x_train, y_train), TensorDataset(x_valid, y_valid), bs)
train_dl = WrappedDataLoader(train_dl, preprocess)
valid_dl = WrappedDataLoader(valid_dl, preprocess)
model = nn.Sequential(
    nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1), nn.ReLU(),
    nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1), nn.ReLU(),
    nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1),
    Lambda(lambda x: x.view(x.size(0), -1)),
)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
fit(2, model, F.cross_entropy, opt, train_dl, valid_dl)
print(model)
print(len(train_dl), opt.param_groups[0]['momentum'])
result = model[0].weight[0, 0]
"""),
    # d2l 15.3-style text CNN: Conv1d over embeddings with adaptive max pooling.
    _case("cnn_textcnn_conv1d", """
class TextCNN(nn.Module):
    def __init__(self, vocab_size, embed_size, kernel_sizes, num_channels, **kwargs):
        super(TextCNN, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.constant_embedding = nn.Embedding(vocab_size, embed_size)
        self.dropout = nn.Dropout(0.5)
        self.decoder = nn.Linear(sum(num_channels), 2)
        self.pool = nn.AdaptiveAvgPool1d(1)
        self.relu = nn.ReLU()
        self.convs = nn.ModuleList()
        for c, k in zip(num_channels, kernel_sizes):
            self.convs.append(nn.Conv1d(2 * embed_size, c, k))
    def forward(self, inputs):
        embeddings = torch.cat((
            self.embedding(inputs), self.constant_embedding(inputs)), dim=2)
        embeddings = embeddings.permute(0, 2, 1)
        encoding = torch.cat([
            torch.squeeze(self.relu(self.pool(conv(embeddings))), dim=-1)
            for conv in self.convs], dim=1)
        outputs = self.decoder(self.dropout(encoding))
        return outputs

torch.manual_seed(0)
net = TextCNN(20, 6, [3, 4, 5], [4, 4, 4])
def init_weights(module):
    if type(module) in (nn.Linear, nn.Conv1d):
        nn.init.xavier_uniform_(module.weight)
net.apply(init_weights)
net.constant_embedding.weight.requires_grad = False
print(net)
X = torch.randint(0, 20, (3, 9))
trainer = torch.optim.Adam(net.parameters(), lr=0.01)
loss = nn.CrossEntropyLoss(reduction="none")
y = torch.tensor([0, 1, 1])
for epoch in range(3):
    l = loss(net(X), y)
    trainer.zero_grad()
    l.sum().backward()
    trainer.step()
    print(epoch, l)
print(net.constant_embedding.weight.grad, net.convs[0].weight.grad.shape)
print(F.max_pool1d(torch.arange(8.).reshape(1, 1, 8), 3),
      nn.AdaptiveMaxPool1d(2)(torch.arange(7.).reshape(1, 1, 7)))
result = net.decoder.weight
"""),
    # The errors people meet while building CNNs, as printed by their try/except.
    _case("cnn_shape_errors", """
torch.manual_seed(0)
conv = nn.Conv2d(1, 6, 5)
for bad in (torch.randn(1, 3, 32, 32), torch.randn(1, 1, 3, 3), torch.randn(32, 32)):
    try:
        conv(bad)
    except RuntimeError as e:
        print('RuntimeError:', e)
fc = nn.Linear(256, 120)
try:
    fc(torch.randn(1, 400))
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    nn.MaxPool2d(2)(torch.randn(1, 16, 1, 1))
except RuntimeError as e:
    print('RuntimeError:', e)
bn = nn.BatchNorm2d(3)
try:
    bn(torch.randn(1, 3, 1, 1))
except ValueError as e:
    print('ValueError:', e)
try:
    nn.BatchNorm2d(3)(torch.randn(2, 4, 5, 5))
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    nn.BatchNorm2d(3)(torch.randn(3, 5, 5))
except ValueError as e:
    print('ValueError:', e)
try:
    torch.cat((torch.zeros(1, 2, 4, 4), torch.zeros(1, 3, 5, 5)), dim=1)
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    torch.zeros(2, 3, 4, 4).view(2, -1, 5)
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    nn.Conv2d(4, 6, 3, groups=4)
except ValueError as e:
    print('ValueError:', e)
print(nn.Conv2d(4, 8, 3, groups=4, dilation=2))
"""),
    # d2l 8.6: a small ResNet (b1 + resnet blocks + head) in the book's class layout.
    _case("cnn_resnet_small_net", """
class Residual(nn.Module):
    def __init__(self, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.LazyConv2d(num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.LazyConv2d(num_channels, kernel_size=3, padding=1)
        self.conv3 = (nn.LazyConv2d(num_channels, kernel_size=1, stride=strides)
                      if use_1x1conv else None)
        self.bn1 = nn.LazyBatchNorm2d()
        self.bn2 = nn.LazyBatchNorm2d()
    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        Y += X
        return F.relu(Y)

class ResNet(nn.Module):
    def b1(self):
        return nn.Sequential(
            nn.LazyConv2d(8, kernel_size=7, stride=2, padding=3),
            nn.LazyBatchNorm2d(), nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    def block(self, num_residuals, num_channels, first_block=False):
        blk = []
        for i in range(num_residuals):
            if i == 0 and not first_block:
                blk.append(Residual(num_channels, use_1x1conv=True, strides=2))
            else:
                blk.append(Residual(num_channels))
        return nn.Sequential(*blk)
    def __init__(self, arch, num_classes=10):
        super(ResNet, self).__init__()
        self.net = nn.Sequential(self.b1())
        for i, b in enumerate(arch):
            self.net.add_module(f'b{i+2}', self.block(*b, first_block=(i==0)))
        self.net.add_module('last', nn.Sequential(
            nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(),
            nn.LazyLinear(num_classes)))
    def forward(self, X):
        return self.net(X)

torch.manual_seed(9)
model = ResNet(((1, 8), (1, 16), (1, 32)))
X = torch.randn(2, 1, 32, 32)
for layer in model.net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape:\\t', X.shape)
def init_cnn(module):
    if type(module) == nn.Linear or type(module) == nn.Conv2d:
        nn.init.kaiming_normal_(module.weight, mode='fan_out', nonlinearity='relu')
model.apply(init_cnn)
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
X, y = torch.randn(4, 1, 32, 32), torch.tensor([1, 3, 5, 7])
for step in range(3):
    loss = F.cross_entropy(model(X), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f'{loss.item():.4f}')
print(model.net.b2[0].bn1.running_mean, model.net.b3[0].bn2.num_batches_tracked)
print(sum(p.numel() for p in model.parameters()), len(model.state_dict()))
model.eval()
with torch.no_grad():
    print(model(X).argmax(1))
result = model.net.last[2].weight[0]
"""),
    # torch.optim details the tutorials use: per-parameter groups (fine-tuning's 10x head
    # lr), nesterov, amsgrad, AdamW, add_param_group, zero_grad's None grads, and a
    # checkpoint of model and optimizer through torch.save / torch.load.
    _case("optim_param_groups_and_checkpoint", """
import io
torch.manual_seed(4)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
X, y = torch.randn(10, 4), torch.randint(0, 3, (10,))
params_1x = [param for name, param in net.named_parameters() if not name.startswith('2.')]
opt = torch.optim.SGD([{'params': params_1x}, {'params': net[2].parameters(), 'lr': 0.1}],
                      lr=0.01, weight_decay=0.001, momentum=0.9, nesterov=True)
print(opt)
for _ in range(3):
    opt.zero_grad()
    F.cross_entropy(net(X), y).backward()
    opt.step()
print(net[2].bias, net[0].bias.grad is None)
opt.zero_grad()
print(net[0].bias.grad)
opt.zero_grad(set_to_none=False)
buf = io.BytesIO()
torch.save({'epoch': 3, 'model_state_dict': net.state_dict(),
            'optimizer_state_dict': opt.state_dict(), 'loss': 0.5}, buf)
buf.seek(0)
ck = torch.load(buf)
net2 = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
net2.load_state_dict(ck['model_state_dict'])
opt2 = torch.optim.SGD(net2.parameters(), lr=0.5, momentum=0.9)
try:
    opt2.load_state_dict(ck['optimizer_state_dict'])
except ValueError as e:
    print('ValueError:', e)
opt2 = torch.optim.SGD([{'params': list(net2.parameters())[:2]}, {'params': net2[2].parameters()}],
                       lr=0.5, momentum=0.9)
opt2.load_state_dict(ck['optimizer_state_dict'])
print(opt2.param_groups[1]['lr'], opt2.param_groups[0]['nesterov'], ck['epoch'])
print(opt2.state[net2[2].bias]['momentum_buffer'])
for o in (torch.optim.Adam(net.parameters(), lr=0.01, amsgrad=True),
          torch.optim.AdamW(net.parameters(), lr=0.01, weight_decay=0.1),
          torch.optim.RMSprop(net.parameters(), lr=0.01, centered=True, momentum=0.5),
          torch.optim.Adagrad(net.parameters(), lr=0.1, lr_decay=0.01)):
    for _ in range(2):
        o.zero_grad()
        loss = F.cross_entropy(net(X), y)
        loss.backward()
        o.step()
    print(type(o).__name__, f'{loss.item():.5f}', sorted(o.state[net[2].bias]))
extra = nn.Parameter(torch.ones(2))
opt.add_param_group({'params': extra, 'lr': 1.0})
print(len(opt.param_groups), opt.param_groups[2]['momentum'], opt.param_groups[2]['weight_decay'])
try:
    opt.add_param_group({'params': net[0].weight})
except ValueError as e:
    print('ValueError:', e)
result = net[0].weight
"""),
    # lr_scheduler misuse the tutorials warn about, and the other schedulers.
    _case("optim_scheduler_warnings_and_more", """
import warnings
from torch.optim import lr_scheduler
torch.manual_seed(5)
model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=1.0)
sched = lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    sched.step()
    print([str(x.message)[:60] for x in w])
    print(sched.get_lr(), [str(x.message)[:60] for x in w][1:])
print(sched.get_last_lr(), opt.param_groups[0]['lr'])
opt = torch.optim.SGD(model.parameters(), lr=1.0)
mult = lr_scheduler.MultiplicativeLR(opt, lr_lambda=lambda epoch: 0.9)
poly = lr_scheduler.PolynomialLR(opt, total_iters=4, power=2.0)
lrs = []
for epoch in range(6):
    opt.step()
    mult.step()
    poly.step()
    lrs.append(round(opt.param_groups[0]['lr'], 6))
print(lrs)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
cyc = lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2, mode='triangular2')
out = []
for _ in range(9):
    opt.step()
    cyc.step()
    out.append((round(cyc.get_last_lr()[0], 4), round(opt.param_groups[0]['momentum'], 4)))
print(out)
opt = torch.optim.Adam(model.parameters(), lr=0.1)
chained = lr_scheduler.ChainedScheduler([lr_scheduler.ConstantLR(opt, factor=0.1, total_iters=2),
                                         lr_scheduler.ExponentialLR(opt, gamma=0.9)])
lrs = []
for _ in range(4):
    opt.step()
    chained.step()
    lrs.append(round(chained.get_last_lr()[0], 6))
print(lrs)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
s = lr_scheduler.StepLR(opt, step_size=3)
sd = s.state_dict()
print(sd)
s2 = lr_scheduler.StepLR(torch.optim.SGD(model.parameters(), lr=0.1), step_size=10)
s2.load_state_dict(sd)
print(s2.step_size, s2.gamma)
"""),
    # pytorch.org "Writing custom datasets, dataloaders and transforms": dict samples of
    # numpy images, transform classes composed, ToTensor via from_numpy, and batching.
    _case("data_custom_transforms", """
import numpy as np
from torch.utils.data import Dataset, DataLoader
class FaceLandmarksDataset(Dataset):
    def __init__(self, n, transform=None):
        rng = np.random.RandomState(0)
        self.images = [rng.randint(0, 255, (8 + i % 3, 10, 3)).astype(np.uint8) for i in range(n)]
        self.landmarks = [rng.rand(4, 2) * 8 for i in range(n)]
        self.transform = transform
    def __len__(self):
        return len(self.images)
    def __getitem__(self, idx):
        if torch.is_tensor(idx):
            idx = idx.tolist()
        sample = {'image': self.images[idx], 'landmarks': self.landmarks[idx]}
        if self.transform:
            sample = self.transform(sample)
        return sample

class RandomCrop(object):
    def __init__(self, output_size):
        assert isinstance(output_size, (int, tuple))
        if isinstance(output_size, int):
            self.output_size = (output_size, output_size)
        else:
            assert len(output_size) == 2
            self.output_size = output_size
    def __call__(self, sample):
        image, landmarks = sample['image'], sample['landmarks']
        h, w = image.shape[:2]
        new_h, new_w = self.output_size
        top = np.random.randint(0, h - new_h + 1)
        left = np.random.randint(0, w - new_w + 1)
        image = image[top: top + new_h, left: left + new_w]
        landmarks = landmarks - [left, top]
        return {'image': image, 'landmarks': landmarks}

class ToTensor(object):
    def __call__(self, sample):
        image, landmarks = sample['image'], sample['landmarks']
        image = image.transpose((2, 0, 1))
        return {'image': torch.from_numpy(image), 'landmarks': torch.from_numpy(landmarks)}

class Compose:
    def __init__(self, transforms):
        self.transforms = transforms
    def __call__(self, sample):
        for t in self.transforms:
            sample = t(sample)
        return sample

np.random.seed(0)
raw = FaceLandmarksDataset(4)
for i, sample in enumerate(raw):
    print(i, sample['image'].shape, sample['landmarks'].shape)
    if i == 1:
        break
ds = FaceLandmarksDataset(5, transform=Compose([RandomCrop(6), ToTensor()]))
s = ds[torch.tensor(2)]
print(s['image'].shape, s['image'].dtype, s['landmarks'].dtype, s['image'].is_contiguous())
print(s['landmarks'])
torch.manual_seed(0)
dataloader = DataLoader(ds, batch_size=2, shuffle=True, num_workers=0)
for i_batch, sample_batched in enumerate(dataloader):
    print(i_batch, sample_batched['image'].size(), sample_batched['landmarks'].size(),
          sample_batched['image'].dtype)
print(sample_batched['landmarks'][0])
print(sample_batched['image'].float().div(255).mean(dim=(0, 2, 3)))
result = sample_batched['landmarks']
"""),
    # Less common torch.utils.data pieces: Subset, ChainDataset, StackDataset, worker info,
    # a DataLoader's errors, and the len of samplers and loaders.
    _case("data_loader_misc", """
from torch.utils import data
ds = data.TensorDataset(torch.arange(6.), torch.arange(6) * 10)
sub = data.Subset(ds, [4, 0, 2])
print(len(sub), sub[0], [int(y) for _, y in sub])
print(next(iter(data.DataLoader(sub, batch_size=3))))
class It(data.IterableDataset):
    def __init__(self, xs):
        self.xs = xs
    def __iter__(self):
        print('worker info:', data.get_worker_info())
        yield from self.xs
print(list(data.ChainDataset([It([1, 2]), It([3])])))
st = data.StackDataset(ds, torch.arange(6.) ** 2)
print(len(st), st[1])
st = data.StackDataset(a=ds, b=list('abcdef'))
print(st[2])
print(next(iter(data.DataLoader(st, batch_size=3))))
try:
    data.DataLoader(ds, batch_size=2, shuffle=True, sampler=data.SequentialSampler(ds))
except ValueError as e:
    print('ValueError:', e)
try:
    data.DataLoader(It([1]), shuffle=True)
except ValueError as e:
    print('ValueError:', e)
try:
    data.DataLoader(ds, persistent_workers=True)
except ValueError as e:
    print('ValueError:', e)
loader = data.DataLoader(ds, batch_size=4)
print(len(loader), len(loader.sampler), len(loader.batch_sampler), loader.batch_size,
      loader.drop_last, loader.num_workers, type(loader.sampler).__name__)
loader = data.DataLoader(ds, batch_size=4, shuffle=True)
print(type(loader.sampler).__name__, loader.sampler.replacement, loader.sampler.num_samples)
for xb, yb in data.DataLoader(ds, batch_size=4, collate_fn=lambda b: (len(b), b[0])):
    print(xb, yb)
"""),
    # pytorch.org neural style transfer with a tiny CNN: gram matrices, loss modules
    # inserted into a Sequential, LBFGS on the image with a closure (float(loss) under
    # no_grad must not warn).
    _case("cnn_style_transfer_lbfgs", """
torch.manual_seed(0)
def gram_matrix(input):
    a, b, c, d = input.size()
    features = input.view(a * b, c * d)
    G = torch.mm(features, features.t())
    return G.div(a * b * c * d)
class ContentLoss(nn.Module):
    def __init__(self, target):
        super(ContentLoss, self).__init__()
        self.target = target.detach()
    def forward(self, input):
        self.loss = F.mse_loss(input, self.target)
        return input
class StyleLoss(nn.Module):
    def __init__(self, target_feature):
        super(StyleLoss, self).__init__()
        self.target = gram_matrix(target_feature).detach()
    def forward(self, input):
        G = gram_matrix(input)
        self.loss = F.mse_loss(G, self.target)
        return input
class Normalization(nn.Module):
    def __init__(self, mean, std):
        super(Normalization, self).__init__()
        self.mean = torch.tensor(mean).view(-1, 1, 1)
        self.std = torch.tensor(std).view(-1, 1, 1)
    def forward(self, img):
        return (img - self.mean) / self.std
cnn = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 4, 3, padding=1),
                    nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 6, 3, padding=1)).eval()
style_img = torch.rand(1, 3, 8, 8)
content_img = torch.rand(1, 3, 8, 8)
normalization = Normalization([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
content_layers = ['conv_2']
style_layers = ['conv_1', 'conv_2', 'conv_3']
content_losses, style_losses = [], []
model = nn.Sequential(normalization)
i = 0
for layer in cnn.children():
    if isinstance(layer, nn.Conv2d):
        i += 1
        name = 'conv_{}'.format(i)
    elif isinstance(layer, nn.ReLU):
        name = 'relu_{}'.format(i)
        layer = nn.ReLU(inplace=False)
    elif isinstance(layer, nn.MaxPool2d):
        name = 'pool_{}'.format(i)
    model.add_module(name, layer)
    if name in content_layers:
        target = model(content_img).detach()
        content_loss = ContentLoss(target)
        model.add_module("content_loss_{}".format(i), content_loss)
        content_losses.append(content_loss)
    if name in style_layers:
        target_feature = model(style_img).detach()
        style_loss = StyleLoss(target_feature)
        model.add_module("style_loss_{}".format(i), style_loss)
        style_losses.append(style_loss)
for i in range(len(model) - 1, -1, -1):
    if isinstance(model[i], ContentLoss) or isinstance(model[i], StyleLoss):
        break
model = model[:(i + 1)]
print(model)
input_img = content_img.clone()
input_img.requires_grad_(True)
model.eval()
model.requires_grad_(False)
optimizer = torch.optim.LBFGS([input_img], max_iter=8)
run = [0]
while run[0] <= 12:
    def closure():
        with torch.no_grad():
            input_img.clamp_(0, 1)
        optimizer.zero_grad()
        model(input_img)
        style_score = 0
        content_score = 0
        for sl in style_losses:
            style_score += sl.loss
        for cl in content_losses:
            content_score += cl.loss
        style_score *= 1000
        content_score *= 1
        loss = style_score + content_score
        loss.backward()
        run[0] += 1
        if run[0] % 5 == 0:
            print("run {}:".format(run), 'Style Loss : {:4f} Content Loss: {:4f}'.format(
                style_score.item(), content_score.item()))
        return style_score + content_score
    optimizer.step(closure)
with torch.no_grad():
    input_img.clamp_(0, 1)
print(input_img[0, 0, 0])
state = optimizer.state_dict()['state'][0]
print(state['func_evals'], state['n_iter'])
"""),
    # pytorch.org DCGAN: generator of ConvTranspose2d, discriminator, weights_init by
    # class name, one epoch of the two-player updates; then the generator built lazily.
    _case("cnn_dcgan", """
from torch import nn
import torch.optim as optim
torch.manual_seed(999)
nz, ngf, ndf, nc = 8, 4, 4, 1
def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)
class Generator(nn.Module):
    def __init__(self):
        super(Generator, self).__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 4, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, nc, 4, 2, 1, bias=False),
            nn.Tanh())
    def forward(self, input):
        return self.main(input)
class Discriminator(nn.Module):
    def __init__(self):
        super(Discriminator, self).__init__()
        self.main = nn.Sequential(
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 2, 1, 4, 1, 0, bias=False),
            nn.Sigmoid())
    def forward(self, input):
        return self.main(input)
netG = Generator()
netG.apply(weights_init)
print(netG)
netD = Discriminator()
netD.apply(weights_init)
print(netD)
criterion = nn.BCELoss()
fixed_noise = torch.randn(4, nz, 1, 1)
real_label, fake_label = 1., 0.
optimizerD = optim.Adam(netD.parameters(), lr=0.0002, betas=(0.5, 0.999))
optimizerG = optim.Adam(netG.parameters(), lr=0.0002, betas=(0.5, 0.999))
data = torch.rand(6, 1, 16, 16) * 2 - 1
dataloader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(data), batch_size=3,
                                         shuffle=True)
for epoch in range(2):
    for i, batch in enumerate(dataloader, 0):
        netD.zero_grad()
        real_cpu = batch[0]
        b_size = real_cpu.size(0)
        label = torch.full((b_size,), real_label, dtype=torch.float)
        output = netD(real_cpu).view(-1)
        errD_real = criterion(output, label)
        errD_real.backward()
        D_x = output.mean().item()
        noise = torch.randn(b_size, nz, 1, 1)
        fake = netG(noise)
        label.fill_(fake_label)
        output = netD(fake.detach()).view(-1)
        errD_fake = criterion(output, label)
        errD_fake.backward()
        D_G_z1 = output.mean().item()
        errD = errD_real + errD_fake
        optimizerD.step()
        netG.zero_grad()
        label.fill_(real_label)
        output = netD(fake).view(-1)
        errG = criterion(output, label)
        errG.backward()
        D_G_z2 = output.mean().item()
        optimizerG.step()
        print('[%d/%d][%d/%d]\\tLoss_D: %.4f\\tLoss_G: %.4f\\tD(x): %.4f\\tD(G(z)): %.4f / %.4f'
              % (epoch, 2, i, len(dataloader), errD.item(), errG.item(), D_x, D_G_z1, D_G_z2))
with torch.no_grad():
    fake = netG(fixed_noise).detach().cpu()
print(fake.shape, fake[0, 0, :2])
lazy = nn.Sequential(nn.LazyConvTranspose2d(6, 4, 1, 0, bias=False), nn.LazyBatchNorm2d(),
                     nn.ReLU(True),
                     nn.LazyConvTranspose2d(1, 4, 2, 1))
print(lazy)
print(lazy(fixed_noise).shape)
print(lazy)
try:
    nn.LazyConvTranspose2d(2, 3)(torch.randn(8, 8))
except RuntimeError as e:
    print(e)
result = fake[1, 0]
"""),
    # depthwise-separable convolutions, a squeeze-and-excitation block, ChannelShuffle
    # and the other normalisations of CNN feature maps.
    _case("cnn_mobilenet_se_block", """
class SE(nn.Module):
    def __init__(self, c, r=4):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Sequential(nn.Linear(c, c // r, bias=False), nn.ReLU(inplace=True),
                                nn.Linear(c // r, c, bias=False), nn.Sigmoid())
    def forward(self, x):
        b, c, _, _ = x.size()
        y = self.pool(x).view(b, c)
        y = self.fc(y).view(b, c, 1, 1)
        return x * y.expand_as(x)
def dw_sep(cin, cout, stride):
    return nn.Sequential(
        nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False), nn.BatchNorm2d(cin),
        nn.ReLU6(inplace=True),
        nn.Conv2d(cin, cout, 1, 1, 0, bias=False), nn.BatchNorm2d(cout), nn.Hardswish(inplace=True))
torch.manual_seed(0)
net = nn.Sequential(dw_sep(4, 8, 2), SE(8), nn.ChannelShuffle(2), nn.GroupNorm(2, 8),
                    nn.InstanceNorm2d(8, affine=True), nn.LocalResponseNorm(3),
                    nn.LayerNorm([8, 3, 3]))
x = torch.randn(2, 4, 6, 6)
y = net(x)
print(net)
print(y.shape, y[0, 0])
y.sum().backward()
# (mathematically zero: the sum of a layer-normalised output does not move with the
# weights before it; torch's and ember's last bits of that zero differ, so only its size
# is shown)
print(net[0][0].weight.grad.abs().max() < 1e-5, net[1].fc[0].weight.grad.abs().max() < 1e-5)
print(net[6].weight.grad.shape, net[3].weight.grad.abs().max() < 1e-5,
      net[4].bias.grad.abs().max() < 1e-5)
"""),
    # MaxPool2d with indices and ceil_mode, MaxUnpool2d, AvgPool2d's divisor, dilation,
    # padding modes, and power-average pooling (LPPool1d/2d).
    _case("cnn_pooling_indices_ceil_lp", """
torch.manual_seed(0)
x = torch.randn(1, 1, 5, 5)
pool = nn.MaxPool2d(2, stride=2, return_indices=True, ceil_mode=True)
unpool = nn.MaxUnpool2d(2, stride=2)
out, idx = pool(x)
print(out, idx)
print(unpool(out, idx, output_size=x.size()))
print(nn.AvgPool2d(2, ceil_mode=True)(x), nn.AvgPool2d(3, stride=2, divisor_override=2)(x))
print(nn.MaxPool2d(3, stride=1, dilation=2)(x), pool)
print(F.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True).shape)
print(nn.MaxPool1d(2, return_indices=True)(torch.arange(6.).view(1, 1, 6)))
c = nn.Conv2d(1, 1, 3, padding=1, padding_mode='circular', bias=False)
print(c(x).shape, nn.Conv2d(1, 1, 3, padding=2, padding_mode='replicate')(x).shape)
print(nn.Conv2d(1, 1, 4, padding='same')(x).shape)

x = torch.randn(1, 2, 5, 5, requires_grad=True)
for m in (nn.LPPool2d(2, 3, stride=2), nn.LPPool2d(1.5, (2, 3)), nn.LPPool2d(float('inf'), 2),
          nn.LPPool2d(3, 2, ceil_mode=True)):
    y = m(x)
    print(m, y.shape, y.grad_fn.name())
    print(y[0, 0])
    y.sum().backward()
    print(x.grad[0, 0, 0])
    x.grad = None
x1 = torch.randn(2, 3, 7)
print(nn.LPPool1d(2, 3)(x1), F.lp_pool1d(x1, 3, 2, stride=1)[0, 0],
      F.lp_pool2d(x, 2, 2, stride=1)[0, 1, 0])
print(nn.LPPool1d(norm_type=2, kernel_size=3, stride=2))
"""),
    # a 3-d convolution over a short clip, its transpose and BatchNorm3d.
    _case("cnn_conv3d_small", """
torch.manual_seed(0)
c = nn.Conv3d(2, 3, kernel_size=(2, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1))
x = torch.randn(1, 2, 4, 6, 6)
y = c(x)
print(c, y.shape, y[0, 0, 0])
y.pow(2).mean().backward()
print(c.bias.grad)
ct = nn.ConvTranspose3d(3, 2, 2, stride=2)
print(ct(y).shape)
bn = nn.BatchNorm3d(3)
print(bn(y).shape, bn.running_mean)
"""),
    # folding an eval-mode BatchNorm into the convolution or linear layer before it.
    _case("cnn_fuse_conv_bn", """
from torch import nn
from torch.nn.utils import fuse_conv_bn_eval, fuse_linear_bn_eval
from torch.nn.utils.fusion import fuse_conv_bn_weights
torch.manual_seed(0)
conv = nn.Conv2d(3, 4, 3, bias=False)
bn = nn.BatchNorm2d(4)
x = torch.randn(2, 3, 6, 6)
bn(conv(x))
conv.eval(); bn.eval()
fused = fuse_conv_bn_eval(conv, bn)
print(fused, fused.bias, fused.weight[0, 0])
print(torch.allclose(fused(x), bn(conv(x)), atol=1e-6), (fused(x) - bn(conv(x))).abs().max() < 1e-5)
print(type(fused.weight).__name__, fused.weight.requires_grad, fused.bias.requires_grad)
lin = nn.Linear(5, 3); bn1 = nn.BatchNorm1d(3)
bn1(lin(torch.randn(4, 5))); lin.eval(); bn1.eval()
fl = fuse_linear_bn_eval(lin, bn1)
print(fl.weight, fl.bias)
ct, bn2 = nn.ConvTranspose2d(4, 2, 2), nn.BatchNorm2d(2)
bn2(ct(torch.randn(1, 4, 3, 3)))
ct.eval(); bn2.eval()
print(fuse_conv_bn_eval(ct, bn2, transpose=True).bias)
try:
    fuse_conv_bn_eval(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4))
except AssertionError as e:
    print('AssertionError', e)
w, b = fuse_conv_bn_weights(conv.weight, None, bn.running_mean, bn.running_var, 1e-5, None, None)
print(b)
"""),
    # a user-written Optimizer subclass with state and a closure, a custom
    # LRScheduler subclass, the optimizers' argument errors, and step hooks.
    _case("optim_custom_optimizer_and_scheduler", """
class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr=0.01, momentum=0.0):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        defaults = dict(lr=lr, momentum=momentum)
        super().__init__(params, defaults)
    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group['params']:
                if p.grad is None:
                    continue
                state = self.state[p]
                if 'buf' not in state:
                    state['buf'] = torch.clone(p.grad).detach()
                else:
                    state['buf'].mul_(group['momentum']).add_(p.grad)
                p.add_(state['buf'], alpha=-group['lr'])
        return loss
torch.manual_seed(0)
m = nn.Linear(3, 1)
opt = MySGD(m.parameters(), lr=0.1, momentum=0.5)
print(opt)
X, y = torch.randn(5, 3), torch.randn(5, 1)
for _ in range(3):
    def closure():
        opt.zero_grad()
        l = F.mse_loss(m(X), y)
        l.backward()
        return l
    print(opt.step(closure))
print(opt.state_dict())
from torch.optim.lr_scheduler import LRScheduler
class Warmup(LRScheduler):
    def __init__(self, optimizer, warmup, last_epoch=-1):
        self.warmup = warmup
        super().__init__(optimizer, last_epoch)
    def get_lr(self):
        return [base_lr * min(1.0, (self.last_epoch + 1) / self.warmup)
                for base_lr in self.base_lrs]
s = Warmup(opt, 4)
lrs = []
for _ in range(6):
    opt.step(); s.step(); lrs.append(s.get_last_lr()[0])
print(lrs, s.state_dict())
try:
    MySGD(m.parameters(), lr=-1)
except ValueError as e:
    print(e)
try:
    torch.optim.SGD(m.parameters(), lr=-0.1)
except ValueError as e:
    print(e)
try:
    torch.optim.Adam(m.parameters(), betas=(1.0, 0.9))
except ValueError as e:
    print(e)
try:
    torch.optim.SGD([], lr=0.1)
except ValueError as e:
    print(e)
try:
    torch.optim.SGD(m.weight, lr=0.1)
except TypeError as e:
    print(e)
h = opt.register_step_pre_hook(lambda o, a, k: print('pre', type(o).__name__))
opt.register_step_post_hook(lambda o, a, k: print('post'))
opt.step()
h.remove()
opt.step()
"""),
    # Rprop, ASGD, NAdam, RAdam, Adamax and SGD with dampening on a small regression.
    _case("optim_other_optimizers", """
torch.manual_seed(0)
X, y = torch.randn(8, 3), torch.randn(8, 1)
for cls, kw in [(torch.optim.Rprop, {}), (torch.optim.ASGD, {'lr': 0.05}),
                (torch.optim.NAdam, {'lr': 0.01}), (torch.optim.RAdam, {'lr': 0.01}),
                (torch.optim.Adamax, {'lr': 0.01}),
                (torch.optim.RAdam, {'lr': 0.01, 'decoupled_weight_decay': True,
                                     'weight_decay': 0.1}),
                (torch.optim.NAdam, {'lr': 0.01, 'momentum_decay': 0.004}),
                (torch.optim.SGD, {'lr': 0.1, 'dampening': 0.5, 'momentum': 0.9})]:
    torch.manual_seed(1)
    m = nn.Linear(3, 1)
    o = cls(m.parameters(), **kw)
    for _ in range(6):
        o.zero_grad()
        l = F.mse_loss(m(X), y)
        l.backward()
        o.step()
    print(cls.__name__, f'{l.item():.6f}', m.weight.data, sorted(o.state[m.weight]))
print(o)
"""),
    # gradient accumulation over micro-batches with clip_grad_norm_, clip_grad_value_,
    # and parameters_to_vector.
    _case("optim_clip_and_accumulate", """
torch.manual_seed(0)
m = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(8, 2))
opt = torch.optim.SGD(m.parameters(), lr=0.1)
X, y = torch.randn(6, 1, 4, 4), torch.tensor([0, 1, 0, 1, 1, 0])
accum = 3
for i, (xb, yb) in enumerate(zip(X.split(2), y.split(2))):
    loss = F.cross_entropy(m(xb), yb) / accum
    loss.backward()
    if (i + 1) % accum == 0:
        n = nn.utils.clip_grad_norm_(m.parameters(), max_norm=0.5)
        print(n)
        opt.step(); opt.zero_grad()
print(m[0].bias)
for p in m.parameters():
    p.grad = torch.ones_like(p) * 3
print(nn.utils.clip_grad_value_(m.parameters(), clip_value=1.0), m[2].bias.grad)
print(nn.utils.clip_grad_norm_(m.parameters(), 1.0, norm_type=float('inf')))
print(nn.utils.get_total_norm([p.grad for p in m.parameters()]))
v = nn.utils.parameters_to_vector(m.parameters())
print(v.shape)
nn.utils.vector_to_parameters(v * 0, m.parameters())
print(m[0].bias)
"""),
    # torch.optim.swa_utils as its documentation uses it: SWA with SWALR after a cosine
    # schedule, update_bn, and an EMA model of parameters and buffers.
    _case("optim_swa_ema", """
from torch.optim.swa_utils import AveragedModel, SWALR, update_bn, get_ema_multi_avg_fn
from torch.optim.lr_scheduler import CosineAnnealingLR
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(),
                      nn.Linear(4 * 4 * 4, 3))
X, y = torch.randn(12, 1, 6, 6), torch.randint(0, 3, (12,))
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=4,
                                     shuffle=True)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
swa_model = AveragedModel(model)
ema_model = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9), use_buffers=True)
scheduler = CosineAnnealingLR(optimizer, T_max=6)
swa_start = 3
swa_scheduler = SWALR(optimizer, swa_lr=0.05, anneal_epochs=2, anneal_strategy='linear')
print(optimizer.param_groups[0]['swa_lr'], swa_model.n_averaged)
for epoch in range(6):
    for xb, yb in loader:
        optimizer.zero_grad()
        F.cross_entropy(model(xb), yb).backward()
        optimizer.step()
        ema_model.update_parameters(model)
    if epoch > swa_start:
        swa_model.update_parameters(model)
        swa_scheduler.step()
    else:
        scheduler.step()
    print(epoch, round(optimizer.param_groups[0]['lr'], 6), swa_model.n_averaged.item())
update_bn(loader, swa_model)
bn, ema_bn = swa_model.module[1], ema_model.module[1]
print(bn.running_mean, bn.momentum, bn.num_batches_tracked)
print(ema_bn.running_mean, ema_bn.num_batches_tracked, ema_model.n_averaged)
print(swa_model.module[4].bias, ema_model.module[4].bias)
print(swa_model)
print(list(swa_model.state_dict())[:3], swa_model.training)
with torch.no_grad():
    print(swa_model(X[:2]), ema_model(X[:2]))
sd = swa_scheduler.state_dict()
print(sorted(sd))
print(sd['anneal_epochs'], sd['_anneal_strategy'], sd['last_epoch'], sd['_step_count'])
from torch.optim.swa_utils import get_ema_avg_fn, get_swa_avg_fn
m2 = AveragedModel(model, avg_fn=get_ema_avg_fn(0.5))
m2.update_parameters(model); m2.update_parameters(model)
print(m2.n_averaged, m2.module[4].bias)
try:
    AveragedModel(model, avg_fn=get_swa_avg_fn(), multi_avg_fn=get_ema_multi_avg_fn())
except AssertionError as e:
    print('AssertionError', e)
try:
    get_ema_multi_avg_fn(1.5)
except ValueError as e:
    print(e)
try:
    SWALR(optimizer, swa_lr=0.05, anneal_strategy='exp')
except ValueError as e:
    print(e)
opt = torch.optim.SGD(model.parameters(), lr=1.0)
s = SWALR(opt, swa_lr=0.1, anneal_epochs=3)
lrs = [opt.param_groups[0]['lr']]
for _ in range(5):
    opt.step(); s.step(); lrs.append(round(opt.param_groups[0]['lr'], 6))
print(lrs)
opt = torch.optim.SGD(model.parameters(), lr=1.0)
s = SWALR(opt, swa_lr=0.1, anneal_epochs=0)
print(opt.param_groups[0]['lr'])
"""),
    # class-balanced sampling: weights from bincount, WeightedRandomSampler in a
    # DataLoader, Dataset.__add__.
    _case("data_weighted_sampler_imbalance", """
from torch.utils import data
torch.manual_seed(0)
labels = torch.tensor([0, 0, 0, 0, 0, 0, 1, 1, 2, 0])
class_counts = torch.bincount(labels)
weights = 1.0 / class_counts.float()
sample_weights = weights[labels]
print(class_counts, sample_weights)
sampler = data.WeightedRandomSampler(sample_weights, num_samples=len(sample_weights),
                                     replacement=True)
ds = data.TensorDataset(torch.arange(10), labels)
loader = data.DataLoader(ds, batch_size=5, sampler=sampler)
for xb, yb in loader:
    print(xb, yb)
print(len(loader), len(sampler))
print(list(data.WeightedRandomSampler([0.2, 0.3, 0.5], 2, replacement=False)))
both = ds + ds
print(type(both).__name__, len(both))
try:
    data.WeightedRandomSampler([0.5, 0.5], 3, replacement=False)
except RuntimeError as e:
    print(e)
"""),
    # the reproducibility recipe: worker processes seeded through worker_init_fn and a
    # generator, get_worker_info in the workers, and the main process's stream after.
    _case("data_workers_seeding", """
import random, numpy as np
from torch.utils import data
def seed_worker(worker_id):
    worker_seed = torch.initial_seed() % 2**32
    np.random.seed(worker_seed)
    random.seed(worker_seed)
class DS(data.Dataset):
    def __len__(self): return 8
    def __getitem__(self, i):
        info = data.get_worker_info()
        return (i, torch.rand(1).item() < 2, np.random.randint(100),
                torch.initial_seed() % 1000, info.id if info else -1)
torch.manual_seed(3)
g = torch.Generator()
g.manual_seed(0)
loader = data.DataLoader(DS(), batch_size=2, num_workers=2, worker_init_fn=seed_worker,
                         generator=g, shuffle=True)
for b in loader:
    print(b)
print(g.initial_seed(), torch.rand(1))
loader = data.DataLoader(DS(), batch_size=3, num_workers=2)
print([b[0].tolist() for b in loader], [b[4].tolist() for b in loader])
"""),
    # d2l 14.4: anchor boxes, IoU, labelling anchors with offsets and non-maximum
    # suppression, written with NumPy's `axis=` as the book writes them (torch's parser
    # takes axis/keepdims for dim/keepdim in its native functions).
    _case("cnn_anchor_boxes", """def multibox_prior(data, sizes, ratios):
    in_height, in_width = data.shape[-2:]
    device, num_sizes, num_ratios = data.device, len(sizes), len(ratios)
    boxes_per_pixel = (num_sizes + num_ratios - 1)
    size_tensor = torch.tensor(sizes, device=device)
    ratio_tensor = torch.tensor(ratios, device=device)
    offset_h, offset_w = 0.5, 0.5
    steps_h = 1.0 / in_height
    steps_w = 1.0 / in_width
    center_h = (torch.arange(in_height, device=device) + offset_h) * steps_h
    center_w = (torch.arange(in_width, device=device) + offset_w) * steps_w
    shift_y, shift_x = torch.meshgrid(center_h, center_w, indexing='ij')
    shift_y, shift_x = shift_y.reshape(-1), shift_x.reshape(-1)
    w = torch.cat((size_tensor * torch.sqrt(ratio_tensor[0]),
                   sizes[0] * torch.sqrt(ratio_tensor[1:])))\\
                   * in_height / in_width
    h = torch.cat((size_tensor / torch.sqrt(ratio_tensor[0]),
                   sizes[0] / torch.sqrt(ratio_tensor[1:])))
    anchor_manipulations = torch.stack((-w, -h, w, h)).T.repeat(
                                        in_height * in_width, 1) / 2
    out_grid = torch.stack([shift_x, shift_y, shift_x, shift_y],
                dim=1).repeat_interleave(boxes_per_pixel, dim=0)
    output = out_grid + anchor_manipulations
    return output.unsqueeze(0)

img = torch.zeros(3, 6, 8)
h, w = img.shape[1:]
X = torch.rand(size=(1, 3, h, w))
Y = multibox_prior(X, sizes=[0.75, 0.5, 0.25], ratios=[1, 2, 0.5])
print(Y.shape)
boxes = Y.reshape(h, w, 5, 4)
print(boxes[2, 3, 0, :])

def box_area(boxes):
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
def box_iou(boxes1, boxes2):
    areas1 = box_area(boxes1)
    areas2 = box_area(boxes2)
    inter_upperlefts = torch.max(boxes1[:, None, :2], boxes2[:, :2])
    inter_lowerrights = torch.min(boxes1[:, None, 2:], boxes2[:, 2:])
    inters = (inter_lowerrights - inter_upperlefts).clamp(min=0)
    inter_areas = inters[:, :, 0] * inters[:, :, 1]
    union_areas = areas1[:, None] + areas2 - inter_areas
    return inter_areas / union_areas

def assign_anchor_to_bbox(ground_truth, anchors, device, iou_threshold=0.5):
    num_anchors, num_gt_boxes = anchors.shape[0], ground_truth.shape[0]
    jaccard = box_iou(anchors, ground_truth)
    anchors_bbox_map = torch.full((num_anchors,), -1, dtype=torch.long, device=device)
    max_ious, indices = torch.max(jaccard, dim=1)
    anc_i = torch.nonzero(max_ious >= iou_threshold).reshape(-1)
    box_j = indices[max_ious >= iou_threshold]
    anchors_bbox_map[anc_i] = box_j
    col_discard = torch.full((num_anchors,), -1)
    row_discard = torch.full((num_gt_boxes,), -1)
    for _ in range(num_gt_boxes):
        max_idx = torch.argmax(jaccard)
        box_idx = (max_idx % num_gt_boxes).long()
        anc_idx = (max_idx / num_gt_boxes).long()
        anchors_bbox_map[anc_idx] = box_idx
        jaccard[:, box_idx] = col_discard
        jaccard[anc_idx, :] = row_discard
    return anchors_bbox_map

def box_corner_to_center(boxes):
    x1, y1, x2, y2 = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    cx = (x1 + x2) / 2
    cy = (y1 + y2) / 2
    w = x2 - x1
    h = y2 - y1
    return torch.stack((cx, cy, w, h), axis=-1)
def box_center_to_corner(boxes):
    cx, cy, w, h = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    x1 = cx - 0.5 * w
    y1 = cy - 0.5 * h
    x2 = cx + 0.5 * w
    y2 = cy + 0.5 * h
    return torch.stack((x1, y1, x2, y2), axis=-1)
def offset_boxes(anchors, assigned_bb, eps=1e-6):
    c_anc = box_corner_to_center(anchors)
    c_assigned_bb = box_corner_to_center(assigned_bb)
    offset_xy = 10 * (c_assigned_bb[:, :2] - c_anc[:, :2]) / c_anc[:, 2:]
    offset_wh = 5 * torch.log(eps + c_assigned_bb[:, 2:] / c_anc[:, 2:])
    offset = torch.cat([offset_xy, offset_wh], axis=1)
    return offset
def multibox_target(anchors, labels):
    batch_size, anchors = labels.shape[0], anchors.squeeze(0)
    batch_offset, batch_mask, batch_class_labels = [], [], []
    device, num_anchors = anchors.device, anchors.shape[0]
    for i in range(batch_size):
        label = labels[i, :, :]
        anchors_bbox_map = assign_anchor_to_bbox(label[:, 1:], anchors, device)
        bbox_mask = ((anchors_bbox_map >= 0).float().unsqueeze(-1)).repeat(1, 4)
        class_labels = torch.zeros(num_anchors, dtype=torch.long, device=device)
        assigned_bb = torch.zeros((num_anchors, 4), dtype=torch.float32, device=device)
        indices_true = torch.nonzero(anchors_bbox_map >= 0)
        bb_idx = anchors_bbox_map[indices_true]
        class_labels[indices_true] = label[bb_idx, 0].long() + 1
        assigned_bb[indices_true] = label[bb_idx, 1:]
        offset = offset_boxes(anchors, assigned_bb) * bbox_mask
        batch_offset.append(offset.reshape(-1))
        batch_mask.append(bbox_mask.reshape(-1))
        batch_class_labels.append(class_labels)
    bbox_offset = torch.stack(batch_offset)
    bbox_mask = torch.stack(batch_mask)
    class_labels = torch.stack(batch_class_labels)
    return (bbox_offset, bbox_mask, class_labels)

ground_truth = torch.tensor([[0, 0.1, 0.08, 0.52, 0.92], [1, 0.55, 0.2, 0.9, 0.88]])
anchors = torch.tensor([[0, 0.1, 0.2, 0.3], [0.15, 0.2, 0.4, 0.4],
                    [0.63, 0.05, 0.88, 0.98], [0.66, 0.45, 0.8, 0.8],
                    [0.57, 0.3, 0.92, 0.9]])
labels = multibox_target(anchors.unsqueeze(dim=0), ground_truth.unsqueeze(dim=0))
print(labels[2])
print(labels[1])
print(labels[0])

def offset_inverse(anchors, offset_preds):
    anc = box_corner_to_center(anchors)
    pred_bbox_xy = (offset_preds[:, :2] * anc[:, 2:] / 10) + anc[:, :2]
    pred_bbox_wh = torch.exp(offset_preds[:, 2:] / 5) * anc[:, 2:]
    pred_bbox = torch.cat((pred_bbox_xy, pred_bbox_wh), axis=1)
    predicted_bbox = box_center_to_corner(pred_bbox)
    return predicted_bbox
def nms(boxes, scores, iou_threshold):
    B = torch.argsort(scores, dim=-1, descending=True)
    keep = []
    while B.numel() > 0:
        i = B[0]
        keep.append(i)
        if B.numel() == 1: break
        iou = box_iou(boxes[i, :].reshape(-1, 4),
                      boxes[B[1:], :].reshape(-1, 4)).reshape(-1)
        inds = torch.nonzero(iou <= iou_threshold).reshape(-1)
        B = B[inds + 1]
    return torch.tensor(keep, device=boxes.device)
def multibox_detection(cls_probs, offset_preds, anchors, nms_threshold=0.5,
                       pos_threshold=0.009999999):
    device, batch_size = cls_probs.device, cls_probs.shape[0]
    anchors = anchors.squeeze(0)
    num_classes, num_anchors = cls_probs.shape[1], cls_probs.shape[2]
    out = []
    for i in range(batch_size):
        cls_prob, offset_pred = cls_probs[i], offset_preds[i].reshape(-1, 4)
        conf, class_id = torch.max(cls_prob[1:], 0)
        predicted_bb = offset_inverse(anchors, offset_pred)
        keep = nms(predicted_bb, conf, nms_threshold)
        all_idx = torch.arange(num_anchors, dtype=torch.long, device=device)
        combined = torch.cat((keep, all_idx))
        uniques, counts = combined.unique(return_counts=True)
        non_keep = uniques[counts == 1]
        all_id_sorted = torch.cat((keep, non_keep))
        class_id[non_keep] = -1
        class_id = class_id[all_id_sorted]
        conf, predicted_bb = conf[all_id_sorted], predicted_bb[all_id_sorted]
        below_min_idx = (conf < pos_threshold)
        class_id[below_min_idx] = -1
        conf[below_min_idx] = 1 - conf[below_min_idx]
        pred_info = torch.cat((class_id.unsqueeze(1),
                               conf.unsqueeze(1),
                               predicted_bb), dim=1)
        out.append(pred_info)
    return torch.stack(out)
anchors = torch.tensor([[0.1, 0.08, 0.52, 0.92], [0.08, 0.2, 0.56, 0.95],
                      [0.15, 0.3, 0.62, 0.91], [0.55, 0.2, 0.9, 0.88]])
offset_preds = torch.tensor([0] * anchors.numel())
cls_probs = torch.tensor([[0] * 4,
                      [0.9, 0.8, 0.7, 0.1],
                      [0.1, 0.2, 0.3, 0.9]])
output = multibox_detection(cls_probs.unsqueeze(dim=0),
                            offset_preds.unsqueeze(dim=0),
                            anchors.unsqueeze(dim=0),
                            nms_threshold=0.5)
print(output)
scores = torch.tensor([[0.1, 2.0, -1.0], [0.5, 0.2, 3.0]])
print(torch.stack([scores, -scores], axis=-1).shape, torch.cat((scores, scores), axis=1).shape)
print(scores.unsqueeze(axis=1).shape, torch.gather(scores, axis=1, index=torch.tensor([[1], [2]])))
print(scores.argsort(axis=1, descending=True), torch.topk(scores, 2, axis=1).indices)
print(scores.squeeze(axis=0).shape, torch.cumsum(scores, axis=1), scores.sort(axis=0).values)
"""),
    # d2l 14.7: the SSD's class and box prediction heads, down-sampling blocks and its
    # loss with masks.
    _case("cnn_ssd_heads", """def cls_predictor(num_inputs, num_anchors, num_classes):
    return nn.Conv2d(num_inputs, num_anchors * (num_classes + 1), kernel_size=3, padding=1)
def bbox_predictor(num_inputs, num_anchors):
    return nn.Conv2d(num_inputs, num_anchors * 4, kernel_size=3, padding=1)
def forward(x, block):
    return block(x)
torch.manual_seed(0)
Y1 = forward(torch.zeros((2, 8, 20, 20)), cls_predictor(8, 5, 10))
Y2 = forward(torch.zeros((2, 16, 10, 10)), cls_predictor(16, 3, 10))
print(Y1.shape, Y2.shape)
def flatten_pred(pred):
    return torch.flatten(pred.permute(0, 2, 3, 1), start_dim=1)
def concat_preds(preds):
    return torch.cat([flatten_pred(p) for p in preds], dim=1)
print(concat_preds([Y1, Y2]).shape)
def down_sample_blk(in_channels, out_channels):
    blk = []
    for _ in range(2):
        blk.append(nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1))
        blk.append(nn.BatchNorm2d(out_channels))
        blk.append(nn.ReLU())
        in_channels = out_channels
    blk.append(nn.MaxPool2d(2))
    return nn.Sequential(*blk)
print(forward(torch.zeros((2, 3, 20, 20)), down_sample_blk(3, 10)).shape)
def base_net():
    blk = []
    num_filters = [3, 4, 8]
    for i in range(len(num_filters) - 1):
        blk.append(down_sample_blk(num_filters[i], num_filters[i+1]))
    return nn.Sequential(*blk)
print(forward(torch.zeros((2, 3, 64, 64)), base_net()).shape)
cls_loss = nn.CrossEntropyLoss(reduction='none')
bbox_loss = nn.L1Loss(reduction='none')
def calc_loss(cls_preds, cls_labels, bbox_preds, bbox_labels, bbox_masks):
    batch_size, num_classes = cls_preds.shape[0], cls_preds.shape[2]
    cls = cls_loss(cls_preds.reshape(-1, num_classes),
                   cls_labels.reshape(-1)).reshape(batch_size, -1).mean(dim=1)
    bbox = bbox_loss(bbox_preds * bbox_masks,
                     bbox_labels * bbox_masks).mean(dim=1)
    return cls + bbox
def cls_eval(cls_preds, cls_labels):
    return float((cls_preds.argmax(dim=-1).type(cls_labels.dtype) == cls_labels).sum())
cls_preds = concat_preds([Y1, Y2]).reshape(2, -1, 11)
cls_labels = torch.randint(0, 11, (2, cls_preds.shape[1]))
bbox_preds = torch.randn(2, cls_preds.shape[1] * 4, requires_grad=True)
bbox_labels = torch.randn(2, cls_preds.shape[1] * 4)
bbox_masks = (torch.rand(2, cls_preds.shape[1] * 4) > 0.5).float()
l = calc_loss(cls_preds, cls_labels, bbox_preds, bbox_labels, bbox_masks)
print(l)
l.mean().backward()
print(bbox_preds.grad.abs().sum(), cls_eval(cls_preds, cls_labels))
"""),
    # d2l 8.8: ResNeXt blocks with grouped lazy convolutions and the AnyNet design space
    # (in_channels, and its check against groups, come with the first input).
    _case("cnn_resnext_anynet", """class ResNeXtBlock(nn.Module):
    def __init__(self, num_channels, groups, bot_mul, use_1x1conv=False, strides=1):
        super().__init__()
        bot_channels = int(round(num_channels * bot_mul))
        self.conv1 = nn.LazyConv2d(bot_channels, kernel_size=1, stride=1)
        self.conv2 = nn.LazyConv2d(bot_channels, kernel_size=3, stride=strides, padding=1,
                                   groups=bot_channels//groups)
        self.conv3 = nn.LazyConv2d(num_channels, kernel_size=1, stride=1)
        self.bn1 = nn.LazyBatchNorm2d()
        self.bn2 = nn.LazyBatchNorm2d()
        self.bn3 = nn.LazyBatchNorm2d()
        if use_1x1conv:
            self.conv4 = nn.LazyConv2d(num_channels, kernel_size=1, stride=strides)
            self.bn4 = nn.LazyBatchNorm2d()
        else:
            self.conv4 = None
    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = F.relu(self.bn2(self.conv2(Y)))
        Y = self.bn3(self.conv3(Y))
        if self.conv4:
            X = self.bn4(self.conv4(X))
        return F.relu(Y + X)
torch.manual_seed(0)
blk = ResNeXtBlock(32, 16, 1)
X = torch.randn(4, 32, 8, 8)
print(blk(X).shape)
blk = ResNeXtBlock(16, 8, 0.5, True, 2)
print(blk(X).shape)
print(blk)
class AnyNet(nn.Module):
    def stem(self, num_channels):
        return nn.Sequential(
            nn.LazyConv2d(num_channels, kernel_size=3, stride=2, padding=1),
            nn.LazyBatchNorm2d(), nn.ReLU())
    def stage(self, depth, num_channels, groups, bot_mul):
        blk = []
        for i in range(depth):
            if i == 0:
                blk.append(ResNeXtBlock(num_channels, groups, bot_mul, use_1x1conv=True,
                                        strides=2))
            else:
                blk.append(ResNeXtBlock(num_channels, groups, bot_mul))
        return nn.Sequential(*blk)
    def __init__(self, arch, stem_channels, num_classes=10):
        super(AnyNet, self).__init__()
        self.net = nn.Sequential(self.stem(stem_channels))
        for i, s in enumerate(arch):
            self.net.add_module(f'stage{i+1}', self.stage(*s))
        self.net.add_module('head', nn.Sequential(
            nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(),
            nn.LazyLinear(num_classes)))
    def forward(self, X):
        return self.net(X)
net = AnyNet(((1, 8, 4, 1), (1, 16, 4, 1)), 8)
X = torch.randn(2, 1, 32, 32)
for layer in net.net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape:\\t', X.shape)
print(X)
try:
    nn.LazyConv2d(4, 3, groups=3)(torch.randn(1, 4, 5, 5))
except ValueError as e:
    print(e)
c = nn.LazyConv2d(3, 3, groups=2)
try:
    c(torch.randn(1, 4, 5, 5))
except RuntimeError as e:
    print('RuntimeError', e)
print(c, c.weight.shape)
"""),
    # NumPy numbers in optimization code (a step counter from np.arange, powers from
    # np.linspace, `np.float64(1) - tensor`): torch reads them as Python numbers.
    _case("optim_numpy_numbers", """
import numpy as np
torch.manual_seed(0)
x = torch.randn(5)
for p in np.linspace(1.0, 3.0, 3):
    print(p, (x.abs() ** p).sum(), torch.pow(x.abs(), p).dtype)
eta = np.float64(0.1)
w = torch.tensor([1.0, -2.0], requires_grad=True)
for t in np.arange(1, 4):
    loss = (w ** np.float64(2)).sum()
    loss.backward()
    with torch.no_grad():
        decay = np.float64(1) - w.grad.abs() / 10
        w -= eta / np.sqrt(t) * w.grad * decay
    w.grad.zero_()
    print(t, w, decay.dtype, loss.grad_fn.name())
p = torch.sigmoid(torch.tensor([0.5, -1.0]))
print(np.float32(1) - p, np.int64(1) - p, (np.float64(1) - p).dtype)
ps = torch.tensor([1, 2, 3])
print(ps ** np.int64(2), ps ** np.float64(0.5), np.float64(10) - ps)
try:
    torch.ones(3).renorm(2, 0, 1.0)
except RuntimeError as e:
    print(e)
print(torch.ones(2, 3).renorm(2, 0, 1.0))
result = w
"""),
    # pytorch.org's pruning tutorial on LeNet: random, L1 and Ln-structured pruning of one
    # module (masks from torch's random stream), containers of methods, remove, global
    # pruning, a custom method, and the gradient reaching weight_orig through the mask.
    _case("cnn_pruning_tutorial", """import torch.nn.utils.prune as prune
class LeNet(nn.Module):
    def __init__(self):
        super(LeNet, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, int(x.nelement() / x.shape[0]))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x
torch.manual_seed(0)
model = LeNet()
module = model.conv1
print(list(module.named_parameters()))
print(list(module.named_buffers()))
prune.random_unstructured(module, name="weight", amount=0.3)
print(list(module.named_parameters()))
print(list(module.named_buffers()))
print(module.weight)
print([type(h).__name__ for h in module._forward_pre_hooks.values()])
prune.l1_unstructured(module, name="bias", amount=3)
print(list(module.named_parameters()))
print(list(module.named_buffers()))
print(module.bias)
print([type(h).__name__ for h in module._forward_pre_hooks.values()])
prune.ln_structured(module, name="weight", amount=0.5, n=2, dim=0)
print(module.weight)
for hook in module._forward_pre_hooks.values():
    if hook._tensor_name == "weight":
        break
print([type(m).__name__ for m in hook], len(hook))
print(model.state_dict().keys())
prune.remove(module, 'weight')
print(list(module.named_parameters()))
print(list(module.named_buffers()))
new_model = LeNet()
for name, module in new_model.named_modules():
    if isinstance(module, torch.nn.Conv2d):
        prune.l1_unstructured(module, name='weight', amount=0.2)
    elif isinstance(module, torch.nn.Linear):
        prune.l1_unstructured(module, name='weight', amount=0.4)
print(dict(new_model.named_buffers()).keys())
model = LeNet()
parameters_to_prune = (
    (model.conv1, 'weight'),
    (model.conv2, 'weight'),
    (model.fc1, 'weight'),
    (model.fc2, 'weight'),
    (model.fc3, 'weight'),
)
prune.global_unstructured(parameters_to_prune, pruning_method=prune.L1Unstructured,
                          amount=0.2)
for name in ('conv1', 'conv2', 'fc1', 'fc2', 'fc3'):
    w = getattr(model, name).weight
    print("Sparsity in {}.weight: {:.2f}%".format(
        name, 100. * float(torch.sum(w == 0)) / float(w.nelement())))
print(prune.is_pruned(model), prune.is_pruned(nn.Linear(2, 2)))
class FooBarPruningMethod(prune.BasePruningMethod):
    PRUNING_TYPE = 'unstructured'
    def compute_mask(self, t, default_mask):
        mask = default_mask.clone()
        mask.view(-1)[::2] = 0
        return mask
def foobar_unstructured(module, name):
    FooBarPruningMethod.apply(module, name)
    return module
model = LeNet()
foobar_unstructured(model.fc3, name='bias')
print(model.fc3.bias_mask)
x = torch.randn(2, 1, 28, 28)
out = model(x)
out.sum().backward()
print(model.fc3.bias_orig.grad, model.fc3.bias.grad_fn.name())
m = nn.Linear(4, 3)
prune.random_structured(m, 'weight', amount=1, dim=0)
print(m.weight, m.weight_mask)
prune.random_structured(m, 'weight', amount=0.5, dim=1)
print(m.weight_mask)
prune.custom_from_mask(m, 'bias', mask=torch.tensor([0, 1, 1]))
print(m.bias, m.bias_mask.dtype)
prune.identity(m, 'bias')
print(len(list(m._forward_pre_hooks.values())[-1]))
print(prune.L1Unstructured(0.5).prune(torch.tensor([1.0, -3.0, 0.5, 2.0])))
for bad in (lambda: prune.l1_unstructured(nn.Linear(2, 2), 'weight', amount=1.5),
            lambda: prune.l1_unstructured(nn.Linear(2, 2), 'weight', amount=5),
            lambda: prune.ln_structured(nn.Linear(2, 2), 'bias', amount=1, n=2, dim=0),
            lambda: prune.remove(nn.Linear(2, 2), 'weight'),
            lambda: prune.random_unstructured(nn.Linear(2, 2), 'weight', amount='a')):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, str(e)[:70])
"""),
    # the import paths tutorials and older code use (torch.utils.data._utils.collate,
    # dataloader, sampler, the private base classes), and extending default_collate for a
    # custom type through default_collate_fn_map, as torch's collate documentation shows.
    _case("data_collate_extension_and_imports", """
from torch.utils.data.dataloader import default_collate
from torch.utils.data import (DataLoader, Dataset, TensorDataset, random_split, Subset,
                              ConcatDataset)
from torch.utils.data.sampler import SubsetRandomSampler, WeightedRandomSampler, Sampler
from torch.utils.data.dataset import Dataset as D2
import torch.utils.data as data
from torch.optim.lr_scheduler import _LRScheduler, LRScheduler
from torch.optim.optimizer import Optimizer
from torch.nn.modules.batchnorm import _BatchNorm
from torch.nn.modules.conv import _ConvNd
from torch.nn.modules.loss import _Loss, _WeightedLoss
from torch.nn import init, Parameter
from torch.nn.parameter import Parameter as P2
from torch import optim, Tensor
import torch.nn.functional as F
print(default_collate([1, 2]), D2 is Dataset, P2 is Parameter)
from torch.utils.data._utils.collate import default_collate as dc2
print(dc2([torch.ones(2), torch.zeros(2)]))
print(issubclass(torch.optim.SGD, Optimizer),
      issubclass(torch.optim.lr_scheduler.StepLR, _LRScheduler))
print(isinstance(torch.nn.BatchNorm1d(2), _BatchNorm),
      isinstance(torch.nn.Conv1d(1, 1, 1), _ConvNd))
print(isinstance(torch.nn.CrossEntropyLoss(), _WeightedLoss),
      isinstance(torch.nn.MSELoss(), _Loss))

from torch.utils.data._utils.collate import collate, default_collate_fn_map, collate_tensor_fn
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
def collate_point_fn(batch, *, collate_fn_map=None):
    return torch.tensor([[p.x, p.y] for p in batch])
def my_tensor_fn(batch, *, collate_fn_map):
    return torch.cat(batch, 0)
def custom_collate(batch):
    collate_map = {torch.Tensor: my_tensor_fn}
    return collate(batch, collate_fn_map=collate_map)
print(custom_collate([torch.ones(2), torch.zeros(2)]))
default_collate_fn_map.update({Point: collate_point_fn})
print(default_collate([Point(1, 2), Point(3, 4)]))
print(next(iter(DataLoader([(Point(1, 2), 0), (Point(5, 6), 1)], batch_size=2))))
del default_collate_fn_map[Point]
try:
    default_collate([Point(1, 2)])
except TypeError as e:
    print(e)
print(collate_tensor_fn([torch.ones(2), torch.ones(2)]).shape)
"""),
    # WGAN-GP: the gradient penalty differentiates the critic's input gradient (double
    # backward through convolutions, InstanceNorm and LeakyReLU). In float64: in float32 the
    # losses differ from torch's in the 7th digit (summation order), as checked by hand.
    _case("cnn_wgan_gradient_penalty", """import torch.autograd as autograd
torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
D = nn.Sequential(nn.Conv2d(1, 4, 3, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(4, 8, 3, 2, 1),
                  nn.InstanceNorm2d(8, affine=True), nn.LeakyReLU(0.2), nn.Flatten(),
                  nn.Linear(8 * 2 * 2, 1))
G = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Unflatten(1, (1, 4, 4)),
                  nn.ConvTranspose2d(1, 1, 4, 2, 1), nn.Tanh())
opt_D = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.0, 0.9))
opt_G = torch.optim.RMSprop(G.parameters(), lr=5e-4)
def compute_gradient_penalty(D, real_samples, fake_samples):
    alpha = torch.rand((real_samples.size(0), 1, 1, 1))
    interpolates = (alpha * real_samples + ((1 - alpha) * fake_samples)).requires_grad_(True)
    d_interpolates = D(interpolates)
    fake = torch.ones(real_samples.shape[0], 1, requires_grad=False)
    gradients = autograd.grad(outputs=d_interpolates, inputs=interpolates, grad_outputs=fake,
                              create_graph=True, retain_graph=True, only_inputs=True)[0]
    gradients = gradients.view(gradients.size(0), -1)
    return ((gradients.norm(2, dim=1) - 1) ** 2).mean()
real = torch.rand(4, 1, 8, 8) * 2 - 1
for it in range(3):
    z = torch.randn(4, 4)
    fake = G(z)
    opt_D.zero_grad()
    gp = compute_gradient_penalty(D, real, fake.detach())
    d_loss = -torch.mean(D(real)) + torch.mean(D(fake.detach())) + 10 * gp
    d_loss.backward()
    opt_D.step()
    opt_G.zero_grad()
    g_loss = -torch.mean(D(G(z)))
    g_loss.backward()
    opt_G.step()
    print(it, f'{d_loss.item():.10f} {g_loss.item():.10f} {gp.item():.10f}')
print(D[0].weight.grad[0, 0], D[3].weight.grad)
for p in D.parameters():
    p.data.clamp_(-0.01, 0.01)
print(D[0].weight[0, 0])
"""),
]
