"""On PostgreSQL, the trigram index on the folded search text again (0002 made it, 0004 dropped it
for the word indexes): reading every match of a search with its rank (`catalogue.RANK_CAP`) tests
each query word with LIKE '%word%', and the index finds the texts holding all of them instead of
a scan of the whole catalogue. Built from the rows as they are (about 10 s at 200,000 products);
SQLite scans, with the same results."""

from django.db import migrations


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS public_catalogue_search_trgm "
        "ON public_catalogueentry USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS public_catalogue_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("public", "0004_catalogue_words")]

    operations = [migrations.RunPython(trigram_index, drop_trigram_index)]
