"""einsum: Einstein summation as a sequence of pairwise lax.dot_general contractions.

The subscripts are parsed once per (subscripts, shapes) and cached. Each operand is
first reduced on its own: size-1 dimensions that broadcast against another operand are
squeezed, repeated labels become a diagonal, and labels found nowhere else are summed.
Then pairs of operands are contracted (in the order of least total cost for up to four
operands, as opt_einsum's 'optimal' path, which JAX's default 'auto' picks then;
greedily, smallest intermediate first, beyond; or along an explicit path), the result
joining the end of the list as opt_einsum does, and the last operand is transposed into
the output order.
"""
from __future__ import annotations

import functools
import itertools
import math
import string

from .. import lax
from ..core import dtypes
from ._promote import check_arraylike, convert_to
from .creation import asarray

__all__ = ["einsum"]

_LETTERS = string.ascii_letters


def einsum(subscripts, /, *operands, out=None, optimize="auto", precision=None,
           preferred_element_type=None, _dot_general=None, out_sharding=None):
    """Einstein summation over the operands, as NumPy's einsum (explicit '->' output or
    implicit output, ellipses, repeated labels, broadcasting of size-1 dimensions)."""
    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.einsum is not supported.")
    if not isinstance(subscripts, str):
        subscripts, operands = _from_sublists(subscripts, operands)
    check_arraylike("einsum", *operands)
    if not operands:
        raise ValueError("einsum: at least one operand is required")
    dtype, weak = dtypes.result_type_and_weak(*operands)
    if preferred_element_type is None:
        out_dtype, out_weak, preferred = dtype, weak, None
    else:
        out_dtype = dtypes.check_user_dtype(preferred_element_type, "einsum")
        out_weak, preferred = False, out_dtype
    arrays = [asarray(convert_to(x, dtype, weak)) for x in operands]
    terms, output, sizes = _parse(subscripts, tuple(a.shape for a in arrays))
    dot = _dot_general if _dot_general is not None else lax.dot_general
    slots = [_reduce_alone(a, term, sizes, output, terms[:i] + terms[i + 1:], preferred)
             for i, (a, term) in enumerate(zip(arrays, terms))]
    order = _contraction_order(tuple(s[1] for s in slots), output,
                               tuple(sorted(sizes.items())), _path_key(optimize, terms))
    for i, j in order:
        (x, lx), (y, ly) = slots[i], slots[j]
        rest = [s for k, s in enumerate(slots) if k not in (i, j)]
        keep = set(output).union(*(s[1] for s in rest))
        slots = rest + [_contract(x, lx, y, ly, keep, output, dot, precision, preferred)]
    result, letters = slots[0]
    result, letters = _sum_letters(result, letters, set(letters) - set(output), preferred)
    if letters != output:
        result = lax.transpose(result, tuple(letters.index(c) for c in output))
    return convert_to(result, out_dtype, out_weak)


def _from_sublists(first, rest):
    """einsum(op0, sublist0, op1, sublist1, ..., [out_sublist]) as a subscripts string."""
    args = (first,) + tuple(rest)
    operands, terms = list(args[0::2]), list(args[1::2])
    output = None
    if len(operands) > len(terms):
        output = operands.pop()

    def term(sublist):
        out = []
        for item in sublist:
            if item is Ellipsis:
                out.append("...")
            else:
                out.append(_LETTERS[int(item)])
        return "".join(out)

    text = ",".join(term(t) for t in terms)
    if output is not None:
        text += "->" + term(output)
    return text, operands


