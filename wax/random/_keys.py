"""PRNG keys: typed key arrays (dtype key<fry>), legacy uint32[2] keys, and the key
operations (key, PRNGKey, split, fold_in, clone, key_data, wrap_key_data, key_impl,
key_dtype).

A typed key array is a PRNGKeyArray: a wax.Array subclass holding uint32 key data whose
last axis (of length 2) holds each key's words. It is a pytree node whose one child is
that data, so jit, vmap, grad, scan and cond carry keys as their data; in_axes/out_axes
count the key array's own axes (nonnegative ones: a negative axis would count from the
data's trailing word axis). Legacy keys are plain uint32 arrays of shape (..., 2); every
jax.random function takes either and returns keys of the kind it was given.
"""
from __future__ import annotations

import operator

import numpy as np

from .._config import config
from ..core import dtypes
from ..core.array import Array, ExtendedArray
from ..core.interpreters import Tracer
from ..core.tree import register_pytree_node
from . import _bits

_U32 = np.dtype(np.uint32)


# -- implementations and the key dtype ---------------------------------------------------------

class PRNGImpl:
    """A PRNG implementation: its name, dtype tag and the shape of one key's data."""

    __slots__ = ("name", "tag", "key_shape")

    def __init__(self, name: str, tag: str, key_shape=(2,)):
        self.name, self.tag, self.key_shape = name, tag, tuple(key_shape)

    def __str__(self):
        return self.tag

    def __repr__(self):
        return f"PRNGImpl(key_shape={self.key_shape}, name={self.name!r}, tag={self.tag!r})"


THREEFRY = PRNGImpl("threefry2x32", "fry")
_IMPLS = {THREEFRY.name: THREEFRY}
# JAX's other implementations: named so that asking for one says what is missing.
_UNIMPLEMENTED = ("philox2x32", "philox4x32", "rbg", "unsafe_rbg", "threefry4x32")
_JAX_ORDER = ("philox2x32", "philox4x32", "threefry2x32", "rbg", "unsafe_rbg", "threefry4x32")


class PRNGSpec:
    """Specifies a PRNG key implementation (what key_impl returns for unregistered ones)."""

    __slots__ = ("_impl",)

    def __init__(self, impl):
        self._impl = impl

    def __repr__(self):
        return f"PRNGSpec({self._impl.name!r})"

    def __str__(self):
        return str(self._impl)

    def __hash__(self):
        return hash(self._impl.tag)

    def __eq__(self, other):
        return isinstance(other, PRNGSpec) and self._impl is other._impl


from ..dtypes import prng_key  # noqa: E402  (the abstract dtype class of keys)


class KeyDtype(dtypes.ExtendedDtype):
    """The dtype of a typed key array: key<fry> for threefry2x32."""

    __slots__ = ("_impl",)
    type = prng_key
    itemsize = 8
    kind = "V"  # (as NumPy spells "none of the numeric kinds": no numeric rule matches)

    def __init__(self, impl: PRNGImpl):
        self._impl = impl

    name = property(lambda self: f"key<{self._impl.tag}>")

    def __repr__(self):
        return self.name

    __str__ = __repr__

    def __eq__(self, other):
        return type(other) is KeyDtype and other._impl is self._impl

    def __hash__(self):
        return hash(("key", self._impl.tag))


def default_prng_impl() -> PRNGImpl:
    """The implementation named by the jax_default_prng_impl setting (threefry2x32)."""
    name = getattr(config, "jax_default_prng_impl", THREEFRY.name)
    return resolve_prng_impl(name)


def resolve_prng_impl(spec) -> PRNGImpl:
    """The PRNGImpl for an impl/dtype argument (None, a name, a PRNGSpec or a key dtype)."""
    if spec is None:
        return default_prng_impl()
    if type(spec) is PRNGImpl:
        return spec
    if type(spec) is PRNGSpec:
        return spec._impl
    if type(spec) is KeyDtype:
        return spec._impl
    if type(spec) is str:
        if spec in _IMPLS:
            return _IMPLS[spec]
        if spec in _UNIMPLEMENTED:
            raise NotImplementedError(f"the {spec} PRNG implementation is not available in "
                                      "wax; only threefry2x32 is")
        names = ", ".join(f'"{s}"' for s in _JAX_ORDER)
        raise ValueError(f'unrecognized PRNG implementation "{spec}". Did you mean one of: '
                         f'{names}?')
    raise TypeError(f"unrecognized type {type(spec)} for specifying PRNG implementation.")


