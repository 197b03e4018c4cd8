"""torch.optim with complex parameters: torch's single-tensor updates run on
torch.view_as_real of the parameter, its gradient and its state (which stays complex), so
each part is stepped as an independent real number. A few steps of every optimizer on a
complex nn.Linear (losses and parameters rounded to 4 decimals: the last float32 bit of
the real-valued updates is not what these cases check), the state's dtypes and shapes,
weight decay / maximize / amsgrad / momentum variants, a group mixing real and complex
parameters, a state_dict round trip, LBFGS, and the optimizers torch refuses complex
parameters to (SparseAdam, Adafactor, fused=True)."""

from __future__ import annotations

# Every case trains the same model: run(name, kwargs, steps) prints the losses, the first
# row of the weight as (re, im) pairs and the state's dtypes and shapes.
_RUN = """
import warnings
warnings.simplefilter("ignore")
z = torch.randn(4, 3, dtype=torch.cfloat, generator=torch.Generator().manual_seed(5))
target = torch.randn(4, 2, dtype=torch.cfloat, generator=torch.Generator().manual_seed(6))

def run(name, kwargs, steps=3, dtype=torch.cfloat):
    torch.manual_seed(1)
    m = torch.nn.Linear(3, 2, dtype=dtype)
    opt = getattr(torch.optim, name)(m.parameters(), **kwargs)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = (m(z.to(dtype)) - target.to(dtype)).abs().pow(2).mean()
        loss.backward()
        opt.step()
        losses.append(round(loss.item(), 4))
    print(name, kwargs, losses)
    print(torch.view_as_real(m.weight.detach()[0]).round(decimals=4).tolist())
    state = opt.state_dict()["state"][0]
    print({k: (v.dtype, tuple(v.shape)) for k, v in state.items() if torch.is_tensor(v)})
"""

