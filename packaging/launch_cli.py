"""Entry script of the frozen command line (`annotator`), the same `annotator.cli:main` as when installed."""

from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from annotator.cli import main

    sys.exit(main())
