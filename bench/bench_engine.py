"""The pre-annotation engine against a bare spaCy parse, textacy's quote extractor, and itself in batch.

Texts: the PolNeAR dev articles from ../shared/eval when present, else the seed articles. Every comparison
runs both sides in turn (bench/interleave.py) and gives the median ratio of the rounds with its spread.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from bench.interleave import interleaved, repeated

ROOT = Path(__file__).resolve().parents[1]
SHARED_GOLD = ROOT.parent / "shared" / "eval" / "polnear-dev" / "gold.jsonl"


def load_texts() -> tuple[str, list[str]]:
    if SHARED_GOLD.is_file():
        with SHARED_GOLD.open(encoding="utf-8") as lines:
            return "PolNeAR dev", [json.loads(line)["text"] for line in lines if line.strip()]
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    return "seed articles", [path.read_text(encoding="utf-8") for path in seeds]


def run() -> None:
    from annotator.nlp.pipeline import load_pipeline
    from annotator.nlp.suggestions import annotate, annotate_doc, annotate_many, model_label

    source, texts = load_texts()
    nlp = load_pipeline()
    docs = [nlp(text) for text in texts]  # warms the pipeline and counts tokens
    tokens = sum(len(doc) for doc in docs)
    print(f"texts: {len(texts)} ({source}), {tokens} tokens, pipeline {model_label(nlp)}")

    def rate(label: str, seconds: float) -> None:
        print(f"  {label:<44} {len(texts) / seconds:8.1f} articles/s {tokens / seconds:10.0f} tokens/s")

    overhead = interleaved(
        lambda: [nlp(text) for text in texts], lambda: [annotate(text, nlp=nlp) for text in texts], rounds=3
    )
    rate("spaCy parse alone (nlp(text)), median", statistics.median(overhead.baseline))
    rate("annotate(text), one at a time, median", statistics.median(overhead.measured))
    print(f"  {overhead.describe('annotate / bare parse, time')} (aim: at most 1.15)")

    engine_only = statistics.median(repeated(lambda: [annotate_doc(doc) for doc in docs], 3))
    print(f"  engine work on parsed docs: {1000 * engine_only / len(docs):.1f} ms per article")

    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        print("  textacy not installed (uv run --group bench ...): comparison skipped")
    else:
        failures = 0

        def textacy_all() -> None:
            nonlocal failures
            failures = 0
            for doc in docs:
                try:
                    list(direct_quotations(doc))
                except Exception:  # textacy raises ValueError on odd quote counts, and others on odd input
                    failures += 1

        versus = interleaved(textacy_all, lambda: [annotate_doc(doc) for doc in docs], rounds=3)
        print(f"  textacy direct_quotations failed on {failures} of {len(docs)} articles (the engine: 0)")
        print(f"  {versus.describe('engine / textacy post-parse, time')}")

    outputs: dict[int, list[object]] = {}

    def batched(processes: int) -> None:
        found = list(annotate_many(texts, nlp=nlp, n_process=processes, batch_size=16))
        outputs[processes] = [a.quotes for a in found]

    one_two = interleaved(lambda: batched(1), lambda: batched(2), rounds=3)
    assert outputs[1] == outputs[2], "batching changed the results"
    rate("annotate_many(n_process=1), median", statistics.median(one_two.baseline))
    rate("annotate_many(n_process=2), median", statistics.median(one_two.measured))
    print(f"  {one_two.describe('2 processes / 1 process, speed (incl. start-up)', speed=True)}")
