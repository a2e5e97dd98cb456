"""The Qt binding in the lock must not leak references: PySide6 6.12.0 on Python 3.11 drops one reference
to None per void call, and a long session then aborts the interpreter ("none_dealloc"). pyproject.toml
pins below it; this test fails if an upgrade brings such a build back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_void_calls_keep_none_alive() -> None:
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        probe.setObjectName("probe")  # returns void
    assert abs(sys.getrefcount(None) - before) < 100
