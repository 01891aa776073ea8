"""Experience exchange between entities: coordinators post for their own entity only, the coordination
team matches an offer with a request in the admin and records the outcome, the report counts them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance.models import ExchangeMatch, ExpertisePost
from governance.services import exchange as services
from governance.services import network
from governance.services.reports import annual_report_figures
from tests.factories import EntityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _member(entity, federal_user):
    user = UserFactory()
    nomination = network.coordinator_nominate(entity=entity, user=user, nominated_by=federal_user)
    network.coordinator_nomination_decide(nomination=nomination, approve=True, user=federal_user)
    return user


@pytest.fixture
def people(federal_user):
    a, b = EntityFactory(name_en="Alpha ministry"), EntityFactory(name_en="Beta authority")
    return {"a": a, "b": b, "coord_a": _member(a, federal_user), "coord_b": _member(b, federal_user)}


def _post(people, who, kind, topic):
    entity = people[who]
    return services.expertise_post_create(
        user=people[f"coord_{who}"], entity=entity, kind=kind, topic=topic, description=f"About {topic}."
    )


def test_a_coordinator_posts_and_edits_only_for_their_own_entity(people, client):
    offer = _post(people, "a", "offer", "Running focus groups")
    with pytest.raises(PermissionDenied):
        services.expertise_post_create(
            user=people["coord_a"], entity=people["b"], kind="request", topic="x", description="y"
        )
    with pytest.raises(PermissionDenied):
        services.expertise_post_update(
            user=people["coord_b"], post=offer, topic="Taken over", description="z"
        )
    client.force_login(people["coord_b"])
    url = f"/governance/exchange/{offer.pk}/edit/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"topic": "Taken over", "description": "z"}).status_code == 403
    offer.refresh_from_db()
    assert offer.topic == "Running focus groups"

    client.force_login(people["coord_a"])
    client.post(url, {"topic": "Running focus groups online", "description": "Now online."})
    offer.refresh_from_db()
    assert (offer.topic, offer.status) == ("Running focus groups online", "open")


def test_the_members_page_lists_open_posts_and_takes_a_post_for_the_own_entity(people, client, citizen):
    _post(people, "a", "offer", "Open data licensing")
    assert client.get("/governance/exchange/").status_code == 302  # to the login page
    client.force_login(citizen)
    assert client.get("/governance/exchange/").status_code == 403
    client.force_login(people["coord_b"])
    page = client.get("/en/governance/exchange/").content.decode()
    assert "Open data licensing" in page and "Alpha ministry" in page
    # a post for another entity is refused by the form (only one's own entities are offered)
    client.post(
        "/governance/exchange/",
        {"entity": people["a"].pk, "kind": "request", "topic": "Forged", "description": "Not ours."},
    )
    assert not ExpertisePost.objects.filter(topic="Forged").exists()
    client.post(
        "/governance/exchange/",
        {
            "entity": people["b"].pk,
            "kind": "request",
            "topic": "Survey design",
            "description": "Help please.",
        },
    )
    post = ExpertisePost.objects.get(topic="Survey design")
    assert (post.entity, post.kind, post.author) == (people["b"], "request", people["coord_b"])


def test_the_coordination_team_matches_in_the_admin_and_records_the_outcome(
    people, client, coordination_user
):
    offer = _post(people, "a", "offer", "Moderating comments")
    request = _post(people, "b", "request", "Moderation guide")
    other_request = _post(people, "a", "request", "Own entity's request")
    client.force_login(coordination_user)
    # an offer cannot be matched with its own entity's request
    response = client.post(
        "/admin/governance/exchangematch/add/",
        {"offer": offer.pk, "request": other_request.pk, "outcome": "pending", "outcome_note": ""},
    )
    assert response.status_code == 200 and not ExchangeMatch.objects.exists()
    response = client.post(
        "/admin/governance/exchangematch/add/",
        {"offer": offer.pk, "request": request.pk, "outcome": "pending", "outcome_note": ""},
    )
    assert response.status_code == 302
    match = ExchangeMatch.objects.get()
    assert (match.offer, match.request, match.matched_by) == (offer, request, coordination_user)
    assert set(
        ExpertisePost.objects.filter(pk__in=[offer.pk, request.pk]).values_list("status", flat=True)
    ) == {"matched"}
    client.post(
        f"/admin/governance/exchangematch/{match.pk}/change/",
        {"outcome": "held", "outcome_note": "Two sessions in March."},
    )
    match.refresh_from_db()
    assert (match.outcome, match.outcome_note) == ("held", "Two sessions in March.")
    assert match.outcome_recorded_at is not None

    # the two entities see their exchange; a third entity's coordinator does not
    client.force_login(people["coord_b"])
    page = client.get("/en/governance/exchange/").content.decode()
    assert "Two sessions in March." in page and "Held" in page
    third = _member(EntityFactory(), UserFactory(is_superuser=True))
    client.force_login(third)
    assert "Two sessions in March." not in client.get("/en/governance/exchange/").content.decode()


def test_matching_refuses_two_offers_the_same_entity_and_a_second_identical_match(people, coordination_user):
    offer = _post(people, "a", "offer", "A")
    offer_b = _post(people, "b", "offer", "B")
    request = _post(people, "b", "request", "C")
    with pytest.raises(ValidationError):
        services.exchange_match_create(user=coordination_user, offer=offer, request=offer_b)
    with pytest.raises(PermissionDenied):
        services.exchange_match_create(user=people["coord_a"], offer=offer, request=request)
    services.exchange_match_create(user=coordination_user, offer=offer, request=request)
    with pytest.raises(ValidationError):
        services.exchange_match_create(user=coordination_user, offer=offer, request=request)
    assert ExchangeMatch.objects.count() == 1


def test_the_annual_report_counts_posts_matches_and_outcomes(people, coordination_user):
    offers = [_post(people, "a", "offer", f"Offer {n}") for n in range(3)]
    requests = [_post(people, "b", "request", f"Request {n}") for n in range(2)]
    held = services.exchange_match_create(user=coordination_user, offer=offers[0], request=requests[0])
    services.exchange_outcome_record(user=coordination_user, match=held, outcome="held", note="Done.")
    services.exchange_match_create(user=coordination_user, offer=offers[1], request=requests[1])
    figures = annual_report_figures(year=timezone.localdate().year)["exchange"]
    assert (figures["offers"], figures["requests"], figures["matched"]) == (3, 2, 2)
    assert (figures["held"], figures["not_held"], figures["pending"]) == (1, 0, 1)
    assert figures["rows"][0]["note"] == "Done."
