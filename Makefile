# One-command set-up: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per CPU by default, a test file stays in one process (module
# fixtures such as the shared demo load once); TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto

# Find a Python >= 3.12: python3.13, python3.12, pyenv's 3.13/3.12, or python3 if new enough.
define find_python
for c in python3.13 python3.12 "PYENV_VERSION=3.13.0 python3" "PYENV_VERSION=3.12.1 python3" python3; do \
  if env $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
    env $$c -c 'import sys; print(sys.executable)'; exit 0; fi; \
done; \
if command -v pyenv >/dev/null 2>&1; then \
  for v in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])' | sort -rV); do \
    p="$$(pyenv root)/versions/$$v/bin/python3"; [ -x "$$p" ] && { echo "$$p"; exit 0; }; done; \
fi; exit 1
endef

.PHONY: install run test lint format bench clean messages system-deps test-system-deps apt-packages

install: $(STAMP)

$(STAMP): pyproject.toml
	@PY="$$( $(find_python) )" || { echo "Cần Python >= 3.12 / Python >= 3.12 is required (python3.12, python3.13 or pyenv 3.12+)." >&2; exit 1; }; \
	 if [ ! -x $(BIN)/python ]; then echo "Using $$PY"; "$$PY" -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

messages: install
	@if command -v msgfmt >/dev/null 2>&1; then $(BIN)/ocop compilemessages --ignore=.venv -v 0; \
	 else echo "msgfmt (gettext) not found: using committed .mo files"; fi

run: install system-deps messages
	$(BIN)/ocop migrate --no-input -v 0
	$(BIN)/ocop load_demo --if-empty
	@echo ""
	@echo "  OCOP: http://$(HOST):$(PORT)/"
	@$(BIN)/ocop demo_logins
	@echo ""
	@# The background-job worker (imports, notices) runs beside the web server and stops with it.
	@$(BIN)/ocop db_worker --interval 1 > data/worker.log 2>&1 & worker=$$!; \
	 trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	 $(BIN)/ocop runserver $(HOST):$(PORT)

# Debian packages the suite uses for real: Chromium (browser tests), Pango (WeasyPrint PDFs),
# Liberation fonts (Times New Roman metrics), LibreOffice and poppler (open the files we write).
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation gettext
TEST_PACKAGES := $(RUN_PACKAGES) chromium poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui
system-deps:
	@$(MAKE) --no-print-directory apt-packages PACKAGES="$(RUN_PACKAGES)"
test-system-deps:
	@$(MAKE) --no-print-directory apt-packages PACKAGES="$(TEST_PACKAGES)"
apt-packages:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Missing Debian packages (tests that need them are skipped): $$missing"; fi; \
	fi

test: install test-system-deps messages
	$(BIN)/ruff check .
	$(BIN)/ocop makemigrations --check --dry-run -v 0
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	@for f in bench/bench_*.py; do [ -e "$$f" ] && $(BIN)/python "$$f"; done; true

clean:
	rm -rf $(VENV) data/*.sqlite3
