"""The consultation list comes from the page cache, and never shows a list older than the last change.

Its cards, counts and filters are the same for everyone: an anonymous visitor gets the whole page in
one cache read, a signed-in person the cached list inside their own header. Every write that changes
what the list shows (a consultation, an entity, a comment, an idea, a new ballot, a bulk push) makes
the cached lists stale at once.
"""

import pytest

from consultations.services import vote_cast
from tests.factories import (
    CommentFactory,
    ConsultationFactory,
    EntityFactory,
    IdeaFactory,
    PollFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _list(client, query: str = "") -> str:
    response = client.get(f"/en/consultations/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_an_anonymous_visitor_gets_the_list_from_the_cache(client, django_assert_max_num_queries):
    ConsultationFactory.create_batch(3)
    _list(client)  # rendered and cached (3 queries: the count, the page, the entities)
    with django_assert_max_num_queries(0):
        html = _list(client)
    assert "3 consultations found" in html
    assert 'name="csrfmiddlewaretoken" value="csrf-placeholder' not in html  # the visitor's own token


def test_a_signed_in_person_gets_the_cached_list_inside_their_own_header(
    client, citizen, django_assert_max_num_queries
):
    ConsultationFactory.create_batch(3)
    other = UserFactory(display_name="Someone Else")
    client.force_login(other)
    _list(client)
    client.force_login(citizen)
    with django_assert_max_num_queries(2):  # the session and the person; the list itself is cached
        html = _list(client)
    assert "3 consultations found" in html
    assert citizen.public_name in html and "Someone Else" not in html


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_new_or_edited_consultation_shows_at_once(client, citizen, signed_in):
    if signed_in:
        client.force_login(citizen)
    consultation = ConsultationFactory(title_en="Bus lanes downtown")
    assert "Bus lanes downtown" in _list(client)
    ConsultationFactory(title_en="A new park by the sea")
    assert "A new park by the sea" in _list(client)
    consultation.title_en = "Bus lanes in every district"
    consultation.save()
    html = _list(client)
    assert "Bus lanes in every district" in html and "Bus lanes downtown" not in html
    consultation.phase = "preparation"  # not public any more
    consultation.save()
    assert "Bus lanes in every district" not in _list(client)


def test_counts_on_the_cards_follow_comments_ideas_and_ballots_at_once(client, open_consultation):
    assert "0 comments" in _list(client)
    CommentFactory(consultation=open_consultation)
    assert "1 comment ·" in _list(client)
    IdeaFactory(consultation=open_consultation)
    assert "1 idea" in _list(client)
    poll = PollFactory(consultation=open_consultation)
    a, b, _c = poll.options.order_by("order")
    voter = UserFactory()
    vote_cast(poll=poll, user=voter, option_ids=[a.pk])
    assert "1 vote ·" in _list(client)
    vote_cast(poll=poll, user=voter, option_ids=[b.pk])  # a changed vote is still one ballot
    vote_cast(poll=poll, user=UserFactory(), option_ids=[b.pk])
    assert "2 votes ·" in _list(client)


def test_a_renamed_entity_shows_at_once_in_the_cards_and_the_filter(client):
    entity = EntityFactory(name_en="Ministry of Roads")
    ConsultationFactory(entity=entity)
    assert _list(client).count("Ministry of Roads") == 2  # the card and the filter's option
    entity.name_en = "Ministry of Transport"
    entity.save()
    html = _list(client)
    assert html.count("Ministry of Transport") == 2 and "Ministry of Roads" not in html


def test_a_bulk_push_shows_at_once(client, key_client, entity, push_body):
    assert "1 consultation found" not in _list(client)
    push_body["title"]["en"] = "Pushed by the entity in bulk"
    response = key_client.post(
        f"/api/v1/entities/{entity.slug}/consultations:bulk",
        {"items": [{"external_id": "bulk-1", **push_body}]},
        format="json",
    )
    assert response.json()["counts"]["created"] == 1
    assert "Pushed by the entity in bulk" in _list(client)


def test_filters_and_pages_are_cached_apart(client):
    ConsultationFactory(title_en="About health", sector="health")
    ConsultationFactory(title_en="About schools", sector="education")
    assert "About schools" in _list(client)
    html = _list(client, "?sector=health")
    assert "About health" in html and "About schools" not in html
    assert "About schools" in _list(client, "?sector=education")
    assert "About health" in _list(client, "?page=1&sector=health")


def test_a_made_up_query_is_rendered_not_cached(client, django_assert_max_num_queries):
    """Every made-up page number or parameter would otherwise be one more cache entry."""
    ConsultationFactory(title_en="Only one")
    for query in ("?page=abc", "?utm_source=x", "?sector=health&sector=education"):
        _list(client, query)
        with django_assert_max_num_queries(3) as rendered:
            _list(client, query)
        assert len(rendered.captured_queries) >= 2  # rendered again: the count and the page


def test_signed_in_people_share_the_cached_page_but_each_sees_their_own_menu(client, citizen):
    """One cached page for everyone signed in; the menu (name, administration link, log-out form with
    the person's own CSRF token) is theirs, and a pending message is shown, not skipped."""
    ConsultationFactory(title_en="Shared list")
    staff = UserFactory(display_name="Staff Person", is_staff=True)
    client.force_login(staff)
    assert "Administration" in _list(client)  # rendered and cached by a staff member
    client.force_login(citizen)
    html = _list(client)
    assert "Shared list" in html and citizen.public_name in html
    assert "Administration" not in html and "Staff Person" not in html
    assert "placeholder" not in html
    logout = html[html.index("/accounts/logout/") :][:400]
    assert 'name="csrfmiddlewaretoken"' in logout
    entity = EntityFactory()
    client.post(
        f"/en/consultations/follow/entity/{entity.slug}/", {"follow": "1", "next": "/en/consultations/"}
    )
    assert "You follow this now." in _list(client)  # the message waiting for the next page
