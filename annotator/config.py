"""Where things live and what the user chose: paths from platformdirs, settings in a small JSON file.

Environment variables override the file, so tests, CI and scripts never touch a user's real settings:
ANNOTATOR_HOME (one folder for data and settings), ANNOTATOR_DB (any SQLAlchemy URL or a SQLite path),
ANNOTATOR_SPACY_MODEL (a spaCy pipeline name) and ANNOTATOR_USER (the editor's name).
"""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import platformdirs

APP_NAME = "quote-annotator"
SETTINGS_FILE = "settings.json"


def data_dir() -> Path:
    home = os.environ.get("ANNOTATOR_HOME")
    return Path(home) if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    home = os.environ.get("ANNOTATOR_HOME")
    return Path(home) if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_database_url() -> str:
    return sqlite_url(data_dir() / "annotator.db")


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def normalise_database_url(value: str) -> str:
    """Accept a SQLAlchemy URL or a plain path to a SQLite file (what people type)."""
    value = value.strip()
    if "://" in value:
        return value
    return sqlite_url(value)


def system_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers: still give the editor a name
        return "editor"


@dataclass(frozen=True)
class Settings:
    database_url: str
    user_name: str
    spacy_model: str | None = None  # None: pick the best installed pipeline
    # A quote is verified once confirmed by one person and accepted by another; a one-person newsroom may
    # relax that so that a confirmation alone verifies.
    require_second_reviewer: bool = True
    user_chosen: bool = False  # False until the editor has confirmed their name on first start

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def load_settings() -> Settings:
    stored: dict[str, object] = {}
    path = settings_path()
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                stored = loaded
        except (OSError, ValueError):
            stored = {}  # a damaged settings file falls back to defaults rather than blocking start-up
    settings = Settings(
        database_url=str(stored.get("database_url") or default_database_url()),
        user_name=str(stored.get("user_name") or system_user()),
        spacy_model=(str(stored["spacy_model"]) if stored.get("spacy_model") else None),
        require_second_reviewer=bool(stored.get("require_second_reviewer", True)),
        user_chosen=bool(stored.get("user_chosen", False)),
    )
    env = os.environ
    if env.get("ANNOTATOR_DB"):
        settings = replace(settings, database_url=normalise_database_url(env["ANNOTATOR_DB"]))
    if env.get("ANNOTATOR_SPACY_MODEL"):
        settings = replace(settings, spacy_model=env["ANNOTATOR_SPACY_MODEL"])
    if env.get("ANNOTATOR_USER"):
        settings = replace(settings, user_name=env["ANNOTATOR_USER"], user_chosen=True)
    return settings


def save_settings(settings: Settings) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    tmp.replace(path)  # atomic: a crash mid-write never leaves a half-written settings file
