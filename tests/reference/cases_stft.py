"""torch.stft and torch.istft (and the Tensor methods): shapes and dtypes for every argument,
values, gradients, the graph's node names, round trips, warnings and errors.

Values pass through the FFT kernels, whose last bits differ between torch's library and
NumPy's pocketfft (as for torch.fft: cases_complex_fft.py), so they print rounded: float64
to 1e-9, float32 to 1e-3, far from where a last-bit difference could flip a digit."""

from __future__ import annotations

_HELPERS = '''
import warnings
def r64(t):
    t = torch.view_as_real(t) if t.is_complex() else t
    return ((t.detach().double() * 1e9).round() / 1e9 + 0.0).reshape(-1).tolist()
def r32(t):
    t = torch.view_as_real(t) if t.is_complex() else t
    return ((t.detach().double() * 1e3).round() / 1e3 + 0.0).reshape(-1).tolist()
def walk(fn, depth=0):
    if fn is None:
        return
    print("  " * depth + type(fn).__name__)
    for child, _ in fn.next_functions:
        walk(child, depth + 1)
def error(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, str(e).split(" (Triggered internally")[0])
    else:
        print("no error")
def signal(n, dtype=torch.float64):
    i = torch.arange(n, dtype=dtype)
    return (i * 0.37).sin() + 0.1 * i.sqrt()
'''


def _case(name: str, body: str) -> tuple[str, str]:
    return (name, _HELPERS + body)


