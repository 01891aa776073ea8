"""Suggestions and complaints: filing, the reference number, the walk received → assigned → answered →
closed with reopening and rating, notifications in the person's language, service levels in UAE
working days, the beat's reminders and escalation once per step, the dashboard and its report."""

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consultations.models import Case, CaseEvent, CaseServiceLevel, PublicHoliday
from consultations.models.cases import CASE_REOPEN_LIMIT
from consultations.services import cases as services
from governance.models import Role
from sharik.accounts.models import Notification
from tests.consultations.case_helpers import committed, file_case, walk_to
from tests.consultations.proposal_helpers import role_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

THURSDAY = date(2026, 11, 26)


@pytest.fixture
def national_day():
    for day in (date(2026, 12, 1), date(2026, 12, 2)):  # a Tuesday and a Wednesday
        PublicHoliday.objects.create(day=day, name_ar="عيد الاتحاد", name_en="National Day")


def titles(user, prefix=""):
    return list(
        Notification.objects.filter(user=user, key__startswith=prefix)
        .order_by("pk")
        .values_list("title", flat=True)
    )


# --- Filing ---------------------------------------------------------------------------------------


def test_a_filed_case_gets_a_unique_reference_and_due_dates_in_working_days(entity, national_day):
    first = file_case(entity=entity, today=THURSDAY)
    second = file_case(entity=entity, today=THURSDAY)
    year = timezone.localdate().year
    assert re.fullmatch(rf"SHK-{year}-\d{{6}}", first.reference)
    assert first.reference != second.reference
    assert first.state == Case.State.RECEIVED
    assert first.acknowledge_due_on == date(2026, 11, 27)  # Friday: 1 working day
    assert first.answer_due_on == date(2026, 12, 7)  # Fri 27, Mon 30, Thu 3, Fri 4, Mon 7: holidays skipped


def test_an_entity_service_level_is_data(entity):
    CaseServiceLevel.objects.create(entity=entity, acknowledge_working_days=2, answer_working_days=10)
    case = file_case(entity=entity, today=date(2026, 1, 5))  # a Monday, no holidays
    assert case.acknowledge_due_on == date(2026, 1, 7)
    assert case.answer_due_on == date(2026, 1, 19)


def test_the_person_is_told_in_their_language_and_the_coordinators_are_told(entity, coordinator):
    english = UserFactory(preferred_language="en")
    arabic = UserFactory(preferred_language="ar")
    case_en = file_case(entity=entity, author=english)
    case_ar = file_case(entity=entity, author=arabic)
    assert titles(english) == [f"We received your case {case_en.reference}"]
    [title_ar] = titles(arabic)
    assert case_ar.reference in title_ar and re.search("[\u0600-\u06ff]", title_ar)
    assert len(titles(coordinator, f"case-{case_en.pk}-")) == 1


def test_an_account_without_a_confirmed_email_cannot_file(entity):
    inactive = UserFactory(is_active=False)
    with pytest.raises(ValidationError):
        file_case(entity=entity, author=inactive)
    assert not Case.objects.exists()


def test_a_blocked_person_cannot_file(entity, federal_user):
    from consultations.services.moderation import writing_block_create

    person = UserFactory()
    writing_block_create(user=person, by=federal_user, reason="Insults")
    with pytest.raises(ValidationError):
        file_case(entity=entity, author=person)
    assert not Case.objects.exists()


def test_the_consultation_must_belong_to_the_entity(entity, other_entity):
    from tests.factories import ConsultationFactory

    with pytest.raises(ValidationError) as error:
        file_case(entity=entity, consultation=ConsultationFactory(entity=other_entity))
    assert "consultation" in error.value.message_dict


def test_an_attachment_passes_the_upload_checks_and_is_kept_out_of_media(entity, settings):
    fake = SimpleUploadedFile("report.pdf", b"this is not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError):
        file_case(entity=entity, attachment=fake)
    good = SimpleUploadedFile("notes.txt", "ملاحظات الشكوى".encode(), content_type="text/plain")
    case = file_case(entity=entity, attachment=good)
    path = case.attachment.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT.resolve()))
    assert not path.startswith(str(settings.MEDIA_ROOT))


# --- The walk -------------------------------------------------------------------------------------


