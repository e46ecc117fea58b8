# The two commands of the README: `make demo` and `make test`. Everything else is their set-up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The demo lives on the replica's own day (docs/replica.md): the week its March 2015 records are about.
DEMO_DAY ?= 2015-03-20
STAMP := $(VENV)/.installed
# The suite runs on this many processes (pytest-xdist), each with its own test database; 0 runs it in this one.
TEST_WORKERS ?= 2

.PHONY: demo test install migrate replica serve lint typecheck schema messages clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The compiled catalogues (.mo) are committed, so the demo needs no gettext tools.
migrate: install
	$(PY) manage.py migrate --noinput -v0

replica: migrate
	$(PY) manage.py load_replica

serve:
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

demo: replica
	$(PY) manage.py demo_logins
	DEBUG=1 TOMONI_TODAY=$(DEMO_DAY) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: install
	$(VENV)/bin/mypy

schema: install
	$(PY) manage.py spectacular --file openapi.yaml --validate --lang en --fail-on-warn

messages: install
	$(PY) manage.py makemessages -l ja -l en --ignore=.venv --ignore=node_modules --no-obsolete
	$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles
