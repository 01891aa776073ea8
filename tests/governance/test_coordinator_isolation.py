"""A coordinator of entity A can neither see nor change entity B's objects, on any admin path."""

import pytest
from django.urls import reverse

from consultations.models import Comment, Consultation
from tests.factories import CommentFactory, ConsultationFactory, PollFactory
from tests.forms import admin_form_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(entity):
    return ConsultationFactory(entity=entity, title_ar="استشارتنا", title_en="Our consultation")


@pytest.fixture
def foreign(other_entity):
    return ConsultationFactory(entity=other_entity, title_ar="استشارتهم", title_en="Their consultation")


def test_list_shows_only_own_entity(client, coordinator, own, foreign):
    client.force_login(coordinator)
    html = client.get(reverse("admin:consultations_consultation_changelist")).content.decode()
    assert "استشارتنا" in html and "استشارتهم" not in html


def test_foreign_change_page_is_not_reachable(client, coordinator, own, foreign):
    client.force_login(coordinator)
    assert client.get(reverse("admin:consultations_consultation_change", args=[own.pk])).status_code == 200
    response = client.get(reverse("admin:consultations_consultation_change", args=[foreign.pk]))
    assert response.status_code == 302  # the admin answers "does not exist" and goes back
    assert client.get(reverse("admin:consultations_consultation_history", args=[foreign.pk])).status_code in (
        302,
        403,
        404,
    )
    assert client.get(reverse("admin:consultations_consultation_delete", args=[foreign.pk])).status_code in (
        302,
        403,
    )


def test_foreign_object_cannot_be_changed_by_post(client, coordinator, own, foreign):
    """The same complete form that changes the coordinator's own consultation changes nothing of B's."""
    client.force_login(coordinator)
    own_url = reverse("admin:consultations_consultation_change", args=[own.pk])
    body = admin_form_body(client.get(own_url).content.decode())
    body["title_ar"] = "عنوان معدّل"
    response = client.post(own_url, body)
    assert response.status_code == 302, "the form must be valid: it saves the coordinator's own consultation"
    own.refresh_from_db()
    assert own.title_ar == "عنوان معدّل"

    # The valid body (own entity named, all inlines included) sent to the other entity's consultation.
    body["title_ar"] = "مخترق"
    foreign_url = reverse("admin:consultations_consultation_change", args=[foreign.pk])
    response = client.post(foreign_url, body)
    assert response.status_code == 302 and response["Location"].rstrip("/").endswith("/admin")
    entity_before = foreign.entity_id
    foreign.refresh_from_db()
    assert foreign.title_ar == "استشارتهم" and foreign.entity_id == entity_before


def test_new_consultation_can_only_name_own_entity(client, coordinator, entity, other_entity):
    client.force_login(coordinator)
    add_url = reverse("admin:consultations_consultation_add")
    html = client.get(add_url).content.decode()
    assert f'value="{entity.pk}"' in html and f'value="{other_entity.pk}"' not in html
    body = admin_form_body(html)  # the complete add form, inline management forms included
    assert "polls-TOTAL_FORMS" in body or any(k.endswith("-TOTAL_FORMS") for k in body)
    body |= {
        "title_ar": "استشارة جديدة",
        "title_en": "A new consultation",
        "summary_ar": "ملخص",
        "summary_en": "Summary",
        "entity": entity.pk,
        "phase": "preparation",
    }
    response = client.post(add_url, body)
    assert response.status_code == 302, "the complete form must be accepted for the coordinator's own entity"
    assert Consultation.objects.filter(title_ar="استشارة جديدة", entity=entity).count() == 1

    count = Consultation.objects.count()
    body |= {"title_ar": "استشارة لجهة أخرى", "entity": other_entity.pk}
    response = client.post(add_url, body)
    assert response.status_code == 200  # the form again, with the error on the entity field
    assert "entity" in response.context["adminform"].form.errors
    assert Consultation.objects.count() == count
    assert not Consultation.objects.filter(entity=other_entity).exists()


def test_comments_and_polls_are_scoped_too(client, coordinator, own, foreign):
    mine = CommentFactory(consultation=own, body="comment on ours")
    theirs = CommentFactory(consultation=foreign, body="comment on theirs")
    PollFactory(consultation=foreign, question_en="Their question", question_ar="سؤالهم")
    client.force_login(coordinator)
    html = client.get(reverse("admin:consultations_comment_changelist")).content.decode()
    assert "comment on ours" in html and "comment on theirs" not in html
    assert client.get(reverse("admin:consultations_comment_change", args=[theirs.pk])).status_code == 302
    client.post(
        reverse("admin:consultations_comment_change", args=[theirs.pk]),
        {"is_hidden": "on", "hidden_reason": "x"},
    )
    assert not Comment.objects.get(pk=theirs.pk).is_hidden
    assert "سؤالهم" not in client.get(reverse("admin:consultations_poll_changelist")).content.decode()
    assert client.get(reverse("admin:consultations_comment_change", args=[mine.pk])).status_code == 200


def test_object_permissions_follow_the_entity(
    coordinator, other_coordinator, federal_user, citizen, own, foreign
):
    perm = "consultations.change_consultation"
    assert coordinator.has_perm(perm, own) and not coordinator.has_perm(perm, foreign)
    assert other_coordinator.has_perm(perm, foreign) and not other_coordinator.has_perm(perm, own)
    assert federal_user.has_perm(perm, own) and federal_user.has_perm(perm, foreign)
    assert not citizen.has_perm(perm, own)
    # A coordinator may not delete (not in the role's table), even on their own entity.
    assert not coordinator.has_perm("consultations.delete_consultation", own)


def test_federal_team_sees_every_entity(client, federal_user, own, foreign):
    client.force_login(federal_user)
    html = client.get(reverse("admin:consultations_consultation_changelist")).content.decode()
    assert "استشارتنا" in html and "استشارتهم" in html


def test_entities_list_is_scoped(client, coordinator, entity, other_entity):
    client.force_login(coordinator)
    html = client.get(reverse("admin:governance_entity_changelist")).content.decode()
    assert entity.name_ar in html and other_entity.name_ar not in html


def test_citizens_cannot_enter_the_admin(client, citizen):
    client.force_login(citizen)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]
