"""The EPI per entity: every automatic criterion met and missed, evidence, normalisation, snapshots."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.criteria import CHECKS
from analytics.models import Criterion, CriterionResult, EntityScore, Evidence, IndexSnapshot
from analytics.services.evidence import evidence_review, evidence_save
from analytics.services.indices import indices_compute
from consultations.models import Readiness
from governance.models import LegalPage, ToolkitItem
from opendata.models import Dataset, DatasetRequest, Licence
from tests.factories import (
    CommentFactory,
    ConsultationFactory,
    EntityFactory,
    IdeaFactory,
    PollFactory,
    UserFactory,
)

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def _result(entity, code):
    return CriterionResult.objects.get(
        score__entity=entity, criterion__code=code, score__snapshot__computed_on=timezone.localdate()
    )


def _decided(entity, sector="education", days=10, phase="announcement"):
    return ConsultationFactory(
        entity=entity,
        sector=sector,
        phase=phase,
        opens_at=days_ago(days + 30),
        closes_at=days_ago(days + 1),
        decided_at=days_ago(days),
        decision="We will do it",
    )


def _dataset(entity, *, is_open=True, name="d1"):
    licence, _ = Licence.objects.get_or_create(
        slug="cc-by" if is_open else "closed", defaults={"title": "L", "is_open": is_open}
    )
    return Dataset.objects.create(entity=entity, name=f"{name}-{entity.slug}", title="Data", licence=licence)


# Each automatic check: (criterion code, how to meet it for an entity, how to nearly meet it but miss)
def _meet_outcomes(e):
    _decided(e)


def _miss_outcomes(e):
    _decided(e, days=400)  # outside the last 12 months


def _meet_decisions_health(e):
    _decided(e, sector="health")


def _miss_decisions_health(e):
    _decided(e, sector="education")


def _meet_consulted_labour(e):
    ConsultationFactory(entity=e, sector="labour")


def _miss_consulted_labour(e):
    ConsultationFactory(entity=e, sector="labour", phase="planning")  # not public


def _meet_service(e):
    Readiness.objects.create(consultation=ConsultationFactory(entity=e), goal_type="vote")


def _miss_service(e):
    Readiness.objects.create(consultation=ConsultationFactory(entity=e), goal_type="ideas")


def _meet_tools(e):
    PollFactory(consultation=ConsultationFactory(entity=e))


def _miss_tools(e):
    ConsultationFactory(entity=e)  # public, but neither a poll nor an idea


def _meet_open_data(e):
    _dataset(e)


def _miss_open_data(e):
    _dataset(e, is_open=False)


def _meet_requests(e):
    DatasetRequest.objects.create(entity=e, title="T", reason="R", status="accepted", answered_at=days_ago(1))


def _miss_requests(e):
    DatasetRequest.objects.create(entity=e, title="T", reason="R")  # never answered


def _meet_privacy(e):
    LegalPage.objects.create(
        kind="privacy",
        version=1,
        title="P",
        body="b",
        published_on=datetime.date(2024, 1, 1),
        is_published=True,
    )


def _miss_privacy(e):
    LegalPage.objects.create(
        kind="privacy",
        version=1,
        title="P",
        body="b",
        published_on=datetime.date(2024, 1, 1),
        is_published=False,
    )


def _meet_rti(e):
    LegalPage.objects.create(
        kind="right-to-information",
        version=1,
        title="R",
        body="b",
        published_on=datetime.date(2024, 1, 1),
        is_published=True,
    )


def _miss_rti(e):
    LegalPage.objects.create(
        kind="terms",
        version=1,
        title="T",
        body="b",
        published_on=datetime.date(2024, 1, 1),
        is_published=True,
    )


def _toolkit(kind, status):
    def make(e):
        ToolkitItem.objects.create(
            kind=kind,
            title="Doc",
            slug=f"doc-{kind}-{status}",
            owner=UserFactory(),
            status=status,
            last_reviewed_on=datetime.date.today(),
            review_due_on=datetime.date.today(),
        )

    return make


def _proposal(answered):
    def make(e):
        from consultations.services import proposals as proposal_services
        from governance.services import entity_coordinator_assign
        from tests.consultations.proposal_helpers import make_kind, published_proposal

        proposal = published_proposal(kind=make_kind(first=1, second=9), entity=e)
        proposal_services.proposal_sign(proposal=proposal, user=UserFactory())
        [milestone] = proposal_services.proposal_thresholds_check(proposal=proposal)
        if answered:
            coordinator = UserFactory()
            entity_coordinator_assign(entity=e, user=coordinator)
            proposal_services.proposal_answer(milestone=milestone, user=coordinator, answer_ar="نرد علناً.")

    return make


CASES = {
    "citizen-proposals-answered": (_proposal(True), _proposal(False)),
    "outcomes-published": (_meet_outcomes, _miss_outcomes),
    "decisions-health": (_meet_decisions_health, _miss_decisions_health),
    "consulted-labour": (_meet_consulted_labour, _miss_consulted_labour),
    "service-improvement": (_meet_service, _miss_service),
    "online-input-tools": (_meet_tools, _miss_tools),
    "open-data-open-licence": (_meet_open_data, _miss_open_data),
    "propose-datasets": (_meet_requests, _miss_requests),
    "personal-data-protection": (_meet_privacy, _miss_privacy),
    "right-to-information": (_meet_rti, _miss_rti),
    "archived-policy-documents": (_toolkit("policy", "approved"), _toolkit("policy", "draft")),
    "eparticipation-policy": (_toolkit("guide", "approved"), _toolkit("lesson", "approved")),
}


def test_every_registered_check_is_tested_here():
    checks = set(Criterion.objects.filter(code__in=CASES).values_list("check_name", flat=True))
    assert checks == set(CHECKS)


@pytest.mark.parametrize("code", sorted(CASES))
def test_automatic_criterion_met(code):
    entity = EntityFactory()
    CASES[code][0](entity)
    indices_compute()
    result = _result(entity, code)
    assert result.met and result.points == Criterion.objects.get(code=code).points
    assert result.evidence_text


@pytest.mark.parametrize("code", sorted(CASES))
def test_automatic_criterion_missed(code):
    entity = EntityFactory()
    CASES[code][1](entity)
    indices_compute()
    result = _result(entity, code)
    assert not result.met and result.points == 0


@pytest.mark.parametrize(
    "sector", ["education", "health", "finance", "social-welfare", "labour", "environment"]
)
def test_sector_criteria_count_only_their_sector(sector):
    entity = EntityFactory()
    _decided(entity, sector=sector)
    indices_compute()
    met = set(
        CriterionResult.objects.filter(score__entity=entity, met=True).values_list(
            "criterion__code", flat=True
        )
    )
    assert {f"decisions-{sector}", f"consulted-{sector}"} <= met
    others = [
        s
        for s in ["education", "health", "finance", "social-welfare", "labour", "environment"]
        if s != sector
    ]
    assert {f"decisions-{s}" for s in others}.isdisjoint(met)
    assert {f"consulted-{s}" for s in others}.isdisjoint(met)


def test_scores_normalise_across_entities_and_rank_with_ties(
    only_criteria, coordinator, entity, federal_user
):
    only_criteria("outcomes-published", "open-data-open-licence", "partnerships")
    strong, middle, tied, empty = entity, EntityFactory(), EntityFactory(), EntityFactory()
    for e in (strong, middle, tied):
        _dataset(e, name="x")  # 1 point each
    _decided(strong)  # +2 points
    evidence = evidence_save(
        evidence=Evidence(
            entity=strong, criterion=Criterion.objects.get(code="partnerships"), url="https://example.org/p"
        ),
        user=coordinator,
    )
    assert evidence.status == "pending"
    indices_compute()
    assert EntityScore.objects.get(entity=strong).score == 3  # evidence not reviewed yet: not counted
    evidence_review(evidence=evidence, user=federal_user, accept=True)
    snapshot = indices_compute()
    scores = {s.entity_id: s for s in snapshot.scores.all()}
    assert scores[strong.pk].score == 4 and scores[strong.pk].epi == 1.0 and scores[strong.pk].rank == 1
    assert scores[middle.pk].epi == pytest.approx(0.25) and scores[middle.pk].rank == 2
    assert scores[tied.pk].rank == 2  # a tie shares the rank
    assert scores[empty.pk].epi == 0.0 and scores[empty.pk].rank == 4
    assert scores[strong.pk].by_level == {"e-information": 2, "e-consultation": 0, "e-decision-making": 2}
    assert snapshot.max_points == 4
    assert snapshot.national_score == pytest.approx((4 + 1 + 1 + 0) / 4)
    assert snapshot.national_epi == pytest.approx((1 + 0.25 + 0.25 + 0) / 4)
    partnership = _result(strong, "partnerships")
    assert partnership.met and partnership.evidence_url == "https://example.org/p"


def test_a_coordinator_cannot_record_evidence_for_another_entity(coordinator, other_entity):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        evidence_save(
            evidence=Evidence(
                entity=other_entity, criterion=Criterion.objects.get(code="partnerships"), url="https://x.org"
            ),
            user=coordinator,
        )


def test_a_coordinator_cannot_review_evidence(coordinator, entity):
    from django.core.exceptions import PermissionDenied

    evidence = evidence_save(
        evidence=Evidence(
            entity=entity, criterion=Criterion.objects.get(code="partnerships"), url="https://x.org"
        ),
        user=coordinator,
    )
    with pytest.raises(PermissionDenied):
        evidence_review(evidence=evidence, user=coordinator, accept=True)


def test_inactive_entities_are_not_scored_and_the_same_day_is_replaced():
    active, inactive = EntityFactory(), EntityFactory(is_active=False)
    indices_compute()
    snapshot = indices_compute()
    assert IndexSnapshot.objects.count() == 1
    assert list(snapshot.scores.values_list("entity_id", flat=True)) == [active.pk]
    assert not EntityScore.objects.filter(entity=inactive).exists()


def test_compute_indices_command_and_task(capsys):
    EntityFactory()
    call_command("compute_indices")
    assert "1 entities" in capsys.readouterr().out
    from analytics.tasks import indices_compute_task

    assert indices_compute_task.delay().get() == IndexSnapshot.objects.get().pk


def _contributions(entity, n):
    consultation = ConsultationFactory(entity=entity)
    poll = PollFactory(consultation=consultation)
    for _ in range(n):
        CommentFactory(consultation=consultation)
        IdeaFactory(consultation=consultation)
    _decided(entity)
    _dataset(entity, name=f"n{n}")
    return poll


def test_query_count_does_not_grow_with_contributions():
    a, b = EntityFactory(), EntityFactory()
    _contributions(a, 1)
    indices_compute()  # both measured runs below replace the day's snapshot
    with CaptureQueriesContext(connection) as few:
        indices_compute()
    for e in (a, b):
        _contributions(e, 15)
    for _ in range(3):
        EntityFactory()
    with CaptureQueriesContext(connection) as many:
        indices_compute()
    assert len(many) == len(few)


def test_evidence_admin_scoped_to_the_coordinators_entity_and_reviewed_by_the_federal_team(
    client, coordinator, entity, other_entity, federal_user
):
    from django.urls import reverse

    criterion = Criterion.objects.get(code="partnerships")
    Evidence.objects.create(entity=other_entity, criterion=criterion, url="https://other.example/p")
    for user in (coordinator, federal_user):
        user.is_staff = True
        user.save()
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:analytics_evidence_add"),
        {"entity": entity.pk, "criterion": criterion.pk, "url": "https://mine.example/p", "note": "n"},
    )
    assert response.status_code == 302
    mine = Evidence.objects.get(url="https://mine.example/p")
    assert mine.status == "pending" and mine.recorded_by == coordinator
    listing = client.get(reverse("admin:analytics_evidence_changelist")).content.decode()
    assert "mine.example" in listing and "other.example" not in listing
    client.force_login(federal_user)
    client.post(
        reverse("admin:analytics_evidence_changelist"),
        {"action": "accept", "_selected_action": [mine.pk]},
    )
    mine.refresh_from_db()
    assert mine.status == "accepted" and mine.reviewed_by == federal_user
