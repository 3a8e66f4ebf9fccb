# The front door. A newcomer needs two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=
export FLASK_APP := wijkbudget

.PHONY: run test install install-dev translations extract-messages lint bench bench-load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## install: the shared install step: virtualenv, the app, and its compiled translations
install: $(VENV)/.installed translations

translations: | $(BIN)/python
	$(BIN)/pybabel compile --statistics -d wijkbudget/translations 2>&1 | grep -v '^compiling' || true
	$(BIN)/pybabel compile -d wijkbudget/translations > /dev/null

## run: migrate the SQLite database, load the demo when it is empty, serve on 127.0.0.1:5000
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load --if-empty
	@echo "wijkbudget runs on http://$(HOST):$(PORT)  (stop with Ctrl+C)"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

## test: install the dev dependencies and run the whole suite
test: install $(VENV)/.installed-dev
	$(BIN)/python -m tests.run $(PYTEST_ARGS)  # -m: the repo root, not tests/, on sys.path

## extract-messages: collect new texts into the catalogs (then translate nl)
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--project wijkbudget -o wijkbudget/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i wijkbudget/translations/messages.pot -d wijkbudget/translations

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict --follow-imports=silent wijkbudget/counting

## bench: counting speed against pabutools (GPL-3, installed only in its own virtualenv)
bench: install
	test -x bench/.venv-pabutools/bin/python || $(PYTHON) -m venv bench/.venv-pabutools
	bench/.venv-pabutools/bin/pip install --quiet pabutools==1.2.3 -e .
	bench/.venv-pabutools/bin/python bench/counting.py

## bench-load: voters through the real forms against gunicorn + its own PostgreSQL, with faults
bench-load: install
	$(BIN)/python bench/load.py $(BENCH_LOAD_ARGS)

clean:
	rm -rf $(VENV) bench/.venv-pabutools .pytest_cache .mypy_cache .ruff_cache
