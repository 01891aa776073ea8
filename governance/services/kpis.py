"""KPI values: computed by the registry on a schedule, or entered by hand with evidence."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import kpis as registry
from ..models import Kpi, KpiValue


@transaction.atomic
def kpi_values_compute(*, as_of: datetime.datetime | None = None) -> list[KpiValue]:
    """Compute every computed KPI and store today's value (a second run the same day updates it)."""
    as_of = as_of or timezone.now()
    day = timezone.localdate(as_of)
    stored = []
    for kpi in Kpi.objects.exclude(computation=""):
        if kpi.computation not in registry.REGISTRY:
            continue
        value = registry.compute(kpi.computation, as_of)
        if value is None:
            continue
        row, _created = KpiValue.objects.update_or_create(
            kpi=kpi, measured_on=day, defaults={"value": value, "source": KpiValue.Source.COMPUTED}
        )
        stored.append(row)
    return stored


@transaction.atomic
def kpi_value_enter(
    *, kpi: Kpi, value: Decimal, measured_on: datetime.date, user, evidence: str = "", evidence_url: str = ""
) -> KpiValue:
    """A manual value must carry its evidence (a note or a link)."""
    if kpi.is_computed:
        raise ValidationError(_("This KPI is computed from portal data; it cannot be entered by hand."))
    if not (evidence.strip() or evidence_url.strip()):
        raise ValidationError(_("A value entered by hand needs evidence: a note or a link."))
    row, _created = KpiValue.objects.update_or_create(
        kpi=kpi,
        measured_on=measured_on,
        defaults={
            "value": value,
            "source": KpiValue.Source.MANUAL,
            "evidence": evidence,
            "evidence_url": evidence_url,
            "entered_by": user,
        },
    )
    row.full_clean()
    return row
