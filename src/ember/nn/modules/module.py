"""nn.Module: the base class of every layer and model.

A module keeps its state in three ordered dicts, filled by attribute assignment:
`_parameters` (Parameters), `_buffers` (tensors that are state but not learned, such as
running statistics) and `_modules` (child modules). Everything else (traversal,
state_dict, dtype conversion, hooks, printing) walks those dicts, in the order the
attributes were assigned, exactly as torch does, so parameter names, state_dict keys and
printed models match torch's.
"""

from __future__ import annotations

import itertools
import weakref
from collections import OrderedDict, namedtuple
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ... import _dtype
from ..._device import check_device, is_meta_device
from ..._device import device as _device
from ..._grad_mode import no_grad
from ..._grad_mode import state as _grad_state
from ..._tensor import Tensor, _HookHandle
from ..._warnings import warn
from ..parameter import Buffer, Parameter, is_lazy
from . import _call_log
from ._backward_hooks import BackwardHookCall

__all__ = ["Module"]


def typename(obj: Any) -> str:
    """torch.typename: 'torch.FloatTensor' for a tensor, the qualified class name otherwise."""
    if isinstance(obj, Tensor):
        return obj.type()
    module = getattr(type(obj), "__module__", "") or ""
    name = type(obj).__qualname__
    return name if module in ("builtins", "__builtin__", "") else f"{module}.{name}"


def _addindent(text: str, spaces: int, keep_blank: bool = False) -> str:
    """Indent every line of `text` but the first (a child's repr inside its parent's). As in
    torch 2.13, a blank line (whitespace only, as a blank line of an extra_repr has become
    in the child's own repr) is left empty rather than indented, except in a ModuleList's
    repr (`keep_blank`), which indents every line."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    pad = " " * spaces
    return lines[0] + "\n" + "\n".join(pad + line if keep_blank or line.strip() else ""
                                        for line in lines[1:])


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What load_state_dict returns: the keys it could not match."""

    __slots__ = ()

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


def _check_name(kind: str, name: Any, module: Module, table: dict) -> None:
    """The checks torch makes on a name before registering a parameter/buffer/module."""
    if not isinstance(name, str):
        raise TypeError(f"{kind} name should be a string. Got {typename(name)}")
    if "." in name:
        detail = f", got: {name}" if kind == "module" else ""
        raise KeyError(f"{kind} name can't contain \".\"{detail}")
    if name == "":
        raise KeyError(f"{kind} name can't be empty string \"\"")
    if hasattr(module, name) and name not in table:
        raise KeyError(f"attribute '{name}' already exists")


