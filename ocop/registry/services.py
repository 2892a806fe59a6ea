"""Writes on producers and products: validate, save, audit. Forms, API and imports call these.

Refusals are translated when raised (gettext, in the active language)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum import ean
from stdnum import exceptions as stdnum_errors
from stdnum.vn import mst

from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import Scope, has_capability, unit_q
from ocop.core import vntext
from ocop.core.audit import audit_log
from ocop.geo.models import AdminUnit
from ocop.registry.models import Producer, ProducerType, Product
from ocop.registry.producer_rules import ProducerKey, same_producer, sme_problem
from ocop.registry.selectors import visible_producers

PRODUCER_FIELDS = [
    "name",
    "producer_type",
    "is_sme",
    "tax_code",
    "representative",
    "phone",
    "email",
    "address",
    "province",
    "commune",
    "legacy_province",
    "legacy_district",
    "legacy_commune",
    "women_led",
    "ethnic_minority_led",
]
PRODUCT_FIELDS = [
    "name",
    "producer",
    "group",
    "product_set",
    "description",
    "story",
    "raw_material_area",
    "packaging_notes",
    "status",
    "gtin",
]


def normalise_gtin(value: str) -> str:
    """GTIN-8, -12 (UPC), -13 (EAN) or -14 → the 14-digit form GS1 Digital Link uses; '' stays ''.

    Raises ValidationError (message in the active language) when the length or check digit is wrong."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        compact = ean.validate(value)
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("Mã GTIN %(value)s không hợp lệ (8, 12, 13 hoặc 14 chữ số, đúng chữ số kiểm tra).")
            % {"value": value}
        ) from None
    return compact.zfill(14)


def normalise_tax_code(value: str) -> str:
    """Vietnamese tax code (10 digits, or 13 with a branch suffix) → compact form; '' stays ''.

    Raises ValidationError (message in the active language) when the check digit or format is wrong.
    A business registration number of a household (not a tax code) is accepted if it is 8–15
    characters of digits and letters, since their formats vary by province.
    """
    value = (value or "").strip()
    if not value:
        return ""
    compact = mst.compact(value)
    if compact.isdigit() and len(compact) in (10, 13):
        try:
            return mst.validate(compact)
        except stdnum_errors.ValidationError:
            raise ValidationError(
                _("Mã số thuế %(value)s không hợp lệ (sai chữ số kiểm tra).") % {"value": value}
            ) from None
    if compact.isalnum() and 8 <= len(compact) <= 15:
        return compact.upper()
    raise ValidationError(_("Mã số thuế / số ĐKKD %(value)s không hợp lệ.") % {"value": value})


@dataclass
class Duplicate:
    producer: Producer
    reason: str


def producer_duplicates(*, name: str, tax_code: str = "", commune=None, province=None, exclude_pk=None):
    """Producers that look like the same one, by `producer_rules.same_producer` (the rule the
    list import applies too)."""
    province = province if province is not None else (commune.province if commune is not None else None)
    key = ProducerKey.of(
        tax_code=tax_code,
        name=name,
        commune_id=commune.pk if commune is not None else None,
        province_id=province.pk if province is not None else None,
    )
    candidates = Q(tax_code=key.tax_code) if key.tax_code else Q(pk__in=[])
    if key.name and key.province_id:
        candidates |= Q(search_name=key.name, province_id=key.province_id)
    queryset = Producer.objects.filter(candidates)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    found = []
    for producer in queryset.order_by("pk"):
        reason = same_producer(
            key,
            ProducerKey(producer.tax_code, producer.search_name, producer.commune_id, producer.province_id),
        )
        if reason:
            found.append(Duplicate(producer, reason))
    return found


