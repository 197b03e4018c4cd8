"""The source of the ops' fast paths, written once and specialised per op and call form.

`_dispatch.make_fast_apply` gives every op an `apply` closure for its most common case
(float tensors of one dtype and shape, or a tensor and a Python number), and
`_dispatch.make_direct_method` gives the operators and one-parameter methods of ufunc ops
(`x * 0.5`, `x.sin()`) the same path. Python 3.11 charges ~1k instructions for each extra
call with its argument tuple and re-checked operands, so rather than have the operator call
the closure, both are generated from the templates below: one text per kind (one or two
inputs), in which a block between `#if flags` and `#end`, or a line ending in `#? flags`,
is kept only where all its flags hold (`!` negates one). The flags are the op's
declaration, settled once (does it record, save its output, keep Python numbers as 0-d
arrays, silence NumPy's warnings...), and the call form:

- `apply`: `fast(inputs, params)`, the general path (`_dispatch._apply`) as fallback;
- `method`: the operator or method itself, `fast(a, other, **kwargs)` or `fast(a)`, with
  the public function as fallback: it checks and raises as usual in every case the fast
  path does not take, and applies the op alone in those it takes (`public(ufunc_op=...)`).

Each distinct text is compiled once (a few dozen for the whole op table) with the globals
of `ember._dispatch`, so the names it reads (`_apply`, `use_fast_paths`...) are that
module's; tests/test_fast_paths.py runs every op through both forms and the general path.
"""

from __future__ import annotations

import linecache

__all__ = ["build"]

