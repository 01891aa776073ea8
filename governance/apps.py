from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import LegalPage
        from .roles import roles_sync
        from .selectors import legal_pages_cache_clear

        # After every migrate (and so in every test database) the role groups match the table.
        post_migrate.connect(roles_sync, dispatch_uid="governance.roles_sync")
        # The footer's legal links are cached; a new or changed version shows at once.
        post_save.connect(legal_pages_cache_clear, sender=LegalPage, dispatch_uid="governance.legal_cache")
        post_delete.connect(
            legal_pages_cache_clear, sender=LegalPage, dispatch_uid="governance.legal_cache_d"
        )
