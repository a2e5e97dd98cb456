"""The values an import hands to the store: parsed articles and the problems met on the way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def _empty_extra() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class ParsedArticle:
    """One article read from a file, before it reaches the database.

    `text` is what the editor reads and what quote offsets point into, so importers never rewrite it
    beyond normalising newlines, dropping a byte-order mark and trimming whitespace at its end.
    """

    text: str
    title: str
    source: str
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None
    description: str | None = None
    # hash=False: a mapping is unhashable, and equal articles still hash equally without it.
    extra: Mapping[str, str] = field(default_factory=_empty_extra, hash=False)
    # What the import report should say about an article that was read only in part (broken front matter)
    notes: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        # Freeze a caller's dict so a frozen article cannot change through a shared reference.
        if not isinstance(self.extra, MappingProxyType):
            object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))


@dataclass(frozen=True)
class ImportProblem:
    """A file (or a line of a .jsonl file) that could not be imported, with a reason for the user."""

    source: str
    reason: str


class ArticleReadError(Exception):
    """A file cannot be imported; `reason` is one sentence fit to show the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