def key_dtype(impl_spec=None) -> KeyDtype:
    """The dtype of the keys of a PRNG implementation (key<fry> for threefry2x32)."""
    return KeyDtype(resolve_prng_impl(impl_spec))


# -- typed key arrays --------------------------------------------------------------------------

def _shape_of(x) -> tuple:
    aval = getattr(x, "aval", None)
    return tuple(aval.shape) if aval is not None else tuple(np.shape(x))


def _key_op_error(name):
    def op(self, *args):
        raise TypeError(f"{name} does not accept dtype {self.dtype}.")
    return op


def _binary_op_error(name, reflected=False):
    def op(self, other):
        if isinstance(getattr(other, "dtype", None), KeyDtype):
            other_name = str(other.dtype)
        else:
            try:
                other_name = str(dtypes.dtype_and_weak(other)[0])
            except TypeError:
                other_name = type(other).__name__
        names = (other_name, str(self.dtype)) if reflected else (str(self.dtype), other_name)
        raise TypeError(f"{name} does not accept dtypes {', '.join(names)}.")
    return op


def _abstract_method(name):
    def method(self, *args, **kwargs):
        raise NotImplementedError(f"Cannot call abstract method {name}")
    return method


class PRNGKeyArray(ExtendedArray):
    """An array of PRNG keys (dtype key<fry>) over uint32 key data of shape (*shape, 2)."""

    __slots__ = ("_impl", "_base_array")
    __hash__ = ExtendedArray.__hash__
    _physical_ndim = 1
    _physical_data = property(lambda self: self._base_array)

    def _from_physical(self, data):
        return PRNGKeyArray(self._impl, data)

    def __init__(self, impl: PRNGImpl, key_data):
        self._impl = impl
        self._base_array = key_data

    # -- what a key array is ---------------------------------------------------------------
    dtype = property(lambda self: KeyDtype(self._impl))
    shape = property(lambda self: _shape_of(self._base_array)[:-1])
    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: int(np.prod(self.shape, dtype=np.int64)))
    itemsize = property(lambda self: 8)
    nbytes = property(lambda self: 8 * self.size)

    def _is_scalar(self):
        return not self.shape

    def __len__(self):
        if self._is_scalar():
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def __iter__(self):
        if self._is_scalar():
            raise TypeError("iteration over a 0-d key array")
        return (PRNGKeyArray(self._impl, self._base_array[i]) for i in range(self.shape[0]))

    def __bool__(self):
        raise TypeError("key array cannot be converted to boolean.")

    def __array__(self, dtype=None, copy=None):
        raise TypeError("JAX array with PRNGKey dtype cannot be converted to a NumPy array. "
                        "Use jax.random.key_data(arr) if you wish to extract the underlying "
                        "integer array.")

    def __repr__(self):
        base = self._base_array
        text = str(np.asarray(base)) if not isinstance(base, Tracer) else repr(base)
        return f"Array({self.shape}, dtype={self.dtype}) overlaying:\n{text}"

    __str__ = __repr__

    # -- devices -----------------------------------------------------------------------------
    def block_until_ready(self):
        self._base_array.block_until_ready()
        return self

    def is_deleted(self):
        return self._base_array.is_deleted()

    def devices(self):
        return self._base_array.devices()

    device = property(lambda self: self._base_array.device)
    sharding = property(lambda self: self._base_array.sharding)

    def copy(self):
        """A key array with the same keys (key data is immutable, so nothing is copied)."""
        return PRNGKeyArray(self._impl, self._base_array)

    # -- shape operations on the key axes ------------------------------------------------
    def _axis(self, axis):
        ndim = self.ndim
        axis = operator.index(axis)
        if not -ndim <= axis < ndim:
            raise ValueError(f"axis {axis} is out of bounds for array of dimension {ndim}")
        return axis % ndim

    def reshape(self, *shape, order="C"):
        if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
            shape = tuple(shape[0])
        import wax.numpy as jnp
        return PRNGKeyArray(self._impl, jnp.reshape(self._base_array, (*shape, 2), order=order))

    def ravel(self, order="C"):
        return self.reshape(-1, order=order)

    flatten = ravel

    def transpose(self, *axes):
        if len(axes) == 1 and not isinstance(axes[0], (int, np.integer)):
            axes = axes[0]
        axes = tuple(range(self.ndim))[::-1] if not axes or axes == (None,) else \
            tuple(self._axis(a) for a in axes)
        from ..primitives.shape import transpose
        return PRNGKeyArray(self._impl, transpose(self._base_array, (*axes, self.ndim)))

    T = property(lambda self: self.transpose())

    @property
    def mT(self):
        if self.ndim < 2:
            raise ValueError(f"Matrix transpose of an array of rank {self.ndim}")
        return self.swapaxes(-1, -2)

    def swapaxes(self, axis1, axis2):
        axes = list(range(self.ndim))
        a, b = self._axis(axis1), self._axis(axis2)
        axes[a], axes[b] = axes[b], axes[a]
        return self.transpose(axes)

    def squeeze(self, axis=None):
        if axis is None:
            axes = tuple(i for i, n in enumerate(self.shape) if n == 1)
        else:
            axes = tuple(self._axis(a) for a in (axis if isinstance(axis, (tuple, list))
                                                  else (axis,)))
            for a in axes:
                if self.shape[a] != 1:
                    raise ValueError("cannot select an axis to squeeze out which has size "
                                     f"not equal to one, got shape={self.shape} and "
                                     f"dimensions={axes}")
        from ..primitives.shape import squeeze
        return PRNGKeyArray(self._impl, squeeze(self._base_array, axes))

    def take(self, indices, axis=None, mode=None, unique_indices=False,
             indices_are_sorted=False, fill_value=None):
        import wax.numpy as jnp
        base = self._base_array
        if axis is None:
            base, axis = jnp.reshape(base, (-1, 2)), 0
        else:
            axis = self._axis(axis)
        return PRNGKeyArray(self._impl, jnp.take(base, indices, axis, mode=mode,
                                                 unique_indices=unique_indices,
                                                 indices_are_sorted=indices_are_sorted,
                                                 fill_value=fill_value))

    def __getitem__(self, index):
        return PRNGKeyArray(self._impl, self._base_array[self._data_index(index)])

    def _data_index(self, index):
        index = index if isinstance(index, tuple) else (index,)
        used = 0
        for i in index:
            if i is None or i is Ellipsis:
                continue
            kind = getattr(i, "dtype", None)
            used += np.ndim(i) if kind is not None and np.dtype(kind) == np.bool_ else 1
        if used > self.ndim:
            raise IndexError(f"Too many indices for array: {used} non-None/Ellipsis indices "
                             f"for dim {self.ndim}.")
        if any(i is Ellipsis for i in index):
            return (*index, slice(None))
        return (*index, Ellipsis, slice(None))

    @property
    def at(self):
        return _KeyIndexUpdateHelper(self)

    # -- comparisons: keys equal keys ---------------------------------------------------------
    def __eq__(self, other):
        return self._compare(other, "equal")

    def __ne__(self, other):
        return self._compare(other, "not_equal")

    def _compare(self, other, name):
        if type(other) is not PRNGKeyArray or other._impl is not self._impl:
            _binary_op_error(name)(self, other)
        import wax.numpy as jnp
        same = jnp.all(jnp.equal(self._base_array, other._base_array), axis=-1)
        return same if name == "equal" else jnp.logical_not(same)


