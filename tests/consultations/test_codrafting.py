"""Co-drafting: invited stakeholders amend paragraphs; others support or object; accepting publishes a version."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from consultations.models import Amendment, AmendmentReaction, DraftInvitation
from consultations.phases import Phase
from consultations.selectors_lifecycle import participation_figures
from consultations.services import drafts as services
from tests.factories import UserFactory

from .drafts_helpers import make_draft, paragraphs

pytestmark = pytest.mark.django_db


@pytest.fixture
def codraft(open_consultation, coordinator):
    return make_draft(open_consultation, coordinator, co_drafting=True)


@pytest.fixture
def expert(codraft, coordinator):
    person = UserFactory()
    services.draft_invite(draft=codraft, user=coordinator, person=person, group=DraftInvitation.Group.EXPERT)
    return person


def test_only_invited_stakeholders_propose_amendments(codraft, expert, citizen):
    paragraph = paragraphs(codraft.current_version)[1]
    with pytest.raises(ValidationError) as error:
        services.amendment_propose(paragraph=paragraph, author=citizen, proposed_text="نص بديل")
    assert error.value.code == "not_invited"
    amendment = services.amendment_propose(
        paragraph=paragraph,
        author=expert,
        proposed_text="تلتزم الوزارة بنشر تقرير ربع سنوي.",
        rationale="شفافية أكبر",
    )
    assert amendment.status == Amendment.Status.PENDING


def test_inviting_twice_keeps_one_invitation(codraft, coordinator, expert):
    services.draft_invite(
        draft=codraft, user=coordinator, person=expert, group=DraftInvitation.Group.CIVIL_SOCIETY
    )
    assert DraftInvitation.objects.filter(draft=codraft, user=expert).count() == 1


def test_support_or_object_once_per_person(codraft, expert, citizen):
    amendment = services.amendment_propose(
        paragraph=paragraphs(codraft.current_version)[0], author=expert, proposed_text="نص بديل"
    )
    services.amendment_react(amendment=amendment, user=citizen, kind="support")
    with pytest.raises(ValidationError) as error:
        services.amendment_react(amendment=amendment, user=citizen, kind="object")
    assert error.value.code == "duplicate"
    with pytest.raises(ValidationError):
        services.amendment_react(amendment=amendment, user=expert, kind="support")
    services.amendment_react(amendment=amendment, user=UserFactory(), kind="object")
    assert AmendmentReaction.objects.filter(amendment=amendment, kind="support").count() == 1
    assert AmendmentReaction.objects.filter(amendment=amendment, kind="object").count() == 1


def test_accepting_an_amendment_produces_the_next_version(client, codraft, expert, coordinator, english):
    v1 = codraft.current_version
    target = paragraphs(v1)[1]
    amendment = services.amendment_propose(
        paragraph=target,
        author=expert,
        language="en",
        proposed_text="The ministry commits to publishing a quarterly progress report.",
    )
    decided = services.amendment_decide(
        amendment=amendment, user=coordinator, accept=True, reason="Agreed: more transparency"
    )
    codraft.refresh_from_db()
    v2 = codraft.current_version
    assert v2.number == 2
    assert decided.status == Amendment.Status.ACCEPTED
    assert decided.applied_in == v2
    new = paragraphs(v2)
    assert new[1].text_en == "The ministry commits to publishing a quarterly progress report."
    assert new[1].key == target.key
    assert new[1].text_ar == target.text_ar  # the other language is left for the coordinator
    assert [p.text_en for p in new[::2]] == [p.text_en for p in paragraphs(v1)[::2]]
    # The diff page shows the change; version 1 keeps the amendment and its reason.
    html = client.get(
        reverse("consultations:draft-diff", args=[codraft.consultation_id, codraft.pk])
    ).content.decode()
    assert "<ins>a quarterly</ins>" in html
    old = client.get(codraft.get_absolute_url() + "?v=1").content.decode()
    assert "Agreed: more transparency" in old
    assert "applied in version 2" in old


def test_two_accepted_amendments_build_on_each_other(codraft, expert, coordinator):
    ps = paragraphs(codraft.current_version)
    first = services.amendment_propose(paragraph=ps[0], author=expert, proposed_text="هدف معدّل أول")
    second = services.amendment_propose(paragraph=ps[2], author=expert, proposed_text="مرحلة معدّلة")
    services.amendment_decide(amendment=first, user=coordinator, accept=True, reason="مقبول")
    services.amendment_decide(amendment=second, user=coordinator, accept=True, reason="مقبول")
    v3 = codraft.versions.get(number=3)
    assert [p.text_ar for p in paragraphs(v3)][::2] == ["هدف معدّل أول", "مرحلة معدّلة"]


def test_rejection_needs_a_reason_and_makes_no_version(codraft, expert, coordinator):
    amendment = services.amendment_propose(
        paragraph=paragraphs(codraft.current_version)[0], author=expert, proposed_text="نص بديل"
    )
    with pytest.raises(ValidationError):
        services.amendment_decide(amendment=amendment, user=coordinator, accept=False, reason=" ")
    services.amendment_decide(amendment=amendment, user=coordinator, accept=False, reason="خارج نطاق السياسة")
    assert codraft.versions.count() == 1
    with pytest.raises(ValidationError) as error:
        services.amendment_decide(amendment=amendment, user=coordinator, accept=True, reason="تراجع")
    assert error.value.code == "decided"


def test_coordinator_of_another_entity_cannot_decide(codraft, expert, other_coordinator):
    amendment = services.amendment_propose(
        paragraph=paragraphs(codraft.current_version)[0], author=expert, proposed_text="نص بديل"
    )
    with pytest.raises(PermissionDenied):
        services.amendment_decide(amendment=amendment, user=other_coordinator, accept=True, reason="نعم")


def test_closed_consultation_refuses_amendments_and_reactions(codraft, expert, citizen):
    amendment = services.amendment_propose(
        paragraph=paragraphs(codraft.current_version)[0], author=expert, proposed_text="نص بديل"
    )
    consultation = codraft.consultation
    consultation.phase = Phase.ANALYSIS
    consultation.save()
    with pytest.raises(ValidationError) as error:
        services.amendment_propose(
            paragraph=paragraphs(codraft.current_version)[1], author=expert, proposed_text="نص"
        )
    assert error.value.code == "closed"
    with pytest.raises(ValidationError):
        services.amendment_react(amendment=amendment, user=citizen, kind="support")


def test_amendments_count_in_the_campaign_figures(codraft, expert, coordinator, citizen):
    amendment = services.amendment_propose(
        paragraph=paragraphs(codraft.current_version)[0], author=expert, proposed_text="نص بديل"
    )
    services.amendment_react(amendment=amendment, user=citizen, kind="support")
    services.amendment_decide(amendment=amendment, user=coordinator, accept=True, reason="مقبول")
    figures = participation_figures(codraft.consultation)
    assert figures["amendments"] == 1
    assert figures["amendments_accepted"] == 1
    assert figures["amendment_reactions"] == 1
    assert figures["draft_versions"] == 2
    assert figures["participants_online"] == 2


def test_invited_stakeholder_proposes_through_the_page(client, codraft, expert):
    paragraph = paragraphs(codraft.current_version)[0]
    client.force_login(expert)
    page = client.get(codraft.get_absolute_url()).content.decode()
    assert (
        reverse("consultations:amendment-propose", args=[codraft.consultation_id, codraft.pk, paragraph.pk])
        in page
    )
    client.post(
        reverse("consultations:amendment-propose", args=[codraft.consultation_id, codraft.pk, paragraph.pk]),
        {"proposed_text": "هدف أوضح", "rationale": "للوضوح", "language": "ar"},
    )
    assert Amendment.objects.get().proposed_text == "هدف أوضح"


def test_page_hides_the_amendment_form_from_people_not_invited(client, codraft, citizen):
    client.force_login(citizen)
    page = client.get(codraft.get_absolute_url()).content.decode()
    assert "/amend/" not in page


def test_admin_decision_accepts_and_publishes(client, codraft, expert, coordinator):
    amendment = services.amendment_propose(
        paragraph=paragraphs(codraft.current_version)[0], author=expert, proposed_text="هدف أوضح"
    )
    client.force_login(coordinator)
    url = reverse("admin:consultations_amendment_change", args=[amendment.pk])
    response = client.post(url, {"status": "accepted", "decision_reason": "مقبول للوضوح"})
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.ACCEPTED
    assert codraft.versions.count() == 2


def test_admin_hides_another_entitys_amendments(client, codraft, expert, other_coordinator):
    amendment = services.amendment_propose(
        paragraph=paragraphs(codraft.current_version)[0], author=expert, proposed_text="هدف أوضح"
    )
    client.force_login(other_coordinator)
    listing = client.get(reverse("admin:consultations_amendment_changelist")).content.decode()
    assert "هدف أوضح" not in listing
    response = client.get(reverse("admin:consultations_amendment_change", args=[amendment.pk]))
    assert response.status_code in (302, 403, 404)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_reactions_and_acceptances_stay_consistent(entity):
    """Twelve clicks of one person leave one reaction; two acceptances at once make versions 2 and 3."""
    from governance.services import entity_coordinator_assign
    from tests.consultations.test_concurrency import _race, _succeeded, _unexpected
    from tests.factories import ConsultationFactory

    coordinator = UserFactory()
    entity_coordinator_assign(entity=entity, user=coordinator)
    draft = make_draft(ConsultationFactory(entity=entity), coordinator, co_drafting=True)
    expert = UserFactory()
    services.draft_invite(draft=draft, user=coordinator, person=expert, group=DraftInvitation.Group.EXPERT)
    ps = paragraphs(draft.current_version)
    first = services.amendment_propose(paragraph=ps[0], author=expert, proposed_text="نص أول")
    second = services.amendment_propose(paragraph=ps[2], author=expert, proposed_text="نص ثالث")
    voter = UserFactory()
    outcomes = _race(12, lambda: services.amendment_react(amendment=first, user=voter, kind="support"))
    assert _unexpected(outcomes) == [] and _succeeded(outcomes) >= 1
    assert AmendmentReaction.objects.filter(amendment=first, user=voter).count() == 1

    pending = [first, second]
    lock = __import__("threading").Lock()

    def accept():
        with lock:
            amendment = pending.pop()
        services.amendment_decide(amendment=amendment, user=coordinator, accept=True, reason="مقبول")

    outcomes = _race(2, accept)
    assert _unexpected(outcomes) == [] and _succeeded(outcomes) >= 1
    assert sorted(draft.versions.values_list("number", flat=True)) == [1, 2, 3]
    latest = paragraphs(draft.versions.get(number=3))
    assert latest[0].text_ar == "نص أول"
    assert latest[2].text_ar == "نص ثالث"


@pytest.mark.usefixtures("english")
def test_the_draft_page_explains_amendments_are_by_invitation_and_how_to_be_invited(
    client, codraft, expert, citizen
):
    """Issue 13, defect 14: a citizen learns why there is no "Propose an amendment" and how to get one."""
    client.force_login(citizen)
    html = client.get(codraft.get_absolute_url()).content.decode()
    assert "proposed by invited stakeholders only" in html and "To be invited, write to" in html
    assert codraft.consultation.entity.name in html
    client.force_login(expert)
    html = client.get(codraft.get_absolute_url()).content.decode()
    assert "You are invited to co-draft this text" in html and "To be invited" not in html
