"""cond and switch: the `cond` primitive, with all its rules.

`cond[branches=(b0, b1, ...)] index *operands` runs branches[index] on the operands;
each branch is a constant-free Jaxpr taking every operand (what a branch closes over is
an operand too). cond(pred, true_fun, false_fun) is index = int32(pred) over
(false_fun, true_fun), as in JAX.
"""
from __future__ import annotations

import numpy as np

from .._config import config
from ..core import dtypes
from ..core.interpreters import Tracer
from ..core.primitive import Primitive, register
from ..core.tree import tree_flatten, tree_unflatten
from ..transforms.jvp import Zero, instantiate, jvp_jaxpr
from ..transforms.jit import with_zeros
from ..transforms.linearize import linearize_jaxpr
from ..transforms.batching import batch_jaxpr
from ..transforms.staging import aval_of, trace_to_jaxpr, closure_convert_jaxpr
from ..transforms.transpose import is_undefined, transpose_jaxpr
from .common import avals_of, joined_avals, run_inline, run_jaxpr, share_consts, stage


def _cond_impl(xp, index, *args, branches):
    i = min(max(int(index), 0), len(branches) - 1)
    return run_jaxpr(branches[i], *args)


def _cond_abstract_eval(index, *avals, branches):
    if index.shape or index.dtype != np.int32:
        raise TypeError(f"cond index must be an int32 scalar, got {index.str_short()}")
    for b in branches:
        if [(a.shape, a.dtype) for a in b.in_avals] != [(a.shape, a.dtype) for a in avals]:
            raise TypeError("cond branches must take the operands' types: "
                            f"{[a.str_short() for a in b.in_avals]} vs "
                            f"{[a.str_short() for a in avals]}")
    return joined_avals("branches of cond", [b.out_avals for b in branches],
                        [f"branch {i}" for i in range(len(branches))])


def _bind(index, args, branches):
    return cond_p.bind(index, *args, branches=tuple(branches))


def _cond_jvp(primals, tangents, *, branches):
    index, args = primals[0], primals[1:]
    nonzero = tuple(type(t) is not Zero for t in tangents[1:])
    out_nz = [False] * len(branches[0].out_avals)
    for b in branches:
        out_nz = [a or b_ for a, b_ in zip(out_nz, jvp_jaxpr(b, nonzero)[2])]
    jvps = [jvp_jaxpr(b, nonzero, out_nz) for b in branches]
    out_nonzero = jvps[0][2]
    jaxprs, consts = share_consts([j for j, _, _ in jvps], [c for _, c, _ in jvps])
    outs = _bind(index, [*consts, *args, *(t for t in tangents[1:] if type(t) is not Zero)],
                 jaxprs)
    n = len(branches[0].out_avals)
    return outs[:n], with_zeros(outs[n:], out_nonzero, branches[0].out_avals)


