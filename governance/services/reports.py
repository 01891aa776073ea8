"""The annual report to the oversight committee: figures from the data, an HTML page and a PDF."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import AnnualReport, CoordinatorNomination, Decision, Entity, FollowUpAction, Meeting, Risk
from ..selectors import kpi_board
from ..selectors_exchange import exchange_figures
from ..selectors_workshops import workshop_figures


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=tz),
        datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def _epi_figures(as_of: datetime.datetime) -> dict | None:
    """The dashboard's national EPI as it stood on `as_of`: the latest snapshot computed by that day."""
    from analytics.models import IndexSnapshot

    snapshot = (
        IndexSnapshot.objects.filter(computed_on__lte=timezone.localdate(as_of))
        .order_by("-computed_on")
        .first()
    )
    if snapshot is None:
        return None
    return {
        "computed_on": snapshot.computed_on.isoformat(),
        "entities": snapshot.entities,
        "national_epi": snapshot.national_epi,
        "national_score": snapshot.national_score,
        "max_points": snapshot.max_points,
        "ranking": [
            {"entity": score.entity.name, "epi": score.epi, "rank": score.rank}
            for score in snapshot.scores.select_related("entity").order_by("rank", "entity__slug")
        ],
    }


def _communication_figures(year: int, start: datetime.datetime, end: datetime.datetime) -> dict:
    """Communication (seed §20-3, §17-6): stories published, the entities' support rating, the social plan."""
    from ..models import SuccessStory, SupportRatingPeriod
    from ..selectors_social import social_year_summary
    from ..selectors_stories import support_rating_summary

    stories = SuccessStory.objects.published().filter(published_at__gte=start, published_at__lt=end)
    support = support_rating_summary(SupportRatingPeriod.objects.filter(year=year).first())
    return {
        "stories": {
            "published": stories.count(),
            "titles": [
                {"ar": ar, "en": en or ar}
                for ar, en in stories.order_by("published_at").values_list("title_ar", "title_en")
            ],
        },
        "support": {
            "ratings": support["ratings"],
            "satisfied": support["satisfied"],
            "share": None if support["share"] is None else str(support["share"]),
            "average": None if support["average"] is None else f"{support['average']:.2f}",
        },
        "social": social_year_summary(year),
    }


def _committee_figures(*, year: int, as_of: datetime.datetime) -> dict:
    """The oversight committee's year (§17-6): meetings held, their decisions, the actions' status."""
    meetings = Meeting.objects.filter(held_on__year=year, held_on__lte=timezone.localdate(as_of))
    decisions = Decision.objects.filter(meeting__in=meetings)
    actions = FollowUpAction.objects.filter(decision__in=decisions)
    by_status = dict(actions.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "meetings": meetings.count(),
        "decisions": decisions.count(),
        "actions": {status: by_status.get(status, 0) for status in FollowUpAction.Status.values},
        "overdue": actions.overdue(today=timezone.localdate(as_of)).count(),
    }


def annual_report_figures(*, year: int) -> dict:
    """Everything the report says, as plain data (kept on the report so it reads the same later)."""
    from consultations.models import Comment, Consultation, Idea, Vote

    start, end = _year_bounds(year)
    consultations = Consultation.objects.filter(created_at__gte=start, created_at__lt=end)
    by_phase = dict(consultations.values_list("phase").annotate(n=Count("pk")).order_by())
    decided = Consultation.objects.filter(decided_at__gte=start, decided_at__lt=end).exclude(decision="")
    as_of = min(end, timezone.now())
    return {
        "year": year,
        "generated_at": timezone.now().isoformat(),
        "entities": {
            "total": Entity.objects.count(),
            "by_onboarding_state": dict(
                Entity.objects.values_list("onboarding_state").annotate(n=Count("pk")).order_by()
            ),
            "by_escwa_stage": dict(
                Entity.objects.values_list("escwa_stage").annotate(n=Count("pk")).order_by()
            ),
        },
        "coordinators": CoordinatorNomination.objects.approved().filter(approved_at__lt=end).count(),
        "campaigns": {"total": consultations.count(), "by_phase": by_phase},
        "participation": {
            "comments": Comment.objects.filter(created_at__gte=start, created_at__lt=end).count(),
            "ideas": Idea.objects.filter(created_at__gte=start, created_at__lt=end).count(),
            "votes": Vote.objects.filter(created_at__gte=start, created_at__lt=end).count(),
        },
        "decisions": decided.count(),
        "kpis": [
            {
                "code": row["kpi"].code,
                "value": str(row["value"]) if row["value"] is not None else None,
                "target": str(row["kpi"].target),
                "status": row["status"],
            }
            for row in kpi_board(as_of=as_of)
        ],
        "epi": _epi_figures(as_of),
        # Training and exchange in the network (seed §20-5, §21): the same rules as the members' pages.
        "workshops": workshop_figures(start=start, end=end, as_of=as_of),
        "exchange": exchange_figures(start=start, end=end),
        **_communication_figures(year, start, end),
        "committee": _committee_figures(year=year, as_of=as_of),
        "risks": {
            "open": Risk.objects.filter(status=Risk.Status.OPEN).count(),
            "closed_this_year": Risk.objects.filter(
                status=Risk.Status.CLOSED, closed_on__gte=start.date(), closed_on__lt=end.date()
            ).count(),
        },
    }


