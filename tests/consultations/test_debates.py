"""Debates: a citizen starts one under a sector's forum, people comment and mark comments, the public
list and page show it in both languages, an entity takes it up into a consultation (each links to the
other), and the admin action is refused to those who may not."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from consultations.models import Comment, Debate, DebateForum
from consultations.services import comment_react
from consultations.services import debates as services
from sharik.accounts.models import Notification
from tests.factories import ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = "نقترح أن نناقش توسيع ساعات عمل المكتبات العامة في عطلة نهاية الأسبوع."


def test_start_comment_and_list_a_debate_in_both_languages():
    author, other = UserFactory(), UserFactory()
    debate = services.debate_create(author=author, sector="education", title="ساعات المكتبات", body=BODY)
    assert not debate.is_hidden and not debate.held_for_review
    comment = services.debate_comment_create(debate=debate, author=other, body="أوافق على الفكرة")
    comment_react(comment=comment, user=author, value=1)
    reply = services.debate_comment_create(debate=debate, author=author, body="شكراً", parent=comment)
    assert reply.parent_id == comment.pk and reply.debate_id == debate.pk
    client = Client()
    for language, heading, count in (("ar", "النقاشات", "ابدأ نقاشاً"), ("en", "Debates", "2 comments")):
        with translation.override(language):
            listing = client.get(reverse("consultations:debates") + "?sector=education").content.decode()
            assert heading in listing and "ساعات المكتبات" in listing
            assert count in listing
            page = client.get(reverse("consultations:debate", args=[debate.pk])).content.decode()
            assert "أوافق على الفكرة" in page and "شكراً" in page
            assert "<span data-agree>1</span>" in page
    with translation.override("en"):
        assert (
            "No debates match."
            in client.get(reverse("consultations:debates") + "?sector=health").content.decode()
        )


def test_start_a_debate_through_the_page():
    client = Client()
    person = UserFactory()
    client.force_login(person)
    with translation.override("en"):
        response = client.post(
            reverse("consultations:debate-create"),
            {
                "sector": "health",
                "title": "Clinic hours",
                "body": "Should clinics open on Saturdays in every city?",
            },
            follow=True,
        )
        assert "Your debate is published." in response.content.decode()
        debate = Debate.objects.get()
        response = client.post(
            reverse("consultations:debate-comment", args=[debate.pk]), {"body": "Yes, please"}, follow=True
        )
        assert "your comment is published" in response.content.decode()
    assert Comment.objects.get().debate_id == debate.pk


def test_invalid_debates_are_refused_and_nothing_written():
    person = UserFactory()
    with translation.override("en"):
        for kwargs in (
            {"sector": "nowhere", "title": "A fine title", "body": BODY},
            {"sector": "health", "title": "abc", "body": BODY},
            {"sector": "health", "title": "A fine title", "body": "<script>x</script> long enough text here"},
        ):
            with pytest.raises(ValidationError):
                services.debate_create(author=person, **kwargs)
    assert not Debate.objects.exists()


def test_an_entity_takes_a_debate_up_into_a_consultation(coordinator, entity):
    debate = services.debate_create(
        author=UserFactory(), sector="education", title="ساعات المكتبات", body=BODY
    )
    consultation = ConsultationFactory(entity=entity)
    services.debate_take_up(debate=debate, consultation=consultation, by=coordinator)
    debate.refresh_from_db()
    assert debate.consultation_id == consultation.pk and debate.taken_up_by_id == coordinator.pk
    assert Notification.objects.filter(user=debate.author, key=f"debate-taken-up-{debate.pk}").count() == 1
    client = Client()
    with translation.override("en"):
        page = client.get(reverse("consultations:debate", args=[debate.pk])).content.decode()
        assert "took this debate up into a consultation" in page and consultation.title in page
        page = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
        assert "grew out of a citizens" in page and "ساعات المكتبات" in page
        with pytest.raises(ValidationError):  # once only
            services.debate_take_up(debate=debate, consultation=consultation, by=coordinator)


def test_taking_up_is_refused_to_citizens_and_to_another_entity(coordinator, other_entity):
    debate = services.debate_create(
        author=UserFactory(), sector="education", title="ساعات المكتبات", body=BODY
    )
    for by, consultation in (
        (UserFactory(), ConsultationFactory()),
        (coordinator, ConsultationFactory(entity=other_entity)),
    ):
        with pytest.raises(PermissionDenied):
            services.debate_take_up(debate=debate, consultation=consultation, by=by)
    debate.refresh_from_db()
    assert debate.consultation_id is None


def test_the_admin_action_takes_a_debate_up(coordinator, entity):
    debate = services.debate_create(
        author=UserFactory(), sector="education", title="ساعات المكتبات", body=BODY
    )
    consultation = ConsultationFactory(entity=entity)
    client = Client()
    client.force_login(coordinator)
    url = reverse("admin:consultations_debate_changelist")
    response = client.post(
        url,
        {"action": "take_up", "_selected_action": [debate.pk], "consultation": consultation.pk, "index": 0},
        follow=True,
    )
    assert response.status_code == 200
    debate.refresh_from_db()
    assert debate.consultation_id == consultation.pk


def test_a_pre_moderated_forum_holds_debates_and_comments():
    DebateForum.objects.create(sector="health", pre_moderated=True)
    author = UserFactory()
    held = services.debate_create(author=author, sector="health", title="Clinic hours", body=BODY)
    assert held.held_for_review and held.is_hidden
    client = Client()
    assert client.get(reverse("consultations:debate", args=[held.pk])).status_code == 404
    client.force_login(author)
    with translation.override("en"):
        page = client.get(reverse("consultations:debate", args=[held.pk])).content.decode()
    assert "awaiting a moderator" in page
    open_debate = services.debate_create(author=author, sector="education", title="Library hours", body=BODY)
    forum_comment = services.debate_comment_create(debate=open_debate, author=UserFactory(), body="Agreed")
    assert not forum_comment.held_for_review
    DebateForum.objects.create(sector="education", pre_moderated=True)
    later = services.debate_comment_create(debate=open_debate, author=UserFactory(), body="Agreed too")
    assert later.held_for_review and later.is_hidden
