"""The same quote across articles: quotes whose verbatim words match, exactly or nearly, form a group.

Words are compared after normalising case, punctuation and quote marks ("Very keen," and 'very keen' are the
same words); two quotes match when most of their words are shared in order (rapidfuzz's Indel similarity on
the word sequences, at least NEAR_MATCH). A group is the connected set of matching quotes; it spans at least
two articles. It is flagged "wording differs" when its members' words are not all the same, and "attributed
differently" when its members name different speakers.

Scaling: scoring every pair of a million quotes is out of the question, so each quote gets a few blocking
keys (the hash of its whole normalised words, and the lowest hashes of its three-word shingles, a bottom-k
sketch that two near-identical quotes share with high probability), stored in `quote_match_keys`. Only
quotes that share a key are ever scored. Shingles made only of very common words ("it is the") are left
out so that blocks stay small, and a shingle key shared by more than MAX_BLOCK quotes is skipped as
uninformative; quotes with the very same words are joined through their exact key however many they are.

Like the exporter, this module reads and writes through `store.engine` in short Core transactions of its
own: groups are derived data (rebuilt from the quotes at any time), not editor decisions, so they are not
audited.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import Indel, Levenshtein
from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.engine import Connection

from annotator.db.models import Article, Person, Quote, QuoteGroup, QuoteGroupMember, QuoteMatchKey, utc_now
from annotator.nlp.lexicon import fold_name
from annotator.pieces import verbatim_words
from annotator.progress import ProgressCallback, no_progress
from annotator.store import Store
from annotator.store.orm_records import chunks

# Shorter quotes ("No.", "We'll see") say too little to tie two articles together
MIN_WORDS = 4
# Indel similarity of the word sequences (2 x shared words in order / total words) that counts as the same
NEAR_MATCH = 0.8
SHINGLE = 3  # words per shingle
SKETCH_SIZE = 4  # shingle hashes kept per quote
MAX_BLOCK = 100  # a shingle key shared by more quotes than this is too common to block on
BATCH = 5_000
KEYS_PER_PASS = 20_000  # shared keys whose blocks are scored together when regrouping everything
_KEY_MASK = (1 << 62) - 1  # keys fit a signed 64-bit column
_EXACT = 1 << 62  # marks the key of a quote's whole words (never capped: its block is one wording)
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_PLAIN_WORD = re.compile(r"\w+")
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")
# Function words: a word pair made only of these ("of the", "it is") says nothing about which quote it is
# from. (spaCy's list would do, but importing spaCy costs seconds the command line should not pay.)
_COMMON = frozenset(
    " ".join(
        (
            "a an the and or but if of to in on at by for with from as is are was were be been being it its this",
            "that these those there here we you he she they i me my our your his her their them us not no do",
            "does did have has had will would can could should may might must so than then just very all what",
            "which who about into over up out more most some any",
        )
    ).split()
)


# ---- words and keys ------------------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """The words of a quote as written (NFKC), punctuation and quote marks dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text))


def normalise_word(word: str) -> str:
    return word.casefold().replace("'", "").replace("’", "")


def normalised_words(text: str) -> tuple[str, ...]:
    """The words compared: case folded, apostrophes dropped ("Don’t" and "dont" are one word); the same
    words as `tokens`, one for one."""
    return tuple(_PLAIN_WORD.findall(_APOSTROPHE.sub("", unicodedata.normalize("NFKC", text).casefold())))


def _hash(text: str) -> int:
    # Stable across processes (Python's str hash is not) and cheap: two C checksums make 62 bits
    data = text.encode("utf-8")
    return ((zlib.crc32(data) << 30) ^ zlib.adler32(data)) & _KEY_MASK


def match_keys(words: Sequence[str]) -> set[int]:
    """The blocking keys of a quote's normalised words: empty for quotes too short to group."""
    if len(words) < MIN_WORDS:
        return set()
    keys = {_EXACT | _hash(" ".join(words))}
    shingles = [words[i : i + SHINGLE] for i in range(len(words) - SHINGLE + 1)]
    informative = [" ".join(s) for s in shingles if not _COMMON.issuperset(s)] or [" ".join(s) for s in shingles]
    keys.update(sorted({_hash(s) for s in informative})[:SKETCH_SIZE])
    return keys


def is_exact_key(key: int) -> bool:
    return bool(key & _EXACT)


