"""Issue 19 item 15: NUL characters and deeply nested JSON get a clear 400 and write nothing.

(PostgreSQL refuses NUL in text: these answered 500 there. Run with DATABASE_URL on PostgreSQL too.)
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.models import Comment, Consultation, Idea, ParagraphComment
from consultations.services import comment_create

from .drafts_helpers import make_draft, paragraphs

pytestmark = pytest.mark.django_db

NUL_TEXT = "مقترح\x00 مفيد"


def _refused(response) -> None:
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_comment_with_a_nul_is_refused(client, open_consultation, citizen, english):
    client.force_login(citizen)
    _refused(
        client.post(reverse("consultations:comment-create", args=[open_consultation.pk]), {"body": NUL_TEXT})
    )
    assert not Comment.objects.exists()


def test_an_idea_with_a_nul_is_refused(client, open_consultation, citizen, english):
    client.force_login(citizen)
    url = reverse("consultations:idea-create", args=[open_consultation.pk])
    _refused(client.post(url, {"title": "فكرة", "body": NUL_TEXT}))
    assert not Idea.objects.exists()


def test_a_paragraph_comment_with_a_nul_is_refused(client, open_consultation, coordinator, citizen, english):
    draft = make_draft(open_consultation, coordinator)
    paragraph = paragraphs(draft.current_version)[0]
    client.force_login(citizen)
    url = reverse("consultations:paragraph-comment", args=[open_consultation.pk, draft.pk, paragraph.pk])
    _refused(client.post(url, {"body": NUL_TEXT}))
    assert not ParagraphComment.objects.exists()


def test_the_service_refuses_a_nul_too(open_consultation, citizen, english):
    with pytest.raises(ValidationError, match="NUL character"):
        comment_create(consultation=open_consultation, author=citizen, body=NUL_TEXT)
    assert not Comment.objects.exists()


def test_deeply_nested_json_is_a_400_for_a_key_holder(key_client, entity):
    body = "[" * 100_000 + "]" * 100_000
    response = key_client.generic(
        "POST", f"/api/v1/entities/{entity.slug}/consultations:bulk", body, content_type="application/json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "parse_error" and "32" in error["message"]  # the limit, in either language


def test_a_nul_in_external_id_is_a_400_and_writes_nothing(key_client, entity, push_body):
    response = key_client.post(
        f"/api/v1/entities/{entity.slug}/consultations:bulk",
        {"items": [{"external_id": "a\x00b", **push_body}]},
        format="json",
    )
    assert response.status_code == 400 and "NUL" in response.json()["error"]["message"]  # both languages
    assert not Consultation.objects.filter(entity=entity).exists()
