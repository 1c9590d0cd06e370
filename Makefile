# G-Lab Portal — developer entry points.
#
#   make run      install, migrate, load demo data, serve on http://127.0.0.1:8000 (DEBUG=1)
#   make test     install, run pytest (extra arguments: make test PYTEST_ARGS="-k calls -x")
#   make help     list every target
#   make wheelhouse, then make install WHEELHOUSE=dir   install on a closed network (docs/deployment.md)
#
# Needs only Python 3.11+ and make: uv is used from PATH when present, otherwise it is
# bootstrapped once into .venv-tools/ from PyPI (see the `$(BOOTSTRAP_UV)` rule below).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
APPS := accounts proposals screening routing labs notifications ledger insight people privacy api

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

# uv: the project environment is .venv; never download a Python, use the system's.
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON_PREFERENCE := only-system

TOOLS_VENV := .venv-tools
BOOTSTRAP_UV := $(TOOLS_VENV)/bin/uv
UV ?= $(or $(shell command -v uv 2>/dev/null),$(BOOTSTRAP_UV))

.PHONY: help install wheelhouse wheelhouse-check run test lint format migrations-check messages messages-check vendor stack clean bench drills

help: ## list the targets
	@grep -hE '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort \
	  | awk 'BEGIN {FS = ":.*## "}; {printf "  %-18s %s\n", $$1, $$2}'

# ---------------------------------------------------------------------------------------------
# Installation
# ---------------------------------------------------------------------------------------------

# Bootstrap uv when it is not on PATH. Tries, in order: a private venv with pip (needs
# python3-venv on Debian/Ubuntu), the system pip targeting a pip-less venv, and finally a
# standard-library-only download of the uv wheel from PyPI (hash-checked). PyPI is the only
# network host used.
$(BOOTSTRAP_UV):
	@echo "==> uv not found on PATH; installing it into $(TOOLS_VENV)/ from PyPI"
	@rm -rf $(TOOLS_VENV)
	@if $(PYTHON) -m venv $(TOOLS_VENV) >/dev/null 2>&1 \
	    && $(TOOLS_VENV)/bin/python -m pip install --quiet uv; then :; \
	elif rm -rf $(TOOLS_VENV) && $(PYTHON) -m venv --without-pip $(TOOLS_VENV) \
	    && $(PYTHON) -m pip --python $(TOOLS_VENV)/bin/python install --quiet uv >/dev/null 2>&1; then :; \
	else \
	    mkdir -p $(TOOLS_VENV)/bin && $(PYTHON) -c "$$UV_FETCH_PY" $(TOOLS_VENV)/bin/uv; \
	fi
	@test -x $@ && $@ --version

# Standard library only: pick the uv wheel for this platform from PyPI's JSON API, verify its
# sha256, and extract the `uv` binary from it. With a second argument, the wheel is that local
# file instead (a wheelhouse's, whose SHA256SUMS the caller has checked) and nothing is fetched.
define UV_FETCH_PY
import hashlib, io, json, os, platform, stat, sys, urllib.parse, urllib.request, zipfile
dest = sys.argv[1]
if len(sys.argv) > 2:
    with open(sys.argv[2], "rb") as local:
        data = local.read()
else:
    system, machine = platform.system().lower(), platform.machine().lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64" if system == "linux" else "arm64"}.get(machine, machine)
    if system == "linux":
        family = "manylinux" if platform.libc_ver()[0] == "glibc" else "musllinux"
        ok = lambda f: family in f and f.endswith("_" + machine + ".whl")
    elif system == "darwin":
        ok = lambda f: "macosx" in f and (machine in f or "universal2" in f)
    else:
        sys.exit("cannot bootstrap uv on %s; install it: https://docs.astral.sh/uv/" % system)
    response = urllib.request.urlopen("https://pypi.org/pypi/uv/json", timeout=60)
    meta = json.load(response)
    wheels = [u for u in meta["urls"] if u["packagetype"] == "bdist_wheel" and ok(u["filename"])]
    if not wheels:
        sys.exit("no uv wheel for %s/%s on PyPI" % (system, machine))
    wheel = wheels[0]
    print("    downloading", wheel["filename"])
    data = urllib.request.urlopen(urllib.parse.urljoin(response.geturl(), wheel["url"]), timeout=300).read()
    if hashlib.sha256(data).hexdigest() != wheel["digests"]["sha256"]:
        sys.exit("sha256 mismatch for " + wheel["filename"])
