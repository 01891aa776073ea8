"""The automatic EPI checks, as one table: name → function. The catalogue (`Criterion` rows) names them.

A check takes the ids of the entities being scored, the moment of the computation and the criterion's
parameter, and returns `{entity_id: (evidence link, evidence label)}` for the entities that meet it.
Each check is one aggregate query over all the entities together, so the cost of a computation grows
with the number of checks, not with the number of consultations or contributions.
"""

import datetime
from collections.abc import Callable

from django.db.models import Count, Exists, Max, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_noop

YEAR = datetime.timedelta(days=365)
# Phases in which a consultation's outcome is public.
OUTCOME_PHASES = ("announcement", "evaluation", "archived")
PUBLIC_PHASES = ("conduct", "analysis", "announcement", "evaluation", "archived")

# entity id -> (evidence link, untranslated label, label parameters); translated when shown
Met = dict[int, tuple[str, str, dict]]
Check = Callable[[list[int], datetime.datetime, str], Met]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def decorator(fn: Check) -> Check:
        CHECKS[name] = fn
        return fn

    return decorator


def _consultations(entity_ids):
    from consultations.models import Consultation

    return Consultation.objects.filter(entity_id__in=entity_ids).order_by()


def _per_entity(qs, label: str, url_name: str | None = "consultations:detail") -> Met:
    """One grouped query: for each entity, how many rows and the newest one (the evidence link)."""
    met: Met = {}
    for row in qs.values("entity_id").annotate(n=Count("pk", distinct=True), last=Max("pk")):
        url = reverse(url_name, args=[row["last"]]) if url_name else ""
        met[row["entity_id"]] = (url, label, {"n": row["n"]})
    return met


@check("outcomes_published")
def outcomes_published(entity_ids, as_of, parameter) -> Met:
    """Consultation outcomes published (decision announced) in the last 12 months."""
    qs = _consultations(entity_ids).filter(
        phase__in=OUTCOME_PHASES, decided_at__gt=as_of - YEAR, decided_at__lte=as_of
    )
    return _per_entity(qs, gettext_noop("%(n)d consultation outcomes published in the last 12 months"))


@check("decisions_in_sector")
def decisions_in_sector(entity_ids, as_of, parameter) -> Met:
    """Decisions taken from online consultations in a sector (the parameter), in the last 12 months."""
    qs = (
        _consultations(entity_ids)
        .filter(sector=parameter, decided_at__gt=as_of - YEAR, decided_at__lte=as_of)
        .exclude(decision="")
    )
    return _per_entity(qs, gettext_noop("%(n)d decisions taken from consultations in this sector"))


@check("consulted_in_sector")
def consulted_in_sector(entity_ids, as_of, parameter) -> Met:
    """Citizens consulted in a sector (the parameter): a public consultation open in the last 12 months."""
    qs = _consultations(entity_ids).filter(
        sector=parameter, phase__in=PUBLIC_PHASES, opens_at__gt=as_of - YEAR, opens_at__lte=as_of
    )
    return _per_entity(qs, gettext_noop("%(n)d public consultations in this sector"))


@check("service_improvement_consulted")
def service_improvement_consulted(entity_ids, as_of, parameter) -> Met:
    """Citizens consulted to improve a service: a public campaign whose goal is a vote on a service."""
    qs = _consultations(entity_ids).filter(
        phase__in=PUBLIC_PHASES,
        readiness__goal_type="vote",
        opens_at__gt=as_of - YEAR,
        opens_at__lte=as_of,
    )
    return _per_entity(qs, gettext_noop("%(n)d consultations to improve a service"))


