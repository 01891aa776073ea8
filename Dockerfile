# syntax=docker/dockerfile:1
# The production image: gunicorn (web), Celery worker and beat all run from it (docker-compose.yml).
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=sharik.settings.production
WORKDIR /app

# Run-time Debian packages from the one list CI installs too (WeasyPrint's pango, Arabic fonts,
# the PostgreSQL client for backups); gettext only to compile the catalogues below.
COPY deploy/debian-packages.txt /tmp/debian-packages.txt
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# DL3008 (pin apt versions) is off here: the image takes Debian's security updates at each build,
# and bookworm's versions of these packages change only for those.
# hadolint ignore=DL3008
RUN apt-get update \
    && grep -v '^#' /tmp/debian-packages.txt | xargs apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* /tmp/debian-packages.txt

COPY . .
# The pinned dependencies of pyproject.toml; compiled translations and collected static files are
# part of the image (the build-time key and host exist only for these two commands).
RUN pip install . \
    && SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py compilemessages --ignore=node_modules \
    && SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput

RUN groupadd --system --gid 10001 sharik \
    && useradd --system --uid 10001 --gid sharik --home-dir /app --shell /usr/sbin/nologin sharik \
    && mkdir -p /app/var/media /app/var/beat \
    && chown -R sharik:sharik /app/var
USER 10001:10001

EXPOSE 8000
# The web container answers /healthz; worker and beat override this check in docker-compose.yml.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "deploy/healthcheck.py", "web"]
# gunicorn.conf.py (workers, threads, timeouts, the load-shedding worker) is read from /app.
CMD ["gunicorn", "sharik.wsgi:application", "--bind", "0.0.0.0:8000"]
