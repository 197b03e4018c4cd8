"""torch.special's Bessel and Airy functions, i0e/i1e, erfcx, gammainc/gammaincc
(torch.igamma/igammac and their methods), zeta and the orthogonal polynomials, and the
window functions (hann, hamming, blackman, bartlett, kaiser), recorded from torch 2.13:
values on grids with their edges (0, -0.0, negative, inf, nan), dtypes, broadcasting,
errors, which results require grad, and the gradients torch has.

Values are printed rounded, as deliberate tolerances: ember computes these functions in
float64 from its own formulas and rounds, where torch evaluates Cephes-style
approximations in the input's dtype. Observed differences (tests run on grids of
thousands of points): float64 i0e/i1e/K/erfcx within about 10 ulps, float32 within
about 10 ulps, so 11 significant digits (float64) and 5 (float32) are printed; torch's
bessel_j0/j1/y0/y1 lose up to 1e-6 (absolute) between 2 and 25, and airy_ai up to 3e-6
between -10 and -2.09, so those are printed to 5 (Airy: 4) decimals; torch's gammainc/gammaincc
lose up to 2e-9 (relative) in float64 for a > 20 and about 1e-5 in float32, so 7 and 4
significant digits. The polynomials and windows round as torch's do (float16 windows
exactly).

Ids start with ``spm_``.
"""

from __future__ import annotations

_SHOW = '''\
import math
def fmt(v, sig=11, dec=None):
    if isinstance(v, bool) or v != v or v in (float('inf'), float('-inf')):
        return str(v)
    if dec is not None:
        return repr(round(v, dec) + 0.0)
    return format(v, '.%dg' % sig)
def show(label, r, sig=11, dec=None):
    # (float32 to 5 significant digits, float16 to 2: see the module docstring)
    sig = min(sig, {torch.float32: 5, torch.float16: 2}.get(r.dtype, sig))
    flat = r.detach().reshape(-1).tolist()
    print(label, r.dtype, list(r.shape), r.requires_grad,
          type(r.grad_fn).__name__ if r.grad_fn is not None else None,
          [fmt(v, sig, dec) for v in flat])
def message(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
        return
    show(label, r)
S = torch.special
inf, nan = float('inf'), float('nan')
'''

_UNARY = ("airy_ai bessel_j0 bessel_j1 bessel_y0 bessel_y1 modified_bessel_i0 "
          "modified_bessel_i1 modified_bessel_k0 modified_bessel_k1 scaled_modified_bessel_k0 "
          "scaled_modified_bessel_k1 spherical_bessel_j0 i0e i1e erfcx")
_POLYNOMIALS = ("chebyshev_polynomial_t chebyshev_polynomial_u chebyshev_polynomial_v "
                "chebyshev_polynomial_w shifted_chebyshev_polynomial_t "
                "shifted_chebyshev_polynomial_u shifted_chebyshev_polynomial_v "
                "shifted_chebyshev_polynomial_w hermite_polynomial_h hermite_polynomial_he "
                "laguerre_polynomial_l legendre_polynomial_p")

