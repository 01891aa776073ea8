"""The full-text index of the catalogue, on PostgreSQL only (SQLite searches with icontains)."""

from django.db import migrations

INDEX = "dataset_search_gin"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON opendata_dataset "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
)
DROP = f"DROP INDEX IF EXISTS {INDEX}"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_catalogue")]

    operations = [migrations.RunPython(create, drop)]
