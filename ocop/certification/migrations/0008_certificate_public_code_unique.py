from django.db import migrations, models

import ocop.certification.models


class Migration(migrations.Migration):
    dependencies = [("certification", "0007_certificate_public_code")]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="public_code",
            field=models.CharField(
                default=ocop.certification.models.new_public_code,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="mã tra cứu",
            ),
        ),
    ]
