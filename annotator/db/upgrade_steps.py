"""Upgrading a database written by an earlier version: the steps it will take, a copy as it was, and telling
whoever watches which step is running (on a newsroom archive some take seconds each)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory

from annotator.progress import ProgressCallback


@dataclass(frozen=True)
class UpgradeStep:
    revision: str
    description: str  # the migration docstring's first line


@dataclass(frozen=True)
class UpgradePlan:
    """What opening a database will do to its schema. `current` is None for a new (empty) database."""

    current: str | None
    head: str
    steps: tuple[UpgradeStep, ...]
    backup: Path | None  # where the copy as it was goes (SQLite files at an older revision only)

    @property
    def upgrades_existing(self) -> bool:
        """An earlier version's database that opening will change (a new one is only created: quick)."""
        return self.current is not None and bool(self.steps)


def pending_steps(scripts: ScriptDirectory, current: str | None) -> tuple[UpgradeStep, ...]:
    """The migrations from `current` (exclusive) to head, in the order they run."""
    head = scripts.get_current_head()
    if head is None or current == head:
        return ()
    newest_first = scripts.iterate_revisions(head, current or "base")
    return tuple(
        UpgradeStep(script.revision, _first_line(script.doc) or script.revision)
        for script in reversed(list(newest_first))
    )


def backup_path(database: Path, revision: str) -> Path:
    return database.with_name(f"{database.name}.before-{revision}.bak")


def copy_sqlite_database(source: Path, target: Path) -> None:
    """Copy through SQLite's backup API: the copy holds what a WAL beside the file holds too, and is whole
    even if another process writes meanwhile. Written beside the target first, so a copy cut short never
    replaces an earlier good one."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    reading = sqlite3.connect(source)
    try:
        writing = sqlite3.connect(partial)
        try:
            reading.backup(writing)
        finally:
            writing.close()
    finally:
        reading.close()
    os.replace(partial, target)


class StepReporter:
    """Tells `progress` each step as it starts: the first before the migrations run, each next one when
    Alembic says (on_version_apply) the one before was applied. done counts the steps already applied."""

    def __init__(self, steps: Sequence[UpgradeStep], progress: ProgressCallback) -> None:
        self._steps = list(steps)
        self._progress = progress
        self._applied = 0

    @property
    def running(self) -> UpgradeStep | None:
        return self._steps[self._applied] if self._applied < len(self._steps) else None

    def start(self) -> None:
        self._report()

    def on_version_apply(self, **_context: Any) -> None:
        self._applied += 1
        self._report()

    def _report(self) -> None:
        step = self.running
        if step is not None:
            # the answer is ignored: a migration is never interrupted half-way
            self._progress(self._applied, len(self._steps), step.description)


def _first_line(text: str) -> str:
    """The migration's name: its docstring's first line up to a colon ("quote words: what the person said ..."
    gives "quote words"), short enough for a progress line."""
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    return first.split(":", 1)[0].strip()
