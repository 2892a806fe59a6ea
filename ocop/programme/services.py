"""Writes on plans and targets: validate, save, audit. Pages, the import and the command call these.

Rules:
- A plan's period ends after it starts; one unit has one plan of a given name for a given period.
- A target's value is positive, and at most 100 for a percentage; the number of stars (3–5) is
  required for "products by star", optional for recognition counts, meaningless elsewhere; the
  producer type is required for "share of producers by type" and only there.
- Only targets the registry cannot compute carry a value entered by hand, with its source.
- Target changes are audited on their plan, so the plan's history tells the whole story.

Refusals are translated when raised (gettext); the plan import checks its rows with these same
rules under the default language, so its problem list stays Vietnamese.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ocop.core import vntext
from ocop.core.audit import audit_log
from ocop.programme.models import COMPUTED_KINDS, PERCENT_KINDS, Plan, Target, TargetKind
from ocop.registry.models import ProducerType
from ocop.rules.selectors import certified_stars, certified_stars_text

PLAN_FIELDS = ["name", "unit", "period_start", "period_end", "reference"]
TARGET_FIELDS = ["kind", "description", "target_value", "stars", "producer_type", "position"]
MANUAL_FIELDS = ["manual_value", "manual_source"]

# Kinds where the number of stars is required, and where it may narrow the count.
STARS_REQUIRED = frozenset({TargetKind.PRODUCTS_STARS})
STARS_OPTIONAL = frozenset(
    {
        TargetKind.PRODUCTS_RECOGNISED,
        TargetKind.RECOGNITIONS_TOTAL,
        TargetKind.RECOGNITIONS_NEW,
        TargetKind.RECOGNITIONS_RENEWED,
        TargetKind.RECOGNITIONS_UPGRADED,
    }
)
STAR_KINDS = STARS_REQUIRED | STARS_OPTIONAL
PRODUCER_TYPE_KINDS = frozenset({TargetKind.PRODUCER_TYPE_SHARE})
MAX_VALUE = Decimal("9999999999.99")  # max_digits=12, decimal_places=2


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number.quantize(Decimal("0.01"))


def _text(value) -> str:
    return "" if value is None else str(value)


# --- Validation ----------------------------------------------------------------------------------


def plan_problems(plan: Plan) -> dict[str, str]:
    """What is wrong with a plan, by field (empty when nothing)."""
    errors: dict[str, str] = {}
    plan.name = (plan.name or "").strip()
    plan.reference = (plan.reference or "").strip()
    if not plan.name:
        errors["name"] = _("Cần nhập tên kế hoạch.")
    elif len(plan.name) > 255:
        errors["name"] = _("Tên kế hoạch dài quá 255 ký tự.")
    if len(plan.reference) > 200:
        errors["reference"] = _("Văn bản dài quá 200 ký tự.")
    if not plan.unit_id:
        errors["unit"] = _("Cần chọn đơn vị của kế hoạch.")
    if not plan.period_start:
        errors["period_start"] = _("Cần nhập ngày bắt đầu.")
    if not plan.period_end:
        errors["period_end"] = _("Cần nhập ngày kết thúc.")
    if plan.period_start and plan.period_end and plan.period_end <= plan.period_start:
        errors["period_end"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
    if not errors and same_plan(plan.unit_id, plan.name, plan.period_start, plan.period_end, plan.pk):
        errors["name"] = _("%(unit)s đã có kế hoạch “%(plan)s” cho giai đoạn %(start)s–%(end)s.") % {
            "unit": plan.unit.label,
            "plan": plan.name,
            "start": f"{plan.period_start:%d/%m/%Y}",
            "end": f"{plan.period_end:%d/%m/%Y}",
        }
    return errors


def same_plan(unit_id, name, period_start, period_end, exclude_pk=None) -> Plan | None:
    """The plan of this unit with this name (any case, diacritics optional) and period, if any."""
    folded = vntext.fold(name)
    plans = Plan.objects.filter(unit_id=unit_id, period_start=period_start, period_end=period_end)
    if exclude_pk:
        plans = plans.exclude(pk=exclude_pk)
    return next((p for p in plans if vntext.fold(p.name) == folded), None)


def same_target(plan: Plan, description: str, exclude_pk=None) -> Target | None:
    """The target of `plan` with this description (any case, diacritics optional), if any."""
    folded = vntext.fold(description)
    targets = plan.targets.exclude(pk=exclude_pk) if exclude_pk else plan.targets.all()
    return next((t for t in targets if vntext.fold(t.description) == folded), None)


def _percent_limit(value: Decimal, kind: str, message: str) -> str | None:
    """`message` (a target value or a result being a percentage) when `value` is over 100."""
    if kind in PERCENT_KINDS and value > 100:
        return message
    return None


def target_problems(target: Target) -> dict[str, str]:
    """What is wrong with a target, by field (empty when nothing). Normalises values in place."""
    errors: dict[str, str] = {}
    kind = target.kind
    target.description = (target.description or "").strip()
    target.producer_type = (target.producer_type or "").strip()
    target.manual_source = (target.manual_source or "").strip()
    if kind not in TargetKind.values:
        errors["kind"] = _("Cần chọn loại chỉ tiêu.")
    if not target.description:
        errors["description"] = _("Cần nhập nội dung chỉ tiêu (như ghi trong kế hoạch).")
    elif len(target.description) > 500:
        errors["description"] = _("Nội dung chỉ tiêu dài quá 500 ký tự.")
    try:
        value = _decimal(target.target_value)
    except ValueError:
        errors["target_value"] = _("Giá trị chỉ tiêu phải là một số.")
    else:
        target.target_value = value
        if value is None:
            errors["target_value"] = _("Cần nhập giá trị chỉ tiêu.")
        elif value <= 0:
            errors["target_value"] = _("Giá trị chỉ tiêu phải lớn hơn 0.")
        elif value > MAX_VALUE:
            errors["target_value"] = _("Giá trị chỉ tiêu quá lớn.")
        elif message := _percent_limit(value, kind, _("Giá trị chỉ tiêu là tỷ lệ phần trăm: không quá 100.")):
            errors["target_value"] = message
    stars = target.stars
    if stars in ("", None):
        target.stars = None
        if kind in STARS_REQUIRED:
            errors["stars"] = _("Chỉ tiêu theo hạng sao cần chọn hạng sao (%(stars)s).") % {
                "stars": certified_stars_text()
            }
    else:
        try:
            stars = int(stars)
        except (TypeError, ValueError):
            stars = 0
        if kind in STAR_KINDS and stars not in certified_stars():
            errors["stars"] = _("Hạng sao phải là %(stars)s.") % {"stars": certified_stars_text()}
        elif kind not in STAR_KINDS and kind in TargetKind.values:
            errors["stars"] = _("Loại chỉ tiêu “%(kind)s” không tính theo hạng sao: để trống hạng sao.") % {
                "kind": TargetKind(kind).label
            }
        else:
            target.stars = stars
    if kind in PRODUCER_TYPE_KINDS:
        if not target.producer_type:
            errors["producer_type"] = _("Chỉ tiêu tỷ lệ chủ thể theo loại hình cần chọn loại hình chủ thể.")
        elif target.producer_type not in ProducerType.values:
            errors["producer_type"] = _("Loại hình chủ thể không hợp lệ.")
    elif target.producer_type and kind in TargetKind.values:
        errors["producer_type"] = _(
            "Loại chỉ tiêu “%(kind)s” không theo loại hình chủ thể: để trống loại hình."
        ) % {"kind": TargetKind(kind).label}
    errors.update(manual_value_problems(target))
    return errors


def manual_value_problems(target: Target) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        value = _decimal(target.manual_value)
    except ValueError:
        return {"manual_value": _("Kết quả phải là một số.")}
    target.manual_value = value
    if value is None:
        if target.manual_source:
            target.manual_source = ""
        return errors
    if target.kind in COMPUTED_KINDS:
        errors["manual_value"] = _(
            "Chỉ tiêu “%(kind)s” được tính từ cơ sở dữ liệu OCOP; không nhập kết quả bằng tay."
        ) % {"kind": TargetKind(target.kind).label}
        return errors
    if value < 0:
        errors["manual_value"] = _("Kết quả không được âm.")
    elif value > MAX_VALUE:
        errors["manual_value"] = _("Kết quả quá lớn.")
    elif message := _percent_limit(value, target.kind, _("Kết quả là tỷ lệ phần trăm: không quá 100.")):
        errors["manual_value"] = message
    if not target.manual_source:
        errors["manual_source"] = _("Cần ghi nguồn số liệu (ví dụ: Báo cáo số 12/BC-SNN ngày 07/08/2024).")
    elif len(target.manual_source) > 255:
        errors["manual_source"] = _("Nguồn số liệu dài quá 255 ký tự.")
    return errors


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _display(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return f"{value:%d/%m/%Y}"
    return str(value)


# --- Plans ---------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, actor, name: str, unit, period_start, period_end, reference: str = "") -> Plan:
    """Create a plan of `unit` for a period (one of a name per unit and period)."""
    plan = Plan(name=name, unit=unit, period_start=period_start, period_end=period_end, reference=reference)
    _raise(plan_problems(plan))
    plan.created_by = actor if getattr(actor, "is_authenticated", False) else None
    plan.save()
    audit_log(
        actor=actor,
        action="programme.plan_create",
        obj=plan,
        unit=plan.unit.label,
        period=f"{plan.period_start:%d/%m/%Y}–{plan.period_end:%d/%m/%Y}",
    )
    return plan


@transaction.atomic
def plan_update(*, actor, plan: Plan, **fields) -> Plan:
    """Change a plan's name, unit, period or document reference (same rules as creating one)."""
    before = {name: getattr(plan, name) for name in PLAN_FIELDS}
    for name, value in fields.items():
        if name in PLAN_FIELDS:
            setattr(plan, name, value)
    _raise(plan_problems(plan))
    changed = {
        name: f"{_display(before[name])} → {_display(getattr(plan, name))}"
        for name in PLAN_FIELDS
        if before[name] != getattr(plan, name)
    }
    plan.save()
    if changed:
        audit_log(actor=actor, action="programme.plan_update", obj=plan, **changed)
    return plan


