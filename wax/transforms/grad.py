"""Reverse mode: vjp = linearize + transpose; grad and value_and_grad on top of it."""
from __future__ import annotations

import functools

import numpy as np

from ..core import dtypes
from ..core.traceback_util import api_boundary
from ..core.array import ArrayImpl
from ..core.tree import tree_flatten, tree_unflatten
from .jvp import FlatFun, Zero, _as_array, instantiate
from .linearize import linearize_flat
from .staging import aval_of
from .transpose import backward_pass


def _float0_zeros(aval):
    return ArrayImpl(np.zeros(aval.shape, dtypes.float0), False)


@api_boundary
def vjp(fun, *primals, has_aux=False, reduce_axes=()):
    """(fun(*primals), a function from output cotangents to input cotangents)."""
    flat_primals, in_tree = tree_flatten(primals)
    flat_primals = [_as_array(p) for p in flat_primals]
    flat_fun = FlatFun(fun, in_tree, has_aux)
    primals_out, closed, differentiable = linearize_flat(flat_fun, flat_primals)
    out_tree = flat_fun.out_tree
    out_avals = [aval_of(p) for p in primals_out]

    def vjp_fun(cotangents):
        flat_cts, ct_tree = tree_flatten(cotangents)
        if ct_tree != out_tree:
            raise TypeError("Tree structure of cotangent input "
                            f"{ct_tree}, does not match structure of primal output "
                            f"{out_tree}.")
        for ct, aval in zip(flat_cts, out_avals):
            ct_aval = aval_of(ct)
            if ct_aval.shape != aval.shape:
                raise ValueError(f"Shape of cotangent input to vjp pullback function "
                                 f"{ct_aval.shape} must be the same as the shape of "
                                 f"corresponding primal input {aval.shape}.")
        cts = backward_pass(closed.jaxpr, closed.consts, [True] * len(closed.jaxpr.invars),
                            flat_cts)
        it = iter(cts)
        out = [next(it) if d else _float0_zeros(aval_of(p))
               for p, d in zip(flat_primals, differentiable)]
        return tree_unflatten(in_tree, out)

    result = (tree_unflatten(out_tree, primals_out), vjp_fun)
    return (*result, flat_fun.aux) if has_aux else result


def _check_input_dtype(x, allow_int, holomorphic):
    dtype = aval_of(x).dtype
    if holomorphic:
        if not dtypes.is_complex(dtype):
            raise TypeError("grad with holomorphic=True requires inputs with complex dtype, "
                            f"but got {dtype.name}.")
    elif not dtypes.is_inexact(dtype) and not allow_int:
        raise TypeError("grad requires real- or complex-valued inputs (input dtype that is a "
                        f"sub-dtype of np.inexact), but got {dtype.name}. If you want to use "
                        "Integer-valued inputs, use vjp or set allow_int to True.")


def _check_scalar_output(out, holomorphic):
    aval = aval_of(out)
    if aval.shape != ():
        raise TypeError("Gradient only defined for scalar-output functions. Output had "
                        f"shape: {aval.shape}.")
    if dtypes.is_complex(aval.dtype) and not holomorphic:
        raise TypeError("grad requires real-valued outputs (output dtype that is a sub-dtype "
                        f"of np.floating), but got {aval.dtype.name}. For holomorphic "
                        "differentiation, pass holomorphic=True. For differentiation of "
                        "non-holomorphic functions involving complex outputs, use "
                        "jax.vjp directly.")
    if not dtypes.is_inexact(aval.dtype):
        raise TypeError("grad requires real-valued outputs (output dtype that is a sub-dtype "
                        f"of np.floating), but got {aval.dtype.name}.")


def value_and_grad(fun, argnums=0, has_aux=False, holomorphic=False, allow_int=False,
                   reduce_axes=()):
    """A function returning (fun(*args), the gradient of fun with respect to argnums)."""
    single = isinstance(argnums, int)
    nums = (argnums,) if single else tuple(argnums)

    @api_boundary
    @functools.wraps(fun)
    def value_and_grad_fun(*args, **kwargs):
        for i in nums:
            if i >= len(args) or i < -len(args):
                raise TypeError(f"differentiating with respect to argnums={argnums} requires "
                                f"at least {max(nums) + 1} positional arguments to be "
                                f"passed by the caller, but got only {len(args)} "
                                "positional arguments.")
        chosen = tuple(args[i] for i in nums)
        for leaf in tree_flatten(chosen)[0]:
            _check_input_dtype(leaf, allow_int, holomorphic)

        def partial_fun(*diff_args):
            full = list(args)
            for i, value in zip(nums, diff_args):
                full[i] = value
            return fun(*full, **kwargs)

        out = vjp(partial_fun, *chosen, has_aux=has_aux)
        value, pullback = out[0], out[1]
        _check_scalar_output(value, holomorphic)
        one = ArrayImpl(np.ones((), aval_of(value).dtype), aval_of(value).weak_type)
        grads = pullback(one)
        grads = grads[0] if single else grads
        if has_aux:
            return (value, out[2]), grads
        return value, grads

    return value_and_grad_fun


