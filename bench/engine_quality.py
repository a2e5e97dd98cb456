"""`python -m bench.engine_quality`: how right the engine's suggestions are on the PolNeAR dev set.

Prints, from one run over ../shared/eval/polnear-dev (the scorer is imported from there):
- the scorer's figures (span view) and, for the matched direct quotes, canonical-name accuracy by the way
  the engine found the name (`SpeakerGuess.basis`: next to the cue, carried over, pronoun, description ...);
- a reliability table: confidence bucket -> share of suggestions that are right, i.e. whose span matches a
  gold attribution loosely and whose speaker is right (the canonical name where the gold has one, else the
  mention);
- learning from editors: the articles in date order, the gold names of the first k treated as people editors
  confirmed (`KnownPerson` with the mentions as aliases, as the store feeds them), and the canonical-name
  accuracy on the rest with and without them.

The predictions are also written to build/eval/pred.jsonl (the `annotator extract --format jsonl` shape), so
`make eval` can run the scorer itself on them. `--errors` also lists every wrong canonical name (how it was
found, the gold name, the suggested one, the mention and the text before the quote), to read by path.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT.parent / "shared" / "eval"
GOLD = EVAL_DIR / "polnear-dev" / "gold.jsonl"
PRED = ROOT / "build" / "eval" / "pred.jsonl"
BUCKETS = ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01))
LEARNING_K = (10, 20, 40)
PRONOUNS = frozenset(["he", "she", "they", "him", "her", "them", "his", "hers", "their", "i", "we", "you", "it"])


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("polnear_score", EVAL_DIR / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(EVAL_DIR / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def date_order(gold: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Articles by publication date (read from the id, e.g. "nyt_2016-09-08_..."), then id."""

    def key(item: dict[str, Any]) -> tuple[str, str]:
        found = re.search(r"\d{4}-\d{2}-\d{2}", item["id"])
        return (found.group(0) if found else "", item["id"])

    return sorted(gold, key=key)


def confirmed_people(articles: Iterable[dict[str, Any]]) -> list[Any]:
    """What editors would have confirmed in these articles: each gold speaker name, with the ways the
    article wrote it (not pronouns) as aliases."""
    from annotator.nlp.types import KnownPerson

    aliases: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        for quote in article["quotes"]:
            name = quote.get("speaker_name")
            if not name:
                continue
            aliases[name]
            if quote.get("speaker_mention"):
                start, end = quote["speaker_mention"]
                written = " ".join(article["text"][start:end].split())
                if written and written.casefold() not in PRONOUNS and written != name:
                    aliases[name].add(written)
    return [KnownPerson(name, tuple(sorted(forms))) for name, forms in sorted(aliases.items())]


def name_accuracy(
    scorer: ModuleType, articles: Sequence[dict[str, Any]], predictions: dict[str, Any]
) -> tuple[int, int]:
    """(right, scored) canonical names on the matched direct quotes, as the scorer counts `name_strict`."""
    right = scored = 0
    for article in articles:
        gold = [q for q in article["quotes"] if q["direct"]]
        predicted = [q for q in predictions[article["id"]] if q["direct"]]
        for i, j in scorer.match(gold, predicted, article["text"], "loose"):
            if not gold[i].get("speaker_name"):
                continue
            wanted = scorer.norm_name(gold[i]["speaker_name"])
            speaker = predicted[j].get("speaker") or {}
            scored += 1
            right += bool(wanted) and wanted == scorer.norm_name(speaker.get("name"))
    return right, scored


def _record(quote: Any) -> dict[str, Any]:
    speaker = quote.speaker
    return {
        "start": quote.start,
        "end": quote.end,
        "direct": quote.kind != "indirect",
        "confidence": quote.confidence,
        "basis": speaker.basis if speaker else "none",
        "speaker": None
        if speaker is None
        else {"name": speaker.name, "start": speaker.start, "end": speaker.end, "text": speaker.text},
    }


