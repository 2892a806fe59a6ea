from django.db import migrations


def load(apps, schema_editor):
    from ocop.rules.loader import load_rules

    load_rules(
        apps.get_model("rules", "Regime"),
        apps.get_model("rules", "Taxonomy"),
        apps.get_model("rules", "ProductGroup"),
        apps.get_model("rules", "ProductSet"),
    )


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
