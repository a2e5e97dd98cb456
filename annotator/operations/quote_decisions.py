"""Annotation decisions on one quote or article: confirm, reject, speaker, kind, bounds, venue, note, add,
mark done. Each names the version of the quote the editor saw (`expected_version`): when a colleague
changed it since, the store refuses with the fresh state and nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from annotator.editing import new_quote_status, note_changes, speaker_changes, speaker_chosen_changes, venue_changes
from annotator.operations.operation import Operation
from annotator.records import ArticleSummary, QuoteRecord
from annotator.store import Store, StoreError


@dataclass(frozen=True, slots=True)
class ConfirmQuote(Operation[QuoteRecord]):
    """The attribution is right as shown. A suggested speaker becomes a person of the database and the
    speaker as written is learnt as their alias (undo takes both back)."""

    quote_id: int
    expected_version: int | None = None

    def describe(self) -> str:
        return f"confirm quote {self.quote_id}"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        return store.quotes.confirm_quote(self.quote_id, user=user, expected_version=self.expected_version)


@dataclass(frozen=True, slots=True)
class RejectQuote(Operation[QuoteRecord]):
    """Not a quote: kept, so re-annotation never brings it back, but out of every export."""

    quote_id: int
    expected_version: int | None = None

    def describe(self) -> str:
        return f"reject quote {self.quote_id}"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        return store.quotes.reject_quote(self.quote_id, user=user, expected_version=self.expected_version)


@dataclass(frozen=True, slots=True)
class SetSpeaker(Operation[QuoteRecord]):
    """Attribute the quote to a person: an existing one (`person_id`), one named (`name`, created when the
    database does not know them; undo removes them again), or nobody (speaker unknown). `mention` is the
    speaker's span in the text; without one the old span goes, since it pointed at someone else."""

    quote_id: int
    person_id: int | None = None
    name: str | None = None
    mention: tuple[int, int] | None = None
    expected_version: int | None = None

    def describe(self) -> str:
        who = self.name or (f"person {self.person_id}" if self.person_id is not None else "unknown")
        return f"set the speaker of quote {self.quote_id} to {who}"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        if self.person_id is not None and self.name:
            raise StoreError("name the speaker by id or by name, not both")
        person_id = self.person_id
        if self.name:
            person_id = store.people.find_or_create_person(self.name, user=user).id
        before = store.quotes.get_quote(self.quote_id)
        if person_id is None or self.mention is not None:
            after = store.quotes.set_speaker(
                self.quote_id, person_id, user=user, mention=self.mention, expected_version=self.expected_version
            )
        else:
            changes = speaker_changes(store.people.get_person(person_id))
            after = _edit(store, user, self.quote_id, changes, "set_speaker", self.expected_version)
        # an editor's own quote waits for its speaker: choosing one (or "speaker unknown") confirms it
        confirming = speaker_chosen_changes(before, user, datetime.now(UTC))
        if not confirming:
            return after
        return _edit(store, user, self.quote_id, confirming, "confirm", after.version)


@dataclass(frozen=True, slots=True)
class SetKind(Operation[QuoteRecord]):
    quote_id: int
    kind: str
    expected_version: int | None = None

    def describe(self) -> str:
        return f"set quote {self.quote_id} to {self.kind}"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        return _edit(store, user, self.quote_id, {"kind": self.kind}, "set_kind", self.expected_version)


@dataclass(frozen=True, slots=True)
class SetBounds(Operation[QuoteRecord]):
    """Where the quote starts and ends in the text (code points); its text is cut anew from the article.
    `pieces` are its verbatim stretches inside those bounds (None: kept where they still fit, else the
    marked stretches of the new span; see annotator/pieces.py)."""

    quote_id: int
    start: int
    end: int
    pieces: tuple[tuple[int, int], ...] | None = None
    expected_version: int | None = None

    def describe(self) -> str:
        return f"set the bounds of quote {self.quote_id} to {self.start}-{self.end}"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        changes: dict[str, Any] = {"start": self.start, "end": self.end}
        if self.pieces is not None:
            changes["pieces"] = [[start, end] for start, end in self.pieces]
        return _edit(store, user, self.quote_id, changes, "set_bounds", self.expected_version)


@dataclass(frozen=True, slots=True)
class SetVenue(Operation[QuoteRecord]):
    """Where it was said ("told CBS' This Morning"). A typed venue may not be words of the text, so
    without a span the old one goes."""

    quote_id: int
    venue: str | None
    span: tuple[int, int] | None = None
    expected_version: int | None = None

    def describe(self) -> str:
        return f"set the venue of quote {self.quote_id}"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        changes = venue_changes(self.venue or "")
        if self.span is not None and changes["venue"]:
            changes.update(venue_start=self.span[0], venue_end=self.span[1])
        return _edit(store, user, self.quote_id, changes, "set_venue", self.expected_version)


@dataclass(frozen=True, slots=True)
class SetNote(Operation[QuoteRecord]):
    quote_id: int
    note: str | None
    expected_version: int | None = None

    def describe(self) -> str:
        return f"note on quote {self.quote_id}"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        return _edit(store, user, self.quote_id, note_changes(self.note or ""), "note", self.expected_version)


@dataclass(frozen=True, slots=True)
class AddQuote(Operation[QuoteRecord]):
    """A quote the model missed, added by the editor. It is their decision (confirmed) when it comes with
    its speaker; without one it waits, to check, for the speaker (see editing.new_quote_status). Undo
    removes it again."""

    article_id: int
    start: int
    end: int
    kind: str = "direct"
    person_id: int | None = None

    def describe(self) -> str:
        return f"add a quote at {self.start}-{self.end} of article {self.article_id}"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        return store.quotes.add_quote(
            self.article_id,
            self.start,
            self.end,
            user=user,
            kind=self.kind,
            person_id=self.person_id,
            status=new_quote_status(self.person_id),
        )


@dataclass(frozen=True, slots=True)
class MarkArticleDone(Operation[ArticleSummary]):
    """Mark an article done (or, with done=False, back in progress). `expected_status` is the status the
    editor saw; a colleague's change since is refused with the fresh summary."""

    article_id: int
    done: bool = True
    expected_status: str | None = None

    def describe(self) -> str:
        return f"mark article {self.article_id} {'done' if self.done else 'not done'}"

    def apply(self, store: Store, user: str) -> ArticleSummary:
        status = "done" if self.done else "in_progress"
        return store.articles.set_article_status(
            self.article_id, status, user=user, expected_status=self.expected_status
        )


def _edit(
    store: Store, user: str, quote_id: int, changes: dict[str, Any], action: str, expected_version: int | None
) -> QuoteRecord:
    return store.quotes.update_quote(quote_id, changes, user=user, action=action, expected_version=expected_version)
