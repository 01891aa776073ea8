""" "You said, we did": follow-up actions after the decision, their statuses and the notifications."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from consultations.models import Decision, Follow, FollowUp, FollowUpChange
from consultations.services import drafts as draft_services
from consultations.services import followups as services
from consultations.tasks.followups import followup_change_notify_task
from sharik.accounts.models import Notification
from tests.factories import IdeaFactory, UserFactory

from .drafts_helpers import make_draft, paragraphs

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(open_consultation):
    Decision.objects.create(
        consultation=open_consultation,
        text_ar="نعتمد الفكرة",
        text_en="We adopt the idea",
        rationale_ar="لأنها مفيدة",
    )
    return open_consultation


@pytest.fixture
def idea(open_consultation):
    return IdeaFactory(consultation=open_consultation, title="حافلات مدرسية كهربائية")


def test_follow_up_needs_a_decision_first(open_consultation, coordinator, idea):
    with pytest.raises(ValidationError) as error:
        services.followup_create(
            consultation=open_consultation, user=coordinator, target=idea, action_ar="شراء حافلات"
        )
    assert error.value.code == "no_decision"


def test_follow_up_must_answer_a_contribution_of_the_same_consultation(decided, coordinator, entity):
    from tests.factories import ConsultationFactory

    foreign = IdeaFactory(consultation=ConsultationFactory(entity=entity))
    with pytest.raises(ValidationError) as error:
        services.followup_create(consultation=decided, user=coordinator, target=foreign, action_ar="شيء")
    assert error.value.code == "target"


def test_status_changes_notify_followers_and_contributor_once_each(
    decided, coordinator, idea, django_capture_on_commit_callbacks
):
    followers = [UserFactory(), UserFactory()]
    for person in followers:
        Follow.objects.create(consultation=decided, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        follow_up = services.followup_create(
            consultation=decided, user=coordinator, target=idea, action_ar="شراء عشر حافلات كهربائية"
        )
    people = {idea.author_id, *(p.pk for p in followers)}
    assert set(Notification.objects.values_list("user_id", flat=True)) == people
    assert len(mail.outbox) == 3

    with django_capture_on_commit_callbacks(execute=True):
        change = services.followup_status_set(
            follow_up=follow_up, user=coordinator, status=FollowUp.Status.IN_PROGRESS
        )
    assert Notification.objects.count() == 6
    # Running the job again for the same change sends nothing more.
    assert followup_change_notify_task(change.pk) == 0
    assert Notification.objects.count() == 6
    assert len(mail.outbox) == 6

    # Setting the same status again is not a change: nobody is told twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.followup_status_set(follow_up=follow_up, user=coordinator, status="in-progress") is None
        )
    assert Notification.objects.count() == 6

    with django_capture_on_commit_callbacks(execute=True):
        services.followup_status_set(follow_up=follow_up, user=coordinator, status=FollowUp.Status.DONE)
    follow_up.refresh_from_db()
    assert follow_up.done_on is not None
    assert Notification.objects.filter(user_id=idea.author_id).count() == 3
    assert FollowUpChange.objects.filter(follow_up=follow_up).count() == 3


def test_notification_is_in_the_persons_language(
    decided, coordinator, idea, django_capture_on_commit_callbacks
):
    reader = UserFactory(preferred_language="en")
    Follow.objects.create(consultation=decided, user=reader)
    with django_capture_on_commit_callbacks(execute=True):
        services.followup_create(
            consultation=decided,
            user=coordinator,
            target=idea,
            action_ar="شراء حافلات",
            action_en="Buy buses",
        )
    note = Notification.objects.get(user=reader)
    assert "Buy buses" in note.title
    assert "Planned" in note.title
    assert note.url.startswith("/en/")


def test_coordinator_of_another_entity_cannot_create_or_update(decided, coordinator, other_coordinator, idea):
    with pytest.raises(PermissionDenied):
        services.followup_create(consultation=decided, user=other_coordinator, target=idea, action_ar="شيء")
    follow_up = services.followup_create(consultation=decided, user=coordinator, target=idea, action_ar="شيء")
    with pytest.raises(PermissionDenied):
        services.followup_status_set(follow_up=follow_up, user=other_coordinator, status="done")


def test_amendment_and_paragraph_comment_can_be_followed_up(decided, coordinator, citizen):
    draft = make_draft(decided, coordinator)
    comment = draft_services.paragraph_comment_create(
        paragraph=paragraphs(draft.current_version)[0], author=citizen, body="أضيفوا مؤشرات"
    )
    follow_up = services.followup_create(
        consultation=decided, user=coordinator, target=comment, action_ar="إضافة مؤشرات إلى السياسة"
    )
    assert follow_up.target_kind == "paragraph_comment"
    assert follow_up.contributor == citizen


def test_public_page_and_consultation_page_show_follow_ups(client, decided, coordinator, idea, english):
    follow_up = services.followup_create(
        consultation=decided,
        user=coordinator,
        target=idea,
        action_ar="شراء حافلات",
        action_en="Buy electric buses",
    )
    services.followup_status_set(
        follow_up=follow_up, user=coordinator, status="in-progress", note="Tender launched"
    )
    page = client.get(decided.get_absolute_url()).content.decode()
    assert "You said, we did" in page
    assert "Buy electric buses" in page
    assert "In progress" in page
    history = client.get(reverse("consultations:follow-ups", args=[decided.pk])).content.decode()
    assert "Planned → In progress" in history
    assert "Tender launched" in history


def test_follow_ups_page_in_arabic(client, decided, coordinator, idea):
    services.followup_create(consultation=decided, user=coordinator, target=idea, action_ar="شراء حافلات")
    page = client.get(reverse("consultations:follow-ups", args=[decided.pk])).content.decode()
    assert 'dir="rtl"' in page
    assert "قلتم، فعلنا" in page
    assert "مخطط له" in page


def test_admin_status_change_is_recorded_and_scoped(
    client, decided, coordinator, other_coordinator, idea, django_capture_on_commit_callbacks
):
    follow_up = services.followup_create(
        consultation=decided, user=coordinator, target=idea, action_ar="شراء حافلات"
    )
    client.force_login(other_coordinator)
    listing = client.get(reverse("admin:consultations_followup_changelist")).content.decode()
    assert "شراء حافلات" not in listing
    client.force_login(coordinator)
    url = reverse("admin:consultations_followup_change", args=[follow_up.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "consultation": decided.pk,
        "idea": idea.pk,
        "action_ar": "شراء حافلات",
        "action_en": "",
        "details_ar": "",
        "details_en": "",
        "status": "done",
        "starts_on": "",
        "due_on": "",
        "changes-TOTAL_FORMS": "0",
        "changes-INITIAL_FORMS": "0",
        "changes-MIN_NUM_FORMS": "0",
        "changes-MAX_NUM_FORMS": "1000",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DONE
    # The creation's callback was not run here (outside the capture): only the admin's change told them.
    assert Notification.objects.filter(user=idea.author).count() == 1
    assert FollowUpChange.objects.filter(
        follow_up=follow_up, to_status="done", changed_by=coordinator
    ).exists()


def test_archive_api_detail_lists_follow_ups_and_instrument_counts(client, decided, coordinator, idea):
    services.followup_create(
        consultation=decided,
        user=coordinator,
        target=idea,
        action_ar="شراء حافلات",
        action_en="Buy buses",
        status=FollowUp.Status.IN_PROGRESS,
    )
    draft = make_draft(decided, coordinator)
    draft_services.paragraph_comment_create(
        paragraph=paragraphs(draft.current_version)[0], author=UserFactory(), body="تعليق"
    )
    data = client.get(f"/api/v1/consultations/{decided.pk}").json()
    assert data["follow_ups"] == [
        {
            "action": {"ar": "شراء حافلات", "en": "Buy buses"},
            "status": "in-progress",
            "adopted": "idea",
            "starts_on": None,
            "due_on": None,
            "done_on": None,
        }
    ]
    assert data["instruments"]["paragraph_comments"] == 1
    assert data["instruments"]["follow_ups"] == 1
    assert data["instruments"]["drafts"] == 1


def test_analysis_page_counts_the_draft_instruments(client, decided, coordinator, idea, citizen):
    draft = make_draft(decided, coordinator, co_drafting=True)
    draft_services.paragraph_comment_create(
        paragraph=paragraphs(draft.current_version)[0], author=citizen, body="ت"
    )
    services.followup_create(
        consultation=decided, user=coordinator, target=idea, action_ar="شراء", status="done"
    )
    client.force_login(coordinator)
    html = client.get(
        reverse("admin:consultations_consultation_analysis", args=[decided.pk])
    ).content.decode()
    assert 'id="fig-paragraph-comments">1<' in html
    assert 'id="fig-follow-ups">1 / 1<' in html
    assert 'id="fig-drafts">1 (1)<' in html


def test_seed_demo_creates_drafts_and_follow_ups_once(db):
    from io import StringIO

    from django.core.management import call_command

    from consultations.models import Amendment, Draft, ParagraphComment

    call_command("seed_demo", stdout=StringIO())
    counts = (
        Draft.objects.count(),
        ParagraphComment.objects.count(),
        Amendment.objects.count(),
        FollowUp.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        Draft.objects.count(),
        ParagraphComment.objects.count(),
        Amendment.objects.count(),
        FollowUp.objects.count(),
    )
    assert counts[0] >= 1 and counts[2] >= 3 and counts[3] >= 2
    draft = Draft.objects.get()
    assert draft.versions.count() == 2  # the accepted amendment produced version 2
    assert FollowUp.objects.filter(status="done").exists()
