"""Stored search text gains each word's stem (opendata.services.catalogue.dataset_search_text), so
Arabic singular/plural and joined particles match on both databases: recompute it for existing rows."""

from django.db import migrations


def recompute(apps, schema_editor):
    from opendata.services.catalogue import dataset_search_text

    Dataset = apps.get_model("opendata", "Dataset")
    for dataset in Dataset.objects.select_related("entity").prefetch_related("tags").iterator(chunk_size=200):
        Dataset.objects.filter(pk=dataset.pk).update(search_text=dataset_search_text(dataset))


class Migration(migrations.Migration):
    dependencies = [("opendata", "0005_datastore")]
    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
