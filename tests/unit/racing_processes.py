"""Processes that reach one database at the same moment, to test what two writers at once leave behind."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from subprocess import PIPE

from sqlalchemy import create_engine, text


def started_together(db_url: str, commands: Sequence[list[str]]) -> list[subprocess.Popen[str]]:
    """The `commands` started at once, reaching our database at the same moment.

    On PostgreSQL the people table is held locked until every process waits (on it, or on a lock of the
    app's own), so with any guard missing they all go on writing at once; SQLite cannot tell who waits, so
    there they simply start together.
    """
    if not db_url.startswith("postgresql"):
        return [subprocess.Popen(command, stdout=PIPE, stderr=PIPE, text=True) for command in commands]
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection, connection.begin():
            connection.execute(text("LOCK TABLE people IN ACCESS EXCLUSIVE MODE"))
            runs = [subprocess.Popen(command, stdout=PIPE, stderr=PIPE, text=True) for command in commands]
            # this database's waits only: tests on other databases of the server wait for their own locks
            waiting = text(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"
            )
            while connection.scalar(waiting) < len(runs) and all(run.poll() is None for run in runs):
                time.sleep(0.05)  # polls the server's lock table: the moment both wait is the moment to let go
    finally:
        engine.dispose()
    return runs
