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

from annotator.annotation_queue import AnnotationQueue, format_status, queue_status
from annotator.db.models import AnnotationClaim, Edit
from annotator.nlp.types import Annotations
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


def _worker(pg_url: str, user: str, log: Path, claim_timeout: int = CLAIM_TIMEOUT) -> subprocess.Popen[bytes]:
    script = shutil.which("annotator", path=str(Path(sys.executable).parent))
    assert script is not None
    command = [script, "--db", pg_url, "--user", user, "annotate", "--worker", "--processes", "1", "--batch", "4"]
    command += ["--claim-timeout", str(claim_timeout)]
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


def test_an_editors_app_and_a_worker_together_annotate_each_article_once(pg_url: str, tmp_path: Path) -> None:
    """The app's pending job (annotate_articles over the articles it listed as pending) claims each article as
    a worker does: it skips what a worker holds or has stored, and no worker takes what it holds."""
    from annotator.annotating import annotate_articles

    count = 60
    store = Store.open(pg_url)
    try:
        ids = [store.articles.add_article(_article(n), user="ana")[0].id for n in range(count)]
        desk = AnnotationQueue(store, worker="desk-3:41")  # a worker on another machine, busy with these
        held = desk.claim(3)
        worker = _worker(pg_url, "worker-b", tmp_path / "b.log", claim_timeout=600)
        try:
            pending = store.articles.article_ids(unannotated_only=True)  # listed at the app's start
            deadline = time.monotonic() + 300
            while _annotations_by(store, "worker-b").total() < 2:  # the worker stores some after the listing
                assert worker.poll() is None, (tmp_path / "b.log").read_text()
                assert time.monotonic() < deadline, "the worker stored nothing in 5 minutes"
                time.sleep(0.1)
            app_stored = annotate_articles(store, pending, user="app", again=False)
            for article_id in held:  # the other machine's worker stores its batch; then nothing is left
                assert desk.renew(article_id)
                store.articles.save_annotations(article_id, Annotations(model="desk"), user="desk")
                desk.finish(article_id)
            assert worker.wait(timeout=600) == 0, (tmp_path / "b.log").read_text()
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        runs = _annotations_by(store)
        assert sorted(runs) == sorted(ids)
        assert set(runs.values()) == {1}  # every article annotated exactly once
        assert not set(_annotations_by(store, "app")) & set(held)  # what the other worker held was left to it
        assert len(app_stored) == _annotations_by(store, "app").total()
        assert queue_status(store).claimed == 0
    finally:
        store.close()


def test_the_annotate_command_lists_only_the_articles_it_annotated(pg_url: str) -> None:
    """`annotator annotate` leaves the articles a worker holds to it, and its list names what it did itself."""
    store = Store.open(pg_url)
    try:
        ids = [store.articles.add_article(_article(n), user="ana")[0].id for n in range(4)]
        held = AnnotationQueue(store, worker="desk-3:41").claim(2)
        script = shutil.which("annotator", path=str(Path(sys.executable).parent))
        assert script is not None
        done = subprocess.run(
            [script, "--db", pg_url, "--user", "ana", "annotate", "--new"], capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr
        listed = sorted(int(line.split()[0].lstrip("#")) for line in done.stdout.splitlines() if line.startswith("#"))
        assert listed == sorted(set(ids) - set(held))
    finally:
        store.close()
