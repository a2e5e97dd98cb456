"""The sources overview: who is quoted how often, by outlet or by month, and the share of quotes by women and
men where editors recorded a person's gender (the measure newsroom diversity audits use).

The counts are a few GROUP BY queries through `store.engine`; the table goes out as CSV, and charts are
drawn with matplotlib's Agg backend (no Qt: the command line saves them too; ui/ draws its own from the
same rows).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TextIO

from sqlalchemy import func, literal, select

from annotator.db.models import Article, Person, Quote
from annotator.records import VERIFIED_STATUSES
from annotator.store import Store, StoreError

Breakdown = Literal["outlet", "month", "none"]
BREAKDOWNS: tuple[str, ...] = ("outlet", "month", "none")
UNKNOWN_SPEAKER = "(unknown speaker)"
UNKNOWN_BUCKET = "(none)"  # an article with no outlet, or no date
NOT_RECORDED = "not recorded"


@dataclass(frozen=True, slots=True)
class SourceCount:
    """How many quotes one speaker has in one outlet or month ("all" without a breakdown)."""

    bucket: str
    speaker: str
    person_id: int | None
    gender: str | None
    quotes: int


@dataclass(frozen=True, slots=True)
class GenderShare:
    bucket: str
    gender: str  # woman / man / nonbinary / not recorded
    quotes: int
    share: float  # of the quotes in the bucket whose speaker's gender is recorded (0 for "not recorded")


def _bucket(by: str) -> Any:
    if by == "outlet":
        return func.coalesce(Article.outlet, UNKNOWN_BUCKET)
    if by == "month":
        return func.coalesce(func.substr(Article.published, 1, 7), UNKNOWN_BUCKET)
    if by == "none":
        return literal("all")
    raise StoreError(f"cannot break the sources down by {by!r} (use {', '.join(BREAKDOWNS)})")


def source_counts(store: Store, *, by: str = "none", verified_only: bool = True) -> list[SourceCount]:
    """Quotes per speaker (and per outlet or month), the most quoted first within each bucket; rejected
    quotes never count, suggestions only when `verified_only` is False."""
    bucket = _bucket(by).label("bucket")
    speaker = func.coalesce(Person.name, Quote.speaker_name).label("speaker")
    query = (
        select(bucket, speaker, Quote.person_id, Person.gender, func.count(Quote.id))
        .select_from(Quote)
        .join(Article, Article.id == Quote.article_id)
        .outerjoin(Person, Person.id == Quote.person_id)
        .where(Quote.status.in_(sorted(VERIFIED_STATUSES)) if verified_only else Quote.status != "rejected")
        .group_by(bucket, speaker, Quote.person_id, Person.gender)
    )
    with store.engine.connect() as conn:
        rows = [SourceCount(str(b), s or UNKNOWN_SPEAKER, p, g, int(n)) for b, s, p, g, n in conn.execute(query)]
    return sorted(rows, key=lambda r: (r.bucket, -r.quotes, r.speaker.casefold()))


def gender_shares(counts: Sequence[SourceCount]) -> list[GenderShare]:
    """The quotes of each bucket by the recorded gender of their speaker, with each gender's share of the
    quotes whose speaker's gender is recorded."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in counts:
        totals[row.bucket][row.gender or NOT_RECORDED] += row.quotes
    shares: list[GenderShare] = []
    for bucket in sorted(totals):
        genders = totals[bucket]
        recorded = sum(n for g, n in genders.items() if g != NOT_RECORDED)
        for gender in sorted(genders, key=lambda g: (g == NOT_RECORDED, g)):
            n = genders[gender]
            share = n / recorded if recorded and gender != NOT_RECORDED else 0.0
            shares.append(GenderShare(bucket, gender, n, share))
    return shares


def top_speakers(counts: Sequence[SourceCount], limit: int = 20) -> list[tuple[str, int]]:
    """The most quoted speakers over every bucket: (speaker, quotes)."""
    totals: dict[tuple[str, int | None], int] = defaultdict(int)
    for row in counts:
        totals[(row.speaker, row.person_id)] += row.quotes
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0][0].casefold()))
    return [(speaker, n) for (speaker, _), n in ranked[:limit]]


