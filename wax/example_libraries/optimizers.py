"""optimizers: (init, update, get_params) triples, as JAX's example_libraries.optimizers.

An optimizer maker (sgd, adam, ...) takes hyperparameters and returns an Optimizer of
three functions over pytrees of parameters:

    opt_init, opt_update, get_params = optimizers.adam(1e-3)
    state = opt_init(params)                  # an OptimizerState (a pytree)
    state = opt_update(step, grads, state)    # grads: a pytree like params
    params = get_params(state)

The makers are written for one array (init(x0) -> state, update(i, g, state) -> state,
get_params(state) -> x); the `optimizer` decorator lifts them to pytrees, keeping each
leaf's state flat inside OptimizerState(packed_state, tree_def, subtree_defs), which is
itself a registered pytree, so states pass through jit, vmap and the tree functions.
`step_size` may be a number or a schedule (a function of the step number).
"""
from __future__ import annotations

import builtins
import functools
from collections import namedtuple
from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple

import wax as jax
import wax.numpy as jnp

__all__ = ["Optimizer", "OptimizerState", "JoinPoint", "adagrad", "adam", "adamax",
           "clip_grads", "constant", "exponential_decay", "inverse_time_decay", "l2_norm",
           "make_schedule", "momentum", "nesterov", "optimizer", "pack_optimizer_state",
           "piecewise_constant", "polynomial_decay", "rmsprop", "rmsprop_momentum", "sgd",
           "sm3", "unpack_optimizer_state"]


# --- helpers JAX's module also exposes --------------------------------------------------------

def safe_map(f, *args):
    """map that insists its arguments have equal lengths, returning a list."""
    args = [list(a) for a in args]
    lengths = {len(a) for a in args}
    if len(lengths) > 1:
        raise ValueError(f"safe_map: arguments of different lengths {[len(a) for a in args]}")
    return [f(*xs) for xs in builtins.zip(*args)] if args else []


def safe_zip(*args):
    """zip that insists its arguments have equal lengths, returning a list."""
    args = [list(a) for a in args]
    lengths = {len(a) for a in args}
    if len(lengths) > 1:
        raise ValueError(f"safe_zip: arguments of different lengths {[len(a) for a in args]}")
    return list(builtins.zip(*args))


def unzip2(xys):
    """[(x, y), ...] -> ((x, ...), (y, ...))."""
    xs, ys = [], []
    for x, y in xys:
        xs.append(x)
        ys.append(y)
    return tuple(xs), tuple(ys)


map = safe_map  # noqa: A001 (JAX's module shadows these builtins too)
zip = safe_zip  # noqa: A001


# --- the state and the types ----------------------------------------------------------------

OptimizerState = namedtuple("OptimizerState", ["packed_state", "tree_def", "subtree_defs"])
# Only the packed per-leaf states are children; the tree structures are static data.
jax.tree_util.register_pytree_node(
    OptimizerState,
    lambda state: ((state.packed_state,), (state.tree_def, state.subtree_defs)),
    lambda aux, children: OptimizerState(children[0], aux[0], aux[1]))

Array = Any
Params = Any
State = Any
Updates = Params
Step = int
InitFn = Callable[[Params], OptimizerState]
UpdateFn = Callable[[Step, Updates, OptimizerState], OptimizerState]
ParamsFn = Callable[[OptimizerState], Params]
Schedule = Callable[[Step], float]


class Optimizer(NamedTuple):
    init_fn: InitFn
    update_fn: UpdateFn
    params_fn: ParamsFn