CASES = [
    _case("stft_shapes_and_dtypes_for_every_argument", """
x = signal(50)
for kw in (dict(), dict(hop_length=3), dict(win_length=6), dict(center=False),
           dict(onesided=False), dict(normalized=True), dict(pad_mode="constant"),
           dict(pad_mode="replicate"), dict(pad_mode="circular"),
           dict(center=False, align_to_window=True, win_length=5),
           dict(center=False, align_to_window=False, win_length=5),
           dict(center=False, align_to_window=True)):
    w = torch.hann_window(kw.get("win_length", 8), dtype=torch.float64)
    for dtype in (torch.float32, torch.float64):
        s = torch.stft(x.to(dtype), 8, window=w.to(dtype), return_complex=True, **kw)
        print(kw, dtype, tuple(s.shape), s.dtype, s.is_contiguous(), s.stride())
b = torch.stack([signal(40), signal(40).flip(0)]).float()
s = torch.stft(b, 10, 4, window=torch.hamming_window(10), return_complex=True)
print(tuple(s.shape), s.dtype, s.stride())
r = torch.stft(b, 10, 4, window=torch.hamming_window(10), return_complex=False)
print(tuple(r.shape), r.dtype, r.stride())
c = torch.stft(b.to(torch.complex64), 10, 4, window=torch.hamming_window(10))
print(tuple(c.shape), c.dtype)
c = torch.stft(b, 10, 4, window=torch.hamming_window(10).to(torch.complex128))
print(tuple(c.shape), c.dtype)
print(torch.stft(x.float(), 8, window=torch.ones(8).double(), return_complex=True).dtype)
print(torch.stft(x, 50, center=False, return_complex=True).shape)
print(x.stft(8, 2, window=torch.hann_window(8, dtype=torch.float64), return_complex=True).shape)
"""),
    _case("stft_values_float64", """
x = signal(40)
w = torch.hann_window(8, dtype=torch.float64)
print(r64(torch.stft(x, 8, window=w, return_complex=True)))
print(r64(torch.stft(x, 8, 3, 6, window=torch.hann_window(6, dtype=torch.float64),
                     return_complex=True, normalized=True)))
print(r64(torch.stft(x, 8, 2, 5, window=torch.hann_window(5, dtype=torch.float64),
                     return_complex=True, center=False, align_to_window=True)))
print(r64(torch.stft(x, 9, 3, 6, window=torch.hann_window(6, dtype=torch.float64),
                     return_complex=True, center=False, align_to_window=True)))
print(r64(torch.stft(x, 7, 2, return_complex=True, onesided=False, pad_mode="constant")))
print(r64(torch.stft(x, 9, 4, 7, return_complex=True, pad_mode="replicate")))
print(r64(torch.stft(x, 6, 4, return_complex=True, pad_mode="circular")))
print(r64(torch.stft(x, 8, window=w, return_complex=False)))
xc = torch.complex(x, x.flip(0))
print(r64(torch.stft(xc, 8, 3, window=w, return_complex=True)))
print(r64(torch.stft(x, 8, 3, window=torch.complex(w, w.flip(0)), return_complex=True)))
"""),
    _case("stft_values_float32", """
x = signal(24, torch.float32)
s = torch.stft(x, 8, 4, window=torch.hann_window(8), return_complex=True)
print(s.dtype, r32(s))
s = torch.stft(x.to(torch.complex64), 8, 4, window=torch.hann_window(8))
print(s.dtype, r32(s))
"""),
    _case("stft_bits_where_the_fft_is_exact", """
# (full precision: with n_fft 2, and float64 n_fft 4, both FFTs round alike, so these show
# the framing, window, overlap-add and envelope rounding as torch's, to the last bit)
for dtype, n in ((torch.float32, 2), (torch.float64, 2), (torch.float64, 4)):
    x = ((torch.arange(40, dtype=dtype) * 13 % 17) / 7 - 1.1).requires_grad_()
    w = (torch.arange(1, n + 1, dtype=dtype) / (n + 1.5)).requires_grad_()
    for hop in (1, 2):
        s = torch.stft(x, n, hop, window=w, return_complex=True)
        y = torch.istft(s, n, hop, window=w, length=40)
        c = torch.arange(s.numel() * 2, dtype=dtype).reshape(*s.shape, 2) % 5 - 2
        ((torch.view_as_real(s) * c).sum() + (y * y).sum()).backward()
        print(dtype, n, hop, torch.view_as_real(s).reshape(-1).tolist(), y.tolist())
        print(x.grad.tolist(), w.grad.tolist())
        x.grad = w.grad = None
"""),
    _case("stft_gradients", """
x = signal(30).requires_grad_()
w = torch.hann_window(8, dtype=torch.float64).requires_grad_()
s = torch.stft(x, 8, 3, window=w, return_complex=True)
s.abs().sum().backward()
print(r64(x.grad), r64(w.grad))
x.grad = w.grad = None
w6 = torch.hann_window(6, dtype=torch.float64).requires_grad_()
s = torch.stft(x, 8, 2, 6, window=w6, return_complex=True, center=False, normalized=True)
(s.real ** 2 + 3 * s.imag).sum().backward()
print(r64(x.grad), r64(w6.grad))
xc = torch.complex(signal(20), signal(20).flip(0)).requires_grad_()
s = torch.stft(xc, 6, 2, window=torch.hamming_window(6, dtype=torch.float64))
s.abs().sum().backward()
print(r64(xc.grad))
b = torch.stack([signal(20), signal(20) * 2]).requires_grad_()
torch.view_as_real(torch.stft(b, 6, 2, return_complex=True, pad_mode="replicate")).sum().backward()
print(r64(b.grad))
x = torch.linspace(-1, 2, 30, dtype=torch.float64).requires_grad_()
w = torch.hann_window(8, dtype=torch.float64).requires_grad_()
s = torch.stft(x, 8, 2, window=w, return_complex=True)
g, = torch.autograd.grad(s.abs().pow(2).sum(), x, create_graph=True)
print(g.grad_fn.name(), r64(g))
h, = torch.autograd.grad(g.pow(2).sum(), w)
print(r64(h / 1000))
"""),
    _case("stft_graph_node_names", """
x = signal(30).requires_grad_()
w = torch.hann_window(8, dtype=torch.float64).requires_grad_()
walk(torch.stft(x, 8, return_complex=True).grad_fn)
walk(torch.stft(x, 8, window=w, return_complex=True, normalized=True).grad_fn)
walk(torch.stft(x, 8, 2, 6, window=w[:6], return_complex=True, center=False).grad_fn)
walk(torch.stft(x, 8, window=w, return_complex=False, pad_mode="constant").grad_fn)
walk(torch.stft(torch.stack([x, x]), 8, window=w, return_complex=True,
                onesided=False).grad_fn)
walk(torch.stft(x.to(torch.complex128), 8, window=w, center=False).grad_fn)
"""),
    _case("istft_round_trips", """
x = signal(50)
for n_fft, hop, win in ((8, None, None), (16, 4, 12), (7, 3, 5), (10, 5, 10)):
    w = torch.hann_window(win or n_fft, dtype=torch.float64)
    for kw in (dict(), dict(normalized=True), dict(onesided=False)):
        s = torch.stft(x, n_fft, hop, win, window=w, return_complex=True, **kw)
        y = torch.istft(s, n_fft, hop, win, window=w, length=50, **kw)
        print(n_fft, hop, win, kw, tuple(y.shape), y.dtype, (y - x).abs().max() < 1e-12)
        print(r64(torch.istft(s, n_fft, hop, win, window=w, **kw)))
b = torch.stack([x, x.flip(0)]).float()
s = torch.stft(b, 10, 4, window=torch.hamming_window(10), return_complex=True)
y = torch.istft(s, 10, 4, window=torch.hamming_window(10))
print(tuple(y.shape), y.dtype, r32(y))
print(r32(s.istft(10, 4, window=torch.hamming_window(10), length=30)))
y = torch.istft(s, 10, 4, window=torch.hamming_window(10), length=60)
print(tuple(y.shape), r32(y[:, -12:]))
s = torch.stft(x, 8, 2, window=torch.hann_window(8, dtype=torch.float64), return_complex=True,
               center=False)
print(r64(torch.istft(s, 8, 2, window=torch.hann_window(8, dtype=torch.float64) + 0.1,
                      center=False)))
xc = torch.complex(x, x.flip(0))
s = torch.stft(xc, 8, 2, window=torch.hann_window(8, dtype=torch.float64))
y = torch.istft(s, 8, 2, window=torch.hann_window(8, dtype=torch.float64), return_complex=True,
                onesided=False)
print(y.dtype, tuple(y.shape), r64(y))
print(torch.istft(s.to(torch.complex64), 8, 2, window=torch.hann_window(8, dtype=torch.float64),
                  onesided=False).dtype)
"""),
    _case("istft_gradients_and_graph", """
x = signal(30)
w = torch.hann_window(8, dtype=torch.float64).requires_grad_()
s = torch.stft(x, 8, 2, window=w.detach(), return_complex=True).requires_grad_()
y = torch.istft(s, 8, 2, window=w)
walk(y.grad_fn)
(y * torch.arange(30.)).sum().backward()
print(r64(s.grad), r64(w.grad))
s.grad = None
y = torch.istft(s[None].expand(2, -1, -1), 8, 2, window=w.detach() + 0.5, length=40)
walk(y.grad_fn)
y = torch.istft(s, 8, 2, 6, window=w.detach()[1:7] + 0.5, length=33) * 2 + y[0, :33]
walk(y.grad_fn)
y.pow(2).sum().backward()
print(r64(s.grad))
s.grad = None
xs = torch.stft(torch.complex(x + 1, x - 2), 8, 2, window=w.detach()).requires_grad_()
y = torch.istft(xs, 8, 2, window=w.detach(), return_complex=True, normalized=True)
walk(y.grad_fn)
y.abs().sum().backward()
print(r64(xs.grad))
"""),
    _case("stft_errors", """
x = signal(20).float()
w8 = torch.hann_window(8)
error(lambda: torch.stft(x, 8, window=w8))
error(lambda: torch.stft(torch.arange(20), 8, center=False))
error(lambda: torch.stft(x, 0, window=w8, return_complex=True))
error(lambda: torch.stft(x, 40, return_complex=True, center=False))
error(lambda: torch.stft(x, 40, 10, 4, return_complex=True, center=False))
error(lambda: torch.stft(x, -1, return_complex=True, center=False))
error(lambda: torch.stft(x, 40, return_complex=True))
error(lambda: torch.stft(x, 8, 0, window=w8, return_complex=True))
error(lambda: torch.stft(x, 8, -2, window=w8, return_complex=True))
error(lambda: torch.stft(x, 8, 2, 9, return_complex=True))
error(lambda: torch.stft(x, 8, 2, 0, return_complex=True))
error(lambda: torch.stft(x, 8, 2, 6, window=w8, return_complex=True))
error(lambda: torch.stft(x, 8, 2, window=torch.ones(2, 4), return_complex=True))
error(lambda: torch.stft(torch.randn(2, 3, 20), 8, window=w8, return_complex=True))
error(lambda: torch.stft(torch.randn(2, 3, 20), 8, window=w8, return_complex=True,
                         center=False))
error(lambda: torch.stft(torch.tensor(1.), 8, window=w8, return_complex=True, center=False))
error(lambda: torch.stft(torch.arange(20), 8, window=w8, return_complex=True, center=False))
error(lambda: torch.stft(torch.arange(20), 8, window=w8, return_complex=True))
error(lambda: torch.stft(x.to(torch.complex64), 8, window=w8, return_complex=True,
                         onesided=True))
error(lambda: torch.stft(x, 8, window=w8.to(torch.complex64), return_complex=True,
                         onesided=True))
error(lambda: torch.stft(x.to(torch.complex64), 0, window=w8.double().to(torch.complex128)))
error(lambda: torch.stft(x, 8, window=w8, return_complex=True, align_to_window=True))
error(lambda: torch.stft(x, 8, window=w8, return_complex=True, pad_mode="foo"))
error(lambda: torch.stft(x.double(), 8, window=w8.double(), return_complex=True,
                         normalized=True, onesided=False, hop_length=0, center=False,
                         align_to_window=False))
error(lambda: torch.stft(x.half(), 8, window=w8.half(), return_complex=True))
error(lambda: torch.stft(torch.tensor(1.), 8, window=w8, return_complex=True,
                         pad_mode="constant"))
error(lambda: torch.stft(x, 8.0, window=w8, return_complex=True))
error(lambda: torch.stft(x, 8, 2.0, window=w8, return_complex=True))
error(lambda: torch.stft(x, 8, window=[1.0] * 8, return_complex=True, center=False))
error(lambda: torch.stft(x, 8, window=w8, return_complex=1))
error(lambda: x.stft(8.0, window=w8, return_complex=True))
# (torch pads (n_fft - win_length) // 2 on each side: an odd difference can leave the last
# frame past the end of the padded signal)
error(lambda: torch.stft(signal(40), 8, 5, 5, window=torch.hann_window(5, dtype=torch.float64),
                         return_complex=True, center=False, align_to_window=True))
error(lambda: torch.stft(torch.stack([signal(21)] * 3), 8, 2, 3, window=torch.ones(3).double(),
                         return_complex=True, center=False, align_to_window=True))
"""),
    _case("istft_errors", """
x = signal(20)
w8 = torch.hann_window(8, dtype=torch.float64)
s = torch.stft(x, 8, window=w8, return_complex=True)
error(lambda: torch.istft(torch.view_as_real(s), 8, window=w8))
error(lambda: torch.istft(s.real, 8, window=w8))
error(lambda: torch.istft(s, 8, window=w8, return_complex=True))
error(lambda: torch.istft(s, 8, window=w8, return_complex=True, onesided=False))
error(lambda: torch.istft(s, 10, window=torch.ones(10, dtype=torch.float64)))
error(lambda: torch.istft(s, 8, hop_length=8, window=w8))
error(lambda: torch.istft(s, 8, hop_length=2, window=torch.zeros(8, dtype=torch.float64)))
error(lambda: torch.istft(s, 8, hop_length=0, window=w8))
error(lambda: torch.istft(s, 8, win_length=9, window=w8))
error(lambda: torch.istft(s, 8, win_length=6, window=w8))
error(lambda: torch.istft(s[0], 8, window=w8))
error(lambda: torch.istft(s[None, None], 8, window=w8))
error(lambda: torch.istft(s, 0, window=w8))
error(lambda: torch.istft(s, 8, window=w8, center=False))
error(lambda: torch.istft(s[:, :0], 8, window=w8))
error(lambda: torch.istft(s[:, :1], 8, window=w8, center=False))
error(lambda: torch.istft(s, 8, window=w8.to(torch.complex128)))
error(lambda: torch.istft(s, 8.0, window=w8))
error(lambda: s.istft(8.0, window=w8))
error(lambda: torch.istft([1], 8, window=w8))
error(lambda: torch.istft(s, 8, window=[1.0]))
error(lambda: torch.istft(s, 8, 2, 8, [1.0]))
error(lambda: torch.istft(s, 8, hop_length=2.0, window=w8))
error(lambda: torch.istft(s, 8, window=w8, length=3.0))
error(lambda: torch.istft(s, 8, window=w8, center=None))
error(lambda: torch.istft(s.to(torch.complex64), 8, 2, 8, window=w8.to(torch.complex64),
                          onesided=True, length=7, return_complex=True, normalized=True))
"""),
    _case("stft_and_istft_warnings", """
x = signal(20)
w8 = torch.hann_window(8, dtype=torch.float64)
for _ in range(2):  # (torch warns once per process)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = torch.stft(x, 8, return_complex=True)
        torch.stft(x, 8, window=w8, return_complex=False)
        torch.istft(s, 8)
        torch.istft(s, 8, window=w8, length=30)
    for w in caught:
        print(w.category.__name__, str(w.message).split(" (Triggered internally")[0])
"""),
]