def grad(fun, argnums=0, has_aux=False, holomorphic=False, allow_int=False, reduce_axes=()):
    """A function returning the gradient of scalar-valued fun with respect to argnums."""
    value_and_grad_fun = value_and_grad(fun, argnums, has_aux, holomorphic, allow_int)

    @api_boundary
    @functools.wraps(fun)
    def grad_fun(*args, **kwargs):
        out = value_and_grad_fun(*args, **kwargs)
        return (out[1], out[0][1]) if has_aux else out[1]

    return grad_fun


__all__ = ["vjp", "grad", "value_and_grad", "Zero", "instantiate"]


# --- Jacobians ---------------------------------------------------------------------------
# As JAX's: one jvp (jacfwd) or one vjp (jacrev) vmapped over the standard basis of the
# inputs (or of the outputs), then the stacked results reshaped to out.shape + in.shape.

def _dyn_args(args, argnums):
    return args[argnums] if isinstance(argnums, int) else tuple(args[i] for i in argnums)


def _with_dyn(args, argnums, dyn):
    full = list(args)
    if isinstance(argnums, int):
        full[argnums] = dyn
    else:
        for i, value in zip(argnums, dyn):
            full[i] = value
    return full


def _reshape(x, shape):
    from ..primitives.shape import reshape  # a rule helper of the layer below (lazily)
    return reshape(x, tuple(shape))


def _std_basis(leaves):
    """For leaves of total size n: per leaf an (n, *leaf.shape) array of the leaf's dtype
    whose rows are the standard basis vectors of the concatenated flat leaves."""
    sizes = [int(np.prod(np.shape(x))) for x in leaves]
    total = sum(sizes)
    out, start = [], 0
    for leaf, size in zip(leaves, sizes):
        eye = np.zeros((total, size), aval_of(leaf).dtype)
        eye[np.arange(start, start + size), np.arange(size)] = 1
        out.append(ArrayImpl(eye.reshape((total,) + np.shape(leaf))))
        start += size
    return out, total


def _split_blocks(stacked, leaves, axis):
    """A result whose `axis` runs over the concatenated elements of `leaves`, split into
    one block per leaf (slices along `axis`)."""
    from ..lax import slice_in_dim
    blocks, start = [], 0
    for leaf in leaves:
        size = int(np.prod(np.shape(leaf)))
        blocks.append(slice_in_dim(stacked, start, start + size, 1, axis % stacked.ndim))
        start += size
    return blocks


def jacfwd(fun, argnums=0, has_aux=False, holomorphic=False):
    """The Jacobian of fun with respect to argnums, by forward mode: jvp vmapped over the
    standard basis of the inputs."""
    from .batching import vmap
    from .jvp import jvp

    def jacfun(*args, **kwargs):
        dyn = _dyn_args(args, argnums)
        leaves, in_tree = tree_flatten(dyn)
        leaves = [_as_array(x) for x in leaves]
        f = lambda d: fun(*_with_dyn(args, argnums, d), **kwargs)  # noqa: E731
        primals = tree_unflatten(in_tree, leaves)
        basis, total = _std_basis(leaves)
        if total == 0:
            res = f(primals)
            out, aux = (res[0], res[1]) if has_aux else (res, None)
            out_leaves, out_tree = tree_flatten(out)
            jac = tree_unflatten(out_tree, [tree_unflatten(in_tree, [
                ArrayImpl(np.zeros(np.shape(o) + np.shape(x), aval_of(o).dtype)) for x in leaves])
                for o in out_leaves])
            return (jac, aux) if has_aux else jac

        def push(tangent_leaves):
            return jvp(f, (primals,), (tree_unflatten(in_tree, tangent_leaves),),
                       has_aux=has_aux)

        res = vmap(push, out_axes=(None, -1, None) if has_aux else (None, -1))(basis)
        out_leaves, out_tree = tree_flatten(res[0])
        tangents = tree_flatten(res[1])[0]
        result = []
        for o, t in zip(out_leaves, tangents):
            blocks = _split_blocks(t, leaves, -1)
            result.append(tree_unflatten(in_tree, [
                _reshape(b, np.shape(o) + np.shape(x)) for b, x in zip(blocks, leaves)]))
        jac = tree_unflatten(out_tree, result)
        return (jac, res[2]) if has_aux else jac

    return jacfun