CASES = [
    ("spm_bessel_accurate_range", _SHOW + '''
x = torch.tensor([1e-5, 0.25, 0.5, 1.0, 1.9, 25.5, 31.0, 60.0, 300.0, 1e3], dtype=torch.float64)
for name in ['bessel_j0', 'bessel_j1', 'bessel_y0', 'bessel_y1']:
    show(name, getattr(S, name)(x), sig=10)
    show(name + ' f32', getattr(S, name)(x.float()), sig=4)
'''),
    # torch's kernels lose up to 1e-6 here (see the module docstring): 5 decimals
    ("spm_bessel_middle_range", _SHOW + '''
x = torch.tensor([2.5, 3.3, 5.0, 7.3, 9.1, 12.0, 16.5, 20.0], dtype=torch.float64)
for name in ['bessel_j0', 'bessel_j1', 'bessel_y0', 'bessel_y1']:
    show(name, getattr(S, name)(x), dec=5)
    show(name + ' f32', getattr(S, name)(x.float()), dec=5)
'''),
    ("spm_edges", _SHOW + f'''
x = torch.tensor([-inf, -1.5, -1e-30, -0.0, 0.0, 1e-30, inf, nan], dtype=torch.float64)
for name in "{_UNARY}".split():
    r = getattr(S, name)(x)
    print(name, r.dtype, [fmt(v, 9) for v in r.tolist()],
          [math.copysign(1, v) for v in r.tolist() if v == 0])
'''),
    ("spm_modified_bessel", _SHOW + '''
x = torch.tensor([1e-8, 0.3, 1.0, 2.0, 7.5, 25.0, 29.0, 31.0, 90.0, 700.0, 800.0],
                 dtype=torch.float64)
for name in ['modified_bessel_i0', 'modified_bessel_i1', 'modified_bessel_k0',
             'modified_bessel_k1', 'scaled_modified_bessel_k0', 'scaled_modified_bessel_k1',
             'i0e', 'i1e']:
    show(name, getattr(S, name)(x), sig=11)
    show(name + ' f32', getattr(S, name)(x.float()), sig=5)
show('i0e neg', S.i0e(-x), sig=11)
show('i1e neg', S.i1e(-x), sig=11)
show('i1 neg', S.modified_bessel_i1(-x[:6]), sig=11)
'''),
    ("spm_airy", _SHOW + '''
x = torch.tensor([-30.0, -12.5, -10.0, -2.0, -1.0, -0.3, 0.0, 0.4, 1.0, 2.5, 6.0, 9.0, 15.0,
                  40.0, 105.0], dtype=torch.float64)
show('airy', S.airy_ai(x), sig=11)
show('airy f32', S.airy_ai(x.float()), sig=4)
# torch's kernel loses up to 3e-6 between -10 and -2.09: 4 decimals
middle = torch.tensor([-9.5, -7.0, -5.2, -3.3, -2.1], dtype=torch.float64)
show('airy middle', S.airy_ai(middle), dec=4)
'''),
    ("spm_erfcx_spherical", _SHOW + '''
x = torch.tensor([-26.0, -5.0, -1.0, -0.2, 0.0, 0.3, 0.99, 1.0, 5.0, 50.0, 1e10, 1e200],
                 dtype=torch.float64)
show('erfcx', S.erfcx(x), sig=11)
show('erfcx f32', S.erfcx(x.float()), sig=5)
y = torch.tensor([-20.0, -3.0, -0.4, 1e-9, 0.1, 0.49, 0.5, 2.0, 31.4, 1e5], dtype=torch.float64)
show('sj0', S.spherical_bessel_j0(y), sig=12)
show('sj0 f32', S.spherical_bessel_j0(y.float()), sig=6)
'''),
    ("spm_unary_dtypes", _SHOW + f'''
for name in "{_UNARY}".split():
    f = getattr(S, name)
    message(name + ' int', lambda: f(torch.tensor([1, 2])))
    message(name + ' bool', lambda: f(torch.tensor([True, False])))
    message(name + ' half', lambda: f(torch.tensor([0.5, 2.0], dtype=torch.float16)))
    message(name + ' number', lambda: f(1.5))
    x = torch.tensor([[0.5], [1.5]], dtype=torch.float64, requires_grad=True)
    r = f(x)
    print(name, 'requires_grad', r.requires_grad, type(r.grad_fn).__name__, list(r.shape))
print(hasattr(torch, 'i0e'), hasattr(torch.Tensor, 'bessel_j0'), hasattr(torch, 'special_zeta'))
'''),
    ("spm_scaled_gradients", _SHOW + '''
x = torch.tensor([-3.0, -0.5, 0.0, 0.7, 2.0, 40.0], dtype=torch.float64, requires_grad=True)
for name in ['i0e', 'i1e', 'erfcx']:
    y = getattr(S, name)(x)
    g, = torch.autograd.grad(y.sum(), x, create_graph=True)
    show(name + ' grad', g, sig=11)
    g2, = torch.autograd.grad(g.sum(), x)
    show(name + ' grad2', g2, sig=9)
print(torch.autograd.gradcheck(S.i0e, (x.detach()[:5].clone().requires_grad_(),)))
'''),
    ("spm_bessel_no_gradient", _SHOW + '''
x = torch.tensor([0.5, 1.5], requires_grad=True)
y = S.bessel_j0(x)
print(y.requires_grad, y.grad_fn)
message('backward', lambda: y.sum().backward())
z = S.chebyshev_polynomial_t(x, 3)
print(z.requires_grad, z.grad_fn)
'''),
    ("spm_gammainc_values", _SHOW + '''
a = torch.tensor([0.1, 0.5, 1.0, 3.0, 10.0, 19.5], dtype=torch.float64).reshape(-1, 1)
x = torch.tensor([0.01, 0.5, 1.0, 4.0, 15.0, 60.0], dtype=torch.float64)
show('P', S.gammainc(a, x), sig=11)
show('Q', S.gammaincc(a, x), sig=11)
show('P f32', S.gammainc(a.float(), x.float()), sig=4)
show('Q f32', S.gammaincc(a.float(), x.float()), sig=4)
big = torch.tensor([25.0, 50.0, 200.0, 1000.0], dtype=torch.float64)
# torch's float64 kernel loses up to 2e-9 (relative) past a = 20: 7 digits
show('P big', S.gammainc(big, big * 0.9), sig=7)
show('Q big', S.gammaincc(big, big * 1.1), sig=7)
show('half', S.gammainc(torch.tensor([0.5, 2.0], dtype=torch.float16),
                        torch.tensor([0.5, 1.0], dtype=torch.float16)), sig=4)
'''),
    ("spm_gammainc_edges", _SHOW + '''
a = torch.tensor([-1.0, 0.0, 0.0, 1.0, inf, nan, 2.0, 2.0, 0.0, 3.0, inf, 1e-3, -0.0],
                 dtype=torch.float64)
x = torch.tensor([1.0, 0.0, 1.0, 0.0, 1.0, 1.0, inf, -1.0, inf, nan, inf, 1e-3, 1.0],
                 dtype=torch.float64)
show('P', S.gammainc(a, x))
show('Q', S.gammaincc(a, x))
show('tiny', S.gammainc(torch.tensor([86.4, 20.0], dtype=torch.float64),
                        torch.tensor([0.0073, 900.0], dtype=torch.float64)))
'''),
    ("spm_igamma_api", _SHOW + '''
a = torch.tensor([[1.0, 2.0, 3.0]])
x = torch.tensor([[0.5], [2.0]])
show('igamma', torch.igamma(a, x), sig=5)
show('method', a.igammac(x), sig=5)
show('mixed', torch.igamma(a, x.double()), sig=5)
show('int and float', torch.igamma(torch.tensor([1, 2]), torch.tensor([1.0, 2.0])), sig=5)
message('ints', lambda: torch.igamma(torch.tensor([1, 2]), torch.tensor([1, 2])))
message('bools', lambda: S.gammainc(torch.tensor([True]), torch.tensor([True])))
message('number', lambda: torch.igamma(a, 2))
message('special number', lambda: S.gammainc(a, 2.0))
message('special first number', lambda: S.gammaincc(2.0, a))
message('shapes', lambda: torch.igamma(torch.ones(2), torch.ones(3)))
b = torch.tensor([1.0, 2.0, 3.0])
r = b.igamma_(torch.tensor([2.0, 2.0, 2.0]))
show('inplace', b, sig=5)
print(r is b)
show('inplace c', torch.tensor([1.0, 2.0]).igammac_(torch.tensor(1.5)), sig=5)
message('inplace broadcast', lambda: torch.tensor([1.0]).igammac_(torch.tensor([[2.0], [3.0]])))
message('inplace int', lambda: torch.tensor([1]).igamma_(torch.tensor([2.0])))
'''),
    ("spm_igamma_gradients", _SHOW + '''
a = torch.tensor([0.5, 2.0, 7.0], dtype=torch.float64)
x = torch.tensor([0.3, 1.5, 9.0], dtype=torch.float64, requires_grad=True)
for name, f in (('igamma', torch.igamma), ('igammac', torch.igammac)):
    y = f(a, x)
    print(name, type(y.grad_fn).__name__)
    g, = torch.autograd.grad(y.sum(), x, create_graph=True)
    show(name + ' dx', g, sig=11)
    g2, = torch.autograd.grad(g.sum(), x)
    show(name + ' d2x', g2, sig=9)
    a2 = a.clone().requires_grad_()
    message(name + ' da', lambda: torch.autograd.grad(f(a2, x).sum(), a2))
    y = f(a2, x)
    message(name + ' backward', lambda: y.sum().backward())
    print(x.grad)
print(torch.autograd.gradcheck(lambda t: S.gammainc(a, t), (x,)))
'''),
    ("spm_zeta", _SHOW + '''
s = torch.tensor([1.5, 2.0, 3.0, 4.5, 10.0], dtype=torch.float64).reshape(-1, 1)
q = torch.tensor([0.25, 1.0, 2.0, 7.5], dtype=torch.float64)
show('zeta', S.zeta(s, q), sig=11)
show('zeta f32', S.zeta(s.float(), q.float()), sig=5)
show('scalar self', S.zeta(2, q), sig=11)
show('scalar other', S.zeta(s.reshape(-1), 3.0), sig=11)
show('ints', S.zeta(torch.tensor([2, 3]), torch.tensor([1, 2])), sig=8)
show('half and float', S.zeta(torch.tensor([2.0], dtype=torch.float16), torch.tensor([1.0])))
message('half', lambda: S.zeta(torch.tensor([2.0], dtype=torch.float16), 1.0))
message('numbers', lambda: S.zeta(2.0, 3.0))
message('string', lambda: S.zeta('a', q))
e_s = torch.tensor([1.0, 0.5, -1.0, inf, inf, inf, 2.0, 2.0, 2.0, 2.0, nan, 2.0],
                   dtype=torch.float64)
e_q = torch.tensor([1.0, 2.0, 2.0, 0.5, 1.0, 2.0, 0.0, -1.0, -1.5, inf, 1.0, -inf],
                   dtype=torch.float64)
show('edges', S.zeta(e_s, e_q))
'''),
    ("spm_zeta_gradients", _SHOW + '''
s = torch.tensor([2.0, 3.5], dtype=torch.float64)
q = torch.tensor([0.5, 2.0], dtype=torch.float64, requires_grad=True)
for label, y in (('tensors', S.zeta(s, q)), ('number s', S.zeta(2.5, q))):
    print(label, type(y.grad_fn).__name__)
    g, = torch.autograd.grad(y.sum(), q, create_graph=True)
    show(label + ' dq', g, sig=11)
    show(label + ' d2q', torch.autograd.grad(g.sum(), q)[0], sig=9)
s2 = s.clone().requires_grad_()
y = S.zeta(s2, 2.0)
print(type(y.grad_fn).__name__)
message('ds', lambda: y.sum().backward())
message('ds tensors', lambda: torch.autograd.grad(S.zeta(s2, q).sum(), s2))
'''),
    ("spm_polynomial_values", _SHOW + f'''
x = torch.tensor([-3.0, -1.0, -0.7, -0.2, 0.0, 0.3, 0.5, 0.85, 1.0, 1.5, 2.5],
                 dtype=torch.float64).reshape(-1, 1)
n = torch.tensor([-2, 0, 1, 2, 3, 6, 7, 9, 12, 20])
for name in "{_POLYNOMIALS}".split():
    show(name, getattr(S, name)(x, n), sig=11)
    # (float32: torch's cos and sin differ from NumPy's in the last bit)
    show(name + ' f32', getattr(S, name)(x.float(), n), sig=4)
'''),
    ("spm_polynomial_arguments", _SHOW + f'''
x = torch.tensor([0.25, 0.5, 2.0])
for name in "{_POLYNOMIALS}".split():
    f = getattr(S, name)
    show(name + ' number n', f(x, 3), sig=6)
    show(name + ' float n', f(x, 2.7), sig=6)
    show(name + ' number x', f(0.5, torch.tensor([3, 2])), sig=6)
    show(name + ' ints', f(torch.tensor([1, 2]), torch.tensor([3, 2])), sig=6)
    show(name + ' bool x', f(torch.tensor([True]), 2), sig=6)
    show(name + ' f64 x f32 n', f(x.double(), torch.tensor([3.0, 2.0, 1.0])), sig=6)
    show(name + ' nan n', f(x, torch.tensor([nan, inf, -inf])), sig=6)
    show(name + ' broadcast', f(x, torch.tensor([[1], [4]])), sig=6)
    message(name + ' half', lambda: f(x.half(), 3))
    message(name + ' numbers', lambda: f(0.5, 3))
    message(name + ' shapes', lambda: f(torch.ones(2), torch.ones(3)))
'''),
    ("spm_windows_values", _SHOW + '''
for name in ['hann_window', 'hamming_window', 'blackman_window', 'bartlett_window',
             'kaiser_window']:
    f = getattr(torch, name)
    for n in (0, 1, 2, 5, 8):
        for periodic in (True, False):
            # (kaiser's I0 is computed otherwise than torch's: 13 digits)
            show(f'{name} {n} {periodic}', f(n, periodic, dtype=torch.float64),
                 sig=13 if name == 'kaiser_window' else 15)
            show(f'{name} {n} {periodic} f32', f(n, periodic), sig=6)
            w = f(n, periodic, dtype=torch.float16)
            print(name, n, periodic, 'f16', w.dtype, w.tolist())
    show(name + ' default', f(7), sig=6)
show('hamming alpha', torch.hamming_window(6, True, 0.3), sig=6)
show('hamming alpha beta', torch.hamming_window(6, False, 0.3, 0.2, dtype=torch.float64),
     sig=15)
show('kaiser beta', torch.kaiser_window(6, True, 3.0, dtype=torch.float64), sig=14)
show('kaiser int beta', torch.kaiser_window(6, False, 3), sig=6)
show('kaiser negative beta', torch.kaiser_window(5, False, -2.5, dtype=torch.float64), sig=14)
print(torch.kaiser_window(9, False, 5.0, dtype=torch.float16).tolist())
print(torch.hann_window(33, dtype=torch.float16).tolist())
show('long', torch.blackman_window(64, dtype=torch.float64)[::9], sig=14)
'''),
    ("spm_windows_arguments", _SHOW + '''
for name in ['hann_window', 'hamming_window', 'blackman_window', 'bartlett_window',
             'kaiser_window']:
    f = getattr(torch, name)
    message(name + ' negative', lambda: f(-1))
    message(name + ' int dtype', lambda: f(3, dtype=torch.int64))
    message(name + ' bool dtype', lambda: f(3, dtype=torch.bool))
    message(name + ' float length', lambda: f(4.0))
    message(name + ' bool length', lambda: f(True))
    message(name + ' int periodic', lambda: f(5, 1))
    message(name + ' tensor length', lambda: f(torch.tensor(4)))
    message(name + ' requires_grad', lambda: f(4, False, dtype=torch.float64,
                                               requires_grad=True))
    message(name + ' options', lambda: f(4, device='cpu',
                                         pin_memory=False))
    message(name + ' periodic keyword', lambda: f(4, periodic=False))
message('hamming alpha keyword', lambda: torch.hamming_window(5, alpha=0.3))
message('hamming beta keyword', lambda: torch.hamming_window(5, beta=0.3))
message('kaiser beta keyword', lambda: torch.kaiser_window(5, beta=-3.0))
message('kaiser keywords', lambda: torch.kaiser_window(5, beta=3.0, periodic=False))
message('hamming keywords', lambda: torch.hamming_window(5, periodic=True, alpha=0.5, beta=0.5))
'''),
]
