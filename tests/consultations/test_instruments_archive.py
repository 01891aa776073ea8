"""Surveys, participatory budgets and the opinion map count in the campaign's tallies, its analysis,
its archive record, the archive's exports and the archive API, like comments and drafts do."""

import csv
import io
import json

import pytest
from django.urls import reverse

from consultations.models import Decision, OpinionStatement, OpinionVote, SurveyResponse
from consultations.phases import Phase
from consultations.selectors_lifecycle import participation_figures
from consultations.services import lifecycle as lifecycle_services
from consultations.services.instruments import budget_allocate, opinion_map_compute
from tests.factories import UserFactory

from .instrument_factories import make_budget, make_survey
from .test_archive import _stream
from .test_opinion_map import planted_votes

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrumented(campaign, coordinator):
    """A campaign whose surveys, budget and opinion map were used in Conduct, then decided and announced."""
    consultation = campaign(Phase.CONDUCT)
    survey, _questions = make_survey(consultation)
    SurveyResponse.objects.create(survey=survey, user=UserFactory())
    SurveyResponse.objects.create(survey=survey, is_offline=True, entered_by=coordinator)

    budget, (park, library, _bench, lamp) = make_budget(consultation)
    # Votes: Park 2, Lamp 2, Library 1. The rule funds Lamp (tie → cheaper), then Park; Library no longer fits.
    for chosen in ([park, lamp], [park], [library, lamp]):
        budget_allocate(budget=budget, user=UserFactory(), project_ids=[p.pk for p in chosen])

    votes, _truth = planted_votes(per_group=5, noise=0)  # 10 people, 6 statements: 4 divide, 2 agree
    people = {p: UserFactory() for p in {p for p, _s, _v in votes}}
    statements = {
        s: OpinionStatement.objects.create(consultation=consultation, author=people[0], text=f"Statement {s}")
        for s in sorted({s for _p, s, _v in votes})
    }
    OpinionVote.objects.bulk_create(
        [OpinionVote(statement=statements[s], user=people[p], value=v) for p, s, v in votes]
    )
    opinion_map_compute(consultation=consultation)

    lifecycle_services.consultation_advance(
        consultation=consultation, to_phase=Phase.ANALYSIS, user=coordinator
    )
    decision = Decision(consultation=consultation, text_ar="قرار", text_en="Decision", rationale_ar="لأن")
    lifecycle_services.decision_save(decision=decision, user=coordinator)
    lifecycle_services.decision_approve(decision=decision, user=coordinator, approved_from="Director general")
    lifecycle_services.consultation_advance(
        consultation=consultation, to_phase=Phase.ANNOUNCEMENT, user=coordinator
    )
    consultation.refresh_from_db()
    return consultation


def test_the_campaign_tallies_count_each_instrument(instrumented):
    figures = participation_figures(instrumented)
    assert figures["survey_responses"] == 2 and figures["survey_responses_offline"] == 1
    assert figures["budget_allocations"] == 3
    assert figures["opinion_statements"] == 6 and figures["opinion_votes"] == 60
    # 1 online respondent + 3 allocators + 10 opinion voters (the paper response is nobody's account).
    assert figures["participants_online"] == 14


def test_the_analysis_page_shows_the_figures_the_budget_result_and_the_groups(
    client, instrumented, coordinator
):
    client.force_login(coordinator)
    html = client.get(
        reverse("admin:consultations_consultation_analysis", args=[instrumented.pk])
    ).content.decode()
    assert '<td id="fig-survey-responses">2 (' in html
    assert '<td id="fig-budget-allocations">3</td>' in html
    assert "Statement 104" in html and "Statement 100" in html  # consensus and divisive lists


def test_the_archive_record_shows_what_each_instrument_gave(client, instrumented, english):
    html = client.get(instrumented.get_absolute_url()).content.decode()
    assert 'id="outcome-instruments"' in html
    assert "Survey “Service survey”: 2 responses (1 on paper)" in html
    assert "Participatory budget “Neighbourhood budget”: 3 allocations" in html
    assert "funded by the stated rule: <bdi>Lamp</bdi> (<bdi>2</bdi>)، <bdi>Park</bdi> (<bdi>2</bdi>)" in html
    assert "Opinion map: 6 statements, 60 votes, 2 opinion groups" in html


