# Kijk Verder. Two commands from a fresh clone (Debian, Python 3.11, no venv needed):
#   make handouts   set up .venv and build all PDFs into handouts-pdf/
#   make test       set up .venv (+ chromium, poppler-utils) and run every test
# Also: make lab (JupyterLab on the lessons), make present LESSON=01, make site (static offline
# website in site/, site-docenten/ for AUDIENCE=docenten), make lint (ruff check, as the tests
# run it), make regen, make bench, make bench-site.
# Teachers use bin/kijkverder (README, Dutch part): it sets up .venv like `make setup` (same
# stamp file) on first use and runs the command, with nothing to activate.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kijkverder-installed

.PHONY: setup handouts lab present test test-fast lint regen check release site bench bench-site system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

handouts: setup
	$(BIN)/kijkverder handouts --out handouts-pdf

lab: setup
	$(BIN)/kijkverder lab

present: setup
	$(BIN)/kijkverder present $(or $(LESSON),01)

check: setup
	$(BIN)/kijkverder check lessons

release: setup
	$(BIN)/kijkverder release --out release

site: setup system-deps
	$(BIN)/kijkverder site --audience $(or $(AUDIENCE),leerlingen)

system-deps:
	bash scripts/system-deps.sh

test: setup system-deps
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder

test-fast: setup
	$(BIN)/python -m pytest -m "not browser and not servers and not network" -n 2 --dist loadfile

lint: setup
	$(BIN)/python -m ruff check .

regen: setup
	-$(BIN)/python -m pytest tests/test_regression.py --nb-force-regen -q
	$(BIN)/python -m pytest tests/test_regression.py -q

bench: setup system-deps
	$(BIN)/python -m benchmarks.run

bench-site: setup system-deps
	$(BIN)/python -m benchmarks.site

clean:
	rm -rf $(VENV) handouts-pdf release release-docenten release-ouders site site-docenten test-artifacts .ruff_cache