@functools.lru_cache(maxsize=512)
def _parse(subscripts, shapes):
    """(input terms, output term, label sizes) with ellipses replaced by fresh labels."""
    text = subscripts.replace(" ", "")
    if text.count("->") > 1:
        raise ValueError(f"einsum: subscripts {subscripts!r} contain more than one '->'")
    lhs, arrow, rhs = text.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(shapes):
        raise ValueError(f"einsum: subscripts {subscripts!r} name {len(terms)} operands, but "
                         f"{len(shapes)} were given")
    for t in terms + [rhs]:
        bad = set(t.replace("...", "")) - set(_LETTERS)
        if bad:
            raise ValueError(f"einsum: invalid subscript {sorted(bad)[0]!r} in {subscripts!r}")
    free = [c for c in _LETTERS if c not in text]
    ellipsis_ndim = 0
    for t, shape in zip(terms, shapes):
        named = len(t.replace("...", ""))
        if "..." in t:
            if len(shape) < named:
                raise ValueError(f"einsum: operand with shape {shape} has fewer dimensions "
                                 f"than subscripts '{t}' name")
            ellipsis_ndim = max(ellipsis_ndim, len(shape) - named)
        elif named != len(shape):
            raise ValueError(f"einsum: operand with shape {shape} has {len(shape)} "
                             f"dimensions, but subscripts '{t}' name {named}")
    ellipsis = "".join(free[:ellipsis_ndim])
    expanded = []
    for t, shape in zip(terms, shapes):
        if "..." in t:
            n = len(shape) - len(t.replace("...", ""))
            t = t.replace("...", ellipsis[ellipsis_ndim - n:])
        expanded.append(t)
    if arrow:
        output = rhs.replace("...", ellipsis)
        for c in output:
            if output.count(c) > 1:
                raise ValueError(f"einsum: output subscript '{c}' appears more than once")
            if not any(c in t for t in expanded):
                raise ValueError(f"einsum: output subscript '{c}' does not appear in the input")
    else:
        counts = {}
        for t in expanded:
            for c in t:
                counts[c] = counts.get(c, 0) + 1
        output = ellipsis + "".join(sorted(c for c, k in counts.items()
                                           if k == 1 and c not in ellipsis))
    sizes = {}
    for t, shape in zip(expanded, shapes):
        seen = {}
        for c, d in zip(t, shape):
            if c in seen and seen[c] != d:
                raise ValueError(f"einsum: repeated subscript '{c}' in '{t}' needs equal "
                                 f"dimensions, got {seen[c]} and {d} for shape {shape}")
            seen[c] = d
            if sizes.get(c, 1) not in (1, d) and d != 1:
                raise ValueError(f"einsum: size of label '{c}' differs between operands "
                                 f"({sizes[c]} and {d}); they cannot be broadcast together")
            if sizes.get(c, 1) == 1:
                sizes[c] = d
    return tuple(expanded), output, sizes


def _reduce_alone(x, letters, sizes, output, others, preferred):
    """Work an operand can do on its own: squeeze broadcast size-1 dims, take diagonals
    of repeated labels, and sum labels that appear in no other operand nor the output."""
    squeeze = tuple(i for i, c in enumerate(letters) if x.shape[i] == 1 and sizes[c] != 1)
    if squeeze:
        x = lax.squeeze(x, squeeze)
        letters = "".join(c for i, c in enumerate(letters) if i not in squeeze)
    x, letters = _take_diagonals(x, letters)
    needed = set(output).union(*others)
    return _sum_letters(x, letters, set(letters) - needed, preferred)


def _take_diagonals(x, letters):
    for c in dict.fromkeys(letters):
        count = letters.count(c)
        if count == 1:
            continue
        positions = [i for i, l in enumerate(letters) if l == c]
        rest = [i for i in range(len(letters)) if i not in positions]
        x = lax.transpose(x, tuple(rest + positions)) if rest + positions != list(
            range(len(letters))) else x
        n = x.shape[-1]
        lead = x.shape[:len(rest)]
        x = lax.reshape(x, lead + (n ** count,))
        # Element j of the diagonal sits at j * (1 + n + ... + n^(count-1)).
        stride = sum(n ** k for k in range(count))
        if n > 1:
            starts, limits = [0] * x.ndim, list(x.shape)
            strides = [1] * x.ndim
            strides[-1] = stride
            x = lax.slice(x, starts, limits, strides)
        letters = "".join(letters[i] for i in rest) + c
    return x, letters


def _sum_letters(x, letters, drop, preferred):
    if not drop:
        return x, letters
    if preferred is not None and x.dtype != preferred:
        # Sums accumulate in preferred_element_type, as the contractions do.
        x = convert_to(x, preferred, False)
    axes = tuple(i for i, c in enumerate(letters) if c in drop)
    # A bool einsum sums in the or/and semiring, as dot_general does for bools.
    reduce = lax.reduce_or if x.dtype == dtypes.bool_ else lax.reduce_sum
    return reduce(x, axes), "".join(c for c in letters if c not in drop)


def _contract(x, lx, y, ly, keep, output, dot, precision, preferred):
    x, lx = _sum_letters(x, lx, {c for c in lx if c not in ly and c not in keep}, preferred)
    y, ly = _sum_letters(y, ly, {c for c in ly if c not in lx and c not in keep}, preferred)
    batch = [c for c in lx if c in ly and c in keep]
    contract = [c for c in lx if c in ly and c not in keep]
    if x.dtype != y.dtype:
        # Only an intermediate result in preferred_element_type meets an operand of the
        # input dtype here; widening both first is what accumulating in it means.
        x, y = convert_to(x, preferred, False), convert_to(y, preferred, False)
    letters = "".join(batch) + "".join(c for c in lx if c not in ly) + \
        "".join(c for c in ly if c not in lx)
    swapped = "".join(batch) + "".join(c for c in ly if c not in lx) + \
        "".join(c for c in lx if c not in ly)
    if swapped == output and letters != output:
        # The other operand order gives the output layout directly: no transpose needed.
        x, lx, y, ly, letters = y, ly, x, lx, swapped
    dims = ((tuple(lx.index(c) for c in contract), tuple(ly.index(c) for c in contract)),
            (tuple(lx.index(c) for c in batch), tuple(ly.index(c) for c in batch)))
    return dot(x, y, dims, precision=precision, preferred_element_type=preferred), letters