def complete_address(producer: Producer) -> None:
    """Fill what follows from what is known, in both schemes, without guessing.

    A legacy commune gives its district and province and, when it was not split, its current
    commune; a current commune gives its province and, when it came from one legacy commune only,
    that commune (or the one legacy district/province all its predecessors shared).
    """
    if producer.legacy_commune_id:
        legacy = producer.legacy_commune
        producer.legacy_district_id = producer.legacy_district_id or legacy.parent_id
        producer.legacy_province_id = producer.legacy_province_id or legacy.province_id
        if not producer.commune_id:
            successors = list(legacy.successions.select_related("current"))
            if len(successors) == 1:
                producer.commune_id = successors[0].current_id
            provinces = {s.current.province_id for s in successors}
            if not producer.province_id and len(provinces) == 1:
                producer.province_id = provinces.pop()
    if producer.legacy_district_id and not producer.legacy_province_id:
        producer.legacy_province_id = producer.legacy_district.province_id
    if producer.legacy_province_id and not producer.province_id:
        primary = producer.legacy_province.successions.filter(primary=True).first()
        producer.province_id = primary.current_id if primary else None
    if producer.commune_id:
        producer.province_id = producer.province_id or producer.commune.province_id
        producer.fill_legacy_address()


def _validate_producer(producer: Producer) -> None:
    errors = {}
    if not producer.name.strip():
        errors["name"] = _("Cần nhập tên chủ thể.")
    if not producer.province_id:
        errors["province"] = _("Cần chọn tỉnh/thành phố (hoặc xã/phường) của chủ thể.")
    if producer.producer_type not in ProducerType.values:
        errors["producer_type"] = _("Loại hình chủ thể không hợp lệ.")
    try:
        producer.tax_code = normalise_tax_code(producer.tax_code)
    except ValidationError as error:
        errors["tax_code"] = error.messages[0]
    sme = sme_problem(producer_type=producer.producer_type, is_sme=producer.is_sme)
    if sme:
        errors["is_sme"] = sme
    if producer.commune_id and producer.province_id and producer.commune.province_id != producer.province_id:
        errors["commune"] = _("Xã/phường không thuộc tỉnh/thành phố đã chọn.")
    for field, message in _legacy_problems(producer).items():
        errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)


LEGACY_LABELS = {
    "legacy_province": gettext_lazy("Tỉnh cũ"),
    "legacy_district": gettext_lazy("Huyện cũ"),
    "legacy_commune": gettext_lazy("Xã cũ"),
}


def _legacy_problems(producer: Producer) -> dict[str, str]:
    """The legacy address must be one place inside the producer's current province: each legacy
    unit became (part of) that province, and the commune lies in the district, the district in
    the province."""
    errors = {}
    commune, district = producer.legacy_commune, producer.legacy_district
    if commune and district and commune.parent_id != district.pk:
        errors["legacy_commune"] = _("Xã cũ không thuộc huyện cũ đã chọn.")
    if district and producer.legacy_province_id and district.province_id != producer.legacy_province_id:
        errors["legacy_district"] = _("Huyện cũ không thuộc tỉnh cũ đã chọn.")
    if producer.province_id:
        became_part = AdminUnit.objects.filter(unit_q(Scope(province_ids=frozenset({producer.province_id}))))
        for field, label in LEGACY_LABELS.items():
            unit_id = getattr(producer, f"{field}_id")
            if unit_id and field not in errors and not became_part.filter(pk=unit_id).exists():
                errors[field] = _("%(unit)s không thuộc tỉnh/thành phố đã chọn (%(province)s).") % {
                    "unit": label,
                    "province": producer.province.name,
                }
    return errors


ADDRESS_FIELDS = ["province", "commune", *LEGACY_LABELS]


def _check_actor_scope(actor, producer: Producer) -> None:
    """A signed-in editor may only place a producer on units where they may edit the registry
    (a province officer: their province and the legacy units that became part of it)."""
    if not getattr(actor, "is_authenticated", False):
        return  # imports, demo data and commands act for the system
    errors = {}
    for field in ADDRESS_FIELDS:
        unit = getattr(producer, field) if getattr(producer, f"{field}_id") else None
        if unit is not None and not has_capability(actor, caps.EDIT_REGISTRY, unit=unit):
            errors[field] = _("Đơn vị này nằm ngoài phạm vi được sửa danh mục của bạn.")
    if errors:
        raise ValidationError(errors)


