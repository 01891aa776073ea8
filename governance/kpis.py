"""The registry of KPI computations: name → function(as_of) → value (or None when undefined).

Each function reads portal data only. A Kpi row names its computation; `kpi_values_compute` stores
the values and the analytics app may reuse this registry. Percentages are returned as per cent.
"""

import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

KpiFunction = Callable[[datetime.datetime], Decimal | None]
REGISTRY: dict[str, KpiFunction] = {}

ACTIVE_WINDOW_DAYS = 90
YEAR = datetime.timedelta(days=365)
QUARTER = datetime.timedelta(days=91)
# Phases after the consultation closed: the ones where a decision can exist.
CLOSED_PHASES = ("analysis", "announcement", "evaluation", "archived")


def register(name: str) -> Callable[[KpiFunction], KpiFunction]:
    def decorator(fn: KpiFunction) -> KpiFunction:
        REGISTRY[name] = fn
        return fn

    return decorator


def _round(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _growth(now: int, before: int) -> Decimal | None:
    """Growth in per cent; undefined when there was nothing before."""
    if not before:
        return None
    return _round(Decimal(now - before) * 100 / before)


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return _round(Decimal(part) * 100 / whole)


def _consultations():
    from consultations.models import Consultation

    return Consultation.objects.annotate(started=Coalesce("opens_at", "created_at"))


@register("active_entities_90d")
def active_entities_90d(as_of: datetime.datetime) -> Decimal:
    """Entities with a consultation started or decided in the last 90 days."""
    since = as_of - datetime.timedelta(days=ACTIVE_WINDOW_DAYS)
    active = (
        _consultations()
        .filter(Q(started__gt=since, started__lte=as_of) | Q(decided_at__gt=since, decided_at__lte=as_of))
        .values("entity")
        .distinct()
        .count()
    )
    return Decimal(active)


@register("econsultation_growth")
def econsultation_growth(as_of: datetime.datetime) -> Decimal | None:
    """E-consultations started in the last 12 months against the 12 months before, in per cent."""
    qs = _consultations().filter(un_level="e-consultation")
    now = qs.filter(started__gt=as_of - YEAR, started__lte=as_of).count()
    before = qs.filter(started__gt=as_of - 2 * YEAR, started__lte=as_of - YEAR).count()
    return _growth(now, before)


@register("decisions_share")
def decisions_share(as_of: datetime.datetime) -> Decimal | None:
    """Of the consultations closed in the last 12 months, the share with a recorded decision."""
    closed = _consultations().filter(
        phase__in=CLOSED_PHASES, closes_at__gt=as_of - YEAR, closes_at__lte=as_of
    )
    decided = closed.filter(decided_at__isnull=False).exclude(decision="")
    return _share(decided.count(), closed.count())


@register("coordinator_growth_quarter")
def coordinator_growth_quarter(as_of: datetime.datetime) -> Decimal | None:
    """Approved network coordinators now against three months earlier, in per cent."""
    from .models import CoordinatorNomination

    approved = CoordinatorNomination.objects.filter(approved_at__isnull=False).exclude(status="withdrawn")
    now = approved.filter(approved_at__lte=as_of).count()
    before = approved.filter(approved_at__lte=as_of - QUARTER).count()
    return _growth(now, before)


def _satisfaction(subject: str, as_of: datetime.datetime) -> Decimal | None:
    from django.utils import timezone

    from .models import SatisfactionSurvey

    # The portal's day (Asia/Dubai), not UTC's: after 20:00 UTC, today's surveys fall after as_of's UTC date.
    totals = SatisfactionSurvey.objects.filter(
        subject=subject,
        conducted_on__gt=timezone.localdate(as_of - YEAR),
        conducted_on__lte=timezone.localdate(as_of),
    ).aggregate(respondents=Sum("respondents"), satisfied=Sum("satisfied"))
    return _share(totals["satisfied"] or 0, totals["respondents"] or 0)


@register("satisfaction_platform")
def satisfaction_platform(as_of: datetime.datetime) -> Decimal | None:
    return _satisfaction("platform", as_of)


@register("satisfaction_workshop")
def satisfaction_workshop(as_of: datetime.datetime) -> Decimal | None:
    """Trainees' answers to the form offered after each workshop to those who attended (not typed totals):
    of the answers in the last 12 months, the share of 4 or 5 out of 5 on overall satisfaction."""
    from .models import WorkshopFeedback
    from .models.feedback import SATISFIED_FROM

    answers = WorkshopFeedback.objects.filter(created_at__gt=as_of - YEAR, created_at__lte=as_of)
    return _share(answers.filter(overall__gte=SATISFIED_FROM).count(), answers.count())


def _feedback_share(question: str, as_of: datetime.datetime) -> Decimal | None:
    """Of the participants' answers in the last 12 months, the share of 4 or 5 out of 5 on `question`."""
    from .models import CampaignFeedback
    from .models.feedback import SATISFIED_FROM

    answers = CampaignFeedback.objects.filter(created_at__gt=as_of - YEAR, created_at__lte=as_of)
    return _share(answers.filter(**{f"{question}__gte": SATISFIED_FROM}).count(), answers.count())


@register("satisfaction_campaign")
def satisfaction_campaign(as_of: datetime.datetime) -> Decimal | None:
    """Participants' answers to the short form offered after a campaign closes (not typed totals)."""
    return _feedback_share("satisfaction", as_of)


@register("satisfaction_communication")
def satisfaction_communication(as_of: datetime.datetime) -> Decimal | None:
    """The same form's second question: how the entity communicated with them (seed §16, ≥ 80 %)."""
    return _feedback_share("communication", as_of)


@register("participating_entities_growth")
def participating_entities_growth(as_of: datetime.datetime) -> Decimal | None:
    """Entities with a consultation started in the last 12 months against the 12 months before, in per cent."""
    qs = _consultations().values("entity").distinct()
    now = qs.filter(started__gt=as_of - YEAR, started__lte=as_of).count()
    before = qs.filter(started__gt=as_of - 2 * YEAR, started__lte=as_of - YEAR).count()
    return _growth(now, before)


@register("coordinators_certified_share")
def coordinators_certified_share(as_of: datetime.datetime) -> Decimal | None:
    """Of the network's approved coordinators, the share holding a certificate of the e-course (§21)."""
    from .models import Certificate, CoordinatorNomination

    coordinators = set(
        CoordinatorNomination.objects.approved()
        .filter(approved_at__lte=as_of)
        .values_list("user_id", flat=True)
    )
    certified = set(Certificate.objects.filter(issued_at__lte=as_of).values_list("user_id", flat=True))
    return _share(len(coordinators & certified), len(coordinators))


@register("advisory_satisfaction")
def advisory_satisfaction(as_of: datetime.datetime) -> Decimal | None:
    """Entities satisfied (rating 4 or 5 of 5) with the advisory service, of the requests closed in 12 months."""
    from .models import AdvisoryRequest

    closed = AdvisoryRequest.objects.filter(
        closed_at__gt=as_of - YEAR, closed_at__lte=as_of, rating__isnull=False
    )
    return _share(closed.filter(rating__gte=4).count(), closed.count())


def compute(name: str, as_of: datetime.datetime) -> Decimal | None:
    return REGISTRY[name](as_of)


@register("proposals_answered_on_time")
def proposals_answered_on_time(as_of: datetime.datetime) -> Decimal | None:
    """Of the citizen proposals' answers due in the last 12 months, the share given by the due day (issue 14)."""
    from django.db.models import F
    from django.db.models.functions import TruncDate
    from django.utils import timezone

    from consultations.models import ProposalMilestone

    today = timezone.localdate(as_of)
    due = ProposalMilestone.objects.filter(due_on__gt=timezone.localdate(as_of - YEAR), due_on__lte=today)
    on_time = due.annotate(answered_on=TruncDate("answered_at")).filter(
        answered_at__isnull=False, answered_at__lte=as_of, answered_on__lte=F("due_on")
    )
    return _share(on_time.count(), due.count())


@register("support_satisfaction")
def support_satisfaction(as_of: datetime.datetime) -> Decimal | None:
    """Of the entities' ratings of the programme's support in the latest period opened by `as_of`,
    the share of 4 or 5 out of 5 (seed §20; one rating per entity and period)."""
    from django.utils import timezone

    from .models import SupportRating, SupportRatingPeriod
    from .models.feedback import SATISFIED_FROM

    period = (
        SupportRatingPeriod.objects.filter(opens_on__lte=timezone.localdate(as_of)).order_by("-year").first()
    )
    if period is None:
        return None
    ratings = SupportRating.objects.filter(period=period, created_at__lte=as_of)
    return _share(ratings.filter(rating__gte=SATISFIED_FROM).count(), ratings.count())
