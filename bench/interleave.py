"""Baseline and measured code run in turn, so a busy neighbour slows both alike.

On a shared machine a figure measured once, or a baseline measured minutes before the code it is compared
with, moves with whatever else runs. Here each round times the baseline and the measured code back to back
(their order alternating between rounds: A B, B A, A B, ...), a ratio is taken within each round, and the
report is the median of those ratios with their spread. A neighbour that starts or stops mid-run moves one
round's pair together, which leaves its ratio nearly as it was.

    result = interleaved(lambda: bare_loop(), lambda: export(), rounds=5)
    print(result.describe("export vs bare loop", speed=True))
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Interleaved:
    """The seconds of each round for the baseline and the measured code, in the order they ran."""

    baseline: tuple[float, ...]
    measured: tuple[float, ...]

    @property
    def time_ratios(self) -> tuple[float, ...]:
        """measured / baseline per round: above 1 the measured code is slower."""
        return tuple(m / b for b, m in zip(self.baseline, self.measured, strict=True))

    @property
    def speed_ratios(self) -> tuple[float, ...]:
        """baseline / measured per round: the measured code's speed as a share of the baseline's."""
        return tuple(b / m for b, m in zip(self.baseline, self.measured, strict=True))

    def median(self, *, speed: bool = False) -> float:
        return statistics.median(self.speed_ratios if speed else self.time_ratios)

    def spread(self, *, speed: bool = False) -> tuple[float, float]:
        ratios = self.speed_ratios if speed else self.time_ratios
        return min(ratios), max(ratios)

    def describe(self, label: str, *, speed: bool = False) -> str:
        """`label: 0.83x (0.79-0.88 over 5 rounds; baseline 1.20 s, measured 1.45 s, medians)`."""
        low, high = self.spread(speed=speed)
        return (
            f"{label}: {self.median(speed=speed):.2f}x ({low:.2f}-{high:.2f} over {len(self.baseline)} rounds; "
            f"baseline {_seconds(statistics.median(self.baseline))}, "
            f"measured {_seconds(statistics.median(self.measured))}, medians)"
        )


def _seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def interleaved(
    baseline: Callable[[], object],
    measured: Callable[[], object],
    *,
    rounds: int = 5,
    warmup: int = 0,
    self_timed: bool = False,
) -> Interleaved:
    """Time `baseline` and `measured` in turn for `rounds` rounds (after `warmup` untimed rounds).

    With `self_timed` both callables return the seconds to count instead of their wall time (for code that
    times itself, such as a subprocess reporting its own start-up).
    """
    for _ in range(warmup):
        baseline()
        measured()
    base_times: list[float] = []
    measured_times: list[float] = []
    for index in range(rounds):
        pair = ((baseline, base_times), (measured, measured_times))
        for work, times in pair if index % 2 == 0 else reversed(pair):
            times.append(_timed(work, self_timed))
    return Interleaved(tuple(base_times), tuple(measured_times))


def _timed(work: Callable[[], object], self_timed: bool = False) -> float:
    gc.collect()  # garbage left by the other side is not charged to this one
    started = time.perf_counter()
    reported = work()
    elapsed = time.perf_counter() - started
    return float(reported) if self_timed else elapsed  # type: ignore[arg-type]


def repeated(work: Callable[[], object], rounds: int) -> list[float]:
    """Plain timings of one piece of code (for figures without a baseline, such as the slowest press)."""
    return [_timed(work) for _ in range(rounds)]
