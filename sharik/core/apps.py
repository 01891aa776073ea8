from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sharik.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Connect the Celery signal handlers (task metrics, the request id) in web and worker alike.
        from . import metrics, requestid  # noqa: F401
