"""Surveys: questionnaires answered once per person (or per browser for anonymous surveys), results, CSV."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from consultations.models import Plan, SurveyResponse
from consultations.phases import Phase
from consultations.selectors_instruments import survey_results
from consultations.services.instruments import survey_response_submit
from tests.factories import ConsultationFactory, UserFactory

from .instrument_factories import make_survey

pytestmark = pytest.mark.usefixtures("english")  # messages are matched in English; one test checks Arabic


def _answers(qs, *, office=0, scale=4):
    single = qs["single"].choices.all()[office].pk
    ranking = list(qs["ranking"].choices.values_list("pk", flat=True))
    return {
        qs["single"].pk: str(single),
        qs["multiple"].pk: [str(c) for c in qs["multiple"].choices.values_list("pk", flat=True)[:2]],
        qs["scale"].pk: str(scale),
        qs["text"].pk: "More evening hours",
        qs["ranking"].pk: {ranking[0]: "2", ranking[1]: "1", ranking[2]: "3"},
    }


def test_a_person_answers_once_and_the_database_refuses_a_second(open_consultation, citizen):
    survey, qs = make_survey(open_consultation)
    survey_response_submit(survey=survey, answers=_answers(qs), user=citizen)
    with pytest.raises(ValidationError, match="already answered"):
        survey_response_submit(survey=survey, answers=_answers(qs, office=1), user=citizen)
    assert SurveyResponse.objects.filter(survey=survey, user=citizen).count() == 1
    results = survey_results(survey)
    assert results["total"] == 1
    single = next(i for i in results["questions"] if i["question"].kind == "single")
    assert [r["count"] for r in single["rows"]] == [1, 0]


def test_required_questions_and_invalid_answers_are_refused_with_the_question_named(
    open_consultation, citizen
):
    survey, qs = make_survey(open_consultation)
    answers = _answers(qs)
    answers[qs["scale"].pk] = ""
    answers[qs["ranking"].pk] = dict.fromkeys(qs["ranking"].choices.values_list("pk", flat=True), "1")
    with pytest.raises(ValidationError) as error:
        survey_response_submit(survey=survey, answers=answers, user=citizen)
    assert set(error.value.message_dict) == {f"q-{qs['scale'].pk}", f"q-{qs['ranking'].pk}"}
    assert not SurveyResponse.objects.exists()
    # Optional questions may stay blank.
    answers = _answers(qs)
    answers[qs["multiple"].pk], answers[qs["text"].pk], answers[qs["ranking"].pk] = [], "", {}
    survey_response_submit(survey=survey, answers=answers, user=citizen)
    assert SurveyResponse.objects.get().answers.count() == 2


def test_results_count_scale_mean_and_rank_points(open_consultation):
    survey, qs = make_survey(open_consultation)
    for scale in (2, 4, 5):
        survey_response_submit(survey=survey, answers=_answers(qs, scale=scale), user=UserFactory())
    by_kind = {i["question"].kind: i for i in survey_results(survey)["questions"]}
    assert by_kind["scale"]["mean"] == pytest.approx(3.67)
    assert [r["count"] for r in by_kind["scale"]["rows"]] == [0, 1, 0, 1, 1]
    # Cost was ranked first three times: 2 points each; Speed second: 1 point each.
    assert [(r["label"], r["count"]) for r in by_kind["ranking"]["rows"]] == [
        ("Cost", 6),
        ("Speed", 3),
        ("Courtesy", 0),
    ]


def test_anonymous_answers_once_per_browser_only_when_the_plan_lets_anyone_take_part(
    client, open_consultation
):
    survey, qs = make_survey(open_consultation)
    url = reverse("consultations:survey", args=[open_consultation.pk, survey.pk])
    data = {f"q-{qs['single'].pk}": qs["single"].choices.first().pk, f"q-{qs['scale'].pk}": "3"}
    client.post(url, data)
    assert not SurveyResponse.objects.exists()  # no plan allowing anyone: log in first
    Plan.objects.create(
        consultation=open_consultation, objective="x", participation=Plan.Participation.ANYONE
    )
    assert client.post(url, data).status_code == 302
    client.post(url, data)
    assert SurveyResponse.objects.filter(session_key__isnull=False).count() == 1
    client.cookies.clear()  # another browser
    client.post(url, data)
    assert SurveyResponse.objects.count() == 2


def test_verified_residents_only_is_enforced(open_consultation, citizen):
    Plan.objects.create(
        consultation=open_consultation, objective="x", participation=Plan.Participation.VERIFIED
    )
    survey, qs = make_survey(open_consultation)
    with pytest.raises(ValidationError, match="verified residents"):
        survey_response_submit(survey=survey, answers=_answers(qs), user=citizen)


def test_a_closed_consultation_refuses_answers_but_the_coordinator_enters_paper_ones(
    entity, coordinator, citizen
):
    closed = ConsultationFactory(entity=entity, phase=Phase.ANALYSIS)
    survey, qs = make_survey(closed)
    with pytest.raises(ValidationError, match="closed"):
        survey_response_submit(survey=survey, answers=_answers(qs), user=citizen)
    response = survey_response_submit(survey=survey, answers=_answers(qs), entered_by=coordinator)
    assert response.is_offline and response.user is None
    assert survey_results(survey)["offline"] == 1


def test_another_entitys_coordinator_cannot_enter_paper_responses(
    open_consultation, other_coordinator, client
):
    survey, qs = make_survey(open_consultation)
    with pytest.raises(PermissionDenied):
        survey_response_submit(survey=survey, answers=_answers(qs), entered_by=other_coordinator)
    client.force_login(other_coordinator)
    assert client.get(reverse("admin:consultations_survey_offline", args=[survey.pk])).status_code == 404
    assert client.get(reverse("admin:consultations_survey_changelist")).context["cl"].result_count == 0


def test_paper_response_through_the_admin(open_consultation, coordinator, client):
    survey, qs = make_survey(open_consultation)
    client.force_login(coordinator)
    url = reverse("admin:consultations_survey_offline", args=[survey.pk])
    assert client.get(url).status_code == 200
    client.post(url, {f"q-{qs['single'].pk}": qs["single"].choices.first().pk, f"q-{qs['scale'].pk}": "5"})
    assert SurveyResponse.objects.get().is_offline


def test_csv_export_for_the_coordinator_only(open_consultation, coordinator, citizen, client):
    survey, qs = make_survey(open_consultation)
    survey_response_submit(survey=survey, answers=_answers(qs), user=citizen)
    url = reverse("consultations:survey-export", args=[open_consultation.pk, survey.pk])
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    with translation.override("en"):
        response = client.get(reverse("consultations:survey-export", args=[open_consultation.pk, survey.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "More evening hours" in body and "Cost | Speed | Courtesy" in body
    assert citizen.email not in body


@pytest.mark.parametrize("lang,words", [("ar", "إرسال إجاباتي"), ("en", "Send my answers")])
def test_the_survey_page_in_both_languages_with_chart_data(client, open_consultation, citizen, lang, words):
    survey, qs = make_survey(open_consultation)
    survey_response_submit(survey=survey, answers=_answers(qs), user=UserFactory())
    client.force_login(citizen)
    with translation.override(lang):
        response = client.get(reverse("consultations:survey", args=[open_consultation.pk, survey.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and words in html
    assert 'id="survey-chart-data"' not in html  # the results come after answering (issue 13, defect 13)
    survey_response_submit(survey=survey, answers=_answers(qs), user=citizen)
    with translation.override(lang):
        html = client.get(
            reverse("consultations:survey", args=[open_consultation.pk, survey.pk])
        ).content.decode()
    assert 'id="survey-chart-data"' in html and "<script>" not in html
    with translation.override(lang):
        detail = client.get(open_consultation.get_absolute_url()).content.decode()
        link = reverse("consultations:survey", args=[open_consultation.pk, survey.pk])
    assert link in detail


def test_the_form_shows_the_error_next_to_the_question(client, open_consultation, citizen, english):
    survey, qs = make_survey(open_consultation)
    client.force_login(citizen)
    response = client.post(reverse("consultations:survey", args=[open_consultation.pk, survey.pk]), {})
    assert response.status_code == 400
    assert "This question needs an answer." in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_answers_from_one_person_leave_one_response():
    from .test_concurrency import _race, _succeeded, _unexpected

    person = UserFactory()
    survey, qs = make_survey(ConsultationFactory())
    answers = _answers(qs)
    outcomes = _race(8, lambda: survey_response_submit(survey=survey, answers=answers, user=person))
    errors = _unexpected(outcomes)
    assert _succeeded(outcomes) == 1  # the others are told they have already answered
    assert errors == []
    assert SurveyResponse.objects.filter(survey=survey, user=person).count() == 1


def test_respondents_count_as_participants_of_the_campaign(open_consultation, citizen):
    from consultations.selectors_lifecycle import participant_ids, participation_figures

    survey, qs = make_survey(open_consultation)
    survey_response_submit(survey=survey, answers=_answers(qs), user=citizen)
    assert citizen.pk in participant_ids(open_consultation)
    assert participation_figures(open_consultation)["survey_responses"] == 1
