"""Work-arounds for defects in the libraries underneath, each switched on only where it is measured.

PySide6 6.12.0 on Python 3.11 drops one reference to None on every call of a C++ method that returns
void, and now and then one to True or False (6.11.3 does not; from Python 3.12 these objects are immortal
and the extra decref is harmless). A few thousand such calls, which the article view makes each time it
highlights an article, take None's reference count to zero and CPython aborts with "Fatal Python error:
none_dealloc". The real fix is a PySide6 without the defect or Python >= 3.12. Until the project pins one,
the guard measures the leak at start-up and, if there is one, raises the counts of None, True and False by
a large margin and a timer keeps them there. The count is raised in place (the object's first field in
CPython 3.11) rather than by holding references, because module globals are freed before the last Qt
objects at interpreter exit.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer

RESERVE = 100_000_000  # far more than any burst of calls between two checks
CHECK_INTERVAL_MS = 1000

_timer: QTimer | None = None


def none_refs_lost_per_void_call(samples: int = 200) -> float:
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(samples):
        probe.setObjectName("probe")  # returns void
    return (before - sys.getrefcount(None)) / samples


# returned or passed through the same faulty paths (bool results and arguments of overrides and signals)
_SINGLETONS = (None, True, False)


def _top_up() -> None:
    for singleton in _SINGLETONS:
        if sys.getrefcount(singleton) < RESERVE // 2:
            refcount = ctypes.c_ssize_t.from_address(id(singleton))
            refcount.value += RESERVE


def install_none_refcount_guard(parent: QObject | None = None) -> bool:
    """Start the guard if this PySide6 leaks references to None; True if it was needed."""
    global _timer
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or _timer is not None:
        return _timer is not None
    if none_refs_lost_per_void_call() < 0.5:
        return False
    _top_up()
    _timer = QTimer(parent)
    _timer.setInterval(CHECK_INTERVAL_MS)
    _timer.timeout.connect(_top_up)
    _timer.start()
    return True