def optimizer(opt_maker: Callable[..., tuple[Callable[[Params], State],
                                             Callable[[Step, Updates, Params], Params],
                                             Callable[[State], Params]]]
              ) -> Callable[..., Optimizer]:
    """Decorator: lift a maker of single-array (init, update, get_params) functions to one
    whose functions take pytrees of arrays (each leaf with its own state)."""

    @functools.wraps(opt_maker)
    def tree_opt_maker(*args, **kwargs):
        init, update, get_params = opt_maker(*args, **kwargs)

        @functools.wraps(init)
        def tree_init(x0_tree):
            leaves, tree = jax.tree.flatten(x0_tree)
            states_flat, subtrees = unzip2(jax.tree.flatten(init(x0)) for x0 in leaves)
            return OptimizerState(states_flat, tree, subtrees)

        @functools.wraps(update)
        def tree_update(i, grad_tree, opt_state):
            states_flat, tree, subtrees = opt_state
            grads, grad_tree_def = jax.tree.flatten(grad_tree)
            if grad_tree_def != tree:
                raise TypeError("optimizer update function was passed a gradient tree that "
                                "did not match the parameter tree structure with which it "
                                f"was initialized: parameter tree {tree} and grad tree "
                                f"{grad_tree_def}.")
            states = map(jax.tree.unflatten, subtrees, states_flat)
            new_states = map(partial(update, i), grads, states)
            new_flat, new_subtrees = unzip2(jax.tree.flatten(s) for s in new_states)
            for before, after in zip(subtrees, new_subtrees):
                if before != after:
                    raise TypeError("optimizer update function produced an output structure "
                                    "that did not match its input structure: input "
                                    f"{before} and output {after}.")
            return OptimizerState(new_flat, tree, subtrees)

        @functools.wraps(get_params)
        def tree_get_params(opt_state):
            states_flat, tree, subtrees = opt_state
            states = map(jax.tree.unflatten, subtrees, states_flat)
            return jax.tree.unflatten(tree, [get_params(s) for s in states])

        return Optimizer(tree_init, tree_update, tree_get_params)

    return tree_opt_maker


# --- optimizers -------------------------------------------------------------------------------

def _first(state):
    return state[0]


@optimizer
def sgd(step_size):
    """Stochastic gradient descent: x <- x - step_size(i) * g."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0

    def update(i, g, x):
        return x - step_size(i) * g

    def get_params(x):
        return x

    return Optimizer(init, update, get_params)


def _heavy_ball(step_size, mass, lookahead):
    """momentum's and nesterov's (init, update, get_params): v <- mass * v + g, then a step
    along v (or, looking ahead, along mass * v + g)."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, jnp.zeros_like(x0)

    def update(i, g, state):
        x, velocity = state
        velocity = mass * velocity + g
        direction = mass * velocity + g if lookahead else velocity
        return x - step_size(i) * direction, velocity

    return init, update, _first


@optimizer
def momentum(step_size: Schedule, mass: float):
    """Heavy-ball momentum: v <- mass * v + g; x <- x - step_size(i) * v."""
    return _heavy_ball(step_size, mass, lookahead=False)


@optimizer
def nesterov(step_size: Schedule, mass: float):
    """Nesterov momentum: v <- mass * v + g; x <- x - step_size(i) * (mass * v + g)."""
    return _heavy_ball(step_size, mass, lookahead=True)


@optimizer
def adagrad(step_size, momentum=0.9):
    """Adagrad with momentum: steps scaled by 1 / sqrt(sum of squared gradients)."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, jnp.zeros_like(x0), jnp.zeros_like(x0)

    def update(i, g, state):
        x, g_sq, m = state
        g_sq = g_sq + jnp.square(g)
        inv_root = jnp.where(g_sq > 0, 1.0 / jnp.sqrt(g_sq), 0.0)
        m = (1.0 - momentum) * (g * inv_root) + momentum * m
        return x - step_size(i) * m, g_sq, m

    return init, update, _first


@optimizer
def rmsprop(step_size, gamma=0.9, eps=1e-8):
    """RMSProp: steps scaled by 1 / sqrt(running mean of squared gradients + eps)."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, jnp.zeros_like(x0)

    def update(i, g, state):
        x, avg_sq = state
        avg_sq = avg_sq * gamma + jnp.square(g) * (1.0 - gamma)
        return x - step_size(i) * g / jnp.sqrt(avg_sq + eps), avg_sq

    return init, update, _first


