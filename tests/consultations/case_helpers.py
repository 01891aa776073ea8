"""Shared set-up of the case tests: filing a case and running its after-commit work (the notifications)."""

from django.test import TestCase

from consultations.services import cases as services
from tests.factories import UserFactory


def committed(fn, **kwargs):
    """Call a service and run what it queued for after the commit (eager Celery: the notifications)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(**kwargs)


def file_case(*, entity, author=None, kind="complaint", subject="Late school bus", **extra):
    author = author or UserFactory()
    return committed(
        services.case_file,
        author=author,
        entity=entity,
        kind=kind,
        subject=subject,
        body=extra.pop("body", "The school bus arrives forty minutes late every morning this term."),
        **extra,
    )


def walk_to(case, state: str, *, staff):
    """Move a received case on to `state` through the services (assigned, answered, closed)."""
    if state in ("assigned", "answered", "closed"):
        case = committed(services.case_assign, case=case, user=staff, assignee=staff)
    if state in ("answered", "closed"):
        case = committed(services.case_answer, case=case, user=staff, answer="We changed the route.")
    if state == "closed":
        case = committed(services.case_close, case=case, user=case.author, rating=4, comment="Thanks")
    return case
