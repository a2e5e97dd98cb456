# Two commands on a fresh machine: `make run` opens the app on the seed articles, `make test` runs every check.
# Everything is installed from uv.lock into .venv; uv itself comes from PyPI when it is missing.

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")

.PHONY: setup run test lint typecheck architecture pytest bench eval package package-test clean

setup:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	@$(UV) sync --frozen --all-groups --quiet

# Opens the window; on a machine without a screen it runs inside a virtual one (xvfb-run) when available.
# First the system libraries Qt's window needs (installed as root, else the one command to run is printed).
run: setup
	@bash packaging/check-qt-libs.sh
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(UV) run --frozen annotator-app; \
	elif command -v xvfb-run >/dev/null 2>&1; then \
		echo "no screen: running under xvfb-run"; xvfb-run -a -s "-screen 0 1400x900x24" $(UV) run --frozen annotator-app; \
	else echo "no screen (DISPLAY/WAYLAND_DISPLAY unset) and no xvfb-run: run this on a desktop, or apt-get install xvfb" >&2; exit 1; fi

test: setup lint typecheck architecture pytest

lint:
	$(UV) run --frozen ruff check annotator ui tests bench packaging
	$(UV) run --frozen ruff format --check annotator ui tests bench packaging

typecheck:
	$(UV) run --frozen mypy

architecture:
	$(UV) run --frozen lint-imports

# pytest exits 5 when it collects nothing: make treats that as the failure it is.
pytest:
	QT_QPA_PLATFORM=offscreen $(UV) run --frozen pytest

bench: setup
	QT_QPA_PLATFORM=offscreen $(UV) run --frozen python -m bench $(BENCH)

# Engine quality on ../shared/eval/polnear-dev: scorer figures, name accuracy by path, reliability of the
# confidence, learning from confirmed people; then the scorer itself on the same predictions (span view).
eval: setup
	$(UV) run --frozen python -m bench.engine_quality
	$(UV) run --frozen python ../shared/eval/score.py ../shared/eval/polnear-dev/gold.jsonl build/eval/pred.jsonl --view span

package: setup
	$(UV) run --frozen bash packaging/build.sh

package-test: setup
	QT_QPA_PLATFORM=offscreen $(UV) run --frozen pytest -m slow -p no:cacheprovider tests/e2e

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
