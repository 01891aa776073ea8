"""A coordinator runs a campaign through the seven phases from the admin, and nothing else."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from consultations.models import (
    Comment,
    Consultation,
    Decision,
    Extension,
    Follow,
    OfflineContribution,
    PhaseTransition,
    Plan,
    Poll,
    Readiness,
)
from consultations.phases import Phase
from consultations.services import vote_cast
from governance.models import Role
from sharik.accounts.models import Notification
from tests.factories import UserFactory

from .conftest import EVALUATION, READINESS

pytestmark = pytest.mark.usefixtures("english")


def _management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _post_ok(client, url, data):
    response = client.post(url, data)
    if response.status_code != 302:
        errors = getattr(response, "context_data", {}) or {}
        form = errors.get("adminform")
        detail = form.form.errors if form else response.content[:2000]
        raise AssertionError(f"{url} answered {response.status_code}: {detail}")
    return response


def _lifecycle(client, consultation, **data):
    url = reverse("admin:consultations_consultation_lifecycle", args=[consultation.pk])
    return client.post(url, data, follow=True)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_coordinator_role_holds_only_its_permissions(coordinator):
    """The walk below runs with the coordinator role's permissions and the entity grant, nothing more."""
    assert not coordinator.is_superuser
    assert not coordinator.user_permissions.exists()
    assert list(coordinator.groups.values_list("name", flat=True)) == [Role.COORDINATOR]
    role = set(Permission.objects.filter(group__name=Role.COORDINATOR).values_list("codename", flat=True))
    assert "approve_plan" not in role and "add_phasetransition" in role


