# ruff: noqa: E501  (case sources read better with whole lines)
"""Cases from the randomised optimizer / scheduler fuzzer (scripts/fuzz_optim.py): one per
difference it found and ember fixed, and a few broad ones of the kinds of program it draws
(several groups with their own options, state_dict round trips, long scheduler runs).

Parameters are float64 where an optimizer divides by a square root: torch's float32 sqrt is
not correctly rounded (docs/differences.md), so float32 roots differ in the last bit.
Values print with `tolist()`/`repr`, so every bit compares. Ids start with ``optim_fuzz_``.
"""

from __future__ import annotations

_PRELUDE = """
def show(o):
    if isinstance(o, torch.Tensor):
        return (str(o.dtype), tuple(o.shape), o.tolist())
    if isinstance(o, dict):
        return {k: show(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return type(o)(show(v) for v in o)
    return o
def attempt(fn):
    try:
        return fn()
    except Exception as e:
        print(type(e).__name__ + ':', e)
"""


def _case(name: str, body: str) -> tuple[str, str]:
    return f"optim_fuzz_{name}", _PRELUDE + body


CASES = [
    # capturable=True keeps a step on an accelerator: on the CPU torch's step asserts, with
    # wording and device list that depend on the optimizer and on foreach
    _case("capturable_refused_on_cpu", """
for name in ["Adam", "AdamW", "Adamax", "NAdam", "RAdam", "Adadelta", "RMSprop", "Rprop", "ASGD"]:
    for foreach in (None, True):
        p = torch.tensor([1.0, 2.0], requires_grad=True)
        opt = getattr(torch.optim, name)([p], lr=0.1, capturable=True, foreach=foreach)
        print(name, foreach, opt.defaults['capturable'])
        opt.step()  # no gradient yet: nothing to check
        p.grad = torch.tensor([0.5, -0.5])
        attempt(opt.step)
        print(p.tolist())
"""),
    # differentiable=True steps with grad recording on: updating a leaf that requires grad
    # in place fails as torch's does (SGD keeps no new momentum buffer then)
    _case("differentiable_leaf_param", """
for name in ["SGD", "Adam", "Adagrad", "RMSprop", "Rprop", "ASGD", "NAdam"]:
    p = torch.tensor([1.0, 2.0], requires_grad=True)
    kw = {'momentum': 0.9} if name == 'SGD' else {}
    opt = getattr(torch.optim, name)([p], lr=0.1, differentiable=True, **kw)
    p.grad = torch.tensor([0.5, -0.5])
    attempt(opt.step)
    print(name, p.tolist(), show(dict(opt.state[p])))
"""),
    # a differentiable step on non-leaf parameters records a graph; Adam forms its update
    # from float32 bias-correction tensors then (other bits than the plain update)
    _case("differentiable_adam_non_leaf", """
for amsgrad in (False, True):
    w = torch.tensor([1.0, -2.0, 0.25], dtype=torch.float64, requires_grad=True)
    q = w * 1.5
    q.retain_grad()
    opt = torch.optim.Adam([q], lr=0.1, amsgrad=amsgrad, differentiable=True)
    for g in ([0.5, -0.5, 0.1], [0.25, 0.75, -1.0], [-0.3, 0.2, 0.9]):
        q.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        print(q.tolist(), type(q.grad_fn).__name__)
    q.sum().backward()
    print(w.grad.tolist())
"""),
    # LBFGS refuses groups in its constructor; one added later fails the next step
    _case("lbfgs_added_group", """
p = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
q = torch.tensor([0.5], dtype=torch.float64, requires_grad=True)
opt = torch.optim.LBFGS([p], max_iter=3)
calls = []
def closure():
    calls.append(1)
    opt.zero_grad()
    loss = ((p - 0.5) ** 2).sum() + (q ** 2).sum()
    loss.backward()
    return loss
print(opt.step(closure).item(), p.tolist(), len(calls))
opt.add_param_group({'params': [q]})
attempt(lambda: opt.step(closure))
print(len(calls), len(opt.param_groups))
attempt(lambda: torch.optim.LBFGS([{'params': [p]}, {'params': [q]}]))
"""),
    # foreach=True with differentiable=True: torch's foreach implementations assert
    _case("foreach_differentiable_refused", """
for name in ["SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "Adadelta", "RMSprop", "Rprop", "ASGD", "Adagrad"]:
    w = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    p = w * 1.0
    p.retain_grad()
    opt = getattr(torch.optim, name)([p], lr=0.1, differentiable=True, foreach=True)
    p.grad = torch.tensor([0.5, -0.5], dtype=torch.float64)
    attempt(opt.step)
    print(name, p.tolist())
"""),
    # LBFGS keeps H_diag local until the step ends: the state's keys come in torch's order
    _case("lbfgs_state_key_order", """
p = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
opt = torch.optim.LBFGS([p], lr=0.5, max_iter=4, history_size=2)
def closure():
    opt.zero_grad()
    loss = ((p - 0.25) ** 2).sum() + (p[0] * p[1]) ** 2 * 0.1
    loss.backward()
    return loss
for i in range(2):
    opt.step(closure)
    print(list(opt.state[p]), list(opt.state_dict()['state'][0]))
    print([round(x, 10) for x in p.tolist()])
"""),
    # ASGD with a tensor learning rate computes the next eta in float32 tensor arithmetic
    _case("asgd_tensor_lr_eta", """
for lr in (torch.tensor(0.05), 0.05):
    p = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.ASGD([p], lr=lr, lambd=0.01, t0=2.0)
    for g in ([0.5, -0.5, 0.1], [0.25, 0.75, -1.0], [-0.3, 0.2, 0.9], [1.0, 1.0, -1.0]):
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        st = opt.state[p]
        print(repr(st['eta'].item()), repr(st['mu'].item()), p.tolist(), st['ax'].tolist())
"""),
    # broad: groups with their own options, an added group, zero_grad both ways, closures,
    # state_dict printed and loaded into a fresh optimizer (state tensors shared with the
    # first one, as torch's load_state_dict keeps them)
    _case("groups_state_dict_round_trip", """
def make():
    return [torch.tensor(v, dtype=torch.float64, requires_grad=True)
            for v in ([1.0, -0.5, 0.25], [[0.5, 2.0], [-1.0, 0.125]], [0.75])]
targets = [torch.tensor(v, dtype=torch.float64) for v in ([0.1, 0.2, -0.3], [[1.0, 0.0], [0.5, -0.5]], [2.0])]
configs = [
    ('SGD', dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01), {'dampening': 0.0, 'lr': 0.05}),
    ('Adam', dict(lr=0.05, amsgrad=True, weight_decay=0.1), {'betas': (0.5, 0.9), 'decoupled_weight_decay': True}),
    ('RAdam', dict(lr=0.05, betas=(0.5, 0.9)), {'weight_decay': 0.1}),
    ('Adagrad', dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1), {'eps': 1e-3}),
    ('Adadelta', dict(lr=1.0, rho=0.5, weight_decay=0.01), {'maximize': True}),
    ('Rprop', dict(lr=0.01, etas=(0.3, 1.5)), {'step_sizes': (1e-3, 0.05)}),
    ('Adamax', dict(lr=0.05, weight_decay=0.1), {'eps': 0.1}),
    ('ASGD', dict(lr=0.05, t0=1.0), {'lambd': 0.01}),
]
for name, kw, extra in configs:
    ps = make()
    opt = getattr(torch.optim, name)([{'params': [ps[0]]}, {'params': [ps[1]], **extra}], **kw)
    def loss_fn(ps):
        return sum(((p - t) ** 2 * 0.5 + p * t).sum() for p, t in zip(ps, targets) if p.requires_grad)
    for i in range(4):
        if i == 2:
            opt.add_param_group({'params': [ps[2]]})
        opt.zero_grad(set_to_none=i % 2 == 0)
        loss = loss_fn(ps)
        loss.backward()
        opt.step()
    print(name, [p.tolist() for p in ps])
    sd = opt.state_dict()
    print(show(sd))
    qs = [p.detach().clone().requires_grad_() for p in ps]
    opt2 = getattr(torch.optim, name)([{'params': [qs[0]]}, {'params': [qs[1]]}, {'params': [qs[2]]}], **kw)
    opt2.load_state_dict(sd)
    for o, xs in ((opt, ps), (opt2, qs)):
        def closure():
            o.zero_grad()
            loss = loss_fn(xs)
            loss.backward()
            return loss
        print(repr(o.step(closure).item()), [x.tolist() for x in xs])
"""),
    # broad: schedulers stepped for many epochs, exact learning rates and momenta
    _case("schedulers_long_runs", """
S = torch.optim.lr_scheduler
def run(make, steps=14, metric=None):
    p = torch.tensor([1.0], requires_grad=True)
    q = torch.tensor([2.0], requires_grad=True)
    opt = torch.optim.SGD([{'params': [p]}, {'params': [q], 'lr': 0.2}], lr=0.1, momentum=0.9)
    sched = make(opt)
    out = []
    for i in range(steps):
        opt.step()
        sched.step(metric(i)) if metric else sched.step()
        out.append((sched.get_last_lr(), [g['momentum'] for g in opt.param_groups]))
    print(type(sched).__name__, out)
    sd = sched.state_dict()
    print(sorted(sd))
run(lambda o: S.CyclicLR(o, base_lr=[0.001, 0.002], max_lr=0.1, step_size_up=3, step_size_down=2, mode='exp_range', gamma=0.9))
run(lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.1, step_size_up=2, mode='triangular2', scale_mode='iterations'))
run(lambda o: S.OneCycleLR(o, max_lr=[0.5, 1.0], total_steps=15, three_phase=True, anneal_strategy='linear'))
run(lambda o: S.OneCycleLR(o, max_lr=1.0, epochs=3, steps_per_epoch=5, pct_start=0.25))
run(lambda o: S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2, eta_min=1e-3))
run(lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=3), S.CosineAnnealingLR(o, T_max=6)], milestones=[4]))
run(lambda o: S.ChainedScheduler([S.ConstantLR(o, factor=0.5, total_iters=3), S.ExponentialLR(o, gamma=0.9)]))
run(lambda o: S.PolynomialLR(o, total_iters=6, power=0.5))
run(lambda o: S.ReduceLROnPlateau(o, mode='max', factor=0.5, patience=1, threshold=0.1, threshold_mode='abs', cooldown=1, min_lr=[0.01, 0.02]),
    metric=lambda i: [1.0, 1.05, 1.0, 0.9, 1.2, 1.2][i % 6])
"""),
]