def _speaker_right(scorer: ModuleType, gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    speaker = predicted.get("speaker") or {}
    if gold.get("speaker_name"):
        return scorer.norm_name(gold["speaker_name"]) == scorer.norm_name(speaker.get("name"))
    mention = gold.get("speaker_mention")
    if not mention:
        return not speaker
    return speaker.get("start") is not None and min(mention[1], speaker["end"]) > max(mention[0], speaker["start"])


def reliability(scorer: ModuleType, gold: Sequence[dict[str, Any]], predictions: dict[str, Any]) -> list[str]:
    counts: Counter[tuple[int, bool]] = Counter()
    for article in gold:
        predicted = predictions[article["id"]]
        matched = dict((j, i) for i, j in scorer.match(article["quotes"], predicted, article["text"], "loose"))
        for j, quote in enumerate(predicted):
            bucket = next(b for b, (low, high) in enumerate(BUCKETS) if low <= quote["confidence"] < high)
            right = j in matched and _speaker_right(scorer, article["quotes"][matched[j]], quote)
            counts[(bucket, right)] += 1
    lines = ["confidence    suggestions   right   share right (span matches loosely and speaker right)"]
    for bucket, (low, high) in enumerate(BUCKETS):
        right, total = counts[(bucket, True)], counts[(bucket, True)] + counts[(bucket, False)]
        share = f"{100 * right / total:5.1f} %" if total else "    -"
        lines.append(f"{low:.1f}-{min(high, 1.0):.1f}     {total:11d} {right:7d}   {share}")
    return lines


def wrong_names(scorer: ModuleType, gold: Sequence[dict[str, Any]], predictions: dict[str, Any]) -> list[str]:
    """Each matched direct quote whose canonical name is wrong, grouped by how the engine found the name."""
    lines = []
    for article in gold:
        text = article["text"]
        direct_gold = [q for q in article["quotes"] if q["direct"]]
        direct_pred = [q for q in predictions[article["id"]] if q["direct"]]
        for i, j in scorer.match(direct_gold, direct_pred, text, "loose"):
            wanted, found = direct_gold[i], direct_pred[j]
            if not wanted.get("speaker_name") or _speaker_right(scorer, wanted, found):
                continue
            speaker = found.get("speaker") or {}
            before = " ".join(text[max(0, wanted["start"] - 160) : wanted["start"] + 80].split())
            lines.append(
                f"[{found['basis']}] {article['id']}: gold {wanted['speaker_name']!r}, suggested "
                f"{speaker.get('name')!r} (as {speaker.get('text')!r})\n    ...{before}..."
            )
    return sorted(lines)


def run(show_errors: bool = False) -> int:
    if not GOLD.is_file():
        print(f"engine_quality: no dev set at {GOLD}", file=sys.stderr)
        return 2
    from annotator.nlp.extract import annotations_record
    from annotator.nlp.pipeline import load_pipeline
    from annotator.nlp.suggestions import annotate_doc, model_label

    scorer = load_scorer()
    with GOLD.open(encoding="utf-8") as lines:
        gold = [json.loads(line) for line in lines if line.strip()]
    nlp = load_pipeline()
    docs = {article["id"]: nlp(article["text"]) for article in gold}
    print(f"PolNeAR dev: {len(gold)} articles, pipeline {model_label(nlp)}")

    annotations = {article_id: annotate_doc(doc, model=model_label(nlp)) for article_id, doc in docs.items()}
    PRED.parent.mkdir(parents=True, exist_ok=True)
    with PRED.open("w", encoding="utf-8") as out:
        for article in gold:
            out.write(json.dumps(annotations_record(article["id"], annotations[article["id"]])) + "\n")
    print(f"\npredictions: {PRED.relative_to(ROOT)}\n\nscorer, span view:")
    for key, value in scorer.score(str(GOLD), str(PRED)).items():
        print(f"  {key:14} {value}")

    predictions = {article_id: [_record(q) for q in result.quotes] for article_id, result in annotations.items()}
    print("\ncanonical name on matched direct quotes, by how the engine found it:")
    by_basis: Counter[tuple[str, bool]] = Counter()
    for article in gold:
        direct_gold = [q for q in article["quotes"] if q["direct"]]
        direct_pred = [q for q in predictions[article["id"]] if q["direct"]]
        for i, j in scorer.match(direct_gold, direct_pred, article["text"], "loose"):
            if direct_gold[i].get("speaker_name"):
                right = _speaker_right(scorer, direct_gold[i], direct_pred[j])
                by_basis[(direct_pred[j]["basis"], right)] += 1
    for basis in sorted({b for b, _ in by_basis}, key=lambda b: -(by_basis[(b, True)] + by_basis[(b, False)])):
        right, total = by_basis[(basis, True)], by_basis[(basis, True)] + by_basis[(basis, False)]
        print(f"  {basis:12} {right:4d} of {total:4d} right  ({100 * right / total:5.1f} %)")

    if show_errors:
        print("\nwrong canonical names on matched direct quotes:")
        for line in wrong_names(scorer, gold, predictions):
            print("  " + line)

    print("\nreliability (every suggestion, direct and indirect):")
    for line in reliability(scorer, gold, predictions):
        print("  " + line)

    ordered = date_order(gold)
    print("\nlearning from editors (articles in date order; the first k articles' speakers confirmed):")
    print("  k    rest   name accuracy without   with confirmed people")
    for k in LEARNING_K:
        rest = ordered[k:]
        known = confirmed_people(ordered[:k])
        with_known = {
            a["id"]: [_record(q) for q in annotate_doc(docs[a["id"]], known_people=known).quotes] for a in rest
        }
        before, scored = name_accuracy(scorer, rest, predictions)
        after, _ = name_accuracy(scorer, rest, with_known)
        print(
            f"  {k:<4} {len(rest):4d}   {100 * before / scored:5.1f} % ({before}/{scored})"
            f"      {100 * after / scored:5.1f} % ({after}/{scored}), {len(known)} people"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(run(show_errors="--errors" in sys.argv[1:]))
