"""scan and map: the `scan` primitive, with all its rules.

`scan[jaxpr, num_consts, num_carry, length, reverse, ...] *consts *init *xs` runs the
body `jaxpr(*consts, *carry, *x) -> (*carry, *y)` once per index of the leading axis of
xs and stacks the ys. Evaluated, the loop runs over buffers and writes each y into a
preallocated output, so time is linear in the length.
"""
from __future__ import annotations

import numpy as np

from ..core import dtypes
from ..core.avals import ShapedArray
from ..core.jaxpr import ClosedJaxpr, Jaxpr, Literal, dce_jaxpr
from ..core.primitive import Primitive, register
from ..core.tree import tree_flatten, tree_unflatten
from ..transforms.batching import batch_jaxpr
from ..transforms.jit import with_zeros
from ..transforms.jvp import Zero, instantiate, jvp_jaxpr, zeros_like_aval
from ..transforms.linearize import linearize_jaxpr
from ..transforms.staging import aval_of, closure_convert_jaxpr, trace_to_jaxpr
from ..transforms.transpose import backward_pass, is_undefined
from .common import as_carry_types, avals_of, carry_types, permute_jaxpr, split_list, stage


def _scan_impl(xp, *args, jaxpr, num_consts, num_carry, length, reverse, **_):
    consts, carry, xs = split_list(args, [num_consts, num_carry])
    y_avals = jaxpr.out_avals[num_carry:]
    ys = [np.empty((length,) + a.shape, a.dtype) for a in y_avals]
    run = None
    for step in range(length):
        i = length - 1 - step if reverse else step
        if run is None:
            from ..transforms.jit import executable_for
            run = executable_for(jaxpr)
        outs = run(*consts, *carry, *[x[i] for x in xs])
        carry = outs[:num_carry]
        for buf, y in zip(ys, outs[num_carry:]):
            buf[i] = y
    return [*carry, *ys]


def _scan_abstract_eval(*avals, jaxpr, num_consts, num_carry, length, **_):
    consts, carry, xs = split_list(avals, [num_consts, num_carry])
    expected = [*consts, *carry, *(ShapedArray(x.shape[1:], x.dtype) for x in xs)]
    if [(a.shape, a.dtype) for a in jaxpr.in_avals] != [(a.shape, a.dtype) for a in expected]:
        raise TypeError("scan body input types do not match its operands: "
                        f"{[a.str_short() for a in jaxpr.in_avals]} vs "
                        f"{[a.str_short() for a in expected]}")
    if any(x.shape[:1] != (length,) for x in xs):
        raise TypeError(f"scan xs must have leading axis {length}")
    outs = jaxpr.out_avals
    return [*carry, *(ShapedArray((length,) + y.shape, y.dtype, y.weak_type)
                      for y in outs[num_carry:])]


def _bind(consts, carry, xs, jaxpr, length, reverse, unroll=1, **params):
    return scan_p.bind(*consts, *carry, *xs, jaxpr=jaxpr, num_consts=len(consts),
                       num_carry=len(carry), length=length, reverse=reverse,
                       linear=(False,) * (len(consts) + len(carry) + len(xs)),
                       unroll=unroll, _split_transpose=False)


def _carry_nonzero(avals):
    return tuple(dtypes.is_inexact(a.dtype) for a in avals)


