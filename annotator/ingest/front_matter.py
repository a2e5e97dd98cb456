"""Split YAML front matter (`---` ... `---` at the very top of a .txt or .md file) from the body."""

from __future__ import annotations

import re
from typing import Any

import yaml

# Delimiter lines may carry trailing spaces (seed 002 does); `...` is YAML's own end-of-document mark.
_OPEN = re.compile(r"\A---[ \t\u00a0]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t\u00a0]*$", re.MULTILINE)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_YAML_OPENERS = ("[", "{", '"', "'", "|", ">", "&", "*", "!")


def _lenient_parse(block: str) -> dict[str, Any]:
    """Plain `key: value` lines, for front matter that strict YAML rejects (stray colons, tabs).

    Every line must look like metadata; a block of prose between two rules gives {} and stays text.
    """
    found: dict[str, Any] = {}
    for line in block.splitlines():
        if not line.strip() or line[:1].isspace() or line.lstrip().startswith(("#", "- ")):
            continue  # blank, continuation, comment or list item: nothing to map, nothing to reject
        match = _KEY_VALUE.match(line)
        if match is None:
            return {}
        found[match[1]] = match[2].strip("\"'")
    return found


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str, str | None]:
    """Return (metadata, body, problem); metadata is None when the text has no front matter.

    A leading `---` with no closing line, or a block that is neither YAML mapping nor `key: value`
    lines, is treated as ordinary text: better to show the user a stray rule than to lose words.
    `problem` says, for the import report, that the front matter was not valid YAML and how it was read.
    """
    opening = _OPEN.match(text)
    if opening is None:
        return None, text, None
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        return None, text, None
    block = text[opening.end() : closing.start()]
    body = text[closing.end() :].removeprefix("\n")
    try:
        loaded = yaml.safe_load(block)
    except (yaml.YAMLError, RecursionError) as error:
        loaded = _lenient_parse(block)
        if not loaded:
            return None, text, None
        problem = _describe_yaml_error(error, dropped=_drop_broken_values(loaded))
        return loaded, body, problem
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict) or (not loaded and block.strip()):
        return None, text, None
    return {str(key): value for key, value in loaded.items()}, body, None


def _drop_broken_values(found: dict[str, Any]) -> list[str]:
    """Values that open a YAML list, mapping or quote YAML could not close ("[unclosed") are not metadata:
    a title "[unclosed" is worse than the headline taken from the text. Returns the keys dropped."""
    broken = [key for key, value in found.items() if isinstance(value, str) and value.startswith(_YAML_OPENERS)]
    for key in broken:
        del found[key]
    return broken


def _describe_yaml_error(error: BaseException, *, dropped: list[str]) -> str:
    mark = getattr(error, "problem_mark", None)
    where = f" (line {mark.line + 2})" if mark is not None else ""  # +1 for 1-based, +1 for the opening ---
    what = f"the front matter is not valid YAML{where}"
    if not dropped:
        return f"{what}: read as plain key: value lines"
    fields = ", ".join(dropped)
    fallback = "; the title was taken from the text" if "title" in {key.lower() for key in dropped} else ""
    return f"{what}: left out {fields}{fallback}"
