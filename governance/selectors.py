"""What a given person may see or act on, in governance terms."""

import datetime
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import get_objects_for_user

from sharik.core.permissions import ALL_ENTITIES_PERM, ENTITY_GRANTS, second_factor_missing

from .models import CoordinatorNomination, Entity, Kpi, KpiValue, LegalPage, LegalPageKind


def entities_for_user(user) -> QuerySet[Entity]:
    """The entities a person acts for: all of them for the federal team, else their own grants."""
    if not user.is_authenticated or second_factor_missing(user):
        return Entity.objects.none()  # entity grants count only for sessions with a verified second factor
    if user.is_superuser or user.has_perm(ALL_ENTITIES_PERM):
        return Entity.objects.all()
    return get_objects_for_user(
        user,
        list(ENTITY_GRANTS),
        klass=Entity,
        any_perm=True,
        accept_global_perms=False,
        with_superuser=False,
    )


# --- KPIs: value against target, status and trend -------------------------------------------

# (lowest share of the target reached, status), checked from the top: a table, not an if chain.
KPI_STATUS_BANDS = [
    (Decimal("1"), "on_track"),
    (Decimal("0.8"), "at_risk"),
    (None, "off_track"),
]
KPI_STATUS_LABELS = {
    "on_track": _("On track"),
    "at_risk": _("At risk"),
    "off_track": _("Off track"),
    "no_data": _("No data yet"),
}
KPI_TREND_LABELS = {"up": _("Rising"), "down": _("Falling"), "flat": _("Steady"), "": _("Not enough data")}
TREND_POINTS = 6


def kpi_status(value: Decimal | None, target: Decimal, *, higher_is_better: bool = True) -> str:
    if value is None:
        return "no_data"
    if not target:
        return "on_track"
    if higher_is_better:
        ratio = Decimal(value) / Decimal(target)
    else:  # a rank: target 1, value 3 reaches a third of it
        ratio = Decimal(target) / Decimal(value) if value else Decimal(1)
    for floor, status in KPI_STATUS_BANDS:
        if floor is None or ratio >= floor:
            return status
    return "off_track"


def kpi_trend(values: list[Decimal]) -> str:
    """Newest first. Compares the newest value with the one before it."""
    if len(values) < 2:
        return ""
    if values[0] > values[1]:
        return "up"
    if values[0] < values[1]:
        return "down"
    return "flat"


def sparkline_points(values: list[Decimal], *, width: int = 100, height: int = 30) -> str:
    """SVG polyline points for a small trend line (oldest first); empty with fewer than two values."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    step = Decimal(width) / (len(values) - 1)
    points = []
    for i, value in enumerate(values):
        y = Decimal(height - 2) - (value - low) / span * Decimal(height - 4)
        points.append(f"{float(step * i):.1f},{float(y):.1f}")
    return " ".join(points)


def kpi_board(*, as_of=None) -> list[dict]:
    """Every KPI with its latest value (up to `as_of`), status and trend. Two queries."""
    values = KpiValue.objects.order_by("-measured_on")
    if as_of is not None:
        values = values.filter(measured_on__lte=timezone.localdate(as_of))
    rows = []
    values = values.select_related("entered_by")
    for kpi in Kpi.objects.prefetch_related(Prefetch("values", queryset=values, to_attr="history")):
        history = kpi.history[:TREND_POINTS]
        latest = history[0] if history else None
        value = latest.value if latest else None
        status = kpi_status(value, kpi.target, higher_is_better=kpi.higher_is_better)
        trend = kpi_trend([v.value for v in history])
        rows.append(
            {
                "kpi": kpi,
                "latest": latest,
                "value": value,
                "status": status,
                "status_label": KPI_STATUS_LABELS[status],
                "trend": trend,
                "trend_label": KPI_TREND_LABELS[trend],
                "history": list(reversed(history)),
                "sparkline": sparkline_points([v.value for v in reversed(history)]),
            }
        )
    return rows


# --- The coordinators network -------------------------------------------------------------

NETWORK_STAFF_ROLES = ("federal_team", "oversight_committee", "coordination_team")


def is_network_member(user) -> bool:
    """Approved coordinators and the federal bodies see the network's contact directory."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.groups.filter(name__in=NETWORK_STAFF_ROLES).exists():
        return True
    return CoordinatorNomination.objects.approved().filter(user=user).exists()


def network_growth(*, quarters: int = 4, today=None) -> list[dict]:
    """Approved coordinators at the end of each of the last quarters (oldest first)."""
    today = today or timezone.localdate()
    ends = []
    start_of_quarter = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    end = today
    for _i in range(quarters):
        ends.append((start_of_quarter, end))
        end = start_of_quarter - datetime.timedelta(days=1)
        start_of_quarter = end.replace(month=3 * ((end.month - 1) // 3) + 1, day=1)
    dates = list(
        CoordinatorNomination.objects.approved()
        .filter(approved_at__isnull=False)
        .values_list("approved_at", flat=True)
    )
    rows = []
    for start, stop in reversed(ends):
        count = sum(1 for d in dates if timezone.localdate(d) <= stop)
        rows.append({"label": f"{start.year} Q{(start.month - 1) // 3 + 1}", "count": count})
    return rows


# --- Legal pages in the footer -----------------------------------------------------------


LEGAL_PAGES_CACHE_KEY = "governance:legal-pages"


def published_legal_pages() -> list[LegalPage]:
    """The newest published version of each legal page, in the order of the kinds.

    Every page's footer shows them, so they are cached (one query a day, or after a change: a save or
    delete of a legal page clears the cache; see GovernanceConfig.ready)."""
    key = f"{LEGAL_PAGES_CACHE_KEY}:{timezone.localdate().isoformat()}"
    pages = cache.get(key)
    if pages is None:
        pages = _published_legal_pages()
        cache.set(key, pages, 24 * 3600)
    return pages


def legal_pages_cache_clear(**_kwargs) -> None:
    cache.delete(f"{LEGAL_PAGES_CACHE_KEY}:{timezone.localdate().isoformat()}")


def _published_legal_pages() -> list[LegalPage]:
    order = {kind: i for i, kind in enumerate(LegalPageKind.values)}
    newest: dict[str, LegalPage] = {}
    for page in (
        LegalPage.objects.published()
        .only("kind", "version", "title_ar", "title_en", "title")
        .order_by("kind", "-version")
    ):
        newest.setdefault(page.kind, page)
    return sorted(newest.values(), key=lambda p: order.get(p.kind, 99))