def _scan_jvp(primals, tangents, *, jaxpr, num_consts, num_carry, length, reverse, unroll,
              **_):
    """The jvp of a scan is one scan of the body's jvp: carries and xs gain tangents
    (every inexact carry gets one, instantiated, so the carry's type is fixed)."""
    nc, nk = num_consts, num_carry
    consts, carry, xs = split_list(primals, [nc, nk])
    t_consts, t_carry, t_xs = split_list(tangents, [nc, nk])
    carry_nz = _carry_nonzero(avals_of(carry))
    t_carry = [instantiate(t) if nz else Zero(t.aval) if type(t) is Zero else t
               for t, nz in zip(t_carry, carry_nz)]
    nonzero = (*(type(t) is not Zero for t in t_consts), *carry_nz,
               *(type(t) is not Zero for t in t_xs))
    n_ys = len(jaxpr.out_avals) - nk
    body, body_consts, out_nz = jvp_jaxpr(jaxpr, nonzero, (*carry_nz, *(False,) * n_ys))
    n_tc = sum(nonzero[:nc])
    n_tk = sum(carry_nz)
    n_tx = sum(nonzero[nc + nk:])
    # jvp body inputs: [body_consts, consts, carry, xs, t_consts, t_carry, t_xs];
    # outputs: [carry, ys, t_carry, t_ys]. Scan wants consts | carry | xs groups.
    nb, nx = len(body_consts), len(xs)
    base_c, base_k, base_x = nb, nb + nc, nb + nc + nk
    base_tc = nb + nc + nk + nx
    base_tk, base_tx = base_tc + n_tc, base_tc + n_tc + n_tk
    in_order = [*range(nb), *range(base_c, base_c + nc), *range(base_tc, base_tc + n_tc),
                *range(base_k, base_k + nk), *range(base_tk, base_tk + n_tk),
                *range(base_x, base_x + nx), *range(base_tx, base_tx + n_tx)]
    out_tk = sum(out_nz[:nk])
    n_ty = sum(out_nz[nk:])
    assert out_tk == n_tk, "scan carry tangents must keep their type"
    out_order = [*range(nk), *range(nk + n_ys, nk + n_ys + n_tk), *range(nk, nk + n_ys),
                 *range(nk + n_ys + n_tk, nk + n_ys + n_tk + n_ty)]
    body = permute_jaxpr(body, in_order, out_order)
    outs = _bind([*body_consts, *consts, *(t for t in t_consts if type(t) is not Zero)],
                 [*carry, *(t for t in t_carry if type(t) is not Zero)],
                 [*xs, *(t for t in t_xs if type(t) is not Zero)], body, length, reverse,
                 unroll)
    carry_out, t_carry_out, ys, t_ys = split_list(outs, [nk, n_tk, n_ys])
    out_avals = _scan_abstract_eval(*avals_of(primals), jaxpr=jaxpr, num_consts=nc,
                                    num_carry=nk, length=length)
    t_out = [*t_carry_out, *t_ys]
    return [*carry_out, *ys], with_zeros(t_out, (*out_nz[:nk], *out_nz[nk:]), out_avals)


def _invariant_outputs(jaxpr: Jaxpr, n_inputs_invariant: int, outputs):
    """Which of `outputs` (outvar positions) depend only on the first inputs."""
    invariant = set(jaxpr.invars[:n_inputs_invariant])
    for eqn in jaxpr.eqns:
        if all(type(a) is Literal or a in invariant for a in eqn.invars) and not eqn.effects:
            invariant.update(eqn.outvars)
    return [type(jaxpr.outvars[i]) is Literal or jaxpr.outvars[i] in invariant
            for i in outputs]


