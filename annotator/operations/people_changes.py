"""Changes to the people of the database: merge two entries, rename one, split one in two, describe one,
record their gender."""

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


@dataclass(frozen=True, slots=True)
class SetPersonDescription(Operation[PersonRecord]):
    """A short description that tells namesakes apart ("Meta CEO"); an empty one clears it."""

    area: ClassVar[str] = "people"

    person_id: int
    description: str | None

    def describe(self) -> str:
        if not (self.description or "").strip():
            return f"clear the description of person {self.person_id}"
        return f"describe person {self.person_id} as {self.description}"

    def apply(self, store: Store, user: str) -> PersonRecord:
        return store.people.set_description(self.person_id, self.description, user=user)


@dataclass(frozen=True, slots=True)
class SetPersonGender(Operation[str | None]):
    """The editor records a person's gender ("woman", "man", "nonbinary") or clears it (None). Returns the
    gender it replaced."""

    area: ClassVar[str] = "people"

    person_id: int
    gender: str | None

    def describe(self) -> str:
        return f"set the gender of person {self.person_id} to {self.gender or 'not recorded'}"

    def apply(self, store: Store, user: str) -> str | None:
        return store.people.set_gender(self.person_id, self.gender, user=user)
