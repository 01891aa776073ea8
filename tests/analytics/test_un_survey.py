from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from analytics.models import PeerCountry, SurveyRow

DATA = Path(__file__).resolve().parent.parent / "data" / "analytics"
pytestmark = pytest.mark.django_db


def test_import_counts_rows_and_flags_the_one_whose_egdi_is_not_the_mean(capsys, english):
    call_command("import_un_survey", str(DATA / "un_survey_2020_2024.csv"))
    out = capsys.readouterr().out
    assert "Imported 30 rows, flagged 1." in out
    assert "Qatar 2022" in out and "is not the mean of OSI, TII and HCI" in out
    assert SurveyRow.objects.count() == 30
    qatar = SurveyRow.objects.get(country="Qatar", year=2022)
    assert "0.7859" in qatar.flag  # the mean it should have been
    assert SurveyRow.objects.exclude(flag="").count() == 1


def test_import_twice_updates_the_same_rows(capsys):
    call_command("import_un_survey", str(DATA / "un_survey_2020_2024.csv"))
    call_command("import_un_survey", str(DATA / "un_survey_2020_2024.csv"))
    assert SurveyRow.objects.count() == 30


def test_a_row_outside_zero_one_is_flagged(tmp_path, english):
    path = tmp_path / "f.csv"
    path.write_text(
        "Survey Year,Country Name,E-Government Index,E-Participation Index,Online Service Index,"
        "Human Capital Index,Telecommunication Infrastructure Index\n2024,Atlantis,1.1,0.5,1.2,1.0,1.1\n"
    )
    call_command("import_un_survey", str(path))
    assert "outside [0, 1]" in SurveyRow.objects.get().flag


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("un_survey_missing_column.csv", "Telecommunication Infrastructure Index"),
        ("un_survey_not_a_number.csv", "“n/a” is not a number"),
    ],
)
def test_a_bad_file_is_refused_with_nothing_imported(name, message, english):
    with pytest.raises(CommandError) as refused:
        call_command("import_un_survey", str(DATA / name))
    assert message in str(refused.value) and "Nothing was imported" in str(refused.value)
    assert not SurveyRow.objects.exists()


def test_admin_import_by_the_federal_team(client, federal_user, english):
    federal_user.is_staff = True
    federal_user.save()
    client.force_login(federal_user)
    url = reverse("admin:analytics_surveyrow_import")
    upload = SimpleUploadedFile("s.csv", (DATA / "un_survey_2020_2024.csv").read_bytes(), "text/csv")
    response = client.post(url, {"file": upload}, follow=True)
    assert "Imported 30 rows, flagged 1." in response.content.decode()
    bad = SimpleUploadedFile("b.csv", (DATA / "un_survey_not_a_number.csv").read_bytes(), "text/csv")
    response = client.post(url, {"file": bad}, follow=True)
    assert "is not a number" in response.content.decode()
    assert SurveyRow.objects.count() == 30


def test_benchmark_page_shows_the_country_rank_beside_its_peers(client, english):
    call_command("import_un_survey", str(DATA / "un_survey_2020_2024.csv"))
    PeerCountry.objects.create(country="United Arab Emirates", is_home=True)
    PeerCountry.objects.create(country="Denmark")
    page = client.get(reverse("analytics:un-survey")).content.decode()
    assert "United Arab Emirates" in page and "Denmark" in page and "Estonia" not in page
    rows = {
        (r.year, r.country): r for r in __import__("analytics.selectors").selectors.survey_benchmark()["rows"]
    }
    assert rows[(2024, "Denmark")].rank == 1
    # UAE 2024: EGDI 0.9458, after Denmark, Estonia, Korea, Singapore, Saudi Arabia (0.9490)
    assert rows[(2024, "United Arab Emirates")].rank == 6
    assert 'id="survey-chart"' in page