def _duplicate_message(actor, duplicates: list[Duplicate]) -> str:
    """Name the existing producers the actor may see; of the others say only that they exist."""
    if getattr(actor, "is_authenticated", False):
        visible = set(
            visible_producers(actor)
            .filter(pk__in=[d.producer.pk for d in duplicates])
            .values_list("pk", flat=True)
        )
    else:
        visible = {d.producer.pk for d in duplicates}
    parts = [f"{d.producer.name} ({d.reason})" for d in duplicates if d.producer.pk in visible]
    hidden = [d for d in duplicates if d.producer.pk not in visible]
    if hidden:
        reasons = ", ".join(sorted({d.reason for d in hidden}))
        parts.append(_("một chủ thể ngoài phạm vi của bạn (%(reasons)s)") % {"reasons": reasons})
    return _("Có thể trùng với chủ thể đã có: %(producers)s.") % {"producers": "; ".join(parts)}


@transaction.atomic
def producer_create(*, actor, allow_duplicate: bool = False, **fields) -> Producer:
    """Create a producer. A likely duplicate (same tax code, or same name in the same commune)
    is refused unless `allow_duplicate` is set, naming the existing ones the actor may see (of the
    others only that one exists outside their scope)."""
    producer = Producer(**{k: v for k, v in fields.items() if k in PRODUCER_FIELDS})
    complete_address(producer)
    _validate_producer(producer)
    _check_actor_scope(actor, producer)
    duplicates = producer_duplicates(
        name=producer.name, tax_code=producer.tax_code, commune=producer.commune, province=producer.province
    )
    if duplicates and not allow_duplicate:
        message = _duplicate_message(actor, duplicates)
        raise ValidationError({"name": ValidationError(message, code="duplicate")})
    producer.save()
    audit_log(
        actor=actor,
        action="registry.producer_create",
        obj=producer,
        type=producer.get_producer_type_display(),
    )
    return producer


@transaction.atomic
def producer_update(*, actor, producer: Producer, **fields) -> Producer:
    before = {name: getattr(producer, name) for name in PRODUCER_FIELDS}
    for name, value in fields.items():
        if name in PRODUCER_FIELDS:
            setattr(producer, name, value)
    complete_address(producer)
    _validate_producer(producer)
    _check_actor_scope(actor, producer)
    changed = {
        name: f"{before[name]} → {getattr(producer, name)}"
        for name in PRODUCER_FIELDS
        if before[name] != getattr(producer, name)
    }
    producer.save()
    if changed:
        audit_log(actor=actor, action="registry.producer_update", obj=producer, **changed)
    return producer


def _validate_product(product: Product) -> None:
    errors = {}
    try:
        product.gtin = normalise_gtin(product.gtin)
    except ValidationError as error:
        errors["gtin"] = error.messages[0]
    if not product.name.strip():
        errors["name"] = _("Cần nhập tên sản phẩm.")
    if product.product_set_id and product.product_set.group_id != product.group_id:
        errors["product_set"] = _("Bộ sản phẩm không thuộc nhóm sản phẩm đã chọn.")
    if (
        product.producer_id
        and product.name.strip()
        and Product.objects.filter(producer_id=product.producer_id, search_name=vntext.fold(product.name))
        .exclude(pk=product.pk)
        .exists()
    ):
        errors["name"] = _("Chủ thể này đã có sản phẩm cùng tên.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def product_create(*, actor, **fields) -> Product:
    product = Product(**{k: v for k, v in fields.items() if k in PRODUCT_FIELDS})
    _validate_product(product)
    product.save()
    audit_log(actor=actor, action="registry.product_create", obj=product, producer=product.producer.name)
    return product


@transaction.atomic
def product_update(*, actor, product: Product, **fields) -> Product:
    before = {name: getattr(product, name) for name in PRODUCT_FIELDS}
    for name, value in fields.items():
        if name in PRODUCT_FIELDS:
            setattr(product, name, value)
    _validate_product(product)
    changed = {
        name: f"{before[name]} → {getattr(product, name)}"
        for name in PRODUCT_FIELDS
        if before[name] != getattr(product, name)
    }
    product.save()
    if changed:
        audit_log(actor=actor, action="registry.product_update", obj=product, **changed)
    return product
