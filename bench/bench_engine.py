"""The pre-annotation engine against a bare spaCy parse, textacy's quote extractor, and itself in batch.

Texts: the PolNeAR dev articles from ../shared/eval when present, else the seed articles. Every figure is a
rate or a ratio measured in this process on the same texts.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_GOLD = ROOT.parent / "shared" / "eval" / "polnear-dev" / "gold.jsonl"
REPEATS = 1  # the pipeline is warmed by parsing every text once before timing


def load_texts() -> tuple[str, list[str]]:
    if SHARED_GOLD.is_file():
        with SHARED_GOLD.open(encoding="utf-8") as lines:
            return "PolNeAR dev", [json.loads(line)["text"] for line in lines if line.strip()]
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    return "seed articles", [path.read_text(encoding="utf-8") for path in seeds]


def best_time(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def _parse_and_annotate_times(texts: list[str], nlp: Any, annotate: Callable[..., object]) -> tuple[float, float]:
    """Total seconds of nlp(text) and of annotate(text) over the texts, measured text by text in alternating
    order: on a machine shared with other work the load drifts within a run, and timing all the parses and
    then all the annotations would charge the drift to one side of the ratio."""
    totals = {"parse": 0.0, "annotate": 0.0}
    for index, text in enumerate(texts):
        order = ("parse", "annotate") if index % 2 else ("annotate", "parse")
        for step in order:
            started = time.perf_counter()
            if step == "parse":
                nlp(text)
            else:
                annotate(text, nlp=nlp)
            totals[step] += time.perf_counter() - started
    return totals["parse"], totals["annotate"]


def run() -> None:
    from annotator.nlp.engine import annotate, annotate_doc, annotate_many, model_label
    from annotator.nlp.pipeline import load_pipeline

    source, texts = load_texts()
    nlp = load_pipeline()
    docs = [nlp(text) for text in texts]  # warms the pipeline and counts tokens
    tokens = sum(len(doc) for doc in docs)
    print(f"texts: {len(texts)} ({source}), {tokens} tokens, pipeline {model_label(nlp)}")

    def rate(label: str, seconds: float) -> None:
        print(f"  {label:<44} {len(texts) / seconds:8.1f} articles/s {tokens / seconds:10.0f} tokens/s")

    parse, one_by_one = _parse_and_annotate_times(texts, nlp, annotate)
    rate("spaCy parse alone (nlp(text))", parse)
    rate("annotate(text), one at a time", one_by_one)
    print(
        f"  annotate / parse time ratio: {one_by_one / parse:.3f} "
        f"(overhead {100 * (one_by_one / parse - 1):+.1f} %, aim: at most +15 %)"
    )

    engine_only = best_time(lambda: [annotate_doc(doc) for doc in docs])
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

        textacy_time = best_time(textacy_all)
        print(
            "  textacy direct_quotations on the same parsed docs: "
            f"{1000 * textacy_time / len(docs):.1f} ms per article, "
            f"failed on {failures} of {len(docs)} articles (the engine: 0)"
        )
        print(f"  engine / textacy post-parse time ratio: {engine_only / textacy_time:.2f}")

    started = time.perf_counter()
    batch_one = list(annotate_many(texts, nlp=nlp, n_process=1, batch_size=16))
    single_process = time.perf_counter() - started
    rate("annotate_many(n_process=1, batch_size=16)", single_process)
    started = time.perf_counter()
    batch_two = list(annotate_many(texts, nlp=nlp, n_process=2, batch_size=16))
    two_processes = time.perf_counter() - started
    rate("annotate_many(n_process=2, batch_size=16)", two_processes)
    assert [a.quotes for a in batch_one] == [a.quotes for a in batch_two], "batching changed the results"
    print(f"  one at a time / batched (1 process): {one_by_one / single_process:.2f}x")
    print(f"  one at a time / batched (2 processes, incl. start-up): {one_by_one / two_processes:.2f}x")
