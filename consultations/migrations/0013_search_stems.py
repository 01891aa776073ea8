"""Stored search text gains each word's stem (consultations.search.search_document), so Arabic
singular/plural and joined particles match on both databases: recompute it for existing rows."""

from django.db import migrations


def recompute(apps, schema_editor):
    from consultations.search import search_document

    Consultation = apps.get_model("consultations", "Consultation")
    for row in Consultation.objects.only("pk", *_fields()).iterator(chunk_size=500):
        Consultation.objects.filter(pk=row.pk).update(search_text=search_document(row))


def _fields():
    from consultations.search import SEARCH_FIELDS

    return [*SEARCH_FIELDS, "external_id"]


class Migration(migrations.Migration):
    dependencies = [("consultations", "0012_idea_answers")]
    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
