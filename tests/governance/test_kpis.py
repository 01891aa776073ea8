"""KPI computations on known data, the stored values, and the KPI page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance import kpis
from governance.models import CoordinatorNomination, Kpi, KpiValue, SatisfactionSurvey
from governance.selectors import kpi_board, kpi_status, kpi_trend
from governance.services.kpis import kpi_value_enter
from tests.admin_forms import admin_body
from tests.factories import ConsultationFactory, EntityFactory, UserFactory

NOW = timezone.now()


def ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def test_active_entities_counts_entities_with_a_consultation_in_the_last_90_days(db):
    a, b, c, d = EntityFactory.create_batch(4)
    ConsultationFactory(entity=a, opens_at=ago(10), closes_at=ago(-5))
    ConsultationFactory(entity=a, opens_at=ago(20), closes_at=ago(5))  # same entity counts once
    ConsultationFactory(entity=b, opens_at=ago(89), closes_at=ago(60))
    ConsultationFactory(entity=c, opens_at=ago(200), closes_at=ago(150))  # too old
    ConsultationFactory(entity=d, opens_at=ago(300), closes_at=ago(200), decided_at=ago(30), decision="yes")
    assert kpis.REGISTRY["active_entities_90d"](NOW) == Decimal(3)


def test_econsultation_growth_compares_the_last_year_with_the_year_before(db):
    for days in (10, 100, 300):
        ConsultationFactory(opens_at=ago(days), closes_at=ago(days - 5))
    for days in (400, 700):
        ConsultationFactory(opens_at=ago(days), closes_at=ago(days - 5))
    ConsultationFactory(
        opens_at=ago(50), closes_at=ago(40), un_level="e-information"
    )  # not an e-consultation
    assert kpis.REGISTRY["econsultation_growth"](NOW) == Decimal("50.00")


def test_econsultation_growth_is_undefined_without_a_previous_year(db):
    ConsultationFactory(opens_at=ago(10), closes_at=ago(5))
    assert kpis.REGISTRY["econsultation_growth"](NOW) is None


def test_decisions_share_is_the_share_of_closed_consultations_with_a_decision(db):
    ConsultationFactory(
        phase="announcement", opens_at=ago(60), closes_at=ago(30), decided_at=ago(20), decision="x"
    )
    for _ in range(3):
        ConsultationFactory(phase="analysis", opens_at=ago(60), closes_at=ago(30))
    ConsultationFactory()  # still open: not counted
    assert kpis.REGISTRY["decisions_share"](NOW) == Decimal("25.00")


def test_coordinator_growth_per_quarter(entity):
    for days in (200, 120, 30):
        CoordinatorNomination.objects.create(
            entity=entity, user=UserFactory(), status="approved", approved_at=ago(days)
        )
    CoordinatorNomination.objects.create(entity=entity, user=UserFactory())  # nominated only
    assert kpis.REGISTRY["coordinator_growth_quarter"](NOW) == Decimal("50.00")  # 2 → 3


def test_satisfaction_is_computed_from_the_entered_survey_values(db):
    today = timezone.localdate(NOW)  # the day of NOW, also when the run crosses midnight (Dubai)
    SatisfactionSurvey.objects.create(
        subject="platform", title="a", conducted_on=today, respondents=10, satisfied=9
    )
    SatisfactionSurvey.objects.create(
        subject="platform", title="b", conducted_on=today, respondents=30, satisfied=21
    )
    SatisfactionSurvey.objects.create(
        subject="platform",
        title="old",
        conducted_on=today - datetime.timedelta(days=400),
        respondents=10,
        satisfied=0,
    )
    assert kpis.REGISTRY["satisfaction_platform"](NOW) == Decimal("75.00")
    assert kpis.REGISTRY["satisfaction_campaign"](NOW) is None


def test_trainees_satisfaction_is_not_typed_in_but_read_from_the_workshops_form(db):
    """A typed-in survey about workshops no longer counts (the trainees' answers do: test_workshops.py)."""
    SatisfactionSurvey.objects.create(
        subject="workshop", title="typed", conducted_on=timezone.localdate(NOW), respondents=10, satisfied=9
    )
    assert kpis.REGISTRY["satisfaction_workshop"](NOW) is None
    assert "workshop" not in SatisfactionSurvey.Subject.values
    kpi = Kpi.objects.get(code="workshop-satisfaction")
    assert kpi.computation == "satisfaction_workshop"
    assert "after each workshop" in kpi.source_note_en


def test_every_seeded_computed_kpi_names_a_registered_computation(db):
    computed = Kpi.objects.exclude(computation="")
    assert computed.count() >= 5
    assert set(computed.values_list("computation", flat=True)) <= set(kpis.REGISTRY)


def test_the_periodic_task_stores_one_value_per_kpi_and_day(db):
    from governance.tasks import kpi_values_compute as task

    ConsultationFactory(opens_at=ago(5), closes_at=ago(-5))
    task.delay()
    task.delay()
    active = KpiValue.objects.get(kpi__code="active-entities")
    assert active.value == Decimal(1) and active.source == "computed"
    assert KpiValue.objects.filter(kpi__code="active-entities").count() == 1


def test_a_manual_kpi_needs_evidence_and_a_computed_one_cannot_be_entered(db, federal_user):
    manual = Kpi.objects.get(code="social-engagement")
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        kpi_value_enter(kpi=manual, value=Decimal(5), measured_on=today, user=federal_user)
    kpi_value_enter(
        kpi=manual, value=Decimal(5), measured_on=today, user=federal_user, evidence_url="https://x.example/r"
    )
    with pytest.raises(ValidationError):
        kpi_value_enter(
            kpi=Kpi.objects.get(code="active-entities"),
            value=Decimal(1),
            measured_on=today,
            user=federal_user,
            evidence="x",
        )


@pytest.mark.parametrize(
    ("value", "target", "status"),
    [
        (None, 30, "no_data"),
        (30, 30, "on_track"),
        (45, 30, "on_track"),
        (24, 30, "at_risk"),
        (23, 30, "off_track"),
        (-5, 10, "off_track"),
    ],
)
def test_status_bands(value, target, status):
    assert kpi_status(None if value is None else Decimal(value), Decimal(target)) == status


def test_trend_compares_the_newest_value_with_the_one_before():
    assert kpi_trend([Decimal(5), Decimal(3)]) == "up"
    assert kpi_trend([Decimal(2), Decimal(3)]) == "down"
    assert kpi_trend([Decimal(3), Decimal(3)]) == "flat"
    assert kpi_trend([Decimal(3)]) == ""


def test_the_kpi_page_shows_value_against_target_status_and_trend(client, federal_user):
    manual = Kpi.objects.get(code="social-engagement")
    today = timezone.localdate()
    for days, value in ((90, 12), (0, 24)):
        kpi_value_enter(
            kpi=manual,
            value=Decimal(value),
            measured_on=today - datetime.timedelta(days=days),
            user=federal_user,
            evidence="report",
        )
    row = next(r for r in kpi_board() if r["kpi"].code == "social-engagement")
    assert (row["value"], row["status"], row["trend"]) == (Decimal(24), "on_track", "up")
    page = client.get("/en/kpis/").content.decode()
    assert "Growth of impressions and engagements" in page
    assert "24%" in page and "20%" in page and "On track" in page and "Rising" in page
    arabic = client.get("/kpis/").content.decode()
    assert "زيادة الإشادات والمشاركات" in arabic


def test_the_sparkline_rises_with_the_values():
    from governance.selectors import sparkline_points

    assert sparkline_points([Decimal(1)]) == ""
    points = [
        tuple(map(float, p.split(",")))
        for p in sparkline_points([Decimal(1), Decimal(5), Decimal(3)]).split()
    ]
    assert [x for x, _y in points] == [0.0, 50.0, 100.0]
    assert points[1][1] < points[2][1] < points[0][1]  # SVG y grows downwards: the highest value is topmost


def test_a_value_typed_in_the_kpi_admin_is_stored_through_the_service_with_its_evidence(client, federal_user):
    """The KPI's change page with a new value in its inline: saved (it used to answer 500), the value
    stored with who entered it; without evidence the same value is refused with the service's message."""
    kpi = Kpi.objects.get(code="social-engagement")
    client.force_login(federal_user)
    url = f"/en/admin/governance/kpi/{kpi.pk}/change/"
    body = admin_body(client.get(url))
    prefix = next(k for k in body if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    n = int(body[f"{prefix}-TOTAL_FORMS"])
    row = {f"{prefix}-{n}-measured_on": "2026-11-30", f"{prefix}-{n}-value": "42"}
    body[f"{prefix}-TOTAL_FORMS"] = n + 1

    refused = client.post(url, body | row, follow=True)
    assert "A value entered by hand needs evidence" in refused.content.decode()
    assert not KpiValue.objects.filter(kpi=kpi, measured_on=datetime.date(2026, 11, 30)).exists()

    response = client.post(url, body | row | {f"{prefix}-{n}-evidence": "Monthly platform report"})
    assert response.status_code == 302
    value = KpiValue.objects.get(kpi=kpi, measured_on=datetime.date(2026, 11, 30))
    assert (value.value, value.entered_by, value.evidence) == (
        Decimal(42),
        federal_user,
        "Monthly platform report",
    )
