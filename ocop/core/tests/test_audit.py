import pytest

from ocop.core.audit import audit_log, history_for
from ocop.core.models import AuditEntry
from ocop.geo.models import AdminUnit

pytestmark = pytest.mark.django_db


def test_an_audit_entry_records_actor_action_object_and_details(can_tho_officer):
    unit = AdminUnit.objects.get(scheme="current", level="province", code=92)
    entry = audit_log(actor=can_tho_officer, action="geo.unit_note", obj=unit, note="kiểm tra")
    assert entry.actor == can_tho_officer
    assert entry.actor_name == "tinh-can-tho"
    assert entry.object_repr == "Thành phố Cần Thơ"
    assert entry.details == {"note": "kiểm tra"}
    assert list(history_for(unit)) == [entry]


def test_audit_entries_are_append_only(can_tho_officer):
    entry = audit_log(actor=can_tho_officer, action="x.y")
    entry.action = "changed"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    with pytest.raises(ValueError, match="append-only"):
        AuditEntry.objects.filter(pk=entry.pk).update(action="changed")
    with pytest.raises(ValueError, match="append-only"):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "x.y"


def test_system_actions_are_attributed_to_the_system():
    entry = audit_log(actor="system", action="certification.expiry_notice")
    assert entry.actor is None and entry.actor_name == "system"


def test_the_history_block_names_the_action_and_the_person_who_did_it(db):
    from django.template import Context, Template

    from ocop.accounts.tests.factories import UserFactory
    from ocop.core.audit import audit_log
    from ocop.geo.models import AdminUnit

    person = UserFactory(username="tinh.cantho", full_name="Nguyễn Văn Phúc")
    unit = AdminUnit.objects.filter(level="province").first()
    audit_log(actor=person, action="registry.product_update", obj=unit, name="Cũ → Mới")
    audit_log(actor="system", action="certification.expiry_notice", obj=unit)
    html = Template("{% load ocop_format %}{% history_block obj %}").render(Context({"obj": unit}))
    assert "Sửa thông tin sản phẩm" in html
    assert "registry.product_update" not in html
    assert "Nguyễn Văn Phúc" in html
    assert ">tinh.cantho<" not in html
    assert "Hệ thống (tự động)" in html
    assert "Tên đầy đủ: Cũ → Mới" in html  # the field's own label
