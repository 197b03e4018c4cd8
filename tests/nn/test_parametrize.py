"""nn.utils' reparametrizations beyond what the torch-recorded cases show
(tests/reference/cases_nn_parametrize.py): the identities an optimizer relies on, per-module
classes, pickling and copies, true second derivatives of the weight-norm kernel, the
orthogonal maps staying orthogonal while training, skip_init leaving the random stream
alone, and the refusals of the pieces underneath (set_, geqrf, householder_product)."""

from __future__ import annotations

import copy
import io
import pickle

import numpy as np
import pytest

import ember
from ember import nn
from ember.nn.utils import parametrize as P


class Negate(nn.Module):
    def forward(self, X):
        return -X

    def right_inverse(self, X):
        return -X


class Double(nn.Module):
    def forward(self, X):
        return X * 2


def test_nn_utils_names_are_torchs():
    torch_names = {
        "clip_grad_norm", "clip_grad_norm_", "clip_grads_with_norm_", "clip_grad_value_",
        "convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format",
        "fuse_conv_bn_eval", "fuse_conv_bn_weights", "fuse_linear_bn_eval",
        "fuse_linear_bn_weights", "get_total_norm", "parameters_to_vector",
        "parametrizations", "parametrize", "remove_spectral_norm", "remove_weight_norm",
        "rnn", "skip_init", "spectral_norm", "stateless", "vector_to_parameters",
        "weight_norm"}
    missing = sorted(n for n in torch_names if not hasattr(nn.utils, n))
    assert not missing
    assert callable(nn.utils.weight_norm) and callable(nn.utils.spectral_norm)
    for name in ("cached", "ParametrizationList", "register_parametrization",
                 "is_parametrized", "remove_parametrizations", "type_before_parametrizations",
                 "transfer_parametrizations_and_params"):
        assert hasattr(P, name)
    assert {"orthogonal", "spectral_norm", "weight_norm"} <= set(
        nn.utils.parametrizations.__all__)


def test_original_keeps_its_identity_for_the_optimizer():
    ember.manual_seed(0)
    m = nn.Linear(3, 2)
    weight = m.weight
    values = weight.detach().clone()
    optimizer = ember.optim.SGD(m.parameters(), lr=0.1)
    P.register_parametrization(m, "weight", Negate())
    # the same object, now holding right_inverse(values); the property gives values back
    assert m.parametrizations.weight.original is weight
    assert ember.equal(weight, -values) and ember.equal(m.weight, values)
    before = weight.detach().clone()
    m(ember.ones(1, 3)).sum().backward()
    optimizer.step()  # the optimizer still updates the tensor it was given
    assert not ember.equal(weight, before)
    P.remove_parametrizations(m, "weight")
    assert m.weight is weight and type(m) is nn.Linear
    assert isinstance(m.weight, nn.Parameter)


def test_each_module_gets_its_own_class():
    a, b, plain = nn.Linear(2, 2), nn.Linear(2, 2), nn.Linear(2, 2)
    P.register_parametrization(a, "weight", Double())
    P.register_parametrization(b, "bias", Double())
    assert type(a) is not type(b)
    assert type(a).__name__ == type(b).__name__ == "ParametrizedLinear"
    assert isinstance(a, nn.Linear) and type(plain) is nn.Linear
    assert "weight" not in a._parameters and "weight" in b._parameters
    assert isinstance(type(a).__dict__["weight"], property)
    assert "weight" not in type(b).__dict__


def test_pickling_is_refused_and_deepcopy_is_independent():
    m = P.register_parametrization(nn.Linear(2, 2), "weight", Double())
    with pytest.raises(RuntimeError, match="only supported through state_dict"):
        pickle.dumps(m)
    with pytest.raises(RuntimeError, match="only supported through state_dict"):
        ember.save(m, io.BytesIO())
    twin = copy.deepcopy(m)
    assert ember.equal(twin.weight, m.weight)
    with ember.no_grad():
        twin.parametrizations.weight.original.add_(1)
    assert not ember.equal(twin.weight, m.weight)


def test_cached_returns_one_tensor_and_forgets_it_after():
    m = P.register_parametrization(nn.Linear(2, 2), "weight", Double())
    with P.cached():
        first = m.weight
        assert m.weight is first
    assert m.weight is not first
    assert P._cache == {}


def test_state_dict_round_trip_into_a_parametrized_module():
    ember.manual_seed(1)
    a = nn.utils.parametrizations.spectral_norm(nn.Linear(4, 3))
    b = nn.utils.parametrizations.spectral_norm(nn.Linear(4, 3))
    b.load_state_dict(a.state_dict())
    a.eval()
    b.eval()
    x = ember.randn(2, 4)
    np.testing.assert_array_equal(a(x).detach().numpy(), b(x).detach().numpy())


def test_weight_norm_second_derivative_is_the_true_one():
    """torch's fused kernel treats its saved norms as constants in double backward (its
    own gradgradcheck fails); ember's formula reads them from v again."""
    rng = np.random.default_rng(3)
    v = ember.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    g = ember.tensor(rng.uniform(0.5, 2.0, (3, 1)), requires_grad=True)
    assert ember.autograd.gradgradcheck(lambda v, g: ember._weight_norm(v, g, 0), (v, g))
    columns = ember.tensor(rng.uniform(0.5, 2.0, (1, 4)), requires_grad=True)
    assert ember.autograd.gradgradcheck(lambda v, g: ember._weight_norm(v, g, 1),
                                        (v, columns))


