"""`annotator quote piece|trim|split|join` as a user runs them on a seed: the same operations as the app's
keys, on the same history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from tests.conftest import SEEDS

FIRST = '"We know that when enforcing our policies'
SECOND_END = 'penalized unfairly."'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_split_join_trim_and_one_piece_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "cli.db")
    run(capsys, "--db", db, "import", str(SEEDS / next(p.name for p in SEEDS.glob("000_*.txt"))))
    _, out, _ = run(capsys, "--db", db, "show", "1", "--format", "json")
    text = json.loads(out)["text"]
    start = text.index(FIRST)
    end = text.index(SECOND_END) + len(SECOND_END)
    said = text.index('," he said.', start) + 2
    # Ana adds the attribution with "he said" inside the first piece, as a stray mark leaves it
    code, out, err = run(
        capsys, "--db", db, "--user", "ana", "quote", "add", "1", str(start), str(end), "--format", "json"
    )
    quote = json.loads(out)
    assert code == 0, err
    second = text.index('"Too often', start)
    assert quote["pieces"] == [[start, said], [second, end]]

    ana = ("--db", db, "--user", "ana", "quote")
    code, out, err = run(capsys, *ana, "piece", str(quote["id"]), "1", str(start), str(said + len(" he said")))
    assert code == 0, err
    code, out, err = run(capsys, *ana, "trim", str(quote["id"]), "--format", "json")
    assert code == 0 and json.loads(out)["pieces"] == [[start, said], [second, end]], err

    code, out, err = run(capsys, *ana, "split", str(quote["id"]), "--format", "json")
    new = json.loads(out)
    assert code == 0 and new["pieces"] == [[second, end]] and new["start"] == second, err
    code, out, err = run(capsys, *ana, "join", str(new["id"]), "--format", "json")
    assert code == 0 and json.loads(out)["pieces"] == [[start, said], [second, end]], err
    _, out, _ = run(capsys, *ana, "list", "1", "--format", "json")
    assert len(out.splitlines()) == 1  # one attribution again

    code, _, err = run(capsys, *ana, "split", str(quote["id"]), "--before-piece", "1")
    assert code != 0 and "second piece" in err
