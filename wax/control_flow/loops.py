"""while_loop and fori_loop: the `while` primitive, with all its rules.

`while[cond_jaxpr, body_jaxpr, cond_nconsts, body_nconsts] *cond_consts *body_consts
*init` repeats carry = body(*body_consts, *carry) while cond(*cond_consts, *carry).
Forward mode works through it; reverse mode does not (the trip count is dynamic), with
JAX's error. `fori_loop` with concrete bounds is a scan, so it is reverse-differentiable.
"""
from __future__ import annotations

import numpy as np

from ..core import dtypes
from ..core.interpreters import Tracer
from ..core.primitive import Primitive, register
from ..core.tree import tree_flatten, tree_unflatten
from ..transforms.batching import batch_jaxpr
from ..transforms.jit import with_zeros
from ..transforms.jvp import Zero, instantiate, jvp_jaxpr
from ..transforms.staging import aval_of, closure_convert_jaxpr, trace_to_jaxpr
from .common import (as_carry_types, avals_of, carry_types, permute_jaxpr, run_inline,
                     run_jaxpr, split_list, stage, with_unused_inputs)


def _while_impl(xp, *args, cond_jaxpr, body_jaxpr, cond_nconsts, body_nconsts):
    cc, bc, carry = split_list(args, [cond_nconsts, body_nconsts])
    while run_jaxpr(cond_jaxpr, *cc, *carry)[0]:
        carry = run_jaxpr(body_jaxpr, *bc, *carry)
    return list(carry)


def _while_abstract_eval(*avals, cond_jaxpr, body_jaxpr, cond_nconsts, body_nconsts):
    _, _, carry = split_list(avals, [cond_nconsts, body_nconsts])
    (pred,) = cond_jaxpr.out_avals
    if pred.shape or pred.dtype != np.bool_:
        raise TypeError("cond_fun must return a boolean scalar, but got output type(s) "
                        f"[{pred.str_short()}].")
    if [(a.shape, a.dtype) for a in body_jaxpr.out_avals] != \
            [(a.shape, a.dtype) for a in carry]:
        raise TypeError("body_fun output and input must have identical types, got\n"
                        f"{[a.str_short() for a in body_jaxpr.out_avals]} and "
                        f"{[a.str_short() for a in carry]}.")
    return list(carry)


def _bind(cond_consts, body_consts, carry, cond_jaxpr, body_jaxpr):
    return while_p.bind(*cond_consts, *body_consts, *carry, cond_jaxpr=cond_jaxpr,
                        body_jaxpr=body_jaxpr, cond_nconsts=len(cond_consts),
                        body_nconsts=len(body_consts))


def _while_jvp(primals, tangents, *, cond_jaxpr, body_jaxpr, cond_nconsts, body_nconsts):
    """A while over (carry, carry tangent): every inexact carry gets a tangent (so the
    carry's type is fixed); the predicate ignores the tangents."""
    cc, bc, carry = split_list(primals, [cond_nconsts, body_nconsts])
    _, t_bc, t_carry = split_list(tangents, [cond_nconsts, body_nconsts])
    carry_nz = tuple(dtypes.is_inexact(aval_of(c).dtype) for c in carry)
    t_carry = [instantiate(t) for t, nz in zip(t_carry, carry_nz) if nz]
    bc_nz = tuple(type(t) is not Zero for t in t_bc)
    body, body_consts, out_nz = jvp_jaxpr(body_jaxpr, (*bc_nz, *carry_nz), carry_nz)
    nb, nbc, nk = len(body_consts), len(bc), len(carry)
    n_tbc, n_tk = sum(bc_nz), sum(carry_nz)
    # jvp body inputs [jconsts, bc, carry, t_bc, t_carry] -> [jconsts, bc, t_bc | carry,
    # t_carry]; its outputs are already [carry, t_carry].
    in_order = [*range(nb + nbc), *range(nb + nbc + nk, nb + nbc + nk + n_tbc),
                *range(nb + nbc, nb + nbc + nk),
                *range(nb + nbc + nk + n_tbc, nb + nbc + nk + n_tbc + n_tk)]
    body = permute_jaxpr(body, in_order)
    cond = with_unused_inputs(cond_jaxpr, [aval_of(t) for t in t_carry])
    outs = _bind(cc, [*body_consts, *bc, *(t for t in t_bc if type(t) is not Zero)],
                 [*carry, *t_carry], cond, body)
    return outs[:nk], with_zeros(outs[nk:], out_nz, avals_of(carry))