SOURCES_CSV_COLUMNS = ("bucket", "speaker", "person_id", "gender", "quotes")


def write_sources_csv(counts: Sequence[SourceCount], target: Path | TextIO, *, by: str) -> int:
    """The table as CSV to a path or an open stream (the first column named after the breakdown); returns
    the rows written."""
    if isinstance(target, Path):
        with target.open("w", encoding="utf-8", newline="") as stream:
            return write_sources_csv(counts, stream, by=by)
    writer = csv.writer(target, dialect="excel", lineterminator="\r\n")
    writer.writerow((by if by != "none" else "all", *SOURCES_CSV_COLUMNS[1:]))
    for row in counts:
        speaker = "'" + row.speaker if row.speaker[:1] in "=+-@\t\r" else row.speaker  # no formulas
        writer.writerow((row.bucket, speaker, row.person_id or "", row.gender or "", row.quotes))
    return len(counts)


Chart = Literal["speakers", "buckets", "gender"]
CHARTS: tuple[str, ...] = ("speakers", "buckets", "gender")


def bucket_totals(counts: Sequence[SourceCount]) -> list[tuple[str, int]]:
    """Quotes per outlet or month, in the buckets' order (months run in time)."""
    totals: dict[str, int] = defaultdict(int)
    for row in counts:
        totals[row.bucket] += row.quotes
    return sorted(totals.items())


def draw_chart(axes: Any, counts: Sequence[SourceCount], *, chart: str = "speakers", title: str = "") -> None:
    """Draw a chart of the rows on matplotlib axes: the most quoted speakers (a bar each), the quotes per
    outlet or month, or the gender share per bucket (stacked bars). The command line draws on an Agg
    figure, the app on a Qt one: the same drawing."""
    if chart == "speakers":
        ranked = top_speakers(counts, 15)
        names = [name for name, _ in reversed(ranked)]
        axes.barh(names, [n for _, n in reversed(ranked)], color="#3b6ea8")
        axes.set_xlabel("quotes")
        axes.set_title(title or "Most quoted")
    elif chart == "buckets":
        totals = bucket_totals(counts)
        axes.barh([b for b, _ in reversed(totals)], [n for _, n in reversed(totals)], color="#4f8a5b")
        axes.set_xlabel("quotes")
        axes.set_title(title or "Quotes per outlet or month")
    elif chart == "gender":
        shares = gender_shares(counts)
        buckets = sorted({s.bucket for s in shares})
        genders = sorted({s.gender for s in shares}, key=lambda g: (g == NOT_RECORDED, g))
        left = [0] * len(buckets)
        for gender in genders:
            values = [next((s.quotes for s in shares if s.bucket == b and s.gender == gender), 0) for b in buckets]
            axes.barh(buckets, values, left=left, label=gender)
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.set_xlabel("quotes")
        if genders:
            axes.legend(loc="upper left", bbox_to_anchor=(1, 1))  # beside the bars: never over one
        axes.set_title(title or "Quotes by the speaker's recorded gender")
    else:
        raise StoreError(f"no chart called {chart!r} (use {', '.join(CHARTS)})")


def render_chart(counts: Sequence[SourceCount], path: Path, *, chart: str = "speakers", title: str = "") -> Path:
    """Draw a chart (`draw_chart`) to a PNG or SVG file, chosen by the suffix, with matplotlib's Agg
    backend."""
    import matplotlib

    matplotlib.use("Agg", force=True)  # no screen, no Qt: the core never draws on a window
    from matplotlib.figure import Figure

    if path.suffix.lower() not in {".png", ".svg"}:
        raise StoreError(f"charts are saved as .png or .svg, not {path.suffix or 'a file without a suffix'}")
    figure = Figure(figsize=(8, 5), layout="constrained")
    draw_chart(figure.add_subplot(), counts, chart=chart, title=title)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    return path
