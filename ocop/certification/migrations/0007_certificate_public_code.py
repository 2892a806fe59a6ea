"""Every certificate gets a random public code (QR stamps, verification page); existing rows are
backfilled before the column becomes unique and required."""

from django.db import migrations, models

import ocop.certification.models


def backfill(apps, schema_editor):
    Certificate = apps.get_model("certification", "Certificate")
    new_code = ocop.certification.models.new_public_code
    seen = set()
    batch = []
    for certificate in Certificate.objects.filter(public_code__isnull=True).only("id").iterator(chunk_size=2000):
        code = new_code()
        while code in seen:
            code = new_code()
        seen.add(code)
        certificate.public_code = code
        batch.append(certificate)
        if len(batch) >= 2000:
            Certificate.objects.bulk_update(batch, ["public_code"])
            batch = []
    Certificate.objects.bulk_update(batch, ["public_code"])


class Migration(migrations.Migration):
    dependencies = [("certification", "0006_one_decision_a_day")]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="public_code",
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name="mã tra cứu"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
