"""Entry script of the frozen desktop app (`annotator-app`): the same `ui.app:main` the installed
gui-script runs. `--self-test` is answered here too when the app module is not in the build yet."""

from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    multiprocessing.freeze_support()  # a frozen child process must not start the app again
    try:
        from ui.app import main as app_main
    except ModuleNotFoundError as error:
        if error.name != "ui.app":
            raise
        app_main = None
    if app_main is not None:
        return int(app_main(sys.argv[1:]) or 0)
    if "--self-test" in sys.argv[1:]:
        from ui.self_test import run_self_test

        return run_self_test()
    print("this build has no desktop app (ui.app); run it with --self-test", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
