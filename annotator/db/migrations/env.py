"""Alembic environment: runs on the engine the app opened (config.attributes["engine"])."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from annotator.db.models import Base

config = context.config
engine: Engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