def _cond_linearize(primals, tangents, *, branches):
    """Each branch splits into a primal part returning residuals and a linear tangent part
    (as jit's); the residuals of every branch are outputs of every primal branch (zeros
    where another branch ran), so one primal cond runs now and one tangent cond is
    staged."""
    from ..primitives.shape import full
    index, args = primals[0], primals[1:]
    nonzero = tuple(type(t) is not Zero for t in tangents[1:])
    parts = [linearize_jaxpr(b, nonzero) for b in branches]
    n_out = len(branches[0].out_avals)
    res_avals = [p[0].out_avals[n_out:] for p in parts]
    all_res = [a for avals in res_avals for a in avals]
    pconsts = [p[1] for p in parts]
    all_pconsts = [c for cs in pconsts for c in cs]
    n_pc = [len(cs) for cs in pconsts]

    def primal_branch(i):
        def fun(*xs):
            start = sum(n_pc[:i])
            outs = run_inline(parts[i][0], [*xs[start:start + n_pc[i]], *xs[len(all_pconsts):]])
            mine = iter(outs[n_out:])
            res = []
            for j, avals in enumerate(res_avals):
                res.extend(next(mine) if j == i else full(a.shape, 0, a.dtype) for a in avals)
            return [*outs[:n_out], *res]
        return fun

    in_avals = [*avals_of(all_pconsts), *avals_of(args)]
    primal_branches = []
    for i in range(len(branches)):
        jaxpr, consts = closure_convert_jaxpr(trace_to_jaxpr(primal_branch(i), in_avals,
                                                             "cond", purpose="jit"))
        primal_branches.append((jaxpr, consts))
    p_jaxprs, p_consts = share_consts([j for j, _ in primal_branches],
                                      [c for _, c in primal_branches])
    outs = _bind(index, [*p_consts, *all_pconsts, *args], p_jaxprs)
    residuals = outs[n_out:]

    t_avals = [aval_of(t) for t in tangents[1:] if type(t) is not Zero]

    def tangent_branch(i):
        def fun(*xs):
            start = sum(len(a) for a in res_avals[:i])
            mine = xs[start:start + len(res_avals[i])]
            return run_inline(parts[i][2], [*mine, *xs[len(all_res):]])
        return fun

    tangent_branches = [closure_convert_jaxpr(trace_to_jaxpr(
        tangent_branch(i), [*all_res, *t_avals], "cond", purpose="jit"))
        for i in range(len(branches))]
    t_jaxprs, t_consts = share_consts([j for j, _ in tangent_branches],
                                      [c for _, c in tangent_branches])
    t_outs = _bind(index, [*t_consts, *residuals,
                           *(t for t in tangents[1:] if type(t) is not Zero)], t_jaxprs)
    return outs[:n_out], with_zeros(t_outs, parts[0][3], branches[0].out_avals)


def _cond_transpose(cts, index, *args, branches):
    if is_undefined(index):
        raise ValueError("cond is not linear in its index")
    linear = tuple(is_undefined(a) for a in args)
    cts = [instantiate(ct) for ct in cts]
    ct_avals = tuple(aval_of(ct) for ct in cts)
    transposed = [transpose_jaxpr(b, linear, ct_avals) for b in branches]
    jaxprs, consts = share_consts([j for j, _ in transposed], [c for _, c in transposed])
    known = [a for a in args if not is_undefined(a)]
    outs = iter(_bind(index, [*consts, *known, *cts], jaxprs))
    return [None] + [next(outs) if lin else None for lin in linear]


def _cond_batch(axis, args, dims, *, branches):
    from ..primitives.batch_util import bdim_at_front, moveaxis
    index, ops = args[0], args[1:]
    index_dim, op_dims = dims[0], tuple(dims[1:])
    n_out = len(branches[0].out_avals)
    if index_dim is None:
        force = [False] * n_out
        for b in branches:
            force = [f or d is not None for f, d in zip(force, batch_jaxpr(b, axis, op_dims)[2])]
        batched = [batch_jaxpr(b, axis, op_dims, force) for b in branches]
        jaxprs, consts = share_consts([j for j, _, _ in batched], [c for _, c, _ in batched])
        return _bind(index, [*consts, *ops], jaxprs), list(batched[0][2])
    # A batched predicate: every branch runs on the whole batch and a select picks each
    # member's result, as in JAX.
    from ..primitives.elementwise import clamp, select_n
    from ..primitives.shape import broadcast_in_dim
    index = clamp(np.int32(0), moveaxis(index, index_dim, 0), np.int32(len(branches) - 1))
    results = []
    for b in branches:
        jaxpr, consts, _ = batch_jaxpr(b, axis, op_dims, (True,) * n_out)
        results.append(run_inline(jaxpr, [*consts, *ops]))
    outs = []
    for i in range(n_out):
        cases = [bdim_at_front(r[i], 0, axis.size) for r in results]
        shape = aval_of(cases[0]).shape
        which = broadcast_in_dim(index, shape, (0,)) if len(shape) > 1 else index
        outs.append(select_n(which, *cases))
    return outs, [0] * n_out


