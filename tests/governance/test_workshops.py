"""Workshops: places and the waiting list (also under concurrent registrations), attendance, the
satisfaction form, the beat job's notices, and the trainees' satisfaction KPI computed from the answers."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone

from governance import kpis
from governance.models import Workshop, WorkshopFeedback, WorkshopRegistration
from governance.services import network
from governance.services import workshops as services
from governance.services.reports import annual_report_figures
from sharik.accounts.models import Notification
from tests.factories import EntityFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()
REGISTERED, WAITING, CANCELLED = "registered", "waiting", "cancelled"


def _workshop(*, days: float = 10, capacity: int = 3, hours: int = 3, **kwargs) -> Workshop:
    starts = timezone.now() + datetime.timedelta(days=days)
    return Workshop.objects.create(
        title_ar="ورشة أساسيات المشاركة",
        title_en="E-participation basics",
        place_ar="أبوظبي",
        place_en="Abu Dhabi",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        capacity=capacity,
        **kwargs,
    )


def _members(n: int, federal_user) -> list:
    entity = EntityFactory()
    people = []
    for _ in range(n):
        user = UserFactory()
        nomination = network.coordinator_nominate(entity=entity, user=user, nominated_by=federal_user)
        network.coordinator_nomination_decide(nomination=nomination, approve=True, user=federal_user)
        people.append(user)
    return people


def _statuses(workshop) -> dict:
    return {r.user_id: r.status for r in WorkshopRegistration.objects.filter(workshop=workshop)}


def _held(workshop: Workshop, days_ago: float = 2) -> None:
    """Move a workshop into the past (it has started and ended)."""
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )
    workshop.refresh_from_db()


def test_capacity_three_five_register_three_places_two_waiting_and_a_cancel_promotes_the_first_once(
    federal_user, django_capture_on_commit_callbacks
):
    workshop = _workshop(capacity=3)
    people = _members(5, federal_user)
    mail.outbox.clear()
    for person in people:
        services.workshop_register(user=person, workshop=workshop)
    statuses = _statuses(workshop)
    assert [statuses[p.pk] for p in people] == [REGISTERED] * 3 + [WAITING] * 2
    # registering again changes nothing (no second row, same place)
    services.workshop_register(user=people[0], workshop=workshop)
    assert WorkshopRegistration.objects.filter(workshop=workshop).count() == 5

    with django_capture_on_commit_callbacks(execute=True):
        services.workshop_cancel(user=people[1], workshop=workshop)
    statuses = _statuses(workshop)
    assert statuses[people[1].pk] == CANCELLED
    assert statuses[people[3].pk] == REGISTERED  # the first on the waiting list
    assert statuses[people[4].pk] == WAITING
    assert [m.to for m in mail.outbox] == [[people[3].email]]
    assert WorkshopRegistration.objects.filter(workshop=workshop, status=REGISTERED).count() == 3

    with django_capture_on_commit_callbacks(execute=True):  # cancelling twice promotes nobody else
        assert services.workshop_cancel(user=people[1], workshop=workshop) is None
    assert _statuses(workshop)[people[4].pk] == WAITING
    assert len(mail.outbox) == 1

    # someone waiting who leaves the list frees no place: nobody is promoted
    with django_capture_on_commit_callbacks(execute=True):
        services.workshop_cancel(user=people[4], workshop=workshop)
    assert len(mail.outbox) == 1
    # re-registering after cancelling goes to the back: the workshop is full again, so waiting
    assert services.workshop_register(user=people[1], workshop=workshop).status == WAITING


def test_more_places_in_the_admin_are_taken_by_the_waiting_list_in_order(client, federal_user):
    workshop = _workshop(capacity=1)
    a, b, c = _members(3, federal_user)
    for person in (a, b, c):
        services.workshop_register(user=person, workshop=workshop)
    services.workshop_places_fill(workshop=workshop)  # still one place: nothing moves
    assert _statuses(workshop) == {a.pk: REGISTERED, b.pk: WAITING, c.pk: WAITING}
    Workshop.objects.filter(pk=workshop.pk).update(capacity=2)
    services.workshop_places_fill(workshop=workshop)
    assert _statuses(workshop) == {a.pk: REGISTERED, b.pk: REGISTERED, c.pk: WAITING}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_the_capacity_and_a_cancel_promotes_exactly_once():
    from governance.models import Role
    from governance.services import role_assign

    federal = UserFactory()
    role_assign(user=federal, role=Role.FEDERAL_TEAM)
    workshop = _workshop(capacity=3)
    people = _members(5, federal)
    errors = []

    def run_all(fn, users):
        barrier = threading.Barrier(len(users))

        def worker(user):
            try:
                barrier.wait()
                fn(user=user, workshop=workshop)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker, args=(u,)) for u in users]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    run_all(services.workshop_register, people)
    assert not errors
    counts = {
        s: WorkshopRegistration.objects.filter(workshop=workshop, status=s).count()
        for s in (REGISTERED, WAITING)
    }
    assert counts == {REGISTERED: 3, WAITING: 2}

    registered = list(WorkshopRegistration.objects.filter(workshop=workshop, status=REGISTERED))
    mail.outbox.clear()
    run_all(services.workshop_cancel, [registered[0].user])  # one cancels…
    run_all(services.workshop_cancel, [registered[0].user, registered[0].user])  # …and again, twice at once
    assert not errors
    promoted = WorkshopRegistration.objects.filter(workshop=workshop, promoted_at__isnull=False)
    assert promoted.count() == 1
    assert WorkshopRegistration.objects.filter(workshop=workshop, status=REGISTERED).count() == 3
    assert WorkshopRegistration.objects.filter(workshop=workshop, status=WAITING).count() == 1
    assert [m.to for m in mail.outbox] == [[promoted.get().user.email]]


def test_the_beat_job_reminds_the_day_before_and_invites_attendees_after_each_exactly_once(federal_user):
    from governance.tasks import workshop_notices_send

    tomorrow = _workshop(days=0.9, capacity=2)
    later = _workshop(days=5, capacity=2)
    past = _workshop(days=5, capacity=3)
    a, b, c, d = _members(4, federal_user)
    for person in (a, b, c):
        services.workshop_register(user=person, workshop=tomorrow)  # c waits
    services.workshop_register(user=d, workshop=later)
    for person in (a, b, c):
        services.workshop_register(user=person, workshop=past)
    _held(past)
    for person, came in ((a, True), (b, True), (c, False)):
        services.workshop_attendance_record(
            registration=WorkshopRegistration.objects.get(workshop=past, user=person),
            attended=came,
            user=federal_user,
        )
    services.workshop_feedback_submit(workshop=past, user=b, overall=5, content=4, trainer=4)
    mail.outbox.clear()

    assert workshop_notices_send.delay().get() == 3
    assert workshop_notices_send.delay().get() == 0  # the second run sends nothing

    def notified(key):
        return sorted(Notification.objects.filter(key=key).values_list("user__email", flat=True))

    # reminded: the registered a and b, not the waiting c, nor d (their workshop is in 5 days)
    assert notified(f"workshop:{tomorrow.pk}:reminder") == sorted([a.email, b.email])
    assert notified(f"workshop:{later.pk}:reminder") == []
    assert notified(f"workshop:{past.pk}:feedback") == [a.email]  # attended, not answered (b did; c absent)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email, a.email])
    assert len(mail.outbox) == 3


def test_the_form_is_for_those_who_attended_after_the_end_and_takes_one_answer(federal_user):
    workshop = _workshop(capacity=3)
    came, absent, outsider = _members(3, federal_user)
    services.workshop_register(user=came, workshop=workshop)
    services.workshop_register(user=absent, workshop=workshop)
    with pytest.raises(ValidationError):  # attendance waits until the workshop has started
        services.workshop_attendance_record(
            registration=WorkshopRegistration.objects.get(user=came), attended=True, user=federal_user
        )
    with pytest.raises(PermissionDenied):  # only the federal team records attendance
        services.workshop_attendance_record(
            registration=WorkshopRegistration.objects.get(user=came), attended=True, user=came
        )
    _held(workshop)
    services.workshop_attendance_record(
        registration=WorkshopRegistration.objects.get(user=came), attended=True, user=federal_user
    )
    services.workshop_attendance_record(
        registration=WorkshopRegistration.objects.get(user=absent), attended=False, user=federal_user
    )
    with pytest.raises(PermissionDenied):
        services.workshop_feedback_submit(workshop=workshop, user=absent, overall=5, content=5, trainer=5)
    with pytest.raises(PermissionDenied):
        services.workshop_feedback_submit(workshop=workshop, user=outsider, overall=5, content=5, trainer=5)
    services.workshop_feedback_submit(
        workshop=workshop, user=came, overall=4, content=3, trainer=5, comment=" ok "
    )
    with pytest.raises(ValidationError):
        services.workshop_feedback_submit(workshop=workshop, user=came, overall=1, content=1, trainer=1)
    with pytest.raises(IntegrityError):  # the database itself holds one answer per person and workshop
        WorkshopFeedback.objects.create(workshop=workshop, user=came, overall=1, content=1, trainer=1)


def test_satisfaction_kpi_is_the_share_of_answers_of_4_or_5_in_the_last_12_months(federal_user):
    workshop = _workshop(capacity=6)
    people = _members(5, federal_user)
    for person in people:
        services.workshop_register(user=person, workshop=workshop)
    _held(workshop)
    for person, overall in zip(people, (5, 4, 3, 2, 5), strict=True):
        WorkshopRegistration.objects.filter(user=person).update(attended=True)
        services.workshop_feedback_submit(
            workshop=workshop, user=person, overall=overall, content=3, trainer=3
        )
    WorkshopFeedback.objects.filter(user=people[4]).update(created_at=NOW - datetime.timedelta(days=400))
    assert kpis.REGISTRY["satisfaction_workshop"](timezone.now()) == Decimal("50.00")  # 5, 4 of 5, 4, 3, 2


def test_the_kpi_page_says_the_value_comes_from_the_trainees_answers(client):
    page = client.get("/en/kpis/").content.decode()
    assert "satisfaction form offered after each workshop" in page


def test_members_only_pages_register_and_show_the_place_on_the_waiting_list(client, citizen, federal_user):
    workshop = _workshop(capacity=1)
    first, second = _members(2, federal_user)
    url = "/governance/workshops/"
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    assert client.post(f"/governance/workshops/{workshop.pk}/register/").status_code == 403
    assert not WorkshopRegistration.objects.exists()

    client.force_login(first)
    client.post(f"/governance/workshops/{workshop.pk}/register/")
    client.force_login(second)
    page = client.get("/en" + url).content.decode()
    assert "0 of 1 places free" in page and "Join the waiting list" in page
    client.post(f"/governance/workshops/{workshop.pk}/register/")
    page = client.get("/en" + url).content.decode()
    assert "You are number 1 on the waiting list" in page

    client.force_login(first)
    client.post(f"/governance/workshops/{workshop.pk}/cancel/")
    client.force_login(second)
    assert "You are registered" in client.get("/en" + url).content.decode()


def test_the_form_page_refuses_those_who_did_not_attend_and_records_an_answer(client, federal_user):
    workshop = _workshop(capacity=2)
    came, absent = _members(2, federal_user)
    for person in (came, absent):
        services.workshop_register(user=person, workshop=workshop)
    _held(workshop)
    WorkshopRegistration.objects.filter(user=came).update(attended=True)
    url = f"/governance/workshops/{workshop.pk}/feedback/"
    client.force_login(absent)
    assert client.get(url).status_code == 403
    client.force_login(came)
    client.post(url, {"overall": "5", "content": "4", "trainer": "3", "comment": "Useful"})
    answer = WorkshopFeedback.objects.get()
    assert (answer.user, answer.overall, answer.content, answer.trainer) == (came, 5, 4, 3)
    assert "overall 5 of 5" in client.get("/en" + url).content.decode()


def test_the_federal_team_records_attendance_with_the_admin_action(client, federal_user):
    workshop = _workshop(capacity=2)
    a, b = _members(2, federal_user)
    for person in (a, b):
        services.workshop_register(user=person, workshop=workshop)
    _held(workshop)
    client.force_login(federal_user)
    ids = [str(r.pk) for r in WorkshopRegistration.objects.filter(user=a)]
    response = client.post(
        "/admin/governance/workshopregistration/", {"action": "mark_attended", "_selected_action": ids}
    )
    assert response.status_code == 302
    assert dict(WorkshopRegistration.objects.values_list("user_id", "attended")) == {a.pk: True, b.pk: None}
    assert WorkshopRegistration.objects.get(user=a).attendance_recorded_by == federal_user


def test_the_annual_report_counts_workshops_held_attendance_and_satisfaction(federal_user):
    held = _workshop(capacity=4)
    upcoming = _workshop(capacity=4)
    people = _members(4, federal_user)
    for person in people:
        services.workshop_register(user=person, workshop=held)
        services.workshop_register(user=person, workshop=upcoming)
    _held(held, days_ago=1)
    for person in people[:3]:
        WorkshopRegistration.objects.filter(workshop=held, user=person).update(attended=True)
    for person, overall in zip(people[:3], (5, 4, 2), strict=True):
        services.workshop_feedback_submit(workshop=held, user=person, overall=overall, content=4, trainer=5)
    year = timezone.localdate(held.starts_at).year
    figures = annual_report_figures(year=year)["workshops"]
    assert (figures["held"], figures["registered"], figures["attended"], figures["attendance_rate"]) == (
        1,
        4,
        3,
        75,
    )
    assert (figures["answers"], figures["satisfaction"]) == (3, "66.67")
    assert figures["rows"][0]["attended"] == 3


def test_the_dashboard_shows_the_federal_bodies_the_workshops_places_and_not_the_public(client, federal_user):
    workshop = _workshop(capacity=1)
    for person in _members(2, federal_user):
        services.workshop_register(user=person, workshop=workshop)
    assert 'id="programme-network"' not in client.get("/en/dashboard/").content.decode()
    client.force_login(federal_user)
    page = client.get("/en/dashboard/").content.decode()
    panel = page[page.index('id="programme-network"') :]
    assert "E-participation basics" in panel and "<td>1 / 1</td><td>1</td>" in panel


def test_the_admin_refuses_fewer_places_than_people_registered_and_fills_new_places_from_the_list(
    client, federal_user
):
    """Lowering the places under the registered count would over-book silently: refused with the count,
    nothing changed. Raising them moves the first on the waiting list up."""
    from tests.admin_forms import admin_body

    workshop = _workshop(capacity=2)
    people = _members(3, federal_user)
    for person in people:
        services.workshop_register(user=person, workshop=workshop)
    client.force_login(federal_user)
    url = f"/en/admin/governance/workshop/{workshop.pk}/change/"
    body = admin_body(client.get(url))

    refused = client.post(url, body | {"capacity": "1"})
    assert refused.status_code == 200
    assert "2 people are registered: keep at least 2 places" in refused.content.decode()
    workshop.refresh_from_db()
    assert workshop.capacity == 2

    assert client.post(url, body | {"capacity": "3"}).status_code == 302
    statuses = dict(WorkshopRegistration.objects.filter(workshop=workshop).values_list("user", "status"))
    assert statuses == {people[0].pk: REGISTERED, people[1].pk: REGISTERED, people[2].pk: REGISTERED}
