# smedt — the two commands: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV := $(shell bash scripts/ensure-uv.sh)
BACK := cd backend &&
FRONT := cd frontend &&
PG_URL ?= postgres://postgres@127.0.0.1:5432/smedt

.PHONY: help run test install backend-deps frontend-deps frontend-build env db demo serve \
        fonts lint lint-backend lint-frontend types api-schema-check test-backend test-backend-sqlite test-backend-pg \
        test-frontend test-e2e migrations-check openapi bench load clean drill backup restore

help:
	@echo "make run   — install, migrate, load demo data, serve http://127.0.0.1:8000"
	@echo "make test  — lint, types, back-end tests (SQLite + PostgreSQL), front-end tests, browser tests"
	@echo "make drill — production topology drill (nginx, two web nodes, PostgreSQL restart); make backup / make restore"

## ---- run ---------------------------------------------------------------------------------
run: install env frontend-build db demo serve

install: backend-deps frontend-deps fonts

fonts:
	@# a Chinese font the PDFs embed (fonts-noto-cjk); without it reports and contracts cannot be issued
	bash scripts/ensure-fonts.sh

backend-deps:
	$(BACK) $(UV) sync --frozen --quiet

frontend-deps:
	$(FRONT) (test -d node_modules && test node_modules/.package-lock.json -nt package-lock.json) || npm ci --no-audit --no-fund --loglevel=error

frontend-build: frontend-deps
	@# rebuild only when a source, config or lock file is newer than the last build
	$(FRONT) if [ -f dist/index.html ] && [ -z "$$(find src public index.html package-lock.json vite.config.ts tsconfig*.json -newer dist/index.html -print -quit 2>/dev/null)" ]; then \
	  echo "front end up to date (frontend/dist)"; else npm run build --silent >/dev/null && echo "front end built (frontend/dist)"; fi

env:
	@bash scripts/ensure-env.sh

db: env
	$(BACK) $(UV) run --frozen python manage.py migrate --noinput -v 0

demo: db
	$(BACK) $(UV) run --frozen python manage.py load_demo

serve:
	UV=$(UV) bash scripts/run-all.sh

## ---- operations (docs/deployment.md) -------------------------------------------------------
backup: env
	@# database rows (SM4-encrypted) + stored files + manifest (row counts, SM3 digests) → var/backups/
	$(BACK) $(UV) run --frozen python manage.py backup

restore: env
	@# into an empty, migrated system: make restore ARCHIVE=/path/to/smedt-backup-….tar
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=/path/to/smedt-backup-….tar"; exit 2; }
	$(BACK) $(UV) run --frozen python manage.py migrate --noinput -v 0
	$(BACK) $(UV) run --frozen python manage.py restore "$(abspath $(ARCHIVE))"

drill: backend-deps frontend-build
	@# production topology under load (≈ 4–5 min): nginx + two gunicorn nodes + a private PostgreSQL 15
	@# on port 55432; kills the worker, one node and PostgreSQL. Report: /tmp/smedt-drill/report.json
	$(BACK) $(UV) run --frozen python ../deploy/drill/drill.py

## ---- test --------------------------------------------------------------------------------
test: install lint types migrations-check api-schema-check test-backend test-frontend test-e2e
	@echo "make test: all checks passed"

lint: lint-backend lint-frontend

lint-backend: backend-deps
	$(BACK) $(UV) run --frozen ruff check . && $(UV) run --frozen ruff format --check .

lint-frontend: frontend-deps
	$(FRONT) npm run lint --silent

types: backend-deps frontend-deps
	$(BACK) $(UV) run --frozen mypy smedt config
	$(FRONT) npm run typecheck --silent

migrations-check: backend-deps
	$(BACK) $(UV) run --frozen python manage.py makemigrations --check --dry-run --settings=config.settings_test

test-backend: test-backend-sqlite test-backend-pg

test-backend-sqlite: backend-deps
	$(BACK) $(UV) run --frozen pytest -q -n 2 --dist loadfile

test-backend-pg: backend-deps
	bash scripts/ensure-postgres.sh
	$(BACK) DATABASE_URL=$(PG_URL) $(UV) run --frozen pytest -q -n 2 --dist loadfile

test-frontend: frontend-deps
	$(FRONT) npm test --silent

test-e2e: backend-deps frontend-build
	bash scripts/ensure-chromium.sh
	@# two files at a time, each worker with its own server and database (browser tests mostly wait)
	$(BACK) $(UV) run --frozen pytest -q ../e2e -c ../e2e/pytest.ini -n 2 --dist loadfile

api-schema-check: backend-deps frontend-deps
	@# the committed OpenAPI document and the front end's generated types match the code
	$(BACK) SMEDT_SECRET_KEY=openapi $(UV) run --frozen python manage.py export_openapi --settings=config.settings_test > /tmp/smedt-openapi.json
	diff -q backend/openapi.json /tmp/smedt-openapi.json >/dev/null || { echo "backend/openapi.json is stale: run make openapi && (cd frontend && npm run gen:api)"; exit 1; }
	$(FRONT) npx openapi-typescript ../backend/openapi.json -o /tmp/smedt-schema.d.ts >/dev/null 2>&1 && diff -q src/api/schema.d.ts /tmp/smedt-schema.d.ts >/dev/null || { echo "frontend/src/api/schema.d.ts is stale: run cd frontend && npm run gen:api"; exit 1; }

openapi: backend-deps
	$(BACK) SMEDT_SECRET_KEY=openapi $(UV) run --frozen python manage.py export_openapi --settings=config.settings_test > openapi.json

bench: backend-deps
	$(BACK) $(UV) run --frozen python ../bench/assessment/bench_scoring.py
	$(BACK) $(UV) run --frozen python ../bench/providers/bench_scorecard.py
	$(BACK) $(UV) run --frozen python ../bench/projects/bench_projects.py

# load test of issue 13 on PostgreSQL smedt_bench (seeds it first; see bench/load/README.md)
load: backend-deps
	bench/load/run.sh

clean:
	rm -rf var frontend/dist