with zipfile.ZipFile(io.BytesIO(data)) as zf:
    name = next(n for n in zf.namelist() if n.endswith(".data/scripts/uv"))
    with open(dest, "wb") as out:
        out.write(zf.read(name))
os.chmod(dest, os.stat(dest).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
endef
export UV_FETCH_PY

# `uv sync --frozen` installs exactly uv.lock (main + dev group). It is a no-op taking a few
# milliseconds when .venv is already up to date, so every target can depend on it.
# EXTRAS=ldap adds the optional directory sign-in (python-ldap compiles against libldap2-dev
# and libsasl2-dev, so it is not part of the plain install); .ci/run sets it.
# WHEELHOUSE=<dir> installs from a wheelhouse instead, with no network at all (see below); every
# target that installs (run, test, ...) then does so from it.
EXTRAS ?=
WHEELHOUSE ?=
install: $(if $(WHEELHOUSE),,$(if $(filter $(BOOTSTRAP_UV),$(UV)),$(BOOTSTRAP_UV))) ## install dependencies into .venv (uv sync --frozen, bytecode compiled; EXTRAS=ldap for LDAP; WHEELHOUSE=dir: from it, offline)
ifeq ($(strip $(WHEELHOUSE)),)
	@$(UV) sync --frozen --quiet --compile-bytecode $(foreach extra,$(EXTRAS),--extra $(extra))
else
	@test -f "$(WHEELHOUSE)/SHA256SUMS" || { echo "make install: $(WHEELHOUSE) is not a wheelhouse (no SHA256SUMS): make one with \`make wheelhouse\`" >&2; exit 1; }
	@cd "$(WHEELHOUSE)" && sha256sum --check --quiet --strict SHA256SUMS
	@if [ "$$(sed -n 's/^uv_lock_sha256=//p' "$(WHEELHOUSE)/TARGET")" != "$$(sha256sum uv.lock | cut -d' ' -f1)" ]; then \
	    echo "make install: $(WHEELHOUSE) was made from another uv.lock than this one: make a new one with \`make wheelhouse\`" >&2; exit 1; \
	fi
	@if [ ! -x "$(UV)" ]; then \
	    echo "==> uv not found on PATH; taking it from $(WHEELHOUSE)"; \
	    mkdir -p "$(dir $(UV))" && $(PYTHON) -c "$$UV_FETCH_PY" "$(UV)" "$$(ls "$(WHEELHOUSE)"/uv-*.whl)"; \
	fi
	@target=$$(sed -n 's/^python=//p' "$(WHEELHOUSE)/TARGET"); \
	if [ ! -x "$(PY)" ]; then $(UV) venv --quiet --python "$$target" "$(VENV)"; fi; \
	have=$$("$(PY)" -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	if [ "$$have" != "$$target" ]; then \
	    echo "make install: $(VENV) runs Python $$have but $(WHEELHOUSE) holds wheels for Python $$target" >&2; exit 1; \
	fi
	@$(UV) pip sync --quiet --offline --no-index --find-links "$(WHEELHOUSE)" --require-hashes \
	    --compile-bytecode --python "$(PY)" "$(WHEELHOUSE)/requirements.txt"
endif

# ---------------------------------------------------------------------------------------------
# Closed networks: a wheelhouse made where PyPI is reachable, installed where nothing is
# ---------------------------------------------------------------------------------------------

# The target is named here: Linux x86_64 with glibc 2.28 or newer (RHEL 8+, Debian 10+,
# Ubuntu 20.04+) and the CPython minor version of the Dockerfile's base image. It must be built on
# such a machine with that Python (python-ldap has no wheels on PyPI and is compiled here; the
# script refuses otherwise). Runtime dependencies, the ldap extra and uv; WHEELHOUSE_DEV=1 adds the
# dev group (to run the tests on the closed network). docs/deployment.md has the details.
WHEELHOUSE_PYTHON ?= $(shell sed -n '/^FROM python:/{s/^FROM python:\([0-9]*\.[0-9]*\).*/\1/p;q}' Dockerfile)
WHEELHOUSE_PLATFORM ?= manylinux_2_28_x86_64
WHEELHOUSE_INDEX_URL ?= https://pypi.org/simple
WHEELHOUSE_DEV ?=

wheelhouse: $(if $(filter $(BOOTSTRAP_UV),$(UV)),$(BOOTSTRAP_UV)) ## locked runtime deps, ldap extra and uv as wheels for Linux x86_64 + the Dockerfile's CPython -> wheelhouse/
	@builder=$$(mktemp -d); trap 'rm -rf "$$builder"' EXIT; \
	$(UV) venv --quiet --seed --python "$(WHEELHOUSE_PYTHON)" "$$builder/venv"; \
	$(UV) pip install --quiet --python "$$builder/venv/bin/python" packaging; \
	"$$builder/venv/bin/python" scripts/wheelhouse.py --uv "$(UV)" --out "$(or $(WHEELHOUSE),wheelhouse)" \
	    --python-version "$(WHEELHOUSE_PYTHON)" --platform "$(WHEELHOUSE_PLATFORM)" \
	    --index-url "$(WHEELHOUSE_INDEX_URL)" $(if $(WHEELHOUSE_DEV),--dev)

# Proves a wheelhouse installs with every package index unreachable (.ci/run runs it): a fresh
# venv and uv under a temporary folder, in a network namespace of its own when unshare allows
# (or with every index and proxy pointing at a closed port), then imports and `manage.py check`.
# Never touches .venv.
wheelhouse-check: ## install WHEELHOUSE=dir into a throwaway venv with no network; imports + manage.py check
	@test -n "$(WHEELHOUSE)" || { echo "make wheelhouse-check: set WHEELHOUSE=<dir>" >&2; exit 1; }
	bash scripts/check_wheelhouse.sh "$(WHEELHOUSE)"

# ---------------------------------------------------------------------------------------------
# Everyday targets
# ---------------------------------------------------------------------------------------------

run: export DEBUG := 1
# Links in email point at the port served here unless PORTAL_BASE_URL is set.
run: export PORTAL_BASE_URL ?= http://$(HOST):$(PORT)
run: install ## migrate, seed demo data, runserver on 127.0.0.1:8000 with DEBUG=1 (PORT=8101 for another port)
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	@echo "==> G-Lab Portal: http://$(HOST):$(PORT)/"
	$(MANAGE) runserver $(HOST):$(PORT)

test: install ## run the test suite (PYTEST_ARGS="..." is passed to pytest)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install ## ruff check
	$(VENV)/bin/ruff check .

format: install ## ruff format + autofixable lint fixes (rewrites files)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: export DEBUG := 1
migrations-check: install ## fail if a model change has no migration
	$(MANAGE) makemigrations --check --dry-run

# One makemessages run from the project root: Django writes each app's strings to <app>/locale/
# (created here) and the rest (templates/, glab_portal/) to locale/ (LOCALE_PATHS).
MESSAGES_IGNORE := --ignore 'static/*' --ignore 'staticfiles/*' --ignore 'media/*' \
  --ignore 'node_modules/*' --ignore 'tests/*' --ignore 'benchmarks/*' --ignore 'migrations/*'

messages: export DEBUG := 1
messages: install ## update the Korean .po files (per app + locale/) and compile the .mo files
	@for app in $(APPS); do if [ -d "$$app" ]; then mkdir -p "$$app/locale"; fi; done
	@mkdir -p locale
	$(MANAGE) makemessages -l ko --no-obsolete $(MESSAGES_IGNORE)
	$(MANAGE) makemessages -d djangojs -l ko --no-obsolete --ignore 'static/vendor/*' --ignore 'staticfiles/*' --ignore 'node_modules/*'
	$(MANAGE) compilemessages -l ko --ignore '.venv*' --ignore 'node_modules'

messages-check: export DEBUG := 1
messages-check: install ## fail if a translatable string is missing from its Korean catalogue
	$(PY) scripts/check_messages.py

vendor: ## refresh static/vendor from npm (by hand only; the result is committed)
	npm ci
	bash scripts/vendor_assets.sh

# The full stack on this machine: web + Celery worker + beat (Procfile, run by honcho) against
# local PostgreSQL and Redis. Override DATABASE_URL / REDIS_URL to point elsewhere; the database
# is created when missing. Email goes to the console unless EMAIL_HOST is set.
stack: export DEBUG := 1
stack: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/glab
stack: export REDIS_URL ?= redis://127.0.0.1:6379/0
stack: export PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)
stack: install ## web + worker + beat via honcho (Procfile) on local PostgreSQL/Redis
	@$(PY) -c "import redis, os; redis.Redis.from_url(os.environ['REDIS_URL'], socket_connect_timeout=2).ping()" \
	  || { echo "make stack: Redis is not reachable at $$REDIS_URL" >&2; exit 1; }
	@$(PY) -c "import dj_database_url, os, subprocess, sys; \
	  db = dj_database_url.parse(os.environ['DATABASE_URL']); \
	  args = ['-h', db['HOST'] or '127.0.0.1', '-p', str(db['PORT'] or 5432), '-U', db['USER']]; \
	  env = {**os.environ, 'PGPASSWORD': db['PASSWORD'] or ''}; \
	  exists = subprocess.run(['psql', *args, '-tAc', 'select 1', db['NAME']], env=env, capture_output=True).returncode == 0; \
	  sys.exit(0 if exists else subprocess.run(['createdb', *args, db['NAME']], env=env).returncode)" \
	  || { echo "make stack: cannot reach or create the database of $$DATABASE_URL" >&2; exit 1; }
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	@echo "==> G-Lab Portal: http://127.0.0.1:$(PORT)/  (web, worker and beat below; Ctrl-C stops all)"
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile

# By hand, not in CI: creates, migrates and seeds glab_bench_10k and glab_bench_100k once
# (realistic Korean text, COPY; the 100,000 seed takes minutes), serves each with gunicorn next
# to a bare Django view, measures every page cold on distinct objects (server CPU per request as
# a multiple of the bare view's, p50/p95, queries, p50 100k/10k), runs the deadline rush and the
# reminder dispatch at 10,000, and writes benchmarks/results/{10000,100000}.json and latest.md.
# Needs PostgreSQL and Redis (databases 10 and 11) on 127.0.0.1. See docs/performance.md.
SCALE ?=
bench: install ## benchmark every page at 10,000 and 100,000 proposals (SCALE=10000 or SCALE=100000 for one) -> benchmarks/results/
	SCALE="$(SCALE)" $(PY) benchmarks/run.py

# Fault drills: each starts its own PostgreSQL cluster, Redis and SMTP sink on free ports (never
# the machine's shared services). Needs the PostgreSQL server binaries and redis-server.
drills: install ## fault drills: PostgreSQL restart, worker killed, Redis down, two beats
	$(VENV)/bin/pytest -m drill tests/drills -p no:randomly $(PYTEST_ARGS)

clean: ## remove build and test leftovers (keeps .venv and db.sqlite3)
	rm -rf staticfiles .pytest_cache test-results
	find . -name __pycache__ -type d -not -path './.venv*' -not -path './node_modules/*' -prune -exec rm -rf {} +