CASES = [
    ("complex_optim_adam_family", _RUN + """
run("Adam", {"lr": 0.05})
run("Adam", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.1, "maximize": True})
run("AdamW", {"lr": 0.05})
run("AdamW", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.5})
run("Adam", {"lr": 0.05, "foreach": False})
run("Adam", {"lr": 0.05}, dtype=torch.cdouble)
"""),
    ("complex_optim_adam_variants", _RUN + """
run("Adamax", {"lr": 0.05})
run("Adamax", {"lr": 0.05, "weight_decay": 0.1, "maximize": True})
run("NAdam", {"lr": 0.05})
run("NAdam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True})
run("RAdam", {"lr": 0.05}, steps=7)
run("RAdam", {"lr": 0.05, "weight_decay": 0.1}, steps=7)
"""),
    ("complex_optim_adaptive", _RUN + """
run("Adagrad", {"lr": 0.05})
run("Adagrad", {"lr": 0.05, "lr_decay": 0.1, "weight_decay": 0.1,
                "initial_accumulator_value": 0.5})
run("Adadelta", {"lr": 0.5})
run("Adadelta", {"lr": 0.5, "weight_decay": 0.1, "maximize": True})
run("RMSprop", {"lr": 0.05, "momentum": 0.9})
run("RMSprop", {"lr": 0.05, "centered": True, "weight_decay": 0.1})
"""),
    ("complex_optim_rprop_sgd_asgd", _RUN + """
run("Rprop", {"lr": 0.05}, steps=5)
run("Rprop", {"lr": 0.05, "maximize": True}, steps=5)
run("SGD", {"lr": 0.05, "momentum": 0.9})
run("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1})
run("SGD", {"lr": 0.05, "momentum": 0.5, "dampening": 0.3, "maximize": True})
run("ASGD", {"lr": 0.05, "t0": 1})
"""),
    ("complex_optim_state_start", """
c = torch.zeros(2, dtype=torch.cfloat, requires_grad=True)
print(torch.optim.Adagrad([c], initial_accumulator_value=0.5).state_dict()["state"])
opt = torch.optim.Rprop([c], lr=0.03)
c.grad = torch.tensor([1 + 2j, -1 + 0j])
opt.step()
print(opt.state[c]["step_size"], opt.state[c]["prev"])
print(c)
"""),
    ("complex_optim_mixed_group", """
gen = torch.Generator().manual_seed(2)
r = torch.randn(3, generator=gen).requires_grad_()
c = torch.randn(3, dtype=torch.cfloat, generator=gen).requires_grad_()
for name in ("Adam", "RMSprop", "Adagrad"):
    a, b = r.detach().clone().requires_grad_(), c.detach().clone().requires_grad_()
    opt = getattr(torch.optim, name)([a, b], lr=0.1)
    for step in range(3):
        opt.zero_grad()
        loss = (a.sum() * b).abs().pow(2).sum() + (b - 1j).abs().sum()
        loss.backward()
        opt.step()
    print(name, round(loss.item(), 4), a.detach().round(decimals=4).tolist(),
          torch.view_as_real(b.detach()).round(decimals=4).tolist())
    print([(k, v.dtype) for s in opt.state.values() for k, v in s.items()])
"""),
    ("complex_optim_state_dict", """
import copy
gen = torch.Generator().manual_seed(3)
w = torch.randn(2, 2, dtype=torch.cfloat, generator=gen).requires_grad_()
grads = [torch.randn(2, 2, dtype=torch.cfloat, generator=gen) for _ in range(4)]
opt = torch.optim.Adam([w], lr=0.1, amsgrad=True)
for g in grads[:2]:
    w.grad = g.clone()
    opt.step()
saved = copy.deepcopy(opt.state_dict())
print({k: v.dtype for k, v in saved["state"][0].items()})
w2 = w.detach().clone().requires_grad_()
opt2 = torch.optim.Adam([w2], lr=0.1, amsgrad=True)
opt2.load_state_dict(saved)
print({k: v.dtype for k, v in opt2.state[w2].items()})
for g in grads[2:]:
    w.grad, w2.grad = g.clone(), g.clone()
    opt.step()
    opt2.step()
print(torch.equal(w, w2), torch.view_as_real(w2.detach()).round(decimals=4).tolist())
"""),
    ("complex_optim_lbfgs", """
z = torch.randn(3, dtype=torch.cfloat, generator=torch.Generator().manual_seed(5))
for ls in (None, "strong_wolfe"):
    w = torch.randn(2, 3, dtype=torch.cfloat,
                    generator=torch.Generator().manual_seed(1)).requires_grad_()
    opt = torch.optim.LBFGS([w], lr=0.5, max_iter=5, history_size=3, line_search_fn=ls)
    def closure():
        opt.zero_grad()
        loss = (w @ z - 1).abs().pow(2).sum()
        loss.backward()
        return loss
    print([round(opt.step(closure).item(), 4) for _ in range(3)])
    st = opt.state_dict()["state"][0]
    print(torch.view_as_real(w.detach()).round(decimals=4).tolist())
    print(st["d"].dtype, st["d"].shape, st["prev_flat_grad"].shape, st["H_diag"].dtype,
          st["n_iter"])
"""),
    ("complex_optim_refusals", """
a = torch.zeros(2, requires_grad=True)
c = torch.zeros(2, dtype=torch.cfloat, requires_grad=True)
c2 = torch.zeros(3, dtype=torch.cdouble, requires_grad=True)
makers = [
    lambda: torch.optim.SparseAdam([a, c, c2]),
    lambda: torch.optim.SparseAdam([{"params": [a]}, {"params": [c2]}]),
    lambda: torch.optim.Adafactor([a, c]),
    lambda: torch.optim.Adam([a, c], fused=True),
    lambda: torch.optim.AdamW([c2], fused=True),
    lambda: torch.optim.SGD([c], lr=0.1, fused=True),
    lambda: torch.optim.Adagrad([c], fused=True),
]
for make in makers:
    try:
        opt = make()
        print("constructed")
        for p in (a, c, c2):
            p.grad = torch.ones_like(p)
        opt.step()
        print("stepped")
    except (RuntimeError, ValueError) as e:
        print(type(e).__name__, e)
print(a, c)
"""),
]
