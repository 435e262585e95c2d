# `make run` serves the demo school; `make test` runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
export FLASK_APP := backend

.PHONY: run test install demo clean bandit audit fuzz load faults \
	bench-photos bench-notices bench-appraisal bench-pwa bench-api-write bench-worker-memory

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

# Static security scan of the app (tests excluded, see bandit.yaml); .ci/run runs it.
bandit: install
	$(BIN)/bandit -c bandit.yaml -r backend bench tools -q

# Known vulnerabilities in the installed dependencies. Exit 2 and "NOT CHECKED" when the
# vulnerability database cannot be reached: never reported as clean.
audit: install
	$(PY) tools/audit.py

# A longer schemathesis run than the one in `make test` (FUZZ_EXAMPLES per operation and mode).
fuzz: install
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} $(BIN)/pytest -q tests/security/test_fuzz.py

# A realistic mix against gunicorn on SQLite and on PostgreSQL; DURATION seconds each (300).
load: install
	$(PY) bench/load.py

# Kill gunicorn mid-stream, restart PostgreSQL underneath, fill the disk: nothing lost or doubled.
faults: install
	$(PY) bench/faults.py
	$(BIN)/pytest -q tests/faults

# Benchmarks (see docs/benchmarks.md); each ends with TARGET lines.
bench-photos: install
	$(PY) bench/photos.py

# Weekly notices on a generated district (PostgreSQL at BENCH_DATABASE_URL) and on SQLite.
bench-notices: install
	$(PY) bench/notices.py --engine both

# A school-term's appraisal, coverage and charts (BENCH_DATABASE_URL for PostgreSQL).
bench-appraisal: install
	$(PY) bench/appraisal.py

bench-pwa: install
	$(PY) bench/pwa_budget.py

# Patrol submits on gunicorn against a bare Flask + driver floor, SQLite and PostgreSQL
# (a throwaway database on 127.0.0.1:5432); closed loop and a steady 100 submits a second.
bench-api-write: install
	$(PY) bench/api_write.py

# Does a gunicorn worker's RSS level off under each kind of request (docs/benchmarks.md).
bench-worker-memory: install
	$(PY) bench/worker_memory.py

clean:
	rm -rf $(VENV) instance
