import pytest
from django.utils import timezone

from ocop.core.audit import audit_log, audit_log_each, history_for
from ocop.core.bulk import field_defaults, ids_q, insert_rows
from ocop.core.models import AuditEntry
from ocop.geo.models import AdminUnit

pytestmark = pytest.mark.django_db


def test_rows_inserted_in_bulk_read_back_as_the_orm_writes_them(can_tho_officer):
    when = timezone.now().replace(microsecond=0)
    details = {"tệp": "danh-sách.xlsx", "số dòng": 3, "ngày": "01/07/2025"}
    fields = ("actor_id", "actor_name", "action", "details", "created_at", "object_id", "object_repr")
    rows = [
        (
            can_tho_officer.pk,
            "tinh-can-tho",
            "imports.create_from_file",
            details,
            when,
            str(n),
            f"Sản phẩm {n}",
        )
        for n in range(2500)  # more than one batch
    ]
    assert insert_rows(AuditEntry, fields, iter(rows), batch_size=1000) == 2500

    written = AuditEntry.objects.filter(action="imports.create_from_file").order_by("id")
    assert written.count() == 2500
    first = written.first()
    assert (first.actor, first.details, first.created_at, first.object_repr) == (
        can_tho_officer,
        details,
        when,
        "Sản phẩm 0",
    )
    assert insert_rows(AuditEntry, fields, []) == 0


def test_a_bulk_history_line_is_found_on_the_object_like_a_single_one(can_tho_officer):
    unit = AdminUnit.objects.get(scheme="current", level="province", code=92)
    single = audit_log(actor=can_tho_officer, action="geo.unit_note", obj=unit)
    audit_log_each(
        actor=can_tho_officer,
        action="imports.create_from_file",
        model=AdminUnit,
        items=[(unit.pk, str(unit))],
    )
    entries = list(history_for(unit))
    assert [e.action for e in entries] == ["imports.create_from_file", "geo.unit_note"]
    assert entries[0].content_type_id == single.content_type_id
    assert entries[0].object_repr == single.object_repr == "Thành phố Cần Thơ"


def test_defaults_are_refused_for_columns_that_differ_per_row():
    with pytest.raises(ValueError, match="created_at"):
        field_defaults(AuditEntry, ["actor_id", "actor_name", "action", "details", "content_type_id"])
    assert field_defaults(AuditEntry, ["created_at", "details"])["object_repr"] == ""


def test_an_id_filter_matches_exactly_the_ids_given_runs_or_not():
    ids = sorted(AdminUnit.objects.values_list("pk", flat=True))
    wanted = ids[10:400] + ids[500:502] + ids[700:701] + ids[900:1500:7]
    assert sorted(AdminUnit.objects.filter(ids_q("pk", wanted)).values_list("pk", flat=True)) == sorted(
        wanted
    )
    assert not AdminUnit.objects.filter(ids_q("pk", [])).exists()
    assert (
        AdminUnit.objects.filter(ids_q("parent_id", [ids[0]])).count()
        == AdminUnit.objects.filter(parent_id=ids[0]).count()
    )
