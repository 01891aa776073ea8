"""Shared set-up of the proposal tests: a kind with small thresholds, people in each role."""

from datetime import timedelta

from django.utils import timezone

from consultations.models import Proposal, ProposalKind, ProposalThreshold
from consultations.services import proposals as services
from governance.models import Role
from governance.services import role_assign
from tests.factories import UserFactory


def make_kind(*, first=3, second=5, days=20, verified_only=False, slug="petition") -> ProposalKind:
    kind = ProposalKind.objects.create(
        slug=slug, name_ar="عريضة", name_en="Petition", verified_only=verified_only
    )
    ProposalThreshold.objects.create(
        kind=kind, signatures=first, response=ProposalThreshold.Response.ANSWER, answer_working_days=days
    )
    ProposalThreshold.objects.create(
        kind=kind,
        signatures=second,
        response=ProposalThreshold.Response.CONSULTATION,
        answer_working_days=days,
    )
    return kind


def role_user(role: str, **fields):
    user = UserFactory(**fields)
    role_assign(user=user, role=role)
    return user


def coordination_member():
    return role_user(Role.COORDINATION_TEAM)


def published_proposal(
    *, kind, entity, author=None, moderator=None, title="تحسين مواقف الحافلات"
) -> Proposal:
    author = author or UserFactory()
    proposal = services.proposal_draft_save(
        author=author,
        kind=kind,
        entity=entity,
        title=title,
        body="نقترح تظليل مواقف الحافلات في جميع الأحياء السكنية.",
        sector="other",
    )
    services.proposal_submit(proposal=proposal, user=author)
    return services.proposal_publish(proposal=proposal, user=moderator or coordination_member())


def expire(proposal: Proposal) -> None:
    Proposal.objects.filter(pk=proposal.pk).update(signing_ends_at=timezone.now() - timedelta(minutes=1))
