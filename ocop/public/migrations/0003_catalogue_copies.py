"""Catalogue rows carry copies of their latest certificate's stars and status dates and of the
product's filter columns, so a search reads one table; the rows are rewritten."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    from ocop.public.catalogue import catalogue_sync

    catalogue_sync(
        models=(
            apps.get_model("registry", "Product"),
            apps.get_model("certification", "Certificate"),
            apps.get_model("public", "CatalogueEntry"),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0002_load_units"),
        ("public", "0002_catalogue_search"),
    ]

    operations = [
        migrations.AddField(model_name="catalogueentry", name="stars", field=models.PositiveSmallIntegerField(null=True)),
        migrations.AddField(model_name="catalogueentry", name="valid_from", field=models.DateField(null=True)),
        migrations.AddField(model_name="catalogueentry", name="valid_until", field=models.DateField(null=True)),
        migrations.AddField(model_name="catalogueentry", name="notice_from", field=models.DateField(null=True)),
        migrations.AddField(model_name="catalogueentry", name="revoked_on", field=models.DateField(null=True)),
        migrations.AddField(model_name="catalogueentry", name="superseded_on", field=models.DateField(null=True)),
        migrations.AddField(
            model_name="catalogueentry",
            name="province",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="geo.adminunit"
            ),
        ),
        migrations.AddField(model_name="catalogueentry", name="group_code", field=models.CharField(blank=True, max_length=30)),
        migrations.AddField(model_name="catalogueentry", name="set_code", field=models.CharField(blank=True, max_length=40)),
        migrations.AddField(model_name="catalogueentry", name="producer_type", field=models.CharField(blank=True, max_length=12)),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
