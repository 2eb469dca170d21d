# Followup — developer commands. `make help` lists them.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DATA_DIR ?=

.DEFAULT_GOAL := help
.PHONY: help system-deps setup compile run test test-fast lint deadcode bench bundle wheel selftest \
        install-desktop uninstall-desktop screenshots clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

system-deps: ## Install the Debian packages the window and the tests need (only what is missing)
	@tools/system-deps.sh

# system-deps first (python3-venv), without making the stamp out of date each time
$(STAMP): pyproject.toml | system-deps
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,dev]'
	@touch $(STAMP)

# The checkout's modules byte-compiled, as pip does for a wheel: every start reads .pyc files
# (also when PYTHONDONTWRITEBYTECODE is set); compileall redoes only files that changed.
compile: $(STAMP)
	@$(PY) -m compileall -q followup_desktop

setup: $(STAMP) ## Create .venv (if missing) and install the app with its test tools

run: system-deps compile ## Set up and start the app (DATA_DIR=... to use another data folder)
	$(VENV)/bin/followup-desktop $(if $(DATA_DIR),--data-dir $(DATA_DIR))

test: system-deps $(STAMP) ## Set up and run every test (unit, widgets, faults, end-to-end)
	$(PY) -m pytest -q

test-fast: system-deps $(STAMP) ## Only the unit and widget tests (a minute; no faults, e2e, packaging)
	$(PY) -m pytest -q tests/unit tests/gui

lint: $(STAMP) ## ruff (with its complexity rule) on everything, strict mypy on the core
	$(VENV)/bin/ruff check followup_desktop tests bench
	$(VENV)/bin/mypy

deadcode: $(STAMP) ## Functions nothing calls (vulture; tools/vulture_whitelist.py lists the false alarms)
	$(VENV)/bin/vulture followup_desktop tests bench tools/vulture_whitelist.py --min-confidence 60

screenshots: $(STAMP) ## Render the README's screenshots (sample data, and the first-run page)
	rm -rf /tmp/followup-shot /tmp/followup-empty && mkdir -p docs
	$(VENV)/bin/followup-desktop --data-dir /tmp/followup-shot demo
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/followup-desktop --data-dir /tmp/followup-shot --screenshot docs/main-window.png --size 1280x800
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/followup-desktop --data-dir /tmp/followup-empty --screenshot docs/first-run.png --size 1024x640
	for size in 1024x640 1280x800 1920x1080; do QT_QPA_PLATFORM=offscreen $(VENV)/bin/followup-desktop --data-dir /tmp/followup-shot --screenshot docs/main-window-$$size.png --size $$size; done

clean: ## Remove the virtual environment and build output
	rm -rf $(VENV) build dist *.egg-info

# --- packaging: wheel, PyInstaller bundle, desktop integration (packaging/, docs/packaging.md)
BUNDLE_DIR := dist/followup
# install-desktop: the menu entry starts the venv's command; BUNDLE=1: the bundle.
DESKTOP_EXEC ?= $(abspath $(if $(BUNDLE),$(BUNDLE_DIR)/followup,$(VENV)/bin/followup-desktop))

wheel: $(STAMP) ## Build the wheel into dist/ (templates, resources and icons inside)
	$(PY) -m build --wheel --outdir dist .

bundle: $(STAMP) ## Build the one-folder PyInstaller bundle dist/followup/ (about a minute)
	$(PY) packaging/bundle.py

selftest: $(STAMP) ## Check this installation offscreen (store, templates, window, tray)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/followup-desktop --selftest

install-desktop: ## Add Followup to your application menu (BUNDLE=1: the bundle)
	$(PYTHON) packaging/desktop.py install --exec "$(DESKTOP_EXEC)"

uninstall-desktop: ## Remove exactly what install-desktop added
	$(PYTHON) packaging/desktop.py uninstall

bench: $(STAMP) ## Every speed and memory target against its baseline (bench/README.md)
	$(PY) -m bench.run
