"""torch.fft's transforms on real and complex tensors: values, dtypes, the graphs torch
builds around its three kernels (FftC2C/R2C/C2RBackward0 with slices, pads, casts and
conjugates), gradients in torch's convention (rfft's and irfft's Hermitian halves
included), and the errors of bad arguments."""

from __future__ import annotations

# A real loss of a complex or real result, weighting each part differently so that every
# bin's real and imaginary part has its own gradient; the graph's node names, newest first.
# The inputs and weights are generic values: no result is an exact integer or zero by
# symmetry, where the last bits of two FFT libraries (MKL's and pocketfft's) would print.
_HELPERS = """
def loss(y):
    if y.is_complex():
        w = weights(y.real)
        return (y.real * w).sum() + (y.imag * (w * 0.7 - 1.3)).sum()
    return (y * weights(y)).sum()

def weights(y):
    return (torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape) * 1.3 + 0.4).sin() + 0.21

def chain(t):
    names, f = [], t.grad_fn
    while f is not None:
        names.append(type(f).__name__)
        nxt = [g for g, _ in f.next_functions if g is not None]
        f = nxt[0] if nxt else None
    return names

def run(name, x, *args, **kwargs):
    y = getattr(torch.fft, name)(x, *args, **kwargs)
    (g,) = torch.autograd.grad(loss(y), x)
    print(name, args, kwargs, y.dtype, tuple(y.shape), chain(y))
    print(y)
    print(g)

def err(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ":", e)

def generic(*shape, seed=0.0):
    n = torch.arange(float(torch.tensor(shape).prod()), dtype=torch.float64)
    return ((n * 2.1 + seed).cos() * 1.7 + 0.3 * n).reshape(shape)

x = generic(5).requires_grad_()
x6 = generic(6, seed=1.0).requires_grad_()
z = torch.complex(generic(4, seed=2.0), generic(4, seed=3.0)).requires_grad_()
m = generic(3, 4, seed=4.0).requires_grad_()
mz = torch.complex(generic(3, 4, seed=5.0), generic(3, 4, seed=6.0)).requires_grad_()
"""

