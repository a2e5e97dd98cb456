"""Code points (the core's offsets) <-> UTF-16 code units (Qt's text positions).

Every character outside the Basic Multilingual Plane (emoji, some CJK, mathematical letters) is one code point
in Python but two UTF-16 units in Qt. The map keeps the sorted code-point offsets of those characters, so a
conversion is a binary search, and text without any (the usual case) converts by identity.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class PositionMap:
    __slots__ = ("_astral", "_astral_ends_utf16", "code_points", "utf16_units")

    def __init__(self, text: str) -> None:
        self._astral = [match.start() for match in _ASTRAL.finditer(text)]
        # where each astral character ends in UTF-16 units: its code point offset, plus one extra unit for
        # each astral character before it, plus its own two units
        self._astral_ends_utf16 = [cp + i + 2 for i, cp in enumerate(self._astral)]
        self.code_points = len(text)
        self.utf16_units = len(text) + len(self._astral)

    @property
    def is_identity(self) -> bool:
        return not self._astral

    def to_qt(self, position: int) -> int:
        """A code-point offset as a Qt (UTF-16) position."""
        if not self._astral:
            return position
        return position + bisect_left(self._astral, position)

    def from_qt(self, position: int, *, round_up: bool = False) -> int:
        """A Qt position as a code-point offset. A position inside a surrogate pair goes to the start of that
        character, or past it with `round_up` (for the end of a selection)."""
        if not self._astral:
            return position
        before = bisect_right(self._astral_ends_utf16, position)  # astral characters wholly before it
        code_point = position - before
        if before < len(self._astral) and self._astral_ends_utf16[before] - 1 == position:
            # between the two halves of an astral character
            return code_point if round_up else code_point - 1
        return code_point

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_from_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.from_qt(start), self.from_qt(end, round_up=True)
