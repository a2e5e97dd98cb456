from __future__ import annotations

from pathlib import Path

import pytest

from annotator.config import load_settings, normalise_database_url, save_settings, settings_path


def test_default_database_is_a_sqlite_file_in_the_data_folder(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("annotator.db")
    assert settings.user_chosen is False


def test_settings_survive_a_restart() -> None:
    settings = load_settings().with_changes(user_name="Ana Ruiz", user_chosen=True, spacy_model="en_core_web_md")
    save_settings(settings)
    again = load_settings()
    assert (again.user_name, again.user_chosen, again.spacy_model) == ("Ana Ruiz", True, "en_core_web_md")


def test_environment_overrides_the_settings_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    save_settings(load_settings().with_changes(user_name="Ana"))
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "team.db"))
    monkeypatch.setenv("ANNOTATOR_USER", "Ben")
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{(tmp_path / 'team.db').resolve()}"
    assert settings.user_name == "Ben"


def test_a_damaged_settings_file_falls_back_to_defaults() -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("{not json", encoding="utf-8")
    assert load_settings().database_url.endswith("annotator.db")


def test_urls_and_plain_paths_are_both_accepted(tmp_path: Path) -> None:
    assert normalise_database_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert normalise_database_url(str(tmp_path / "x.db")).startswith("sqlite:////")
