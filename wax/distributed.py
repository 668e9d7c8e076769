"""wax.distributed (jax.distributed): multi-process start-up.

wax runs in one process (several processes are the later mpi4py backend's), so the one
cluster it can join is a cluster of one: initialize(coordinator_address, num_processes=1,
process_id=0) succeeds (process_count() stays 1), and a larger cluster raises saying why.
"""
from __future__ import annotations

__all__ = ["initialize", "is_initialized", "shutdown"]

_state = {"initialized": False}


def initialize(coordinator_address: str | None = None, num_processes: int | None = None,
               process_id: int | None = None, local_device_ids=None,
               cluster_detection_method: str | None = None, initialization_timeout: int = 300,
               heartbeat_timeout_seconds: int = 100, shutdown_timeout_seconds: int = 300,
               coordinator_bind_address: str | None = None, slice_index: int | None = None,
               partition_index: int | None = None):
    """Join the cluster: for wax, a cluster of one process."""
    if _state["initialized"]:
        raise RuntimeError("distributed.initialize should only be called once.")
    if coordinator_address is None:
        raise ValueError("coordinator_address should be defined.")
    if num_processes not in (None, 1) or process_id not in (None, 0):
        raise NotImplementedError(
            f"wax runs in one process: a cluster of num_processes={num_processes} (this one "
            f"process_id={process_id}) needs the multi-process backend, which wax does not "
            "have yet. Run one process (num_processes=1).")
    _state["initialized"] = True


def is_initialized() -> bool:
    """Whether initialize() has been called (and shutdown() not since)."""
    return _state["initialized"]


def shutdown():
    """Leave the cluster (nothing to do when not initialized)."""
    _state["initialized"] = False
