from django.db import migrations


def load(apps, schema_editor):
    from ocop.geo.loader import load_units

    load_units(apps.get_model("geo", "AdminUnit"), apps.get_model("geo", "Region"), apps.get_model("geo", "UnitSuccession"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
