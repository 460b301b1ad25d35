# factbook: `make help` lists the targets. The first target that needs it creates .venv from
# requirements.txt, so a fresh machine needs only python3 and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
SITE   := site
export NO_MKDOCS_2_WARNING := 1
# Dates in the build (sitemap, data version, zip entries) come from the last commit, so two
# builds of one commit are byte-identical.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)
# Compiled modules are kept (in __pycache__, which git ignores) even where the environment says
# not to: without them each test process compiles again the pytest plugins it rewrites (2 s).
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help site serve test check lint schema bench phone zensical offline clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(READY): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--editable .
	rm -f $(VENV)/.ready-*; touch $@

site: $(READY) ## build the site into site/ (strict: any warning fails) and audit every page
	$(BIN)/mkdocs build --strict --quiet --site-dir $(SITE)
	$(BIN)/python -m factbook audit $(SITE)
	@echo "built $(SITE)/index.html"

offline: site ## the site as a zip to download, unzip and open from the file system
	@echo "wrote $(SITE)/factbook-offline.zip: unzip it and open factbook/index.html"

serve: $(READY) ## preview the site on http://127.0.0.1:8000 while you edit
	FACTBOOK_SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

check: $(READY) ## the fast editor loop: check the store, build strictly, audit the built pages
	$(BIN)/python -m factbook check
	$(BIN)/mkdocs build --strict --quiet --site-dir $(SITE)
	$(BIN)/python -m factbook audit $(SITE)

lint: $(READY) ## ruff over the code
	$(BIN)/ruff check .

test: $(READY) ## ruff and the whole test suite (on every core)
	@if [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error; fi
	$(BIN)/ruff check .
	FACTBOOK_PREBUILD=1 $(BIN)/python -m pytest -q -n auto --dist worksteal

schema: $(READY) ## regenerate schema/factbook.schema.json and FORMAT.md's field tables from the models
	$(BIN)/python -m factbook schema > schema/factbook.schema.json
	$(BIN)/python -m factbook.schemadoc facts/FORMAT.md

bench: $(READY) ## the fact layer against plain MkDocs at 10,000 facts (slow; BENCH_QUICK=1 for a taste)
	$(BIN)/python tests/bench.py

phone: site ## time a tapped figure's fact page on a throttled phone (slow 4G, 4x CPU)
	$(BIN)/python tests/phone_timing.py $(SITE)

ZENSICAL := .venv-zensical
zensical: site ## build the same site with Zensical (optional; own venv) and compare its figures
	test -x $(ZENSICAL)/bin/python || $(PYTHON) -m venv $(ZENSICAL)
	$(ZENSICAL)/bin/python -m pip install --quiet --disable-pip-version-check \
		-r requirements-zensical.txt
	$(ZENSICAL)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--editable .
	$(BIN)/python -m tests.zensical_build stage build/zensical
	cd build/zensical && ../../$(ZENSICAL)/bin/zensical build --clean --strict
	$(BIN)/python -m factbook export build/zensical/site/data
	$(BIN)/python -m factbook audit build/zensical/site
	$(BIN)/python -m tests.zensical_build compare $(SITE) build/zensical/site

clean: ## remove the built site, caches and .venv
	rm -rf $(SITE) $(VENV) $(ZENSICAL) .pytest_cache .ruff_cache .cache build
