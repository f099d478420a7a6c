# Two commands do everything on a fresh machine with Python 3.11: `make serve` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The engine `make site` renders with: mkdocs (MkDocs + Material), properdocs or zensical.
ENGINE ?= mkdocs
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site validate diff check-links release schema new-event new-entity new-term new-source test test-fast browser lint lint-workflows lock audit bench clean

# requirements*.txt are locks generated from pyproject.toml by `make lock`: every package, direct
# or not, pinned with the sha256 of each of its files. pip refuses any file whose hash is not in the
# lock, and any package the lock does not name. Wheels only: building a source archive would fetch
# its build tools unchecked. A stamp is touched only once its install has succeeded.
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --only-binary :all:

# Each stamp is touched last, once its step succeeded: a failed or interrupted install is redone
# by the next run. A venv whose interpreter no longer runs (Python removed or upgraded) is not
# done, whatever its stamps say; one without a working pip (venv creation cut short) is remade.
ifneq ($(shell $(PY) -c 'print(1)' 2>/dev/null),1)
$(shell rm -f $(VENV)/.site-deps $(VENV)/.dev-deps)
endif

# Then the project's own package (scripts/nmikb/, declared in pyproject.toml) is installed in
# editable mode, offline and without its dependencies (the lock installed them, setuptools included):
# the `nmi-kb` command and `import nmikb` then run the code in scripts/nmikb/ as it is edited.
NMIKB := $(VENV)/bin/nmi-kb

$(VENV)/.site-deps: requirements.txt pyproject.toml
	@$(PY) -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); } || { rm -rf $(VENV); \
	  echo "make: creating the virtual environment $(VENV) with $(PYTHON) failed — install Python 3.11 with its venv module (Debian: apt-get install python3-venv), then run make again" >&2; exit 1; }
	@echo "Installing what the site build needs into $(VENV) (requirements.txt)…"
	@$(PIP_INSTALL) -r requirements.txt || { \
	  echo "make: installing requirements.txt into $(VENV) failed (see above) — fix the cause (network, disk space), then run make again" >&2; exit 1; }
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-index --no-deps --no-build-isolation --editable . || { \
	  echo "make: installing this project's package (scripts/nmikb/) into $(VENV) failed (see above) — check pyproject.toml, then run make again" >&2; exit 1; }
	@touch $@

$(VENV)/.dev-deps: $(VENV)/.site-deps requirements-dev.txt
	@echo "Installing the test tools into $(VENV) (requirements-dev.txt)…"
	@$(PIP_INSTALL) -r requirements-dev.txt || { \
	  echo "make: installing requirements-dev.txt into $(VENV) failed (see above) — fix the cause (network, disk space), then run make again" >&2; exit 1; }
	@touch $@

# Locks are resolved against PyPI alone, whatever mirror or wheel folder this machine's pip is set to
# use, so that they name the files every other machine downloads.
PIP_COMPILE := env -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null \
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--index-url=https://pypi.org/simple --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)

# The site's lock holds the dependencies and what builds the package (setuptools); the dev lock adds
# the `dev` extra, constrained to the site's lock so that tests run against the very packages the
# site is built with.
## Regenerate the hashed locks requirements*.txt from pyproject.toml (UPGRADE=1: newest versions the pins allow).
lock: $(VENV)/.dev-deps
	$(PIP_COMPILE) --all-build-deps --output-file=requirements.txt pyproject.toml
	$(PIP_COMPILE) --extra=dev --constraint=requirements.txt --output-file=requirements-dev.txt pyproject.toml

## Build both editions and serve them at http://127.0.0.1:8000, rebuilding on every change
## (another port: make serve PORT=8001; another address: HOST=…).
serve: $(VENV)/.site-deps
	$(NMIKB) serve --host "$(HOST)" --port "$(PORT)"

# The other engines are test tools (the `dev` extra of pyproject.toml): they come with the dev install.
## Build the offline site into site/ (open site/index.html from disk); ENGINE=zensical or ENGINE=properdocs renders it with another engine;
## CLEAN=1 builds from nothing, forgetting what earlier builds kept (.build/kept/).
site: $(VENV)/$(if $(filter mkdocs,$(ENGINE)),.site-deps,.dev-deps)
	$(NMIKB) site --engine "$(ENGINE)" $(if $(CLEAN),--clean)

