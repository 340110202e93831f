# The README's two commands: `make run` and `make test`. Both build .venv from scratch if needed.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DB ?= sqlite:///$(CURDIR)/.conflictwatch/run.db

.PHONY: run test venv venv-test postgres-bin bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The install compiles geo/parser.py (about a minute, see setup.py): it is redone only when
# the project's files or the sources the compiled parser depends on change (the geo folder
# itself: a file added or removed). Once the test
# extras are in, `make venv` keeps them (one install, not two, after an edit).
INSTALL_DEPS := $(BIN)/python pyproject.toml setup.py src/conflictwatch/_compiled.py \
	src/conflictwatch/geo $(wildcard src/conflictwatch/geo/*.py) src/conflictwatch/records.py
SAY_COMPILED := $(BIN)/python -c "import conflictwatch.geo, conflictwatch._compiled as c; \
	print('geo parser compiled:', c.is_compiled('conflictwatch.geo.parser'))"

$(VENV)/.installed: $(INSTALL_DEPS)
	$(BIN)/pip install -q -e '.$(if $(wildcard $(VENV)/.installed-test),[test],)'
	@$(SAY_COMPILED)
	touch $@ $(if $(wildcard $(VENV)/.installed-test),$(VENV)/.installed-test,)

$(VENV)/.installed-test: $(INSTALL_DEPS)
	$(BIN)/pip install -q -e '.[test]'
	@$(SAY_COMPILED)
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed

venv-test: $(VENV)/.installed-test

run: venv
	CONFLICTWATCH_DB=$(DB) $(BIN)/conflictwatch ingest --samples
	CONFLICTWATCH_DB=$(DB) $(BIN)/conflictwatch serve --host $(HOST) --port $(PORT)

test: venv-test postgres-bin
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The backend tests run on PostgreSQL too: they need Debian's server binaries (not a service).
postgres-bin:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql)

bench: venv-test
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .conflictwatch build *.egg-info src/*.egg-info src/conflictwatch/_compiled.json
	find src -name '*.so' -delete
