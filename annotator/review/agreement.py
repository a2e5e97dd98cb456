"""How far two editors agree, on the articles both of them worked on.

Definitions (also in docs/REVIEW.md):
- A person's quotes in an article are the spans of their latest decision on each quote that says "this is
  a quote" (confirmed or corrected); a rejection says "not a quote" and adds no span. Latest decision:
  replayed from the audit log here, or brought in from a colleague's database (annotator.review.queue).
- An article counts when both people decided at least one quote in it.
- Exact F1 = 2 x (spans identical in both) / (A's spans + B's spans). It is symmetric, so neither person
  is the reference.
- Overlap F1 = the same with a one-to-one matching in which two spans match when they share at least one
  character; pairs are taken greedily, the largest overlap first.
- Speaker agreement, on the overlap-matched pairs: the share with the same speaker (names compared without
  case or extra spaces; "unknown" is a label too), and Cohen's kappa over those labels:
  kappa = (p_o - p_e) / (1 - p_e), p_o the observed share, p_e = sum over labels of p_A(label) x p_B(label).
- Figures that would divide by zero are None (empty in CSV): F1 when neither marked a quote, speaker
  figures without matched pairs, kappa when p_e = 1 (both used one and the same label throughout).
- The overall row pools the counts and the speaker pairs of all articles (micro average).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from annotator.decision_records import DecisionState
from annotator.decision_rules import span_overlap
from annotator.nlp.lexicon import fold_name
from annotator.review.queue import load_decisions
from annotator.store import Store, StoreError

UNKNOWN_SPEAKER = "(unknown)"
CSV_COLUMNS: tuple[str, ...] = (
    "article_id",
    "article_title",
    "quotes_a",
    "quotes_b",
    "exact_matches",
    "overlap_matches",
    "exact_f1",
    "overlap_f1",
    "speaker_pairs",
    "speaker_agreements",
    "speaker_percent",
    "speaker_kappa",
)


@dataclass(frozen=True, slots=True)
class AgreementRow:
    """One article (or, with article_id None, all of them) compared between two editors."""

    article_id: int | None
    article_title: str
    quotes_a: int
    quotes_b: int
    exact_matches: int
    overlap_matches: int
    speaker_pairs: tuple[tuple[str, str], ...]  # (A's label, B's label) per overlap-matched pair

    @property
    def exact_f1(self) -> float | None:
        return _f1(self.exact_matches, self.quotes_a, self.quotes_b)

    @property
    def overlap_f1(self) -> float | None:
        return _f1(self.overlap_matches, self.quotes_a, self.quotes_b)

    @property
    def speaker_agreements(self) -> int:
        return sum(1 for a, b in self.speaker_pairs if a == b)

    @property
    def speaker_percent(self) -> float | None:
        if not self.speaker_pairs:
            return None
        return 100.0 * self.speaker_agreements / len(self.speaker_pairs)

    @property
    def speaker_kappa(self) -> float | None:
        return cohens_kappa(self.speaker_pairs)

    @property
    def speaker_kappa_note(self) -> str | None:
        """Why there is no kappa, in words (None when there is one)."""
        return kappa_undefined_because(self.speaker_pairs)


def _f1(matches: int, count_a: int, count_b: int) -> float | None:
    return 2 * matches / (count_a + count_b) if count_a + count_b else None


def kappa_undefined_because(pairs: Sequence[tuple[str, str]]) -> str | None:
    """Why Cohen's kappa says nothing about these pairs, in words; None when it does.

    When one editor gives every quote the same speaker, chance alone predicts all the agreement there is:
    kappa is 0 (or 0/0) however often the two agree, so it is left out rather than printed as 0.
    """
    if not pairs:
        return "no quote both editors marked, so there are no speakers to compare"
    one_a = len({a for a, _ in pairs}) == 1
    one_b = len({b for _, b in pairs}) == 1
    if one_a and one_b:
        return "both editors gave every quote one and the same speaker: kappa is undefined"
    if one_a or one_b:
        who = "A" if one_a else "B"
        return (
            f"editor {who} gave every quote the same speaker, so chance explains all the agreement: "
            "kappa is undefined (it would read 0 however often the two agree)"
        )
    return None


def cohens_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa for two raters' labels on the same items; None where it is undefined
    (see kappa_undefined_because)."""
    if kappa_undefined_because(pairs) is not None:
        return None
    total = len(pairs)
    observed = sum(1 for a, b in pairs if a == b) / total
    labels_a = Counter(a for a, _ in pairs)
    labels_b = Counter(b for _, b in pairs)
    expected = sum(labels_a[label] * labels_b[label] for label in labels_a) / (total * total)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def speaker_label(state: DecisionState) -> str:
    return fold_name(state.speaker) or UNKNOWN_SPEAKER


