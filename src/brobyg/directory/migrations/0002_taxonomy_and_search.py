"""Ship the interest taxonomy and target groups; on PostgreSQL add the Danish full-text search vector.

The tsvector column, its GIN index and the trigger that fills it exist only on PostgreSQL (SQLite searches the
``search_text`` column instead, see textsearch.py). The column is not a model field, so backups stay portable.
"""
from django.db import migrations

PG_FORWARD = """
ALTER TABLE directory_activity ADD COLUMN search_vector tsvector;
CREATE FUNCTION directory_activity_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('danish', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('danish', coalesce(NEW.search_text, '')), 'B');
  RETURN NEW;
END $$;
CREATE TRIGGER directory_activity_search_vector_trg
  BEFORE INSERT OR UPDATE OF title, search_text ON directory_activity
  FOR EACH ROW EXECUTE FUNCTION directory_activity_search_vector();
UPDATE directory_activity SET search_text = search_text;
CREATE INDEX directory_activity_search_gin ON directory_activity USING gin (search_vector);
"""

PG_BACKWARD = """
DROP INDEX IF EXISTS directory_activity_search_gin;
DROP TRIGGER IF EXISTS directory_activity_search_vector_trg ON directory_activity;
DROP FUNCTION IF EXISTS directory_activity_search_vector();
ALTER TABLE directory_activity DROP COLUMN IF EXISTS search_vector;
"""


def seed(apps, schema_editor):
    from brobyg.directory.taxonomy import seed as seed_taxonomy

    seed_taxonomy(apps.get_model("directory", "Category"), apps.get_model("directory", "TargetGroup"))


def pg_forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)


def pg_backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(pg_forward, pg_backward),
    ]
