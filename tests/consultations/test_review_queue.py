"""Moderation tools: pre-moderation per consultation and proposal kind, word lists (Arabic tolerant of
diacritics and alef forms), a new account's first contribution held; the review queue approves or
rejects with a reason and the author is told. Nothing held is deleted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from consultations.models import Comment, Idea, ModerationWordList, Proposal
from consultations.services import comment_create, idea_create
from consultations.services import moderation as services
from consultations.services import proposals as proposal_services
from sharik.accounts.models import Notification
from tests.consultations.proposal_helpers import coordination_member, make_kind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def word_lists(db):
    ModerationWordList.objects.create(name="شتائم", language="ar", words="غبي\nأحمق\nكلام فارغ")
    ModerationWordList.objects.create(name="Insults", language="en", words="idiot\nshut up")


@pytest.mark.parametrize(
    "text,entry",
    [
        ("هذا رأيٌ غَبِيّ جداً", "غبي"),  # diacritics
        ("يا احمق", "أحمق"),  # alef without hamza
        ("والأحمق من يرفض", "أحمق"),  # joined conjunction and article
        ("هذا كلامٌ فارغ", "كلام فارغ"),  # a phrase
        ("You IDIOT.", "idiot"),
        ("please shut   up now", "shut up"),
    ],
)
def test_word_lists_match_tolerantly(word_lists, text, entry):
    assert services.word_list_match(text) == entry


@pytest.mark.parametrize("text", ["غبيرة مدينة", "an idiotic rule", "shutter up", "رأي حكيم"])
def test_word_lists_do_not_match_other_words(word_lists, text):
    assert services.word_list_match(text) is None


def test_a_matching_comment_goes_to_review_not_published_nor_deleted(word_lists, open_consultation):
    author = UserFactory()
    comment = comment_create(consultation=open_consultation, author=author, body="هذا اقتراح غَبِيّ")
    assert comment.held_for_review and comment.is_hidden and "غبي" in comment.hidden_reason
    clean = comment_create(consultation=open_consultation, author=author, body="اقتراح جيد")
    assert not clean.held_for_review and not clean.is_hidden
    client = Client()
    client.force_login(author)
    with translation.override("en"):
        response = client.post(
            reverse("consultations:comment-create", args=[open_consultation.pk]),
            {"body": "You idiot"},
            follow=True,
        )
        text = response.content.decode()
    assert "awaiting a moderator" in text
    assert "You idiot" not in text.split('id="comments"')[1]  # not shown in the thread
    assert Comment.objects.filter(body="You idiot", held_for_review=True).count() == 1


def test_pre_moderated_consultation_holds_comments_and_ideas(open_consultation):
    open_consultation.pre_moderated = True
    open_consultation.save()
    author = UserFactory()
    comment = comment_create(consultation=open_consultation, author=author, body="A fine remark")
    idea = idea_create(
        consultation=open_consultation, author=author, title="An idea", body="Plant more trees"
    )
    assert comment.held_for_review and idea.held_for_review


def test_first_contribution_of_a_new_account_is_held(settings, open_consultation):
    settings.MODERATION_HOLD_FIRST_CONTRIBUTION = True
    newcomer = UserFactory()
    first = comment_create(consultation=open_consultation, author=newcomer, body="My first remark")
    assert first.held_for_review
    services.contribution_review(obj=first, by=coordination_member(), approve=True)
    second = comment_create(consultation=open_consultation, author=newcomer, body="My second remark")
    assert not second.held_for_review


def test_review_approve_and_reject_with_reason_tell_the_author(word_lists, open_consultation, coordinator):
    author = UserFactory(preferred_language="en")
    approved = comment_create(consultation=open_consultation, author=author, body="idiot proof design")
    rejected = comment_create(consultation=open_consultation, author=author, body="shut up everyone")
    with pytest.raises(ValidationError):  # a rejection needs its reason
        services.contribution_review(obj=rejected, by=coordinator, approve=False, reason=" ")
    services.contribution_review(obj=approved, by=coordinator, approve=True)
    services.contribution_review(obj=rejected, by=coordinator, approve=False, reason="Rude to others")
    approved.refresh_from_db()
    rejected.refresh_from_db()
    assert (approved.is_hidden, approved.held_for_review) == (False, False)
    assert (rejected.is_hidden, rejected.held_for_review, rejected.hidden_reason) == (
        True,
        False,
        "Rude to others",
    )
    notes = {n.key: n for n in Notification.objects.filter(user=author)}
    assert "published" in notes[f"review-comment-{approved.pk}"].title
    assert "Rude to others" in notes[f"review-comment-{rejected.pk}"].body
    with pytest.raises(ValidationError):  # once only
        services.contribution_review(obj=approved, by=coordinator, approve=True)
    assert Comment.objects.count() == 2  # nothing deleted


def test_review_is_refused_to_others(word_lists, open_consultation, other_entity):
    from governance.services import entity_coordinator_assign

    held = comment_create(consultation=open_consultation, author=UserFactory(), body="you idiot")
    stranger = UserFactory()
    entity_coordinator_assign(entity=other_entity, user=stranger)
    for by in (UserFactory(), stranger):
        with pytest.raises(PermissionDenied):
            services.contribution_review(obj=held, by=by, approve=True)
    held.refresh_from_db()
    assert held.held_for_review


def test_admin_review_queue_rejects_with_the_reason_from_the_action_bar(
    word_lists, open_consultation, coordinator
):
    held = idea_create(consultation=open_consultation, author=UserFactory(), title="Idea", body="you idiot")
    client = Client()
    client.force_login(coordinator)
    url = reverse("admin:consultations_idea_changelist")
    assert str(held.pk) in client.get(url + "?held_for_review__exact=1").content.decode()
    client.post(url, {"action": "reject_held", "_selected_action": [held.pk], "reason": "", "index": 0})
    held.refresh_from_db()
    assert held.held_for_review  # no reason: nothing moves
    client.post(
        url, {"action": "reject_held", "_selected_action": [held.pk], "reason": "Insulting", "index": 0}
    )
    held.refresh_from_db()
    assert (held.held_for_review, held.is_hidden, held.hidden_reason) == (False, True, "Insulting")
    assert Idea.objects.filter(pk=held.pk).exists()


def test_proposal_kind_without_pre_moderation_opens_at_once_unless_held(word_lists, entity):
    kind = make_kind()
    kind.pre_moderated = False
    kind.save()
    author = UserFactory()

    def submit(title):
        proposal = proposal_services.proposal_draft_save(
            author=author,
            kind=kind,
            entity=entity,
            title=title,
            body="نقترح تظليل مواقف الحافلات في الأحياء.",
            sector="other",
        )
        return proposal_services.proposal_submit(proposal=proposal, user=author)

    assert submit("تظليل المواقف").state == Proposal.State.OPEN
    assert submit("اقتراح غبي للمواقف").state == Proposal.State.PENDING  # the word list holds it
    kind.pre_moderated = True
    kind.save()
    assert submit("تظليل الحدائق").state == Proposal.State.PENDING
