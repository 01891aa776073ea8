"""Citizen proposals: moderation, one signature per person, thresholds, answers, escalation once per step."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from consultations.models import Proposal, ProposalMilestone, ProposalSignature
from consultations.services import proposals as services
from governance.models import Role
from sharik.accounts.models import Notification
from tests.consultations.proposal_helpers import (
    coordination_member,
    expire,
    make_kind,
    published_proposal,
    role_user,
)
from tests.factories import ConsultationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _sign(proposal, n, **fields):
    people = [UserFactory(**fields) for _ in range(n)]
    for person in people:
        services.proposal_sign(proposal=proposal, user=person)
    return people


def test_a_draft_is_private_until_published_and_refusal_gives_the_author_the_reason(client, entity):
    kind = make_kind()
    author = UserFactory()
    proposal = services.proposal_draft_save(
        author=author, kind=kind, entity=entity, title="Shade at bus stops", body="x" * 30, sector="other"
    )
    url = proposal.get_absolute_url()
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404  # another citizen
    client.force_login(author)
    assert client.get(url).status_code == 200
    services.proposal_submit(proposal=proposal, user=author)
    moderator = coordination_member()
    with pytest.raises(ValidationError) as error:
        services.proposal_refuse(proposal=proposal, user=moderator, reason="  ")
    assert "reason" in str(error.value)
    services.proposal_refuse(proposal=proposal, user=moderator, reason="Please write it in one language.")
    page = client.get(url).content.decode()
    assert "Please write it in one language." in page
    assert Notification.objects.filter(user=author, key__startswith="proposal-refused").count() == 1
    client.logout()
    assert client.get(url).status_code == 404


def test_only_the_coordination_team_publishes(entity, coordinator):
    kind = make_kind()
    author = UserFactory()
    proposal = services.proposal_draft_save(
        author=author, kind=kind, entity=entity, title="Shade at bus stops", body="x" * 30, sector="other"
    )
    services.proposal_submit(proposal=proposal, user=author)
    for person in (author, UserFactory(), coordinator, role_user(Role.OVERSIGHT_COMMITTEE)):
        with pytest.raises(PermissionDenied):
            services.proposal_publish(proposal=proposal, user=person)
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.PENDING
    services.proposal_publish(proposal=proposal, user=coordination_member())
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.OPEN
    assert (proposal.signing_ends_at - proposal.published_at) == timedelta(days=90)


def test_similar_published_proposals_are_shown_while_drafting(client, entity):
    kind = make_kind()
    published_proposal(kind=kind, entity=entity, title="Shade for every bus stop")
    author = UserFactory()
    client.force_login(author)
    response = client.post(
        reverse("consultations:proposal-create"),
        {
            "kind": kind.pk,
            "entity": entity.pk,
            "title": "More shade at stops",
            "body": "y" * 40,
            "sector": "other",
        },
    )
    draft = Proposal.objects.get(author=author)
    page = client.get(response.url).content.decode()
    assert "Shade for every bus stop" in page
    assert draft.state == Proposal.State.DRAFT


def test_one_signature_per_person_and_withdrawal_only_while_open(entity):
    proposal = published_proposal(kind=make_kind(first=100, second=200), entity=entity)
    person = UserFactory()
    services.proposal_sign(proposal=proposal, user=person)
    with pytest.raises(ValidationError) as error:
        services.proposal_sign(proposal=proposal, user=person)
    assert "already signed" in str(error.value)
    assert services.proposal_counts(proposal)["total"] == 1
    services.proposal_signature_withdraw(proposal=proposal, user=person)
    assert services.proposal_counts(proposal)["total"] == 0
    services.proposal_sign(proposal=proposal, user=person)
    expire(proposal)
    proposal.refresh_from_db()
    with pytest.raises(ValidationError):
        services.proposal_signature_withdraw(proposal=proposal, user=person)
    with pytest.raises(ValidationError):
        services.proposal_sign(proposal=proposal, user=UserFactory())
    assert ProposalSignature.objects.filter(proposal=proposal).count() == 1


def test_reaching_a_threshold_notifies_the_coordinators_once_and_starts_the_clock(
    entity, coordinator, other_coordinator, django_capture_on_commit_callbacks
):
    proposal = published_proposal(kind=make_kind(first=3, second=5, days=20), entity=entity)
    with django_capture_on_commit_callbacks(execute=True):
        _sign(proposal, 2)
    assert not proposal.milestones.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _sign(proposal, 2)
    milestone = proposal.milestones.get()
    assert milestone.threshold.signatures == 3
    assert (
        Notification.objects.filter(user=coordinator, key=f"proposal-threshold-{milestone.pk}").count() == 1
    )
    assert not Notification.objects.filter(user=other_coordinator).exists()
    # The beat's safety net finds nothing more to open and tells nobody twice.
    assert services.proposal_thresholds_check(proposal=proposal) == []
    assert Notification.objects.filter(user=coordinator).count() == 1


def test_only_verified_residents_count_when_the_kind_says_so(entity, django_capture_on_commit_callbacks):
    proposal = published_proposal(kind=make_kind(first=2, second=4, verified_only=True), entity=entity)
    with django_capture_on_commit_callbacks(execute=True):
        _sign(proposal, 3)
        _sign(proposal, 1, is_verified_resident=True)
    counts = services.proposal_counts(proposal)
    assert (counts["total"], counts["verified"], counts["others"], counts["counted"]) == (4, 1, 3, 1)
    assert not proposal.milestones.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _sign(proposal, 1, is_verified_resident=True)
    assert proposal.milestones.count() == 1


@pytest.fixture
def overdue_milestone(entity):
    proposal = published_proposal(kind=make_kind(first=1, second=50, days=20), entity=entity)
    _sign(proposal, 1)
    [milestone] = services.proposal_thresholds_check(proposal=proposal, today=date(2026, 1, 5))
    assert milestone.due_on == date(2026, 2, 2)
    return milestone


def test_an_overdue_answer_is_escalated_exactly_once_per_step(settings, overdue_milestone):
    settings.PROPOSAL_OVERSIGHT_AFTER_WORKING_DAYS = 10
    team = [coordination_member(), coordination_member()]
    committee = [role_user(Role.OVERSIGHT_COMMITTEE)]
    key1 = f"proposal-escalation-{overdue_milestone.pk}-1"
    key2 = f"proposal-escalation-{overdue_milestone.pk}-2"
    # Due Monday 2 February: nothing on the day itself.
    assert services.proposal_answers_escalate(today=date(2026, 2, 2)) == 0
    # Tuesday: the coordination team is told, once, however often the beat runs.
    assert [services.proposal_answers_escalate(today=date(2026, 2, 3)) for _ in range(4)] == [1, 0, 0, 0]
    members = set(
        get_user_model().objects.filter(groups__name=Role.COORDINATION_TEAM).values_list("pk", flat=True)
    )
    assert {p.pk for p in team} <= members  # (the moderator who published it is a member too)
    assert sorted(Notification.objects.filter(key=key1).values_list("user_id", flat=True)) == sorted(members)
    assert not Notification.objects.filter(user__in=committee).exists()
    # Ten working days past due (16 Feb) is not yet past the second step; the 17th is.
    assert services.proposal_answers_escalate(today=date(2026, 2, 16)) == 0
    assert [services.proposal_answers_escalate(today=date(2026, 2, 17)) for _ in range(3)] == [1, 0, 0]
    assert [services.proposal_answers_escalate(today=date(2026, 3, 30)) for _ in range(3)] == [0, 0, 0]
    assert Notification.objects.filter(key=key2).count() == 1
    assert Notification.objects.filter(key=key1).count() == len(members)
    overdue_milestone.refresh_from_db()
    assert overdue_milestone.escalation == ProposalMilestone.Escalation.OVERSIGHT_COMMITTEE


def test_an_answered_milestone_is_never_escalated(overdue_milestone, coordinator):
    services.proposal_answer(milestone=overdue_milestone, user=coordinator, answer_ar="سنقوم بذلك")
    assert services.proposal_answers_escalate(today=date(2026, 3, 30)) == 0


def test_overdue_shows_on_the_public_page_until_answered(client, overdue_milestone, coordinator):
    url = overdue_milestone.proposal.get_absolute_url()
    page = client.get(url).content.decode()
    assert "overdue since" in page and "2 February 2026" in page
    services.proposal_answer(
        milestone=overdue_milestone, user=coordinator, answer_ar="ع", answer_en="We will."
    )
    page = client.get(url).content.decode()
    assert "overdue since" not in page
    assert "We will." in page


def test_the_answer_is_given_by_this_entity_only_and_reaches_every_signatory(
    entity, coordinator, other_coordinator, django_capture_on_commit_callbacks
):
    proposal = published_proposal(kind=make_kind(first=2, second=9), entity=entity)
    signatories = _sign(proposal, 3)
    [milestone] = services.proposal_thresholds_check(proposal=proposal)
    for person in (other_coordinator, signatories[0], coordination_member()):
        with pytest.raises(PermissionDenied):
            services.proposal_answer(milestone=milestone, user=person, answer_ar="لا")
    with pytest.raises(ValidationError):
        services.proposal_answer(milestone=milestone, user=coordinator, answer_ar="")
    foreign = ConsultationFactory()
    with pytest.raises(ValidationError):
        services.proposal_answer(milestone=milestone, user=coordinator, answer_ar="نعم", consultation=foreign)
    assert ProposalMilestone.objects.get(pk=milestone.pk).answered_at is None
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_answer(
            milestone=milestone,
            user=coordinator,
            answer_ar="سنفتح استشارة",
            answer_en="We open a consultation",
            consultation=ConsultationFactory(entity=entity),
        )
    key = f"proposal-answer-{milestone.pk}"
    told = set(Notification.objects.filter(key=key).values_list("user_id", flat=True))
    assert told == {p.pk for p in signatories} | {proposal.author_id}


def test_signing_closes_when_the_period_ends(entity):
    proposal = published_proposal(kind=make_kind(), entity=entity)
    expire(proposal)
    assert services.proposals_close_due() == 1
    assert services.proposals_close_due() == 0
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.CLOSED


def test_the_list_filters_by_entity_and_closeness_to_a_threshold(client, entity, other_entity):
    kind = make_kind(first=5, second=10)
    near = published_proposal(kind=kind, entity=entity, title="Near the first threshold")
    far = published_proposal(kind=kind, entity=other_entity, title="Far from any threshold")
    _sign(near, 4)
    _sign(far, 1)
    page = client.get(reverse("consultations:proposals"), {"near": "1"}).content.decode()
    assert "Near the first threshold" in page and "Far from any threshold" not in page
    page = client.get(reverse("consultations:proposals"), {"entity": other_entity.slug}).content.decode()
    assert "Far from any threshold" in page and "Near the first threshold" not in page


def test_the_signing_form_counts_once_refuses_with_a_reason_and_hides_what_is_not_public(client, entity):
    """The form's path (one statement on PostgreSQL): counted; refused when already signed and when the
    period is over, each with its reason and nothing written; 404 for someone else's draft."""
    kind = make_kind(first=100, second=200)
    proposal = published_proposal(kind=kind, entity=entity)
    person = UserFactory()
    client.force_login(person)
    url = reverse("consultations:proposal-sign", args=[proposal.pk])

    page = client.post(url, follow=True).content.decode()
    assert "your signature is counted" in page
    page = client.post(url, follow=True).content.decode()
    assert "You have already signed this proposal." in page
    assert ProposalSignature.objects.filter(proposal=proposal).count() == 1

    client.force_login(UserFactory())
    expire(proposal)  # the period is over; the beat has not closed it yet
    page = client.post(url, follow=True).content.decode()
    assert "This proposal is not open for signatures." in page
    assert ProposalSignature.objects.filter(proposal=proposal).count() == 1

    draft = services.proposal_draft_save(
        author=person, kind=kind, entity=entity, title="مسودة", body="نص المسودة للتجربة هنا.", sector="other"
    )
    draft_url = reverse("consultations:proposal-sign", args=[draft.pk])
    assert client.post(draft_url).status_code == 404  # not the author's: not even there
    client.force_login(person)
    page = client.post(draft_url, follow=True).content.decode()
    assert "This proposal is not open for signatures." in page  # the author sees why
    assert not ProposalSignature.objects.filter(proposal=draft).exists()
