# Sharik: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PORT ?= 8000
export PORT
VENV := .venv
PY := $(VENV)/bin/python
# Django 6 needs Python 3.12+: take the first interpreter on this machine that is new enough.
PYTHON ?= $(shell for p in python3.13 python3.12 $(HOME)/.pyenv/versions/3.13*/bin/python3 $(HOME)/.pyenv/versions/3.12*/bin/python3 python3; do \
	if $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then command -v $$p; break; fi; done)

.PHONY: run run-full test lint format messages venv migrate seed check-deploy vendor css clean bench backup restore

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (python3.12 / python3.13 not found)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

venv: $(VENV)/.installed

migrate: venv
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

## make run: embedded defaults (SQLite under var/, local-memory cache, eager Celery) with demo data.
run: seed
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

## make run-full: the production-like set on DATABASE_URL and REDIS_URL: nginx on PORT in front of two
## gunicorn nodes (PORT+1, PORT+2), two Celery workers and beat (Procfile). Needs Debian's nginx-light.
NGINX ?= /usr/sbin/nginx
run-full: venv
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "set DATABASE_URL and REDIS_URL first (see README)"; exit 1; }
	@test -x $(NGINX) || { echo "nginx is needed as the load balancer: apt-get install nginx-light"; exit 1; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	$(PY) manage.py seed_demo
	mkdir -p var/nginx
	sed -e "s|@PORT@|$(PORT)|g; s|@WEB1@|$$(($(PORT)+1))|g; s|@WEB2@|$$(($(PORT)+2))|g; s|@ROOT@|$(CURDIR)|g" \
	    -e "s|@MEDIA_ROOT@|$${MEDIA_ROOT:-$(CURDIR)/var/media}|g" deploy/nginx/local.conf.template > var/nginx/nginx.conf
	$(NGINX) -t -q -c $(CURDIR)/var/nginx/nginx.conf -p $(CURDIR)/var/nginx
	TRUSTED_PROXIES=$${TRUSTED_PROXIES:-127.0.0.1} SHARIK_WEB1_PORT=$$(($(PORT)+1)) SHARIK_WEB2_PORT=$$(($(PORT)+2)) \
	    $(VENV)/bin/honcho start -f Procfile

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## make messages: refresh the catalogues and compile them. Strings under an app that has a locale/
## folder go to that app's catalogue (consultations/locale, ...); the rest to the project's locale/.
messages: venv
	$(PY) manage.py makemessages -l ar -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=static --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

check-deploy: venv
	DJANGO_SETTINGS_MODULE=sharik.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=sharik.example $(PY) manage.py check --deploy --fail-level WARNING

## make vendor: copy the front-end libraries from their npm packages into static/vendor/, then build the CSS.
vendor:
	npm ci --no-audit --no-fund
	mkdir -p static/vendor/htmx static/vendor/chartjs
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	mkdir -p tests/e2e/vendor && cp node_modules/axe-core/axe.min.js tests/e2e/vendor/  # accessibility checks in the browser tests
	cp node_modules/chart.js/dist/chart.umd.min.js static/vendor/chartjs/
	# the packages' source-map comments point at files we do not ship; the manifest storage would fail on them
	sed -i '/sourceMappingURL/d' static/vendor/*/*.js
	$(MAKE) css

## make css: build static/css/sharik.css (Tailwind CSS v4 + the UAE Design System) from frontend/sharik.css,
## scanning the templates for the classes they use; the typefaces come from @fontsource into static/vendor/fonts/.
## The design system's own @font-face rules point at fonts.gstatic.com: they are dropped, ours are served by Django.
css:
	node frontend/fonts.mjs
	npx --no-install @tailwindcss/cli --input frontend/sharik.css --output static/css/sharik.css --minify
	perl -0pi -e 's/\@font-face\{[^}]*fonts\.gstatic\.com[^}]*\}//g; s{/\*! tailwindcss[^*]*\*/}{}; s/\n*\z/\n/' static/css/sharik.css
	@! grep -qE "url\\([\"']?https?://" static/css/sharik.css || { echo "static/css/sharik.css loads something from another server"; exit 1; }

clean:
	rm -rf $(VENV) var/*.sqlite3 staticfiles

## make bench: the benchmark harness on PostgreSQL + Redis under gunicorn (not part of make test).
bench: venv
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	$(PY) bench/run.py

## make backup [BACKUP=var/backup.dump]: pg_dump when DATABASE_URL is PostgreSQL, dumpdata (JSON) for SQLite.
BACKUP ?= var/backup.dump
backup: venv
	$(PY) manage.py backup $(BACKUP)

## make restore [BACKUP=var/backup.dump]: into an empty database (pg_restore, or migrate + loaddata).
restore: venv
	$(PY) manage.py restore $(BACKUP)