## Check every data file; print every problem with its location (FORMAT=github: also as GitHub annotations).
validate: $(VENV)/.site-deps
	$(NMIKB) validate $(if $(FORMAT),--format "$(FORMAT)")

## What a change does to the knowledge base, in words: make diff BASE=main (HEAD=<commit>, default:
## the working tree; FORMAT=markdown for a pull request).
diff: $(VENV)/.site-deps
	@test -n "$(BASE)" || { echo "Give the commit to compare with: make diff BASE=main (and HEAD=<commit>; default: the working tree)"; exit 2; }
	$(NMIKB) diff "$(BASE)" $(if $(HEAD),"$(HEAD)") $(if $(FORMAT),--format "$(FORMAT)")

## Visit every source's address and report dead or moved links with their file and line (FORMAT=github or markdown).
check-links: $(VENV)/.site-deps
	$(NMIKB) check-links $(if $(FORMAT),--format "$(FORMAT)")

## Assemble a release of the data from the committed HEAD into release/vVERSION: make release VERSION=1.0.0
release: $(VENV)/.site-deps
	@test -n "$(VERSION)" || { echo "Give the version: make release VERSION=1.0.0 (then tag the commit v1.0.0)"; exit 2; }
	$(NMIKB) release "$(VERSION)"

## Regenerate the JSON Schema editors use (data/schema/) from the models.
schema: $(VENV)/.site-deps
	$(NMIKB) schema

## Write a skeleton record to its own file: make new-event ID=my-event SOURCE=its-source DATE=2023-08-17
## (also new-entity, new-term); make new-source ID=x FILE=seeds/x.txt IN=en KIND=press-release.
new-event new-entity new-term new-source: $(VENV)/.site-deps
	@test -n "$(ID)" || { echo "Give the new entry an id: make $@ ID=my-new-id"; exit 2; }
	$(NMIKB) new $(subst new-,,$@) --id "$(ID)" $(if $(DATE),--date "$(DATE)") $(if $(SOURCE),--source "$(SOURCE)") $(if $(FILE),--file "$(FILE)") $(if $(IN),--lang "$(IN)") $(if $(KIND),--source-kind "$(KIND)")

## Run every test, browser tests included (installs Debian's Chromium if it is missing).
test: $(VENV)/.dev-deps browser lint-workflows lint
	$(PY) -m pytest

## Every test but the browser ones.
test-fast: $(VENV)/.dev-deps lint-workflows lint
	$(PY) -m pytest -m "not browser"

# zizmor, offline and pedantic (every job named, every permission explained), exits non-zero on
# any finding, which stops `make test` before pytest runs. A test points WORKFLOWS_DIR at a copy.
WORKFLOWS_DIR ?= .github
## Audit the GitHub workflows and Dependabot settings (zizmor, offline): any finding fails.
lint-workflows: $(VENV)/.dev-deps
	$(VENV)/bin/zizmor --offline --persona=pedantic --strict-collection --quiet $(WORKFLOWS_DIR)

## Check the Python code: errors and style (ruff, 100 columns), formatting, types (mypy on the
## package), and the package's layers (import-linter: the contracts in pyproject.toml).
lint: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check scripts tests
	$(VENV)/bin/ruff format --check scripts tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache --no-logo

browser:
	@bash scripts/ensure-chromium.sh

## Lighthouse scores and page weights of every page type, next to stock Material (needs Node.js);
## EDITION=fr audits the French edition's pages.
audit: $(VENV)/.site-deps browser
	npm ci --no-audit --no-fund --silent
	$(PY) tests/benchmarks/audit.py $(if $(EDITION),--edition "$(EDITION)")

## Synthetic knowledge bases shaped like the real data, of 1,000 and 10,000 events (SIZES=…): validate, make site from nothing and
## after one edit, plain MkDocs on the same pages, memory, biggest page, make serve's reload.
bench: $(VENV)/.site-deps
	$(PY) tests/benchmarks/build_speed.py

## Remove what builds and tests made: site/ only if a build made it (it holds .nmi-kb-site).
clean:
	@if [ -f site/.nmi-kb-site ]; then rm -rf site; \
	elif [ -e site ]; then echo "make clean: kept site/, which no build of this site made (no site/.nmi-kb-site in it) — remove it yourself if it is an old build"; fi
	rm -rf .site-* .build release test-output .pytest_cache .hypothesis node_modules .mypy_cache .ruff_cache
	find scripts tests -type d -name __pycache__ -prune -exec rm -rf {} +
