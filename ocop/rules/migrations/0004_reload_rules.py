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
    """Fill the regimes' screening level, councils and forward threshold; add QĐ 26/2026 unverified."""

    dependencies = [("rules", "0003_regime_evaluation_fields")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
