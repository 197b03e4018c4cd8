"""torch.fft's real-valued helpers (the transforms: cases_complex_fft.py): sample
frequencies for every parity of n and spacings whose reciprocal rounds, n = 0, dtypes, and
the shifts with their gradient."""

from __future__ import annotations

CASES = [
    ("fft_sample_frequencies", """
for n in (1, 2, 5, 7, 8, 10, 33):
    for d in (1.0, 0.1, 0.3, 2.5):
        print(n, d, torch.fft.fftfreq(n, d).tolist(), torch.fft.rfftfreq(n, d).tolist())
print(torch.fft.fftfreq(4, dtype=torch.float64), torch.fft.rfftfreq(5, 0.5, dtype=torch.float64))
print(torch.fft.fftfreq(0), torch.fft.rfftfreq(0), torch.fft.fftfreq(3, requires_grad=True))
print(torch.fft.fftfreq(4, 2).dtype, torch.fft.fftfreq(4, 2))
"""),
    ("fft_shifts_and_their_gradient", """
x = torch.arange(6.).reshape(2, 3).requires_grad_()
print(torch.fft.fftshift(torch.arange(6)), torch.fft.ifftshift(torch.arange(7)))
print(torch.fft.fftshift(x), torch.fft.ifftshift(x))
print(torch.fft.fftshift(x, dim=1), torch.fft.ifftshift(x, dim=(0,)))
(torch.fft.fftshift(x, dim=-1) * torch.arange(3.)).sum().backward()
print(x.grad)
"""),
]
