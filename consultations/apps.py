from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import page_cache
        from .models import ModerationWordList
        from .services.moderation import word_lists_forget

        page_cache.connect()
        for signal in (post_save, post_delete):
            signal.connect(word_lists_forget, sender=ModerationWordList, dispatch_uid="word_lists_forget")