def compare_article(
    article_id: int | None, title: str, quotes_a: Sequence[DecisionState], quotes_b: Sequence[DecisionState]
) -> AgreementRow:
    """Compare two people's quote decisions (only those that say "a quote" count) in one article."""
    spans_a = [q for q in quotes_a if q.is_quote]
    spans_b = [q for q in quotes_b if q.is_quote]
    exact = len({(q.start, q.end) for q in spans_a} & {(q.start, q.end) for q in spans_b})
    candidates = sorted(
        (
            (span_overlap((a.start, a.end), (b.start, b.end)), i, j)
            for i, a in enumerate(spans_a)
            for j, b in enumerate(spans_b)
            if span_overlap((a.start, a.end), (b.start, b.end)) > 0
        ),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[str, str]] = []
    for _, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((speaker_label(spans_a[i]), speaker_label(spans_b[j])))
    return AgreementRow(
        article_id=article_id,
        article_title=title,
        quotes_a=len(spans_a),
        quotes_b=len(spans_b),
        exact_matches=exact,
        overlap_matches=len(pairs),
        speaker_pairs=tuple(pairs),
    )


def overall(rows: Iterable[AgreementRow]) -> AgreementRow:
    rows = list(rows)
    return AgreementRow(
        article_id=None,
        article_title="overall",
        quotes_a=sum(r.quotes_a for r in rows),
        quotes_b=sum(r.quotes_b for r in rows),
        exact_matches=sum(r.exact_matches for r in rows),
        overlap_matches=sum(r.overlap_matches for r in rows),
        speaker_pairs=tuple(pair for r in rows for pair in r.speaker_pairs),
    )


def agreement(store: Store, user_a: str, user_b: str) -> list[AgreementRow]:
    """One row per article both decided quotes in (by article id), then the overall row."""
    if user_a == user_b:
        raise StoreError("agreement compares two different editors")
    per_article: dict[int, tuple[list[DecisionState], list[DecisionState]]] = {}
    for entry in load_decisions(store, users=[user_a, user_b]):
        mine = per_article.setdefault(entry.quote.article_id, ([], []))
        if user_a in entry.decisions:
            mine[0].append(entry.decisions[user_a])
        if user_b in entry.decisions:
            mine[1].append(entry.decisions[user_b])
    both = sorted(article_id for article_id, (a, b) in per_article.items() if a and b)
    titles = store.review.article_titles(both)
    rows = [compare_article(article_id, titles.get(article_id, ""), *per_article[article_id]) for article_id in both]
    return [*rows, overall(rows)]


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value  # a spreadsheet would run it as a formula
    return value


def write_csv(rows: Iterable[AgreementRow], stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_cell(getattr(row, column)) for column in CSV_COLUMNS])


def to_csv(rows: Iterable[AgreementRow]) -> str:
    buffer = io.StringIO()
    write_csv(rows, buffer)
    return buffer.getvalue()


def format_table(rows: Sequence[AgreementRow]) -> str:
    """A plain-text table for the terminal."""

    def figure(value: float | None, percent: bool = False) -> str:
        if value is None:
            return "-"
        return f"{value:.1f}%" if percent else f"{value:.3f}"

    header = ("article", "A", "B", "exact F1", "overlap F1", "pairs", "same speaker", "kappa")
    lines = [
        (
            row.article_title[:40] if row.article_id is None else f"{row.article_id} {row.article_title[:36]}",
            str(row.quotes_a),
            str(row.quotes_b),
            figure(row.exact_f1),
            figure(row.overlap_f1),
            str(len(row.speaker_pairs)),
            figure(row.speaker_percent, percent=True),
            figure(row.speaker_kappa) if row.speaker_kappa is not None else "undefined",
        )
        for row in rows
    ]
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(cells))
        for cells in [header, *lines]
    )
