"""Which scope each role must be granted on. Shared by the services and the admin form so the rule
lives in one place."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ocop.accounts.capabilities import NATIONAL_ROLES, OBJECT_ROLES, UNIT_ROLES
from ocop.accounts.models import Role
from ocop.geo.models import Scheme

UNIT_REQUIRED = {
    Role.PROVINCE_OFFICER: _("Cán bộ cấp tỉnh phải được gán một tỉnh/thành phố (từ 01/07/2025)."),
    Role.COMMUNE_OFFICER: _("Cán bộ cấp xã phải được gán một xã/phường (từ 01/07/2025)."),
}
UNIT_WRONG = {
    Role.PROVINCE_OFFICER: _(
        "Đơn vị của cán bộ cấp tỉnh phải là tỉnh/thành phố theo hệ thống hiện hành (34 tỉnh), "
        "không phải %(unit)s."
    ),
    Role.COMMUNE_OFFICER: _(
        "Đơn vị của cán bộ cấp xã phải là xã/phường theo hệ thống hiện hành (từ 01/07/2025), "
        "không phải %(unit)s."
    ),
}


def validate_role_scope(*, role: str, unit=None, scope_type=None, scope_id: str = "") -> None:
    """Raise ValidationError (Vietnamese, keyed by field) unless `role` is granted on a scope it
    allows: national roles on nothing, province/commune officers on a current-scheme unit of
    their level, council members and producers on one object (or, until councils and producers
    exist, on nothing)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    errors: dict[str, list] = {}
    has_object = scope_type is not None or bool(scope_id)
    if role in NATIONAL_ROLES:
        if unit is not None:
            errors["unit"] = [_("Vai trò cấp toàn quốc không gắn với đơn vị hành chính.")]
        if has_object:
            errors["scope_type"] = [_("Vai trò cấp toàn quốc không gắn với đối tượng cụ thể.")]
    elif role in UNIT_ROLES:
        if unit is None:
            errors["unit"] = [UNIT_REQUIRED[role]]
        elif unit.scheme != Scheme.CURRENT or unit.level != UNIT_ROLES[role]:
            errors["unit"] = [ValidationError(UNIT_WRONG[role], params={"unit": unit.label})]
        if has_object:
            errors["scope_type"] = [_("Vai trò này được gán theo đơn vị hành chính, không theo đối tượng.")]
    elif role in OBJECT_ROLES:
        if unit is not None:
            errors["unit"] = [
                _("Thành viên hội đồng và chủ thể OCOP không gắn với đơn vị hành chính mà với một đối tượng.")
            ]
        if has_object:
            if scope_type is None or not scope_id:
                errors["scope_type"] = [_("Cần chọn cả loại đối tượng và mã đối tượng.")]
            elif not _object_exists(scope_type, scope_id):
                errors["scope_id"] = [_("Không tìm thấy đối tượng được gán.")]
    if errors:
        raise ValidationError(errors)


def _object_exists(scope_type, scope_id: str) -> bool:
    model = scope_type.model_class()
    if model is None:
        return False
    try:
        return model._default_manager.filter(pk=scope_id).exists()
    except (ValueError, TypeError, ValidationError):
        return False