def test_the_full_walk_with_a_reopening_and_a_rating(entity, coordinator):
    person = UserFactory(preferred_language="en")
    case = file_case(entity=entity, author=person)
    case = walk_to(case, "answered", staff=coordinator)
    assert case.state == Case.State.ANSWERED and case.acknowledged_at is not None
    case = committed(services.case_reopen, case=case, user=person, reason="The bus is still late.")
    assert case.state == Case.State.ASSIGNED and case.reopen_count == 1
    case = committed(services.case_answer, case=case, user=coordinator, answer="A second bus now runs.")
    case = committed(services.case_close, case=case, user=person, rating=5, comment="Solved")
    case.refresh_from_db()
    assert (case.state, case.rating, case.rating_comment) == (Case.State.CLOSED, 5, "Solved")
    actions = list(case.events.values_list("action", flat=True))
    assert actions == ["received", "assigned", "answered", "reopened", "answered", "closed"]
    # One notification per state change, each in English.
    assert len(titles(person, "case-event-")) == 6
    assert titles(person)[-1] == f"Your case {case.reference} is closed"


def test_only_the_author_reopens_or_closes(entity, coordinator):
    case = walk_to(file_case(entity=entity), "answered", staff=coordinator)
    for user in (UserFactory(), coordinator):
        with pytest.raises(PermissionDenied):
            services.case_reopen(case=case, user=user, reason="Not satisfied at all")
        with pytest.raises(PermissionDenied):
            services.case_close(case=case, user=user, rating=1)


def test_reopening_is_refused_after_fourteen_days_and_after_the_limit(entity, coordinator):
    case = walk_to(file_case(entity=entity), "answered", staff=coordinator)
    Case.objects.filter(pk=case.pk).update(answered_at=timezone.now() - timedelta(days=15))
    case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.case_reopen(case=case, user=case.author, reason="Still not satisfied")
    assert error.value.code == "late"
    Case.objects.filter(pk=case.pk).update(answered_at=timezone.now(), reopen_count=CASE_REOPEN_LIMIT)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.case_reopen(case=case, user=case.author, reason="Still not satisfied")
    assert error.value.code == "limit"


def test_a_rating_is_one_to_five(entity, coordinator):
    case = walk_to(file_case(entity=entity), "answered", staff=coordinator)
    for rating in (0, 6, None):
        with pytest.raises(ValidationError):
            services.case_close(case=case, user=case.author, rating=rating)
    case.refresh_from_db()
    assert case.state == Case.State.ANSWERED


def test_an_assignee_must_be_staff_of_the_entity(entity, coordinator, other_coordinator):
    case = file_case(entity=entity)
    with pytest.raises(ValidationError):
        services.case_assign(case=case, user=coordinator, assignee=other_coordinator)
    with pytest.raises(PermissionDenied):
        services.case_assign(case=case, user=other_coordinator, assignee=other_coordinator)
    with pytest.raises(PermissionDenied):
        services.case_answer(case=case, user=other_coordinator, answer="Not yours to answer")
    with pytest.raises(PermissionDenied):
        services.case_note_add(case=case, user=other_coordinator, body="Not yours either")


# --- Privacy --------------------------------------------------------------------------------------


def test_the_person_never_sees_the_internal_notes(client, entity, coordinator):
    case = walk_to(file_case(entity=entity), "answered", staff=coordinator)
    services.case_note_add(case=case, user=coordinator, body="INTERNAL: the driver was warned twice")
    client.force_login(case.author)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "We changed the route." in page  # the answer is there
    assert "INTERNAL" not in page and "driver was warned" not in page
    export = client.get(reverse("accounts:my-data")).content.decode()
    assert "driver was warned" not in export


def test_the_report_carries_no_personal_data(client, entity, coordinator, federal_user):
    person = UserFactory(display_name="Mariam Al Mansoori", email="mariam@example.org")
    case = walk_to(
        file_case(entity=entity, author=person, subject="Bus 42 driver"), "answered", staff=coordinator
    )
    services.case_note_add(case=case, user=coordinator, body="secret internal note")
    file_case(entity=entity, kind="suggestion")
    client.force_login(federal_user)
    response = client.get(reverse("admin:consultations_case_dashboard") + "?format=csv")
    assert response.status_code == 200
    text = response.content.decode()
    for personal in (
        "Mariam",
        "mariam@example.org",
        "Bus 42",
        "school bus",
        "secret",
        case.reference,
        "route",
    ):
        assert personal not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    [row] = [r for r in rows if r["entity"] == entity.slug]
    assert (row["total"], row["complaints"], row["suggestions"], row["answered_within"]) == (
        "2",
        "1",
        "1",
        "1",
    )


# --- Service levels: the beat ---------------------------------------------------------------------


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9))


