"""Who sees which agreements: the federal team all of them, an entity's coordinators their entity's own."""

from django.db.models import QuerySet

from .models import Agreement
from .selectors import entities_for_user


def agreement_can_see(user, agreement: Agreement) -> bool:
    return user.is_authenticated and user.has_perm("governance.view_agreement", agreement)


def agreements_for(user) -> QuerySet[Agreement]:
    agreements = Agreement.objects.select_related("entity").order_by("entity__name", "-signed_on", "pk")
    if not user.is_authenticated or not user.has_perm("governance.view_agreement"):
        return agreements.none()
    if user.is_superuser or user.has_perm("governance.act_for_all_entities"):
        return agreements
    return agreements.filter(
        entity__in=[e for e in entities_for_user(user) if user.has_perm("governance.view_agreement", e)]
    )
