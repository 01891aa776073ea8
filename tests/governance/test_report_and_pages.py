"""The annual report (HTML and PDF by a Celery job) and every governance page with the demo data."""

import html

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from governance.models import AnnualReport, Kpi
from governance.services import reports
from tests.factories import CommentFactory, ConsultationFactory


def test_the_annual_report_is_built_by_a_job_with_a_pdf_in_each_language(
    client, entity, oversight_user, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    year = timezone.localdate().year
    consultation = ConsultationFactory(entity=entity)
    CommentFactory(consultation=consultation)
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.annual_report_request(year=year)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.GENERATED
    assert report.data["campaigns"]["by_phase"] == {"conduct": 1}
    assert report.data["participation"]["comments"] == 1
    assert len(report.data["kpis"]) == Kpi.objects.count()
    for language in ("ar", "en"):
        with getattr(report, f"pdf_{language}").open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"

    assert client.get(f"/en/governance/report/{year}/").status_code == 404  # not public before approval
    reports.annual_report_approve(report=report, user=oversight_user)
    page = client.get(f"/en/governance/report/{year}/").content.decode()
    assert "Approved by the oversight committee" in page and "Weak response of some federal entities" in page
    download = client.get(f"/en/governance/report/{year}/pdf/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:5] == b"%PDF-"
    with pytest.raises(ValidationError, match="approved report"), translation.override("en"):
        reports.annual_report_request(year=year)


PAGES = [
    "governance/",
    "kpis/",
    "blog/",
    "blog/why-e-participation/",
    "blog/feed/rss/",
    "blog/feed/atom/",
    "newsletter/",
    "legal/privacy/",
    "legal/terms/",
    "legal/charter/",
    "legal/disclaimer/",
    "legal/right-to-information/",
    "governance/toolkit/",
    "governance/engagements/",
    "stories/",
]


@pytest.mark.django_db(transaction=False)
def test_the_demo_data_fills_every_governance_page_in_both_languages_and_seeds_once(client, settings):
    from django.utils import timezone

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = {m.__name__: m.objects.count() for m in apps.get_app_config("governance").get_models()}
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == {m.__name__: m.objects.count() for m in apps.get_app_config("governance").get_models()}
    assert all(counts[name] for name in counts if name != "NewsletterDelivery"), counts

    year = timezone.localdate().year
    for prefix in ("/", "/en/"):
        for page in [*PAGES, f"governance/report/{year}/"]:
            response = client.get(prefix + page)
            assert response.status_code == 200, prefix + page
    governance = html.unescape(client.get("/en/governance/").content.decode())
    assert "Oversight committee of the e-participation portal" in governance
    assert "Coordination and follow-up team" in governance and "Executive team" in governance
    assert "Set the portal's general policy and strategy" in governance
    arabic = client.get("/governance/").content.decode()
    assert "لجنة الإشراف على بوابة المشاركة الإلكترونية" in arabic
    kpis = client.get("/en/kpis/").content.decode()
    assert "On track" in kpis and "Rising" in kpis