@check("online_input_tools")
def online_input_tools(entity_ids, as_of, parameter) -> Met:
    """Online tools for raw public input: a public poll or idea collection in the last 12 months."""
    from consultations.models import Idea, Poll

    qs = _consultations(entity_ids).filter(
        Exists(Poll.objects.filter(consultation=OuterRef("pk")))
        | Exists(Idea.objects.filter(consultation=OuterRef("pk"))),
        phase__in=PUBLIC_PHASES,
        opens_at__gt=as_of - YEAR,
        opens_at__lte=as_of,
    )
    return _per_entity(qs, gettext_noop("%(n)d consultations with a poll or an idea box"))


@check("open_licence_data")
def open_licence_data(entity_ids, as_of, parameter) -> Met:
    """Open data published under an open licence."""
    from opendata.models import Dataset

    met: Met = {}
    rows = (
        Dataset.objects.filter(entity_id__in=entity_ids, is_published=True, licence__is_open=True)
        .order_by()
        .values("entity_id", "entity__slug")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        url = reverse("opendata:organisation", args=[row["entity__slug"]])
        met[row["entity_id"]] = (url, gettext_noop("%(n)d datasets under an open licence"), {"n": row["n"]})
    return met


@check("dataset_requests_answered")
def dataset_requests_answered(entity_ids, as_of, parameter) -> Met:
    """The public can propose datasets, and the entity answered at least one request."""
    from opendata.models import DatasetRequest

    met: Met = {}
    rows = (
        DatasetRequest.objects.filter(entity_id__in=entity_ids, answered_at__lte=as_of)
        .exclude(status="proposed")
        .order_by()
        .values("entity_id")
        .annotate(n=Count("pk"), last=Max("pk"))
    )
    for row in rows:
        url = reverse("opendata:request", args=[row["last"]])
        met[row["entity_id"]] = (url, gettext_noop("%(n)d dataset requests answered"), {"n": row["n"]})
    return met


def _national(entity_ids, found: bool, url: str, label: str, params: dict) -> Met:
    """A portal-wide page (privacy, right to information, toolkit) counts for every entity on Sharik."""
    return dict.fromkeys(entity_ids, (url, label, params)) if found else {}


@check("legal_page")
def legal_page(entity_ids, as_of, parameter) -> Met:
    """A published legal page of the kind in the parameter (privacy, right-to-information)."""
    from governance.models import LegalPage

    page = LegalPage.objects.published().filter(kind=parameter).order_by("-version").first()
    if page is None:
        return {}
    return _national(entity_ids, True, page.get_absolute_url(), gettext_noop("Published on the portal"), {})


@check("toolkit_documents")
def toolkit_documents(entity_ids, as_of, parameter) -> Met:
    """Approved documents of a kind (the parameter: policy, guide) archived in the resource toolkit."""
    from governance.models import ToolkitItem

    n = ToolkitItem.objects.filter(kind=parameter, status="approved").count()
    return _national(
        entity_ids,
        n > 0,
        reverse("governance:toolkit"),
        gettext_noop("%(n)d approved documents in the toolkit"),
        {"n": n},
    )


@check("citizen_proposals_answered")
def citizen_proposals_answered(entity_ids, as_of, parameter) -> Met:
    """Citizens set the agenda (issue 14): the entity answered a citizen proposal in the last 12 months."""
    from consultations.models import ProposalMilestone

    met: Met = {}
    rows = (
        ProposalMilestone.objects.filter(
            proposal__entity_id__in=entity_ids, answered_at__gt=as_of - YEAR, answered_at__lte=as_of
        )
        .order_by()
        .values("proposal__entity_id")
        .annotate(n=Count("proposal", distinct=True), last=Max("proposal"))
    )
    for row in rows:
        url = reverse("consultations:proposal", args=[row["last"]])
        met[row["proposal__entity_id"]] = (
            url,
            gettext_noop("%(n)d citizen proposals answered in public"),
            {"n": row["n"]},
        )
    return met


def evaluate(name: str, entity_ids: list[int], as_of: datetime.datetime, parameter: str = "") -> Met:
    return CHECKS[name](entity_ids, as_of, parameter)
