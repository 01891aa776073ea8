"""Citizen proposals counted in the archive, the KPIs, the ESCWA stage indicators and the EPI evidence,
with known numbers: two published proposals to one entity (3 and 2 signatures), one answered on time,
one answer overdue; a draft, and a proposal to another entity (answered late) that must not count for it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from analytics.criteria import evaluate
from analytics.indicators import stage_indicators
from consultations.models import ProposalMilestone
from consultations.selectors_proposals import proposals_archive_counts
from consultations.services import proposals as services
from governance.kpis import compute
from governance.models import Kpi
from tests.consultations.proposal_helpers import make_kind, published_proposal
from tests.factories import EntityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(entity, coordinator):
    kind = make_kind(first=2, second=50)
    answered = published_proposal(kind=kind, entity=entity, title="تظليل مواقف الحافلات")
    overdue = published_proposal(kind=kind, entity=entity, title="بيانات جودة الهواء")
    elsewhere = published_proposal(kind=kind, entity=EntityFactory(), title="مسارات الدراجات")
    for proposal, n in ((answered, 3), (overdue, 2), (elsewhere, 4)):
        for _ in range(n):
            services.proposal_sign(proposal=proposal, user=UserFactory())
        services.proposal_thresholds_check(proposal=proposal)
    services.proposal_draft_save(
        author=UserFactory(), kind=kind, entity=entity, title="مسودة لا تحتسب", body="x" * 40, sector="other"
    )
    milestone = ProposalMilestone.objects.get(proposal=answered)
    services.proposal_answer(milestone=milestone, user=coordinator, answer_ar="سننفذ المقترح هذا العام.")
    late = ProposalMilestone.objects.get(proposal=overdue)
    ProposalMilestone.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    other = ProposalMilestone.objects.get(proposal=elsewhere)
    ProposalMilestone.objects.filter(pk=other.pk).update(due_on=timezone.localdate() - timedelta(days=5))
    other.refresh_from_db()
    other_coordinator = UserFactory()
    from governance.services import entity_coordinator_assign

    entity_coordinator_assign(entity=elsewhere.entity, user=other_coordinator)
    services.proposal_answer(milestone=other, user=other_coordinator, answer_ar="نعتذر عن التأخر في الرد.")
    return {"answered": answered, "overdue": overdue, "elsewhere": elsewhere}


def test_archive_counts_proposals(known, entity):
    assert proposals_archive_counts(entity=entity) == {"published": 2, "answered": 1, "signatures": 5}
    assert proposals_archive_counts() == {"published": 3, "answered": 2, "signatures": 9}
    with translation.override("en"):
        page = Client().get(reverse("archive:entity", args=[entity.slug])).content.decode()
    assert 'data-count="proposals">2<' in page and 'data-count="signatures">5<' in page


def test_kpi_share_of_answers_on_time(known):
    # Today two answers are due (one unanswered, one given late): none on time.
    assert str(compute("proposals_answered_on_time", timezone.now())) == "0.00"
    # 60 days on, all three are due: one given on time, one late, one never → 33.33 %.
    assert str(compute("proposals_answered_on_time", timezone.now() + timedelta(days=60))) == "33.33"
    assert Kpi.objects.filter(
        code="proposals_answered_on_time", computation="proposals_answered_on_time"
    ).exists()


def test_stage_indicators_count_proposals_and_signatures(known, entity):
    per_entity, national = stage_indicators([entity.pk, known["elsewhere"].entity_id])
    assert per_entity[entity.pk]["participation"]["proposals"] == 2
    assert per_entity[entity.pk]["participation"]["proposal_signatures"] == 5
    assert national["participation"]["proposals"] == 3
    assert national["participation"]["proposal_signatures"] == 9


def test_epi_evidence_for_an_answered_proposal(known, entity):
    met = evaluate("citizen_proposals_answered", [entity.pk, known["elsewhere"].entity_id], timezone.now())
    assert set(met) == {entity.pk, known["elsewhere"].entity_id}
    url, label, params = met[entity.pk]
    assert url == reverse("consultations:proposal", args=[known["answered"].pk]) and params == {"n": 1}
    from analytics.models import Criterion

    assert Criterion.objects.filter(
        code="citizen-proposals-answered", check_name="citizen_proposals_answered"
    ).exists()