class Module:
    """Base class for all neural network modules; subclass it and define `forward`.

    Assigning a Parameter, a Module or an `nn.Buffer` to an attribute registers it, so
    `parameters()`, `state_dict()`, `to()` and `print(model)` see it.
    """

    _version: int = 1  # stored in state_dict metadata, as torch does
    training: bool
    call_super_init: bool = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs:
            raise TypeError(f"{type(self).__name__}.__init__() got an unexpected keyword "
                            f"argument '{next(iter(kwargs))}'")
        if args:
            raise TypeError(f"{type(self).__name__}.__init__() takes 1 positional argument "
                            f"but {len(args) + 1} were given")
        setattr_ = object.__setattr__
        setattr_(self, "training", True)
        setattr_(self, "_parameters", {})
        setattr_(self, "_buffers", {})
        setattr_(self, "_non_persistent_buffers_set", set())
        setattr_(self, "_modules", {})
        setattr_(self, "_forward_pre_hooks", OrderedDict())
        setattr_(self, "_forward_pre_hooks_with_kwargs", {})
        setattr_(self, "_forward_hooks", OrderedDict())
        setattr_(self, "_forward_hooks_with_kwargs", {})
        setattr_(self, "_forward_hooks_always_called", {})
        setattr_(self, "_backward_hooks", OrderedDict())
        setattr_(self, "_backward_pre_hooks", OrderedDict())
        setattr_(self, "_state_dict_hooks", OrderedDict())
        setattr_(self, "_load_state_dict_pre_hooks", OrderedDict())

    # ------------------------------------------------------------------ calling
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        hooked = (self._forward_pre_hooks or self._forward_hooks or self._backward_hooks
                  or self._backward_pre_hooks)
        if not _grad_state.enabled:  # no graph is recorded, so no call is logged
            return self._call_with_hooks(args, kwargs) if hooked else self.forward(*args,
                                                                                  **kwargs)
        first = _call_log.next_number()
        depth = _call_log.depth[0]
        _call_log.depth[0] = depth + 1
        try:
            output = (self._call_with_hooks(args, kwargs) if hooked
                      else self.forward(*args, **kwargs))
        finally:
            _call_log.depth[0] = depth
        # (first, last, module, depth): laid out as _call_log.ModuleCall
        _call_log.CALLS.append((first, _call_log.next_number(), weakref.ref(self), depth))
        return output

    def _call_with_hooks(self, args: tuple, kwargs: dict) -> Any:
        for hook_id, hook in list(self._forward_pre_hooks.items()):
            if hook_id in self._forward_pre_hooks_with_kwargs:
                result = hook(self, args, kwargs)
                if result is not None:
                    if not (isinstance(result, tuple) and len(result) == 2):
                        raise RuntimeError(
                            "forward pre-hook must return None or a tuple of (new_args, "
                            f"new_kwargs), but got {result}.")
                    args, kwargs = result
            else:
                result = hook(self, args)
                if result is not None:
                    args = result if isinstance(result, tuple) else (result,)
        backward_hooks = None
        if (self._backward_hooks or self._backward_pre_hooks) and _grad_state.enabled:
            backward_hooks = BackwardHookCall(self, args)
            args = backward_hooks.wrap_inputs()
        try:
            output = self.forward(*args, **kwargs)
        except BaseException:
            for hook_id, hook in list(self._forward_hooks.items()):
                if hook_id in self._forward_hooks_always_called:
                    _run_forward_hook(self, hook_id, hook, args, kwargs, None)
            raise
        for hook_id, hook in list(self._forward_hooks.items()):
            result = _run_forward_hook(self, hook_id, hook, args, kwargs, output)
            if result is not None:
                output = result
        if backward_hooks is not None:
            output = backward_hooks.wrap_outputs(output)
        return output

    def register_forward_pre_hook(self, hook: Callable, *, prepend: bool = False,
                                  with_kwargs: bool = False) -> _HookHandle:
        """Call `hook(module, args)` before every forward; a non-None result replaces the
        positional args. With `with_kwargs`, `hook(module, args, kwargs)` returns both."""
        handle = _add_hook(self._forward_pre_hooks, hook, prepend)
        if with_kwargs:
            self._forward_pre_hooks_with_kwargs[handle.id] = True
        return handle

    def register_forward_hook(self, hook: Callable, *, prepend: bool = False,
                              with_kwargs: bool = False, always_call: bool = False
                              ) -> _HookHandle:
        """Call `hook(module, args, output)` after every forward; a non-None result
        replaces the output. `always_call` also runs it when forward raises."""
        handle = _add_hook(self._forward_hooks, hook, prepend)
        if with_kwargs:
            self._forward_hooks_with_kwargs[handle.id] = True
        if always_call:
            self._forward_hooks_always_called[handle.id] = True
        return handle

    def register_full_backward_hook(self, hook: Callable, prepend: bool = False
                                    ) -> _HookHandle:
        """Call `hook(module, grad_input, grad_output)` when the gradients with respect to
        the module's inputs are computed; a non-None result replaces grad_input."""
        return _add_hook(self._backward_hooks, hook, prepend)

    def register_full_backward_pre_hook(self, hook: Callable, prepend: bool = False
                                        ) -> _HookHandle:
        """Call `hook(module, grad_output)` when the gradients with respect to the module's
        outputs are computed; a non-None result replaces grad_output."""
        return _add_hook(self._backward_pre_hooks, hook, prepend)

    def register_backward_hook(self, hook: Callable) -> _HookHandle:
        raise NotImplementedError(
            "Module.register_backward_hook (torch's deprecated form, whose grad_input is that "
            "of the module's last op) is not in ember: use register_full_backward_hook.")

    # ------------------------------------------------------------------ registration
    def __setattr__(self, name: str, value: Any) -> None:
        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._forget(name, keep="_parameters")
            self.register_parameter(name, value)
            return
        if params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{typename(value)}' as parameter '{name}' "
                                "(torch.nn.Parameter or None expected)")
            self.register_parameter(name, value)
            return
        modules = self.__dict__.get("_modules")
        if isinstance(value, Module):
            if modules is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._forget(name, keep="_modules")
            modules[name] = value
            return
        if modules is not None and name in modules:
            if value is not None:
                raise TypeError(f"cannot assign '{typename(value)}' as child module '{name}' "
                                "(torch.nn.Module or None expected)")
            modules[name] = value
            return
        buffers = self.__dict__.get("_buffers")
        if isinstance(value, Buffer) or (buffers is not None and name in buffers):
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{typename(value)}' as buffer '{name}' "
                                "(torch.nn.Buffer, torch.Tensor or None expected)")
            if isinstance(value, Buffer):
                persistent = value.persistent
            else:
                persistent = name not in self._non_persistent_buffers_set
            if buffers is None:
                raise AttributeError("cannot assign buffer before Module.__init__() call")
            self._forget(name, keep="_buffers")
            self.register_buffer(name, value, persistent)
            return
        object.__setattr__(self, name, value)

    def _forget(self, name: str, keep: str) -> None:
        """Remove `name` from every table but `keep` (re-registering under another kind)."""
        self.__dict__.pop(name, None)
        for table in ("_parameters", "_buffers", "_modules"):
            if table != keep:
                self.__dict__[table].pop(name, None)
        if keep != "_buffers":
            self._non_persistent_buffers_set.discard(name)

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: look in the registration tables.
        state = self.__dict__
        for table in ("_parameters", "_buffers", "_modules"):
            entries = state.get(table)
            if entries is not None and name in entries:
                return entries[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for table in ("_parameters", "_buffers", "_modules"):
            if name in self.__dict__[table]:
                del self.__dict__[table][name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self) -> list[str]:
        keys = set(dir(type(self))) | set(self.__dict__)
        keys |= set(self._parameters) | set(self._buffers) | set(self._modules)
        return sorted(key for key in keys if not key[0].isdigit())

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter (or a None placeholder) under `name`."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        _check_name("parameter", name, self, self._parameters)
        if param is None:
            self._parameters[name] = None
            return
        if not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{typename(param)}' object to parameter '{name}' "
                            "(torch.nn.Parameter or None required)")
        if param.grad_fn is not None:
            raise ValueError(
                f"Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must "
                f"be created explicitly. To express '{name}' as a function of another Tensor, "
                "compute the value in the forward() method.")
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None,
                        persistent: bool = True) -> None:
        """Add a buffer: state that is not a parameter (e.g. running statistics).
        `persistent=False` keeps it out of `state_dict()`."""
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        _check_name("buffer", name, self, self._buffers)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{typename(tensor)}' object to buffer '{name}' "
                            "(torch Tensor or None required)")
        if isinstance(tensor, Buffer):
            tensor = Tensor(tensor._data, tensor._requires_grad, None, tensor._version_counter)
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a child module under `name` (also reachable as an attribute)."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{typename(module)} is not a Module subclass")
        _check_name("module", name, self, self._modules)
        self._modules[name] = module

    register_module = add_module

    def get_submodule(self, target: str) -> Module:
        """The module at dotted path `target` ("" is self)."""
        module = self
        for item in target.split(".") if target else ():
            if not hasattr(module, item):
                raise AttributeError(f"{module._get_name()} has no attribute `{item}`")
            module = getattr(module, item)
            if not isinstance(module, Module):
                raise AttributeError(f"`{item}` is not an nn.Module")
        return module

    def get_parameter(self, target: str) -> Parameter:
        """The parameter at dotted path `target`."""
        return self._get_member(target, lambda m, name: isinstance(getattr(m, name), Parameter),
                                "an nn.Parameter")

    def get_buffer(self, target: str) -> Tensor:
        """The buffer at dotted path `target`."""
        return self._get_member(target, lambda m, name: name in m._buffers, "a buffer")

    def _get_member(self, target: str, is_kind: Callable, kind: str) -> Any:
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(f"{module._get_name()} has no attribute `{name}`")
        if not is_kind(module, name):
            raise AttributeError(f"`{name}` is not {kind}")
        return getattr(module, name)

    def get_extra_state(self) -> Any:
        raise RuntimeError(
            "Reached a code path in Module.get_extra_state() that should never be called.")

    def set_extra_state(self, state: Any) -> None:
        raise RuntimeError(
            "Reached a code path in Module.set_extra_state() that should never be called.")

    # ------------------------------------------------------------------ traversal
    def named_modules(self, memo: set | None = None, prefix: str = "",
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Module]]:
        """(path, module) for this module and every descendant, depth first, each once."""
        if memo is None:
            memo = set()
        # An explicit stack rather than recursive generators: every item would otherwise
        # pass up through one generator per level (parameters() runs this on every step).
        stack = [(prefix, self)]
        while stack:
            path, module = stack.pop()
            if remove_duplicate:
                if module in memo:
                    continue
                memo.add(module)
            yield path, module
            children = [(path + ("." if path else "") + name, child)
                        for name, child in module._modules.items() if child is not None]
            stack.extend(reversed(children))

    def modules(self) -> Iterator[Module]:
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        seen = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self) -> Iterator[Module]:
        for _, module in self.named_children():
            yield module

    def _named_members(self, table: str, prefix: str, recurse: bool,
                       remove_duplicate: bool) -> Iterator[tuple[str, Tensor]]:
        seen = set()
        owners = (self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
                  if recurse else [(prefix, self)])
        for module_prefix, module in owners:
            for name, value in module.__dict__[table].items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield module_prefix + ("." if module_prefix else "") + name, value

    def named_parameters(self, prefix: str = "", recurse: bool = True,
                         remove_duplicate: bool = True) -> Iterator[tuple[str, Parameter]]:
        """(dotted name, parameter) pairs; a parameter shared by two modules appears once."""
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix: str = "", recurse: bool = True,
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Tensor]]:
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    def apply(self, fn: Callable[[Module], None]) -> Module:
        """Call `fn` on every child (recursively), then on self; returns self."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # ------------------------------------------------------------------ modes
    def train(self, mode: bool = True) -> Module:
        """Set training mode (dropout active, batch statistics) on self and descendants."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self) -> Module:
        """Evaluation mode: the same as `train(False)`."""
        return self.train(False)

    def compile(self, *args: Any, **kwargs: Any) -> None:
        """torch compiles the module's forward in place; ember checks the arguments as
        `ember.compile` does and keeps running the forward as it is."""
        from ..._compile import compile as compile_  # (ember._compile imports this module)

        compile_(self, *args, **kwargs)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all parameters: to None (default) or to zeros."""
        for param in self.parameters():
            if param._grad is None:
                continue
            if set_to_none:
                param.grad = None
            else:
                grad = param._grad
                if grad.grad_fn is not None:
                    grad.detach_()
                else:
                    grad.requires_grad_(False)
                grad.zero_()

    def share_memory(self) -> Module:
        return self

    # ------------------------------------------------------------------ conversion
    def _apply(self, fn: Callable[[Tensor], Tensor], recurse: bool = True) -> Module:
        """Convert every parameter (keeping the Parameter object, as torch does), its grad,
        and every buffer with `fn` (the children's too, with `recurse`)."""
        if recurse:
            for module in self.children():
                module._apply(fn)
        with no_grad():
            for param in self._parameters.values():
                if param is None:
                    continue
                converted = fn(param)
                if converted._data is not param._data:
                    param._data = converted._data
                if param._grad is not None:
                    grad = fn(param._grad)
                    if grad._data is not param._grad._data:
                        param._grad._data = grad._data
            for name, buffer in self._buffers.items():
                if buffer is not None:
                    self._buffers[name] = fn(buffer)
        return self

    def to(self, *args: Any, **kwargs: Any) -> Module:
        """Move to a device (only the CPU exists) and/or cast floating-point parameters and
        buffers to a dtype: `to(torch.float64)`, `to("cpu")`, `to(tensor)`."""
        device, dtype = _parse_to(args, kwargs)
        if is_meta_device(device):  # (only as torch.func's ensembling recipe needs it)
            if dtype is not None:
                self.to(dtype)
            return self._apply(lambda t: t.to("meta"))
        if device is not None:
            check_device(device)  # raises the device error for anything but the CPU
        if dtype is None:
            return self
        if not (dtype.is_floating_point or dtype.is_complex):
            raise TypeError("nn.Module.to only accepts floating point or complex dtypes, but "
                            f"got desired dtype={dtype}")
        if dtype.is_complex:
            warn("Complex modules are a new feature under active development whose design may "
                 "change, and some modules might not work as expected when using complex "
                 "tensors as parameters or buffers. Please file an issue at https://github.com/"
                 "pytorch/pytorch/issues/new?template=bug-report.yml if a complex module does "
                 "not work as expected.")
        # (floating and complex tensors take the dtype, integer buffers keep theirs)
        return self._apply(lambda t: t.to(dtype) if t.is_floating_point() or t.is_complex()
                           else t)

    def to_empty(self, *, device: Any, recurse: bool = True) -> Module:
        """Give every parameter and buffer new memory of its shape and dtype, its values
        not set (torch.empty: zeros in ember), on `device`; `recurse`: children too."""
        check_device(device)
        from ..._creation import empty_like, zeros

        def fresh(t: Tensor) -> Tensor:
            if t.is_meta:  # (module.to('meta') then to_empty(device='cpu'))
                return zeros(t.shape, dtype=t.dtype)
            return empty_like(t)

        return self._apply(fresh, recurse=recurse)

    def _cast_floats(self, dtype: _dtype.dtype) -> Module:
        """Cast floating-point parameters and buffers (integer buffers keep their dtype)."""
        return self._apply(lambda t: t.to(dtype) if t.is_floating_point() else t)

    def float(self) -> Module:
        return self._cast_floats(_dtype.float32)

    def double(self) -> Module:
        return self._cast_floats(_dtype.float64)

    def half(self) -> Module:
        return self._cast_floats(_dtype.float16)

    def type(self, dst_type: Any) -> Module:
        dtype = _dtype.to_dtype(dst_type)
        return self._apply(lambda t: t.to(dtype))

    def cpu(self) -> Module:
        return self

    def cuda(self, device: Any = None) -> Module:
        check_device("cuda" if device is None else device)
        return self

    # ------------------------------------------------------------------ state_dict
    def _save_to_state_dict(self, destination: dict, prefix: str, keep_vars: bool) -> None:
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.detach()
        for name, buffer in self._buffers.items():
            if buffer is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = buffer if keep_vars else buffer.detach()
        if type(self).get_extra_state is not Module.get_extra_state:
            destination[prefix + "_extra_state"] = self.get_extra_state()

    def state_dict(self, *args: Any, destination: dict | None = None, prefix: str = "",
                   keep_vars: bool = False) -> OrderedDict:
        """An ordered dict of every parameter and persistent buffer, keyed by dotted path.
        Values are detached tensors sharing memory with the module (`keep_vars=True`
        returns the Parameters themselves)."""
        if args:  # torch's deprecated positional form: (destination, prefix, keep_vars)
            destination, prefix, keep_vars = (*args, *(prefix, keep_vars)[len(args) - 1:])[:3]
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()
        # one dict: the post-hooks see (and may add to) what the metadata keeps, as the
        # old spectral_norm's hook records its version there
        local_metadata = {"version": self._version}
        metadata = getattr(destination, "_metadata", None)
        if metadata is not None:
            metadata[prefix[:-1]] = local_metadata
        self._save_to_state_dict(destination, prefix, keep_vars)
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + ".",
                                  keep_vars=keep_vars)
        for hook in self._state_dict_hooks.values():
            result = hook(self, destination, prefix, local_metadata)
            if result is not None:
                destination = result
        return destination

    def _load_from_state_dict(self, state_dict: Mapping, prefix: str, local_metadata: dict,
                              strict: bool, missing_keys: list, unexpected_keys: list,
                              error_msgs: list, assign: bool = False) -> None:
        """Copy this module's own entries (not its children's) out of `state_dict`."""
        for hook in self._load_state_dict_pre_hooks.values():
            hook(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                 error_msgs)
        persistent_buffers = {k: v for k, v in self._buffers.items()
                              if k not in self._non_persistent_buffers_set}
        local_state = {k: v for k, v in itertools.chain(self._parameters.items(),
                                                        persistent_buffers.items())
                       if v is not None}
        for name, param in local_state.items():
            key = prefix + name
            if key not in state_dict:
                if strict:
                    missing_keys.append(key)
                continue
            value = state_dict[key]
            if not isinstance(value, Tensor):
                error_msgs.append(
                    f'While copying the parameter named "{key}", expected torch.Tensor or '
                    f"Tensor-like object from checkpoint but received {type(value)}")
                continue
            if is_lazy(value) and is_lazy(param):
                continue  # nothing to load into a placeholder that stays one
            if not is_lazy(param) and param.ndim == 0 and value.shape == (1,):
                value = value[0]  # torch's compatibility with checkpoints of old 0-d params
            if not is_lazy(param) and value.shape != param.shape:
                error_msgs.append(
                    f"size mismatch for {key}: copying a param with shape {value.shape} from "
                    f"checkpoint, the shape in current model is {param.shape}.")
                continue
            if not assign and param.is_meta and not value.is_meta:
                warn(f"for {key}: copying from a non-meta parameter in the checkpoint to a meta "
                     "parameter in the current model, which is a no-op. (Did you mean to pass "
                     "`assign=True` to assign items in the state dictionary to their "
                     "corresponding key in the module instead of copying them in place?)")
                continue
            try:
                self._load_one(name, param, value, assign)
            except Exception as error:  # noqa: BLE001 - reported as torch reports it
                error_msgs.append(
                    f'While copying the parameter named "{key}", whose dimensions in the '
                    f"model are {param.shape} and whose dimensions in the checkpoint are "
                    f"{value.shape}, an exception occurred : {error.args}.")
        extra_key = prefix + "_extra_state"
        if type(self).set_extra_state is not Module.set_extra_state:
            if extra_key in state_dict:
                self.set_extra_state(state_dict[extra_key])
            elif strict:
                missing_keys.append(extra_key)
        elif strict and extra_key in state_dict:
            unexpected_keys.append(extra_key)
        if strict:
            for key in state_dict:
                if key.startswith(prefix) and key != extra_key:
                    # A dotted key must lead into a child module; a plain one must be ours.
                    first, dot, _ = key[len(prefix):].partition(".")
                    if first not in (self._modules if dot else local_state):
                        unexpected_keys.append(key)

    def _load_one(self, name: str, param: Tensor, value: Tensor, assign: bool) -> None:
        with no_grad():
            if assign:
                if isinstance(param, Parameter):
                    new = Parameter(value.detach(), param.requires_grad)
                    self._parameters[name] = new
                else:
                    self._buffers[name] = value.detach()
            elif is_lazy(param):
                param.materialize(value.shape, dtype=param.dtype)
                param.copy_(value)
            else:
                param.copy_(value)

    def load_state_dict(self, state_dict: Mapping[str, Any], strict: bool = True,
                        assign: bool = False) -> _IncompatibleKeys:
        """Copy parameters and buffers from `state_dict` into this module (and its
        descendants). Returns the missing and unexpected keys; with `strict` (default) any
        of those is an error, and a shape mismatch always is."""
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        missing: list[str] = []
        unexpected: list[str] = []
        errors: list[str] = []
        metadata = getattr(state_dict, "_metadata", None)
        state_dict = OrderedDict(state_dict)
        stack = [(self, "")]
        while stack:  # depth first, children in order, as torch's recursive load
            module, prefix = stack.pop()
            local_metadata = {} if metadata is None else metadata.get(prefix[:-1], {})
            module._load_from_state_dict(state_dict, prefix, local_metadata, True, missing,
                                         unexpected, errors, assign)
            children = [(child, prefix + name + ".") for name, child in module._modules.items()
                        if child is not None]
            stack.extend(reversed(children))
        if strict:
            if unexpected:
                keys = ", ".join(f'"{k}"' for k in unexpected)
                errors.insert(0, f"Unexpected key(s) in state_dict: {keys}. ")
            if missing:
                keys = ", ".join(f'"{k}"' for k in missing)
                errors.insert(0, f"Missing key(s) in state_dict: {keys}. ")
        if errors:
            raise RuntimeError("Error(s) in loading state_dict for {}:\n\t{}".format(
                type(self).__name__, "\n\t".join(errors)))
        return _IncompatibleKeys(missing, unexpected)

    def register_state_dict_post_hook(self, hook: Callable) -> _HookHandle:
        return _HookHandle(self._state_dict_hooks, hook)

    _register_state_dict_hook = register_state_dict_post_hook

    def _register_load_state_dict_pre_hook(self, hook: Callable) -> _HookHandle:
        return _HookHandle(self._load_state_dict_pre_hooks, hook)

    # ------------------------------------------------------------------ printing
    def _get_name(self) -> str:
        return type(self).__name__

    def extra_repr(self) -> str:
        """The text inside this module's parentheses in `print(model)`; override it."""
        return ""

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({name}): " + _addindent(repr(module), 2)
                       for name, module in self._modules.items()]
        lines = extra_lines + child_lines
        text = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                text += extra_lines[0]
            else:
                text += "\n  " + "\n  ".join(lines) + "\n"
        return text + ")"

    # ------------------------------------------------------------------ pickling
    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        for name in ("_forward_pre_hooks_with_kwargs", "_forward_hooks_with_kwargs",
                     "_forward_hooks_always_called"):
            self.__dict__.setdefault(name, {})
        for name in ("_forward_pre_hooks", "_forward_hooks", "_state_dict_hooks",
                     "_load_state_dict_pre_hooks", "_backward_hooks", "_backward_pre_hooks"):
            self.__dict__.setdefault(name, OrderedDict())
        self.__dict__.setdefault("_non_persistent_buffers_set", set())


