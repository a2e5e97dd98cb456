"""Pre-annotation shared by several machines through one PostgreSQL database.

Each worker (`annotator annotate --worker`) claims a batch of articles that have no suggestions yet
(`annotated_at IS NULL`) with `SELECT ... FOR UPDATE SKIP LOCKED`, so two workers never pick the same
article, records the claims in `annotation_claims`, annotates the batch on all its cores and stores each
article in its own transaction (store.articles.save_annotations: editor decisions are never touched), then claims the
next batch. A claim is a lease: the worker renews it after each article it stores, and a claim older than
the timeout (its worker was killed, or its machine lost the network) is taken over by the next worker that
asks. Before storing an article the worker renews that article's claim and stores only if it still holds
it, so an article is annotated once unless its worker stalls for longer than the whole timeout between
that renewal and the commit. Times are the database server's clock, so machines need not agree on theirs.

On SQLite (one machine) `run_worker` simply annotates what is left, locally.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TextIO

from sqlalchemy import and_, case, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from annotator.db.models import AnnotationClaim, Article
from annotator.store import Store

DEFAULT_BATCH = 32
DEFAULT_CLAIM_TIMEOUT = 600.0  # seconds without a renewal before a claim is taken over
IDLE_POLL = 2.0  # seconds between looks while the only articles left are claimed by other workers


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True, slots=True)
class WorkerRate:
    worker: str
    done: int
    per_minute: float  # articles stored per minute between its first claim and its last stored article
    claimed: int  # claims it holds now that are not yet stored or expired


@dataclass(frozen=True, slots=True)
class QueueStatus:
    done: int  # articles with suggestions
    claimed: int  # articles a live worker holds
    left: int  # articles nobody holds yet (including expired claims)
    workers: tuple[WorkerRate, ...]


class AnnotationQueue:
    """The claims of one worker on the shared database (PostgreSQL)."""

    def __init__(self, store: Store, *, worker: str | None = None, claim_timeout: float = DEFAULT_CLAIM_TIMEOUT):
        self.store = store
        self.worker = worker or worker_name()
        self.claim_timeout = claim_timeout

    def _expired(self) -> object:
        return func.now() - timedelta(seconds=self.claim_timeout)

    def claim(self, size: int) -> list[int]:
        """Take up to `size` articles without suggestions that nobody holds (or whose claim expired)."""
        return self._claim(None, size)

    def claim_articles(self, article_ids: Sequence[int]) -> list[int]:
        """Take these articles if they still have no suggestions and no live claim: the editor's app annotates
        what it was asked for without ever doing an article a worker holds or has stored."""
        return self._claim(list(article_ids), None) if article_ids else []

    def _claim(self, article_ids: list[int] | None, size: int | None) -> list[int]:
        with self.store.engine.begin() as conn:
            free = (
                select(Article.id)
                .outerjoin(AnnotationClaim, AnnotationClaim.article_id == Article.id)
                .where(
                    Article.annotated_at.is_(None),
                    or_(AnnotationClaim.article_id.is_(None), AnnotationClaim.claimed_at < self._expired()),
                )
                .order_by(Article.id)
                .limit(size)
                # Locks the chosen articles until this transaction ends; a worker claiming at the same
                # moment skips them instead of waiting, and takes the next free ones
                .with_for_update(of=Article, skip_locked=True)
            )
            if article_ids is not None:
                free = free.where(Article.id.in_(article_ids))
            ids = list(conn.scalars(free))
            if ids:
                fresh = pg_insert(AnnotationClaim).values(
                    [{"article_id": i, "worker": self.worker, "claimed_at": func.now()} for i in ids]
                )
                conn.execute(
                    fresh.on_conflict_do_update(
                        index_elements=[AnnotationClaim.article_id],
                        set_={"worker": self.worker, "claimed_at": func.now(), "done_at": None},
                    )
                )
        return ids

    def renew(self, article_id: int) -> bool:
        """Renew every claim this worker holds; True if it still holds `article_id` (not taken over)."""
        with self.store.engine.begin() as conn:
            held = conn.scalars(
                update(AnnotationClaim)
                .where(AnnotationClaim.worker == self.worker, AnnotationClaim.done_at.is_(None))
                .values(claimed_at=func.now())
                .returning(AnnotationClaim.article_id)
            )
            return article_id in set(held)

    def finish(self, article_id: int) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(
                update(AnnotationClaim)
                .where(AnnotationClaim.article_id == article_id, AnnotationClaim.worker == self.worker)
                .values(done_at=func.now())
            )

    def release(self, article_ids: Sequence[int]) -> None:
        """Give back claims this worker will not store (it is stopping): others take them at once."""
        if not article_ids:
            return
        with self.store.engine.begin() as conn:
            conn.execute(
                delete(AnnotationClaim).where(
                    AnnotationClaim.article_id.in_(list(article_ids)),
                    AnnotationClaim.worker == self.worker,
                    AnnotationClaim.done_at.is_(None),
                )
            )

    def status(self) -> QueueStatus:
        return queue_status(self.store, claim_timeout=self.claim_timeout)


# Read through the partial index ix_articles_unannotated (migration 0009), not the whole articles table
WAITING_COUNT = select(func.count(Article.id)).where(Article.annotated_at.is_(None))


def queue_status(store: Store, *, claim_timeout: float = DEFAULT_CLAIM_TIMEOUT) -> QueueStatus:
    """Done, claimed and left over the whole database, and each worker's rate, from any machine."""
    with store.engine.connect() as conn:
        waiting = int(conn.scalar(WAITING_COUNT) or 0)
        done = int(conn.scalar(select(func.count(Article.id))) or 0) - waiting
        if store.dialect != "postgresql":
            return QueueStatus(done=done, claimed=0, left=waiting, workers=())
        live = and_(
            AnnotationClaim.done_at.is_(None),
            AnnotationClaim.claimed_at >= func.now() - timedelta(seconds=claim_timeout),
            Article.annotated_at.is_(None),
        )
        rows = conn.execute(
            select(
                AnnotationClaim.worker,
                func.count(AnnotationClaim.done_at),
                func.min(AnnotationClaim.claimed_at),
                func.max(AnnotationClaim.done_at),
                func.sum(case((live, 1), else_=0)),
            )
            .join(Article, Article.id == AnnotationClaim.article_id)
            .group_by(AnnotationClaim.worker)
            .order_by(AnnotationClaim.worker)
        ).all()
    workers = []
    for worker, stored, first, last, holding in rows:
        minutes = (last - first).total_seconds() / 60 if first is not None and last is not None else 0.0
        workers.append(WorkerRate(worker, int(stored), stored / minutes if minutes > 0 else 0.0, int(holding or 0)))
    claimed = sum(w.claimed for w in workers)
    return QueueStatus(done=done, claimed=claimed, left=waiting - claimed, workers=tuple(workers))


