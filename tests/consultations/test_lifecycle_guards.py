"""Every guard refuses with a clear message and changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation, Decision, PhaseTransition, Plan, Readiness
from consultations.phases import Phase
from consultations.services import lifecycle as services
from consultations.services import vote_cast
from sharik.accounts.models import Notification
from tests.factories import ConsultationFactory, UserFactory

from .conftest import READINESS

pytestmark = pytest.mark.usefixtures("english")


def _advance(client, consultation, to_phase):
    url = reverse("admin:consultations_consultation_lifecycle", args=[consultation.pk])
    response = client.post(url, {"action": "advance", "to_phase": to_phase}, follow=True)
    assert response.status_code == 200
    return " ".join(str(m) for m in response.context["messages"])


def _unchanged(consultation, phase, transitions):
    consultation.refresh_from_db()
    assert consultation.phase == phase
    assert PhaseTransition.objects.filter(consultation=consultation).count() == transitions


def test_leaving_preparation_needs_every_answer_and_the_green_light(client, coordinator, entity):
    consultation = ConsultationFactory(entity=entity, phase=Phase.PREPARATION)
    Readiness.objects.create(consultation=consultation, **{**READINESS, "audience_readiness": ""})
    client.force_login(coordinator)
    said = _advance(client, consultation, Phase.PLANNING)
    assert "unanswered questions: readiness of the target audience" in said
    assert "Record the management green light" in said
    _unchanged(consultation, Phase.PREPARATION, 0)


def test_leaving_planning_with_an_unapproved_plan_is_refused(client, coordinator, campaign):
    consultation = campaign(Phase.PLANNING)
    services.plan_save(plan=Plan(consultation=consultation, objective="x"), user=coordinator)
    consultation.opens_at = timezone.now()
    consultation.closes_at = timezone.now() + timedelta(days=5)
    consultation.save()
    client.force_login(coordinator)
    said = _advance(client, consultation, Phase.CONDUCT)
    assert "The plan must be approved before the consultation opens (it is now: Draft)." in said
    _unchanged(consultation, Phase.PLANNING, 1)
    assert not consultation.accepts_contributions()


def test_planning_dates_must_be_in_the_future_and_in_order(coordinator, federal_user, campaign):
    consultation = campaign(Phase.PLANNING)
    plan = services.plan_save(plan=Plan(consultation=consultation, objective="x"), user=coordinator)
    plan.target_groups.create(name="All")
    services.plan_submit(plan=plan, user=coordinator)
    services.plan_review(plan=plan, user=federal_user, approve=True)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() - timedelta(days=1)
    )
    consultation.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.consultation_advance(consultation=consultation, to_phase=Phase.CONDUCT, user=coordinator)
    assert "The opening date is in the past; choose today or a later day." in error.value.messages
    assert "The closing date must be in the future." in error.value.messages
    _unchanged(consultation, Phase.PLANNING, 1)


def test_nobody_approves_their_own_plan(client, federal_user, campaign):
    consultation = campaign(Phase.PLANNING)
    plan = services.plan_save(plan=Plan(consultation=consultation, objective="x"), user=federal_user)
    plan.target_groups.create(name="All")
    services.plan_submit(plan=plan, user=federal_user)
    client.force_login(federal_user)
    url = reverse("admin:consultations_consultation_lifecycle", args=[consultation.pk])
    response = client.post(url, {"action": "plan_approve"}, follow=True)
    assert "You wrote this plan: someone else must review it." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUBMITTED and plan.reviewed_by is None


def test_a_coordinator_cannot_approve_a_plan(coordinator, campaign):
    consultation = campaign(Phase.PLANNING)
    other = UserFactory()
    plan = Plan.objects.create(
        consultation=consultation, objective="x", author=other, status=Plan.Status.SUBMITTED
    )
    with pytest.raises(PermissionDenied):
        services.plan_review(plan=plan, user=coordinator, approve=True)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUBMITTED


def test_returning_a_plan_needs_comments_and_reopens_it_for_editing(coordinator, federal_user, campaign):
    consultation = campaign(Phase.PLANNING)
    plan = services.plan_save(plan=Plan(consultation=consultation, objective="x"), user=coordinator)
    plan.target_groups.create(name="All")
    services.plan_submit(plan=plan, user=coordinator)
    with pytest.raises(ValidationError, match="Say what must change"):
        services.plan_review(plan=plan, user=federal_user, approve=False)
    services.plan_review(plan=plan, user=federal_user, approve=False, comments="Add the budget")
    assert plan.status == Plan.Status.RETURNED
    plan.budget = "1000"
    services.plan_save(plan=plan, user=coordinator)  # editable again
    services.plan_submit(plan=plan, user=coordinator)
    assert plan.status == Plan.Status.SUBMITTED


def test_a_decision_contradicting_a_binding_vote_is_refused(client, coordinator, campaign):
    consultation = campaign(Phase.CONDUCT, binding=True)
    poll = consultation.polls.get()
    a, b = poll.options.order_by("order")
    for person in UserFactory.create_batch(2):
        vote_cast(poll=poll, user=person, option_ids=[a.pk])
    vote_cast(poll=poll, user=UserFactory(), option_ids=[b.pk])
    services.consultation_advance(consultation=consultation, to_phase=Phase.ANALYSIS, user=coordinator)
    client.force_login(coordinator)
    data = {
        "consultation": consultation.pk,
        "text_ar": "ب",
        "text_en": "B",
        "rationale_ar": "لأن",
        "rationale_en": "Because",
        "winning_option": b.pk,
    }
    response = client.post(reverse("admin:consultations_decision_add"), data)
    assert response.status_code == 200
    assert "The vote is binding and “B” did not win it: the decision must follow the tally." in (
        response.content.decode()
    )
    response = client.post(reverse("admin:consultations_decision_add"), {**data, "winning_option": ""})
    assert "name the winning option" in response.content.decode()
    assert not Decision.objects.exists()

    # Even a decision written before the votes changed is checked again at approval.
    decision = Decision.objects.create(consultation=consultation, text="B", rationale="x", winning_option=b)
    with pytest.raises(ValidationError, match="did not win it"):
        services.decision_approve(decision=decision, user=coordinator, approved_from="DG")
    decision.refresh_from_db()
    consultation.refresh_from_db()
    assert decision.approved_at is None and consultation.decided_at is None and not consultation.decision


def test_announcing_before_the_decision_is_approved_is_refused(client, coordinator, campaign, mailoutbox):
    consultation = campaign(Phase.ANALYSIS)
    Decision.objects.create(consultation=consultation, text="We decided", rationale="Because")
    client.force_login(coordinator)
    said = _advance(client, consultation, Phase.ANNOUNCEMENT)
    assert "The decision has not been formally approved yet; results cannot be announced before." in said
    _unchanged(consultation, Phase.ANALYSIS, 3)
    assert not mailoutbox and not Notification.objects.exists()


def test_archiving_needs_the_evaluation(client, coordinator, campaign):
    consultation = campaign(Phase.EVALUATION)
    client.force_login(coordinator)
    said = _advance(client, consultation, Phase.ARCHIVED)
    assert "The evaluation still has unanswered questions" in said
    _unchanged(consultation, Phase.EVALUATION, 5)


@pytest.mark.parametrize(
    ("phase", "to_phase"),
    [
        (Phase.PREPARATION, Phase.CONDUCT),  # no skipping
        (Phase.CONDUCT, Phase.PLANNING),  # no going back
        (Phase.ANALYSIS, Phase.ARCHIVED),
    ],
)
def test_only_the_moves_of_the_table_exist(coordinator, campaign, phase, to_phase):
    consultation = campaign(phase)
    before = PhaseTransition.objects.count()
    with pytest.raises(ValidationError, match="cannot move to"):
        services.consultation_advance(consultation=consultation, to_phase=to_phase, user=coordinator)
    consultation.refresh_from_db()
    assert consultation.phase == phase and PhaseTransition.objects.count() == before


def test_records_are_locked_outside_their_phase(coordinator, campaign):
    consultation = campaign(Phase.CONDUCT)
    readiness = consultation.readiness
    readiness.goal = "changed"
    with pytest.raises(ValidationError, match="can only be changed in: Preparation"):
        services.readiness_save(readiness=readiness, user=coordinator)
    assert Readiness.objects.get(pk=readiness.pk).goal != "changed"


def test_extension_must_move_the_close_date_later(coordinator, campaign):
    consultation = campaign(Phase.CONDUCT)
    old = consultation.closes_at
    with pytest.raises(ValidationError, match="must move the close date later"):
        services.consultation_extend(
            consultation=consultation, user=coordinator, closes_at=old - timedelta(days=1), reason=""
        )
    consultation.refresh_from_db()
    assert consultation.closes_at == old and not consultation.extensions.exists()


def test_hiding_needs_a_reason_and_tells_the_author_why(
    client, coordinator, campaign, django_capture_on_commit_callbacks
):
    from tests.factories import CommentFactory

    consultation = campaign(Phase.CONDUCT)
    author = UserFactory(preferred_language="en")
    comment = CommentFactory(consultation=consultation, author=author)
    with pytest.raises(ValidationError, match="Give the reason"):
        services.contribution_hide(item=comment, user=coordinator, reason=" ")
    comment.refresh_from_db()
    assert not comment.is_hidden
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_hide(item=comment, user=coordinator, reason="Personal data")
    note = Notification.objects.get(user=author)
    assert note.body == "Reason: Personal data"
    services.contribution_restore(item=comment, user=coordinator)
    comment.refresh_from_db()
    assert not comment.is_hidden and comment.hidden_reason == ""


def test_a_plan_for_verified_residents_refuses_others(client, campaign):
    from consultations.services import comment_create

    consultation = campaign(Phase.CONDUCT)
    Plan.objects.filter(consultation=consultation).update(participation=Plan.Participation.VERIFIED)
    consultation.refresh_from_db()
    poll = consultation.polls.get()
    option = poll.options.first()
    visitor = UserFactory(is_verified_resident=False)
    with pytest.raises(ValidationError, match="verified residents only"):
        vote_cast(poll=poll, user=visitor, option_ids=[option.pk])
    with pytest.raises(ValidationError, match="verified residents only"):
        comment_create(consultation=consultation, author=visitor, body="Hello")
    assert not poll.votes.exists() and not consultation.comments.exists()
    vote_cast(poll=poll, user=UserFactory(is_verified_resident=True), option_ids=[option.pk])
    assert poll.votes.count() == 1
    assert "open to verified residents only" in client.get(consultation.get_absolute_url()).content.decode()


def test_a_decision_cannot_name_another_consultations_option(coordinator, campaign):
    here = campaign(Phase.ANALYSIS)
    elsewhere = campaign(Phase.CONDUCT)
    foreign = elsewhere.polls.get().options.first()
    decision = Decision(consultation=here, text="x", rationale="y", winning_option=foreign)
    with pytest.raises(ValidationError, match="must belong to this consultation"):
        services.decision_save(decision=decision, user=coordinator)
    assert not Decision.objects.exists()


def _anonymous_vote(client, consultation, option, **extra):
    url = reverse("consultations:vote-anonymous", args=[consultation.pk, option.poll_id])
    return client.post(url, {"option": [option.pk]}, follow=True, **extra)


def test_anyone_may_vote_once_per_browser_session_counted_apart(client, campaign, settings):
    from django.test import Client

    from consultations.models import AnonymousVote
    from consultations.selectors_lifecycle import poll_tallies

    consultation = campaign(Phase.CONDUCT, binding=True)
    Plan.objects.filter(consultation=consultation).update(participation=Plan.Participation.ANYONE)
    consultation.refresh_from_db()
    a, b = consultation.polls.get().options.order_by("order")
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert reverse("consultations:vote-anonymous", args=[consultation.pk, a.poll_id]) in page

    response = _anonymous_vote(client, consultation, a)
    assert "counted separately" in response.content.decode()
    _anonymous_vote(client, consultation, b)  # the same session changes its ballot
    assert list(AnonymousVote.objects.values_list("option", flat=True)) == [b.pk]
    _anonymous_vote(Client(), consultation, b)  # another browser
    registered = UserFactory()
    vote_cast(poll=a.poll, user=registered, option_ids=[a.pk])

    tally = {o["option"]: o for o in poll_tallies(consultation)[0]["options"]}
    assert (tally[b]["anonymous"], tally[b]["total"]) == (2, 0)
    assert tally[a]["leading"] and not tally[b]["leading"]  # anonymous ballots never decide a binding vote

    settings.ANONYMOUS_VOTES_PER_HOUR = 3  # this address has cast 3 already
    response = _anonymous_vote(Client(), consultation, a)
    assert "Too many votes from this connection" in response.content.decode()
    assert AnonymousVote.objects.count() == 2


def test_anonymous_votes_are_refused_unless_the_plan_says_anyone(client, campaign):
    from consultations.models import AnonymousVote

    consultation = campaign(Phase.CONDUCT)  # the plan's default: registered users
    option = consultation.polls.get().options.first()
    response = _anonymous_vote(client, consultation, option)
    assert "Please log in to take part." in response.content.decode()
    assert not AnonymousVote.objects.exists()
