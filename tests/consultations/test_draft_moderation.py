"""Paragraph comments and amendments are moderated like comments and ideas: flagged by readers, in the
moderation queue, hidden with a reason (their author told why), gone from the page and the counts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from consultations.models import DraftInvitation, OpinionStatement, ParagraphComment, ParagraphCommentFlag
from consultations.selectors_lifecycle import participation_figures
from consultations.services import drafts as services
from consultations.services.lifecycle import contribution_hide, contribution_restore
from sharik.accounts.models import Notification
from tests.factories import UserFactory

from .drafts_helpers import make_draft, paragraphs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

QUEUE = "admin:consultations_consultation_moderation"


@pytest.fixture
def draft(open_consultation, coordinator):
    return make_draft(open_consultation, coordinator, co_drafting=True)


@pytest.fixture
def rude(draft):
    return services.paragraph_comment_create(
        paragraph=paragraphs(draft.current_version)[0], author=UserFactory(), body="تعليق مسيء للغاية"
    )


@pytest.fixture
def amendment(draft, coordinator):
    expert = UserFactory()
    services.draft_invite(draft=draft, user=coordinator, person=expert, group=DraftInvitation.Group.EXPERT)
    return services.amendment_propose(
        paragraph=paragraphs(draft.current_version)[1], author=expert, proposed_text="نص إعلاني لا علاقة له"
    )


def test_a_reader_flags_a_paragraph_comment_once_and_it_heads_the_queue(
    client, draft, rude, citizen, coordinator
):
    client.force_login(citizen)
    url = reverse("consultations:paragraph-comment-flag", args=[draft.consultation_id, draft.pk, rude.pk])
    client.post(url, {"reason": "offensive"})
    response = client.post(url, {"reason": "spam"}, follow=True)
    assert "You have already flagged this comment." in response.content.decode()
    assert ParagraphCommentFlag.objects.filter(comment=rude).count() == 1
    with pytest.raises(ValidationError, match="own comment"):
        services.paragraph_comment_flag(comment=rude, user=rude.author, reason="spam")

    client.force_login(coordinator)
    html = client.get(reverse(QUEUE)).content.decode()
    flagged = html[html.index('id="flagged"') : html.index('id="recent-idea"')]
    assert "تعليق مسيء للغاية" in flagged and "1 flag" in flagged
    assert "Comment on a draft paragraph" in flagged


def test_hiding_from_the_queue_removes_it_from_the_page_and_counts_and_tells_the_author(
    client, draft, rude, coordinator, django_capture_on_commit_callbacks
):
    page = reverse("consultations:draft", args=[draft.consultation_id, draft.pk])
    client.force_login(coordinator)
    assert "تعليق مسيء للغاية" in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(QUEUE), {"kind": "paragraph_comment", "pk": rude.pk, "action": "hide", "reason": "إساءة"}
        )
    rude.refresh_from_db()
    assert rude.is_hidden and rude.hidden_reason == "إساءة" and rude.hidden_by == coordinator
    assert rude.hidden_at is not None
    note = Notification.objects.get(user=rude.author)
    assert "إساءة" in note.body and note.url.endswith(f"#pcomment-{rude.pk}")
    assert "تعليق مسيء للغاية" not in client.get(page).content.decode()
    figures = participation_figures(draft.consultation)
    assert figures["paragraph_comments"] == 0 and figures["paragraph_comments_hidden"] == 1
    hidden = client.get(reverse(QUEUE)).content.decode()
    assert "تعليق مسيء للغاية" in hidden[hidden.index('id="hidden"') :]

    client.post(reverse(QUEUE), {"kind": "paragraph_comment", "pk": rude.pk, "action": "restore"})
    rude.refresh_from_db()
    assert not rude.is_hidden and rude.hidden_by is None
    assert participation_figures(draft.consultation)["paragraph_comments"] == 1


def test_a_hidden_comment_can_no_longer_be_supported_or_flagged(draft, rude, coordinator, citizen):
    contribution_hide(item=rude, user=coordinator, reason="إساءة")
    with pytest.raises(ValidationError, match="not available"):
        services.paragraph_comment_support(comment=rude, user=citizen)
    with pytest.raises(ValidationError, match="not available"):
        services.paragraph_comment_flag(comment=rude, user=citizen, reason="spam")


def test_a_hidden_amendment_leaves_the_page_and_counts_and_cannot_be_accepted(
    client, draft, amendment, coordinator, citizen
):
    client.force_login(coordinator)
    client.post(
        reverse(QUEUE), {"kind": "amendment", "pk": amendment.pk, "action": "hide", "reason": "إعلان"}
    )
    amendment.refresh_from_db()
    assert amendment.is_hidden and amendment.hidden_by == coordinator
    page = client.get(reverse("consultations:draft", args=[draft.consultation_id, draft.pk])).content.decode()
    assert "نص إعلاني لا علاقة له" not in page
    figures = participation_figures(draft.consultation)
    assert figures["amendments"] == 0 and figures["amendments_hidden"] == 1
    with pytest.raises(ValidationError, match="not available"):
        services.amendment_react(amendment=amendment, user=citizen, kind="support")
    with pytest.raises(ValidationError, match="restore it"):
        services.amendment_decide(amendment=amendment, user=coordinator, accept=True, reason="جيد")
    assert draft.versions.count() == 1
    # Rejecting it stays possible, so the stakeholder gets an answer.
    services.amendment_decide(amendment=amendment, user=coordinator, accept=False, reason="خارج الموضوع")
    contribution_restore(item=amendment, user=coordinator)
    assert participation_figures(draft.consultation)["amendments"] == 1


def test_the_queue_lists_recent_paragraph_comments_amendments_and_statements(
    client, draft, rude, amendment, coordinator, open_consultation
):
    statement = OpinionStatement.objects.create(
        consultation=open_consultation, author=UserFactory(), text="عبارة للنقاش"
    )
    client.force_login(coordinator)
    html = client.get(reverse(QUEUE)).content.decode()
    assert "تعليق مسيء للغاية" in html[html.index('id="recent-paragraph_comment"') :]
    assert "نص إعلاني لا علاقة له" in html[html.index('id="recent-amendment"') :]
    assert "عبارة للنقاش" in html[html.index('id="recent-opinion_statement"') :]
    client.post(
        reverse(QUEUE), {"kind": "opinion_statement", "pk": statement.pk, "action": "hide", "reason": "تكرار"}
    )
    statement.refresh_from_db()
    assert statement.is_hidden and statement.hidden_reason == "تكرار"


def test_another_entitys_coordinator_neither_sees_nor_hides_them(
    client, draft, rude, amendment, other_coordinator
):
    client.force_login(other_coordinator)
    html = client.get(reverse(QUEUE)).content.decode()
    assert "تعليق مسيء للغاية" not in html and "نص إعلاني لا علاقة له" not in html
    for kind, item in (("paragraph_comment", rude), ("amendment", amendment)):
        response = client.post(reverse(QUEUE), {"kind": kind, "pk": item.pk, "action": "hide", "reason": "x"})
        assert response.status_code == 404
    assert not ParagraphComment.objects.filter(is_hidden=True).exists()
    with pytest.raises(PermissionDenied):
        contribution_hide(item=rude, user=other_coordinator, reason="x")


def test_the_entitys_moderator_hides_paragraph_comments_but_cannot_decide_amendments(
    client, draft, rude, amendment, entity
):
    from governance.services import entity_moderator_assign

    moderator = UserFactory(is_staff=True)
    entity_moderator_assign(entity=entity, user=moderator)
    client.force_login(moderator)
    html = client.get(reverse(QUEUE)).content.decode()
    assert "تعليق مسيء للغاية" in html
    assert 'id="recent-amendment"' not in html  # amendments are the coordinator's to hide or decide
    response = client.post(
        reverse(QUEUE), {"kind": "amendment", "pk": amendment.pk, "action": "hide", "reason": "x"}
    )
    assert response.status_code == 403
    client.post(
        reverse(QUEUE), {"kind": "paragraph_comment", "pk": rude.pk, "action": "hide", "reason": "إساءة"}
    )
    rude.refresh_from_db()
    assert rude.is_hidden and rude.hidden_by == moderator
    with pytest.raises(PermissionDenied):
        services.amendment_decide(amendment=amendment, user=moderator, accept=True, reason="x")


def test_the_paragraph_comment_admin_hides_through_the_service(client, draft, rude, coordinator):
    url = reverse("admin:consultations_paragraphcomment_change", args=[rude.pk])
    client.force_login(coordinator)
    client.post(url, {"hidden_reason": "إساءة"})
    rude.refresh_from_db()
    assert rude.is_hidden and rude.hidden_by == coordinator and rude.hidden_at is not None
    client.post(url, {"hidden_reason": ""})
    rude.refresh_from_db()
    assert not rude.is_hidden and rude.hidden_by is None