for _name, _jax_name in (("add", "add"), ("sub", "subtract"), ("mul", "multiply"),
                         ("truediv", "true_divide"), ("floordiv", "floor_divide"),
                         ("mod", "remainder"), ("divmod", "divmod"), ("pow", "power"),
                         ("matmul", "matmul"), ("and", "bitwise_and"), ("or", "bitwise_or"),
                         ("xor", "bitwise_xor"), ("lshift", "left_shift"),
                         ("rshift", "right_shift"), ("lt", "less"), ("le", "less_equal"),
                         ("gt", "greater"), ("ge", "greater_equal")):
    setattr(PRNGKeyArray, f"__{_name}__", _binary_op_error(_jax_name))
    if _name not in ("lt", "le", "gt", "ge"):
        setattr(PRNGKeyArray, f"__r{_name}__", _binary_op_error(_jax_name, reflected=True))
for _name, _jax_name in (("neg", "neg"), ("pos", "positive"), ("abs", "abs"),
                         ("invert", "not"), ("round", "round"), ("int", "convert_element_type"),
                         ("float", "convert_element_type"), ("index", "convert_element_type"),
                         ("complex", "convert_element_type")):
    setattr(PRNGKeyArray, f"__{_name}__", _key_op_error(_jax_name))
for _name in ("astype", "sum", "prod", "mean", "var", "std", "max", "min", "all", "any",
              "argmax", "argmin", "cumsum", "cumprod", "ptp", "clip", "round", "conj",
              "conjugate", "dot", "sort", "argsort", "nonzero", "repeat", "diagonal", "trace",
              "item", "tolist", "view", "byteswap", "choose", "compress", "searchsorted"):
    setattr(PRNGKeyArray, _name, _abstract_method(_name))
