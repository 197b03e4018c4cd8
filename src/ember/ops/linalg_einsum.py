"""einsum, composed of ops as torch composes it, so that its results, its views and the
grad_fn names of its gradients (create_graph=True) are torch's.

Every operand is first aligned to one order of letters: the output's letters, then (when the
output leaves it out) the ellipsis, then the summed letters alphabetically, upper case
first. A letter repeated in an operand becomes a diagonal (moved back to where the letter
first stood), a letter the operand lacks a size-1 dim (unsqueeze), and a permute puts the
dims in that order; so a gradient ends in PermuteBackward0, SqueezeBackward1 or
DiagonalBackwardBackward0 as torch's does. Operands are then contracted pairwise from the
left: a letter only one of the two still has, and no later operand needs, is summed out of
it first (keepdim); a letter both have and no later operand needs is summed by a batched
matrix product (permute, reshape, bmm, view, permute), or the pair is simply multiplied
when there is none. The summed (now size-1) dims are dropped by a final view: the result
of a contraction is a view, as in torch, and so is that of a bare permutation or diagonal.
torch's dtype rules follow from the ops themselves: an integer sum is int64, mul promotes,
bmm refuses two dtypes.
"""

from __future__ import annotations

import math
import string

from .._tensor import Tensor
from ._registry import public

__all__ = ["einsum"]


class _EquationReader:
    """Splits an einsum equation into per-operand subscripts with torch's error messages."""

    ELLIPSIS = "..."

    def __init__(self, equation: str) -> None:
        self.equation = equation
        arrow = equation.find("->")
        self.lhs_end = arrow if arrow >= 0 else len(equation)
        self.explicit = arrow >= 0

    def operands(self) -> list[list[str]]:
        terms: list[list[str]] = [[]]
        for token, _ in self._tokens(0, self.lhs_end, lambda: f"operand {len(terms) - 1}"):
            if token == ",":
                terms.append([])
                continue
            if token == self.ELLIPSIS and self.ELLIPSIS in terms[-1]:
                raise RuntimeError(f"einsum(): found '.' for operand {len(terms) - 1} for which "
                                   "an ellipsis was already found")
            terms[-1].append(token)
        return terms

    def output(self) -> list[str] | None:
        if not self.explicit:
            return None
        tokens: list[str] = []
        for token, pos in self._tokens(self.lhs_end + 2, len(self.equation), lambda: "output"):
            if token == ",":
                self._invalid(pos)
            if token == self.ELLIPSIS and self.ELLIPSIS in tokens:
                raise RuntimeError("einsum(): found '.' for output but an ellipsis (...) was "
                                   "already found")
            tokens.append(token)
        return tokens

    def _tokens(self, start: int, end: int, where):
        eq, pos = self.equation, start
        while pos < end:
            c = eq[pos]
            if c == ".":
                if eq[pos:pos + 3] != self.ELLIPSIS or pos + 3 > end:
                    suffix = " (...)" if where() == "output" else ""
                    raise RuntimeError(f"einsum(): found '.' for {where()} that is not part of "
                                       f"any ellipsis{suffix}")
                yield self.ELLIPSIS, pos
                pos += 3
                continue
            if c in string.ascii_letters or c == ",":
                yield c, pos
            elif c != " ":
                self._invalid(pos)
            pos += 1

    @staticmethod
    def _invalid(pos: int):
        raise RuntimeError(f"einsum(): invalid subscript given at index {pos} in the equation "
                           "string, subscripts must be in [a-zA-Z]")


def _explicit_subscripts(equation: str, shapes: list[tuple]) -> tuple[list[str], str, str]:
    """(one letter string per operand, the output's letters, the ellipsis' letters); the
    sizes are checked as torch checks them (size-1 dims broadcast)."""
    reader = _EquationReader(equation)
    terms = reader.operands()
    output_tokens = reader.output()
    if len(terms) > len(shapes):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(terms) < len(shapes):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    ellipsis_ranks = []
    for i, (term, shape) in enumerate(zip(terms, shapes)):
        letters = sum(1 for t in term if t != reader.ELLIPSIS)
        has_ellipsis = reader.ELLIPSIS in term
        if not has_ellipsis and letters != len(shape):
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({letters}) does not match "
                f"the number of dimensions ({len(shape)}) for operand {i} and no ellipsis was "
                "given")
        if has_ellipsis and letters > len(shape):
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({letters}) is more than the "
                f"number of dimensions ({len(shape)}) for operand {i}")
        ellipsis_ranks.append(len(shape) - letters if has_ellipsis else 0)
    used = {c for c in equation if c in string.ascii_letters}
    spare = [c for c in string.ascii_letters if c not in used]
    ellipsis = "".join(spare[:max(ellipsis_ranks, default=0)])
    if len(ellipsis) < max(ellipsis_ranks, default=0):
        raise RuntimeError("einsum(): too many dimensions: at most 52 letters are available")
    expanded = ["".join(ellipsis[len(ellipsis) - rank:] if t == reader.ELLIPSIS else t
                        for t in term) for term, rank in zip(terms, ellipsis_ranks)]
    output = _output_subscripts(output_tokens, expanded, ellipsis, reader.ELLIPSIS)
    _label_sizes(expanded, shapes, ellipsis)
    return expanded, output, ellipsis