@transaction.atomic
def plan_delete(*, actor, plan: Plan, confirm: bool = False) -> None:
    """Delete a plan. A plan with targets is deleted (with them) only when `confirm` is set."""
    count = plan.targets.count()
    if count and not confirm:
        raise ValidationError(
            ngettext(
                "Kế hoạch “%(plan)s” có %(count)s chỉ tiêu; xác nhận để xóa kế hoạch cùng các chỉ tiêu.",
                "Kế hoạch “%(plan)s” có %(count)s chỉ tiêu; xác nhận để xóa kế hoạch cùng các chỉ tiêu.",
                count,
            )
            % {"plan": plan.name, "count": count}
        )
    audit_log(
        actor=actor,
        action="programme.plan_delete",
        obj=plan,
        unit=plan.unit.label,
        targets=count,
    )
    plan.delete()


# --- Targets -------------------------------------------------------------------------------------


@transaction.atomic
def target_add(
    *,
    actor,
    plan: Plan,
    kind: str,
    description: str,
    target_value,
    stars=None,
    producer_type: str = "",
    manual_value=None,
    manual_source: str = "",
    position: int | None = None,
) -> Target:
    """Add a target to a plan (descriptions are unique within a plan)."""
    target = Target(
        plan=plan,
        kind=kind,
        description=description,
        target_value=target_value,
        stars=stars,
        producer_type=producer_type or "",
        manual_value=manual_value,
        manual_source=manual_source or "",
    )
    errors = target_problems(target)
    if "description" not in errors and same_target(plan, target.description):
        errors["description"] = _("Kế hoạch đã có chỉ tiêu “%(target)s”.") % {"target": target.description}
    _raise(errors)
    if position is None:
        position = (plan.targets.aggregate(top=Max("position"))["top"] or 0) + 1
    target.position = position
    target.save()
    audit_log(
        actor=actor,
        action="programme.target_add",
        obj=plan,
        target=target.description,
        kind=target.get_kind_display(),
        value=str(target.target_value),
        **({"stars": target.stars} if target.stars else {}),
        **({"manual_value": str(target.manual_value)} if target.manual_value is not None else {}),
    )
    return target