def _scan_linearize(primals, tangents, *, jaxpr, num_consts, num_carry, length, reverse,
                    unroll, **_):
    """A primal scan that also stacks the residuals each step leaves, run now, and a
    linear tangent scan over them, staged. Residuals that depend only on the constants
    (a weight the tangent multiplies by) are computed once, not stacked per step."""
    nc, nk = num_consts, num_carry
    consts, carry, xs = split_list(primals, [nc, nk])
    t_consts, t_carry, t_xs = split_list(tangents, [nc, nk])
    carry_nz = _carry_nonzero(avals_of(carry))
    t_carry = [instantiate(t) if nz else t for t, nz in zip(t_carry, carry_nz)]
    nonzero = (*(type(t) is not Zero for t in t_consts), *carry_nz,
               *(type(t) is not Zero for t in t_xs))
    primal, pconsts, tangent, out_nz, n_res = linearize_jaxpr(jaxpr, nonzero)
    n_out = len(jaxpr.out_avals)
    npc = len(pconsts)
    res_positions = list(range(n_out, n_out + n_res))
    invariant = _invariant_outputs(primal.jaxpr, npc + nc, res_positions)
    pj = primal.jaxpr
    inv_res = [pj.outvars[p] for p, inv in zip(res_positions, invariant) if inv]
    var_res = [pj.outvars[p] for p, inv in zip(res_positions, invariant) if not inv]
    # The invariant residuals, computed once from the constants.
    inv_jaxpr = dce_jaxpr(Jaxpr([], pj.invars[:npc + nc], inv_res, pj.eqns))
    from .common import run_inline
    inv_values = run_inline(ClosedJaxpr(inv_jaxpr, []), [*pconsts, *consts])
    body = ClosedJaxpr(dce_jaxpr(Jaxpr([], pj.invars, pj.outvars[:n_out] + var_res,
                                       pj.eqns, pj.effects)), [])
    outs = _bind([*pconsts, *consts], carry, xs, body, length, reverse, unroll)
    n_ys = n_out - nk
    carry_out, ys, stacked = split_list(outs, [nk, n_ys])
    # Tangent body inputs: [residuals (original order), t_consts, t_carry, t_xs]; the
    # tangent scan's layout is [inv_res, t_consts | t_carry | var_res, t_xs].
    inv_idx = [i for i, inv in enumerate(invariant) if inv]
    var_idx = [i for i, inv in enumerate(invariant) if not inv]
    n_tc = sum(nonzero[:nc])
    n_tk = sum(carry_nz)
    n_tx = sum(nonzero[nc + nk:])
    in_order = [*inv_idx, *range(n_res, n_res + n_tc),
                *range(n_res + n_tc, n_res + n_tc + n_tk), *var_idx,
                *range(n_res + n_tc + n_tk, n_res + n_tc + n_tk + n_tx)]
    t_body = permute_jaxpr(tangent, in_order)
    t_outs = _bind([*inv_values, *(t for t in t_consts if type(t) is not Zero)],
                   [t for t in t_carry if type(t) is not Zero],
                   [*stacked, *(t for t in t_xs if type(t) is not Zero)],
                   t_body, length, reverse, unroll)
    out_avals = _scan_abstract_eval(*avals_of(primals), jaxpr=jaxpr, num_consts=nc,
                                    num_carry=nk, length=length)
    return [*carry_out, *ys], with_zeros(t_outs, out_nz, out_avals)


