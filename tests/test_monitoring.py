"""wax.monitoring: listeners receive jit's compile-step events under JAX's names."""
import pytest

import wax
import wax.monitoring as monitoring
import wax.numpy as jnp


@pytest.fixture(autouse=True)
def _clean_listeners():
    monitoring.clear_event_listeners()
    yield
    monitoring.clear_event_listeners()


def test_jit_reports_trace_and_compile_durations():
    durations, scalars = [], []
    monitoring.register_event_duration_secs_listener(
        lambda event, seconds, **kw: durations.append((event, seconds, kw)))
    monitoring.register_scalar_listener(
        lambda event, value, **kw: scalars.append((event, value, kw)))

    def double_it(x):
        return x * 2

    f = wax.jit(double_it)
    f(jnp.ones(3))
    f(jnp.ones(3))  # cached: no new events
    events = [(e, kw) for e, _, kw in durations]
    assert events == [("/jax/core/compile/jaxpr_trace_duration", {"fun_name": "double_it"}),
                      ("/jax/core/compile/backend_compile_duration",
                       {"fun_name": "double_it"})]
    assert [(e, kw) for e, _, kw in scalars] == events
    assert all(seconds >= 0 for _, seconds, _ in durations)
    f(jnp.ones(4))  # a new shape: traced and built again
    assert len(durations) == 4


def test_user_events_and_unregistering():
    seen = []
    listener = lambda event, **kw: seen.append((event, kw))
    monitoring.register_event_listener(listener)
    spans = []
    monitoring.register_event_time_span_listener(
        lambda event, start, end, **kw: spans.append((event, end - start)))
    monitoring.record_event("/my/event", step=3)
    monitoring.record_event_time_span("/my/span", 1.0, 3.5)
    assert seen == [("/my/event", {"step": 3})] and spans == [("/my/span", 2.5)]
    monitoring.unregister_event_listener(listener)
    monitoring.record_event("/my/event")
    assert len(seen) == 1
    with pytest.raises(AssertionError):
        monitoring.unregister_event_listener(listener)
