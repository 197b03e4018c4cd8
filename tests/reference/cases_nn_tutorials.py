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
input_image = torch.cos(torch.arange(3*28*28.)).reshape(3, 28, 28)
print(input_image.size())
flatten = nn.Flatten()
flat_image = flatten(input_image)
print(flat_image.size())
layer1 = nn.Linear(in_features=28*28, out_features=20)
with torch.no_grad():
    layer1.weight.copy_(0.01 * torch.sin(torch.arange(20*784.)).reshape(20, 784))
    layer1.bias.fill_(0.1)
hidden1 = layer1(flat_image)
print(hidden1.size())
print(f"Before ReLU: {hidden1}\\n\\n")
hidden1 = nn.ReLU()(hidden1)
print(f"After ReLU: {hidden1}")
seq_modules = nn.Sequential(flatten, layer1, nn.ReLU(), nn.Linear(20, 10))
logits = seq_modules(input_image)
softmax = nn.Softmax(dim=1)
pred_probab = softmax(logits)
print(pred_probab.shape, pred_probab.sum(1))
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
]
