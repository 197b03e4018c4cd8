"""Cases the sixteenth session's lead added while landing helpers: gradients with respect to
the degrees of freedom of FisherSnedecor and Wishart draws and Beta's concentrations, which
work once the standard gamma draw is differentiable in its concentration (helper-100's
`_standard_gamma`). Ids start with ``lead16_``.
"""

from __future__ import annotations

CASES = [
    ("lead16_degrees_of_freedom_gradients", """
D = torch.distributions
torch.manual_seed(0)
df1 = torch.tensor([3.0, 5.0], requires_grad=True)
df2 = torch.tensor([4.0, 7.0], requires_grad=True)
x = D.FisherSnedecor(df1, df2).rsample()
print(x)
x.sum().backward()
print(df1.grad, df2.grad)
torch.manual_seed(1)
df = torch.tensor(5.0, requires_grad=True)
w = D.Wishart(df, torch.eye(2)).rsample()
print(w)
w.sum().backward()
print(df.grad)
torch.manual_seed(2)
c = torch.tensor([2.0, 3.0], requires_grad=True)
b = D.Beta(c[0], c[1]).rsample((3,))
print(b)
b.sum().backward()
print(c.grad)
torch.manual_seed(3)
k = torch.tensor([1.5, 2.5, 4.0], dtype=torch.float64, requires_grad=True)
s = D.Chi2(k).rsample((2,))
print(s, s.grad_fn is not None)
s.pow(2).sum().backward()
print(k.grad)
"""),
]
