"""`python -m bench [NAME...]`: run the benchmark modules bench/bench_<NAME>.py (all by default).

Each module has a `run()` that prints its own figures; every figure is a ratio or a rate measured against a
baseline in the same process, so numbers from different machines are not compared directly.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(m.name[len("bench_") :] for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    chosen = argv or names
    for name in chosen:
        if name not in names:
            print(f"bench: no benchmark named {name!r} (have: {', '.join(names)})", file=sys.stderr)
            return 2
        print(f"\n== {name} ==", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"bench.bench_{name}").run()
        print(f"({name}: {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
