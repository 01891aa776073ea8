"""Authorisation: roles × entity grants (issue 19 item 3) and the staff second factor (item 2).

A model permission counts only with the grant of the role that carries it, on that entity: a
coordinator of A who is made moderator of B has moderator powers on B, never coordinator powers.
With OTP_REQUIRED_FOR_STAFF, staff powers on any path (not only /admin/) need a session that has
verified a second factor.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from consultations.models import Survey
from consultations.services.lifecycle import consultation_extend
from governance.services import entity_coordinator_assign, entity_moderator_assign
from tests.factories import CommentFactory, ConsultationFactory, EntityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_entities():
    return EntityFactory(), EntityFactory()


@pytest.fixture
def coordinator_a_moderator_b(two_entities):
    """A coordinator of A who is also moderator of B."""
    a, b = two_entities
    user = UserFactory()
    entity_coordinator_assign(entity=a, user=user)
    entity_moderator_assign(entity=b, user=user)
    return user


def _unpublished(entity):
    return ConsultationFactory(entity=entity, phase="planning")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Item 3: role × entity -------------------------------------------------------------------


@pytest.mark.parametrize(
    "perm",
    [
        "consultations.change_consultation",
        "consultations.view_surveyresponse",
        "consultations.add_phasetransition",
        "opendata.change_dataset",
    ],
)
def test_moderator_grant_on_b_gives_no_coordinator_power_on_b(coordinator_a_moderator_b, two_entities, perm):
    a, b = two_entities
    user = coordinator_a_moderator_b
    consultation_a, consultation_b = ConsultationFactory(entity=a), ConsultationFactory(entity=b)
    if perm.startswith("opendata."):
        from opendata.models import Dataset

        obj_a, obj_b = Dataset(entity=a), Dataset(entity=b)
    else:
        obj_a, obj_b = consultation_a, consultation_b
    assert user.has_perm(perm, obj_a)  # coordinator powers on A
    assert not user.has_perm(perm, obj_b)  # … not on B, where the person only moderates


def test_moderator_powers_on_b_still_hold(coordinator_a_moderator_b, two_entities):
    a, b = two_entities
    comment_b = CommentFactory(consultation=ConsultationFactory(entity=b))
    assert coordinator_a_moderator_b.has_perm("consultations.change_comment", comment_b)
    outsider = CommentFactory(consultation=ConsultationFactory(entity=EntityFactory()))
    assert not coordinator_a_moderator_b.has_perm("consultations.change_comment", outsider)


def test_moderator_of_b_cannot_extend_bs_close_date(coordinator_a_moderator_b, two_entities):
    _a, b = two_entities
    consultation = ConsultationFactory(entity=b)
    before = consultation.closes_at
    with pytest.raises(PermissionDenied):
        consultation_extend(
            consultation=consultation,
            user=coordinator_a_moderator_b,
            closes_at=timezone.now() + timedelta(days=60),
            reason="more time",
        )
    consultation.refresh_from_db()
    assert consultation.closes_at == before


def test_moderator_of_b_cannot_read_bs_unpublished_consultation_or_export_its_survey(
    coordinator_a_moderator_b, two_entities
):
    a, b = two_entities
    client = _signed_in(coordinator_a_moderator_b)
    draft_b = _unpublished(b)
    open_b = ConsultationFactory(entity=b)
    survey_b = Survey.objects.create(consultation=open_b, title_ar="استبيان", title_en="Survey")
    assert client.get(f"/en/consultations/{draft_b.pk}/").status_code == 404
    assert client.get(f"/en/consultations/{open_b.pk}/surveys/{survey_b.pk}/export.csv").status_code == 403
    # The same person, as coordinator of A, reads A's draft and exports A's survey.
    draft_a = _unpublished(a)
    open_a = ConsultationFactory(entity=a)
    survey_a = Survey.objects.create(consultation=open_a, title_ar="استبيان", title_en="Survey")
    assert client.get(f"/en/consultations/{draft_a.pk}/").status_code == 200
    assert client.get(f"/en/consultations/{open_a.pk}/surveys/{survey_a.pk}/export.csv").status_code == 200


# --- Item 2: the staff second factor on every staff path --------------------------------------


@pytest.fixture
def staff_paths(entity):
    draft = _unpublished(entity)
    running = ConsultationFactory(entity=entity)
    survey = Survey.objects.create(consultation=running, title_ar="استبيان", title_en="Survey")
    return {
        "unpublished consultation": f"/en/consultations/{draft.pk}/",
        "survey export": f"/en/consultations/{running.pk}/surveys/{survey.pk}/export.csv",
        "entity dashboard": f"/en/dashboard/entities/{entity.slug}/",
        "early insight": f"/en/insight/{running.pk}/",
    }


def _verified(client: Client, user) -> None:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.mark.parametrize("who", ["coordinator", "federal_user"])
def test_staff_paths_need_the_second_factor(request, settings, staff_paths, who):
    settings.OTP_REQUIRED_FOR_STAFF = True
    user = request.getfixturevalue(who)
    client = _signed_in(user)
    for name, url in staff_paths.items():
        assert client.get(url).status_code in (403, 404), f"{name} opened with a password alone"
    _verified(client, user)
    for name, url in staff_paths.items():
        assert client.get(url).status_code == 200, f"{name} refused after the second factor"


def test_without_the_requirement_a_password_is_enough(settings, coordinator, staff_paths):
    settings.OTP_REQUIRED_FOR_STAFF = False
    client = _signed_in(coordinator)
    for name, url in staff_paths.items():
        assert client.get(url).status_code == 200, name
