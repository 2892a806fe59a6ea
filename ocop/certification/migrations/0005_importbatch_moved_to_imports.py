# ImportBatch moved to the `imports` app. State only: the table stays and `imports.0001_initial`
# takes it over, so batches already stored survive.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0004_statistics_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportBatch")],
            database_operations=[],
        ),
    ]
