"""The risk register."""

import io

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharik.core import csvsafe
from sharik.core.audit import audit_record

from ..models import Risk


@transaction.atomic
def risk_create(
    *,
    risk_ar: str,
    risk_en: str = "",
    recovery_plan_ar: str,
    recovery_plan_en: str = "",
    owner_ar: str,
    owner_en: str = "",
    **fields,
) -> Risk:
    risk = Risk(
        risk_ar=risk_ar,
        risk_en=risk_en or risk_ar,
        recovery_plan_ar=recovery_plan_ar,
        recovery_plan_en=recovery_plan_en or recovery_plan_ar,
        owner_ar=owner_ar,
        owner_en=owner_en or owner_ar,
        **fields,
    )
    risk.registered_on = risk.registered_on or timezone.localdate()
    risk.full_clean()
    risk.save()
    return risk


def risk_check_scope(*, risk: Risk, user) -> None:
    """The federal register is the federal bodies'; an entity's register is its coordinators'."""
    if risk.entity_id is None:
        if not user.has_perm("governance.act_for_all_entities"):
            raise PermissionDenied(_("Only the federal team keeps the federal risk register."))
    elif not user.has_perm("governance.change_risk", risk.entity) and not user.has_perm(
        "governance.act_for_all_entities"
    ):
        raise PermissionDenied(_("You keep only your own entity's risks."))


@transaction.atomic
def risk_close(*, risk: Risk, closed_on=None, user=None) -> Risk:
    """Close a risk; the date closed must not be before the date registered (full_clean refuses)."""
    risk.status = Risk.Status.CLOSED
    risk.closed_on = closed_on or timezone.localdate()
    risk.full_clean()
    risk.save(update_fields=["status", "closed_on"])
    audit_record(
        action="risk.close", obj=risk, actor=user, changes={"closed_on": [None, str(risk.closed_on)]}
    )
    return risk


CSV_COLUMNS = [
    "risk_ar",
    "risk_en",
    "type",
    "recovery_plan_ar",
    "recovery_plan_en",
    "impact",
    "importance",
    "owner_ar",
    "owner_en",
    "registered_on",
    "status",
    "closed_on",
]


def risks_csv(queryset) -> str:
    """The register as CSV, one row per risk, columns as in the seed's table (both languages)."""
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(CSV_COLUMNS)
    for risk in queryset:
        writer.writerow(
            [
                risk.risk_ar,
                risk.risk_en,
                risk.type,
                risk.recovery_plan_ar,
                risk.recovery_plan_en,
                "|".join(risk.impact),
                risk.importance,
                risk.owner_ar,
                risk.owner_en,
                risk.registered_on.isoformat(),
                risk.status,
                risk.closed_on.isoformat() if risk.closed_on else "",
            ]
        )
    return out.getvalue()
