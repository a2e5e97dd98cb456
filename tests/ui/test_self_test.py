"""`annotator-app --self-test` from source: each step reports OK/FAIL/SKIP and the exit code follows."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from ui.self_test import SelfTest, StepFailed, StepSkipped, run_self_test

STEPS = ("database", "seeds", "spacy pipeline", "annotate", "export csv", "main window")


def test_database_and_seed_steps_work_from_the_source_tree(tmp_path: Path) -> None:
    out = io.StringIO()
    test = SelfTest(out=out, work_dir=tmp_path)
    try:
        assert test.step("database", test.open_database)
        assert test.step("seeds", test.import_seeds)
    finally:
        test.close()
    assert [status for status, _, _ in test.results] == ["OK", "OK"]
    assert test.article_id is not None
    assert re.search(r"^OK   seeds: 3 articles from 3 bundled seed files", out.getvalue(), re.MULTILINE)


def test_a_failing_step_is_reported_and_a_missing_part_is_skipped(tmp_path: Path) -> None:
    out = io.StringIO()
    test = SelfTest(out=out, work_dir=tmp_path)

    def broken() -> str:
        raise StepFailed("no quote found")

    def crashing() -> str:
        raise RuntimeError("boom")

    def absent() -> str:
        raise StepSkipped("not in this build")

    assert not test.step("broken", broken)
    assert not test.step("crashing", crashing)
    assert test.step("absent", absent)
    assert [status for status, _, _ in test.results] == ["FAIL", "FAIL", "SKIP"]
    report = out.getvalue()
    assert "FAIL broken: no quote found" in report
    assert "FAIL crashing: RuntimeError: boom" in report
    assert "SKIP absent: not in this build" in report


def test_steps_after_a_missing_database_are_skipped_not_crashed(tmp_path: Path) -> None:
    test = SelfTest(out=io.StringIO(), work_dir=tmp_path)
    assert test.step("annotate", test.annotate)
    assert test.step("export csv", test.export_csv)
    assert [status for status, _, _ in test.results] == ["SKIP", "SKIP"]


def test_full_self_test_passes_and_restores_the_environment(qapp: object) -> None:
    before = {name: os.environ.get(name) for name in ("ANNOTATOR_HOME", "ANNOTATOR_USER", "ANNOTATOR_DB")}
    out = io.StringIO()
    code = run_self_test(out)
    report = out.getvalue()
    assert code == 0, report
    for step in STEPS:
        assert re.search(rf"^OK   {step}: ", report, re.MULTILINE), report
    assert "self-test passed (6 OK, 0 failed, 0 skipped)" in report
    assert {name: os.environ.get(name) for name in before} == before