for _name in ("real", "imag", "flat"):
    setattr(PRNGKeyArray, _name, property(_abstract_method(_name)))


def _no_weak_type(self):
    raise AttributeError("'PRNGKeyArray' object has no attribute 'weak_type'")


PRNGKeyArray.weak_type = property(_no_weak_type)
del _name, _jax_name


class _KeyIndexUpdateHelper:
    __slots__ = ("keys",)

    def __init__(self, keys):
        self.keys = keys

    def __getitem__(self, index):
        return _KeyIndexUpdateRef(self.keys, index)


class _KeyIndexUpdateRef:
    __slots__ = ("keys", "index")

    def __init__(self, keys, index):
        self.keys, self.index = keys, index

    def get(self, **kwargs):
        keys = self.keys
        data = keys._base_array.at[keys._data_index(self.index)].get(**kwargs)
        return PRNGKeyArray(keys._impl, data)

    def set(self, values, **kwargs):
        keys = self.keys
        if type(values) is not PRNGKeyArray or values._impl is not keys._impl:
            raise TypeError(f"a key array of dtype {keys.dtype} can only be updated with keys "
                            f"of the same dtype, got {type(values).__name__}")
        data = keys._base_array.at[keys._data_index(self.index)].set(values._base_array,
                                                                     **kwargs)
        return PRNGKeyArray(keys._impl, data)


register_pytree_node(PRNGKeyArray, lambda keys: ((keys._base_array,), keys._impl),
                     lambda impl, children: PRNGKeyArray(impl, children[0]))


# -- checking key arguments ----------------------------------------------------------------------

def is_typed_key(x) -> bool:
    return type(x) is PRNGKeyArray


def check_key_data(impl: PRNGImpl, data) -> None:
    """JAX's TypeErrors for an array that cannot be key data of `impl`."""
    if not all(hasattr(data, attr) for attr in ("ndim", "shape", "dtype")):
        raise TypeError("JAX encountered invalid PRNG key data: expected key_data to have "
                        f"ndim, shape, and dtype attributes. Got {data}")
    shape = _shape_of(data)
    if len(shape) < 1:
        raise TypeError("JAX encountered invalid PRNG key data: expected key_data.ndim >= 1; "
                        f"got ndim={len(shape)}")
    if shape[-len(impl.key_shape):] != impl.key_shape:
        raise TypeError("JAX encountered invalid PRNG key data: expected key_data.shape to "
                        f"end with {impl.key_shape}; got shape={shape} for impl={impl!r}")
    dtype = np.dtype(data.dtype)
    if dtype not in (_U32, dtypes.float0):
        raise TypeError("JAX encountered invalid PRNG key data: expected key_data.dtype = "
                        f"uint32; got dtype={dtype}")


def _is_arraylike(x) -> bool:
    return (isinstance(x, (np.ndarray, Array)) or np.isscalar(x)
            or hasattr(x, "__jax_array__"))


def as_key_data(x):
    """A wax array (or tracer) of key data for a legacy key given as any array."""
    if isinstance(x, Array):
        return x
    import wax.numpy as jnp
    return jnp.asarray(x)


def check_key(name: str, key, allow_batched: bool = False):
    """(key data, impl, typed): the data of a typed key array or a legacy uint32 key, with
    JAX's errors for anything else (and for a batch of keys where one key is needed)."""
    if type(key) is PRNGKeyArray:
        data, impl, typed, shown = key._base_array, key._impl, True, key.shape
    elif _is_arraylike(key):
        impl = default_prng_impl()
        check_key_data(impl, key)
        data, typed, shown = as_key_data(key), False, _shape_of(key)
    else:
        raise TypeError(f"unexpected PRNG key type {type(key)}")
    if not allow_batched and len(_shape_of(data)) > 1:
        raise ValueError(f"{name} accepts a single key, but was given a key array of shape "
                         f"{shown} != (). Use jax.vmap for batching.")
    return data, impl, typed


def return_keys(typed: bool, impl: PRNGImpl, data):
    return PRNGKeyArray(impl, data) if typed else data


# -- key constructors and operations -----------------------------------------------------------