def workers_running(store: Store, *, claim_timeout: float = DEFAULT_CLAIM_TIMEOUT) -> bool:
    """Some worker holds a live claim now: a run is going, and an editor's app leaves it the waiting articles."""
    if store.dialect != "postgresql":
        return False
    with store.engine.connect() as conn:
        live = conn.scalar(
            select(AnnotationClaim.article_id)
            .where(
                AnnotationClaim.done_at.is_(None),
                AnnotationClaim.claimed_at >= func.now() - timedelta(seconds=claim_timeout),
            )
            .limit(1)
        )
    return live is not None


def format_status(status: QueueStatus) -> str:
    lines = [f"done {status.done}  claimed {status.claimed}  left {status.left}"]
    for w in status.workers:
        lines.append(f"  {w.worker}: {w.done} done, {w.per_minute:.1f} per minute, holding {w.claimed}")
    return "\n".join(lines)


# progress(stored_by_this_worker, left_unclaimed) after each stored article; `left` as of the batch's claim
WorkerProgress = Callable[[int, int], None]


def run_worker(
    store: Store,
    *,
    user: str,
    model_name: str | None = None,
    n_process: int | None = None,
    batch_size: int = DEFAULT_BATCH,
    claim_timeout: float = DEFAULT_CLAIM_TIMEOUT,
    progress: WorkerProgress | None = None,
    worker: str | None = None,
) -> int:
    """Claim, annotate and store batches until no article is left without suggestions; returns how many this
    worker stored. On SQLite it annotates what is left here, in one go."""
    from annotator.annotating import annotate_articles, load_engine
    from annotator.nlp import annotate_many

    processes = n_process or os.cpu_count() or 1
    if store.dialect != "postgresql":
        ids = store.articles.article_ids(unannotated_only=True)
        report = None
        if progress is not None:
            callback = progress

            def report(done: int, total: int, _label: str) -> bool:
                callback(done, total - done)
                return True

        return len(
            annotate_articles(store, ids, user=user, model_name=model_name, progress=report, n_process=processes)
        )

    queue = AnnotationQueue(store, worker=worker, claim_timeout=claim_timeout)
    nlp = load_engine(model_name)
    stored = 0
    while True:
        # One engine run over claims taken as it asks for texts: its processes (n_process) live as long as
        # there is free work, rather than starting and loading the model again for every batch
        claimed: list[int] = []  # in the order the texts went to the engine, which is the results' order
        left = [0]
        texts = _claimed_texts(queue, batch_size, claimed, left)
        position = 0
        known = store.people.known_people()
        try:
            for result in annotate_many(texts, known_people=known, n_process=processes, nlp=nlp):
                article_id = claimed[position]
                position += 1
                if not queue.renew(article_id):
                    continue  # taken over after our claim expired: the new holder stores it
                store.articles.save_annotations(article_id, result, user=user)
                queue.finish(article_id)
                stored += 1
                if progress is not None:
                    progress(stored, left[0])
        except BaseException:
            queue.release(claimed[position:])  # stopped with Ctrl+C or an error: the rest go back at once
            raise
        status = queue.status()
        if status.left + status.claimed == 0:
            return stored
        time.sleep(IDLE_POLL)  # only other workers' claims remain: wait in case one of them dies


def _claimed_texts(queue: AnnotationQueue, batch_size: int, claimed: list[int], left: list[int]) -> Iterator[str]:
    """The texts of articles claimed a batch at a time, as the engine asks for them, until none is free;
    each id goes to `claimed` as its text is handed out, and `left[0]` is the unclaimed count at each claim."""
    while ids := queue.claim(batch_size):
        left[0] = queue.status().left
        for article_id in ids:
            claimed.append(article_id)
            yield queue.store.articles.get_article(article_id).text


def print_worker_progress(stream: TextIO) -> WorkerProgress:
    def show(stored: int, left: int) -> None:
        stream.write(f"\rstored {stored}, {left} left unclaimed")
        stream.flush()

    return show
