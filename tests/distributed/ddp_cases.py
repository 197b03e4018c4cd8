"""DistributedDataParallel under mpiexec: N ranks, each on its share of every batch, end
with the parameters of one process trained on the whole batches (to float32 rounding);
no_sync accumulation equals one larger batch; unused parameters; torch's errors.

Every rank also trains the one-process reference itself (no communication), so each
rank checks its own DDP replica against it. Cases run on all ranks in the same order
(tests/distributed/workers/run_cases.py)."""

from __future__ import annotations

import numpy as np

import ember
from ember import nn
from ember.nn.parallel import DistributedDataParallel as DDP

STEPS = 4
PER_RANK = 4  # samples per rank per step; the reference's batch is PER_RANK * world size


def make_model(seed: int) -> nn.Module:
    ember.manual_seed(seed)
    return nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 8), nn.Tanh(),
                         nn.Linear(8, 3))


def data(step: int, size: int) -> tuple[ember.Tensor, ember.Tensor]:
    """The whole batch of a step (the same on every rank)."""
    rng = np.random.RandomState(100 + step)
    X = rng.randn(PER_RANK * size, 6).astype(np.float32)
    y = rng.randn(PER_RANK * size, 3).astype(np.float32)
    return ember.from_numpy(X), ember.from_numpy(y)


def shard(t: ember.Tensor, rank: int) -> ember.Tensor:
    return t[rank * PER_RANK:(rank + 1) * PER_RANK]


def train_reference(size: int, optimizer_class, steps: int = STEPS, **options) -> nn.Module:
    model = make_model(0)
    optimizer = optimizer_class(model.parameters(), **options)
    for step in range(steps):
        X, y = data(step, size)
        optimizer.zero_grad()
        nn.functional.mse_loss(model(X), y).backward()
        optimizer.step()
    return model


def assert_same_parameters(model: nn.Module, reference: nn.Module, exact: bool = False):
    for (name, p), (_, q) in zip(model.named_parameters(), reference.named_parameters()):
        if exact:
            assert np.array_equal(p.detach().numpy(), q.detach().numpy()), name
        else:
            np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), rtol=2e-5,
                                       atol=2e-6, err_msg=name)


CASES: dict = {}


def case(name: str):
    def register(function):
        CASES[name] = function
        return function
    return register


def _equivalence(optimizer_class, **ddp_options):
    def run(rank, size):
        options = {"lr": 0.05} if optimizer_class is ember.optim.Adam else {"lr": 0.1,
                                                                            "momentum": 0.9}
        reference = train_reference(size, optimizer_class, **options)
        # Each rank starts from different weights: DDP must copy rank 0's (seed 0).
        model = DDP(make_model(seed=rank), **ddp_options)
        assert_same_parameters(model.module, make_model(0), exact=True)
        optimizer = optimizer_class(model.parameters(), **options)
        for step in range(STEPS):
            X, y = data(step, size)
            optimizer.zero_grad()
            nn.functional.mse_loss(model(shard(X, rank)), shard(y, rank)).backward()
            optimizer.step()
        assert_same_parameters(model.module, reference)
    return run


case("equivalence_sgd_momentum")(_equivalence(ember.optim.SGD))
case("equivalence_adam")(_equivalence(ember.optim.Adam))
# A tiny bucket cap puts about one parameter in each bucket: many allreduces in flight.
case("equivalence_many_buckets")(_equivalence(ember.optim.SGD, bucket_cap_mb=0.0001))
case("equivalence_gradient_as_bucket_view")(
    _equivalence(ember.optim.SGD, gradient_as_bucket_view=True))


@case("no_sync_accumulation_equals_a_larger_batch")
def _no_sync(rank, size):
    micro = 3  # micro-batches per step: two under no_sync, the last one synchronised
    reference = make_model(0)
    ref_optimizer = ember.optim.SGD(reference.parameters(), lr=0.1)
    model = DDP(make_model(rank))
    optimizer = ember.optim.SGD(model.parameters(), lr=0.1)
    for step in range(2):
        batches = [data(micro * step + m, size) for m in range(micro)]
        X = ember.cat([b[0] for b in batches])
        y = ember.cat([b[1] for b in batches])
        ref_optimizer.zero_grad()
        nn.functional.mse_loss(reference(X), y).backward()
        ref_optimizer.step()
        optimizer.zero_grad()
        for m, (Xm, ym) in enumerate(batches):
            loss = nn.functional.mse_loss(model(shard(Xm, rank)), shard(ym, rank)) / micro
            if m < micro - 1:
                with model.no_sync():
                    loss.backward()
            else:
                loss.backward()
        optimizer.step()
    assert_same_parameters(model.module, reference)


@case("no_sync_gradients_stay_local")
def _no_sync_local(rank, size):
    model = DDP(make_model(0))
    X, y = data(0, size)
    with model.no_sync():
        nn.functional.mse_loss(model(shard(X, rank)), shard(y, rank)).backward()
    local = make_model(0)
    nn.functional.mse_loss(local(shard(X, rank)), shard(y, rank)).backward()
    for p, q in zip(model.module.parameters(), local.parameters()):
        assert np.array_equal(p.grad.numpy(), q.grad.numpy())


