"""Tracebacks of errors raised through wax's transformations, without wax's own frames
(JAX's traceback filtering): the user sees their call, their function and where the error
was raised, and a note saying how to get the rest (JAX_TRACEBACK_FILTERING=off)."""
from __future__ import annotations

import functools
import os
import types

from .._config import config

_WAX_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_NOTE = ("wax removed its internal frames from this traceback; set "
         "JAX_TRACEBACK_FILTERING=off (or config.update('jax_traceback_filtering', 'off')) "
         "to see them.")


def filter_traceback(err: BaseException) -> None:
    """Drop the frames of wax's own files from err's traceback, keeping the innermost one
    (where it was raised); not with filtering 'off'. Nested boundaries each filter what
    the exception passed through since."""
    mode = config.jax_traceback_filtering
    if mode == "off":
        return
    entries, tb = [], err.__traceback__
    while tb is not None:
        entries.append(tb)
        tb = tb.tb_next
    kept = [t for t in entries[:-1] if not t.tb_frame.f_code.co_filename.startswith(_WAX_DIR)]
    kept += entries[-1:]
    if len(kept) == len(entries):
        return
    new = None
    for t in reversed(kept):
        new = types.TracebackType(new, t.tb_frame, t.tb_lasti, t.tb_lineno)
    err.__traceback__ = new
    notes = getattr(err, "__notes__", ())
    if mode != "quiet_remove_frames" and hasattr(err, "add_note") and _NOTE not in notes:
        err.add_note(_NOTE)


def api_boundary(fun):
    """Wrap a function the user calls (a transformed function) so errors leaving it carry
    a filtered traceback."""
    @functools.wraps(fun)
    def boundary(*args, **kwargs):
        try:
            return fun(*args, **kwargs)
        except Exception as err:
            filter_traceback(err)
            raise
    return boundary
