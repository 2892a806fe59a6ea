"""One recognition of a product per day (all databases); on PostgreSQL also:

- `certification_one_valid_a_day`: an exclusion constraint refusing two certificates of a product
  whose validity overlaps (validity = [valid_from, first of superseded_on, revoked_on, the day
  after valid_until)), deferred to the end of the transaction because relinking the chain shortens
  the previous certificate right after the next one is inserted;
- a trigger refusing DELETE on certificates (they end by revocation, supersession or expiry).
SQLite gets neither: the services check the same rules, and the model refuses deletes.
"""

from django.db import migrations, models

VALIDITY = (
    "daterange(valid_from, GREATEST(valid_from, LEAST(superseded_on, revoked_on, valid_until + 1)), '[)')"
)

FORWARD = f"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE certification_certificate ADD CONSTRAINT certification_one_valid_a_day
    EXCLUDE USING gist (product_id WITH =, ({VALIDITY}) WITH &&) DEFERRABLE INITIALLY DEFERRED;
CREATE FUNCTION certification_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'certificates cannot be deleted; revoke them';
END $$;
CREATE TRIGGER certification_certificate_no_delete BEFORE DELETE ON certification_certificate
    FOR EACH ROW EXECUTE FUNCTION certification_refuse_delete();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS certification_certificate_no_delete ON certification_certificate;
DROP FUNCTION IF EXISTS certification_refuse_delete();
ALTER TABLE certification_certificate DROP CONSTRAINT IF EXISTS certification_one_valid_a_day;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0005_importbatch_moved_to_imports"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="certificate", name="certification_unique_decision"),
        migrations.AddConstraint(
            model_name="certificate",
            constraint=models.UniqueConstraint(
                fields=("product", "decision_date"), name="certification_one_decision_a_day"
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
