"""`annotator annotate --worker`: several processes share pre-annotation through the real PostgreSQL server.

Two workers run as separate processes with the real spaCy pipeline over a few hundred short articles; one is
killed with SIGKILL midway. Its claims are taken over after the claim timeout, every article ends up
annotated exactly once, and a quote an editor had confirmed before is left as it was.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.annotation_queue import format_status, queue_status
from annotator.db.models import AnnotationClaim, Edit
from annotator.store import NewArticle, Store

pytestmark = pytest.mark.postgres

ARTICLES = 240
CLAIM_TIMEOUT = 8  # seconds: short, so that the killed worker's claims are taken over within the test


def _article(n: int) -> NewArticle:
    text = (
        f'"We will open {n} new schools before the winter," Mayor Ana Lima told reporters on Monday. '
        f"The council said the plan for district {n} would cost less than expected."
    )
    return NewArticle(title=f"Schools {n}", text=text, outlet="City Desk")


def _annotations_by(store: Store, user: str | None = None) -> Counter[int]:
    query = select(Edit.article_id).where(Edit.action == "annotate", Edit.target == "article")
    if user is not None:
        query = query.where(Edit.user == user)
    with store.engine.connect() as conn:
        return Counter(conn.scalars(query))


def _held_by(store: Store, pid: int) -> list[int]:
    """The articles a worker process has claimed and not stored."""
    with store.engine.connect() as conn:
        return list(
            conn.scalars(
                select(AnnotationClaim.article_id).where(
                    AnnotationClaim.worker.endswith(f":{pid}"), AnnotationClaim.done_at.is_(None)
                )
            )
        )


def _worker(pg_url: str, user: str, log: Path) -> subprocess.Popen[bytes]:
    script = shutil.which("annotator", path=str(Path(sys.executable).parent))
    assert script is not None
    command = [script, "--db", pg_url, "--user", user, "annotate", "--worker", "--processes", "1", "--batch", "4"]
    command += ["--claim-timeout", str(CLAIM_TIMEOUT)]
    return subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def test_two_workers_one_killed_annotate_every_article_exactly_once(pg_url: str, tmp_path: Path) -> None:
    store = Store.open(pg_url)
    try:
        ids = [store.articles.add_article(_article(n), user="ana")[0].id for n in range(ARTICLES)]
        # An editor's decision made before pre-annotation: the quote of the first article, confirmed
        text = store.articles.get_article(ids[0]).text
        end = text.index("winter,") + len('winter,"')
        decided = store.quotes.add_quote(ids[0], 0, end, user="ana")
        decided = store.quotes.confirm_quote(decided.id, user="ana")

        first = _worker(pg_url, "worker-a", tmp_path / "a.log")
        second = _worker(pg_url, "worker-b", tmp_path / "b.log")
        try:
            deadline = time.monotonic() + 300
            while _annotations_by(store, "worker-a").total() < 12 or not _held_by(store, first.pid):
                assert first.poll() is None, (tmp_path / "a.log").read_text()
                assert time.monotonic() < deadline, "worker a stored nothing in 5 minutes"
                time.sleep(0.1)
            first.send_signal(signal.SIGKILL)  # mid-batch: it holds claims it will never store
            first.wait(timeout=30)
            orphaned = _held_by(store, first.pid)
            assert orphaned, "killed between two batches: nothing to take over"
            assert _annotations_by(store).total() < ARTICLES, "killed too late to test a takeover"
            assert second.wait(timeout=600) == 0, (tmp_path / "b.log").read_text()
        finally:
            for process in (first, second):
                if process.poll() is None:
                    process.kill()
                    process.wait()

        runs = _annotations_by(store)
        # The killed worker's claims taken over (one it had stored just before the kill stays its own)
        unstored = set(orphaned) - set(_annotations_by(store, "worker-a"))
        assert unstored and unstored <= set(_annotations_by(store, "worker-b"))
        assert sorted(runs) == sorted(ids)  # every article annotated ...
        assert set(runs.values()) == {1}  # ... exactly once
        assert _annotations_by(store, "worker-a").total() >= 12

        kept = store.quotes.quotes_for_article(ids[0])
        confirmed = [q for q in kept if q.id == decided.id]
        assert confirmed == [decided]  # the editor's quote: same status, span, version and editor
        assert not [q for q in kept if q.status == "suggested" and q.start < decided.end and decided.start < q.end]
        assert any(q.status == "suggested" for q in store.quotes.quotes_for_article(ids[1]))  # the model did run

        status = queue_status(store, claim_timeout=CLAIM_TIMEOUT)
        assert (status.done, status.claimed, status.left) == (ARTICLES, 0, 0)
        assert {w.worker.split(":")[0] for w in status.workers} == {os.uname().nodename}
        assert "done 240  claimed 0  left 0" in format_status(status)
        with store.engine.connect() as conn:
            editor_edits = conn.scalar(select(func.count(Edit.id)).where(Edit.user == "ana", Edit.action != "import"))
        assert editor_edits == 2  # the add and the confirm; the workers never wrote as the editor
    finally:
        store.close()