def words_match(a: Sequence[str], b: Sequence[str]) -> bool:
    if a == b:
        return len(a) >= MIN_WORDS
    if min(len(a), len(b)) < MIN_WORDS:
        return False
    return Indel.normalized_similarity(a, b, score_cutoff=NEAR_MATCH) >= NEAR_MATCH


@dataclass(frozen=True, slots=True)
class WordChange:
    """One difference between two quotes' words: `tag` is replace, insert or delete."""

    tag: str
    before: str  # the reference quote's words ("" for an insert)
    after: str  # this quote's words ("" for a delete)


def word_changes(reference: str, other: str) -> tuple[WordChange, ...]:
    """The words `other` changes, adds or drops compared with `reference`, as written in each."""
    ref_tokens, other_tokens = tokens(reference), tokens(other)
    ref_words = [normalise_word(w) for w in ref_tokens]
    other_words = [normalise_word(w) for w in other_tokens]
    return tuple(
        WordChange(
            op.tag, " ".join(ref_tokens[op.src_start : op.src_end]), " ".join(other_tokens[op.dest_start : op.dest_end])
        )
        for op in Levenshtein.opcodes(ref_words, other_words)
        if op.tag != "equal"
    )


# ---- reading quotes ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    quote_id: int
    article_id: int
    uid: str
    words: tuple[str, ...]
    speaker: str | None  # folded (fold_name): the person's name, else the suggested name


_QUOTE_COLUMNS = (
    Quote.id,
    Quote.article_id,
    Quote.uid,
    Quote.text,
    Quote.start,
    Quote.pieces,
    func.coalesce(Person.name, Quote.speaker_name),
)


def _eligible(query: Any) -> Any:
    # Rejected quotes are not quotes; indirect speech has no verbatim words to compare
    return query.outerjoin(Person, Person.id == Quote.person_id).where(Quote.status != "rejected")


def _candidate(row: Any) -> _Candidate | None:
    quote_id, article_id, uid, text, start, pieces, speaker = row
    if not pieces:
        return None
    words = normalised_words(verbatim_words(text, start, pieces))
    if len(words) < MIN_WORDS:
        return None
    name = fold_name(speaker) or None
    return _Candidate(quote_id, article_id, uid, words, name)


def _load(conn: Connection, quote_ids: Iterable[int]) -> dict[int, _Candidate]:
    found: dict[int, _Candidate] = {}
    ids = sorted(set(quote_ids))
    for chunk in chunks(ids):
        query = _eligible(select(*_QUOTE_COLUMNS)).where(Quote.id.in_(chunk))
        for row in conn.execute(query):
            candidate = _candidate(row)
            if candidate is not None:
                found[candidate.quote_id] = candidate
    return found


# ---- components ----------------------------------------------------------------------------------------------


