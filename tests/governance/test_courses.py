"""The coordinators' e-course: exams scored by the server, attempts and waiting time, certificates."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from governance.models import (
    Certificate,
    Choice,
    CoordinatorNomination,
    Course,
    CourseModule,
    ExamAttempt,
    Question,
)
from governance.services import courses, network
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _module(course, position, *, questions=6, per_attempt=4, pass_mark=75, max_attempts=3, wait_minutes=60):
    module = CourseModule.objects.create(
        course=course,
        position=position,
        title_ar=f"الوحدة {position}",
        title_en=f"Module {position}",
        body_ar="نص الدرس",
        questions_per_attempt=per_attempt,
        pass_mark=pass_mark,
        max_attempts=max_attempts,
        wait_minutes=wait_minutes,
    )
    for n in range(questions):
        kind = [Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE][n % 3]
        q = Question.objects.create(
            module=module, kind=kind, text_ar=f"سؤال {n}", text_en=f"Question {position}.{n}"
        )
        if kind == Question.Kind.TRUE_FALSE:
            Choice.objects.create(question=q, text_ar="صح", text_en="True", is_correct=True)
            Choice.objects.create(question=q, text_ar="خطأ", text_en="False")
        elif kind == Question.Kind.MULTIPLE:
            Choice.objects.create(question=q, text_ar="أ", text_en="RIGHTANSWER-A", is_correct=True)
            Choice.objects.create(question=q, text_ar="ب", text_en="RIGHTANSWER-B", is_correct=True)
            Choice.objects.create(question=q, text_ar="ج", text_en="Wrong C")
        else:
            Choice.objects.create(question=q, text_ar="أ", text_en="RIGHTANSWER-S", is_correct=True)
            Choice.objects.create(question=q, text_ar="ب", text_en="Wrong D")
    return module


@pytest.fixture
def course(db):
    course = Course.objects.create(
        slug="coordinators",
        title_ar="دورة المنسقين",
        title_en="Coordinators' course",
        skill="learning",
        is_published=True,
    )
    _module(course, 1)
    _module(course, 2)
    return course


@pytest.fixture
def member(db, entity, federal_user):
    user = UserFactory(display_name="Mariam Coordinator")
    nomination = network.coordinator_nominate(entity=entity, user=user, nominated_by=federal_user)
    network.coordinator_nomination_decide(nomination=nomination, approve=True, user=federal_user)
    return user


def _answers(attempt, *, right: int) -> dict[int, set[int]]:
    """Answer the first `right` questions correctly and the rest wrongly."""
    answers = {}
    for n, qid in enumerate(attempt.question_ids):
        choices = list(Choice.objects.filter(question_id=qid))
        correct = {c.pk for c in choices if c.is_correct}
        answers[qid] = correct if n < right else {c.pk for c in choices if not c.is_correct}
    return answers


def test_the_exam_is_scored_on_the_server_against_the_pass_mark(course, member):
    module = course.modules.get(position=1)
    attempt = courses.exam_attempt_start(user=member, module=module)
    assert len(attempt.question_ids) == 4
    attempt = courses.exam_attempt_submit(user=member, attempt=attempt, answers=_answers(attempt, right=2))
    assert (attempt.score, attempt.passed) == (50, False)

    ExamAttempt.objects.filter(pk=attempt.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    attempt = courses.exam_attempt_start(user=member, module=module)
    attempt = courses.exam_attempt_submit(user=member, attempt=attempt, answers=_answers(attempt, right=3))
    assert (attempt.score, attempt.passed) == (75, True)  # exactly the pass mark passes


def test_a_multiple_choice_question_counts_only_with_every_correct_answer_and_no_wrong_one(course, member):
    module = course.modules.get(position=1)
    module.questions.exclude(kind=Question.Kind.MULTIPLE).delete()
    module.questions_per_attempt = 2
    module.save()
    attempt = courses.exam_attempt_start(user=member, module=module)
    first, second = attempt.question_ids
    right = set(Choice.objects.filter(question_id=first, is_correct=True).values_list("pk", flat=True))
    all_of_second = set(Choice.objects.filter(question_id=second).values_list("pk", flat=True))
    attempt = courses.exam_attempt_submit(
        user=member, attempt=attempt, answers={first: right, second: all_of_second}
    )
    assert attempt.score == 50  # ticking every box is not an answer


def test_attempts_are_limited_and_wait_after_a_failure(course, member):
    module = course.modules.get(position=1)  # 3 attempts, 60 minutes' wait after a failure

    def fail_and_age(minutes):
        attempt = courses.exam_attempt_start(user=member, module=module)
        courses.exam_attempt_submit(user=member, attempt=attempt, answers={})
        ExamAttempt.objects.filter(pk=attempt.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(minutes=minutes)
        )

    fail_and_age(0)
    with pytest.raises(ValidationError, match="try again after"), translation.override("en"):
        courses.exam_attempt_start(user=member, module=module)
    ExamAttempt.objects.filter(user=member).update(
        submitted_at=timezone.now() - datetime.timedelta(minutes=59)
    )
    with pytest.raises(ValidationError, match="try again after"), translation.override("en"):
        courses.exam_attempt_start(user=member, module=module)  # 59 of 60 minutes: still waiting
    ExamAttempt.objects.filter(user=member).update(
        submitted_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    fail_and_age(61)  # the second attempt, allowed after the wait
    fail_and_age(61)  # the third
    with pytest.raises(ValidationError, match="every attempt"), translation.override("en"):
        courses.exam_attempt_start(user=member, module=module)
    assert ExamAttempt.objects.filter(user=member, module=module).count() == 3


def test_questions_are_drawn_at_random_and_never_repeat_within_an_attempt(course, member):
    module = course.modules.get(position=1)
    module.wait_minutes = 0
    module.max_attempts = 40
    module.save()
    bank = set(module.questions.values_list("pk", flat=True))
    draws = set()
    for _n in range(30):
        attempt = courses.exam_attempt_start(user=member, module=module)
        assert len(set(attempt.question_ids)) == len(attempt.question_ids) == 4
        assert set(attempt.question_ids) <= bank
        draws.add(tuple(attempt.question_ids))
        courses.exam_attempt_submit(user=member, attempt=attempt, answers={})
    assert len(draws) > 10  # 360 possible ordered draws: thirty sittings do not all look alike


def test_modules_are_graduated_and_the_course_is_for_network_members(course, member, citizen):
    with pytest.raises(ValidationError, match="previous module"), translation.override("en"):
        courses.exam_attempt_start(user=member, module=course.modules.get(position=2))
    with pytest.raises(PermissionDenied):
        courses.exam_attempt_start(user=citizen, module=course.modules.get(position=1))


def test_the_exam_page_never_contains_the_answers_before_submission(client, course, member):
    client.force_login(member)
    client.post("/en/governance/courses/coordinators/1/start/")
    page = client.get("/en/governance/courses/coordinators/1/exam/").content.decode()
    attempt = ExamAttempt.objects.get(user=member)
    assert all(f'name="q{qid}"' in page for qid in attempt.question_ids)
    form = page[page.index('<form method="post" class') :]
    form = form[: form.index("</form>")]
    assert "checked" not in form and 'correct"' not in form and "data-" not in form

    def shape(choice):  # an answer's markup with its own id and value blanked out
        tag = re.search(rf'<input[^>]*value="{choice.pk}"[^>]*>', form).group(0)
        label = re.search(rf'<label for="c{choice.pk}"[^>]*>', form).group(0)
        return re.sub(r'(id|value|for)="[^"]*"', "", tag + label)

    for qid in attempt.question_ids:  # within a question, right and wrong answers look exactly alike
        choices = Choice.objects.filter(question_id=qid)
        assert choices.filter(is_correct=True).exists() and choices.filter(is_correct=False).exists()
        assert len({shape(c) for c in choices}) == 1


def test_passing_every_module_issues_a_certificate_that_the_public_can_verify(client, course, member):
    for position in (1, 2):
        module = course.modules.get(position=position)
        attempt = courses.exam_attempt_start(user=member, module=module)
        courses.exam_attempt_submit(user=member, attempt=attempt, answers=_answers(attempt, right=4))
    certificate = Certificate.objects.get(user=member, course=course)
    assert certificate.holder_name == "Mariam Coordinator"
    assert "learning" in CoordinatorNomination.objects.get(user=member).skills  # qualification in the network

    page = client.get(f"/en/certificates/verify/{certificate.code}/")
    assert page.status_code == 200
    assert "Valid certificate" in page.content.decode() and "Mariam Coordinator" in page.content.decode()
    assert client.get("/en/certificates/verify/", {"code": certificate.code.lower()}).status_code == 200
    wrong = client.get("/en/certificates/verify/000000000000/")
    assert wrong.status_code == 404 and "No certificate has this code" in wrong.content.decode()

    assert (
        client.get(f"/en/governance/certificates/{certificate.code}/pdf/").status_code == 302
    )  # log in first
    client.force_login(member)
    pdf = client.get(f"/en/governance/certificates/{certificate.code}/pdf/")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def test_someone_elses_certificate_cannot_be_downloaded(client, course, member, entity, federal_user):
    for position in (1, 2):
        module = course.modules.get(position=position)
        attempt = courses.exam_attempt_start(user=member, module=module)
        courses.exam_attempt_submit(user=member, attempt=attempt, answers=_answers(attempt, right=4))
    code = Certificate.objects.get(user=member).code
    other = UserFactory()
    nomination = network.coordinator_nominate(entity=entity, user=other, nominated_by=federal_user)
    network.coordinator_nomination_decide(nomination=nomination, approve=True, user=federal_user)
    client.force_login(other)
    assert client.get(f"/en/governance/certificates/{code}/pdf/").status_code == 403


def test_course_pages_are_for_members_and_rates_for_the_federal_team(
    client, course, member, citizen, coordinator, federal_user
):
    urls = [
        "/en/governance/courses/",
        "/en/governance/courses/coordinators/1/",
        "/en/governance/courses/rates/",
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # the public logs in first
    for user in (citizen, coordinator):  # a coordinator by grant, not yet approved in the network
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [403, 403, 403]
    client.force_login(member)
    assert [client.get(url).status_code for url in urls] == [200, 200, 403]
    client.force_login(federal_user)
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]


def test_rates_per_entity_count_coordinators_who_sat_and_passed(client, course, member, entity, federal_user):
    for position in (1, 2):
        module = course.modules.get(position=position)
        attempt = courses.exam_attempt_start(user=member, module=module)
        courses.exam_attempt_submit(user=member, attempt=attempt, answers=_answers(attempt, right=4))
    for _n in range(3):  # three more coordinators of the entity: one tried and failed, two never started
        other = UserFactory()
        nomination = network.coordinator_nominate(entity=entity, user=other, nominated_by=federal_user)
        network.coordinator_nomination_decide(nomination=nomination, approve=True, user=federal_user)
    attempt = courses.exam_attempt_start(user=other, module=course.modules.get(position=1))
    courses.exam_attempt_submit(user=other, attempt=attempt, answers={})
    from governance.selectors_courses import course_rates_by_entity

    (row,) = course_rates_by_entity(course)
    assert (row["coordinators"], row["started"], row["certified"]) == (4, 2, 1)
    assert (row["completion_rate"], row["pass_rate"]) == (25, 50)


def test_the_certified_coordinators_kpi_is_computed_from_the_certificates(
    course, member, entity, federal_user
):
    from governance import kpis

    for _n in range(3):  # four approved coordinators in all; one of them certified
        other = UserFactory()
        nomination = network.coordinator_nominate(entity=entity, user=other, nominated_by=federal_user)
        network.coordinator_nomination_decide(nomination=nomination, approve=True, user=federal_user)
    assert kpis.compute("coordinators_certified_share", timezone.now()) == 0
    for position in (1, 2):
        module = course.modules.get(position=position)
        attempt = courses.exam_attempt_start(user=member, module=module)
        courses.exam_attempt_submit(user=member, attempt=attempt, answers=_answers(attempt, right=4))
    assert str(kpis.compute("coordinators_certified_share", timezone.now())) == "25.00"
