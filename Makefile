# Cổng – the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install browser i18n clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev,testing]'
	touch $(STAMP)

install: $(STAMP)

var:
	mkdir -p var

## Serve the portal on http://127.0.0.1:6543 (first start creates var/ and prints the admin password)
run: install var
	$(BIN)/pserve development.ini

## Debian's Chromium for the browser tests (Playwright cannot download browsers here)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; }

## Install everything the tests need, then run the whole suite
test: install browser
	$(BIN)/pytest -q

## Re-extract the UI messages (lingua) into portal.pot, merge them into the English
## catalogue (new ones come out empty or fuzzy: translate them), compile every catalogue
i18n: install
	$(BIN)/pot-create -c src/portal_core/locale/lingua.cfg -d portal -k _ --sort-by-file \
	  --package-name Cong --package-version 0.1.0 \
	  -o src/portal_core/locale/portal.pot src/portal_core src/portal_plugins
	$(BIN)/pybabel update -i src/portal_core/locale/portal.pot -d src/portal_core/locale \
	  -D portal -l en --init-missing --previous --ignore-pot-creation-date
	$(BIN)/pybabel compile -d src/portal_core/locale -D "portal colander deform" --statistics

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
