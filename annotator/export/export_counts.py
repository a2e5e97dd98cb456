"""How many quotes an export takes, and how many each chosen filter leaves out, in words the export
dialog shows before and after exporting ("20 confirmed quotes await a second reviewer").

A filter's count is what it alone leaves out: the quotes every other choice keeps and this one drops.
So the counts say which tick box or field to change to get a quote back; a quote two filters drop is in
neither count.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from annotator.export.quote_rows import count_quotes
from annotator.records import QUOTE_STATUSES, VERIFIED_STATUSES, ExportFilter
from annotator.store import Store

_STATUS_WORDS = {
    "suggested": "still to check",
    "confirmed": "confirmed",
    "corrected": "corrected",
    "rejected": "rejected",
}


@dataclass(frozen=True, slots=True)
class LeftOut:
    """Quotes one choice leaves out. `choice` names it: a status ("suggested"), or an ExportFilter field."""

    choice: str
    count: int
    sentence: str


@dataclass(frozen=True, slots=True)
class ExportCounts:
    exported: int  # the quotes the export writes
    left_out: tuple[LeftOut, ...]  # choices that leave some out, largest first

    def summary(self) -> str:
        """One line per fact: what matches, then what each choice leaves out."""
        lines = [f"{self.exported:,} {_quotes(self.exported)} match."]
        lines += [item.sentence for item in self.left_out]
        return "\n".join(lines)


def export_counts(store: Store, filters: ExportFilter) -> ExportCounts:
    """The count an export with `filters` writes, and what each of its choices leaves out (see above)."""
    exported = count_quotes(store, filters)
    what = "confirmed" if set(filters.statuses) <= VERIFIED_STATUSES else "chosen"
    left_out: list[LeftOut] = []

    def dropped_by(choice: str, without: ExportFilter, sentence: str) -> None:
        count = count_quotes(store, without) - exported
        if count > 0:
            left_out.append(LeftOut(choice, count, sentence.format(n=f"{count:,}", quotes=_quotes(count))))

    for status in QUOTE_STATUSES:
        if status not in filters.statuses:
            words = _STATUS_WORDS[status]
            dropped_by(
                status,
                replace(filters, statuses=(*filters.statuses, status)),
                f"{{n}} {{quotes}} {words} (status “{status}” not ticked).",
            )
    if filters.reviewed_only:
        dropped_by(
            "reviewed_only",
            replace(filters, reviewed_only=False),
            f"{{n}} {what} {{quotes}} await a second reviewer (only quotes a colleague accepted are exported).",
        )
    if filters.skip_sent_back:
        dropped_by("skip_sent_back", replace(filters, skip_sent_back=False), "{n} {quotes} a reviewer sent back.")
    if filters.outlets:
        dropped_by("outlets", replace(filters, outlets=()), "{n} {quotes} from other outlets.")
    if filters.published_from or filters.published_to:
        dropped_by(
            "published",
            replace(filters, published_from=None, published_to=None),
            "{n} {quotes} published outside the dates (or undated).",
        )
    if filters.speaker:
        dropped_by("speaker", replace(filters, speaker=None), "{n} {quotes} by other speakers.")
    if filters.article_ids:
        dropped_by("article_ids", replace(filters, article_ids=()), "{n} {quotes} in other articles.")
    left_out.sort(key=lambda item: -item.count)
    return ExportCounts(exported=exported, left_out=tuple(left_out))


def has_reviews(store: Store) -> bool:
    """Whether anyone has accepted a quote in review here: a database nobody reviews has nothing a
    "colleague accepted" filter could export."""
    return count_quotes(store, ExportFilter(statuses=QUOTE_STATUSES, reviewed_only=True)) > 0


def _quotes(count: int) -> str:
    return "quote" if count == 1 else "quotes"
