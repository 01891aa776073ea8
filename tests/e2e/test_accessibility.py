"""axe-core on the main pages in both languages: no serious or critical violation, no CSP error."""

import pytest

from tests.e2e.conftest import axe_violations
from tests.factories import CommentFactory, ConsultationFactory, IdeaFactory, PollFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/consultations/", "/consultations/{pk}/", "/accounts/login/", "/accounts/register/"]


@pytest.fixture
def consultation(db):
    consultation = ConsultationFactory()
    PollFactory(consultation=consultation, show_results="always")
    CommentFactory(consultation=consultation)
    IdeaFactory(consultation=consultation)
    return consultation


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(live_server, page, consultation, prefix, path):
    page.goto(live_server.url + prefix + path.format(pk=consultation.pk))
    assert axe_violations(page) == []
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
