"""wax.distributed: a cluster of one process, with JAX's errors for the rest."""
import inspect

import pytest

import wax
import wax.distributed as distributed


def test_a_cluster_of_one():
    assert not distributed.is_initialized()
    distributed.shutdown()  # nothing to do, as in JAX
    with pytest.raises(ValueError, match="coordinator_address should be defined"):
        distributed.initialize()
    distributed.initialize("localhost:12355", num_processes=1, process_id=0)
    try:
        assert distributed.is_initialized()
        assert wax.process_count() == 1 and wax.process_index() == 0
        with pytest.raises(RuntimeError, match="only be called once"):
            distributed.initialize("localhost:12355", num_processes=1, process_id=0)
    finally:
        distributed.shutdown()
    assert not distributed.is_initialized()


def test_larger_clusters_say_why_they_cannot_run():
    with pytest.raises(NotImplementedError, match="num_processes=2.*one process"):
        distributed.initialize("localhost:12355", num_processes=2, process_id=1)
    assert not distributed.is_initialized()


def test_signature_is_jax():
    # JAX 0.10.2's jax.distributed.initialize parameters, in order.
    assert list(inspect.signature(distributed.initialize).parameters) == [
        "coordinator_address", "num_processes", "process_id", "local_device_ids",
        "cluster_detection_method", "initialization_timeout", "heartbeat_timeout_seconds",
        "shutdown_timeout_seconds", "coordinator_bind_address", "slice_index",
        "partition_index"]