def _while_transpose(cts, *args, **params):
    raise ValueError("Reverse-mode differentiation does not work for lax.while_loop or "
                     "lax.fori_loop with dynamic start/stop values. Try using lax.scan, "
                     "or using fori_loop with static start/stop.")


def _while_batch(axis, args, dims, *, cond_jaxpr, body_jaxpr, cond_nconsts, body_nconsts):
    """The batched body (a carry is batched if its init is or the body makes it so). A
    batched predicate keeps the loop going while any member's holds, and members whose
    predicate is false keep their carry (a select), as in JAX."""
    from ..primitives.batch_util import bdim_at_front
    from ..primitives.elementwise import select_n
    from ..primitives.reductions import reduce_or
    from ..primitives.shape import broadcast_in_dim
    cc, bc, carry = split_list(args, [cond_nconsts, body_nconsts])
    cc_dims, bc_dims, k_dims = split_list(dims, [cond_nconsts, body_nconsts])
    nk = len(carry)
    carry_b = [d is not None for d in k_dims]
    for _ in range(nk + 1):
        kd = tuple(0 if b else None for b in carry_b)
        body, body_consts, out_dims = batch_jaxpr(body_jaxpr, axis, (*bc_dims, *kd),
                                                  carry_b)
        new_b = [b or d is not None for b, d in zip(carry_b, out_dims)]
        if new_b == carry_b:
            break
        carry_b = new_b
    kd = tuple(0 if b else None for b in carry_b)
    cond, cond_consts, (pred_dim,) = batch_jaxpr(cond_jaxpr, axis, (*cc_dims, *kd))
    if pred_dim is None:
        carry = [bdim_at_front(c, d, axis.size) if b else c
                 for c, d, b in zip(carry, k_dims, carry_b)]
        outs = _bind([*cond_consts, *cc], [*body_consts, *bc], carry, cond, body)
        return outs, list(kd)
    # Batched predicate: every carry batched.
    carry_b = [True] * nk
    body, body_consts, _ = batch_jaxpr(body_jaxpr, axis, (*bc_dims, *(0,) * nk), carry_b)
    cond, cond_consts, _ = batch_jaxpr(cond_jaxpr, axis, (*cc_dims, *(0,) * nk))
    carry = [bdim_at_front(c, d, axis.size) for c, d in zip(carry, k_dims)]
    c_args = [*cond_consts, *cc]
    b_args = [*body_consts, *bc]
    n_c, n_b = len(c_args), len(b_args)

    def new_cond(*xs):
        (pred,) = run_inline(cond, [*xs[:n_c], *xs[n_c + n_b:]])
        return [reduce_or(pred, (0,))]

    def new_body(*xs):
        cs, bs, ks = split_list(xs, [n_c, n_b])
        (pred,) = run_inline(cond, [*cs, *ks])
        new = run_inline(body, [*bs, *ks])
        out = []
        for old, upd in zip(ks, new):
            shape = aval_of(upd).shape
            which = broadcast_in_dim(pred, shape, (0,)) if len(shape) > 1 else pred
            out.append(select_n(which, old, upd))
        return out

    consts_avals = avals_of([*c_args, *b_args])
    carry_avals = avals_of(carry)
    cj, cjc = closure_convert_jaxpr(trace_to_jaxpr(new_cond, [*consts_avals, *carry_avals],
                                                   "while_cond", purpose="jit"))
    bj, bjc = closure_convert_jaxpr(trace_to_jaxpr(new_body, [*consts_avals, *carry_avals],
                                                   "while_body", purpose="jit"))
    outs = _bind([*cjc, *c_args, *b_args], [*bjc, *c_args, *b_args], carry, cj, bj)
    return outs, [0] * nk


