"""Generated bench data, made once and kept in the system's temporary folder (annotator-bench/).

Making a million quotes takes a minute or more, so each bench asks for its data by a name that says what
is in it (its size, and the schema revision or generator version it was made with) and gets the kept file
when there is one. The data is made under a `.part` name and renamed when complete, so a run stopped
halfway never leaves a file that looks whole. Delete the folder to start afresh.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def kept(name: str, make: Callable[[Path], None]) -> Path:
    """The kept file `name`, made by `make(path)` the first time."""
    folder = Path(tempfile.gettempdir()) / "annotator-bench"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if path.exists():
        print(f"using the kept {path}", flush=True)
        return path
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    make(partial)
    partial.replace(path)
    print(f"made {path} in {time.perf_counter() - started:.1f} s (kept for later runs)", flush=True)
    return path
