"""The catalogue's vocabulary (every folded word of its texts), the words of every name keyed
(word, sort_key, entry) and, on PostgreSQL, the words of each entry's name and whole text as
tsvectors with GIN indexes, so that a search finds the entries holding a word, a word starting
with a query word, or one of the vocabulary's words containing it, by index, and the entries
with a given word in their name in Vietnamese order (catalogue.py explains the search).

The tsvectors are generated columns made of the folded texts' words as they are (no parser, no
dictionary), so they can never disagree with the texts; Django does not know them (SQLite
searches the texts themselves)."""

import django.db.models.deletion
from django.db import migrations, models

ARRAYS = (("name_words", "name_text"), ("text_words", "search_text"))


def word_arrays(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, source in ARRAYS:
        schema_editor.execute(
            f"ALTER TABLE public_catalogueentry ADD COLUMN {column} tsvector GENERATED ALWAYS AS "
            f"(array_to_tsvector(array_remove(string_to_array({source}, ' '), ''))) STORED"
        )
        schema_editor.execute(f"CREATE INDEX public_catalogue_{column} ON public_catalogueentry USING gin ({column})")
    # Searching by words replaces the trigram index of 0002.
    schema_editor.execute("DROP INDEX IF EXISTS public_catalogue_search_trgm")
    # The name words of a word in Vietnamese order, with what the filters read (index-only scans).
    schema_editor.execute(
        "CREATE INDEX public_catalogue_name_order ON public_cataloguenameword (word, sort_key, entry_id) "
        "INCLUDE (valid_from, valid_until, revoked_on, superseded_on, stars, province_id)"
    )


def drop_word_arrays(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, _source in ARRAYS:
        schema_editor.execute(f"ALTER TABLE public_catalogueentry DROP COLUMN IF EXISTS {column}")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS public_catalogue_search_trgm "
        "ON public_catalogueentry USING gin (search_text gin_trgm_ops)"
    )


def fill_words(apps, schema_editor):
    CatalogueEntry = apps.get_model("public", "CatalogueEntry")
    CatalogueWord = apps.get_model("public", "CatalogueWord")
    CatalogueNameWord = apps.get_model("public", "CatalogueNameWord")
    words, batch = set(), []
    copied = ("certificate_id", "province_id", "stars", "valid_from", "valid_until", "notice_from", "revoked_on", "superseded_on")
    rows = CatalogueEntry.objects.values("pk", "name_text", "search_text", "sort_key", *copied)
    for row in rows.iterator(chunk_size=5000):
        pk, name, text, sort_key = row["pk"], row["name_text"], row["search_text"], row["sort_key"]
        copies = {field: row[field] for field in copied}
        fields = {field: value for field, value in copies.items() if field != "certificate_id"}
        words.update(text.split())
        if copies["certificate_id"] is not None:
            batch += [CatalogueNameWord(entry_id=pk, word=w, sort_key=sort_key, **fields) for w in set(name.split())]
        if len(batch) >= 5000:
            CatalogueNameWord.objects.bulk_create(batch)
            batch = []
    CatalogueNameWord.objects.bulk_create(batch)
    CatalogueWord.objects.bulk_create(
        [CatalogueWord(word=word) for word in sorted(words)], batch_size=2000, ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("geo", "0002_load_units"), ("public", "0003_catalogue_copies")]

    operations = [
        migrations.CreateModel(
            name="CatalogueWord",
            fields=[("word", models.TextField(primary_key=True, serialize=False))],
            options={
                "verbose_name": "từ trong danh mục công khai",
                "verbose_name_plural": "từ trong danh mục công khai",
            },
        ),
        migrations.CreateModel(
            name="CatalogueNameWord",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "entry", "word", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "entry",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="public.catalogueentry",
                    ),
                ),
                ("word", models.TextField()),
                ("sort_key", models.CharField(max_length=800)),
                ("stars", models.PositiveSmallIntegerField(null=True)),
                ("valid_from", models.DateField(null=True)),
                ("valid_until", models.DateField(null=True)),
                ("notice_from", models.DateField(null=True)),
                ("revoked_on", models.DateField(null=True)),
                ("superseded_on", models.DateField(null=True)),
                (
                    "province",
                    models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="geo.adminunit",
                    ),
                ),
            ],
            options={"verbose_name": "từ trong tên sản phẩm", "verbose_name_plural": "từ trong tên sản phẩm"},
        ),
        migrations.AddIndex(
            model_name="catalogueentry",
            index=models.Index(fields=["stars", "sort_key"], name="public_cat_stars_order"),
        ),
        migrations.AddIndex(
            model_name="catalogueentry",
            index=models.Index(fields=["province", "sort_key"], name="public_cat_province_order"),
        ),
        migrations.RunPython(word_arrays, drop_word_arrays),
        migrations.RunPython(fill_words, migrations.RunPython.noop),
    ]
