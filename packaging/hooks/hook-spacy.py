"""spaCy for the bundle: its config files and compiled modules, without its tests, sources or other languages.

Replaces the contributed hook (which takes every submodule and every non-Python file): spaCy's registries
import `spacy.lang.<code>` by name, and the app only ever loads English pipelines, so the other languages'
modules (and the lookup data they pull in) stay out. The `spacy_*` registries are filled from entry points,
which read the packages' metadata, hence copy_metadata.
"""

from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata, get_package_paths

KEPT_LANGUAGES = ("en", "xx")
# spacy/lang/<code>/ are the languages; spacy/lang/*.py (lex_attrs, punctuation, ...) are shared by all.
LANGUAGE_PACKAGES = {
    path.name for path in (Path(get_package_paths("spacy")[1]) / "lang").iterdir() if (path / "__init__.py").exists()
}
SOURCE_FILES = ["**/*.pyx", "**/*.pxd", "**/*.pyi", "**/*.c", "**/*.cpp", "**/*.h", "tests/**"]


def _wanted(name: str) -> bool:
    parts = name.split(".")
    if len(parts) > 1 and parts[1] == "tests":
        return False
    return not (
        len(parts) > 2 and parts[1] == "lang" and parts[2] in LANGUAGE_PACKAGES and parts[2] not in KEPT_LANGUAGES
    )


datas = collect_data_files("spacy", excludes=[*SOURCE_FILES, "lang/**"]) + copy_metadata("spacy")
hiddenimports = collect_submodules("spacy", filter=_wanted)
excludedimports = ["spacy.tests"]