class _Branches(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.trunk = nn.Linear(4, 4)
        self.left = nn.Linear(4, 2)
        self.right = nn.Linear(4, 2)
        self.never = nn.Linear(4, 2)

    def forward(self, x, use_right: bool):
        h = self.trunk(x)
        return self.right(h) if use_right else self.left(h)


@case("find_unused_parameters")
def _unused(rank, size):
    ember.manual_seed(0)
    model = DDP(_Branches(), find_unused_parameters=True)
    ember.manual_seed(0)
    local = _Branches()
    x = ember.ones(3, 4) * (rank + 1)
    use_right = rank == 1  # rank 1 uses `right`, the others `left`; nobody uses `never`
    model(x, use_right).sum().backward()
    # What each rank contributes, computed locally on every rank.
    contributions = []
    for r in range(size):
        local.zero_grad()
        local(ember.ones(3, 4) * (r + 1), r == 1).sum().backward()
        contributions.append({n: (p.grad.numpy().copy() if p.grad is not None else
                                  np.zeros(p.shape, np.float32))
                              for n, p in local.named_parameters()})
    for name, p in model.module.named_parameters():
        if name.startswith("never"):
            assert p.grad is None, name  # unused on every rank: .grad untouched
            continue
        expected = np.mean([c[name] for c in contributions], axis=0)
        np.testing.assert_allclose(p.grad.numpy(), expected, rtol=1e-6, err_msg=name)
    # a forward without backward (evaluation with grad on) leaves nothing pending, and
    # the next iteration works (the reducer re-arms)
    model(x, use_right)
    model.zero_grad()
    model(x, not use_right).sum().backward()


@case("unused_parameters_without_find_unused_raise_torchs_error")
def _unused_error(rank, size):
    model = DDP(_Branches())
    model(ember.ones(2, 4), False).sum().backward()
    try:
        model(ember.ones(2, 4), False)
    except RuntimeError as error:
        assert "Expected to have finished reduction in the prior iteration" in str(error)
        assert f"did not receive grad for rank {rank}: 4 5 6 7" in str(error)
    else:
        raise AssertionError("no error")


@case("state_dict_keys_repr_and_module")
def _state_dict(rank, size):
    inner = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    model = DDP(inner)
    assert model.module is inner
    assert list(model.state_dict()) == [
        "module.0.weight", "module.0.bias", "module.1.weight", "module.1.bias",
        "module.1.running_mean", "module.1.running_var", "module.1.num_batches_tracked"]
    assert [n for n, _ in model.named_parameters()] == [
        "module.0.weight", "module.0.bias", "module.1.weight", "module.1.bias"]
    assert repr(model).startswith("DistributedDataParallel(\n  (module): Sequential(")
    model.load_state_dict(model.state_dict())


@case("buffers_come_from_rank_0")
def _buffers(rank, size):
    inner = nn.BatchNorm1d(3)
    inner.running_mean.fill_(float(rank))
    model = DDP(inner)
    assert inner.running_mean.tolist() == [0.0, 0.0, 0.0]
    inner.running_var.fill_(float(rank + 1))
    with ember.no_grad():
        model(ember.ones(4, 3))  # broadcast_buffers: rank 0's buffers before each forward
    expected = 0.9 * 1.0 + 0.1 * 0.0  # rank 0's running_var (1) updated with batch var 0
    np.testing.assert_allclose(inner.running_var.numpy(), [expected] * 3, rtol=1e-6)


@case("errors_as_torch")
def _errors(rank, size):
    for module in (nn.ReLU(), nn.Linear(2, 2).requires_grad_(False)):
        try:
            DDP(module)
        except RuntimeError as error:
            assert str(error) == ("DistributedDataParallel is not needed when a module "
                                  "doesn't have any parameter that requires a gradient.")
        else:
            raise AssertionError("no error")


@case("different_models_on_ranks_raise_on_every_rank")
def _different_models(rank, size):
    try:
        DDP(nn.Linear(2, 2 + (rank == 1)))
    except RuntimeError as error:
        assert "expects the same model on every rank" in str(error)
    else:
        raise AssertionError("no error")


@case("second_backward_of_one_forward_accumulates_locally_as_torch")
def _twice(rank, size):
    # torch neither raises nor averages again: the first backward's hooks finished the
    # iteration's reduction; a retained graph's second backward just adds locally.
    model = DDP(nn.Linear(2, 2))
    loss = model(ember.ones(1, 2) * (rank + 1)).sum()
    loss.backward(retain_graph=True)
    first = model.module.weight.grad.numpy().copy()
    loss.backward()
    local = (np.ones((2, 2)) * (rank + 1)).astype(np.float32)
    np.testing.assert_allclose(model.module.weight.grad.numpy(), first + local)