def _add_hook(table: OrderedDict, hook: Callable, prepend: bool) -> _HookHandle:
    handle = _HookHandle(table, hook)
    if prepend:
        table.move_to_end(handle.id, last=False)
    return handle


def _run_forward_hook(module: Module, hook_id: int, hook: Callable, args: tuple,
                      kwargs: dict, output: Any) -> Any:
    if hook_id in module._forward_hooks_with_kwargs:
        return hook(module, args, kwargs, output)
    return hook(module, args, output)


def _parse_to(args: tuple, kwargs: dict) -> tuple[Any, _dtype.dtype | None]:
    """The (device, dtype) of Module.to's call forms: to(device=None, dtype=None,
    non_blocking=False), to(dtype), to(tensor)."""
    kwargs = dict(kwargs)
    kwargs.pop("non_blocking", None)
    kwargs.pop("memory_format", None)
    device = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    if kwargs:
        raise TypeError(f"to() received an invalid combination of arguments: {sorted(kwargs)}")
    for arg in args:
        if isinstance(arg, Tensor):
            device, dtype = arg.device, arg.dtype
        elif isinstance(arg, _dtype.dtype):
            dtype = arg
        elif isinstance(arg, (str, _device)):
            device = arg
        elif isinstance(arg, bool):
            continue  # non_blocking given positionally
        elif isinstance(arg, int):  # an accelerator's index (torch.device(0))
            device = arg
        else:
            raise TypeError(f"to() received an invalid combination of arguments - got "
                            f"({typename(arg)})")
    return device, (None if dtype is None else _dtype.to_dtype(dtype))
