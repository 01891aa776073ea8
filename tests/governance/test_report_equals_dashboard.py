"""The annual report's EPI and KPI figures are the dashboard's on the same day (issue 17's defect)."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from analytics.services.indices import indices_compute
from governance.models import AnnualReport, Kpi, KpiValue
from governance.selectors import kpi_board
from governance.services import reports
from tests.analytics.test_epi import _dataset, _decided
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def _cells(html: str, pattern: str) -> list[str]:
    return [re.sub(r"\s+", " ", m).strip() for m in re.findall(pattern, html, flags=re.S)]


def test_the_report_shows_the_dashboards_national_epi_and_kpis_for_the_same_day(client, entity, other_entity):
    ConsultationFactory(entity=other_entity)
    _decided(entity)
    _dataset(entity)
    kpi = Kpi.objects.create(
        code="entities-test",
        name_ar="جهات",
        name_en="Entities",
        axis="enablement",
        track="platform",
        target=30,
    )
    KpiValue.objects.create(kpi=kpi, measured_on=timezone.localdate(), value="12.50", source="computed")
    snapshot = indices_compute()
    assert 0 < snapshot.national_epi < 1  # one entity scores more than the other: a value worth comparing

    figures = reports.annual_report_figures(year=timezone.localdate().year)
    assert figures["epi"]["national_epi"] == snapshot.national_epi
    assert figures["epi"]["computed_on"] == snapshot.computed_on.isoformat()

    report = AnnualReport(year=timezone.localdate().year, data=figures)
    with translation.override("en"):
        dashboard = client.get(reverse("analytics:dashboard")).content.decode()
        body = render_to_string("governance/_report_body.html", reports.annual_report_context(report))
    shown_on_dashboard = re.search(r'id="figure-epi">([^<]+)<', dashboard).group(1)
    shown_in_report = re.search(r'id="report-epi">([^<]+)<', body).group(1)
    assert shown_in_report == shown_on_dashboard == f"{snapshot.national_epi:.3f}"
    assert "not computed yet" not in body
    assert "12.50" in _cells(body, r"<td>([^<]*)</td>") and "12.50" in _cells(dashboard, r"<td>([^<]*)</td>")
    board = {row["kpi"].code: (row["value"], row["status"]) for row in kpi_board()}
    in_report = {row["code"]: (row["value"], row["status"]) for row in figures["kpis"]}
    assert in_report == {code: (None if v is None else str(v), st) for code, (v, st) in board.items()}
