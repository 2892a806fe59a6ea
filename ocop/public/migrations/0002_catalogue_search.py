"""The catalogue's rows for the registry as it is, and, on PostgreSQL, a trigram index on the
folded search text so that `LIKE '%word%'` is an index lookup (SQLite scans; same results)."""

from django.db import migrations


def fill(apps, schema_editor):
    from ocop.public.catalogue import catalogue_sync

    catalogue_sync(
        models=(
            apps.get_model("registry", "Product"),
            apps.get_model("certification", "Certificate"),
            apps.get_model("public", "CatalogueEntry"),
        )
    )


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
    dependencies = [
        ("public", "0001_initial"),
        ("certification", "0008_certificate_public_code_unique"),
        ("registry", "0003_product_gtin"),
    ]

    operations = [
        migrations.RunPython(trigram_index, drop_trigram_index),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
