"""PostgreSQL: the archive search reads a stored tsvector column instead of recomputing one per row.

The GIN index of 0003 was on the expression to_tsvector(search_text): the index finds the
candidate rows, but every candidate's vector is computed again from its text to recheck it (and to
filter when the planner walks the primary key instead), which made a search matching tens of
thousands of consultations take a second. A generated, stored column holds the vector once; the
index is rebuilt on it. SQLite has no full-text search here (see consultations/search.py) and
gets nothing. Indexes on the year and source filters let PostgreSQL combine them with the search
index instead of reading every candidate row. The column is not a model field: the database keeps it current, Django never
writes it, and consultations/search.py is the only reader.
"""

from django.db import migrations, models

COLUMN_SQL = """
ALTER TABLE consultations_consultation
    ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED;
DROP INDEX IF EXISTS consultation_search_gin;
CREATE INDEX consultation_search_gin ON consultations_consultation USING gin (search_vector);
"""

EXPRESSION_SQL = """
DROP INDEX IF EXISTS consultation_search_gin;
ALTER TABLE consultations_consultation DROP COLUMN IF EXISTS search_vector;
CREATE INDEX consultation_search_gin ON consultations_consultation
    USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')));
"""


def column_add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COLUMN_SQL)


def column_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(EXPRESSION_SQL)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0009_moderated_drafts")]

    operations = [
        migrations.RunPython(column_add, column_drop),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(fields=["opens_at"], name="consultation_opens_at_idx"),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(fields=["source", "phase"], name="consultation_source_idx"),
        ),
    ]
