# The two commands: `make run` and `make test`. See README.md.
VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin
PORT ?= 8000
DEV_ENV = DEBUG=1 INSECURE_COOKIES=1 SECRET_KEY=dev-only-secret-not-for-production-use BROBYG_2FA_ROLES=none

.PHONY: run test install messages clean

$(BIN)/brobyg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/brobyg

install: $(BIN)/brobyg

run: install
	$(DEV_ENV) $(BIN)/brobyg migrate --noinput
	$(DEV_ENV) $(BIN)/brobyg demo
	@echo "Brobyg runs on http://127.0.0.1:$(PORT) (stop with Ctrl-C)"
	$(DEV_ENV) $(BIN)/brobyg runserver 127.0.0.1:$(PORT)

# axe-core (package.json) for the browser tests' accessibility checks; without npm they are skipped.
node_modules/axe-core/axe.min.js: package.json
	-npm install --no-audit --no-fund --loglevel=error && touch $@

test: install node_modules/axe-core/axe.min.js
	$(BIN)/pytest

APPS ?= core accounts audit partnerships directory volunteers bridging evaluation initiatives
# Extract and compile the Danish catalog of each app (or only APP=name). English is the source language.
messages: install
	for app in $(or $(APP),$(APPS)); do \
	  (cd src/brobyg/$$app && mkdir -p locale && \
	   BROBYG_TESTING=1 ../../../$(BIN)/brobyg makemessages -l da --no-obsolete --no-location >/dev/null && \
	   BROBYG_TESTING=1 ../../../$(BIN)/brobyg compilemessages -l da >/dev/null) || exit 1; \
	done

clean:
	rm -rf $(VENV) var