def _seed_array(ctor_name: str, seed):
    if type(seed) is PRNGKeyArray:
        raise TypeError(f"{ctor_name} accepts a scalar seed, but was given a PRNG key.")
    if np.ndim(seed) if not isinstance(seed, Array) else seed.ndim:
        raise TypeError(f"{ctor_name} accepts a scalar seed, but was given an array of shape "
                        f"{_shape_of(seed)} != (). Use jax.vmap for batching")
    if isinstance(seed, (bool, int)) and not isinstance(seed, np.generic):
        # As JAX: a Python int goes through int64 first, so a large seed truncates to its
        # low 32 bits when x64 is off instead of overflowing.
        value = np.int64(seed)
        return value if config.jax_enable_x64 else value.astype(np.int32)
    if isinstance(seed, Array):
        dtype = seed.aval.dtype if isinstance(seed, Tracer) else seed.dtype
    else:
        seed = np.asarray(seed)
        dtype = dtypes.canonicalize_dtype(seed.dtype)
        seed = seed.astype(dtype)
    if not dtypes.is_integer(dtype):
        raise TypeError(f"PRNG key seed must be an integer; got {seed!r}")
    return seed


def _random_seed(ctor_name: str, seed, impl_spec):
    impl = resolve_prng_impl(impl_spec)
    return impl, _bits.seed_data(_seed_array(ctor_name, seed))


def key(seed, *, impl=None, dtype=None):
    """A typed PRNG key (dtype key<fry>) from an integer seed: its data holds the seed's
    high and low 32-bit words."""
    if dtype is not None:
        if impl is not None:
            raise ValueError("Cannot specify both `impl` and `dtype` arguments to "
                             "jax.random.key")
        impl = dtype
    impl, data = _random_seed("key", seed, impl)
    return PRNGKeyArray(impl, data)


def PRNGKey(seed, *, impl=None):
    """A legacy PRNG key: the uint32[2] data of key(seed)."""
    return _random_seed("PRNGKey", seed, impl)[1]


def split(key, num=2):
    """Split one key into `num` new keys (an int or a shape), stacked along leading axes."""
    data, impl, typed = check_key("split", key)
    return return_keys(typed, impl, split_data(data, num))


def split_data(data, num=2):
    shape = tuple(num) if isinstance(num, (tuple, list)) else (operator.index(num),)
    if any(n < 0 for n in shape):
        raise ValueError(f"split: num must be nonnegative, got {num}")
    return _bits.split_data(data, shape)


def fold_in(key, data):
    """A new key from a key and a 32-bit integer (the integer wraps to uint32)."""
    key_data, impl, typed = check_key("fold_in", key)
    if np.ndim(data) if not isinstance(data, Array) else data.ndim:
        raise TypeError("fold_in accepts a scalar, but was given an array of"
                        f"shape {_shape_of(data)} != (). Use jax.vmap for batching.")
    return return_keys(typed, impl, _bits.fold_in_data(key_data, _as_uint32(data)))


def _as_uint32(data):
    from ..primitives.elementwise import convert_element_type
    if isinstance(data, (bool, int)) and not isinstance(data, np.generic):
        if not 0 <= data < 2 ** 32:
            raise OverflowError(f"Python integer {data} out of bounds for uint32")
        return np.uint32(data)
    if not isinstance(data, Array):
        return np.asarray(data).astype(_U32)
    return convert_element_type(data, _U32)


def clone(key):
    """A copy of a key (keys are immutable values in wax, so the same keys)."""
    if type(key) is PRNGKeyArray:
        return PRNGKeyArray(key._impl, key._base_array)
    return key


def key_data(keys):
    """The uint32 key data under a key array (shape (*keys.shape, 2)); legacy keys as
    they are."""
    data, _, _ = check_key("key_data", keys, allow_batched=True)
    return data


def wrap_key_data(key_bits_array, *, impl=None, dtype=None):
    """A typed key array over uint32 key data of shape (..., 2)."""
    if dtype is not None:
        if impl is not None:
            raise ValueError("Cannot specify both `impl` and `dtype` arguments to "
                             "jax.random.wrap_key_data")
        impl = dtype
    impl = resolve_prng_impl(impl)
    check_key_data(impl, key_bits_array)
    return PRNGKeyArray(impl, as_key_data(key_bits_array))


def key_impl(keys):
    """The name of the implementation of keys ('threefry2x32')."""
    _, impl, _ = check_key("key_impl", keys, allow_batched=True)
    return impl.name if impl.name in _IMPLS else PRNGSpec(impl)