CASES = [
    ("complex_fft_one_dim_c2c_and_r2c", _HELPERS + """
for name in ("fft", "ifft"):
    for inp in (x, z):
        for n in (None, 3, 8):
            for norm in (None, "backward", "forward", "ortho"):
                run(name, inp, n=n, norm=norm)
"""),
    ("complex_fft_rfft_ihfft_real_inputs", _HELPERS + """
for name in ("rfft", "ihfft"):
    for inp in (x, x6):
        for n in (None, 1, 2, 4, 7, 9):
            for norm in (None, "forward", "ortho"):
                run(name, inp, n=n, norm=norm)
print(torch.fft.ifft(x).is_conj(), torch.fft.ihfft(x).is_conj(), torch.fft.fft(z).is_conj())
"""),
    ("complex_fft_irfft_hfft_hermitian_halves", _HELPERS + """
for name in ("irfft", "hfft"):
    for inp in (z, x):
        for n in (None, 1, 2, 5, 6, 7, 10):
            for norm in (None, "forward", "ortho"):
                run(name, inp, n=n, norm=norm)
"""),
    ("complex_fft_dims_and_batches", _HELPERS + """
for name in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft"):
    inp = mz if name in ("irfft", "hfft") else m
    run(name, inp, dim=0)
    run(name, inp, n=5, dim=-2)
    if name in ("fft", "ifft"):
        run(name, mz, dim=1, norm="ortho")
"""),
    ("complex_fft_float32_and_integer_inputs", """
x = torch.tensor([1., 2., 0.5, -1., 3., 0.25])
z = torch.tensor([1 + 2j, -0.5 + 1j, 3 - 1j, 0.25j])
for f in (torch.fft.fft, torch.fft.ifft, torch.fft.rfft, torch.fft.ihfft):
    y = f(x)
    print(y.dtype, y)
for f in (torch.fft.fft, torch.fft.ifft, torch.fft.irfft, torch.fft.hfft):
    y = f(z)
    print(y.dtype, y)
print(torch.fft.fft(torch.arange(4)), torch.fft.rfft(torch.arange(5)))
print(torch.fft.irfft(torch.tensor([1, 2, 3])), torch.fft.fft(torch.tensor([True, False])))
print(torch.fft.fftn(torch.arange(6).reshape(2, 3)))
print(torch.fft.rfft2(torch.arange(6.).reshape(2, 3)))
torch.set_default_dtype(torch.float64)
print(torch.fft.fft(torch.arange(4)).dtype)
torch.set_default_dtype(torch.float32)
"""),
    ("complex_fft_n_dims", _HELPERS + """
for name in ("fft2", "ifft2", "fftn", "ifftn"):
    for inp in (m, mz):
        run(name, inp)
        run(name, inp, s=(2, 5), norm="ortho")
        run(name, inp, dim=(1, 0), norm="forward")
for name in ("rfft2", "rfftn", "ihfft2", "ihfftn"):
    run(name, m)
    run(name, m, s=(4, 3), norm="forward")
    run(name, m, dim=(1, 0), norm="ortho")
    run(name, m, dim=(0,))
for name in ("irfft2", "irfftn", "hfft2", "hfftn"):
    for inp in (mz, m):
        run(name, inp)
        run(name, inp, s=(2, 5), norm="ortho")
        run(name, inp, s=(4, -1))
        run(name, inp, dim=(1, 0), norm="forward")
        run(name, inp, dim=(1,))
"""),
    ("complex_fft_second_derivatives", _HELPERS + """
for name, inp in (("fft", z), ("rfft", x6), ("irfft", z), ("fft2", m), ("irfftn", mz)):
    y = getattr(torch.fft, name)(inp)
    # (a quadratic loss: its gradient depends on the input)
    parts = (y.real, y.imag) if y.is_complex() else (y, y)
    l = (parts[0] * parts[0] * 0.5).sum() + (parts[0] * parts[1]).sum() + loss(y)
    (g,) = torch.autograd.grad(l, inp, create_graph=True)
    print(name, g.grad_fn is not None)
    g2 = g.real if g.is_complex() else g
    (h,) = torch.autograd.grad((g2 * g2).sum(), inp)
    # (rounded: irfftn's imaginary parts are zero up to the libraries' last bits)
    print(((torch.view_as_real(h) if h.is_complex() else h) * 1e8).round() / 1e8 + 0.0)
"""),
    ("complex_fft_bad_arguments", _HELPERS + """
x32 = torch.randn(6)
err(lambda: torch.fft.fft(x32, norm="bad"))
err(lambda: torch.fft.irfft(x32, norm="Ortho"))
err(lambda: torch.fft.fft(x32, n=0))
err(lambda: torch.fft.rfft(x32, n=-1))
err(lambda: torch.fft.irfft(torch.ones(1)))
err(lambda: torch.fft.fft(x32, dim=1))
err(lambda: torch.fft.fft(x32, dim=-2))
err(lambda: torch.fft.fft(torch.tensor(3.)))
err(lambda: torch.fft.fft(x32.half()))
err(lambda: torch.fft.rfft(x32.half()))
err(lambda: torch.fft.fft(x32, n=2.0))
err(lambda: torch.fft.fft(x32, dim=(0,)))
err(lambda: torch.fft.fft([1., 2.]))
err(lambda: torch.fft.fft(torch.ones(0)))
err(lambda: torch.fft.rfft(z))
err(lambda: torch.fft.ihfft(z))
err(lambda: torch.fft.rfftn(mz))
err(lambda: torch.fft.ihfftn(mz))
err(lambda: torch.fft.fftn(m, dim=(0, 0)))
err(lambda: torch.fft.fftn(m, s=(3, 4, 5)))
err(lambda: torch.fft.fftn(m, s=(3, 4), dim=(0,)))
err(lambda: torch.fft.fftn(m, s=(0, 4)))
err(lambda: torch.fft.fftn(m, s=(-2, 4)))
err(lambda: torch.fft.fftn(m, dim=(2,)))
err(lambda: torch.fft.fft2(z))
err(lambda: torch.fft.irfftn(mz[:, :1]))
err(lambda: torch.fft.fftn(m, s=[3.0, 4]))
err(lambda: torch.fft.fft(x32, norm=5))
err(lambda: torch.fft.fft2(m, dim=None))
err(lambda: torch.fft.rfft2(m, dim=None))
for name in ("rfftn", "irfftn", "hfftn", "ihfftn", "rfft2", "ihfft2", "irfft2", "hfft2"):
    err(lambda: getattr(torch.fft, name)(mz if name[0] in "ih" and name[1] != "h" else m, dim=()))
print(torch.fft.fftn(mz, dim=()), torch.fft.fftn(torch.tensor(2. + 1j)))
print(torch.fft.rfft(x, dim=torch.tensor(0)), torch.fft.fft(x, n=torch.tensor(3)))
"""),
]
