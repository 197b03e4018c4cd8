"""ember.autograd: reverse-mode differentiation (torch.autograd's API)."""

from .._grad_mode import enable_grad, inference_mode, no_grad, set_grad_enabled
from . import anomaly_mode as anomaly_mode
from . import forward_ad as forward_ad  # the torch.autograd.forward_ad namespace
from . import function as function
from . import functional as functional  # jacobian, hessian, vjp, jvp, hvp, vhp
from . import grad_mode as grad_mode
from . import graph as graph  # saved_tensors_hooks, Node
from . import profiler as profiler  # record_function only
from .anomaly import detect_anomaly, is_anomaly_enabled, set_detect_anomaly
from .backward import backward, grad
from .function import Function, NestedIOFunction
from .gradcheck import gradcheck, gradgradcheck
from .variable import Variable

__all__ = ["backward", "grad", "detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled",
           "Function", "NestedIOFunction", "gradcheck", "gradgradcheck", "Variable",
           "no_grad", "enable_grad", "set_grad_enabled", "inference_mode"]
