from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from .roles import roles_sync

        # After every migrate (and so in every test database) the role groups match the table.
        post_migrate.connect(roles_sync, dispatch_uid="governance.roles_sync")
