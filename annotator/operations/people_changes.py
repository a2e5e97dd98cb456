"""Changes to the people of the database: merge two entries, rename one, split one in two."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from annotator.operations.operation import Operation
from annotator.records import PersonRecord
from annotator.store import Store


@dataclass(frozen=True, slots=True)
class MergePeople(Operation[PersonRecord]):
    """`other` is the same person as `keep`: their quotes, mentions and aliases move over, their name
    becomes an alias, and the entry goes (undo brings it back with everything it had)."""

    area: ClassVar[str] = "people"

    keep_id: int
    other_id: int

    def describe(self) -> str:
        return f"merge person {self.other_id} into {self.keep_id}"

    def apply(self, store: Store, user: str) -> PersonRecord:
        return store.people.merge_person(self.keep_id, self.other_id, user=user)


@dataclass(frozen=True, slots=True)
class RenamePerson(Operation[PersonRecord]):
    area: ClassVar[str] = "people"

    person_id: int
    name: str

    def describe(self) -> str:
        return f"rename person {self.person_id} to {self.name}"

    def apply(self, store: Store, user: str) -> PersonRecord:
        return store.people.rename_person(self.person_id, self.name, user=user)


@dataclass(frozen=True, slots=True)
class SplitPerson(Operation[PersonRecord]):
    """Some quotes of `person_id` are someone else's: they move to `name` (created if new)."""

    area: ClassVar[str] = "people"

    person_id: int
    name: str
    quote_ids: tuple[int, ...]

    def describe(self) -> str:
        return f"split {len(self.quote_ids)} quotes of person {self.person_id} off to {self.name}"

    def apply(self, store: Store, user: str) -> PersonRecord:
        return store.people.split_person(self.person_id, self.name, self.quote_ids, user=user)
