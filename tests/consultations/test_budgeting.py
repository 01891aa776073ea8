"""Participatory budgeting: one allocation per person within the budget, the greedy rule, binding decisions."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from consultations.models import BudgetAllocation, Decision, Plan
from consultations.phases import Phase
from consultations.selectors_instruments import budget_result, greedy_within_budget
from consultations.services import lifecycle as lifecycle_services
from consultations.services.instruments import budget_allocate, budget_decision_adopt
from tests.factories import ConsultationFactory, UserFactory

from .instrument_factories import make_budget

pytestmark = pytest.mark.usefixtures("english")


def test_the_rule_on_known_data():
    # (id, cost, votes): 1 is most voted; 2 does not fit after 1; 3 and 4 tie on votes, the cheaper first.
    projects = [(1, 60, 9), (2, 50, 7), (3, 30, 5), (4, 20, 5), (5, 10, 0)]
    assert greedy_within_budget(projects, 100) == [
        1,
        4,
    ]  # 60 + 20; then 3 (30) no longer fits; 5 has no votes
    assert greedy_within_budget(projects, 110) == [1, 2]  # 60 + 50 fills it
    # Equal votes and equal cost: the one listed first wins; the same input gives the same output.
    assert greedy_within_budget([(7, 40, 3), (6, 40, 3)], 40) == [7]
    assert greedy_within_budget([(7, 40, 3), (6, 40, 3)], 40) == [7]


def test_one_allocation_per_person_changeable_while_open(open_consultation, citizen):
    budget, (park, library, bench, lamp) = make_budget(open_consultation)
    budget_allocate(budget=budget, user=citizen, project_ids=[park.pk, bench.pk])
    budget_allocate(budget=budget, user=citizen, project_ids=[library.pk, lamp.pk])
    allocation = BudgetAllocation.objects.get(budget=budget, user=citizen)
    assert set(allocation.projects.values_list("pk", flat=True)) == {library.pk, lamp.pk}
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetAllocation.objects.create(budget=budget, user=citizen)


def test_an_allocation_over_the_budget_or_foreign_is_refused(open_consultation, citizen):
    budget, (park, library, bench, lamp) = make_budget(open_consultation)
    with pytest.raises(ValidationError, match="more than the budget"):
        budget_allocate(budget=budget, user=citizen, project_ids=[park.pk, library.pk])
    other, (foreign, *_rest) = make_budget(ConsultationFactory())
    with pytest.raises(ValidationError, match="does not belong"):
        budget_allocate(budget=budget, user=citizen, project_ids=[foreign.pk])
    with pytest.raises(ValidationError, match="at least one"):
        budget_allocate(budget=budget, user=citizen, project_ids=[])
    assert not BudgetAllocation.objects.exists()


def test_only_eligible_people_allocate_and_a_closed_consultation_refuses(entity, citizen):
    consultation = ConsultationFactory(entity=entity)
    Plan.objects.create(consultation=consultation, objective="x", participation=Plan.Participation.VERIFIED)
    budget, projects = make_budget(consultation)
    with pytest.raises(ValidationError, match="verified residents"):
        budget_allocate(budget=budget, user=citizen, project_ids=[projects[0].pk])
    citizen.is_verified_resident = True
    citizen.save()
    budget_allocate(budget=budget, user=citizen, project_ids=[projects[0].pk])
    consultation.phase = Phase.ANALYSIS
    consultation.save()
    with pytest.raises(ValidationError, match="closed"):
        budget_allocate(budget=budget, user=citizen, project_ids=[projects[1].pk])


def test_the_result_from_allocations(open_consultation):
    budget, (park, library, bench, lamp) = make_budget(open_consultation)
    for ids in ([park, lamp], [park, bench], [library, bench], [library, lamp], [park]):
        budget_allocate(budget=budget, user=UserFactory(), project_ids=[p.pk for p in ids])
    result = budget_result(budget)
    # Votes: park 3, library 2, bench 2, lamp 2. Park (60) funded; library (50) does not fit in 40;
    # bench (30) and lamp (10) tie with library on votes and are cheaper: lamp, bench, library.
    assert result["funded_ids"] == [park.pk, lamp.pk, bench.pk]
    assert result["spent"] == 100 and result["left"] == 0 and result["participants"] == 5


def test_a_binding_budget_decision_must_match_the_result(entity, coordinator, federal_user):
    from .conftest import walk

    consultation = ConsultationFactory(entity=entity, phase=Phase.PREPARATION, opens_at=None, closes_at=None)
    budget, (park, library, bench, lamp) = make_budget(consultation)
    walk(consultation, Phase.CONDUCT, coordinator=coordinator, reviewer=federal_user, binding=True)
    for ids in ([park], [park], [library]):
        budget_allocate(budget=budget, user=UserFactory(), project_ids=[p.pk for p in ids])
    lifecycle_services.consultation_advance(
        consultation=consultation, to_phase=Phase.ANALYSIS, user=coordinator
    )
    decision = Decision(
        consultation=consultation,
        text_ar="تمويل",
        text_en="Fund",
        rationale_ar="التصويت",
        rationale_en="The vote",
    )
    budget.decided_projects.set([library])
    with pytest.raises(ValidationError, match="must fund exactly"):
        lifecycle_services.decision_save(decision=decision, user=coordinator)
    # Park has 2 votes (60), library 1 vote (50) no longer fits: the rule funds the park only.
    assert budget_decision_adopt(budget=budget, user=coordinator) == [park.pk]
    lifecycle_services.decision_save(decision=decision, user=coordinator)
    lifecycle_services.decision_approve(decision=decision, user=coordinator, approved_from="Director")
    assert Decision.objects.get(consultation=consultation).approved_at


def test_a_binding_campaign_with_a_budget_and_no_poll_may_open(entity, coordinator, federal_user):
    from .conftest import walk

    consultation = ConsultationFactory(entity=entity, phase=Phase.PREPARATION, opens_at=None, closes_at=None)
    make_budget(consultation)
    walk(consultation, Phase.CONDUCT, coordinator=coordinator, reviewer=federal_user, binding=True)
    assert consultation.phase == Phase.CONDUCT


def test_budget_admin_is_scoped_to_the_entity(open_consultation, coordinator, other_coordinator, client):
    budget, _projects = make_budget(open_consultation)
    client.force_login(other_coordinator)
    assert client.get(
        reverse("admin:consultations_participatorybudget_change", args=[budget.pk])
    ).status_code in (
        302,
        404,
    )
    client.force_login(coordinator)
    response = client.get(reverse("admin:consultations_participatorybudget_change", args=[budget.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("lang,words", [("ar", "كيف تُحسب النتيجة"), ("en", "How the result is computed")])
def test_the_budget_page_in_both_languages(client, entity, citizen, lang, words):
    closed = ConsultationFactory(entity=entity, phase=Phase.ANALYSIS)
    budget, projects = make_budget(closed)
    with translation.override(lang):
        html = client.get(reverse("consultations:budget", args=[closed.pk, budget.pk])).content.decode()
    assert words in html and 'id="budget-result"' in html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_allocations_from_one_person_leave_one():
    from .test_concurrency import _race

    person = UserFactory()
    budget, projects = make_budget(ConsultationFactory())
    outcomes = _race(8, lambda: budget_allocate(budget=budget, user=person, project_ids=[projects[0].pk]))
    assert [o for o in outcomes if isinstance(o, Exception)] == []  # a basket may be chosen again
    assert BudgetAllocation.objects.filter(budget=budget, user=person).count() == 1


def test_the_analysis_page_shows_the_instruments(open_consultation, coordinator, client):
    budget, (park, *_rest) = make_budget(open_consultation)
    budget_allocate(budget=budget, user=UserFactory(), project_ids=[park.pk])
    client.force_login(coordinator)
    html = client.get(
        reverse("admin:consultations_consultation_analysis", args=[open_consultation.pk])
    ).content.decode()
    assert 'id="instruments-analysis"' in html and '<td id="fig-budget-allocations">1</td>' in html
    assert park.title in html
