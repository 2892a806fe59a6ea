# ImportBatch moved here from `certification`: the model enters this app's state over the table
# certification already created, then the table is renamed; content type and permissions follow.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="imports", model="importbatch").exists():
        content_type.objects.filter(app_label="certification", model="importbatch").update(app_label="imports")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("certification", "0005_importbatch_moved_to_imports"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportBatch",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("products", "Danh sách sản phẩm OCOP"), ("producers", "Danh sách chủ thể")], max_length=10, verbose_name="loại")),
                        ("file", models.FileField(upload_to="imports/%Y/%m/", verbose_name="tệp")),
                        ("original_name", models.CharField(max_length=255, verbose_name="tên tệp")),
                        ("state", models.CharField(choices=[("uploaded", "Đã tải lên"), ("validating", "Đang kiểm tra"), ("validated", "Đã kiểm tra"), ("importing", "Đang nhập"), ("imported", "Đã nhập"), ("failed", "Lỗi")], default="uploaded", max_length=10, verbose_name="trạng thái")),
                        ("keep_valid", models.BooleanField(default=False, verbose_name="nhập các dòng hợp lệ")),
                        ("total_rows", models.PositiveIntegerField(default=0)),
                        ("processed_rows", models.PositiveIntegerField(default=0)),
                        ("error_rows", models.PositiveIntegerField(default=0)),
                        ("errors", models.JSONField(blank=True, default=list)),
                        ("result", models.JSONField(blank=True, default=dict)),
                        ("message", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "lần nhập dữ liệu",
                        "verbose_name_plural": "lần nhập dữ liệu",
                        "ordering": ["-created_at"],
                        "db_table": "certification_importbatch",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="importbatch", table=None),
        migrations.RunPython(move_content_type, migrations.RunPython.noop, elidable=True),
    ]
