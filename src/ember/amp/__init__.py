"""torch.amp: automatic mixed precision, as far as ember can give it.

Scripts switch mixed precision on where a GPU is present and off elsewhere:

    use_amp = device == "cuda"
    scaler = torch.amp.GradScaler("cuda", enabled=use_amp)
    with torch.autocast(device_type=device, dtype=torch.float16, enabled=use_amp):
        loss = criterion(model(x), y)
    scaler.scale(loss).backward()
    scaler.step(optimizer)
    scaler.update()

ember is a CPU library without CUDA, so these run exactly as in a CPU-only torch: a disabled
autocast is a no-op, CUDA autocast and a CUDA GradScaler warn and disable themselves, and a
CPU GradScaler scales losses and unscales gradients as torch's does. What ember cannot give
is CPU autocast itself: it computes matmuls and convolutions in bfloat16 (or float16) with
torch's per-op casting lists; ember has no bfloat16, so entering an enabled CPU autocast
raises NotImplementedError instead of silently computing in float32.
"""

from .autocast_mode import autocast, is_autocast_available, is_autocast_enabled
from .grad_scaler import GradScaler

__all__ = ["autocast", "GradScaler", "is_autocast_available", "is_autocast_enabled"]
