"""The one way services record what they did (STYLE.md: every rule-carrying write is audited)."""

import contextlib
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.bulk import insert_rows
from ocop.core.models import AuditEntry

# What each action code means to a reader. Apps writing a new code add its label here (the one
# place); an unknown code is shown as it is rather than hidden.
ACTION_LABELS = {
    "accounts.role_grant": _("Cấp quyền"),
    "accounts.role_revoke": _("Thu hồi quyền"),
    "accounts.password_change": _("Đổi mật khẩu"),
    "geo.unit_mapping_resolve": _("Xác định đơn vị sau sắp xếp"),
    "registry.producer_create": _("Tạo chủ thể"),
    "registry.producer_update": _("Sửa thông tin chủ thể"),
    "registry.product_create": _("Tạo sản phẩm"),
    "registry.product_update": _("Sửa thông tin sản phẩm"),
    "registry.product_recognised": _("Được công nhận sản phẩm OCOP"),
    "certification.certificate_new": _("Công nhận mới"),
    "certification.certificate_renewed": _("Công nhận lại"),
    "certification.certificate_upgraded": _("Nâng hạng"),
    "certification.certificate_downgraded": _("Hạ hạng"),
    "certification.certificate_revoke": _("Thu hồi giấy chứng nhận"),
    "certification.expiry_notice": _("Gửi thông báo sắp hết hạn"),
    "certification.import_products": _("Nhập danh sách sản phẩm OCOP"),
    "certification.import_producers": _("Nhập danh sách chủ thể"),
    "imports.batch_upload": _("Tải lên danh sách để nhập"),
    "imports.batch_confirm": _("Xác nhận nhập danh sách"),
    "imports.batch_time_out": _("Dừng lần nhập quá thời gian"),
    "imports.files_purge": _("Xoá tệp nhập quá thời hạn lưu"),
    "imports.import_products": _("Nhập danh sách sản phẩm OCOP"),
    "imports.import_producers": _("Nhập danh sách chủ thể"),
    "imports.create_from_file": _("Tạo từ tệp nhập danh sách"),
    "programme.plan_create": _("Tạo kế hoạch"),
    "programme.plan_update": _("Sửa kế hoạch"),
    "programme.plan_delete": _("Xóa kế hoạch"),
    "programme.target_add": _("Thêm chỉ tiêu"),
    "programme.target_update": _("Sửa chỉ tiêu"),
    "programme.target_remove": _("Bỏ chỉ tiêu"),
    "programme.target_manual_value": _("Nhập kết quả chỉ tiêu"),
    "programme.import_plans": _("Nhập kế hoạch, chỉ tiêu"),
    "demo.loaded": _("Nạp dữ liệu mẫu"),
}

# Detail keys that are not a field of the object the entry is about.
DETAIL_LABELS = {
    "batch": _("lần nhập số"),
    "file": _("tệp"),
    "certificate": _("giấy chứng nhận"),
    "decision": _("quyết định"),
    "ground": _("căn cứ"),
    "producer": _("chủ thể"),
    "product": _("sản phẩm"),
    "revoked_on": _("ngày thu hồi"),
    "role": _("vai trò"),
    "scope": _("phạm vi"),
    "stars": _("số sao"),
    "type": _("loại hình"),
    "unit": _("đơn vị"),
    "valid_until": _("hiệu lực đến"),
}
SYSTEM_ACTORS = {"system": _("Hệ thống (tự động)"), "demo": _("Dữ liệu mẫu")}


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


def actor_label(entry: AuditEntry) -> str:
    """The person's full name (their account name when they have none); system jobs by role."""
    if entry.actor is not None:
        return entry.actor.full_name or entry.actor.get_username()
    return SYSTEM_ACTORS.get(entry.actor_name, entry.actor_name) or "—"


def detail_items(entry: AuditEntry) -> list[tuple[str, object]]:
    """(label, value) of the entry's details: a field's own verbose name when the key is a field of
    the object's model, else a known label, else the key."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    items = []
    for key, value in (entry.details or {}).items():
        label = DETAIL_LABELS.get(key)
        if model is not None:
            with contextlib.suppress(FieldDoesNotExist):
                label = model._meta.get_field(key).verbose_name
        items.append((str(label or key), value))
    return items


def audit_log(*, actor, action: str, obj: models.Model | None = None, **details: Any) -> AuditEntry:
    """Append one audit entry. `action` is a dotted code such as "geo.unit_mapping_resolve"."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        actor=user,
        actor_name=(user.get_username() if user else str(actor or "system"))[:150],
        action=action,
        details=details,
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:255]
    entry.save()
    return entry


def audit_log_many(*, actor, action: str, objects: list[models.Model], **details: Any) -> int:
    """One entry per object with the same details, written in bulk (an import creating thousands
    of objects gives each its history line)."""
    by_model: dict[type, list[tuple[object, str]]] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append((obj.pk, str(obj)))
    return sum(
        audit_log_each(actor=actor, action=action, model=model, items=items, **details)
        for model, items in by_model.items()
    )


def audit_log_each(*, actor, action: str, model, items: Iterable[tuple[object, str]], **details: Any) -> int:
    """`audit_log_many` for objects of `model` known by (pk, text) only — rows a bulk write
    inserted without building objects. One prepared INSERT run per batch, the shared values
    prepared once."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    shared = (
        user.pk if user else None,
        (user.get_username() if user else str(actor or "system"))[:150],
        action,
        details,
        timezone.now(),
        ContentType.objects.get_for_model(model, for_concrete_model=False).pk,
    )
    fields = ("actor_id", "actor_name", "action", "details", "created_at", "content_type_id")
    rows = ((*shared, str(pk), text[:255]) for pk, text in items)
    return insert_rows(AuditEntry, (*fields, "object_id", "object_repr"), rows)


def history_for(obj: models.Model):
    """Audit entries about one object, newest first (for the history block on object pages)."""
    return AuditEntry.objects.for_object(obj).select_related("actor")
