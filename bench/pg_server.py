"""The local PostgreSQL server the benches that need one use (ANNOTATOR_TEST_PG, as the tests do): an
autocommit engine on its maintenance database for creating and dropping bench databases, and their URLs."""

from __future__ import annotations

import os

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

PG_ADMIN_URL = os.environ.get("ANNOTATOR_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def admin_engine(indent: str = "") -> Engine | None:
    """An autocommit engine on the server's maintenance database, or None (printed why) when none answers."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:
        print(f"{indent}PostgreSQL: no server at {PG_ADMIN_URL} ({str(exc).splitlines()[0]}): skipped")
        admin.dispose()
        return None
    return admin


def database_url(name: str) -> str:
    """The URL of database `name` on the same server."""
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
