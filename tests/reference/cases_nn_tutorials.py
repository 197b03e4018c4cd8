"""User code from the tutorials people learn PyTorch from, run as written: the d2l.ai
chapters on linear and softmax regression, MLPs and the builders' guide (parameter access,
initialisation with `apply`, tied layers, lazy initialisation, custom layers, state_dict
round trips), and pytorch.org's "Learn the basics" (building the network, the optimisation
loop, autograd). Weights are set deterministically (`copy_` under no_grad) so the printed
values compare; ids start with ``nn_tutorial_``.
"""

from __future__ import annotations

_PRELUDE = """
nn = torch.nn
F = torch.nn.functional
def det(module, scale=0.1):
    with torch.no_grad():
        for i, p in enumerate(module.parameters()):
            p.copy_(scale * torch.cos(torch.arange(p.numel(), dtype=p.dtype) * 0.7 + i)
                    .reshape(p.shape))
    return module
"""


def _case(name: str, body: str) -> tuple[str, str]:
    return f"nn_tutorial_{name}", _PRELUDE + body


CASES = [
    # d2l 3.5: the concise linear regression initialises a LazyLinear through `.data`
    # before its first call; torch's placeholder data is an empty tensor, so it is a no-op.
    _case("lazy_data_before_first_call", """
net = nn.LazyLinear(1)
print(net.weight.data.normal_(0, 0.01), net.bias.data.fill_(0))
print(net.weight.data.shape, net.weight.data.dtype, net.weight.data.requires_grad)
print(net.weight.size(), net.weight.size(0), net)
print(nn.LazyLinear(2, dtype=torch.float64).weight.data.dtype)
net(torch.ones(2, 3))
print(net, net.weight.shape, net.bias.shape)
"""),
    # d2l 5.1 plots ReLU's and sigmoid's derivatives over arange(-8, 8, 0.1): torch's arange
    # puts 4.4e-16 (not 0) at index 80, so ReLU's gradient there is 1.
    _case("activation_derivatives", """
x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
print(x[78:83].tolist())
y = torch.relu(x)
y.backward(torch.ones_like(x), retain_graph=True)
print(x.grad[75:85])
y = torch.sigmoid(x)
x.grad.data.zero_()
y.backward(torch.ones_like(x), retain_graph=True)
print(x.grad[75:85])
print(torch.arange(0, 1, 0.1).tolist())
print(torch.arange(-1.0, 1.0, 0.3, dtype=torch.float64).tolist())
print(torch.arange(0.5, 40.0, 0.7, dtype=torch.float16).tolist())
print(torch.arange(-3.2, 30.0, 0.37).tolist())
"""),
    # pytorch.org, Learn the basics: "Build the neural network".
    _case("build_the_network", """
device = "cpu"
class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28*28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )
    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits
model = det(NeuralNetwork().to(device), 0.01)
print(model)
X = torch.sin(torch.arange(28*28.)).reshape(1, 28, 28)
logits = model(X)
pred_probab = nn.Softmax(dim=1)(logits)
y_pred = pred_probab.argmax(1)
print(f"Predicted class: {y_pred}")
print(logits)
print(pred_probab)
input_image = (torch.arange(3*28*28.) % 5 - 2).reshape(3, 28, 28)
print(input_image.size())
flatten = nn.Flatten()
flat_image = flatten(input_image)
print(flat_image.size())
layer1 = nn.Linear(in_features=28*28, out_features=20)
with torch.no_grad():
    # multiples of 1/64 times small integers: every matmul sum is exact, whatever the BLAS
    layer1.weight.copy_(((torch.arange(20*784.) % 7 - 3) / 64).reshape(20, 784))
    layer1.bias.fill_(0.1)
hidden1 = layer1(flat_image)
print(hidden1.size())
print(f"Before ReLU: {hidden1}\\n\\n")
hidden1 = nn.ReLU()(hidden1)
print(f"After ReLU: {hidden1}")
seq_modules = nn.Sequential(flatten, layer1, nn.ReLU(), det(nn.Linear(20, 10)))
logits = seq_modules(input_image)
softmax = nn.Softmax(dim=1)
pred_probab = softmax(logits)
print(pred_probab.shape, ((pred_probab.sum(1) - 1).abs() < 1e-6).all())
print(pred_probab)
print(f"Model structure: {model}\\n\\n")
for name, param in model.named_parameters():
    print(f"Layer: {name} | Size: {param.size()} | Values : {param[:2]} \\n")
"""),
    # pytorch.org, Learn the basics: "Optimizing model parameters" (SGD written by hand).
    _case("optimization_loop", """
class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(4*4, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 10))
    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))
model = det(NeuralNetwork())
learning_rate, batch_size = 1e-1, 4
loss_fn = nn.CrossEntropyLoss()
X = torch.sin(torch.arange(8*16.) * 0.37).reshape(8, 1, 4, 4)
Y = torch.arange(8) % 10
def train_loop(model, loss_fn):
    size = len(X)
    model.train()
    for batch in range(2):
        Xb, yb = X[batch*4:(batch+1)*4], Y[batch*4:(batch+1)*4]
        loss = loss_fn(model(Xb), yb)
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= learning_rate * p.grad
        model.zero_grad()
        loss, current = loss.item(), batch * batch_size + len(Xb)
        print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")
def test_loop(model, loss_fn):
    model.eval()
    test_loss, correct = 0, 0
    with torch.no_grad():
        pred = model(X)
        test_loss += loss_fn(pred, Y).item()
        correct += (pred.argmax(1) == Y).type(torch.float).sum().item()
    correct /= len(X)
    print(f"Test Error: \\n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \\n")
for t in range(2):
    print(f"Epoch {t+1}\\n-------------------------------")
    train_loop(model, loss_fn)
    test_loop(model, loss_fn)
print([p.grad for p in model.parameters()][:2])
print(sum(p.numel() for p in model.parameters() if p.requires_grad))
for name, module in model.named_modules():
    print(repr(name), type(module).__name__)
x, y = torch.ones(5), torch.zeros(3)
w = torch.cos(torch.arange(15.)).reshape(5, 3).requires_grad_()
b = torch.tensor([0.1, -0.2, 0.3], requires_grad=True)
z = torch.matmul(x, w) + b
loss = F.binary_cross_entropy_with_logits(z, y)
loss.backward()
print(w.grad, b.grad, loss, z.detach().requires_grad)
"""),
    # d2l 6.2: parameter access, built-in and custom initialisation, tied parameters.
    _case("parameter_access", """
net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1))
X = torch.rand(size=(2, 4))
print(net(X).shape)
det(net)
print(net[2].state_dict())
print(type(net[2].bias).__name__, net[2].bias.data)
print(net[2].weight.grad == None)
print([(name, param.shape) for name, param in net.named_parameters()])
print(net[2].bias, net.state_dict()['2.bias'].data)
def init_normal(module):
    if type(module) == nn.Linear:
        nn.init.normal_(module.weight, mean=0, std=0.01)
        nn.init.zeros_(module.bias)
net.apply(init_normal)
print(net[0].weight.shape, net[0].bias.data[0])
def init_constant(module):
    if type(module) == nn.Linear:
        nn.init.constant_(module.weight, 1)
        nn.init.zeros_(module.bias)
net.apply(init_constant)
print(net[0].weight.data[0], net[0].bias.data[0])
def init_42(module):
    if type(module) == nn.Linear:
        nn.init.constant_(module.weight, 42)
net[0].apply(lambda m: nn.init.xavier_uniform_(m.weight) if type(m) == nn.Linear else None)
net[2].apply(init_42)
print(net[2].weight.data)
def my_init(module):
    if type(module) == nn.Linear:
        print("Init", *[(name, param.shape) for name, param in module.named_parameters()][0])
        nn.init.uniform_(module.weight, -10, 10)
        module.weight.data *= module.weight.data.abs() >= 5
net.apply(my_init)
net[0].weight.data[:] = 1
net[0].weight.data[:] += 1
net[0].weight.data[0, 0] = 42
print(net[0].weight.data[0])
shared = nn.LazyLinear(8)
net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(),
                    nn.LazyLinear(1))
net(X)
print(net[2].weight.data[0] == net[4].weight.data[0])
net[2].weight.data[0, 0] = 100
print(net[2].weight.data[0] == net[4].weight.data[0])
print(net, len(list(net.parameters())), len(net.state_dict()))
det(net)(torch.ones(3, 4)).sum().backward()
print(shared.weight.grad)
"""),
    # d2l 6.1, 6.4, 6.5, 6.6: custom modules, lazy initialisation, custom layers, and
    # saving/loading parameters (through a state_dict kept in memory).
    _case("custom_modules", """
X = torch.sin(torch.arange(40.)).reshape(2, 20)
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.LazyLinear(256)
        self.output = nn.LazyLinear(10)
    def forward(self, X):
        return self.output(F.relu(self.hidden(X)))
net = MLP()
print(net)
print(net(X).shape, net)
class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            self.add_module(str(idx), module)
    def forward(self, X):
        for module in self.children():
            X = module(X)
        return X
net = MySequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))
print(net(X).shape, net)
class FixedHiddenMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.rand_weight = torch.cos(torch.arange(400.)).reshape(20, 20)
        self.linear = nn.LazyLinear(20)
    def forward(self, X):
        X = self.linear(X)
        X = F.relu(X @ self.rand_weight + 1)
        X = self.linear(X)
        while X.abs().sum() > 1:
            X /= 2
        return X.sum()
net = FixedHiddenMLP()
net(X)
print(det(net)(X))
class NestMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.LazyLinear(64), nn.ReLU(), nn.LazyLinear(32), nn.ReLU())
        self.linear = nn.LazyLinear(16)
    def forward(self, X):
        return self.linear(self.net(X))
chimera = nn.Sequential(NestMLP(), nn.LazyLinear(20), FixedHiddenMLP())
chimera(X)
print(chimera)
net = nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))
print(net[0].weight, net)
net(X)
print(net[0].weight.shape, net)
class CenteredLayer(nn.Module):
    def forward(self, X):
        return X - X.mean()
print(CenteredLayer()(torch.tensor([1.0, 2, 3, 4, 5])))
class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.randn(units,))
    def forward(self, X):
        linear = torch.matmul(X, self.weight.data) + self.bias.data
        return F.relu(linear)
linear = det(MyLinear(5, 3))
print(linear.weight, linear)
print(linear(torch.sin(torch.arange(10.)).reshape(2, 5)))
net = det(nn.Sequential(MyLinear(64, 8), MyLinear(8, 1)))
print(net(torch.cos(torch.arange(128.)).reshape(2, 64)), net)
class MLP2(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.LazyLinear(256)
        self.output = nn.LazyLinear(10)
    def forward(self, x):
        return self.output(F.relu(self.hidden(x)))
net = MLP2()
net(X)
Y = det(net)(X)
saved = {k: v.clone() for k, v in net.state_dict().items()}
clone = MLP2()
print(clone.load_state_dict(saved), clone)
print(clone(X) == Y)
print(list(net.state_dict().keys()), net.state_dict()['hidden.bias'].shape)
"""),
    # d2l 4.1-4.5 and 5.2-5.6: softmax regression and MLPs, concise and from scratch.
    _case("softmax_regression_and_mlp", """
from collections import OrderedDict
class SoftmaxRegression(nn.Module):
    def __init__(self, num_outputs, lr):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.LazyLinear(num_outputs))
    def forward(self, X):
        return self.net(X)
    def loss(self, Y_hat, Y, averaged=True):
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        Y = Y.reshape((-1,))
        return F.cross_entropy(Y_hat, Y, reduction='mean' if averaged else 'none')
model = SoftmaxRegression(10, 0.1)
Xi = torch.sin(torch.arange(2*28*28.) * 0.3).reshape(2, 1, 28, 28)
model(Xi)
Yh = det(model, 0.01)(Xi)
print(Yh, model)
print(model.loss(Yh, torch.tensor([3, 7])), model.loss(Yh, torch.tensor([3, 7]), averaged=False))
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(y_hat[[0, 1], torch.tensor([0, 2])])
W1 = nn.Parameter(torch.randn(784, 256) * 0.01)
b1 = nn.Parameter(torch.zeros(256))
print(b1[:3], W1.shape, W1.requires_grad, W1.is_leaf, W1.grad_fn)
class DropoutMLP(nn.Module):
    def __init__(self, num_outputs, num_hiddens_1, num_hiddens_2, dropout_1, dropout_2, lr):
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(), nn.LazyLinear(num_hiddens_1), nn.ReLU(),
            nn.Dropout(dropout_1), nn.LazyLinear(num_hiddens_2), nn.ReLU(),
            nn.Dropout(dropout_2), nn.LazyLinear(num_outputs))
    def forward(self, X):
        return self.net(X)
m = DropoutMLP(10, 256, 256, 0.5, 0.5, 0.1)
print(m)
m.eval()
print(m(Xi).shape, m.training, m.net[3].training)
net = det(nn.Sequential(OrderedDict([('fc1', nn.Linear(3, 2)), ('act', nn.Sigmoid()),
                                     ('fc2', nn.Linear(2, 1))])))
print(net, net.state_dict(), net.fc1.weight)
print(net.state_dict(keep_vars=True)['fc2.bias'])
l = nn.CrossEntropyLoss(reduction='none')
logits = torch.tensor([[1.0, 2.0, 0.5], [0.3, 0.2, 0.1]])
print(l, l(logits, torch.tensor([0, 2])))
print(l(logits, torch.tensor([[0.2, 0.5, 0.3], [1.0, 0., 0.]])))
"""),
    # The mistakes a learner makes first: no super().__init__(), no forward, widths that do
    # not fit, class indices out of range or of the wrong dtype, a plain tensor assigned to
    # a parameter's name, state_dicts that do not fit, a Parameter made from a list.
    _case("first_mistakes", """
def show(f):
    try:
        r = f()
        print('ok', r)
    except Exception as e:
        print(type(e).__name__, e)
class Bad(nn.Module):
    def __init__(self):
        self.l = nn.Linear(2, 2)
show(lambda: Bad())
class Bad2(nn.Module):
    def __init__(self):
        self.w = nn.Parameter(torch.ones(2))
show(lambda: Bad2())
class NoFwd(nn.Module):
    pass
show(lambda: NoFwd()(torch.ones(1)))
show(lambda: nn.Linear(4, 3)(torch.ones(2, 5)))
show(lambda: nn.Linear(4, 3)(torch.ones(5)))
show(lambda: nn.CrossEntropyLoss()(torch.ones(2, 3), torch.tensor([0, 3])))
show(lambda: nn.CrossEntropyLoss()(torch.ones(2, 3), torch.tensor([0.0, 1.0])))
show(lambda: nn.CrossEntropyLoss()(torch.ones(2, 3), torch.tensor([0, 1, 2])))
show(lambda: nn.MSELoss()(torch.ones(2, 3), torch.ones(3)))
show(lambda: nn.MSELoss()(torch.ones(2, 1), torch.ones(2)))
show(lambda: nn.NLLLoss()(torch.ones(2, 3), torch.tensor([[0], [1]])))
show(lambda: nn.BCELoss()(torch.tensor([0.5, 1.5]), torch.tensor([0., 1.])))
show(lambda: nn.BCELoss()(torch.tensor([0.5, 0.5]), torch.tensor([0, 1])))
show(lambda: nn.Sequential(nn.Linear(2, 2))[3])
show(lambda: nn.Linear(2, 2).foo)
show(lambda: nn.Sequential(nn.Linear(2, 2)).foo)
m = nn.Linear(2, 2)
def assign(): m.weight = torch.ones(2, 2)
show(assign)
show(lambda: m.load_state_dict({'weight': torch.ones(3, 2), 'bias': torch.ones(2)}))
show(lambda: m.load_state_dict({'weight': torch.ones(2, 2)}))
show(lambda: m.load_state_dict({'weight': torch.ones(2, 2)}, strict=False))
show(lambda: m.load_state_dict({'weight': torch.ones(2, 2), 'bias': torch.ones(2),
                                'extra': torch.ones(1)}))
show(lambda: nn.Softmax()(torch.ones(2, 3)))
show(lambda: F.softmax(torch.ones(2, 3)))
show(lambda: nn.Dropout(1.5))
show(lambda: nn.Flatten()(torch.ones(3)))
show(lambda: F.cross_entropy(torch.ones(3), torch.tensor(1)))
show(lambda: F.cross_entropy(torch.ones(2, 3, dtype=torch.float64), torch.tensor([1, 2])).dtype)
show(lambda: F.mse_loss(torch.ones(2, dtype=torch.float64), torch.ones(2)).dtype)
show(lambda: nn.Linear(2, 2)(torch.ones(2, 2, dtype=torch.float64)))
show(lambda: nn.Linear(2, 2)(torch.ones(2, 2, dtype=torch.int64)))
show(lambda: nn.ReLU()(torch.tensor([1, -2])))
show(lambda: nn.Sigmoid()(torch.tensor([1, -2])))
show(lambda: nn.Sequential()(torch.ones(1)))
show(lambda: nn.Sequential(nn.Linear(2,2), nn.ReLU())[::-1])
show(lambda: nn.ModuleList([nn.ReLU()])(torch.ones(1)))
show(lambda: nn.Linear(2, 2).requires_grad_(False).weight.requires_grad)
show(lambda: nn.Linear(2, 2).zero_grad())
show(lambda: nn.Linear(2, 2).half().weight.dtype)
show(lambda: nn.Linear(2, 2, bias=False).bias)
show(lambda: nn.Linear(2, 2, bias=False))
show(lambda: nn.Linear(0, 2))
show(lambda: nn.Linear(0, 2)(torch.ones(3, 0)))
show(lambda: nn.Linear(2, 2).train(False).training)
show(lambda: nn.Linear(2,2).get_parameter('weight').shape)
show(lambda: nn.Module().forward(1))
show(lambda: nn.Parameter([1.0]))
show(lambda: nn.Parameter(torch.tensor([1, 2])))
show(lambda: nn.init.xavier_uniform_(torch.ones(3)))
show(lambda: nn.init.kaiming_uniform_(torch.empty(0, 3)))
show(lambda: nn.init.calculate_gain('leaky_relu', 0.2))
show(lambda: nn.init.calculate_gain('foo'))
show(lambda: nn.utils.clip_grad_norm_(nn.Linear(2, 2).parameters(), 1.0))
"""),
    # pytorch.org, "What is torch.nn really?": from hand-written log_softmax/nll to
    # nn.Parameter, nn.Module, nn.Linear, a Lambda module in a Sequential, forward hooks.
    _case("what_is_nn_really", """
import math
x_train = torch.sin(torch.arange(64 * 784.) * 0.01).reshape(64, 784)
y_train = torch.arange(64) % 10
weights = (torch.cos(torch.arange(7840.)).reshape(784, 10) / math.sqrt(784))
weights.requires_grad_()
bias = torch.zeros(10, requires_grad=True)
def log_softmax(x):
    return x - x.exp().sum(-1).log().unsqueeze(-1)
def model(xb):
    return log_softmax(xb @ weights + bias)
bs = 64
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
lr = 0.5
for epoch in range(2):
    for i in range((64 - 1) // bs + 1):
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
loss_func = F.cross_entropy
def model(xb):
    return xb @ weights + bias
print(loss_func(model(xb), yb), accuracy(model(xb), yb))
class Mnist_Logistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.cos(torch.arange(7840.)).reshape(784, 10)
                                    / math.sqrt(784))
        self.bias = nn.Parameter(torch.zeros(10))
    def forward(self, xb):
        return xb @ self.weights + self.bias
model = Mnist_Logistic()
print(loss_func(model(xb), yb))
def fit():
    for epoch in range(2):
        for i in range((64 - 1) // bs + 1):
            xb = x_train[i * bs: i * bs + bs]
            yb = y_train[i * bs: i * bs + bs]
            pred = model(xb)
            loss = loss_func(pred, yb)
            loss.backward()
            with torch.no_grad():
                for p in model.parameters():
                    p -= p.grad * lr
                model.zero_grad()
fit()
print(loss_func(model(xb), yb))
class Mnist_Logistic2(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(784, 10)
    def forward(self, xb):
        return self.lin(xb)
model = Mnist_Logistic2()
with torch.no_grad():
    model.lin.weight.copy_(torch.cos(torch.arange(7840.)).reshape(10, 784) / 28)
    model.lin.bias.zero_()
print(loss_func(model(xb), yb))
fit()
print(loss_func(model(xb), yb))
class Lambda(nn.Module):
    def __init__(self, func):
        super().__init__()
        self.func = func
    def forward(self, x):
        return self.func(x)
def preprocess(x):
    return x.view(-1, 1, 28, 28)
m = nn.Sequential(Lambda(preprocess), nn.Flatten(), nn.Linear(784, 10),
                  Lambda(lambda x: x.view(x.size(0), -1)))
print(m)
print(m(xb).shape)
def hook(mod, inp, out):
    print(type(mod).__name__, [i.shape for i in inp], out.shape)
h = m[2].register_forward_hook(hook)
m(xb[:2])
h.remove()
m(xb[:2])
print(list(m.children())[1], len(list(m.modules())))
import copy
m2 = copy.deepcopy(m)
print(m2[2].weight is m[2].weight, torch.equal(m2[2].weight, m[2].weight))
print(nn.utils.parameters_to_vector(m.parameters()).shape)
"""),
    # pairwise_distance (and triplet_margin_loss on it) records torch's NormBackward1
    # (aten::norm), with every p; its float eps makes integer inputs float.
    _case("pairwise_distance", """
def show(f):
    try:
        r = f()
        print('ok', r)
    except Exception as e:
        print(type(e).__name__, e)
show(lambda: F.pairwise_distance(torch.tensor([1, 2]), torch.tensor([1, 3]), eps=0))
show(lambda: F.pairwise_distance(torch.tensor([[1., 2]]), torch.tensor([[1., 3]]), p=0))
x = torch.tensor([[1., 2, 0], [0, 0, 0]], requires_grad=True)
for p in (2, 1, 0, float('inf'), -float('inf'), 3, 0.5, -1):
    d = F.pairwise_distance(x, torch.zeros(3), p=p, eps=0)
    g, = torch.autograd.grad(d.sum(), x, allow_unused=True)
    print(p, d, g)
x64 = torch.tensor([[1., 2]], dtype=torch.float64, requires_grad=True)
print(F.pairwise_distance(x64, x64.detach() * 2))
half = torch.ones(2, 3, dtype=torch.float16)
print(F.pairwise_distance(half, half * 0))
print(F.triplet_margin_loss(x, x * 2, x * 3))
"""),
    # Containers as printed and iterated in the builders' guide: ParameterDict.items() and
    # values() are generators in torch, ModuleDict's are dict views.
    _case("container_views", """
pd = nn.ParameterDict({'a': nn.Parameter(torch.ones(1)), 'b': nn.Parameter(torch.zeros(1))})
print(type(pd.items()).__name__, type(pd.keys()).__name__, type(pd.values()).__name__)
print(pd.keys(), list(pd.items())[0][0])
md = nn.ModuleDict({'a': nn.ReLU()})
print(type(md.items()).__name__, type(md.keys()).__name__, type(md.values()).__name__)
print(md.keys(), md.items(), md.values())
print(pd)
print(md)
pl = nn.ParameterList([nn.Parameter(torch.ones(2)),
                      nn.Parameter(torch.ones(2, 3, dtype=torch.float64))])
print(pl)
print(nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.Linear(1, 2)]))
print(nn.Sequential(*[nn.Linear(2, 2) for _ in range(3)]))
"""),
    # d2l reshapes y to y_hat's shape before its squared loss: a (n,) target against an
    # (n, 1) prediction broadcasts to (n, n) with torch's warning; shapes that do not
    # broadcast raise torch's message.
    _case("loss_shapes", """
import warnings
warnings.simplefilter('ignore')
for a, b in [((2, 3), (4,)), ((2, 3), (2, 1)), ((3, 0), (1,)), ((1, 0), (3, 1)),
             ((2, 3), (3, 2)), ((4, 1), (4,))]:
    for f in (F.mse_loss, F.l1_loss, F.smooth_l1_loss, F.huber_loss):
        try:
            print(f.__name__, f(torch.ones(*a), torch.arange(float(torch.Size(b).numel()))
                                .reshape(b), reduction='none'))
        except Exception as e:
            print(f.__name__, type(e).__name__, e)
"""),
]