def _output_subscripts(tokens, terms: list[str], ellipsis: str, marker: str) -> str:
    if tokens is None:  # implicit: the ellipsis, then letters used once, alphabetically
        counts: dict[str, int] = {}
        for c in "".join(terms):
            if c not in ellipsis:
                counts[c] = counts.get(c, 0) + 1
        return ellipsis + "".join(sorted(c for c, n in counts.items() if n == 1))
    seen = set("".join(terms))
    output = ""
    for token in tokens:
        if token == marker:
            output += ellipsis
            continue
        if token not in seen:
            raise RuntimeError(f"einsum(): output subscript {token} does not appear in the "
                               "equation for any input operand")
        if token in output:
            raise RuntimeError(f"einsum(): output subscript {token} appears more than once in "
                               "the output")
        output += token
    return output


def _label_sizes(terms: list[str], shapes: list[tuple], ellipsis: str) -> dict:
    """The size of every letter; size-1 dims broadcast against the others, as in torch."""
    sizes: dict[str, int] = {}
    for i, (term, shape) in enumerate(zip(terms, shapes)):
        own: dict[str, int] = {}
        for d, (c, size) in enumerate(zip(term, shape)):
            if c in own:
                if own[c] != size:
                    raise RuntimeError(f"einsum(): subscript {c} is repeated for operand {i} but "
                                       f"the sizes don't match, {size} != {own[c]}")
                continue
            own[c] = size
            known = sizes.get(c)
            if known is None or known == 1:
                sizes[c] = size
            elif size not in (1, known):
                if c in ellipsis:
                    raise RuntimeError(
                        f"einsum(): dimension {d} covered by ellipsis in operand {i}has size "
                        f"{size} which does not broadcast with previously seen ellipsis with size "
                        f"{known} for the respective dimension")
                raise RuntimeError(f"einsum(): subscript {c} has size {size} for operand {i} "
                                   f"which does not broadcast with previously seen size {known}")
    return sizes


def _sublist_equation(args: tuple) -> tuple[str, list]:
    """einsum(op1, [0, 1], op2, [1, 2], [0, 2]): integers 0-51 name the dims."""
    def letters(sublist) -> str:
        out = ""
        for s in sublist:
            if s is Ellipsis:
                out += "..."
            elif isinstance(s, int) and 0 <= s < 52:
                out += string.ascii_letters[s]
            else:
                raise ValueError("einsum(): subscript in subscript list is not within the valid "
                                 "range [0, 52)")
        return out

    operands, terms = list(args[0::2]), args[1::2]
    output = None
    if len(operands) > len(terms):  # an odd count: the last item is the output sublist
        output = operands.pop()
    equation = ",".join(letters(t) for t in terms)
    if output is not None:
        equation += "->" + letters(output)
    return equation, operands


@public(method=False)


def _aligned_order(terms: list[str], output: str, ellipsis: str) -> str:
    """Every letter once, in the order torch aligns the operands' dims."""
    used = set("".join(terms))
    hidden = "".join(c for c in ellipsis if c not in output)
    summed = sorted(used - set(output) - set(ellipsis))  # ASCII: upper case first, as torch
    return output + hidden + "".join(summed)