def test_reminders_and_escalation_once_per_step_across_repeated_runs(entity, coordinator, national_day):
    team = role_user(Role.COORDINATION_TEAM)
    case = file_case(entity=entity, today=THURSDAY)  # acknowledge by Fri 27 Nov, answer by Mon 7 Dec

    def run(day):
        return services.cases_service_levels_check(today=day, now=_at(day))

    expected = [
        (date(2026, 11, 27), {"acknowledge-reminder": 0, "answer-reminder": 0, "escalated": 0}),
        (date(2026, 11, 30), {"acknowledge-reminder": 1, "answer-reminder": 0, "escalated": 0}),
        (date(2026, 12, 4), {"acknowledge-reminder": 0, "answer-reminder": 0, "escalated": 0}),
        (date(2026, 12, 7), {"acknowledge-reminder": 0, "answer-reminder": 1, "escalated": 0}),
        (date(2026, 12, 8), {"acknowledge-reminder": 0, "answer-reminder": 0, "escalated": 0}),
        (date(2026, 12, 9), {"acknowledge-reminder": 0, "answer-reminder": 0, "escalated": 1}),
    ]
    for day, counts in expected:
        for attempt in range(3):  # repeated runs take nothing more
            taken = run(day)
            want = counts if attempt == 0 else dict.fromkeys(counts, 0)
            assert {k: taken[k] for k in counts} == want, (day, attempt)
    assert len(titles(coordinator, f"case-{case.pk}-r0-acknowledge-reminder")) == 1
    assert len(titles(coordinator, f"case-{case.pk}-r0-answer-reminder")) == 1
    assert len(titles(team, f"case-{case.pk}-r0-escalated")) == 1
    assert not titles(coordinator, f"case-{case.pk}-r0-escalated")
    # Reopened: a new round with its own due date and its own steps.
    case = committed(services.case_assign, case=case, user=coordinator, assignee=coordinator)
    case = committed(
        services.case_answer, case=case, user=coordinator, answer="Late", today=date(2026, 12, 9)
    )
    assert case.answered_late
    case = committed(
        services.case_reopen, case=case, user=case.author, reason="Still late", today=date(2026, 12, 9)
    )
    assert case.answer_due_on == date(2026, 12, 16)
    assert run(date(2026, 12, 16))["answer-reminder"] == 1
    assert run(date(2026, 12, 16))["answer-reminder"] == 0


def test_an_answered_case_is_closed_after_fourteen_days_once(entity, coordinator):
    case = walk_to(file_case(entity=entity), "answered", staff=coordinator)
    later = timezone.now() + timedelta(days=15)
    with_commit = committed(services.cases_close_answered, now=later)
    assert with_commit == 1
    assert services.cases_close_answered(now=later) == 0
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED
    assert case.events.filter(action=CaseEvent.Action.CLOSED).count() == 1
    # The person may still rate it once.
    committed(services.case_close, case=case, user=case.author, rating=2)
    case.refresh_from_db()
    assert case.rating == 2


def test_the_dashboard_counts_cases_within_and_past_their_service_level(client, entity, coordinator):
    on_time = file_case(entity=entity)
    late = file_case(entity=entity)
    Case.objects.filter(pk=late.pk).update(
        acknowledge_due_on=date(2020, 1, 1), answer_due_on=date(2020, 1, 2)
    )
    walk_to(file_case(entity=entity), "closed", staff=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("admin:consultations_case_dashboard")).content.decode()
    row = re.search(rf'<tr data-entity="{entity.slug}">(.*?)</tr>', page, re.S).group(1)
    assert re.search(r'data-testid="open-within">1<', row)
    assert re.search(r'data-testid="open-past">1<', row)
    assert on_time.pk and re.search(r"4[.,]0 \(1\)", row)  # the closed case's rating


def test_saving_a_note_on_a_reopened_case_does_not_send_the_old_answer_again(client, entity, coordinator):
    case = walk_to(file_case(entity=entity), "answered", staff=coordinator)
    case = committed(services.case_reopen, case=case, user=case.author, reason="Not solved yet")
    client.force_login(coordinator)
    url = reverse("admin:consultations_case_change", args=[case.pk])
    textarea = client.get(url).content.decode().split('name="answer"')[1].split("</textarea>")[0]
    assert "We changed the route." not in textarea
    client.post(
        url,
        {
            "assignee": str(coordinator.pk),
            "answer": "",
            "notes-TOTAL_FORMS": "1",
            "notes-INITIAL_FORMS": "0",
            "notes-0-body": "Called the person back",
            "notes-0-case": str(case.pk),
        },
    )
    case.refresh_from_db()
    assert case.state == Case.State.ASSIGNED and case.notes.count() == 1
