# Two commands do everything on a fresh machine with Python 3.11: `make serve` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site validate schema new-event new-entity new-term test test-fast browser lint-workflows lock audit bench clean

# requirements*.txt are locks generated from requirements*.in by `make lock`: every package, direct
# or not, pinned with the sha256 of each of its files. pip refuses any file whose hash is not in the
# lock, and any package the lock does not name. Wheels only: building a source archive would fetch
# its build tools unchecked. A stamp is touched only once its install has succeeded.
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --only-binary :all:

$(VENV)/.site-deps: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.dev-deps: $(VENV)/.site-deps requirements-dev.txt
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

# Locks are resolved against PyPI alone, whatever mirror or wheel folder this machine's pip is set to
# use, so that they name the files every other machine downloads.
PIP_COMPILE := env -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null \
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--index-url=https://pypi.org/simple --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)

## Regenerate the hashed locks requirements*.txt from requirements*.in (UPGRADE=1: newest versions the pins allow).
lock: $(VENV)/.dev-deps
	$(PIP_COMPILE) --output-file=requirements.txt requirements.in
	$(PIP_COMPILE) --output-file=requirements-dev.txt requirements-dev.in

## Build both editions and serve them at http://127.0.0.1:8000, rebuilding on every change.
serve: $(VENV)/.site-deps
	$(PY) -m scripts.cli serve

## Build the offline site into site/ (open site/index.html from disk).
site: $(VENV)/.site-deps
	$(PY) -m scripts.cli site

## Check every data file; print every problem with its location.
validate: $(VENV)/.site-deps
	$(PY) -m scripts.cli validate

## Regenerate the JSON Schema editors use (data/schema/) from the models.
schema: $(VENV)/.site-deps
	$(PY) -m scripts.cli schema

## Append a skeleton entry: make new-event ID=my-event DATE=2023-08-17 (also new-entity, new-term).
new-event new-entity new-term: $(VENV)/.site-deps
	@test -n "$(ID)" || { echo "Give the new entry an id: make $@ ID=my-new-id"; exit 2; }
	$(PY) -m scripts.cli new $(subst new-,,$@) --id "$(ID)" $(if $(DATE),--date "$(DATE)") $(if $(SOURCE),--source "$(SOURCE)")

## Run every test, browser tests included (installs Debian's Chromium if it is missing).
test: $(VENV)/.dev-deps browser lint-workflows
	$(PY) -m pytest

## Every test but the browser ones.
test-fast: $(VENV)/.dev-deps lint-workflows
	$(PY) -m pytest -m "not browser"

# zizmor, offline and pedantic (every job named, every permission explained), exits non-zero on
# any finding, which stops `make test` before pytest runs. A test points WORKFLOWS_DIR at a copy.
WORKFLOWS_DIR ?= .github
## Audit the GitHub workflows and Dependabot settings (zizmor, offline): any finding fails.
lint-workflows: $(VENV)/.dev-deps
	$(VENV)/bin/zizmor --offline --persona=pedantic --strict-collection --quiet $(WORKFLOWS_DIR)

browser:
	@bash scripts/ensure-chromium.sh

## Lighthouse scores and page weights of every page type, next to stock Material (needs Node.js).
audit: $(VENV)/.site-deps browser
	npm ci --no-audit --no-fund --silent
	$(PY) tests/benchmarks/audit.py

## Build time and site size, next to a plain MkDocs build of the same pages with stock Material.
bench: $(VENV)/.site-deps
	$(PY) tests/benchmarks/build_speed.py

clean:
	rm -rf site .site-* test-output .pytest_cache node_modules