def _align(x: Tensor, term: str, position: dict, counts: list) -> Tensor:
    """x with one dim per letter of the aligned order (size 1 where it lacks the letter);
    counts[p] is raised for each operand whose dim p is not of size 1."""
    permutation = [-1] * len(position)
    dim = 0
    for c in term:
        p = position[c]
        if permutation[p] == -1:
            if x.shape[dim] != 1:
                counts[p] += 1
            permutation[p] = dim
            dim += 1
        else:  # a repeated letter: its diagonal, where the letter first stood
            first = permutation[p]
            x = x.diagonal(0, first, dim).movedim(-1, first)
    for p, d in enumerate(permutation):
        if d == -1:
            x = x.unsqueeze(dim)
            permutation[p] = dim
            dim += 1
    return x.permute(permutation)


def _sum_product_pair(left: Tensor, right: Tensor, summed: list) -> Tensor:
    """sum over the dims `summed` (both operands have them, not of size 1) of left * right,
    keeping them as size-1 dims; the other dims broadcast. As torch: a product when nothing
    is summed, otherwise one bmm of (shared, left's own, summed) by (shared, summed, right's
    own) dims, viewed back and permuted into place."""
    if not summed:
        return left * right
    shared, own_left, own_right = [], [], []
    for d in range(left.dim()):
        if d in summed:
            continue
        if left.shape[d] != 1 and right.shape[d] != 1:
            shared.append(d)
        elif left.shape[d] != 1:
            own_left.append(d)
        else:
            own_right.append(d)

    def size(x: Tensor, dims: list) -> int:
        return math.prod(x.shape[d] for d in dims)

    n_shared, n_left = size(left, shared), size(left, own_left)
    n_summed, n_right = size(left, summed), size(right, own_right)
    rows = left.permute(shared + own_left + summed + own_right).reshape(n_shared, n_left,
                                                                         n_summed)
    columns = right.permute(shared + summed + own_right + own_left).reshape(n_shared, n_summed,
                                                                             n_right)
    order = shared + own_left + summed + own_right
    shape = ([left.shape[d] for d in shared + own_left] + [1] * len(summed)
             + [right.shape[d] for d in own_right])
    back = [order.index(d) for d in range(left.dim())]
    return rows.bmm(columns).view(shape).permute(back)


def _contract(operands: list, order: str, n_out: int, counts: list) -> Tensor:
    """The aligned operands contracted pairwise from the left, then the summed dims dropped."""
    ops = list(operands)
    while len(ops) > 1:
        a, b = ops[0], ops[1]
        summed, only_a, only_b = [], [], []
        for d in range(n_out, len(order)):
            if a.shape[d] != 1 and b.shape[d] != 1:
                counts[d] -= 1
                if counts[d] == 1:  # no later operand has it: summed by this product
                    summed.append(d)
                    counts[d] = 0
            elif counts[d] == 1:  # only one of the two has it, and no later operand
                if a.shape[d] != 1:
                    only_a.append(d)
                    counts[d] = 0
                elif b.shape[d] != 1:
                    only_b.append(d)
                    counts[d] = 0
        if only_a:
            a = a.sum(only_a, keepdim=True)
        if only_b:
            b = b.sum(only_b, keepdim=True)
        ops[:2] = [_sum_product_pair(a, b, summed)]
    result = ops[0]
    if len(order) > n_out:
        if len(operands) > 1:  # every summed dim has size 1 by now
            return result.view(tuple(result.shape[:n_out]))
        return result.sum(list(range(n_out, len(order))))
    return result


@public(method=False)
def einsum(*args) -> Tensor:
    """Einstein summation: einsum("ij,jk->ik", a, b) is a @ b. Letters name dims; a letter
    left out of the output is summed over; "..." stands for the remaining (broadcast) dims;
    without "->" the output is the ellipsis then the letters used once, alphabetically."""
    if len(args) < 2:
        raise ValueError("einsum(): must specify the equation string and at least one operand, "
                         "or at least one operand and its subscripts list")
    if isinstance(args[0], str):
        equation, operands = args[0], list(args[1:])
        if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
            operands = list(operands[0])
    else:
        equation, operands = _sublist_equation(args)
    for j, x in enumerate(operands):
        if not isinstance(x, Tensor):
            raise TypeError(f"expected Tensor as element {j} in argument 1, but got "
                            f"{type(x).__name__}")
    terms, output, ellipsis = _explicit_subscripts(equation, [x._data.shape for x in operands])
    order = _aligned_order(terms, output, ellipsis)
    position = {c: p for p, c in enumerate(order)}
    counts = [0] * len(order)  # per aligned dim: how many operands have it (not of size 1)
    aligned = [_align(x, term, position, counts) for x, term in zip(operands, terms)]
    return _contract(aligned, order, len(output), counts)
