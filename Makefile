# Awda — the commands a person runs. `make demo` and `make test` do all the set-up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := awda.settings

.PHONY: demo test install install-dev system-deps lint format bench serve messages diagrams clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .

install-dev: install

system-deps:
	@scripts/system-deps

demo: install
	$(BIN)/awda migrate --noinput -v 0
	$(BIN)/awda load-demo
	@echo ""
	@echo "Awda is running at http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	$(BIN)/awda runserver 127.0.0.1:$(PORT) --noreload

serve: install
	$(BIN)/awda runserver 127.0.0.1:$(PORT)

test: install system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	cd awda && ../$(BIN)/django-admin makemessages -l fr -l en -l ar --ignore=migrations
	$(BIN)/awda compilemessages --ignore=.venv

diagrams: install
	$(BIN)/awda workflow-diagram > docs/workflows.md

bench: install
	scripts/bench

clean:
	rm -rf var/awda.sqlite3* var/static
