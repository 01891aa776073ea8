"""The risk register."""

import io

from django.db import transaction
from django.utils import timezone

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
