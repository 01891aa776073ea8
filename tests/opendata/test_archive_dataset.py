"""The participation archive is published as an open dataset by the nightly jobs."""

import csv
import io

import pytest

from consultations.tasks.archive import archive_export_nightly
from opendata.models import Dataset
from opendata.tasks import publish_portal_datasets
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_the_archive_export_appears_in_the_catalogue_and_a_rerun_changes_nothing():
    ConsultationFactory(title_en="Public transport fares", title_ar="أجرة النقل العام")
    ConsultationFactory(phase="planning", title_en="Not public yet", title_ar="ليست عامة")
    archive_export_nightly()
    publish_portal_datasets()
    dataset = Dataset.objects.get(name="sharik-participation-archive")
    formats = {r.name: r for r in dataset.resources.all()}
    assert set(formats) == {"archive.csv", "archive.json"}
    with formats["archive.csv"].file.open("rb") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read().decode("utf-8-sig"))))
    titles = " ".join(" ".join(row.values()) for row in rows)
    assert "Public transport fares" in titles and "Not public yet" not in titles
    versions = dataset.versions.count()
    checksums = {r.name: r.checksum for r in dataset.resources.all()}
    publish_portal_datasets()
    dataset.refresh_from_db()
    assert dataset.versions.count() == versions
    assert {r.name: r.checksum for r in dataset.resources.all()} == checksums