def test_the_archive_record_in_arabic_names_the_instruments(client, instrumented):
    html = client.get(instrumented.get_absolute_url()).content.decode()
    assert "ميزانية الحي" in html and "استبيان الخدمة" in html
    assert "Survey “" not in html


def test_the_archive_exports_carry_the_instrument_counts_and_the_budget_result(client, instrumented):
    rows = list(csv.DictReader(io.StringIO(_stream(client.get("/archive/export.csv")).decode("utf-8-sig"))))
    row = next(r for r in rows if r["id"] == str(instrumented.pk))
    assert row["survey_responses"] == "2"
    assert row["budget_allocations"] == "3"
    assert row["opinion_statements"] == "6" and row["opinion_votes"] == "60"
    assert row["opinion_groups"] == "2"
    assert row["budget_funded"] == "ميزانية الحي: Lamp | Park"

    data = json.loads(_stream(client.get("/archive/export.json")))
    item = next(r for r in data if r["id"] == instrumented.pk)
    assert (item["survey_responses"], item["budget_allocations"], item["opinion_votes"]) == (2, 3, 60)
    assert item["opinion_groups"] == 2 and item["budget_funded"] == "ميزانية الحي: Lamp | Park"


def test_hidden_statements_leave_the_exported_counts(client, instrumented, coordinator):
    from consultations.services.instruments import opinion_statement_moderate

    statement = OpinionStatement.objects.filter(consultation=instrumented).first()
    opinion_statement_moderate(statement=statement, user=coordinator, hide=True, reason="خارج الموضوع")
    data = json.loads(_stream(client.get("/archive/export.json")))
    item = next(r for r in data if r["id"] == instrumented.pk)
    assert item["opinion_statements"] == 5 and item["opinion_votes"] == 50


def test_the_archive_api_detail_has_the_figures_and_results(client, instrumented):
    data = client.get(f"/api/v1/consultations/{instrumented.pk}").json()
    assert data["instruments"]["survey_responses"] == 2
    assert data["instruments"]["budget_allocations"] == 3
    assert data["instruments"]["opinion_votes"] == 60
    results = data["instrument_results"]
    assert results["surveys"] == [
        {"title": {"ar": "استبيان الخدمة", "en": "Service survey"}, "responses": 2, "offline": 1}
    ]
    (budget,) = results["budgets"]
    assert budget["allocations"] == 3 and budget["spent"] == 70 and budget["total"] == 100
    assert [(p["title"]["en"], p["votes"]) for p in budget["funded"]] == [("Lamp", 2), ("Park", 2)]
    opinion = results["opinion_map"]
    assert opinion["groups"] == 2 and opinion["group_sizes"] == [5, 5]
    assert sorted(opinion["consensus"]) == ["Statement 104", "Statement 105"]
    assert sorted(opinion["divisive"]) == [f"Statement {n}" for n in (100, 101, 102, 103)]


def test_a_pushed_consultation_has_empty_instrument_results(client, entity):
    from tests.factories import ConsultationFactory

    pushed = ConsultationFactory(entity=entity, phase=Phase.ARCHIVED, source="pushed", external_id="x1")
    data = client.get(f"/api/v1/consultations/{pushed.pk}").json()
    assert data["instrument_results"] == {"surveys": [], "budgets": [], "opinion_map": None}
    assert data["instruments"]["survey_responses"] == 0


def test_the_demo_archive_shows_each_instruments_figures(client, db):
    from io import StringIO

    from django.core.management import call_command

    from consultations.models import Consultation

    call_command("seed_demo", stdout=StringIO())
    decided = Consultation.objects.get(title_en="Flexible work in the private sector")
    data = client.get(f"/api/v1/consultations/{decided.pk}").json()
    assert data["instruments"]["survey_responses"] > 0 and data["instruments"]["budget_allocations"] > 0
    assert data["instrument_results"]["budgets"][0]["funded"]
    assert data["instrument_results"]["opinion_map"]["groups"] >= 2
    html = client.get(decided.get_absolute_url()).content.decode()
    assert 'id="outcome-instruments"' in html and "ميزانية دعم العمل المرن" in html


def test_participation_over_time_counts_the_instruments_in_each_day(instrumented):
    from consultations.selectors_lifecycle import participation_over_time

    rows = participation_over_time(instrumented)
    # 2 survey responses + 3 allocations + 6 statements, all today (no comments, ideas or ballots).
    assert sum(row["total"] for row in rows) == 11
