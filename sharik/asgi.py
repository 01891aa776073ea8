import os

from django.core.asgi import get_asgi_application

# Importing the `sharik` package loads the Celery app, which already defaults to sharik.settings.base;
# production sets DJANGO_SETTINGS_MODULE=sharik.settings.production explicitly (docker-compose.yml).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings.base")
application = get_asgi_application()