class _Components:
    """Union-find over quote ids."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = parent.get(x, x)  # a quote never joined is its own root, and costs no memory
        while root != parent.get(root, root):
            root = parent[root]
        while x != root:
            parent[x], x = root, parent.get(x, x)
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = min(ra, rb), max(ra, rb)
            self.parent[high] = low
            self.parent.setdefault(low, low)

    def groups(self) -> list[list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for x in self.parent:
            found[self.find(x)].append(x)
        return [sorted(members) for members in found.values() if len(members) > 1]


def _link_block(components: _Components, key: int, block: Sequence[_Candidate]) -> None:
    """Join the quotes of one block that match: all of them at once when they share their whole words,
    else each cross-article pair scored (a pair already joined through another block is not scored)."""
    if is_exact_key(key):
        for other in block[1:]:
            if other.words == block[0].words:  # a hash collision is not a match
                components.union(block[0].quote_id, other.quote_id)
        return
    for i, a in enumerate(block):
        for b in block[i + 1 :]:
            if a.article_id == b.article_id:
                continue
            if components.find(a.quote_id) != components.find(b.quote_id) and words_match(a.words, b.words):
                components.union(a.quote_id, b.quote_id)


def _flags(members: Sequence[_Candidate]) -> tuple[bool, bool]:
    wording_differs = len({m.words for m in members}) > 1
    speakers = {m.speaker for m in members if m.speaker}
    return wording_differs, len(speakers) > 1


def _write_groups(conn: Connection, components: Iterable[Sequence[int]], quotes: dict[int, _Candidate]) -> int:
    """Store the components spanning two articles or more as groups; returns how many."""
    rows: list[dict[str, Any]] = []
    member_ids: list[list[int]] = []
    now = utc_now()
    for ids in components:
        members = [quotes[i] for i in ids]
        if len({m.article_id for m in members}) < 2:
            continue
        wording_differs, attributed_differently = _flags(members)
        rows.append(
            {
                "key": quotes[min(ids)].uid,
                "wording_differs": wording_differs,
                "attributed_differently": attributed_differently,
                "size": len(members),
                "updated_at": now,
            }
        )
        member_ids.append(list(ids))
    if not rows:
        return 0
    created = conn.execute(insert(QuoteGroup).returning(QuoteGroup.id, sort_by_parameter_order=True), rows).scalars()
    conn.execute(
        insert(QuoteGroupMember),
        [
            {"quote_id": q, "group_id": g, "article_id": quotes[q].article_id}
            for g, ids in zip(created, member_ids, strict=True)
            for q in ids
        ],
    )
    return len(rows)


# ---- grouping ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupingResult:
    quotes: int  # quotes compared (grouped or not)
    groups: int  # groups written


def group_article(store: Store, article_id: int) -> GroupingResult:
    """Match one article's quotes against the archive and update the groups they touch.

    Cheap (indexed look-ups of a few keys, then scoring a few candidates): call it after an article is
    annotated, and after its quotes' words or speakers change.
    """
    with store.engine.begin() as conn:
        own_ids = list(conn.scalars(select(Quote.id).where(Quote.article_id == article_id)))
        own = _load(conn, own_ids)
        own_keys = {q.quote_id: match_keys(q.words) for q in own.values()}
        _replace_keys(conn, own_ids, own_keys)
        keys = {k for ks in own_keys.values() for k in ks}
        # Blocks on this article's keys, skipping keys too common to be informative
        blocks: dict[int, list[int]] = defaultdict(list)
        if keys:
            common = {
                key
                for key, count in conn.execute(
                    select(QuoteMatchKey.key, func.count())
                    .where(QuoteMatchKey.key.in_(sorted(keys)))
                    .group_by(QuoteMatchKey.key)
                )
                if count > MAX_BLOCK and not is_exact_key(key)
            }
            wanted = sorted(keys - common)
            for chunk in chunks(wanted):
                for key, quote_id in conn.execute(
                    select(QuoteMatchKey.key, QuoteMatchKey.quote_id).where(QuoteMatchKey.key.in_(chunk))
                ):
                    blocks[key].append(quote_id)
        # Every quote of a group touched here is regrouped with it, so a removed link can split a group
        touched = {q for ids in blocks.values() for q in ids} | set(own_ids)
        # ... and so is a group one of its quotes left by being deleted (its member row stays behind)
        old_groups = _groups_of(conn, touched) | set(
            conn.scalars(select(QuoteGroupMember.group_id).where(QuoteGroupMember.article_id == article_id))
        )
        members = _members_of(conn, old_groups)
        quotes = _load(conn, touched | members)
        components = _Components()
        for key, ids in blocks.items():
            _link_block(components, key, [quotes[i] for i in ids if i in quotes])
        # Links between the old groups' other members still stand: re-score them on their own keys
        others = members - set(own_ids)
        if others:
            for key, ids in _blocks_of(conn, others).items():
                _link_block(components, key, [quotes[i] for i in ids if i in quotes and i in others])
        if old_groups:
            conn.execute(delete(QuoteGroup).where(QuoteGroup.id.in_(sorted(old_groups))))
        return GroupingResult(len(own), _write_groups(conn, components.groups(), quotes))


def _replace_keys(conn: Connection, quote_ids: Sequence[int], keys: dict[int, set[int]]) -> None:
    for chunk in chunks(quote_ids):
        conn.execute(delete(QuoteMatchKey).where(QuoteMatchKey.quote_id.in_(chunk)))
    rows = [{"quote_id": q, "key": k} for q, ks in keys.items() for k in sorted(ks)]
    if rows:
        conn.execute(insert(QuoteMatchKey), rows)


def _groups_of(conn: Connection, quote_ids: Iterable[int]) -> set[int]:
    ids = sorted(set(quote_ids))
    found: set[int] = set()
    for chunk in chunks(ids):
        found.update(conn.scalars(select(QuoteGroupMember.group_id).where(QuoteGroupMember.quote_id.in_(chunk))))
    return found


def _members_of(conn: Connection, group_ids: Iterable[int]) -> set[int]:
    ids = sorted(set(group_ids))
    found: set[int] = set()
    for chunk in chunks(ids):
        found.update(conn.scalars(select(QuoteGroupMember.quote_id).where(QuoteGroupMember.group_id.in_(chunk))))
    return found


def _blocks_of(conn: Connection, quote_ids: Iterable[int]) -> dict[int, list[int]]:
    ids = sorted(set(quote_ids))
    blocks: dict[int, list[int]] = defaultdict(list)
    for chunk in chunks(ids):
        for key, quote_id in conn.execute(
            select(QuoteMatchKey.key, QuoteMatchKey.quote_id).where(QuoteMatchKey.quote_id.in_(chunk))
        ):
            blocks[key].append(quote_id)
    return blocks


_INSERT_KEYS = {
    "qmark": "INSERT INTO quote_match_keys (quote_id, key) VALUES (?, ?)",
    "format": "INSERT INTO quote_match_keys (quote_id, key) VALUES (%s, %s)",
    "pyformat": "INSERT INTO quote_match_keys (quote_id, key) VALUES (%s, %s)",
    "numeric": "INSERT INTO quote_match_keys (quote_id, key) VALUES (:1, :2)",
}


def regroup_all(store: Store, progress: ProgressCallback | None = None) -> GroupingResult | None:
    """Rebuild every quote's keys and every group of the archive; None when the progress callback cancels.

    Keys are rebuilt a window of quote ids at a time, each in its own short transaction (keys are a pure
    function of the words, so a cancel leaves valid keys behind); the groups are then replaced in one
    transaction, so readers see the old groups or the new ones, never a mix.
    """
    report = progress or no_progress
    with store.engine.connect() as conn:
        lowest, highest = conn.execute(select(func.min(Quote.id), func.max(Quote.id))).one()
    total = 0 if lowest is None else highest - lowest + 1
    if not report(0, total, "indexing quotes"):
        return None
    compared = 0
    after = (lowest or 1) - 1
    while lowest is not None and after < highest:
        upto = after + BATCH
        with store.engine.begin() as conn:
            window = [
                c
                for c in map(
                    _candidate,
                    conn.execute(_eligible(select(*_QUOTE_COLUMNS)).where(Quote.id.between(after + 1, upto))),
                )
                if c is not None
            ]
            conn.execute(delete(QuoteMatchKey).where(QuoteMatchKey.quote_id.between(after + 1, upto)))
            rows = [(c.quote_id, k) for c in window for k in sorted(match_keys(c.words))]
            if rows:
                # The driver's executemany with plain tuples: a million keys without building parameter dicts
                conn.exec_driver_sql(_INSERT_KEYS[conn.dialect.paramstyle], rows)
        compared += len(window)
        after = upto
        if not report(min(after, highest) - lowest + 1, total, "indexing quotes"):
            return None

    with store.engine.begin() as conn:
        # The keys two quotes or more share (too-common shingles aside), then their blocks a range of keys at
        # a time, with the words of that range's quotes only: memory stays bounded by the range
        counted = select(QuoteMatchKey.key, func.count().label("n")).group_by(QuoteMatchKey.key).subquery()
        shared = array(
            "q",
            conn.scalars(
                select(counted.c.key)
                .where(counted.c.n > 1, or_(counted.c.n <= MAX_BLOCK, counted.c.key.op("&")(_EXACT) != 0))
                .order_by(counted.c.key)
            ),
        )
        components = _Components()
        for first in range(0, len(shared), KEYS_PER_PASS):
            wanted = set(shared[first : first + KEYS_PER_PASS])
            pairs = [
                (key, quote_id)
                for key, quote_id in conn.execute(
                    select(QuoteMatchKey.key, QuoteMatchKey.quote_id)
                    .where(
                        QuoteMatchKey.key.between(shared[first], shared[min(first + KEYS_PER_PASS, len(shared)) - 1])
                    )
                    .order_by(QuoteMatchKey.key)
                )
                if key in wanted
            ]
            words = _load(conn, (q for _, q in pairs))
            for key, block in _runs(pairs):
                _link_block(components, key, [words[i] for i in block if i in words])
            if not report(total, total, "grouping quotes"):
                return None
        groups = components.groups()
        members = _load(conn, (q for ids in groups for q in ids))
        conn.execute(delete(QuoteGroupMember))
        conn.execute(delete(QuoteGroup))
        written = _write_groups(conn, groups, members)
    return GroupingResult(compared, written)


def _runs(pairs: Sequence[tuple[int, int]]) -> Iterator[tuple[int, list[int]]]:
    """(key, quote ids) of consecutive (key, quote_id) rows with the same key."""
    block: list[int] = []
    current = 0
    for key, quote_id in pairs:
        if key != current and block:
            yield current, block
            block = []
        current = key
        block.append(quote_id)
    if block:
        yield current, block


# ---- reading groups ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """What a quote card shows: the group a quote belongs to and its flags."""

    group_id: int
    key: str
    size: int
    wording_differs: bool
    attributed_differently: bool


@dataclass(frozen=True, slots=True)
class GroupMember:
    quote_id: int
    uid: str
    article_id: int
    article_title: str
    outlet: str | None
    published: str | None
    words: str  # the verbatim words as written
    speaker: str | None  # the confirmed person, else the suggested name
    person_id: int | None
    status: str
    changes: tuple[WordChange, ...]  # against the group's first member (its reference); () for that one


@dataclass(frozen=True, slots=True)
class GroupDetail:
    summary: GroupSummary
    members: tuple[GroupMember, ...]  # the earliest quote first


_SUMMARY_COLUMNS = (
    QuoteGroup.id,
    QuoteGroup.key,
    QuoteGroup.size,
    QuoteGroup.wording_differs,
    QuoteGroup.attributed_differently,
)


def groups_for_quotes(store: Store, quote_ids: Iterable[int]) -> dict[int, GroupSummary]:
    """The group of each of these quotes that has one (an article's quote cards in one query)."""
    ids = sorted(set(quote_ids))
    found: dict[int, GroupSummary] = {}
    with store.engine.connect() as conn:
        for chunk in chunks(ids):
            for quote_id, *summary in conn.execute(
                select(QuoteGroupMember.quote_id, *_SUMMARY_COLUMNS)
                .join(QuoteGroup, QuoteGroup.id == QuoteGroupMember.group_id)
                .where(QuoteGroupMember.quote_id.in_(chunk))
            ):
                found[quote_id] = GroupSummary(*summary)  # type: ignore[arg-type]
    return found


def groups_for_quote(store: Store, quote_id: int) -> GroupSummary | None:
    """The group this quote belongs to, or None when it stands alone."""
    return groups_for_quotes(store, [quote_id]).get(quote_id)


def group_members(store: Store, group_id: int) -> GroupDetail | None:
    """A group with its members (earliest quote first) and each member's words compared with the first."""
    with store.engine.connect() as conn:
        summary_row = conn.execute(select(*_SUMMARY_COLUMNS).where(QuoteGroup.id == group_id)).one_or_none()
        if summary_row is None:
            return None
        rows = conn.execute(
            select(
                Quote.id,
                Quote.uid,
                Quote.article_id,
                Article.title,
                Article.outlet,
                Article.published,
                Quote.text,
                Quote.start,
                Quote.pieces,
                func.coalesce(Person.name, Quote.speaker_name),
                Quote.person_id,
                Quote.status,
            )
            .join(QuoteGroupMember, QuoteGroupMember.quote_id == Quote.id)
            .join(Article, Article.id == Quote.article_id)
            .outerjoin(Person, Person.id == Quote.person_id)
            .where(QuoteGroupMember.group_id == group_id)
            .order_by(Quote.id)
        ).all()
    members: list[GroupMember] = []
    reference = ""
    for quote_id, uid, article_id, title, outlet, published, text, start, pieces, speaker, person_id, status in rows:
        words = verbatim_words(text, start, pieces or ())
        changes = word_changes(reference, words) if members else ()
        if not members:
            reference = words
        members.append(
            GroupMember(quote_id, uid, article_id, title, outlet, published, words, speaker, person_id, status, changes)
        )
    return GroupDetail(GroupSummary(*summary_row), tuple(members))


def list_groups(store: Store, *, flagged_only: bool = False, after_id: int = 0, limit: int = 50) -> list[GroupSummary]:
    """Groups in id order from `after_id` (keyset pagination); `flagged_only` keeps those with a flag."""
    query = select(*_SUMMARY_COLUMNS).where(QuoteGroup.id > after_id)
    if flagged_only:
        query = query.where(QuoteGroup.wording_differs | QuoteGroup.attributed_differently)
    with store.engine.connect() as conn:
        return [GroupSummary(*row) for row in conn.execute(query.order_by(QuoteGroup.id).limit(limit))]
