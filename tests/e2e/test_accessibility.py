"""axe-core on the main pages in both languages: no serious or critical violation, no CSP error."""

import pytest

from tests.e2e.conftest import axe_violations
from tests.factories import CommentFactory, ConsultationFactory, IdeaFactory, PollFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/consultations/",
    "/consultations/{pk}/",
    "/archive/",
    "/opendata/",
    "/opendata/datasets/{dataset}/",
    "/dashboard/",
    "/epi/",
    "/kpis/",
    "/accounts/login/",
    "/accounts/register/",
]


@pytest.fixture
def consultation(db):
    consultation = ConsultationFactory()
    PollFactory(consultation=consultation, show_results="always")
    CommentFactory(consultation=consultation)
    IdeaFactory(consultation=consultation)
    return consultation


@pytest.fixture
def dataset(consultation):
    from opendata import services

    licence = services.licence_ensure(slug="cc-by-4.0", title_ar="نسب المصنف", title_en="CC-BY", is_open=True)
    dataset = services.dataset_create(
        entity=consultation.entity,
        name="school-enrolment",
        title_ar="القيد المدرسي",
        title_en="School enrolment",
        licence=licence,
    )
    services.resource_add(
        dataset=dataset, name="CSV", content=b"year,pupils\n2023,10\n2024,12\n", filename="enrolment.csv"
    )
    return dataset


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(live_server, page, consultation, dataset, prefix, path):
    page.goto(live_server.url + prefix + path.format(pk=consultation.pk, dataset=dataset.name))
    assert page.locator("html").get_attribute("dir") == ("ltr" if prefix else "rtl")
    assert axe_violations(page) == []
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