def _scan_transpose(cts, *args, jaxpr, num_consts, num_carry, length, reverse, unroll,
                    **_):
    """A reverse scan whose carry accumulates the cotangents of the linear constants and
    carries the carry's cotangent; each step runs the body's backward pass."""
    nc, nk = num_consts, num_carry
    consts, carry, xs = split_list(args, [nc, nk])
    # The carry of a linear scan is linear; one that is known here is an instantiated
    # zero tangent (a constant init), whose cotangent is simply not returned.
    lin_c = [is_undefined(c) for c in consts]
    lin_x = [is_undefined(x) for x in xs]
    known_c = [c for c in consts if not is_undefined(c)]
    known_x = [x for x in xs if not is_undefined(x)]
    cts = [instantiate(ct) for ct in cts]
    ct_carry, ct_ys = cts[:nk], cts[nk:]
    lc_avals = [c.aval for c in consts if is_undefined(c)]
    linear_mask = [*lin_c, *([True] * nk), *lin_x]
    n_kc, n_lc, n_kx = len(known_c), len(lc_avals), len(known_x)

    def body_t(*vals):
        kc, acc, ctk, kx, cty = split_list(vals, [n_kc, n_lc, nk, n_kx])
        it_c, it_x = iter(kc), iter(kx)
        known = [next(it_c) for lin in lin_c if not lin] + [next(it_x) for lin in lin_x
                                                            if not lin]
        outs = backward_pass(jaxpr.jaxpr, [*jaxpr.consts, *known], linear_mask,
                             [*ctk, *cty])
        ct_lc, ct_k, ct_lx = split_list(outs, [n_lc, nk])
        from ..primitives.families import add_tangents
        return [*(add_tangents(a, b) for a, b in zip(acc, ct_lc)), *ct_k, *ct_lx]

    x_avals = [ShapedArray(aval_of(x).shape[1:], aval_of(x).dtype) for x in known_x]
    cty_avals = [ShapedArray(aval_of(c).shape[1:], aval_of(c).dtype) for c in ct_ys]
    staged = trace_to_jaxpr(body_t, [*avals_of(known_c), *lc_avals, *avals_of(ct_carry),
                                     *x_avals, *cty_avals], "scan_transpose", purpose="jit")
    body, body_consts = closure_convert_jaxpr(staged)
    zeros = [zeros_like_aval(a) for a in lc_avals]
    outs = _bind([*body_consts, *known_c], [*zeros, *ct_carry], [*known_x, *ct_ys], body,
                 length, not reverse, unroll)
    ct_lc, ct_init, ct_lx = split_list(outs, [n_lc, nk])
    it_c, it_x = iter(ct_lc), iter(ct_lx)
    ct_init = [ct if is_undefined(c) else None for ct, c in zip(ct_init, carry)]
    return ([next(it_c) if lin else None for lin in lin_c] + ct_init +
            [next(it_x) if lin else None for lin in lin_x])


def _scan_batch(axis, args, dims, *, jaxpr, num_consts, num_carry, length, reverse,
                unroll, **_):
    """A scan of the batched body. xs' batch dim goes to 1 (each step's slice has it in
    front); a carry is batched if its init is or the body makes it so (a fixpoint)."""
    from ..primitives.batch_util import bdim_at_front, moveaxis
    nc, nk = num_consts, num_carry
    consts, carry, xs = split_list(args, [nc, nk])
    c_dims, k_dims, x_dims = split_list(dims, [nc, nk])
    carry_b = [d is not None for d in k_dims]
    n_ys = len(jaxpr.out_avals) - nk
    for _ in range(nk + 1):
        body_dims = (*c_dims, *(0 if b else None for b in carry_b),
                     *(None if d is None else 0 for d in x_dims))
        body, body_consts, out_dims = batch_jaxpr(jaxpr, axis, body_dims,
                                                  (*carry_b, *(False,) * n_ys))
        new_b = [b or d is not None for b, d in zip(carry_b, out_dims[:nk])]
        if new_b == carry_b:
            break
        carry_b = new_b
    carry = [bdim_at_front(c, d, axis.size) if b else c
             for c, d, b in zip(carry, k_dims, carry_b)]
    xs = [x if d is None else moveaxis(x, d, 1) for x, d in zip(xs, x_dims)]
    outs = _bind([*body_consts, *consts], carry, xs, body, length, reverse, unroll)
    return outs, [*(0 if b else None for b in carry_b),
                  *(None if d is None else 1 for d in out_dims[nk:])]


scan_p = register(Primitive("scan", impl=_scan_impl, abstract_eval=_scan_abstract_eval,
                            jvp=_scan_jvp, linearize=_scan_linearize,
                            transpose=_scan_transpose, batch=_scan_batch,
                            multiple_results=True))


# --- the API -----------------------------------------------------------------------------

def _strong(avals):
    return [ShapedArray(a.shape, a.dtype, False) for a in avals]


