"""The opinion map: statements moderated like comments, one vote per person, groups found deterministically."""

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from consultations import opinion_map
from consultations.models import OpinionMap, OpinionStatement, OpinionVote
from consultations.phases import Phase
from consultations.services.instruments import (
    opinion_map_compute,
    opinion_statement_create,
    opinion_statement_moderate,
    opinion_vote_cast,
)
from consultations.tasks.instruments import opinion_maps_compute
from tests.factories import ConsultationFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")


def planted_votes(seed: int = 1, per_group: int = 12, noise: float = 0.1):
    """Two planted groups: statements 0-3 split them (A agrees, B disagrees), 4-5 everyone agrees."""
    rng = np.random.default_rng(seed)
    votes, truth = [], {}
    for person in range(2 * per_group):
        group = person // per_group
        truth[person] = group
        for statement in range(6):
            value = (1 if group == 0 else -1) if statement < 4 else 1
            if rng.random() < noise:
                value = int(rng.choice([-1, 0, 1]))
            votes.append((person, 100 + statement, value))
    return votes, truth


def test_two_planted_groups_are_recovered_with_consensus_and_divisive_statements():
    votes, truth = planted_votes()
    result = opinion_map.opinion_groups(votes)
    assert result["k"] == 2 and result["group_sizes"] == [12, 12]
    labels = [p["group"] for p in result["points"]]
    # The same partition as planted (group numbers are in order of first appearance).
    assert labels == [truth[person] for person in sorted(truth)]
    assert {r["statement"] for r in result["divisive"]} == {100, 101, 102, 103}
    assert {r["statement"] for r in result["consensus"]} == {104, 105}


def test_the_computation_is_deterministic_and_order_independent():
    votes, _truth = planted_votes(seed=7, noise=0.2)
    first = opinion_map.opinion_groups(votes)
    assert opinion_map.opinion_groups(list(reversed(votes))) == first
    assert opinion_map.opinion_groups(votes) == first


def test_too_little_data_gives_no_map():
    assert opinion_map.opinion_groups([(1, 1, 1), (2, 1, -1)]) is None


def test_one_vote_per_person_and_statement_changeable(open_consultation, citizen):
    statement = opinion_statement_create(
        consultation=open_consultation, author=UserFactory(), text="Buses should run all night"
    )
    opinion_vote_cast(statement=statement, user=citizen, value=1)
    opinion_vote_cast(statement=statement, user=citizen, value=-1)
    assert OpinionVote.objects.get(statement=statement, user=citizen).value == -1
    assert OpinionVote.objects.count() == 1
    with pytest.raises(ValidationError, match="agree, disagree or pass"):
        opinion_vote_cast(statement=statement, user=citizen, value=5)


def test_statements_are_plain_text_and_a_closed_consultation_refuses(entity, citizen):
    consultation = ConsultationFactory(entity=entity)
    with pytest.raises(ValidationError, match="plain text"):
        opinion_statement_create(consultation=consultation, author=citizen, text="<b>bold</b> claim here")
    statement = opinion_statement_create(
        consultation=consultation, author=citizen, text="More shade in parks"
    )
    consultation.phase = Phase.ANALYSIS
    consultation.save()
    with pytest.raises(ValidationError, match="closed"):
        opinion_statement_create(consultation=consultation, author=citizen, text="Another statement")
    with pytest.raises(ValidationError, match="closed"):
        opinion_vote_cast(statement=statement, user=UserFactory(), value=1)


def test_moderation_hides_with_a_reason_and_only_for_the_own_entity(
    open_consultation, coordinator, other_coordinator
):
    statement = opinion_statement_create(
        consultation=open_consultation, author=UserFactory(), text="A statement to moderate"
    )
    with pytest.raises(PermissionDenied):
        opinion_statement_moderate(statement=statement, user=other_coordinator, hide=True, reason="Abuse")
    with pytest.raises(ValidationError):
        opinion_statement_moderate(statement=statement, user=coordinator, hide=True, reason="")
    opinion_statement_moderate(statement=statement, user=coordinator, hide=True, reason="Abusive")
    statement.refresh_from_db()
    assert statement.is_hidden and statement.hidden_by == coordinator
    with pytest.raises(ValidationError, match="not available"):
        opinion_vote_cast(statement=statement, user=UserFactory(), value=1)


def _seed_votes(consultation):
    votes, _truth = planted_votes(per_group=5, noise=0)
    people = {p: UserFactory() for p in {p for p, _s, _v in votes}}
    statements = {
        s: OpinionStatement.objects.create(consultation=consultation, author=people[0], text=f"Statement {s}")
        for s in {s for _p, s, _v in votes}
    }
    OpinionVote.objects.bulk_create(
        [OpinionVote(statement=statements[s], user=people[p], value=v) for p, s, v in votes]
    )
    return statements


def test_the_scheduled_job_computes_the_map_once_per_change(open_consultation):
    _seed_votes(open_consultation)
    assert opinion_maps_compute.delay().get() == 1
    omap = OpinionMap.objects.get(consultation=open_consultation)
    assert omap.result["k"] == 2 and len(omap.result["points"]) == 10
    computed_at = omap.computed_at
    opinion_map_compute(consultation=open_consultation)  # same votes: nothing recomputed
    omap.refresh_from_db()
    assert omap.computed_at == computed_at


@pytest.mark.parametrize("lang,words", [("ar", "حيث تتفق المجموعات"), ("en", "Where the groups agree")])
def test_the_page_shows_the_map_without_names_and_both_lists(client, open_consultation, lang, words):
    statements = _seed_votes(open_consultation)
    opinion_map_compute(consultation=open_consultation)
    with translation.override(lang):
        html = client.get(reverse("consultations:opinions", args=[open_consultation.pk])).content.decode()
    assert words in html and 'id="opinion-chart-data"' in html
    assert statements[104].text in html
    assert "Person" not in html and "@example.org" not in html


def test_voting_through_the_page(client, open_consultation, citizen):
    statement = opinion_statement_create(
        consultation=open_consultation, author=UserFactory(), text="Open libraries on Fridays"
    )
    client.force_login(citizen)
    client.post(
        reverse("consultations:opinion-vote", args=[open_consultation.pk, statement.pk]), {"value": "1"}
    )
    client.post(
        reverse("consultations:opinion-vote", args=[open_consultation.pk, statement.pk]), {"value": "0"}
    )
    assert OpinionVote.objects.get(user=citizen).value == 0


def test_the_statement_admin_is_scoped_to_the_entity(
    open_consultation, coordinator, other_coordinator, client
):
    statement = opinion_statement_create(
        consultation=open_consultation, author=UserFactory(), text="A statement in the admin"
    )
    client.force_login(other_coordinator)
    changelist = reverse("admin:consultations_opinionstatement_changelist")
    assert client.get(changelist).context["cl"].result_count == 0
    client.force_login(coordinator)
    assert client.get(changelist).context["cl"].result_count == 1
    url = reverse("admin:consultations_opinionstatement_change", args=[statement.pk])
    client.post(url, {"hidden_reason": "Personal data"})
    statement.refresh_from_db()
    assert statement.is_hidden and statement.hidden_reason == "Personal data"
