"""Event listeners (jax.monitoring): user callbacks for the events wax records.

wax records, as JAX names them, '/jax/core/compile/jaxpr_trace_duration' (tracing a
function for jit) and '/jax/core/compile/backend_compile_duration' (building its
executable), each as a duration and as a scalar with fun_name=. Recording with no
listener registered costs one list check.
"""
from __future__ import annotations

_event, _duration, _time_span, _scalar = [], [], [], []


def record_event(event: str, **kwargs) -> None:
    for callback in tuple(_event):
        callback(event, **kwargs)


def record_event_duration_secs(event: str, duration: float, **kwargs) -> None:
    for callback in tuple(_duration):
        callback(event, duration, **kwargs)


def record_event_time_span(event: str, start_time: float, end_time: float, **kwargs) -> None:
    for callback in tuple(_time_span):
        callback(event, start_time, end_time, **kwargs)


def record_scalar(event: str, value, **kwargs) -> None:
    for callback in tuple(_scalar):
        callback(event, value, **kwargs)


def record_compile_step(event: str, seconds: float, fun_name: str) -> None:
    """A compilation step's duration, as JAX reports it: a scalar, then a duration."""
    if _scalar or _duration:
        record_scalar(event, seconds, fun_name=fun_name)
        record_event_duration_secs(event, seconds, fun_name=fun_name)


def register_event_listener(callback) -> None:
    _event.append(callback)


def register_event_duration_secs_listener(callback) -> None:
    _duration.append(callback)


def register_event_time_span_listener(callback) -> None:
    _time_span.append(callback)


def register_scalar_listener(callback) -> None:
    _scalar.append(callback)


def _unregister(listeners, callback):
    if callback not in listeners:
        raise AssertionError(f"callback {callback!r} is not a registered listener")
    listeners.remove(callback)


def unregister_event_listener(callback) -> None:
    _unregister(_event, callback)


def unregister_event_duration_listener(callback) -> None:
    _unregister(_duration, callback)


def unregister_event_time_span_listener(callback) -> None:
    _unregister(_time_span, callback)


def unregister_scalar_listener(callback) -> None:
    _unregister(_scalar, callback)


def clear_event_listeners() -> None:
    for listeners in (_event, _duration, _time_span, _scalar):
        listeners.clear()
