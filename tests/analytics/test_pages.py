"""Dashboards and EPI pages in both languages, with the fixture's figures; access; CSV; visit counting."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from analytics.models import PageVisitDay
from analytics.services.indices import indices_compute
from governance.models import Kpi, KpiValue
from tests.factories import CommentFactory, ConsultationFactory, IdeaFactory, PollFactory

from .test_epi import _dataset, _decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture_portal(entity, other_entity):
    """Two open consultations, one decided; `entity` has an open-licence dataset and the decision."""
    ConsultationFactory(entity=entity)
    ConsultationFactory(entity=other_entity)
    _decided(entity)
    _dataset(entity)
    kpi = Kpi.objects.create(
        code="entities",
        name_ar="جهات نشطة",
        name_en="Active entities",
        axis="enablement",
        track="platform",
        target=30,
    )
    KpiValue.objects.create(kpi=kpi, measured_on="2026-01-01", value=12, source="computed")
    return indices_compute()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_public_dashboard_in_both_languages(client, fixture_portal, entity, lang):
    with translation.override(lang):
        url = reverse("analytics:dashboard")
    page = client.get(url).content.decode()
    assert f'lang="{lang}"' in page
    assert "لوحة الشفافية" in page if lang == "ar" else "Transparency dashboard" in page
    assert (
        'id="figure-open">2<' in page
        and 'id="figure-decided">1<' in page
        and 'id="figure-decisions">1<' in page
    )
    assert entity.name_ar in page if lang == "ar" else entity.name_en in page
    assert "Active entities" in page if lang == "en" else "جهات نشطة" in page
    assert 'id="dashboard-epi-chart" type="application/json"' in page
    assert "js/analytics.js" in page and "<script>" not in page


def test_epi_page_explains_every_point(client, fixture_portal, entity, english):
    page = client.get(reverse("analytics:epi-entity", args=[entity.slug])).content.decode()
    assert "Publication of consultation outcomes" in page
    assert "consultation outcomes published in the last 12 months" in page  # the evidence of a met point
    assert "Open a public consultation in the health sector." in page  # what to do for a missing one
    assert "rank 1" in page


def test_ranking_page_lists_entities_by_rank(client, fixture_portal, entity, other_entity, english):
    page = client.get(reverse("analytics:epi")).content.decode()
    assert page.index(entity.name_en) < page.index(other_entity.name_en)


def test_entity_dashboard_for_its_coordinator_and_the_federal_team_only(
    client, fixture_portal, entity, coordinator, other_coordinator, federal_user, citizen
):
    url = reverse("analytics:entity-dashboard", args=[entity.slug])
    assert client.get(url).status_code == 302  # to the login page
    for user, status in ((citizen, 403), (other_coordinator, 403), (coordinator, 200), (federal_user, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status


def test_figures_download_as_csv(client, fixture_portal, entity, english):
    response = client.get(reverse("analytics:dashboard-csv"))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert f"{entity.name_en}," in body and "Datasets published" in body


def test_stage_indicators_per_entity_and_national(client, entity, other_entity):
    consultation = ConsultationFactory(entity=entity, escwa_stage="collaboration")
    for _ in range(3):
        CommentFactory(consultation=consultation)
    IdeaFactory(consultation=consultation)
    PollFactory(consultation=consultation)
    _dataset(entity)
    for _ in range(4):
        client.get(reverse("consultations:detail", args=[consultation.pk]))
    client.get(reverse("consultations:detail", args=[ConsultationFactory(entity=other_entity).pk]))
    snapshot = indices_compute()
    mine = snapshot.scores.get(entity=entity).indicators
    assert mine["participation"]["visits"] == 4
    assert mine["participation"]["comments"] == 3 and mine["participation"]["ideas"] == 1
    assert mine["participation"]["comments_per_consultation"] == 3.0
    assert mine["collaboration"] == {"co_created": 1, "stakeholders": 3}
    assert mine["openness"]["datasets"] == 1
    assert snapshot.national_indicators["participation"]["visits"] == 5
    assert snapshot.national_indicators["participation"]["comments_per_consultation"] == 1.5


def test_visits_are_counted_without_anything_about_the_visitor(client, entity):
    consultation = ConsultationFactory(entity=entity)
    client.get(reverse("consultations:detail", args=[consultation.pk]), REMOTE_ADDR="10.1.2.3")
    counter = PageVisitDay.objects.get()
    assert counter.visits == 1
    assert {f.name for f in PageVisitDay._meta.fields} == {"id", "entity", "kind", "day", "visits"}


def test_visits_of_a_popular_page_are_written_in_batches_and_none_is_lost(client, entity, settings):
    """A popular page must not update the same counter row on every view: visits are added up in the
    process and written together (at most every VISITS_FLUSH_SECONDS, and when the process exits)."""
    from analytics.services.visits import page_visits_flush

    settings.VISITS_FLUSH_SECONDS = 3600
    page_visits_flush()
    consultation = ConsultationFactory(entity=entity)
    url = reverse("consultations:detail", args=[consultation.pk])
    for _ in range(25):
        client.get(url)
    assert not PageVisitDay.objects.exists()
    with CaptureQueriesContext(connection) as writes:
        assert page_visits_flush() == 25
    assert PageVisitDay.objects.get(entity=entity).visits == 25
    assert _statements(writes) == ["UPDATE", "INSERT"]  # no row yet: one INSERT carries all 25
    client.get(url)
    with CaptureQueriesContext(connection) as writes:
        page_visits_flush()
    assert PageVisitDay.objects.get(entity=entity).visits == 26
    assert _statements(writes) == ["UPDATE"]


def _statements(captured) -> list[str]:
    verbs = [q["sql"].split()[0].upper() for q in captured.captured_queries]
    return [v for v in verbs if v in ("UPDATE", "INSERT")]
