# aimlapi-veo: every command a user or maintainer runs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: help install spec normalize generate check-generated async-twin regen-matrix lint typecheck pytest test check check-newest docs demo contract contract-live spec-check spec-diff spec-update spec-history bench clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,sandbox,postgres]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install the project with its dev, sandbox and postgres extras (pinned)

spec: $(STAMP)  ## fetch the locked upstream spec files into spec/upstream/ (sha256-verified)
	$(PY) -m specpipe.fetch

normalize: $(STAMP)  ## merge, correct and prune spec/upstream/ into spec/openapi.json
	$(PY) -m specpipe.normalize

generate: normalize  ## regenerate generated/aimlapi_veo_api from spec/openapi.json
	$(PY) -m specpipe.generate

check-generated: $(STAMP)  ## fail if generated/ (or the async twin) differs by one byte from what makes it; type-check it
	$(PY) -m specpipe.generate --check
	$(PY) -m make_async --check
	$(BIN)/mypy --strict generated/aimlapi_veo_api

async-twin: $(STAMP)  ## rewrite wrapper/aimlapi_veo/async_client.py from client.py
	$(PY) -m make_async

regen-matrix: $(STAMP)  ## fetch + normalize + generate every upstream revision in the mirror
	$(PY) -m specpipe.matrix

spec-diff: $(STAMP)  ## OLD=<file|rev> NEW=<file|rev> [FORMAT=text|markdown|json] [FAIL_ON=may-break|breaking]: level each change; exit 1 at or above FAIL_ON
	$(PY) -m specpipe.diff "$(OLD)" "$(NEW)" --format "$(or $(FORMAT),text)" --fail-on "$(or $(FAIL_ON),may-break)"

spec-check: $(STAMP)  ## has upstream moved? exit 0 up to date, 1 drift (table shown, nothing written), 2 unreachable [SPEC_UPSTREAM=<git URL>]
	$(PY) -m specpipe.check

spec-update: $(STAMP)  ## [REF=latest|<branch>|<date>|<commit>] move the lock, regenerate, prepend the drift to spec/DRIFT.md
	$(PY) -m specpipe.update --ref "$(or $(REF),latest)"

spec-history: $(STAMP)  ## the drift between each pair of consecutive upstream revisions -> spec/HISTORY.md
	$(PY) -m specpipe.diff --history --format markdown --output spec/HISTORY.md

lint: $(STAMP)  ## ruff on the hand-written code; actionlint and zizmor (offline audits) on the workflow
	$(BIN)/ruff check wrapper tools tests contract_tests bench demo conftest.py
	$(BIN)/ruff format --check wrapper tools tests contract_tests bench demo conftest.py
	$(BIN)/actionlint .github/workflows/contract.yml
	$(BIN)/zizmor --offline --quiet .github/workflows/contract.yml

typecheck: $(STAMP)  ## mypy --strict on the hand-written packages
	$(BIN)/mypy --strict wrapper/aimlapi_veo wrapper/aimlapi_veo_cli wrapper/aimlapi_veo_sandbox tools

pytest: $(STAMP)  ## the test suite alone (with every code block of README.md and docs/)
	$(BIN)/pytest

test: lint typecheck check-generated docs pytest  ## everything CI runs (the docs build too)

check: lint typecheck  ## the inner loop: lint, type checks and the tests not marked slow
	$(BIN)/pytest -q -n auto -m "not slow and not index"

check-newest: $(STAMP)  ## the CLI with the newest typer, click and rich from the package index (not in make test)
	$(BIN)/pytest -q -m index tests/cli

docs: $(STAMP)  ## build the documentation into site/ (MkDocs, strict: any warning fails)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

contract: $(STAMP)  ## contract suite: spec <-> generated code <-> wrapper, schemathesis against a local sandbox; writes contract-report.json/.md
	$(BIN)/pytest contract_tests

contract-live: $(STAMP)  ## the same suite against AIMLAPI_BASE_URL with AIMLAPI_API_KEY; paid creates capped by CONTRACT_MAX_GENERATIONS (default 0)
	CONTRACT_TARGET=live $(BIN)/pytest contract_tests/target -rs

demo: $(STAMP)  ## make out/demo.mp4 from demo/sample.png with the real veo CLI against a local sandbox (no key, no network)
	$(PY) demo/run_demo.py

bench: $(STAMP)  ## measure regeneration, polling, batch, download, overhead, start-up, a fleet and pacing under a rate limit; writes bench/results.json (~4 min on 2 idle cores, limit 5; needs curl)
	$(PY) -m bench.run

clean:  ## remove caches and build output (keeps .venv)
	rm -rf out site .pytest_cache .mypy_cache .ruff_cache .hypothesis
