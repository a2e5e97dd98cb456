"""File sizes as people read them, for size-limit messages."""

from __future__ import annotations


def human_size(size: int) -> str:
    """Decimal units, matching the limit's own spelling: 20_000_000 bytes is "20 MB".

    One decimal below 100 units, so a file just over a 20 MB limit reads "20.4 MB", not "20 MB".
    """
    if size < 1000:
        return f"{size} bytes"
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value >= 100 or value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"
