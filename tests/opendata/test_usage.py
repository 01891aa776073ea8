"""Usage counters: per day, per dataset, no personal data."""

import pytest
from django.db import connection, connections

from opendata.models import DatasetUsageDay
from opendata.selectors import entity_indicators


def test_views_and_downloads_are_counted_per_day(client, citizen, make_dataset):
    from datetime import timedelta

    from django.utils import timezone

    dataset = make_dataset()
    resource = dataset.resources.get()
    yesterday = timezone.localdate() - timedelta(days=1)
    DatasetUsageDay.objects.create(dataset=dataset, day=yesterday, views=5, downloads=4)
    client.get(f"/opendata/datasets/{dataset.name}/")
    client.force_login(citizen)
    client.get(f"/opendata/datasets/{dataset.name}/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Spy/1.0")
    response = client.get(resource.get_download_url())
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"year,value")
    # today's visits go to today's row; yesterday's row keeps its own counts
    row = DatasetUsageDay.objects.get(dataset=dataset, day=timezone.localdate())
    assert (row.views, row.downloads) == (2, 1)
    old = DatasetUsageDay.objects.get(dataset=dataset, day=yesterday)
    assert (old.views, old.downloads) == (5, 4)
    assert DatasetUsageDay.objects.filter(dataset=dataset).count() == 2
    page = client.get(f"/en/opendata/datasets/{dataset.name}/").content.decode()
    assert "8 page views, 5 downloads" in page  # the page adds the days up
    assert entity_indicators(dataset.entity)["downloads"] == 5


def test_counters_store_no_personal_data():
    fields = {f.name for f in DatasetUsageDay._meta.get_fields()}
    assert fields == {"id", "dataset", "day", "views", "downloads"}


def test_url_resource_download_is_counted_and_redirects(client, make_dataset):
    dataset = make_dataset(resources=[("CSV", "https://example.org/data.csv")])
    response = client.get(dataset.resources.get().get_download_url())
    assert response.status_code == 302 and response["Location"] == "https://example.org/data.csv"
    assert DatasetUsageDay.objects.get(dataset=dataset).downloads == 1


def test_unpublished_dataset_is_not_shown_or_counted(client, make_dataset):
    dataset = make_dataset(is_published=False)
    assert client.get(f"/opendata/datasets/{dataset.name}/").status_code == 404
    assert not DatasetUsageDay.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_downloads_are_all_counted(entity):
    """Twenty requests at once on a new day: one row, twenty downloads (F() increments, upsert)."""
    from concurrent.futures import ThreadPoolExecutor

    from opendata.models import Dataset
    from opendata.services import usage_count

    dataset = Dataset.objects.create(entity=entity, name="busy", title_ar="مزدحمة")

    def hit(_):
        try:
            usage_count(dataset_id=dataset.pk, kind="downloads")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(hit, range(20)))
    row = DatasetUsageDay.objects.get(dataset=dataset)
    assert row.downloads == 20 and row.views == 0