cond_p = register(Primitive("cond", impl=_cond_impl, abstract_eval=_cond_abstract_eval,
                            jvp=_cond_jvp, linearize=_cond_linearize,
                            transpose=_cond_transpose, batch=_cond_batch,
                            multiple_results=True))


# --- the API -----------------------------------------------------------------------------

_NO_OPERAND = object()


def _operands(operands, operand, fn_name):
    if operand is not _NO_OPERAND:
        if operands:
            raise TypeError(f"{fn_name}: use either positional operands or the deprecated "
                            "`operand` keyword, not both")
        return (operand,)
    return operands


def _stage_branches(funs, operands, what):
    from ..transforms.jvp import _as_array
    leaves, in_tree = tree_flatten(tuple(operands))
    leaves = [_as_array(x) for x in leaves]
    in_avals = avals_of(leaves)
    staged = [stage(f, in_tree, in_avals) for f in funs]
    trees = [t for _, _, t in staged]
    for f, t in zip(funs[1:], trees[1:]):
        if t != trees[0]:
            raise TypeError(f"{what} output must have same type structure, got "
                            f"{trees[0]} and {t}.")
    joined_avals(f"{what} output", [j.out_avals for j, _, _ in staged],
                 [getattr(f, "__name__", "branch") for f in funs])
    jaxprs, consts = share_consts([j for j, _, _ in staged], [c for _, c, _ in staged])
    return jaxprs, consts, leaves, trees[0]


def _index_from(value, what):
    from ..primitives.shape import _asarray as asarray
    value = asarray(value)
    if value.shape != ():
        raise TypeError(f"{what} must be a scalar, got {value.dtype.name}"
                        f"{list(value.shape)} of shape {value.shape}.")
    if not (dtypes.is_integer(value.dtype) or value.dtype == np.bool_ or
            dtypes.is_float(value.dtype)):
        raise TypeError(f"{what} type must be either boolean or number, got "
                        f"{value.dtype.name}.")
    return value


def cond(pred, true_fun, false_fun, *operands, operand=_NO_OPERAND):
    """true_fun(*operands) if pred else false_fun(*operands), staged as one `cond`
    (both branches traced; under vmap with a batched pred, both run and a select picks)."""
    operands = _operands(operands, operand, "cond")
    if not (callable(true_fun) and callable(false_fun)):
        raise TypeError("lax.cond: true_fun and false_fun arguments should be callable.")
    pred = _index_from(pred, "Pred")
    if config.jax_disable_jit and not isinstance(pred, Tracer):
        return true_fun(*operands) if bool(pred) else false_fun(*operands)
    from ..primitives.elementwise import convert_element_type, ne
    if pred.dtype != np.bool_:
        pred = ne(pred, np.zeros((), pred.dtype))
    index = convert_element_type(pred, np.int32)
    jaxprs, consts, leaves, out_tree = _stage_branches((false_fun, true_fun), operands,
                                                       "true_fun and false_fun")
    return tree_unflatten(out_tree, _bind(index, [*consts, *leaves], jaxprs))


def switch(index, branches, *operands, operand=_NO_OPERAND):
    """branches[clamp(index, 0, len(branches) - 1)](*operands), staged as one `cond`."""
    operands = _operands(operands, operand, "switch")
    branches = tuple(branches)
    if not branches:
        raise ValueError("Empty branch sequence")
    if not all(callable(b) for b in branches):
        raise TypeError("lax.switch: branches argument should be a sequence of callables.")
    index = _index_from(index, "Branch index")
    if not dtypes.is_integer(index.dtype):
        raise TypeError(f"Branch index type must be an integer, got {index.dtype.name}.")
    from ..primitives.elementwise import clamp, convert_element_type
    index = clamp(np.int32(0), convert_element_type(index, np.int32),
                  np.int32(len(branches) - 1))
    if config.jax_disable_jit and not isinstance(index, Tracer):
        return branches[int(index)](*operands)
    jaxprs, consts, leaves, out_tree = _stage_branches(branches, operands, "branch")
    return tree_unflatten(out_tree, _bind(index, [*consts, *leaves], jaxprs))
