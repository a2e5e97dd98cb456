"""two indexes on the audit log for the review queue: (target, at) and (target, target_uid)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 20:20:00

The review queue reads the quote edits colleagues made in a span (`target = 'quote' AND at >= ... AND at <
...`, any user but the reviewer), then the whole history of every quote they touched by uid (`target =
'quote' AND target_uid IN (...)`, 500 uids at a time). Without these indexes both read every quote edit of
the log through ix_edits_target, the history once per slice: on an archive with 136,000 audit rows and a
queue of 4,800 quotes that was 2.0 of the queue's 2.3 seconds (docs/REVIEW.md). `target` leads so that
SQLite's planner, which has no statistics in a database nobody ran ANALYZE on, prefers them to
ix_edits_target (one column matched against two).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_edits_target_at", "edits", ["target", "at"])
    op.create_index("ix_edits_target_uid", "edits", ["target", "target_uid"])


def downgrade() -> None:
    op.drop_index("ix_edits_target_uid", table_name="edits")
    op.drop_index("ix_edits_target_at", table_name="edits")
