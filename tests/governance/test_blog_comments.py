"""Blog articles take comments through the consultations' comment and moderation machinery."""

import json

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from consultations.models import Comment, CommentFlag
from consultations.services.lifecycle import contribution_hide
from governance.models import BlogPost
from governance.services.content import blog_post_create, blog_post_transition
from tests.accounts.test_accounts import export_link
from tests.factories import ConsultationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def post(federal_user, entity):
    post = blog_post_create(
        author=federal_user,
        slug="open-data-year",
        title_ar="عام البيانات",
        title_en="A year of open data",
        body_ar="<p>نص</p>",
        body_en="<p>Text</p>",
        entity=entity,
    )
    blog_post_transition(post=post, to_status=BlogPost.Status.REVIEW, user=federal_user)
    return blog_post_transition(post=post, to_status=BlogPost.Status.PUBLISHED, user=federal_user)


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_comment_and_reply_on_a_published_article(client, citizen, post):
    client.force_login(citizen)
    url = reverse("governance:blog-comment-create", args=[post.slug])
    response = client.post(url, {"body": "Which datasets come next?"}, follow=True)
    assert "Which datasets come next?" in response.content.decode()
    parent = Comment.objects.get(blog_post=post)
    client.post(url, {"body": "Transport data, I hope.", "parent": parent.pk})
    reply = Comment.objects.get(parent=parent)
    assert reply.blog_post == post and reply.consultation is None
    html = client.get(post.get_absolute_url()).content.decode()
    assert html.index("Which datasets come next?") < html.index("Transport data, I hope.")


def test_the_same_rules_as_consultations_refuse_markup_and_drafts(client, citizen, federal_user, post):
    client.force_login(citizen)
    response = client.post(
        reverse("governance:blog-comment-create", args=[post.slug]),
        {"body": "<script>alert(1)</script>"},
        follow=True,
    )
    assert any("HTML tags" in m for m in _messages(response))
    draft = blog_post_create(author=federal_user, slug="draft", title_ar="مسودة", body_ar="<p>x</p>")
    response = client.post(reverse("governance:blog-comment-create", args=[draft.slug]), {"body": "early"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_flag_once_and_moderation_hides_it_with_a_reason(
    client, citizen, federal_user, post, django_capture_on_commit_callbacks
):
    author = UserFactory()
    client.force_login(author)
    client.post(reverse("governance:blog-comment-create", args=[post.slug]), {"body": "Buy cheap watches"})
    comment = Comment.objects.get(blog_post=post)
    client.force_login(citizen)
    flag_url = reverse("governance:blog-comment-flag", args=[post.slug, comment.pk])
    client.post(flag_url, {"reason": "spam"})
    response = client.post(flag_url, {"reason": "spam"}, follow=True)
    assert any("already flagged" in m for m in _messages(response))
    assert CommentFlag.objects.filter(comment=comment).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        contribution_hide(item=comment, user=federal_user, reason="Advertising")
    assert "Buy cheap watches" not in client.get(post.get_absolute_url()).content.decode()
    notification = author.notifications.get()
    assert "Advertising" in notification.body and notification.url.endswith(f"#comment-{comment.pk}")


def test_coordinators_moderate_their_own_entitys_articles_only(
    client, coordinator, other_coordinator, post, citizen
):
    client.force_login(citizen)
    client.post(reverse("governance:blog-comment-create", args=[post.slug]), {"body": "A question"})
    comment = Comment.objects.get(blog_post=post)
    assert coordinator.has_perm("consultations.change_comment", comment)
    assert not other_coordinator.has_perm("consultations.change_comment", comment)
    client.force_login(coordinator)
    assert "A question" in client.get(reverse("admin:consultations_comment_changelist")).content.decode()
    client.force_login(other_coordinator)
    assert "A question" not in client.get(reverse("admin:consultations_comment_changelist")).content.decode()


def test_a_comment_belongs_to_exactly_one_thing(citizen, post):
    consultation = ConsultationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(author=citizen, body="both", consultation=consultation, blog_post=post)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(author=citizen, body="neither")


def test_the_persons_data_export_includes_article_comments(client, citizen, post):
    client.force_login(citizen)
    client.post(reverse("governance:blog-comment-create", args=[post.slug]), {"body": "Mine"})
    data = json.loads(client.get(export_link(client)).content)
    assert data["comments"][0]["blog_article"] == post.pk and data["comments"][0]["text"] == "Mine"
