import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from consultations.models import Comment, Vote
from consultations.services import comment_create, vote_cast
from sharik.accounts.models import Notification, User
from tests.factories import PASSWORD, CommentFactory, PollFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

GOOD_PASSWORD = "Tall-Palm-Trees-2026"


def _register(client, email="new@example.org", password=GOOD_PASSWORD, **extra):
    data = {
        "email": email,
        "display_name": "Noura",
        "password1": password,
        "password2": password,
        "accept_terms": "on",
    }
    data.update(extra)
    return client.post(reverse("accounts:register"), data)


def test_registration_sends_an_activation_link_that_logs_the_person_in(client):
    response = _register(client)
    assert response.status_code == 200
    assert "new@example.org" in response.content.decode()
    user = User.objects.get(email="new@example.org")
    assert not user.is_active  # not usable before the address is confirmed
    assert len(mail.outbox) == 1
    link = re.search(r"http://[^\s]+/accounts/activate/[^\s]+/", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[-1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.is_active
    assert response.context["user"] == user
    assert user.groups.filter(name="citizen").exists()


def test_registering_a_known_address_replies_the_same_and_creates_nothing(client, citizen):
    first = _register(client, email="someone-new@example.org")
    again = _register(client, email=citizen.email.upper())

    def normalise(response, email):
        html = response.content.decode().replace(email, "EMAIL")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert normalise(first, "someone-new@example.org") == normalise(again, citizen.email)
    assert User.objects.filter(email=citizen.email).count() == 1
    assert "already has an account" in mail.outbox[-1].body


def test_registration_refuses_a_weak_password_and_mismatch_with_reasons(client):
    response = _register(client, password="12345678")
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.org").exists()
    assert "password" in response.content.decode().lower()
    response = _register(client, password2="Different-Password-99")
    assert "do not match" in response.content.decode()


def test_login_and_logout(client, citizen):
    response = client.post(reverse("accounts:login"), {"username": citizen.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_login_is_throttled_after_repeated_failures(client, citizen):
    for _ in range(4):
        response = client.post(
            reverse("accounts:login"), {"username": citizen.email, "password": "wrong-password"}
        )
        assert response.status_code == 200
    response = client.post(
        reverse("accounts:login"), {"username": citizen.email, "password": "wrong-password"}
    )
    assert response.status_code == 429  # the fifth failure locks
    # Even the right password is refused while the lockout lasts.
    response = client.post(reverse("accounts:login"), {"username": citizen.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_wrong_password_and_unknown_address_get_the_same_reply(client, citizen):
    wrong = client.post(reverse("accounts:login"), {"username": citizen.email, "password": "nope-nope-nope"})
    unknown = client.post(
        reverse("accounts:login"), {"username": "nobody@example.org", "password": "nope-nope-nope"}
    )
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_password_reset_by_email(client, citizen):
    response = client.post(reverse("accounts:password-reset"), {"email": citizen.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    path = re.search(r"/accounts/password-reset/[^\s]+/[^\s]+/", mail.outbox[0].body).group(0)
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password(GOOD_PASSWORD)


def test_profile_keeps_optional_demographics(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Huda", "preferred_language": "en", "age_band": "25-34", "place": "dubai"},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.age_band, citizen.place, citizen.preferred_language) == ("25-34", "dubai", "en")


def export_link(client) -> str:
    """Ask for the export on the My data page; the answer holds the one-time download link."""
    page = client.post(reverse("accounts:data-export")).content.decode()
    return re.search(r'href="([^"]*/my-data/export/[^"]+/)"', page).group(1)


def test_data_export_contains_the_persons_own_contributions_only(client, citizen, open_consultation):
    comment_create(consultation=open_consultation, author=citizen, body="My own view")
    CommentFactory(consultation=open_consultation, body="Someone else's view")
    poll = PollFactory(consultation=open_consultation)
    vote_cast(poll=poll, user=citizen, option_ids=[poll.options.first().pk])
    client.force_login(citizen)
    assert client.get(reverse("accounts:data-export")).status_code == 405  # POST only
    response = client.get(export_link(client))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["email"] == citizen.email
    assert [c["text"] for c in data["comments"]] == ["My own view"]
    assert len(data["votes"]) == 1
    assert "password" not in json.dumps(data)


def test_data_export_lists_everything_the_person_follows(client, citizen, open_consultation):
    from consultations.services.reach import follow_set

    follow_set(user=citizen, kind="consultation", target=open_consultation)
    follow_set(user=citizen, kind="entity", target=open_consultation.entity)
    follow_set(user=citizen, kind="sector", target=open_consultation.sector)
    follow_set(user=UserFactory(), kind="entity", target=open_consultation.entity)  # someone else's
    client.force_login(citizen)
    data = json.loads(client.get(export_link(client)).content)
    assert [(f["kind"], f["target"]) for f in data["following"]] == [
        ("consultation", open_consultation.pk),
        ("entity", open_consultation.entity_id),
        ("sector", open_consultation.sector),
    ]


def test_account_deletion_anonymises_contributions_and_removes_personal_data(
    client, citizen, open_consultation
):
    citizen.display_name = "Zubaida Qarawiyyin"
    citizen.save()
    comment = comment_create(consultation=open_consultation, author=citizen, body="Before I leave")
    page = client.get(open_consultation.get_absolute_url())
    assert "Zubaida Qarawiyyin" in page.content.decode(), "the public page shows the author's name"
    poll = PollFactory(consultation=open_consultation)
    vote_cast(poll=poll, user=citizen, option_ids=[poll.options.first().pk])
    Notification.objects.create(user=citizen, key="k", title="t")
    email = citizen.email
    client.force_login(citizen)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.email != email and not citizen.display_name and not citizen.is_active
    assert not citizen.has_usable_password()
    assert not User.objects.filter(email=email).exists()
    assert Comment.objects.get(pk=comment.pk).author.public_name == "Deleted participant"
    assert Vote.objects.filter(poll=poll).count() == 1  # the tally does not change
    assert not Notification.objects.filter(user=citizen).exists()
    page = client.get(open_consultation.get_absolute_url()).content.decode()
    assert "Before I leave" in page  # the contribution stays, its author's name does not
    assert "Zubaida Qarawiyyin" not in page and email not in page


def test_account_deletion_needs_the_password(client, citizen):
    client.force_login(citizen)
    client.post(reverse("accounts:delete"), {"password": "wrong", "confirm": "on"})
    citizen.refresh_from_db()
    assert citizen.is_active and citizen.deleted_at is None


def test_notification_send_is_idempotent_per_key(citizen):
    from sharik.accounts.services import notification_send

    assert notification_send(user=citizen, key="outcome:1", title="Decided") is not None
    assert notification_send(user=citizen, key="outcome:1", title="Decided") is None
    assert citizen.notifications.count() == 1
    assert len(mail.outbox) == 1


def test_a_new_user_is_never_staff(db):
    assert not UserFactory().is_staff


def test_data_export_holds_every_kind_of_contribution(client, citizen, open_consultation, entity):
    """Survey answers, budget choices, data set requests and the rest, the person's own only."""
    from consultations.services.instruments import budget_allocate, survey_response_submit
    from opendata.services.requests import dataset_request_create
    from tests.consultations.instrument_factories import make_budget, make_survey

    survey, questions = make_survey(open_consultation)
    answers = {
        questions["single"].pk: str(questions["single"].choices.first().pk),
        questions["scale"].pk: "4",
    }
    answers[questions["text"].pk] = "The counter closes too early"
    survey_response_submit(survey=survey, user=citizen, answers=answers)
    budget, projects = make_budget(open_consultation)
    budget_allocate(budget=budget, user=citizen, project_ids=[projects[0].pk])
    dataset_request_create(user=citizen, entity=entity, title="Bus timetables", reason="For an app")
    other = UserFactory()
    dataset_request_create(user=other, entity=entity, title="Someone else's request", reason="Theirs")
    client.force_login(citizen)
    data = json.loads(client.get(export_link(client)).content)
    other_rows = data["other"]
    [response] = other_rows["consultations.surveyresponse"]
    assert "The counter closes too early" in [a["answer"] for a in response["answers"]]
    assert [b["budget_id"] for b in other_rows["consultations.budgetallocation"]] == [budget.pk]
    assert [r["title"] for r in other_rows["opendata.datasetrequest"]] == ["Bus timetables"]
    assert "Someone else's request" not in json.dumps(data)
