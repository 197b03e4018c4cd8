"""Bad input to Tensor methods and properties, nn modules and optimizers: the exception type
torch raises and its message (found by scripts/fuzz_bad_methods.py).

Each case is ``(case_id, python_source)``; the source uses ``torch`` and prints, for every
statement it tries, the type and message of what it raises (or its result).
"""

from __future__ import annotations


def _tries(setup: str, *statements: str) -> str:
    """A source that runs each statement after `setup` and prints what it raises or gives."""
    lines = [setup] if setup else []
    for statement in statements:
        lines += ["try:", f"    print(repr({statement}))", "except Exception as error:",
                  # (NumPy 1 names its bool numpy.bool_, NumPy 2 numpy.bool)
                  "    print(type(error).__name__, str(error).replace('numpy.bool_', "
                  "'numpy.bool'))"]
    return "\n".join(lines)


CASES = [
    ("bad_requires_grad_arguments", _tries(
        "import numpy as np\nx = torch.ones(3)\nm = torch.nn.Linear(2, 2)",
        "x.requires_grad_(1)", "x.requires_grad_(None)", "x.requires_grad_('a')",
        "x.requires_grad_(np.bool_(True))", "x.requires_grad_(torch.tensor(True))",
        "torch.arange(3).requires_grad_('a')", "m.requires_grad_(1)",
        "setattr(x, 'requires_grad', 1)", "setattr(x, 'requires_grad', None)",
        "x.requires_grad_(False)", "x.requires_grad")),
    ("bad_data_assignment", _tries(
        "import numpy as np\nx = torch.ones(3, requires_grad=True)",
        "setattr(x, 'data', 'a')", "setattr(x, 'data', np.ones(3))",
        "setattr(x, 'data', [1.0, 2.0])",
        "setattr(x, 'data', torch.ones(3, dtype=torch.int64))",
        "setattr(x, 'data', torch.zeros(4))", "x",
        "setattr(torch.ones(2), 'data', torch.arange(2))")),
    ("bad_cast_method_arguments", _tries(
        "import numpy as np\nx = torch.ones(2)",
        "x.float(None)", "x.double(1, 2)", "x.long(torch.contiguous_format)",
        "x.half(memory_format=1)", "x.bool(bogus=1)", "x.int(memory_format=torch.preserve_format)",
        "x.cpu(None)", "x.cpu(memory_format=torch.preserve_format)", "x.contiguous(None)",
        "x.contiguous(memory_format=torch.contiguous_format)", "x.is_contiguous(None)",
        "x.is_contiguous(memory_format=torch.contiguous_format)")),
    ("bad_type_method_arguments", _tries(
        "import numpy as np\nx = torch.ones(2)",
        "x.type('bogus')", "x.type('torch.BogusTensor')", "x.type('float')", "x.type(5)",
        "x.type(float)", "x.type(np.float32)", "x.type('torch.LongTensor')",
        "x.type(torch.IntTensor)", "x.type(torch.float64)", "x.type()")),
    ("bad_index_tensor_dtypes", _tries(
        "import numpy as np\nx = torch.arange(12).reshape(3, 4)",
        "x[torch.tensor([1], dtype=torch.int16)]", "x[:, torch.tensor([1], dtype=torch.int8)]",
        "x[torch.tensor([1], dtype=torch.int32)]", "x[torch.tensor(1, dtype=torch.int16)]",
        "x[np.array([1], dtype=np.int16)]",
        "x.index_put((torch.tensor([1], dtype=torch.int16),), torch.tensor(0))",
        "x.__setitem__(torch.tensor([1], dtype=torch.int16), 5)", "x")),
    ("bad_index_objects", _tries(
        "import numpy as np\nx = torch.arange(12).reshape(3, 4)\nz = torch.tensor(2.5)",
        "x['a']", "x[b'a']", "x[['a']]", "x[np.array(['a'])]", "x[{}]", "x[1.5]",
        "x[5, 'a']", "x['a', 5]", "x[0, 1.5, 0]", "x[..., 'a']", "x.__setitem__(('a', 0), 1)",
        "z['a']", "z[1.5]", "z[{}]", "z[[None, 'a']]", "z.__setitem__('a', 1)", "z[0]", "z[:]")),
    ("bad_backward_gradients_and_inputs", _tries(
        "import numpy as np\nx = torch.ones(3, requires_grad=True)",
        "(x * 2).backward('a')", "(x * 2).backward([1.0, 2.0, 3.0])",
        "(x * 2).sum().backward(np.float32(1))", "(x * 2).sum().backward(inputs='a')",
        "(x * 2).sum().backward(inputs=[x, 5])", "torch.autograd.grad(x.sum(), [x, 'a'])",
        "torch.autograd.grad(x.sum(), x, grad_outputs=[1.0])",
        "torch.autograd.backward([x.sum()], grad_tensors=['a'])",
        "torch.autograd.grad(x.sum(), x, grad_outputs=[None])",
        "torch.autograd.grad(x.sum(), x, grad_outputs=torch.tensor(2.0))")),
    ("tensor_split_negative_indices", "\n".join([
        "x = torch.arange(12.).reshape(3, 4).requires_grad_()",
        "for idx in [(-1, 2), (1, -1), (-5, 1), (2, -2, 3), (-1,), (0, -3, -2, 5)]:",
        "    print(idx, [tuple(t.shape) for t in x.tensor_split(idx)],",
        "          [tuple(t.shape) for t in torch.tensor_split(x, idx, dim=1)])",
        "print(x.vsplit([-1, 2]), x.hsplit([1, -1])[1])",
        "print(x.tensor_split(torch.tensor([1, -1]), dim=1)[1])",
        "x.tensor_split((1, -1), dim=1)[1].sum().backward()",
        "print(x.grad)"])),
]