while_p = register(Primitive("while", impl=_while_impl, abstract_eval=_while_abstract_eval,
                             jvp=_while_jvp, transpose=_while_transpose,
                             batch=_while_batch, multiple_results=True))


# --- the API -----------------------------------------------------------------------------

def while_loop(cond_fun, body_fun, init_val):
    """val = init_val; while cond_fun(val): val = body_fun(val); return val — staged as one
    `while` equation (so it runs under jit and vmap; forward-differentiable only)."""
    from ..transforms.jvp import _as_array
    if not (callable(cond_fun) and callable(body_fun)):
        raise TypeError("lax.while_loop: cond_fun and body_fun arguments should be callable.")
    leaves, tree = tree_flatten(init_val)
    leaves = [_as_array(x) for x in leaves]
    avals = avals_of(leaves)
    args_tree = tree_flatten((init_val,))[1]
    for _ in range(2):
        cond, cond_consts, _ = stage(cond_fun, args_tree, avals)
        body, body_consts, body_tree = stage(body_fun, args_tree, avals)
        if body_tree != tree:
            raise TypeError("body_fun output and input must have the same pytree structure, "
                            f"got {body_tree} and {tree}.")
        (pred,) = cond.out_avals if len(cond.out_avals) == 1 else (None,)
        if pred is None or pred.shape or pred.dtype != np.bool_:
            raise TypeError("cond_fun must return a boolean scalar, but got output type(s) "
                            f"{[a.str_short() for a in cond.out_avals]}.")
        fixed = carry_types(avals, body.out_avals, lambda pairs: TypeError(
            "body_fun output and input must have identical types, got\n" + pairs))
        if fixed is None:
            break
        avals = fixed
    leaves = as_carry_types(leaves, avals)
    return tree_unflatten(tree, _bind(cond_consts, body_consts, leaves, cond, body))


def _concrete_int(value):
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, Tracer):
        concrete = value.to_concrete_value()
        return None if concrete is None else int(concrete)
    return int(np.asarray(value))


def fori_loop(lower, upper, body_fun, init_val, *, unroll=None):
    """for i in range(lower, upper): val = body_fun(i, val). With concrete bounds it is a
    scan (reverse-differentiable), otherwise a while_loop, as in JAX."""
    from ..primitives.elementwise import convert_element_type
    from ..primitives.shape import _asarray

    def asarray(value, dtype):
        return convert_element_type(_asarray(value), dtype)
    from .scan import scan
    if not callable(body_fun):
        raise TypeError("lax.fori_loop: body_fun argument should be callable.")
    lo, hi = _concrete_int(lower), _concrete_int(upper)
    dtype = dtypes.result_type(lower, upper)
    if not dtypes.is_integer(np.dtype(dtype)):
        raise TypeError(f"lower and upper arguments to fori_loop must have integer dtype, "
                        f"got {np.dtype(dtype).name}")
    if lo is not None and hi is not None:
        i0 = asarray(lower, dtype)

        def step(carry, _):
            i, val = carry
            return (i + asarray(1, dtype), body_fun(i, val)), None

        length = max(hi - lo, 0)
        (_, val), _ = scan(step, (i0, init_val), None, length=length,
                           unroll=1 if unroll is None else unroll)
        return val
    if unroll not in (None, 1, False):
        raise ValueError("Can only use `unroll` in `fori_loop` if the loop bounds are "
                         "statically known.")

    def cond(carry):
        return carry[0] < carry[1]

    def body(carry):
        i, hi_, val = carry
        return i + asarray(1, dtype), hi_, body_fun(i, val)

    return while_loop(cond, body, (asarray(lower, dtype), asarray(upper, dtype),
                                   init_val))[2]