# {fallback}: the call form's way out when the operands are not the fast path's (the public
# function, whose checks raise torch's errors); {general}: the general path, for operands
# already known to be float tensors of one dtype (and numbers) that the fast path declines
# (broadcasting, another result dtype); {inputs}, {params}: the call's inputs and params.
_BINARY = '''
def make(op, function, node_class, save, number_operands, same_type_loops):
    #if apply
    def fast(inputs, params):
        if _forward_state.active or len(inputs) != 2:
            return _apply(op, inputs, params)
        a, b = inputs
        if not isinstance(a, Tensor):
            return _apply(op, inputs, params)
    #end
    #if method
    def fast(a, other, **kwargs):
        b = other
        if kwargs or not use_fast_paths or _forward_state.active:
            return function(a, b, **kwargs)
    #end
        data = a._data
        dtype = data.dtype
        if dtype.kind != "f":
            return {fallback}
        if isinstance(b, Tensor):
            other = b._data
            if other.dtype is not dtype:
                return {fallback}
            if other.shape != data.shape:
                return {general}
            #if iterator_layout
            if other.strides != data.strides:  # (operands of two layouts: torch's is the
                return {general}  # first's, where NumPy's is C order; _dispatch._finish)
            #end
            b_grad = b._requires_grad
            b_tensor = True  #? saves_other_operand
        elif ((kind := type(b)) is float or kind is int) and _WEAK_PYTHON_SCALARS:
            #if numbers
            # the number as a kept 0-d array, if one (_dispatch._number_operand)
            other = number_operands.get((b, id(dtype)))
            if other is None:  # (not seen yet, or float16 that computes it in float32)
                #if !half_in_float32
                other = _number_operand(b, dtype, number_operands, same_type_loops)
                #end
                #if half_in_float32
                other = _number_operand(b, dtype, number_operands, same_type_loops, True)
                if other is None:
                    return {general}
                #end
            elif type(other) is not _ndarray:  # (kept as a number: not held exactly)
                other = b
            elif other.dtype is not dtype:  # (an id reused by another dtype)
                #if !half_in_float32
                other = _number_operand(b, dtype, number_operands, same_type_loops)
                #end
                #if half_in_float32
                other = _number_operand(b, dtype, number_operands, same_type_loops, True)
                if other is None:
                    return {general}
                #end
            #end
            other = b  #? !numbers
            #if half_in_float32 !numbers
            if dtype is HALF:  # (div's rounding modes: the general path, in float32)
                return {general}
            #end
            b_grad = False
            b_tensor = False  #? saves_other_operand
        else:
            return {fallback}
        #if silence
        try:  # NumPy's floating-point warnings: torch gives inf/nan silently
            out = run_quiet(op.forward, data, other, *params) if params else run_quiet(  #? apply
                op.forward, data, other)  #? apply
            out = run_quiet(op.forward, data, other)  #? method
        except RuntimeError as error:
            out = retry_quietly(error, op.forward, data, other, *{params})
        #end
        #if !silence
        if other is b and b != 0 and b == b:
            # a number the dtype does not hold exactly, which NumPy casts to the dtype: the
            # general path computes quietly (float32 compared with 1e300 warns of overflow)
            return {general}
        out = op.forward(data, other, *params) if params else op.forward(data, other)  #? apply
        out = op.forward(data, other)  #? method
        #end
        if type(out) is not _ndarray:
            out = np.asarray(out)  # NumPy gives 0-d results as scalars (norm() < 1000)
        #if !keeps_float
        if out.dtype is not dtype or out.shape != data.shape:
            if out.dtype.kind == "b":  #? never_records
                return new_tensor(out, False, None, [0])  #? never_records
            return _finish(op, {inputs}, {params}, out)
        #end
        version = a._version_counter  #? view
        version = [0]  #? !view
        #if differentiable
        if a._extra is not None and not a._requires_grad:
            refresh_if_stale(a)  # (a view whose base came to require grad: _dispatch._finish)
        if not b_grad and isinstance(b, Tensor) and b._extra is not None:
            refresh_if_stale(b)
            b_grad = b._requires_grad
        a_grad = a._requires_grad
        if (a_grad or b_grad) and (not _not_recording[0] or _grad_state._enabled):
            first = second = None
            if a_grad:
                if a._extra is not None:
                    refresh_if_stale(a)
                first = a._grad_fn
                if first is None:
                    first = accumulator_of(a)
                elif a._output_nr:
                    return _record(op, {inputs}, {params}, out, version)
            if b_grad:
                if b._extra is not None:
                    refresh_if_stale(b)
                second = b._grad_fn
                if second is None:
                    second = accumulator_of(b)
                elif b._output_nr:
                    return _record(op, {inputs}, {params}, out, version)
            #if saves_other_operand
            # a product keeps each operand for the other's gradient
            saved, versions = (a if b_grad else None, b if a_grad else None), None
            if (b_grad and (a._version_counter[0] or a._extra is not None)) or (
                    a_grad and b_tensor and (b._version_counter[0] or b._extra is not None)):
                saved, versions = _with_versions(saved)  # (refuses inference tensors)
            #end
            #if saves_output
            entry = _new_object(SavedOutput)  # saved_output(out, version), without a call
            entry.data, entry.version, entry.expected = out, version, version[0]
            saved, versions = (entry,), None
            #end
            saved, versions = save({inputs}, out, version)  #? saves_otherwise
            return recorded_tensor(out, version, node_class, op, (first, second),
                                   _TWO_EDGES, saved, versions, {params}, None)
        #end
        return new_tensor(out, False, None, version)
    return fast
'''