def jacrev(fun, argnums=0, has_aux=False, holomorphic=False, allow_int=False):
    """The Jacobian of fun with respect to argnums, by reverse mode: the pullback vmapped
    over the standard basis of the outputs."""
    from .batching import vmap

    def jacfun(*args, **kwargs):
        dyn = _dyn_args(args, argnums)
        f = lambda d: fun(*_with_dyn(args, argnums, d), **kwargs)  # noqa: E731
        res = vjp(f, dyn, has_aux=has_aux)
        out, pullback = res[0], res[1]
        out_leaves, out_tree = tree_flatten(out)
        in_leaves, in_tree = tree_flatten(dyn)
        basis, total = _std_basis(out_leaves)
        if total:
            (rows,) = vmap(lambda cts: pullback(tree_unflatten(out_tree, cts)))(basis)
            row_leaves = tree_flatten(rows)[0]
        result = []
        for o, leaf in enumerate(out_leaves):
            per_input = []
            for i, in_leaf in enumerate(in_leaves):
                shape = np.shape(leaf) + np.shape(in_leaf)
                if not total:
                    per_input.append(ArrayImpl(np.zeros(shape, aval_of(in_leaf).dtype)))
                    continue
                block = _split_blocks(row_leaves[i], out_leaves, 0)[o]
                per_input.append(_reshape(block, shape))
            result.append(tree_unflatten(in_tree, per_input))
        jac = tree_unflatten(out_tree, result)
        return (jac, res[2]) if has_aux else jac

    return jacfun


jacobian = jacrev


def hessian(fun, argnums=0, has_aux=False, holomorphic=False):
    """The Hessian of scalar fun: jacfwd(jacrev(fun))."""
    return jacfwd(jacrev(fun, argnums, has_aux=has_aux, holomorphic=holomorphic), argnums,
                  has_aux=has_aux, holomorphic=holomorphic)


def linear_transpose(fun, *primals, reduce_axes=()):
    """The transpose of a linear fun, traced at the types of primals: a function from
    output cotangents to input cotangents."""
    from ..core.tree import tree_flatten as flatten
    from .staging import trace_to_jaxpr
    from .transpose import backward_pass
    flat, in_tree = flatten(primals)
    in_avals = [aval_of(_as_array(x)) for x in flat]
    flat_fun = FlatFun(fun, in_tree)
    closed = trace_to_jaxpr(flat_fun, in_avals, getattr(fun, "__name__", "fun"))
    out_tree = flat_fun.out_tree

    def transposed(*cotangents):
        cts, ct_tree = flatten(cotangents[0] if len(cotangents) == 1 else cotangents)
        if ct_tree != out_tree:
            raise TypeError(f"cotangent tree does not match function output: {ct_tree} "
                            f"vs {out_tree}")
        results = backward_pass(closed.jaxpr, closed.consts, [True] * len(in_avals),
                                [_as_array(c) for c in cts])
        return tree_unflatten(in_tree, results)

    return transposed


def closure_convert(fun, *example_args):
    """(converted, consts): fun with the float arrays it closes over hoisted out as
    trailing arguments, so a custom_vjp rule can differentiate with respect to them."""
    from ..core.jaxpr import ClosedJaxpr, Jaxpr, eval_jaxpr
    from ..core.tree import tree_flatten as flatten
    from .staging import trace_to_jaxpr
    flat, in_tree = flatten(example_args)
    flat_fun = FlatFun(fun, in_tree)
    closed = trace_to_jaxpr(flat_fun, [aval_of(_as_array(x)) for x in flat],
                            getattr(fun, "__name__", "fun"))
    jaxpr, out_tree = closed.jaxpr, flat_fun.out_tree
    hoist = [dtypes.is_inexact(v.aval.dtype) for v in jaxpr.constvars]
    kept = [c for c, h in zip(closed.consts, hoist) if not h]
    hoisted = [c for c, h in zip(closed.consts, hoist) if h]
    kept_vars = [v for v, h in zip(jaxpr.constvars, hoist) if not h]
    hoisted_vars = [v for v, h in zip(jaxpr.constvars, hoist) if h]
    converted_jaxpr = ClosedJaxpr(Jaxpr(kept_vars, [*jaxpr.invars, *hoisted_vars],
                                        jaxpr.outvars, jaxpr.eqns), kept)
    n_args = len(flat)

    def converted(*args_and_consts):
        split = len(args_and_consts) - len(hoisted)
        leaves, _ = flatten(args_and_consts[:split])
        if len(leaves) != n_args:
            raise TypeError(f"closure_convert'ed function expects {n_args} argument leaves "
                            f"and {len(hoisted)} constants")
        outs = eval_jaxpr(converted_jaxpr.jaxpr, converted_jaxpr.consts, *leaves,
                          *args_and_consts[split:])
        return tree_unflatten(out_tree, outs)

    return converted, hoisted
