FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . && \
    DJANGO_SETTINGS_MODULE=sharik.settings.production SECRET_KEY=build ALLOWED_HOSTS=* python manage.py collectstatic --noinput
RUN useradd --create-home sharik && mkdir -p /app/var && chown -R sharik /app/var
USER sharik
EXPOSE 8000
CMD ["gunicorn", "sharik.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