_UNARY = '''
def make(op, function, node_class, save, binary, arity):
    #if apply
    def fast(inputs, params):
        if len(inputs) != 1:  # (an op whose forward is no ufunc may take two inputs)
            if len(inputs) == 2 and arity is None:
                return binary(inputs, params)
            return _apply(op, inputs, params)
        a = inputs[0]
        if _forward_state.active or not isinstance(a, Tensor):
            return _apply(op, inputs, params)
    #end
    #if method
    def fast(a):
        if not use_fast_paths or _forward_state.active:
            return function(a)
    #end
        data = a._data
        if data.dtype.kind != "f":
            return {fallback}
        #if iterator_layout
        if data.ndim > 1 and not data.flags.c_contiguous:  # (torch's layout: _finish)
            return {fallback}
        #end
        #if silence
        try:  # NumPy's floating-point warnings: torch gives inf/nan silently
            out = run_quiet(op.forward, data, *params) if params else run_quiet(  #? apply
                op.forward, data)  #? apply
            out = run_quiet(op.forward, data)  #? method
        except RuntimeError as error:
            out = retry_quietly(error, op.forward, data, *{params})
        #end
        #if !silence
        out = op.forward(data, *params) if params else op.forward(data)  #? apply
        out = op.forward(data)  #? method
        #end
        if type(out) is not _ndarray:
            out = np.asarray(out)  # a full reduction gives a NumPy scalar
        if out.dtype is not data.dtype:  #? !keeps_float
            return _finish(op, {inputs}, {params}, out)  #? !keeps_float
        version = a._version_counter  #? view
        version = [0]  #? !view
        #if differentiable
        if a._extra is not None and not a._requires_grad:
            refresh_if_stale(a)  # (a view whose base came to require grad: _dispatch._finish)
        if a._requires_grad and (not _not_recording[0] or _grad_state._enabled):
            if a._extra is not None:
                refresh_if_stale(a)
            producer = a._grad_fn
            if producer is None:
                producer = accumulator_of(a)
            elif a._output_nr:
                return _record(op, {inputs}, {params}, out, version)
            #if !keeps_float
            # a reduction or a reshape: the engine learns the input's shape from the meta
            meta = None if out.shape == data.shape else ((data.shape, data.dtype),)
            #end
            #if saves_output
            entry = _new_object(SavedOutput)  # saved_output(out, version), without a call
            entry.data, entry.version, entry.expected = out, version, version[0]
            saved, versions = (entry,), None
            #end
            #if saves_input_and_output
            entry = _new_object(SavedOutput)
            entry.data, entry.version, entry.expected = out, version, version[0]
            if a._version_counter[0] or a._extra is not None:
                saved, versions = _with_versions((a, entry))  # (refuses inference tensors)
            else:
                saved, versions = (a, entry), None
            #end
            saved, versions = save({inputs}, out, version)  #? saves_otherwise
            return recorded_tensor(out, version, node_class, op, (producer,), _ONE_EDGE,
                                   saved, versions, {params}, {meta})
        #end
        return new_tensor(out, False, None, version)
    return fast
'''

_FORMS = {
    "apply": {"fallback": "_apply(op, inputs, params)", "general": "_apply(op, inputs, params)",
              "inputs": "inputs", "params": "params"},
    "method": {"fallback": "function(a, b)", "general": "_apply(op, (a, b), ())",
               "inputs": "(a, b)", "params": "()"},
}
_compiled: dict = {}


def _specialise(template: str, flags: set, form: str) -> str:
    """The template's lines whose conditions hold, with the form's names filled in: lines
    between `#if flags` and `#end` (nested), and a line ending in `#? flags`, are kept where
    all of those flags hold (`!flag`: where it does not)."""
    names = dict(_FORMS[form])
    if template is _UNARY:
        names.update(fallback="function(a)" if form == "method" else names["fallback"],
                     inputs="(a,)" if form == "method" else "inputs")
    names["meta"] = "None" if "keeps_float" in flags else "meta"
    flags = flags | {form}

    def holds(conditions: str) -> bool:
        return all((term[1:] not in flags) if term.startswith("!") else (term in flags)
                   for term in conditions.split())

    lines, blocks = [], []
    for line in template.splitlines():
        stripped = line.strip()
        if stripped.startswith("#if "):
            blocks.append(holds(stripped[4:]))
        elif stripped == "#end":
            blocks.pop()
        elif all(blocks):
            code, _, conditions = line.partition("  #? ")
            if holds(conditions):
                lines.append(code.rstrip())
    return "\n".join(lines).format(**names) + "\n"


def build(kind: str, form: str, flags: set, namespace: dict, **cells):
    """The fast path of one op: `kind` "unary" or "binary", `form` "apply" or "method",
    `flags` the op's settled declaration; `cells` the per-op values the code reads."""
    key = (kind, form, frozenset(flags))
    make = _compiled.get(key)
    if make is None:
        source = _specialise(_UNARY if kind == "unary" else _BINARY, flags, form)
        filename = f"<ember fast path: {kind}, {form}, {'/'.join(sorted(flags))}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        scope: dict = {}
        exec(compile(source, filename, "exec"), namespace, scope)  # noqa: S102 - our template
        make = _compiled[key] = scope["make"]
    return make(**cells)