def scan(f, init, xs=None, length=None, reverse=False, unroll=1, _split_transpose=False):
    """Loop f(carry, x) -> (carry, y) over the leading axis of xs: (final carry, stacked
    ys), as `lax.scan`. The body is staged once, as one `scan` equation."""
    from ..transforms.jvp import _as_array
    if not callable(f):
        raise TypeError("lax.scan: f argument should be a callable.")
    xs_leaves, xs_tree = tree_flatten(xs)
    xs_leaves = [_as_array(x) for x in xs_leaves]
    lengths = sorted({aval_of(x).shape[0] if aval_of(x).shape else -1 for x in xs_leaves})
    if -1 in lengths:
        raise ValueError("scan got value with no leading axis to scan over: "
                         + ", ".join(str(aval_of(x).shape) for x in xs_leaves
                                     if not aval_of(x).shape))
    if length is not None:
        length = int(length)
        if lengths and lengths != [length]:
            raise ValueError(f"scan got `length` argument of {length} which disagrees with "
                             f"leading axis sizes {lengths}.")
    elif len(lengths) > 1:
        raise ValueError("scan got values with different leading axis sizes: "
                         + ", ".join(str(n) for n in lengths) + ".")
    elif not lengths:
        raise ValueError("scan got no values to scan over and `length` not provided.")
    else:
        length = lengths[0]
    init_leaves, init_tree = tree_flatten(init)
    init_leaves = [_as_array(c) for c in init_leaves]
    carry_avals = avals_of(init_leaves)
    x_avals = [ShapedArray(aval_of(x).shape[1:], aval_of(x).dtype) for x in xs_leaves]
    in_tree = tree_flatten((tree_unflatten(init_tree, [0] * len(init_leaves)),
                            tree_unflatten(xs_tree, [0] * len(xs_leaves))))[1]
    for _ in range(2):
        body, consts, out_tree = stage(f, in_tree, [*carry_avals, *x_avals])
        children = _pair(out_tree)
        carry_tree = children[0]
        if carry_tree != init_tree:
            raise TypeError("scan body function carry input and carry output must have the "
                            f"same pytree structure, but they differ: input {init_tree}, "
                            f"output {carry_tree}.")
        out_carry = body.out_avals[:len(init_leaves)]
        fixed = carry_types(carry_avals, out_carry, lambda pairs: TypeError(
            "scan body function carry input and carry output must have equal types (e.g. "
            "shapes and dtypes of arrays), but they differ: " + pairs))
        if fixed is None:
            break
        carry_avals = fixed
    init_leaves = as_carry_types(init_leaves, carry_avals)
    outs = _bind(consts, init_leaves, xs_leaves, body, length, bool(reverse), unroll)
    n = len(init_leaves)
    return (tree_unflatten(carry_tree, outs[:n]), tree_unflatten(children[1], outs[n:]))


def _pair(out_tree):
    from ..core.tree import treedef_children, treedef_is_leaf
    children = [] if treedef_is_leaf(out_tree) else treedef_children(out_tree)
    if len(children) != 2:
        raise TypeError(f"scan body output must be a pair, got {out_tree}.")
    return children


def map(f, xs, *, batch_size=None):
    """[f(x) for x in xs] stacked, as one scan (with batch_size: a scan over chunks of
    that many, each run under vmap, plus the remainder)."""
    if batch_size is None:
        return scan(lambda _, x: ((), f(x)), (), xs)[1]
    from ..transforms.batching import vmap
    from ..core.tree import tree_map
    leaves, _ = tree_flatten(xs)
    n = aval_of(leaves[0]).shape[0]
    batch_size = int(batch_size)
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    full_n = (n // batch_size) * batch_size
    pieces = []
    if full_n:
        chunks = tree_map(lambda x: x[:full_n].reshape((n // batch_size, batch_size)
                                                       + x.shape[1:]), xs)
        ys = scan(lambda _, x: ((), vmap(f)(x)), (), chunks)[1]
        pieces.append(tree_map(lambda y: y.reshape((full_n,) + y.shape[2:]), ys))
    if full_n < n:
        pieces.append(vmap(f)(tree_map(lambda x: x[full_n:], xs)))
    if len(pieces) == 1:
        return pieces[0]
    from ..primitives.shape import concatenate
    return tree_map(lambda a, b: concatenate([a, b], 0), *pieces)
