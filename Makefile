# The README's two commands: `make run` and `make test`. Both build .venv from scratch if needed.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DB ?= sqlite:///$(CURDIR)/.conflictwatch/run.db

.PHONY: run test venv venv-test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

venv: $(BIN)/python
	$(BIN)/pip install -q -e .

venv-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

run: venv
	CONFLICTWATCH_DB=$(DB) $(BIN)/conflictwatch ingest --samples
	CONFLICTWATCH_DB=$(DB) $(BIN)/conflictwatch serve --host $(HOST) --port $(PORT)

test: venv-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: venv-test
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .conflictwatch build *.egg-info