def test_weight_norm_float16_is_computed_in_float32():
    v = ember.tensor([[300.0, 400.0], [3.0, 4.0]], dtype=ember.float16, requires_grad=True)
    g = ember.tensor([[1.0], [2.0]], dtype=ember.float16, requires_grad=True)
    w = ember._weight_norm(v, g, 0)  # 300^2 + 400^2 overflows float16
    assert w.grad_fn.name() == "WeightNormInterfaceBackward0"
    np.testing.assert_allclose(w.detach().float().numpy(), [[0.6, 0.8], [1.2, 1.6]],
                               rtol=1e-3)
    w.sum().backward()
    assert np.isfinite(v.grad.float().numpy()).all()


@pytest.mark.parametrize("shape, orthogonal_map", [
    ((4, 4), "matrix_exp"), ((4, 4), "cayley"), ((3, 5), "householder"),
    ((5, 3), "matrix_exp"), ((5, 3), "cayley"), ((3, 5), None)])
def test_orthogonal_stays_orthogonal_while_training(shape, orthogonal_map):
    ember.manual_seed(2)
    m = nn.utils.parametrizations.orthogonal(nn.Linear(shape[1], shape[0]),
                                             orthogonal_map=orthogonal_map)
    opt = ember.optim.SGD(m.parameters(), lr=0.2)
    x, y = ember.randn(8, shape[1]), ember.randn(8, shape[0])
    for _ in range(5):
        opt.zero_grad()
        ((m(x) - y) ** 2).mean().backward()
        opt.step()
    Q = m.weight.detach().numpy().astype(np.float64)
    small = min(shape)
    product = Q.T @ Q if shape[0] >= shape[1] else Q @ Q.T
    np.testing.assert_allclose(product, np.eye(small), atol=1e-5)


def test_orthogonal_householder_without_trivialization_assigns_through_geqrf():
    ember.manual_seed(3)
    m = nn.utils.parametrizations.orthogonal(nn.Linear(2, 4), orthogonal_map="householder",
                                             use_trivialization=False)
    assert not hasattr(m.parametrizations.weight[0], "base")
    q, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((4, 2)))
    m.weight = ember.tensor(q, dtype=ember.float32)
    np.testing.assert_allclose(m.weight.detach().numpy(), q, atol=1e-6)


def test_spectral_norm_power_iteration_runs_only_in_training():
    ember.manual_seed(4)
    m = nn.utils.parametrizations.spectral_norm(nn.Linear(5, 4))
    u = m.parametrizations.weight[0]._u
    before = u.clone()
    m.eval()
    _ = m.weight
    assert ember.equal(u, before)
    m.train()
    weight = m.weight
    assert u is m.parametrizations.weight[0]._u  # updated in place (out=)
    np.testing.assert_allclose(np.linalg.norm(weight.detach().numpy(), 2), 1.0, rtol=1e-3)


def test_skip_init_draws_nothing_from_the_stream():
    ember.manual_seed(5)
    expected = ember.rand(4)
    ember.manual_seed(5)
    m = nn.utils.skip_init(nn.Linear, 30, 20)
    assert ember.equal(ember.rand(4), expected)
    assert m.weight.shape == (20, 30) and m.weight.requires_grad


def test_to_empty_recurse_false_leaves_children():
    m = nn.Sequential(nn.Linear(2, 2))
    m.register_parameter("own", nn.Parameter(ember.ones(2)))
    child_weight = m[0].weight.detach().clone()
    m.to_empty(device="cpu", recurse=False)
    assert ember.equal(m[0].weight, child_weight)
    assert ember.equal(m.own, ember.zeros(2))


def test_set_refuses_what_ember_does_not_do():
    x = ember.zeros(2)
    with pytest.raises(TypeError, match="set_"):
        x.set_(ember.ones(2), 0, (2,), (1,))
    with pytest.raises(NotImplementedError, match="requires grad"):
        x.set_(ember.ones(2, requires_grad=True) * 2)
    with ember.no_grad():
        x.set_(ember.ones(2, requires_grad=True) * 2)
    assert ember.equal(x, ember.full((2,), 2.0))


def test_geqrf_refuses_a_derivative_and_householder_product_gives_q():
    rng = np.random.default_rng(6)
    a = rng.standard_normal((6, 4))
    A = ember.tensor(a, requires_grad=True)
    h, tau = ember.geqrf(A)
    with pytest.raises(NotImplementedError, match="the derivative for 'geqrf'"):
        h.sum().backward()
    Q = ember.linalg.householder_product(h.detach(), tau.detach())
    R = np.triu(h.detach().numpy())[:4]
    np.testing.assert_allclose(Q.numpy() @ R, a, atol=1e-12)
    assert ember.autograd.gradcheck(ember.linalg.householder_product,
                                    (A, ember.tensor(rng.uniform(0.5, 1.5, 3),
                                                     requires_grad=True)))


def test_old_hooks_recompute_before_every_call():
    ember.manual_seed(7)
    with pytest.warns(FutureWarning, match="is deprecated"):
        m = nn.utils.weight_norm(nn.Linear(3, 2))
    with ember.no_grad():
        m.weight_g.mul_(2)
    stale = m.weight.detach().clone()
    m(ember.ones(1, 3))
    np.testing.assert_allclose(m.weight.detach().numpy(), 2 * stale.numpy(), rtol=1e-6)
    s = nn.utils.spectral_norm(nn.Linear(3, 2))
    assert [n for n, _ in s.named_buffers()] == ["weight_u", "weight_v"]
    meta = s.state_dict()._metadata[""]
    assert meta["spectral_norm"] == {"weight.version": 1}
