# `make run` serves the demo school; `make test` runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
export FLASK_APP := backend

.PHONY: run test install demo clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load

run: demo
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:8000 --access-logfile - "backend:create_app()"

# TEST_DATABASE_URL=postgresql://... runs the same suite on PostgreSQL.
test: install
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) instance

# Benchmarks (see docs/benchmarks.md); each ends with TARGET lines.
.PHONY: bench-pwa
bench-pwa: install
	$(BIN)/python bench/pwa_budget.py
