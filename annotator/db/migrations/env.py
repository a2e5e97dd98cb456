"""Alembic environment: runs on the engine the app opened (config.attributes["engine"]).

config.attributes["on_version_apply"], when given, hears each migration once applied (for progress)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from annotator.db.models import Base

config = context.config
engine: Engine = config.attributes["engine"]
applied = config.attributes.get("on_version_apply")

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
        on_version_apply=applied,
    )
    with context.begin_transaction():
        context.run_migrations()