@transaction.atomic
def target_update(*, actor, target: Target, **fields) -> Target:
    """Change a target. Turning it into a kind computed from the registry drops its manual value."""
    names = TARGET_FIELDS + MANUAL_FIELDS
    before = {name: getattr(target, name) for name in names}
    for name, value in fields.items():
        if name in names:
            setattr(target, name, value)
    if target.kind in COMPUTED_KINDS and "manual_value" not in fields:
        target.manual_value, target.manual_source = None, ""
    errors = target_problems(target)
    if "description" not in errors and same_target(target.plan, target.description, exclude_pk=target.pk):
        errors["description"] = _("Kế hoạch đã có chỉ tiêu “%(target)s”.") % {"target": target.description}
    _raise(errors)
    changed = {
        name: f"{_display(before[name])} → {_display(getattr(target, name))}"
        for name in names
        if _comparable(before[name]) != _comparable(getattr(target, name))
    }
    target.save()
    if changed:
        audit_log(
            actor=actor,
            action="programme.target_update",
            obj=target.plan,
            target=target.description,
            **changed,
        )
    return target


def _comparable(value):
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    return value


@transaction.atomic
def target_remove(*, actor, target: Target) -> None:
    plan = target.plan
    audit_log(
        actor=actor,
        action="programme.target_remove",
        obj=plan,
        target=target.description,
        kind=target.get_kind_display(),
    )
    target.delete()


@transaction.atomic
def target_set_manual_value(*, actor, target: Target, value, source: str = "") -> Target:
    """Record the achieved value of a target the registry cannot compute, with where it comes
    from (`value` None clears it). Targets computed from the registry refuse a value by hand."""
    if target.kind in COMPUTED_KINDS:
        raise ValidationError(
            {
                "manual_value": _(
                    "Chỉ tiêu “%(target)s” được tính tự động từ cơ sở dữ liệu OCOP (%(kind)s); "
                    "không nhập kết quả bằng tay."
                )
                % {"target": target.description, "kind": TargetKind(target.kind).label}
            }
        )
    before = (target.manual_value, target.manual_source)
    target.manual_value, target.manual_source = value, _text(source)
    errors = manual_value_problems(target)
    if errors:
        target.manual_value, target.manual_source = before
        raise ValidationError(errors)
    target.save(update_fields=["manual_value", "manual_source"])
    audit_log(
        actor=actor,
        action="programme.target_manual_value",
        obj=target.plan,
        target=target.description,
        value=_display(target.manual_value),
        source=target.manual_source,
        before=_display(before[0]),
    )
    return target
