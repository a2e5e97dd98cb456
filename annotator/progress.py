"""How long work reports progress and learns it was cancelled, without knowing who is watching."""

from __future__ import annotations

from collections.abc import Callable

# progress(done, total, label) -> keep going? Returning False asks the work to stop at the next safe point.
ProgressCallback = Callable[[int, int, str], bool]


def no_progress(_done: int, _total: int, _label: str) -> bool:
    return True
