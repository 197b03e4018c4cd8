"""Functional convolutions: conv1d/2d/3d, conv_transpose1d/2d/3d, unfold, fold.

Each is the op-table primitive of ops/nn_conv.py (ConvolutionBackward0, Im2ColBackward0,
Col2ImBackward0) behind torch's argument handling and checks; nothing is composed here.
"""

from __future__ import annotations

from ...ops.nn_conv import (
    conv1d,
    conv2d,
    conv3d,
    conv_transpose1d,
    conv_transpose2d,
    conv_transpose3d,
    fold,
    unfold,
)

__all__ = ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d", "unfold", "fold"]