def _path_key(optimize, terms):
    """A hashable description of the `optimize` argument (the input terms, whose labels
    the optimal search costs, included)."""
    if isinstance(optimize, (list, tuple)):
        steps = [s for s in optimize if not isinstance(s, str)]
        return ("path", tuple(tuple(int(i) for i in s) for s in steps))
    if optimize is False or optimize is None or optimize == "none":
        return ("in-order",)
    if optimize == "optimal" or (optimize in (True, "auto") and len(terms) <= 4):
        return ("optimal", tuple(terms))
    return ("greedy",)


@functools.lru_cache(maxsize=512)
def _contraction_order(slot_letters, output, sizes_items, key):
    """The (i, j) pairs to contract, each result appended to the end of the list."""
    return tuple(_order(list(slot_letters), output, dict(sizes_items), key))


def _order(slots, output, sizes, key):
    kind = key[0]
    if kind == "path":
        for step in key[1]:
            step = sorted(step)
            while len(step) > 1:
                i, j = step[0], step[1]
                yield i, j
                slots = _merged(slots, i, j, output)
                # The merged result now sits at the end; later indices moved down by two.
                step = [len(slots) - 1] + [k - (k > i) - (k > j) for k in step[2:]]
        while len(slots) > 1:
            yield 0, 1
            slots = _merged(slots, 0, 1, output)
        return
    if kind == "optimal":
        yield from _optimal_pairs(key[1], output, sizes)
        return
    while len(slots) > 1:
        if kind == "in-order":
            i, j = 0, 1
        else:
            i, j = _greedy_pair(slots, output, sizes)
        yield i, j
        slots = _merged(slots, i, j, output)


def _optimal_pairs(terms, output, sizes):
    """opt_einsum's 'optimal' order: the pairwise contractions of least total cost, where
    contracting two operands costs the size of all their labels, doubled when a label
    they share is summed. The search is depth first over pairs in increasing order, each
    result taking the next new id, and drops any partial order that costs no less than
    the best complete one found so far (so the first of equal orders wins). As in
    opt_einsum, a pair's result labels and cost are computed once per pair of label sets
    and reused wherever that pair recurs, whatever else remains then."""
    if len(terms) < 2:
        return []
    best = [math.inf, ()]
    output = frozenset(output)
    cache = {}

    def contract(inputs, rest, i, j):
        keep = output.union(*(inputs[k] for k in rest))
        either = inputs[i] | inputs[j]
        summed = (inputs[i] & inputs[j]) - keep
        return either & keep, math.prod(sizes[c] for c in either) * (2 if summed else 1)

    def search(inputs, alive, path, cost):
        if len(alive) == 1:
            best[:] = [cost, path]
            return
        for i, j in itertools.combinations(sorted(alive), 2):
            rest = alive - {i, j}
            key = (inputs[i], inputs[j])
            if key not in cache:
                cache[key] = contract(inputs, rest, i, j)
            result, step = cache[key]
            if cost + step >= best[0]:
                continue
            search(inputs + (result,), rest | {len(inputs)}, path + ((i, j),), cost + step)

    search(tuple(frozenset(t) for t in terms), frozenset(range(len(terms))), (), 0)
    # From ids (each result a new one) to positions in the list (results at its end).
    alive, pairs = list(range(len(terms))), []
    for i, j in best[1]:
        pairs.append((alive.index(i), alive.index(j)))
        alive = [k for k in alive if k not in (i, j)] + [len(terms) + len(pairs) - 1]
    return pairs


def _kept(slots, i, j, output):
    rest = set(output).union(*(s for k, s in enumerate(slots) if k not in (i, j)))
    return "".join(c for c in dict.fromkeys(slots[i] + slots[j]) if c in rest)


def _merged(slots, i, j, output):
    kept = _kept(slots, i, j, output)
    return [s for k, s in enumerate(slots) if k not in (i, j)] + [kept]


def _greedy_pair(slots, output, sizes):
    """The pair whose contraction shrinks the data most (opt_einsum's greedy cost),
    preferring pairs that share a label over outer products."""
    def size(letters):
        return math.prod(sizes[c] for c in letters)

    best = None
    for i in range(len(slots)):
        for j in range(i + 1, len(slots)):
            shares = bool(set(slots[i]) & set(slots[j]))
            kept = _kept(slots, i, j, output)
            cost = size(kept) - size(slots[i]) - size(slots[j])
            candidate = (not shares, cost, i, j)
            if best is None or candidate < best:
                best = candidate
    return best[2], best[3]