def annual_report_context(report: AnnualReport) -> dict:
    """What the report templates need, in the current language (labels resolved here)."""
    from consultations.phases import Phase
    from sharik.core.choices import EscwaStage

    from ..models import ExchangeMatch, Kpi
    from ..onboarding import OnboardingState

    data = report.data or {}
    kpis = {k.code: k for k in Kpi.objects.all()}
    phases = dict(Phase.choices)
    stages = dict(EscwaStage.choices)
    states = dict(OnboardingState.choices)
    outcomes = dict(ExchangeMatch.Outcome.choices)
    return {
        "report": report,
        "data": data,
        "phase_rows": [
            (phases.get(p, p), n) for p, n in data.get("campaigns", {}).get("by_phase", {}).items()
        ],
        "stage_rows": [
            (stages.get(s, s), n) for s, n in data.get("entities", {}).get("by_escwa_stage", {}).items()
        ],
        "state_rows": [
            (states.get(s, s), n) for s, n in data.get("entities", {}).get("by_onboarding_state", {}).items()
        ],
        "kpi_rows": [
            {**row, "kpi": kpis.get(row["code"])} for row in data.get("kpis", []) if row["code"] in kpis
        ],
        "open_risks": Risk.objects.filter(status=Risk.Status.OPEN),
        "exchange_rows": [
            {**row, "outcome_label": outcomes.get(row["outcome"], row["outcome"])}
            for row in data.get("exchange", {}).get("rows", [])
        ],
        "social_rows": _social_rows(data),
        "action_rows": [
            (label, data["committee"]["actions"].get(status, 0))
            for status, label in FollowUpAction.Status.choices
        ]
        if data.get("committee")
        else [],
    }


def _social_rows(data: dict) -> list[dict]:
    """The social plan's published posts per channel, with the channel's name in the current language."""
    from ..models import SocialChannel

    names = {c.code: c.name for c in SocialChannel.objects.all()}
    return [
        {**row, "name": names.get(row["channel"], row["channel"])}
        for row in (data.get("social") or {}).get("by_channel", [])
    ]


def _pdf(report: AnnualReport, language: str) -> bytes:
    import weasyprint

    with translation.override(language):
        html = render_to_string(
            "governance/report_pdf.html",
            {
                **annual_report_context(report),
                "LANGUAGE_CODE": language,
                "direction": "rtl" if language in settings.RTL_LANGUAGES else "ltr",
            },
        )
    return weasyprint.HTML(string=html, base_url=settings.SITE_URL).write_pdf()


@transaction.atomic
def annual_report_request(*, year: int) -> AnnualReport:
    """Ask for the report of a year; a Celery job builds it once this commits."""
    from ..tasks import annual_report_build

    report, _created = AnnualReport.objects.get_or_create(year=year)
    if report.status == AnnualReport.Status.APPROVED:
        raise ValidationError(_("An approved report is not generated again."))
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.PENDING)
    transaction.on_commit(lambda: annual_report_build.delay(report.pk))
    return report


def annual_report_generate(*, report_id: int) -> AnnualReport:
    """Compute the figures and write the PDF in each language. Safe to re-run until approved."""
    report = AnnualReport.objects.get(pk=report_id)
    if report.status == AnnualReport.Status.APPROVED:
        return report
    report.data = annual_report_figures(year=report.year)
    for language, _name in settings.LANGUAGES:
        content = _pdf(report, language)
        getattr(report, f"pdf_{language}").save(
            f"sharik-annual-report-{report.year}-{language}.pdf", ContentFile(content), save=False
        )
    report.status = AnnualReport.Status.GENERATED
    report.generated_at = timezone.now()
    report.save()
    return report


@transaction.atomic
def annual_report_approve(*, report: AnnualReport, user) -> AnnualReport:
    """Only the oversight committee approves the annual report; approval publishes it."""
    if not user.has_perm("governance.approve_annualreport"):
        raise PermissionDenied(_("Only the oversight committee approves the annual report."))
    if report.status != AnnualReport.Status.GENERATED:
        raise ValidationError(_("Only a generated report can be approved."))
    report.status = AnnualReport.Status.APPROVED
    report.approved_by = user
    report.approved_at = timezone.now()
    report.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return report
