"""What every editor decision is: a change applied in one transaction, described for the history."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from annotator.store import HistoryStep, Store

Result = TypeVar("Result")


class Operation(ABC, Generic[Result]):
    """One editor decision. `apply` makes the change through the store; History runs it inside one
    recorded transaction, which is what gives it its exact inverse (every row it created, changed or
    deleted, a person or an alias included)."""

    area: ClassVar[str] = "annotation"  # annotation / review / people: the audit log names undos by it

    @abstractmethod
    def describe(self) -> str:
        """A short label for menus and the command line: "confirm quote 12"."""

    @abstractmethod
    def apply(self, store: Store, user: str) -> Result:
        """Make the change as `user`. Raises StoreError (nothing written) when the store refuses."""


@dataclass(frozen=True, slots=True)
class Outcome(Generic[Result]):
    """What a decision returned, and its place in the history (None when it changed nothing)."""

    result: Result
    step: HistoryStep | None