def test_walk_one_consultation_through_every_phase_from_the_admin(
    client, coordinator, federal_user, entity, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    today = timezone.localdate()
    later = today + timedelta(days=10)

    # Create the consultation: it starts in Preparation, and the form has no phase to type in.
    add_url = reverse("admin:consultations_consultation_add")
    assert 'name="phase"' not in client.get(add_url).content.decode()
    _post_ok(
        client,
        add_url,
        {
            "entity": entity.pk,
            "title_ar": "اختيار شعار المدرسة",
            "title_en": "Choosing the school logo",
            "summary_ar": "صوّت",
            "summary_en": "Vote",
            "sector": "education",
            "un_level": "e-decision-making",
            "escwa_stage": "engagement",
            "opens_at_0": today.isoformat(),
            "opens_at_1": "00:00:00",
            "closes_at_0": later.isoformat(),
            "closes_at_1": "12:00:00",
            "reported_results": "{}",
            **_management("polls"),
            **_management("documents"),
        },
    )
    consultation = Consultation.objects.get(title_ar="اختيار شعار المدرسة")
    assert consultation.phase == Phase.PREPARATION

    # Preparation: the readiness form, then management's green light.
    response = _lifecycle(client, consultation, action="advance", to_phase=Phase.PLANNING)
    assert "Fill in the readiness form" in _messages(response)
    _post_ok(
        client,
        reverse("admin:consultations_readiness_add"),
        {"consultation": consultation.pk, **READINESS},
    )
    response = _lifecycle(client, consultation, action="green_light", given_by="Director general")
    assert "green light is recorded" in _messages(response)
    readiness = Readiness.objects.get(consultation=consultation)
    assert readiness.green_light_by == coordinator and readiness.green_light_at is not None
    response = _lifecycle(client, consultation, action="advance", to_phase=Phase.PLANNING, note="ready")
    assert "moved to the next phase" in _messages(response)

    # Planning: the plan with a target group, a binding vote, a poll; submitted, then approved.
    _post_ok(
        client,
        reverse("admin:consultations_plan_add"),
        {
            "consultation": consultation.pk,
            "objective": "Pick a logo with the pupils",
            "decision_method": Plan.DecisionMethod.BINDING_VOTE,
            "participation": Plan.Participation.REGISTERED,
            **_management("target_groups", 1),
            "target_groups-0-name": "Pupils' parents in Dubai",
            "target_groups-0-language": "ar",
            "target_groups-0-place": "dubai",
            "target_groups-0-age_band": "35-44",
        },
    )
    _post_ok(
        client,
        reverse("admin:consultations_poll_add"),
        {
            "consultation": consultation.pk,
            "question_ar": "أي شعار؟",
            "question_en": "Which logo?",
            "kind": "single",
            "show_results": "after-close",
            "order": "0",
            **_management("options", 2),
            "options-0-label_ar": "الصقر",
            "options-0-label_en": "Falcon",
            "options-0-order": "0",
            "options-1-label_ar": "النخلة",
            "options-1-label_en": "Palm",
            "options-1-order": "1",
        },
    )
    response = _lifecycle(client, consultation, action="plan_submit")
    assert "submitted for review" in _messages(response)
    client.force_login(federal_user)
    response = _lifecycle(client, consultation, action="plan_approve")
    assert "plan is approved" in _messages(response)
    client.force_login(coordinator)
    response = _lifecycle(client, consultation, action="advance", to_phase=Phase.CONDUCT)
    assert "moved to the next phase" in _messages(response)
    consultation.refresh_from_db()
    assert consultation.phase == Phase.CONDUCT and consultation.accepts_contributions()

    # Conduct: people take part online and offline; the close date is extended; a comment is hidden.
    poll = Poll.objects.get(consultation=consultation)
    falcon, palm = poll.options.order_by("order")
    voters = UserFactory.create_batch(3)
    for person in voters:
        vote_cast(poll=poll, user=person, option_ids=[falcon.pk])
    commenter = UserFactory(preferred_language="en")
    vote_cast(poll=poll, user=commenter, option_ids=[palm.pk])
    rude = Comment.objects.create(consultation=consultation, author=commenter, body="rude words")
    follower = UserFactory()
    Follow.objects.create(consultation=consultation, user=follower)
    _post_ok(
        client,
        reverse("admin:consultations_offlinecontribution_add"),
        {
            "consultation": consultation.pk,
            "channel": OfflineContribution.Channel.PAPER,
            "date": today.isoformat(),
            "people_count": "5",
            "text": "Five parents at the school meeting chose the palm.",
            "poll_option": palm.pk,
        },
    )
    new_close = timezone.localtime() + timedelta(days=20)
    response = _lifecycle(
        client,
        consultation,
        action="extend",
        closes_at=new_close.strftime("%Y-%m-%dT%H:%M"),
        reason="More time for parents",
    )
    assert "extended" in _messages(response)
    assert Extension.objects.filter(consultation=consultation).count() == 1
    response = client.post(
        reverse("admin:consultations_consultation_moderation"),
        {"kind": "comment", "pk": rude.pk, "action": "hide", "reason": "Offensive language"},
        follow=True,
    )
    rude.refresh_from_db()
    assert rude.is_hidden and rude.hidden_reason == "Offensive language" and rude.hidden_by == coordinator
    public = client.get(consultation.get_absolute_url()).content.decode()
    assert "rude words" not in public

    # Conduct → Analysis by hand; the analysis page counts offline people in the tally (1 + 5 for palm).
    response = _lifecycle(client, consultation, action="advance", to_phase=Phase.ANALYSIS)
    assert "moved to the next phase" in _messages(response)
    analysis = client.get(reverse("admin:consultations_consultation_analysis", args=[consultation.pk]))
    assert analysis.status_code == 200
    palm_row = [o for o in analysis.context["tallies"][0]["options"] if o["option"] == palm][0]
    assert (palm_row["online"], palm_row["offline"], palm_row["total"], palm_row["leading"]) == (
        1,
        5,
        6,
        True,
    )
    assert "Pupils&#x27; parents in Dubai" in analysis.content.decode()

    # Analysis: a decision that contradicts the binding vote is refused; the right one is recorded.
    decision_data = {
        "consultation": consultation.pk,
        "text_ar": "اعتماد شعار النخلة",
        "text_en": "The palm logo is adopted",
        "rationale_ar": "فاز في التصويت",
        "rationale_en": "It won the vote",
        "not_adopted_en": "The falcon came second.",
    }
    response = client.post(
        reverse("admin:consultations_decision_add"), {**decision_data, "winning_option": falcon.pk}
    )
    assert response.status_code == 200 and "did not win it" in response.content.decode()
    assert not Decision.objects.exists()
    _post_ok(
        client, reverse("admin:consultations_decision_add"), {**decision_data, "winning_option": palm.pk}
    )
    response = _lifecycle(client, consultation, action="advance", to_phase=Phase.ANNOUNCEMENT)
    assert "not been formally approved" in _messages(response)
    response = _lifecycle(client, consultation, action="decision_approve", approved_from="Director general")
    assert "approved and published" in _messages(response)

    # Announcing results: every participant and follower is told once, in their language.
    with django_capture_on_commit_callbacks(execute=True):
        response = _lifecycle(client, consultation, action="advance", to_phase=Phase.ANNOUNCEMENT)
    assert "moved to the next phase" in _messages(response)
    told = {*voters, commenter, follower}
    # One message per language, each person a Bcc recipient of exactly one.
    assert sorted(r for m in mailoutbox for r in m.recipients()) == sorted(p.email for p in told)
    english = [m for m in mailoutbox if commenter.email in m.recipients()][0]
    assert english.subject.startswith("The outcome of")
    assert Notification.objects.filter(key=f"consultation-{consultation.pk}-outcome").count() == len(told)
    page = client.get(reverse("admin:consultations_consultation_lifecycle", args=[consultation.pk]))
    assert page.context["outcome_sent"] == len(told)
    client.logout()
    public = client.get(consultation.get_absolute_url())
    html = public.content.decode()
    assert (
        "The palm logo is adopted" in html and "It won the vote" in html and "The falcon came second." in html
    )

    # Evaluation: the figures are filled in; the five answers are given; then archive.
    client.force_login(coordinator)
    _lifecycle(client, consultation, action="advance", to_phase=Phase.EVALUATION)
    consultation.refresh_from_db()
    evaluation = consultation.evaluation
    assert evaluation.figures["participants_online"] == 4 and evaluation.figures["participants_offline"] == 5
    form_page = client.get(
        reverse("admin:consultations_evaluation_change", args=[evaluation.pk])
    ).content.decode()
    assert "<th scope='row'>People reached offline</th><td>5</td>" in form_page
    response = _lifecycle(client, consultation, action="advance", to_phase=Phase.ARCHIVED)
    assert "unanswered questions" in _messages(response)
    _post_ok(client, reverse("admin:consultations_evaluation_change", args=[evaluation.pk]), EVALUATION)
    response = _lifecycle(client, consultation, action="advance", to_phase=Phase.ARCHIVED, note="done")
    assert "moved to the next phase" in _messages(response)

    consultation.refresh_from_db()
    assert consultation.phase == Phase.ARCHIVED
    history = list(
        PhaseTransition.objects.filter(consultation=consultation).values_list("from_phase", "to_phase")
    )
    assert history == list(zip(Phase.values[:-1], Phase.values[1:], strict=True))
    assert all(t.user == coordinator for t in PhaseTransition.objects.filter(consultation=consultation))


def test_phase_cannot_be_typed_in_the_consultation_form(client, coordinator, campaign):
    consultation = campaign(Phase.PLANNING)
    client.force_login(coordinator)
    url = reverse("admin:consultations_consultation_change", args=[consultation.pk])
    page = client.get(url).content.decode()
    assert 'name="phase"' not in page
    data = {
        "entity": consultation.entity_id,
        "title_ar": consultation.title_ar,
        "title_en": "Renamed",
        "sector": "education",
        "un_level": "e-consultation",
        "escwa_stage": "participation",
        "phase": Phase.ARCHIVED,
        "reported_results": "{}",
        **_management("polls"),
        **_management("documents"),
    }
    client.post(url, data)
    consultation.refresh_from_db()
    assert consultation.phase == Phase.PLANNING


def test_public_page_shows_the_timeline_with_dates_and_the_extension(client, campaign, coordinator):
    consultation = campaign(Phase.CONDUCT)
    from consultations.services.lifecycle import consultation_extend

    consultation_extend(
        consultation=consultation,
        user=coordinator,
        closes_at=consultation.closes_at + timedelta(days=3),
        reason="",
    )
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert 'aria-current="step"' in html
    assert (
        html.count('<span class="block text-sm"><time datetime=') == 3
    )  # Preparation, Planning, Conduct have dates
    assert "Extended" in html


@pytest.mark.parametrize("phase", [Phase.PREPARATION, Phase.PLANNING])
def test_drafts_stay_private(client, campaign, phase):
    consultation = campaign(phase)
    assert client.get(consultation.get_absolute_url()).status_code == 404


def test_lifecycle_admin_speaks_arabic_by_default_and_english_under_en(client, coordinator, campaign):
    from django.utils import translation

    consultation = campaign(Phase.ANALYSIS)
    client.force_login(coordinator)
    with translation.override("ar"):
        arabic = client.get(reverse("admin:consultations_consultation_lifecycle", args=[consultation.pk]))
        analysis = client.get(reverse("admin:consultations_consultation_analysis", args=[consultation.pk]))
    assert "الخطوة التالية" in arabic.content.decode() and "التحليل: القرار" in arabic.content.decode()
    assert "النتائج لكل سؤال" in analysis.content.decode()
    english = client.get(reverse("admin:consultations_consultation_lifecycle", args=[consultation.pk]))
    assert "Next step" in english.content.decode() and "Analysis: the decision" in english.content.decode()
