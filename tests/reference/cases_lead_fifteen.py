"""Argument handling found by the fifteenth session's lead (helper-96's fuzzer listed them):
`new_tensor` into bool, `copy_` of a number, the float parameters of the random fills
(numbers, 0-d tensors, torch's names and refusals, messages with C++'s number format), and
`dist` of two dtypes (promoted, as torch's). Ids start with ``lead15_``.
"""

from __future__ import annotations

_TRY = '''\
import numpy as np
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e))
        return
    if isinstance(r, torch.Tensor):
        print(label, r.dtype, r.tolist(), type(r.grad_fn).__name__ if r.grad_fn else None)
    else:
        print(label, r)
'''

CASES = [
    ("lead15_new_tensor_into_bool", _TRY + """
b = torch.tensor([True, False])
show('list', lambda: b.new_tensor([0.12, 0.0, -0.5]))
show('tensor', lambda: b.new_tensor(torch.tensor([0.12, 0.0])))
show('ints', lambda: torch.zeros(2, dtype=torch.int64).new_tensor([2.7, -2.7]))
show('uint8', lambda: torch.zeros(2, dtype=torch.uint8).new_tensor([0.5, 3.9]))
"""),
    ("lead15_copy_of_a_number", _TRY + """
show('float into long', lambda: torch.zeros(3, dtype=torch.int64).copy_(3.7))
show('bool', lambda: torch.zeros(2).copy_(True))
show('int', lambda: torch.zeros(2, dtype=torch.float64).copy_(5))
show('numpy', lambda: torch.zeros(2).copy_(np.float64(2.5)))
show('graph', lambda: torch.zeros(2, requires_grad=True).clone().copy_(2))
show('str', lambda: torch.zeros(2).copy_('a'))
show('list', lambda: torch.zeros(2).copy_([1, 2]))
"""),
    ("lead15_random_fill_parameters", _TRY + """
torch.manual_seed(0)
show('0-d tensors', lambda: torch.zeros(2).normal_(torch.tensor(1.), std=torch.tensor(2)))
show('uniform from/to', lambda: torch.zeros(3).uniform_(**{'from': -2, 'to': 5}))
show('uniform to', lambda: torch.zeros(3).uniform_(-1, to=1))
show('log_normal std only', lambda: torch.zeros(3).log_normal_(std=0.5))
show('geometric numpy', lambda: torch.zeros(2).geometric_(np.float64(0.3)))
show('exponential lambd', lambda: torch.zeros(2).exponential_(lambd=2))
show('bool mean', lambda: torch.zeros(2).normal_(True))
show('str', lambda: torch.zeros(2).normal_('a'))
show('None', lambda: torch.zeros(2).uniform_(None))
show('tensor of 2', lambda: torch.zeros(2).exponential_(torch.ones(2)))
show('three', lambda: torch.zeros(2).normal_(0, 1, 2))
show('keyword str', lambda: torch.zeros(2).cauchy_(median='x'))
show('unknown keyword', lambda: torch.zeros(2).normal_(mean=1, mean2=3))
show('std -1', lambda: torch.zeros(2).normal_(std=-1))
show('std tiny', lambda: torch.zeros(2).normal_(0, -1e-7))
show('std huge', lambda: torch.zeros(2).normal_(0, -123456789.0))
show('uniform bounds', lambda: torch.zeros(2).uniform_(2.5, 1))
show('lambda', lambda: torch.zeros(2).exponential_(-0.5))
show('sigma', lambda: torch.zeros(2).cauchy_(0, -1))
show('log_normal std', lambda: torch.zeros(2).log_normal_(0, -2))
show('geometric p', lambda: torch.zeros(2).geometric_(1.5))
show('bernoulli p', lambda: torch.zeros(2).bernoulli_(1.5))
show('after', lambda: torch.rand(2))
"""),
    ("lead15_dist_promotes", _TRY + """
a = torch.ones(3)
show('float64', lambda: torch.dist(a, torch.zeros(3, dtype=torch.float64)))
show('int64', lambda: torch.dist(a, torch.zeros(3, dtype=torch.int64)))
show('half', lambda: torch.dist(a.half(), torch.zeros(3)))
show('int first', lambda: torch.dist(torch.ones(3, dtype=torch.int64), torch.zeros(3)))
show('p=3 broadcast', lambda: torch.dist(a, torch.zeros(2, 3), 3))
n = torch.ones(3, dtype=torch.int64)
show('ints', lambda: torch.dist(n, torch.zeros(3, dtype=torch.int64)))
show('bool', lambda: torch.dist(a, torch.zeros(3, dtype=torch.bool)))
x = torch.ones(3, requires_grad=True)
y = torch.zeros(3, dtype=torch.float64, requires_grad=True)
d = torch.dist(x, y)
d.backward()
print(x.grad, y.grad, d, len(d.grad_fn.next_functions))
"""),
]