@optimizer
def rmsprop_momentum(step_size, gamma=0.9, eps=1e-8, momentum=0.9):
    """RMSProp whose scaled steps accumulate in a momentum term."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, jnp.zeros_like(x0), jnp.zeros_like(x0)

    def update(i, g, state):
        x, avg_sq, mom = state
        avg_sq = avg_sq * gamma + jnp.square(g) * (1.0 - gamma)
        mom = momentum * mom + step_size(i) * g / jnp.sqrt(avg_sq + eps)
        return x - mom, avg_sq, mom

    return init, update, _first


def _bias_correction(beta, i, dtype):
    """1 - beta ** (i + 1), with beta in the moments' dtype."""
    return 1 - jnp.asarray(beta, dtype) ** (i + 1)


@optimizer
def adam(step_size, b1=0.9, b2=0.999, eps=1e-8):
    """Adam: bias-corrected first and second moment estimates of the gradient."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, jnp.zeros_like(x0), jnp.zeros_like(x0)

    def update(i, g, state):
        x, m, v = state
        m = (1 - b1) * g + b1 * m
        v = (1 - b2) * jnp.square(g) + b2 * v
        m_hat = m / _bias_correction(b1, i, m.dtype)
        v_hat = v / _bias_correction(b2, i, m.dtype)
        return x - step_size(i) * m_hat / (jnp.sqrt(v_hat) + eps), m, v

    return init, update, _first


@optimizer
def adamax(step_size, b1=0.9, b2=0.999, eps=1e-8):
    """AdaMax: Adam with the infinity norm in place of the second moment."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, jnp.zeros_like(x0), jnp.zeros_like(x0)

    def update(i, g, state):
        x, m, u = state
        m = (1 - b1) * g + b1 * m
        u = jnp.maximum(b2 * u, jnp.abs(g))
        x = x - step_size(i) / _bias_correction(b1, i, m.dtype) * m / (u + eps)
        return x, m, u

    return init, update, _first


@optimizer
def sm3(step_size, momentum=0.9):
    """SM3 (memory-efficient adaptive steps): one accumulator per axis of each array, the
    second-moment estimate of an element the minimum over its axes' accumulators."""
    step_size = make_schedule(step_size)

    def along(ndim, v, axis):
        """v (1-D) indexed so it broadcasts along `axis` of an ndim-array."""
        index = [None] * ndim
        index[axis] = slice(None)
        return v[tuple(index)]

    def init(x0):
        shape = jnp.shape(x0)
        x0 = jnp.atleast_1d(x0)
        accumulators = [jnp.zeros(n, dtype=x0.dtype) for n in x0.shape]
        return x0, jnp.zeros_like(x0), accumulators, shape

    def update(i, g, state):
        x, m, vs, shape = state
        g = jnp.reshape(g, x.shape)  # a 0-d parameter is kept 1-d
        accumulated = functools.reduce(
            jnp.minimum, [along(g.ndim, v, axis) for axis, v in enumerate(vs)])
        accumulated = accumulated + jnp.square(g)
        inv_root = jnp.where(accumulated > 0, 1.0 / jnp.sqrt(accumulated), 0)
        m = (1.0 - momentum) * (g * inv_root) + momentum * m
        x = x - step_size(i) * m
        vs = [accumulated.max(tuple(a for a in range(x.ndim) if a != axis))
              for axis in range(x.ndim)]
        return x, m, vs, shape

    def get_params(state):
        x, _, _, shape = state
        return jnp.reshape(x, shape)

    return init, update, get_params


# --- schedules ------------------------------------------------------------------------------

def constant(step_size) -> Schedule:
    """The schedule that is always step_size."""
    def schedule(i):
        return step_size
    return schedule


