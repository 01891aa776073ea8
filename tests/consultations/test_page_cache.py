"""The cached detail page stays correct: every write shows at once, and the personal parts stay personal."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consultations.models import Vote, VoteChoice
from consultations.services import vote_cast
from sharik.accounts.services import user_delete
from tests.factories import CommentFactory, IdeaFactory, PollFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(client, consultation) -> str:
    response = client.get(f"/en/consultations/{consultation.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_comment_shows_at_once_on_a_cached_page(client, citizen, open_consultation):
    client.force_login(citizen)
    assert "No comments yet." in _page(client, open_consultation)  # now cached
    client.post(f"/consultations/{open_consultation.pk}/comments/new/", {"body": "Buses at seven"})
    html = _page(client, open_consultation)
    assert "Buses at seven" in html and "1 comment" in html


def test_a_hidden_comment_disappears_from_a_cached_page(client, open_consultation):
    comment = CommentFactory(consultation=open_consultation, body="Rude words")
    assert "Rude words" in _page(client, open_consultation)
    comment.is_hidden = True
    comment.save(update_fields=["is_hidden"])
    assert "Rude words" not in _page(client, open_consultation)


def test_a_vote_changes_the_cached_tallies_at_once(client, citizen, open_consultation):
    poll = PollFactory(consultation=open_consultation, show_results="always")
    a, b, _c = poll.options.order_by("order")
    vote_cast(poll=poll, user=UserFactory(), option_ids=[a.pk])
    assert "100%</bdi> (1 vote)" in _page(client, open_consultation)
    client.force_login(citizen)
    client.post(f"/consultations/{open_consultation.pk}/polls/{poll.pk}/vote/", {"option": b.pk})
    html = _page(client, open_consultation)
    assert html.count("50%</bdi> (1 vote)") == 2
    assert "Change my vote" in html


def test_changing_a_vote_keeps_one_ballot_with_the_new_choice(citizen, open_consultation):
    poll = PollFactory(consultation=open_consultation)
    a, b, _c = poll.options.order_by("order")
    vote_cast(poll=poll, user=citizen, option_ids=[a.pk])
    vote_cast(poll=poll, user=citizen, option_ids=[b.pk])
    assert Vote.objects.filter(poll=poll, user=citizen).count() == 1
    assert list(VoteChoice.objects.filter(vote__poll=poll).values_list("option_id", flat=True)) == [b.pk]


def test_only_the_author_gets_the_edit_form_on_a_shared_cached_page(open_consultation):
    author, reader = UserFactory(), UserFactory()
    comment = CommentFactory(consultation=open_consultation, author=author)
    edit_url = f"/consultations/{open_consultation.pk}/comments/{comment.pk}/edit/"
    as_reader, as_author = Client(), Client()
    as_reader.force_login(reader)
    as_author.force_login(author)
    first = _page(as_reader, open_consultation)  # fills the cache
    assert edit_url not in first and "Report to a moderator" in first
    assert edit_url in _page(as_author, open_consultation)
    assert edit_url not in _page(as_reader, open_consultation)
    assert "has_voted" not in first


def test_each_person_gets_their_own_working_csrf_token_from_the_cached_page(open_consultation):
    first, second = UserFactory(), UserFactory()
    CommentFactory(consultation=open_consultation)
    for person, body in ((first, "First reply"), (second, "Second reply")):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(person)
        html = _page(browser, open_consultation)
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
        assert tokens and "placeholder" not in " ".join(tokens)
        response = browser.post(
            f"/consultations/{open_consultation.pk}/comments/new/",
            {"body": body, "csrfmiddlewaretoken": tokens.pop()},
        )
        assert response.status_code == 302
    assert "Second reply" in _page(Client(), open_consultation)


def test_deleting_an_account_renames_its_comments_on_cached_pages(client, open_consultation):
    author = UserFactory(display_name="Layla Haddad")
    CommentFactory(consultation=open_consultation, author=author)
    assert "Layla Haddad" in _page(client, open_consultation)
    user_delete(user=author)
    html = _page(client, open_consultation)
    assert "Layla Haddad" not in html and "Deleted participant" in html


def test_a_warm_page_needs_fewer_queries_and_the_same_with_many_comments(client, citizen, open_consultation):
    client.force_login(citizen)
    for _ in range(25):
        CommentFactory(consultation=open_consultation)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            _page(client, open_consultation)
        return len(ctx.captured_queries)

    cold, warm = queries(), queries()
    assert warm < cold
    stale = []
    for _ in range(2):  # new comments make the threads stale: re-rendered in a fixed number of queries
        for _ in range(25):
            CommentFactory(consultation=open_consultation)
        stale.append(queries())
        assert queries() == warm
    assert warm < stale[0] == stale[1]


def test_supporting_an_idea_shows_at_once_and_only_for_the_supporter(open_consultation):
    idea = IdeaFactory(consultation=open_consultation, title="Shade at bus stops")
    supporter, other = Client(), Client()
    supporter.force_login(UserFactory())
    other.force_login(UserFactory())
    assert "Support this idea" in _page(supporter, open_consultation)  # cached now
    supporter.post(f"/consultations/{open_consultation.pk}/ideas/{idea.pk}/support/")
    html = _page(supporter, open_consultation)
    assert "You support this idea" in html and "1 supporter" in html
    html = _page(other, open_consultation)
    assert "You support this idea" not in html and "Support this idea" in html and "1 supporter" in html


def test_anonymous_visitors_share_the_cached_page_but_each_gets_a_working_token(open_consultation):
    CommentFactory(consultation=open_consultation, body="A public comment")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    pages = [_page(first, open_consultation)]
    with CaptureQueriesContext(connection) as ctx:
        pages.append(_page(second, open_consultation))  # from the cache
    assert len(ctx.captured_queries) <= 4
    for browser, html in zip((first, second), pages, strict=True):
        assert "A public comment" in html and "placeholder" not in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        response = browser.post(
            "/i18n/setlang/", {"language": "ar", "csrfmiddlewaretoken": token, "next": "/"}
        )
        assert response.status_code == 302  # not 403: the token is this visitor's own


def test_a_new_comment_reaches_the_cached_anonymous_page_at_once(client, citizen, open_consultation):
    assert "No comments yet." in _page(client, open_consultation)
    author = Client()
    author.force_login(citizen)
    author.post(f"/consultations/{open_consultation.pk}/comments/new/", {"body": "Fresh comment"})
    assert "Fresh comment" in _page(client, open_consultation)