def exponential_decay(step_size, decay_steps, decay_rate):
    """step_size * decay_rate ** (i / decay_steps)."""
    def schedule(i):
        return step_size * decay_rate ** (i / decay_steps)
    return schedule


def inverse_time_decay(step_size, decay_steps, decay_rate, staircase=False):
    """step_size / (1 + decay_rate * i / decay_steps), the ratio floored if staircase."""
    if staircase:
        def schedule(i):
            return step_size / (1 + decay_rate * jnp.floor(i / decay_steps))
    else:
        def schedule(i):
            return step_size / (1 + decay_rate * i / decay_steps)
    return schedule


def polynomial_decay(step_size, decay_steps, final_step_size, power=1.0):
    """From step_size to final_step_size over decay_steps along (1 - i / decay_steps) **
    power, then constant."""
    def schedule(step_num):
        step_num = jnp.minimum(step_num, decay_steps)
        fraction_left = (1 - step_num / decay_steps) ** power
        return fraction_left * (step_size - final_step_size) + final_step_size
    return schedule


def piecewise_constant(boundaries: Any, values: Any):
    """values[0] up to boundaries[0], values[1] up to boundaries[1], ..., values[-1]
    after the last boundary (i > boundary moves on)."""
    boundaries = jnp.array(boundaries)
    values = jnp.array(values)
    if not boundaries.ndim == values.ndim == 1:
        raise ValueError("boundaries and values must be sequences")
    if not boundaries.shape[0] == values.shape[0] - 1:
        raise ValueError("boundaries length must be one shorter than values length")

    def schedule(i):
        return values[jnp.sum(i > boundaries)]
    return schedule


def make_schedule(scalar_or_schedule: float | Schedule) -> Schedule:
    """A schedule as is, or a scalar as a constant schedule."""
    if callable(scalar_or_schedule):
        return scalar_or_schedule
    if jnp.ndim(scalar_or_schedule) == 0:
        return constant(scalar_or_schedule)
    raise TypeError(type(scalar_or_schedule))


# --- utilities ------------------------------------------------------------------------------

def l2_norm(tree):
    """The l2 norm of all the leaves of a pytree taken together."""
    leaves, _ = jax.tree.flatten(tree)
    return jnp.sqrt(sum(jnp.vdot(x, x) for x in leaves))


def clip_grads(grad_tree, max_norm):
    """grad_tree scaled down so its l2_norm is at most max_norm."""
    norm = l2_norm(grad_tree)

    def clip(g):
        return jnp.where(norm < max_norm, g, g * (max_norm / norm))
    return jax.tree.map(clip, grad_tree)


class JoinPoint:
    """A leaf marking where one parameter's optimizer state sits in the parameter tree
    (unpack_optimizer_state's output); iterating it yields that state."""

    def __init__(self, subtree):
        self.subtree = subtree

    def __iter__(self):
        yield self.subtree


def unpack_optimizer_state(opt_state):
    """An OptimizerState as a pytree shaped like the parameters, a JoinPoint at each leaf
    holding that parameter's state (for saving with ordinary pytree tools)."""
    states_flat, tree_def, subtree_defs = opt_state
    subtrees = map(jax.tree.unflatten, subtree_defs, states_flat)
    return jax.tree.unflatten(tree_def, [JoinPoint(s) for s in subtrees])


def pack_optimizer_state(marked_pytree):
    """The inverse of unpack_optimizer_state."""
    sentinels, tree_def = jax.tree.flatten(marked_pytree)
    if not all(isinstance(s, JoinPoint) for s in sentinels):
        raise TypeError("pack_optimizer_state expects a pytree whose leaves are JoinPoints "
                        "(the output of unpack_optimizer_state)")
    states_flat, subtree_defs = unzip2(jax.tree.flatten(s.subtree) for s in sentinels)
    return OptimizerState(states_flat, tree_def, subtree_defs)
